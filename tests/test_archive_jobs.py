"""Adding to an archive with worker processes, or through an engine: signing, claim
extraction and band keys run on the workers, and the archive written is the one a single
process writes."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from reconcile.archive import AddResult, open_archive
from reconcile.engines.local import MIN_ITEMS_PER_POOL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

# Enough articles that the engine really starts worker processes.
N = MIN_ITEMS_PER_POOL + 6
ARTICLES = tuple(g.article() for g in corpus.generate_corpus(N, seed=11, words=200))
# A stored article with new text, and an article given twice in one add (the last one counts).
CORRECTED = replace(ARTICLES[3], text=ARTICLES[3].text + "\nA later correction.\n")
GIVEN_TWICE = replace(ARTICLES[50], text=ARTICLES[50].text + "\nAn update.\n")
FIRST_ADD = list(ARTICLES[:40])
SECOND_ADD = [*ARTICLES, CORRECTED, GIVEN_TWICE]


@dataclass
class Built:
    path: str
    results: list[AddResult]
    progress: list[tuple[int, int | None]]


def build(path: Path, jobs: int, engine=None) -> Built:
    progress: list = []
    with open_archive(str(path), create=True) as archive:
        results = [
            archive.add(FIRST_ADD, jobs=jobs, engine=engine),
            archive.add(SECOND_ADD, jobs=jobs, engine=engine, on_progress=lambda done, total: progress.append((done, total))),
        ]
    return Built(str(path), results, progress)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("jobs") / "one.sqlite", jobs=1)


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("jobs") / "two.sqlite", jobs=2)


def contents(path: str) -> dict[str, list]:
    """Every stored row but the time each article was added."""
    db = sqlite3.connect(path)
    try:
        return {
            "articles": db.execute("SELECT num, id, content_hash, origin, record, passages FROM articles ORDER BY num").fetchall(),
            "claims": db.execute("SELECT article, lexicon, count, record FROM claims ORDER BY article").fetchall(),
            "doc_bands": db.execute("SELECT key, article FROM doc_bands ORDER BY key, article").fetchall(),
            "passage_bands": db.execute("SELECT key, article FROM passage_bands ORDER BY key, article").fetchall(),
            "band_keys": db.execute("SELECT article, document, passages FROM band_keys ORDER BY article").fetchall(),
        }
    finally:
        db.close()


def test_archive_added_with_two_workers_is_identical_to_one_added_in_one_process(one_process, two_workers):
    stored = contents(one_process.path)
    assert len(stored["articles"]) == N and stored["claims"] and stored["passage_bands"]
    assert contents(two_workers.path) == stored


def test_add_results_do_not_depend_on_the_workers(one_process, two_workers):
    assert two_workers.results == one_process.results
    second = two_workers.results[1]
    assert CORRECTED.id in second.updated and ARTICLES[0].id in second.unchanged


def test_an_id_given_twice_in_one_add_keeps_its_last_version_with_workers(two_workers):
    with open_archive(two_workers.path) as archive:
        assert archive.load([GIVEN_TWICE.id])[0].article == GIVEN_TWICE
        assert archive.load([CORRECTED.id])[0].article == CORRECTED
        assert archive.stats().articles == N


def test_progress_with_workers_rises_to_every_article_given(two_workers):
    done = [d for d, _ in two_workers.progress]
    assert two_workers.progress[-1] == (len(SECOND_ADD), len(SECOND_ADD))
    assert done == sorted(done)


def test_an_add_through_a_local_engine_uses_its_workers_and_writes_the_same_archive(one_process, tmp_path):
    from reconcile.engines.local import LocalEngine

    built = build(tmp_path / "engine.sqlite", jobs=1, engine=LocalEngine(jobs=2))
    assert contents(built.path) == contents(one_process.path)
    assert built.results == one_process.results


def test_an_add_through_the_dask_engine_writes_the_same_archive(one_process, tmp_path):
    """`Archive.add(engine=...)`: with Dask, the articles are prepared on the cluster's workers."""
    pytest.importorskip("distributed")
    import logging

    from distributed import LocalCluster

    from reconcile.engines.dask import DaskEngine

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL) as cluster,
        DaskEngine(scheduler=cluster.scheduler_address) as engine,
    ):
        built = build(tmp_path / "dask.sqlite", jobs=1, engine=engine)
    assert contents(built.path) == contents(one_process.path)
    assert built.results == one_process.results
