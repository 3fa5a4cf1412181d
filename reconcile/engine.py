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
from functools import partial
from typing import Callable, Hashable, Iterable, Mapping, Protocol, Sequence, TypeVar

import numpy as np

from .errors import SettingsError

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

# What `LocalEngine.map_shared` gives its workers: set before the pool forks, so that each
# worker inherits it instead of being sent it with every item.
_SHARED: dict[str, object] = {}

# Fewer items than this are done in this process even with --jobs: starting workers and
# sending them articles costs more than a few dozen articles' work.
MIN_ITEMS_PER_POOL = 64

from .settings import ENGINES  # noqa: E402  (named where the command line reads it)


class Engine(Protocol):
    jobs: int

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]: ...

    def map_shared(self, function: Callable[[T, S], R], items: Sequence[T], shared: S) -> list[R]: ...

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

    def map_shared(self, function: Callable[[T, S], R], items: Sequence[T], shared: S) -> list[R]:
        """``function(item, shared)`` for every item, in item order. With workers, `shared`
        (the prepared articles that alignment tasks name by id, say) reaches each worker
        once, by inheritance when the pool forks, not once per item."""
        items = list(items)
        if self.jobs <= 1 or len(items) < MIN_ITEMS_PER_POOL or "fork" not in multiprocessing.get_all_start_methods():
            return [function(item, shared) for item in items]
        _SHARED["value"] = shared
        try:
            return self.map(partial(_call_with_shared, function), items)
        finally:
            _SHARED.clear()

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float,
                  num_perm: int) -> set[tuple]:
        return local_lsh_pairs(signatures, threshold, num_perm)

    def __repr__(self) -> str:
        return f"LocalEngine(jobs={self.jobs})"


def _call_with_shared(function: Callable, item):
    return function(item, _SHARED["value"])


def local_lsh_pairs(signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]:
    """Pairs of keys (each pair sorted) whose signatures agree on a whole LSH band, with the
    bands and rows datasketch's `MinHashLSH` chooses for the threshold: the pairs its
    insert-then-query gives. The bands are grouped with array sorts rather than one Python
    dictionary operation per band and signature."""
    from .archive.bands import band_ranges

    keys = list(signatures)
    if len(keys) < 2:
        return set()
    matrix = np.stack([np.asarray(signatures[key], dtype=np.uint32) for key in keys])
    found: set[tuple] = set()
    for start, end in band_ranges(threshold, num_perm):
        for members in _equal_rows(matrix[:, start:end]):
            group = [keys[i] for i in members]
            found.update(tuple(sorted((x, y))) for i, x in enumerate(group) for y in group[i + 1:])
    return found


def _equal_rows(band: np.ndarray) -> list[np.ndarray]:
    """Indices of the rows of `band` that are equal, for every value held by two rows or more."""
    _, inverse, counts = np.unique(band, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    shared = np.flatnonzero(counts > 1)
    if not len(shared):
        return []
    rows = np.flatnonzero(np.isin(inverse, shared))
    rows = rows[np.argsort(inverse[rows], kind="stable")]
    return np.split(rows, np.flatnonzero(np.diff(inverse[rows])) + 1)


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
