"""Regular expressions that read untrusted text never backtrack catastrophically.

Every extractor is fed long runs of what its patterns repeat (digits, digit groups,
spaces, capitals, quotes, dots, commas, "a a a a", nested brackets, tags, entities), with
a character that spoils the match at the end, and must finish each call within a time
bound. Catastrophic backtracking grows exponentially or quadratically with the run, so
a bound far above what linear work needs still catches it: the capitalised-run reader
of `claims.places` once took 42 s on 8,000 characters of "A A A ...".

Text, layout and HTML readers see 50,000 characters; the claim extractors, which do
real work per word or number found, see 8,000 (thousands of numbers in one sentence).
"""

from __future__ import annotations


import pytest

from reconcile.claims.dates import extract_dates, find_date_expressions
from reconcile.claims.lexicon import load_lexicon
from reconcile.claims.numbers import extract_numbers
from reconcile.claims.people import extract_people
from reconcile.claims.places import extract_places
from reconcile.claims.quotes import extract_quotes
from reconcile.ingest.html import extract_html
from reconcile.ingest.layout import dateline_end, find_blocks, parse_published
from reconcile.model import Article, Block
from reconcile.text import fold, sentences, words

from .conftest import MAX_GROWTH, growth

TEXT_LENGTH = 50_000
CLAIMS_LENGTH = 8_000


def run_of(piece: str, length: int) -> str:
    """`piece` repeated to `length` characters, then a character no pattern expects."""
    return (piece * (length // len(piece) + 1))[:length] + "\u00a7"


# What the patterns repeat, by name: each one a long run of it.
ADVERSARIAL = {
    "digits": "1",
    "digit groups": "1,",
    "decimals": "1.",
    "spaced digits": "1 ",
    "clock times": "12:",
    "digit ranges": "1-",
    "spaces": " ",
    "blank lines": "\n",
    "capitals": "A",
    "spaced capitals": "A ",
    "initials": "A. ",
    "straight quotes": '"',
    "curly quotes": "\u201ca ",
    "apostrophes": "'",
    "dots": ".",
    "commas": ",",
    "a a a a": "a ",
    "dashes": "\u2014",
    "honorifics": "Mr. ",
    "titles": "Foreign Minister ",
    "weekdays": "on Friday ",
    "months": "January ",
    "quoted speech": '"a," he said ',
    "zero-width": "a\u200b",
    "combining marks": "\u0301",
    "published lines": "PUBLISHED : ",
    "datelines": "TOKYO (AFP) ",
    "tags": "<p>",
    "open tags": "<a ",
    "entities": "&#",
    "comments": "<!--",
}


def nested_brackets(length: int) -> dict[str, str]:
    """Openings then closings, about `length` characters in all."""
    half = length // 2
    return {
        "nested parentheses": "(" * half + ")" * half,
        "nested brackets": "[" * half + "]" * half,
        "nested tags": "<div>" * (half // 5) + "</div>" * (half // 6),
    }


def as_body(text: str) -> Article:
    """An article whose whole text is one body block, so that every extractor reads all of it."""
    return Article("adversarial", "<adversarial>", text, blocks=(Block("body", 0, len(text)),))


def body_sentences(article: Article):
    return [(article.span(s, e), "body") for s, e in sentences(article.text)]


_LEXICON = load_lexicon(())

TEXT_READERS = {
    "text.sentences": sentences,
    "text.words": words,
    "text.fold": fold,
    "layout.find_blocks": find_blocks,
    "layout.parse_published": parse_published,
    "layout.dateline_end": lambda text: dateline_end(text, 0, len(text)),
    "html.extract_html": extract_html,
    "dates.find_date_expressions": find_date_expressions,
}
CLAIM_EXTRACTORS = {
    "people": lambda a: extract_people(a, body_sentences(a), _LEXICON),
    "places": lambda a: extract_places(a, body_sentences(a), _LEXICON),
    "quotes": lambda a: extract_quotes(a, body_sentences(a), []),
    "numbers": lambda a: extract_numbers(a, body_sentences(a)),
    "dates": lambda a: extract_dates(a, body_sentences(a)),
}


def inputs(length: int) -> dict[str, str]:
    found = {name: run_of(piece, length) for name, piece in ADVERSARIAL.items()}
    found.update(nested_brackets(length))
    return found


@pytest.mark.parametrize("reader", sorted(TEXT_READERS))
def test_text_layout_and_html_readers_stay_linear_on_adversarial_runs(reader):
    quarter, whole = inputs(TEXT_LENGTH // 4), inputs(TEXT_LENGTH)
    steep = {
        name: round(ratio, 1) for name in whole if (ratio := growth(TEXT_READERS[reader], quarter[name], whole[name], runs=2)) > MAX_GROWTH
    }
    assert not steep, f"{reader}: four times the text took this many times as long: {steep}"


@pytest.mark.parametrize("extractor", sorted(CLAIM_EXTRACTORS))
def test_claim_extractors_stay_linear_on_adversarial_runs(extractor):
    quarter, whole = inputs(CLAIMS_LENGTH // 4), inputs(CLAIMS_LENGTH)
    steep = {
        name: round(ratio, 1)
        for name in whole
        if (ratio := growth(CLAIM_EXTRACTORS[extractor], as_body(quarter[name]), as_body(whole[name]), runs=2)) > MAX_GROWTH
    }
    assert not steep, f"{extractor}: four times the text took this many times as long: {steep}"


def test_a_sentence_of_capitals_is_read_in_linear_time():
    short, long = (as_body(run_of("A ", n)) for n in (2_000, 8_000))
    ratio = growth(CLAIM_EXTRACTORS["places"], short, long)
    assert ratio < MAX_GROWTH, f"four times the text took {ratio:.1f} times as long"
