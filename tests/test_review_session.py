"""The review's state, without Textual: moving through findings, deciding, undoing, saving
the ignored ones to a baseline, and the evidence passages shown for each finding."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.baseline import BaselineError, read_baseline, write_baseline
from reconcile.ingest import article_from_text
from reconcile.model import Finding, Report, Span
from reconcile.pipeline import analyse
from reconcile.review import (
    Decision,
    ReviewSession,
    accepted_summary,
    baseline_after_review,
    current,
    decide,
    evidence_places,
    go_to,
    ignored_to_baseline,
    next_finding,
    previous_finding,
    progress,
    read_reasons,
    start_session,
    undo,
    with_status,
)
from reconcile.review.evidence import evidence_columns, marked_pieces, passages_of

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed_report() -> Report:
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    return analyse(articles)


@pytest.fixture
def session(seed_report) -> ReviewSession:
    return start_session(seed_report)


def finding(n: int, status: str = "conflict") -> Finding:
    span = Span("a", n, n + 1, "x")
    return Finding("kind", status, "error", f"message {n}", (str(n),), (span,), f"fp{n:02d}")


def plain_session(count: int) -> ReviewSession:
    return ReviewSession(tuple(finding(n) for n in range(count)))


# --- what is reviewed --------------------------------------------------------------------


def test_a_session_reviews_conflicts_then_variants_and_leaves_agreements_out(seed_report, session):
    statuses = [f.status for f in session.findings]
    assert statuses == sorted(statuses, key=["conflict", "variant"].index)
    assert len(session.findings) == sum(1 for f in seed_report.findings if f.status != "agreement")


def test_show_agreements_adds_the_agreements_after_the_rest(seed_report):
    session = start_session(seed_report, show_agreements=True)
    assert len(session.findings) == len(seed_report.findings)
    assert session.findings[-1].status == "agreement"


def test_findings_a_baseline_records_start_ignored_with_their_reason(seed_report):
    first = start_session(seed_report).findings[0]
    session = start_session(seed_report, recorded={first.fingerprint: "old photo, known"})
    assert session.decisions == {first.fingerprint: Decision("ignored", "old photo, known")}


def test_the_session_and_evidence_modules_do_not_need_textual():
    code = "import sys, reconcile.review, reconcile.review.evidence; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- moving ------------------------------------------------------------------------------


def test_next_and_previous_move_the_cursor_one_finding():
    session = next_finding(next_finding(plain_session(3)))
    assert session.index == 2
    assert previous_finding(session).index == 1


def test_the_cursor_stays_inside_the_list():
    assert previous_finding(plain_session(3)).index == 0
    assert next_finding(go_to(plain_session(3), 2)).index == 2
    assert go_to(plain_session(3), 99).index == 2


def test_an_empty_session_has_no_current_finding_and_ignores_decisions():
    empty = ReviewSession(())
    assert current(empty) is None
    assert decide(empty, "accepted") == empty
    assert next_finding(empty).index == 0


# --- deciding and undoing ----------------------------------------------------------------


def test_accepting_records_the_decision_on_the_current_finding_only():
    session = decide(go_to(plain_session(3), 1), "accepted")
    assert session.decisions == {"fp01": Decision("accepted")}


def test_ignoring_keeps_the_reason_on_one_line():
    session = decide(plain_session(1), "ignored", "  house style\n allows both ")
    assert session.decisions["fp00"] == Decision("ignored", "house style allows both")


def test_a_decision_is_accepted_or_ignored():
    with pytest.raises(ValueError):
        decide(plain_session(1), "maybe")  # type: ignore[arg-type]


def test_deciding_leaves_the_earlier_session_unchanged():
    before = plain_session(2)
    decide(before, "accepted")
    assert before.decisions == {} and before.history == ()


def test_undo_restores_what_the_finding_had_before():
    session = decide(plain_session(2), "ignored", "first thought")
    session = decide(session, "accepted")
    assert undo(session).decisions == {"fp00": Decision("ignored", "first thought")}
    assert undo(undo(session)).decisions == {}


def test_undo_moves_the_cursor_to_the_finding_it_changed():
    session = next_finding(next_finding(decide(plain_session(3), "accepted")))
    assert undo(session).index == 0


def test_undo_with_nothing_to_undo_changes_nothing():
    session = plain_session(2)
    assert undo(session) == session


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["next", "previous", "accept", "ignore"]), max_size=20))
def test_undoing_every_decision_returns_to_no_decisions(steps):
    session = plain_session(4)
    decisions = 0
    for step in steps:
        if step == "next":
            session = next_finding(session)
        elif step == "previous":
            session = previous_finding(session)
        else:
            session = decide(session, "accepted" if step == "accept" else "ignored", "why")
            decisions += 1
    for _ in range(decisions):
        session = undo(session)
    assert session.decisions == {} and session.history == ()


def test_progress_counts_decisions():
    session = decide(next_finding(decide(plain_session(3), "accepted")), "ignored", "no")
    assert progress(session) == "2/3 · 1 accepted · 1 ignored · 1 open"


def test_accepted_summary_lists_each_accepted_finding_with_where_it_is():
    session = decide(plain_session(2), "accepted")
    assert accepted_summary(session) == "Accepted 1 finding to fix:\n- [error] kind: message 0 (a 0-1)\n"
    assert accepted_summary(plain_session(2)) == ""


# --- the baseline ------------------------------------------------------------------------


def test_ignored_findings_are_saved_with_their_reasons(tmp_path):
    path = tmp_path / "baseline.json"
    session = decide(next_finding(decide(plain_session(3), "ignored", "known")), "accepted")
    session = decide(go_to(session, 2), "ignored", "style")
    assert ignored_to_baseline(session, str(path)) == 2
    assert read_baseline(str(path)) == {"fp00", "fp02"}  # the baseline module reads it as its own
    assert read_reasons(str(path)) == {"fp00": "known", "fp02": "style"}


def test_saving_keeps_what_the_baseline_records_about_other_findings(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [finding(90)])
    ignored_to_baseline(decide(plain_session(1), "ignored", "known"), str(path))
    assert read_baseline(str(path)) == {"fp00", "fp90"}


def test_a_finding_accepted_or_undone_in_review_leaves_the_baseline(tmp_path):
    path = tmp_path / "baseline.json"
    session = decide(plain_session(2), "ignored", "known")
    ignored_to_baseline(session, str(path))
    ignored_to_baseline(undo(session), str(path))
    assert read_baseline(str(path)) == frozenset()
    ignored_to_baseline(decide(session, "accepted"), str(path))
    assert read_baseline(str(path)) == frozenset()


def test_baseline_entries_are_sorted_by_fingerprint_like_the_baseline_module_writes_them():
    session = decide(go_to(decide(plain_session(3), "ignored", "b"), 2), "ignored", "")
    entries = baseline_after_review([{"fingerprint": "fp99", "kind": "k", "message": "m"}], session)
    assert [e["fingerprint"] for e in entries] == ["fp00", "fp02", "fp99"]
    assert entries[0]["reason"] == "b" and "reason" not in entries[1]


def test_a_file_that_is_not_a_baseline_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text('{"something": "else"}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not a reconcile.baseline/1 file"):
        ignored_to_baseline(decide(plain_session(1), "ignored", "x"), str(path))
    assert json.loads(path.read_text(encoding="utf-8")) == {"something": "else"}


def test_a_baseline_that_cannot_be_written_is_a_baseline_error(tmp_path):
    with pytest.raises(BaselineError, match="cannot write"):
        ignored_to_baseline(decide(plain_session(1), "ignored", "x"), str(tmp_path / "missing" / "b.json"))


# --- evidence ------------------------------------------------------------------------------


def test_evidence_has_one_column_per_article_in_evidence_order(seed_report, session):
    names = next(f for f in session.findings if f.kind == "name-variant")
    columns = evidence_columns(names, {a.id: a for a in seed_report.documents})
    assert [c.doc for c in columns] == list(dict.fromkeys(s.doc for s in names.evidence))


def test_each_evidence_span_is_shown_inside_its_sentence(seed_report, session):
    articles = {a.id: a for a in seed_report.documents}
    for found in session.findings:
        for column in evidence_columns(found, articles):
            for passage in column.passages:
                for mark in passage.marks:
                    assert passage.context.start <= mark.start <= mark.end <= passage.context.end
    daioyu = next(f for f in session.findings if "Daioyu" in f.values or '"Daioyu"' in f.message)
    [column] = evidence_columns(daioyu, articles)
    assert "Daioyu Islands in the East China Sea" in column.passages[0].context.text


def test_a_short_context_like_a_dateline_grows_to_the_next_sentence():
    article = article_from_text("x", "Headline here\n\nPARIS -\n\nThe minister spoke on Monday about the plan.\n")
    start = article.text.index("PARIS")
    [passage] = passages_of(article, [article.span(start, start + 5)])
    assert passage.context.text.startswith("PARIS -") and passage.context.text.endswith("the plan.")


def test_a_long_paragraph_is_cut_to_a_window_around_the_evidence():
    body = " ".join(f"Word{n} said something plain" for n in range(200)) + "."
    article = article_from_text("x", "Headline\n\n" + body + "\n")
    start = article.text.index("Word150 ")
    [passage] = passages_of(article, [article.span(start, start + 7)], limit=200)
    assert passage.cut_before and passage.cut_after
    assert len(passage.context.text) < 260 and "Word150" in passage.context.text


def test_evidence_from_an_article_not_at_hand_is_shown_as_itself():
    [column] = evidence_columns(finding(3), {})
    assert column.passages[0].context == Span("a", 3, 4, "x")


words = st.sampled_from(
    ["Kishida", "said", "Moscow", "on", "Friday.", "The", "islands,", "“quote”", "2013", "\n\n", "Ünïcödé", "東京", "  "]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.data())
def test_passages_index_the_original_text_and_hold_their_marks(parts, data):
    text = " ".join(parts)
    article = article_from_text("doc", text)
    spans = []
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(article.text)))
        end = data.draw(st.integers(start, min(len(article.text), start + 40)))
        spans.append(article.span(start, end))
    for passage in passages_of(article, spans, limit=data.draw(st.sampled_from([30, 600]))):
        context = passage.context
        assert article.text[context.start : context.end] == context.text
        assert all(context.start <= m.start <= m.end <= context.end for m in passage.marks)
        assert "".join(piece for piece, _ in marked_pieces(passage)) == context.text
    assert {m for p in passages_of(article, spans) for m in p.marks} == set(spans)


def test_marked_pieces_count_how_many_spans_cover_each_piece():
    article = article_from_text("x", "Foreign Minister Seiji Maehara met them.")
    whole, name = article.span(0, 30), article.span(17, 30)
    [passage] = passages_of(article, [whole, name])
    assert marked_pieces(passage) == [("Foreign Minister ", 1), ("Seiji Maehara", 2), (" met them.", 0)]


def test_evidence_places_group_ranges_by_article_and_count_the_rest():
    spans = tuple(Span(doc, n, n + 2, "xx") for doc, n in [("a", 1), ("b", 5), ("a", 9), ("a", 20), ("a", 30)])
    found = Finding("kind", "conflict", "error", "m", (), spans, "fp")
    assert evidence_places(found) == "a 1-3, 9-11, 20-22 and 1 more; b 5-7"


def test_evidence_places_for_a_ticket_are_path_line_and_column_as_in_the_report():
    from reconcile.render.sarif import DocumentPositions

    article = article_from_text("a", "Headline\n\nOne line.\nDaioyu and Daioyu.", "stories/a.txt")
    spans = (article.span(20, 26), article.span(31, 37))
    found = Finding("name-spelling", "conflict", "error", "m", (), spans, "fp")
    assert evidence_places(found, positions=DocumentPositions([article])) == "stories/a.txt:4:1, 4:12"


def test_with_status_lists_findings_in_review_order():
    session = decide(go_to(decide(plain_session(3), "ignored", "a"), 2), "ignored", "b")
    assert [f.fingerprint for f in with_status(session, "ignored")] == ["fp00", "fp02"]
