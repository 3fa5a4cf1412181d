"""Aliases (``alias`` findings): one place or body named with different aliases by copies
of one story (see `reconcile.findings.names`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..claims.lexicon import name_key
from ..model import Claim, Finding, Overlap, Span
from .base import docs_phrase, make_finding, story_clusters


# --- alias ------------------------------------------------------------------------------------

# Places whose name is a matter of editorial choice (a country's short name, one side's
# name for disputed islands); a state's abbreviation or a city's longer name is style.
_EDITORIAL_TYPES = frozenset({"country", "islands", "territory", "sea"})


def alias_findings(named: Sequence[Claim], overlaps: Sequence[Overlap] = ()) -> list[Finding]:
    """Per lexicon place or body: do the copies of one story share a name for it?

    Only articles that share passages (copies of one story) are compared: independent
    stories choosing different names for a place is house style, not drift."""
    story = story_clusters(overlaps)
    copied = {(min(ov.a.doc, ov.b.doc), max(ov.a.doc, ov.b.doc)) for ov in overlaps}
    by_entry: dict[tuple[str, str], dict[str, dict[str, list[Span]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    house: dict[tuple[str, str], str] = {}
    for claim in named:
        name = claim.place.entry
        if not name or claim.span.doc not in story or claim.place.type not in _EDITORIAL_TYPES:
            continue
        entry = (name, story[claim.span.doc])
        house[entry] = claim.value
        form = " ".join(name_key(claim.span.text))
        by_entry[entry][claim.span.doc][form].append(claim.span)
    found = []
    for entry, per_doc in sorted(by_entry.items()):
        if len(per_doc) < 2:
            continue
        forms_of = {doc: set(forms) for doc, forms in per_doc.items()}
        docs = sorted(forms_of)
        # House style differs when two copies each hold to one name and the names differ;
        # an article that itself writes "US" and "United States" has no style to compare.
        consistent = all(len(forms) == 1 for forms in forms_of.values())
        disjoint = consistent and any(
            not (forms_of[x] & forms_of[y]) and (x, y) in copied for i, x in enumerate(docs) for y in docs[i + 1 :]
        )
        shown: dict[str, tuple[str, list[str], list[Span]]] = {}
        for doc in docs:
            for form, spans in per_doc[doc].items():
                text, used, evidence = shown.get(form, (spans[0].text, [], []))
                shown[form] = (text, used + [doc], evidence + [spans[0]])
        canonical = " ".join(name_key(house[entry]))
        if disjoint:
            parts = [f'"{t}" ({docs_phrase(d)})' for t, d, _ in sorted(shown.values(), key=lambda v: (-len(v[1]), v[0]))]
            found.append(
                make_finding(
                    "alias",
                    "variant",
                    f"{house[entry]} is named differently across sources: " + ", ".join(parts),
                    sorted(t for t, _, _ in shown.values()),
                    [s for _, _, e in shown.values() for s in e],
                    subject=entry[0],
                )
            )
            continue
        shared = set.intersection(*forms_of.values()) if forms_of else set()
        if not shared or shared == {canonical} and all(f == canonical for fs in forms_of.values() for f in fs):
            continue
        if not any(f != canonical for f in set().union(*forms_of.values())):
            continue
        names = [shown[f][0] for f in sorted(shared)]
        found.append(
            make_finding(
                "alias",
                "agreement",
                f"{docs_phrase(docs)} agree in naming {house[entry]}: " + " and ".join(f'"{n}"' for n in names),
                names,
                [s for f in shared for s in shown[f][2]],
                subject=entry[0],
            )
        )
    return found


__all__ = ["alias_findings"]
