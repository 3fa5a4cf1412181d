"""The side-by-side diff for the terminal, drawn with rich.

Each row is a two-column grid (A left, B right, similarity at the end) sized to the
console: long passages wrap inside their column and rich measures wide (CJK) characters
in cells. Changed words are red and struck through on the left, green on the right;
finding evidence is underlined and followed by a marker ``[n]``, and the finding's
message goes under the row.

Without colour (NO_COLOR, a pipe, a file) the same changes are written as
``[-removed-]`` and ``{+added+}``, as `git diff --word-diff=plain` does, so that nothing
is lost on paper.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import pairwise

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diff import Collapsed, Diff, DiffRow
from ..model import Article, Finding, Span

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_REMOVED = "red strike"
_ADDED = "green"
_MARKER = "bold magenta"
_SIM_WIDTH = 7


def print_diff(diff: Diff, view: Sequence[DiffRow | Collapsed], console: Console, labels: tuple[str, str] | None = None) -> None:
    """Draw the rows of `view` (see `reconcile.diff.visible_rows`) on `console`."""
    plain = console.no_color or console.color_system is None
    label_a, label_b = labels or (diff.a.path or diff.a.id, diff.b.path or diff.b.id)
    console.print(_summary(diff, label_a, label_b))
    console.print(_grid(Text(label_a, style="bold"), Text(label_b, style="bold"), Text("sim", style="bold")))
    console.rule(style="dim")
    numbers: dict[str, int] = {}
    explained: set[int] = set()  # findings whose message was printed under an earlier row
    for item in view:
        if isinstance(item, Collapsed):
            noun = "passage" if item.count == 1 else "passages"
            console.print(Text(f"\u2026 {item.count} unchanged {noun} \u2026", style="dim"), justify="center")
            continue
        for finding in item.findings:
            numbers.setdefault(_key(finding), len(numbers) + 1)
        console.print(_row(diff, item, numbers, plain))
        for finding in item.findings:
            number = numbers[_key(finding)]
            console.print(_finding_line(finding, number, again=number in explained))
            explained.add(number)
        console.print()
    # Evidence no row holds (none in practice: the rows cover every word) is still shown.
    unplaced = [f for f in diff.findings if not any(f in r.findings for r in diff.rows)]
    if unplaced:
        console.rule(Text("Findings outside the rows", style="bold"), align="left")
        for finding in unplaced:
            numbers.setdefault(_key(finding), len(numbers) + 1)
            console.print(_finding_line(finding, numbers[_key(finding)]))


def _key(finding: Finding) -> str:
    """What numbers a finding in the view: findings with one fingerprint can differ in message."""
    return finding.fingerprint + finding.message


def render_diff_text(diff: Diff, view: Sequence[DiffRow | Collapsed], width: int = 100, labels: tuple[str, str] | None = None) -> str:
    """The side-by-side diff as plain text (no colour, changes in brackets) at a fixed width."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False, soft_wrap=False)
    print_diff(diff, view, console, labels)
    # rich pads cells to the width; padding at line ends is noise in files and pipes.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _summary(diff: Diff, label_a: str, label_b: str) -> Text:
    c = diff.counts()
    paired = c["aligned"] + c["moved"]
    verdict = "differ in words" if diff.differs else "same words"
    return Text.assemble(
        ("reconcile diff", "bold"),
        f": {label_a} \u2194 {label_b}: {verdict}; ",
        f"{paired} aligned passage{'s' if paired != 1 else ''} ({c['changed']} changed, {c['moved']} moved), ",
        (f"{c['removed']} removed", "red"),
        ", ",
        (f"{c['added']} added", "green"),
        ", ",
        (f"{len(diff.findings)} finding{'s' if len(diff.findings) != 1 else ''}", "magenta"),
    )


def _grid(left: Text, right: Text, sim: Text) -> Table:
    """One row: a vertical rule between the sides, drawn on every wrapped line."""
    grid = Table(box=box.MINIMAL, show_header=False, show_edge=False, expand=True, pad_edge=False, padding=(0, 1))
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(width=_SIM_WIDTH, justify="right", no_wrap=True)
    grid.add_row(left, right, sim)
    return grid


def _row(diff: Diff, row: DiffRow, numbers: dict[str, int], plain: bool) -> Table:
    marks = [(span, numbers[_key(f)]) for f in row.findings for span in _innermost(f.evidence)]
    if row.kind == "removed":
        left = _side(diff.a, row.a, [], marks, plain, "red", left=True)
        return _grid(left, Text(""), Text("removed", style="red"))
    if row.kind == "added":
        right = _side(diff.b, row.b, [], marks, plain, "green", left=False)
        return _grid(Text(""), right, Text("added", style="green"))
    removed = [op.a for op in row.ops if op.op in ("delete", "replace")]
    added = [op.b for op in row.ops if op.op in ("insert", "replace")]
    left = _side(diff.a, row.a, removed, marks, plain, "", left=True)
    right = _side(diff.b, row.b, added, marks, plain, "", left=False)
    sim = f"{row.similarity:.2f}" if row.similarity is not None else ""
    if row.kind == "moved":
        return _grid(left, right, Text(f"{sim}\nmoved", style="yellow"))
    return _grid(left, right, Text(sim, style="" if row.changed else "dim"))


def _innermost(evidence: Sequence[Span]) -> list[Span]:
    """Evidence without the spans that hold other evidence (a whole sentence around the
    names it quotes), so that a marker follows each fact, not each fact and its sentence."""
    return [s for s in evidence if not any(o != s and o.doc == s.doc and s.start <= o.start and o.end <= s.end for o in evidence)]


def _side(
    article: Article, passage: Span | None, changes: list[Span], marks: list[tuple[Span, int]], plain: bool, base_style: str, *, left: bool
) -> Text:
    """One side of a row: the passage as written, changed words highlighted (or bracketed),
    evidence underlined with its finding's marker after it."""
    if passage is None:
        return Text("")
    changes = [c for c in changes if c.end > c.start]
    evidence = [
        (max(s.start, passage.start), min(s.end, passage.end), n)
        for s, n in marks
        if s.doc == passage.doc and s.start < passage.end and passage.start < s.end
    ]
    cuts = {passage.start, passage.end}
    for c in changes:
        cuts.update((c.start, c.end))
    for s, e, _ in evidence:
        cuts.update((s, e))
    points = sorted(cuts)
    change_style = _REMOVED if left else _ADDED
    opener, closer = ("[-", "-]") if left else ("{+", "+}")
    text = Text(style=base_style)
    for start, end in pairwise(points):
        inside = any(c.start <= start and end <= c.end for c in changes)
        underlined = any(s <= start and end <= e for s, e, _ in evidence)
        if plain and any(c.start == start for c in changes):
            text.append(opener)
        style = " ".join(part for part in ((change_style if inside and not plain else ""), ("underline" if underlined else "")) if part)
        text.append(article.text[start:end], style=style or None)
        if plain and any(c.end == end for c in changes):
            text.append(closer)
        for n in sorted({n for _, e, n in evidence if e == end}):
            text.append(f"[{n}]", style=_MARKER)
    return text


def _finding_line(finding: Finding, number: int, again: bool = False) -> Table:
    """The finding under a row: its marker, severity, kind and message (the first time)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(width=7, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    said = Text("(see above)", style="dim") if again else Text.assemble((finding.kind, "bold"), " ", finding.message)
    grid.add_row(Text(f"[{number}]", style=_MARKER), Text(finding.severity, style=_SEVERITY_STYLE.get(finding.severity, "")), said)
    return grid
