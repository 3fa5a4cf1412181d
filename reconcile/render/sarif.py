"""The report as SARIF 2.1.0, for code-scanning dashboards and editors.

One run; one result per finding that asks for attention (agreements only with
`--show-agreements`, as passing results). Baseline findings stay in, marked suppressed.
Regions give both character offsets and lines/columns, all in Unicode code points
(``run.columnKind = "unicodeCodePoints"``), because that is what our offsets count.
A region is given only where the article's text is the file's own content: for HTML or
JSON rows a line number in the file would be wrong, so those results name the file and
carry the span of the analysed text in the location's property bag instead.

This module also holds the position helpers the other machine formats share
(`line_col`, `TextPositions`, `DocumentPositions`, `artifact_uri`, `checked_ids`,
`primary_span`).
"""

from __future__ import annotations

from typing import Any

import json
import re
from bisect import bisect_right
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from ..model import Article, Finding, Report, Span
from . import RenderOptions

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "reconcile/v1"
BASELINE_SUPPRESSION = {"kind": "external", "justification": "in baseline"}

# One SARIF rule per finding kind. Kinds not listed here still get a rule, with a generic text.
RULES = {
    "caption": (
        "StaleCaption",
        "A photo caption disagrees with its story",
        (
            "The caption names a different person, role, place or year than the body of its "
            "article or another copy of the story: often a caption reused from an older story."
        ),
    ),
    "name-spelling": (
        "NameSpelling",
        "A name looks misspelt",
        ("A name differs by a few letters from the lexicon's form or from the same name in another copy of the story."),
    ),
    "name-variant": (
        "NameVariant",
        "A name is spelt two accepted ways",
        "Copies use different transliterations or forms of one person's name.",
    ),
    "alias": (
        "Alias",
        "A place or organisation is named differently",
        "Copies call the same place or organisation by different accepted names.",
    ),
    "number": ("Number", "A number differs between copies", "Two sources give different figures for the same count or amount."),
    "date": (
        "Date",
        "A date differs between copies",
        "Two sources give different dates, absolute or relative to publication, for the same event.",
    ),
    "role": (
        "Role",
        "A person's role differs between copies",
        "A person is given different titles or offices, or a title is given to different people.",
    ),
    "quote": (
        "Quote",
        "A quotation differs between copies",
        "The same quotation is worded differently, or attributed to different speakers.",
    ),
    "mixed-script": (
        "MixedScript",
        "A word mixes writing systems",
        ("A word mixes letters of different scripts (Latin and Cyrillic look-alikes), which hides it from search and spell checking."),
    ),
    "hidden-character": (
        "HiddenCharacter",
        "An invisible character splits a name",
        (
            "A zero-width space, soft hyphen, joiner or direction control sits inside a "
            "name: invisible to a reader, but search and copy-paste see it."
        ),
    ),
}
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class TextPositions:
    """Line and column of any offset in one text, found by bisecting the line starts.

    Lines are numbered from 1 and end at "\\n" (so "\\r\\n" is one break, as SARIF's default
    newline sequences say); columns are numbered from 1 and count code points."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0]
        newline = text.find("\n")
        while newline >= 0:
            self.line_starts.append(newline + 1)
            newline = text.find("\n", newline + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside a text of length {len(self.text)}")
        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def region(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(startLine, startColumn, endLine, endColumn) of text[start:end]. The end is the
        column after the last character, on the last character's line (SARIF's definition),
        so a span ending in a line break never spills onto the next line."""
        start_line, start_col = self.line_col(start)
        if end <= start:
            return start_line, start_col, start_line, start_col
        end_line, last_col = self.line_col(end - 1)
        return start_line, start_col, end_line, last_col + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `offset` in `text`; see `TextPositions` for many offsets."""
    return TextPositions(text).line_col(offset)


class DocumentPositions:
    """Paths and line/column regions of spans across a report's articles.

    `region` is None where the article's text is not the file's content (HTML, JSON rows,
    re-encoded files): a line and column there would point at the wrong place in the file."""

    def __init__(self, documents: list[Article]):
        self.articles = {a.id: a for a in documents}
        self._positions: dict[str, TextPositions] = {}

    def path(self, doc: str) -> str:
        article = self.articles.get(doc)
        return article.path if article else doc

    def where(self, span: Span) -> str:
        """Where a span is, for a person: "path:line:column" as editors and linters write it,
        or, where the text is not the file's own (HTML, JSON rows), "path (id) start-end"."""
        region = self.region(span)
        if region is not None:
            return f"{self.path(span.doc)}:{region[0]}:{region[1]}"
        return f"{self.path(span.doc)} ({span.doc}) {span.start}-{span.end}"

    def region(self, span: Span) -> tuple[int, int, int, int] | None:
        article = self.articles.get(span.doc)
        if article is None or not article.text_is_file_content:
            return None
        positions = self._positions.get(span.doc)
        if positions is None:
            positions = self._positions[span.doc] = TextPositions(article.text)
        return positions.region(span.start, span.end)


def artifact_uri(path: str) -> str:
    """A URI reference for an input path: relative paths stay relative, with reserved
    characters percent-encoded; absolute paths become file: URIs."""
    if path.startswith("/"):
        return PurePosixPath(path).as_uri()
    if _WINDOWS_DRIVE.match(path):
        return PureWindowsPath(path).as_uri()
    return quote(path, safe="/-._~!$&'()*+,;=@")


def checked_ids(report: Report) -> list[str]:
    """Ids of the articles under check: `reconcile check` names the new ones in
    ``settings["check"]["new"]``; otherwise every article read is checked."""
    check = report.settings.get("check") or {}
    if "new" not in check:
        return [a.id for a in report.documents]
    known = {a.id for a in report.documents}
    return [doc_id for doc_id in check["new"] if doc_id in known]


def primary_span(finding: Finding, checked: set[str] | None = None) -> Span:
    """The evidence a one-place format points at: the first in an article under check,
    else the first of all (evidence is sorted by article and offset)."""
    if checked:
        for span in finding.evidence:
            if span.doc in checked:
                return span
    return finding.evidence[0]


def _message(text: str) -> dict:
    return {"text": text}


def rule_table(findings: list[Finding]) -> list[str]:
    """Rule ids in a stable order: every known kind, then unknown kinds as they appear."""
    ids = list(RULES)
    for f in findings:
        if f.kind not in ids:
            ids.append(f.kind)
    return ids


def rule_json(kind: str) -> dict:
    name, short, full = RULES.get(kind, (None, f"{kind} finding", f"reconcile finding of kind {kind}."))
    rule = {"id": kind, "shortDescription": _message(short), "fullDescription": _message(full)}
    if name:
        rule["name"] = name
    return rule


def location_json(span: Span, positions: DocumentPositions, location_id: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(positions.path(span.doc))}}
    location: dict = {} if location_id is None else {"id": location_id}
    location["physicalLocation"] = physical
    region = positions.region(span)
    if region is not None:
        start_line, start_col, end_line, end_col = region
        physical["region"] = {
            "startLine": start_line,
            "startColumn": start_col,
            "endLine": end_line,
            "endColumn": end_col,
            "charOffset": span.start,
            "charLength": span.end - span.start,
            "snippet": {"text": span.text},
        }
    else:
        # Offsets index the analysed text, not the file: name the article, never a wrong region.
        location["logicalLocations"] = [{"name": span.doc, "kind": "article"}]
        location["properties"] = {"span": span.to_json()}
    return location


def result_json(finding: Finding, rule_index: int, positions: DocumentPositions, checked: set[str], suppressed: bool = False) -> dict:
    primary = primary_span(finding, checked)
    others = [s for s in finding.evidence if s != primary]
    passing = finding.status == "agreement"
    properties: dict[str, Any] = {"status": finding.status, "severity": finding.severity, "values": list(finding.values)}
    result: dict[str, Any] = {
        "ruleId": finding.kind,
        "ruleIndex": rule_index,
        "kind": "pass" if passing else "fail",
        "level": "none" if passing else _LEVELS[finding.severity],
        "message": _message(finding.message),
        "locations": [location_json(primary, positions)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    }
    if others:
        result["relatedLocations"] = [location_json(s, positions, i) for i, s in enumerate(others, start=1)]
    if finding.fixes:
        result["fixes"] = fixes_json(finding, positions)
    if finding.reference:
        properties["reference"] = finding.reference
        properties["departs"] = list(finding.departs)
    if suppressed:
        result["suppressions"] = [dict(BASELINE_SUPPRESSION)]
    return result


def fixes_json(finding: Finding, positions: DocumentPositions) -> list[dict]:
    """SARIF `fixes`: one per article, replacing each departing span with the reference
    form. Only for articles whose analysed text is their file's content, where a region
    of the file can be named; other articles get no fix rather than a wrong one."""
    by_doc: dict[str, list] = {}
    for fix in finding.fixes:
        by_doc.setdefault(fix.span.doc, []).append(fix)
    found = []
    for fixes in by_doc.values():
        located = [location_json(f.span, positions) for f in fixes]
        regions = [loc["physicalLocation"] for loc in located if "region" in loc.get("physicalLocation", {})]
        if len(regions) != len(fixes):
            continue
        found.append(
            {
                "description": {"text": f"Write \u201c{fixes[0].replacement}\u201d instead"},
                "artifactChanges": [
                    {
                        "artifactLocation": regions[0]["artifactLocation"],
                        "replacements": [
                            {"deletedRegion": region["region"], "insertedContent": {"text": fix.replacement}}
                            for region, fix in zip(regions, fixes)
                        ],
                    }
                ],
            }
        )
    return found


def _information_uri() -> str | None:
    """The project's home page from its installed metadata, when it declares one."""
    from importlib.metadata import PackageNotFoundError, metadata  # only SARIF needs the package's metadata

    try:
        meta = metadata("reconcile")
    except PackageNotFoundError:  # not installed: no URI rather than an invented one
        return None
    for entry in meta.get_all("Project-URL") or []:
        _, _, url = entry.partition(",")
        if url.strip().startswith(("http://", "https://")):
            return url.strip()
    home = (meta.get_all("Home-page") or [None])[0]
    return home if home and home.startswith(("http://", "https://")) else None


def sarif_log(report: Report, options: RenderOptions = RenderOptions()) -> dict:
    shown = [(f, False) for f in report.findings] + [(f, True) for f in report.suppressed]
    shown = [(f, s) for f, s in shown if f.evidence and (f.status != "agreement" or options.show_agreements)]
    rules = rule_table([f for f, _ in shown])
    index = {kind: i for i, kind in enumerate(rules)}
    positions = DocumentPositions(report.documents)
    checked = set(checked_ids(report))

    driver = {"name": "reconcile", "version": __version__, "semanticVersion": __version__, "rules": [rule_json(kind) for kind in rules]}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    run = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not report.problems,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": _message(p.message),
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(p.path)}}}],
                    }
                    for p in report.problems
                ],
            }
        ],
        "artifacts": [
            {
                "location": {"uri": artifact_uri(a.path)},
                "roles": ["analysisTarget"],
                "properties": {"id": a.id, "textIsFileContent": a.text_is_file_content},
            }
            for a in report.documents
        ],
        "columnKind": "unicodeCodePoints",
        "results": [result_json(f, index[f.kind], positions, checked, suppressed) for f, suppressed in shown],
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(sarif_log(report, options), ensure_ascii=False, indent=2) + "\n"
