"""The archive on the command line: `index add/stats/remove` and `check --against`, end to
end on real seed articles, in a SQLite file and in a real redis-server."""

import json
import shutil

import pytest
from click.testing import CliRunner

from reconcile.cli import main

from .conftest import SEEDS
from .redis_server import running_redis

REWRITE = SEEDS / "004_b816fb8022280b9f.txt"
ARCHIVED = sorted(p for p in SEEDS.glob("*.txt") if p != REWRITE)
# The archive's id of a seed: its path relative to where `index add` ran (the repository).
ROOT = SEEDS.parent


def archive_id(path) -> str:
    return path.relative_to(ROOT).as_posix()


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.fixture(autouse=True)
def outside_any_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An archive of the four seed articles that 004 is not, built once by `index add`
    run from the repository, so that their ids are seeds/NAME.txt."""
    path = tmp_path_factory.mktemp("archive") / "stories.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = run("index", "add", path, *ARCHIVED)
    return path, result


@pytest.fixture
def archive(built, tmp_path):
    """A copy of the built archive for one test to change."""
    copy = tmp_path / "stories.sqlite"
    shutil.copy(built[0], copy)
    return copy


@pytest.fixture(scope="module")
def checked(built):
    result = run("check", REWRITE, "--against", built[0], "--format", "json")
    return result, json.loads(result.stdout)


def test_index_add_prints_one_summary_line_on_stderr_and_nothing_on_stdout(built):
    _, result = built
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "added 4, updated 0, unchanged 0 (archive: 4 articles)\n"


def test_adding_the_same_articles_again_leaves_them_unchanged(archive, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("index", "add", archive, *ARCHIVED)
    assert result.stderr == "added 0, updated 0, unchanged 4 (archive: 4 articles)\n"


def test_a_file_whose_text_changed_is_updated_under_its_path(archive, tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    changed = tmp_path / "seeds" / ARCHIVED[0].name
    changed.write_text(ARCHIVED[0].read_text(encoding="utf-8") + "\nA late paragraph was added.\n", encoding="utf-8")
    result = run("index", "add", archive, "seeds", REWRITE)
    assert result.stderr == "added 1, updated 1, unchanged 0 (archive: 5 articles)\n"
    listed = run("index", "list", archive).stdout
    assert f"{archive_id(ARCHIVED[0])}\t" in listed and f"{REWRITE}\t" in listed  # outside the cwd: absolute


def test_an_unreadable_input_is_named_the_rest_added_and_exit_is_2(archive, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    result = run("index", "add", archive, REWRITE, broken)
    assert result.exit_code == 2
    first, second = result.stderr.splitlines()
    assert str(broken) in first
    assert second == "added 1, updated 0, unchanged 0 (archive: 5 articles)"


def test_settings_given_when_an_archive_is_created_are_recorded_and_used_by_check(tmp_path):
    path = tmp_path / "small.sqlite"
    assert run("index", "add", path, ARCHIVED[0], "--num-perm", "64").exit_code == 0
    stats = json.loads(run("index", "stats", path, "--format", "json").stdout)
    assert stats["settings"]["num_perm"] == 64
    assert run("check", REWRITE, "--against", path, "--format", "json").exit_code in (0, 1)


def test_stats_in_json_say_what_the_archive_holds(built):
    result = run("index", "stats", built[0], "--format", "json")
    stats = json.loads(result.stdout)
    assert stats["articles"] == 4 and stats["backend"] == "sqlite" and stats["passages"] > 0
    assert stats["settings"]["num_perm"] == 128


def test_stats_as_text_are_one_labelled_line_each(built):
    lines = run("index", "stats", built[0]).stdout.splitlines()
    assert lines[0] == f"archive     {built[0]} (sqlite)"
    assert "articles    4" in lines


def test_remove_takes_articles_out_by_id(archive):
    result = run("index", "remove", archive, archive_id(ARCHIVED[0]))
    assert result.exit_code == 0
    assert result.stderr == "removed 1, not found 0 (archive: 3 articles)\n"


def test_remove_takes_articles_out_by_the_path_they_were_read_from(archive, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("index", "remove", archive, ARCHIVED[1], f"./seeds/{ARCHIVED[2].name}")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "removed 2, not found 0 (archive: 2 articles)\n"


def test_removing_an_id_that_is_not_there_names_it_says_what_ids_look_like_and_exits_2(archive):
    result = run("index", "remove", archive, archive_id(ARCHIVED[0]), "no-such-story", ARCHIVED[1].stem)
    assert result.exit_code == 2
    summary, guess, error = result.stderr.splitlines()
    assert summary == "removed 1, not found 2 (archive: 3 articles)"
    assert guess == f"reconcile: error: {ARCHIVED[1].stem}: did you mean {archive_id(ARCHIVED[1])}?"
    assert error.startswith(
        f"reconcile: error: not in {archive}: no-such-story, {ARCHIVED[1].stem}; archive ids "
        "are file paths relative to where `index add` ran"
    )
    assert "reconcile index list" in error


def test_check_reports_findings_between_the_new_article_and_the_archive_it_reuses(checked):
    _, report = checked
    check = report["settings"]["check"]
    assert check["new"] == [REWRITE.stem]
    assert check["matched"][REWRITE.stem] == ["seeds/000_292bb0b63afabb01.txt"]
    assert [d["id"] for d in report["documents"]] == [REWRITE.stem, "seeds/000_292bb0b63afabb01.txt"]
    assert report["overlaps"]
    assert any(f["kind"] == "name-spelling" and "Daioyu" in f["values"] for f in report["findings"])


def test_check_in_json_puts_only_the_report_on_stdout(checked):
    result, _ = checked
    assert result.stderr == ""
    json.loads(result.stdout)


def test_every_span_check_reports_indexes_its_article(checked):
    _, report = checked
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    texts.update({archive_id(p): p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")})
    spans = [s for o in report["overlaps"] for s in (o["a"], o["b"])] + [s for f in report["findings"] for s in f["evidence"]]
    assert spans
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


def test_check_fails_on_errors_by_default_and_on_any_level_asked_for(checked, built):
    result, report = checked
    severities = {f["severity"] for f in report["findings"]}
    # "Daioyu", a slip of a name the lexicon knows, is an error: check fails on it by default.
    assert "error" in severities and result.exit_code == 1
    assert run("check", REWRITE, "--against", built[0], "--fail-on", "never").exit_code == 0
    assert run("check", REWRITE, "--against", built[0], "--exit-zero").exit_code == 0


def test_check_takes_the_archive_from_the_config_file(built, tmp_path):
    shutil.copy(built[0], tmp_path / "archive.sqlite")
    (tmp_path / "reconcile.toml").write_text('against = "archive.sqlite"\nfail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "incoming").mkdir()
    shutil.copy(REWRITE, tmp_path / "incoming")
    result = run("check", "incoming")
    assert result.exit_code == 1
    assert "Daioyu" in result.stdout


def test_check_without_an_archive_says_where_to_name_one(tmp_path):
    result = run("check", REWRITE)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--against" in result.stderr and "reconcile.toml" in result.stderr


def test_check_against_a_missing_archive_says_how_to_create_one(tmp_path):
    result = run("check", REWRITE, "--against", tmp_path / "nowhere.sqlite")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "reconcile index add" in result.stderr


def test_check_with_other_signature_settings_than_the_archive_is_refused_in_one_line(built):
    result = run("check", REWRITE, "--against", built[0], "--num-perm", "64")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "num_perm" in result.stderr


def test_signature_settings_from_the_config_file_must_match_the_archive_too(built, tmp_path):
    (tmp_path / "reconcile.toml").write_text("num-perm = 256\n", encoding="utf-8")
    result = run("check", REWRITE, "--against", built[0])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "num_perm" in result.stderr


def test_an_unreachable_redis_archive_is_one_line_and_exit_2(tmp_path):
    from .redis_server import free_port

    result = run("check", REWRITE, "--against", f"redis://127.0.0.1:{free_port()}/0")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "redis://127.0.0.1" in result.stderr


def test_a_file_that_is_not_an_archive_is_refused_in_one_line(tmp_path):
    fake = tmp_path / "notes.sqlite"
    fake.write_text("just some notes\n", encoding="utf-8")
    for args in (("check", REWRITE, "--against", fake), ("index", "stats", fake), ("index", "add", fake, REWRITE)):
        result = run(*args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1 and str(fake) in result.stderr


def test_check_with_a_baseline_reports_only_new_findings(built, tmp_path):
    baseline = tmp_path / "baseline.json"
    run("check", REWRITE, "--against", built[0], "--write-baseline", baseline)
    result = run("check", REWRITE, "--against", built[0], "--baseline", baseline, "--fail-on", "info")
    assert result.exit_code == 0
    assert "already in the baseline not shown" in result.stdout


def test_check_speaks_every_report_format(built):
    lines = run("check", REWRITE, "--against", built[0], "--format", "jsonl").stdout.splitlines()
    assert lines and all(json.loads(line) for line in lines)


@pytest.fixture(scope="module")
def redis_url():
    with running_redis() as url:
        yield url


def test_index_and_check_work_the_same_on_a_redis_archive(redis_url, checked, monkeypatch):
    monkeypatch.chdir(ROOT)
    added = run("index", "add", redis_url, *ARCHIVED)
    assert added.exit_code == 0 and added.stderr == "added 4, updated 0, unchanged 0 (archive: 4 articles)\n"
    stats = json.loads(run("index", "stats", redis_url, "--format", "json").stdout)
    assert stats["backend"] == "redis" and stats["articles"] == 4

    report = json.loads(run("check", REWRITE, "--against", redis_url, "--format", "json").stdout)
    _, on_sqlite = checked
    assert report["settings"]["check"]["matched"] == on_sqlite["settings"]["check"]["matched"]
    assert [f["fingerprint"] for f in report["findings"]] == [f["fingerprint"] for f in on_sqlite["findings"]]

    removed = run("index", "remove", redis_url, archive_id(ARCHIVED[0]))
    assert removed.stderr == "removed 1, not found 0 (archive: 3 articles)\n"


# ------------------------------------------------------------------------------------
# Ids unique to their source: nothing vanishes


def story(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


DAY1 = "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after four months of repairs, the city said.\n"
DAY2 = "Library opens late\n\nThe central library will open until ten at night from next week, its director said.\n"


def test_two_folders_holding_a_story_txt_each_keep_both_stories(tmp_path):
    story(tmp_path / "day1", "story.txt", DAY1)
    story(tmp_path / "day2", "story.txt", DAY2)
    assert run("index", "add", "a.sqlite", "day1").stderr == "added 1, updated 0, unchanged 0 (archive: 1 article)\n"
    assert run("index", "add", "a.sqlite", "day2").stderr == "added 1, updated 0, unchanged 0 (archive: 2 articles)\n"
    listed = [line.split("\t") for line in run("index", "list", "a.sqlite").stdout.splitlines()]
    assert [(row[0], row[1], row[2]) for row in listed] == [
        ("day1/story.txt", "day1/story.txt", "Harbour bridge reopens"),
        ("day2/story.txt", "day2/story.txt", "Library opens late"),
    ]


def test_same_text_is_unchanged_and_changed_text_of_the_same_file_is_updated(tmp_path):
    path = story(tmp_path / "day1", "story.txt", DAY1)
    run("index", "add", "a.sqlite", "day1")
    assert run("index", "add", "a.sqlite", "day1/story.txt").stderr == "added 0, updated 0, unchanged 1 (archive: 1 article)\n"
    path.write_text(DAY1 + "\nThe mayor opened it.\n", encoding="utf-8")
    assert run("index", "add", "a.sqlite", "./day1").stderr == "added 0, updated 1, unchanged 0 (archive: 1 article)\n"


def test_a_row_id_another_feed_holds_is_refused_by_name_unless_replace_is_given(tmp_path):
    (tmp_path / "agency-a.jsonl").write_text(json.dumps({"id": "1", "text": DAY1, "title": "Bridge"}) + "\n", encoding="utf-8")
    (tmp_path / "agency-b.jsonl").write_text(json.dumps({"id": "1", "text": DAY2, "title": "Library"}) + "\n", encoding="utf-8")
    assert run("index", "add", "a.sqlite", "agency-a.jsonl").exit_code == 0
    refused = run("index", "add", "a.sqlite", "agency-b.jsonl")
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        "reconcile: error: row 1 of agency-b.jsonl: not added: the archive holds another article under the id '1' "
        "(from row 1 of agency-a.jsonl); give --replace to replace it",
        "added 0, updated 0, unchanged 0, refused 1 (archive: 1 article)",
    ]
    assert "\tBridge\t" in run("index", "list", "a.sqlite").stdout
    replaced = run("index", "add", "a.sqlite", "agency-b.jsonl", "--replace")
    assert replaced.exit_code == 0
    assert replaced.stderr == "added 0, updated 0, unchanged 0, replaced 1 (archive: 1 article)\n"
    assert "\tLibrary\t" in run("index", "list", "a.sqlite").stdout


def test_an_updated_row_of_the_same_feed_is_updated(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "afp-1", "text": DAY1}) + "\n", encoding="utf-8")
    run("index", "add", "a.sqlite", feed)
    feed.write_text(json.dumps({"id": "afp-1", "text": DAY1 + "\nUpdated.\n"}) + "\n", encoding="utf-8")
    assert run("index", "add", "a.sqlite", feed).stderr == "added 0, updated 1, unchanged 0 (archive: 1 article)\n"


def test_removing_a_json_file_by_path_removes_its_rows(tmp_path):
    rows = [{"id": f"afp-{n}", "text": text} for n, text in enumerate((DAY1, DAY2))]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    story(tmp_path / "day1", "story.txt", DAY1)
    run("index", "add", "a.sqlite", "feed.jsonl", "day1")
    result = run("index", "remove", "a.sqlite", "feed.jsonl")
    assert result.exit_code == 0 and result.stderr == "removed 2, not found 0 (archive: 1 article)\n"


def test_index_list_in_json_gives_id_path_title_published_and_added(tmp_path):
    story(tmp_path / "day1", "story.txt", DAY1)
    run("index", "add", "a.sqlite", "day1", "--published", "2013-11-01")
    entry = json.loads(run("index", "list", "a.sqlite", "--format", "json").stdout)
    assert set(entry) == {"id", "path", "title", "published", "added"}
    assert (entry["id"], entry["title"], entry["published"]) == ("day1/story.txt", "Harbour bridge reopens", "2013-11-01")


def test_check_leaves_out_the_archived_version_of_the_file_it_checks(built, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = json.loads(run("check", ARCHIVED[0], "--against", built[0], "--format", "json").stdout)
    assert archive_id(ARCHIVED[0]) not in [d["id"] for d in report["documents"]]
