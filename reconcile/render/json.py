"""The machine-readable report, schema ``reconcile.report/1`` (documented in docs/schema.md).

Stable from version 1: fields may be added, never renamed or removed, without a new
schema name."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from ..model import SCHEMA, Article, Report
from . import RenderOptions


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
    }


def report_json(report: Report) -> dict:
    return {
        "schema": SCHEMA,
        "reconcile": __version__,
        "settings": report.settings,
        "summary": summary(report),
        "documents": [document_json(a) for a in report.documents],
        "overlaps": [
            {"a": o.a.to_json(), "b": o.b.to_json(), "similarity": round(o.similarity, 4), "kind": o.kind}
            for o in report.overlaps
        ],
        "findings": [f.to_json() for f in report.findings],
        "problems": [{"path": p.path, "message": p.message} for p in report.problems],
        "suppressed": [f.to_json() for f in report.suppressed],
        "limits": [hit.to_json() for hit in report.limits],
    }


def render_json(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
