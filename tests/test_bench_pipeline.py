"""The whole-pipeline benchmark measures the real pipeline: its stage-by-stage run gives
exactly the report `analyse()` gives, and its table says what each run measured."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import pipeline  # noqa: E402

from reconcile.engines.local import LocalEngine  # noqa: E402
from reconcile.pipeline import AnalysisOptions, analyse  # noqa: E402


@lru_cache(maxsize=None)
def articles(n: int = 30) -> tuple:
    return tuple(pipeline.ingest(pipeline.corpus_texts(n, seed=5, words=300)))


@lru_cache(maxsize=None)
def staged() -> tuple:
    """(report, candidate pairs) of the staged run on `articles()`."""
    return pipeline.staged_analyse(articles(), AnalysisOptions(), LocalEngine(1), pipeline.StageTimes())


def test_staged_run_gives_exactly_the_report_analyse_gives():
    report, _ = staged()
    assert report == analyse(articles(), AnalysisOptions(), engine=LocalEngine(1))


def test_staged_run_finds_something_to_measure():
    report, pairs = staged()
    assert pairs > 0 and report.overlaps and report.claims and report.findings


def test_every_stage_is_timed_in_wall_and_cpu_seconds():
    times = pipeline.StageTimes()
    with times.stage("ingest"):
        texts = pipeline.corpus_texts(8, seed=5, words=200)
        loaded = pipeline.ingest(texts)
    pipeline.staged_analyse(loaded, AnalysisOptions(), LocalEngine(1), times)
    assert set(times.wall) == set(times.cpu) == set(pipeline.STAGES)
    assert all(seconds >= 0 for seconds in (*times.wall.values(), *times.cpu.values()))


def test_a_run_until_claims_stops_after_claims():
    times = pipeline.StageTimes()
    report, _ = pipeline.staged_analyse(articles(), AnalysisOptions(), LocalEngine(1), times, until="claims")
    assert "findings" not in times.wall and "claims" in times.wall
    assert report.claims and not report.findings


def test_a_run_until_candidates_counts_pairs_without_aligning_them():
    times = pipeline.StageTimes()
    report, pairs = pipeline.staged_analyse(articles(), AnalysisOptions(), LocalEngine(1), times, until="candidates")
    assert set(times.wall) == {"signatures", "candidates"}
    assert pairs == staged()[1] and not report.overlaps


def test_ingest_keeps_each_text_as_given():
    texts = pipeline.corpus_texts(5, seed=5, words=200)
    assert [(a.id, a.text) for a in pipeline.ingest(texts)] == texts


def test_growth_is_time_per_article_relative_to_the_smallest_size():
    runs = [
        {"size": 100, "jobs": 1, "total": 10.0},
        {"size": 1000, "jobs": 1, "total": 150.0},
        {"size": 100, "jobs": 2, "total": 5.0},
        {"size": 1000, "jobs": 2, "total": 50.0},
    ]
    assert pipeline.growth(runs) == pytest.approx({(100, 1): 1.0, (1000, 1): 1.5, (100, 2): 1.0, (1000, 2): 1.0})


def test_table_shows_a_stopped_run_as_stopped():
    finished_run = pipeline.run_one(6, 1, seed=5, words=200, verify=True)
    stopped = {"size": 50, "jobs": 1, "stopped_after": 60}
    text = pipeline.table([finished_run, stopped])
    assert "stopped at 60 s" in text and "6 × 1 job" in text and "50 × 1 job" in text
    assert finished_run["verified"] is True


def test_table_shows_stages_a_run_stopped_before_as_not_run():
    partial_run = pipeline.run_one(6, 1, seed=5, words=200, verify=False, until="alignment")
    text = pipeline.table([partial_run])
    assert "| claims: s (CPU s) | not run |" in text and "/ - / -" in text
