"""Command line: turns arguments and the config file into options, calls the library, hands
the report to a renderer. Reports go to stdout; warnings, errors, status lines and
progress go to stderr, one line each.

Settings come from, in order of precedence: the command line, the nearest config file
(`reconcile.config`; `reconcile config` shows which and where each came from), the
defaults. The config file becomes click's ``default_map``, so every option reads it the
same way and an option given on the command line always wins.

Exit codes: 0 nothing at or above --fail-on (or --exit-zero, or --write-baseline), 1
findings at or above it, 2 usage, config, archive, baseline or input errors (the readable
inputs are still analysed and reported first). --exit-zero affects findings only.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, NoReturn, TextIO

import click
from click.core import ParameterSource
from rich.console import Console

from . import __version__
from .baseline import apply_baseline, read_baseline, write_baseline
from .config import FAIL_LEVELS, KEYS, Config, load_config
from .errors import ReconcileError
from .ingest import Inputs
from .model import SEVERITY_RANK, Report
from .overlap import OverlapSettings
from .pipeline import AnalysisOptions, analyse
from .cli_options import (_fail, _overlap_settings, _read, _ReportConsole, _status, engine_options, input_options,
                          output_options, overlap_options, vocab_option)
from .render import RenderOptions, renderer
from .render.text import print_report, render_text

# The commands a config file configures, as paths from the top-level group. The archive
# maintenance commands (stats, remove) take no settings.
CONFIGURED_COMMANDS = (("report",), ("overlaps",), ("check",), ("index", "add"), ("review",))
# Overlap options an archive's index depends on; given explicitly, they must match it.
INDEX_OPTIONS = ("shingle_size", "num_perm", "seed")

SOURCE_NAMES = {ParameterSource.COMMANDLINE: "command line", ParameterSource.ENVIRONMENT: "environment",
                ParameterSource.DEFAULT: "default", ParameterSource.PROMPT: "prompt"}


def findings_options(fail_on_default: str) -> Callable[[Callable], Callable]:
    """Options of the commands that report findings: when to fail, and which findings
    a baseline already accepts."""

    def decorate(func: Callable) -> Callable:
        @click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=fail_on_default, show_default=True,
                      help="Exit 1 when a finding is at or above this severity.")
        @click.option("--exit-zero", is_flag=True,
                      help="Exit 0 even when findings are at or above --fail-on (errors still exit 2).")
        @click.option("--show-agreements", is_flag=True, help="List every agreement, not just their count.")
        @vocab_option
        @click.option("--baseline", metavar="FILE", type=click.Path(dir_okay=False),
                      help="Leave out the findings this baseline file records; report only new ones.")
        @click.option("--write-baseline", metavar="FILE", type=click.Path(dir_okay=False),
                      help="Record this run's findings in FILE as the baseline (then exit 0 for findings).")
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
    baseline: str | None
    write_baseline: str | None


def _findings_options(params: dict[str, Any]) -> FindingsOptions:
    names = [f.name for f in dataclasses.fields(FindingsOptions)]
    return FindingsOptions(**{name: params[name] for name in names})


# --- the command group and its config ------------------------------------------------------


class _Commands(click.Group):
    """The command group; any reconcile error a command raises (unreadable config, archive or
    baseline, settings that do not fit) becomes one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReconcileError as err:
            _fail(str(err))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
@click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Read settings from this file instead of the nearest reconcile.toml or pyproject.toml.")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Check news stories against each other: shared passages, and facts that drift between copies.

    Settings can live in [tool.reconcile] of pyproject.toml or in reconcile.toml, found by
    walking up from the working directory; options given here win. See `reconcile config`.
    """
    config = load_config(os.getcwd(), config_file)
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
    return {long_name(p): p for p in command.params
            if isinstance(p, click.Option) and long_name(p) in KEYS}


def _command_at(path: tuple[str, ...], root: click.Group | None = None) -> click.Command:
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
        options = configured_options(_command_at(path, group))
        values = {options[key].name: value for key, value in config.values.items() if key in options}
        node = default_map
        for name in path[:-1]:
            node = node.setdefault(name, {})
        node[path[-1]] = values
    return default_map


def _source(ctx: click.Context, name: str) -> str:
    """Where a parameter's value came from: the config file's path, or a source name."""
    source = ctx.get_parameter_source(name)
    if source is ParameterSource.DEFAULT_MAP:
        config = ctx.find_object(Config)
        return config.path if config and config.path else "config"
    return SOURCE_NAMES.get(source, "default")


# --- report and overlaps -------------------------------------------------------------------


@main.command(short_help="Findings, shared passages, and what was set aside.")
@input_options
@output_options
@overlap_options
@engine_options
@findings_options(fail_on_default="never")
def report(paths, encoding, published, max_bytes, shingle_size, num_perm, seed, min_similarity, vocab, engine,
           **options):
    """The consistency report: findings, shared passages, and what was set aside."""
    finish = _findings_options(options)
    fingerprints = _read_baseline(finish.baseline)
    inputs = _read(paths, encoding, published, max_bytes)
    settings = _overlap_settings(shingle_size, num_perm, seed, min_similarity)
    analysis = AnalysisOptions(overlap=settings, vocab=tuple(vocab))
    result = analyse(inputs.articles, analysis, inputs.problems, engine=engine)
    _finish(result, inputs, fingerprints, finish)


@main.command()
@input_options
@output_options
@overlap_options
@engine_options
def overlaps(paths, encoding, published, max_bytes, fmt, output, width, shingle_size, num_perm, seed, min_similarity,
             engine):
    """Only the passages that articles share."""
    inputs = _read(paths, encoding, published, max_bytes)
    settings = _overlap_settings(shingle_size, num_perm, seed, min_similarity)
    result = analyse(inputs.articles, AnalysisOptions(overlap=settings, claims=False), inputs.problems, engine=engine)
    _emit(result, fmt, output, width, RenderOptions(sections=("overlaps", "set-aside")))
    sys.exit(2 if inputs.problems else 0)


def _read_baseline(path: str | None) -> frozenset[str] | None:
    """Read before any analysis, so that a missing baseline fails at once."""
    if path is None:
        return None
    return read_baseline(path)


def _finish(result: Report, inputs: Inputs, fingerprints: frozenset[str] | None, options: FindingsOptions) -> NoReturn:
    """Baseline, render, exit: the same for every command that reports findings."""
    wrote = False
    if options.write_baseline:
        count = write_baseline(options.write_baseline, result.findings)
        _status(f"wrote {count} finding{'' if count == 1 else 's'} to the baseline {options.write_baseline}")
        wrote = True
    if fingerprints is not None:
        result = apply_baseline(result, fingerprints)
    _emit(result, options.fmt, options.output, options.width, RenderOptions(show_agreements=options.show_agreements))
    if inputs.problems:
        sys.exit(2)
    if options.exit_zero or wrote:
        sys.exit(0)
    sys.exit(exit_code(result, options.fail_on))


def exit_code(result: Report, fail_on: str) -> int:
    """1 when any finding is at or above the `fail_on` severity, else 0. Suppressed
    findings (already in a baseline) do not count."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings) else 0


def _emit(result: Report, fmt: str, output: str, width: int | None, render_options: RenderOptions) -> None:
    try:
        _write(result, fmt, output, width, render_options)
    except BrokenPipeError:
        # The reader (`| head`) has had enough; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as err:
        _fail(f"{output}: cannot write the report ({err.strerror or err})")


def _write(result: Report, fmt: str, output: str, width: int | None, render_options: RenderOptions) -> None:
    to_file = output != "-"
    stream = open(output, "w", encoding="utf-8") if to_file else sys.stdout
    try:
        if fmt == "text" and not to_file and stream.isatty():
            console = _ReportConsole(file=stream, width=width, soft_wrap=False)
            print_report(result, console, render_options)
        elif fmt == "text":
            stream.write(render_text(result, render_options, width=width or 100))
        else:
            stream.write(renderer(fmt)(result, render_options))
    finally:
        if to_file:
            stream.close()


# --- the archive: check and index ----------------------------------------------------------


@main.command(short_help="Check new articles against an archive.")
@input_options
@click.option("--against", metavar="ARCHIVE",
              help="The archive to check against: a SQLite file, or redis://host:port/db (or `against` in the config).")
@output_options
@overlap_options
@engine_options
@findings_options(fail_on_default="error")
@click.pass_context
def check(ctx, paths, against, encoding, published, max_bytes, shingle_size, num_perm, seed, min_similarity,
          vocab, engine, **options):
    """Check new articles against an archive: reused passages, and facts that contradict it.

    Only the archived articles that share passages with a new one are read, so a check
    costs as much as its matches. Fails (exit 1) on errors by default, for CI.
    """
    from .check import check_articles

    if not against:
        _fail("check needs an archive: give --against ARCHIVE, or set `against` in reconcile.toml "
              "or [tool.reconcile] of pyproject.toml")
    finish = _findings_options(options)
    fingerprints = _read_baseline(finish.baseline)
    inputs = _read(paths, encoding, published, max_bytes)
    overrides = _explicit(ctx, (*INDEX_OPTIONS, "min_similarity"))
    with _open_archive(against, overrides, create=False, vocab=tuple(vocab)) as archive:
        settings = dataclasses.replace(archive.settings, **overrides)
        analysis = AnalysisOptions(overlap=settings, vocab=tuple(vocab))
        result = check_articles(inputs.articles, archive, analysis, inputs.problems, engine=engine)
    _finish(result, inputs, fingerprints, finish)


@main.group(short_help="Build and look after the archive that check uses.")
def index() -> None:
    """Build and look after the archive that `reconcile check` checks against."""


@index.command("add", short_help="Sign articles and store them in the archive.")
@click.argument("archive")
@input_options
@overlap_options
@vocab_option
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes that sign and extract claims; 0: one per core. The archive written does not "
                   "depend on it.")
@click.pass_context
def index_add(ctx, archive, paths, encoding, published, max_bytes, shingle_size, num_perm, seed, min_similarity, jobs,
              vocab):
    """Sign articles and store them in ARCHIVE (created on first use): a SQLite file or
    redis://host:port/db. An article whose id is already there is replaced when its text
    changed. Prints one summary line on stderr."""
    inputs = _read(paths, encoding, published, max_bytes)
    overrides = _explicit(ctx, (*INDEX_OPTIONS, "min_similarity"))
    with _open_archive(archive, overrides, create=True, vocab=tuple(vocab)) as store:
        with progress_bar(sys.stderr, "Indexing") as on_progress:
            result = store.add(inputs.articles, on_progress=on_progress, jobs=jobs)
        total = store.stats().articles
    _status(f"added {len(result.added)}, replaced {len(result.replaced)}, unchanged {len(result.unchanged)} "
            f"(archive: {total} article{'' if total == 1 else 's'})")
    sys.exit(2 if inputs.problems else 0)


@index.command("stats")
@click.argument("archive")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text to read, json for machines.")
def index_stats(archive, fmt):
    """What ARCHIVE holds and the settings it was made with."""
    with _open_archive(archive, {}, create=False) as store:
        stats = store.stats()
    if fmt == "json":
        click.echo(json.dumps(stats.to_json(), indent=2, sort_keys=True))
    else:
        click.echo(stats_text(stats.to_json()), nl=False)


def stats_text(stats: dict[str, Any]) -> str:
    """Archive statistics as aligned `label value` lines."""
    size = stats.get("size_bytes")
    settings = stats.get("settings") or {}
    rows = [
        ("archive", f"{stats['location']} ({stats['backend']})"),
        ("articles", str(stats["articles"])),
        ("passages", str(stats["passages"])),
        ("claims", str(stats["claims"])),
        ("size", "unknown" if size is None else human_size(size)),
        ("created", stats["created"]),
        ("updated", stats["updated"]),
        ("made by", f"reconcile {stats['reconcile_version']}"),
        ("signatures", " ".join(f"{k}={v}" for k, v in sorted(settings.items()))),
    ]
    return "".join(f"{label:<11} {value}\n" for label, value in rows)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


@index.command("remove")
@click.argument("archive")
@click.argument("ids", nargs=-1, required=True)
def index_remove(archive, ids):
    """Remove articles from ARCHIVE by id. Ids that are not there are named, and exit 2."""
    with _open_archive(archive, {}, create=False) as store:
        result = store.remove(list(ids))
        total = store.stats().articles
    _status(f"removed {len(result.removed)}, missing {len(result.missing)} "
            f"(archive: {total} article{'' if total == 1 else 's'})")
    if result.missing:
        _fail(f"not in {archive}: {', '.join(result.missing)}")
    sys.exit(0)


def _explicit(ctx: click.Context, names: tuple[str, ...]) -> dict[str, Any]:
    """The parameters among `names` set on the command line or in the config file."""
    return {name: ctx.params[name] for name in names
            if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)}


def _open_archive(location: str, overrides: dict[str, Any], *, create: bool, vocab: tuple[str, ...] = ()):
    """Open an archive with its recorded settings. Settings given explicitly must match
    them (the archive then refuses, saying how to rebuild); an archive created here
    records them."""
    from .archive import ArchiveError, open_archive

    try:
        archive = open_archive(location, None, create=False, vocab=vocab)
    except ArchiveError:
        if not create:
            raise
        return open_archive(location, dataclasses.replace(OverlapSettings(), **overrides), create=True, vocab=vocab)
    wanted = dataclasses.replace(archive.settings, **overrides)
    if wanted != archive.settings:
        archive.close()
        return open_archive(location, wanted, create=False, vocab=vocab)
    return archive


@contextmanager
def progress_bar(stream: TextIO, label: str) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on `stream` when it is a terminal; None (no output) otherwise."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream, force_terminal=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield update


# --- config ------------------------------------------------------------------------------


@main.command("config", short_help="Show the settings in effect and where each came from.", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text (TOML you can paste into reconcile.toml) or json.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, metavar="[COMMAND [OPTIONS]...]")
@click.pass_context
def config_command(ctx, fmt, command):
    """The settings a command runs with and where each came from: default, the config
    file (by path) or the command line. COMMAND is report (the default), overlaps,
    check or index add, followed by any of its options: `reconcile config check --fail-on warning`.
    """
    path, args = _split_command(list(command))
    target = _command_at(path)
    defaults = ctx.find_root().default_map or {}
    for name in path:
        defaults = (defaults or {}).get(name) or {}
    sub = target.make_context(" ".join(path), args, parent=ctx, default_map=defaults, resilient_parsing=True)
    config = ctx.find_object(Config)
    settings = {}
    for key, param in configured_options(target).items():
        value = sub.params.get(param.name)
        settings[key] = {"value": list(value) if isinstance(value, tuple) else value,
                         "source": _source(sub, param.name)}
    file = config.path if config else None
    if fmt == "json":
        click.echo(json.dumps({"command": " ".join(path), "config_file": file, "settings": settings}, indent=2))
    else:
        click.echo(config_text(" ".join(path), file, settings), nl=False)


def _split_command(args: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The configured command named at the start of `args` (report when none), and the rest."""
    for path in sorted(CONFIGURED_COMMANDS, key=len, reverse=True):
        if tuple(args[:len(path)]) == path:
            return path, args[len(path):]
    if args and not args[0].startswith("-"):
        names = ", ".join(" ".join(p) for p in CONFIGURED_COMMANDS)
        raise click.UsageError(f"no settings for {args[0]!r}; choose one of: {names}")
    return ("report",), args


def config_text(command: str, file: str | None, settings: dict[str, dict[str, Any]]) -> str:
    """Settings as TOML lines with their source as a comment: pasteable into reconcile.toml."""
    lines = [f"# reconcile {command}: settings and where each came from",
             f"# config file: {file or 'none found (looked in the working directory and above)'}"]
    rows = []
    for key, entry in settings.items():
        value = entry["value"]
        rows.append((f"{key} = {json.dumps(value, ensure_ascii=False)}" if value is not None else f"# {key} =",
                     entry["source"] if value is not None else f"{entry['source']}: not set"))
    width = max((len(text) for text, _ in rows), default=0)
    lines += [f"{text:<{width}}  # {source}" for text, source in rows]
    return "\n".join(lines) + "\n"


# --- commands defined in their own modules, registered here ----------------------------------
from .diffview import diff_command  # noqa: E402
main.add_command(diff_command)
from .review.command import review_command  # noqa: E402
main.add_command(review_command)


if __name__ == "__main__":  # pragma: no cover
    main()
