"""LSH banding: pairs of signatures that agree on a whole band, with datasketch's bands and
rows for a threshold, by one sort of band hashes over all bands (checked value by value)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class BandPairs:
    """What LSH banding proposes over the rows of a signature matrix.

    pairs: (m, 2) int64 row numbers, ``i < j`` in each, every pair once, sorted.
    crowded: buckets (distinct sets of rows sharing a band) of more than `max_bucket` rows,
        left unpaired: a stock phrase shared by hundreds of articles would otherwise give
        n(n-1)/2 pairs that are not reuse worth aligning.
    """

    pairs: np.ndarray
    crowded: int = 0


def local_lsh_pairs(signatures: Mapping[Hashable, np.ndarray], threshold: float, num_perm: int) -> set[tuple]:
    """Pairs of keys (each pair sorted) whose signatures agree on a whole LSH band, with the
    bands and rows datasketch's `MinHashLSH` chooses for the threshold: the pairs its
    insert-then-query gives."""
    keys = list(signatures)
    if len(keys) < 2:
        return set()
    matrix = np.stack([np.asarray(signatures[key], dtype=np.uint32) for key in keys])
    found = band_pairs(matrix, threshold, num_perm)
    return {_sorted_pair(keys[i], keys[j]) for i, j in found.pairs.tolist()}


def band_pairs(
    matrix: np.ndarray, threshold: float, num_perm: int, max_bucket: int | None = None, groups: np.ndarray | None = None
) -> BandPairs:
    """The pairs of rows of `matrix` (one signature a row) that agree on a whole band, with
    datasketch's bands and rows for the threshold; buckets of more than `max_bucket` rows
    are counted, not paired. With `groups` (an integer a row), only rows of the same
    group share buckets (passages of one level with passages of that level).

    Every (row, band) gets a 64-bit hash of its band number, group and values, and one sort
    of the hashes of many bands at once brings equal bands together (as many bands as keep
    the sort's arrays near `BAND_SORT_CELLS`: one sort for all bands up to a few hundred
    thousand passages). Runs of equal hashes are then checked value by value, so a hash
    collision can never make a pair (that run of bands is grouped exactly instead)."""
    from ..archive.bands import band_ranges

    ranges = band_ranges(threshold, num_perm)
    n = len(matrix)
    if n < 2:
        return BandPairs(np.empty((0, 2), dtype=np.int64))
    width = ranges[0][1] - ranges[0][0]
    bands = np.asarray(matrix[:, : len(ranges) * width], dtype=np.uint32).reshape(n, len(ranges), width)
    row_groups = np.zeros(n, dtype=np.uint32) if groups is None else np.asarray(groups, dtype=np.uint32)
    per_sort = max(1, min(len(ranges), BAND_SORT_CELLS // n))
    codes, crowded_sets = [], set()
    for first in range(0, len(ranges), per_sort):
        chunk = range(first, min(first + per_sort, len(ranges)))
        order, starts, ends = _equal_band_runs(bands, row_groups, chunk)
        rows = order // len(chunk)
        sizes = ends - starts
        crowded = sizes > max_bucket if max_bucket is not None else np.zeros(len(sizes), dtype=bool)
        crowded_sets |= {tuple(rows[a:e].tolist()) for a, e in zip(starts[crowded], ends[crowded])}
        codes.append(_run_pair_codes(rows, starts[~crowded], ends[~crowded], n))
    unique = np.unique(np.concatenate(codes))
    return BandPairs(np.column_stack([unique // n, unique % n]), len(crowded_sets))


def _band_hashes(bands: np.ndarray, groups: np.ndarray, chunk: range) -> np.ndarray:
    """(n, len(chunk)) uint64: an FNV-style hash of each band's number, the row's group and
    the band's values, then mixed."""
    n = len(bands)
    prime = np.uint64(0x100000001B3)
    with np.errstate(over="ignore"):
        hashes = np.empty((n, len(chunk)), dtype=np.uint64)
        hashes[:] = (np.uint64(0xCBF29CE484222325) ^ np.arange(chunk.start, chunk.stop, dtype=np.uint64)) * prime
        hashes ^= groups[:, None].astype(np.uint64)
        hashes *= prime
        for column in range(bands.shape[2]):
            hashes ^= bands[:, chunk.start : chunk.stop, column]
            hashes *= prime
        hashes ^= hashes >> np.uint64(33)
        hashes *= np.uint64(0xFF51AFD7ED558CCD)
        hashes ^= hashes >> np.uint64(33)
    return hashes


def _equal_band_runs(bands: np.ndarray, groups: np.ndarray, chunk: range) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, starts, ends) for the bands of `chunk`: `order` lists the (row * len(chunk) +
    band) cells so that cells of equal band, group and values are consecutive, and
    ``order[starts[k]:ends[k]]`` is the k-th run of two cells or more, rows ascending."""
    b = len(chunk)
    flat = _band_hashes(bands, groups, chunk).ravel()
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    del flat
    starts, ends = _runs(ordered[1:] == ordered[:-1])
    del ordered
    # Check every run value by value: equal hashes of unequal bands (a collision) must not pair.
    lengths = ends - starts
    cells = order[np.repeat(starts, lengths) + _ranks(lengths)]
    heads = np.repeat(order[starts], lengths)
    same = cells % b == heads % b
    same &= groups[cells // b] == groups[heads // b]
    same &= np.all(bands[cells // b, chunk.start + cells % b] == bands[heads // b, chunk.start + heads % b], axis=1)
    if not same.all():
        return _exact_band_runs(bands, groups, chunk)
    return order, starts, ends


def _exact_band_runs(bands: np.ndarray, groups: np.ndarray, chunk: range) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_equal_band_runs` by sorting the band numbers, groups and values themselves (slow,
    exact): taken only when two different bands hashed alike."""
    n, b = len(bands), len(chunk)
    numbers = np.repeat(np.arange(b, dtype=np.uint32)[None, :, None], n, axis=0)
    row_groups = np.repeat(groups[:, None, None], b, axis=1)
    records = np.concatenate([numbers, row_groups, bands[:, chunk.start : chunk.stop]], axis=2).reshape(n * b, -1)
    order = np.lexsort(records.T[::-1])
    ordered = records[order]
    starts, ends = _runs(np.all(ordered[1:] == ordered[:-1], axis=1))
    return order, starts, ends


def _runs(same_as_next: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of two or more equal items of a sorted array, given
    ``same_as_next[i] = (item i + 1 == item i)``."""
    edges = np.diff(np.concatenate([[False], same_as_next, [False]]).astype(np.int8))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) + 1


def _ranks(lengths: np.ndarray) -> np.ndarray:
    """0, 1, ..., k - 1 for each k of `lengths`, concatenated."""
    total = int(lengths.sum())
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total, dtype=np.int64) - offsets


def _sorted_pair(x: Hashable, y: Hashable) -> tuple:
    return (x, y) if x < y else (y, x)  # type: ignore[operator]


# (row, band) cells hashed and sorted together: bounds the sort's arrays (three of 8 bytes a
# cell) to about 200 MB, whatever the corpus.
BAND_SORT_CELLS = 1 << 23


def _run_pair_codes(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, n: int) -> np.ndarray:
    """``i * n + j`` for every pair (i < j) of rows inside each run ``rows[starts[k]:ends[k]]``
    (rows ascending within a run), each pair once, sorted."""
    if not len(starts):
        return np.empty(0, dtype=np.int64)
    lengths = ends - starts
    positions = np.repeat(starts, lengths) + _ranks(lengths)  # every member of every run
    after = np.repeat(ends, lengths) - positions - 1  # members after it in its run
    first = np.repeat(positions, after)
    second = np.repeat(positions + 1, after) + _ranks(after)
    return np.unique(rows[first].astype(np.int64) * n + rows[second])
