"""The GitHub Actions recipe in README runs its scripts safely on hostile file names: a
pull request names the files, so a name must stay data, never become shell."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOSTILE = ("$(touch PWNED-dollar).txt", "`touch PWNED-backtick`.txt", 'quote" ; touch PWNED-semicolon ; ".txt', "-rf.txt", "new\nline.txt")


def recipe() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A GitHub Actions recipe") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    return yaml.safe_load(block.group(1))


def steps() -> dict[str, dict]:
    return {step.get("name", ""): step for step in recipe()["jobs"]["check"]["steps"]}


def test_no_run_script_pastes_an_expression_into_the_shell():
    # `${{ }}` is expanded before the shell reads the script: only `env:` may carry values.
    for step in recipe()["jobs"]["check"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("xargs") is None, reason="needs git and xargs")
def test_the_recipe_checks_files_with_hostile_names_and_runs_nothing_they_say(tmp_path):
    repo = tmp_path / "newsroom"
    (repo / "archive").mkdir(parents=True)
    (repo / "incoming").mkdir()
    (repo / "ci").mkdir()
    shutil.copy(SEEDS / "000_292bb0b63afabb01.txt", repo / "archive" / "wire.txt")
    (repo / "ci" / "reconcile-baseline.json").write_text('{"schema": "reconcile.baseline/1", "findings": []}\n', encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "archive")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    git("checkout", "-q", "-b", "pr")
    reprint = (SEEDS / "004_b816fb8022280b9f.txt").read_text(encoding="utf-8")
    for name in HOSTILE:
        (repo / "incoming" / name).write_text(reprint, encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "incoming")

    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    script_env = {**env, "GITHUB_OUTPUT": str(output)}
    named = steps()
    for name in ("Bring the archive index up to date", "Articles this pull request adds or changes"):
        step = named[name]
        step_env = {k: ("main" if v == "${{ github.base_ref }}" else v) for k, v in (step.get("env") or {}).items()}
        subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env={**script_env, **step_env}, check=True, capture_output=True)
    assert "any=true" in output.read_text(encoding="utf-8")
    checked = subprocess.run(
        ["bash", "-e", "-c", named["Check them against the archive"]["run"]], cwd=repo, env=script_env, capture_output=True, text=True
    )
    assert checked.returncode in (0, 1, 123), checked.stderr  # xargs says 123 when reconcile exits 1
    assert not list(repo.rglob("PWNED*")) and not list(tmp_path.rglob("PWNED*"))
    assert "::error file=incoming/" in checked.stdout
    # Every hostile name reached reconcile whole: the same script, asked for JSON.
    as_json = named["Check them against the archive"]["run"].replace("--format github", "--format json")
    report = subprocess.run(["bash", "-e", "-c", as_json], cwd=repo, env=script_env, capture_output=True, text=True)
    paths = {d["path"] for d in json.loads(report.stdout)["documents"]}
    assert {f"incoming/{name}" for name in HOSTILE} <= paths
