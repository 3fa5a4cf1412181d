"""The pipeline is wired once: `analyse`, `check_articles` and the benchmark run the same
stage functions, in the order of `STAGES`, and a timer sees each stage."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from reconcile.archive import open_archive
from reconcile.archive.check import check_articles
from reconcile.engines.local import LocalEngine
from reconcile.ingest import read_inputs
from reconcile.pipeline import STAGES, AnalysisOptions, analyse, run_stages

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    return read_inputs([str(SEEDS)]).articles


def recording_timer(seen: list[str]):
    @contextmanager
    def stage(name: str):
        seen.append(name)
        yield

    return stage


def test_the_timer_is_given_every_stage_in_order(seeds):
    seen: list[str] = []
    analyse(seeds, timer=recording_timer(seen))
    assert seen == list(STAGES)


def test_a_timer_does_not_change_the_report(seeds):
    assert analyse(seeds, timer=recording_timer([])) == analyse(seeds)


def test_progress_is_told_in_plain_words_as_before(seeds):
    told: list[str] = []
    analyse(seeds, on_stage=told.append)
    assert told[0] == f"signing {len(seeds)} articles and aligning shared passages"
    assert told[1] == f"reading claims in {len(seeds)} articles"
    assert told[2].startswith("comparing facts (")


def test_an_overlaps_only_run_stops_after_alignment(seeds):
    seen: list[str] = []
    report = analyse(seeds, AnalysisOptions(claims=False), timer=recording_timer(seen))
    assert seen == ["signatures", "candidates", "alignment"]
    assert report.overlaps and not report.claims and not report.findings


@pytest.mark.parametrize("until", STAGES)
def test_until_stops_after_that_stage(seeds, until):
    seen: list[str] = []
    run_stages(seeds, until=until, timer=recording_timer(seen))
    assert seen == list(STAGES[: STAGES.index(until) + 1])


def test_run_stages_counts_the_candidate_pairs_and_the_crowded_buckets(seeds):
    analysis = run_stages(seeds)
    assert analysis.candidate_pairs >= 1 and analysis.crowded_buckets == 0
    assert analysis.report == analyse(seeds)


def test_an_unknown_stage_is_refused(seeds):
    with pytest.raises(ValueError, match="until must be one of"):
        run_stages(seeds, until="rendering")


def test_check_runs_the_same_stages_on_the_engine_it_is_given(seeds, tmp_path):
    with open_archive(str(tmp_path / "archive.sqlite"), create=True) as archive:
        archive.add(seeds[:3])
        seen: list[str] = []
        report = check_articles(seeds[3:], archive, engine=LocalEngine(1), timer=recording_timer(seen))
    assert seen == list(STAGES)
    assert report.settings["check"]["new"] == [a.id for a in seeds[3:]]
