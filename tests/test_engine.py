"""The engine runs the per-article and per-pair work; it must never change what is found."""

from __future__ import annotations


import numpy as np
import pytest
from click.testing import CliRunner

import reconcile.engines.local
from reconcile.cli import main
from reconcile.engines.local import LocalEngine, make_engine
from reconcile.overlap.lsh import local_lsh_pairs
from reconcile.errors import SettingsError
from reconcile.ingest import article_from_text
from reconcile.pipeline import analyse
from reconcile.overlap.signatures import SignatureScheme, sign

from .conftest import SEEDS, require_ecbplus


def _square(x: int) -> int:
    return x * x


@pytest.fixture(scope="module")
def ecb_articles():
    paths = sorted(require_ecbplus().rglob("*.txt"))[:48]
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths]


def _comparable(report):
    return (report.overlaps, report.claims, [(f.fingerprint, f.message, f.evidence) for f in report.findings])


def test_worker_processes_give_the_same_report_as_one_process(ecb_articles, monkeypatch):
    monkeypatch.setattr(reconcile.engines.local, "MIN_ITEMS_PER_POOL", 2)
    one = analyse(ecb_articles, engine=LocalEngine(1))
    two = analyse(ecb_articles, engine=LocalEngine(2))
    assert one.overlaps and one.claims
    assert _comparable(one) == _comparable(two)


def test_map_keeps_the_order_of_the_items_with_workers(monkeypatch):
    monkeypatch.setattr(reconcile.engines.local, "MIN_ITEMS_PER_POOL", 2)
    assert LocalEngine(2).map(_square, list(range(300))) == [x * x for x in range(300)]


def test_small_inputs_stay_in_this_process():
    # A lambda cannot be sent to a worker: this only works because no pool is started.
    assert LocalEngine(8).map(lambda x: x + 1, [1, 2, 3]) == [2, 3, 4]


def test_jobs_zero_means_one_worker_per_available_core():
    assert LocalEngine(0).jobs == reconcile.engines.local.available_cores() >= 1


def test_local_lsh_pairs_agree_with_a_brute_force_band_comparison():
    """Every pair of signatures compared band by band, with datasketch's bands and rows for
    the threshold: LSH must give exactly the pairs that share a whole band."""
    from reconcile.archive.bands import band_ranges

    scheme = SignatureScheme()
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(40)]
    sets = {f"d{i}": {" ".join(rng.choice(vocabulary, 3)) for _ in range(30)} for i in range(25)}
    sets["copy"] = set(sets["d0"])
    base = sorted(sets["d1"])
    for k in range(2, 30, 2):  # k of d1's shingles replaced: from near copies to strangers
        sets[f"v{k:02d}"] = set(base[k:]) | {f"new{k} shingle {i}" for i in range(k)}
    values = {key: sign(shingles, scheme).values for key, shingles in sets.items()}
    ranges = band_ranges(0.5, scheme.num_perm)
    expected = {
        tuple(sorted((x, y)))
        for x in values
        for y in values
        if x < y and any(np.array_equal(values[x][a:b], values[y][a:b]) for a, b in ranges)
    }
    pairs = local_lsh_pairs(values, 0.5, scheme.num_perm)
    variants = {y for x, y in expected if x == "d1" and y.startswith("v")}
    assert ("copy", "d0") in expected and "v02" in variants and "v28" not in variants
    assert pairs == expected


def test_an_unknown_engine_or_a_scheduler_without_dask_is_a_settings_error():
    with pytest.raises(SettingsError, match="--engine dask"):
        make_engine("local", 1, "tcp://127.0.0.1:8786")
    with pytest.raises(SettingsError, match="unknown engine"):
        make_engine("spark")


def test_jobs_option_gives_the_same_seed_report_with_a_real_worker_pool(monkeypatch):
    monkeypatch.setattr(reconcile.engines.local, "MIN_ITEMS_PER_POOL", 2)  # five seeds would stay in this process
    pools = []
    real_pool = reconcile.engines.local.ProcessPoolExecutor

    def counted(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(reconcile.engines.local, "ProcessPoolExecutor", counted)
    runner = CliRunner()
    serial = runner.invoke(main, ["report", str(SEEDS), "--format", "json", "--jobs", "1"])
    assert not pools
    parallel = runner.invoke(main, ["report", str(SEEDS), "--format", "json", "--jobs", "2"])
    assert pools and all(workers == 2 for workers in pools)
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.output == parallel.output


def test_a_negative_jobs_count_is_a_usage_error():
    result = CliRunner().invoke(main, ["report", str(SEEDS), "--jobs", "-1"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def _offset(x: int, shared: dict) -> int:
    return x + shared["offset"]


def test_map_shared_gives_each_item_the_shared_value_with_workers(monkeypatch):
    monkeypatch.setattr(reconcile.engines.local, "MIN_ITEMS_PER_POOL", 2)
    assert LocalEngine(2).map_shared(_offset, list(range(200)), {"offset": 7}) == [x + 7 for x in range(200)]
    assert reconcile.engines.local._WorkerShared.value is None  # the calling process keeps nothing
