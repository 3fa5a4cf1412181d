"""The findings orchestrator: every kind module called, duplicates merged, reading order."""

from __future__ import annotations


import reconcile.findings as findings_pkg
from reconcile.findings import (
    FindingsInput,
    drop_repeated,
    find_findings,
    merge_duplicates,
    rules,
    sort_findings,
)
from reconcile.findings.base import make_finding
from reconcile.model import Span

A = "Kishida met Lavrov in Tokyo on Friday, and 19,000 people watched."


def span(doc: str, start: int, end: int) -> Span:
    return Span(doc, start, end, A[start:end])


def finding(kind="number", status="conflict", values=("19,000", "9,000"), doc="a", start=44, end=50, **kw):
    return make_finding(kind, status, f"{kind} {status}", values, [span(doc, start, end)], **kw)


def test_findings_with_one_fingerprint_become_one_with_all_the_evidence():
    first = finding(doc="a", start=44, end=50)
    second = finding(doc="a", start=0, end=7)
    assert first.fingerprint == second.fingerprint
    [merged] = merge_duplicates([first, second])
    assert [s.start for s in merged.evidence] == [0, 44]


def test_merged_finding_keeps_the_worst_severity():
    mild = finding(severity="info")
    bad = finding(severity="error")
    [merged] = merge_duplicates([mild, bad])
    assert merged.severity == "error"


def test_findings_with_different_fingerprints_stay_apart():
    assert len(merge_duplicates([finding(values=("1", "2")), finding(values=("3", "4"))])) == 2


def test_conflicts_come_before_variants_before_agreements():
    ordered = sort_findings([finding(status="agreement"), finding(status="variant"), finding(status="conflict")])
    assert [f.status for f in ordered] == ["conflict", "variant", "agreement"]


def test_within_a_status_errors_come_before_warnings_before_info():
    ordered = sort_findings(
        [
            finding(kind="alias", severity="info"),
            finding(kind="name-spelling", severity="warning"),
            finding(kind="number", severity="error"),
        ]
    )
    assert [f.severity for f in ordered] == ["error", "warning", "info"]


def test_within_a_severity_findings_sort_by_kind_then_first_evidence():
    ordered = sort_findings(
        [
            finding(kind="number", values=("1",), start=30, end=35),
            finding(kind="date", values=("2",), start=40, end=45),
            finding(kind="number", values=("3",), start=10, end=15),
        ]
    )
    assert [(f.kind, f.evidence[0].start) for f in ordered] == [("date", 40), ("number", 10), ("number", 30)]


def test_every_rule_is_run_changes_between_copies_first():
    names = [f.__name__ for f in rules()]
    assert names[0] == "change_findings"
    assert set(names) == {
        "change_findings",
        "name_findings",
        "name_form_findings",
        "quote_findings",
        "figure_findings",
        "date_findings",
        "caption_findings",
        "script_findings",
    }


def test_find_findings_runs_every_rule_on_one_input_and_orders_the_result(monkeypatch):
    seen = []

    def rule_a(given):
        seen.append(given)
        return [finding(status="variant", values=("x",))]

    def rule_b(given):
        seen.append(given)
        return [finding(status="conflict", values=("y",)), finding(status="variant", values=("x",), start=0, end=7)]

    monkeypatch.setattr(findings_pkg, "rules", lambda: [rule_a, rule_b])
    result = find_findings([], [], [], "LEXICON")
    assert len(seen) == 2 and seen[0] is seen[1] and isinstance(seen[0], FindingsInput)
    assert seen[0].lexicon == "LEXICON"
    assert [f.status for f in result] == ["conflict", "variant"]
    assert len(result[1].evidence) == 2


def test_a_fact_two_rules_report_is_one_finding_with_the_evidence_of_both():
    first = finding(kind="name-spelling", status="variant", values=("Wolff", "Wolfe"), start=0, end=7)
    second = finding(kind="name-spelling", status="variant", values=("Wolfe", "Wolff"), start=0, end=12)
    [kept] = drop_repeated([first, second])
    assert kept.message == first.message and {(s.start, s.end) for s in kept.evidence} == {(0, 7), (0, 12)}


def test_a_finding_inside_the_evidence_of_an_earlier_one_of_its_kind_is_left_out():
    wide = finding(kind="number", status="conflict", values=("1", "2"), start=0, end=50)
    inside = finding(kind="number", status="conflict", values=("3", "4"), start=10, end=20)
    assert drop_repeated([wide, inside]) == [wide]


def test_the_seeds_give_findings_of_several_rules_in_report_order_with_true_evidence(seed_articles):
    """The real thing: seeds through every stage, so that each rule gets shared passages and
    claims to work on, and the orchestrator has many findings of many kinds to order."""
    from reconcile.pipeline import analyse

    articles = list(seed_articles.values())
    result = analyse(articles).findings
    assert len({f.kind for f in result}) >= 3 and len(result) >= 5
    assert result == sort_findings(list(reversed(result)))
    assert [f.status for f in result] == sorted((f.status for f in result), key=["conflict", "variant", "agreement"].index)
    for f in result:
        for s in f.evidence:
            article = next(a for a in articles if a.id == s.doc)
            assert article.text[s.start : s.end] == s.text
