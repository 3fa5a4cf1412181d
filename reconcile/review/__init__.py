"""Review: an editor steps through a report's findings and decides on each one.

This module is the review's state and nothing else: a `ReviewSession` over a report's
findings, the pure functions that move through it and record decisions (each returns a
new session; undo walks back through them), and the step that saves the ignored findings
to a baseline file so that later runs no longer report them. The Textual app that shows a
session lives in `reconcile.review.app` and is the only module that imports Textual.

A decision is "accepted" (a real problem, to be fixed) or "ignored" (not a problem, with
the reviewer's reason). Baseline files written here are `reconcile.baseline/1` files as
`reconcile.baseline` writes them, each entry with the reason it was ignored for beside
its fingerprint (readers match fingerprints only, so the extra field is harmless).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from typing import Iterable, Literal, Mapping

from ..baseline import BaselineError, baseline_entries, parse_baseline, render_baseline_entries
from ..model import Finding, Report
from ..render.sarif import DocumentPositions
from ..render import findings_by_status, one_line

DecisionStatus = Literal["accepted", "ignored"]
DEFAULT_BASELINE = "reconcile-baseline.json"


@dataclass(frozen=True)
class Decision:
    """What the reviewer made of one finding; `reason` says why it was ignored."""

    status: DecisionStatus
    reason: str = ""


@dataclass(frozen=True)
class ReviewSession:
    """The findings under review, which one is current, and the decisions so far.

    `decisions` maps fingerprints to decisions; it starts with the ones a baseline file
    already records (as ignored). `history` holds, newest last, each decision's
    fingerprint and what was recorded for it before, which is all `undo` needs."""

    findings: tuple[Finding, ...]
    index: int = 0
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    history: tuple[tuple[str, Decision | None], ...] = ()


def review_findings(report: Report, show_agreements: bool = False) -> tuple[Finding, ...]:
    """The findings to review, in the text report's order: conflicts, variants, and
    agreements only when asked for."""
    return tuple(f for _, found in findings_by_status(report, show_agreements) for f in found)


def start_session(report: Report, show_agreements: bool = False, recorded: Mapping[str, str] | None = None) -> ReviewSession:
    """A session at the first finding. Findings that `recorded` (fingerprint -> reason,
    from `read_reasons`) already names start as ignored for that reason."""
    findings = review_findings(report, show_agreements)
    recorded = recorded or {}
    decisions = {f.fingerprint: Decision("ignored", recorded[f.fingerprint]) for f in findings if f.fingerprint in recorded}
    return ReviewSession(findings, 0, decisions)


def current(session: ReviewSession) -> Finding | None:
    """The finding under the cursor; None when there is nothing to review."""
    return session.findings[session.index] if session.findings else None


def go_to(session: ReviewSession, index: int) -> ReviewSession:
    """The session with the cursor on finding `index`, kept within the list."""
    last = max(0, len(session.findings) - 1)
    return replace(session, index=min(max(index, 0), last))


def next_finding(session: ReviewSession) -> ReviewSession:
    """The cursor one finding down; it stays on the last."""
    return go_to(session, session.index + 1)


def previous_finding(session: ReviewSession) -> ReviewSession:
    """The cursor one finding up; it stays on the first."""
    return go_to(session, session.index - 1)


def decision_of(session: ReviewSession, finding: Finding) -> Decision | None:
    return session.decisions.get(finding.fingerprint)


def decide(session: ReviewSession, status: DecisionStatus, reason: str = "") -> ReviewSession:
    """The current finding accepted or ignored (for `reason`, kept one line long).
    The cursor does not move; the app moves it on."""
    finding = current(session)
    if finding is None:
        return session
    if status not in ("accepted", "ignored"):
        raise ValueError(f"a decision is 'accepted' or 'ignored', not {status!r}")
    key = finding.fingerprint
    decision = Decision(status, " ".join(reason.split()) if status == "ignored" else "")
    decisions = {**session.decisions, key: decision}
    return replace(session, decisions=decisions, history=(*session.history, (key, session.decisions.get(key))))


def undo(session: ReviewSession) -> ReviewSession:
    """The last decision taken back (what the finding had before is restored) and the
    cursor on its finding, so the reviewer sees what was undone. Nothing to undo: the
    same session."""
    if not session.history:
        return session
    key, before = session.history[-1]
    decisions = {k: v for k, v in session.decisions.items() if k != key}
    if before is not None:
        decisions[key] = before
    index = next((i for i, f in enumerate(session.findings) if f.fingerprint == key), session.index)
    return replace(session, decisions=decisions, history=session.history[:-1], index=index)


def with_status(session: ReviewSession, status: DecisionStatus) -> list[Finding]:
    """The session's findings with that decision, in review order."""
    return [f for f in session.findings if (d := session.decisions.get(f.fingerprint)) and d.status == status]


def progress(session: ReviewSession) -> str:
    """One line on where the review stands: "3/14 · 2 accepted · 1 ignored · 11 open"."""
    total = len(session.findings)
    accepted = len(with_status(session, "accepted"))
    ignored = len(with_status(session, "ignored"))
    position = f"{session.index + 1}/{total}" if total else "0/0"
    return f"{position} · {accepted} accepted · {ignored} ignored · {total - accepted - ignored} open"


def evidence_places(finding: Finding, per_article: int = 3, positions: DocumentPositions | None = None) -> str:
    """Where the evidence is, by article, at most `per_article` places each, then how many
    more. With the articles' `positions`, as the text report gives them
    ("seeds/004.txt:31:79, 31:120"); without, by offsets ("000 47-216, 73-86; 004 150-239")."""
    by_doc: dict[str, list] = {}
    for span in finding.evidence:
        by_doc.setdefault(span.doc, []).append(span)
    parts = []
    for doc, spans in by_doc.items():
        regions = [positions.region(s) for s in spans] if positions is not None else [None]
        if positions is not None and all(regions):
            places = [f"{r[0]}:{r[1]}" for r in regions]  # type: ignore[index]
            head = f"{positions.path(doc)}:"
        else:
            places = [f"{s.start}-{s.end}" for s in spans]
            head = f"{doc} "
        more = len(places) - per_article
        parts.append(head + ", ".join(places[:per_article]) + (f" and {more} more" if more > 0 else ""))
    return "; ".join(parts)


def accepted_summary(session: ReviewSession, positions: DocumentPositions | None = None) -> str:
    """The accepted findings as short lines a reviewer can paste into a ticket (places as
    path:line:column given the articles' `positions`); empty when none was accepted."""
    accepted = with_status(session, "accepted")
    if not accepted:
        return ""
    noun = "finding" if len(accepted) == 1 else "findings"
    lines = [f"Accepted {len(accepted)} {noun} to fix:"]
    for finding in accepted:
        lines.append(
            f"- [{finding.severity}] {finding.kind}: {one_line(finding.message)} ({evidence_places(finding, positions=positions)})"
        )
    return "\n".join(lines) + "\n"


# --- the baseline file ---------------------------------------------------------------------


def read_baseline_document(path: str) -> list[dict]:
    """The entries of the baseline file at `path`, as written (reasons included); none
    when there is no file yet. A file that is there but not a baseline is an error."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline file ({error})") from error
    parse_baseline(text, path)  # refuses anything that is not a baseline, saying how to fix it
    return [dict(entry) for entry in json.loads(text)["findings"]]


def read_reasons(path: str) -> dict[str, str]:
    """Fingerprint -> recorded reason ("" when none) of every finding the file records."""
    return {entry["fingerprint"]: str(entry.get("reason") or "") for entry in read_baseline_document(path)}


def baseline_after_review(existing: Iterable[dict], session: ReviewSession) -> list[dict]:
    """The baseline entries once the review is saved: every existing entry about a finding
    this session did not show, plus one for each finding ignored in it (with its reason).
    A finding shown here and not ignored (accepted, or undone) leaves the baseline."""
    shown = {f.fingerprint for f in session.findings}
    entries = {e["fingerprint"]: e for e in existing if e["fingerprint"] not in shown}
    ignored = with_status(session, "ignored")
    for entry in baseline_entries(ignored):
        reason = session.decisions[entry["fingerprint"]].reason
        entries[entry["fingerprint"]] = {**entry, "reason": reason} if reason else entry
    return [entries[key] for key in sorted(entries)]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ignored_to_baseline(session: ReviewSession, path: str = DEFAULT_BASELINE) -> int:
    """Save the session's ignored findings to the baseline file at `path`, merged with
    what it already records (see `baseline_after_review`). The file is replaced in one
    step, so a failure leaves the old one whole. Returns how many it now records."""
    entries = baseline_after_review(read_baseline_document(path), session)
    text = render_baseline_entries(entries)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".reconcile-baseline-", suffix=".json", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.chmod(temporary, 0o666 & ~_umask())  # as open() would have made it, not mkstemp's 0600
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise BaselineError(f"{path}: cannot write the baseline file ({error.strerror or error})") from error
    return len(entries)


__all__ = [
    "DEFAULT_BASELINE",
    "Decision",
    "ReviewSession",
    "accepted_summary",
    "baseline_after_review",
    "current",
    "decide",
    "decision_of",
    "evidence_places",
    "go_to",
    "ignored_to_baseline",
    "next_finding",
    "previous_finding",
    "progress",
    "read_baseline_document",
    "read_reasons",
    "review_findings",
    "start_session",
    "undo",
    "with_status",
]
