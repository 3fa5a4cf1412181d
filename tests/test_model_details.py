"""Typed claim details: each kind its own frozen record, written out as the sorted string
pairs the JSON report and the archive have always stored."""

from __future__ import annotations

import pytest

from reconcile.model import (
    Claim,
    DateDetails,
    NumberDetails,
    PersonDetails,
    PlaceDetails,
    QuoteDetails,
    Span,
    details_from_pairs,
)

SPAN = Span("a", 0, 4, "text")


def test_details_are_written_as_sorted_pairs_without_empty_text():
    details = PersonDetails(name="Lavrov", full="Sergei Lavrov", surname="Lavrov", mention="short", resolved="article")
    assert details.pairs() == (
        ("full", "Sergei Lavrov"),
        ("mention", "short"),
        ("name", "Lavrov"),
        ("resolved", "article"),
        ("surname", "Lavrov"),
    )


def test_number_and_date_flags_are_written_yes_or_no():
    assert ("vague", "no") in NumberDetails(low="3", high="3").pairs()
    assert ("anchored", "yes") in DateDetails(anchored=True).pairs()


def test_quote_flags_are_written_only_when_true():
    assert QuoteDetails(text="x", partial=True).pairs() == (("partial", "yes"), ("text", "x"))
    assert QuoteDetails(text="x").pairs() == (("text", "x"),)


def test_place_details_keep_their_empty_entry():
    assert ("entry", "") in PlaceDetails(alias="Daioyu", canonical="Daioyu", type="islands", source="pattern").pairs()


@pytest.mark.parametrize(
    "kind, details",
    [
        ("person", PersonDetails(name="Kishida", role="foreign minister", role_id="foreign-minister", mention="full")),
        ("org", PlaceDetails(alias="State Duma", canonical="State Duma", entry="state-duma", type="parliament", source="lexicon")),
        ("quote", QuoteDetails(text="we will", speaker="Kishida", speaker_via="named", continued=True)),
        ("number", NumberDetails(low="10", high="12", vague=False, ordinal=True, written="digits")),
        ("date", DateDetails(start="2013-11-01", end="2013-11-01", precision="day", anchored=True, relative=True)),
    ],
)
def test_pairs_read_back_into_the_same_details(kind, details):
    assert details_from_pairs(kind, details.pairs()) == details


def test_a_pair_the_kind_does_not_have_is_refused():
    with pytest.raises(ValueError, match="no detail 'speaker'"):
        details_from_pairs("number", [("speaker", "Lavrov")])
    with pytest.raises(ValueError, match="no claim kind"):
        details_from_pairs("weather", [])


def test_a_claim_takes_only_the_details_of_its_kind():
    with pytest.raises(TypeError, match="DateDetails"):
        Claim("date", SPAN, "date", "2013", SPAN, "body", NumberDetails())


def test_typed_views_give_the_kind_s_details_and_refuse_another_kind():
    claim = Claim("number", SPAN, "count", "4", SPAN, "body", NumberDetails(low="4", high="4"))
    assert claim.number.low == "4"
    with pytest.raises(TypeError):
        claim.person  # noqa: B018


def test_json_of_a_claim_holds_its_details_as_a_mapping_in_pair_order():
    claim = Claim("quote", SPAN, "", "text", SPAN, "body", QuoteDetails(text="text", marks="curly", partial=True))
    assert list(claim.to_json()["details"].items()) == [("marks", "curly"), ("partial", "yes"), ("text", "text")]
