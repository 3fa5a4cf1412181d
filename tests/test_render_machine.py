"""Machine output formats: JSON Lines, SARIF 2.1.0, GitHub workflow commands, JUnit XML.

Each format is checked on the real seed report and on small hand-made reports that pin
one behaviour each. JSONL and SARIF are validated against their JSON Schemas (SARIF's is
the official OASIS schema, vendored in tests/schemas/).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.findings.base import make_finding
from reconcile.ingest import article_from_text
from reconcile.model import InputProblem, Report
from reconcile.pipeline import analyse
from reconcile.render import RenderOptions, renderer
from reconcile.render.github import escape_data, escape_property, render_github
from reconcile.render.jsonl import render_jsonl
from reconcile.render.junit import render_junit
from reconcile.render.sarif import TextPositions, artifact_uri, line_col, render_sarif

from .conftest import SEEDS

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@pytest.fixture(scope="module")
def seeds_report(seed_articles):
    return analyse(list(seed_articles.values()))


@pytest.fixture(scope="module")
def finding_schema():
    return json.loads(resources.files("reconcile.schema").joinpath("finding.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def sarif_errors(validator, log: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


# Small hand-made reports: one article (or two), findings built the way the kind modules build them.

TEXT = "Talks in Tokyo\n\nMinister Sergei Lavrov met Fumio Kishida.\r\nThey met 4 times in Moskow.\n"


def article(text: str = TEXT, doc_id: str = "a", path: str = "news/a.txt", **kw):
    return article_from_text(doc_id, text, path, **kw)


def span_of(art, needle: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = art.text.index(needle, start + 1)
    return art.span(start, start + len(needle))


def finding(
    art, needle: str, kind: str = "name-spelling", status: str = "conflict", severity: str | None = None, subject: str = "", extra=()
):
    evidence = [span_of(art, needle), *extra]
    return make_finding(kind, status, f"{needle!r} is in question", [needle], evidence, subject=subject or needle, severity=severity)


def small_report(**kw) -> Report:
    a = article()
    findings = [
        finding(a, "Moskow", "name-spelling", "conflict", "warning"),
        finding(a, "Sergei", "name-variant", "variant", "info"),
        finding(a, "Kishida", "role", "agreement", "info"),
        finding(a, "Tokyo", "caption", "conflict", "error"),
    ]
    return Report(documents=[a], findings=findings, **kw)


# Positions shared by every format


@given(st.text(alphabet=st.sampled_from("ab \n\r\u00e9\u4e2d\U0001f600"), max_size=60), st.data())
def test_line_and_column_count_lines_by_newline_and_columns_by_code_point(text, data):
    offset = data.draw(st.integers(0, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    assert line_col(text, offset) == (text.count("\n", 0, offset) + 1, offset - line_start + 1)


def test_a_region_ends_after_its_last_character_on_that_characters_line():
    positions = TextPositions("ab\ncd\n")
    assert positions.region(3, 6) == (2, 1, 2, 4)  # "cd\n" ends on line 2, not at line 3 column 1
    assert positions.region(1, 1) == (1, 2, 1, 2)


def test_artifact_uris_keep_relative_paths_relative_and_encode_what_a_uri_cannot_hold():
    assert artifact_uri("seeds/000.txt") == "seeds/000.txt"
    assert artifact_uri("news/a b:c.txt") == "news/a%20b%3Ac.txt"
    assert artifact_uri("/srv/news/a b.txt") == "file:///srv/news/a%20b.txt"


def test_every_machine_format_is_registered_by_name():
    for fmt, render in [("jsonl", render_jsonl), ("sarif", render_sarif), ("github", render_github), ("junit", render_junit)]:
        assert renderer(fmt) is render


# JSON Lines


def test_every_jsonl_line_of_the_seed_report_validates_against_the_finding_schema(seeds_report, finding_schema):
    lines = render_jsonl(seeds_report).splitlines()
    assert len(lines) == len(seeds_report.findings) > 0
    for line in lines:
        jsonschema.validate(json.loads(line), finding_schema)


def test_jsonl_keeps_agreements_for_consumers_to_filter(seeds_report):
    statuses = {json.loads(line)["status"] for line in render_jsonl(seeds_report).splitlines()}
    assert statuses == {f.status for f in seeds_report.findings} and "agreement" in statuses


def test_jsonl_lines_carry_the_finding_fields_unchanged(seeds_report):
    for line, f in zip(render_jsonl(seeds_report).splitlines(), seeds_report.findings):
        row = json.loads(line)
        assert (row["kind"], row["status"], row["severity"], row["message"], row["fingerprint"]) == (
            f.kind,
            f.status,
            f.severity,
            f.message,
            f.fingerprint,
        )
        assert [(e["doc"], e["start"], e["end"], e["text"]) for e in row["evidence"]] == [
            (s.doc, s.start, s.end, s.text) for s in f.evidence
        ]


def test_jsonl_evidence_names_the_file_and_the_line_and_column_where_its_text_stands(seeds_report):
    for line in render_jsonl(seeds_report).splitlines():
        for e in json.loads(line)["evidence"]:
            file_lines = Path(e["path"]).read_text(encoding="utf-8").split("\n")
            start = e["column"] - 1
            assert file_lines[e["line"] - 1][start : start + len(e["text"])] == e["text"].split("\n")[0]


def test_suppressed_findings_are_jsonl_lines_marked_suppressed(finding_schema):
    report = small_report()
    report.suppressed, report.findings = report.findings[:1], report.findings[1:]
    rows = [json.loads(line) for line in render_jsonl(report).splitlines()]
    assert [r["suppressed"] for r in rows] == [False, False, False, True]
    assert rows[-1]["fingerprint"] == report.suppressed[0].fingerprint
    for row in rows:
        jsonschema.validate(row, finding_schema)


def test_a_jsonl_line_stays_one_line_whatever_line_breaks_the_evidence_holds():
    a = article("One\u2028two\x85three\u2029four\nfive\x1csix.\n")
    report = Report(documents=[a], findings=[make_finding("quote", "variant", "m", ["x"], [a.span(0, len(a.text))])])
    out = render_jsonl(report)
    assert len(out.splitlines()) == 1
    assert json.loads(out)["evidence"][0]["text"] == a.text


def test_jsonl_evidence_of_text_that_is_not_the_file_content_has_no_line_or_column(finding_schema):
    a = article(text_is_file_content=False)
    report = Report(documents=[a], findings=[finding(a, "Moskow")])
    row = json.loads(render_jsonl(report))
    assert "line" not in row["evidence"][0] and row["evidence"][0]["path"] == "news/a.txt"
    jsonschema.validate(row, finding_schema)


def test_an_empty_report_is_an_empty_jsonl_stream():
    assert render_jsonl(Report(documents=[])) == ""


# SARIF 2.1.0


def test_the_seed_report_is_valid_sarif(seeds_report, sarif_validator):
    for options in (RenderOptions(), RenderOptions(show_agreements=True)):
        assert sarif_errors(sarif_validator, json.loads(render_sarif(seeds_report, options))) == []


def test_a_report_with_suppressions_problems_and_non_file_text_is_valid_sarif(sarif_validator):
    report = small_report(problems=[InputProblem("bad.html", "cannot decode as UTF-8")])
    html = article(doc_id="h", path="news/h.html", text_is_file_content=False)
    report.documents.append(html)
    report.suppressed = [finding(html, "Lavrov")]
    log = json.loads(render_sarif(report, RenderOptions(show_agreements=True)))
    assert sarif_errors(sarif_validator, log) == []


def test_sarif_names_the_tool_and_declares_code_point_columns(seeds_report):
    run = json.loads(render_sarif(seeds_report))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("reconcile", seeds_report.settings["reconcile"])
    assert run["columnKind"] == "unicodeCodePoints"


def test_every_sarif_result_points_at_the_rule_for_its_kind(seeds_report):
    run = json.loads(render_sarif(seeds_report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert rules[result["ruleIndex"]]["shortDescription"]["text"]


def test_an_unknown_finding_kind_still_gets_a_rule():
    a = article()
    report = Report(documents=[a], findings=[finding(a, "Moskow", kind="brand-new-kind")])
    run = json.loads(render_sarif(report))["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "brand-new-kind"


def test_sarif_levels_follow_severity():
    results = json.loads(render_sarif(small_report()))["runs"][0]["results"]
    assert {r["ruleId"]: r["level"] for r in results} == {"name-spelling": "warning", "name-variant": "note", "caption": "error"}


def test_sarif_leaves_agreements_out_unless_asked_then_shows_them_as_passes():
    assert "role" not in {r["ruleId"] for r in json.loads(render_sarif(small_report()))["runs"][0]["results"]}
    shown = json.loads(render_sarif(small_report(), RenderOptions(show_agreements=True)))["runs"][0]["results"]
    agreement = next(r for r in shown if r["ruleId"] == "role")
    assert (agreement["kind"], agreement["level"]) == ("pass", "none")


def test_sarif_partial_fingerprints_are_the_finding_fingerprints(seeds_report):
    results = json.loads(render_sarif(seeds_report, RenderOptions(show_agreements=True)))["runs"][0]["results"]
    assert [r["partialFingerprints"]["reconcile/v1"] for r in results] == [f.fingerprint for f in seeds_report.findings]


def test_sarif_fingerprints_survive_an_edit_elsewhere_in_the_article():
    paths = [next(SEEDS.glob("000_*.txt")), next(SEEDS.glob("004_*.txt"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    marker = "Kishida said he would visit Russia"
    edited = texts[0].replace(marker, "The talks were held at the foreign ministry.\n\n" + marker)

    def results(first_text):
        articles = [article_from_text(p.stem, t, str(p)) for p, t in zip(paths, [first_text, texts[1]])]
        log = json.loads(render_sarif(analyse(articles), RenderOptions(show_agreements=True)))
        return {r["partialFingerprints"]["reconcile/v1"]: r for r in log["runs"][0]["results"]}

    before, after = results(texts[0]), results(edited)
    assert set(before) == set(after) and len(before) > 5
    moved = [
        fp
        for fp in before
        if before[fp]["locations"] != after[fp]["locations"] or before[fp].get("relatedLocations") != after[fp].get("relatedLocations")
    ]
    assert moved  # the regions did shift; the fingerprints did not


def test_suppressed_findings_stay_in_sarif_marked_as_suppressed_by_the_baseline():
    report = small_report()
    report.suppressed, report.findings = report.findings[:1], report.findings[1:]
    results = json.loads(render_sarif(report))["runs"][0]["results"]
    marked = [r for r in results if "suppressions" in r]
    assert [r["partialFingerprints"]["reconcile/v1"] for r in marked] == [report.suppressed[0].fingerprint]
    assert marked[0]["suppressions"] == [{"kind": "external", "justification": "in baseline"}]


def test_sarif_regions_count_columns_in_code_points():
    a = article("\U0001f600 \u00e9t\u00e9 Moskow\n")
    region = json.loads(render_sarif(Report(documents=[a], findings=[finding(a, "Moskow")])))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"
    ]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"], region["charOffset"]) == (1, 7, 13, 6)


def test_sarif_gives_no_file_region_for_text_that_is_not_the_file_content():
    a = article(path="news/a.html", text_is_file_content=False)
    location = json.loads(render_sarif(Report(documents=[a], findings=[finding(a, "Moskow")])))["runs"][0]["results"][0]["locations"][0]
    assert "region" not in location["physicalLocation"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "news/a.html"
    assert location["logicalLocations"] == [{"name": "a", "kind": "article"}]
    assert location["properties"]["span"]["text"] == "Moskow"


def test_unreadable_inputs_are_sarif_tool_notifications():
    report = Report(documents=[], problems=[InputProblem("bad.txt", "cannot decode")])
    invocation = json.loads(render_sarif(report))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "cannot decode"


def test_the_primary_sarif_location_is_in_the_article_under_check():
    old, new = article(doc_id="old", path="archive/old.txt"), article(doc_id="new", path="inbox/new.txt")
    f = finding(old, "Moskow", extra=[span_of(new, "Moskow")])
    report = Report(documents=[old, new], findings=[f], settings={"check": {"new": ["new"]}})
    result = json.loads(render_sarif(report))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "inbox/new.txt"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "archive/old.txt"


def _spans(text: str):
    return st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \n\r\t\u00e9\u0301\u4e2d\U0001f600\u2028"), min_size=1, max_size=80).flatmap(
        lambda t: st.tuples(st.just(t), _spans(t))
    )
)
def test_every_sarif_region_indexes_the_article_text_by_offset_and_by_line_and_column(case):
    text, bounds = case
    a = article(text)
    f = make_finding("quote", "variant", "m", ["v"], [a.span(s, e) for s, e in bounds])
    result = json.loads(render_sarif(Report(documents=[a], findings=[f])))["runs"][0]["results"][0]
    lines = text.split("\n")
    line_offsets = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    for location in result["locations"] + result.get("relatedLocations", []):
        region = location["physicalLocation"]["region"]
        start, length = region["charOffset"], region["charLength"]
        assert text[start : start + length] == region["snippet"]["text"]
        assert line_offsets[region["startLine"] - 1] + region["startColumn"] - 1 == start
        if length:
            last = start + length - 1
            assert line_offsets[region["endLine"] - 1] + region["endColumn"] - 2 == last


# GitHub workflow commands


def test_github_annotations_use_the_command_for_each_severity_and_skip_agreements():
    commands = [line.split(" ", 1)[0] for line in render_github(small_report()).splitlines()]
    assert commands == ["::warning", "::notice", "::error"]


def annotation_properties(line: str) -> dict:
    return dict(p.split("=", 1) for p in line.split(" ", 1)[1].split("::", 1)[0].split(","))


def test_github_annotations_give_1_based_lines_and_columns_of_the_evidence(seeds_report):
    for finding, line in zip([f for f in seeds_report.findings if f.status != "agreement"], render_github(seeds_report).splitlines()):
        props = annotation_properties(line)
        span = finding.evidence[0]
        file_line = Path(props["file"]).read_text(encoding="utf-8").split("\n")[int(props["line"]) - 1]
        assert file_line[int(props["col"]) - 1 :].startswith(span.text.split("\n")[0])
        if props["line"] == props["endLine"]:
            assert file_line[int(props["col"]) - 1 : int(props["endColumn"]) - 1] == span.text


def test_github_escapes_messages_and_properties_as_the_runner_decodes_them():
    assert escape_data("50% of\r\nthem") == "50%25 of%0D%0Athem"
    assert escape_property("a,b: c%") == "a%2Cb%3A c%25"


def test_a_hostile_message_cannot_start_a_second_workflow_command():
    a = article("He said:\n::error file=x::pwned\nMoskow.\n", path="news/a,b:c.txt")
    f = make_finding("quote", "conflict", "quote\n::error::pwned", ["x"], [a.span(0, len(a.text))])
    out = render_github(Report(documents=[a], findings=[f])).splitlines()
    assert len(out) == 1 and out[0].startswith("::error file=news/a%2Cb%3Ac.txt,")


def test_past_githubs_limit_of_ten_a_level_a_final_line_says_how_many_were_not_shown():
    a = article(" ".join(f"w{i}" for i in range(30)))
    findings = [finding(a, f"w{i} ", severity="error", subject=str(i)) for i in range(12)]
    findings += [finding(a, f"w{i} ", severity="info", status="variant", subject=str(i)) for i in range(12, 15)]
    out = render_github(Report(documents=[a], findings=findings)).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::notice ") for line in out) == 3
    assert not out[-1].startswith("::") and "2 more findings were not annotated" in out[-1]


def test_suppressed_findings_are_not_annotated_but_counted():
    report = small_report()
    report.suppressed, report.findings = report.findings[:1], report.findings[1:]
    out = render_github(report).splitlines()
    assert not any("Moskow" in line for line in out)
    assert out[-1] == "1 finding already in the baseline not shown (suppressed)."


def test_under_check_github_annotates_only_findings_that_touch_a_new_article():
    old, new = article(doc_id="old", path="archive/old.txt"), article(doc_id="new", path="inbox/new.txt")
    archive_only = finding(old, "Moskow")
    shared = finding(old, "Sergei", extra=[span_of(new, "Sergei")])
    report = Report(documents=[old, new], findings=[archive_only, shared], settings={"check": {"new": ["new"]}})
    out = render_github(report).splitlines()
    assert len(out) == 1 and "file=inbox/new.txt" in out[0]


def test_github_names_only_the_file_for_text_that_is_not_the_file_content():
    a = article(path="news/a.html", text_is_file_content=False)
    out = render_github(Report(documents=[a], findings=[finding(a, "Moskow", severity="warning")]))
    assert out.startswith("::warning file=news/a.html,title=")


# JUnit XML


def junit_cases(xml_text: str):
    root = ET.fromstring(xml_text)
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "reconcile"
    return suites[0], suites[0].findall("testcase")


def test_junit_has_one_test_case_per_seed_article_named_by_path(seeds_report):
    suite, cases = junit_cases(render_junit(seeds_report))
    assert [c.get("name") for c in cases] == [a.path for a in seeds_report.documents]
    assert {c.get("classname") for c in cases} == {"reconcile"}
    assert suite.get("tests") == str(len(cases))


def test_junit_failures_are_the_conflicts_and_variants_worth_a_warning_in_each_article(seeds_report):
    suite, cases = junit_cases(render_junit(seeds_report))
    for case, doc in zip(cases, seeds_report.documents):
        expected = [
            f.message
            for f in seeds_report.findings
            if f.status != "agreement" and f.severity != "info" and any(s.doc == doc.id for s in f.evidence)
        ]
        assert [x.get("message") for x in case.findall("failure")] == expected
    assert suite.get("failures") == str(sum(bool(c.findall("failure")) for c in cases)) != "0"


def test_junit_lists_the_other_findings_in_system_out_not_as_failures():
    _, (case,) = junit_cases(render_junit(small_report()))
    assert [f.get("type") for f in case.findall("failure")] == ["name-spelling/conflict", "caption/conflict"]
    out = case.find("system-out").text
    assert "name-variant" in out and "agreement role" in out


def test_junit_counts_suppressed_findings_as_passing_and_says_so():
    report = small_report()
    report.suppressed, report.findings = report.findings[:1], report.findings[1:]
    _, (case,) = junit_cases(render_junit(report))
    assert [f.get("type") for f in case.findall("failure")] == ["caption/conflict"]
    assert "(in baseline)" in case.find("system-out").text


def test_junit_under_check_has_test_cases_only_for_the_new_articles():
    old, new = article(doc_id="old", path="archive/old.txt"), article(doc_id="new", path="inbox/new.txt")
    f = finding(old, "Moskow", extra=[span_of(new, "Moskow")])
    report = Report(documents=[old, new], findings=[f], settings={"check": {"new": ["new"]}})
    suite, cases = junit_cases(render_junit(report))
    assert [c.get("name") for c in cases] == ["inbox/new.txt"]
    assert len(cases[0].findall("failure")) == 1 and suite.get("failures") == "1"


def test_unreadable_inputs_are_junit_errors_named_by_their_path():
    report = small_report(problems=[InputProblem("bad.html", "cannot decode as UTF-8")])
    suite, cases = junit_cases(render_junit(report))
    error_case = next(c for c in cases if c.get("name") == "bad.html")
    assert error_case.find("error").get("message") == "cannot decode as UTF-8"
    assert (suite.get("tests"), suite.get("errors")) == ("2", "1")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_junit_stays_well_formed_xml_whatever_the_article_text(text):
    a = article(text)
    f = make_finding("quote", "conflict", text, [text], [a.span(0, len(text))])
    _, (case,) = junit_cases(render_junit(Report(documents=[a], findings=[f])))
    assert len(case.findall("failure")) == 1


def test_every_machine_format_has_its_section_in_the_format_docs():
    doc = (SEEDS.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    for fmt in ("jsonl", "sarif", "github", "junit"):
        assert f"\n## {fmt}:" in doc


def test_counts_take_the_noun_in_the_right_number():
    from reconcile.render import counted

    assert counted(1, "conflict") == "1 conflict"
    assert counted(0, "variant") == "0 variants"
    assert counted(2, "agreement") == "2 agreements"
