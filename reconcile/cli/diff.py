"""`reconcile diff A B`: two versions of a story side by side, for the terminal or a pipe.

The command only reads the two inputs, calls `reconcile.diff.diff_articles` and hands
the result to a renderer in `reconcile.render` (diff_text, diff_json, diff_unified).
It registers itself on the command group (`reconcile.cli.app.main`) and shares the
options of `reconcile.cli.options`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dataclasses
import sys

import click

from .app import main
from .options import (
    colour_console,
    destination_options,
    overlap_options,
    overlap_settings_from,
    parse_published,
    reading_options,
    terminal,
    text_width,
    vocab_option,
    write_output,
)
from ..errors import InputError, ReconcileError
from ..ingest import ReadOptions, read_inputs
from ..model import Article

if TYPE_CHECKING:
    from ..diff import Diff


DIFF_FORMATS = ("text", "json", "unified")


@main.command("diff", short_help="Two versions of a story side by side, word by word.")
@click.argument("a", type=click.Path(allow_dash=True))
@click.argument("b", type=click.Path(allow_dash=True))
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Unchanged passages kept around each change (text, unified); the rest collapse into one line.",
)
@click.option("--only-changes", is_flag=True, help="Show only passages that changed or carry a finding.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="text: side by side; json: rows with offsets; unified: a word diff like `git diff --word-diff=plain`, for pipes.",
)
@destination_options("diff")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ in words, 0 when they do not.")
@click.option("--fold-accents", is_flag=True, help="Take words that differ only in accents (Pena/Peña) for the same word.")
@reading_options
@overlap_options
@vocab_option
def diff_command(
    a,
    b,
    context,
    only_changes,
    fmt,
    output,
    width,
    exit_code,
    fold_accents,
    encoding,
    published,
    max_bytes,
    shingle_size,
    num_perm,
    seed,
    min_similarity,
    vocab,
):
    """Compare two versions of a story, A and B (a file, or - for standard input).

    Passages are aligned as `reconcile overlaps` aligns them, not line by line: rows show
    a passage of A beside its counterpart in B with the words that changed (case and quote
    styles alone are not changes; accents are, unless --fold-accents), passages moved elsewhere in B, passages only
    in A (removed) or only in B (added), and the findings whose evidence they hold.
    """
    if a == "-" and b == "-":
        raise ReconcileError("only one of A and B can be standard input (-)")
    read = ReadOptions(encoding=encoding, published=parse_published(published), max_bytes=max_bytes)
    first = _one_article(a, read)
    second = _one_article(b, read)
    if second.id == first.id:
        second = dataclasses.replace(second, id=f"{second.id}~2")
    settings = overlap_settings_from(shingle_size, num_perm, seed, min_similarity)
    from ..diff import diff_articles, visible_rows  # here: the stages are imported only by the runs that use them

    result = diff_articles(first, second, settings, vocab=tuple(vocab), fold_accents=fold_accents)
    view = visible_rows(result.rows, None if fmt == "json" else context, only_changes)
    _write(result, view, fmt, output, width)
    sys.exit(1 if exit_code and result.differs else 0)


def _one_article(path: str, read: ReadOptions) -> Article:
    """The one article at `path`; an unreadable input, or one holding several, is an error."""
    inputs = read_inputs([path], read)
    if inputs.problems:
        problem = inputs.problems[0]
        raise InputError(problem.path, problem.message)
    if len(inputs.articles) != 1:
        raise InputError(
            path,
            f"holds {len(inputs.articles)} articles; diff compares two single articles "
            "(give a file, not a directory or a file of many rows)",
        )
    return inputs.articles[0]


def _write(result: "Diff", view, fmt: str, output: str, width: int | None) -> None:
    """Render to stdout or a file. Colour only on a terminal, and not with NO_COLOR."""

    def write(stream, to_file: bool) -> None:
        if fmt == "text" and not to_file and terminal().colour(stream):
            from ..render.diff_text import print_diff

            print_diff(result, view, colour_console(stream, width))
        elif fmt == "text":
            from ..render.diff_text import render_diff_text

            stream.write(render_diff_text(result, view, width=text_width(width, None if to_file else stream)))
        elif fmt == "json":
            from ..render.diff_json import render_diff_json

            stream.write(render_diff_json(result, view))
        else:
            from ..render.diff_unified import render_diff_unified

            stream.write(render_diff_unified(result, view))

    write_output(output, "diff", write)
