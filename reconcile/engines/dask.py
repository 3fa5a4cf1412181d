"""The Dask engine: the per-article and per-pair work as Dask collections on a cluster.

`DaskEngine` implements the two operations of `reconcile.engines.local.Engine`:

- ``map``: a `dask.bag` over the items, the function mapped over it, computed on the
  cluster; results come back in item order.
- ``lsh_pairs``: LSH banding as large-scale deduplication pipelines do it. Every signature
  is cut into the bands datasketch's `MinHashLSH` cuts for the threshold; each band becomes
  a record (band number, band values, signature number); records are hash-partitioned by
  band and moved with Dask's task shuffle, as numpy chunks; each partition sorts its records
  into buckets of equal band, and every bucket of two or more yields all its pairs. The
  pairs are exactly `reconcile.engines.local.local_lsh_pairs`' pairs: same bands and rows, and
  buckets compare the band's values exactly (no digest that could collide).

Functions are shipped by reference, so the workers need the same version of reconcile
installed. Inputs are read on the client and scattered to the workers. See docs/dask.md.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import partial
from itertools import combinations, pairwise
from operator import itemgetter
from typing import TypeVar

import numpy as np

from ..archive.bands import band_ranges
from ..overlap.lsh import BandPairs
from .local import available_cores
from ..errors import SettingsError

T = TypeVar("T")
R = TypeVar("R")

# Seconds to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 10.0
# Partitions per worker thread: enough for uneven tasks (alignment of a long pair) to even out.
PARTITIONS_PER_THREAD = 4
# Most items in one partition, so that a huge input never makes one huge task.
MAX_ITEMS_PER_PARTITION = 2_000

INSTALL_HINT = "--engine dask needs Dask: pip install 'reconcile[dask]'"


class DaskEngine:
    """A Dask cluster: the one at `scheduler` (tcp://host:8786), or a `LocalCluster` started
    here with `jobs` worker processes (0: one per available core), closed by `close()`.

    Results never depend on the engine: the reports equal `LocalEngine`'s."""

    def __init__(self, scheduler: str | None = None, jobs: int = 0):
        if jobs < 0:
            raise SettingsError(f"--jobs must be 0 (all cores) or more, not {jobs}")
        try:
            import dask.bag  # noqa: F401  (the collections this engine is built on)
            from distributed import Client, LocalCluster
        except ImportError:
            raise SettingsError(INSTALL_HINT) from None
        self.scheduler = scheduler
        self._cluster = None
        if scheduler:
            self.client = _connect(Client, scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=jobs or available_cores(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster, set_as_default=False)
        self.jobs = max(1, sum(self.client.nthreads().values()))

    # -- the Engine operations ------------------------------------------------------------

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """`function` applied to every item on the cluster, results in item order."""
        import dask.bag as db

        items = list(items)
        if not items:
            return []
        partitions = self._scatter(items, partition_count(len(items), self.jobs))
        return self.client.compute(db.from_delayed(partitions).map(function), sync=True)

    def map_shared(self, function: Callable, items: Sequence, shared) -> list:
        """``function(item, shared)`` for every item; `shared` is scattered to every worker
        once and each task names it, instead of carrying it."""
        import dask
        import dask.bag as db

        items = list(items)
        if not items:
            return []
        on_workers = dask.delayed(self.client.scatter(shared, broadcast=True, hash=False))
        partitions = self._scatter(items, partition_count(len(items), self.jobs))
        return self.client.compute(db.from_delayed(partitions).map(function, on_workers), sync=True)

    def lsh_pairs(self, signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]:
        """Pairs of keys (each sorted) that share an LSH band: `local_lsh_pairs`' pairs."""
        import dask.bag as db

        if len(signatures) < 2:
            return set()
        keys = list(signatures)
        parts = partition_count(len(keys), self.jobs)
        # Workers see signatures by position: a position is smaller to shuffle than a key.
        blocks = [[block] for block in signature_blocks(list(signatures.values()), parts)]
        partitions = self.client.scatter(blocks, hash=False)
        pairs = lsh_pairs_bag(db.from_delayed(partitions), band_ranges(threshold, num_perm), parts)
        return {_sorted_pair(keys[i], keys[j]) for i, j in self.client.compute(pairs, sync=True)}

    def band_pairs(
        self, matrix: np.ndarray, threshold: float, num_perm: int, max_bucket: int | None = None, groups: np.ndarray | None = None
    ) -> BandPairs:
        """`reconcile.engines.local.band_pairs` on the cluster: the same pairs of rows and the same
        count of crowded buckets."""
        import dask.bag as db

        if len(matrix) < 2:
            return BandPairs(np.empty((0, 2), dtype=np.int64))
        parts = partition_count(len(matrix), self.jobs)
        blocks = [[block] for block in signature_blocks(list(matrix), parts, groups)]
        partitions = self.client.scatter(blocks, hash=False)
        buckets = bucket_bag(db.from_delayed(partitions), band_ranges(threshold, num_perm), parts)
        limit = max_bucket if max_bucket is not None else len(matrix)
        paired = buckets.filter(partial(bucket_within, limit=limit)).map(pairs_in_bucket).flatten().distinct()
        crowded = buckets.filter(partial(bucket_beyond, limit=limit)).count()
        pairs, crowded_count = self.client.compute([paired, crowded], sync=True)
        found = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        return BandPairs(found, int(crowded_count))

    def _scatter(self, items: list, parts: int) -> list:
        """The items, cut into `parts` runs in order, sent to the workers: the scheduler's
        task graph never carries the data. The caller holds the futures until it has computed."""
        return self.client.scatter(contiguous_chunks(items, parts), hash=False)

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the client, and the local cluster if this engine started it."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.scheduler or "local cluster"
        return f"DaskEngine({where}, threads={self.jobs})"


def _connect(client_type, scheduler: str):
    """A client of the scheduler at this address, or a SettingsError saying what to do."""
    try:
        return client_type(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise SettingsError(
            f"cannot reach the Dask scheduler at {scheduler} ({reason}); "
            "start one with `dask scheduler` (and workers with `dask worker ADDRESS`), "
            "or leave out --scheduler to start a local cluster"
        ) from None


def partition_count(items: int, threads: int) -> int:
    """Partitions for `items` items: a few per worker thread, none larger than the cap."""
    wanted = max(threads * PARTITIONS_PER_THREAD, math.ceil(items / MAX_ITEMS_PER_PARTITION))
    return max(1, min(items, wanted))


def contiguous_chunks(items: list, parts: int) -> list[list]:
    """The items cut into `parts` runs of near-equal length, in order."""
    size, extra = divmod(len(items), parts)
    bounds = [0]
    for part in range(parts):
        bounds.append(bounds[-1] + size + (1 if part < extra else 0))
    return [items[start:end] for start, end in pairwise(bounds)]


# -- the banding steps (module level, so that they are shipped to workers by reference) -------


def lsh_pairs_bag(blocks, ranges: tuple[tuple[int, int], ...], parts: int):
    """A bag of signature blocks -> a bag of the distinct position pairs (i < j) sharing a band.

    Band records -> hash-partitioned chunks -> task shuffle -> buckets of equal band key in
    each partition -> distinct buckets of two or more -> their pairs -> distinct pairs."""
    return bucket_bag(blocks, ranges, parts).map(pairs_in_bucket).flatten().distinct()


def bucket_bag(blocks, ranges: tuple[tuple[int, int], ...], parts: int):
    """A bag of signature blocks -> a bag of the distinct buckets (sorted tuples of two or
    more positions sharing a band)."""
    chunks = blocks.map_partitions(partial(band_chunks, ranges=ranges, parts=parts))
    # Each input partition sends one chunk of records per destination: the shuffle moves
    # (and tokenizes) parts x parts chunks rather than every record.
    shuffled = chunks.groupby(itemgetter(0), shuffle="tasks", npartitions=parts)
    # Identical passages share every band: pair each distinct bucket once, not once a band.
    return shuffled.map(buckets_of_chunks).flatten().distinct()


def bucket_within(bucket: tuple[int, ...], limit: int) -> bool:
    return len(bucket) <= limit


def bucket_beyond(bucket: tuple[int, ...], limit: int) -> bool:
    return len(bucket) > limit


def signature_blocks(values: list[np.ndarray], parts: int, groups: np.ndarray | None = None) -> list[tuple]:
    """The signatures in `parts` runs, each a (first position, matrix of one signature a row,
    the rows' groups or None)."""
    widths = {len(v) for v in values}
    if len(widths) != 1:
        raise ValueError(f"signatures of different lengths cannot share bands: {sorted(widths)}")
    blocks, start = [], 0
    for chunk in contiguous_chunks(values, parts):
        group = None if groups is None else np.asarray(groups[start : start + len(chunk)], dtype=np.uint64)
        blocks.append((start, np.stack(chunk), group))
        start += len(chunk)
    return blocks


def band_records(block: tuple, ranges: tuple[tuple[int, int], ...]) -> np.ndarray:
    """One row per (signature, band): [band key, the band's values..., position]. The band
    key is the band number, or with groups ``number * (largest group + 1) + group``, so that
    only rows of one group meet.

    Two rows share a bucket when their band key and values are equal: the band's exact
    values, as datasketch compares the band's bytes, no digest that could collide."""
    start, matrix = block[0], block[1]
    groups = block[2] if len(block) > 2 else None
    positions = np.arange(start, start + len(matrix), dtype=np.uint64)
    if groups is None:
        keys = [np.full(len(matrix), number, dtype=np.uint64) for number in range(len(ranges))]
    else:
        # The same multiplier on every worker: groups are level numbers, a handful at most.
        keys = [np.uint64(number) * np.uint64(GROUPS) + groups for number in range(len(ranges))]
    rows = [np.column_stack([key, matrix[:, low:high].astype(np.uint64), positions]) for key, (low, high) in zip(keys, ranges)]
    return np.concatenate(rows)


# Distinct groups `band_pairs` can keep apart on Dask (the passage levels need two).
GROUPS = 1 << 16


def destinations(records: np.ndarray, parts: int) -> np.ndarray:
    """The output partition of each record: a hash of its band number and values (all but
    the last column), the same on every worker and every run, unlike Python's salted hash."""
    hashes = np.full(len(records), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in records[:, :-1].T:
            hashes = (hashes ^ column) * np.uint64(0x100000001B3)
    return hashes % np.uint64(parts)


def band_chunks(blocks: Iterable[tuple[int, np.ndarray]], ranges: tuple[tuple[int, int], ...], parts: int) -> list[tuple[int, np.ndarray]]:
    """One partition's band records split by destination: (output partition, records)."""
    chunks: list[tuple[int, np.ndarray]] = []
    for block in blocks:
        records = band_records(block, ranges)
        where = destinations(records, parts)
        chunks.extend((int(d), records[where == d]) for d in np.unique(where))
    return chunks


def buckets_of_chunks(group: tuple[int, list[tuple[int, np.ndarray]]]) -> list[tuple[int, ...]]:
    """The buckets of two or more positions among the records sent to one output partition,
    each a sorted tuple of positions."""
    _, chunks = group
    records = np.concatenate([records for _, records in chunks])
    band = records[:, :-1]
    ordered = records[np.lexsort(band.T[::-1])]
    same_as_previous = np.all(ordered[1:, :-1] == ordered[:-1, :-1], axis=1)
    starts = np.flatnonzero(~np.concatenate([[False], same_as_previous]))
    ends = np.append(starts[1:], len(ordered))
    positions = ordered[:, -1]
    return [tuple(sorted(set(positions[a:b].tolist()))) for a, b in zip(starts, ends) if b - a >= 2]


def pairs_in_bucket(members: tuple[int, ...]) -> list[tuple[int, int]]:
    """Every pair of a sorted bucket. A bucket of n signatures gives n(n-1)/2 pairs, as
    datasketch's LSH does."""
    return list(combinations(members, 2))


def _sorted_pair(x: Hashable, y: Hashable) -> tuple:
    return (x, y) if x < y else (y, x)  # type: ignore[operator]  # keys of one index compare
