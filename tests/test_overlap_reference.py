"""Differential tests: the fast overlap stage against slow, obviously correct references,
on corpora that Hypothesis generates; and the offset promise as a property."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.overlap.align import wording_similarity
from reconcile.ingest import article_from_text
from reconcile.overlap.find import find_overlaps
from .reference import all_pairs_jaccard, common_subsequence_length, exact_jaccard, naive_overlaps, naive_similarity, surely_candidate_pairs
from reconcile.overlap.shingles import article_passages, word_shingles
from reconcile.overlap.signatures import SignatureScheme, sign

VOCABULARY = """harbour strike union port ships grain talks pay night shift director officials mediate
meeting economy euros tonnes cargo timber vessels queue crane operators autumn rise offer
workers gate reporters authority stoppage local regional coast traders buyers contracts
delay cancel weather river bridge council budget school teachers election votes count""".split()

words_ = st.sampled_from(VOCABULARY)
sentence_words = st.lists(words_, min_size=6, max_size=14)


def render(sentence: list[str]) -> str:
    return " ".join([sentence[0].capitalize(), *sentence[1:]]) + "."


@st.composite
def edited(draw, sentence: list[str]) -> list[str]:
    """A copy of a sentence with at most one small edit: a word changed, dropped or added."""
    edit = draw(st.sampled_from(["none", "change", "drop", "add"]))
    out = list(sentence)
    i = draw(st.integers(0, len(out) - 1))
    if edit == "change":
        out[i] = draw(words_)
    elif edit == "drop" and len(out) > 6:
        del out[i]
    elif edit == "add":
        out.insert(i, draw(words_))
    return out


@st.composite
def corpora(draw):
    """Three to four small articles: a source, and others that copy some of its sentences
    (some edited) among sentences of their own."""
    source = draw(st.lists(sentence_words, min_size=2, max_size=6))
    docs = [source]
    for _ in range(draw(st.integers(2, 3))):
        doc = []
        for sentence in source:
            choice = draw(st.sampled_from(["copy", "skip", "own"]))
            if choice == "copy":
                doc.append(draw(edited(sentence)))
            elif choice == "own":
                doc.append(draw(sentence_words))
        docs.append(doc or [draw(sentence_words)])
    articles = []
    for n, doc in enumerate(docs):
        paragraphs = [" ".join(render(s) for s in doc[i : i + 2]) for i in range(0, len(doc), 2)]
        articles.append(article_from_text(f"d{n}", f"Story number {n}\n\n" + "\n\n".join(paragraphs)))
    return articles


def contains(outer, inner) -> bool:
    return (
        (outer.a.doc, outer.b.doc) == (inner.a.doc, inner.b.doc)
        and outer.a.start <= inner.a.start
        and inner.a.end <= outer.a.end
        and outer.b.start <= inner.b.start
        and inner.b.end <= outer.b.end
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=corpora())
def test_find_overlaps_finds_every_pair_that_the_naive_all_pairs_aligner_finds(articles):
    # LSH is probabilistic: compare on the document pairs it cannot reasonably miss.
    sure = surely_candidate_pairs(articles)
    fast = find_overlaps(articles)
    for expected in naive_overlaps(articles):
        if (expected.a.doc, expected.b.doc) in sure:
            assert any(contains(found, expected) for found in fast), expected


@settings(max_examples=60, deadline=None)
@given(x=st.lists(words_, max_size=20), y=st.lists(words_, max_size=20))
def test_rapidfuzz_wording_similarity_equals_the_textbook_lcs_ratio(x, y):
    assert abs(wording_similarity(x, y) - naive_similarity(x, y)) < 1e-9


@settings(max_examples=40, deadline=None)
@given(x=st.lists(words_, max_size=15), y=st.lists(words_, max_size=15))
def test_common_subsequence_is_symmetric_and_bounded(x, y):
    n = common_subsequence_length(x, y)
    assert n == common_subsequence_length(y, x) and n <= min(len(x), len(y))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=corpora())
def test_minhash_estimates_stay_near_exact_jaccard_over_all_pairs(articles):
    scheme = SignatureScheme(num_perm=256)
    sets = {}
    for a in articles:
        sentences, _ = article_passages(a)
        sets[a.id] = set().union(*(word_shingles(p.forms, 3) for p in sentences))
    signatures = {k: sign(v, scheme) for k, v in sets.items()}
    for (x, y), exact in all_pairs_jaccard(sets).items():
        assert exact == exact_jaccard(sets[y], sets[x])
        # Five standard errors at the worst case J = 0.5: sqrt(0.25 / 256) * 5 ~ 0.16.
        assert abs(signatures[x].jaccard(signatures[y]) - exact) <= 0.16


# Text whose matching form differs from what is shown: curly quotes, accents in two
# normal forms, no-break and doubled spaces, soft hyphens, dashes.
styled_words = (
    st.sampled_from(
        [
            "caf\u00e9",
            "cafe\u0301",
            "\u201cquoted\u201d",
            '"quoted"',
            "it\u2019s",
            "it's",
            "co\u00adoperate",
            "well\u2013known",
            "well-known",
            "HARBOUR",
            "harbour",
            "N\u00ba",
            "\ufb01sh",
            "fish",
        ]
    )
    | words_
)
spacing = st.sampled_from([" ", "  ", "\u00a0", " \u200b"])


@st.composite
def styled_sentence(draw) -> str:
    tokens = draw(st.lists(styled_words, min_size=6, max_size=12))
    gaps = draw(st.lists(spacing, min_size=len(tokens) - 1, max_size=len(tokens) - 1))
    text = tokens[0].capitalize()
    for gap, token in zip(gaps, tokens[1:]):
        text += gap + token
    return text + draw(st.sampled_from([".", "!", ",\u201d she said."]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shared=st.lists(styled_sentence(), min_size=1, max_size=3),
    own=st.lists(styled_sentence(), max_size=2),
    leading=st.sampled_from(["", "\n", "  \n\n", "\ufeff"]),
)
def test_every_overlap_span_indexes_the_original_text(shared, own, leading):
    x = article_from_text("x", leading + "Headline here\n\n" + "\n\n".join(shared + own))
    y = article_from_text("y", "Another headline\n\n" + "\n\n".join(own[::-1] + shared) + "\n")
    for o in find_overlaps([x, y]):
        for span, article in ((o.a, x), (o.b, y)):
            assert article.text[span.start : span.end] == span.text
            assert span.text == span.text.strip()
