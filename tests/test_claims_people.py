"""Person claims: names, titles, affiliations and resolution within an article."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.lexicon import bundled_lexicon
from reconcile.claims.people import extract_people
from reconcile.ingest import article_from_text


def people_in(text: str):
    article = article_from_text("t", text)
    return extract_people(article, article_sentences(article), bundled_lexicon())


def by_name(claims):
    return {c.span.text: c for c in claims}


def test_title_before_a_name_gives_role_and_affiliation():
    kishida = by_name(people_in("TOKYO - Japanese Foreign Minister Fumio Kishida arrived."))["Fumio Kishida"]
    assert kishida.person.role == "foreign minister"
    assert kishida.person.affiliation == "Japan"
    assert kishida.person.role_via == "title"


def test_counterpart_takes_the_role_of_the_person_it_answers():
    claims = by_name(people_in("TOKYO - Japanese Foreign Minister Fumio Kishida met his Russian counterpart Sergey Lavrov."))
    assert claims["Sergey Lavrov"].person.role == "foreign minister"
    assert claims["Sergey Lavrov"].person.affiliation == "Russia"
    assert claims["Sergey Lavrov"].person.role_via == "counterpart"


def test_plural_counterparts_pair_with_the_people_they_answer_in_order():
    claims = by_name(
        people_in(
            "TOKYO - Foreign Minister Sergey Lavrov and Defence Minister Sergei Shoigu will meet their Japanese "
            "counterparts Fumio Kishida and Itsunori Onodera."
        )
    )
    assert claims["Fumio Kishida"].person.role == "foreign minister"
    assert claims["Itsunori Onodera"].person.role == "defence minister"
    assert claims["Itsunori Onodera"].person.affiliation == "Japan"


def test_apposition_after_a_name_gives_the_role():
    claims = by_name(people_in("TOKYO - Chikahito Harada, Japan's special envoy for Japan-Russia relations, met reporters."))
    assert claims["Chikahito Harada"].person.role == "special envoy"
    assert claims["Chikahito Harada"].person.affiliation == "Japan"


def test_role_of_a_body_after_the_role_gives_the_affiliation():
    claims = people_in("TOKYO - Sergey Naryshkin visited. Naryshkin, chairman of the State Duma, spoke.")
    chair = [c for c in claims if c.person.role][-1]
    assert chair.person.role == "chairman" and chair.person.affiliation == "State Duma"


def test_a_surname_alone_resolves_to_the_person_named_in_full():
    claims = people_in("TOKYO - Chikahito Harada met officials. Harada said little.")
    assert [c.key for c in claims] == ["chikahito-harada", "chikahito-harada"]
    assert claims[1].person.full == "Chikahito Harada"
    assert claims[1].person.resolved == "article"


def test_an_unknown_person_is_keyed_by_surname():
    claims = people_in("LONDON - Tara Reid, 33, has entered a clinic. Reid said nothing.")
    assert {c.key for c in claims} == {"reid"}


def test_transliterations_in_one_article_are_one_person():
    claims = people_in("MOSCOW - Sergey Lavrov spoke. Later Sergei Lavrov left.")
    assert {c.key for c in claims} == {"sergey-lavrov"}


def test_people_sharing_a_given_name_stay_apart():
    claims = people_in("MOSCOW - Sergey Lavrov met Sergei Shoigu and Sergey Naryshkin.")
    assert len({c.key for c in claims}) == 3


def test_sentence_openers_months_and_places_are_not_people():
    claims = people_in("TOKYO - Despite talks in May, Exchanges between Japan and China remain rare. Tokyo said no.")
    assert claims == []


def test_a_lone_capitalised_word_after_in_is_a_place_not_a_person():
    claims = people_in("LOS ANGELES - She checked into a clinic in Malibu, her publicist said.")
    assert claims == []


def test_a_lone_word_next_to_a_speech_verb_is_a_person():
    claims = people_in("TOKYO - The talks went well, Okamura said on Monday.")
    assert [c.span.text for c in claims] == ["Okamura"]


def test_honorific_is_recorded_in_canonical_form():
    claims = people_in("TOKYO - Mr. Taro Aso spoke on Monday.")
    assert claims[0].person.honorific == "Mr" and claims[0].span.text == "Taro Aso"


def test_former_is_a_qualifier_of_the_role():
    claims = people_in("TOKYO - Former Prime Minister Yoshihiko Noda spoke.")
    assert claims[0].person.qualifier == "former"
    assert claims[0].person.role == "former prime minister"


def test_seed_000_caption_and_body_name_lavrov_two_ways_as_one_person(seed_articles):
    article = seed_articles["000"]
    claims = extract_people(article, article_sentences(article), bundled_lexicon())
    lavrov = [c for c in claims if c.key == "sergey-lavrov" and c.person.mention == "full"]
    assert {(c.span.text, c.block) for c in lavrov} == {("Sergey Lavrov", "caption"), ("Sergei Lavrov", "body")}


_PARTS = st.sampled_from(
    [
        "Foreign",
        "Minister",
        "Fumio",
        "Kishida",
        "his",
        "Russian",
        "counterpart",
        "Sergey",
        "Lavrov",
        "said",
        ",",
        ".",
        "Mr.",
        "Japan's",
        "envoy",
        "and",
        "counterparts",
        "Dr",
        "O'Neil",
        "al-Assad",
        "\u00c9mile",
        "\n\n",
        "the",
        "of",
        "State",
        "Duma",
        "’s",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=30))
def test_every_person_span_indexes_the_original_text(parts):
    text = "TOKYO - " + " ".join(parts)
    article = article_from_text("t", text)
    for claim in extract_people(article, article_sentences(article), bundled_lexicon()):
        assert article.text[claim.span.start : claim.span.end] == claim.span.text
        assert claim.kind == "person" and claim.key
