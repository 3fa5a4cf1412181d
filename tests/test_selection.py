"""Selecting and ignoring finding kinds and statuses, severities per kind and per-file
ignores, as ruff selects its rules: on the command line and in the config file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import main
from reconcile.ingest import article_from_text
from reconcile.model import Finding, Report, Span
from reconcile.selection import SelectionError, apply_selection, parse_selection

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def finding(kind: str, status: str, doc: str = "a", severity: str = "warning") -> Finding:
    return Finding(kind, status, severity, f"{kind} {status}", (), (Span(doc, 0, 1, "x"),), f"{kind}-{status}-{doc}")


def report(*findings: Finding) -> Report:
    docs = [article_from_text("a", "x", "wire/a.txt"), article_from_text("b", "x", "archive/b.txt")]
    return Report(documents=docs, findings=list(findings))


def kinds(result: Report) -> list[tuple[str, str]]:
    return [(f.kind, f.status) for f in result.findings]


FINDINGS = (
    finding("name-spelling", "conflict"),
    finding("name-variant", "variant"),
    finding("number", "conflict"),
    finding("date", "agreement"),
    finding("caption", "conflict", doc="b"),
)


def test_select_keeps_kinds_families_and_statuses():
    assert kinds(apply_selection(report(*FINDINGS), parse_selection(select=["name"]))) == [
        ("name-spelling", "conflict"),
        ("name-variant", "variant"),
    ]
    assert kinds(apply_selection(report(*FINDINGS), parse_selection(select=["number,caption"]))) == [
        ("number", "conflict"),
        ("caption", "conflict"),
    ]
    assert [s for _, s in kinds(apply_selection(report(*FINDINGS), parse_selection(select=["conflict"])))] == ["conflict"] * 3


def test_ignore_drops_what_select_kept():
    chosen = parse_selection(select=["ALL"], ignore=["name-variant", "agreement"])
    assert kinds(apply_selection(report(*FINDINGS), chosen)) == [
        ("name-spelling", "conflict"),
        ("number", "conflict"),
        ("caption", "conflict"),
    ]


def test_severity_is_set_per_kind_the_last_rule_winning():
    chosen = parse_selection(severity=["name=info", "name-spelling=error"])
    result = apply_selection(report(*FINDINGS), chosen)
    assert {f.kind: f.severity for f in result.findings}["name-spelling"] == "error"
    assert {f.kind: f.severity for f in result.findings}["name-variant"] == "info"


def test_per_file_ignores_drop_findings_whose_evidence_lies_only_in_matching_files():
    chosen = parse_selection(per_file_ignores=["archive/*=caption,date"])
    assert ("caption", "conflict") not in kinds(apply_selection(report(*FINDINGS), chosen))
    assert ("date", "agreement") in kinds(apply_selection(report(*FINDINGS), chosen))  # its evidence is in wire/a.txt


@pytest.mark.parametrize(
    "call",
    [
        lambda: parse_selection(select=["nmae"]),
        lambda: parse_selection(severity=["name-spelling"]),
        lambda: parse_selection(severity=["name-spelling=loud"]),
        lambda: parse_selection(per_file_ignores=["caption"]),
    ],
)
def test_a_selector_that_names_nothing_is_an_error(call):
    with pytest.raises(SelectionError):
        call()


def test_the_command_line_selects_and_sets_severities_and_exit_codes_follow():
    runner = CliRunner()
    result = runner.invoke(
        main, ["report", str(SEEDS), "--format", "json", "--select", "name", "--severity", "name-spelling=warning", "--fail-on", "error"]
    )
    assert result.exit_code == 0, result.stderr  # the one error became a warning
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["kind"].startswith("name") for f in findings)
    assert {f["severity"] for f in findings if f["kind"] == "name-spelling"} == {"warning"}


def test_a_mistyped_kind_fails_before_any_analysis():
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--ignore", "nmae-spelling"])
    assert result.exit_code == 2 and "--ignore 'nmae-spelling'" in result.stderr


def test_the_config_file_selects_too(tmp_path, monkeypatch):
    (tmp_path / "reconcile.toml").write_text(
        'ignore = ["alias", "name-variant"]\n[severity]\ncaption = "warning"\n[per-file-ignores]\n"*004_*.txt" = ["name-spelling"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--format", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["status"] != "agreement"]
    assert [(f["kind"], f["severity"]) for f in findings] == [("caption", "warning")]
