"""Shared test helpers: the seed articles and the repository paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
# The development data, in ../shared beside the checkout (as CI has it).
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus"


def require_ecbplus() -> Path:
    """The ECB+ folder, or a skip where it is not beside the checkout. In CI
    (RECONCILE_REQUIRE_DATA=1) its absence fails instead: a test that cannot run there
    must not pass by skipping."""
    if not (ECBPLUS / "index.jsonl").exists():
        message = f"ECB+ development data not found at {ECBPLUS}"
        if os.environ.get("RECONCILE_REQUIRE_DATA") == "1":
            pytest.fail(f"{message}, and RECONCILE_REQUIRE_DATA=1 requires it")
        pytest.skip(message)
    return ECBPLUS


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden report files from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def golden(update_golden):
    """`golden(path, actual)`: the one way a test meets its golden file. Compares `actual`
    with the file; with --update-golden writes it instead. A missing file fails, so that a
    new golden file is always written on purpose and reviewed."""

    def compare(path: Path, actual: str) -> None:
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"{path} is missing: run pytest --update-golden and review it")
        assert actual == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then pytest --update-golden"

    return compare


@pytest.fixture(scope="session")
def seed_articles():
    from reconcile.ingest import read_inputs

    inputs = read_inputs([str(SEEDS)])
    assert not inputs.problems
    return {a.id[:3]: a for a in inputs.articles}


# Four times the input may take this many times as long: linear work grows about four times,
# quadratic sixteen; the margin is for a busy machine.
MAX_GROWTH = 9


def growth(call, small, large, runs: int = 3) -> float:
    """How many times longer `call(large)` takes than `call(small)`: best of `runs` each, since
    a busy machine slows a run down and never speeds it up. Tests bound this ratio (linear
    work on four times the input grows about four times; quadratic, sixteen), never a time.
    A call too quick to time well is repeated until a run lasts `FLOOR` seconds, and its time
    is the run's mean, so that timer resolution and caches do not pass for growth."""
    import time

    def one_run(argument, repeats: int) -> float:
        started = time.perf_counter()
        for _ in range(repeats):
            call(argument)
        return (time.perf_counter() - started) / repeats

    def best(argument) -> float:
        repeats = 1
        while (took := one_run(argument, repeats)) * repeats < FLOOR and repeats < 1024:
            repeats *= 4
        return min([took] + [one_run(argument, repeats) for _ in range(runs - 1)])

    call(small)  # warm caches first
    ratio = best(large) / max(best(small), 1e-6)
    if ratio > MAX_GROWTH:  # measured again before it is believed: a load spike is not growth
        ratio = min(ratio, best(large) / max(best(small), 1e-6))
    return ratio


FLOOR = 0.02
