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
from dataclasses import fields
from typing import Any, Sequence

from .. import __version__
from ..claims.lexicon import Lexicon
from ..model import Article, Block, Claim

RECORD_FORMAT = 1


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


def article_from_json(record: dict[str, Any]) -> Article:
    """The article `article_to_json` recorded."""
    text = record["text"]
    blocks = tuple(Block(role, int(start), int(end)) for role, start, end in record["blocks"])
    for block in blocks:
        if not 0 <= block.start <= block.end <= len(text):
            raise ValueError(f"block {block.start}:{block.end} outside the stored text of {record['id']}")
    published = record.get("published")
    return Article(
        id=record["id"],
        path=record["path"],
        text=text,
        blocks=blocks,
        published=_dt.date.fromisoformat(published) if published else None,
        published_from=record.get("published_from"),
        title=record.get("title"),
        source=record.get("source"),
        url=record.get("url"),
        text_is_file_content=bool(record.get("text_is_file_content", True)),
    )


def claims_to_json(claims: Sequence[Claim]) -> list[list[Any]]:
    """Claims of one article, compactly: kind, key, value, block, span and sentence
    offsets, and the detail pairs in their order."""
    return [
        [c.kind, c.key, c.value, c.block, c.span.start, c.span.end, c.sentence.start, c.sentence.end,
         [list(pair) for pair in c.details]]
        for c in claims
    ]


def claims_from_json(article: Article, rows: Sequence[Sequence[Any]]) -> tuple[Claim, ...]:
    """The claims `claims_to_json` recorded, with spans rebuilt from the article's text."""
    return tuple(
        Claim(kind=kind, span=article.span(start, end), key=key, value=value,
              sentence=article.span(s_start, s_end), block=block,
              details=tuple((str(k), str(v)) for k, v in details))
        for kind, key, value, block, start, end, s_start, s_end, details in rows
    )


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
