"""The findings stage finds its candidate pairs through indexes, never by comparing every
article with every other; each index must give exactly what the full comparison gives."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.findings import dates, numbers, quotes
from reconcile.findings.names import OneWordApart
from reconcile.findings.numbers import context_prefixes, pair_claims
from reconcile.ingest import article_from_text
from reconcile.overlap import find_overlaps
from reconcile.pipeline import claims_of

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"


@pytest.fixture(scope="module")
def corpus():
    paths = sorted(ECBPLUS.rglob("*.txt"))[:80]
    if not paths:
        pytest.skip("ECB+ development data not found beside the project")
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths]
    claims = [c for a in articles for c in claims_of(a)]
    return articles, claims, find_overlaps(articles)


@pytest.mark.parametrize("module, kind, block", [(numbers, "number", lambda c: c.key), (dates, "date", None)])
def test_indexed_pairing_equals_comparing_every_pair_of_articles(corpus, module, kind, block):
    _, claims, overlaps = corpus
    chosen = [c for c in claims if c.kind == kind]
    everything = pair_claims(chosen, overlaps, module._aligned_score, module._free_score, block=block)
    indexed = pair_claims(chosen, overlaps, module._aligned_score, module._free_score, block=block,
                          free_keys=module._free_keys)
    assert everything and indexed == everything


word = st.sampled_from(["port", "storm", "minister", "talks", "island", "fleet", "vote", "coast", "treaty", "rain"])
context = st.frozensets(word, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(context, min_size=2, max_size=12), st.integers(1, 4), st.sampled_from([0.0, 0.2, 0.3, 0.5]))
def test_sets_that_meet_both_bounds_share_a_prefix_word(sets, min_shared, min_jaccard):
    prefixes = context_prefixes(sets, min_shared, min_jaccard)
    for i, j in combinations(range(len(sets)), 2):
        shared = len(sets[i] & sets[j])
        union = len(sets[i] | sets[j])
        if union and shared >= min_shared and shared / union >= min_jaccard:
            assert prefixes[i] & prefixes[j]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["ana", "anna", "li", "lee", "kim", "ko"]), min_size=1, max_size=3)
                .map(tuple), min_size=1, max_size=15))
def test_one_word_apart_finds_every_key_of_the_same_length_differing_in_one_word(keys):
    index = OneWordApart(keys)
    for key in keys:
        expected = [i for i, other in enumerate(keys)
                    if len(other) == len(key) and sum(a != b for a, b in zip(key, other)) <= 1]
        assert index.of(key) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["we", "will", "not", "give", "up", "the", "islands", "ever", "now"]),
                         min_size=4, max_size=9).map(" ".join), min_size=2, max_size=10))
def test_quotes_identical_or_fragments_of_each_other_are_always_compared(forms):
    compared = set(quotes._candidate_pairs(forms))
    for i, j in combinations(range(len(forms)), 2):
        if quotes._same_words(forms[i], forms[j]):
            assert (i, j) in compared
