"""Golden reports for the seeds. Reviewed by hand; rewritten only with --update-golden."""

import json

import pytest
from click.testing import CliRunner

from reconcile.cli import main

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _report(fmt: str, *extra: str) -> str:
    # Run from the repository root with a relative path so that paths in the report are stable.
    result = CliRunner().invoke(main, ["report", "seeds", "--format", fmt, "--width", "110", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "name, fmt, extra",
    [
        ("seeds.report.txt", "text", ()),
        ("seeds.report.md", "markdown", ("--show-agreements",)),
        ("seeds.report.json", "json", ()),
    ],
)
def test_seed_report_matches_its_golden_file(name, fmt, extra, golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    actual = _report(fmt, *extra)
    if fmt == "json":
        data = json.loads(actual)
        data.pop("reconcile")  # the version changes on release, not the report
        data["settings"].get("overlap", {}).pop("reconcile", None)
        actual = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    golden(GOLDEN / name, actual)
