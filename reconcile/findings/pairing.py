"""Pairing claims for comparison: which pairs are worth comparing, and the word forms they
are compared by.

Figures and dates of one event are compared only between articles of one story
(`stories.Stories.link`). Trying every pair of a run and asking `link` costs the square
of the run; these helpers bucket the items by story first (`Stories.story`, an indexed
key), so the work is the sum of the squares of the story sizes, linear in the run while
stories stay small. The pairs come out in the order the all-pairs loop would give them,
so that what is built from them is the same.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Callable, Hashable, Iterator, Sequence, TypeVar

from ..claims.numbers import singular
from .stories import Stories

T = TypeVar("T")


def pairs_sharing(items: Sequence[T], key: Callable[[T], Hashable]) -> Iterator[tuple[T, T]]:
    """(items[i], items[j]) for i < j with equal keys, in the order of ``for i ...: for j in
    range(i + 1, n)``: the all-pairs loop with the pairs of different keys never tried."""
    keys = [key(item) for item in items]
    by_key: dict[Hashable, list[int]] = defaultdict(list)
    for n, k in enumerate(keys):
        by_key[k].append(n)
    for n, item in enumerate(items):
        bucket = by_key[keys[n]]
        for m in bucket[bisect.bisect_right(bucket, n) :]:
            yield item, items[m]


def pairs_in_stories(items: Sequence[T], doc_of: Callable[[T], str], stories: Stories) -> Iterator[tuple[T, T]]:
    """(items[i], items[j]) for i < j whose articles are one article or one story, in the
    order of ``for i ...: for j in range(i + 1, n)``."""
    return pairs_sharing(items, lambda item: stories.story(doc_of(item)))


def linked_docs(docs: Sequence[str], stories: Stories) -> Iterator[tuple[str, str]]:
    """(a, b) for the sorted `docs`, a <= b, that are one article or one story, in the
    order of ``for i ...: for b in docs[i:]``."""
    by_story: dict[object, list[str]] = defaultdict(list)
    for doc in docs:
        by_story[stories.story(doc)].append(doc)
    for doc in docs:
        bucket = by_story[stories.story(doc)]
        for other in bucket[bisect.bisect_left(bucket, doc) :]:
            yield doc, other


def stem(form: str) -> str:
    """A crude common form of a content word: "riots", "rioting" -> "riot"."""
    word = singular(form)
    for ending in ("ing", "ed", "ion"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


__all__ = ["linked_docs", "pairs_in_stories", "pairs_sharing", "stem"]
