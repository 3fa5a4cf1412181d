"""Findings stage: from aligned claims, what an editor should look at.

Each kind of finding lives in its own module with one entry point of the same shape,
``xxx_findings(articles, claims, overlaps, lexicon) -> list[Finding]``. `find_findings`
calls them all, merges findings that say the same thing (same fingerprint) and puts the
list in the order an editor reads it: conflicts first, the worst first.

Evidence spans are taken from claims and articles unchanged, so they index the original
text of their article like every other span.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..claims.lexicon import Lexicon
from ..model import SEVERITY_RANK, STATUS_ORDER, Article, Claim, Finding, Overlap

if TYPE_CHECKING:
    from .stories import Stories


@dataclass(frozen=True)
class FindingsSettings:
    """Thresholds of the findings rules that are not a matter of the lexicon.

    caption_date_tolerance_days: a caption date further than this from the article's date
        (its publication date, or that of a copy sharing its passages) is called stale.
        A year: wire photos are routinely a few months old, older ones are usually file
        pictures of something else.
    caption_min_shared_passages: how many aligned passages another article must share
        with a story before its publication date is used to date the story.
    """

    caption_date_tolerance_days: int = 365
    caption_min_shared_passages: int = 2


@dataclass(frozen=True)
class FindingsInput:
    """What the findings rules read: the articles, their claims, the aligned passages, the
    lexicon and the story relation (which articles report one event)."""

    articles: Sequence[Article]
    claims: Sequence[Claim]
    overlaps: Sequence[Overlap]
    lexicon: Lexicon
    stories: Stories


Rule = Callable[[FindingsInput], list[Finding]]


def rules() -> list[Rule]:
    """Every findings rule, in the order their findings are kept when two report one fact:
    changes between aligned passages first (they name every copy and the one that departs),
    then names, quotes, numbers, dates, captions and scripts. Imported here rather than at
    the top because the rule modules read `FindingsSettings`."""
    from .captions import caption_findings
    from .changes import change_findings
    from .dates import date_findings
    from .figures import figure_findings
    from .name_forms import name_form_findings
    from .names import name_findings
    from .quotes import quote_findings
    from .scripts import script_findings

    def classic(function):
        def rule(given: FindingsInput) -> list[Finding]:
            return function(given.articles, given.claims, given.overlaps, given.lexicon)

        rule.__name__ = function.__name__
        return rule

    def with_stories(function):
        def rule(given: FindingsInput) -> list[Finding]:
            return function(given.articles, given.claims, given.stories, given.lexicon)

        rule.__name__ = function.__name__
        return rule

    def dated(function):
        def rule(given: FindingsInput) -> list[Finding]:
            return function(given.articles, given.claims, given.overlaps, given.lexicon, given.stories)

        rule.__name__ = function.__name__
        return rule

    return [
        classic(change_findings),
        classic(name_findings),
        with_stories(name_form_findings),
        with_stories(quote_findings),
        with_stories(figure_findings),
        dated(date_findings),
        classic(caption_findings),
        classic(script_findings),
    ]


def find_findings(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    overlaps: Sequence[Overlap],
    lexicon: Lexicon,
) -> list[Finding]:
    """Every kind of finding for these articles, de-duplicated and in reading order.
    `lexicon`: the one the claims were read with (`reconcile.claims.lexicon`)."""
    from .stories import find_stories

    given = FindingsInput(articles, claims, overlaps, lexicon, find_stories(articles, overlaps))
    found: list[Finding] = []
    for rule in rules():
        found.extend(rule(given))
    return sort_findings(drop_repeated(merge_duplicates(found)))


# Kinds that report one fact under two names: a spelling and a variant of one name.
_FAMILY = {"name-variant": "name-spelling", "alias": "name-spelling"}


def drop_repeated(findings: Sequence[Finding]) -> list[Finding]:
    """Two rules that saw one fact make one finding: a conflict or variant whose evidence
    all lies inside the evidence of one found before it, of the same kind, is left out;
    one that states the same values with evidence in common gives its evidence to the
    earlier one."""
    kept: list[Finding] = []
    # Both tests need evidence in one article: the kept findings that are not agreements
    # are indexed by (family of kind, article), so that each finding is tried only against
    # those sharing an article with it, in the order they were kept.
    indexed: dict[tuple[str, str], list[int]] = defaultdict(list)
    # The stronger finding of two about one fact is kept; among equals, the earlier rule's.
    ranked = sorted(findings, key=lambda f: (STATUS_ORDER.get(f.status, 9), -SEVERITY_RANK.get(f.severity, 0)))
    for finding in ranked:
        if finding.status != "agreement":
            family = _FAMILY.get(finding.kind, finding.kind)
            if finding.evidence:
                near = sorted({n for s in finding.evidence for n in indexed.get((family, s.doc), ())})
            else:  # no evidence: every earlier finding of its family holds it
                near = [n for n, earlier in enumerate(kept) if earlier.status != "agreement"]
            if any(_repeats(finding, kept[n]) for n in near):
                continue
            same = next((n for n in near if _same_fact(finding, kept[n])), None)
            if same is not None:
                earlier = kept[same]
                evidence = tuple(sorted(set(earlier.evidence) | set(finding.evidence), key=lambda s: (s.doc, s.start, s.end)))
                kept[same] = replace(earlier, evidence=evidence)
                for doc in {s.doc for s in finding.evidence}:
                    if same not in indexed[(family, doc)]:
                        indexed[(family, doc)].append(same)
                continue
            for doc in {s.doc for s in finding.evidence}:
                indexed[(family, doc)].append(len(kept))
        kept.append(finding)
    return kept


def _same_fact(later: Finding, earlier: Finding) -> bool:
    if earlier.status == "agreement" or _FAMILY.get(later.kind, later.kind) != _FAMILY.get(earlier.kind, earlier.kind):
        return False
    if {_folded(v) for v in later.values} != {_folded(v) for v in earlier.values}:
        return False
    return any(s.doc == e.doc and s.start < e.end and e.start < s.end for s in later.evidence for e in earlier.evidence)


def _folded(value: str) -> str:
    from ..text import fold_text

    return " ".join(fold_text(value).split())


def _repeats(later: Finding, earlier: Finding) -> bool:
    if earlier.status == "agreement" or _FAMILY.get(later.kind, later.kind) != _FAMILY.get(earlier.kind, earlier.kind):
        return False
    return all(any(s.doc == e.doc and e.start <= s.start and s.end <= e.end for e in earlier.evidence) for s in later.evidence)


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per fingerprint: the first one seen, with the evidence of all of them
    and the worst severity any of them had."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        kept = merged.get(finding.fingerprint)
        if kept is None:
            merged[finding.fingerprint] = finding
            continue
        evidence = tuple(sorted(set(kept.evidence) | set(finding.evidence), key=lambda s: (s.doc, s.start, s.end)))
        severity = max(kept.severity, finding.severity, key=lambda s: SEVERITY_RANK.get(s, 0))
        merged[finding.fingerprint] = replace(kept, evidence=evidence, severity=severity)
    return list(merged.values())


def reading_order(finding: Finding) -> tuple:
    """Sort key: conflicts, variants, agreements; within each the worst severity first,
    then by kind, then by where the first evidence sits."""
    first = finding.evidence[0] if finding.evidence else None
    where = (first.doc, first.start, first.end) if first else ("", 0, 0)
    return (
        STATUS_ORDER.get(finding.status, len(STATUS_ORDER)),
        -SEVERITY_RANK.get(finding.severity, 0),
        finding.kind,
        where,
        finding.fingerprint,
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=reading_order)


__all__ = [
    "FindingsInput",
    "FindingsSettings",
    "Rule",
    "drop_repeated",
    "find_findings",
    "rules",
    "merge_duplicates",
    "reading_order",
    "sort_findings",
]
