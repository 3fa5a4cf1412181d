"""Place and organisation claims."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.lexicon import bundled_lexicon
from reconcile.claims.places import extract_places
from reconcile.ingest import article_from_text


def places_in(text: str):
    article = article_from_text("t", text)
    return extract_places(article, article_sentences(article), bundled_lexicon())


def test_an_alias_is_keyed_by_the_lexicon_id_and_keeps_the_alias_used():
    claims = places_in("TOKYO - The islands, which Japan calls the Northern Territories, are disputed.")
    islands = next(c for c in claims if c.span.text == "Northern Territories")
    assert islands.key == "southern-kurils"
    assert islands.place.alias == "Northern Territories"
    assert islands.place.source == "lexicon"


def test_us_in_capitals_is_the_united_states_but_us_in_lower_case_is_not():
    claims = places_in("WASHINGTON - The US told us nothing new on Monday.")
    assert [c.span.text for c in claims] == ["US"]


def test_dotted_abbreviation_keeps_its_final_full_stop():
    claims = places_in("WASHINGTON - U.S. officials said nothing.")
    assert claims[0].span.text == "U.S." and claims[0].key == "united-states"


def test_possessive_is_left_out_of_the_span():
    claims = places_in("TOKYO - Japan's envoy arrived on Monday.")
    assert claims[0].span.text == "Japan"


def test_unknown_islands_are_a_place_by_pattern():
    claims = places_in("BEIJING - Ships sailed near the Daioyu Islands on Monday.")
    found = next(c for c in claims if c.kind == "place")
    assert found.span.text == "Daioyu Islands" and found.place.source == "pattern" and found.key == "daioyu islands"


def test_sea_of_x_is_a_place_by_pattern():
    claims = places_in("KIEV - Ships gathered in the Sea of Azov on Monday.")
    assert any(c.span.text == "Sea of Azov" for c in claims)


def test_capitalised_run_with_an_organisation_word_is_an_org():
    claims = places_in("LOS ANGELES - She checked into the Betty Ford Center on Monday.")
    assert [(c.kind, c.span.text) for c in claims] == [("org", "Betty Ford Center")]


def test_known_body_is_an_org_with_its_id():
    claims = places_in("MOSCOW - He is chairman of the State Duma, the lower house.")
    assert [(c.kind, c.key) for c in claims] == [("org", "state-duma")]


def test_adjective_compounds_are_not_places():
    claims = places_in("TOKYO - Talks on the Russian-held, Japanese-claimed islands resumed.")
    assert claims == []


def test_seed_004_names_both_sides_of_the_senkaku_dispute(seed_articles):
    article = seed_articles["004"]
    claims = extract_places(article, article_sentences(article), bundled_lexicon())
    names = {c.span.text: c.key for c in claims}
    assert names["Senkakus"] == "senkaku-islands"
    assert names["Daioyu Islands"] == "daioyu islands"


_WORDS = st.sampled_from(
    [
        "Japan",
        "the",
        "US",
        "U.S.",
        "Northern",
        "Territories",
        "Sea",
        "of",
        "Azov",
        "Islands",
        "Press",
        "Jiji",
        "said",
        "Kuril",
        "\u00e9t\u00e9",
        "’s",
        ",",
        ".",
        "\n\n",
        "Beijing's",
        "us",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_every_place_span_indexes_the_original_text(parts):
    text = "TOKYO - " + " ".join(parts)
    article = article_from_text("t", text)
    for claim in extract_places(article, article_sentences(article), bundled_lexicon()):
        assert article.text[claim.span.start : claim.span.end] == claim.span.text
        assert claim.sentence.start <= claim.span.start and claim.span.end <= claim.sentence.end
