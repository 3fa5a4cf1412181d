"""The SQLite archive: articles signed once, stored, and found again through their LSH bands.

Shared helpers (seed articles, edited copies, generated unrelated stories) live at the top
of this module; the check and Redis tests import them from here.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .conftest import require_ecbplus
from reconcile.archive import AddResult, ArchiveError, RemoveResult, open_archive
from reconcile.archive.records import article_from_json, article_to_json, claims_from_json, claims_to_json, content_hash
from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.errors import SettingsError
from reconcile.ingest import article_from_text
from reconcile.model import Article
from reconcile.overlap.find import OverlapSettings, _index, candidate_pairs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# ------------------------------------------------------------------------------------
# Shared helpers

# Plain lower-case words: no names, numbers or dates, so generated stories make no claims
# and share no passages except by chance.
_WORDS = (
    "apple river stone cloud garden window basket pencil market bridge candle forest ladder mirror "
    "pocket rocket saddle thunder velvet whistle anchor barrel cactus dragon engine falcon glacier "
    "harbor island jungle kettle lantern meadow needle orchard pepper quartz ribbon silver timber "
    "umbrella valley walnut yonder zephyr"
).split()


def seed_articles() -> list[Article]:
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]


def seed(prefix: str) -> Article:
    return next(a for a in seed_articles() if a.id.startswith(prefix))


def edited_copy(prefix: str, doc_id: str, *replacements: tuple[str, str]) -> Article:
    """A new story: a seed with some words changed, as a careless rewrite changes them."""
    text = seed(prefix).text
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return article_from_text(doc_id, text, f"{doc_id}.txt")


def generated_articles(count: int, seed_value: int = 7, prefix: str = "gen") -> list[Article]:
    """Stories of random words: unrelated to the seeds and to one another."""
    rng = random.Random(seed_value)
    articles = []
    for number in range(count):
        sentences = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "." for _ in range(6)]
        doc_id = f"{prefix}{number:05d}"
        articles.append(article_from_text(doc_id, f"Story {doc_id}\n\n" + " ".join(sentences) + "\n", f"{doc_id}.txt"))
    return articles


def ids(articles) -> set[str]:
    return {a.id for a in articles}


# ------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return seed_articles()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds) -> str:
    """An archive holding the five seeds (read-only in the tests that use it)."""
    path = str(tmp_path_factory.mktemp("archive") / "seeds.sqlite")
    with open_archive(path, create=True) as archive:
        archive.add(seeds)
    return path


@pytest.fixture
def copy_of(tmp_path, seeded):
    """A writable copy of the seeded archive."""
    path = tmp_path / "archive.sqlite"
    with sqlite3.connect(seeded) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return str(path)


# ------------------------------------------------------------------------------------
# Adding, replacing, removing


def test_add_creates_the_archive_on_first_use_and_reports_every_article_added(tmp_path, seeds):
    path = tmp_path / "new.sqlite"
    with open_archive(str(path), create=True) as archive:
        result = archive.add(seeds)
    assert path.exists()
    assert result == AddResult(added=tuple(a.id for a in seeds), unchanged=())


def test_stats_count_articles_passages_and_claims(seeded, seeds):
    with open_archive(seeded) as archive:
        stats = archive.stats()
    lexicon = load_lexicon()
    assert stats.backend == "sqlite" and stats.location == seeded
    assert stats.articles == 5
    assert stats.claims == sum(len(extract_claims(a, lexicon)) for a in seeds)
    assert stats.passages > 5 * 10
    assert stats.size_bytes and stats.size_bytes > 0
    assert stats.settings == OverlapSettings().signature_meta()
    assert json.loads(json.dumps(stats.to_json()))["articles"] == 5


def test_adding_the_same_articles_again_changes_nothing(copy_of, seeds):
    with open_archive(copy_of) as archive:
        before = archive.stats()
        result = archive.add(seeds)
        after = archive.stats()
    assert result == AddResult(added=(), unchanged=tuple(a.id for a in seeds))
    assert (after.articles, after.passages, after.claims) == (before.articles, before.passages, before.claims)


def test_an_article_whose_text_changed_is_updated(copy_of, seeds):
    changed = article_from_text(seeds[1].id, seeds[1].text + "\nA late paragraph was added to the story here.\n")
    with open_archive(copy_of) as archive:
        result = archive.add([changed])
        stored = archive.load([changed.id])[0]
        assert archive.stats().articles == 5
    assert result.updated == (changed.id,)
    assert stored.article.text == changed.text


def test_remove_reports_removed_and_missing_ids_and_forgets_the_article(copy_of, seeds):
    with open_archive(copy_of) as archive:
        result = archive.remove([seeds[0].id, "no-such-article"])
        assert result == RemoveResult(removed=(seeds[0].id,), missing=("no-such-article",))
        assert archive.stats().articles == 4
        assert archive.load([seeds[0].id]) == []
        assert archive.candidates(seeds[4]) == []


def test_progress_is_reported_after_each_article(tmp_path, seeds):
    calls = []
    with open_archive(str(tmp_path / "a.sqlite"), create=True) as archive:
        archive.add(seeds, on_progress=lambda done, total: calls.append((done, total)))
        archive.add(iter(seeds[:2]), on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5), (1, None), (2, None)]


# ------------------------------------------------------------------------------------
# Stored records


def test_load_gives_back_the_article_and_its_claims_exactly(seeded, seeds):
    with open_archive(seeded) as archive:
        stored = {s.article.id: s for s in archive.load([a.id for a in seeds])}
    lexicon = load_lexicon()
    for article in seeds:
        assert stored[article.id].article == article
        assert stored[article.id].claims == tuple(extract_claims(article, lexicon))


def test_load_keeps_the_order_asked_for_and_skips_unknown_ids(seeded, seeds):
    with open_archive(seeded) as archive:
        loaded = archive.load([seeds[3].id, "unknown", seeds[1].id])
    assert [s.article.id for s in loaded] == [seeds[3].id, seeds[1].id]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=_TEXT, body=st.lists(_TEXT, min_size=1, max_size=4))
def test_stored_claim_spans_index_the_stored_text(headline, body):
    article = article_from_text("doc", headline + "\n\n" + "\n\n".join(body))
    claims = extract_claims(article, load_lexicon())
    restored = article_from_json(json.loads(json.dumps(article_to_json(article))))
    rebuilt = claims_from_json(restored, json.loads(json.dumps(claims_to_json(claims))))
    assert restored == article
    assert rebuilt == tuple(claims)
    for claim in rebuilt:
        for span in (claim.span, claim.sentence):
            assert restored.text[span.start : span.end] == span.text


def test_content_hash_ignores_the_path_but_not_the_text(seeds):
    article = seeds[0]
    assert content_hash(replace(article, path="elsewhere/000.txt")) == content_hash(article)
    assert content_hash(replace(article, text=article.text + " ")) != content_hash(article)


# ------------------------------------------------------------------------------------
# Candidates


def test_candidates_are_the_stored_copies_of_a_story(seeded, seeds):
    by_prefix = {a.id[:3]: a for a in seeds}
    with open_archive(seeded) as archive:
        assert archive.candidates(by_prefix["004"]) == [by_prefix["000"].id]
        assert archive.candidates(by_prefix["000"]) == [by_prefix["004"].id]
        assert archive.candidates(by_prefix["003"]) == []


def test_an_edited_copy_finds_both_stored_versions(seeded, seeds):
    new = edited_copy("004", "new", ("four separate summit talks", "seven separate summit talks"))
    with open_archive(seeded) as archive:
        assert archive.candidates(new) == sorted(a.id for a in seeds if a.id[:3] in ("000", "004"))


def test_an_unrelated_story_has_no_candidates(seeded):
    with open_archive(seeded) as archive:
        assert [archive.candidates(a) for a in generated_articles(3)] == [[], [], []]


def test_ranked_candidates_put_the_copies_sharing_most_first(tmp_path, seeds):
    new = edited_copy("004", "new", ("four separate summit talks", "seven separate summit talks"))
    with open_archive(str(tmp_path / "ranked.sqlite"), create=True) as archive:
        archive.add(seeds)
        ranked = archive.ranked_candidates(new)
        assert sorted(ranked) == archive.candidates(new)
        assert ranked[0] == seeds[4].id  # the story new was copied from shares more than 000
        assert archive.ranked_candidates(new, limit=1) == ranked[:1]


def test_candidates_agree_with_the_in_memory_lsh_of_find_overlaps(tmp_path):
    """Differential: the stored bands propose exactly the pairs the in-memory LSH of
    overlap.candidate_pairs does before verification (which `check` applies after loading)."""
    ecb = require_ecbplus()
    paths = sorted(ecb.glob("1/*.txt"))[:12] + sorted(ecb.glob("3/*.txt"))[:12]
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths]
    settings_ = OverlapSettings(verify_ratio=0.0)
    expected = set(candidate_pairs([_index(a, settings_) for a in articles], settings_))
    with open_archive(str(tmp_path / "ecb.sqlite"), create=True) as archive:
        archive.add(articles)
        found = {tuple(sorted((a.id, other))) for a in articles for other in archive.candidates(a)}
    assert expected, "the sample should hold some related articles"
    assert found == expected


def test_finding_candidates_does_not_grow_with_the_archive(tmp_path, seeds):
    """The lookup reads the rows of the new article's band keys, never the whole archive:
    four times as many unrelated stored articles cost (about) no more SQLite work."""
    path = str(tmp_path / "grow.sqlite")
    new = edited_copy("004", "new", ("four separate summit talks", "seven separate summit talks"))
    unrelated = generated_articles(160)

    def lookup_steps(archive) -> tuple[list[str], int]:
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        archive._db.set_progress_handler(count, 1)
        found = archive.candidates(new)
        archive._db.set_progress_handler(None, 1)
        return found, steps

    with open_archive(path, create=True) as archive:
        archive.add(seeds + unrelated[:40])
        small_found, small_steps = lookup_steps(archive)
        archive.add(unrelated[40:])
        large_found, large_steps = lookup_steps(archive)
        rows = archive._db.execute("SELECT count(*) FROM passage_bands").fetchone()[0]
    assert small_found == large_found == sorted(a.id for a in seeds if a.id[:3] in ("000", "004"))
    assert large_steps < small_steps * 1.25
    assert large_steps < rows  # a scan of the band table alone would take more


# ------------------------------------------------------------------------------------
# Opening: missing, foreign, newer, other settings


def test_a_missing_archive_is_an_error_saying_how_to_create_one(tmp_path):
    path = str(tmp_path / "absent.sqlite")
    with pytest.raises(ArchiveError, match="no archive at .*absent.sqlite; create one with `reconcile index add"):
        open_archive(path)
    assert not os.path.exists(path)


@pytest.mark.parametrize("content", [b"just some notes, not a database\n", bytes(range(256)) * 8], ids=["text file", "random bytes"])
def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    for create in (False, True):
        with pytest.raises(ArchiveError, match=r"notes\.sqlite is not a reconcile archive"):
            open_archive(str(path), create=create)
    assert path.read_bytes() == content


def test_another_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (name TEXT)")
    for create in (False, True):
        with pytest.raises(ArchiveError, match=r"other\.db is an SQLite database but not a reconcile archive"):
            open_archive(str(path), create=create)
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"customers"}


def test_an_archive_from_a_newer_schema_is_refused(copy_of):
    with sqlite3.connect(copy_of) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ArchiveError, match="newer reconcile .*upgrade reconcile"):
        open_archive(copy_of)


def test_other_signature_settings_are_refused_with_a_rebuild_message(copy_of):
    with pytest.raises(SettingsError, match="num_perm 64 vs 128.*[Rr]ebuild"):
        open_archive(copy_of, OverlapSettings(num_perm=64))


def test_other_lsh_thresholds_are_refused_with_a_rebuild_message(copy_of):
    with pytest.raises(SettingsError, match="passage_threshold 0.4 vs 0.6.*rebuild"):
        open_archive(copy_of, OverlapSettings(passage_threshold=0.6))


def test_signatures_from_another_reconcile_version_are_refused(copy_of):
    with sqlite3.connect(copy_of) as db:
        record = json.loads(db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()[0])
        record["signature"]["reconcile_version"] = "0.0.1"
        db.execute("UPDATE meta SET value = ? WHERE key = 'settings'", (json.dumps(record),))
    with pytest.raises(SettingsError, match="reconcile_version"):
        open_archive(copy_of)


def test_without_settings_the_recorded_ones_are_used(tmp_path, seeds):
    path = str(tmp_path / "small.sqlite")
    chosen = OverlapSettings(num_perm=64, seed=3)
    with open_archive(path, chosen, create=True) as archive:
        archive.add(seeds[:1])
    with open_archive(path) as archive:
        assert archive.settings == chosen
        assert archive.stats().settings == chosen.signature_meta()


def test_aligner_settings_may_differ_from_the_recorded_ones(copy_of):
    with open_archive(copy_of, OverlapSettings(min_similarity=0.7)) as archive:
        assert archive.settings == OverlapSettings()


# ------------------------------------------------------------------------------------
# Two writers, and a writer killed mid-add

_ADD_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from tests.test_archive import generated_articles
    from reconcile.archive import open_archive
    with open_archive({path!r}, create=True) as archive:
        print("ready", flush=True)
        sys.stdin.readline()
        archive.add(generated_articles({count}, seed_value={seed}, prefix={prefix!r}))
""")


def test_two_processes_adding_at_once_both_succeed_and_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _ADD_SCRIPT.format(root=str(ROOT), path=path, count=25, seed=n, prefix=f"w{n}-")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:  # released together, so their writes overlap
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with open_archive(path) as archive:
        assert archive.stats().articles == 50
        stored = {s.article.id for s in archive.load([f"w{n}-{i:05d}" for n in (1, 2) for i in range(25)])}
    assert len(stored) == 50


_KILLED_SCRIPT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from tests.test_archive import generated_articles
    from reconcile.archive import open_archive
    from reconcile.archive.sqlite import SQLiteArchive

    original = SQLiteArchive._count_change
    def slow_end(self, delta):
        # Called inside the write transaction, after every row of the add is written.
        original(self, delta)
        print("in transaction", flush=True)
        time.sleep(60)
    SQLiteArchive._count_change = slow_end
    with open_archive({path!r}) as archive:
        archive.add(generated_articles(60, seed_value=11, prefix="big-"))
""")


def test_a_writer_killed_in_the_middle_of_an_add_leaves_the_archive_as_it_was(copy_of, seeds):
    with open_archive(copy_of) as archive:
        before = archive.stats()
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SCRIPT.format(root=str(ROOT), path=copy_of)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = writer.stdout.readline()
        assert line.strip() == "in transaction", writer.stderr.read()
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    with sqlite3.connect(copy_of) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_archive(copy_of) as archive:
        after = archive.stats()
        assert (after.articles, after.passages, after.claims) == (before.articles, before.passages, before.claims)
        assert archive.load(["big-00000"]) == []
        assert archive.candidates(seeds[4]) == [seeds[0].id]
        assert archive.add(generated_articles(2, prefix="after-")).added == ("after-00000", "after-00001")


_OPEN_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from reconcile.archive import open_archive
    print("ready", flush=True)
    sys.stdin.readline()
    with open_archive({path!r}, create=True) as archive:
        print(archive.settings.num_perm)
""")


def test_jobs_that_make_the_same_new_archive_at_once_all_open_it(tmp_path):
    """The second job may find the file begun but its tables not yet committed: it waits
    for them rather than calling the file 'not a reconcile archive'."""
    for attempt in range(6):
        path = str(tmp_path / f"new{attempt}.sqlite")
        jobs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_SCRIPT.format(root=str(ROOT), path=path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for job in jobs:
            assert job.stdout.readline().strip() == "ready"
        for job in jobs:  # released together
            job.stdin.write("go\n")
            job.stdin.flush()
        for job in jobs:
            out, err = job.communicate(timeout=60)
            assert job.returncode == 0, err
            assert out.strip() == "128"
