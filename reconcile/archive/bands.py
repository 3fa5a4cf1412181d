"""LSH bands of stored signatures, cut as datasketch's MinHashLSH cuts them.

A signature of `num_perm` values is cut into `b` bands of `r` rows, with the (b, r) that
``MinHashLSH(threshold, num_perm)`` picks, so a stored index proposes the same candidate
pairs as the in-memory index of `reconcile.overlap.find`. Each band becomes one 64-bit key
(a hash of the band's values, its number and a tag for the level), small and indexable.
Both backends store these keys, so they answer alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHashLSH

from ..settings import OverlapSettings

if TYPE_CHECKING:
    from ..overlap.find import ArticleSignatures


@lru_cache(maxsize=32)
def band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band: the b and r datasketch chooses for this threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))


@lru_cache(maxsize=64)
def _band_hashers(tag: str, ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[object, int, int], ...]:
    """A blake2b already fed each band's prefix (tag, band number), with the band's byte range."""
    prefix = tag.encode("utf-8") + b"\x00"
    return tuple(
        (hashlib.blake2b(prefix + number.to_bytes(2, "big"), digest_size=8), 4 * start, 4 * end)
        for number, (start, end) in enumerate(ranges)
    )


def band_keys(values: np.ndarray, ranges: tuple[tuple[int, int], ...], tag: str) -> list[int]:
    """One signed 64-bit key per band. Two signatures share a key when they agree on a
    whole band (and, but for a 2**-64 chance, only then)."""
    data = np.ascontiguousarray(values, dtype="<u4").tobytes()
    keys = []
    for hasher, start, end in _band_hashers(tag, ranges):
        h = hasher.copy()  # type: ignore[attr-defined]
        h.update(data[start:end])
        keys.append(int.from_bytes(h.digest(), "big", signed=True))
    return keys


@dataclass(frozen=True, eq=False)
class ArticleKeys:
    """The band keys an archive stores for one article: those of its document signature,
    and those of all its passages (every level), each set sorted and without repeats."""

    document: np.ndarray  # int64
    passages: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.document) + len(self.passages)


def article_keys(signatures: ArticleSignatures, settings: OverlapSettings) -> ArticleKeys:
    """The keys of an article's signatures, made with the archive's settings."""
    doc_ranges = band_ranges(settings.doc_threshold, settings.num_perm)
    passage_ranges = band_ranges(settings.passage_threshold, settings.num_perm)
    document = band_keys(signatures.document.values, doc_ranges, "document")
    passages = [k for level, _, sig in signatures.passages for k in band_keys(sig.values, passage_ranges, level)]
    return ArticleKeys(_unique(document), _unique(passages))


def _unique(keys: list[int]) -> np.ndarray:
    return np.unique(np.asarray(keys, dtype=np.int64))
