"""`reconcile index add|stats|list|remove`: build and look after the archive `check` uses."""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any, Callable, Iterator, TextIO

import click
from rich.console import Console

from .app import INDEX_OPTIONS, explicit, main
from .options import (
    say,
    fail,
    read_articles,
    say_status,
    engine_options,
    exclude_option,
    input_options,
    signature_options,
    terminal,
    vocab_option,
)


@main.group(short_help="Build and look after the archive that check uses.")
def index() -> None:
    """Build and look after the archive that `reconcile check` checks against
    (docs/archive.md: ids, guarantees, read-only use)."""


@index.command("add", short_help="Sign articles and store them in the archive.")
@click.argument("archive")
@input_options
@exclude_option
@signature_options
@vocab_option
@engine_options
@click.option(
    "--replace",
    is_flag=True,
    help="Replace an archived article from another source that holds the id of one given (a JSON row "
    "id used by two feeds); without it such an article is refused and named.",
)
@click.pass_context
def index_add(
    ctx, archive, paths, encoding, published, max_bytes, exclude, stdin_filename, shingle_size, num_perm, seed, vocab, replace, engine
):
    """Sign articles and store them in ARCHIVE: a SQLite file (made when absent) or
    redis://host:port/db (made in an empty database). An article read from a file is
    stored under its path relative to here (day1/story.txt), a JSON row under its id.
    An article of the same source whose text changed is updated; another source's
    article under the same id is never replaced unless --replace. Prints one summary
    line on stderr; refused articles are named, and the exit code is then 2."""
    from ..archive.ids import for_archive

    with stopped_by_signals() as stop:
        inputs = read_articles(paths, encoding, published, max_bytes, exclude, stdin_filename)
        overrides = explicit(ctx, INDEX_OPTIONS)
        with open_archive_for(archive, overrides, create=True, vocab=tuple(vocab)) as store:
            stop.kept = STOPPED_KEEPS[store.backend]
            with progress_bar(sys.stderr, "Indexing") as on_progress:
                result = store.add([for_archive(a) for a in inputs.articles], on_progress=on_progress, engine=engine, replace=replace)
            total = store.article_count()
    for refusal in result.refused:
        say(f"error: {refusal.message()}")
    say_status(add_summary(result, total))
    sys.exit(2 if inputs.problems or result.refused else 0)


def add_summary(result: Any, total: int) -> str:
    """The one line `index add` ends with; replaced and refused only when there are any."""
    counts = [
        ("added", result.added),
        ("updated", result.updated),
        ("unchanged", result.unchanged),
        ("replaced", result.replaced),
        ("refused", result.refused),
    ]
    said = ", ".join(f"{name} {len(ids)}" for name, ids in counts if ids or name in ("added", "updated", "unchanged"))
    return f"{said} (archive: {total} article{'' if total == 1 else 's'})"


class Stopped(BaseException):
    """SIGTERM or SIGINT during an add. A BaseException, as KeyboardInterrupt is, so that
    no `except Exception` on the way catches it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# What an add stopped by a signal leaves in the archive, by backend.
STOPPED_KEEPS = {
    None: "nothing was stored",
    "sqlite": "nothing of this add was stored, the archive is as it was",
    "redis": "the articles written before it are stored whole, the others not at all",
}


@dataclasses.dataclass
class StopNote:
    """What to say an add stopped by a signal left behind; set as the add gets further."""

    kept: str = STOPPED_KEEPS[None]


@contextmanager
def stopped_by_signals() -> Iterator[StopNote]:
    """Turn SIGTERM and SIGINT into one line on stderr and exit 128 + the signal's number
    (as a shell reports a process it stopped), after the add has undone what it must on
    the way out: the SQLite transaction rolled back, the worker processes stopped."""

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    note = StopNote()
    try:
        previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: leave signals as they are
        yield note
        return
    try:
        yield note
    except Stopped as stopped:
        say(f"stopped by {signal.Signals(stopped.signum).name}: {note.kept}; run the same command again to finish")
        sys.exit(128 + stopped.signum)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@index.command("stats")
@click.argument("archive")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True, help="text to read, json for machines."
)
def index_stats(archive, fmt):
    """What ARCHIVE holds and the settings it was made with. Reads only (a read-only file
    will do), and checks the archive's integrity first: a damaged archive exits 2."""
    with open_archive_for(archive, {}, create=False) as store:
        stats = store.stats()
    if fmt == "json":
        click.echo(json.dumps(stats.to_json(), indent=2, sort_keys=True))
    else:
        click.echo(stats_text(stats.to_json()), nl=False)


@index.command("list")
@click.argument("archive")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: one article a line, tab-separated; json: one object a line.",
)
def index_list(archive, fmt):
    """Every article in ARCHIVE: id, path, title, published, added. The ids are what
    `index remove` and check reports name. A damaged article is named on stderr (exit 2)
    and the others are listed."""
    from ..archive import DamagedRecord

    damaged = 0
    with open_archive_for(archive, {}, create=False) as store:
        for entry in store.listing():
            if isinstance(entry, DamagedRecord):
                damaged += 1
                say(f"error: {entry}")
            elif fmt == "json":
                click.echo(json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True))
            else:
                click.echo("\t".join(v or "-" for v in (entry.id, entry.path, entry.title, entry.published, entry.added)))
    sys.exit(2 if damaged else 0)


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
@click.argument("names", nargs=-1, required=True)
def index_remove(archive, names):
    """Remove articles from ARCHIVE by id or by the path of the file they were read from
    (a JSON file's path removes all its rows). Names that match nothing are named, with
    what an id looks like, and exit 2."""
    from ..archive.ids import id_hint

    with open_archive_for(archive, {}, create=False, read_only=False) as store:
        ids, unknown = store.resolve(list(names))
        result = store.remove(ids)
        total = store.article_count()
        known = store.ids() if unknown else []
    say_status(
        f"removed {len(result.removed)}, not found {len(unknown) + len(result.missing)} "
        f"(archive: {total} article{'' if total == 1 else 's'})"
    )
    if unknown or result.missing:
        for name in unknown:
            if similar := similar_ids(name, known):
                say(f"error: {name}: did you mean {', '.join(similar)}?")
        fail(f"not in {archive}: {', '.join([*unknown, *result.missing])}; {id_hint(known)}")
    sys.exit(0)


def similar_ids(name: str, ids: list[str]) -> list[str]:
    """Archived ids that a name given without its folder or suffix may mean (an id of an
    older reconcile was the file name's stem): at most three."""
    stem = PurePath(name).stem
    return [i for i in ids if PurePath(i).stem == stem or PurePath(i).name == name][:3]


def open_archive_for(location: str, overrides: dict[str, Any], *, create: bool, vocab: tuple[str, ...] = (), read_only: bool | None = None):
    """Open an archive with its recorded settings. Settings given explicitly must match
    them (the archive then refuses, saying how to rebuild); an archive created here (only
    where there is none) records them. Opened read-only unless it may be created or
    `read_only` is False."""
    from ..archive import open_archive

    return open_archive(
        location, None, create=create, vocab=vocab, overrides=overrides, read_only=(not create) if read_only is None else read_only
    )


@contextmanager
def progress_bar(stream: TextIO, label: str) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on `stream` when it is a terminal; None (no output) otherwise
    and with --quiet."""
    isatty = getattr(stream, "isatty", None)
    if terminal().quiet or not (isatty and isatty()):
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
