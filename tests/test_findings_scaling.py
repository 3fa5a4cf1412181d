"""The findings stage finds its candidate pairs through indexes, never by comparing every
article with every other; each index must give exactly what the full comparison gives."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import quotes
from reconcile.findings.name_forms import Use, Families, join_alone, close_alone
from reconcile.findings.misspellings import OneWordApart
from reconcile.findings.stories import Stories, name_similarities


word = st.sampled_from(["port", "storm", "minister", "talks", "island", "fleet", "vote", "coast", "treaty", "rain"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["ana", "anna", "li", "lee", "kim", "ko"]), min_size=1, max_size=3).map(tuple), min_size=1, max_size=15
    )
)
def test_one_word_apart_finds_every_key_of_the_same_length_differing_in_one_word(keys):
    index = OneWordApart(keys)
    for key in keys:
        expected = [i for i, other in enumerate(keys) if len(other) == len(key) and sum(a != b for a, b in zip(key, other)) <= 1]
        assert index.of(key) == expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["we", "will", "not", "give", "up", "the", "islands", "ever", "now"]), min_size=4, max_size=9).map(
            " ".join
        ),
        min_size=2,
        max_size=10,
    )
)
def test_quotes_identical_or_fragments_of_each_other_are_always_compared(forms):
    compared = set(quotes._candidate_pairs(forms))
    for i, j in combinations(range(len(forms)), 2):
        if quotes._same_words(forms[i], forms[j]):
            assert (i, j) in compared


NAMES = st.sampled_from(
    [
        "kowalski",
        "kowalsky",
        "kowalsski",
        "diaoyu",
        "daioyu",
        "wolff",
        "wolfe",
        "angels",
        "angeles",
        "reagins",
        "regains",
        "hefner",
        "heffner",
        "brown",
        "browne",
        "iran",
        "iraq",
        "locke",
        "lock",
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(NAMES, min_size=2, max_size=12, unique=True))
def test_the_index_of_names_one_letter_apart_joins_every_pair_a_comparison_of_all_would(forms):
    alone = {form: {Use("d", form, ())} for form in forms}
    families = Families()
    join_alone(alone, families, Stories({}), load_lexicon(), {})
    for a, b in combinations(forms, 2):
        if close_alone(a, b, load_lexicon()) is not None:
            assert families.find(Use("d", a, ())) == families.find(Use("d", b, ()))


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c", "d", "e", "f"]),
        st.dictionaries(st.sampled_from(["klitschko", "rahman", "bern", "mannheim", "weeks", "ibf"]), st.integers(1, 4), min_size=1),
        min_size=2,
    )
)
def test_article_similarities_found_through_shared_names_are_those_of_every_pair(counts):
    from collections import Counter

    found = name_similarities({doc: Counter(c) for doc, c in counts.items()}, {})
    for a, b in combinations(sorted(counts), 2):
        shared = set(counts[a]) & set(counts[b])
        assert ((a, b) in found) == bool(shared)
