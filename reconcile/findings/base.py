"""Shared machinery for turning aligned claims into findings.

Every kind module (names, numbers, dates, quotes, captions) builds its findings with
`make_finding`, so that severities, fingerprints and evidence order follow one policy.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Generic, Hashable, Iterable, Sequence, TypeVar

from ..model import Finding, FindingKind, Overlap, Severity, Span, Status
from ..text import fold

# Conflicts that mean a reader is told something false are errors; the rest warn.
_SEVERITY: dict[tuple[Status, FindingKind], Severity] = {
    ("conflict", "caption"): "error",
    ("conflict", "number"): "error",
    ("conflict", "date"): "error",
    ("conflict", "role"): "error",
    ("conflict", "quote"): "error",
    ("conflict", "name-spelling"): "error",
    ("conflict", "mixed-script"): "error",
    ("variant", "name-spelling"): "warning",
    ("variant", "mixed-script"): "error",
    ("variant", "hidden-character"): "warning",
    ("variant", "quote"): "warning",
    ("variant", "number"): "info",
    ("variant", "date"): "info",
    ("variant", "name-variant"): "info",
    ("variant", "alias"): "info",
    ("variant", "role"): "warning",
    ("variant", "caption"): "warning",
}


def doc_label(doc_id: str) -> str:
    """A short name for an article in a message: "000_292bb0b63afabb01" -> "000".
    Only a leading number before a hash is shortened; any other id is shown whole."""
    head, _, tail = doc_id.partition("_")
    hashed = len(tail) >= 8 and all(c in "0123456789abcdef" for c in tail.lower())
    return head if head.isdigit() and hashed else doc_id


def docs_phrase(docs: Iterable[str]) -> str:
    """ "000, 003 and 004": article ids shortened to their leading number when they have one."""
    shown = sorted({doc_label(d) for d in docs})
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def default_severity(kind: FindingKind, status: Status) -> Severity:
    if status == "agreement":
        return "info"
    return _SEVERITY.get((status, kind), "warning" if status == "conflict" else "info")


def fingerprint(kind: str, status: str, values: Iterable[str], docs: Iterable[str], subject: str = "") -> str:
    """A stable identity for a finding: what it is about, never where it sits.

    Offsets are left out on purpose, so that edits elsewhere in an article keep the
    fingerprint (baselines and SARIF partialFingerprints rely on this)."""
    folded_values = sorted({fold(v).text for v in values})
    parts = [kind, status, fold(subject).text, "|".join(folded_values), "|".join(sorted(set(docs)))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def make_finding(
    kind: FindingKind,
    status: Status,
    message: str,
    values: Sequence[str],
    evidence: Sequence[Span],
    *,
    subject: str = "",
    severity: Severity | None = None,
) -> Finding:
    """Build a finding with policy severity, sorted de-duplicated evidence and a fingerprint.

    `subject` names what the values are about ("Lavrov", "Russians on the islands") and
    goes into the fingerprint so two findings with the same values stay distinct."""
    unique = sorted(set(evidence), key=lambda s: (s.doc, s.start, s.end))
    return Finding(
        kind=kind,
        status=status,
        severity=(severity or default_severity(kind, status)),
        message=message,
        values=tuple(values),
        evidence=tuple(unique),
        fingerprint=fingerprint(kind, status, values, (s.doc for s in unique), subject),
    )


class OverlapIndex:
    """Answers "do these two spans sit in passages that one overlap aligns?".

    Claims found inside aligned passages are the strongest evidence that two articles
    speak of the same thing."""

    def __init__(self, overlaps: Sequence[Overlap]):
        self._by_doc: dict[str, list[tuple[Span, Span, Overlap]]] = defaultdict(list)
        for ov in overlaps:
            self._by_doc[ov.a.doc].append((ov.a, ov.b, ov))
            self._by_doc[ov.b.doc].append((ov.b, ov.a, ov))

    def partners(self, span: Span) -> list[tuple[Span, Overlap]]:
        """Passages in other articles aligned with the passage that contains `span`."""
        return [(other, ov) for mine, other, ov in self._by_doc.get(span.doc, ()) if mine.start <= span.start and span.end <= mine.end]

    def docs_aligned_with(self, doc: str) -> set[str]:
        """The articles that share at least one passage with `doc`."""
        return {other.doc for _, other, _ in self._by_doc.get(doc, ())}

    def aligned(self, x: Span, y: Span) -> Overlap | None:
        """The overlap whose two sides contain `x` and `y`, if there is one."""
        for other, ov in self.partners(x):
            if other.doc == y.doc and other.start <= y.start and y.end <= other.end:
                return ov
        return None


T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    """Union-find: items joined, directly or through others, share one representative.
    With `key`, the representative of a group is its smallest item by that key, whatever
    the order of the joins; without, the first item of the first join."""

    def __init__(self, key=None) -> None:
        self.parent: dict[T, T] = {}
        self.key = key

    def find(self, item: T) -> T:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: T, b: T) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.key is not None and self.key(rb) < self.key(ra):
            ra, rb = rb, ra
        self.parent[rb] = ra

    def groups(self, items: Iterable[T]) -> list[list[T]]:
        """The items grouped by representative, each group in the order the items came."""
        grouped: dict[T, list[T]] = defaultdict(list)
        for item in items:
            grouped[self.find(item)].append(item)
        return list(grouped.values())


def story_clusters(overlaps: Sequence[Overlap]) -> dict[str, str]:
    """Article id -> a representative id of its story: articles joined, directly or through
    others, by shared passages are copies of one story. Articles with no overlap are absent."""
    sets: DisjointSets[str] = DisjointSets(key=lambda doc: doc)
    for ov in overlaps:
        sets.join(ov.a.doc, ov.b.doc)
    return {doc: sets.find(doc) for doc in list(sets.parent)}
