"""The report as Markdown, for pasting into a ticket or a newsroom wiki."""

from __future__ import annotations

from ..model import Report
from . import RenderOptions, counted, findings_by_status, fixes_line, one_line, overlaps_by_pair, suppressed_note, what_was_read
from .json import summary
from .sarif import DocumentPositions


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def render_markdown(report: Report, options: RenderOptions = RenderOptions()) -> str:
    s = summary(report)
    out = [f"# reconcile {options.command}", ""]
    counts = (
        (
            f"; {counted(s['findings']['conflict'], 'conflict')}, {counted(s['findings']['variant'], 'variant')}, "
            f"{counted(s['findings']['agreement'], 'agreement')}"
        )
        if "findings" in options.sections
        else ""
    )
    out.append(what_was_read(report, options.command) + counts + ".")
    if s["suppressed"]:
        out += ["", suppressed_note(s["suppressed"])]
    out.append("")
    if "findings" in options.sections:
        positions = DocumentPositions(report.documents)
        for title, found in findings_by_status(report, options.show_agreements):
            out += [f"## {title} ({len(found)})", ""]
            if not found:
                out += ["None.", ""]
            for f in found:
                out.append(f"- **{f.severity}** `{f.kind}` {f.message}")
                for span in f.evidence:
                    out.append(f"  - `{positions.where(span)}`: \u201c{_cell(span.text)}\u201d")
                if f.fixes:
                    out.append(f"  - {_cell(fixes_line(f))}")
            out.append("")
        if not options.show_agreements:
            out += [f"{counted(s['findings']['agreement'], 'agreement')} (use --show-agreements to list them).", ""]
        if "overlaps" not in options.sections:
            out += [f"{counted(s['overlaps'], 'shared passage')} (--passages shows them).", ""]
    if "overlaps" in options.sections:
        out += [f"## Shared passages ({len(report.overlaps)})", ""]
        for (a, b), group in overlaps_by_pair(report).items():
            out += [f"### {a} \u2194 {b}", "", f"| {a} | {b} | similarity | kind |", "|---|---|---:|---|"]
            for ov in group:
                out.append(f"| {_cell(ov.a.text)} | {_cell(ov.b.text)} | {ov.similarity:.2f} | {ov.kind} |")
            out.append("")
    if "set-aside" in options.sections:
        out += _set_aside(report)
    return "\n".join(out).rstrip() + "\n"


def _set_aside(report: Report) -> list[str]:
    out = ["## Set aside", ""]
    any_item = False
    for doc in report.documents:
        for span in doc.boilerplate:
            out.append(f"- `{doc.id}` boilerplate: \u201c{_cell(span.text)}\u201d")
            any_item = True
    for problem in report.problems:
        out.append(f"- unreadable `{problem.path}`: {problem.message}")
        any_item = True
    for hit in report.limits:
        out.append(f"- limit reached in `{hit.doc}`: {hit.message}")
        any_item = True
    for skipped in report.skipped:
        out.append(f"- skipped `{skipped.path}`: {skipped.reason}")
        any_item = True
    if not any_item:
        out.append("Nothing.")
    out.append("")
    return out
