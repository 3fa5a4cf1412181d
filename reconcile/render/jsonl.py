"""The report as JSON Lines: one finding a line, schema ``reconcile.finding/1``.

Each line stands on its own, so a consumer can grep, stream or load it line by line: it
repeats the schema name and version, gives every evidence span the path of its article
(and, where the article's text is the file's content, its line and column), and says
whether a baseline already records the finding. Every finding is written, agreements and
suppressed ones included; consumers filter on ``status``, ``severity`` and ``suppressed``.
Stable from version 1: fields may be added, never renamed or removed.
"""

from __future__ import annotations

from typing import Any

import json

from .. import __version__
from ..model import Finding, Overlap, Report, Span
from . import RenderOptions
from .sarif import DocumentPositions

FINDING_SCHEMA = "reconcile.finding/1"
OVERLAP_SCHEMA = "reconcile.overlap.find/1"

# json.dumps leaves these raw, yet str.splitlines() and some editors break lines on them:
# escaped, a line of output is always exactly one finding.
_LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def evidence_json(span: Span, positions: DocumentPositions) -> dict:
    item = {"doc": span.doc, "path": positions.path(span.doc), "start": span.start, "end": span.end, "text": span.text}
    region = positions.region(span)
    if region is not None:
        item["line"], item["column"], item["end_line"], item["end_column"] = region
    return item


def finding_line(finding: Finding, positions: DocumentPositions, suppressed: bool) -> dict:
    line: dict[str, Any] = {"schema": FINDING_SCHEMA, "reconcile": __version__}
    line.update(finding.to_json())
    line["evidence"] = [evidence_json(s, positions) for s in finding.evidence]
    line["suppressed"] = suppressed
    return line


def one_json_line(value: dict) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS_JSON_KEEPS.items():
        text = text.replace(raw, escaped)
    return text


def overlap_line(overlap: Overlap, positions: DocumentPositions) -> dict:
    return {
        "schema": OVERLAP_SCHEMA,
        "reconcile": __version__,
        "a": evidence_json(overlap.a, positions),
        "b": evidence_json(overlap.b, positions),
        "similarity": round(overlap.similarity, 4),
        "kind": overlap.kind,
    }


def render_jsonl(report: Report, options: RenderOptions = RenderOptions()) -> str:
    """One finding a line; without the findings section (`reconcile overlaps`), one shared
    passage a line."""
    positions = DocumentPositions(report.documents)
    if "findings" in options.sections:
        lines = [finding_line(f, positions, False) for f in report.findings]
        lines += [finding_line(f, positions, True) for f in report.suppressed]
    else:
        lines = [overlap_line(ov, positions) for ov in report.overlaps]
    return "".join(one_json_line(line) + "\n" for line in lines)
