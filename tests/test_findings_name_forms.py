"""One name written two ways across the articles of a story, or inside one article, found
without a lexicon; and the names that only look alike left alone."""

from __future__ import annotations

import pytest

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings.name_forms import close_alone, close_in_run, name_form_findings
from reconcile.findings.stories import find_stories
from reconcile.ingest import article_from_text

LEXICON = load_lexicon()


def story(*bodies: str):
    """Articles that report one event (they share their names), with their name findings."""
    articles = [article_from_text(f"r{i}", f"Report {i}\n\n{body}") for i, body in enumerate(bodies)]
    claims = [c for a in articles for c in extract_claims(a, LEXICON)]
    return name_form_findings(articles, claims, find_stories(articles, []), LEXICON)


PREFIX = "Firefighters in Wasilla fought the blaze at the Mat Maid dairy for hours on Tuesday. "


def test_a_surname_spelled_another_way_in_one_report_departs_from_the_others():
    [finding] = story(
        PREFIX + "Hospital spokeswoman Ilene Wolff said two were hurt.",
        PREFIX + "Hospital spokeswoman Ilene Wolff said two people were hurt.",
        PREFIX + "Hospital spokeswoman Ilene Wolfe said two were hurt.",
    )
    assert finding.kind == "name-spelling" and finding.severity == "warning"
    assert finding.reference == "Wolff" and finding.departs == ("r2",)
    assert all(fix.replacement == "Wolff" and fix.span.text == "Wolfe" for fix in finding.fixes)


def test_an_article_that_spells_a_name_two_ways_contradicts_itself():
    [finding] = story(
        "Wladimir Klitschko won in Bern. The crowd chanted Klistchko as Klitschko left the ring. Klitschko said he was happy."
    )
    assert "r0 uses both" in finding.message
    assert {"Klitschko", "Klistchko"} <= set(finding.values)


def test_a_long_name_with_one_word_in_the_plural_is_one_name_spelled_two_ways():
    [finding] = story(
        PREFIX + "The Marine Mammal Protection Act covers the bears.",
        PREFIX + "The Marine Mammals Protection Act covers the bears.",
        PREFIX + "The Marine Mammal Protection Act also applies.",
    )
    assert finding.reference == "Mammal" and finding.severity == "info"


def test_given_names_transliterated_two_ways_are_a_variant_at_info_level():
    [finding] = story(PREFIX + "Union leader Giannis Panagopoulos spoke.", PREFIX + "Union leader Yiannis Panagopoulos spoke.")
    assert (finding.kind, finding.severity) == ("name-variant", "info")


def test_a_sentence_opening_with_a_slip_of_a_known_name_is_found():
    [finding] = story(
        "Angels general manager Tony Reagins met the player. Regains did not reveal the amounts. Reagins said talks went well."
    )
    assert {"Reagins", "Regains"} <= set(finding.values)


def test_a_headline_written_as_a_sentence_is_read_for_names():
    article = article_from_text(
        "h", "INS Sukanya foils piracy attempt in Gulf of Eden\n\nThe Indian Navy foiled a piracy attempt in the Gulf of Aden on Thursday."
    )
    [finding] = name_form_findings([article], extract_claims(article, LEXICON), find_stories([article], []), LEXICON)
    assert finding.reference == "Aden" and [fix.span.text for fix in finding.fixes] == ["Eden"]


def test_a_title_cased_headline_is_not_read_for_names():
    article = article_from_text(
        "t", "Navy Foils Piracy Attempt in Gulf of Eden\n\nThe Indian Navy foiled a piracy attempt in the Gulf of Aden on Thursday."
    )
    assert name_form_findings([article], extract_claims(article, LEXICON), find_stories([article], []), LEXICON) == []


def test_a_word_of_a_long_name_with_another_ending_is_another_form():
    [finding] = story(
        PREFIX + "The party was at TallGrass Distribution Ltd. in Wasilla.",
        PREFIX + "The party was at TallGrass Distribution Ltd. in Wasilla, police said.",
        PREFIX + "The party was at Tallgrass Distributors Ltd. in Wasilla.",
    )
    assert finding.reference == "Distribution" and finding.departs == ("r2",)
    assert "another form of" in finding.message


def test_a_surname_with_its_particle_dropped_is_another_form():
    [finding] = story(
        PREFIX + "Police arrested Anthony LaCalamita in Wasilla.",
        PREFIX + "The suspect, Anthony LaCalamita, was held in Wasilla.",
        PREFIX + "The suspect's name is Anthony Calamita, police in Wasilla said.",
    )
    assert finding.reference == "LaCalamita" and finding.departs == ("r2",)
    assert "another form of" in finding.message


def test_a_name_written_with_and_without_its_accents_is_a_variant_inside_one_article_and_across_a_story():
    [inside] = story("Enrique Peña said the mayor of Cuernavaca would resign. Later Pena told reporters in Cuernavaca.")
    assert (inside.kind, inside.severity) == ("name-variant", "info") and "with and without its accents" in inside.message
    [across] = story(PREFIX + "The plan of Enrique Peña was read in Wasilla.", PREFIX + "The plan of Enrique Pena was read in Wasilla.")
    assert sorted(s.text for s in across.evidence) == ["Pena", "Peña"]


@pytest.mark.parametrize(
    "bodies",
    [
        # A short form of a given name is the same person.
        ("Bill Clinton spoke in Wasilla.", "William Clinton spoke in Wasilla."),
        # Two relatives named in one article are two people.
        ("Charlene Kafoury died in the shooting in Wasilla. Charlie Kafoury, Charlene's brother, spoke.",),
        # A place and the word for its people.
        ("Germany lent money to Wasilla. The Germans were upset in Wasilla.",),
        # "Angeles" in "Los Angeles" is no slip of the baseball Angels.
        (
            "The Los Angeles Angels offered more. The Angels wanted him in Los Angeles.",
            "The Angels offered eight years, the Los Angeles Times said.",
        ),
        # British and American spelling.
        ("The Technicolor musicals made her a star in Wasilla.", "The Technicolour musicals made her a star in Wasilla."),
        # Plurals of a two-word name are usage, not a misspelling.
        ("He won the Academy Award in Wasilla.", "He won two Academy Awards in Wasilla."),
        # A people's name and another country the lexicon knows.
        ("Turkmen voters went to the polls in Ashgabat on Sunday.", "Turkey sent observers to the polls in Ashgabat."),
        # The first word of a quoted sentence is capitalised because it opens the sentence.
        (
            'The chief said, "There was smoke in Wasilla." These fires are rare in Wasilla.',
            'The chief said, "These fires are rare in Wasilla." There was smoke in Wasilla.',
        ),
        # Two surnames that come with two given names are two people.
        ("Paul Browne spoke for the police in Wasilla.", "Sandra Brown, a neighbour in Wasilla, saw it."),
    ],
)
def test_names_that_only_look_alike_are_left_alone(bodies):
    assert story(*bodies) == []


@pytest.mark.parametrize(
    "a, b, close",
    [
        ("brian", "bryant", True),
        ("latoya", "latonya", True),
        ("jon", "john", True),
        ("heydar", "heidar", True),
        ("giannis", "yiannis", True),
        ("pictures", "picture", False),
        ("jeremy", "jerry", False),
        ("bill", "william", False),
        ("distribution", "distributors", False),
    ],
)
def test_words_inside_one_run_are_compared_more_loosely_than_alone(a, b, close):
    assert (close_in_run(a, b, LEXICON) is not None) == close


@pytest.mark.parametrize(
    "a, b, close",
    [
        ("kowalsky", "kowalski", True),
        ("daioyu", "diaoyu", True),
        ("locke", "lock", True),
        ("nava", "naval", False),
        ("bush", "rush", False),
        ("iran", "iraq", False),
        ("centre", "center", False),
        ("senkakus", "senkaku", False),
    ],
)
def test_words_alone_are_one_name_only_one_slip_apart(a, b, close):
    assert (close_alone(a, b, LEXICON) is not None) == close


def test_every_evidence_and_fix_span_indexes_its_article():
    bodies = [
        PREFIX + "Spokeswoman Ilene Wolff said two were hurt near Zainabieh.",
        PREFIX + "Spokeswoman Ilene Wolfe said two were hurt near Zinabieh.",
    ]
    articles = [article_from_text(f"r{i}", f"Report\n\n{b}") for i, b in enumerate(bodies)]
    claims = [c for a in articles for c in extract_claims(a, LEXICON)]
    texts = {a.id: a.text for a in articles}
    found = name_form_findings(articles, claims, find_stories(articles, []), LEXICON)
    assert found
    for finding in found:
        for span in [*finding.evidence, *(f.span for f in finding.fixes)]:
            assert texts[span.doc][span.start : span.end] == span.text
