"""Every change between two copies of one passage is accounted for: a changed name, figure,
date, title or quoted word is a finding, or is explained as the same fact in another form;
anything else is paraphrase."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import find_findings
from reconcile.findings.changes import one_partner_each, passage_changes
from reconcile.ingest import article_from_text
from reconcile.model import Article, Overlap

LEXICON = load_lexicon()
MONDAY = dt.date(2013, 11, 4)


def copies(sentence_a: str, sentence_b: str, published=(MONDAY, MONDAY), others=()):
    """Two articles holding one sentence each way (and `others` further copies), aligned."""
    texts = [sentence_a, sentence_b, *others]
    articles = [
        article_from_text(name, f"A headline\n\n{text}", published=when)
        for name, text, when in zip("abcdefg", texts, [*published, *[published[0]] * len(others)])
    ]
    overlaps = []
    for i, x in enumerate(articles):
        for y in articles[i + 1 :]:
            overlaps.append(Overlap(body(x), body(y), 0.9, "edited"))
    return articles, overlaps


def body(article: Article):
    block = article.blocks_of("body")[0]
    return article.span(block.start, block.end)


def changes(a: str, b: str, published=(MONDAY, MONDAY)):
    (x, y), [overlap] = copies(a, b, published)
    claims = [c for article in (x, y) for c in extract_claims(article, LEXICON)]
    return passage_changes(x, y, overlap, [c for c in claims if c.span.doc == "a"], [c for c in claims if c.span.doc == "b"], LEXICON)


def findings(a: str, b: str, published=(MONDAY, MONDAY), others=()):
    articles, overlaps = copies(a, b, published, others)
    claims = [c for article in articles for c in extract_claims(article, LEXICON)]
    return [f for f in find_findings(articles, claims, overlaps, LEXICON) if f.status != "agreement"]


def kinds(found):
    return sorted((c.kind, c.verdict) for c in found if c.kind != "paraphrase")


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "right, wrong",
    [
        ("Kowalsky", "Kowalski"),  # one letter
        ("Klitschko", "Klistchko"),  # two letters swapped
        ("Hefner", "Heffner"),  # a letter doubled
        ("Schenectady", "Schnectady"),  # a letter dropped
        ("Banky", "Bnky"),  # a letter dropped from a short name: the slot tells
    ],
)
def test_a_name_one_slip_apart_in_one_slot_is_a_spelling_finding(right, wrong):
    [finding] = findings(f"Police chief Anna {right} said the road was closed.", f"Police chief Anna {wrong} said the road was closed.")
    assert finding.kind == "name-spelling"
    assert {right, wrong} <= set(finding.values)


def test_accents_alone_are_a_name_variant_at_info_level():
    [finding] = findings("Defender Luis Peña scored twice on Sunday.", "Defender Luis Pena scored twice on Sunday.")
    assert (finding.kind, finding.severity) == ("name-variant", "info")


def test_the_form_most_copies_use_is_the_reference_and_the_other_copy_departs_with_a_fix():
    [finding] = findings(
        "The mayor, Anna Kowalsky, opened the bridge.",
        "The mayor, Anna Kowalski, opened the bridge.",
        others=("The mayor, Anna Kowalski, opened the bridge.",),
    )
    assert finding.reference == "Kowalski"
    assert finding.departs == ("a",)
    [fix] = finding.fixes
    assert (fix.span.doc, fix.span.text, fix.replacement) == ("a", "Kowalsky", "Kowalski")


def test_a_lowercase_word_that_changes_is_paraphrase_not_a_name():
    assert kinds(changes("Police went to check on a bomb threat.", "Police went to check on a bomb treat.")) == []


# --- figures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, y",
    [
        ("12 crew members", "11 crew members"),
        ("2 1/2 miles", "3 1/2 miles"),
        ("4.5 percent", "4.7 percent"),
        ("at 14:00", "at 15:00"),
        ("a 10-14 defeat", "a 10-12 defeat"),
        ("$3.5 million", "$4.5 million"),
        ("the 13th floor", "the 14th floor"),
        ("Flight 447", "Flight 448"),
        ("magnitude 6.1", "magnitude 6.0"),
        ("twelve crew members", "eleven crew members"),
    ],
)
def test_a_changed_figure_in_every_form_is_a_number_conflict(x, y):
    [finding] = findings(f"The report said {x} were involved on Monday.", f"The report said {y} were involved on Monday.")
    assert (finding.kind, finding.status, finding.severity) == ("number", "conflict", "error")


@pytest.mark.parametrize(
    "x, y",
    [
        ("four crew members", "4 crew members"),
        ("4.5 miles", "4 1/2 miles"),
        ("60 metres (200 feet)", "200 feet (60 metres)"),
        ("5 per cent", "5%"),
        ("1,500 people", "1500 people"),
        ("more than 400 people", "412 people"),
        ("110 billion euros", "110 billion euros ($143 billion)"),
    ],
)
def test_the_same_figure_in_another_form_is_explained_and_raises_nothing(x, y):
    assert findings(f"Officials said {x} were there.", f"Officials said {y} were there.") == []


# --- dates ---------------------------------------------------------------------------------------


def test_two_weekdays_for_one_meeting_are_a_date_conflict():
    [finding] = findings("The ministers met on Friday in Tokyo.", "The ministers met on Thursday in Tokyo.")
    assert (finding.kind, finding.status) == ("date", "conflict")


def test_yesterday_and_the_weekday_it_means_are_one_date():
    # Both published Monday 4 November 2013: "yesterday" is Sunday.
    assert findings("The ministers met yesterday in Tokyo.", "The ministers met on Sunday in Tokyo.") == []


def test_a_reprint_a_day_later_that_keeps_today_names_another_day():
    [finding] = findings(
        "The gunman walked in today, police said.",
        "The gunman walked in today, police said.",
        published=(MONDAY, MONDAY + dt.timedelta(days=1)),
    ) or [None]
    # Same words, different publication dates: the texts agree; metadata may be off.
    assert finding is None


def test_without_publication_dates_two_months_still_differ():
    [finding] = findings("He had trained in Germany since September.", "He had trained in Germany since August.", published=(None, None))
    assert finding.kind == "date"


@pytest.mark.parametrize(
    "x, y",
    [
        ("in March or April", "in February or April"),
        ("from 1990 to 1991", "from 1989 to 1991"),
        ("eight years ago", "three years ago"),
    ],
)
def test_a_date_written_alike_but_for_a_month_or_a_number_differs_without_publication_dates(x, y):
    [finding] = findings(
        f"He was denied a permit {x}, the sheriff said.", f"He was denied a permit {y}, the sheriff said.", published=(None, None)
    )
    assert finding.kind == "date"


def test_days_counted_back_may_change_between_copies_published_a_day_apart():
    # Without publication dates nothing tells whether the copies mean one day: left to the diff.
    [change] = [
        c
        for c in changes(
            "He was arrested two days ago, the sheriff said.", "He was arrested three days ago, the sheriff said.", published=(None, None)
        )
        if c.kind == "date"
    ]
    assert change.verdict == "unclear"


def test_a_word_counted_from_the_day_of_writing_a_day_off_is_only_a_variant():
    # Copies keep the words of the story they copy: a reprint a day later, or in a time
    # zone ahead, says "yesterday" or "today" of the same day. Unless both came out the
    # same day, that is for an editor to see, not an alarm.
    for found in (
        findings("The minister resigned yesterday, aides said.", "The minister resigned today, aides said.", published=(None, None)),
        findings(
            "The gunman walked in at 10am today, police said.",
            "The gunman walked in at 10am Monday, police said.",
            published=(MONDAY + dt.timedelta(days=1), MONDAY),
        ),
    ):
        [finding] = found
        assert (finding.kind, finding.status, finding.severity) == ("date", "variant", "info")
        assert finding.fixes == ()


def test_copies_published_the_same_day_that_say_today_and_yesterday_differ():
    [finding] = findings("The minister resigned yesterday, aides said.", "The minister resigned today, aides said.")
    assert (finding.kind, finding.status) == ("date", "conflict")


def test_a_word_counted_from_the_day_of_writing_two_days_off_is_a_date_finding():
    [finding] = findings("The minister resigned yesterday, aides said.", "The minister resigned on Thursday, aides said.")
    assert finding.kind == "date"


# --- titles, people, quotes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, y",
    [
        ("federal judge", "state judge"),
        ("deputy director", "director"),
        ("Interior Minister", "Defence Minister"),
    ],
)
def test_a_title_changed_before_the_same_office_is_a_role_finding(x, y):
    [finding] = findings(f"The {x} Anna Kowalski said the case was closed.", f"The {y} Anna Kowalski said the case was closed.")
    assert finding.kind == "role"


def test_a_place_added_to_a_title_is_no_change_of_office():
    assert findings("Senior Trooper Bill Hakim died at the scene.", "State Senior Trooper Bill Hakim died at the scene.") == []


def test_another_person_in_the_same_slot_is_a_role_finding():
    [finding] = findings("Gov. Sarah Palin said the church would be rebuilt.", "Gov. Helen Okafor said the church would be rebuilt.")
    assert finding.kind == "role"
    assert {"Gov. Sarah Palin", "Gov. Helen Okafor"} <= set(finding.values)


def test_a_word_changed_inside_a_direct_quote_is_a_quote_variant():
    [finding] = findings(
        '"We will rebuild the church that burned," the pastor said.', '"We will rebuild the church which burned," the pastor said.'
    )
    assert (finding.kind, finding.status) == ("quote", "variant")


@pytest.mark.parametrize(
    "x, y",
    [
        ("I'm", "I am"),
        ("neighbourhood", "neighborhood"),
        ("vice-presidential", "vice presidential"),
        ("11th-hour", "eleventh-hour"),
    ],
)
def test_a_quote_spelled_otherwise_is_the_same_wording(x, y):
    assert findings(f'"{x} proud of the whole team here," the coach said.', f'"{y} proud of the whole team here," the coach said.') == []


def test_paraphrase_that_states_no_other_fact_is_no_finding():
    assert (
        findings(
            "The islands were seized by Soviet troops as the war thundered to a close.",
            "The islands were occupied by Soviet troops in the dying days of the war.",
        )
        == []
    )


# --- the whole pair ------------------------------------------------------------------------------


def test_each_passage_is_compared_with_its_best_partner_only():
    (x, y), _ = copies(
        "He had served 11 years. The chief had served two decades.", "He had served 11 years. The chief had served two decades."
    )
    first, second = x.text.index("He had"), x.text.index("The chief")
    loose = Overlap(x.span(first, first + 23), y.span(y.text.index("The chief"), len(y.text)), 0.55, "edited")
    tight = Overlap(x.span(second, len(x.text)), y.span(y.text.index("The chief"), len(y.text)), 1.0, "verbatim")
    assert one_partner_each([loose, tight]) == [tight]


_WORDS = st.sampled_from(
    [
        "12",
        "eleven",
        "Kowalski",
        "Kowalsky",
        "Friday",
        "yesterday",
        "state",
        "federal",
        "judge",
        "said",
        "the",
        "crew",
        "4 1/2",
        "4.5",
        "14:00",
        "Peña",
        "Pena",
        '"',
        "No. 12",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=3, max_size=12), st.lists(_WORDS, min_size=3, max_size=12))
def test_every_change_and_finding_span_indexes_its_article(xs, ys):
    (x, y), [overlap] = copies(" ".join(xs) + ".", " ".join(ys) + ".")
    claims = [c for article in (x, y) for c in extract_claims(article, LEXICON)]
    texts = {"a": x.text, "b": y.text}
    for change in passage_changes(
        x, y, overlap, [c for c in claims if c.span.doc == "a"], [c for c in claims if c.span.doc == "b"], LEXICON
    ):
        for span in (change.a, change.b):
            assert texts[span.doc][span.start : span.end] == span.text
    for finding in find_findings([x, y], claims, [overlap], LEXICON):
        for span in finding.evidence:
            assert texts[span.doc][span.start : span.end] == span.text
        for fix in finding.fixes:
            assert texts[fix.span.doc][fix.span.start : fix.span.end] == fix.span.text


def test_one_name_spelled_the_same_two_ways_in_two_shared_passages_is_one_finding():
    first = "The shooting was at Gordon Advisors in Troy on Monday, police said."
    second = "Calls to Gordon Advisors were not answered, and the offices were closed."
    a = article_from_text("a", f"A headline\n\n{first}\n\n{second}")
    b = article_from_text("b", f"A headline\n\n{first}\n\n{second}".replace("Advisors", "Advisers"))
    overlaps = [
        Overlap(x.span(bx.start, bx.end), b.span(by.start, by.end), 0.9, "edited")
        for x, bx, by in ((a, a.blocks_of("body")[n], b.blocks_of("body")[n]) for n in (0, 1))
    ]
    claims = [c for article in (a, b) for c in extract_claims(article, LEXICON)]
    found = [f for f in find_findings([a, b], claims, overlaps, LEXICON) if f.status != "agreement"]
    [finding] = [f for f in found if f.kind == "name-spelling"]
    assert sorted(s.text for s in finding.evidence) == ["Advisers", "Advisers", "Advisors", "Advisors"]
