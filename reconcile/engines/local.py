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
(`reconcile.engines.dask`) runs them as Dask collections on a cluster.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Callable, Hashable, Iterable, Mapping, Protocol, Sequence, TypeVar

import numpy as np

from ..errors import SettingsError

if TYPE_CHECKING:  # the banding is the overlap stage's; engines only run it where they run work
    from ..overlap.lsh import BandPairs

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

# Fewer items than this are done in this process even with --jobs: starting workers and
# sending them articles costs more than a few dozen articles' work.
MIN_ITEMS_PER_POOL = 64

from ..settings import ENGINES  # noqa: E402  (named where the command line reads it)


class Engine(Protocol):
    jobs: int

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]: ...

    def map_shared(self, function: Callable[[T, S], R], items: Sequence[T], shared: S) -> list[R]: ...

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]: ...

    def band_pairs(
        self, matrix: np.ndarray, threshold: float, num_perm: int, max_bucket: int | None = None, groups: np.ndarray | None = None
    ) -> BandPairs: ...


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
        return self._pool_map(function, items)

    def map_shared(self, function: Callable[[T, S], R], items: Sequence[T], shared: S) -> list[R]:
        """``function(item, shared)`` for every item, in item order. With workers, `shared`
        (the prepared articles that alignment tasks name by id, say) reaches each worker
        once, as the pool's start-up argument inherited when it forks, not once per item."""
        items = list(items)
        if self.jobs <= 1 or len(items) < MIN_ITEMS_PER_POOL or "fork" not in multiprocessing.get_all_start_methods():
            return [function(item, shared) for item in items]
        return self._pool_map(partial(_call_with_shared, function), items, shared=(shared,))

    def _pool_map(self, function: Callable, items: list, shared: tuple = ()) -> list:
        workers = min(self.jobs, len(items))
        # Big chunks: each item is cheap to compute relative to sending it one at a time.
        chunksize = max(1, len(items) // (workers * 8))
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        # Forked workers inherit the initializer's arguments: `shared` is never pickled.
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_hold_shared, initargs=shared) as pool:
            return list(pool.map(function, items, chunksize=chunksize))

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]:
        from ..overlap.lsh import local_lsh_pairs

        return local_lsh_pairs(signatures, threshold, num_perm)

    def band_pairs(
        self, matrix: np.ndarray, threshold: float, num_perm: int, max_bucket: int | None = None, groups: np.ndarray | None = None
    ) -> BandPairs:
        from ..overlap.lsh import band_pairs

        return band_pairs(matrix, threshold, num_perm, max_bucket, groups)

    def __repr__(self) -> str:
        return f"LocalEngine(jobs={self.jobs})"


class _WorkerShared:
    """What a worker process of `LocalEngine.map_shared` was started with. Set only in
    worker processes, once, by the pool's initializer; the calling process keeps nothing."""

    value: object = None


def _hold_shared(*shared: object) -> None:
    if shared:
        _WorkerShared.value = shared[0]


def _call_with_shared(function: Callable, item):
    return function(item, _WorkerShared.value)


def make_engine(name: str = "local", jobs: int = 1, scheduler: str | None = None) -> Engine:
    """The engine a command line asked for. `scheduler` is a Dask scheduler address."""
    if name == "local":
        if scheduler:
            raise SettingsError("--scheduler is for --engine dask")
        return LocalEngine(jobs)
    if name == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler=scheduler, jobs=jobs)
    raise SettingsError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")


def flatten(groups: Iterable[Iterable[T]]) -> list[T]:
    return [item for group in groups for item in group]
