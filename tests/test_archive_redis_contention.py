"""The Redis archive under contention, damage and misuse, against a real redis-server:
processes adding and removing the same ids at once leave every stored version whole and
findable and no dead index entry; a database that holds something else, or an archive
without its meta, is refused and left untouched; damaged values are named."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

if os.environ.get("RECONCILE_REQUIRE_SERVERS") == "1":
    import redis  # CI: a missing client is a failure, never a skip
else:
    redis = pytest.importorskip("redis")

from click.testing import CliRunner  # noqa: E402

from reconcile.archive import ArchiveError, DamagedRecord, open_archive  # noqa: E402
from reconcile.archive.redis import ARTICLES, META, STATE  # noqa: E402
from reconcile.archive.records import pack  # noqa: E402
from reconcile.archive.verify import audit  # noqa: E402
from reconcile.archive.check import check_articles  # noqa: E402
from reconcile.cli import main  # noqa: E402
from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.overlap.find import OverlapSettings  # noqa: E402
from tests.redis_server import running_redis  # noqa: E402
from tests.test_archive import ROOT, generated_articles, seed_articles  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from soak import persistent_redis  # noqa: E402

SHARED_IDS = [f"shared-{n}" for n in range(8)]


@pytest.fixture(scope="module")
def server():
    with running_redis() as url:
        yield url


@pytest.fixture
def url(server):
    redis.Redis.from_url(server).flushdb()
    return server


def snapshot(location: str) -> dict[bytes, object]:
    """Every key and its value, to show that a refused command changed nothing."""
    client = redis.Redis.from_url(location)
    return {key: client.dump(key) for key in client.keys()}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# ------------------------------------------------------------------------------------
# 1 and 2: jobs writing the same ids at once

_JOB = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from tests.test_archive import generated_articles
    from reconcile.archive import open_archive
    from reconcile.ingest import article_from_text
    ids = {ids!r}
    print("ready", flush=True)
    sys.stdin.readline()
    with open_archive({url!r}) as archive:
        for round in range({rounds}):
            for n, article_id in enumerate(ids):
                if {remove}:
                    archive.remove([article_id])
                    continue
                text = generated_articles(1, seed_value={job} * 1000 + round * 10 + n)[0].text
                archive.add([article_from_text(article_id, text)])
""")


def run_jobs(url: str, jobs: list[tuple[int, bool]], rounds: int) -> None:
    """Start every job, release them together so that their writes interleave, and wait."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _JOB.format(root=str(ROOT), url=url, ids=SHARED_IDS, rounds=rounds, job=job, remove=remove)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job, remove in jobs
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err


def test_jobs_adding_the_same_ids_at_once_leave_each_stored_version_whole_and_findable(url):
    with open_archive(url, create=True) as archive:
        archive.add(generated_articles(4, seed_value=5, prefix="other-"))
    run_jobs(url, [(job, False) for job in range(4)], rounds=4)
    with open_archive(url) as archive:
        result = audit(archive)
        assert result.clean, result
        assert result.articles == len(SHARED_IDS) + 4
        stored = {s.article.id: s.article for s in archive.load(SHARED_IDS)}
        for article_id, article in stored.items():
            # Adding the stored text again is "unchanged"; a copy of it finds it.
            assert archive.add([article_from_text(article_id, article.text)]).unchanged == (article_id,)
            assert article_id in archive.candidates(article_from_text("copy", article.text, "copy.txt"))


def test_removing_beside_adding_the_same_ids_leaves_no_partial_or_dead_entry(url):
    with open_archive(url, create=True) as archive:
        archive.add(generated_articles(4, seed_value=6, prefix="other-"))
    run_jobs(url, [(1, False), (2, False), (3, True), (4, True)], rounds=6)
    with open_archive(url) as archive:
        result = audit(archive)
        assert result.clean, result
        others = [f"other-{n:05d}" for n in range(4)]
        assert [s.article.id for s in archive.load(others)] == others


def test_a_replaced_article_leaves_no_entry_of_its_old_version(url):
    seeds = seed_articles()
    with open_archive(url, create=True) as archive:
        archive.add(seeds)
        changed = article_from_text(seeds[0].id, seeds[0].text + "\nA late paragraph was added here.\n")
        assert archive.add([changed]).updated == (changed.id,)
        archive.remove([seeds[1].id])
        result = audit(archive)
    assert result.clean and result.articles == 4, result


def test_the_index_holds_the_band_keys_the_sqlite_archive_holds(url, tmp_path):
    from reconcile.archive.redis import KEYS, keys_record

    seeds = seed_articles()
    with open_archive(url, create=True) as archive:
        archive.add(seeds)
    with open_archive(str(tmp_path / "a.sqlite"), create=True) as sqlite_archive:
        sqlite_archive.add(seeds)
        db = sqlite_archive._db  # noqa: SLF001
        rows = {
            (table, article_id): {
                key
                for (key,) in db.execute(f"SELECT b.key FROM {table} b JOIN articles a ON a.num = b.article WHERE a.id = ?", (article_id,))
            }
            for table in ("doc_bands", "passage_bands")
            for article_id in (a.id for a in seeds)
        }
    client = redis.Redis.from_url(url)
    for article in seeds:
        _, keys = keys_record(client.hget(KEYS, article.id))
        assert set(keys.document.tolist()) == rows[("doc_bands", article.id)]
        assert set(keys.passages.tolist()) == rows[("passage_bands", article.id)]


# ------------------------------------------------------------------------------------
# 3: made only in an empty database


def test_an_archive_whose_meta_is_gone_is_refused_by_name_and_left_untouched(url):
    with open_archive(url, OverlapSettings(num_perm=64), create=True) as archive:
        archive.add(seed_articles()[:2])
    redis.Redis.from_url(url).delete(META)
    before = snapshot(url)
    result = run("index", "add", url, ROOT / "seeds" / "003_6468aa193c541a51.txt")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{url}: the archive's settings record (reconcile:meta) is missing" in result.stderr
    assert snapshot(url) == before


def test_a_database_holding_other_keys_is_refused_and_left_untouched(url):
    redis.Redis.from_url(url).set("sessions:42", "someone else's")
    before = snapshot(url)
    with pytest.raises(ArchiveError, match="holds 1 keys that are not a reconcile archive's; refused"):
        open_archive(url, create=True)
    assert snapshot(url) == before


# ------------------------------------------------------------------------------------
# 4: damaged values named, the rest usable


def test_a_damaged_state_is_named_and_the_rest_of_the_archive_stays_usable(url):
    seeds = seed_articles()
    with open_archive(url, create=True) as archive:
        archive.add(seeds)
    redis.Redis.from_url(url).hset(STATE, seeds[0].id, "{broken")
    stats = run("index", "stats", url)
    assert stats.exit_code == 2 and stats.stderr.count("\n") == 1
    assert f"article '{seeds[0].id}' is damaged: state: not JSON" in stats.stderr
    checked = run("check", ROOT / "seeds" / "004_b816fb8022280b9f.txt", "--against", url, "--exit-zero")
    assert checked.exit_code == 0  # the damaged article's entries are not answered: 004 matches nothing else
    listed = run("index", "list", url)
    assert listed.exit_code == 2 and listed.stdout.count("\n") == 4 and seeds[0].id in listed.stderr
    with open_archive(url) as archive:
        assert archive.add([seeds[0]]).updated == (seeds[0].id,)  # added again: repaired
        assert audit(archive).clean
        assert run("index", "stats", url).exit_code == 0


def test_a_damaged_record_is_named_by_check_and_removing_it_works(url):
    seeds = seed_articles()
    with open_archive(url, create=True) as archive:
        archive.add(seeds)
    redis.Redis.from_url(url).hset(ARTICLES, seeds[0].id, pack('{"id": 3}'))
    with open_archive(url) as archive:
        with pytest.raises(DamagedRecord, match=f"article '{seeds[0].id}' is damaged: text: expected str"):
            check_articles([seeds[4]], archive)
        assert archive.remove([seeds[0].id]).removed == (seeds[0].id,)
        assert check_articles([seeds[4]], archive).settings["check"]["matched"] == {seeds[4].id: []}
        assert audit(archive).clean


def test_a_damaged_settings_record_is_named_not_a_traceback(url):
    with open_archive(url, create=True) as archive:
        archive.add(seed_articles()[:1])
    redis.Redis.from_url(url).hset(META, "settings", "{")
    for args in (
        ("index", "stats", url),
        ("index", "add", url, ROOT / "seeds"),
        ("index", "remove", url, "x"),
        ("check", ROOT / "seeds" / "004_b816fb8022280b9f.txt", "--against", url),
    ):
        result = run(*args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, (args, result.stderr)
        assert "the archive's settings record is damaged (settings: not JSON" in result.stderr


def test_a_server_killed_and_restarted_keeps_every_add_it_acknowledged(server, tmp_path):
    """appendonly with appendfsync always (as docs/archive.md advises): what an add
    reported stored is there after the server is killed with SIGKILL, whole."""
    seeds = seed_articles()
    with persistent_redis(str(tmp_path)) as persistent:
        with open_archive(persistent.url, create=True) as archive:
            archive.add(seeds)
        persistent.kill_and_restart(pause=0.0)
        with open_archive(persistent.url) as archive:
            result = audit(archive)
    assert result.clean and result.articles == len(seeds), result
