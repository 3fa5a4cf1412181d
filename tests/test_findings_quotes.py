"""Quote findings: the same words with another speaker, or changed words."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import find_findings
from reconcile.findings.quotes import quote_findings
from reconcile.findings.stories import find_stories
from reconcile.ingest import article_from_text

from .fixture_cases import check_case, run_case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "quotes"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_fixture_case(case, tmp_path):
    spec, findings = run_case(FIXTURES / case, find_findings, tmp_path)
    check_case(spec, findings)


def test_a_variant_shows_both_wordings(tmp_path):
    spec, findings = run_case(FIXTURES / "wording_variant", find_findings, tmp_path)
    [variant] = [f for f in findings if f.kind == "quote" and f.status == "variant"]
    assert '"that" against "which"' in variant.message
    assert sorted(s.text for s in variant.evidence) == ["that", "which"]


def test_the_seeds_have_no_quote_conflicts():
    lexicon = load_lexicon()
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    claims = [c for a in articles for c in extract_claims(a, lexicon)]
    stories = find_stories(articles, [])
    assert [f for f in quote_findings(articles, claims, stories, lexicon) if f.status == "conflict"] == []


def _story_quotes(*bodies: str):
    lexicon = load_lexicon()
    articles = [article_from_text(f"r{i}", f"Sixers report {i}\n\n{body}") for i, body in enumerate(bodies)]
    claims = [c for a in articles for c in extract_claims(a, lexicon)]
    return [f for f in quote_findings(articles, claims, find_stories(articles, []), lexicon) if f.status != "agreement"]


def test_a_quote_that_quotes_more_before_a_repeated_word_is_no_changed_wording():
    assert (
        _story_quotes(
            'PHILADELPHIA - Sixers president Billy King named Maurice Cheeks.\n"Mo is family.\nMo bleeds 76ers. '
            'He bleeds Philadelphia for sure," Billy King said.',
            'PHILADELPHIA - Sixers president Billy King named Maurice Cheeks.\n"Mo bleeds 76ers. He bleeds Philadelphia '
            'for sure," Billy King said.',
        )
        == []
    )


def test_words_added_inside_a_quote_are_a_changed_wording():
    [finding] = _story_quotes(
        'MINNEAPOLIS - Lt. Gregg Hastings spoke.\n"That person is dangerous and needs to be found as soon as possible," Hastings said.',
        'MINNEAPOLIS - Lt. Gregg Hastings spoke.\n"That person needs to be found as soon as possible," Hastings said.',
    )
    assert finding.kind == "quote" and "is dangerous and" in finding.message


def test_a_sentence_one_report_leaves_out_of_a_long_quote_is_no_changed_wording():
    quote = "I've done it. Trust me. I've done enough for a lifetime. I partied. I had fun. I'm so happy with where I'm at right now."
    shorter = "I've done it. Trust me. I partied. I had fun. I'm so happy with where I'm at right now."
    assert (
        _story_quotes(
            f'LOS ANGELES - Tara Reid spoke to People.\n"{quote}" Tara Reid said.',
            f'LOS ANGELES - Tara Reid spoke to People.\n"{shorter}" Tara Reid said.',
        )
        == []
    )


def test_words_moved_inside_a_long_quote_are_shown_as_one_change():
    [finding] = _story_quotes(
        "LOS ANGELES - Tara Reid spoke to People.\n\"I've done enough of everything for a lifetime. I partied. "
        'I had fun with everyone," Tara Reid said.',
        "LOS ANGELES - Tara Reid spoke to People.\n\"I've done enough for a lifetime of everything. I partied. "
        'I had fun with everyone," Tara Reid said.',
    )
    assert '"of everything for a lifetime." against "for a lifetime of everything"' in finding.message


def test_a_word_dropped_before_the_end_of_a_quoted_sentence_is_a_changed_wording():
    [finding] = _story_quotes(
        'BROOKLYN - Councilman Jumaane Williams wrote on Twitter.\n"The youth in this community have no outlets for '
        'their anger, no community center." Jumaane Williams said.',
        'BROOKLYN - Councilman Jumaane Williams wrote on Twitter.\n"The youth in this community have no outlets for '
        'their anger, no community." Jumaane Williams said.',
    )
    assert "center" in finding.message


def test_a_quote_that_stops_a_sentence_earlier_only_quotes_less():
    assert (
        _story_quotes(
            'BROOKLYN - Councilman Jumaane Williams wrote on Twitter.\n"The youth in this community have no outlets for '
            'their anger. They need a community center." Jumaane Williams said.',
            'BROOKLYN - Councilman Jumaane Williams wrote on Twitter.\n"The youth in this community have no outlets for '
            'their anger." Jumaane Williams said.',
        )
        == []
    )


def test_a_quote_cut_short_with_its_period_inside_the_marks_only_quotes_less():
    # American style closes a quote cut short with a period inside the marks too.
    assert (
        _story_quotes(
            'WASILLA - Bill McAllister spoke for Palin.\n"She apologizes for the attention the church has received since '
            'she became a vice presidential candidate." Bill McAllister said.',
            'WASILLA - Bill McAllister spoke for Palin.\n"She apologizes for the attention the church has received since '
            'she became a vice presidential candidate on Aug. 29." Bill McAllister said.',
        )
        == []
    )
