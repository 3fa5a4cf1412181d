"""Where the per-article and per-pair work runs: here, on this machine's cores, or on Dask.

The pipeline is written against two operations, so that the same stages run on any engine
and give the same report:

- ``map(function, items)``: `function` applied to every item, results in item order. The
  function is a module-level function (or a `functools.partial` of one) so that it can be
  sent to another process or machine.
- ``lsh_pairs(signatures, threshold, num_perm)``: the pairs of keys whose MinHash values
  share an LSH band, with datasketch's choice of bands and rows for the threshold.

`LocalEngine` runs them in this process, or in a pool of worker processes when
``jobs > 1`` and there is enough work to pay for starting them. The Dask engine
(`reconcile.dask_engine`) runs them as Dask collections on a cluster.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Hashable, Iterable, Mapping, Protocol, Sequence, TypeVar

import numpy as np
from datasketch import MinHashLSH

from .errors import SettingsError

T = TypeVar("T")
R = TypeVar("R")

# Fewer items than this are done in this process even with --jobs: starting workers and
# sending them articles costs more than a few dozen articles' work.
MIN_ITEMS_PER_POOL = 64

ENGINES = ("local", "dask")


class Engine(Protocol):
    jobs: int

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]: ...

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float,
                  num_perm: int) -> set[tuple]: ...


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class LocalEngine:
    """This machine: one process, or `jobs` worker processes for large inputs.

    jobs: worker processes; 0 means one per available core. Results never depend on it."""

    def __init__(self, jobs: int = 1):
        if jobs < 0:
            raise SettingsError(f"--jobs must be 0 (all cores) or more, not {jobs}")
        self.jobs = jobs or available_cores()

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        items = list(items)
        if self.jobs <= 1 or len(items) < MIN_ITEMS_PER_POOL:
            return [function(item) for item in items]
        workers = min(self.jobs, len(items))
        # Big chunks: each item is cheap to compute relative to sending it one at a time.
        chunksize = max(1, len(items) // (workers * 8))
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(function, items, chunksize=chunksize))

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float,
                  num_perm: int) -> set[tuple]:
        return local_lsh_pairs(signatures, threshold, num_perm)

    def __repr__(self) -> str:
        return f"LocalEngine(jobs={self.jobs})"


def local_lsh_pairs(signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]:
    """Pairs of keys (each pair sorted) that datasketch's `MinHashLSH` puts in a common bucket."""
    if len(signatures) < 2:
        return set()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    minhashes = {key: _LshEntry(values) for key, values in signatures.items()}
    with lsh.insertion_session() as session:
        for key, minhash in minhashes.items():
            session.insert(key, minhash, check_duplication=False)
    found = set()
    for key, minhash in minhashes.items():
        for other in lsh.query(minhash):
            if other != key:
                found.add(tuple(sorted((key, other))))
    return found


class _LshEntry:
    """The two attributes `MinHashLSH` reads from a MinHash: its values and their count."""

    __slots__ = ("hashvalues",)

    def __init__(self, values: np.ndarray):
        self.hashvalues = values

    def __len__(self) -> int:
        return len(self.hashvalues)


def make_engine(name: str = "local", jobs: int = 1, scheduler: str | None = None) -> Engine:
    """The engine a command line asked for. `scheduler` is a Dask scheduler address."""
    if name == "local":
        if scheduler:
            raise SettingsError("--scheduler is for --engine dask")
        return LocalEngine(jobs)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(scheduler=scheduler, jobs=jobs)
    raise SettingsError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")


def flatten(groups: Iterable[Iterable[T]]) -> list[T]:
    return [item for group in groups for item in group]
