"""Number findings: numbers about the same thing across sources, judged conflict,
variant or agreement, and no false conflicts between independent stories."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.dates import extract_dates
from reconcile.claims.numbers import extract_numbers
from reconcile.findings.base import doc_label
from reconcile.findings.numbers import compare_numbers, number_findings
from reconcile.ingest import article_from_text
from reconcile.model import Article, Overlap

from .fixture_cases import body_overlap, load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "claims" / "numbers"
SEEDS = ROOT / "seeds"


def sentence_overlap(a: Article, text_a: str, b: Article, text_b: str) -> Overlap:
    sa, sb = a.text.index(text_a), b.text.index(text_b)
    return Overlap(a.span(sa, sa + len(text_a)), b.span(sb, sb + len(text_b)), 0.8, "edited")


def claims_of(*articles: Article):
    found = []
    for article in articles:
        sentences = article_sentences(article)
        found += extract_numbers(article, sentences) + extract_dates(article, sentences)
    return found


def findings(*names: str, overlap: bool = True):
    articles = [load(FIXTURES / name) for name in names]
    overlaps = [body_overlap(articles[0], articles[1])] if overlap else []
    return articles, number_findings(articles, claims_of(*articles), overlaps, None)


def by_status(found, status):
    return [f for f in found if f.status == status]


def test_different_counts_in_aligned_copies_conflict():
    _, found = findings("conflict_wire.txt", "conflict_reprint.txt")
    [conflict] = by_status(found, "conflict")
    assert conflict.message == 'Numbers differ for "Russians": 17,000 (conflict_reprint) vs some 19,000 (conflict_wire)'
    assert conflict.severity == "error"
    assert set(conflict.values) == {"17,000", "some 19,000"}


def test_conflict_evidence_indexes_every_article_involved():
    articles, found = findings("conflict_wire.txt", "conflict_reprint.txt")
    texts = {a.id: a.text for a in articles}
    [conflict] = by_status(found, "conflict")
    assert {s.doc for s in conflict.evidence} == set(texts)
    for span in conflict.evidence:
        assert texts[span.doc][span.start:span.end] == span.text


def test_the_same_count_in_the_same_words_is_an_agreement_not_a_conflict():
    _, found = findings("conflict_wire.txt", "conflict_reprint.txt")
    [agreement] = by_status(found, "agreement")
    assert agreement.values == ("four hours",)


def test_the_same_value_written_differently_is_a_variant():
    _, found = findings("variant_wire.txt", "variant_reprint.txt")
    variants = {frozenset(f.values) for f in by_status(found, "variant")}
    assert frozenset({"1000-member", "1,000-member"}) in variants
    assert frozenset({"about 200 feet", "200ft"}) in variants
    assert frozenset({"Four", "4"}) in variants


def test_compatible_precision_is_a_variant():
    _, found = findings("variant_wire.txt", "variant_reprint.txt")
    precision = [f for f in by_status(found, "variant") if "19,400 dollars" in f.values]
    assert precision and "different precision" in precision[0].message


def test_variant_copies_give_no_conflict():
    _, found = findings("variant_wire.txt", "variant_reprint.txt")
    assert by_status(found, "conflict") == []


def test_independent_stories_give_no_finding():
    _, found = findings("independent_a.txt", "independent_b.txt", overlap=False)
    assert found == []


def test_seed_copies_agree_on_four_meetings():
    a, b = load(next(SEEDS.glob("000_*.txt"))), load(next(SEEDS.glob("004_*.txt")))
    overlap = sentence_overlap(
        a, "Four separate meetings have taken place between Japanese Prime Minister Shinzo Abe and Russian President "
           "Vladimir Putin over the past six months, an unusual frequency for such high-level exchanges.",
        b, "The visit comes after four separate summit talks between Japanese Prime Minister Shinzo Abe and Russian "
           "President Vladimir Putin over the past six months, an unusual frequency for such high-level exchanges.")
    found = number_findings([a, b], claims_of(a, b), [overlap], None)
    assert [(f.status, f.values) for f in found] == [("agreement", ("Four", "four"))]
    assert found[0].message == '2 sources agree on "separate meetings": Four (000, 004)'


def test_unaligned_seeds_give_no_conflict():
    articles = [load(p) for p in sorted(SEEDS.glob("*.txt"))]
    found = number_findings(articles, claims_of(*articles), [], None)
    assert by_status(found, "conflict") == []


@pytest.mark.parametrize("x,y,status", [
    ("some 19,000 Russians", "17,000 Russians", "conflict"),
    ("about 19,000 Russians", "19,400 Russians", "variant"),
    ("19,000 Russians", "19,400 Russians", "variant"),
    ("200 Russians", "250 Russians", "conflict"),
    ("four islands", "4 islands", "variant"),
    ("four islands", "four islands", "agreement"),
    ("more than 50 people", "65 people", "variant"),
    ("flames 200 feet high", "flames 61 metres high", "variant"),
    ("flames 200 feet high", "flames 90 metres high", "conflict"),
])
def test_comparing_two_numbers(x, y, status):
    [cx] = extract_numbers(*_one(x))
    [cy] = extract_numbers(*_one(y))
    assert compare_numbers(cx, cy) == status


def test_different_currencies_are_not_compared():
    [cx] = extract_numbers(*_one("a $3.5bn deal"))
    [cy] = extract_numbers(*_one("a \u20ac3.5bn deal"))
    assert compare_numbers(cx, cy) is None


def _one(sentence: str):
    article = article_from_text("t", "Headline\n\n" + sentence + ".")
    return article, article_sentences(article)


def test_doc_labels_drop_the_hash():
    assert doc_label("000_292bb0b63afabb01") == "000"
    assert doc_label("1_10ecbplus") == "1_10ecbplus"


_COUNTS = st.sampled_from(["19,000", "17,000", "four", "4", "about 200", "some 19,400", "hundreds of", "1,000-member"])


@settings(max_examples=40, deadline=None)
@given(st.lists(_COUNTS, min_size=1, max_size=4), st.lists(_COUNTS, min_size=1, max_size=4))
def test_every_evidence_span_indexes_its_article(xs, ys):
    a = article_from_text("a", "Head\n\nTOKYO - " + " and ".join(f"{x} Russians" for x in xs) + " live on the islands.")
    b = article_from_text("b", "Head\n\nTOKYO - " + " and ".join(f"{y} Russians" for y in ys) + " live on the islands.")
    texts = {"a": a.text, "b": b.text}
    for finding in number_findings([a, b], claims_of(a, b), [body_overlap(a, b)], None):
        for span in finding.evidence:
            assert texts[span.doc][span.start:span.end] == span.text


def test_many_numbers_in_many_articles_run_in_bounded_time():
    body = "Head\n\nTOKYO - " + " ".join(f"Police said {n} people were hurt in the riots." for n in range(100))
    articles = [article_from_text(f"d{i}", body) for i in range(4)]
    started = time.perf_counter()
    number_findings(articles, claims_of(*articles), [], None)
    assert time.perf_counter() - started < 5.0
