"""The command line as users meet it: exit codes, streams, formats and bad input."""

import dataclasses
import io
import json
import shutil
from pathlib import Path
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from reconcile.cli import main

from .conftest import SEEDS


@pytest.fixture(scope="module")
def schema():
    return json.loads(resources.files("reconcile.schema").joinpath("report.schema.json").read_text())


@pytest.fixture(autouse=True)
def outside_any_config(tmp_path, monkeypatch):
    """Every test runs in an empty directory, so no config file around the repository
    can change what it sees; tests that want one write it there."""
    monkeypatch.chdir(tmp_path)


_analysed = {}


@pytest.fixture(autouse=True)
def analyse_each_input_once(monkeypatch):
    """These tests are about the command line, not the analysis (a pure function, tested on
    its own): the same articles with the same options are analysed once for the module."""
    import reconcile.pipeline
    from reconcile.pipeline import analyse as real

    def memoised(articles, options, problems=(), engine=None, on_stage=None):
        key = (tuple(articles), options, tuple(problems))  # the engine never changes the report
        if key not in _analysed:
            _analysed[key] = real(articles, options, problems, on_stage=on_stage)
        report = _analysed[key]
        return dataclasses.replace(report, findings=list(report.findings), suppressed=list(report.suppressed))

    monkeypatch.setattr(reconcile.pipeline, "analyse", memoised)  # the commands import it when they run


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
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


def test_the_wire_story_and_its_rewrite_share_at_least_eleven_passages(seeds_json):
    pairs = [o for o in seeds_json["overlaps"] if o["a"]["doc"].startswith("000") and o["b"]["doc"].startswith("004")]
    assert len(pairs) >= 11
    assert any(o["kind"] == "edited" and "thundered to a close" in o["a"]["text"] and "dying days" in o["b"]["text"] for o in pairs)


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


def test_the_text_report_puts_findings_first_and_counts_shared_passages_in_one_line():
    lines = run("report", str(SEEDS)).stdout.splitlines()
    assert lines[0].startswith("reconcile report: 5 articles, 12 shared passages")
    assert "12 shared passages (--passages shows them)." in lines
    assert not any(line.startswith("Shared passages") for line in lines)
    with_passages = run("report", str(SEEDS), "--passages").stdout
    assert with_passages.index("Conflicts (") < with_passages.index("Shared passages (12)")


def test_the_text_report_gives_each_place_as_path_line_and_column():
    out = run("report", str(SEEDS), "--width", "200").stdout
    path = SEEDS / "004_b816fb8022280b9f.txt"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "Daioyu" in text)
    column = path.read_text(encoding="utf-8").split("\n")[line - 1].index("Daioyu") + 1
    assert f"{path}:{line}:{column} \u201cDaioyu\u201d" in out


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


@pytest.mark.parametrize("command", sorted(main.commands["index"].commands))
def test_every_index_command_has_help(command):
    result = run("index", command, "--help")
    assert result.exit_code == 0
    assert main.commands["index"].commands[command].help


# --- configuration ----------------------------------------------------------------------

WIRE = SEEDS / "000_292bb0b63afabb01.txt"
REWRITE = SEEDS / "004_b816fb8022280b9f.txt"
PAIR = (str(WIRE), str(REWRITE))


def test_every_config_key_is_an_option_of_a_configured_command_with_the_same_bounds():
    from reconcile.cli import CONFIGURED_COMMANDS, command_at, configured_options
    from reconcile.config import KEYS

    options = {}
    for path in CONFIGURED_COMMANDS:
        options.update(configured_options(command_at(path)))
    assert set(options) == set(KEYS)
    for name, key in KEYS.items():
        param_type = options[name].type
        if key.kind == "choice":
            assert tuple(param_type.choices) == key.choices
        if key.minimum is not None or key.maximum is not None:
            assert (param_type.min, param_type.max) == (key.minimum, key.maximum)


def test_a_setting_in_reconcile_toml_applies_to_the_run(tmp_path):
    (tmp_path / "reconcile.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert run("report", *PAIR).exit_code == 1


def test_an_option_on_the_command_line_wins_over_the_config_file(tmp_path):
    (tmp_path / "reconcile.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert run("report", *PAIR, "--fail-on", "never").exit_code == 0


def test_tool_reconcile_in_pyproject_is_read_from_a_parent_directory(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile]\nformat = "json"\n', encoding="utf-8")
    (tmp_path / "stories").mkdir()
    monkeypatch.chdir(tmp_path / "stories")
    assert json.loads(run("overlaps", *PAIR).stdout)["overlaps"]


def test_an_unknown_config_key_is_one_line_naming_it_and_exit_2(tmp_path):
    (tmp_path / "reconcile.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    result = run("report", *PAIR)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'fail_on'" in result.stderr and "reconcile.toml" in result.stderr and "'fail-on'" in result.stderr


def test_a_config_value_of_the_wrong_type_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "reconcile.toml").write_text('num-perm = "many"\n', encoding="utf-8")
    result = run("report", *PAIR)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "'num-perm' must be an integer" in result.stderr


def test_vocabulary_paths_in_the_config_are_relative_to_the_config_file(tmp_path, monkeypatch):
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "reject.txt").write_text("!Sergey -> Sergei\n", encoding="utf-8")
    (tmp_path / "reconcile.toml").write_text('vocab = ["words/reject.txt"]\n', encoding="utf-8")
    (tmp_path / "desk").mkdir()
    monkeypatch.chdir(tmp_path / "desk")
    findings = json.loads(run("report", *PAIR, "--format", "json").stdout)["findings"]
    assert any("reject list" in f["message"] and "Sergey" in f["values"] for f in findings)


def test_an_explicit_config_file_is_used_instead_of_the_nearest(tmp_path):
    (tmp_path / "reconcile.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    strict = tmp_path / "strict.toml"
    strict.write_text('fail-on = "info"\n', encoding="utf-8")
    assert run("--config", str(strict), "report", *PAIR).exit_code == 1


def test_config_command_shows_each_setting_and_where_it_came_from(tmp_path):
    config = tmp_path / "reconcile.toml"
    config.write_text('fail-on = "warning"\nnum-perm = 64\n', encoding="utf-8")
    result = run("config", "report", "--num-perm", "256")
    assert result.exit_code == 0
    lines = {line.split("=")[0].strip("# ").strip(): line for line in result.stdout.splitlines() if "=" in line}
    assert lines["fail-on"].startswith('fail-on = "warning"') and lines["fail-on"].endswith(f"# {config}")
    assert lines["num-perm"].startswith("num-perm = 256") and lines["num-perm"].endswith("# command line")
    assert lines["seed"].startswith("seed = 1") and lines["seed"].endswith("# default")
    assert f"# config file: {config}" in result.stdout


def test_config_command_in_json_gives_value_and_source_for_check(tmp_path):
    config = tmp_path / "reconcile.toml"
    config.write_text('against = "archive.sqlite"\n', encoding="utf-8")
    result = run("config", "--format", "json", "check", "--exit-zero")
    shown = json.loads(result.stdout)
    assert shown["command"] == "check" and shown["config_file"] == str(config)
    settings = shown["settings"]
    assert settings["against"] == {"value": str(tmp_path / "archive.sqlite"), "source": str(config)}
    assert settings["fail-on"] == {"value": "error", "source": "default"}
    assert settings["exit-zero"] == {"value": True, "source": "command line"}


def test_config_command_without_a_config_file_says_none_was_found():
    result = run("config")
    assert "# config file: none found" in result.stdout
    assert 'fail-on = "never"' in result.stdout


def test_config_command_refuses_a_command_without_settings():
    result = CliRunner().invoke(main, ["config", "frobnicate"])
    assert result.exit_code == 2 and "frobnicate" in result.stderr


# --- exit codes and baselines -----------------------------------------------------------


def test_exit_zero_turns_findings_into_success():
    assert run("report", *PAIR, "--fail-on", "info").exit_code == 1
    assert run("report", *PAIR, "--fail-on", "info", "--exit-zero").exit_code == 0


def test_exit_zero_still_exits_2_for_an_unreadable_input(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    assert run("report", *PAIR, str(broken), "--fail-on", "info", "--exit-zero").exit_code == 2


def test_exit_zero_can_come_from_the_config_file(tmp_path):
    (tmp_path / "reconcile.toml").write_text('fail-on = "info"\nexit-zero = true\n', encoding="utf-8")
    assert run("report", *PAIR).exit_code == 0


def test_writing_a_baseline_records_the_findings_says_so_on_stderr_and_exits_0(tmp_path):
    baseline = tmp_path / "baseline.json"
    result = run("report", *PAIR, "--fail-on", "info", "--write-baseline", str(baseline))
    assert result.exit_code == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["schema"] == "reconcile.baseline/1" and recorded["findings"]
    assert result.stderr == f"wrote {len(recorded['findings'])} findings to the baseline {baseline}\n"
    assert "Conflicts" in result.stdout  # the report itself is unchanged


def test_a_rerun_with_the_baseline_reports_no_old_findings_and_counts_them(tmp_path):
    baseline = tmp_path / "baseline.json"
    run("report", *PAIR, "--write-baseline", str(baseline))
    count = len(json.loads(baseline.read_text(encoding="utf-8"))["findings"])
    text = run("report", *PAIR, "--baseline", str(baseline), "--fail-on", "info")
    assert text.exit_code == 0
    assert f"{count} findings already in the baseline not shown" in text.stdout
    report = json.loads(run("report", *PAIR, "--baseline", str(baseline), "--format", "json").stdout)
    assert report["findings"] == [] and len(report["suppressed"]) == count


def test_a_finding_the_baseline_does_not_record_is_still_reported(tmp_path):
    baseline = tmp_path / "baseline.json"
    run("report", *PAIR, "--write-baseline", str(baseline))
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    dropped = next(e for e in recorded["findings"] if e["kind"] == "caption")
    recorded["findings"].remove(dropped)
    baseline.write_text(json.dumps(recorded), encoding="utf-8")
    report = json.loads(run("report", *PAIR, "--baseline", str(baseline), "--format", "json").stdout)
    assert [f["fingerprint"] for f in report["findings"]] == [dropped["fingerprint"]]
    assert len(report["suppressed"]) == len(recorded["findings"])


def test_writing_a_new_baseline_while_reading_the_old_records_every_current_finding(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    run("report", *PAIR, "--write-baseline", str(old))
    run("report", *PAIR, "--baseline", str(old), "--write-baseline", str(new))
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8")


def test_a_missing_baseline_file_is_one_line_and_exit_2(tmp_path):
    result = run("report", *PAIR, "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nope.json" in result.stderr and "--write-baseline" in result.stderr


def test_an_invalid_baseline_file_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text('{"schema": "something else"}', encoding="utf-8")
    result = run("report", *PAIR, "--baseline", str(bad))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "not a reconcile.baseline/1 file" in result.stderr


def test_the_baseline_can_come_from_the_config_file(tmp_path):
    run("report", *PAIR, "--write-baseline", str(tmp_path / "ci-baseline.json"))
    (tmp_path / "reconcile.toml").write_text('baseline = "ci-baseline.json"\nfail-on = "info"\n', encoding="utf-8")
    assert run("report", *PAIR).exit_code == 0


# --- progress ---------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_on_a_terminal():
    from reconcile.cli import progress_bar

    stream = _Terminal()
    with progress_bar(stream, "Indexing") as update:
        for done in range(1, 4):
            update(done, 3)
    assert "Indexing" in stream.getvalue()


def test_no_progress_is_drawn_when_the_stream_is_not_a_terminal():
    from reconcile.cli import progress_bar

    stream = io.StringIO()
    with progress_bar(stream, "Indexing") as update:
        assert update is None
    assert stream.getvalue() == ""


# --- pre-commit ------------------------------------------------------------------------


def test_the_pre_commit_hooks_run_real_commands_on_article_files():
    import re

    import yaml
    from .conftest import ROOT

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"reconcile", "reconcile-report"}
    for hook in hooks.values():
        program, command = hook["entry"].split()
        assert program == "reconcile" and command in main.commands
        assert hook["language"] == "python" and hook["pass_filenames"] and hook["require_serial"]
        pattern = re.compile(hook["files"])
        assert all(pattern.search(name) for name in ("a.txt", "b.md", "c.html", "d.htm", "e.json", "f.jsonl"))
        assert not pattern.search("photo.jpg")


def test_a_report_file_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    result = run("report", *PAIR, "-o", str(tmp_path / "no" / "such" / "dir" / "report.txt"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cannot write the report" in result.stderr


def test_config_command_shows_the_settings_of_index_add():
    shown = json.loads(run("config", "--format", "json", "index", "add", "--seed", "9").stdout)
    assert shown["command"] == "index add"
    assert shown["settings"]["seed"] == {"value": 9, "source": "command line"}
    assert "fail-on" not in shown["settings"]  # index add has no such option


def test_published_for_a_file_that_is_not_an_input_is_an_error():
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--published", "nothere.txt=2013-11-01"])
    assert result.exit_code == 2
    assert "--published names 'nothere.txt'" in result.stderr
    assert run("report", str(SEEDS), "--published", "000_292bb0b63afabb01=2013-11-01").exit_code == 0


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown", "html", "sarif", "github", "junit"])
def test_overlaps_writes_each_format_it_offers_and_refuses_the_others(fmt):
    result = CliRunner().invoke(main, ["overlaps", str(SEEDS), "--format", fmt])
    if fmt in ("sarif", "github", "junit"):
        assert result.exit_code == 2 and "Invalid value for '--format'" in result.stderr
    else:
        assert result.exit_code == 0 and result.stdout.strip()


def test_overlaps_as_jsonl_is_one_shared_passage_a_line():
    lines = run("overlaps", str(SEEDS), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 12
    first = json.loads(lines[0])
    assert first["schema"] == "reconcile.overlap.find/1" and {"a", "b", "similarity", "kind"} <= set(first)
    assert first["a"]["line"] >= 1 and first["a"]["path"].endswith(".txt")


def test_the_command_line_starts_without_the_analysis_libraries():
    # `reconcile --help` must answer at once: numpy, datasketch (and through it scipy) and the
    # stages are imported by the runs that use them, never at start-up.
    import subprocess
    import sys

    code = (
        "import sys; from reconcile.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'datasketch', 'reconcile.pipeline', 'reconcile.overlap.find',"
        " 'reconcile.claims', 'reconcile.findings') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip().splitlines()[-1] == "[]"


def test_global_options_work_before_or_after_the_command(tmp_path):
    config = tmp_path / "ci.toml"
    config.write_text('ignore = ["ALL"]\n', encoding="utf-8")
    for args in (
        ["--config", str(config), "report", str(SEEDS)],
        ["report", str(SEEDS), "--config", str(config)],
        ["report", str(SEEDS), f"--config={config}"],
    ):
        assert json.loads(run(*args, "--format", "json").stdout)["findings"] == [], args


def test_colour_follows_color_force_color_and_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in run("report", str(SEEDS)).stdout  # piped: auto is off
    assert "\x1b[" in run("report", str(SEEDS), "--color", "always").stdout
    assert (
        "\x1b[" in run("--color", "always", "diff", str(SEEDS / "000_292bb0b63afabb01.txt"), str(SEEDS / "004_b816fb8022280b9f.txt")).stdout
    )
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("report", str(SEEDS)).stdout
    assert "\x1b[" not in run("report", str(SEEDS), "--color", "never").stdout
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("report", str(SEEDS)).stdout


def test_piped_text_takes_its_width_from_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    lines = run("report", str(SEEDS)).stdout.splitlines()
    assert max(len(line) for line in lines) <= 72 and max(len(line) for line in lines) > 60


def test_quiet_leaves_out_status_lines_but_not_errors(tmp_path):
    baseline = str(tmp_path / "b.json")
    loud = CliRunner().invoke(main, ["report", str(SEEDS), "--write-baseline", baseline])
    quiet = CliRunner().invoke(main, ["report", str(SEEDS), "--write-baseline", baseline, "-q"])
    assert "wrote" in loud.stderr and quiet.stderr == ""
    failed = CliRunner().invoke(main, ["-q", "report", str(tmp_path / "missing.txt")])
    assert failed.exit_code == 2 and "missing.txt" in failed.stderr


def test_stdin_filename_names_standard_input_in_the_report():
    text = (SEEDS / "004_b816fb8022280b9f.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["report", str(SEEDS / "000_292bb0b63afabb01.txt"), "-", "--stdin-filename", "stories/sc.txt", "--format", "github"],
        input=text,
    )
    assert "file=stories/sc.txt,line=31,col=79" in result.stdout


def _stderr_on_a_pty(*args: str, delay: str = "0") -> bytes:
    """reconcile's standard error when it is a real terminal (a pseudo-terminal)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {**os.environ, "RECONCILE_PROGRESS_AFTER": delay}
    code = "import sys; from reconcile.cli import main; sys.argv = ['reconcile', *sys.argv[1:]]; main()"
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait()
    os.close(master)
    return seen


def test_progress_shows_the_stages_on_a_terminal_and_nothing_with_quiet_or_a_pipe():
    shown = _stderr_on_a_pty("report", str(SEEDS))
    for stage in (b"signing 5 articles", b"reading claims in 5 articles", b"comparing facts"):
        assert stage in shown
    assert b"signing" not in _stderr_on_a_pty("report", str(SEEDS), "-q")
    piped = CliRunner().invoke(main, ["report", str(SEEDS)])
    assert "signing" not in piped.stderr


def test_index_add_offers_only_the_options_it_uses():
    """The aligner's threshold is the checking command's to give: an add aligns nothing."""
    result = run("index", "add", "a.sqlite", str(SEEDS), "--min-similarity", "0.9")
    assert result.exit_code == 2
    assert "No such option '--min-similarity'" in result.stderr
    assert not Path("a.sqlite").exists()


def test_index_add_leaves_out_excluded_files_and_names_standard_input(tmp_path):
    folder = tmp_path / "day1"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "draft.bak.txt").write_text("A draft that is not an article at all, to be left out.\n", encoding="utf-8")
    added = run("index", "add", "a.sqlite", str(folder), "--exclude", "*.bak.txt")
    assert added.exit_code == 0, added.stderr
    assert added.stderr.startswith("added 2,")
    text = sorted(SEEDS.glob("*.txt"))[2].read_text(encoding="utf-8")
    piped = run("index", "add", "a.sqlite", "-", "--stdin-filename", "wire/story.txt", input=text)
    assert piped.exit_code == 0, piped.stderr
    listed = run("index", "list", "a.sqlite").stdout
    assert "wire/story.txt" in listed and "draft" not in listed
