"""Date findings: one event dated by several sources, judged conflict, variant or
agreement; unanchored dates are never set against anchored ones, and independent
stories give no false conflicts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.dates import extract_dates
from reconcile.claims.numbers import extract_numbers
from reconcile.findings.dates import compare_dates, date_findings
from reconcile.ingest import article_from_text
from reconcile.model import Article

from .fixture_cases import body_overlap, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "claims" / "dates"
SEEDS = ROOT / "seeds"


def claims_of(*articles: Article):
    found = []
    for article in articles:
        sentences = article_sentences(article)
        found += extract_dates(article, sentences) + extract_numbers(article, sentences)
    return found


def findings(first: str, second: str, overlap: bool = True):
    a, b = load(FIXTURES / first), load(FIXTURES / second)
    return date_findings([a, b], claims_of(a, b), [body_overlap(a, b)] if overlap else [], None)


def test_two_weekdays_for_one_meeting_conflict():
    [finding] = findings("conflict_wire.txt", "conflict_reprint.txt")
    assert finding.status == "conflict" and finding.severity == "error"
    assert set(finding.values) == {"Friday", "Thursday"}
    assert "Thursday [2013-10-31] (conflict_reprint) vs Friday [2013-11-01] (conflict_wire)" in finding.message


def test_yesterday_and_the_weekday_it_means_are_a_variant():
    [finding] = findings("conflict_wire.txt", "variant_reprint.txt")
    assert finding.status == "variant"
    assert set(finding.values) == {"Friday", "yesterday"}


def test_the_same_words_and_day_are_an_agreement():
    [finding] = findings("conflict_wire.txt", "agreement_reprint.txt")
    assert finding.status == "agreement"


def test_unanchored_and_anchored_dates_in_the_same_words_give_no_finding():
    assert findings("undated_wire.txt", "agreement_reprint.txt") == []


def test_independent_stories_give_no_conflict():
    found = findings("independent_a.txt", "independent_b.txt", overlap=False)
    assert [f for f in found if f.status == "conflict"] == []


def test_evidence_indexes_every_article_involved():
    a, b = load(FIXTURES / "conflict_wire.txt"), load(FIXTURES / "conflict_reprint.txt")
    [finding] = date_findings([a, b], claims_of(a, b), [body_overlap(a, b)], None)
    texts = {a.id: a.text, b.id: b.text}
    assert {s.doc for s in finding.evidence} == set(texts)
    for span in finding.evidence:
        assert texts[span.doc][span.start:span.end] == span.text


def test_unaligned_seeds_give_no_conflict():
    articles = [load(p) for p in sorted(SEEDS.glob("*.txt"))]
    found = date_findings(articles, claims_of(*articles), [], None)
    assert [f for f in found if f.status == "conflict"] == []


def _date(sentence: str, published=None):
    article = article_from_text("t", "Headline\n\n" + sentence, published=published)
    [claim] = extract_dates(article, article_sentences(article))
    return claim


def test_unanchored_weekdays_that_differ_conflict():
    assert compare_dates(_date("They met on Friday."), _date("They met on Thursday.")) == "conflict"


def test_an_unanchored_weekday_is_checked_against_an_absolute_date():
    friday = _date("They met on November 1, 2013.")  # a Friday
    assert compare_dates(_date("They met on Friday."), friday) == "variant"
    assert compare_dates(_date("They met on Tuesday."), friday) == "conflict"


def test_an_unanchored_date_never_conflicts_with_an_anchored_one_otherwise():
    import datetime as dt
    assert compare_dates(_date("They met last week."), _date("They met in 1999.", dt.date(2013, 11, 1))) == "variant"


_EXPRESSIONS = st.sampled_from(["on Friday", "on Thursday", "yesterday", "today", "on November 1, 2013", "last week"])


@settings(max_examples=40, deadline=None)
@given(_EXPRESSIONS, _EXPRESSIONS)
def test_every_evidence_span_indexes_its_article(x, y):
    a = article_from_text("a", f"Head\n\nPUBLISHED : Saturday, 02 November 2013\n\nTOKYO - The ministers met in Tokyo {x} and agreed.")
    b = article_from_text("b", f"Head\n\nPUBLISHED : Saturday, 02 November 2013\n\nTOKYO - The ministers met in Tokyo {y} and agreed.")
    texts = {"a": a.text, "b": b.text}
    for finding in date_findings([a, b], claims_of(a, b), [body_overlap(a, b)], None):
        for span in finding.evidence:
            assert texts[span.doc][span.start:span.end] == span.text
