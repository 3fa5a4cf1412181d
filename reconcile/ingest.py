"""Ingest stage: turn files, directories, JSON rows and standard input into `Article`s.

The promise: `Article.text` is the decoded text exactly as read (or, for HTML, the article
text extracted from it), and every later offset indexes that string. Inputs that cannot be
read become `InputProblem`s naming the file and what to do; the others are still read.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import errno
import fnmatch
import json
import os
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .html import ExtractedHTML, extract_html
from .layout import find_blocks, parse_published
from .model import Article, InputProblem, Skipped


def article_from_text(
    doc_id: str,
    text: str,
    path: str = "<text>",
    *,
    published: _dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    text_is_file_content: bool = True,
) -> Article:
    """Build an article from plain text, finding its layout. A `published` date given as
    metadata wins over one the text states."""
    blocks, stated = find_blocks(text)
    headline = next((text[b.start:b.end] for b in blocks if b.role == "headline"), None)
    return Article(
        id=doc_id,
        path=path,
        text=text,
        blocks=blocks,
        published=published or stated,
        published_from="metadata" if published else ("text" if stated else None),
        title=title or headline,
        source=source,
        url=url,
        text_is_file_content=text_is_file_content,
    )


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
            if not found and not any(p.path == given for p in result.problems) \
                    and not any(s.path.startswith(given) for s in result.skipped):
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


def walk_articles(root: str, problems: list[InputProblem], excludes: Excludes | None = None,
                  skipped: list[Skipped] | None = None) -> Iterator[str]:
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
        pending.extend((path, ancestors + (identity,), rules) for path, identity in reversed(subdirectories)
                       if not _skipped(path, root, excludes, rules, skipped, is_dir=True))


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


def _directory_files(directory: str, ancestors: tuple[tuple[int, int], ...], read: dict[tuple[int, int], str],
                     subdirectories: list[tuple[str, tuple[int, int]]], problems: list[InputProblem]) -> Iterator[str]:
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
                problems.append(InputProblem(entry.path, f"symbolic link loop: it leads back to {read[identity]}, "
                                                         "which is already being read; not followed"))
            elif identity in read:
                problems.append(InputProblem(entry.path, f"the same directory as {read[identity]}, "
                                                         "already read; not read twice"))
            else:
                read[identity] = entry.path
                subdirectories.append((entry.path, identity))
        elif entry.name.lower().endswith(SUFFIXES):
            if stat.S_ISREG(info.st_mode):
                yield entry.path
            else:
                problems.append(InputProblem(entry.path, "not a regular file (a pipe, socket or device); "
                                                         "give it by name to read it"))


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


def _add_source(result: Inputs, seen_ids: dict[str, int], path: str, stem: str, data: bytes, suffix: str,
                options: ReadOptions, walked: bool = False) -> None:
    try:
        text, exact = decode(data, path, options.encoding)
        if not text.strip():
            raise InputError(path, "empty file: nothing to check")
        if suffix in (".json", ".jsonl"):
            rows, row_problems = _json_rows(text, path, suffix == ".jsonl" or _looks_like_jsonl(text))
            if not rows and row_problems:
                if walked and _rows_without_text(text, suffix == ".jsonl" or _looks_like_jsonl(text)):
                    # A metadata index in a folder of articles (no row has a text at all).
                    result.files_read -= 1
                    result.skipped.append(Skipped(path, f"not articles: none of its {len(row_problems)} rows has a \"text\""))
                    return
                # No row is an article: one line for the file, not one a row.
                raise InputError(path, f"none of its {len(row_problems)} rows is an article with \"text\" "
                                       f"(first problem: {row_problems[0].message})")
            result.problems.extend(row_problems)
            for row in rows:
                doc_id = _unique(seen_ids, row.id)
                published = _metadata_date(options, path, doc_id) or row.published
                result.articles.append(
                    article_from_text(doc_id, row.text, path, published=published, title=row.title,
                                      source=row.source, url=row.url, text_is_file_content=False)
                )
            return
        doc_id = _unique(seen_ids, stem)
        published = _metadata_date(options, path, doc_id)
        if suffix in (".html", ".htm") or (suffix == ".txt" and _looks_like_html(text)):
            extracted = extract_html(text)
            if not extracted.text.strip():
                raise InputError(path, "HTML holds no article text")
            result.articles.append(_article_from_html(doc_id, path, extracted, published))
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


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, bool]:
    """Decode an input's bytes; return the text and whether it is exactly the file's UTF-8.

    Recognised without help: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM,
    and UTF-16 without one when its NUL bytes show ASCII-range text. Legacy single-byte
    text (Windows-1252, Latin-1) is recognised but refused with the ``--encoding`` to
    pass: a silent guess that is wrong turns names into mojibake, and mojibake into false
    spelling findings. ``encoding`` is the fallback for the files that are none of these:
    valid UTF-8 is always read as UTF-8, so one Latin-1 file's advice does not garble the
    UTF-8 files of the same run ("CafÃ©")."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}; pass a Python codec name such as utf-8 or cp1252") from None
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_wide(data, codec, path), False
    bomless = utf16_without_bom(data)
    if bomless:
        return _decode_wide(data, bomless, path), False
    if b"\x00" in data:
        if encoding:
            return _fallback(data, path, encoding), False
        raise InputError(path, f"binary file (a NUL byte at offset {data.index(0)}), not a text article")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError as err:
            raise InputError(path, _not_utf8(data, err.start + len(codecs.BOM_UTF8))) from None
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        if encoding:
            return _fallback(data, path, encoding), False
        raise InputError(path, _not_utf8(data, err.start)) from None


def _fallback(data: bytes, path: str, encoding: str) -> str:
    """Bytes that are not UTF-8 read with the encoding the user named."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(path, f"cannot decode as {encoding}: {err.reason} at {_where(data, err.start)}") from None


def _decode_wide(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(path, f"broken {codec.upper()} at byte {err.start}: {err.reason}") from None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a BOM, else None.

    Text in the ASCII and Latin-1 range has a NUL as the high byte of almost every
    character; binary data has NULs on both sides. Text in other scripts (CJK, Cyrillic)
    has no such pattern and cannot be told from binary this way: it needs ``--encoding``."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:8192]
    pairs = len(sample) // 2
    first_nuls = sample[0::2].count(0)
    second_nuls = sample[1::2].count(0)
    for nuls, others, codec in ((second_nuls, first_nuls, "utf-16-le"), (first_nuls, second_nuls, "utf-16-be")):
        if nuls >= 0.6 * pairs and others <= 0.02 * pairs:
            return codec
    return None


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"offset {offset}, line {line}, column {column}"


# Characters a Windows-1252 byte >= 0x80 decodes to in ordinary Western text: letters, and
# typographic punctuation and symbols. Control characters (Latin-1's 0x80-0x9F) are not.
_LEGACY_PUNCTUATION = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u2020\u2021\u2030\u2039\u203a"
                          "\u20ac\u2122\u00a0\u00a1\u00a2\u00a3\u00a5\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b2\u00b3"
                          "\u00b4\u00b5\u00b7\u00b9\u00ba\u00aa\u00bb\u00bc\u00bd\u00be\u00bf\u00d7\u00f7\u00a8\u00af")


def legacy_codec(data: bytes) -> str | None:
    """The single-byte codec that reads these (non-UTF-8) bytes as plausible Western text:
    "latin-1" when no byte is in 0x80-0x9F (the two codecs then agree), "cp1252" when
    Windows-1252's curly quotes, dashes or euro sign are there, None when neither fits.

    Plausible means every byte >= 0x80 is a letter or typographic punctuation, and accented
    letters come one or two at a time inside words, as in French or German; long runs of
    them are another script (Cyrillic read as cp1252 gives "Ïðèâåò") and are not guessed."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
    high = [c for c in text if ord(c) >= 0x80]
    if not high or not all(c.isalpha() or c in _LEGACY_PUNCTUATION for c in high):
        return None
    longest_run = max((len(run) for run in _high_letter_runs(text)), default=0)
    if longest_run > 2:
        return None
    return "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"


def _high_letter_runs(text: str) -> Iterator[str]:
    run: list[str] = []
    for c in text:
        if ord(c) >= 0x80 and c.isalpha():
            run.append(c)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def _not_utf8(data: bytes, offset: int) -> str:
    """Why bytes are not UTF-8, and what to pass instead."""
    where = _where(data, offset)
    valid, bad = _utf8_tally(data)
    if valid >= bad:
        # As many real UTF-8 characters as bad bytes: this is damage (or a pasted fragment), not a codec.
        return (f"invalid UTF-8 (byte 0x{data[offset]:02x} at {where}; {bad} bad in all) in a file that is "
                f"otherwise UTF-8: it is damaged or mixes encodings; fix those bytes")
    codec = None if valid else legacy_codec(data)
    if codec == "cp1252":
        return f"not UTF-8 (byte 0x{data[offset]:02x} at {where}); it reads as Windows-1252: pass --encoding cp1252"
    if codec == "latin-1":
        return f"not UTF-8 (byte 0x{data[offset]:02x} at {where}); it reads as Latin-1: pass --encoding latin-1"
    return (f"not UTF-8 (byte 0x{data[offset]:02x} at {where}) and not recognisably Windows-1252 or Latin-1; "
            f"find its encoding (`file -i`) and pass --encoding CODEC")


def _utf8_tally(data: bytes) -> tuple[int, int]:
    """How many well-formed multi-byte UTF-8 characters the bytes hold, and how many bad
    sequences (each read as one U+FFFD by a lenient decoder)."""
    lenient = data.decode("utf-8", "replace")
    genuine_replacements = data.decode("utf-8", "ignore").count("\ufffd")
    bad = lenient.count("\ufffd") - genuine_replacements
    valid = sum(1 for c in lenient if ord(c) >= 0x80) - bad - genuine_replacements
    return valid, bad


# ---------------------------------------------------------------------------------------
# JSON rows


@dataclass(frozen=True)
class _Row:
    id: str
    text: str
    title: str | None
    source: str | None
    url: str | None
    published: _dt.date | None


def _looks_like_jsonl(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("{") and "\n{" in stripped.rstrip()


def _json_rows(text: str, path: str, line_delimited: bool) -> tuple[list[_Row], list[InputProblem]]:
    """The article rows of a JSON or JSONL file, and one problem for each row that is not
    one (named ``PATH:ROW``); the other rows are still read."""
    rows: list[_Row] = []
    problems: list[InputProblem] = []
    if line_delimited:
        # Rows end at "\n" only: a JSON string may hold a raw U+2028, which splitlines() would cut.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rows.append(_row(json.loads(line), path, number))
            except json.JSONDecodeError as err:
                problems.append(InputProblem(f"{path}:{number}", f"row {number} is not valid JSON: {err.msg} "
                                                                 f"at column {err.colno}; the other rows were read"))
            except RecursionError:
                problems.append(InputProblem(f"{path}:{number}", f"row {number} is nested too deeply to read"))
            except InputError as err:
                problems.append(InputProblem(f"{path}:{number}", err.problem))
        return rows, problems
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, f"invalid JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to read") from None
    items = doc if isinstance(doc, list) else doc.get("articles", [doc]) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(path, "JSON must be an object with id and text, or a list of them")
    for number, item in enumerate(items, start=1):
        try:
            rows.append(_row(item, path, number))
        except InputError as err:
            problems.append(InputProblem(f"{path}:{number}", err.problem))
    return rows, problems


def _rows_without_text(text: str, line_delimited: bool) -> bool:
    """Whether every row is an object with no "text" key at all: metadata, not articles."""
    try:
        items = [json.loads(line) for line in text.split("\n") if line.strip()] if line_delimited else json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    items = items if isinstance(items, list) else [items]
    return bool(items) and all(isinstance(item, dict) and "text" not in item for item in items)


def _row(item: object, path: str, number: int) -> _Row:
    if not isinstance(item, dict):
        raise InputError(path, f"row {number} is not an object")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, f"row {number} has no \"text\"")
    raw_id = item.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{Path(path).stem}-{number}"
    published = None
    if item.get("published"):
        published = parse_date_option(str(item["published"]))
        if published is None:
            raise InputError(path, f"row {number}: cannot read published date {item['published']!r} (use YYYY-MM-DD)")
    return _Row(doc_id, text, _opt_str(item.get("title")), _opt_str(item.get("source")), _opt_str(item.get("url")), published)


def _opt_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def parse_date_option(value: str) -> _dt.date | None:
    """A date given as metadata: ISO (2013-11-01, or an ISO timestamp) or any form a
    published line may take."""
    try:
        return _dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return parse_published(value)


# ---------------------------------------------------------------------------------------
# HTML


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _article_from_html(doc_id: str, path: str, extracted: ExtractedHTML, published: _dt.date | None) -> Article:
    article = article_from_text(doc_id, extracted.text, path, published=published or extracted.published,
                                title=extracted.title, text_is_file_content=False)
    if not extracted.roles:
        return article
    # The markup knows better than the text rules which paragraphs are captions or headings.
    blocks = []
    for block in article.blocks:
        hinted = next((role for s, e, role in extracted.roles if s <= block.start and block.end <= e), None)
        blocks.append(replace(block, role=hinted) if hinted and block.role not in ("boilerplate", "dateline") else block)
    return replace(article, blocks=tuple(blocks))
