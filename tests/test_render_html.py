"""The HTML report: one self-contained page, everything from the articles shown as text,
every link landing on a highlight, and each article's text kept exactly as read."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.cli import main
from reconcile.ingest import article_from_text
from reconcile.model import Article, Finding, InputProblem, Overlap, Report
from reconcile.pipeline import analyse
from reconcile.render import FORMATS, RenderOptions, renderer
from reconcile.render.html_report import (
    Highlight,
    changed_words,
    highlighted_text,
    render_html,
)

from .conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden"
HOSTILE = '<script>alert(1)</script> and "><img src=x onerror=alert(2)> & friends'


class Page(HTMLParser):
    """What a test needs to know about a page: its elements, their attributes, and the
    text content of any element by id (as a browser's textContent would give it)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.text_of: dict[str, str] = {}
        self._open: list[tuple[str, int]] = []  # (id, depth) of elements whose text is collected
        self._depth = 0
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("meta", "br", "col", "img", "link", "input", "hr"):
            return
        self._depth += 1
        if "id" in attributes:
            self.ids.append(attributes["id"])
            self._open.append((attributes["id"], self._depth))
            self.text_of[attributes["id"]] = ""

    def handle_endtag(self, tag):
        while self._open and self._open[-1][1] >= self._depth:
            self._open.pop()
        self._depth -= 1

    def handle_data(self, data):
        for element_id, _ in self._open:
            self.text_of[element_id] += data

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.tags if "href" in a]


@pytest.fixture(scope="module")
def seeds_report():
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), f"seeds/{p.name}") for p in sorted(SEEDS.glob("*.txt"))]
    return analyse(articles)


@pytest.fixture(scope="module")
def seeds_page(seeds_report) -> str:
    return render_html(seeds_report, RenderOptions())


def _article(text: str, doc: str = "story") -> Article:
    return Article(id=doc, path=f"{doc}.txt", text=text)


def _finding(
    article: Article, *ranges: tuple[int, int], fingerprint: str = "0123456789abcdef", status: str = "conflict", message: str = "a message"
) -> Finding:
    return Finding(
        kind="number",
        status=status,
        severity="error",
        message=message,
        values=("a", "b"),
        evidence=tuple(article.span(s, e) for s, e in ranges),
        fingerprint=fingerprint,
    )


# --- the format -----------------------------------------------------------------------------


def test_html_is_a_report_format():
    assert "html" in FORMATS
    assert renderer("html") is render_html


def test_report_command_writes_the_html_page_to_the_output_file(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "seeds", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_check_against_an_archive_writes_the_html_page_too(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    archive = str(tmp_path / "archive.db")
    runner = CliRunner()
    assert runner.invoke(main, ["index", "add", archive, "seeds/000_292bb0b63afabb01.txt"]).exit_code == 0
    result = runner.invoke(main, ["check", "seeds/004_b816fb8022280b9f.txt", "--against", archive, "--format", "html", "--exit-zero"])
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert {href[1:] for href in page.hrefs()} <= set(page.ids)
    # The archived article's id is the archive's (unique to its source path); the new one's its own.
    texts = [i for i in page.ids if i.startswith("text-")]
    assert "text-004_b816fb8022280b9f" in texts and any("000_292bb0b63afabb01" in i for i in texts)


def test_seed_html_report_matches_its_golden_file(golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["report", "seeds", "--format", "html"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    golden(GOLDEN / "seeds.report.html", result.stdout)


# --- self-contained and safe ----------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(seeds_page):
    page = Page(seeds_page)
    assert all(href.startswith("#") for href in page.hrefs())
    assert not [a for tag, a in page.tags if "src" in a or "srcset" in a]
    assert not {tag for tag, _ in page.tags} & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert "url(" not in seeds_page and "@import" not in seeds_page


def test_page_declares_a_policy_that_forbids_fetching_anything(seeds_page):
    policies = [a["content"] for tag, a in Page(seeds_page).tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    assert "default-src 'none'" in policies[0]
    assert "script-src" not in policies[0]


def test_markup_in_an_article_appears_as_text():
    article = article_from_text("hostile", f"Headline\n\nA story that quotes {HOSTILE} in its body.\n")
    start = article.text.index("<script>")
    finding = _finding(article, (start, start + len(HOSTILE)), message=f"message with {HOSTILE}")
    report = Report(documents=[article], findings=[finding])
    page = Page(render_html(report))
    assert not {tag for tag, _ in page.tags} & {"script", "img"}
    assert not [a for _, a in page.tags if any(name.startswith("on") for name in a)]
    assert page.text_of["text-hostile"] == article.text
    assert HOSTILE in page.text_of[f"finding-{finding.fingerprint[:12]}"]


def test_markup_in_a_path_or_problem_appears_as_text():
    article = _article("Text.", doc='"><img src=x onerror=alert(1)>')
    report = Report(documents=[article], problems=[InputProblem(path="<script>x</script>.txt", message=HOSTILE)])
    page = Page(render_html(report))
    assert not {tag for tag, _ in page.tags} & {"script", "img"}


# --- links and highlights -------------------------------------------------------------------


def test_every_link_lands_on_an_element_of_the_page(seeds_page):
    page = Page(seeds_page)
    targets = {href[1:] for href in page.hrefs()}
    assert targets <= set(page.ids)


def test_ids_are_unique(seeds_page):
    ids = Page(seeds_page).ids
    assert len(ids) == len(set(ids))


def test_every_piece_of_evidence_links_to_its_highlight_in_the_full_text(seeds_report, seeds_page):
    page = Page(seeds_page)
    marks = {a["id"] for tag, a in page.tags if tag == "mark" and "id" in a}
    for finding in seeds_report.findings:
        for n, span in enumerate(finding.evidence, 1):
            mark_id = f"f-{finding.fingerprint[:12]}-{n}"
            assert mark_id in marks
            assert f'href="#{mark_id}"' in seeds_page
            assert page.text_of[mark_id] == span.text


def test_each_shared_passage_links_both_ways_to_the_full_text(seeds_report, seeds_page):
    page = Page(seeds_page)
    for k, overlap in enumerate(seeds_report.overlaps, 1):
        assert page.text_of[f"p-{k}-a"] == overlap.a.text
        assert page.text_of[f"p-{k}-b"] == overlap.b.text
        assert f'href="#p-{k}-a"' in seeds_page and f'href="#p-{k}-b"' in seeds_page


def test_articles_keep_their_exact_text(seeds_report, seeds_page):
    page = Page(seeds_page)
    for article in seeds_report.documents:
        slug = re.sub(r"[^A-Za-z0-9_-]", "-", article.id)
        assert page.text_of[f"text-{slug}"] == article.text


def test_findings_come_first_then_passages_then_articles_folded_then_what_was_set_aside(seeds_page):
    order = [
        seeds_page.index(f'id="{section}"')
        for section in ("summary", "findings", "conflicts", "variants", "agreements", "passages", "articles", "set-aside")
    ]
    assert order == sorted(order)
    articles = seeds_page[seeds_page.index('id="articles"') : seeds_page.index('id="set-aside"')]
    assert articles.count("<details>") == articles.count('class="doc"') == 5


def test_summary_counts_articles_passages_and_findings_by_status(seeds_report, seeds_page):
    summary = Page(seeds_page).text_of["summary"]
    assert f"{len(seeds_report.documents)} articles, {len(seeds_report.overlaps)} shared passages" in summary
    for status in ("conflict", "variant", "agreement"):
        count = sum(f.status == status for f in seeds_report.findings)
        assert f"{count} {status}" in summary


def test_agreements_are_collapsed_unless_asked_for(seeds_report):
    assert '<details id="agreements" class="group">' in render_html(seeds_report)
    shown = render_html(seeds_report, RenderOptions(show_agreements=True))
    assert '<details id="agreements" class="group" open>' in shown


def test_an_overlaps_only_report_has_no_findings_section(seeds_report):
    page = render_html(seeds_report, RenderOptions(sections=("overlaps", "set-aside")))
    assert 'id="findings"' not in page and 'class="ev ' not in page
    assert 'id="passages"' in page
    parsed = Page(page)
    assert {href[1:] for href in parsed.hrefs()} <= set(parsed.ids)


def test_findings_already_in_the_baseline_are_listed_apart_and_still_linked():
    article = _article("Four ministers met in Tokyo.")
    new, known = _finding(article, (0, 4)), _finding(article, (22, 27), fingerprint="fedcba9876543210")
    page = Page(render_html(Report(documents=[article], findings=[new], suppressed=[known])))
    assert "Tokyo" in page.text_of["in-baseline"] and "Tokyo" not in page.text_of["conflicts"]
    assert ("mark", {"class": "ev suppressed", "id": "f-fedcba987654-1", "title": "conflict (number): a message"}) in page.tags
    assert "1 finding already in the baseline" in page.text_of["summary"]


def test_findings_with_the_same_fingerprint_get_distinct_ids():
    article = _article("Four ministers met in Tokyo.")
    twins = [_finding(article, (0, 4)), _finding(article, (0, 4))]
    page = Page(render_html(Report(documents=[article], findings=twins)))
    assert {"f-0123456789ab-1", "f-0123456789ab-2-1"} <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))


def test_evidence_from_an_article_not_in_the_report_is_shown_without_a_link():
    here, elsewhere = _article("Four ministers met."), _article("Five ministers met.", doc="archived")
    finding = _finding(elsewhere, (0, 4))
    page = render_html(Report(documents=[here], findings=[finding]))
    assert 'href="#f-' not in page
    assert "(not in this report)" in page


def test_boilerplate_problems_and_limits_are_listed_as_set_aside(seeds_report):
    report = Report(documents=seeds_report.documents, problems=[InputProblem("gone.txt", "no such file")])
    page = Page(render_html(report))
    set_aside = page.text_of["set-aside"]
    assert "unreadable gone.txt: no such file" in set_aside
    for article in seeds_report.documents:
        for span in article.boilerplate:
            assert " ".join(span.text.split())[:40] in set_aside


def test_edited_passages_mark_the_words_that_differ():
    a, b = "Sergey Lavrov met Kishida.", "Sergei Lavrov met Kishida today."
    assert changed_words(a, b) == ([(0, 6)], [(0, 6), (26, 31)])


def test_words_that_differ_only_in_case_accents_or_quotes_are_not_changes():
    assert changed_words("Caf\u00e9 in \u201cTokyo\u201d", 'cafe IN "tokyo"') == ([], [])


def test_changed_words_are_marked_in_the_passage_table_but_not_in_verbatim_rows():
    one, two = _article("Sergey Lavrov met Kishida.", "one"), _article("Sergei Lavrov met Kishida.", "two")
    edited = Overlap(one.span(0, 26), two.span(0, 26), 0.8, "edited")
    page = render_html(Report(documents=[one, two], overlaps=[edited]))
    assert '<mark class="changed">Sergey</mark>' in page and '<mark class="changed">Sergei</mark>' in page
    verbatim = Overlap(one.span(6, 26), two.span(6, 26), 1.0, "verbatim")
    assert '<mark class="changed">' not in render_html(Report(documents=[one, two], overlaps=[verbatim]))


# --- highlights that nest and cross ---------------------------------------------------------


def test_nested_highlights_become_nested_elements():
    out = highlighted_text("abcdef", [Highlight(0, 6, 1, "span", "outer", "o"), Highlight(2, 4, 2, "mark", "in", "i")])
    assert out == '<span class="outer" id="o">ab<mark class="in" id="i">cd</mark>ef</span>'


def test_crossing_highlights_are_split_and_only_the_first_piece_carries_the_id():
    out = highlighted_text("abcdef", [Highlight(0, 4, 2, "mark", "x", "x"), Highlight(2, 6, 2, "mark", "y", "y")])
    assert out == ('<mark class="x" id="x">ab<mark class="y" id="y">cd</mark></mark><mark class="y cont">ef</mark>')


def test_an_empty_highlight_is_an_empty_element_that_can_still_be_targeted():
    assert highlighted_text("ab", [Highlight(1, 1, 2, "mark", "x", "x")]) == 'a<mark class="x" id="x"></mark>b'


def test_carriage_returns_are_written_so_a_parser_keeps_them():
    out = highlighted_text("one\r\ntwo\rthree", [])
    assert "\r" not in out
    assert html.unescape(out) == "one\r\ntwo\rthree"


# Any text a parser can carry (HTML has no way to carry U+0000; text files holding one are
# refused as binary) and any set of spans over it: nested, crossing, empty, repeated.
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=80) | st.text(
    alphabet="ab <>&\"'\r\n\u00e9\u4e2d", max_size=80
)


@st.composite
def article_with_spans(draw):
    text = draw(TEXT)
    article = _article(text)
    bounds = st.integers(min_value=0, max_value=len(text))
    ranges = [tuple(sorted(draw(st.tuples(bounds, bounds)))) for _ in range(draw(st.integers(0, 8)))]
    return article, ranges


@settings(max_examples=150, deadline=None)
@given(article_with_spans())
def test_article_text_content_is_the_article_text_whatever_is_highlighted(case):
    article, ranges = case
    half = len(ranges) // 2
    findings = [
        _finding(article, r, fingerprint=f"{i:012x}ffff", status=("conflict", "variant", "agreement")[i % 3])
        for i, r in enumerate(ranges[:half])
    ]
    other = _article("x" * (len(article.text) + 1), doc="other")
    overlaps = [Overlap(article.span(*r), other.span(*r), 0.5, "edited") for r in ranges[half:]]
    page = Page(render_html(Report(documents=[article, other], findings=findings, overlaps=overlaps)))
    assert page.text_of["text-story"] == article.text
    for i, (start, end) in enumerate(ranges[:half]):
        # where spans cross, the piece with the id is the span's first part
        assert article.text[start:end].startswith(page.text_of[f"f-{i:012x}-1"])
