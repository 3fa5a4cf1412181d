"""Claims stage: from each body sentence and caption, the statements that can be checked.

Extraction is offline and rule-based (patterns, the bundled lexicon, rapidfuzz). Every
claim's span indexes the article's original text.

`extract_claims(article, lexicon)` is the entry point: people (`people`), places and
bodies (`places`), quotes (`quotes`), numbers (`numbers`) and dates (`dates`). Each
module's docstring lists the `details` keys its claims carry.
"""

from __future__ import annotations

import datetime as _dt

from ..limits import MAX_CLAIM_SENTENCES
from ..model import Article, BlockRole, Claim, Span
from ..text import sentences
from .dates import extract_dates
from .lexicon import Lexicon
from .numbers import extract_numbers
from .people import extract_people
from .places import extract_places
from .quotes import extract_quotes
from .reading import Reading


def article_sentences(article: Article) -> list[tuple[Span, BlockRole]]:
    """The sentences that claims are taken from: body paragraphs and captions, with the
    role of the block each came from."""
    result: list[tuple[Span, BlockRole]] = []
    for block in article.blocks_of("body", "caption"):
        for start, end in sentences(article.text, block.start, block.end):
            result.append((article.span(start, end), block.role))
    return result


def extract_claims(
    article: Article, lexicon: Lexicon, max_sentences: int = MAX_CLAIM_SENTENCES, reference: _dt.date | None = None
) -> list[Claim]:
    """Every claim of one article, sorted by where it starts: people, places and bodies,
    quotes, numbers and dates. Only the first `max_sentences` sentences are read (see
    `reconcile.limits`). `reference`: the date undated articles are read against where a
    date needs one (`dates.extract_dates`); claims never depend on the clock.

    The extractors share one `Reading` of the sentences, so that words, names and date
    expressions are each found once."""
    found = article_sentences(article)[:max_sentences]
    reading = Reading(article.text)
    people = extract_people(article, found, lexicon, reading)
    claims: list[Claim] = [
        *people,
        *extract_places(article, found, lexicon, reading),
        *extract_quotes(article, found, people, reading),
        *extract_numbers(article, found, reading),
        *extract_dates(article, found, reading, reference),
    ]
    return sorted(claims, key=lambda c: (c.span.start, c.span.end, c.kind))
