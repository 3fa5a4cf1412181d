"""Archive ids: one id for one source, so that two articles never share one by accident.

A report names articles by their file stem (``story``), which is short and fine inside one
run, but two folders of one archive may well both hold a ``story.txt``. An archive
therefore names an article by where it came from:

- an article read from a file: the file's path relative to the working directory, with
  ``/`` between folders (``day1/story.txt``), so that the same command run from the same
  place (a repository's root in CI) gives the same ids on every machine; a file outside
  the working directory is named by its absolute path;
- a row of a JSON or JSON Lines file: the row's own id (or the one reading gave it), since
  feeds carry stable ids of their own.

`origin` says which source an id was taken from. Two articles with one id and one origin
are versions of one article (an update); one id with two origins (two feeds that number
their rows alike, or a row whose id is some file's path) are two articles, and an add
never replaces the one with the other unless asked to.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import PurePath

from ..model import Article

ROW_SUFFIXES = (".json", ".jsonl")


def relative_path(path: str) -> str:
    """`path` relative to the working directory, with forward slashes; absolute when it
    lies outside the working directory (``../../x`` would name nothing more stably)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        relative = absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        relative = absolute
    return relative.replace(os.sep, "/")


def has_file(article: Article) -> bool:
    """Whether the article was read from a file: not from standard input (``<stdin>``)
    or made from a string (``<text>``)."""
    return bool(article.path) and not (article.path.startswith("<") and article.path.endswith(">"))


def is_row(article: Article) -> bool:
    """Whether the article is one row of a JSON file rather than a whole file."""
    return PurePath(article.path).suffix.lower() in ROW_SUFFIXES


def archive_id(article: Article) -> str:
    """The id the archive stores `article` under (see the module docstring)."""
    if is_row(article) or not has_file(article):
        return article.id
    return relative_path(article.path)


def origin(article: Article) -> str:
    """Where the article came from: its file (``file:day1/story.txt``), or its JSON file
    and row id (``row:feeds/day1.jsonl#afp-1``); empty when that is not known (standard
    input, a string), and an article of unknown origin is taken for an update of its id."""
    if not has_file(article):
        return ""
    if is_row(article):
        return f"row:{relative_path(article.path)}#{article.id}"
    return f"file:{relative_path(article.path)}"


def describe_origin(value: str) -> str:
    """An origin as a person reads it: ``day1/story.txt``, ``row afp-1 of feeds/day1.jsonl``."""
    kind, _, rest = value.partition(":")
    if kind == "row":
        path, _, row_id = rest.rpartition("#")
        return f"row {row_id} of {path}"
    return rest or value


def for_archive(article: Article) -> Article:
    """The article as the archive stores it: under its archive id, with its path relative
    to the working directory."""
    path = relative_path(article.path) if has_file(article) else article.path
    return replace(article, id=archive_id(article), path=path)


def id_hint(ids_like: list[str]) -> str:
    """What an archive id looks like, for a message about an id that is not there."""
    example = f" such as {ids_like[0]}" if ids_like else ""
    return (
        f"archive ids are file paths relative to where `index add` ran{example}, or the ids of JSON rows; `reconcile index list` shows them"
    )


__all__ = ["archive_id", "describe_origin", "for_archive", "id_hint", "is_row", "origin", "relative_path"]
