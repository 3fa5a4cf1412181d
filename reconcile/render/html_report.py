"""The report as one self-contained HTML page for editors: findings first, each linking to
its evidence highlighted in the full text of every article, then the shared passages side
by side, then what was set aside.

What the page promises:

- It fetches nothing. Styles are inline, there is no script, and a Content-Security-Policy
  (``default-src 'none'``) stops the browser from loading anything even if an article
  smuggled markup in; all article text is escaped anyway, so it can only ever be text.
- Links are fragments (``#f-…``) within the page; highlighting the target is CSS
  (``:target``), not code.
- The text content of each article's text element is exactly ``article.text``: highlights
  that nest become nested elements, highlights that cross are split into pieces (the first
  piece carries the id), so text is never duplicated or lost. Carriage returns are written
  as ``&#13;`` because an HTML parser would otherwise turn them into line feeds.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Article, Finding, Overlap, Report, Span
from ..text import words
from . import RenderOptions, fixes_line, one_line, overlaps_by_pair
from .json import summary

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# Outer layers open first when two highlights cover the same stretch of text, so a block
# holds its passages and a passage holds its evidence.
BLOCK, PASSAGE, EVIDENCE = 0, 1, 2

# Block roles shown differently in the full text (by CSS; the text itself is untouched).
STYLED_ROLES = ("headline", "dek", "published", "dateline", "caption", "boilerplate")

FACT_SEPARATOR = " \u00b7 "

# Passages longer than this (in words) are shown without their changed words marked: the
# word diff grows with the product of the two lengths, and a shared passage is a paragraph.
MAX_DIFF_WORDS = 2_000

# The page's sections in order: the render option that shows each (None: always shown),
# its anchor and its title in the bar at the top.
PAGE_SECTIONS = (
    ("findings", "findings", "Findings"),
    ("overlaps", "passages", "Passages"),
    (None, "articles", "Articles"),
    ("set-aside", "set-aside", "Set aside"),
)

STATUS_TITLES = (("conflict", "Conflicts"), ("variant", "Variants"), ("agreement", "Agreements"))


# --- highlights in an article's text --------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """A stretch of one article's text to wrap in an element: a finding's evidence, a
    shared passage, or a layout block. `id` goes on the first piece only."""

    start: int
    end: int
    layer: int
    tag: str
    classes: str
    id: str | None = None
    title: str | None = None


def text_html(text: str) -> str:
    """Text escaped for element content, kept exact through an HTML parser: a raw CR would
    be read back as LF, so it is written as a character reference."""
    return html.escape(text, quote=False).replace("\r", "&#13;").replace("\x00", "&#0;")


def attr(text: str) -> str:
    return html.escape(text, quote=True).replace("\r", "&#13;").replace("\x00", "&#0;")


def _open_tag(h: Highlight, first: bool) -> str:
    parts = [h.tag, f'class="{attr(h.classes if first else h.classes + " cont")}"']
    if first and h.id:
        parts.append(f'id="{attr(h.id)}"')
    if h.title:
        parts.append(f'title="{attr(h.title)}"')
    return "<" + " ".join(parts) + ">"


def highlighted_text(text: str, highlights: Sequence[Highlight]) -> str:
    """`text` as HTML with every highlight wrapped around its stretch.

    Highlights may nest or cross. A walk over the boundaries keeps a stack of open
    elements; when one ends below the top of the stack, the ones above it are closed and
    reopened after it as continuation pieces. Each character is written exactly once."""
    order = {id(h): i for i, h in enumerate(highlights)}
    starting: dict[int, list[Highlight]] = defaultdict(list)
    for h in highlights:
        if not 0 <= h.start <= h.end <= len(text):
            raise ValueError(f"highlight {h.start}:{h.end} outside a text of length {len(text)}")
        starting[h.start].append(h)
    boundaries = sorted({0, len(text), *(h.start for h in highlights), *(h.end for h in highlights)})

    def nesting(h: Highlight) -> tuple:
        return (-h.end, h.layer, order[id(h)])

    out: list[str] = []
    stack: list[Highlight] = []
    opened: set[int] = set()
    previous = 0
    for at in boundaries:
        out.append(text_html(text[previous:at]))
        previous = at
        reopen: list[Highlight] = []
        ending = [i for i, h in enumerate(stack) if h.end == at]
        if ending:
            lowest = ending[0]
            reopen = [h for h in stack[lowest:] if h.end != at]
            out.extend(f"</{h.tag}>" for h in reversed(stack[lowest:]))
            del stack[lowest:]
        for h in sorted(reopen + starting.get(at, []), key=nesting):
            out.append(_open_tag(h, first=id(h) not in opened))
            opened.add(id(h))
            if h.end == at:  # empty: an anchor with nothing inside
                out.append(f"</{h.tag}>")
            else:
                stack.append(h)
    return "".join(out)


# --- ids: stable, unique, safe in a fragment ------------------------------------------------


def slug(text: str) -> str:
    """A fragment-safe form of an id: letters, digits, '_' and '-' only."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)[:60] or "x"


def unique_slugs(names: Iterable[str]) -> list[str]:
    """One slug per name, suffixed -2, -3... where two would otherwise be the same."""
    taken: set[str] = set()
    out = []
    for name in names:
        base = slug(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


@dataclass(frozen=True)
class PageIds:
    """Every id the page uses, decided once so that links and targets always agree."""

    articles: dict[str, str]  # article id -> slug
    findings: dict[int, str]  # id(finding) -> key; evidence n is f-<key>-<n>

    @staticmethod
    def of(report: Report, findings: Sequence[Finding]) -> PageIds:
        docs = [a.id for a in report.documents]
        keys = unique_slugs(f.fingerprint[:12] for f in findings)
        return PageIds(dict(zip(docs, unique_slugs(docs))), {id(f): k for f, k in zip(findings, keys)})

    def article(self, doc: str) -> str:
        return f"article-{self.articles[doc]}"

    def text(self, doc: str) -> str:
        return f"text-{self.articles[doc]}"

    def finding(self, f: Finding) -> str:
        return f"finding-{self.findings[id(f)]}"

    def evidence(self, f: Finding, n: int) -> str:
        return f"f-{self.findings[id(f)]}-{n}"

    @staticmethod
    def passage(k: int, side: str) -> str:
        return f"p-{k}-{side}"

    def set_aside(self, doc: str, n: int) -> str:
        return f"set-aside-{self.articles[doc]}-{n}"


# --- the page -------------------------------------------------------------------------------


def render_html(report: Report, options: RenderOptions = RenderOptions()) -> str:
    """The whole report as one HTML document (UTF-8, no external resources)."""
    show_findings = "findings" in options.sections
    findings = [*report.findings, *report.suppressed] if show_findings else []
    ids = PageIds.of(report, findings)
    articles = {a.id: a for a in report.documents}

    body = [_header(report, options, ids)]
    if show_findings:
        body.append(_findings_section(report, options, ids, articles))
    # Findings first, then the passages the articles share, then the articles themselves,
    # folded: an evidence link opens its article (browsers open a <details> that holds the
    # target of a link).
    if "overlaps" in options.sections:
        body.append(_passages_section(report))
    body.append(_articles_section(report, findings, ids, show_passages="overlaps" in options.sections))
    if "set-aside" in options.sections:
        body.append(_set_aside_section(report, ids))
    shown = [(anchor, title) for option, anchor, title in PAGE_SECTIONS if option is None or option in options.sections]
    return _page("\n".join(body), shown)


def _page(body: str, sections: Sequence[tuple[str, str]]) -> str:
    nav = " ".join(f'<a href="#{key}">{title}</a>' for key, title in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        "<title>reconcile report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<nav class="top" aria-label="Sections">{nav}</nav>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _in_article(span: Span, articles: dict[str, Article]) -> bool:
    """A span can be linked only if its article is in the report and it still indexes it."""
    article = articles.get(span.doc)
    return article is not None and article.text[span.start : span.end] == span.text


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _header(report: Report, options: RenderOptions, ids: PageIds) -> str:
    s = summary(report)
    counts = s["findings"]
    findings_shown = "findings" in options.sections
    items = [
        _count(_plural(counts[status], status), f"count {status}", title.lower() if findings_shown else None)
        for status, title in STATUS_TITLES
    ]
    if s["suppressed"]:
        items.append(
            _count(f"{_plural(s['suppressed'], 'finding')} already in the baseline", "count", "in-baseline" if findings_shown else None)
        )
    if s["problems"]:
        items.append(
            _count(_plural(s["problems"], "unreadable input"), "count problem", "set-aside" if "set-aside" in options.sections else None)
        )
    docs = "".join(
        f'<li><a href="#{ids.article(a.id)}">{text_html(a.id)}</a>'
        + (f' <span class="muted">{text_html(one_line(_title(a), 90))}</span>' if _title(a) else "")
        + "</li>"
        for a in report.documents
    )
    return (
        f'<header id="summary">\n<h1>reconcile {attr(options.command)}</h1>\n'
        f'<p class="lede">{_plural(s["documents"], "article")}, '
        f"{_plural(s['overlaps'], 'shared passage')}.</p>\n"
        f'<ul class="counts">{"".join(items)}</ul>\n'
        f'<ol class="docs">{docs}</ol>\n</header>'
    )


def _count(text: str, classes: str, anchor: str | None) -> str:
    """One count in the summary, linked to its list when the page has that list."""
    shown = f'<a href="#{anchor}">{text}</a>' if anchor else text
    return f'<li class="{classes}">{shown}</li>'


def _title(article: Article) -> str:
    if article.title:
        return article.title
    headline = article.headline
    return headline.text if headline else ""


# --- findings -------------------------------------------------------------------------------


def _findings_section(report: Report, options: RenderOptions, ids: PageIds, articles: dict[str, Article]) -> str:
    out = ['<section id="findings">', "<h2>Findings</h2>"]
    for status, title in STATUS_TITLES:
        found = [f for f in report.findings if f.status == status]
        heading = f"{title} ({len(found)})"
        items = _finding_list(found, ids, articles)
        if status == "agreement":
            opened = " open" if options.show_agreements else ""
            out.append(f'<details id="agreements" class="group"{opened}><summary><h3>{heading}</h3></summary>{items}</details>')
        else:
            out.append(f'<section id="{title.lower()}" class="group"><h3>{heading}</h3>{items}</section>')
    if report.suppressed:
        out.append(
            f'<details id="in-baseline" class="group"><summary><h3>Already in the baseline '
            f"({len(report.suppressed)})</h3></summary>"
            '<p class="muted">Recorded in the baseline file, so not counted as new.</p>'
            f"{_finding_list(report.suppressed, ids, articles)}</details>"
        )
    out.append("</section>")
    return "\n".join(out)


def _finding_list(found: Sequence[Finding], ids: PageIds, articles: dict[str, Article]) -> str:
    if not found:
        return '<p class="none">None.</p>'
    return '<ol class="findings">' + "".join(_finding(f, ids, articles) for f in found) + "</ol>"


def _finding(f: Finding, ids: PageIds, articles: dict[str, Article]) -> str:
    values = "".join(f"<li><code>{text_html(v)}</code></li>" for v in f.values)
    evidence = []
    for n, span in enumerate(f.evidence, 1):
        where = (
            f'<span class="doc">{text_html(span.doc)}</span> <span class="where">'
            f"{_role_at(articles.get(span.doc), span.start)}{span.start}\u2013{span.end}</span>"
        )
        quote = f"<q>{text_html(one_line(span.text, 240))}</q>"
        if _in_article(span, articles):
            evidence.append(f'<li><a href="#{ids.evidence(f, n)}">{where} {quote}</a></li>')
        else:
            evidence.append(f'<li>{where} {quote} <span class="muted">(not in this report)</span></li>')
    return (
        f'<li class="finding {f.status}" id="{ids.finding(f)}">'
        f'<p class="head"><span class="severity {attr(f.severity)}">{text_html(f.severity)}</span> '
        f'<span class="kind">{text_html(f.kind)}</span> '
        f'<span class="message">{text_html(f.message)}</span></p>'
        + (f'<ul class="values" aria-label="values">{values}</ul>' if values else "")
        + f'<ul class="evidence">{"".join(evidence)}</ul>'
        + (f'<p class="fix">{text_html(fixes_line(f))}</p>' if f.fixes else "")
        + "</li>"
    )


def _role_at(article: Article | None, offset: int) -> str:
    """The layout part an offset falls in ("caption, "), or nothing for body text."""
    if article is None:
        return ""
    for block in article.blocks:
        if block.start <= offset < block.end:
            return "" if block.role == "body" else f"{block.role}, "
    return ""


# --- articles in full -----------------------------------------------------------------------


def highlights_by_article(
    report: Report, findings: Sequence[Finding], ids: PageIds, show_passages: bool = True
) -> dict[str, list[Highlight]]:
    """Everything to highlight, by article: styled blocks, the passages each shares, and
    every piece of evidence that stands in it. Spans that no longer index their article's
    text are left out (their links are left out too)."""
    articles = {a.id: a for a in report.documents}
    marks: dict[str, list[Highlight]] = {a.id: [] for a in report.documents}
    for article in report.documents:
        boilerplate = 0
        for block in article.blocks:
            if block.role not in STYLED_ROLES:
                continue
            block_id = None
            if block.role == "boilerplate":
                boilerplate += 1
                block_id = ids.set_aside(article.id, boilerplate)
            marks[article.id].append(Highlight(block.start, block.end, BLOCK, "span", f"block {block.role}", block_id))
    if show_passages:
        for k, ov in enumerate(report.overlaps, 1):
            for side, span, other in (("a", ov.a, ov.b), ("b", ov.b, ov.a)):
                if _in_article(span, articles):
                    title = f"shared with {other.doc} ({ov.kind}, similarity {ov.similarity:.2f})"
                    marks[span.doc].append(
                        Highlight(span.start, span.end, PASSAGE, "span", f"passage {ov.kind}", ids.passage(k, side), title)
                    )
    suppressed = {id(f) for f in report.suppressed}
    for f in findings:
        status = "suppressed" if id(f) in suppressed else f.status
        for n, span in enumerate(f.evidence, 1):
            if _in_article(span, articles):
                marks[span.doc].append(
                    Highlight(
                        span.start, span.end, EVIDENCE, "mark", f"ev {status}", ids.evidence(f, n), f"{f.status} ({f.kind}): {f.message}"
                    )
                )
    return marks


def _articles_section(report: Report, findings: Sequence[Finding], ids: PageIds, show_passages: bool) -> str:
    out = ['<section id="articles">', f"<h2>Articles ({len(report.documents)})</h2>"]
    highlights = highlights_by_article(report, findings, ids, show_passages)
    for article in report.documents:
        facts = [f'<span class="path">{text_html(article.path)}</span>']
        if article.published:
            source = f" (from the {article.published_from})" if article.published_from else ""
            facts.append(f"published {article.published.isoformat()}{text_html(source)}")
        if article.source:
            facts.append(f"source {text_html(article.source)}")
        if article.url:
            facts.append(f'<span class="url">{text_html(article.url)}</span>')  # shown, never fetched
        title = _title(article)
        out.append(
            f'<article id="{ids.article(article.id)}" class="doc"><details><summary>'
            f"<h3>{text_html(article.id)}</h3>"
            + (f'<span class="title">{text_html(one_line(title, 200))}</span>' if title else "")
            + "</summary>"
            + f'<p class="facts">{FACT_SEPARATOR.join(facts)}</p>'
            f'<div class="text" dir="auto" id="{ids.text(article.id)}">{highlighted_text(article.text, highlights[article.id])}</div>'
            "</details></article>"
        )
    out.append("</section>")
    return "\n".join(out)


# --- shared passages ------------------------------------------------------------------------


def _passages_section(report: Report) -> str:
    out = ['<section id="passages">', f"<h2>Shared passages ({len(report.overlaps)})</h2>"]
    if not report.overlaps:
        out.append('<p class="none">None.</p>')
    elif any(ov.kind != "verbatim" for ov in report.overlaps):
        out.append(
            '<p class="muted">Side by side; in edited passages the words that differ are '
            '<mark class="changed">marked</mark>. Each passage links to its place in the article.</p>'
        )
    number = {id(ov): k for k, ov in enumerate(report.overlaps, 1)}
    articles = {a.id: a for a in report.documents}
    for (a, b), group in overlaps_by_pair(report).items():
        rows = "".join(_passage_row(ov, number[id(ov)], articles) for ov in group)
        out.append(
            f'<section class="pair"><h3>{text_html(a)} \u2194 {text_html(b)}</h3>'
            '<table class="passages"><colgroup><col><col><col class="match"></colgroup>'
            f'<thead><tr><th scope="col">{text_html(a)}</th><th scope="col">{text_html(b)}</th>'
            f'<th scope="col">match</th></tr></thead><tbody>{rows}</tbody></table></section>'
        )
    out.append("</section>")
    return "\n".join(out)


def changed_words(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where two passages differ, word by word: runs of words in `a` that `b` does not
    have at that point, and the same for `b`, as offsets into each text. Words are compared
    in their matching form, so case, accents and curly quotes alone are not changes."""
    wa, wb = words(a), words(b)
    if max(len(wa), len(wb)) > MAX_DIFF_WORDS:
        return [], []
    matcher = difflib.SequenceMatcher(a=[t.form for t in wa], b=[t.form for t in wb], autojunk=False)
    in_a, in_b = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            in_a.append((wa[i1].start, wa[i2 - 1].end))
        if j2 > j1:
            in_b.append((wb[j1].start, wb[j2 - 1].end))
    return in_a, in_b


def _passage_row(ov: Overlap, k: int, articles: dict[str, Article]) -> str:
    changes = changed_words(ov.a.text, ov.b.text) if ov.kind != "verbatim" else ([], [])
    cells = []
    for side, span, changed in (("a", ov.a, changes[0]), ("b", ov.b, changes[1])):
        where = f'<span class="where">{span.start}\u2013{span.end}</span>'
        marks = [Highlight(s, e, EVIDENCE, "mark", "changed") for s, e in changed]
        text = f'<span class="passage-text" dir="auto">{highlighted_text(span.text, marks)}</span>'
        if _in_article(span, articles):
            cells.append(f'<td><a class="to-text" href="#{PageIds.passage(k, side)}">{text} {where}</a></td>')
        else:
            cells.append(f"<td>{text} {where}</td>")
    return (
        f'<tr id="overlap-{k}" class="{attr(ov.kind)}">{"".join(cells)}'
        f'<td class="match"><span class="similarity">{ov.similarity:.2f}</span> '
        f'<span class="kind">{text_html(ov.kind)}</span></td></tr>'
    )


# --- set aside ------------------------------------------------------------------------------


def _set_aside_section(report: Report, ids: PageIds) -> str:
    items = []
    for doc in report.documents:
        for n, span in enumerate(doc.boilerplate, 1):
            items.append(
                f'<li><span class="doc">{text_html(doc.id)}</span> boilerplate: '
                f'<a href="#{ids.set_aside(doc.id, n)}"><q>{text_html(one_line(span.text, 200))}</q></a></li>'
            )
    for problem in report.problems:
        items.append(
            f'<li class="problem">unreadable <span class="path">{text_html(problem.path)}</span>: {text_html(problem.message)}</li>'
        )
    for hit in report.limits:
        items.append(f'<li class="limit">limit reached in <span class="doc">{text_html(hit.doc)}</span>: {text_html(hit.message)}</li>')
    listing = f'<ul class="set-aside">{"".join(items)}</ul>' if items else '<p class="none">Nothing.</p>'
    return f'<section id="set-aside"><h2>Set aside</h2>\n{listing}\n</section>'


STYLE = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1c1c1c;--muted:#5f5f5f;--line:#d4d4d4;--panel:#f6f6f4;
--link:#1548b8;--target:#1548b8;--conflict:#a3221b;--conflict-bg:#fbd9d5;--variant:#7d5200;
--variant-bg:#fcebb6;--agreement:#1d6a34;--agreement-bg:#dbf0e1;--suppressed-bg:#e6e6e6;--passage:#dde8fb}
@media (prefers-color-scheme:dark){:root{--bg:#17181a;--fg:#e6e6e3;--muted:#a4a4a0;--line:#3b3d40;
--panel:#212225;--link:#8db4ff;--target:#8db4ff;--conflict:#ff9b92;--conflict-bg:#5a1f1b;--variant:#f0c55c;
--variant-bg:#4d3b0b;--agreement:#8fd8a4;--agreement-bg:#173d24;--suppressed-bg:#35363a;--passage:#1d2d4a}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;
overflow-wrap:anywhere}
main{max-width:74rem;margin:0 auto;padding:0 1rem 3rem}
a{color:var(--link)}
[id]{scroll-margin-top:3.5rem}
nav.top{position:sticky;top:0;z-index:2;background:var(--panel);border-bottom:1px solid var(--line);
padding:.4rem 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
h1{font-size:1.6rem;margin:1rem 0 .3rem}h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
summary h3{display:inline}
summary{cursor:pointer;margin:1rem 0 .4rem}
.muted,.where,.facts{color:var(--muted)}
.where,.facts{font-size:.85rem}
.lede{margin:.2rem 0}
ul.counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}
.count{padding:.1rem .6rem;border-radius:1rem;background:var(--panel);border:1px solid var(--line)}
.count.conflict{background:var(--conflict-bg)}.count.variant{background:var(--variant-bg)}
.count.agreement{background:var(--agreement-bg)}
.count a{color:inherit}
ol.docs{margin:.4rem 0;padding-left:1.6rem}
ol.findings{list-style:none;padding:0;margin:0}
.finding{border-left:4px solid var(--line);background:var(--panel);padding:.5rem .8rem;margin:.6rem 0}
.finding.conflict{border-color:var(--conflict)}.finding.variant{border-color:var(--variant)}
.finding.agreement{border-color:var(--agreement)}
.finding .head{margin:0}
.severity{font-weight:700;text-transform:uppercase;font-size:.75rem;letter-spacing:.04em;padding:0 .3rem;
border:1px solid currentColor;border-radius:.2rem}
.severity.error{color:var(--conflict)}.severity.warning{color:var(--variant)}.severity.info{color:var(--muted)}
.kind{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
ul.values{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem}
ul.values code{background:var(--bg);border:1px solid var(--line);padding:0 .3rem;border-radius:.2rem}
ul.evidence{margin:.3rem 0 0;padding-left:1.2rem}
ul.evidence a{text-decoration:none}ul.evidence a q{text-decoration:underline}
ul.evidence .doc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
article.doc{border-top:1px solid var(--line);margin-top:1.2rem}
article.doc h3{font-family:ui-monospace,Menlo,Consolas,monospace}
.title{font-weight:600;margin:.2rem 0}
summary .title{margin-left:.6rem}
.facts{margin:.2rem 0 .6rem}
.text{white-space:pre-wrap;white-space:break-spaces;overflow-wrap:anywhere;font-family:Georgia,"Times New Roman",serif;
font-size:1.05rem;line-height:1.6;max-width:46rem}
.block.headline{font-weight:700}.block.dek{font-style:italic}
.block.caption{font-style:italic;color:var(--muted)}
.block.boilerplate,.block.published,.block.dateline{color:var(--muted)}
.passage{background:var(--passage)}
mark{color:inherit;background:var(--agreement-bg);border-radius:.15rem}
mark.conflict{background:var(--conflict-bg)}mark.variant{background:var(--variant-bg)}
mark.suppressed{background:var(--suppressed-bg)}
mark.changed{background:var(--variant-bg);text-decoration:underline;text-decoration-color:var(--variant)}
mark mark{box-shadow:inset 0 -2px 0 currentColor}
.finding:target,tr:target,.block:target{outline:3px solid var(--target);outline-offset:2px}
mark:target,.passage:target{outline:3px solid var(--target);box-shadow:0 0 0 6px var(--passage)}
table.passages{table-layout:fixed;width:100%;border-collapse:collapse;margin:.4rem 0}
table.passages col.match{width:6.5rem}
table.passages th,table.passages td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;
text-align:left;overflow-wrap:anywhere;min-width:0}
table.passages th{background:var(--panel);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;
font-weight:600}
.passage-text{white-space:pre-wrap;white-space:break-spaces}
a.to-text{color:inherit;text-decoration:none}a.to-text .where{color:var(--link);text-decoration:underline}
a.to-text:hover .passage-text,a.to-text:focus .passage-text{text-decoration:underline}
td.match{font-size:.85rem}
td.match .similarity{font-variant-numeric:tabular-nums;font-weight:600;display:block}
ul.set-aside .doc,.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
@media (max-width:600px){body{font-size:15px}nav.top{gap:.2rem .9rem;padding:.4rem .5rem}main{padding:0 .5rem 2rem}table.passages col.match{width:4.2rem}
table.passages th,table.passages td{padding:.25rem .3rem}.text{font-size:1rem}}
@media print{nav.top{display:none}body{background:#fff;color:#000}.finding{break-inside:avoid}
a{color:inherit;text-decoration:none}
mark:target,.passage:target,.finding:target,tr:target,.block:target{outline:none;box-shadow:none}}
"""
