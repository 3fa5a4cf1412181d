"""Dates: one event dated differently by copies of a passage (a conflict) or by reports of
one story (a warning), one event dated two ways inside an article; and the same day written
two ways left alone."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import find_findings
from reconcile.findings.dates import date_findings
from reconcile.findings.stories import find_stories
from reconcile.ingest import article_from_text
from reconcile.model import Article

from .fixture_cases import body_overlap, load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "dates"
LEXICON = load_lexicon()


def reported(*articles: Article, aligned: bool = True):
    claims = [c for a in articles for c in extract_claims(a, LEXICON)]
    overlaps = [body_overlap(articles[0], articles[1])] if aligned else []
    return [f for f in find_findings(list(articles), claims, overlaps, LEXICON) if f.status != "agreement"]


def fixture(*names: str):
    return [load(FIXTURES / name) for name in names]


def test_two_weekdays_for_one_meeting_in_copies_are_an_error():
    [finding] = reported(*fixture("conflict_wire.txt", "conflict_reprint.txt"))
    assert (finding.kind, finding.status, finding.severity) == ("date", "conflict", "error")
    assert set(finding.values) == {"Friday", "Thursday"}


def test_yesterday_and_the_weekday_it_means_are_one_date():
    assert reported(*fixture("conflict_wire.txt", "variant_reprint.txt")) == []


def test_the_same_words_and_day_raise_nothing():
    assert reported(*fixture("conflict_wire.txt", "agreement_reprint.txt")) == []


def test_a_date_with_no_publication_date_is_not_set_against_an_anchored_one_in_the_same_words():
    assert reported(*fixture("undated_wire.txt", "agreement_reprint.txt")) == []


def test_independent_stories_of_two_fires_give_no_date_conflict():
    assert [f for f in reported(*fixture("independent_a.txt", "independent_b.txt"), aligned=False) if f.kind == "date"] == []


def story(*bodies: str):
    articles = [
        article_from_text(f"r{i}", f"Report {i}\n\nPUBLISHED : Wednesday, 10 December 2008\n\n{body}") for i, body in enumerate(bodies)
    ]
    claims = [c for a in articles for c in extract_claims(a, LEXICON)]
    return date_findings(articles, claims, [], LEXICON, find_stories(articles, []))


def test_reports_that_date_one_event_two_ways_in_much_the_same_sentence_warn():
    [finding] = story(
        "Actress Tara Reid checked into the Promises Treatment Center in Malibu on Tuesday, People said.",
        "Actress Tara Reid checked into the Promises Treatment Center in Malibu on Friday, People said.",
    )
    assert (finding.kind, finding.severity) == ("date", "warning")


def test_dates_tied_to_one_name_by_the_same_words_are_one_event_in_otherwise_different_sentences():
    [finding] = story(
        "Actress Tara Reid, who starred in two comedies, checked into Promises Treatment Center on Friday, "
        "her representative told a magazine in Malibu, Los Angeles.",
        "Reid entered Malibu Promises Treatment Center on Tuesday after a long year of parties, "
        "travel shows, red carpets, photo shoots and nightclub openings, friends of Tara Reid in Los Angeles said.",
    )
    assert set(finding.values) == {"Friday", "Tuesday"}


def test_two_days_of_one_month_need_no_year_to_differ():
    [finding] = story(
        "Then, on November 18, the Indian warship Tabar sank a Thai trawler taken by pirates near Oman.",
        "Then, on November 19, the Indian warship Tabar sank a Thai trawler taken by pirates near Oman.",
    )
    assert set(finding.values) == {"November 18", "November 19"}


def test_two_events_of_one_sentence_are_not_one_date():
    assert (
        story(
            "Eric Kirkpatrick was charged with murder in Vancouver on Saturday after a shooting.",
            "Eric Kirkpatrick opened fire at a Christmas party in Vancouver on Friday after a shooting.",
        )
        == []
    )


def test_a_speaker_saying_today_is_not_the_story_dating_an_event():
    assert (
        story(
            'Protesters in Brooklyn shouted "How many kids will you kill today" at Brooklyn police.',
            'Protesters in Brooklyn shouted "How many kids did you kill yesterday" at Brooklyn police.',
        )
        == []
    )


_EXPRESSIONS = st.sampled_from(["on Friday", "on Thursday", "yesterday", "today", "on November 1, 2013", "last week"])


@settings(max_examples=40, deadline=None)
@given(_EXPRESSIONS, _EXPRESSIONS)
def test_every_evidence_span_indexes_its_article(x, y):
    a = article_from_text("a", f"Head\n\nPUBLISHED : Saturday, 02 November 2013\n\nTOKYO - The ministers met in Tokyo {x} and agreed.")
    b = article_from_text("b", f"Head\n\nPUBLISHED : Saturday, 02 November 2013\n\nTOKYO - The ministers met in Tokyo {y} and agreed.")
    texts = {"a": a.text, "b": b.text}
    for finding in reported(a, b):
        for span in finding.evidence:
            assert texts[span.doc][span.start : span.end] == span.text
