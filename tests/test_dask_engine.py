"""`--engine dask` runs the same stages on a Dask cluster and must find exactly what the local
engine finds. One two-worker LocalCluster (worker processes, as on a real cluster) serves the
tests. Skipped when Dask is missing, unless RECONCILE_REQUIRE_SERVERS=1 (CI), then failed."""

from __future__ import annotations

import logging
import os
import socket
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.archive.bands import band_ranges
from reconcile.cli import main
from reconcile.engines.local import LocalEngine
from reconcile.overlap.lsh import local_lsh_pairs
from reconcile.ingest import article_from_text
from reconcile.pipeline import analyse

from .conftest import require_ecbplus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

if os.environ.get("RECONCILE_REQUIRE_SERVERS") == "1":
    import distributed
else:
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install 'reconcile[dask]')")

import reconcile.engines.dask
from reconcile.engines.dask import (
    DaskEngine,
    band_records,
    contiguous_chunks,
    partition_count,
    signature_blocks,
)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL) as started:
        yield started


@pytest.fixture(scope="module")
def engine(cluster):
    with DaskEngine(scheduler=cluster.scheduler_address) as connected:
        yield connected


@pytest.fixture(scope="module")
def articles():
    paths = sorted(SEEDS.glob("*.txt")) + sorted(require_ecbplus().glob("*/*.txt"))[:40]
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths]


@pytest.fixture(scope="module")
def dask_report(articles, engine):
    return analyse(articles, engine=engine)


def _comparable(report):
    return (report.overlaps, report.claims, [(f.fingerprint, f.message, f.evidence) for f in report.findings])


# -- the report ---------------------------------------------------------------------------


def test_dask_gives_the_same_report_as_the_local_engine_on_seeds_and_ecbplus(articles, dask_report):
    local = analyse(articles, engine=LocalEngine(1))
    assert local.overlaps and local.claims and local.findings
    assert _comparable(dask_report) == _comparable(local)


def test_spans_made_on_workers_index_the_original_text(articles, dask_report):
    report = dask_report
    texts = {a.id: a.text for a in articles}
    spans = [s for o in report.overlaps for s in (o.a, o.b)] + [c.span for c in report.claims]
    spans += [s for f in report.findings for s in f.evidence]
    assert spans
    assert all(texts[s.doc][s.start : s.end] == s.text for s in spans)


def test_report_command_prints_the_same_json_with_dask_as_with_local(cluster):
    runner = CliRunner()
    local = runner.invoke(main, ["report", str(SEEDS), "--format", "json"])
    on_dask = runner.invoke(main, ["report", str(SEEDS), "--format", "json", "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert local.exit_code == on_dask.exit_code
    assert '"overlaps"' in local.stdout
    assert on_dask.stdout == local.stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch):
    monkeypatch.setattr(reconcile.engines.dask, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert address in result.stderr and "dask scheduler" in result.stderr


def test_without_dask_the_engine_asks_for_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--engine", "dask"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "pip install 'reconcile[dask]'" in result.stderr


# -- map ----------------------------------------------------------------------------------


def test_map_keeps_the_order_of_the_items(engine):
    items = list(range(1000))
    assert engine.map(str, items) == [str(x) for x in items]


def test_map_of_nothing_is_nothing(engine):
    assert engine.map(str, []) == []


# -- LSH banding --------------------------------------------------------------------------


def test_lsh_pairs_equal_datasketch_with_exact_duplicates_and_a_crowded_bucket(engine):
    rng = np.random.default_rng(5)
    # A small alphabet makes bands collide often: many partial matches, not just copies.
    signatures = {f"doc{i:03d}": rng.integers(0, 4, 128, dtype=np.uint32) for i in range(150)}
    signatures["copy-a"] = signatures["doc000"].copy()
    signatures["copy-b"] = signatures["doc000"].copy()
    boilerplate = rng.integers(0, 2**32, 128, dtype=np.uint32)
    signatures |= {f"boiler{i:03d}": boilerplate.copy() for i in range(60)}
    for threshold in (0.3, 0.4, 0.8):
        found = engine.lsh_pairs(signatures, threshold, 128)
        assert found == local_lsh_pairs(signatures, threshold, 128)
    assert ("copy-a", "doc000") in found
    assert sum(1 for x, y in found if x.startswith("boiler") and y.startswith("boiler")) == 60 * 59 // 2


def test_lsh_pairs_with_tuple_keys_as_the_passage_index_uses_them(engine):
    rng = np.random.default_rng(9)
    signatures = {(f"d{i % 7}", "sentence", i): rng.integers(0, 3, 64, dtype=np.uint32) for i in range(40)}
    assert engine.lsh_pairs(signatures, 0.4, 64) == local_lsh_pairs(signatures, 0.4, 64)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16), keys=st.integers(0, 30), alphabet=st.integers(1, 6), threshold=st.sampled_from([0.2, 0.5, 0.9]))
def test_lsh_pairs_equal_datasketch_on_any_signatures(engine, seed, keys, alphabet, threshold):
    rng = np.random.default_rng(seed)
    signatures = {f"k{i}": rng.integers(0, alphabet, 32, dtype=np.uint32) for i in range(keys)}
    assert engine.lsh_pairs(signatures, threshold, 32) == local_lsh_pairs(signatures, threshold, 32)


def test_band_records_hold_each_band_of_datasketch_s_cut_with_its_number_and_position():
    values = np.arange(256, dtype=np.uint32).reshape(2, 128)
    ranges = band_ranges(0.4, 128)
    records = band_records((10, values), ranges)
    assert len(records) == 2 * len(ranges)
    low, high = ranges[1]
    assert [1, *values[0, low:high], 10] in records.tolist()
    assert [1, *values[1, low:high], 11] in records.tolist()


def test_signatures_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="different lengths"):
        signature_blocks([np.zeros(128, dtype=np.uint32), np.zeros(64, dtype=np.uint32)], 2)


def test_partitions_are_a_few_per_thread_and_never_too_large():
    assert partition_count(3, 2) == 3
    assert partition_count(1000, 2) == 8
    assert partition_count(1_000_000, 2) == 500


def test_chunks_keep_every_item_in_order_and_differ_in_length_by_at_most_one():
    chunks = contiguous_chunks(list(range(10)), 4)
    assert chunks == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]


# -- helpers ------------------------------------------------------------------------------


def _closed_port() -> int:
    """A local port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("max_bucket", [None, 20])
def test_band_pairs_on_dask_equal_the_local_pairs_and_crowded_count(engine, max_bucket):
    from reconcile.overlap.lsh import band_pairs

    rng = np.random.default_rng(11)
    matrix = np.vstack(
        [rng.integers(0, 3, (60, 128), dtype=np.uint32), np.repeat(rng.integers(0, 2**32, (1, 128), dtype=np.uint32), 30, axis=0)]
    )
    groups = np.arange(len(matrix)) % 2
    for level_groups in (None, groups):
        local = band_pairs(matrix, 0.4, 128, max_bucket, level_groups)
        on_dask = engine.band_pairs(matrix, 0.4, 128, max_bucket, level_groups)
        assert on_dask.pairs.tolist() == local.pairs.tolist()
        assert on_dask.crowded == local.crowded
