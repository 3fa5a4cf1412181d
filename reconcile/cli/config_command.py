"""`reconcile config`: the settings a command runs with, and where each came from."""

from __future__ import annotations

import json
from typing import Any

import click

from ..config import Config
from .app import CONFIGURED_COMMANDS, command_at, option_source, configured_options, main


@main.command(
    "config",
    short_help="Show the settings in effect and where each came from.",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text (TOML you can paste into reconcile.toml) or json.",
)
@click.argument("command", nargs=-1, type=click.UNPROCESSED, metavar="[COMMAND [OPTIONS]...]")
@click.pass_context
def config_command(ctx, fmt, command):
    """The settings a command runs with and where each came from: default, the config
    file (by path) or the command line. COMMAND is report (the default), overlaps,
    check or index add, followed by any of its options: `reconcile config check --fail-on warning`.
    """
    path, args = _split_command(list(command))
    target = command_at(path)
    defaults = ctx.find_root().default_map or {}
    for name in path:
        defaults = (defaults or {}).get(name) or {}
    sub = target.make_context(" ".join(path), args, parent=ctx, default_map=defaults, resilient_parsing=True)
    config = ctx.find_object(Config)
    settings = {}
    for key, param in configured_options(target).items():
        value = sub.params.get(param.name)
        settings[key] = {"value": list(value) if isinstance(value, tuple) else value, "source": option_source(sub, param.name)}
    file = config.path if config else None
    if fmt == "json":
        click.echo(json.dumps({"command": " ".join(path), "config_file": file, "settings": settings}, indent=2))
    else:
        click.echo(config_text(" ".join(path), file, settings), nl=False)


def _split_command(args: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The configured command named at the start of `args` (report when none), and the rest."""
    for path in sorted(CONFIGURED_COMMANDS, key=len, reverse=True):
        if tuple(args[: len(path)]) == path:
            return path, args[len(path) :]
    if args and not args[0].startswith("-"):
        names = ", ".join(" ".join(p) for p in CONFIGURED_COMMANDS)
        raise click.UsageError(f"no settings for {args[0]!r}; choose one of: {names}")
    return ("report",), args


def config_text(command: str, file: str | None, settings: dict[str, dict[str, Any]]) -> str:
    """Settings as TOML lines with their source as a comment: pasteable into reconcile.toml."""
    lines = [
        f"# reconcile {command}: settings and where each came from",
        f"# config file: {file or 'none found (looked in the working directory and above)'}",
    ]
    rows = []
    for key, entry in settings.items():
        value = entry["value"]
        rows.append(
            (
                f"{key} = {json.dumps(value, ensure_ascii=False)}" if value is not None else f"# {key} =",
                entry["source"] if value is not None else f"{entry['source']}: not set",
            )
        )
    width = max((len(text) for text, _ in rows), default=0)
    lines += [f"{text:<{width}}  # {source}" for text, source in rows]
    return "\n".join(lines) + "\n"
