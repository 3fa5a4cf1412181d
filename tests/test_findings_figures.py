"""Figures compared across the articles of one story by what they count and whom they are
about: a conflict only when both sentences clearly give one figure of one subject."""

from __future__ import annotations

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings.figure_subjects import figures_of
from reconcile.findings.figures import figure_findings
from reconcile.findings.stories import find_stories
from reconcile.ingest import article_from_text

LEXICON = load_lexicon()
SCENE = "The earthquake struck Qeshm island and the port of Bandar Abbas near Hormozgan on Sunday. "


def story(*bodies: str):
    articles = [article_from_text(f"r{i}", f"Quake report {i}\n\n{SCENE}{body}") for i, body in enumerate(bodies)]
    claims = [c for a in articles for c in extract_claims(a, LEXICON)]
    return [f for f in figure_findings(articles, claims, find_stories(articles, []), LEXICON) if f.status != "agreement"]


def test_one_count_of_one_event_given_two_ways_is_a_warning():
    [finding] = story(
        "Qeshm officials said the quake killed at least seven people on the island.",
        "Qeshm officials said the quake killed at least six people on the island.",
        "Qeshm officials said the quake killed at least seven people on the island overnight.",
    )
    assert (finding.kind, finding.status, finding.severity) == ("number", "conflict", "warning")
    assert finding.reference == "at least seven" and finding.departs == ("r1",)


def test_people_killed_and_people_injured_are_not_one_count():
    assert (
        story(
            "Qeshm officials said the quake killed seven people on the island.",
            "Qeshm officials said the quake injured 40 people on the island.",
        )
        == []
    )


def test_figures_of_another_scope_in_the_same_sentence_are_another_period():
    assert (
        story(
            "Qeshm player Ali Karimi hit 13 homers in 54 games for the island side.",
            "Qeshm player Ali Karimi hit 33 homers in 157 games for the island side.",
        )
        == []
    )


def test_an_article_that_gives_both_figures_counts_two_things():
    assert (
        story(
            "Qeshm sailors saw five suspicious boats near the island. Qeshm sailors stopped three boats near the island.",
            "Qeshm sailors stopped three boats near the island.",
            "Qeshm sailors saw five suspicious boats near the island.",
        )
        == []
    )


def test_a_conversion_in_brackets_is_no_figure_of_its_own():
    assert (
        story(
            "Qeshm received aid worth 110 billion euros ($143 billion) from the island fund.",
            "Qeshm received aid worth 110 billion euros ($158 billion) from the island fund.",
        )
        == []
    )


def test_figures_with_no_name_beside_them_are_not_compared():
    assert story("Officials said it killed seven.", "Officials said it killed six.") == []


def test_a_record_is_compared_by_the_name_just_before_it():
    [finding] = story(
        "Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman near Qeshm island.",
        "Wladimir Klitschko (53-3, 46 KOs) beat Hasim Rahman near Qeshm island.",
    )
    assert set(finding.values) == {"52-3", "53-3"}


def test_seasons_and_spans_of_years_are_not_records():
    article = article_from_text("s", "Season\n\nCheeks coached the Sixers in 2008-09 and from 1999-2003 in Portland.")
    assert [f.span.text for f in figures_of(article)] == []


def test_a_name_one_report_gives_once_may_be_missing_from_another():
    # The referee is a detail the second report leaves out; the boxers are what both are about.
    [finding] = story(
        "Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman near Qeshm island before referee Tony Weeks stopped it.",
        "Wladimir Klitschko (53-3, 46 KOs) beat Hasim Rahman near Qeshm island in round seven.",
    )
    assert set(finding.values) == {"52-3", "53-3"}


def test_one_boxer_in_two_stories_is_judged_in_each_story():
    # Two copies about a later fight (58-3) share no sentence with the reports of the
    # earlier one, so their figure neither hides nor joins the earlier conflict.
    later = "Klitschko (58-3) stopped Tony Thompson in Berne, Switzerland, with Thompson down twice in Berne."
    [finding] = story(
        "Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman near Qeshm island.",
        "Wladimir Klitschko (53-3, 46 KOs) beat Hasim Rahman near Qeshm island.",
        later,
        later,
    )
    assert set(finding.values) == {"52-3", "53-3"}


def test_a_name_before_a_second_predicate_is_not_what_a_figure_is_about():
    article = article_from_text("p", "Port\n\nThe island lies off the port of Bandar Abbas and is home to about 100,000 people.")
    [figure] = figures_of(article)
    assert figure.anchor == ""


def test_months_and_weekdays_are_not_names_a_figure_is_about():
    article = article_from_text("m", "Bam\n\nIn December 2003, more than 31,000 people were killed in Bam.")
    assert all(f.anchor != "december" for f in figures_of(article))


def test_a_telephone_number_one_digit_apart_is_one_number_mistyped():
    [finding] = story(
        "Anyone with information about Qeshm should call police on 0845 125 2222, officials said.",
        "Witnesses to the Qeshm fire can ring Crimestoppers on 0845 125 222 anonymously.",
    )
    assert set(finding.values) == {"0845 125 2222", "0845 125 222"}


def test_two_telephone_numbers_of_one_article_are_two_numbers():
    assert story("Call police on 0845 125 2222 or the Qeshm line on 0845 125 2223.", "Call police on 0845 125 2223 near Qeshm.") == []


def test_a_single_number_beside_the_word_record_is_no_record():
    article = article_from_text("r", "Coach\n\nCheeks had a 162-139 record in his three-plus seasons with the Sixers.")
    assert [f.span.text for f in figures_of(article) if f.what == "record"] == ["162-139"]


def test_the_event_a_count_belongs_to_is_the_nearest_event_word():
    article = article_from_text("e", "Clashes\n\nClashes broke out in Salonika where approximately 50,000 people marched.")
    [figure] = figures_of(article)
    assert figure.event == "march"


def test_two_names_of_one_city_are_one_subject():
    [finding] = story(
        "Police said 20,000 people marched through Thessaloniki on Saturday near Qeshm.",
        "Police said 50,000 people marched through Salonika on Saturday near Qeshm.",
    )
    assert set(finding.values) == {"20,000", "50,000"}


def test_a_count_of_things_with_no_name_beside_it_is_compared_when_the_sentences_say_much_the_same():
    [finding] = story(
        "Pirates in three speed boats fired rifles and rockets at the ship before the navy helicopter arrived.",
        "Pirates in two speed boats fired rifles and rockets at the ship before the navy helicopter came.",
        "Pirates in two speed boats fired rifles and rockets at the ship until the navy helicopter arrived.",
    )
    assert finding.reference == "two" and finding.departs == ("r0",)


def test_a_count_of_things_with_no_name_beside_it_and_little_else_in_common_is_not_compared():
    assert story("Three boats were seen at dawn.", "Two boats sank in the storm.") == []


def test_dozen_of_is_dozens_of():
    from reconcile.quantities import read_quantities

    [q] = read_quantities("Dozen of warships patrol the gulf.")
    assert q.vague and q.low > 12
