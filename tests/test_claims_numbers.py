"""Number claims: what is counted, the canonical value, unit and qualifier, and what is
left alone (years, dates, times, names that carry a number)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.numbers import extract_numbers
from reconcile.ingest import article_from_text

from .conftest import MAX_GROWTH, growth

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def numbers(body: str, published: dt.date | None = None):
    article = article_from_text("t", "Headline\n\n" + body, published=published)
    return extract_numbers(article, article_sentences(article))


def only(body: str):
    found = numbers(body)
    assert len(found) == 1, [c.span.text for c in found]
    return found[0]


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))


def test_number_words_count_the_noun_that_follows():
    claim = only("The visit comes after four separate summit talks between the leaders.")
    assert (claim.key, claim.value, claim.number.counted) == ("meeting", "4", "separate summit talks")


def test_meetings_and_summit_talks_share_one_key():
    assert only("Four separate meetings have taken place.").key == only("They held four summit talks.").key == "meeting"


def test_qualifier_is_kept_apart_from_the_value():
    claim = only("The islands are home to some 19,000 Russians.")
    assert (claim.key, claim.value, claim.number.qualifier) == ("russian", "19000", "about")
    assert claim.span.text == "some 19,000"


@pytest.mark.parametrize(
    "phrase,qualifier",
    [
        ("more than 50 people", "more than"),
        ("at least 50 people", "at least"),
        ("nearly 50 people", "nearly"),
        ("up to 50 people", "up to"),
        ("about 50 people", "about"),
    ],
)
def test_qualifiers_are_normalised(phrase, qualifier):
    assert only(f"Police said {phrase} were hurt.").number.qualifier == qualifier


def test_units_are_normalised_whether_spelled_out_or_glued():
    spelled = only("Flames rose about 200 feet into the sky.")
    glued = only("Flames rose 200ft into the sky.")
    assert spelled.number.unit == glued.number.unit == "ft"
    assert spelled.value == glued.value == "200"


def test_grouping_commas_do_not_change_the_value():
    plain, grouped = only("The 1000-member church burned."), only("The 1,000-member church burned.")
    assert plain.value == grouped.value == "1000"
    assert plain.key == grouped.key == "member"


def test_multipliers_and_currencies():
    assert only("The city has 1.2 million residents.").value == "1200000"
    money = only("The deal is worth $3.5bn to the company.")
    assert (money.value, money.number.unit) == ("3500000000", "USD")


def test_percentages():
    claim = only("Turnout was 5.4 per cent lower.")
    assert (claim.value, claim.number.unit, claim.key) == ("5.4", "%", "percent")


def test_partitive_counts_what_the_inner_number_counts():
    found = numbers("It says two of the four disputed islands will revert to Japan.")
    assert [(c.span.text, c.key) for c in found] == [("two", "island"), ("four", "island")]


def test_vague_quantity_is_kept_as_such():
    claim = only("Hundreds of thousands of Japanese soldiers were taken prisoner.")
    assert claim.value == "hundreds of thousands"
    assert claim.key == "soldier" and claim.number.vague
    assert int(claim.number.low) < int(claim.number.high)


def test_ordinal_of_its_kind_counts_the_subject():
    claim = only("The meeting will be the second of its kind.")
    assert (claim.key, claim.value, claim.number.ordinal) == ("meeting", "2", True)


def test_ordinal_in_a_name_is_not_a_count():
    assert numbers("They fought in the second world war.") == []


@pytest.mark.parametrize("body", ["Between 10 and 12 people were hurt.", "Police said 10-12 people were hurt."])
def test_ranges_have_a_low_and_a_high(body):
    claim = only(body)
    assert (claim.value, claim.number.low, claim.number.high) == ("10-12", "10", "12")


@pytest.mark.parametrize("body", ["Brian Nichols, 37, was sentenced.", "The 37-year-old man was sentenced.", "She was 37."])
def test_ages_are_numbers_keyed_age(body):
    claim = only(body)
    assert (claim.key, claim.value) == ("age", "37")


@pytest.mark.parametrize(
    "body",
    [
        "The islands were seized in 1945.",
        "They met in Moscow on February 11, 2011.",
        "Over the past six months they met often.",
        'A so-called "2+2" meeting will follow.',
        "Leaders of the G20 met.",
        "Leaders of the Group of 20 met.",
        "It was seized as WWII ended.",
        "Call Sgt. La Croix at 745-4811.",
        "The fire started about 9:40 p.m. on the hill.",
        "Voting opened at 11 a.m. in the city.",
        "Flight 447 vanished.",
    ],
)
def test_years_dates_times_and_names_are_not_numbers(body):
    assert numbers(body) == [], body


def test_seed_000_counts_four_meetings_and_no_meeting_name():
    article = seed("000")
    found = extract_numbers(article, article_sentences(article))
    assert ("Four", "meeting", "4") in [(c.span.text, c.key, c.value) for c in found]
    assert not any("2" == c.value and "+" in article.text[c.span.end : c.span.end + 1] for c in found)


def test_seed_001_counts_russians_and_soldiers():
    article = seed("001")
    found = {c.key: c for c in extract_numbers(article, article_sentences(article))}
    assert found["russian"].value == "19000"
    assert found["soldier"].number.vague


def test_spans_of_every_seed_index_the_original_text():
    for path in sorted(SEEDS.glob("*.txt")):
        article = article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))
        for claim in extract_numbers(article, article_sentences(article)):
            assert article.text[claim.span.start : claim.span.end] == claim.span.text


_PIECES = st.sampled_from(
    [
        "some ",
        "19,000",
        " Russians",
        "about ",
        "200",
        "ft",
        " feet",
        "-member",
        "$3.5bn",
        " four",
        " of the ",
        "hundreds of thousands of",
        " 1945",
        " 2+2",
        " G20",
        "\u00ad",
        "\u2014",
        " 10-12",
        " between 10 and 12",
        ", 37,",
        " Nichols",
        ".",
        " ",
        "\n\n",
        "e\u0301",
        "\u201c",
        "\u2019s",
        " per cent",
        " 9:40 p.m.",
        " 1.2 million",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=30).map("".join))
def test_every_span_indexes_the_text(body):
    article = article_from_text("h", body)
    for claim in extract_numbers(article, article_sentences(article)):
        assert article.text[claim.span.start : claim.span.end] == claim.span.text
        assert article.text[claim.sentence.start : claim.sentence.end] == claim.sentence.text


@pytest.mark.parametrize(
    "hostile",
    ids=lambda h: f"{h[:12]!r}x{len(h)}",
    argvalues=[
        "1" * 20000,
        "1," * 10000,
        "1 " * 3000,
        "a-" * 10000,
        "$" * 5000 + "1" * 5000,
        "555-1234 " * 2000,
        "1.1." * 5000,
        "between 1 and " * 1000,
        "hundreds of " * 2000,
        "1-1-" * 5000,
        "(" * 5000 + "1" * 5000,
        "the second of its kind " * 500,
        "four-day " * 2000,
    ],
)
def test_hostile_input_runs_in_linear_time(hostile):
    def extract(text: str):
        article = article_from_text("h", "Headline\n\n" + text + ".")
        extract_numbers(article, article_sentences(article))

    assert growth(extract, hostile, hostile * 4, runs=2) < MAX_GROWTH
