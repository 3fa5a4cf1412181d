"""Every figure read to a value, and two figures judged one fact or two."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.quantities import read_quantities, relation


def one(text: str):
    [q] = read_quantities(text)
    return q


@pytest.mark.parametrize(
    "text, written, kind, low",
    [
        ("killed 12 crew members", "12", "number", "12"),
        ("a dozen crew", "dozen", "number", "12"),
        ("2 1/2 miles", "2 1/2 miles", "number", "2.5"),
        ("2-1/2 miles", "2-1/2 miles", "number", "2.5"),
        ("2 1 / 2 miles", "2 1 / 2 miles", "number", "2.5"),
        ("four and a half miles", "four and a half miles", "number", "4.5"),
        ("two-thirds of voters", "two-thirds", "number", "0.6666666666666666666666666666"),
        ("at 14:00 GMT", "14:00", "time", "840"),
        ("at 2 p.m.", "2 p.m.", "time", "840"),
        ("shortly after 3:30 a. m.", "shortly after 3:30 a. m.", "time", "210"),
        ("won 10-14 on Sunday", "10-14", "pair", "10"),
        ("10-12 people", "10-12", "number", "10"),
        ("No. 12", "No. 12", "label", "12"),
        ("the A380 jet", "A380", "label", "380"),
        ("call 0800 555 111 now", "0800 555 111", "label", "800555111"),
        ("$3.5bn", "$3.5bn", "number", "3500000000.0"),
        ("3.9%", "3.9%", "number", "3.9"),
        ("more than 400", "more than 400", "number", "400"),
        ("three-plus seasons", "three-plus", "number", "3"),
        ("the 13th", "13th", "ordinal", "13"),
        ("the eleventh-hour rule", "eleventh", "ordinal", "11"),
        ("tens of thousands", "tens of thousands", "number", "20000"),
    ],
)
def test_each_form_is_read_to_its_value(text, written, kind, low):
    q = one(text)
    assert text[q.start : q.end] == written
    assert q.kind == kind
    assert str(q.low) == low


def test_a_conversion_in_brackets_is_read_as_a_figure_of_its_own():
    found = read_quantities("110 billion (Dh472.72bn)")
    assert [(q.kind, q.unit) for q in found] == [("number", ""), ("number", "AED")]


def test_dates_are_left_to_the_date_reader():
    text = "on March 5, 2013 some 40 people"
    excluded = ((3, 16),)
    assert [text[q.start : q.end] for q in read_quantities(text, excluded=excluded)] == ["some 40"]


@pytest.mark.parametrize(
    "x, y, verdict",
    [
        ("4.5 miles", "4 1/2 miles", "same"),
        ("four islands", "4 islands", "same"),
        ("60 metres", "200 feet", "same"),
        ("20 km", "12 miles", "same"),
        ("5 per cent", "5%", "same"),
        ("6:00 p.m.", "6 p.m.", "same"),
        ("about 19,000", "19,400", "compatible"),
        ("more than 400", "412", "compatible"),
        ("19,000", "19,400", "compatible"),
        ("shortly after 3:30 a.m.", "3:33 a.m.", "compatible"),
        ("12 crew", "11 crew", "different"),
        ("40", "43", "different"),
        ("14:00", "15:00", "different"),
        ("10-14", "10-12", "different"),
        ("3-1", "1-3", "different"),
        ("No. 12", "No. 13", "different"),
        ("up to 120", "up to 180", "different"),
        ("more than 26,000", "more than 31,000", "different"),
        ("more than 26,400", "more than 26,000", "compatible"),
        ("more than 10,000", "more than 11,000", "different"),
        ("about 9:40 p.m.", "about 9:44 p.m.", "different"),
        ("60 metres", "90 feet", "different"),
    ],
)
def test_two_figures_are_one_fact_or_two(x, y, verdict):
    assert relation(one(x), one(y)) == verdict
    assert relation(one(y), one(x)) == verdict


@pytest.mark.parametrize(
    "x, y",
    [
        ("$3.5bn", "\u20ac3.5bn"),
        ("at 14:00", "14 people"),
        ("a 40-year-old", "one"),
    ],
)
def test_figures_of_different_kinds_or_currencies_are_not_compared(x, y):
    assert relation(one(x), one(y)) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 ,./-:$%aptmhrsofive") + ["one", "half", " pm", " GMT", " 1/2"]), max_size=30).map("".join))
def test_every_figure_indexes_the_text_it_was_read_from(text):
    for q in read_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end].strip() == text[q.start : q.end]
