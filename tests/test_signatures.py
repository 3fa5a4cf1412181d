"""Signatures: numpy MinHash that is datasketch's MinHash, bit for bit, and knows its settings."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.errors import SettingsError
from reconcile.overlap.find import OverlapSettings
from .reference import exact_jaccard
from reconcile.overlap.signatures import (
    DEFAULT_HASH_FUNCTION,
    HASH_FUNCTIONS,
    SignatureScheme,
    permutations,
    sign,
)

shingle_sets = st.sets(st.text(min_size=1, max_size=12), max_size=60)


def datasketch_values(shingles, seed, num_perm, hash_function=DEFAULT_HASH_FUNCTION):
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=HASH_FUNCTIONS[hash_function])
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m.hashvalues


@pytest.mark.parametrize("seed,num_perm", [(1, 128), (7, 64), (123456, 256)])
def test_permutations_are_the_ones_datasketch_draws(seed, num_perm):
    a, b = permutations(seed, num_perm)
    m = MinHash(num_perm=num_perm, seed=seed)
    assert np.array_equal(a, m.permutations[0]) and np.array_equal(b, m.permutations[1])


@settings(max_examples=60, deadline=None)
@given(
    shingles=shingle_sets,
    seed=st.integers(0, 2**31 - 1),
    num_perm=st.sampled_from([16, 64, 128]),
    hash_function=st.sampled_from(sorted(HASH_FUNCTIONS)),
)
def test_signature_is_bit_identical_to_datasketch_minhash(shingles, seed, num_perm, hash_function):
    signature = sign(shingles, SignatureScheme(seed=seed, num_perm=num_perm, hash_function=hash_function))
    assert signature.values.dtype == np.uint32
    assert np.array_equal(signature.values, datasketch_values(shingles, seed, num_perm, hash_function))


@pytest.mark.parametrize("hash_function", sorted(HASH_FUNCTIONS))
def test_large_sets_are_signed_in_chunks_with_the_same_result(hash_function):
    shingles = {f"word{i} word{i + 1} word{i + 2}" for i in range(10_000)}
    assert np.array_equal(
        sign(shingles, SignatureScheme(hash_function=hash_function)).values, datasketch_values(shingles, 1, 128, hash_function)
    )


def test_estimated_jaccard_is_close_to_exact_jaccard():
    x = {f"s{i}" for i in range(300)}
    y = {f"s{i}" for i in range(100, 400)}
    scheme = SignatureScheme(num_perm=256)
    estimate = sign(x, scheme).jaccard(sign(y, scheme))
    # Standard error of the estimate is sqrt(J(1-J)/k) ~ 0.029 here; allow four of them.
    assert abs(estimate - exact_jaccard(x, y)) < 0.12


def test_signatures_made_with_different_seeds_refuse_to_be_compared():
    with pytest.raises(SettingsError, match="seed 1 vs 2.*Rebuild"):
        sign({"a b c"}, SignatureScheme(seed=1)).jaccard(sign({"a b c"}, SignatureScheme(seed=2)))


def test_signatures_made_with_different_shingle_sizes_refuse_to_be_compared():
    with pytest.raises(SettingsError, match="shingle_size"):
        sign({"a b c"}, SignatureScheme(shingle_size=3)).jaccard(sign({"a b c"}, SignatureScheme(shingle_size=4)))


def test_signature_meta_records_everything_needed_to_compare():
    meta = OverlapSettings(seed=5, num_perm=64, shingle_size=4).signature_meta()
    assert meta["seed"] == 5 and meta["num_perm"] == 64 and meta["shingle_size"] == 4
    assert meta["hash_function"] == "poly64_mix32" and meta["permutation_scheme"] == "affine32"
    assert meta["reconcile_version"]


def test_signatures_feed_datasketch_lsh():
    scheme = SignatureScheme()
    lsh = MinHashLSH(threshold=0.5, num_perm=scheme.num_perm)
    same = {"the port handles", "port handles about", "handles about twelve"}
    lsh.insert("x", sign(same, scheme).to_minhash())
    assert lsh.query(sign(same, scheme).to_minhash()) == ["x"]
