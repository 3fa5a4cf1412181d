"""Roles (``role`` findings): agreements on who holds which office, one person given two
single-holder offices, one office given to two people in passages copies share (see
`reconcile.findings.names`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from rapidfuzz.distance import OSA

from ..claims.lexicon import Lexicon
from ..model import Claim, Finding, Status
from ..text import fold
from .base import OverlapIndex, docs_phrase, make_finding
from .pairing import pairs_sharing


# --- role -------------------------------------------------------------------------------------


def role_findings(people: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    """Agreements on who holds which office. (A title changed between copies of one passage,
    or another person named in it, is a change `reconcile.findings.changes` reports; one
    person given two offices inside an article is a variant.)"""
    titled = [c for c in people if c.person.role_id and not c.person.qualifier]
    found = []
    found += _role_agreements(titled)
    found += [f for f in _one_person_two_offices(titled, index, lexicon) if f.status == "variant"]
    return found


def _role_agreements(titled: Sequence[Claim]) -> list[Finding]:
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in titled:
        groups[(c.key, c.person.role_id)].append(c)
    found = []
    for (key, role_id), claims in sorted(groups.items()):
        docs = {c.span.doc for c in claims}
        affiliations = {c.person.affiliation for c in claims if c.person.affiliation}
        if len(docs) < 2 or len(affiliations) > 1:
            continue
        name = max((c.person.full or c.span.text for c in claims), key=len)
        role = claims[0].person.role or role_id
        affiliation = next(iter(affiliations), "")
        office = f"{affiliation}'s {role}" if affiliation else role
        found.append(
            make_finding(
                "role",
                "agreement",
                f"{docs_phrase(docs)} agree that {name} is {office}",
                [name, office],
                [c.span for c in claims],
                subject=f"{key} {role_id}",
            )
        )
    return found


def _compatible(a: Claim, b: Claim) -> bool:
    x, y = a.person.affiliation, b.person.affiliation
    return not x or not y or x == y


def _one_person_two_offices(titled: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    found = []
    seen: set[tuple] = set()
    # Two offices of one person: only claims of one key are paired.
    for a, b in pairs_sharing(titled, lambda c: c.key):
        if a.person.role_id == b.person.role_id or not _compatible(a, b):
            continue
        ra, rb = lexicon.role_by_id(a.person.role_id), lexicon.role_by_id(b.person.role_id)
        if not (ra and rb and ra.exclusive and rb.exclusive):
            continue
        status: Status
        if a.span.doc == b.span.doc:
            if "caption" in (a.block, b.block):
                continue
            status = "variant"
        elif index.aligned(a.sentence, b.sentence) or index.aligned(a.span, b.span):
            status = "conflict"
        else:
            continue
        pair = (a.key, *sorted((ra.id, rb.id)), status)
        if pair in seen:
            continue
        seen.add(pair)
        name = a.person.full or a.span.text
        found.append(
            make_finding(
                "role",
                status,
                f"{name} is {a.person.role} in {docs_phrase([a.span.doc])} but {b.person.role} in {docs_phrase([b.span.doc])}",
                [a.person.role, b.person.role],
                [a.span, b.span],
                subject=a.key,
            )
        )
    return found


def _one_office_two_people(titled: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    """One office given to two different people in passages that copies share.

    An office one person holds at a time (a country's foreign minister) clashes wherever
    the passages align. Any other title ("Judge", "Senator") clashes only when the two
    copies put different names in the same slot of the same sentence: each name is
    missing from the other copy's sentence, so it is a swap, not a list of two holders."""
    found = []
    in_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for c in titled:
        in_sentence[(c.sentence.doc, c.sentence.start)].add(c.key)
    # Both kinds of clash need the two sentences (or names) in passages an overlap aligns, so
    # only claims of the same office in articles that share a passage are compared.
    same_office: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(titled):
        same_office[(c.person.role_id, c.person.affiliation)].append(i)
    for i, a in enumerate(titled):
        linked = index.docs_aligned_with(a.span.doc)
        for j in same_office[(a.person.role_id, a.person.affiliation)]:
            b = titled[j]
            if j <= i or b.span.doc not in linked:
                continue
            if a.span.doc == b.span.doc or a.key == b.key or a.person.role_id != b.person.role_id:
                continue
            role = lexicon.role_by_id(a.person.role_id)
            affiliation = a.person.affiliation
            if role is None or affiliation != b.person.affiliation:
                continue
            if "counterpart" in (a.person.role_via, b.person.role_via):
                continue  # an inferred role is not evidence enough to call a conflict
            if _maybe_same(a, b, lexicon):
                continue
            if role.exclusive and affiliation:
                if not (index.aligned(a.sentence, b.sentence) or index.aligned(a.span, b.span)):
                    continue
            elif not (
                index.aligned(a.sentence, b.sentence)
                and a.key not in in_sentence[(b.sentence.doc, b.sentence.start)]
                and b.key not in in_sentence[(a.sentence.doc, a.sentence.start)]
            ):
                continue
            na, nb = a.person.full or a.span.text, b.person.full or b.span.text
            office = f"{affiliation}'s {role.name}" if affiliation else f"The {role.name}"
            found.append(
                make_finding(
                    "role",
                    "conflict",
                    f"{office} is {na} in {docs_phrase([a.span.doc])} but {nb} in {docs_phrase([b.span.doc])}, in the same passage",
                    [na, nb],
                    [a.span, b.span],
                    subject=f"{affiliation or ''} {role.id}",
                )
            )
    return found


def _maybe_same(a: Claim, b: Claim, lexicon: Lexicon) -> bool:
    """Names close enough to be one person spelled two ways (a spelling finding, not a role one)."""
    sa, sb = fold(a.person.surname or a.span.text).text, fold(b.person.surname or b.span.text).text
    return sa == sb or OSA.distance(sa, sb) <= 1


__all__ = ["role_findings"]
