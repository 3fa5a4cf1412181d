"""Bad input: a clear message, nothing lost. One test a row of docs/bad-input.md.

Each test writes real files to a temporary directory and reads them twice: through
`read_inputs` (the library) and through `reconcile report` (the command line), checking
the article text, the problem named for each skipped input, the JSON summary's count of
problems and the exit code.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import sys
import tempfile
import traceback
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.cli import main
from reconcile.ingest import ReadOptions, read_inputs
from reconcile.ingest.layout import find_blocks
from reconcile.pipeline import analyse

from .conftest import MAX_GROWTH, SEEDS, growth

STORY = (
    "Ministers meet in Tokyo\n\n"
    "TOKYO (AFP) -- Japan's Foreign Minister Fumio Kishida met Sergei Lavrov on Friday.\n\n"
    "They talked for two hours about the islands, officials said."
)
# Western text whose letters and punctuation differ between UTF-8 and the legacy codecs.
WESTERN = "Caf\u00e9 owner Zo\u00eb M\u00fcller met the ministers in Z\u00fcrich on Friday.\n\nPrices rose, she said."
CP1252 = "The \u201cZ\u00fcrich talks\u201d \u2013 Zo\u00eb M\u00fcller said \u20ac5 was agreed.\n\nIt was a d\u00e9j\u00e0 vu."


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def report_json(*args: str):
    """`reconcile report ARGS --format json`: the exit code, the parsed report, stderr lines."""
    result = run("report", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout), result.stderr.strip().splitlines()


def document_texts(report: dict) -> dict[str, str]:
    """The text each document's spans index: carried in the report, or the file's UTF-8."""
    return {d["id"]: d["text"] if "text" in d else Path(d["path"]).read_bytes().decode("utf-8") for d in report["documents"]}


def assert_spans_index_their_documents(report: dict) -> None:
    texts = document_texts(report)
    spans = [s for o in report["overlaps"] for s in (o["a"], o["b"])]
    spans += [s for f in report["findings"] for s in f["evidence"]]
    spans += [s for d in report["documents"] for s in d["captions"] + d["boilerplate"]]
    spans += [d["dateline"] for d in report["documents"] if d["dateline"]]
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


def problems_by_name(problems) -> dict[str, str]:
    return {Path(p.path).name: p.message for p in problems}


# ---------------------------------------------------------------------------------------
# Empty and binary files


def test_an_empty_file_is_named_and_the_other_inputs_are_still_checked(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["story"]
    assert problems_by_name(inputs.problems) == {"blank.txt": "empty file: nothing to check", "empty.txt": "empty file: nothing to check"}
    code, report, stderr = report_json(str(tmp_path))
    assert code == 2
    assert report["summary"]["documents"] == 1 and report["summary"]["problems"] == 2
    assert stderr == [
        f"reconcile: error: {tmp_path / 'blank.txt'}: empty file: nothing to check",
        f"reconcile: error: {tmp_path / 'empty.txt'}: empty file: nothing to check",
    ]


def test_only_unreadable_inputs_mean_nothing_was_checked_and_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("report", str(tmp_path / "empty.txt"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"reconcile: error: {tmp_path / 'empty.txt'}: empty file: nothing to check",
        "reconcile: error: nothing was checked: no readable articles among the inputs",
    ]


def test_a_binary_file_with_nul_bytes_is_refused_naming_where(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["story"]
    message = problems_by_name(inputs.problems)["photo.txt"]
    assert message == "binary file (a NUL byte at offset 8), not a text article"
    code, report, stderr = report_json(str(tmp_path))
    assert (code, report["summary"]["problems"]) == (2, 1)
    assert stderr == [f"reconcile: error: {tmp_path / 'photo.txt'}: {message}"]


# ---------------------------------------------------------------------------------------
# Encodings


def test_utf8_with_a_bom_is_read_without_the_bom_and_spans_index_the_decoded_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + STORY.encode("utf-8"))
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.text == STORY and not article.text_is_file_content
    assert article.dateline.text == "TOKYO (AFP) --"
    code, report, _ = report_json(str(tmp_path))
    assert code == 0
    assert report["documents"][0]["text"] == STORY
    assert_spans_index_their_documents(report)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read_in_either_byte_order(tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    (tmp_path / "wide.txt").write_bytes(bom + WESTERN.encode(codec))
    assert read_inputs([str(tmp_path)]).articles[0].text == WESTERN
    code, report, stderr = report_json(str(tmp_path))
    assert (code, stderr, report["documents"][0]["text"]) == (0, [], WESTERN)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised_by_its_nul_pattern(tmp_path, codec):
    (tmp_path / "wide.txt").write_bytes(WESTERN.encode(codec))
    assert read_inputs([str(tmp_path)]).articles[0].text == WESTERN
    code, report, stderr = report_json(str(tmp_path))
    assert (code, stderr, report["documents"][0]["text"]) == (0, [], WESTERN)


def test_utf16_without_a_bom_in_a_non_latin_script_needs_an_encoding(tmp_path):
    text = "\u6771\u4eac\u3067\u5916\u76f8\u4f1a\u8ac7"  # Japanese: no NUL bytes to recognise it by
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16-le"))
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert message.startswith("not UTF-8") and "pass --encoding CODEC" in message
    assert read_inputs([str(tmp_path)], ReadOptions(encoding="utf-16-le")).articles[0].text == text
    code, report, _ = report_json(str(tmp_path), "--encoding", "utf-16-le")
    assert (code, report["documents"][0]["text"]) == (0, text)


def test_windows_1252_is_refused_with_the_encoding_to_pass_and_read_with_it(tmp_path):
    (tmp_path / "legacy.txt").write_bytes(CP1252.encode("cp1252"))
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert message == "not UTF-8 (byte 0x93 at offset 4, line 1, column 5); it reads as Windows-1252: pass --encoding cp1252"
    code, _, stderr = run_and_parse_failure(tmp_path)
    assert code == 2 and "--encoding cp1252" in stderr[0]
    code, report, stderr = report_json(str(tmp_path), "--encoding", "cp1252")
    assert (code, stderr, report["documents"][0]["text"]) == (0, [], CP1252)


def test_latin1_is_refused_with_the_encoding_to_pass_and_read_with_it(tmp_path):
    (tmp_path / "legacy.txt").write_bytes(WESTERN.encode("latin-1"))
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert message == "not UTF-8 (byte 0xe9 at offset 3, line 1, column 4); it reads as Latin-1: pass --encoding latin-1"
    code, _, stderr = run_and_parse_failure(tmp_path)
    assert code == 2 and "--encoding latin-1" in stderr[0]
    code, report, _ = report_json(str(tmp_path), "--encoding", "latin-1")
    assert (code, report["documents"][0]["text"]) == (0, WESTERN)


def test_text_in_another_legacy_codec_is_refused_never_guessed(tmp_path):
    russian = "\u041b\u0430\u0432\u0440\u043e\u0432 \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0438\u0441\u0438\u0434\u043e\u0439."
    (tmp_path / "cyrillic.txt").write_bytes(russian.encode("cp1251"))
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert "not recognisably Windows-1252 or Latin-1" in message and "--encoding CODEC" in message
    assert read_inputs([str(tmp_path)], ReadOptions(encoding="cp1251")).articles[0].text == russian
    code, _, stderr = run_and_parse_failure(tmp_path)
    assert code == 2 and stderr[0] == f"reconcile: error: {tmp_path / 'cyrillic.txt'}: {message}"
    code, report, _ = report_json(str(tmp_path), "--encoding", "cp1251")
    assert (code, report["documents"][0]["text"]) == (0, russian)


def test_an_unknown_encoding_name_is_named(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    message = read_inputs([str(tmp_path)], ReadOptions(encoding="klingon")).problems[0].message
    assert message.startswith("unknown encoding 'klingon'")


def test_invalid_utf8_in_the_middle_names_the_line_and_column(tmp_path):
    damaged = STORY.replace("Kishida", "Kish\u00efda").encode("utf-8").replace(b"Friday", b"Fri\xffday")
    (tmp_path / "damaged.txt").write_bytes(damaged)
    offset = damaged.index(b"\xff")
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert message == (
        f"invalid UTF-8 (byte 0xff at offset {offset}, line 3, column {offset - damaged.index(b'TOKYO') + 1}; "
        "1 bad in all) in a file that is otherwise UTF-8: it is damaged or mixes encodings; fix those bytes"
    )
    code, _, stderr = run_and_parse_failure(tmp_path)
    assert code == 2 and stderr[0].startswith(f"reconcile: error: {tmp_path / 'damaged.txt'}: invalid UTF-8")


def run_and_parse_failure(tmp_path: Path):
    """The CLI on a directory whose only input is refused: exit code, stdout, stderr lines."""
    result = run("report", str(tmp_path))
    return result.exit_code, result.stdout, result.stderr.strip().splitlines()


# ---------------------------------------------------------------------------------------
# Line endings and separators


def test_crlf_text_gives_the_same_findings_as_lf_text_at_its_own_offsets(tmp_path):
    for seed in sorted(SEEDS.glob("00[04]*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    code, crlf, _ = report_json(str(tmp_path))
    _, lf, _ = report_json(*sorted(str(p) for p in SEEDS.glob("00[04]*.txt")))
    assert code == 0
    assert crlf["findings"] and [f["message"] for f in crlf["findings"]] == [f["message"] for f in lf["findings"]]
    assert crlf["summary"] == lf["summary"]
    assert_spans_index_their_documents(crlf)


def test_lone_cr_line_endings_separate_paragraphs_without_changing_the_text(tmp_path):
    text = STORY.replace("\n", "\r")
    (tmp_path / "mac.txt").write_bytes(text.encode("utf-8"))
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.text == text
    assert article.headline.text == "Ministers meet in Tokyo"
    assert article.dateline.text == "TOKYO (AFP) --"
    assert [article.text[b.start : b.end] for b in article.blocks_of("body")] == [
        "Japan's Foreign Minister Fumio Kishida met Sergei Lavrov on Friday.",
        "They talked for two hours about the islands, officials said.",
    ]
    code, report, _ = report_json(str(tmp_path))
    assert code == 0 and report["documents"][0]["dateline"]["text"] == "TOKYO (AFP) --"
    assert_spans_index_their_documents(report)


def test_unicode_line_and_paragraph_separators_break_lines_without_changing_the_text(tmp_path):
    text = STORY.replace("\n\n", "\u2029").replace("two hours", "two\u2028hours")
    (tmp_path / "separators.txt").write_text(text, encoding="utf-8")
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.text == text
    assert article.headline.text == "Ministers meet in Tokyo"
    assert article.dateline.text == "TOKYO (AFP) --"
    assert article.blocks_of("body") and not any("\u2029" in article.text[b.start : b.end] for b in article.blocks)
    code, report, _ = report_json(str(tmp_path))
    assert code == 0
    assert_spans_index_their_documents(report)


def test_a_jsonl_row_holding_a_raw_line_separator_is_one_row(tmp_path):
    rows = [{"id": "a", "text": "First row.\u2028Same row."}, {"id": "b", "text": "Second\u2029row."}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    inputs = read_inputs([str(tmp_path)])
    assert [(a.id, a.text) for a in inputs.articles] == [("a", rows[0]["text"]), ("b", rows[1]["text"])]
    assert inputs.problems == []
    code, report, _ = report_json(str(tmp_path))
    assert (code, [d["text"] for d in report["documents"]]) == (0, [rows[0]["text"], rows[1]["text"]])


# ---------------------------------------------------------------------------------------
# Size


def test_a_very_long_line_is_read_and_laid_out_in_linear_time(tmp_path):
    line = " ".join(["The minister said on Friday that the meeting went on"] * 100_000)  # 5.3 MB, one line
    (tmp_path / "long.txt").write_text(line, encoding="utf-8")
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.text == line and [(b.role, b.start, b.end) for b in article.blocks] == [("body", 0, len(line))]
    one_line = lambda n: " ".join(["The minister said on Friday that the meeting went on"] * n)  # noqa: E731
    assert growth(lambda n: find_blocks(one_line(n)), 5_000, 20_000) < MAX_GROWTH


def test_a_long_line_with_a_caption_verb_is_laid_out_in_linear_time():
    line = lambda n: " ".join(["The minister said on Friday that talks went on"] * n)  # noqa: E731
    assert growth(lambda n: find_blocks(line(n)), 1_000, 4_000) < MAX_GROWTH


def test_an_article_on_one_very_long_line_is_checked_like_its_paragraphs(tmp_path):
    for seed in sorted(SEEDS.glob("00[04]*.txt")):
        (tmp_path / seed.name).write_text(" ".join(seed.read_text(encoding="utf-8").split()), encoding="utf-8")
    code, report, stderr = report_json(str(tmp_path))
    assert (code, stderr) == (0, [])
    assert report["summary"]["overlaps"] >= 5
    assert_spans_index_their_documents(report)


def test_a_file_over_max_bytes_is_refused_from_its_size_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that takes no disk
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    tracemalloc.start()
    try:
        inputs = read_inputs([str(tmp_path)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024
    assert [a.id for a in inputs.articles] == ["story"]
    expected = "file is 209,715,200 bytes, over the 52,428,800-byte limit; pass --max-bytes 209715200 (or more) to read it"
    assert problems_by_name(inputs.problems) == {"huge.txt": expected}
    code, report, stderr = report_json(str(tmp_path))
    assert (code, report["summary"]["documents"], report["summary"]["problems"]) == (2, 1, 1)
    assert stderr == [f"reconcile: error: {huge}: {expected}"]


def test_raising_max_bytes_reads_a_file_the_default_refuses(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    size = len(STORY.encode())
    assert "--max-bytes" in read_inputs([str(tmp_path)], ReadOptions(max_bytes=size - 1)).problems[0].message
    assert read_inputs([str(tmp_path)], ReadOptions(max_bytes=size)).articles[0].text == STORY
    assert run("report", str(tmp_path), "--max-bytes", str(size - 1)).exit_code == 2
    assert run("report", str(tmp_path), "--max-bytes", str(size)).exit_code == 0


def test_an_endless_input_is_cut_one_byte_past_max_bytes(tmp_path):
    inputs = read_inputs(["/dev/zero"], ReadOptions(max_bytes=1_000_000))
    assert inputs.problems[0].message == "input is over the 1,000,000-byte limit; pass a larger --max-bytes to read it"
    result = run("report", "-", "--max-bytes", "100", stdin=b"x" * 101)
    assert result.exit_code == 2 and "<stdin>: input is over the 100-byte limit" in result.stderr


# ---------------------------------------------------------------------------------------
# Directories, links and permissions


def test_a_directory_of_ten_thousand_articles_is_read_fast_sorted_and_the_same_every_time(tmp_path):
    for i in range(10_000):
        (tmp_path / f"{9_999 - i:05d}.txt").write_text(f"Story {i}.", encoding="utf-8")
    first = read_inputs([str(tmp_path)])
    ids = [a.id for a in first.articles]
    assert len(ids) == 10_000 and ids == sorted(ids) and first.problems == []
    assert [a.id for a in read_inputs([str(tmp_path)]).articles] == ids


def test_the_cli_checks_the_articles_among_ten_thousand_files(tmp_path):
    for i in range(9_990):
        (tmp_path / f"photo{i:05d}.jpg").write_bytes(b"\xff\xd8")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    code, report, stderr = report_json(str(tmp_path))
    assert (code, stderr, report["summary"]["problems"]) == (0, [], 0)
    assert [d["id"] for d in report["documents"]] == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_a_directory_tree_deeper_than_the_recursion_limit_is_walked(tmp_path):
    deepest = tmp_path.joinpath(*["d"] * 400)
    deepest.mkdir(parents=True)
    (deepest / "deep.txt").write_text(STORY, encoding="utf-8")
    # 400 levels with room for only 200 more frames: a walker that recursed a level a frame would fail.
    depth = len(traceback.extract_stack())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 200)
    try:
        inputs = read_inputs([str(tmp_path)])
    finally:
        sys.setrecursionlimit(limit)
    assert ([a.id for a in inputs.articles], inputs.problems) == (["deep"], [])


def test_symlink_loops_in_a_directory_are_each_named_once_and_not_followed(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")  # a directory loop
    (tmp_path / "self.txt").symlink_to("self.txt")  # a link to itself
    (tmp_path / "ping.txt").symlink_to("pong.txt")  # two links to each other
    (tmp_path / "pong.txt").symlink_to("ping.txt")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["story"]
    named = problems_by_name(inputs.problems)
    assert sorted(named) == ["ping.txt", "pong.txt", "self.txt", "up"]
    assert named["up"] == f"symbolic link loop: it leads back to {tmp_path}, which is already being read; not followed"
    assert named["self.txt"].startswith("symbolic link loop")
    code, report, stderr = report_json(str(tmp_path))
    assert (code, report["summary"]["problems"], len(stderr)) == (2, 4, 4)


def test_a_symlink_loop_given_by_name_is_named(tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    inputs = read_inputs([str(tmp_path / "loop.txt")])
    assert inputs.problems[0].message.startswith("cannot read: symbolic link loop")
    assert run("report", str(tmp_path / "loop.txt")).exit_code == 2


def test_a_directory_reached_twice_through_a_link_is_read_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "alias").symlink_to("real")
    inputs = read_inputs([str(tmp_path)])
    assert [a.path for a in inputs.articles] == [str(tmp_path / "alias" / "story.txt")]
    assert problems_by_name(inputs.problems) == {"real": f"the same directory as {tmp_path / 'alias'}, already read; not read twice"}
    code, report, _ = report_json(str(tmp_path))
    assert (code, report["summary"]["documents"], report["summary"]["problems"]) == (2, 1, 1)


def test_a_broken_link_named_like_an_article_is_named(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to("moved-away.txt")
    (tmp_path / "gone.jpg").symlink_to("moved-away.jpg")  # not an article: not an input
    assert problems_by_name(read_inputs([str(tmp_path)]).problems) == {"gone.txt": "broken symbolic link to moved-away.txt"}
    code, _, stderr = report_json(str(tmp_path))
    assert (code, stderr) == (2, [f"reconcile: error: {tmp_path / 'gone.txt'}: broken symbolic link to moved-away.txt"])


def test_a_pipe_inside_a_directory_is_named_not_waited_on(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "feed.txt")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["story"]
    assert problems_by_name(inputs.problems)["feed.txt"].startswith("not a regular file")
    code, report, _ = report_json(str(tmp_path))
    assert (code, report["summary"]["documents"], report["summary"]["problems"]) == (2, 1, 1)


NOBODY = 65534


def _run_unprivileged(task):
    """Run `task()` where file permissions apply: in a child process as `nobody` when we are
    root (root reads a chmod 000 file regardless), in this process otherwise. Returns what
    `task` returns, passed back as JSON."""
    if os.geteuid() != 0:
        return task()
    # Once as root first, answer unused: the modules and data files the task needs are then
    # loaded before the fork, so `nobody` need not enter the checkout (which may sit under a
    # private directory) and meets the permissions of the test's files alone.
    task()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, do the task, report, and never return into pytest
        status = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.chdir("/")  # the working directory may be the private checkout
            payload = json.dumps({"result": task()})
        except BaseException as err:  # noqa: BLE001 - the parent re-raises it
            payload, status = json.dumps({"error": repr(err)}), 1
        with os.fdopen(write_end, "w") as out:
            out.write(payload)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as incoming:
        answer = json.loads(incoming.read() or '{"error": "no answer"}')
    os.waitpid(pid, 0)
    if "error" in answer:
        raise AssertionError(f"unprivileged task failed: {answer['error']}")
    return answer["result"]


@pytest.fixture
def shared_dir():
    """A directory that `nobody` can enter (pytest's tmp_path sits under a root-only one)."""
    path = Path(tempfile.mkdtemp(prefix="reconcile-perm-"))
    path.chmod(0o755)
    yield path
    for child in path.rglob("*"):
        child.chmod(0o755)
    shutil.rmtree(path)


def test_unreadable_files_and_directories_are_named_and_the_rest_read(shared_dir):
    (shared_dir / "story.txt").write_text(STORY, encoding="utf-8")
    (shared_dir / "story.txt").chmod(0o644)
    (shared_dir / "locked.txt").write_text(STORY, encoding="utf-8")
    (shared_dir / "locked.txt").chmod(0o000)
    (shared_dir / "vault").mkdir()
    (shared_dir / "vault" / "inside.txt").write_text(STORY, encoding="utf-8")
    (shared_dir / "vault").chmod(0o000)

    def library():
        inputs = read_inputs([str(shared_dir)])
        return [a.id for a in inputs.articles], problems_by_name(inputs.problems)

    def command_line():
        result = run("report", str(shared_dir), "--format", "json")
        return result.exit_code, json.loads(result.stdout)["summary"], result.stderr.strip().splitlines()

    ids, problems = _run_unprivileged(library)
    denied = "permission denied; make it readable (chmod +r) or run as a user who can read it"
    assert ids == ["story"]
    assert problems == {"locked.txt": f"cannot read: {denied}", "vault": f"cannot list directory: {denied}"}
    code, summary, stderr = _run_unprivileged(command_line)
    assert (code, summary["documents"], summary["problems"]) == (2, 1, 2)
    assert stderr == [
        f"reconcile: error: {shared_dir / 'locked.txt'}: cannot read: {denied}",
        f"reconcile: error: {shared_dir / 'vault'}: cannot list directory: {denied}",
    ]


def test_a_path_through_a_file_is_named(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    inputs = read_inputs([str(tmp_path / "story.txt" / "inner.txt")])
    assert inputs.problems[0].message == "no such file or directory"


# ---------------------------------------------------------------------------------------
# JSON rows and HTML


def test_a_malformed_jsonl_row_is_named_by_row_number_and_the_other_rows_are_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "text": "First story."}\n{"id": "b", "text": \n[1, 2]\n{"id": "d"}\n{"id": "e", "text": "Fifth story."}\n',
        encoding="utf-8",
    )
    inputs = read_inputs([str(feed)])
    assert [a.id for a in inputs.articles] == ["a", "e"]
    assert [(p.path, p.message) for p in inputs.problems] == [
        (f"{feed}:2", "row 2 is not valid JSON: Expecting value at column 21; the other rows were read"),
        (f"{feed}:3", "row 3 is not an object"),
        (f"{feed}:4", 'row 4 has no "text"'),
    ]
    code, report, stderr = report_json(str(feed))
    assert (code, report["summary"]["documents"], report["summary"]["problems"]) == (2, 2, 3)
    assert stderr[0] == f"reconcile: error: {feed}:2: row 2 is not valid JSON: Expecting value at column 21; the other rows were read"


def test_a_json_file_that_does_not_parse_names_the_line_and_column(tmp_path):
    (tmp_path / "feed.json").write_text('[\n  {"id": "a", "text": "One."},\n  {"id": "b" "text": "Two."}\n]', encoding="utf-8")
    message = read_inputs([str(tmp_path)]).problems[0].message
    assert message == "invalid JSON: Expecting ',' delimiter at line 3, column 14"
    assert run("report", str(tmp_path)).exit_code == 2


def test_json_nested_too_deeply_is_named_not_a_crash(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text('{"id": "a", "text": "Fine."}\n' + "[" * 100_000, encoding="utf-8")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["a"]
    assert [(Path(p.path).name, p.message) for p in inputs.problems] == [
        ("deep.json", "JSON nested too deeply to read"),
        ("deep.jsonl:2", "row 2 is nested too deeply to read"),
    ]
    assert run("report", str(tmp_path)).exit_code == 2


def test_a_json_list_row_without_text_is_named_by_row_number(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{"id": "a", "text": "One."}, {"id": "b", "text": ""}, {"id": "c", "text": "Three."}]))
    inputs = read_inputs([str(feed)])
    assert [a.id for a in inputs.articles] == ["a", "c"]
    assert [(p.path, p.message) for p in inputs.problems] == [(f"{feed}:2", 'row 2 has no "text"')]


HOSTILE_HTML = (
    "<!DOCTYPE html><html><head><title>Site</title><script>var s = '<p>Not text</p>';</script>"
    "<style>p { color: red }</style></head><body><nav>Home | World</nav>"
    "<h1>Ministers meet</h1><figure><img src=x><figcaption>Kishida (L) and Lavrov shake hands.</figure>"
    "<p>TOKYO (AFP) -- Ministers met on Friday &amp; agreed &mdash; &#8220;a step&#x201d; &bogus; fee&nbsp;5.</b></i>"
    "<p>Broken <b>markup <p>still read<!-- a comment --></div></div></span>"
    "<script>document.write('<p>injected</p>')</script><p>Last line<a href=\"cut"
)


def test_html_with_scripts_entities_and_broken_markup_is_reduced_to_its_article_text(tmp_path):
    (tmp_path / "story.html").write_text(HOSTILE_HTML, encoding="utf-8")
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.text == (
        "Ministers meet\n\nKishida (L) and Lavrov shake hands.\n\n"
        "TOKYO (AFP) -- Ministers met on Friday & agreed \u2014 \u201ca step\u201d &bogus; fee\u00a05.\n\n"
        "Broken markup\n\nstill read\n\nLast line"
    )
    assert article.headline.text == "Ministers meet"
    assert [c.text for c in article.captions] == ["Kishida (L) and Lavrov shake hands."]
    code, report, stderr = report_json(str(tmp_path))
    assert (code, stderr) == (0, [])
    assert report["documents"][0]["text"] == article.text
    assert_spans_index_their_documents(report)


def test_html_with_no_article_text_is_named(tmp_path):
    (tmp_path / "empty.html").write_text("<html><script>only()</script><nav>Home</nav></html>", encoding="utf-8")
    assert read_inputs([str(tmp_path)]).problems[0].message == "HTML holds no article text"


def test_deeply_nested_broken_html_is_read_in_bounded_time(tmp_path):
    (tmp_path / "nested.html").write_text("<div>" * 30_000 + "</span>" * 30_000 + "<p>The end.", encoding="utf-8")
    assert read_inputs([str(tmp_path)]).articles[0].text == "The end."


# ---------------------------------------------------------------------------------------
# Offsets index the decoded text, whatever the encoding


_ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8-crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
}
_PIECES = st.sampled_from(
    [
        "TOKYO (AFP) -- ",
        "Foreign Minister Sergey Lavrov ",
        "Fumio Kishida said ",
        "\u201cWe agreed,\u201d he said. ",
        "some 19,000 Russians ",
        "on Friday ",
        "Z\u00fcrich ",
        "\u6771\u4eac ",
        "\n",
        "\n\n",
        ". ",
        "\u2028",
        "\u2029",
        "\r",
    ]
)
_story = (
    st.lists(
        _PIECES | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=6), min_size=1, max_size=30
    )
    .map("".join)
    .filter(lambda t: t.strip())
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_story, encoding=st.sampled_from(sorted(_ENCODINGS)))
def test_every_span_indexes_the_decoded_text_whatever_the_encoding(text, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.txt"
        path.write_bytes(_ENCODINGS[encoding](text))
        copy = Path(folder) / "copy.txt"
        copy.write_bytes(_ENCODINGS[encoding](text.replace("Sergey", "Sergei")))
        inputs = read_inputs([folder])
    assert inputs.problems == []
    by_id = {a.id: a.text for a in inputs.articles}
    expected = text.replace("\n", "\r\n") if encoding == "utf-8-crlf" else text
    assert by_id["story"] == expected
    report = analyse(inputs.articles)
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for f in report.findings for s in f.evidence]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    for span in spans:
        assert by_id[span.doc][span.start : span.end] == span.text
