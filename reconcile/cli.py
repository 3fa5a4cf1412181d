"""Command line: turns arguments into options, calls the library, hands the report to a
renderer. Reports go to stdout; warnings and errors go to stderr, one line each.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input
errors (the readable inputs are still analysed and reported first).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from typing import Callable

import click
from rich.console import Console

from . import __version__
from .errors import ReconcileError
from .ingest import MAX_BYTES, ReadOptions, parse_date_option, read_inputs
from .model import SEVERITY_RANK, Report
from .overlap import OverlapSettings
from .pipeline import AnalysisOptions, analyse
from .render import FORMATS, RenderOptions, renderer
from .render.text import print_report, render_text

FAIL_LEVELS = ("error", "warning", "info", "never")


def _err(message: str) -> None:
    click.echo(f"reconcile: {message}", err=True)


def _parse_published(values: tuple[str, ...]) -> dict:
    dates = {}
    for value in values:
        target, _, raw = value.rpartition("=")
        date = parse_date_option(raw)
        if date is None:
            raise click.BadParameter(f"cannot read {raw!r} as a date (use YYYY-MM-DD)", param_hint="--published")
        dates[target or "*"] = date
    return dates


def input_options(func: Callable) -> Callable:
    """Options shared by every command that reads articles."""

    @click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
    @click.option("--encoding", metavar="CODEC", help="Decode inputs with this codec (default: detect UTF-8/UTF-16).")
    @click.option("--published", "published", multiple=True, metavar="[FILE=]DATE",
                  help="Publication date as metadata, for all inputs or for one file or id. Repeatable.")
    @click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True,
                  help="Refuse inputs larger than this.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def output_options(func: Callable) -> Callable:
    """Options shared by every command that prints a report, so formats never drift."""

    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                  help="Report format: text for the terminal, json for machines, markdown for tickets.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
                  help="Write the report to this file instead of stdout.")
    @click.option("--width", type=click.IntRange(min=40), default=None, help="Text width (default: the terminal's).")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def overlap_options(func: Callable) -> Callable:
    defaults = OverlapSettings()

    @click.option("--shingle-size", type=click.IntRange(min=1, max=12), default=defaults.shingle_size, show_default=True,
                  help="Words per shingle.")
    @click.option("--num-perm", type=click.IntRange(min=16, max=1024), default=defaults.num_perm, show_default=True,
                  help="MinHash permutations.")
    @click.option("--seed", type=int, default=defaults.seed, show_default=True, help="MinHash seed.")
    @click.option("--min-similarity", type=click.FloatRange(0, 1), default=defaults.min_similarity, show_default=True,
                  help="Smallest similarity for an aligned passage pair.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
def main() -> None:
    """Check news stories against each other: shared passages, and facts that drift between copies."""


@main.command()
@input_options
@output_options
@overlap_options
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="never", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--show-agreements", is_flag=True, help="List every agreement, not just their count.")
@click.option("--vocab", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Vocabulary file: one term a line; '!term' rejects it, '!term -> form' suggests a form. Repeatable.")
def report(paths, encoding, published, max_bytes, fmt, output, width, shingle_size, num_perm, seed,
           min_similarity, fail_on, show_agreements, vocab):
    """The consistency report: findings, shared passages, and what was set aside."""
    settings = _overlap_settings(shingle_size, num_perm, seed, min_similarity)
    options = AnalysisOptions(overlap=settings, vocab=tuple(vocab))
    _run(paths, encoding, published, max_bytes, options, fmt, output, width,
         RenderOptions(show_agreements=show_agreements), fail_on)


@main.command()
@input_options
@output_options
@overlap_options
def overlaps(paths, encoding, published, max_bytes, fmt, output, width, shingle_size, num_perm, seed, min_similarity):
    """Only the passages that articles share."""
    settings = _overlap_settings(shingle_size, num_perm, seed, min_similarity)
    options = AnalysisOptions(overlap=settings, claims=False)
    _run(paths, encoding, published, max_bytes, options, fmt, output, width,
         RenderOptions(sections=("overlaps", "set-aside")), "never")


def _overlap_settings(shingle_size, num_perm, seed, min_similarity) -> OverlapSettings:
    return dataclasses.replace(OverlapSettings(), shingle_size=shingle_size, num_perm=num_perm, seed=seed,
                               min_similarity=min_similarity)


def _run(paths, encoding, published, max_bytes, options: AnalysisOptions, fmt: str, output: str,
         width: int | None, render_options: RenderOptions, fail_on: str) -> None:
    read = ReadOptions(encoding=encoding, published=_parse_published(published), max_bytes=max_bytes)
    inputs = read_inputs(paths, read)
    for problem in inputs.problems:
        _err(f"error: {problem.path}: {problem.message}")
    if not inputs.articles:
        _err("error: nothing was checked: no readable articles among the inputs")
        sys.exit(2)
    try:
        result = analyse(inputs.articles, options, inputs.problems)
    except ReconcileError as err:
        _err(f"error: {err}")
        sys.exit(2)
    try:
        _write(result, fmt, output, width, render_options)
    except BrokenPipeError:
        # The reader (`| head`) has had enough; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if inputs.problems:
        sys.exit(2)
    sys.exit(exit_code(result, fail_on))


def exit_code(result: Report, fail_on: str) -> int:
    """1 when any finding is at or above the `fail_on` severity, else 0."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings) else 0


class _ReportConsole(Console):
    """A console that treats a closed pipe (`| head`) as the reader being done, not a failure."""

    def on_broken_pipe(self) -> None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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


if __name__ == "__main__":  # pragma: no cover
    main()
