"""The diff as JSON, for machines. Shape (reconcile/schema/diff.schema.json describes it):

    {"schema": "reconcile.diff/1", "reconcile": VERSION, "settings": {...},
     "a": {"id", "path", "length"}, "b": {...},
     "differs": bool,                       # the versions differ in words
     "summary": {"aligned", "moved", "removed", "added", "changed", "findings"},
     "rows": [{"kind": "aligned" | "moved" | "removed" | "added",
               "a": SPAN | null, "b": SPAN | null, "similarity": float | null,
               "changed": bool,
               "ops": [{"op": "equal" | "replace" | "insert" | "delete", "a": SPAN, "b": SPAN}],
               "findings": [index into "findings"]}
              | {"kind": "collapsed", "count": int}],
     "findings": [FINDING, as in the report]}

A SPAN is {"doc", "start", "end", "text"}: offsets into the article's text as read, so
``text[start:end] == span.text``. An op's side without words is an empty span where the
words would go. Rows come in reading order; "collapsed" stands for unchanged rows a
`--context` view left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import __version__
from ..diff import Collapsed, Diff, DiffRow

SCHEMA = "reconcile.diff/1"


def diff_to_json(diff: Diff, view: Sequence[DiffRow | Collapsed] | None = None) -> dict:
    """The diff as a JSON-ready dict; `view` (default: every row) chooses the rows."""
    rows = diff.rows if view is None else view
    index: dict = {}
    for n, f in enumerate(diff.findings):
        index.setdefault(f, n)
    counts = diff.counts()
    return {
        "schema": SCHEMA,
        "reconcile": __version__,
        "a": _document(diff.a),
        "b": _document(diff.b),
        "settings": diff.settings,
        "differs": diff.differs,
        "summary": {**counts, "findings": len(diff.findings)},
        "rows": [_row(r, index) for r in rows],
        "findings": [f.to_json() for f in diff.findings],
    }


def render_diff_json(diff: Diff, view: Sequence[DiffRow | Collapsed] | None = None) -> str:
    return json.dumps(diff_to_json(diff, view), ensure_ascii=False, indent=2) + "\n"


def _document(article) -> dict:
    return {"id": article.id, "path": article.path, "length": len(article.text)}


def _row(row: DiffRow | Collapsed, index: dict) -> dict:
    if isinstance(row, Collapsed):
        return {"kind": "collapsed", "count": row.count}
    return {
        "kind": row.kind,
        "a": row.a.to_json() if row.a else None,
        "b": row.b.to_json() if row.b else None,
        "similarity": row.similarity,
        "changed": row.changed,
        "ops": [{"op": op.op, "a": op.a.to_json(), "b": op.b.to_json()} for op in row.ops],
        "findings": [index[f] for f in row.findings if f in index],
    }
