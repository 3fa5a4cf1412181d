"""Slow, obviously correct references for the overlap stage, used by differential tests.

Nothing here is fast or clever: exact Jaccard over every pair of sets, a textbook
longest-common-subsequence, and an aligner that compares every passage of every
document with every passage of every other document. `find_overlaps` must find what
`naive_overlaps` finds; MinHash estimates must stay near `exact_jaccard`.
"""

from __future__ import annotations

from itertools import combinations
from typing import Hashable, Mapping, Sequence

from reconcile.model import Article, Overlap
from reconcile.overlap.align import AlignedPair, overlaps_between
from reconcile.overlap.find import OverlapSettings
from reconcile.overlap.shingles import Passage, article_passages, word_shingles


def exact_jaccard(x: set, y: set) -> float:
    """|x & y| / |x | y|; two empty sets are identical (1.0)."""
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


def all_pairs_jaccard(sets: Mapping[Hashable, set]) -> dict[tuple, float]:
    """Exact Jaccard of every pair of keys (in sorted key order)."""
    keys = sorted(sets)  # type: ignore[type-var]  # the keys of one index compare
    return {(a, b): exact_jaccard(sets[a], sets[b]) for a, b in combinations(keys, 2)}


def common_subsequence_length(x: Sequence[str], y: Sequence[str]) -> int:
    """Length of the longest common subsequence, by the textbook dynamic programme."""
    previous = [0] * (len(y) + 1)
    for xi in x:
        current = [0]
        for j, yj in enumerate(y):
            current.append(previous[j] + 1 if xi == yj else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def naive_similarity(x: Sequence[str], y: Sequence[str]) -> float:
    """2 * LCS / (len x + len y): the Indel ratio, computed the slow way."""
    if not x or not y:
        return 0.0
    return 2 * common_subsequence_length(x, y) / (len(x) + len(y))


def naive_anchor(x: Passage, y: Passage, settings: OverlapSettings) -> float | None:
    """The anchor score of a pair if it is an anchor, else None."""
    score = min(naive_similarity(x.forms, y.forms), naive_similarity(x.content, y.content))
    shared = common_subsequence_length(x.content, y.content)
    # A hair of tolerance: the fast path computes the same ratio in float32.
    return score if score >= settings.anchor_similarity - 1e-6 and shared >= settings.min_words else None


def surely_candidate_pairs(
    articles: Sequence[Article], settings: OverlapSettings = OverlapSettings(), min_jaccard: float = 0.7
) -> set[tuple[str, str]]:
    """Document pairs with a passage pair (same level) whose exact shingle Jaccard is at
    least `min_jaccard`: pairs that LSH misses with negligible probability."""
    shingled = {}
    for a in articles:
        for level, passages in enumerate(article_passages(a, settings.max_passages_per_document)):
            shingled[a.id, level] = [word_shingles(p.forms, settings.shingle_size) for p in passages if len(p.forms) >= settings.min_words]
    found = set()
    for x, y in combinations(sorted(a.id for a in articles), 2):
        if any(exact_jaccard(sx, sy) >= min_jaccard for level in (0, 1) for sx in shingled[x, level] for sy in shingled[y, level]):
            found.add((x, y))
    return found


def naive_overlaps(articles: Sequence[Article], settings: OverlapSettings = OverlapSettings()) -> list[Overlap]:
    """Every document pair, every sentence pair and every clause pair, compared exactly;
    the anchors merged and reported as `find_overlaps` reports them (no neighbour growth)."""
    passages = {a.id: article_passages(a, settings.max_passages_per_document) for a in articles}
    by_id = {a.id: a for a in articles}
    result: list[Overlap] = []
    for x_id, y_id in combinations(sorted(by_id), 2):
        pairs = []
        for level in (0, 1):
            for x in passages[x_id][level]:
                for y in passages[y_id][level]:
                    score = naive_anchor(x, y, settings)
                    if score is not None:
                        pairs.append(AlignedPair(x, y, score, "anchor"))
        result.extend(
            overlaps_between(
                by_id[x_id],
                by_id[y_id],
                pairs,
                max_gap=settings.max_gap,
                min_similarity=settings.min_similarity,
                min_words=settings.min_words,
            )
        )
    return sorted(result, key=lambda o: (o.a.doc, o.b.doc, o.a.start, o.a.end, o.b.start, o.b.end))
