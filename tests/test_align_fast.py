"""The aligner's fast paths against the plain definitions they replace: anchors found with
rapidfuzz's cut-off equal the anchors of the full score matrix; text folded by translation
equals `fold`; words counted without tokens equal the tokens."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from reconcile.overlap.align import anchor_hits, anchor_matrix, neighbour_score, shared_vocabulary, wording_similarity
from reconcile.ingest import article_from_text
from reconcile.overlap.shingles import article_passages
from reconcile.text import fold, fold_text, word_count, words

# News copy and the characters that make folding hard: curly quotes, dashes, accents
# composed and decomposed, ligatures, fullwidth letters, invisible marks, odd spaces.
CHARACTERS = list("aB c-D'.,\n\t ") + [
    "\u201c",
    "\u201d",
    "\u2019",
    "\u2014",
    "\u00e9",
    "e\u0301",
    "\u0301",
    "\u00a0",
    "\u200b",
    "\u00a8",
    "\u0345",
    "\uff21",
    "\u00df",
    "\u0130",
    "\ufb01",
    "\u2163",
    "\u3000",
    "\u00b4",
    "\u00bd",
]
texts = st.lists(st.sampled_from(CHARACTERS), max_size=16).map("".join)

VOCABULARY = "port strike union pay talks grain ships officials the a of in said on Monday Eastham".split()
sentence = st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=14)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_folding_by_translation_equals_fold(text):
    assert fold_text(text) == fold(text).text


@settings(max_examples=500, deadline=None)
@given(texts, st.integers(0, 16), st.integers(0, 16))
def test_words_counted_without_tokens_equal_the_tokens(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    count = len(words(text, start, end))
    assert word_count(text, start, end) == count
    assert [word_count(text, start, end, limit=n) for n in range(5)] == [min(count, n) for n in range(5)]


def passages_of(sentences: list[list[str]]):
    text = " ".join(" ".join(s).capitalize() + "." for s in sentences)
    return article_passages(article_from_text("doc", text))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(sentence, min_size=1, max_size=6),
    st.lists(sentence, min_size=1, max_size=6),
    st.sampled_from([0.4, 0.5, 0.6]),
    st.integers(1, 6),
)
def test_anchor_hits_are_the_anchors_of_the_full_score_matrix(xs, ys, threshold, min_words):
    for x_level, y_level in zip(passages_of(xs), passages_of(xs[:1] + ys)):
        scores, shared = anchor_matrix(x_level, y_level)
        expected = [(int(i), int(j), float(scores[i, j])) for i, j in np.argwhere((scores >= threshold) & (shared >= min_words))]
        assert anchor_hits(x_level, y_level, threshold, min_words) == expected


@settings(max_examples=80, deadline=None)
@given(sentence, sentence)
def test_neighbour_score_reads_the_cached_word_sets_as_the_sequences_would(x, y):
    (px, *_), _ = passages_of([x])
    (py, *_), _ = passages_of([y])
    assert neighbour_score(px, py) == max(wording_similarity(px.forms, py.forms), shared_vocabulary(px.forms, py.forms))
