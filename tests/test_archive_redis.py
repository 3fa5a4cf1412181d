"""The Redis archive, against a real redis-server on loopback (see tests/redis_server.py):
the same behaviour as the SQLite archive, with the same band keys kept in compact hashes."""

from __future__ import annotations

import json
import os

import pytest

if os.environ.get("RECONCILE_REQUIRE_SERVERS") == "1":
    import redis  # CI: a missing client is a failure, never a skip
else:
    redis = pytest.importorskip("redis")

from reconcile.archive import AddResult, ArchiveError, RemoveResult, open_archive  # noqa: E402
from reconcile.archive.redis import ARTICLES, BANDS, KEYS, NUMBER, STATE, generations  # noqa: E402
from reconcile.archive.verify import audit  # noqa: E402
from reconcile.archive.check import check_articles  # noqa: E402
from reconcile.claims import extract_claims  # noqa: E402
from reconcile.claims.lexicon import load_lexicon  # noqa: E402
from reconcile.errors import SettingsError  # noqa: E402
from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.overlap.find import OverlapSettings  # noqa: E402
from tests.redis_server import free_port, running_redis  # noqa: E402
from tests.test_archive import edited_copy, generated_articles, seed_articles  # noqa: E402


@pytest.fixture(scope="module")
def server():
    with running_redis() as url:
        yield url


@pytest.fixture
def url(server):
    """The server, emptied before each test."""
    redis.Redis.from_url(server).flushdb()
    return server


@pytest.fixture(scope="module")
def seeds():
    return seed_articles()


@pytest.fixture
def seeded(url, shared):
    """An archive of the seeds that the test may change: a copy of the shared one."""
    source = redis.Redis.from_url(shared)
    with source.pipeline(transaction=False) as pipe:
        for key in source.keys():
            pipe.copy(key, key, destination_db=int(url.rsplit("/", 1)[1]))
        pipe.execute()
    return url


@pytest.fixture(scope="module")
def shared(server, seeds):
    """An archive of the seeds in database 1, for the tests that only read it."""
    location = server.rsplit("/", 1)[0] + "/1"
    redis.Redis.from_url(location).flushdb()
    with open_archive(location, create=True) as archive:
        archive.add(seeds)
    return location


def number_changed():
    return edited_copy("004", "scmp-edit", ("four separate summit talks", "seven separate summit talks"))


def test_the_server_helper_yields_a_loopback_redis_url(server):
    assert server.startswith("redis://127.0.0.1:") and server.endswith("/0")
    assert redis.Redis.from_url(server).ping()


def test_add_stores_every_article_and_stats_count_them(url, seeds):
    with open_archive(url, create=True) as archive:
        assert archive.backend == "redis"
        result = archive.add(seeds)
        stats = archive.stats()
    assert result == AddResult(added=tuple(a.id for a in seeds), unchanged=())
    lexicon = load_lexicon()
    assert (stats.articles, stats.backend, stats.size_bytes) == (5, "redis", None)
    assert stats.claims == sum(len(extract_claims(a, lexicon)) for a in seeds)
    assert stats.settings == OverlapSettings().signature_meta()


def test_records_live_in_hashes_under_the_reconcile_prefix(shared, seeds):
    client = redis.Redis.from_url(shared)
    assert client.hlen(ARTICLES) == 5 and client.hlen(STATE) == 5
    assert all(key.startswith(b"reconcile:") for key in client.keys())


def test_adding_again_changes_nothing_and_a_changed_text_replaces(seeded, seeds):
    changed = article_from_text(seeds[0].id, seeds[0].text + "\nA late paragraph was added to the story here.\n")
    with open_archive(seeded) as archive:
        assert archive.add(seeds).unchanged == tuple(a.id for a in seeds)
        assert archive.add([changed]).updated == (changed.id,)
        assert archive.load([changed.id])[0].article == changed
        assert archive.candidates(seeds[4]) == [changed.id]  # 004 rewrites 000
        assert archive.stats().articles == 5


def held_generations(client) -> set[int]:
    """Every generation some index field holds."""
    return {
        g for name in client.scan_iter(match=(BANDS + "*").encode()) for value in client.hvals(name) for g in generations(value).tolist()
    }


def test_a_replaced_article_leaves_no_index_entries_of_its_old_version(seeded, seeds):
    changed = article_from_text(seeds[0].id, seeds[0].text + "\nA late paragraph was added to the story here.\n")
    client = redis.Redis.from_url(seeded)
    old_generation = int(json.loads(client.hget(STATE, seeds[0].id))["generation"])
    assert old_generation in held_generations(client)
    with open_archive(seeded) as archive:
        archive.add([changed])
        assert audit(archive).clean
    new_generation = int(json.loads(client.hget(STATE, seeds[0].id))["generation"])
    assert new_generation != old_generation and new_generation in held_generations(client)
    assert old_generation not in held_generations(client)
    assert not client.hexists(NUMBER, str(old_generation))


def test_the_index_is_a_few_compact_hashes_not_a_set_per_bucket(shared):
    client = redis.Redis.from_url(shared)
    index = list(client.scan_iter(match=(BANDS + "*").encode()))
    assert index and {client.type(name) for name in index} == {b"hash"}
    assert {client.object("encoding", name) for name in index} == {b"listpack"}
    assert sum(client.hlen(name) for name in index) > len(index)  # band keys are fields, not keys of their own


def test_remove_forgets_the_article_and_its_index_entries(seeded, seeds):
    with open_archive(seeded) as archive:
        assert archive.remove([seeds[0].id, "nope"]) == RemoveResult((seeds[0].id,), ("nope",))
        assert archive.candidates(seeds[4]) == []
        assert archive.load([seeds[0].id]) == []
    client = redis.Redis.from_url(seeded)
    assert not client.hexists(KEYS, seeds[0].id)
    assert {int(n) for n in client.hkeys(NUMBER)} == held_generations(client)


def test_candidates_are_the_same_as_the_sqlite_archives(shared, seeds, tmp_path):
    queries = [*seeds, number_changed(), *generated_articles(2)]
    with open_archive(str(tmp_path / "a.sqlite"), create=True) as sqlite_archive:
        sqlite_archive.add(seeds)
        expected = [sqlite_archive.candidates(a) for a in queries]
        expected_ranked = [sqlite_archive.ranked_candidates(a) for a in queries]
    with open_archive(shared) as archive:
        assert [archive.candidates(a) for a in queries] == expected
        assert [archive.ranked_candidates(a) for a in queries] == expected_ranked
    assert expected[-3] == sorted(a.id for a in seeds if a.id[:3] in ("000", "004"))


def test_check_against_redis_finds_the_matches_the_overlap_and_the_conflict(shared, seeds):
    with open_archive(shared) as archive:
        report = check_articles([number_changed()], archive)
    by_prefix = {a.id[:3]: a.id for a in seeds}
    assert report.settings["check"]["matched"] == {"scmp-edit": [by_prefix["000"], by_prefix["004"]]}
    assert report.settings["check"]["backend"] == "redis"
    assert report.overlaps
    assert any(f.kind == "number" and f.status == "conflict" and "seven" in f.message for f in report.findings)


def test_both_backends_give_the_same_check_report(shared, seeds, tmp_path):
    new = [number_changed(), edited_copy("004", "scmp-typo", ("Fumio Kishida", "Fumio Kishidda"))]
    with open_archive(str(tmp_path / "a.sqlite"), create=True) as sqlite_archive:
        sqlite_archive.add(seeds)
        from_sqlite = check_articles(new, sqlite_archive)
    with open_archive(shared) as archive:
        from_redis = check_articles(new, archive)
    assert from_redis.documents == from_sqlite.documents
    assert from_redis.overlaps == from_sqlite.overlaps
    assert from_redis.claims == from_sqlite.claims
    assert from_redis.findings == from_sqlite.findings
    for report in (from_redis, from_sqlite):
        del report.settings["check"]["against"], report.settings["check"]["backend"]
    assert from_redis.settings == from_sqlite.settings


def test_a_missing_archive_is_an_error_saying_how_to_create_one(url):
    with pytest.raises(ArchiveError, match="no archive at redis://.*create one with `reconcile index add"):
        open_archive(url)


def test_other_settings_are_refused_with_a_rebuild_message(shared):
    with pytest.raises(SettingsError, match="num_perm 64 vs 128.*[Rr]ebuild"):
        open_archive(shared, OverlapSettings(num_perm=64))


def test_an_unreachable_server_is_an_archive_error_not_a_traceback():
    location = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(ArchiveError, match=f"cannot reach Redis at {location}: .*start the server"):
        open_archive(location, create=True)


def test_a_server_stopped_mid_run_is_an_archive_error(seeds):
    with running_redis() as location:
        with open_archive(location, create=True) as archive:
            archive.add(seeds[:2])
            redis.Redis.from_url(location).shutdown(nosave=True)
            with pytest.raises(ArchiveError, match=f"cannot reach Redis at {location}"):
                check_articles([number_changed()], archive)
            with pytest.raises(ArchiveError, match=f"cannot reach Redis at {location}"):
                archive.add(seeds[2:])


def test_an_archive_of_schema_2_is_refused_with_a_rebuild_message(seeded):
    """Schema 2 kept datasketch's layout (a set per bucket), which this version does not read."""
    redis.Redis.from_url(seeded).hset("reconcile:meta", "schema_version", "2")
    with pytest.raises(ArchiveError, match=r"older reconcile \(archive schema 2\).*rebuild it"):
        open_archive(seeded)
