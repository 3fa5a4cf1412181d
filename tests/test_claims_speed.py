"""The short cuts that make claim extraction fast give the same answers as the plain way.

Each fast path is checked against the slow, obviously correct one it replaces, on the
seed articles and on text Hypothesis makes up (the RapidFuzz way: differential tests).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences, extract_claims
from reconcile.claims.dates import DATE_PATTERN, date_matches, extract_dates
from reconcile.claims.lexicon import bundled_lexicon
from reconcile.claims.numbers import extract_numbers
from reconcile.claims.people import extract_people
from reconcile.claims.places import extract_places, name_tokens, name_tokens_of
from reconcile.claims.quotes import extract_quotes
from reconcile.claims.reading import Reading
from reconcile.ingest import article_from_text
from reconcile.text import fold, fold_text, words

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# Characters that make folding interesting: capitals, whitespace of every kind, curly
# quotes and dashes, accents precomposed and combining, invisibles, a ligature, the
# Kelvin sign, dotted and dotless i, long s.
_TRICKY = st.sampled_from(list("aZ \t\n\r\x0b\x1c`'\u2019\u201c\u2014-.é\u0301\u200b\u00adﬁ\u212a\u0130\u0131\u017f1٣"))
_TEXT = st.lists(_TRICKY | st.characters(), max_size=60).map("".join)


def _seeds():
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in SEEDS]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_fold_text_is_the_text_of_fold(text):
    assert fold_text(text) == fold(text).text


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(0, 60), st.integers(0, 60))
def test_fold_text_of_a_range_is_the_text_of_fold_of_that_range(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert fold_text(text, start, end) == fold(text, start, end).text


def test_ascii_copy_folds_by_the_short_cut_to_the_same_form():
    line = "Foreign Minister  Sergey\tLavrov said `yes'\n\nin TOKYO"
    assert line.isascii()
    assert fold_text(line) == fold(line).text == "foreign minister sergey lavrov said 'yes' in tokyo"


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_name_tokens_from_words_already_read_are_the_name_tokens(text):
    assert name_tokens_of(text, words(text)) == name_tokens(text, 0, len(text))


def test_a_reading_keeps_what_it_made_for_a_sentence():
    article = _seeds()[0]
    reading = Reading(article.text)
    sentence = article_sentences(article)[0][0]
    first = reading.words(sentence)
    assert reading.words(sentence) is first
    assert first == words(article.text, sentence.start, sentence.end)


def test_extract_claims_with_one_shared_reading_equals_each_extractor_on_its_own():
    lexicon = bundled_lexicon()
    for article in _seeds():
        found = article_sentences(article)
        people = extract_people(article, found, lexicon)
        alone = sorted(
            [
                *people,
                *extract_places(article, found, lexicon),
                *extract_quotes(article, found, people),
                *extract_numbers(article, found),
                *extract_dates(article, found),
            ],
            key=lambda c: (c.span.start, c.span.end, c.kind),
        )
        assert extract_claims(article, lexicon) == alone


# Pieces of dates and near-dates, and what sits around them in copy.
_DATE_PIECES = st.sampled_from(
    [
        "March",
        "march",
        "MAY",
        "may",
        "Sept.",
        "Jan ",
        "mid-",
        "late ",
        "the end of ",
        "earlier this ",
        "last ",
        "next ",
        "Friday",
        "Friday's",
        "yesterday",
        "tonight",
        "spring",
        "fall",
        "the ",
        "over the past ",
        "six ",
        "a few ",
        "days",
        "weeks ago",
        "2013",
        "1990s",
        "'90s",
        "\u201990s",
        "11",
        "1st",
        ", ",
        " ",
        "-",
        "\u2013",
        ".",
        "$",
        "\u00a3",
        "of ",
        "in ",
        "by ",
        "rock'n'",
        "x",
        "_",
        "\u200b",
        "\u0301",
        "\u212a",
        "\u017fpring",
        "\u0130n ",
        "\u0131n ",
        "\u0663",
        "\u00b2",
        "spring 2013",
        "the 1990s",
        "the following day",
        "over the last decade",
        "about two years ago",
        "by next month",
    ]
)
_DATEISH = st.lists(_DATE_PIECES | st.characters(), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_DATEISH)
def test_date_matches_are_the_matches_of_the_date_pattern(text):
    assert [(m.span(), m.lastgroup) for m in date_matches(text, 0, len(text))] == [
        (m.span(), m.lastgroup) for m in DATE_PATTERN.finditer(text, 0, len(text))
    ]


def test_date_matches_in_seed_sentences_are_the_matches_of_the_date_pattern():
    for article in _seeds():
        for sentence, _ in article_sentences(article):
            s, e = sentence.start, sentence.end
            assert [m.span() for m in date_matches(article.text, s, e)] == [m.span() for m in DATE_PATTERN.finditer(article.text, s, e)]
