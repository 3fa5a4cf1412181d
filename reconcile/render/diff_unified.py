"""The diff as a unified word diff, the shape of `git diff --word-diff=plain`, for pipes.

    --- a/PATH_A
    +++ b/PATH_B
    @@ -LINE,LINES +LINE,LINES @@ aligned 0.85
    The islands ... were [-seized-]{+occupied+} by Soviet troops ...

One hunk per row in view (collapsed rows are left out): the header gives the row's lines
in each file (a side the row does not have: `LINE,0`, the line it would follow) and then
the row's kind and similarity. The body is B's text with A's words spliced in:
``[-only in A-]`` and ``{+only in B+}``. Dropping the ``[-…-]`` parts gives B's words,
dropping the ``{+…+}`` parts gives A's words.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diff import Collapsed, Diff, DiffRow
from ..model import Article, Span


def render_diff_unified(diff: Diff, view: Sequence[DiffRow | Collapsed] | None = None, labels: tuple[str, str] | None = None) -> str:
    rows = diff.rows if view is None else view
    label_a, label_b = labels or (diff.a.path or diff.a.id, diff.b.path or diff.b.id)
    out = [f"--- a/{label_a}\n", f"+++ b/{label_b}\n"]
    for row in rows:
        if isinstance(row, Collapsed):
            continue
        out.append(_header(diff, row))
        out.append(_body(diff, row) + "\n")
    return "".join(out)


def _header(diff: Diff, row: DiffRow) -> str:
    a_range = _lines(diff.a, row.a, row.ops[0].a if row.ops else None)
    b_range = _lines(diff.b, row.b, row.ops[0].b if row.ops else None)
    note = row.kind if row.similarity is None else f"{row.kind} {row.similarity:.2f}"
    return f"@@ -{a_range} +{b_range} @@ {note}\n"


def _lines(article: Article, passage: Span | None, point: Span | None) -> str:
    """`LINE,LINES` of a passage (1-based); for a side without one, where it would go."""
    if passage is not None:
        first = article.text.count("\n", 0, passage.start) + 1
        return f"{first},{passage.text.count(chr(10)) + 1}"
    at = point.start if point is not None else 0
    before = article.text.count("\n", 0, at)
    follows = before + 1 if at > 0 and article.text[at - 1] != "\n" else before
    return f"{follows},0"


def _body(diff: Diff, row: DiffRow) -> str:
    if row.kind == "removed":
        return f"[-{row.a.text}-]"  # type: ignore[union-attr]
    if row.kind == "added":
        return f"{{+{row.b.text}+}}"  # type: ignore[union-attr]
    b_text = diff.b.text
    parts: list[str] = []
    cursor = row.b.start  # type: ignore[union-attr]
    for op in row.ops:
        if op.op == "delete":
            # The B side has no room for these words: keep them apart from their neighbours.
            parts.append(b_text[cursor : op.b.start])
            if parts and _ends_in_word(parts):
                parts.append(" ")
            parts.append(f"[-{op.a.text}-]")
            if _starts_word(b_text, op.b.end, row.b.end):  # type: ignore[union-attr]
                parts.append(" ")
            cursor = op.b.end
            continue
        parts.append(b_text[cursor : op.b.start])
        if op.op == "equal":
            parts.append(op.b.text)
        elif op.op == "insert":
            parts.append(f"{{+{op.b.text}+}}")
        else:
            parts.append(f"[-{op.a.text}-]{{+{op.b.text}+}}")
        cursor = op.b.end
    parts.append(b_text[cursor : row.b.end])  # type: ignore[union-attr]
    return "".join(parts)


def _ends_in_word(parts: list[str]) -> bool:
    for part in reversed(parts):
        if part:
            return part[-1].isalnum()
    return False


def _starts_word(text: str, at: int, end: int) -> bool:
    return at < end and text[at].isalnum()
