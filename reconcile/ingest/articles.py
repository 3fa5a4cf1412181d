"""An `Article` from its text (layout found, the date it states) or from extracted HTML
(the markup's roles kept)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from typing import cast

from .layout import find_blocks
from ..model import Article, BlockRole
from .html import ExtractedHTML


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
    headline = next((text[b.start : b.end] for b in blocks if b.role == "headline"), None)
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
# HTML


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def article_from_html(doc_id: str, path: str, extracted: ExtractedHTML, published: _dt.date | None) -> Article:
    article = article_from_text(
        doc_id, extracted.text, path, published=published or extracted.published, title=extracted.title, text_is_file_content=False
    )
    if not extracted.roles:
        return article
    # The markup knows better than the text rules which paragraphs are captions or headings.
    blocks = []
    for block in article.blocks:
        hinted = next((role for s, e, role in extracted.roles if s <= block.start and block.end <= e), None)
        blocks.append(replace(block, role=cast(BlockRole, hinted)) if hinted and block.role not in ("boilerplate", "dateline") else block)
    return replace(article, blocks=tuple(blocks))
