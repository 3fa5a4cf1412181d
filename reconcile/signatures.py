"""MinHash signatures of shingle sets, computed as numpy array operations.

The values are bit-identical to ``datasketch.MinHash`` (2.x, scheme ``"affine32"``) for
the same seed, permutation count and hash function: each shingle is hashed once with
datasketch's ``sha1_hash32``, pre-mixed with the 32-bit MurmurHash3 finalizer, and every
permutation ``a * h + b mod 2**32`` is applied to all hashes at once. The permutation
parameters are drawn exactly as datasketch draws them (``numpy.random.RandomState(seed)``:
``a = 2 * randint(0, 2**31) + 1``, then ``b = randint(0, 2**32)``).

A `Signature` records everything needed to compare it (seed, permutation count, hash
function, permutation scheme, shingle settings, reconcile version) and refuses to be
compared with one made differently: such values look alike but mean nothing together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

from . import __version__
from .errors import SettingsError

PERMUTATION_SCHEME = "affine32"
MAX_HASH = np.uint32(0xFFFFFFFF)

# Hash functions by the name a signature records; a stored signature names its function.
HASH_FUNCTIONS: dict[str, Callable[[bytes], int]] = {"sha1_hash32": sha1_hash32}

# Shingles hashed and permuted per numpy step: bounds memory to ROWS x num_perm x 4 bytes.
CHUNK_ROWS = 4096


@dataclass(frozen=True)
class SignatureScheme:
    """How signatures are made. Two signatures can be compared only if their schemes are equal.

    seed, num_perm: choose the permutations. hash_function: the name of the 32-bit hash
    applied to each shingle's UTF-8 bytes. shingle_size, shingle_unit: what the sets hold.
    version: the reconcile version whose folding and shingling produced the shingles.
    """

    seed: int = 1
    num_perm: int = 128
    hash_function: str = "sha1_hash32"
    shingle_size: int = 3
    shingle_unit: str = "folded-words"
    permutation_scheme: str = PERMUTATION_SCHEME
    version: str = __version__

    def meta(self) -> dict:
        return {
            "seed": self.seed,
            "num_perm": self.num_perm,
            "hash_function": self.hash_function,
            "permutation_scheme": self.permutation_scheme,
            "shingle_size": self.shingle_size,
            "shingle_unit": self.shingle_unit,
            "reconcile_version": self.version,
        }

    def check_compatible(self, other: "SignatureScheme") -> None:
        """Raise `SettingsError` naming every difference and how to rebuild."""
        if self == other:
            return
        mine, theirs = self.meta(), other.meta()
        diffs = ", ".join(f"{k} {mine[k]!r} vs {theirs[k]!r}" for k in mine if mine[k] != theirs[k])
        raise SettingsError(
            f"signatures were made with different settings ({diffs}); they cannot be compared. "
            "Rebuild the stored signatures with the current settings (re-run reconcile over the "
            "archived articles), or run with the settings the archive was built with."
        )


@dataclass(frozen=True, eq=False)
class Signature:
    """The MinHash values of one shingle set, with the scheme that made them."""

    scheme: SignatureScheme
    values: np.ndarray  # uint32, length scheme.num_perm

    def jaccard(self, other: "Signature") -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        self.scheme.check_compatible(other.scheme)
        return float(np.count_nonzero(self.values == other.values)) / self.scheme.num_perm

    def to_minhash(self) -> MinHash:
        """The equivalent datasketch MinHash, for datasketch's LSH index."""
        a, b = permutations(self.scheme.seed, self.scheme.num_perm)
        return MinHash(seed=self.scheme.seed, hashvalues=self.values, permutations=np.array([a, b]),
                       scheme=PERMUTATION_SCHEME, hashfunc=HASH_FUNCTIONS[self.scheme.hash_function])


@lru_cache(maxsize=16)
def permutations(seed: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutation parameters (a, b) that datasketch draws for this seed."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def fmix32(hashes: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer: spreads similar hashes before permuting them."""
    h = hashes.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def shingle_hashes(shingles: Iterable[str], hash_function: str = "sha1_hash32") -> np.ndarray:
    """One 32-bit hash per shingle (of its UTF-8 bytes)."""
    if hash_function == "sha1_hash32":
        # Same value as datasketch's sha1_hash32, without a Python call per struct.unpack.
        digests = b"".join(hashlib.sha1(s.encode("utf-8")).digest()[:4] for s in shingles)
        return np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    function = HASH_FUNCTIONS[hash_function]
    return np.fromiter((function(s.encode("utf-8")) for s in shingles), dtype=np.uint32)


def minhash_values(hashes: np.ndarray, seed: int, num_perm: int) -> np.ndarray:
    """The MinHash values of a set given one 32-bit hash per element; an empty set gives
    the all-maximum signature, as datasketch does."""
    a, b = permutations(seed, num_perm)
    result = np.full(num_perm, MAX_HASH, dtype=np.uint32)
    mixed = fmix32(np.asarray(hashes, dtype=np.uint32))
    for start in range(0, len(mixed), CHUNK_ROWS):
        chunk = mixed[start:start + CHUNK_ROWS].reshape(-1, 1)
        # uint32 arithmetic wraps around, which is the modulo 2**32 of the permutation.
        np.minimum(result, (chunk * a + b).min(axis=0), out=result)
    return result


def sign(shingles: Iterable[str], scheme: SignatureScheme) -> Signature:
    """The signature of a set of shingles."""
    hashes = shingle_hashes(shingles, scheme.hash_function)
    return Signature(scheme, minhash_values(hashes, scheme.seed, scheme.num_perm))
