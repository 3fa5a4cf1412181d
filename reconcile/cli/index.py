"""`reconcile index add|stats|remove`: build and look after the archive `check` uses."""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TextIO

import click
from rich.console import Console

from ..overlap import OverlapSettings
from .app import INDEX_OPTIONS, explicit, main
from .options import _fail, _read, _status, input_options, overlap_options, vocab_option


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
    overrides = explicit(ctx, (*INDEX_OPTIONS, "min_similarity"))
    with open_archive_for(archive, overrides, create=True, vocab=tuple(vocab)) as store:
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
    with open_archive_for(archive, {}, create=False) as store:
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
    with open_archive_for(archive, {}, create=False) as store:
        result = store.remove(list(ids))
        total = store.stats().articles
    _status(f"removed {len(result.removed)}, missing {len(result.missing)} "
            f"(archive: {total} article{'' if total == 1 else 's'})")
    if result.missing:
        _fail(f"not in {archive}: {', '.join(result.missing)}")
    sys.exit(0)


def open_archive_for(location: str, overrides: dict[str, Any], *, create: bool, vocab: tuple[str, ...] = ()):
    """Open an archive with its recorded settings. Settings given explicitly must match
    them (the archive then refuses, saying how to rebuild); an archive created here
    records them."""
    from ..archive import ArchiveError, open_archive

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


