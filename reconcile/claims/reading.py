"""What the extractors read from each sentence, worked out once per article and shared.

People and places both look for names in the same words, numbers and dates both look
for the same date expressions, and every extractor splits the same sentences into words.
`Reading` keeps each such result the first time one extractor asks for it, so that the
next one gets the same list instead of doing the work again.

A `Reading` belongs to one article (its text) and one lexicon: `extract_claims` makes a
new one for each article. Each extractor makes its own when called alone, so calling
them separately gives the same claims as `extract_claims`.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from ..model import Span
from ..text import Token, words

T = TypeVar("T")


class Reading:
    """Per-sentence results of one article, each worked out once (see the module docstring)."""

    def __init__(self, text: str):
        self.text = text
        self._kept: dict[tuple[str, int, int], object] = {}

    def kept(self, what: str, sentence: Span, make: Callable[[], T]) -> T:
        """The result named `what` for this sentence: made by `make` the first time, then kept."""
        key = (what, sentence.start, sentence.end)
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]  # type: ignore[return-value]

    def words(self, sentence: Span) -> list[Token]:
        """The sentence's words (`reconcile.text.words`). Callers must not change the list."""
        return self.kept("words", sentence, lambda: words(self.text, sentence.start, sentence.end))


__all__ = ["Reading"]
