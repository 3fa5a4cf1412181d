"""Inputs that once crashed or hung a fuzz target, replayed through the same target.

One file an input, named `<target>-<what it is>.bin` (targets: `ingest`, `pipeline`; see
tests/fuzz/targets.py for how each reads its bytes). A new crash found by
`tests/fuzz/run.py` is copied here from the artifacts directory under such a name once
it is fixed."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BOUND_SECONDS = 5.0


def _targets():
    spec = importlib.util.spec_from_file_location("reconcile_fuzz_targets", HERE.parent / "fuzz" / "targets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TARGETS


TARGETS = _targets()
SAVED = sorted(HERE.glob("*.bin"))


def test_every_saved_input_names_a_target():
    assert SAVED and all(p.name.split("-", 1)[0] in TARGETS for p in SAVED)


@pytest.mark.parametrize("saved", SAVED, ids=[p.stem for p in SAVED])
def test_saved_input_no_longer_crashes_or_hangs_its_target(saved):
    run = TARGETS[saved.name.split("-", 1)[0]]
    started = time.perf_counter()
    run(saved.read_bytes())
    assert time.perf_counter() - started < BOUND_SECONDS
