"""The number fixtures, read through the whole findings stage: a count changed between copies
is a conflict, the same counts in other forms raise nothing, unrelated stories nothing."""

from __future__ import annotations

from pathlib import Path

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.findings import find_findings

from .fixture_cases import body_overlap, load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "numbers"
LEXICON = load_lexicon()


def reported(first: str, second: str, aligned: bool = True):
    a, b = load(FIXTURES / first), load(FIXTURES / second)
    claims = [c for x in (a, b) for c in extract_claims(x, LEXICON)]
    found = find_findings([a, b], claims, [body_overlap(a, b)] if aligned else [], LEXICON)
    return [f for f in found if f.kind == "number"]


def test_different_counts_in_aligned_copies_conflict():
    [conflict] = [f for f in reported("conflict_wire.txt", "conflict_reprint.txt") if f.status == "conflict"]
    assert conflict.severity == "error"
    assert set(conflict.values) == {"17,000", "some 19,000"}
    assert "Russians" in conflict.message


def test_the_same_values_in_other_forms_and_precisions_raise_nothing():
    assert [f for f in reported("variant_wire.txt", "variant_reprint.txt") if f.status != "agreement"] == []


def test_independent_stories_give_no_finding():
    assert reported("independent_a.txt", "independent_b.txt", aligned=False) == []
