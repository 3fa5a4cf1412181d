"""Claims stage: from each body sentence and caption, the statements that can be checked.

Extraction is offline and rule-based (patterns, the bundled lexicon, rapidfuzz). Every
claim's span indexes the article's original text.
"""

from __future__ import annotations

from ..model import Article, BlockRole, Span
from ..text import sentences


def article_sentences(article: Article) -> list[tuple[Span, BlockRole]]:
    """The sentences that claims are taken from: body paragraphs and captions, with the
    role of the block each came from."""
    result: list[tuple[Span, BlockRole]] = []
    for block in article.blocks_of("body", "caption"):
        for start, end in sentences(article.text, block.start, block.end):
            result.append((article.span(start, end), block.role))
    return result
