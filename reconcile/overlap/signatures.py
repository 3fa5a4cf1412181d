"""MinHash signatures of shingle sets, computed as numpy array operations.

The values are bit-identical to ``datasketch.MinHash`` (2.x, scheme ``"affine32"``) for
the same seed, permutation count and hash function: each shingle is hashed once, the hash
is pre-mixed with the 32-bit MurmurHash3 finalizer (as datasketch does), and every
permutation ``a * h + b mod 2**32`` is applied to all hashes at once. The permutation
parameters are drawn exactly as datasketch draws them (``numpy.random.RandomState(seed)``:
``a = 2 * randint(0, 2**31) + 1``, then ``b = randint(0, 2**32)``).

The default shingle hash is `poly64_mix32`, a polynomial hash that numpy computes for all
the shingles of many texts at once from prefix sums over one byte buffer, and that exists
as a plain Python ``hashfunc(bytes) -> int`` too, so that ``datasketch.MinHash(hashfunc=
poly64_mix32)`` makes the very same signatures. datasketch's ``sha1_hash32`` stays available
(signatures record their hash function; an archive built with it is refused, not misread).

Bulk signing (`sign_texts`, `sign_form_groups`) signs many sets per numpy call: per-call
overhead, not arithmetic, is what limits signing thousands of short sets one by one.

A `Signature` records everything needed to compare it (seed, permutation count, hash
function, permutation scheme, shingle settings, reconcile version) and refuses to be
compared with one made differently: such values look alike but mean nothing together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

from .. import __version__
from ..errors import SettingsError
from ..fasttext import WordRuns, form_runs, text_word_runs

PERMUTATION_SCHEME = "affine32"
MAX_HASH = np.uint32(0xFFFFFFFF)

_MASK64 = (1 << 64) - 1
# The polynomial's base: odd, so invertible modulo 2**64 (prefix sums can be shifted back
# to position 0), and with its bits spread (the golden-ratio constant of splitmix64).
POLY_BASE = 0x9E3779B97F4A7C15
POLY_BASE_INVERSE = pow(POLY_BASE, -1, 1 << 64)

# Permuted hashes per numpy step: the (num_perm, CHUNK_ELEMENTS // num_perm) uint32 work
# buffer (4 MB) stays in cache, each permutation is a contiguous row, and the calls are
# few. Measured on a 2-core EPYC (2 MB L2, 32 MB L3): 8192 columns at 128 permutations
# ran 34M shingles/s against 23M at 4096 and 15M at 65536.
CHUNK_ELEMENTS = 1 << 20
# Characters of text tokenised per numpy pass in `sign_texts`: bounds the byte-level
# arrays (about 40 bytes each character of the batch at peak) and the power tables,
# and keeps them near the cache; 2**17 to 2**21 measured alike, 2**16 slower.
BATCH_CHARS = 1 << 19


def poly64_mix32(data: bytes) -> int:
    """A 32-bit hash of a byte string: a polynomial hash modulo 2**64, finished with the
    MurmurHash3 64-bit finalizer, of which the high 32 bits are kept.

    ``P = sum((data[i] + 1) * POLY_BASE**i) mod 2**64`` (the + 1 makes zero bytes count),
    then ``fmix64(P) >> 32``. numpy computes it for every shingle of a text at once as a
    difference of prefix sums (`poly_hashes`); this plain version is the hashfunc to hand
    datasketch so that its MinHash makes the same signatures.

    What it is not: a polynomial hash modulo 2**64 is not collision-resistant. Inputs can
    be crafted to collide (Thue-Morse strings collide for every odd base, and the finalizer
    cannot separate equal values). That is acceptable for similarity sketching, where a
    collision only merges two shingles of one estimate; do not use it to authenticate
    anything or as a key an adversary can choose.
    """
    powers = _python_powers(len(data))
    total = sum((byte + 1) * power for byte, power in zip(data, powers)) & _MASK64
    return _fmix64_int(total) >> 32


# Hash functions by the name a signature records; a stored signature names its function.
HASH_FUNCTIONS: dict[str, Callable[[bytes], int]] = {
    "poly64_mix32": poly64_mix32,
    "sha1_hash32": sha1_hash32,
}
DEFAULT_HASH_FUNCTION = "poly64_mix32"


@dataclass(frozen=True)
class SignatureScheme:
    """How signatures are made. Two signatures can be compared only if their schemes are equal.

    seed, num_perm: choose the permutations. hash_function: the name (in `HASH_FUNCTIONS`)
    of the 32-bit hash applied to each shingle's UTF-8 bytes. shingle_size, shingle_unit:
    what the sets hold. version: the reconcile version whose folding and shingling
    produced the shingles.
    """

    seed: int = 1
    num_perm: int = 128
    hash_function: str = DEFAULT_HASH_FUNCTION
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

    def check_compatible(self, other: SignatureScheme) -> None:
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

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        self.scheme.check_compatible(other.scheme)
        return float(np.count_nonzero(self.values == other.values)) / self.scheme.num_perm

    def to_minhash(self) -> MinHash:
        """The equivalent datasketch MinHash, for datasketch's LSH index."""
        a, b = permutations(self.scheme.seed, self.scheme.num_perm)
        return MinHash(
            seed=self.scheme.seed,
            hashvalues=self.values,
            permutations=np.array([a, b]),
            scheme=PERMUTATION_SCHEME,
            hashfunc=HASH_FUNCTIONS[self.scheme.hash_function],
        )


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


def fmix64(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 64-bit finalizer, in place on a uint64 array (which it returns)."""
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    values ^= values >> np.uint64(33)
    return values


def _fmix64_int(value: int) -> int:
    value ^= value >> 33
    value = (value * 0xFF51AFD7ED558CCD) & _MASK64
    value ^= value >> 33
    value = (value * 0xC4CEB9FE1A85EC53) & _MASK64
    return value ^ (value >> 33)


_python_power_table: list[int] = [1]


def _python_powers(n: int) -> list[int]:
    """POLY_BASE**i mod 2**64 for i < n, as Python ints (grown on demand, never shrunk)."""
    table = _python_power_table
    while len(table) < n:
        table.append((table[-1] * POLY_BASE) & _MASK64)
    return table


class _PowerTables:
    """POLY_BASE**i and POLY_BASE**-i mod 2**64 as uint64 arrays, and the prefix sums of
    the powers, grown by doubling."""

    def __init__(self) -> None:
        self.powers = np.ones(1, dtype=np.uint64)
        self.inverse = np.ones(1, dtype=np.uint64)
        self.power_sums = np.zeros(2, dtype=np.uint64)  # power_sums[j] = sum(powers[:j])
        self.power_sums[1] = 1

    def upto(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if len(self.powers) < n:
            powers, inverse = self.powers, self.inverse
            while len(powers) < n:
                powers, inverse = _doubled(powers, POLY_BASE), _doubled(inverse, POLY_BASE_INVERSE)
            power_sums = np.zeros(len(powers) + 1, dtype=np.uint64)
            np.cumsum(powers, out=power_sums[1:])
            # Published together, so a concurrent reader never sees tables of two sizes.
            self.powers, self.inverse, self.power_sums = powers, inverse, power_sums
        return self.powers, self.inverse, self.power_sums


def _doubled(table: np.ndarray, base: int) -> np.ndarray:
    """Extend [x**0 .. x**(m-1)] to [x**0 .. x**(2m-1)]: the second half is the first times x**m."""
    step = np.array([pow(base, len(table), 1 << 64)], dtype=np.uint64)
    return np.concatenate([table, table * step])


_POWERS = _PowerTables()


def poly_hashes(buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """`poly64_mix32` of each byte range ``buffer[starts[i]:ends[i]]``, computed together.

    With prefix sums ``S[j] = sum((buffer[i] + 1) * B**i for i < j)`` (uint64 arithmetic
    wraps around, which is the modulo 2**64), the polynomial of a range starting at s is
    ``(S[e] - S[s]) * B**-s``: one subtraction and one multiplication a shingle, however
    long it is and however many shingles overlap. The ``+ 1`` part of S is a prefix sum
    of the powers alone, kept with the power tables, so the bytes are read only once."""
    n = len(buffer)
    powers, inverse, power_sums = _POWERS.upto(n)
    # Products and their running sum in one array, in place: no temporary of 8 bytes a byte.
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    np.multiply(buffer, powers[:n], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    prefix += power_sums[: n + 1]
    polynomial = prefix[ends]
    polynomial -= prefix[starts]
    polynomial *= inverse[starts]
    return (fmix64(polynomial) >> np.uint64(32)).astype(np.uint32)


def shingle_hashes(shingles: Iterable[str], hash_function: str = DEFAULT_HASH_FUNCTION) -> np.ndarray:
    """One 32-bit hash per shingle (of its UTF-8 bytes)."""
    if hash_function == "poly64_mix32":
        runs = form_runs([list(shingles)])
        return poly_hashes(runs.buffer, runs.starts, runs.ends)
    if hash_function == "sha1_hash32":
        # Same value as datasketch's sha1_hash32, without a Python call per struct.unpack.
        digests = b"".join(hashlib.sha1(s.encode("utf-8")).digest()[:4] for s in shingles)
        return np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    function = HASH_FUNCTIONS[hash_function]
    return np.fromiter((function(s.encode("utf-8")) for s in shingles), dtype=np.uint32)


def range_hashes(buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray, hash_function: str) -> np.ndarray:
    """One 32-bit hash per byte range of `buffer`, with the named hash function."""
    if hash_function == "poly64_mix32":
        return poly_hashes(buffer, starts, ends)
    data = buffer.tobytes()
    if hash_function == "sha1_hash32":
        digests = b"".join(hashlib.sha1(data[s:e]).digest()[:4] for s, e in zip(starts.tolist(), ends.tolist()))
        return np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    function = HASH_FUNCTIONS[hash_function]
    return np.fromiter((function(data[s:e]) for s, e in zip(starts.tolist(), ends.tolist())), dtype=np.uint32, count=len(starts))


def minhash_values(hashes: np.ndarray, seed: int, num_perm: int) -> np.ndarray:
    """The MinHash values of a set given one 32-bit hash per element; an empty set gives
    the all-maximum signature, as datasketch does."""
    hashes = np.asarray(hashes, dtype=np.uint32)
    return grouped_minhash_values(hashes, np.array([len(hashes)]), seed, num_perm)[0]


def grouped_minhash_values(hashes: np.ndarray, counts: np.ndarray, seed: int, num_perm: int) -> np.ndarray:
    """MinHash values of many sets at once: `hashes` holds the elements of set 0, then of
    set 1, ... (``counts[i]`` of set i). Returns a (len(counts), num_perm) uint32 array.

    The permutations run in a (num_perm, columns) layout: each permutation is a contiguous
    row, and `np.minimum.reduceat` along the rows takes the minimum of every set in a chunk
    with one call, whatever the number of sets."""
    a, b = permutations(seed, num_perm)
    result = np.full((len(counts), num_perm), MAX_HASH, dtype=np.uint32)
    total = int(np.sum(counts))
    if total == 0:
        return result
    mixed = fmix32(hashes)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    filled = np.flatnonzero(np.asarray(counts) > 0)  # reduceat cannot take empty segments
    set_starts, set_ends = offsets[filled], offsets[filled + 1]
    a_column, b_column = a[:, None], b[:, None]
    columns = max(256, CHUNK_ELEMENTS // num_perm)
    work = np.empty((num_perm, min(columns, total)), dtype=np.uint32)
    for start in range(0, total, columns):
        stop = min(start + columns, total)
        block = work[:, : stop - start]
        # uint32 arithmetic wraps around, which is the modulo 2**32 of the permutation.
        np.multiply(a_column, mixed[None, start:stop], out=block)
        np.add(block, b_column, out=block)
        first = np.searchsorted(set_ends, start, side="right")
        last = np.searchsorted(set_starts, stop, side="left")
        segments = np.maximum(set_starts[first:last], start) - start
        minima = np.minimum.reduceat(block, segments, axis=1)
        ids = filled[first:last]
        result[ids] = np.minimum(result[ids], minima.T)
    return result


def sign(shingles: Iterable[str], scheme: SignatureScheme) -> Signature:
    """The signature of a set of shingles."""
    hashes = shingle_hashes(shingles, scheme.hash_function)
    return Signature(scheme, minhash_values(hashes, scheme.seed, scheme.num_perm))


def shingle_ranges(runs: WordRuns, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shingles of every text of `runs` as byte ranges, text after text: (starts,
    ends, shingles per text). As `reconcile.overlap.shingles.word_shingles`: runs of `size` words,
    and a text of 1 to `size` words is one shingle."""
    words_per_text = np.diff(runs.bounds)
    per_text = np.where(words_per_text > size, words_per_text - size + 1, np.minimum(words_per_text, 1))
    text_offsets = np.cumsum(per_text) - per_text
    # Shingle j of text t starts at word bounds[t] + j and spans min(size, words) words.
    first_word = np.arange(int(per_text.sum()), dtype=np.int64) + np.repeat(runs.bounds[:-1] - text_offsets, per_text)
    last_word = first_word + np.repeat(np.minimum(words_per_text, size) - 1, per_text)
    return runs.starts[first_word], runs.ends[last_word], per_text


def sign_runs(runs: WordRuns, scheme: SignatureScheme) -> np.ndarray:
    """Signatures (one row a text) of the word shingles of each text of `runs`."""
    starts, ends, per_text = shingle_ranges(runs, scheme.shingle_size)
    hashes = range_hashes(runs.buffer, starts, ends, scheme.hash_function)
    return grouped_minhash_values(hashes, per_text, scheme.seed, scheme.num_perm)


def sign_texts(texts: Sequence[str], scheme: SignatureScheme) -> np.ndarray:
    """Signatures of raw texts: one (len(texts), num_perm) uint32 row a text, of the set of
    its word shingles (``word_shingles([t.form for t in words(text)], shingle_size)``).

    ASCII texts (also with curly quotes and dashes) are tokenised with array operations
    (`reconcile.fasttext`), others with `reconcile.text.words`; texts are taken in batches of about `BATCH_CHARS` characters
    so memory stays bounded whatever the corpus."""
    result = np.empty((len(texts), scheme.num_perm), dtype=np.uint32)
    for first, last in _batches(texts, BATCH_CHARS):
        batch = texts[first:last]
        ascii_runs, ascii_at, other_runs, other_at = text_word_runs(batch)
        result[first + ascii_at] = sign_runs(ascii_runs, scheme)
        if len(other_at):
            result[first + other_at] = sign_runs(other_runs, scheme)
    return result


def sign_form_groups(groups: Sequence[Sequence[Sequence[str]]], scheme: SignatureScheme) -> np.ndarray:
    """Signatures of groups of passages: row i is the signature of the union of the word
    shingles of group i's passages (each a sequence of folded words). Shingles never cross
    passages, and a passage of 1 to `shingle_size` words is one shingle, so that
    ``sign_form_groups([[forms]], s)[0] == sign(word_shingles(forms, s.shingle_size), s).values``.
    A document's sentences make one group; a passage alone is a group of one."""
    passages = [passage for group in groups for passage in group]
    runs = form_runs(passages)
    starts, ends, per_passage = shingle_ranges(runs, scheme.shingle_size)
    hashes = range_hashes(runs.buffer, starts, ends, scheme.hash_function)
    passage_offsets = np.zeros(len(passages) + 1, dtype=np.int64)
    np.cumsum(per_passage, out=passage_offsets[1:])
    group_bounds = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, groups), dtype=np.int64, count=len(groups)), out=group_bounds[1:])
    per_group = np.diff(passage_offsets[group_bounds])
    return grouped_minhash_values(hashes, per_group, scheme.seed, scheme.num_perm)


def _batches(texts: Sequence[str], max_chars: int) -> list[tuple[int, int]]:
    """Consecutive (first, last) index ranges of texts holding about `max_chars` characters."""
    ranges: list[tuple[int, int]] = []
    first, size = 0, 0
    for i, text in enumerate(texts):
        size += len(text) + 1
        if size >= max_chars:
            ranges.append((first, i + 1))
            first, size = i + 1, 0
    if first < len(texts) or not ranges:
        ranges.append((first, len(texts)))
    return ranges
