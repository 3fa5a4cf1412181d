"""Overlap stage: which passages do articles share, and how closely?

1. Every article's analysed blocks (headline, dek, caption, body; never boilerplate) are
   cut into sentences and clauses, and shingled as runs of folded words.
2. Documents and passages are signed with MinHash (`reconcile.overlap.signatures`); datasketch's
   LSH index proposes candidate document pairs without comparing every pair.
3. The aligner (`reconcile.overlap.align`) compares the passages of each candidate pair, keeps
   sure matches as anchors, grows them into their heavily edited neighbours, and merges
   the result into maximal passage pairs with a similarity and a kind (verbatim/edited).

Promises: every `Span` indexes its article's original text; overlaps are sorted by
(doc a, doc b, a.start) with ``a.doc < b.doc``; the work per document pair is capped by
named limits, and nothing is compared outside the candidate pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Collection, Sequence

import numpy as np

from .align import find_anchors, grow, overlaps_between
from ..engines.local import Engine, LocalEngine, flatten
from ..model import Article, Overlap
from .shingles import Passage, article_passages
from ..settings import OverlapSettings
from .signatures import Signature, sign_form_groups


@dataclass(frozen=True)
class ArticlePassages:
    """An article cut into the passages the aligner compares: sentences and clauses."""

    article: Article
    sentences: list[Passage]
    clauses: list[Passage]


@dataclass(frozen=True, eq=False)
class ArticleSignatures:
    """What an index stores to find an article again: its document signature and the
    signatures of its passages as (level, order, signature), made as `find_overlaps` makes them."""

    document: Signature
    passages: tuple[tuple[str, int, Signature], ...]


@dataclass(frozen=True, eq=False)
class PreparedArticle:
    """One article cut into passages and signed: the per-article work of the overlap stage."""

    indexed: ArticlePassages
    signatures: ArticleSignatures


def find_overlaps(
    articles: Sequence[Article],
    settings: OverlapSettings = OverlapSettings(),
    involving: Collection[str] | None = None,
    engine: Engine | None = None,
) -> list[Overlap]:
    """Every pair of passages that two of the articles share, sorted by (doc a, doc b, a.start).

    With `involving`, only document pairs with at least one of those ids are aligned: a
    check of new articles against archive articles never pays for archive-archive pairs.
    `engine` runs the per-article and per-pair work (default: this process); the result
    does not depend on it. The three steps are `prepare_articles`, `find_candidates` and
    `align_candidates`, which `reconcile.pipeline` runs (and times) one by one."""
    engine = engine or LocalEngine()
    prepared = prepare_articles(articles, settings, engine)
    candidates = find_candidates(signatures_by_id(prepared), settings, engine)
    return align_candidates([p.indexed for p in prepared], candidates, settings, engine, involving)


def prepare_articles(articles: Sequence[Article], settings: OverlapSettings, engine: Engine) -> list[PreparedArticle]:
    """Every article's passages and signatures, worked out on the engine."""
    return engine.map(partial(prepare_article, settings=settings), articles)


def signatures_by_id(prepared: Sequence[PreparedArticle]) -> dict[str, ArticleSignatures]:
    return {p.indexed.article.id: p.signatures for p in prepared}


def align_candidates(
    passages: Sequence[ArticlePassages],
    candidates: Candidates,
    settings: OverlapSettings,
    engine: Engine,
    involving: Collection[str] | None = None,
) -> list[Overlap]:
    """The overlaps of every candidate pair (only pairs with an id of `involving`, when
    given), aligned on the engine, sorted by (doc a, doc b, a.start). Only the passages are
    needed: the signatures have done their work once the candidates are known."""
    indexed = {p.article.id: p for p in passages}
    tasks = [
        (x_id, y_id, hints)
        for (x_id, y_id), hints in sorted(candidates.pairs.items())
        if involving is None or x_id in involving or y_id in involving
    ]
    overlaps = flatten(engine.map_shared(partial(align_task, settings=settings), tasks, indexed))
    return sorted(overlaps, key=lambda o: (o.a.doc, o.b.doc, o.a.start, o.a.end, o.b.start, o.b.end))


def prepare_article(article: Article, settings: OverlapSettings) -> PreparedArticle:
    """An article's passages and signatures (module level, so an engine can ship it). The
    document and all its passages are signed in one array operation."""
    doc = _index(article, settings)
    return PreparedArticle(doc, _signatures_of(doc, settings))


def _signatures_of(doc: ArticlePassages, settings: OverlapSettings) -> ArticleSignatures:
    scheme = settings.scheme()
    picked = _passages_to_sign(doc, settings)
    rows = sign_form_groups([[p.forms for p in doc.sentences], *([p.forms] for p in picked)], scheme)
    passages = tuple((p.level, p.order, Signature(scheme, row)) for p, row in zip(picked, rows[1:]))
    return ArticleSignatures(Signature(scheme, rows[0]), passages)


def align_task(task: tuple[str, str, Hints], indexed: dict[str, ArticlePassages], settings: OverlapSettings) -> list[Overlap]:
    """One candidate pair (x id, y id, hints) aligned, the articles named in `indexed` (module
    level, so an engine can ship it; the engine hands each worker `indexed` once)."""
    x_id, y_id, hints = task
    return align_pair(indexed[x_id], indexed[y_id], hints, settings)


Hints = dict[str, tuple[set[int], set[int]]]


def candidate_pairs(
    docs: Sequence[ArticlePassages], settings: OverlapSettings, engine: Engine | None = None
) -> dict[tuple[str, str], Hints]:
    """Document pairs worth aligning, from LSH over whole documents and over passages,
    with, per level, the positions of the passages LSH matched (hints for the aligner)."""
    signatures = {d.article.id: _signatures_of(d, settings) for d in docs}
    return candidate_pairs_of(signatures, settings, engine or LocalEngine())


def candidate_pairs_of(signatures: dict[str, ArticleSignatures], settings: OverlapSettings, engine: Engine) -> dict[tuple[str, str], Hints]:
    """`candidate_pairs` from signatures already made: LSH banding runs on the engine."""
    return find_candidates(signatures, settings, engine).pairs


@dataclass(frozen=True)
class Candidates:
    """The document pairs worth aligning, with hints (see `candidate_pairs`), and how many
    crowded passage buckets (stock phrases shared by more than `max_bucket` passages) LSH
    left unpaired."""

    pairs: dict[tuple[str, str], Hints]
    crowded_buckets: int = 0


def find_candidates(signatures: dict[str, ArticleSignatures], settings: OverlapSettings, engine: Engine) -> Candidates:
    """Candidate document pairs from the signatures, by row numbers in arrays throughout:
    banding, the same-level and other-document filter and verification never build a
    Python tuple per proposed pair, only per pair kept."""
    ids = list(signatures)
    if not ids:
        return Candidates({})
    pairs: dict[tuple[str, str], Hints] = {}
    documents = np.stack([signatures[i].document.values for i in ids])
    doc_found = engine.band_pairs(documents, settings.doc_threshold, settings.num_perm)
    doc_kept = verified_rows(doc_found.pairs, documents, settings.doc_threshold * settings.verify_ratio)
    for x, y in doc_kept.tolist():
        pairs[_ordered(ids[x], ids[y])] = {}

    owner, level, order, matrix = _passage_table(ids, signatures, settings.num_perm)
    found = engine.band_pairs(matrix, settings.passage_threshold, settings.num_perm, settings.max_bucket, level)
    others = found.pairs[owner[found.pairs[:, 0]] != owner[found.pairs[:, 1]]]
    kept = verified_rows(others, matrix, settings.passage_threshold * settings.verify_ratio)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    x, y = kept[:, 0], kept[:, 1]
    swap = rank[owner[x]] > rank[owner[y]]
    x, y = np.where(swap, y, x), np.where(swap, x, y)
    for xd, yd, lv, xo, yo in zip(owner[x].tolist(), owner[y].tolist(), level[x].tolist(), order[x].tolist(), order[y].tolist()):
        hint = pairs.setdefault((ids[xd], ids[yd]), {}).setdefault(LEVELS[lv], (set(), set()))
        hint[0].add(xo)
        hint[1].add(yo)
    return Candidates(pairs, found.crowded)


LEVELS = ("sentence", "clause")


def _passage_table(
    ids: list[str], signatures: dict[str, ArticleSignatures], num_perm: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every signed passage of every document as arrays: owner (document number), level
    (number in `LEVELS`), order, and the signatures one a row."""
    counts = np.fromiter((len(signatures[i].passages) for i in ids), dtype=np.int64, count=len(ids))
    total = int(counts.sum())
    matrix = np.empty((total, num_perm), dtype=np.uint32)
    level = np.empty(total, dtype=np.int8)
    order = np.empty(total, dtype=np.int64)
    row = 0
    for doc_id in ids:
        for passage_level, passage_order, signature in signatures[doc_id].passages:
            matrix[row] = signature.values
            level[row] = LEVELS.index(passage_level)
            order[row] = passage_order
            row += 1
    return np.repeat(np.arange(len(ids)), counts), level, order, matrix


def verified_rows(pairs: np.ndarray, matrix: np.ndarray, min_estimate: float) -> np.ndarray:
    """The pairs of rows (an (m, 2) array) whose signatures agree on at least `min_estimate`
    of their values (the MinHash estimate of their Jaccard similarity), in their order."""
    keep = np.zeros(len(pairs), dtype=bool)
    step = max(1, VERIFY_CHUNK_ELEMENTS // max(1, matrix.shape[1]))
    for start in range(0, len(pairs), step):
        chunk = pairs[start : start + step]
        agree = np.count_nonzero(matrix[chunk[:, 0]] == matrix[chunk[:, 1]], axis=1)
        keep[start : start + step] = agree / matrix.shape[1] >= min_estimate
    return pairs[keep]


# Signature values compared per numpy step in `verified_rows`: bounds its temporaries.
VERIFY_CHUNK_ELEMENTS = 1 << 22


def verified(pairs, values: dict, min_estimate: float) -> list[tuple]:
    """The pairs whose signatures agree on at least `min_estimate` of their values (the
    MinHash estimate of their Jaccard similarity), in a stable order."""
    ordered = sorted(pairs)
    if not ordered:
        return []
    x = np.stack([values[a] for a, _ in ordered])
    y = np.stack([values[b] for _, b in ordered])
    estimates = np.count_nonzero(x == y, axis=1) / x.shape[1]
    return [pair for pair, estimate in zip(ordered, estimates) if estimate >= min_estimate]


def signed_passages(doc: ArticlePassages, settings: OverlapSettings) -> list[tuple[str, int, Signature]]:
    """(level, order, signature) of every passage long enough to be matched on its own.

    A passage repeated word for word in the same document is signed once (its first
    occurrence): the copies would add nothing but quadratic work to LSH look-ups."""
    scheme = settings.scheme()
    picked = _passages_to_sign(doc, settings)
    rows = sign_form_groups([[p.forms] for p in picked], scheme)
    return [(p.level, p.order, Signature(scheme, row)) for p, row in zip(picked, rows)]


def _passages_to_sign(doc: ArticlePassages, settings: OverlapSettings) -> list[Passage]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    picked = []
    for p in (*doc.sentences, *doc.clauses):
        if len(p.forms) < settings.min_words or (p.level, p.forms) in seen:
            continue
        seen.add((p.level, p.forms))
        picked.append(p)
    return picked


def article_signatures(article: Article, settings: OverlapSettings = OverlapSettings()) -> ArticleSignatures:
    """The signatures `candidate_pairs` would compute for this article, for a stored index."""
    return prepare_article(article, settings).signatures


def _index(article: Article, settings: OverlapSettings) -> ArticlePassages:
    sentences, clauses = article_passages(article, settings.max_passages_per_document)
    return ArticlePassages(article, sentences, clauses)


def _ordered(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def align_pair(
    x: ArticlePassages, y: ArticlePassages, hints: dict[str, tuple[set[int], set[int]]], settings: OverlapSettings
) -> list[Overlap]:
    """The overlaps of one candidate document pair (x.article.id < y.article.id)."""
    if x.article.id == y.article.id:
        return []
    aligned = []
    for level, xs, ys in (("sentence", x.sentences, y.sentences), ("clause", x.clauses, y.clauses)):
        anchors = find_anchors(
            xs,
            ys,
            anchor_similarity=settings.anchor_similarity,
            min_words=settings.min_words,
            max_pair_work=settings.max_pair_work,
            near=hints.get(level),
        )
        aligned.extend(
            grow(
                anchors, xs, ys, extend_similarity=settings.extend_similarity, max_steps=settings.max_neighbour_steps, reach=settings.reach
            )
        )
    return overlaps_between(
        x.article, y.article, aligned, max_gap=settings.max_gap, min_similarity=settings.min_similarity, min_words=settings.min_words
    )
