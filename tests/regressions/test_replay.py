"""Inputs that once crashed or hung a fuzz target, replayed through the same target.

One file an input, named `<target>-<what it is>.bin` (targets: `ingest`, `pipeline`; see
tests/fuzz/targets.py for how each reads its bytes). A new crash found by
`tests/fuzz/run.py` is copied here from the artifacts directory under such a name once
it is fixed."""

from __future__ import annotations

import importlib.util
import signal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# A hang guard, not a speed test (speed belongs to benchmarks/): a saved input that once
# hung its target is stopped after this long, so the suite fails instead of waiting forever.
HANG_SECONDS = 120


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

    def hung(signum, frame):
        raise AssertionError(f"{saved.name} still hangs its target (stopped after {HANG_SECONDS} s)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    try:
        run(saved.read_bytes())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
