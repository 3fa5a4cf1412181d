"""The SQLite archive and `reconcile index` under damage, misuse and faults: a file is made
into an archive only when absent, damaged values are named and the rest stays usable,
`index stats` refuses a damaged file, a full disk is said as such, a read-only archive can
be read, and an add killed or stopped leaves no worker process behind.

Some tests need root (a uid to drop to, a small tmpfs to fill): CI runs as root; elsewhere
they are skipped, saying why."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.archive import ArchiveError, DamagedRecord, open_archive
from reconcile.archive.records import pack
from reconcile.archive.verify import audit
from reconcile.archive.check import check_articles
from reconcile.cli import main
from tests.test_archive import ROOT, SEEDS, seed_articles

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

REWRITE = SEEDS / "004_b816fb8022280b9f.txt"
CLI = [sys.executable, "-c", "from reconcile.cli import main; main()"]
NOBODY = 65534


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """An archive of the five seeds, made by `index add` from the repository."""
    path = tmp_path_factory.mktemp("faults") / "seeds.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert run("index", "add", path, "seeds").exit_code == 0
    return path


@pytest.fixture
def archive(built, tmp_path) -> Path:
    copy = tmp_path / "seeds.sqlite"
    shutil.copy(built, copy)
    return copy


def generated_folder(folder: Path, count: int, words: int = 200, seed: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for g in corpus.generate_corpus(count, seed=seed, words=words, cluster_share=0.0):
        (folder / f"{g.id}.txt").write_text(g.text, encoding="utf-8")
    return folder


def one_error_line(result, *needles: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


# ------------------------------------------------------------------------------------
# 3: an archive is made only where there is none


def test_index_add_refuses_an_archive_whose_settings_record_is_gone_and_leaves_it_untouched(tmp_path):
    path = tmp_path / "small.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert run("index", "add", path, "seeds/000_292bb0b63afabb01.txt", "--num-perm", "64").exit_code == 0
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE meta")
    before = path.read_bytes()
    result = run("index", "add", path, REWRITE)
    one_error_line(result, f"{path}: the archive's settings record (table meta) is missing", "left untouched")
    assert path.read_bytes() == before


def test_an_empty_file_is_made_into_an_archive(tmp_path):
    path = tmp_path / "touched.sqlite"
    path.write_bytes(b"")
    assert run("index", "add", path, REWRITE).exit_code == 0
    assert run("index", "stats", path).exit_code == 0


# ------------------------------------------------------------------------------------
# 4: every value read is checked; a damaged record is named and the rest stays usable


def test_a_damaged_settings_value_is_named_by_every_command_never_a_traceback(archive):
    with sqlite3.connect(archive) as db:
        db.execute("UPDATE meta SET value = '{' WHERE key = 'settings'")
    for args in (
        ("index", "stats", archive),
        ("index", "list", archive),
        ("index", "add", archive, REWRITE),
        ("index", "remove", archive, "seeds/000_292bb0b63afabb01.txt"),
        ("check", REWRITE, "--against", archive),
    ):
        one_error_line(run(*args), "the archive's settings record is damaged (settings: not JSON")


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("record", b"{", "record: not a compressed record"),
        ("record", pack("{"), "record: not JSON"),
        ("record", pack('{"id": "seeds/000_292bb0b63afabb01.txt", "text": 7}'), "text: expected str"),
        ("claims", pack("[[1, 2]]"), "claims: claim 1 is not a row of nine values"),
    ],
    ids=["not compressed", "not JSON", "text not a string", "claims of the wrong shape"],
)
def test_a_damaged_article_is_named_with_its_field_and_the_rest_stays_usable(archive, field, value, says):
    damaged = "seeds/000_292bb0b63afabb01.txt"
    table, where = ("articles", "id = ?") if field == "record" else ("claims", "article = (SELECT num FROM articles WHERE id = ?)")
    with sqlite3.connect(archive) as db:
        db.execute(f"UPDATE {table} SET record = ? WHERE {where}", (value, damaged))
    # A check that reads the damaged article names it and what is wrong, with exit 2...
    checked = run("check", REWRITE, "--against", archive)
    one_error_line(checked, f"article '{damaged}' is damaged: {says}", f"reconcile index remove {archive} {damaged}")
    # ...stats refuses the archive, list names it and lists the rest...
    one_error_line(run("index", "stats", archive), f"article '{damaged}' is damaged")
    listed = run("index", "list", archive)
    assert listed.exit_code == 2 and damaged in listed.stderr and listed.stdout.count("\n") == 4
    # ...a check that does not read it works, and removing it makes the archive whole.
    assert run("check", SEEDS / "003_6468aa193c541a51.txt", "--against", archive, "--exit-zero").exit_code == 0
    assert run("index", "remove", archive, damaged).exit_code == 0
    assert run("index", "stats", archive).exit_code == 0


def test_adding_a_damaged_article_again_repairs_it(archive):
    damaged = "seeds/000_292bb0b63afabb01.txt"
    with sqlite3.connect(archive) as db:
        db.execute("UPDATE articles SET record = '{' WHERE id = ?", (damaged,))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = run("index", "add", archive, damaged)
    assert result.stderr == "added 0, updated 1, unchanged 0 (archive: 5 articles)\n"
    with open_archive(str(archive), read_only=True) as store:
        assert audit(store).clean


def test_a_text_changed_in_storage_is_caught_by_its_content_hash(archive):
    damaged = "seeds/000_292bb0b63afabb01.txt"
    with sqlite3.connect(archive) as db:
        (record,) = db.execute("SELECT record FROM articles WHERE id = ?", (damaged,)).fetchone()
        changed = zlib.decompress(record).decode("utf-8").replace("Kishida", "Kishide")
        db.execute("UPDATE articles SET record = ? WHERE id = ?", (pack(changed), damaged))
    with open_archive(str(archive), read_only=True) as store:
        with pytest.raises(DamagedRecord, match="text: does not match the content hash"):
            store.load([damaged])


def contents(path: Path) -> object:
    """Every row of every table, as stored (bytes), or the error reading them gives."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.text_factory = bytes
        try:
            return {
                t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in ("meta", "articles", "claims", "doc_bands", "passage_bands")
            }
        finally:
            db.close()
    except sqlite3.Error as error:
        return repr(error)


def test_index_stats_refuses_every_file_damaged_where_it_holds_data(built, tmp_path):
    """Twelve copies with 64 random bytes written somewhere in their pages (only damage
    that changes what is stored counts: bytes a page does not use change nothing)."""
    original = contents(built)
    size = built.stat().st_size
    rng = random.Random(5)
    damaged_files = []
    while len(damaged_files) < 12:
        copy = tmp_path / f"damaged{len(damaged_files)}.sqlite"
        shutil.copy(built, copy)
        with open(copy, "r+b") as handle:
            handle.seek(rng.randrange(4096, size - 64))  # past the header page, which stats reads first
            handle.write(bytes(rng.randrange(256) for _ in range(64)))
        if contents(copy) != original:
            damaged_files.append(copy)
    for copy in damaged_files:
        result = run("index", "stats", copy)
        assert result.exit_code == 2 and "damaged" in result.stderr and "Traceback" not in result.stderr, (copy, result.stderr)


# ------------------------------------------------------------------------------------
# 5: a full disk


@pytest.fixture
def small_disk():
    """A 700 KB tmpfs, mounted for the test (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("filling a disk needs root, to mount a small tmpfs")
    where = Path(tempfile.mkdtemp(prefix="reconcile-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)
        where.rmdir()


def test_a_full_disk_is_said_with_how_much_was_written_and_the_archive_is_as_it_was(small_disk, tmp_path):
    path = small_disk / "archive.sqlite"
    assert run("index", "add", path, REWRITE).exit_code == 0
    articles = generated_folder(tmp_path / "many", 80, words=300)
    result = run("index", "add", path, articles, "--jobs", "1")
    one_error_line(
        result, f"the disk holding {path} is full: the write stopped after writing ", "nothing of it was kept and the archive is as it was"
    )
    assert "cannot rollback" not in result.stderr
    with open_archive(str(path), read_only=True) as store:
        assert store.stats().articles == 1 and audit(store).clean


# ------------------------------------------------------------------------------------
# 6: read-only archives


def as_nobody(args: list[str], cwd: Path, queue) -> None:
    """In a forked child: drop to uid/gid nobody, run the command line, report the result."""
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    os.chdir(cwd)
    result = CliRunner().invoke(main, args)
    queue.put((result.exit_code, result.stdout, result.stderr))


def run_as_nobody(*args, cwd: Path) -> tuple[int, str, str]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=as_nobody, args=([str(a) for a in args], cwd, queue))
    child.start()
    result = queue.get(timeout=120)
    child.join()
    return result


@pytest.fixture
def shared_read_only(built):
    """The seed archive in a folder owned by root (0755), the file 0644: what a newsroom
    shares with CI runners that may read it and not write it."""
    if os.geteuid() != 0:
        pytest.skip("reading as another user needs root, to drop to uid nobody")
    folder = Path(tempfile.mkdtemp(prefix="reconcile-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "archive.sqlite"
        shutil.copy(built, path)
        path.chmod(0o644)
        shutil.copy(REWRITE, folder / "incoming.txt")
        (folder / "incoming.txt").chmod(0o644)
        yield path
    finally:
        shutil.rmtree(folder)


def test_a_user_who_may_only_read_the_archive_can_check_against_it_and_read_its_stats(shared_read_only):
    folder = shared_read_only.parent
    code, out, err = run_as_nobody("index", "stats", shared_read_only, cwd=folder)
    assert (code, err) == (0, "") and "articles    5" in out
    code, out, err = run_as_nobody("index", "list", shared_read_only, cwd=folder)
    assert code == 0 and out.count("\n") == 5
    code, out, err = run_as_nobody(
        "check", folder / "incoming.txt", "--against", shared_read_only, "--format", "json", "--exit-zero", cwd=folder
    )
    assert code == 0 and '"seeds/000_292bb0b63afabb01.txt"' in out, err
    assert sorted(p.name for p in folder.iterdir()) == ["archive.sqlite", "incoming.txt"]  # nothing written


def test_a_user_who_may_only_read_is_told_that_adding_needs_write_access(shared_read_only):
    code, out, err = run_as_nobody("index", "remove", shared_read_only, "seeds/000_292bb0b63afabb01.txt", cwd=shared_read_only.parent)
    assert code == 2 and err.count("\n") == 1 and "not writable by this user" in err, err


def test_a_read_only_reader_sees_what_is_still_in_the_write_ahead_log(shared_read_only):
    """With a -wal beside the archive (a writer still has it open), the reader must not use
    immutable=1, which would not see the log: mode=ro reads it through the -shm."""
    holder = sqlite3.connect(shared_read_only)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("UPDATE meta SET value = 'after' WHERE key = 'updated'")
    holder.commit()
    try:
        for name in ("archive.sqlite-wal", "archive.sqlite-shm"):
            (shared_read_only.parent / name).chmod(0o644)
        code, out, err = run_as_nobody("index", "stats", shared_read_only, cwd=shared_read_only.parent)
        assert code == 0 and "updated     after" in out, err
    finally:
        holder.close()


# ------------------------------------------------------------------------------------
# 7: an add killed or stopped leaves no worker behind


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, limit_s: float = 60.0) -> bool:
    """Poll `condition` until it holds or `limit_s` passes (a bound, not a timing)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def add_with_workers(archive, tmp_path):
    """`index add --jobs 2` of 130 articles running in its own process, its workers started."""
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc to see the worker processes")
    folder = generated_folder(tmp_path / "incoming", 130)
    process = subprocess.Popen(
        [*CLI, "index", "add", str(archive), str(folder), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert wait_for(lambda: len(children(process.pid)) >= 2 or process.poll() is not None)
        workers = children(process.pid)
        assert workers, "the add ended before its workers could be seen"
        yield process, workers
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_killing_an_add_ends_its_workers_and_closes_its_output(add_with_workers, archive):
    process, workers = add_with_workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)  # a worker still holding stderr would make this time out
    assert process.returncode == -signal.SIGKILL
    assert wait_for(lambda: not any(alive(w) for w in workers)), "workers outlived their add"
    with open_archive(str(archive), read_only=True) as store:
        assert store.article_count() == 5


def test_sigterm_stops_an_add_with_one_line_its_workers_and_the_archive_as_it_was(add_with_workers, archive):
    process, workers = add_with_workers
    os.kill(process.pid, signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert out == "" and "Traceback" not in err
    assert err.splitlines()[-1] == (
        "reconcile: stopped by SIGTERM: nothing of this add was stored, the archive is as it was; run the same command again to finish"
    )
    assert wait_for(lambda: not any(alive(w) for w in workers)), "workers outlived their add"
    with open_archive(str(archive), read_only=True) as store:
        assert store.article_count() == 5 and audit(store).clean


# ------------------------------------------------------------------------------------
# An archive of the schema before ids were unique to their source


def as_schema(archive: Path, version: int) -> None:
    """Make a schema-3 archive what an older reconcile wrote: records and claims as JSON text."""
    with sqlite3.connect(archive) as db:
        for table, column in (("articles", "num"), ("claims", "article")):
            for key, record in db.execute(f"SELECT {column}, record FROM {table}").fetchall():
                db.execute(f"UPDATE {table} SET record = ? WHERE {column} = ?", (zlib.decompress(record).decode("utf-8"), key))
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))


def test_an_archive_of_the_older_schema_is_checked_against_but_not_added_to(archive):
    as_schema(archive, 1)
    one_error_line(run("index", "add", archive, REWRITE), "older reconcile (archive schema 1)", "rebuild it")
    with open_archive(str(archive), read_only=True) as store:
        assert check_articles(seed_articles()[4:], store).settings["check"]["matched"]


def test_an_archive_of_schema_2_is_checked_against_and_added_to_in_its_own_form(archive, tmp_path):
    """Schema 3 only compresses the records: a schema-2 SQLite archive stays in use, and
    what is added to it is written as schema 2 writes it (JSON text)."""
    with open_archive(str(archive), read_only=True) as store:
        expected = check_articles(seed_articles()[4:], store)
    as_schema(archive, 2)
    with open_archive(str(archive), read_only=True) as store:
        assert check_articles(seed_articles()[4:], store) == expected
    assert run("index", "add", archive, REWRITE).exit_code == 0
    with open_archive(str(archive)) as store:
        assert store.schema_version == 2 and audit(store).clean
    with sqlite3.connect(archive) as db:
        assert {type(record) for (record,) in db.execute("SELECT record FROM articles")} == {str}


def test_a_missing_archive_is_not_made_by_commands_that_only_read(tmp_path):
    path = tmp_path / "absent.sqlite"
    one_error_line(run("index", "stats", path), "no archive at")
    with pytest.raises(ArchiveError, match="no archive at"):
        open_archive(str(path), read_only=True)
    assert not path.exists()
