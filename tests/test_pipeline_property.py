"""For any input, the whole pipeline reports or raises its own documented error, and every
span it reports indexes the text it analysed.

Three sources of input: arbitrary Unicode text (every category, surrogates aside, which
no decoder produces), news-like copy built from the pieces editors meet (names with
roles, numbers, dates, quotes, captions, accents in two forms, invisible characters,
lookalike letters, right-to-left and CJK runs) with a drifted copy of it, and arbitrary
bytes read as a file is read."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.errors import ReconcileError
from reconcile.ingest import article_from_text, read_inputs
from reconcile.pipeline import analyse


def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def analyse_or_own_error(articles):
    """The report, or None when reconcile raised one of its own errors (never another)."""
    try:
        return analyse(articles)
    except ReconcileError:
        return None


def assert_every_span_indexes_its_article(report):
    texts = {a.id: a.text for a in report.documents}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    spans += [s for f in report.findings for s in f.evidence]
    spans += [a.span(b.start, b.end) for a in report.documents for b in a.blocks]
    for span in spans:
        assert texts[span.doc][span.start : span.end] == span.text


# --- arbitrary text ---------------------------------------------------------------------------


@fast(30)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300), min_size=1, max_size=3))
def test_any_unicode_text_is_reported_with_spans_that_index_it(texts):
    report = analyse_or_own_error([article_from_text(f"t{i}", t) for i, t in enumerate(texts)])
    if report is not None:
        assert [a.text for a in report.documents] == texts
        assert_every_span_indexes_its_article(report)


# --- news-like copy ---------------------------------------------------------------------------

_PEOPLE = [
    "Foreign Minister Sergey Lavrov",
    "Sergei Lavrov",
    "Prime Minister Fumio Kishida",
    "Mr Kishida",
    "Lavr\u043ev",
    "Lav\u200brov",
    "his Japanese counterpart Fumio Kishida",
    "Volodymyr Zelensk\u00fd",
    unicodedata.normalize("NFD", "Volodymyr Zelensk\u00fd"),
    "Chikahito Harada, Japan's special envoy,",
    "\u738b\u6bc5",
    "\u0633\u064a\u0631\u063a\u064a \u0644\u0627\u0641\u0631\u0648\u0641",
]
_VERBS = ["said", "told reporters", "met", "will visit", "warned", "\u05d0\u05de\u05e8"]
_OBJECTS = [
    "some 19,000 Russians",
    "about 200 feet",
    "the Daioyu Islands",
    "the Kuril Islands",
    "1.5 million people",
    "40 per cent of voters",
    "a 1,000-member delegation",
    "\u201cWe agreed on everything,\u201d",
    '"a new chapter"',
    "Tokyo",
    "Moscow",
    "G20\u5cf0\u4f1a",
    "Gene\u00adva",
    "$3 billion",
]
_WHEN = ["on Friday", "last October", "on November 1, 2013", "in 2012", "next year", "two days ago", ""]
_HEAD = [
    "",
    "TOKYO (AFP) - ",
    "PUBLISHED : Friday, 01 November, 2013, 4:12am\n\n",
    "Photo: AFP\n\n",
    "(Front) Lavrov attends a meeting in Moscow in 2012.\n\n",
    "\ufeff",
    "Back To Top\n\n",
]
_BREAKS = [" ", "\n\n", "\r\n\r\n", "\u2029", "\n"]


@st.composite
def news_sentence(draw):
    subject = draw(st.sampled_from(_PEOPLE))
    parts = [subject, draw(st.sampled_from(_VERBS)), draw(st.sampled_from(_OBJECTS)), draw(st.sampled_from(_WHEN))]
    return " ".join(p for p in parts if p) + draw(st.sampled_from([".", ".", "!", "?", "", ".\u201d"]))


@st.composite
def news_story(draw):
    head = draw(st.sampled_from(_HEAD))
    sentences = draw(st.lists(news_sentence() | st.text(max_size=12), min_size=1, max_size=12))
    breaks = draw(st.lists(st.sampled_from(_BREAKS), min_size=len(sentences), max_size=len(sentences)))
    return head + "".join(s + b for s, b in zip(sentences, breaks))


@st.composite
def drifted_copy(draw, story):
    """A copy as another outlet runs it: one stretch replaced, names respelled or typed otherwise."""
    copy = story.replace("Sergey", draw(st.sampled_from(["Sergey", "Sergei", "Serg\u0435y"])))
    copy = copy.replace("19,000", draw(st.sampled_from(["19,000", "17,000", "nineteen thousand"])))
    form = draw(st.sampled_from(["NFC", "NFD", "NFKC", None]))
    if form:
        copy = unicodedata.normalize(form, copy)
    at = draw(st.integers(0, len(copy)))
    return copy[:at] + draw(st.sampled_from(["", " in 2014", "Kishida", "\u200b", "\u202e", "."])) + copy[at:]


@fast(25)
@given(st.data())
def test_news_like_copy_and_its_drifted_copies_are_reported_with_spans_that_index_them(data):
    story = data.draw(news_story())
    copies = data.draw(st.lists(drifted_copy(story), min_size=1, max_size=2))
    articles = [article_from_text("wire", story)] + [article_from_text(f"copy{i}", c) for i, c in enumerate(copies)]
    report = analyse_or_own_error(articles)
    if report is not None:
        assert_every_span_indexes_its_article(report)


# --- arbitrary bytes, read as a file is read --------------------------------------------------


@fast(30)
@given(st.binary(max_size=400) | news_story().map(lambda s: s.encode("utf-8")))
def test_any_bytes_are_read_or_named_as_a_problem_and_then_reported(data):
    inputs = read_inputs(["-"], stdin=io.BytesIO(data))
    assert inputs.articles or inputs.problems
    if inputs.articles:
        report = analyse_or_own_error(inputs.articles)
        if report is not None:
            assert_every_span_indexes_its_article(report)
