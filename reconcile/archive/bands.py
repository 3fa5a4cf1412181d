"""LSH bands of stored signatures, cut as datasketch's MinHashLSH cuts them.

A signature of `num_perm` values is cut into `b` bands of `r` rows, with the (b, r) that
``MinHashLSH(threshold, num_perm)`` picks, so a stored index proposes the same candidate
pairs as the in-memory index of `reconcile.overlap`. Each band becomes one 64-bit key
(a hash of the band's values, its number and a tag for the level), small and indexable.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH


@lru_cache(maxsize=32)
def band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band: the b and r datasketch chooses for this threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))


def band_keys(values: np.ndarray, ranges: tuple[tuple[int, int], ...], tag: str) -> list[int]:
    """One signed 64-bit key per band. Two signatures share a key when they agree on a
    whole band (and, but for a 2**-64 chance, only then)."""
    prefix = tag.encode("utf-8") + b"\x00"
    keys = []
    for number, (start, end) in enumerate(ranges):
        digest = hashlib.blake2b(prefix + number.to_bytes(2, "big") + values[start:end].astype("<u4").tobytes(),
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
