"""Ingest stage: turn files, directories, JSON rows and standard input into `Article`s.

The promise: `Article.text` is the decoded text exactly as read (or, for HTML, the article
text extracted from it), and every later offset indexes that string. Inputs that cannot be
read become `InputProblem`s naming the file and what to do; the others are still read.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import json
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Iterator, Mapping, Sequence

from .errors import InputError
from .html import ExtractedHTML, extract_html
from .layout import find_blocks, parse_published
from .model import Article, InputProblem


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

    encoding: decode every input with this codec instead of detecting UTF-8/UTF-16.
    published: publication dates given as metadata: a date for every input under the key
        "*", or per file (keyed by the path as given or by the article id).
    max_bytes: inputs larger than this are refused with a message saying how to raise it.
    """

    encoding: str | None = None
    published: Mapping[str, _dt.date] = field(default_factory=dict)
    max_bytes: int = MAX_BYTES


@dataclass
class Inputs:
    """What reading produced: the articles, and the inputs that could not be read."""

    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def read_inputs(paths: Sequence[str], options: ReadOptions = ReadOptions(), stdin: BinaryIO | None = None) -> Inputs:
    """Read files, directories (recursively, by suffix) and ``-`` (standard input).

    Every input that cannot be read is recorded as a problem; the rest are still read.
    Article ids are file stems (or JSON row ids), made unique with a ``~N`` suffix."""
    result = Inputs()
    seen_ids: dict[str, int] = {}
    for given in paths:
        if given == "-":
            data = (stdin or sys.stdin.buffer).read()
            _add_source(result, seen_ids, "<stdin>", "stdin", data, ".txt", options)
            continue
        if not os.path.lexists(given):
            result.problems.append(InputProblem(given, "no such file or directory"))
            continue
        if os.path.isdir(given):
            files = list(_walk(given, result.problems))
            if not files:
                result.problems.append(InputProblem(given, f"directory holds no {', '.join(SUFFIXES)} files"))
            for path in files:
                _read_file(result, seen_ids, path, options)
        else:
            _read_file(result, seen_ids, given, options)
    return result


def _walk(root: str, problems: list[InputProblem]) -> Iterator[str]:
    def on_error(err: OSError) -> None:
        problems.append(InputProblem(err.filename or root, f"cannot list directory: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            yield os.path.join(dirpath, name)


def _read_file(result: Inputs, seen_ids: dict[str, int], path: str, options: ReadOptions) -> None:
    try:
        size = os.path.getsize(path)
        if size > options.max_bytes:
            raise InputError(path, f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit; pass --max-bytes to raise it")
        with open(path, "rb") as handle:
            data = handle.read()
    except InputError as err:
        result.problems.append(InputProblem(path, err.problem))
        return
    except OSError as err:
        result.problems.append(InputProblem(path, f"cannot read: {err.strerror or err}"))
        return
    stem = Path(path).name
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    _add_source(result, seen_ids, path, stem, data, Path(path).suffix.lower(), options)


def _add_source(result: Inputs, seen_ids: dict[str, int], path: str, stem: str, data: bytes, suffix: str, options: ReadOptions) -> None:
    try:
        text, exact = decode(data, path, options.encoding)
        if not text.strip():
            raise InputError(path, "empty file: nothing to check")
        if suffix in (".json", ".jsonl"):
            rows, row_problems = _json_rows(text, path, suffix == ".jsonl" or _looks_like_jsonl(text))
            if not rows and row_problems:
                # No row is an article (a metadata index, say): one line for the file, not one a row.
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

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are recognised; anything else
    needs ``--encoding``: guessing a legacy codec silently would give mojibake."""
    if encoding:
        try:
            return data.decode(encoding), False
        except (UnicodeDecodeError, LookupError) as err:
            raise InputError(path, f"cannot decode as {encoding}: {err}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError as err:
            raise InputError(path, f"broken UTF-16 at byte {err.start}") from None
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary file (NUL bytes), not a text article; pass --encoding utf-16-le if it is UTF-16 without a BOM")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), False
        except UnicodeDecodeError as err:
            raise InputError(path, f"invalid UTF-8 at byte {err.start + 3}") from None
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        hint = "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"
        raise InputError(
            path, f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); if it is {hint}, pass --encoding {hint}"
        ) from None


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
    rows: list[_Row] = []
    problems: list[InputProblem] = []
    if line_delimited:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(_row(json.loads(line), path, number))
            except (ValueError, InputError) as err:
                problems.append(InputProblem(f"{path}:{number}", _row_error(err)))
        return rows, problems
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise InputError(path, f"invalid JSON: {err}") from None
    items = doc if isinstance(doc, list) else doc.get("articles", [doc]) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(path, "JSON must be an object with id and text, or a list of them")
    for number, item in enumerate(items, start=1):
        try:
            rows.append(_row(item, path, number))
        except InputError as err:
            problems.append(InputProblem(f"{path}:{number}", err.problem))
    return rows, problems


def _row_error(err: Exception) -> str:
    return err.problem if isinstance(err, InputError) else f"invalid JSON: {err}"


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
