"""Date claims: absolute and relative dates as intervals, anchored to the publication
date when there is one and never guessed when there is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.dates import extract_dates
from reconcile.ingest import article_from_text

from .conftest import MAX_GROWTH, growth

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "dates"
FRIDAY = dt.date(2013, 11, 1)  # a Friday


def dates(body: str, published: dt.date | None = FRIDAY):
    article = article_from_text("t", "Headline\n\n" + body, published=published)
    return extract_dates(article, article_sentences(article))


def only(body: str, published: dt.date | None = FRIDAY):
    found = dates(body, published)
    assert len(found) == 1, [c.span.text for c in found]
    return found[0]


def interval(claim) -> tuple[str, str, str]:
    return claim.date.start, claim.date.end, claim.date.precision


@pytest.mark.parametrize(
    "body,expected",
    [
        ("They met in Moscow on February 11, 2011.", ("2011-02-11", "2011-02-11", "day")),
        ("It was published on 01 November 2013.", ("2013-11-01", "2013-11-01", "day")),
        ("The war ended in 1945.", ("1945-01-01", "1945-12-31", "year")),
        ("Moscow annexed Crimea in March 2014.", ("2014-03-01", "2014-03-31", "month")),
        ("Pin-ups were popular in the 1950s.", ("1950-01-01", "1959-12-31", "decade")),
    ],
)
def test_absolute_dates_need_no_anchor(body, expected):
    claim = only(body, published=None)
    assert interval(claim) == expected
    assert claim.date.anchored and not claim.date.relative


def test_day_and_month_take_the_year_of_publication():
    assert interval(only("The crash happened on May 3.", published=dt.date(2013, 6, 1))) == ("2013-05-03", "2013-05-03", "day")


def test_a_past_weekday_is_the_most_recent_one_on_or_before_publication():
    assert only("Japan and Russia held talks on Wednesday.").value == "2013-10-30"


def test_the_weekday_of_publication_is_that_day():
    assert only("The ministers met on Friday.").value == "2013-11-01"


def test_a_future_weekday_is_the_next_one():
    assert only("The ministers will meet on Saturday.").value == "2013-11-02"


def test_possessive_weekday_is_a_date():
    assert only("Wednesday's talks marked the first negotiation.").value == "2013-10-30"


@pytest.mark.parametrize(
    "body,value",
    [
        ("He died yesterday.", "2013-10-31"),
        ("They meet today.", "2013-11-01"),
        ("They meet tomorrow.", "2013-11-02"),
        ("The row worsened last week.", "2013-10-21/2013-10-27"),
        ("They met last October.", "2013-10-01/2013-10-31"),  # the most recent October before this month
        ("He will visit next spring.", "2014-03-01/2014-05-31"),
        ("They met often over the past six months.", "2013-05-05/2013-11-01"),
        ("The sides met last year.", "2012-01-01/2012-12-31"),
        ("Talks come this week.", "2013-10-28/2013-11-03"),
    ],
)
def test_relative_dates_are_anchored_to_publication(body, value):
    claim = only(body)
    assert claim.value == value
    assert claim.date.anchored and claim.date.relative


def test_alternatives_joined_by_or_make_one_interval():
    claim = only("Talks will be held in either late January or early February.")
    assert claim.span.text == "late January or early February"
    # "late" and "early" are the last and first thirds of their months
    assert claim.date.start == "2014-01-22" and claim.date.end == "2014-02-09"


def test_by_the_end_of_this_year_ends_with_the_year():
    claim = only("Putin is expected to visit Japan by the end of this year.")
    assert claim.date.end == "2013-12-31" and claim.date.relation == "by"
    assert claim.date.tense == "future"


def test_the_following_day_counts_from_the_date_before_it():
    found = dates("Ministers arrive from today. The following day, they will talk security.")
    assert [c.value for c in found] == ["2013-11-01", "2013-11-02"]


@pytest.mark.parametrize(
    "body",
    ["They met on Friday.", "He will visit next spring.", "They met last October.", "He died yesterday.", "The crash happened on May 3."],
)
def test_without_a_publication_date_relative_dates_stay_unanchored(body):
    claim = only(body, published=None)
    assert not claim.date.anchored
    assert claim.date.start == ""
    assert claim.value == claim.date.expression


def test_tense_is_detected():
    assert only("The ministers will meet on Saturday.").date.tense == "future"
    assert only("The ministers met on Saturday.").date.tense == "past"


def test_event_words_name_what_happened():
    assert "talks" in only("Japan and Russia on Wednesday held talks.").date.event.split()


@pytest.mark.parametrize("body", ["You may want to march on.", "Sales rose 2,000 units.", "It held 2000 people."])
def test_words_that_look_like_dates_are_not_dates(body):
    assert dates(body) == [], body


def test_undated_fixture_stays_unanchored():
    path = FIXTURES / "undated_wire.txt"
    article = article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))
    found = extract_dates(article, article_sentences(article))
    assert article.published is None
    assert [c.value for c in found] == ["friday", "next spring", "saturday"]
    assert {c.date.anchored for c in found} == {False}


def test_seed_004_resolves_against_its_published_line():
    path = next(SEEDS.glob("004_*.txt"))
    article = article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))
    found = {c.span.text: c.value for c in extract_dates(article, article_sentences(article))}
    assert found["today"] == "2013-11-01"
    assert found["The following day"] == "2013-11-02"
    assert found["over the past six months"].endswith("/2013-11-01")


_PIECES = st.sampled_from(
    [
        "on Friday",
        "Wednesday's",
        " last October",
        " next spring",
        " yesterday",
        " February 11, 2011",
        " 01 November 2013",
        " in 1945",
        " March 2005",
        " May 3",
        " late January or early February",
        " the following day",
        " over the past six months",
        " the 1950s",
        " by the end of this year",
        ".",
        " ",
        "\n\n",
        "\u00ad",
        "e\u0301",
        "\u2019s",
        " may",
        " 2+2",
        "PUBLISHED : ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=30).map("".join))
def test_every_span_indexes_the_text(body):
    article = article_from_text("h", body)
    for claim in extract_dates(article, article_sentences(article)):
        assert article.text[claim.span.start : claim.span.end] == claim.span.text


@pytest.mark.parametrize(
    "hostile",
    ids=lambda h: f"{h[:12]!r}x{len(h)}",
    argvalues=[
        "Friday " * 3000,
        "last " * 3000,
        "the " * 3000 + "1950s",
        "1" * 20000,
        "May 1 " * 2000,
        "over the past " * 1500,
        "late early " * 2000,
        "12 " * 4000 + "days ago",
        "January or " * 2000,
    ],
)
def test_hostile_input_runs_in_linear_time(hostile):
    def extract(text: str):
        article = article_from_text("h", "Headline\n\n" + text + ".", published=FRIDAY)
        extract_dates(article, article_sentences(article))

    assert growth(extract, hostile, hostile * 4, runs=2) < MAX_GROWTH
