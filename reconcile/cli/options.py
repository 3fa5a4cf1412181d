"""What the commands share: input, output, overlap and engine options, reading inputs, and
the one-line messages on stderr. Commands defined in their own modules (diff, review)
import from here, so they never import `reconcile.cli` itself."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, NoReturn, TextIO

import click
from rich.console import Console

from ..ingest import MAX_BYTES, Inputs, ReadOptions, parse_date_option, read_inputs
from ..config import KEYS
from ..render import FORMATS
from ..settings import OverlapSettings


@dataclasses.dataclass(frozen=True)
class Terminal:
    """How the person at the terminal asked to be spoken to: `--color` and `--quiet`."""

    color: str = "auto"
    quiet: bool = False

    def colour(self, stream) -> bool:
        """Whether text for `stream` is drawn in colour: --color always, or auto on a
        terminal; NO_COLOR turns auto off and FORCE_COLOR on (as the conventions say)."""
        if self.color != "auto":
            return self.color == "always"
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        isatty = getattr(stream, "isatty", None)
        return bool(isatty and isatty())


# The key under which the command group leaves the `Terminal` in click's context, for every
# command run in it.
TERMINAL = "reconcile.terminal"


def terminal() -> Terminal:
    context = click.get_current_context(silent=True)
    return context.meta.get(TERMINAL, Terminal()) if context is not None else Terminal()


def text_width(width: int | None, stream=None) -> int:
    """The width of plain text: --width, else the terminal's when `stream` is one, else
    COLUMNS when the shell exports it (a pipe), else 100."""
    if width:
        return width
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        import shutil

        return max(40, shutil.get_terminal_size().columns)
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    return columns if columns >= 40 else 100


# Seconds a run goes on before its progress shows: quick runs print nothing. Set
# RECONCILE_PROGRESS_AFTER=0 to see it at once.
PROGRESS_AFTER = 1.0


@contextmanager
def stage_progress(stream=None) -> Iterator[Callable[[str], None]]:
    """A callback that shows the stage a run is in on `stream` (stderr): a rich spinner that
    appears once the run has lasted `PROGRESS_AFTER` seconds and is gone when it ends.
    Silent when `stream` is not a terminal or with --quiet."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if terminal().quiet or not (isatty and isatty()):
        yield lambda stage: None
        return
    import threading

    from rich.console import Console as RichConsole
    from rich.live import Live
    from rich.spinner import Spinner

    try:
        delay = float(os.environ.get("RECONCILE_PROGRESS_AFTER", PROGRESS_AFTER))
    except ValueError:
        delay = PROGRESS_AFTER
    spinner = Spinner("dots", text="starting", style="status.spinner")
    status = Live(spinner, console=RichConsole(file=stream, force_terminal=True), transient=True, refresh_per_second=12.5)
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start() -> None:
        with lock:
            if not state["done"]:
                status.start()
                state["started"] = True

    timer = threading.Timer(delay, start)
    timer.daemon = True
    if delay <= 0:
        start()  # at once, not on another thread's time: every stage is then drawn
    else:
        timer.start()
    try:

        def show(stage: str) -> None:
            spinner.update(text=stage)
            with lock:  # drawn at once, so a stage shorter than a refresh is still seen
                if state["started"]:
                    status.refresh()

        yield show
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                status.stop()


def say(message: str) -> None:
    """One line on stderr in reconcile's voice: errors and warnings, shown even with --quiet."""
    click.echo(f"reconcile: {message}", err=True)


def say_status(message: str) -> None:
    """A line for the person at the terminal (what a command did); never on stdout, and
    not at all with --quiet."""
    if not terminal().quiet:
        click.echo(message, err=True)


def fail(message: str) -> NoReturn:
    say(f"error: {message}")
    sys.exit(2)


def parse_published(values: tuple[str, ...]) -> dict:
    dates = {}
    for value in values:
        target, _, raw = value.rpartition("=")
        date = parse_date_option(raw)
        if date is None:
            raise click.BadParameter(f"cannot read {raw!r} as a date (use YYYY-MM-DD)", param_hint="--published")
        dates[target or "*"] = date
    return dates


def reading_options(func: Callable) -> Callable:
    """How inputs are read: --encoding, --published, --max-bytes (every command that reads
    articles, diff included)."""

    @click.option("--encoding", metavar="CODEC", help="Codec for inputs that are not UTF-8 (valid UTF-8 is always read as UTF-8).")
    @click.option(
        "--published",
        "published",
        multiple=True,
        metavar="[FILE=]DATE",
        help="Publication date as metadata, for all inputs or for one file or id. Repeatable.",
    )
    @click.option("--max-bytes", type=key_type("max-bytes"), default=MAX_BYTES, show_default=True, help="Refuse inputs larger than this.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def input_options(func: Callable) -> Callable:
    """The articles (files, folders, - for stdin) and how to read them."""

    @click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
    @reading_options
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def key_type(name: str) -> click.ParamType:
    """The click type of the option a config key sets, from the key's kind and bounds in
    `reconcile.config.KEYS`: the one place both the command line and config files take
    their limits from."""
    key = KEYS[name]
    if key.kind in ("int", "float") and key.minimum is None and key.maximum is None:
        return click.INT if key.kind == "int" else click.FLOAT
    if key.kind == "choice":
        return click.Choice(key.choices)
    if key.kind == "int":
        return click.IntRange(min=_bound(key.minimum), max=_bound(key.maximum))
    if key.kind == "float":
        return click.FloatRange(min=key.minimum, max=key.maximum)
    raise ValueError(f"config key {name!r} is a {key.kind}, which has no bounds")


def _bound(value: float | None) -> int | None:
    return None if value is None else int(value)


def exclude_option(func: Callable) -> Callable:
    """--exclude for the commands that walk folders of articles, and --stdin-filename for
    those that read standard input."""
    func = click.option(
        "--stdin-filename",
        metavar="PATH",
        help="The file that standard input (-) stands for, so that reports and annotations name it.",
    )(func)
    return click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out files and folders matching GLOB when reading a folder (a name or a path below it: "
        "'drafts/', '*.bak.txt'). Repeatable. .gitignore files are honoured too; a folder's README, "
        "LICENSE and CHANGELOG are never read as articles.",
    )(func)


def destination_options(what: str) -> Callable[[Callable], Callable]:
    """-o/--output and --width, for every command that writes a result (`what`: "report",
    "diff"), so that where output goes and how wide text is are declared once."""

    def decorate(func: Callable) -> Callable:
        @click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, writable=True, allow_dash=True),
            default="-",
            help=f"Write the {what} to this file instead of stdout.",
        )
        @click.option("--width", type=key_type("width"), default=None, help="Text width (default: the terminal's).")
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    return decorate


def output_options(func: Callable, formats: tuple[str, ...] = FORMATS) -> Callable:
    """Options shared by every command that prints a report, so formats never drift.
    `formats`: those the command writes (the others are refused, exit 2)."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="text",
        show_default=True,
        help="Report format: text for the terminal, json/jsonl/sarif for machines, markdown for "
        "tickets, html for a page editors open in a browser, github for workflow annotations, "
        "junit for CI test reports."
        if formats == FORMATS
        else "Format: " + ", ".join(formats) + ".",
    )
    @destination_options("report")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


# Formats of findings alone (annotations, test cases, code-scanning results) have nothing to
# say of shared passages: `reconcile overlaps` refuses them.
PASSAGE_FORMATS = ("text", "json", "jsonl", "markdown", "html")


def passage_output_options(func: Callable) -> Callable:
    return output_options(func, PASSAGE_FORMATS)


def signature_options(func: Callable) -> Callable:
    """The settings signatures are made with: what an archive records and is indexed by."""
    defaults = OverlapSettings()

    @click.option(
        "--shingle-size", type=key_type("shingle-size"), default=defaults.shingle_size, show_default=True, help="Words per shingle."
    )
    @click.option("--num-perm", type=key_type("num-perm"), default=defaults.num_perm, show_default=True, help="MinHash permutations.")
    @click.option("--seed", type=key_type("seed"), default=defaults.seed, show_default=True, help="MinHash seed.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def overlap_options(func: Callable) -> Callable:
    """Signature settings and the aligner's threshold, for the commands that align text
    (`index add` stores signatures and aligns nothing, so it has only the first)."""

    @signature_options
    @click.option(
        "--min-similarity",
        type=key_type("min-similarity"),
        default=OverlapSettings().min_similarity,
        show_default=True,
        help="Smallest similarity for an aligned passage pair.",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def engine_options(func: Callable) -> Callable:
    """Where the work runs: this machine's cores (`--jobs`) or a Dask cluster (`--engine dask`)."""

    @click.option(
        "--jobs",
        "-j",
        type=key_type("jobs"),
        default=0,
        show_default=True,
        help="Worker processes for signatures, alignment and claims; 0: one per core. Small inputs "
        "run in one process whatever this says. Results never depend on it.",
    )
    @click.option(
        "--engine",
        type=key_type("engine"),
        default="local",
        show_default=True,
        help="local: this machine; dask: Dask collections on a cluster (pip install 'reconcile[dask]').",
    )
    @click.option(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786) for --engine dask; default: a local cluster."
    )
    @functools.wraps(func)
    def wrapper(*args, jobs, engine, scheduler, **kwargs):
        with _engine(engine, jobs, scheduler) as made:
            return func(*args, engine=made, **kwargs)

    return wrapper


@contextmanager
def _engine(name: str, jobs: int, scheduler: str | None):
    from ..engines.local import make_engine

    made = make_engine(name, jobs, scheduler)
    try:
        yield made
    finally:
        close = getattr(made, "close", None)
        if close is not None:
            close()


def vocab_option(func: Callable) -> Callable:
    return click.option(
        "--vocab",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Vocabulary file: one term a line; '!term' rejects it, '!term -> form' suggests a form. Repeatable.",
    )(func)


def overlap_settings_from(shingle_size, num_perm, seed, min_similarity) -> OverlapSettings:
    return dataclasses.replace(OverlapSettings(), shingle_size=shingle_size, num_perm=num_perm, seed=seed, min_similarity=min_similarity)


def read_articles(paths, encoding, published, max_bytes, exclude: tuple[str, ...] = (), stdin_filename: str | None = None) -> Inputs:
    """The readable inputs; every unreadable one named on stderr; exit 2 if none is left."""
    read = ReadOptions(
        encoding=encoding, published=parse_published(published), max_bytes=max_bytes, exclude=tuple(exclude), stdin_name=stdin_filename
    )
    inputs = read_inputs(paths, read)
    named = {a.path for a in inputs.articles} | {a.id for a in inputs.articles} | {p.path for p in inputs.problems}
    unknown = [target for target in read.published if target != "*" and target not in named]
    if unknown:
        fail(
            f"--published names {', '.join(repr(t) for t in unknown)}, which is not among the inputs "
            "(give the file as on the command line, or the article id)"
        )
    for problem in inputs.problems:
        say(f"error: {problem.path}: {problem.message}")
    if not inputs.articles:
        fail("nothing was checked: no readable articles among the inputs")
    return inputs


class PipeConsole(Console):
    """A console that treats a closed pipe (`| head`) as the reader being done, not a failure."""

    def on_broken_pipe(self) -> None:
        reader_is_done()


def reader_is_done() -> None:
    """The reader of stdout (`| head`) has had enough; that is not an error of ours. What is
    still to be written (and Python's flush at exit) goes to /dev/null."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_output(output: str, what: str, write: Callable[[TextIO, bool], None]) -> None:
    """The one way a command writes its result: `write(stream, to_file)` to stdout ("-") or
    to the file `output`. A closed pipe ends quietly; a file that cannot be written is one
    line naming it and `what` was being written, exit 2."""
    to_file = output != "-"
    try:
        stream = open(output, "w", encoding="utf-8") if to_file else sys.stdout
        try:
            write(stream, to_file)
        finally:
            if to_file:
                stream.close()
    except BrokenPipeError:
        reader_is_done()
    except OSError as err:
        fail(f"{output}: cannot write the {what} ({err.strerror or err})")


def colour_console(stream: TextIO, width: int | None) -> PipeConsole:
    """A rich console for text drawn in colour on `stream`: the terminal's width on a
    terminal, else `text_width` (COLUMNS, or 100)."""
    tty = stream.isatty()
    return PipeConsole(
        file=stream,
        width=width if tty else text_width(width),
        soft_wrap=False,
        force_terminal=True,
        color_system="auto" if tty else "standard",
    )
