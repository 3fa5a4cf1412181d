"""Caption findings: a photo caption that contradicts its own article.

The caption rules are specified against claims built here by hand (the way the claims
stage documents them), so they hold whatever the extractors do; the last tests run the
real extractors on the seeds when those exist.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.findings import FindingsSettings
from reconcile.findings.captions import article_date, caption_findings, dateline_place_span
from reconcile.ingest import article_from_text
from reconcile.model import Article, Claim, Overlap, details_from_pairs
from reconcile.text import fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures" / "claims" / "captions"


# --- building claims by hand -------------------------------------------------------------


def make_claim(article: Article, kind: str, text: str, key: str, *, occurrence: int = 1, value: str | None = None, **details: str) -> Claim:
    """A claim on the `occurrence`-th appearance of `text`, with its sentence and block."""
    start = -1
    for _ in range(occurrence):
        start = article.text.index(text, start + 1)
    span = article.span(start, start + len(text))
    sentence, role = next((s, r) for s, r in article_sentences(article) if s.start <= span.start and span.end <= s.end)
    return Claim(kind, span, key, value or text, sentence, role, details_from_pairs(kind, details.items()))


def load_fixture(path: Path) -> tuple[Article, list[Claim], dict | None]:
    case = json.loads(path.read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
    article = article_from_text(path.stem, case["article"], str(path), published=published)
    claims = [
        make_claim(article, c["kind"], c["text"], c["key"], occurrence=c.get("occurrence", 1), value=c.get("value"), **c.get("details", {}))
        for c in case["claims"]
    ]
    return article, claims, case["expected"]


def seed(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))


def seed_000_claims(article: Article) -> list[Claim]:
    """What the claims stage should read in seed 000's caption and the body lines that matter."""
    return [
        make_claim(article, "person", "Seiji Maehara", "maehara", full="Seiji Maehara", role="Foreign Minister", affiliation="Japanese"),
        make_claim(article, "person", "Sergey Lavrov", "lavrov", full="Sergey Lavrov", role="counterpart", affiliation="Russian"),
        make_claim(article, "place", "Moscow", "Moscow"),
        make_claim(
            article,
            "date",
            "February 11, 2011",
            "date",
            value="2011-02-11",
            start="2011-02-11",
            end="2011-02-11",
            precision="day",
            anchored="false",
        ),
        make_claim(article, "person", "Fumio Kishida", "kishida", full="Fumio Kishida", role="Foreign Minister", affiliation="Japanese"),
        make_claim(article, "person", "Sergei Lavrov", "lavrov", full="Sergei Lavrov", role="counterpart", affiliation="Russian"),
        make_claim(article, "place", "Hokkaido", "Hokkaido"),
    ]


def shared_passages(a: Article, b: Article, count: int) -> list[Overlap]:
    """`count` overlaps pairing body paragraphs of `a` with body paragraphs of `b`."""
    pairs = zip(a.blocks_of("body"), b.blocks_of("body"))
    return [Overlap(a.span(x.start, x.end), b.span(y.start, y.end), 0.9, "edited") for x, y in list(pairs)[:count]]


# --- the seed: a stale caption over a Tokyo story -----------------------------------------


def test_seed_caption_gives_one_conflict_naming_both_sides():
    story, wire = seed("000"), seed("004")
    findings = caption_findings([story, wire], seed_000_claims(story), shared_passages(story, wire, 5), None)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.kind, finding.status, finding.severity) == ("caption", "conflict", "error")
    for needed in ("Seiji Maehara", "Fumio Kishida", "Moscow", "Tokyo", "11 Feb 2011", "2013", wire.id):
        assert needed in finding.message


def test_seed_caption_message_reads_caption_side_then_story_side():
    story, wire = seed("000"), seed("004")
    [finding] = caption_findings([story, wire], seed_000_claims(story), shared_passages(story, wire, 5), None)
    assert finding.message.startswith(
        "Caption names Seiji Maehara as Japanese foreign minister, in Moscow, on 11 Feb 2011; "
        "the story has Fumio Kishida as Japanese foreign minister, in Tokyo (dateline), in 2013"
    )


def test_seed_caption_evidence_covers_caption_body_dateline_and_dated_copy():
    story, wire = seed("000"), seed("004")
    [finding] = caption_findings([story, wire], seed_000_claims(story), shared_passages(story, wire, 5), None)
    texts = {(s.doc, s.text) for s in finding.evidence}
    assert (story.id, "Seiji Maehara") in texts
    assert (story.id, "Fumio Kishida") in texts
    assert (story.id, "TOKYO") in texts
    assert (story.id, story.captions[0].text) in texts
    assert any(doc == wire.id and "2013" in text for doc, text in texts)


def test_seed_caption_values_hold_both_sides():
    story, wire = seed("000"), seed("004")
    [finding] = caption_findings([story, wire], seed_000_claims(story), shared_passages(story, wire, 5), None)
    assert {"Seiji Maehara", "Fumio Kishida", "Moscow", "Tokyo", "2011-02-11", "2013"} <= set(finding.values)


def test_undated_story_without_a_dated_copy_makes_no_date_claim():
    story = seed("000")
    [finding] = caption_findings([story], seed_000_claims(story), [], None)
    assert finding.status == "conflict"
    assert "2011" not in finding.message and "2013" not in finding.message
    assert "Moscow" in finding.message


def test_a_copy_sharing_too_few_passages_does_not_date_the_story():
    story, wire = seed("000"), seed("004")
    assert article_date(story, [story, wire], shared_passages(story, wire, 1), FindingsSettings()) is None
    dated = article_date(story, [story, wire], shared_passages(story, wire, 2), FindingsSettings())
    assert dated is not None and dated.date == dt.date(2013, 11, 1)


def test_articles_without_captions_give_no_caption_findings():
    articles = [seed(p) for p in ("001", "002", "003", "004")]
    assert caption_findings(articles, [], [], None) == []


def test_dateline_place_is_the_capitalised_words_before_the_agency():
    article = seed("001")
    assert dateline_place_span(article).text == "TOKYO"
    assert dateline_place_span(seed("000")).text == "TOKYO"


# --- fixtures: positives and negatives ---------------------------------------------------


@pytest.mark.parametrize("path", sorted((FIXTURES / "positive").glob("*.json")), ids=lambda p: p.stem)
def test_caption_contradicting_its_article_gives_one_finding(path):
    article, claims, expected = load_fixture(path)
    findings = caption_findings([article], claims, [], None)
    assert len(findings) == 1
    assert findings[0].status == expected["status"]
    assert {fold(v).text for v in expected["values"]} <= {fold(v).text for v in findings[0].values}


@pytest.mark.parametrize("path", sorted((FIXTURES / "negative").glob("*.json")), ids=lambda p: p.stem)
def test_caption_agreeing_with_its_article_gives_no_finding(path):
    article, claims, _ = load_fixture(path)
    assert caption_findings([article], claims, [], None) == []


def test_fixture_expectations_are_declared_where_they_belong():
    for path in (FIXTURES / "positive").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["expected"] is not None, path
    for path in (FIXTURES / "negative").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["expected"] is None, path


# --- offsets are sacred --------------------------------------------------------------------

_NAME = st.text(alphabet="abcdeéëiöuzß\u00ad", min_size=2, max_size=8).map(str.capitalize)
_CITY = st.sampled_from(["Moscow", "São Paulo", "Zürich", "Kyiv", "Łódź", "Dakar"])


@settings(max_examples=40, deadline=None)
@given(first=_NAME, last=_NAME, other=_NAME, city=_CITY, year=st.integers(1990, 2010), padding=st.sampled_from(["", " ", "\u00a0", "\t"]))
def test_caption_evidence_indexes_the_original_text(first, last, other, city, year, padding):
    if fold(last).text == fold(other).text:
        return
    caption_person = f"{first} {last}"
    text = (
        f"Talks resume\n\n{padding}Chief Negotiator {caption_person} (L) arrives for talks in {city} "
        f"on March 3, {year}.\n\nGENEVA (AFP) - Talks resumed on Monday.\n\n"
        f"Chief Negotiator Anna {other} said progress was slow."
    )
    article = article_from_text("doc", text, published=dt.date(2020, 5, 4))
    claims = [
        make_claim(article, "person", caption_person, fold(last).text, full=caption_person, role="Chief Negotiator"),
        make_claim(article, "place", city, city),
        make_claim(article, "date", f"March 3, {year}", "date", start=f"{year}-03-03", precision="day"),
        make_claim(article, "person", f"Anna {other}", fold(other).text, full=f"Anna {other}", role="Chief Negotiator"),
    ]
    [finding] = caption_findings([article], claims, [], None)
    assert finding.status == "conflict"
    for span in finding.evidence:
        assert article.text[span.start : span.end] == span.text


# --- with the real extractors ---------------------------------------------------------------


def _real_pipeline():
    from reconcile.claims import extract_claims
    from reconcile.claims.lexicon import load_lexicon

    return extract_claims, load_lexicon()


def test_real_extractors_find_the_seed_caption_conflict():
    extract_claims, lexicon = _real_pipeline()
    story, wire = seed("000"), seed("004")
    claims = extract_claims(story, lexicon) + extract_claims(wire, lexicon)
    findings = caption_findings([story, wire], claims, shared_passages(story, wire, 5), lexicon)
    assert [f.status for f in findings] == ["conflict"]
    assert "Maehara" in findings[0].message and "Kishida" in findings[0].message


def test_real_extractors_find_nothing_in_seeds_without_captions():
    extract_claims, lexicon = _real_pipeline()
    articles = [seed(p) for p in ("001", "002", "003", "004")]
    claims = [c for a in articles for c in extract_claims(a, lexicon)]
    assert caption_findings(articles, claims, [], lexicon) == []


# --- the lexicon says which offices have one holder ------------------------------------------


def _two_holders(role_id: str, role: str) -> tuple[Article, list[Claim]]:
    text = (
        f"Ministry briefs press\n\nChina's {role} Hua Chunying (R) speaks in Beijing on May 2, 2019.\n\n"
        f"BEIJING (AFP) - China's {role} Geng Shuang said on Thursday the talks would go on."
    )
    article = article_from_text("doc", text, published=dt.date(2019, 5, 2))
    claims = [
        make_claim(article, "person", "Hua Chunying", "hua", full="Hua Chunying", role=role, role_id=role_id, affiliation="China"),
        make_claim(article, "person", "Geng Shuang", "geng", full="Geng Shuang", role=role, role_id=role_id, affiliation="China"),
    ]
    return article, claims


def test_an_office_many_hold_at_once_is_no_clash():
    lexicon = pytest.importorskip("reconcile.claims.lexicon").load_lexicon()
    article, claims = _two_holders("spokesperson", "foreign ministry spokesperson")
    assert caption_findings([article], claims, [], lexicon) == []


def test_an_office_with_one_holder_clashes_by_role_id():
    lexicon = pytest.importorskip("reconcile.claims.lexicon").load_lexicon()
    article, claims = _two_holders("foreign-minister", "foreign minister")
    [finding] = caption_findings([article], claims, [], lexicon)
    assert finding.status == "conflict" and "Hua Chunying" in finding.message and "Geng Shuang" in finding.message
