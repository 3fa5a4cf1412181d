"""Shared test helpers: the seed articles and the repository paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite golden report files from the current output instead of comparing.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


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
    work on four times the input grows about four times; quadratic, sixteen), never a time."""
    import time

    def best(argument) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            call(argument)
            times.append(time.perf_counter() - started)
        return min(times)

    call(small)  # warm caches first
    return best(large) / max(best(small), 1e-4)
