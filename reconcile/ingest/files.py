"""Reading inputs: files, folders (with their excludes and .gitignore), standard input and
their limits, each turned into articles or into an `InputProblem` that names the file and
what to do; the other inputs are still read."""

from __future__ import annotations

import datetime as _dt
import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .html import extract_html
from ..model import Article, InputProblem, Skipped
from .articles import article_from_html, article_from_text, looks_like_html
from .decoding import decode
from .rows import json_rows, looks_like_jsonl, rows_without_text

# ---------------------------------------------------------------------------------------
# Reading inputs

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_BYTES = 50 * 1024 * 1024  # per input; raise with --max-bytes for unusually large files


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    encoding: the codec for inputs that are not UTF-8 (nor UTF-16/32 with a BOM): valid
        UTF-8 is always read as UTF-8.
    published: publication dates given as metadata: a date for every input under the key
        "*", or per file (keyed by the path as given or by the article id).
    max_bytes: inputs larger than this are refused with a message saying how to raise it.
    exclude: glob patterns of files and directories a directory walk leaves out, matched
        against the name and the path below the directory given ("drafts/", "*.draft.txt");
        `DEFAULT_EXCLUDE` (a folder's README, LICENSE...) is left out too. Files given by
        name are always read.
    stdin_name: the file name standard input (``-``) stands for, so that reports and
        annotations name the real file ("stories/a.txt"); its suffix says how to read it.
    """

    encoding: str | None = None
    published: Mapping[str, _dt.date] = field(default_factory=dict)
    max_bytes: int = MAX_BYTES
    exclude: tuple[str, ...] = ()
    stdin_name: str | None = None


# Files in a folder of articles that are about the folder, not articles.
DEFAULT_EXCLUDE = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "CONTRIBUTING*", "CODE_OF_CONDUCT*")


@dataclass
class Inputs:
    """What reading produced: the articles, and the inputs that could not be read."""

    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    files_read: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def read_inputs(paths: Sequence[str], options: ReadOptions = ReadOptions(), stdin: BinaryIO | None = None) -> Inputs:
    """Read files, directories (recursively, by suffix) and ``-`` (standard input).

    Every input that cannot be read is recorded as a problem; the rest are still read.
    Article ids are file stems (or JSON row ids), made unique with a ``~N`` suffix."""
    result = Inputs()
    seen_ids: dict[str, int] = {}
    for given in paths:
        if given == "-":
            try:
                data = _read_at_most(stdin or sys.stdin.buffer, options.max_bytes, "<stdin>")
            except InputError as err:
                result.problems.append(InputProblem(err.path, err.problem))
                continue
            name = options.stdin_name
            if name:
                stem, suffix = Path(name).stem, Path(name).suffix.lower()
                _add_source(result, seen_ids, name, stem, data, suffix if suffix in SUFFIXES else ".txt", options)
            else:
                _add_source(result, seen_ids, "<stdin>", "stdin", data, ".txt", options)
            result.files_read += 1
            continue
        if not os.path.lexists(given):
            result.problems.append(InputProblem(given, "no such file or directory"))
            continue
        if os.path.isdir(given):
            found = 0
            rules = Excludes((*DEFAULT_EXCLUDE, *options.exclude))
            for path in walk_articles(given, result.problems, rules, result.skipped):  # read as found: problems stay in path order
                found += 1
                _read_file(result, seen_ids, path, options, walked=True)
            if (
                not found
                and not any(p.path == given for p in result.problems)
                and not any(s.path.startswith(given) for s in result.skipped)
            ):
                result.problems.append(InputProblem(given, f"directory holds no {', '.join(SUFFIXES)} files"))
        else:
            _read_file(result, seen_ids, given, options)
    return result


class Excludes:
    """Which paths under a directory given on the command line are not read: the exclude
    patterns, and the patterns of the .gitignore files met on the way down (a subset of
    git's rules: `#` comments, `!` to take a path back, a trailing `/` for directories
    only, a `/` inside a pattern to match from that .gitignore's directory; `*`, `?`, `[]`
    and `**` as in shell globs)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)

    def excluded(self, name: str, below: str) -> str | None:
        """The pattern that leaves out the entry `name` at path `below` (relative to the
        directory given), or None."""
        for pattern in self.patterns:
            bare = pattern.rstrip("/")
            if fnmatch.fnmatch(name, bare) or fnmatch.fnmatch(below, bare) or fnmatch.fnmatch(below, bare + "/*"):
                return pattern
        return None


def gitignore_rules(directory: str, below: str) -> list[tuple[str, bool, bool, bool]]:
    """The rules of `directory`/.gitignore: (pattern relative to the walk's root, negated,
    directories only, anchored)."""
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    rules = []
    for line in lines:
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line[1:] if negated else line
        only_dirs = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        anchored = "/" in pattern
        pattern = pattern.lstrip("/")
        if anchored:
            pattern = f"{below}/{pattern}" if below else pattern
        rules.append((pattern.replace("**/", "*").replace("/**", "/*"), negated, only_dirs, anchored))
    return rules


def _ignored_by(rules: Sequence[tuple[str, bool, bool, bool]], name: str, below: str, is_dir: bool) -> bool:
    """Whether git would ignore the entry (the last matching rule wins)."""
    ignored = False
    for pattern, negated, only_dirs, anchored in rules:
        if only_dirs and not is_dir:
            continue
        if fnmatch.fnmatch(below if anchored else name, pattern):
            ignored = not negated
    return ignored


def walk_articles(
    root: str, problems: list[InputProblem], excludes: Excludes | None = None, skipped: list[Skipped] | None = None
) -> Iterator[str]:
    """Files under `root` with an article suffix: sorted by name, a directory's files before
    its subdirectories, so every run reads them in the same order.

    Hidden entries and other suffixes are not inputs; entries the `excludes` or a
    .gitignore on the way down leave out are recorded in `skipped`. Links to directories
    are followed, but a directory is read once: a link back to one already being walked (a
    loop) or already read is named as a problem, never followed again."""
    excludes = excludes or Excludes(())
    skipped = skipped if skipped is not None else []
    try:
        root_id = _identity(os.stat(root))
    except OSError as err:
        problems.append(InputProblem(root, f"cannot list directory: {_os_reason(err, root)}"))
        return
    read = {root_id: root}
    # Depth first without recursion (a deep tree must not exhaust the stack): each directory's
    # subdirectories go on the stack in reverse, so they come off in name order. Each carries
    # the .gitignore rules of the directories above it.
    pending: list[tuple[str, tuple[tuple[int, int], ...], list]] = [(root, (root_id,), [])]
    while pending:
        directory, ancestors, above = pending.pop()
        below = os.path.relpath(directory, root).replace(os.sep, "/")
        below = "" if below == "." else below
        rules = [*above, *gitignore_rules(directory, below)]
        subdirectories: list[tuple[str, tuple[int, int]]] = []
        for path in _directory_files(directory, ancestors, read, subdirectories, problems):
            if not _skipped(path, root, excludes, rules, skipped, is_dir=False):
                yield path
        pending.extend(
            (path, ancestors + (identity,), rules)
            for path, identity in reversed(subdirectories)
            if not _skipped(path, root, excludes, rules, skipped, is_dir=True)
        )


def _skipped(path: str, root: str, excludes: Excludes, rules: list, skipped: list[Skipped], is_dir: bool) -> bool:
    """Whether an entry is left out, recording why."""
    name = os.path.basename(path)
    below = os.path.relpath(path, root).replace(os.sep, "/")
    pattern = excludes.excluded(name, below)
    if pattern is not None:
        skipped.append(Skipped(path, f"excluded by {pattern!r}"))
        return True
    if _ignored_by(rules, name, below, is_dir):
        skipped.append(Skipped(path, "ignored by .gitignore"))
        return True
    return False


def _directory_files(
    directory: str,
    ancestors: tuple[tuple[int, int], ...],
    read: dict[tuple[int, int], str],
    subdirectories: list[tuple[str, tuple[int, int]]],
    problems: list[InputProblem],
) -> Iterator[str]:
    """The article files of one directory in name order; its new subdirectories are added
    to `subdirectories`, and loops, repeats and unreadable entries to `problems`."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        problems.append(InputProblem(directory, f"cannot list directory: {_os_reason(err, directory)}"))
        return
    for entry in entries:
        try:
            info = entry.stat()  # follows links
        except OSError as err:
            # A link loop is named whatever its name; a dangling link only if it names an article.
            if err.errno == errno.ELOOP or entry.name.lower().endswith(SUFFIXES):
                problems.append(InputProblem(entry.path, _os_reason(err, entry.path)))
            continue
        if stat.S_ISDIR(info.st_mode):
            identity = _identity(info)
            if identity in ancestors:
                problems.append(
                    InputProblem(
                        entry.path, f"symbolic link loop: it leads back to {read[identity]}, which is already being read; not followed"
                    )
                )
            elif identity in read:
                problems.append(InputProblem(entry.path, f"the same directory as {read[identity]}, already read; not read twice"))
            else:
                read[identity] = entry.path
                subdirectories.append((entry.path, identity))
        elif entry.name.lower().endswith(SUFFIXES):
            if stat.S_ISREG(info.st_mode):
                yield entry.path
            else:
                problems.append(InputProblem(entry.path, "not a regular file (a pipe, socket or device); give it by name to read it"))


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _os_reason(err: OSError, path: str) -> str:
    """What went wrong, said so that the user knows what to change."""
    if err.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself); fix or remove the link"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make it readable (chmod +r) or run as a user who can read it"
    if err.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a directory"
    if err.errno == errno.ENOENT and os.path.islink(path):
        return f"broken symbolic link to {os.readlink(path)}"
    return err.strerror or str(err)


def _read_file(result: Inputs, seen_ids: dict[str, int], path: str, options: ReadOptions, walked: bool = False) -> None:
    """Read one file. `walked`: found in a directory walk rather than named, so a JSON file
    none of whose rows is an article (a metadata index) is passed over, not an error."""
    try:
        data = read_bytes(path, options.max_bytes)
    except InputError as err:
        result.problems.append(InputProblem(path, err.problem))
        return
    result.files_read += 1
    stem = Path(path).name
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    _add_source(result, seen_ids, path, stem, data, Path(path).suffix.lower(), options, walked)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """A file's bytes, never more than `max_bytes`.

    The size is checked with stat before a byte is read, so a 200 MB file costs nothing to
    refuse; reading then stops one byte past the limit, so a file that grows meanwhile, a
    pipe or a device cannot make us hold more."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise InputError(path, _too_big(max_bytes, info.st_size))
        with open(path, "rb") as handle:
            hint = info.st_size + 1 if stat.S_ISREG(info.st_mode) else _CHUNK
            return _read_at_most(handle, max_bytes, path, hint)
    except OSError as err:
        raise InputError(path, f"cannot read: {_os_reason(err, path)}") from None


_CHUNK = 1 << 20


def _read_at_most(handle: BinaryIO, max_bytes: int, path: str, hint: int = _CHUNK) -> bytes:
    chunks: list[bytes] = []
    total = 0
    want = min(hint, max_bytes + 1)
    while total <= max_bytes:
        chunk = handle.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = min(_CHUNK, max_bytes + 1 - total)
    if total > max_bytes:
        raise InputError(path, _too_big(max_bytes))
    return b"".join(chunks)


def _too_big(max_bytes: int, size: int | None = None) -> str:
    if size is None:
        return f"input is over the {max_bytes:,}-byte limit; pass a larger --max-bytes to read it"
    return f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; pass --max-bytes {size} (or more) to read it"


def _add_source(
    result: Inputs, seen_ids: dict[str, int], path: str, stem: str, data: bytes, suffix: str, options: ReadOptions, walked: bool = False
) -> None:
    try:
        text, exact = decode(data, path, options.encoding)
        if not text.strip():
            raise InputError(path, "empty file: nothing to check")
        if suffix in (".json", ".jsonl"):
            rows, row_problems = json_rows(text, path, suffix == ".jsonl" or looks_like_jsonl(text))
            if not rows and row_problems:
                if walked and rows_without_text(text, suffix == ".jsonl" or looks_like_jsonl(text)):
                    # A metadata index in a folder of articles (no row has a text at all).
                    result.files_read -= 1
                    result.skipped.append(Skipped(path, f'not articles: none of its {len(row_problems)} rows has a "text"'))
                    return
                # No row is an article: one line for the file, not one a row.
                raise InputError(
                    path, f'none of its {len(row_problems)} rows is an article with "text" (first problem: {row_problems[0].message})'
                )
            result.problems.extend(row_problems)
            for row in rows:
                doc_id = _unique(seen_ids, row.id)
                published = _metadata_date(options, path, doc_id) or row.published
                result.articles.append(
                    article_from_text(
                        doc_id,
                        row.text,
                        path,
                        published=published,
                        title=row.title,
                        source=row.source,
                        url=row.url,
                        text_is_file_content=False,
                    )
                )
            return
        doc_id = _unique(seen_ids, stem)
        published = _metadata_date(options, path, doc_id)
        if suffix in (".html", ".htm") or (suffix == ".txt" and looks_like_html(text)):
            extracted = extract_html(text)
            if not extracted.text.strip():
                raise InputError(path, "HTML holds no article text")
            result.articles.append(article_from_html(doc_id, path, extracted, published))
            return
        result.articles.append(article_from_text(doc_id, text, path, published=published, text_is_file_content=exact))
    except InputError as err:
        result.problems.append(InputProblem(err.path, err.problem))


def _unique(seen_ids: dict[str, int], doc_id: str) -> str:
    count = seen_ids.get(doc_id, 0) + 1
    seen_ids[doc_id] = count
    return doc_id if count == 1 else f"{doc_id}~{count}"


def _metadata_date(options: ReadOptions, path: str, doc_id: str) -> _dt.date | None:
    return options.published.get(path) or options.published.get(doc_id) or options.published.get("*")
