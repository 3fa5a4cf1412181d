"""LSH banding by one sort over all bands: the pairs datasketch's MinHashLSH gives, never a
pair from a hash collision, crowded buckets of stock phrases counted instead of paired,
and candidate pairs found by row numbers equal to those found key by key."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from datasketch import MinHashLSH

import reconcile.overlap.lsh as engine_module
from reconcile.archive.bands import band_ranges
from reconcile.engines.local import LocalEngine
from reconcile.overlap.lsh import band_pairs, local_lsh_pairs
from reconcile.ingest import article_from_text
from reconcile.overlap.find import find_candidates, prepare_article, verified
from reconcile.settings import OverlapSettings
from reconcile.overlap.signatures import Signature, SignatureScheme


def brute_force_pairs(matrix: np.ndarray, threshold: float, num_perm: int) -> set[tuple[int, int]]:
    """Every pair of rows compared band by band: the definition, with no sorting or hashing."""
    ranges = band_ranges(threshold, num_perm)
    return {
        (i, j) for i, j in combinations(range(len(matrix)), 2) if any(np.array_equal(matrix[i, a:b], matrix[j, a:b]) for a, b in ranges)
    }


def as_set(pairs: np.ndarray) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in pairs}


def crowded_matrix(rng: np.random.Generator) -> np.ndarray:
    """Rows over a tiny alphabet (bands collide often), a few copies, and 30 identical rows."""
    rows = rng.integers(0, 3, (80, 128), dtype=np.uint32)
    boiler = rng.integers(0, 2**32, 128, dtype=np.uint32)
    return np.vstack([rows, rows[:3], np.repeat(boiler[None, :], 30, axis=0)])


def test_band_pairs_are_the_pairs_that_share_a_whole_band():
    matrix = crowded_matrix(np.random.default_rng(3))
    for threshold in (0.3, 0.4, 0.8):
        found = band_pairs(matrix, threshold, 128)
        assert as_set(found.pairs) == brute_force_pairs(matrix, threshold, 128)
        assert found.crowded == 0


def test_band_pairs_equal_datasketch_insert_then_query():
    matrix = crowded_matrix(np.random.default_rng(4))
    lsh = MinHashLSH(threshold=0.4, num_perm=128)
    scheme = SignatureScheme()
    for i, row in enumerate(matrix):
        lsh.insert(i, Signature(scheme, row).to_minhash())
    expected = {(min(i, j), max(i, j)) for i, row in enumerate(matrix) for j in lsh.query(Signature(scheme, row).to_minhash()) if i != j}
    assert as_set(band_pairs(matrix, 0.4, 128).pairs) == expected


def test_pairs_are_sorted_distinct_and_smaller_row_first():
    pairs = band_pairs(crowded_matrix(np.random.default_rng(5)), 0.4, 128).pairs
    assert all(i < j for i, j in pairs.tolist())
    assert [tuple(p) for p in pairs.tolist()] == sorted(set(map(tuple, pairs.tolist())))


def test_a_hash_collision_never_makes_a_pair(monkeypatch):
    """With every band hashed alike, the value-by-value check falls back to exact grouping."""
    matrix = crowded_matrix(np.random.default_rng(6))
    monkeypatch.setattr(engine_module, "_band_hashes", lambda bands, groups, chunk: np.zeros((len(bands), len(chunk)), dtype=np.uint64))
    assert as_set(band_pairs(matrix, 0.4, 128).pairs) == brute_force_pairs(matrix, 0.4, 128)


def test_bands_sorted_a_few_at_a_time_give_the_same_pairs(monkeypatch):
    """A big corpus sorts its bands in several batches, to bound memory: same pairs, same count."""
    matrix = crowded_matrix(np.random.default_rng(10))
    whole = band_pairs(matrix, 0.4, 128, max_bucket=20)
    monkeypatch.setattr(engine_module, "BAND_SORT_CELLS", 3 * len(matrix))
    batched = band_pairs(matrix, 0.4, 128, max_bucket=20)
    assert batched.pairs.tolist() == whole.pairs.tolist() and batched.crowded == whole.crowded == 1


def test_a_crowded_bucket_is_counted_and_not_paired():
    matrix = crowded_matrix(np.random.default_rng(7))
    everything = as_set(band_pairs(matrix, 0.4, 128).pairs)
    capped = band_pairs(matrix, 0.4, 128, max_bucket=20)
    boiler = set(range(83, 113))
    assert capped.crowded == 1  # the 30 identical rows: one set of rows, however many bands
    assert not any(i in boiler and j in boiler for i, j in as_set(capped.pairs))
    assert as_set(capped.pairs) == {p for p in everything if not (p[0] in boiler and p[1] in boiler)}


def test_rows_of_different_groups_never_pair():
    rng = np.random.default_rng(8)
    matrix = np.repeat(rng.integers(0, 2**32, (1, 64), dtype=np.uint32), 6, axis=0)
    groups = np.array([0, 1, 0, 1, 0, 1])
    found = as_set(band_pairs(matrix, 0.4, 64, groups=groups).pairs)
    assert found == {(0, 2), (0, 4), (2, 4), (1, 3), (1, 5), (3, 5)}


def test_local_lsh_pairs_names_the_keys_of_band_pairs():
    matrix = crowded_matrix(np.random.default_rng(9))
    keys = [f"k{i:03d}" for i in range(len(matrix))]
    found = local_lsh_pairs(dict(zip(keys, matrix)), 0.4, 128)
    assert found == {(keys[i], keys[j]) for i, j in brute_force_pairs(matrix, 0.4, 128)}


# --- candidate pairs --------------------------------------------------------------------------------

WIRE = (
    "Dock workers at the port of Eastham walked out on Monday over a pay offer, the union said. "
    "The strike halted grain shipments and left twelve vessels waiting at anchor off the coast. "
)
STOCK = "The company did not immediately respond to a request for comment on the matter. "


def key_by_key_candidates(signatures: dict, settings: OverlapSettings) -> dict:
    """Candidate pairs as they were found before row numbers: LSH on dictionaries of keys,
    then the other-document, same-level filter and verification on tuples."""
    engine = LocalEngine()
    pairs: dict = {}
    docs = {d: s.document.values for d, s in signatures.items()}
    for x, y in verified(
        engine.lsh_pairs(docs, settings.doc_threshold, settings.num_perm), docs, settings.doc_threshold * settings.verify_ratio
    ):
        pairs.setdefault((min(x, y), max(x, y)), {})
    passages = {(d, level, order): sig.values for d, s in signatures.items() for level, order, sig in s.passages}
    raw = [(x, y) for x, y in engine.lsh_pairs(passages, settings.passage_threshold, settings.num_perm) if x[0] != y[0] and x[1] == y[1]]
    for x, y in verified(raw, passages, settings.passage_threshold * settings.verify_ratio):
        (xd, level, xo), (yd, _, yo) = (x, y) if x[0] < y[0] else (y, x)
        hint = pairs.setdefault((xd, yd), {}).setdefault(level, (set(), set()))
        hint[0].add(xo)
        hint[1].add(yo)
    return pairs


VOCABULARY = """harbour strike union port ships grain talks pay night shift director officials mediate
meeting economy euros tonnes cargo timber vessels queue crane operators autumn rise offer workers gate
reporters authority stoppage local regional coast traders buyers contracts delay cancel weather river
bridge council budget school teachers election votes count""".split()


def unrelated_story(seed: int) -> str:
    """Eight sentences of words drawn at random: unrelated to any other story's."""
    rng = np.random.default_rng(seed)
    return " ".join(" ".join(rng.choice(VOCABULARY, 14)).capitalize() + "." for _ in range(8)) + " "


@pytest.fixture(scope="module")
def stock_articles():
    stories = [unrelated_story(i) for i in range(12)]
    texts = {f"s{i:02d}": stories[i] + STOCK for i in range(12)}
    texts["wire"] = WIRE + "Further talks are planned for Thursday, officials said."
    texts["copy"] = WIRE + "More talks are planned for Thursday, the officials said."
    return [article_from_text(doc_id, text) for doc_id, text in texts.items()]


def test_candidates_by_row_number_equal_candidates_key_by_key(stock_articles):
    settings = OverlapSettings()
    signatures = {a.id: prepare_article(a, settings).signatures for a in stock_articles}
    found = find_candidates(signatures, settings, LocalEngine())
    assert found.pairs == key_by_key_candidates(signatures, settings)
    assert found.crowded_buckets == 0


def test_a_stock_sentence_shared_by_more_articles_than_max_bucket_gives_no_pairs(stock_articles):
    settings = OverlapSettings(max_bucket=5)
    signatures = {a.id: prepare_article(a, settings).signatures for a in stock_articles}
    found = find_candidates(signatures, settings, LocalEngine())
    assert ("copy", "wire") in found.pairs  # a real copy still meets its source
    assert not any(x.startswith("s") and y.startswith("s") for x, y in found.pairs)
    assert found.crowded_buckets >= 1
    uncapped = find_candidates(signatures, OverlapSettings(max_bucket=1_000), LocalEngine())
    assert ("s00", "s01") in uncapped.pairs and uncapped.crowded_buckets == 0
