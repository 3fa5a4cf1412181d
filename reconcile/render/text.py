"""The terminal report, drawn with rich: conflicts first, then variants, a count of
agreements, the shared passages side by side, and what was set aside.

Colour follows the terminal: rich drops it when output is piped or NO_COLOR is set.
"""

from __future__ import annotations

from collections.abc import Collection

import io

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..model import Finding, Report
from . import RenderOptions, counted, findings_by_status, fixes_line, one_line, overlaps_by_pair, suppressed_note, what_was_read
from .json import summary
from .sarif import DocumentPositions

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {"conflict": "red", "variant": "yellow", "agreement": "green"}


def print_report(report: Report, console: Console, options: RenderOptions = RenderOptions()) -> None:
    s = summary(report)
    counts = s["findings"]
    head: list[str | tuple[str, str]] = [(f"reconcile {options.command}", "bold"), ": ", what_was_read(report, options.command)]
    if "findings" in options.sections:
        head += [
            "; ",
            (counted(counts["conflict"], "conflict"), _STATUS_STYLE["conflict"]),
            ", ",
            (counted(counts["variant"], "variant"), _STATUS_STYLE["variant"]),
            ", ",
            (counted(counts["agreement"], "agreement"), _STATUS_STYLE["agreement"]),
        ]
    console.print(Text.assemble(*head))
    if s["suppressed"]:
        console.print(suppressed_note(s["suppressed"]))
    if "findings" in options.sections:
        positions = DocumentPositions(report.documents)
        new = set((report.settings.get("check") or {}).get("new") or ())
        for title, found in findings_by_status(report, options.show_agreements):
            console.print()
            console.rule(Text(f"{title} ({len(found)})", style="bold"), align="left")
            if not found:
                console.print("  none")
            for finding in found:
                console.print(_finding(finding, positions, new))
        console.print()
        if not options.show_agreements:
            console.print(f"{counted(counts['agreement'], 'agreement')} between sources (--show-agreements lists them).")
        if "overlaps" not in options.sections:
            console.print(f"{counted(s['overlaps'], 'shared passage')} (--passages shows them).")
    if "overlaps" in options.sections:
        _print_overlaps(report, console)
    if "set-aside" in options.sections:
        _print_set_aside(report, console)


def _finding(f: Finding, positions: DocumentPositions, new: Collection[str] = frozenset()) -> Table:
    """One finding: a head line (severity, kind, message) and its quoted evidence, each
    place as editors and linters give it (path:line:column; under `check`, "new" marks the
    articles checked), wrapped inside its own column so long messages stay readable."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(width=7, no_wrap=True)
    grid.add_column(width=13, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row("", Text(f.severity, style=_SEVERITY_STYLE.get(f.severity, "")), Text(f.kind, style="bold"), Text(f.message))
    for span in f.evidence:
        mark = ("new ", "bold") if span.doc in new else ""
        quote = Text.assemble(
            mark,
            (f"{positions.where(span)} ", "dim"),
            ("\u201c", "dim"),
            (one_line(span.text, 200), _STATUS_STYLE.get(f.status, "")),
            ("\u201d", "dim"),
        )
        grid.add_row("", "", "", quote)
    if f.fixes:
        grid.add_row("", "", "", Text(fixes_line(f), style="green"))
    return grid


def _print_overlaps(report: Report, console: Console) -> None:
    console.print()
    console.rule(Text(f"Shared passages ({len(report.overlaps)})", style="bold"), align="left")
    if not report.overlaps:
        console.print("  none")
    for (a, b), group in overlaps_by_pair(report).items():
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True, title=f"{a} \u2194 {b}", title_justify="left", title_style="bold")
        table.add_column(a, ratio=1, overflow="fold")
        table.add_column(b, ratio=1, overflow="fold")
        table.add_column("sim", justify="right", no_wrap=True, width=5)
        table.add_column("kind", no_wrap=True, width=8)
        for ov in group:
            table.add_row(escape(one_line(ov.a.text)), escape(one_line(ov.b.text)), f"{ov.similarity:.2f}", ov.kind)
        console.print(table)


def _print_set_aside(report: Report, console: Console) -> None:
    items = [(doc.id, "boilerplate", one_line(span.text, 100)) for doc in report.documents for span in doc.boilerplate]
    items += [(p.path, "unreadable", p.message) for p in report.problems]
    items += [(hit.doc, "limit reached", hit.message) for hit in report.limits]
    items += [(s.path, "skipped", s.reason) for s in report.skipped]
    console.print()
    console.rule(Text(f"Set aside ({len(items)})", style="bold"), align="left")
    if not items:
        console.print("  nothing")
    for where, what, detail in items:
        console.print(Text.assemble("  ", (where, "dim"), " ", (what, "magenta"), ": ", detail))


def render_text(report: Report, options: RenderOptions = RenderOptions(), width: int = 100) -> str:
    """The terminal report as plain text (no colour) at a fixed width: for files and tests."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False, soft_wrap=False)
    print_report(report, console, options)
    # rich pads table cells to the width; padding at line ends is noise in files and pipes.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
