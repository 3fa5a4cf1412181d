"""The aligner: from two articles known to be candidates, the passages they share.

It works on sentences and clauses (`reconcile.overlap.shingles.Passage`) in three steps:

1. score every pair of passages of the two articles at each level with rapidfuzz
   (bounded by `max_pair_work`), and keep as *anchors* the pairs whose wording agrees
   even when names are left out;
2. grow from the anchors: a neighbour of an aligned pair (one passage before or after,
   on either side) is aligned too when its wording is similar enough. Rewrite desks
   edit heavily around the sentences they keep, so the neighbours of sure matches are
   judged with a lower bar than pairs found anywhere;
3. merge aligned pairs that touch or sit across small gaps into maximal passage pairs
   inside one block each, and score them on their folded text.

Similarity counts words in order (Indel ratio over folded words). "Content" similarity
drops capitalised words first: independent stories about one event share names and
titles ("Prime Minister Shinzo Abe"), which is not evidence of reuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from ..model import Article, Overlap, OverlapKind
from .shingles import Passage
from ..text import fold_text, word_count


@dataclass(frozen=True)
class AlignedPair:
    """Two passages the aligner holds to be the same wording, and why."""

    x: Passage
    y: Passage
    score: float
    reason: str  # "anchor" or "neighbour"


def wording_similarity(x: Sequence[str], y: Sequence[str]) -> float:
    """Share of words the two sequences have in common, in order (Indel ratio, 0..1)."""
    if not x or not y:
        return 0.0
    return fuzz.ratio(x, y) / 100.0


def shared_vocabulary(x: Sequence[str], y: Sequence[str]) -> float:
    """Dice coefficient of the two word sets: rewrites that reorder a sentence keep it."""
    sx, sy = set(x), set(y)
    if not sx or not sy:
        return 0.0
    return 2 * len(sx & sy) / (len(sx) + len(sy))


def anchor_score(x: Passage, y: Passage) -> float:
    """How sure it is that y rewords x, judged without names: min(wording, content)."""
    return min(wording_similarity(x.forms, y.forms), wording_similarity(x.content, y.content))


def neighbour_score(x: Passage, y: Passage) -> float:
    """How alike two passages next to an aligned pair are, in order or as a vocabulary."""
    return max(wording_similarity(x.forms, y.forms), _dice(x.vocabulary, y.vocabulary))


def _dice(sx: frozenset[str], sy: frozenset[str]) -> float:
    """`shared_vocabulary` of two word sets already made."""
    if not sx or not sy:
        return 0.0
    return 2 * len(sx & sy) / (len(sx) + len(sy))


def anchor_matrix(xs: Sequence[Passage], ys: Sequence[Passage]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair, computed in bulk by rapidfuzz: `anchor_score` (0..1), and the
    number of words other than names that the two share in order."""
    if not xs or not ys:
        return np.zeros((len(xs), len(ys))), np.zeros((len(xs), len(ys)))
    x_content = [p.content for p in xs]
    y_content = [p.content for p in ys]
    wording = process.cdist([p.forms for p in xs], [p.forms for p in ys], scorer=fuzz.ratio, dtype=np.float32)
    content = process.cdist(x_content, y_content, scorer=fuzz.ratio, dtype=np.float32)
    # Indel ratio = 2 * common / (len x + len y), so the common count follows from it.
    lengths = np.add.outer([len(c) for c in x_content], [len(c) for c in y_content])
    shared = np.rint(content / 100.0 * lengths / 2.0)
    return np.minimum(wording, content) / 100.0, shared


def find_anchors(
    xs: Sequence[Passage],
    ys: Sequence[Passage],
    *,
    anchor_similarity: float,
    min_words: int,
    max_pair_work: int,
    near: tuple[set[int], set[int]] | None = None,
    window: int = 8,
) -> list[AlignedPair]:
    """Pairs of passages (one level) whose wording agrees without counting names.

    When ``len(xs) * len(ys)`` exceeds `max_pair_work`, only passages within `window`
    positions of the hinted ones (`near`, e.g. from LSH) are compared."""
    if len(xs) * len(ys) > max_pair_work:
        if near is None:
            return []
        xs = _around(xs, near[0], window)
        ys = _around(ys, near[1], window)
        while len(xs) * len(ys) > max_pair_work and window > 0:
            window //= 2
            xs = _around(xs, near[0], window)
            ys = _around(ys, near[1], window)
    return [AlignedPair(xs[i], ys[j], score, "anchor") for i, j, score in anchor_hits(xs, ys, anchor_similarity, min_words)]


def anchor_hits(xs: Sequence[Passage], ys: Sequence[Passage], anchor_similarity: float, min_words: int) -> list[tuple[int, int, float]]:
    """(i, j, anchor score) of the pairs that `anchor_matrix` makes anchors, row by row, with
    the same float32 arithmetic, for a fraction of its work: wording is scored for every
    pair with rapidfuzz's cut-off (a pair far below it costs little), and content only for
    the few pairs whose wording passed, since an anchor needs both."""
    if not xs or not ys:
        return []
    # Just under the bar: every pair that passes it in float32 scores at least this much.
    cutoff = anchor_similarity * 100.0 - 0.01
    wording = process.cdist([p.forms for p in xs], [p.forms for p in ys], scorer=fuzz.ratio, dtype=np.float32, score_cutoff=cutoff)
    rows, columns = np.nonzero(wording / 100.0 >= anchor_similarity)
    if not len(rows):
        return []
    x_content = [xs[i].content for i in rows.tolist()]
    y_content = [ys[j].content for j in columns.tolist()]
    content = process.cpdist(x_content, y_content, scorer=fuzz.ratio, dtype=np.float32)
    lengths = np.array([len(c) for c in x_content], dtype=np.int64) + np.array([len(c) for c in y_content], dtype=np.int64)
    shared = np.rint(content / 100.0 * lengths / 2.0)
    scores = np.minimum(wording[rows, columns], content) / 100.0
    keep = np.flatnonzero((scores >= anchor_similarity) & (shared >= min_words))
    return [(int(rows[k]), int(columns[k]), float(scores[k])) for k in keep.tolist()]


def _around(passages: Sequence[Passage], orders: set[int], window: int) -> list[Passage]:
    return [p for p in passages if any(abs(p.order - o) <= window for o in orders)]


def grow(
    anchors: Sequence[AlignedPair],
    xs: Sequence[Passage],
    ys: Sequence[Passage],
    *,
    extend_similarity: float,
    max_steps: int,
    reach: int = 1,
) -> list[AlignedPair]:
    """Add the neighbours of aligned pairs (same level) that are similar enough, until
    nothing changes or `max_steps` pairs were judged.

    Neighbours are the pairs one step away on either side or both, and, up to `reach`
    steps, pairs that skip the same direction on both sides (a rewrite that dropped or
    added a sentence or two between the kept ones)."""
    offsets = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di, dj) != (0, 0)]
    offsets += [(sign * di, sign * dj) for sign in (-1, 1) for di in range(1, reach + 1) for dj in range(1, reach + 1) if max(di, dj) > 1]
    by_x = {p.order: p for p in xs}
    by_y = {p.order: p for p in ys}
    aligned = {(a.x.order, a.y.order): a for a in anchors}
    frontier = list(aligned)
    judged: set[tuple[int, int]] = set(aligned)
    steps = 0
    scored: dict[tuple[int, int], float] = {}  # neighbour scores, each pair scored once

    def score_of(x: Passage, y: Passage) -> float:
        key = (x.order, y.order)
        if key not in scored:
            scored[key] = neighbour_score(x, y)
        return scored[key]

    while frontier and steps < max_steps:
        i, j = frontier.pop()
        for di, dj in offsets:
            key = (i + di, j + dj)
            if key in judged or key[0] not in by_x or key[1] not in by_y:
                continue
            judged.add(key)
            steps += 1
            x, y = by_x[key[0]], by_y[key[1]]
            score = score_of(x, y)
            if score >= extend_similarity and _is_best_partner(x, y, score, by_x, by_y, score_of):
                aligned[key] = AlignedPair(x, y, score, "neighbour")
                frontier.append(key)
    return sorted(aligned.values(), key=lambda a: (a.x.order, a.y.order))


def _is_best_partner(
    x: Passage, y: Passage, score: float, by_x: dict, by_y: dict, score_of: Callable[[Passage, Passage], float] = neighbour_score
) -> bool:
    """A neighbour pair is kept only if neither passage has a clearly better partner
    among the other's neighbours (so a list of similar sentences does not zip wrongly)."""
    for dy in (-1, 1):
        other = by_y.get(y.order + dy)
        if other is not None and score_of(x, other) > score + 0.15:
            return False
    for dx in (-1, 1):
        other = by_x.get(x.order + dx)
        if other is not None and score_of(other, y) > score + 0.15:
            return False
    return True


def merge_pairs(
    pairs: Sequence[AlignedPair], x_article: Article, y_article: Article, max_gap: int
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merge aligned pairs whose passages overlap or lie at most `max_gap` words apart,
    on both sides and inside one block each, into maximal (x_range, y_range) pairs."""
    groups: list[list] = []  # [x_block, x_start, x_end, y_block, y_start, y_end]
    for pair in sorted(pairs, key=lambda p: (p.x.start, p.y.start)):
        item = [pair.x.block, pair.x.start, pair.x.end, pair.y.block, pair.y.start, pair.y.end]
        for group in groups:
            if _touches(group[:3], item[:3], x_article.text, max_gap) and _touches(group[3:], item[3:], y_article.text, max_gap):
                group[1], group[2] = min(group[1], item[1]), max(group[2], item[2])
                group[4], group[5] = min(group[4], item[4]), max(group[5], item[5])
                break
        else:
            groups.append(item)
    # A merge can make an earlier group reach a later one; repeat until stable.
    changed = True
    while changed:
        changed = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                g, h = groups[a], groups[b]
                if _touches(g[:3], h[:3], x_article.text, max_gap) and _touches(g[3:], h[3:], y_article.text, max_gap):
                    g[1], g[2] = min(g[1], h[1]), max(g[2], h[2])
                    g[4], g[5] = min(g[4], h[4]), max(g[5], h[5])
                    del groups[b]
                    changed = True
                    break
            if changed:
                break
    return sorted({((g[1], g[2]), (g[4], g[5])) for g in groups})


def _touches(a: Sequence[int], b: Sequence[int], text: str, max_gap: int) -> bool:
    """Same block, and overlapping or separated by at most `max_gap` words."""
    if a[0] != b[0]:
        return False
    start, end = (a[2], b[1]) if a[1] <= b[1] else (b[2], a[1])
    if end <= start:
        return True
    return word_count(text, start, end, limit=max_gap + 1) <= max_gap


def passage_similarity(x_text: str, y_text: str) -> float:
    """Similarity of two passages as shown, on their folded text (Indel ratio, 0..1)."""
    return folded_similarity(fold_text(x_text), fold_text(y_text))


def is_verbatim(x_text: str, y_text: str) -> bool:
    """Identical once folded (case, accents, quote and dash styles, spacing)."""
    return folded_verbatim(fold_text(x_text), fold_text(y_text))


def folded_similarity(x_folded: str, y_folded: str) -> float:
    """`passage_similarity` of two texts already folded (each folded once, read twice)."""
    return fuzz.ratio(x_folded, y_folded) / 100.0


def folded_verbatim(x_folded: str, y_folded: str) -> bool:
    """`is_verbatim` of two texts already folded."""
    return x_folded.strip() == y_folded.strip()


def overlaps_between(
    x_article: Article,
    y_article: Article,
    pairs: Sequence[AlignedPair],
    *,
    max_gap: int,
    min_similarity: float,
    min_words: int,
) -> list[Overlap]:
    """The merged passage pairs of two articles as `Overlap`s (x side first).

    A merged pair that falls below `min_similarity` (loose neighbours diluting it) is
    not lost: the pairs it was made of are reported on their own instead."""
    result: dict[tuple, Overlap] = {}
    for ranges in merge_pairs(pairs, x_article, y_article, max_gap):
        overlap = _overlap(x_article, y_article, ranges, min_similarity, min_words)
        if overlap is not None:
            result[ranges] = overlap
            continue
        (xs, xe), (ys, ye) = ranges
        for pair in pairs:
            if xs <= pair.x.start and pair.x.end <= xe and ys <= pair.y.start and pair.y.end <= ye:
                inner = ((pair.x.start, pair.x.end), (pair.y.start, pair.y.end))
                overlap = _overlap(x_article, y_article, inner, min_similarity, min_words)
                if overlap is not None:
                    result[inner] = overlap
    kept = [r for r in result if not any(o != r and _inside(r, o) for o in result)]
    return [result[r] for r in sorted(kept)]


def _inside(r: tuple, o: tuple) -> bool:
    return o[0][0] <= r[0][0] and r[0][1] <= o[0][1] and o[1][0] <= r[1][0] and r[1][1] <= o[1][1]


def _overlap(x_article: Article, y_article: Article, ranges: tuple, min_similarity: float, min_words: int) -> Overlap | None:
    (xs, xe), (ys, ye) = ranges
    a, b = x_article.span(xs, xe), y_article.span(ys, ye)
    if word_count(a.text, limit=min_words) < min_words or word_count(b.text, limit=min_words) < min_words:
        return None
    # Each side folded once for both questions: folding, not scoring, was the cost here.
    x_folded, y_folded = fold_text(a.text), fold_text(b.text)
    similarity = folded_similarity(x_folded, y_folded)
    if similarity < min_similarity:
        return None
    kind: OverlapKind = "verbatim" if folded_verbatim(x_folded, y_folded) else "edited"
    return Overlap(a, b, round(similarity, 4), kind)
