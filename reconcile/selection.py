"""Which findings a run reports, and at what severity: `--select`, `--ignore`,
`--severity` and `--per-file-ignores`, as ruff selects and ignores its rules.

A selector is a finding kind ("name-spelling"), the start of kinds ("name" for
name-spelling and name-variant), a status ("conflict", "variant", "agreement") or ALL.
With `select`, only findings some selector matches are kept; `ignore` then drops those it
matches. `severity` sets the severity of the findings of a kind; `per_file_ignores`
drops a finding when every article its evidence stands in has a path that one of the
globs matches, for a selector that matches it. Pure functions over the report.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from typing import Iterable, Sequence, cast

from .errors import ReconcileError
from .model import FINDING_KINDS, SEVERITY_RANK, STATUSES, Finding, Report, Severity


class SelectionError(ReconcileError):
    """A selector, severity or per-file rule that names nothing reconcile reports."""


@dataclass(frozen=True)
class Selection:
    """What `--select`, `--ignore`, `--severity` and `--per-file-ignores` asked for."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.select or self.ignore or self.severity or self.per_file_ignores)


def selectors(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Selectors from option values (each may list several, comma-separated), checked."""
    found = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for selector in found:
        if not _known(selector):
            raise SelectionError(
                f"{option} {selector!r}: not a finding kind or status; choose from "
                f"{', '.join((*FINDING_KINDS, *STATUSES, 'ALL'))} (or the start of a kind)"
            )
    return found


def _known(selector: str) -> bool:
    return selector == "ALL" or selector in STATUSES or any(kind.startswith(selector) for kind in FINDING_KINDS)


def parse_selection(
    select: Sequence[str] = (), ignore: Sequence[str] = (), severity: Sequence[str] = (), per_file_ignores: Sequence[str] = ()
) -> Selection:
    """The selection the command line (or config) gave: `severity` items are KIND=LEVEL,
    `per_file_ignores` items GLOB=SELECTOR[,SELECTOR...]."""
    levels = []
    for item in severity:
        kind, sep, level = item.partition("=")
        if not sep or level.strip() not in SEVERITY_RANK:
            raise SelectionError(f"--severity {item!r}: write KIND=LEVEL, LEVEL one of {', '.join(SEVERITY_RANK)}")
        levels.append((selectors([kind], "--severity")[0], level.strip()))
    per_file = []
    for item in per_file_ignores:
        glob, sep, names = item.rpartition("=")
        if not sep or not glob:
            raise SelectionError(f"--per-file-ignores {item!r}: write GLOB=KIND[,KIND...]")
        per_file.append((glob, selectors([names], "--per-file-ignores")))
    return Selection(selectors(select, "--select"), selectors(ignore, "--ignore"), tuple(levels), tuple(per_file))


def matches(selector: str, finding: Finding) -> bool:
    return selector == "ALL" or finding.status == selector or finding.kind.startswith(selector)


def apply_selection(report: Report, selection: Selection) -> Report:
    """The report with only the findings the selection keeps, at the severities it sets."""
    if selection.empty:
        return report
    paths = {a.id: a.path for a in report.documents}
    return replace(
        report,
        findings=[_with_severity(f, selection) for f in report.findings if _kept(f, selection, paths)],
        suppressed=[_with_severity(f, selection) for f in report.suppressed if _kept(f, selection, paths)],
    )


def _kept(finding: Finding, selection: Selection, paths: dict[str, str]) -> bool:
    if selection.select and not any(matches(s, finding) for s in selection.select):
        return False
    if any(matches(s, finding) for s in selection.ignore):
        return False
    docs = {span.doc for span in finding.evidence}
    for glob, names in selection.per_file_ignores:
        if any(matches(s, finding) for s in names) and all(_path_matches(paths.get(d, d), glob) for d in docs):
            return False
    return True


def _path_matches(path: str, glob: str) -> bool:
    """A path against a per-file glob: the whole path, or its end ("archive/*.txt" matches
    "/data/archive/a.txt"), or its file name."""
    normal = path.replace("\\", "/")
    return fnmatch.fnmatch(normal, glob) or fnmatch.fnmatch(normal, f"*/{glob}") or fnmatch.fnmatch(normal.rsplit("/", 1)[-1], glob)


def _with_severity(finding: Finding, selection: Selection) -> Finding:
    for selector, level in reversed(selection.severity):  # the last one given wins
        if matches(selector, finding):
            return replace(finding, severity=cast(Severity, level))
    return finding


__all__ = ["Selection", "SelectionError", "apply_selection", "matches", "parse_selection", "selectors"]
