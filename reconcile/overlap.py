"""Overlap stage: which passages do articles share, and how closely?

1. Every article's analysed blocks (headline, dek, caption, body; never boilerplate) are
   cut into sentences and clauses, and shingled as runs of folded words.
2. Documents and passages are signed with MinHash (`reconcile.signatures`); datasketch's
   LSH index proposes candidate document pairs without comparing every pair.
3. The aligner (`reconcile.align`) compares the passages of each candidate pair, keeps
   sure matches as anchors, grows them into their heavily edited neighbours, and merges
   the result into maximal passage pairs with a similarity and a kind (verbatim/edited).

Promises: every `Span` indexes its article's original text; overlaps are sorted by
(doc a, doc b, a.start) with ``a.doc < b.doc``; the work per document pair is capped by
named limits, and nothing is compared outside the candidate pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Collection, Sequence

import numpy as np

from .align import find_anchors, grow, overlaps_between
from .engine import Engine, LocalEngine, flatten
from .model import Article, Overlap
from .shingles import Passage, article_passages
from .settings import OverlapSettings
from .signatures import Signature, sign_form_groups


@dataclass(frozen=True)
class _Indexed:
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
class _Prepared:
    """One article cut into passages and signed: the per-article work of the overlap stage."""

    indexed: _Indexed
    signatures: ArticleSignatures


def find_overlaps(articles: Sequence[Article], settings: OverlapSettings = OverlapSettings(),
                  involving: Collection[str] | None = None, engine: Engine | None = None) -> list[Overlap]:
    """Every pair of passages that two of the articles share, sorted by (doc a, doc b, a.start).

    With `involving`, only document pairs with at least one of those ids are aligned: a
    check of new articles against archive articles never pays for archive-archive pairs.
    `engine` runs the per-article and per-pair work (default: this process); the result
    does not depend on it."""
    engine = engine or LocalEngine()
    prepared = engine.map(partial(prepare_article, settings=settings), articles)
    indexed = {p.indexed.article.id: p.indexed for p in prepared}
    candidates = candidate_pairs_of({p.indexed.article.id: p.signatures for p in prepared}, settings, engine)
    tasks = [(x_id, y_id, hints) for (x_id, y_id), hints in sorted(candidates.items())
             if involving is None or x_id in involving or y_id in involving]
    overlaps = flatten(engine.map_shared(partial(_align_task, settings=settings), tasks, indexed))
    return sorted(overlaps, key=lambda o: (o.a.doc, o.b.doc, o.a.start, o.a.end, o.b.start, o.b.end))


def prepare_article(article: Article, settings: OverlapSettings) -> _Prepared:
    """An article's passages and signatures (module level, so an engine can ship it). The
    document and all its passages are signed in one array operation."""
    doc = _index(article, settings)
    return _Prepared(doc, _signatures_of(doc, settings))


def _signatures_of(doc: _Indexed, settings: OverlapSettings) -> ArticleSignatures:
    scheme = settings.scheme()
    picked = _passages_to_sign(doc, settings)
    rows = sign_form_groups([[p.forms for p in doc.sentences], *([p.forms] for p in picked)], scheme)
    passages = tuple((p.level, p.order, Signature(scheme, row)) for p, row in zip(picked, rows[1:]))
    return ArticleSignatures(Signature(scheme, rows[0]), passages)


def _align_task(task: tuple[str, str, Hints], indexed: dict[str, _Indexed], settings: OverlapSettings) -> list[Overlap]:
    x_id, y_id, hints = task
    return align_pair(indexed[x_id], indexed[y_id], hints, settings)


Hints = dict[str, tuple[set[int], set[int]]]


def candidate_pairs(docs: Sequence[_Indexed], settings: OverlapSettings,
                    engine: Engine | None = None) -> dict[tuple[str, str], Hints]:
    """Document pairs worth aligning, from LSH over whole documents and over passages,
    with, per level, the positions of the passages LSH matched (hints for the aligner)."""
    signatures = {d.article.id: _signatures_of(d, settings) for d in docs}
    return candidate_pairs_of(signatures, settings, engine or LocalEngine())


def candidate_pairs_of(signatures: dict[str, ArticleSignatures], settings: OverlapSettings,
                       engine: Engine) -> dict[tuple[str, str], Hints]:
    """`candidate_pairs` from signatures already made: LSH banding runs on the engine."""
    pairs: dict[tuple[str, str], Hints] = defaultdict(dict)
    doc_values = {doc_id: s.document.values for doc_id, s in signatures.items()}
    doc_pairs = engine.lsh_pairs(doc_values, settings.doc_threshold, settings.num_perm)
    for x, y in verified(doc_pairs, doc_values, settings.doc_threshold * settings.verify_ratio):
        pairs.setdefault(_ordered(x, y), {})

    passage_values = {(doc_id, level, order): signature.values
                      for doc_id, s in signatures.items() for level, order, signature in s.passages}
    passage_pairs = [(x, y) for x, y in engine.lsh_pairs(passage_values, settings.passage_threshold, settings.num_perm)
                     if x[0] != y[0] and x[1] == y[1]]
    for x, y in verified(passage_pairs, passage_values, settings.passage_threshold * settings.verify_ratio):
        (xd, _, xo), (yd, _, yo) = (x, y) if x[0] < y[0] else (y, x)
        hint = pairs[(xd, yd)].setdefault(x[1], (set(), set()))
        hint[0].add(xo)
        hint[1].add(yo)
    return dict(pairs)


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


def signed_passages(doc: _Indexed, settings: OverlapSettings) -> list[tuple[str, int, Signature]]:
    """(level, order, signature) of every passage long enough to be matched on its own.

    A passage repeated word for word in the same document is signed once (its first
    occurrence): the copies would add nothing but quadratic work to LSH look-ups."""
    scheme = settings.scheme()
    picked = _passages_to_sign(doc, settings)
    rows = sign_form_groups([[p.forms] for p in picked], scheme)
    return [(p.level, p.order, Signature(scheme, row)) for p, row in zip(picked, rows)]


def _passages_to_sign(doc: _Indexed, settings: OverlapSettings) -> list[Passage]:
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


def _index(article: Article, settings: OverlapSettings) -> _Indexed:
    sentences, clauses = article_passages(article, settings.max_passages_per_document)
    return _Indexed(article, sentences, clauses)


def _ordered(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def align_pair(x: _Indexed, y: _Indexed, hints: dict[str, tuple[set[int], set[int]]],
               settings: OverlapSettings) -> list[Overlap]:
    """The overlaps of one candidate document pair (x.article.id < y.article.id)."""
    if x.article.id == y.article.id:
        return []
    aligned = []
    for level, xs, ys in (("sentence", x.sentences, y.sentences), ("clause", x.clauses, y.clauses)):
        anchors = find_anchors(xs, ys, anchor_similarity=settings.anchor_similarity, min_words=settings.min_words,
                               max_pair_work=settings.max_pair_work, near=hints.get(level))
        aligned.extend(grow(anchors, xs, ys, extend_similarity=settings.extend_similarity,
                            max_steps=settings.max_neighbour_steps, reach=settings.reach))
    return overlaps_between(x.article, y.article, aligned, max_gap=settings.max_gap,
                            min_similarity=settings.min_similarity, min_words=settings.min_words)
