"""Baselines: findings a newsroom has already looked at, so that a run reports only new ones.

A baseline file records findings by `Finding.fingerprint`, which says what a finding is
about (kind, status, values, articles) and never where it sits, so an edit elsewhere in
an article leaves its findings suppressed. The kind and message of each are kept beside
the fingerprint for the people who read the file; only the fingerprint is matched.

The file is JSON, sorted and indented, one finding a few lines, so that its diffs in
version control read as "these findings were accepted":

    {"schema": "reconcile.baseline/1", "findings": [{"fingerprint": ..., "kind": ..., "message": ...}]}

A baseline records every finding the run reported, agreements included, so that running
again with it reports nothing old at any ``--fail-on`` level.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Iterable

from .errors import ReconcileError
from .model import Finding, Report

SCHEMA = "reconcile.baseline/1"


class BaselineError(ReconcileError):
    """A baseline file that cannot be read or used; the message names it and what to do."""


def baseline_entries(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """One entry per fingerprint, sorted by it: stable whatever order findings came in."""
    entries: dict[str, dict[str, str]] = {}
    for finding in findings:
        entries.setdefault(finding.fingerprint, {"fingerprint": finding.fingerprint, "kind": finding.kind, "message": finding.message})
    return [entries[key] for key in sorted(entries)]


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file's text for these findings."""
    return render_baseline_entries(baseline_entries(findings))


def render_baseline_entries(entries: list[dict]) -> str:
    """The baseline file's text for entries already made (`reconcile review` adds reasons)."""
    document = {"schema": SCHEMA, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def parse_baseline(text: str, source: str) -> frozenset[str]:
    """The fingerprints a baseline file records. `source` names it in errors."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{source}: not a baseline file (invalid JSON: {error}); write one with --write-baseline") from error
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else None
        what = f"schema {found!r}" if found else "no schema"
        raise BaselineError(f"{source}: not a {SCHEMA} file ({what}); write one with --write-baseline")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and e["fingerprint"] for e in entries
    ):
        raise BaselineError(
            f"{source}: 'findings' must be a list of entries with a fingerprint; write the file again with --write-baseline"
        )
    return frozenset(e["fingerprint"] for e in entries)


def read_baseline(path: str) -> frozenset[str]:
    """The fingerprints recorded in the baseline file at `path`."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file; create it with --write-baseline {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline file ({error})") from error
    return parse_baseline(text, path)


def write_baseline(path: str, findings: Iterable[Finding]) -> int:
    """Write the baseline file; how many fingerprints it records."""
    findings = list(findings)
    text = render_baseline(findings)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise BaselineError(f"{path}: cannot write the baseline file ({error.strerror or error})") from error
    return len({f.fingerprint for f in findings})


def apply_baseline(report: Report, fingerprints: frozenset[str]) -> Report:
    """A copy of the report with the findings the baseline records moved from `findings`
    to `suppressed` (after any already there), so they are neither listed nor counted."""
    known = [f for f in report.findings if f.fingerprint in fingerprints]
    new = [f for f in report.findings if f.fingerprint not in fingerprints]
    return replace(report, findings=new, suppressed=[*report.suppressed, *known])


__all__ = [
    "SCHEMA",
    "BaselineError",
    "apply_baseline",
    "baseline_entries",
    "parse_baseline",
    "read_baseline",
    "render_baseline",
    "render_baseline_entries",
    "write_baseline",
]
