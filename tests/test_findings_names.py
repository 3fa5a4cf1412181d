"""Name findings: misspellings, accepted variants, aliases and roles across sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import find_findings
from reconcile.findings.misspellings import near_miss
from reconcile.findings.names import name_findings
from reconcile.findings.spelling import regional_spelling
from reconcile.ingest import article_from_text
from reconcile.model import Overlap

from .fixture_cases import check_case, run_case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "names"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_fixture_case(case, tmp_path):
    spec, findings = run_case(FIXTURES / case, find_findings, tmp_path)
    check_case(spec, findings)


@pytest.fixture(scope="module")
def seed_findings():
    lexicon = load_lexicon()
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    claims = [c for a in articles for c in extract_claims(a, lexicon)]
    a000 = next(a for a in articles if a.id.startswith("000"))
    a004 = next(a for a in articles if a.id.startswith("004"))
    # The shared passage of the AFP story and its SCMP rewrite, as the overlap stage aligns it.
    phrase_a = "The islands, which Japan calls the Northern Territories, but Russia administers as the Southern Kurils"
    sa, sb = a000.text.index(phrase_a), a004.text.index(phrase_a)
    overlaps = [Overlap(a000.span(sa, sa + len(phrase_a)), a004.span(sb, sb + len(phrase_a)), 1.0, "verbatim")]
    return articles, name_findings(articles, claims, overlaps, lexicon)


def test_seed_daioyu_is_reported_as_a_misspelling_of_diaoyu(seed_findings):
    articles, findings = seed_findings
    spelling = [f for f in findings if f.kind == "name-spelling" and "Daioyu" in f.values]
    assert len(spelling) == 1
    assert spelling[0].message == '"Daioyu" looks like a misspelling of "Diaoyu" (lexicon: Diaoyu Islands / Senkaku Islands)'
    assert [s.text for s in spelling[0].evidence] == ["Daioyu"]


def test_seed_lavrov_spellings_are_one_variant_finding_across_and_within_articles(seed_findings):
    articles, findings = seed_findings
    variants = [f for f in findings if f.kind == "name-variant"]
    assert len(variants) == 1
    assert set(variants[0].values) == {"Sergey Lavrov", "Sergei Lavrov"}
    docs = {s.doc[:3] for s in variants[0].evidence}
    assert {"000", "004"} <= docs


def test_seed_agreements_between_000_and_004(seed_findings):
    articles, findings = seed_findings
    agreements = [f for f in findings if f.status == "agreement"]
    both = [f for f in agreements if {"000", "004"} <= {s.doc[:3] for s in f.evidence}]
    assert any(f.kind == "role" and "Fumio Kishida" in f.values for f in both)
    assert any(f.kind == "alias" for f in both)


def test_seeds_give_no_conflicts_other_than_spelling(seed_findings):
    articles, findings = seed_findings
    assert [f.message for f in findings if f.status == "conflict" and f.kind != "name-spelling"] == []


def test_seed_us_and_united_states_are_an_alias_variant(seed_findings):
    articles, findings = seed_findings
    alias = [f for f in findings if f.kind == "alias" and "US" in f.values]
    assert alias and alias[0].status == "variant" and "United States" in alias[0].values


def test_every_evidence_span_indexes_its_article(seed_findings):
    articles, findings = seed_findings
    by_id = {a.id: a for a in articles}
    for finding in findings:
        for span in finding.evidence:
            assert by_id[span.doc].text[span.start : span.end] == span.text


def test_a_transposition_is_a_near_miss():
    assert near_miss("daioyu", "diaoyu")


def test_a_changed_first_letter_is_not_a_near_miss():
    assert not near_miss("warner", "garner")


def test_short_words_one_letter_apart_are_not_near_misses():
    assert not near_miss("iran", "iraq")


def test_british_and_american_spellings_are_regional_not_misspellings():
    assert regional_spelling("defence", "defense")
    assert regional_spelling("centre", "center")
    assert not near_miss("centre", "center")
