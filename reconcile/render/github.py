"""The report as GitHub Actions workflow commands: one annotation a finding.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=TITLE::MESSAGE``, with
``warning`` and ``notice`` for lower severities. Not annotated: agreements, findings a
baseline already records, and (under `reconcile check`) findings that touch no new article.
GitHub shows at most 10 error, 10 warning and 10 notice annotations a step (and 50 a job)
and silently drops the rest, so past those limits findings are not printed as commands and
a plain last line says how many were left out. Lines and columns are 1-based code points.
"""

from __future__ import annotations

from ..model import Finding, Report, Span
from . import RenderOptions, one_line, suppressed_note
from .sarif import DocumentPositions, checked_ids, primary_span

# GitHub's per-step limits for annotations made by workflow commands, by command.
ANNOTATIONS_PER_STEP = {"error": 10, "warning": 10, "notice": 10}
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_EVIDENCE_SHOWN = 5


def escape_data(text: str) -> str:
    """A command's message: "%", CR and LF are percent-encoded, as the runner decodes them."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: as data, and ":" and "," too, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, positions: DocumentPositions, checked: set[str]) -> str:
    span = primary_span(finding, checked)
    props: list[tuple[str, object]] = [("file", positions.path(span.doc))]
    region = positions.region(span)
    if region is not None:
        start_line, start_col, end_line, end_col = region
        props += [("line", start_line), ("col", start_col), ("endLine", end_line), ("endColumn", end_col)]
    props.append(("title", f"reconcile {finding.status}: {finding.kind}"))
    rendered = ",".join(f"{name}={escape_property(str(value))}" for name, value in props)
    return f"::{_COMMANDS[finding.severity]} {rendered}::{escape_data(annotation_message(finding, span, positions))}"


def annotation_message(finding: Finding, primary: Span, positions: DocumentPositions) -> str:
    """The finding's message, then where else its evidence stands, one place a line."""
    lines = [finding.message]
    others = [s for s in finding.evidence if s != primary]
    for span in others[:_EVIDENCE_SHOWN]:
        region = positions.region(span)
        where = positions.path(span.doc) + (f":{region[0]}:{region[1]}" if region else f" [{span.start}:{span.end}]")
        lines.append(f"{where}: \u201c{one_line(span.text, 80)}\u201d")
    hidden = len(others) - _EVIDENCE_SHOWN
    if hidden > 0:
        lines.append(f"and {hidden} more place{'s' if hidden > 1 else ''}")
    return "\n".join(lines)


def render_github(report: Report, options: RenderOptions = RenderOptions()) -> str:
    positions = DocumentPositions(report.documents)
    checked = set(checked_ids(report))
    used = dict.fromkeys(ANNOTATIONS_PER_STEP, 0)
    out, left_out = [], 0
    for finding in report.findings:
        if finding.status == "agreement" or not any(s.doc in checked for s in finding.evidence):
            continue
        command = _COMMANDS[finding.severity]
        if used[command] >= ANNOTATIONS_PER_STEP[command]:
            left_out += 1
            continue
        used[command] += 1
        out.append(annotation(finding, positions, checked))
    if left_out:
        noun = "finding was" if left_out == 1 else "findings were"
        out.append(
            f"reconcile: {left_out} more {noun} not annotated: GitHub shows at most 10 errors, "
            "10 warnings and 10 notices a step; run with --format text or sarif to see them all."
        )
    if report.suppressed:
        out.append(suppressed_note(len(report.suppressed)))
    return "".join(line + "\n" for line in out)
