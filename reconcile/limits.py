"""Bounds on the work one article can cause, so that a pathological input (ten thousand
copies of one sentence, a book pasted as one story) cannot stall a CI run.

The bounds are far above any news story (a long feature has a few hundred sentences); an
article past one is still analysed up to the bound, and the report says what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .model import Article
from .text import sentences

# Sentences read for claims per article. Claim extraction and the pairwise checks of
# findings grow with it; a long feature has about 300.
MAX_CLAIM_SENTENCES = 1_000


@dataclass(frozen=True)
class LimitReached:
    """One article went past a bound: which, where the bound is, and how much it had."""

    doc: str
    limit: str
    bound: int
    found: int

    @property
    def message(self) -> str:
        what = {"claim-sentences": "sentences read for claims", "overlap-sentences": "sentences matched for shared passages"}.get(
            self.limit, self.limit
        )
        return f"{self.found:,} sentences; only the first {self.bound:,} {what} (a bound on the work one article may cause)"

    def to_json(self) -> dict:
        return {"doc": self.doc, "limit": self.limit, "bound": self.bound, "found": self.found, "message": self.message}


def analysed_sentence_count(article: Article, roles: tuple[str, ...]) -> int:
    """How many sentences the blocks of these roles hold."""
    return sum(len(sentences(article.text, b.start, b.end)) for b in article.blocks_of(*roles))


def limits_reached(article: Article, max_overlap_sentences: int, max_claim_sentences: int | None) -> list[LimitReached]:
    """The bounds this article goes past (claims bound None: claims are not extracted)."""
    found = []
    overlap_count = analysed_sentence_count(article, ("headline", "dek", "caption", "body"))
    if overlap_count > max_overlap_sentences:
        found.append(LimitReached(article.id, "overlap-sentences", max_overlap_sentences, overlap_count))
    if max_claim_sentences is not None:
        claim_count = analysed_sentence_count(article, ("body", "caption"))
        if claim_count > max_claim_sentences:
            found.append(LimitReached(article.id, "claim-sentences", max_claim_sentences, claim_count))
    return found


def limits_of(articles: Sequence[Article], max_overlap_sentences: int, claims: bool) -> list[LimitReached]:
    """Every bound the articles go past, in article order (`claims`: whether claims are read)."""
    claim_bound = MAX_CLAIM_SENTENCES if claims else None
    return [hit for article in articles for hit in limits_reached(article, max_overlap_sentences, claim_bound)]
