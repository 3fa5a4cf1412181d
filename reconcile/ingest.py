"""Ingest stage: turn files, directories, JSON rows and standard input into `Article`s.

The promise: `Article.text` is the decoded text exactly as read (or, for HTML, the article
text extracted from it), and every later offset indexes that string. Inputs that cannot be
read become `InputProblem`s naming the file and what to do; the others are still read.
"""

from __future__ import annotations

import datetime as _dt

from .layout import find_blocks
from .model import Article


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
