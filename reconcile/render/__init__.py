"""Renderers: each turns the same `Report` into one output format. None analyses anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Finding


@dataclass(frozen=True)
class RenderOptions:
    """show_agreements: list every agreement, not just their count.
    sections: which parts to show ("findings", "overlaps", "set-aside"); a text report
        without "overlaps" says how many shared passages there are in one line.
    command: the command whose report it is ("report", "check", "overlaps"), for headers."""

    show_agreements: bool = False
    sections: tuple[str, ...] = ("findings", "overlaps", "set-aside")
    command: str = "report"


# Each format's module in this package and the function in it that renders a whole report
# to a string, ``render(report, options) -> str``. Looked up when used, so that a format's
# module is imported only by the runs that ask for it.
RENDERERS = {
    "text": ("text", "render_text"),
    "json": ("json", "render_json"),
    "jsonl": ("jsonl", "render_jsonl"),
    "markdown": ("markdown", "render_markdown"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
    "junit": ("junit", "render_junit"),
    "html": ("html_report", "render_html"),
}
FORMATS = tuple(RENDERERS)


def renderer(fmt: str):
    """The function that renders `fmt` (one of `FORMATS`)."""
    import importlib

    module_name, function_name = RENDERERS[fmt]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function_name)


def findings_by_status(report, show_agreements: bool):
    """(title, findings) sections in reading order: conflicts, variants, agreements.
    Agreements are listed only when asked for; otherwise the caller shows their count."""
    sections = []
    for status, title in (("conflict", "Conflicts"), ("variant", "Variants"), ("agreement", "Agreements")):
        found = [f for f in report.findings if f.status == status]
        if status == "agreement" and not show_agreements:
            continue
        sections.append((title, found))
    return sections


def what_was_read(report, command: str) -> str:
    """A head line's account of the inputs: articles (new ones against archived ones for
    `check`), files read and skipped when that says more, and shared passages."""
    new = (report.settings.get("check") or {}).get("new")
    read = len(report.documents)
    if command == "check" and new is not None:
        read = len(new)
        articles = f"{counted(read, 'new article')} against {len(report.documents) - read} archived"
    else:
        articles = counted(read, "article")
    files = []
    if report.files_read is not None and (report.skipped or report.files_read != read):
        files.append(f"{counted(report.files_read, 'file')} read")
    if report.skipped:
        files.append(f"{len(report.skipped)} skipped")
    return (f"{articles} ({', '.join(files)})" if files else articles) + f", {counted(len(report.overlaps), 'shared passage')}"


def overlaps_by_pair(report):
    """Overlaps grouped by the pair of articles they join, pairs in report order."""
    groups: dict[tuple[str, str], list] = {}
    for ov in report.overlaps:
        groups.setdefault((ov.a.doc, ov.b.doc), []).append(ov)
    return groups


def one_line(text: str, limit: int = 0) -> str:
    """Evidence shown on one line: inner line breaks as spaces, optionally shortened."""
    flat = " ".join(text.split())
    if limit and len(flat) > limit:
        return flat[: limit - 1].rstrip() + "\u2026"
    return flat


def fixes_line(finding: Finding) -> str:
    """The suggested corrections of a finding on one line: "fix: 004 "Daioyu" -> "Diaoyu"".
    One replacement written in several places of an article is said once, with a count."""
    from ..findings.base import doc_label

    counts: dict[tuple[str, str, str], int] = {}
    for fix in finding.fixes:
        key = (doc_label(fix.span.doc), one_line(fix.span.text, 60), fix.replacement)
        counts[key] = counts.get(key, 0) + 1
    parts = [
        f"{doc} \u201c{old}\u201d \u2192 \u201c{new}\u201d" + (f" ({n} places)" if n > 1 else "") for (doc, old, new), n in counts.items()
    ]
    return "fix: " + "; ".join(parts)


def suppressed_note(count: int) -> str:
    """The line that says findings were left out because a baseline already records them."""
    noun = "finding" if count == 1 else "findings"
    return f"{count} {noun} already in the baseline not shown (suppressed)."


def counted(count: int, noun: str) -> str:
    """'1 conflict', '2 conflicts': a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
