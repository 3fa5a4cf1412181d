"""JSON and JSON Lines inputs: one article a row (`text`, and `id`, `title`, `published`,
`source`, `url` when given); rows that are not articles are named by their number."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .layout import parse_published
from ..model import InputProblem


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


def looks_like_jsonl(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("{") and "\n{" in stripped.rstrip()


def json_rows(text: str, path: str, line_delimited: bool) -> tuple[list[_Row], list[InputProblem]]:
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
                problems.append(
                    InputProblem(
                        f"{path}:{number}", f"row {number} is not valid JSON: {err.msg} at column {err.colno}; the other rows were read"
                    )
                )
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


def rows_without_text(text: str, line_delimited: bool) -> bool:
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
        raise InputError(path, f'row {number} has no "text"')
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
