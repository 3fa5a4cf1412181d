"""Schema 3 changed how the archive stores its index (band keys made on the workers, no
index by article in SQLite, hashes in Redis), not what it answers: the lookup strengths
below were given by schema 2 (reconcile before the change) for the same articles, and a
check must rank its candidates exactly as before."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reconcile.archive import open_archive

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

# Shared band keys with each archived article, by query, as schema 2 counted them
# (`Archive._lookup`; 70 generated articles of 300 words archived, seed 21).
SCHEMA_2_STRENGTHS = {
    "copy-g000000-0": {"g000000-0": 869, "g000000-1": 802, "g000000-2": 597, "g000000-3": 869},
    "copy-g000000-1": {"g000000-0": 802, "g000000-1": 869, "g000000-2": 564, "g000000-3": 802},
    "copy-g000000-2": {"g000000-0": 597, "g000000-1": 564, "g000000-2": 869, "g000000-3": 597},
    "copy-g000000-3": {"g000000-0": 869, "g000000-1": 802, "g000000-2": 597, "g000000-3": 869},
    "copy-g000001-0": {"g000001-0": 1125, "g000050-0": 1},
    "copy-g000002-0": {"g000002-0": 805, "g000036-0": 2},
    "g000052-4": {"g000052-0": 584, "g000052-1": 584, "g000052-2": 558, "g000052-3": 456},
    "g000053-0": {},
    "g000054-0": {},
    "g000055-0": {},
    "g000056-0": {},
    "g000057-0": {"g000006-0": 1},
    "g000058-0": {},
    "g000059-0": {},
    "g000060-0": {},
    "g000061-0": {},
    "g000062-0": {},
    "g000063-0": {},
    "g000064-0": {},
    "g000065-0": {},
    "g000065-1": {},
    "g000065-2": {},
    "g000065-3": {},
    "g000065-4": {},
    "g000066-0": {"g000043-0": 2},
    "g000067-0": {},
}


@pytest.fixture(scope="module")
def strengths(tmp_path_factory) -> dict[str, dict[str, int]]:
    generated = corpus.generate_corpus(90, seed=21, words=300)
    queries = [g.article() for g in generated[70:]] + [replace(g.article(), id="copy-" + g.id) for g in generated[:6]]
    with open_archive(str(tmp_path_factory.mktemp("schema") / "a.sqlite"), create=True) as archive:
        archive.add([g.article() for g in generated[:70]])
        return {q.id: archive._lookup(archive.keys_of(q)) for q in queries}  # noqa: SLF001


def test_lookups_count_the_shared_band_keys_schema_2_counted(strengths):
    assert strengths == SCHEMA_2_STRENGTHS


def test_the_comparison_has_something_to_compare(strengths):
    copies = [s for q, s in strengths.items() if q.startswith("copy-")]
    assert len(copies) == 6 and all(copies) and sum(map(len, strengths.values())) > 20
