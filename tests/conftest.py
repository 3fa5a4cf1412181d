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
