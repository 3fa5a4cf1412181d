"""The machine-readable report, schema ``reconcile.report/1`` (documented in docs/schema.md).

Stable from version 1: fields may be added, never renamed or removed, without a new
schema name."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from ..model import SCHEMA, Article, Finding, Report, Span
from . import RenderOptions
from .sarif import DocumentPositions


def document_json(article: Article) -> dict:
    dateline = article.dateline
    doc = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "dateline": dateline.to_json() if dateline else None,
        "captions": [s.to_json() for s in article.captions],
        "boilerplate": [s.to_json() for s in article.boilerplate],
    }
    if not article.text_is_file_content:
        doc["text"] = article.text
    if article.source:
        doc["source"] = article.source
    if article.url:
        doc["url"] = article.url
    return doc


def summary(report: Report) -> dict:
    by_status = Counter(f.status for f in report.findings)
    by_severity = Counter(f.severity for f in report.findings)
    return {
        "documents": len(report.documents),
        "overlaps": len(report.overlaps),
        "findings": {s: by_status.get(s, 0) for s in ("conflict", "variant", "agreement")},
        "severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "problems": len(report.problems),
        "suppressed": len(report.suppressed),
        "limits": len(report.limits),
        **({"files_read": report.files_read} if report.files_read is not None else {}),
        "skipped": len(report.skipped),
    }


def _located(span_json: dict, positions: DocumentPositions) -> dict:
    """A span's JSON with the line and column of its start and end, where the article's text
    is the file's own (for HTML or JSON rows a line in the file would be another line)."""
    region = positions.region(Span(span_json["doc"], span_json["start"], span_json["end"], span_json["text"]))
    if region is not None:
        span_json["line"], span_json["column"], span_json["end_line"], span_json["end_column"] = region
    return span_json


def _finding_json(finding: Finding, positions: DocumentPositions) -> dict:
    found = finding.to_json()
    found["evidence"] = [_located(s, positions) for s in found["evidence"]]
    for fix in found.get("fixes", ()):
        _located(fix["span"], positions)
    return found


def report_json(report: Report) -> dict:
    positions = DocumentPositions(report.documents)
    return {
        "schema": SCHEMA,
        "reconcile": __version__,
        "settings": report.settings,
        "summary": summary(report),
        "documents": [document_json(a) for a in report.documents],
        "overlaps": [
            {
                "a": _located(o.a.to_json(), positions),
                "b": _located(o.b.to_json(), positions),
                "similarity": round(o.similarity, 4),
                "kind": o.kind,
            }
            for o in report.overlaps
        ],
        "findings": [_finding_json(f, positions) for f in report.findings],
        "problems": [{"path": p.path, "message": p.message} for p in report.problems],
        "suppressed": [_finding_json(f, positions) for f in report.suppressed],
        "limits": [hit.to_json() for hit in report.limits],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
    }


def render_json(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
