"""Pairing claims by story or key: the pairs of the all-pairs loop, in its order, with the
pairs that could never match left out."""

from __future__ import annotations

from hypothesis import given, strategies as st

from reconcile.findings.pairing import linked_docs, pairs_in_stories, pairs_sharing, stem
from reconcile.findings.stories import Stories


def stories_of(groups: list[list[str]]) -> Stories:
    stories = Stories({})
    for number, group in enumerate(groups):
        for a in group:
            stories.story_of[a] = number
            stories.links[a] = {b: "independent" for b in group if b != a}
    return stories


@given(st.lists(st.integers(0, 4), max_size=30))
def test_pairs_sharing_gives_the_all_pairs_loop_less_the_pairs_of_different_keys(keys):
    items = list(enumerate(keys))
    expected = [(x, y) for i, x in enumerate(items) for y in items[i + 1 :] if x[1] == y[1]]
    assert list(pairs_sharing(items, lambda item: item[1])) == expected


@given(st.lists(st.sampled_from("abcdefg"), max_size=25))
def test_pairs_in_stories_are_the_linked_pairs_of_the_all_pairs_loop(docs):
    stories = stories_of([["a", "b", "c"], ["d", "e"]])  # f and g are in no story
    items = list(enumerate(docs))
    expected = [(x, y) for i, x in enumerate(items) for y in items[i + 1 :] if x[1] == y[1] or stories.link(x[1], y[1]) is not None]
    assert list(pairs_in_stories(items, lambda item: item[1], stories)) == expected


def test_linked_docs_are_the_doc_pairs_a_story_links_and_each_doc_with_itself():
    stories = stories_of([["a", "c"], ["b", "d", "e"]])
    docs = sorted("abcdef")
    expected = [(a, b) for i, a in enumerate(docs) for b in docs[i:] if a == b or stories.link(a, b) is not None]
    assert list(linked_docs(docs, stories)) == expected


def test_stem_takes_a_common_form_of_a_content_word():
    assert stem("riots") == stem("rioting") == "riot"
    assert stem("red") == "red"  # too short to lose an ending
