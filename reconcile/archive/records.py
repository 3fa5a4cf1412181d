"""Articles and claims as JSON records, the form an archive stores them in.

`model.py` writes claims for reports (`Claim.to_json`); an archive must also read them
back, with the sentence each came from, so the round trip lives here. Spans are stored as
offsets only and rebuilt from the article's text on load, so a stored claim cannot drift
from the text it points into: ``article.text[s.start:s.end] == s.text`` holds by
construction, and offsets outside the text are refused.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import zlib
from dataclasses import fields
from typing import Any, Sequence

from .. import __version__
from ..claims.lexicon import Lexicon
from ..model import Article, Block, Claim, details_from_pairs

RECORD_FORMAT = 1
# zlib level for stored records: level 6 makes them hardly smaller, at twice the time.
PACK_LEVEL = 3


def article_to_json(article: Article) -> dict[str, Any]:
    """Everything needed to rebuild the article exactly: its text, layout and metadata."""
    return {
        "format": RECORD_FORMAT,
        "id": article.id,
        "path": article.path,
        "text": article.text,
        "blocks": [[b.role, b.start, b.end] for b in article.blocks],
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "text_is_file_content": article.text_is_file_content,
    }


class RecordError(ValueError):
    """A stored value that is not what reconcile writes. `field` names the value (``text``,
    ``claims``, ``blocks``...) so that the damaged record can be named to the user."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def article_from_json(record: Any) -> Article:
    """The article `article_to_json` recorded. Every field is checked for its type (and
    blocks for their place in the text): a record damaged in storage raises RecordError
    naming the field, never a TypeError from deep inside the analysis."""
    if not isinstance(record, dict):
        raise RecordError("record", f"expected a JSON object, found {_kind(record)}")
    text = _field(record, "text", str)
    blocks = _blocks(record.get("blocks"), len(text))
    published = _optional(record, "published", str)
    try:
        published_date = _dt.date.fromisoformat(published) if published else None
    except ValueError:
        raise RecordError("published", f"not a date: {published!r}") from None
    published_from = _optional(record, "published_from", str)
    if published_from not in (None, "text", "metadata"):
        raise RecordError("published_from", f"expected text or metadata, found {published_from!r}")
    return Article(
        id=_field(record, "id", str),
        path=_field(record, "path", str),
        text=text,
        blocks=blocks,
        published=published_date,
        published_from=published_from,
        title=_optional(record, "title", str),
        source=_optional(record, "source", str),
        url=_optional(record, "url", str),
        text_is_file_content=_optional(record, "text_is_file_content", bool, True),
    )


def _blocks(value: Any, length: int) -> tuple[Block, ...]:
    if not isinstance(value, list):
        raise RecordError("blocks", f"expected a list, found {_kind(value)}")
    blocks = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and all(_is_int(n) for n in item[1:])):
            raise RecordError("blocks", f"expected [role, start, end], found {_short(item)}")
        role, start, end = item
        if not 0 <= start <= end <= length:
            raise RecordError("blocks", f"block {start}:{end} lies outside the stored text ({length} characters)")
        blocks.append(Block(role, start, end))
    return tuple(blocks)


def claims_to_json(claims: Sequence[Claim]) -> list[list[Any]]:
    """Claims of one article, compactly: kind, key, value, block, span and sentence
    offsets, and the detail pairs in their order."""
    return [
        [
            c.kind,
            c.key,
            c.value,
            c.block,
            c.span.start,
            c.span.end,
            c.sentence.start,
            c.sentence.end,
            [list(pair) for pair in c.details.pairs()],
        ]
        for c in claims
    ]


def claims_from_json(article: Article, rows: Any) -> tuple[Claim, ...]:
    """The claims `claims_to_json` recorded, with spans rebuilt from the article's text.
    A row of the wrong shape, or offsets outside the text, raise RecordError("claims")."""
    if not isinstance(rows, list):
        raise RecordError("claims", f"expected a list, found {_kind(rows)}")
    return tuple(_claim(article, row, number) for number, row in enumerate(rows, start=1))


def _claim(article: Article, row: Any, number: int) -> Claim:
    if not (isinstance(row, list) and len(row) == 9):
        raise RecordError("claims", f"claim {number} is not a row of nine values: {_short(row)}")
    kind, key, value, block, start, end, s_start, s_end, details = row
    if not all(isinstance(v, str) for v in (kind, key, value, block)):
        raise RecordError("claims", f"claim {number}: kind, key, value and block must be text: {_short(row)}")
    if not all(_is_int(n) for n in (start, end, s_start, s_end)):
        raise RecordError("claims", f"claim {number}: offsets must be whole numbers: {_short(row)}")
    if not (isinstance(details, list) and all(isinstance(p, list) and len(p) == 2 for p in details)):
        raise RecordError("claims", f"claim {number}: details must be pairs: {_short(details)}")
    try:
        span, sentence = article.span(start, end), article.span(s_start, s_end)
        typed = details_from_pairs(kind, ((str(k), str(v)) for k, v in details))
    except ValueError as error:
        raise RecordError("claims", f"claim {number}: {error}") from None
    return Claim(kind=kind, span=span, key=key, value=value, sentence=sentence, block=block, details=typed)


def parse_json(text: Any, field: str) -> Any:
    """A stored JSON value, or RecordError(field) when it is not JSON at all."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise RecordError(field, "not UTF-8 text") from None
    if not isinstance(text, str):
        raise RecordError(field, f"expected JSON text, found {_kind(text)}")
    try:
        return json.loads(text)
    except ValueError:
        raise RecordError(field, f"not JSON: {_short(text)}") from None


def pack(text: str) -> bytes:
    """A record as an archive of schema 3 stores it: its JSON, compressed (claims shrink
    about five times, a text about half)."""
    return zlib.compress(text.encode("utf-8"), PACK_LEVEL)


def unpack(value: Any, field: str) -> bytes:
    """The JSON `pack` stored; RecordError(field) when the value is not one it wrote."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogateescape")
    if not isinstance(value, bytes):
        raise RecordError(field, f"expected a compressed record, found {_kind(value)}")
    try:
        return zlib.decompress(value)
    except zlib.error:
        raise RecordError(field, f"not a compressed record: {_short(value)}") from None


def parse_stored(value: Any, field: str, packed: bool) -> Any:
    """A stored JSON value, compressed (`pack`) or not (archives before schema 3)."""
    return parse_json(unpack(value, field) if packed else value, field)


def _field(record: dict, name: str, kind: type) -> Any:
    value = record.get(name)
    if not isinstance(value, kind):
        raise RecordError(name, f"expected {kind.__name__}, found {_kind(value)}")
    return value


def _optional(record: dict, name: str, kind: type, default: Any = None) -> Any:
    value = record.get(name, default)
    if value is not None and not isinstance(value, kind):
        raise RecordError(name, f"expected {kind.__name__} or nothing, found {_kind(value)}")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {_short(value)}"


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_content_hash(article: Article, stored_hash: Any) -> None:
    """Refuse an article whose text or metadata no longer give the content hash stored with
    it: damage inside a record that is still valid JSON (a changed letter, a truncated text)
    is caught here, as no integrity check of the file can catch it."""
    if stored_hash != content_hash(article):
        raise RecordError("text", "does not match the content hash stored with it (changed in storage)")


def content_hash(article: Article) -> str:
    """What decides whether a re-added article changed: its text, layout and metadata.
    The path is left out, so adding the same file from another directory is no change."""
    record = article_to_json(article)
    record.pop("path")
    return hashlib.sha256(dumps(record).encode("utf-8")).hexdigest()


def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """A stable identity of the lexicon claims were extracted with (and of the reconcile
    version that extracted them): stored claims made with another one are re-extracted."""
    parts: list[Any] = [__version__]
    for f in fields(lexicon):
        value = getattr(lexicon, f.name)
        parts.append(sorted(value) if isinstance(value, frozenset) else value)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:16]


def dumps(value: Any) -> str:
    """Compact, deterministic JSON (sorted keys, no ASCII escaping)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
