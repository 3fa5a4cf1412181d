"""Baselines: findings recorded by fingerprint, left out of later runs, whatever moved."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.baseline import SCHEMA, BaselineError, apply_baseline, parse_baseline, read_baseline, render_baseline, write_baseline
from reconcile.ingest import article_from_text
from reconcile.model import Finding, Report, Span
from reconcile.pipeline import analyse

from .conftest import SEEDS

WIRE = SEEDS / "000_292bb0b63afabb01.txt"
REWRITE = SEEDS / "004_b816fb8022280b9f.txt"


def finding(fingerprint, kind="number", status="conflict", message="a message", start=0):
    span = Span("doc", start, start + 1, "x")
    return Finding(kind, status, "warning", message, ("1", "2"), (span,), fingerprint)


def load(path, text=None):
    return article_from_text(path.stem, text if text is not None else path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def seed_report():
    return analyse([load(WIRE), load(REWRITE)])


def test_the_file_records_each_fingerprint_once_sorted_with_kind_and_message_for_people():
    text = render_baseline([finding("b2", "date", message="dates differ"), finding("a1"), finding("b2", "date")])
    document = json.loads(text)
    assert document["schema"] == SCHEMA
    assert document["findings"] == [
        {"fingerprint": "a1", "kind": "number", "message": "a message"},
        {"fingerprint": "b2", "kind": "date", "message": "dates differ"},
    ]
    assert text.endswith("}\n") and text.count("\n") > 5  # indented: one key a line, diff-friendly


fingerprints = st.lists(st.text(alphabet="0123456789abcdef", min_size=1, max_size=16), max_size=20)


@given(fingerprints, st.randoms())
def test_the_file_is_the_same_whatever_order_the_findings_came_in(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert render_baseline(map(finding, values)) == render_baseline(map(finding, shuffled))


@given(fingerprints)
def test_reading_a_written_baseline_gives_back_every_fingerprint(values):
    assert parse_baseline(render_baseline(map(finding, values)), "b.json") == frozenset(values)


@given(fingerprints, fingerprints)
def test_applying_a_baseline_splits_findings_without_losing_or_reordering_any(reported, recorded):
    report = Report(documents=[], findings=[finding(f, start=i) for i, f in enumerate(reported)])
    result = apply_baseline(report, frozenset(recorded))
    assert [f for f in result.findings] == [f for f in report.findings if f.fingerprint not in recorded]
    assert [f for f in result.suppressed] == [f for f in report.findings if f.fingerprint in recorded]
    assert report.suppressed == []  # the input report is left as it was


def test_findings_already_suppressed_stay_suppressed():
    earlier = finding("e0")
    report = Report(documents=[], findings=[finding("a1")], suppressed=[earlier])
    assert apply_baseline(report, frozenset({"a1"})).suppressed == [earlier, finding("a1")]


def test_a_baseline_of_the_seed_report_suppresses_every_finding_of_the_same_run(seed_report):
    recorded = parse_baseline(render_baseline(seed_report.findings), "b.json")
    result = apply_baseline(seed_report, recorded)
    assert result.findings == [] and len(result.suppressed) == len(seed_report.findings)


def test_fingerprints_survive_an_edit_in_another_paragraph(seed_report):
    original = REWRITE.read_text(encoding="utf-8")
    paragraph = "The following day, the 2+2 will touch on ways to strengthen security co-operation"
    assert paragraph in original
    edited = original.replace(
        paragraph,
        "On the second day of the visit, the four ministers are due to discuss closer security co-operation and joint exercises at sea",
    )
    rerun = analyse([load(WIRE), load(REWRITE, edited)])
    result = apply_baseline(rerun, parse_baseline(render_baseline(seed_report.findings), "b.json"))

    assert [f for f in result.findings if f.status != "agreement"] == []
    moved = [f for f in result.suppressed if f.kind == "name-spelling"]
    before = [f for f in seed_report.findings if f.kind == "name-spelling"]
    assert moved and before and moved[0].fingerprint == before[0].fingerprint
    assert moved[0].evidence[0].start != before[0].evidence[0].start  # the evidence moved; its identity did not
    for f in result.suppressed:
        for span in f.evidence:
            text = edited if span.doc == REWRITE.stem else WIRE.read_text(encoding="utf-8")
            assert text[span.start : span.end] == span.text


def test_write_then_read_round_trips_through_a_file(tmp_path, seed_report):
    path = tmp_path / "baseline.json"
    count = write_baseline(str(path), seed_report.findings)
    assert count == len({f.fingerprint for f in seed_report.findings})
    assert read_baseline(str(path)) == frozenset(f.fingerprint for f in seed_report.findings)


def test_a_missing_baseline_file_says_how_to_make_one(tmp_path):
    path = tmp_path / "missing.json"
    with pytest.raises(BaselineError, match=f"^{path}: no such baseline file; create it with --write-baseline"):
        read_baseline(str(path))


@pytest.mark.parametrize(
    "text, problem",
    [
        ("{not json", "invalid JSON"),
        ('{"schema": "reconcile.report/1"}', "schema 'reconcile.report/1'"),
        ("[]", "no schema"),
        ('{"schema": "reconcile.baseline/1", "findings": [{"kind": "x"}]}', "must be a list of entries with a fingerprint"),
    ],
)
def test_a_file_that_is_not_a_baseline_is_refused_in_one_line(text, problem):
    with pytest.raises(BaselineError) as caught:
        parse_baseline(text, "ci/baseline.json")
    message = str(caught.value)
    assert message.startswith("ci/baseline.json: ") and problem in message and "\n" not in message


def test_a_baseline_that_cannot_be_written_is_an_error(tmp_path):
    with pytest.raises(BaselineError, match="cannot write the baseline file"):
        write_baseline(str(tmp_path / "no" / "such" / "dir" / "b.json"), [])
