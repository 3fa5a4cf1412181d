"""`reconcile diff`: two versions of a story aligned passage by passage, word by word."""

from __future__ import annotations

import io
import json
import re
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from reconcile.cli import main
from reconcile.diff import (
    Collapsed,
    Diff,
    DiffRow,
    diff_articles,
    diff_words,
    visible_rows,
)
from reconcile.ingest import article_from_text
from reconcile.render.diff_json import diff_to_json, render_diff_json
from reconcile.render.diff_text import print_diff, render_diff_text
from reconcile.render.diff_unified import render_diff_unified

from .conftest import ROOT, SEEDS

AFP = next(SEEDS.glob("000_*.txt"))
SCMP = next(SEEDS.glob("004_*.txt"))

STORY = (
    "Ministers agree to talks on island dispute\n\n"
    "TOKYO - Japan and Russia agreed on Friday to hold talks on a peace treaty that has eluded them "
    "since the Second World War.\n\n"
    "Foreign Minister Fumio Kishida said the two nations would hold vice-ministerial talks in late January.\n\n"
    "The islands, which Japan calls the Northern Territories, were seized by Soviet troops in 1945.\n\n"
    "Both sides said the meeting had been held in a calm and constructive atmosphere.\n"
)


def article(doc_id: str, text: str):
    return article_from_text(doc_id, text, f"{doc_id}.txt")


def seed(path):
    return article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))


def compare(a_text: str, b_text: str) -> Diff:
    return diff_articles(article("a", a_text), article("b", b_text), findings=())


def changed_ops(diff: Diff):
    return [op for row in diff.rows for op in row.ops if op.op != "equal"]


@pytest.fixture(scope="module")
def seeds_diff() -> Diff:
    return diff_articles(seed(AFP), seed(SCMP))


# --- analysis -------------------------------------------------------------------------------


def test_a_rewrite_is_aligned_passage_by_passage(seeds_diff):
    paired = [r for r in seeds_diff.rows if r.kind in ("aligned", "moved")]
    assert len(paired) >= 8
    assert all(r.similarity >= 0.5 for r in paired)
    islands = next(r for r in paired if r.a.text.startswith("The islands, which Japan calls"))
    assert islands.b.text.startswith("The islands, which Japan calls")
    assert ("seized", "occupied") in [(op.a.text, op.b.text) for op in islands.ops if op.op == "replace"]


def test_rows_follow_the_reading_order_of_a(seeds_diff):
    starts = [r.a.start for r in seeds_diff.rows if r.a is not None]
    assert starts == sorted(starts)


def test_passages_in_order_on_both_sides_are_aligned_and_the_others_moved(seeds_diff):
    in_order = [r.b.start for r in seeds_diff.rows if r.kind == "aligned"]
    assert in_order == sorted(in_order)
    moved = [r for r in seeds_diff.rows if r.kind == "moved"]
    assert any(r.a.text.startswith("Four separate meetings") for r in moved)


def test_a_corrected_misspelling_is_one_word_replaced():
    text = SCMP.read_text(encoding="utf-8")
    fixed = text.replace("Daioyu", "Diaoyu")
    diff = diff_articles(seed(SCMP), article_from_text("fixed", fixed, "fixed.txt"), findings=())
    assert [(op.op, op.a.text, op.b.text) for op in changed_ops(diff)] == [("replace", "Daioyu", "Diaoyu")]
    assert diff.differs


def test_a_finding_is_attached_to_the_row_that_holds_its_evidence(seeds_diff):
    row = next(r for r in seeds_diff.rows if r.b is not None and "Daioyu" in r.b.text)
    assert [f.kind for f in row.findings] == ["name-spelling"]
    assert all(f.status != "agreement" for f in seeds_diff.findings)


def test_identical_versions_have_no_changes():
    diff = compare(STORY, STORY)
    assert not diff.differs
    assert {r.kind for r in diff.rows} == {"aligned"}
    assert "".join(r.a.text for r in diff.rows).replace(" ", "") == "".join(STORY.split())


def test_case_and_quote_styles_alone_are_not_changes():
    curly = STORY.replace("Japan and Russia agreed", "JAPAN and Russia agreed") + "\u201cWe are ready,\u201d he said.\n"
    straight = STORY + '"We are ready," he said.\n'
    assert not compare(curly, straight).differs


def test_an_inserted_paragraph_is_one_added_row():
    inserted = "The talks follow a decade of stalled negotiations over fishing rights near the islands."
    paragraphs = STORY.split("\n\n")
    b_text = "\n\n".join(paragraphs[:3] + [inserted] + paragraphs[3:])
    diff = compare(STORY, b_text)
    added = [r for r in diff.rows if r.kind == "added"]
    assert [r.b.text for r in added] == [inserted]
    assert [r.kind for r in diff.rows if r.kind != "aligned"] == ["added"]
    assert [r.kind for r in diff.rows if r.changed] == ["added"]


def test_a_dropped_paragraph_is_one_removed_row():
    paragraphs = STORY.split("\n\n")
    diff = compare(STORY, "\n\n".join(paragraphs[:2] + paragraphs[3:]))
    assert [(r.kind, r.a.text) for r in diff.rows if r.kind != "aligned"] == [("removed", paragraphs[2])]


def test_ideographs_are_compared_one_by_one():
    tokens = diff_words("日本と中国の関係")
    assert [t.form for t in tokens] == list("日本と中国の関係")
    diff = compare("中国外交部长王毅今天在北京会见了日本外相。\n", "中国外交部长王毅昨天在北京会见了日本外相。\n")
    assert [(op.op, op.a.text, op.b.text) for op in changed_ops(diff)] == [("replace", "今", "昨")]


def test_two_articles_with_one_id_are_refused():
    with pytest.raises(ValueError, match="distinct ids"):
        diff_articles(article("x", STORY), article("x", STORY), findings=())


# --- views ------------------------------------------------------------------------------------


def test_context_keeps_unchanged_rows_near_a_change_and_collapses_the_rest():
    paragraphs = STORY.split("\n\n")
    b_text = "\n\n".join(paragraphs[:-1] + [paragraphs[-1].replace("calm", "tense")])
    diff = compare(STORY, b_text)
    view = visible_rows(diff.rows, context=1)
    assert isinstance(view[0], Collapsed) and view[0].count == len(diff.rows) - 2
    assert [r.changed for r in view[1:]] == [False, True]


def test_only_changes_drops_unchanged_rows_without_a_trace():
    paragraphs = STORY.split("\n\n")
    diff = compare(STORY, "\n\n".join(paragraphs[:2] + paragraphs[3:]))
    view = visible_rows(diff.rows, only_changes=True)
    assert [r.kind for r in view] == ["removed"]


# --- offsets: a property ----------------------------------------------------------------------

WORDS = (
    "talks treaty islands minister Tokyo Moscow agreed peace dispute sovereignty fishing "
    "reserves troops said would hold meeting January officials nations"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
story = st.lists(paragraph, min_size=1, max_size=6)


@st.composite
def two_versions(draw):
    a = draw(story)
    b = list(a)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(("insert", "delete", "edit", "curl")))
        at = draw(st.integers(0, max(0, len(b) - 1)))
        if action == "insert":
            b.insert(at, draw(paragraph))
        elif action == "delete" and len(b) > 1:
            del b[at]
        elif action == "edit" and b:
            words = b[at].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS + ["\u201cquoted\u201d", "\u00e9t\u00e9"]))
            b[at] = " ".join(words)
        elif b:
            b[at] = b[at].upper()
    return "\n\n".join(a) + "\n", "\n\n".join(b) + "\n"


def _spans(row: DiffRow):
    yield from (s for s in (row.a, row.b) if s is not None)
    for op in row.ops:
        yield op.a
        yield op.b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_versions())
def test_every_span_of_every_row_indexes_its_articles_text(versions):
    a, b = article("a", versions[0]), article("b", versions[1])
    diff = diff_articles(a, b, findings=())
    texts = {"a": a.text, "b": b.text}
    for row in diff.rows:
        for span in _spans(row):
            assert texts[span.doc][span.start : span.end] == span.text
        if row.a is not None:
            assert row.a.doc == "a"
        if row.b is not None:
            assert row.b.doc == "b"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_versions())
def test_the_word_ops_of_a_turn_its_words_into_those_of_b(versions):
    a, b = article("a", versions[0]), article("b", versions[1])
    diff = diff_articles(a, b, findings=())
    for row in diff.rows:
        if row.kind not in ("aligned", "moved"):
            continue
        rebuilt = []
        for op in row.ops:
            rebuilt += (
                [t.form for t in diff_words(b.text, op.b.start, op.b.end)]
                if op.op != "equal"
                else [t.form for t in diff_words(a.text, op.a.start, op.a.end)]
            )
        assert rebuilt == [t.form for t in diff_words(b.text, row.b.start, row.b.end)]
    covered_a = sorted((r.a.start, r.a.end) for r in diff.rows if r.a is not None)
    assert all(x[1] <= y[0] for x, y in zip(covered_a, covered_a[1:])), "no character of A is in two rows"
    assert diff.differs == (versions[0].casefold().split() != versions[1].casefold().split())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_versions())
def test_the_unified_word_diff_of_any_two_versions_gives_both_back(versions):
    diff = diff_articles(article("a", versions[0]), article("b", versions[1]), findings=())
    bodies = [b.strip("\n") for b in re.split(r"^@@ .*@@.*$", render_diff_unified(diff), flags=re.MULTILINE)[1:]]
    for row, body in zip(diff.rows, bodies, strict=True):
        old, new = _sides(body)
        assert [t.form for t in diff_words(old)] == ([t.form for t in diff_words(row.a.text)] if row.a else [])
        assert [t.form for t in diff_words(new)] == ([t.form for t in diff_words(row.b.text)] if row.b else [])


# --- renderers --------------------------------------------------------------------------------

CHINESE_A = (
    "中国外交部发言人今天表示，中方希望日方正视历史，以实际行动改善两国关系。\n\n"
    "发言人说，钓鱼岛及其附属岛屿自古以来就是中国的固有领土，中方维护领土主权的决心坚定不移。\n"
)
CHINESE_B = (
    "中国外交部发言人昨天表示，中方希望日方正视历史，以实际行动改善两国关系。\n\n"
    "发言人说，钓鱼岛及其附属岛屿自古以来就是中国的固有领土，中方维护领土主权的决心坚定不移。\n"
)


def test_wide_characters_wrap_inside_the_terminal_width():
    diff = compare(CHINESE_A, CHINESE_B)
    out = render_diff_text(diff, visible_rows(diff.rows, None), width=60)
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert "[-今-]" in out and "{+昨+}" in out
    assert "领土主权" in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_seed_diff_fits_a_narrow_terminal(seeds_diff):
    out = render_diff_text(seeds_diff, visible_rows(seeds_diff.rows), width=72)
    assert max(cell_len(line) for line in out.splitlines()) <= 72


def test_colour_marks_changes_with_styles_not_brackets(seeds_diff):
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    print_diff(seeds_diff, visible_rows(seeds_diff.rows), console)
    out = buffer.getvalue()
    assert "\x1b[" in out
    assert "[-seized-]" not in out and "seized" in out


def test_piped_output_has_no_escapes_and_brackets_changes():
    result = CliRunner().invoke(main, ["diff", str(AFP), str(SCMP)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "[-seized-]" in result.stdout and "{+occupied+}" in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_color_on_a_terminal_gives_plain_text(seeds_diff, monkeypatch):
    from reconcile.cli import diff as diffview

    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    diffview._write(seeds_diff, visible_rows(seeds_diff.rows), "text", "-", 100)
    assert "\x1b" not in terminal.getvalue()
    assert "[-seized-]" in terminal.getvalue()


def test_a_terminal_without_no_color_gets_colour(seeds_diff, monkeypatch):
    from reconcile.cli import diff as diffview

    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    diffview._write(seeds_diff, visible_rows(seeds_diff.rows), "text", "-", 100)
    assert "\x1b[" in terminal.getvalue()


def test_findings_are_marked_where_they_occur_and_explained_under_the_row(seeds_diff):
    out = render_diff_text(seeds_diff, visible_rows(seeds_diff.rows), width=120)
    number = re.search(r"Daioyu\+?\}?\[(\d+)\]", out).group(1)
    assert re.search(rf"\[{number}\]\s+error\s+name-spelling \"Daioyu\" looks like a misspelling", out)


_HUNK = re.compile(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@ (aligned|moved|removed|added)( \d\.\d\d)?$")


def _sides(body: str) -> tuple[str, str]:
    """A hunk body as (old, new) text, the way a word-diff reader takes it apart."""
    old = re.sub(r"\{\+.*?\+\}", "", body, flags=re.DOTALL)
    new = re.sub(r"\[-.*?-\]", "", body, flags=re.DOTALL)
    return re.sub(r"\[-(.*?)-\]", r"\1", old, flags=re.DOTALL), re.sub(r"\{\+(.*?)\+\}", r"\1", new, flags=re.DOTALL)


def test_unified_word_diff_gives_back_both_versions_word_for_word(seeds_diff):
    out = render_diff_unified(seeds_diff, visible_rows(seeds_diff.rows, None))
    lines = out.split("\n")
    assert lines[0] == f"--- a/{AFP}" and lines[1] == f"+++ b/{SCMP}"
    hunks = re.split(r"^(@@ .*@@.*)$", "\n".join(lines[2:]), flags=re.MULTILINE)[1:]
    headers, bodies = hunks[0::2], [b.strip("\n") for b in hunks[1::2]]
    assert len(headers) == len(seeds_diff.rows) and all(_HUNK.match(h) for h in headers)
    a, b = seeds_diff.a, seeds_diff.b
    for row, body in zip(seeds_diff.rows, bodies):
        old, new = _sides(body)
        if row.a is not None:
            assert [t.form for t in diff_words(old)] == [t.form for t in diff_words(a.text, row.a.start, row.a.end)]
        if row.b is not None:
            assert [t.form for t in diff_words(new)] == [t.form for t in diff_words(b.text, row.b.start, row.b.end)]


def test_unified_hunks_give_the_lines_of_each_side(seeds_diff):
    out = render_diff_unified(seeds_diff)
    header = next(line for line in out.splitlines() if line.endswith("aligned 0.85"))
    a_line, b_line = int(_HUNK.match(header).group(1)), int(_HUNK.match(header).group(3))
    assert seeds_diff.a.text.split("\n")[a_line - 1].startswith("The islands, which Japan calls")
    assert seeds_diff.b.text.split("\n")[b_line - 1].startswith("The islands, which Japan calls")


@pytest.fixture(scope="module")
def diff_schema():
    return json.loads(resources.files("reconcile.schema").joinpath("diff.schema.json").read_text(encoding="utf-8"))


def test_json_validates_against_the_published_schema(seeds_diff, diff_schema):
    for view in (None, visible_rows(seeds_diff.rows, 1), visible_rows(seeds_diff.rows, only_changes=True)):
        jsonschema.validate(json.loads(render_diff_json(seeds_diff, view)), diff_schema)


def test_json_spans_are_offsets_into_the_texts(seeds_diff):
    data = diff_to_json(seeds_diff)
    texts = {seeds_diff.a.id: seeds_diff.a.text, seeds_diff.b.id: seeds_diff.b.text}
    spans = [s for row in data["rows"] for s in (row["a"], row["b"]) if s]
    spans += [side for row in data["rows"] for op in row["ops"] for side in (op["a"], op["b"])]
    assert spans and all(texts[s["doc"]][s["start"] : s["end"]] == s["text"] for s in spans)
    name_spelling = [n for n, f in enumerate(data["findings"]) if f["kind"] == "name-spelling"]
    assert any(set(name_spelling) & set(row["findings"]) for row in data["rows"])


# --- the command ------------------------------------------------------------------------------


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, ["diff", *args], **kwargs)


def test_exit_code_is_1_when_the_versions_differ_in_words():
    assert run(str(AFP), str(SCMP), "--exit-code").exit_code == 1
    assert run(str(AFP), str(SCMP)).exit_code == 0


def test_exit_code_is_0_for_identical_files():
    result = run(str(AFP), str(AFP), "--exit-code", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["differs"] is False


def test_one_version_may_come_from_standard_input():
    result = run("-", str(SCMP), "--exit-code", "--format", "unified", input=SCMP.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/<stdin>\n+++ b/")


def test_output_goes_to_a_file_with_o(tmp_path):
    target = tmp_path / "diff.json"
    result = run(str(AFP), str(SCMP), "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "reconcile.diff/1"


@pytest.mark.parametrize(
    "args, message",
    [
        (("missing.txt", str(SCMP)), "missing.txt: no such file or directory"),
        ((str(SEEDS), str(SCMP)), "holds 5 articles"),
        (("-", "-"), "only one of A and B can be standard input"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    result = run(str(AFP), str(SCMP), "-o", str(tmp_path / "no" / "such" / "dir" / "diff.txt"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cannot write the diff" in result.stderr


def test_seed_diff_matches_its_golden_file(golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(f"seeds/{AFP.name}", f"seeds/{SCMP.name}", "--width", "120", catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    golden(ROOT / "tests" / "golden" / "diff_seeds_000_004.txt", result.stdout)


def test_words_that_differ_only_in_accents_are_changes_unless_folded(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Mayor\n\nThe mayor, Enrique Peña, met officials in München on Monday about the plan.\n", encoding="utf-8")
    b.write_text("Mayor\n\nThe mayor, Enrique Pena, met officials in Munchen on Monday about the plan.\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["diff", str(a), str(b), "--exit-code", "--format", "unified"])
    assert shown.exit_code == 1
    assert "[-Peña-]{+Pena+}" in shown.stdout.replace(" ", "") and "[-München-]{+Munchen+}" in shown.stdout.replace(" ", "")
    assert runner.invoke(main, ["diff", str(a), str(b), "--exit-code", "--fold-accents"]).exit_code == 0
