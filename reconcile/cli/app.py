"""The `reconcile` command group and the settings plumbing every command shares: the config
file becomes click's ``default_map``, so every option reads it the same way and an option
given on the command line always wins."""

from __future__ import annotations

import dataclasses
import functools
import os
from typing import Any, Callable

import click
from click.core import ParameterSource

from .. import __version__
from ..config import FAIL_LEVELS, KEYS, Config, load_config
from ..errors import ReconcileError
from ..selection import Selection, parse_selection
from .options import TERMINAL, Terminal, fail, vocab_option

# The commands a config file configures, as paths from the top-level group. The archive
# maintenance commands (stats, remove) take no settings.
CONFIGURED_COMMANDS = (("report",), ("overlaps",), ("check",), ("index", "add"), ("review",))
# Overlap options an archive's index depends on; given explicitly, they must match it.
INDEX_OPTIONS = ("shingle_size", "num_perm", "seed")

SOURCE_NAMES = {
    ParameterSource.COMMANDLINE: "command line",
    ParameterSource.ENVIRONMENT: "environment",
    ParameterSource.DEFAULT: "default",
    ParameterSource.PROMPT: "prompt",
}


def findings_options(fail_on_default: str) -> Callable[[Callable], Callable]:
    """Options of the commands that report findings: when to fail, and which findings
    a baseline already accepts."""

    def decorate(func: Callable) -> Callable:
        @click.option(
            "--fail-on",
            type=click.Choice(FAIL_LEVELS),
            default=fail_on_default,
            show_default=True,
            help="Exit 1 when a finding is at or above this severity.",
        )
        @click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above --fail-on (errors still exit 2).")
        @click.option(
            "--select",
            multiple=True,
            metavar="KIND",
            help="Report only these finding kinds or statuses (name-spelling, number, conflict...; the "
            "start of a kind, 'name', selects its family; ALL). Repeatable or comma-separated.",
        )
        @click.option("--ignore", multiple=True, metavar="KIND", help="Leave out these finding kinds or statuses.")
        @click.option(
            "--severity",
            "severity_overrides",
            multiple=True,
            metavar="KIND=LEVEL",
            help="Report findings of KIND at LEVEL (error, warning, info). Repeatable.",
        )
        @click.option(
            "--per-file-ignores",
            multiple=True,
            metavar="GLOB=KIND[,KIND]",
            help="Leave out findings of these kinds whose evidence lies only in files matching GLOB.",
        )
        @click.option("--show-agreements", is_flag=True, help="List every agreement, not just their count.")
        @click.option(
            "--passages",
            is_flag=True,
            help="Show the shared passages after the findings (the text report counts them in one line "
            "otherwise; `reconcile overlaps` shows only them).",
        )
        @vocab_option
        @click.option(
            "--baseline",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="Leave out the findings this baseline file records; report only new ones.",
        )
        @click.option(
            "--write-baseline",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="Record this run's findings in FILE as the baseline (then exit 0 for findings).",
        )
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    return decorate


@dataclasses.dataclass(frozen=True)
class FindingsOptions:
    """What a findings command does with its report once made."""

    fmt: str
    output: str
    width: int | None
    fail_on: str
    exit_zero: bool
    show_agreements: bool
    passages: bool
    selection: Selection
    baseline: str | None
    write_baseline: str | None


def findings_options_of(params: dict[str, Any]) -> FindingsOptions:
    """The findings options of a command's parameters; the selection is checked here, before
    any analysis, so that a mistyped kind fails at once."""
    selection = parse_selection(params["select"], params["ignore"], params["severity_overrides"], params["per_file_ignores"])
    names = [f.name for f in dataclasses.fields(FindingsOptions) if f.name != "selection"]
    return FindingsOptions(**{name: params[name] for name in names}, selection=selection)


# --- the command group and its config ------------------------------------------------------


# Options of the whole command line that may also come after the command, as with ruff
# (`reconcile report seeds --config ci.toml -q`): each with whether it takes a value.
GLOBAL_OPTIONS = {"--config": True, "--color": True, "-q": False, "--quiet": False}


def hoist_global_options(args: list[str]) -> list[str]:
    """`args` with the global options found after the command moved before it."""
    command_at = next(
        (
            n
            for n, arg in enumerate(args)
            if not arg.startswith("-") and (n == 0 or args[n - 1] not in [k for k, v in GLOBAL_OPTIONS.items() if v])
        ),
        None,
    )
    if command_at is None:
        return args
    front, rest, moved = list(args[: command_at + 1]), [], []
    items = iter(args[command_at + 1 :])
    for arg in items:
        if arg == "--":
            rest.append(arg)
            rest.extend(items)
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            moved.append(arg)
            if GLOBAL_OPTIONS[name] and "=" not in arg:
                moved.append(next(items, ""))
        else:
            rest.append(arg)
    return moved + front + rest


class _Commands(click.Group):
    """The command group; any reconcile error a command raises (unreadable config, archive or
    baseline, settings that do not fit) becomes one line on stderr and exit code 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReconcileError as err:
            fail(str(err))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Read settings from this file instead of the nearest reconcile.toml or pyproject.toml (before or after the command).",
)
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colour in text output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always, never.",
)
@click.option("-q", "--quiet", is_flag=True, help="No status lines or progress on stderr; errors still show.")
@click.pass_context
def main(ctx: click.Context, config_file: str | None, color: str, quiet: bool) -> None:
    """Check news stories against each other: shared passages, and facts that drift between copies.

    Settings can live in [tool.reconcile] of pyproject.toml or in reconcile.toml, found by
    walking up from the working directory; options given here win. See `reconcile config`.
    """
    config = load_config(os.getcwd(), config_file)
    ctx.meta[TERMINAL] = Terminal(color, quiet)
    ctx.obj = config
    ctx.default_map = config_default_map(main, config)


def long_name(param: click.Parameter) -> str | None:
    """The name an option has in config files: its long option without the dashes."""
    for opt in param.opts:
        if opt.startswith("--"):
            return opt[2:]
    return None


def configured_options(command: click.Command) -> dict[str, click.Option]:
    """The command's options that a config file may set, by their config key."""
    return {name: p for p in command.params if isinstance(p, click.Option) and (name := long_name(p)) is not None and name in KEYS}


def command_at(path: tuple[str, ...], root: click.Group | None = None) -> click.Command:
    """The command at `path` (("index", "add")) under `root`, the top-level group by default."""
    command: click.Command = root or main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def config_default_map(group: click.Group, config: Config) -> dict:
    """click's nested default_map from the config: each configured command gets the
    values of the keys that are its options (by parameter name)."""
    default_map: dict = {}
    for path in CONFIGURED_COMMANDS:
        options = configured_options(command_at(path, group))
        values = {options[key].name: value for key, value in config.values.items() if key in options}
        node = default_map
        for name in path[:-1]:
            node = node.setdefault(name, {})
        node[path[-1]] = values
    return default_map


def option_source(ctx: click.Context, name: str) -> str:
    """Where a parameter's value came from: the config file's path, or a source name."""
    source = ctx.get_parameter_source(name)
    if source is ParameterSource.DEFAULT_MAP:
        config = ctx.find_object(Config)
        return config.path if config and config.path else "config"
    return SOURCE_NAMES.get(source, "default") if source is not None else "default"


def explicit(ctx: click.Context, names: tuple[str, ...]) -> dict[str, Any]:
    """The parameters among `names` set on the command line or in the config file."""
    return {name: ctx.params[name] for name in names if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)}
