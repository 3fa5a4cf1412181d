"""The command line as users meet it: exit codes, streams, formats and bad input."""

import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from reconcile.cli import main

from .conftest import SEEDS


@pytest.fixture(scope="module")
def schema():
    return json.loads(resources.files("reconcile.schema").joinpath("report.schema.json").read_text())


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture(scope="module")
def seeds_json():
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_report_validates_against_the_published_schema(seeds_json, schema):
    jsonschema.validate(seeds_json, schema)
    assert seeds_json["schema"] == "reconcile.report/1"


def test_every_span_in_the_report_indexes_its_article(seeds_json):
    texts = {d["id"]: (SEEDS / (d["id"] + ".txt")).read_text(encoding="utf-8") for d in seeds_json["documents"]}
    spans = [s for o in seeds_json["overlaps"] for s in (o["a"], o["b"])]
    spans += [s for f in seeds_json["findings"] for s in f["evidence"]]
    spans += [s for d in seeds_json["documents"] for s in d["captions"] + d["boilerplate"]]
    assert spans
    for span in spans:
        assert texts[span["doc"]][span["start"]:span["end"]] == span["text"]


def test_the_wire_story_and_its_rewrite_share_at_least_eleven_passages(seeds_json):
    pairs = [o for o in seeds_json["overlaps"] if o["a"]["doc"].startswith("000") and o["b"]["doc"].startswith("004")]
    assert len(pairs) >= 11
    assert any(o["kind"] == "edited" and "thundered to a close" in o["a"]["text"]
               and "dying days" in o["b"]["text"] for o in pairs)


def test_unrelated_stories_share_no_passages(seeds_json):
    related = {("000", "004")}
    for o in seeds_json["overlaps"]:
        assert (o["a"]["doc"][:3], o["b"]["doc"][:3]) in related


def test_seed_report_json_is_the_only_thing_on_stdout():
    result = run("report", str(SEEDS), "--format", "json")
    json.loads(result.stdout)
    assert result.stderr == ""


def test_text_report_has_no_colour_codes_when_piped():
    result = run("report", str(SEEDS))
    assert "\x1b[" not in result.stdout
    assert "Shared passages" in result.stdout


def test_fail_on_decides_the_exit_code(seeds_json):
    severities = {f["severity"] for f in seeds_json["findings"]}
    assert run("report", str(SEEDS), "--fail-on", "never").exit_code == 0
    assert run("report", str(SEEDS), "--fail-on", "info").exit_code == (1 if severities else 0)
    expected = 1 if "error" in severities else 0
    assert run("report", str(SEEDS), "--fail-on", "error").exit_code == expected


def test_a_bad_input_is_named_on_stderr_the_rest_reported_and_exit_is_2(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    result = run("report", str(SEEDS), str(broken), "--format", "json")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(broken) in lines[0] and "binary" in lines[0]
    report = json.loads(result.stdout)
    assert len(report["documents"]) == 5
    assert report["problems"][0]["path"] == str(broken)


def test_nothing_readable_is_an_error(tmp_path):
    result = run("report", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "nothing was checked" in result.stderr


def test_overlaps_command_reports_no_findings(tmp_path):
    result = run("overlaps", str(SEEDS), "--format", "json")
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["overlaps"]


def test_standard_input_is_read_with_a_dash():
    text = (SEEDS / "000_292bb0b63afabb01.txt").read_text(encoding="utf-8")
    result = run("overlaps", "-", str(SEEDS / "004_b816fb8022280b9f.txt"), "--format", "json", input=text)
    report = json.loads(result.stdout)
    assert {d["id"] for d in report["documents"]} == {"stdin", "004_b816fb8022280b9f"}
    assert report["overlaps"]


def test_report_written_to_a_file_keeps_stdout_empty(tmp_path):
    out = tmp_path / "report.md"
    result = run("report", str(SEEDS), "--format", "markdown", "-o", str(out))
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# reconcile report")


def test_a_bad_published_date_is_a_usage_error():
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--published", "someday"])
    assert result.exit_code == 2
    assert "--published" in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert main.commands[command].help
