"""Bulk signatures: the vectorised tokeniser, hash and permutations give, bit for bit, what
`reconcile.text.words`, the plain Python hash and datasketch's MinHash give one at a time."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.overlap import signatures
from reconcile.fasttext import (
    TYPOGRAPHIC_STAND_INS,
    as_ascii,
    ascii_word_runs,
    form_runs,
)
from reconcile.overlap.shingles import word_shingles
from reconcile.overlap.signatures import (
    HASH_FUNCTIONS,
    Signature,
    SignatureScheme,
    poly64_mix32,
    poly_hashes,
    shingle_hashes,
    sign,
    sign_form_groups,
    sign_texts,
)
from reconcile.text import words

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import generate_corpus

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

# ASCII text rich in what decides word edges: apostrophes, hyphens, digits, underscores.
ascii_texts = st.text(alphabet=st.sampled_from("aZk09 '-_.,\n\t\"!x"), max_size=80) | st.text(
    alphabet=st.characters(max_codepoint=127), max_size=80
)
# The same with the typographic punctuation that the fast path replaces by stand-ins.
typographic_texts = st.text(alphabet=st.sampled_from("aB7 '-" + "".join(TYPOGRAPHIC_STAND_INS)), max_size=60)
# Any text: accents, other scripts, combining marks, invisible characters (the fallback).
any_texts = st.text(alphabet=st.sampled_from("aé B\u0301ß\u00ad'\u2019-\u201c ДЖ中1") | st.characters(), max_size=60)


def forms_of(text: str) -> list[str]:
    return [t.form for t in words(text)]


def datasketch_signature(shingles, scheme: SignatureScheme) -> np.ndarray:
    m = MinHash(num_perm=scheme.num_perm, seed=scheme.seed, hashfunc=HASH_FUNCTIONS[scheme.hash_function])
    for shingle in shingles:
        m.update(shingle.encode("utf-8"))
    return m.hashvalues


def fast_forms(texts: list[str]) -> list[list[str]]:
    runs = ascii_word_runs(texts)
    return [runs.forms(i) for i in range(len(texts))]


# --- the vectorised tokeniser is `words` on ASCII text --------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(ascii_texts, min_size=1, max_size=4))
def test_fast_tokeniser_gives_the_forms_words_gives_on_ascii_text(texts):
    assert fast_forms(texts) == [forms_of(t) for t in texts]


def test_fast_tokeniser_joins_word_parts_only_across_one_apostrophe_or_hyphen():
    text = "O'Neill's well-known x''y a--b -lead trail- 3-2 snake_case 4.5%"
    assert (
        fast_forms([text])[0]
        == forms_of(text)
        == ["o'neill's", "well-known", "x", "y", "a", "b", "lead", "trail", "3-2", "snake", "case", "4", "5"]
    )


def test_fast_tokeniser_keeps_words_of_neighbouring_texts_apart():
    assert fast_forms(["ends with word", "starts-here", "", "x"]) == [["ends", "with", "word"], ["starts-here"], [], ["x"]]


def test_fast_tokeniser_buffer_holds_each_word_followed_by_one_space():
    runs = ascii_word_runs(["Hello,   World!!"])
    assert runs.buffer.tobytes() == b"hello world "


@settings(max_examples=200, deadline=None)
@given(text=typographic_texts)
def test_typographic_stand_ins_change_no_word(text):
    plain = as_ascii(text)
    assert plain is not None and forms_of(plain) == forms_of(text)


def test_text_with_other_non_ascii_characters_is_left_to_words():
    assert as_ascii("Zelensky\u0301 visited") is None
    assert as_ascii("Daioyu \u201cislands\u201d") == "Daioyu  islands "


# --- the numpy hash is the Python hash --------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.binary(max_size=40), max_size=12))
def test_numpy_poly_hash_equals_python_hash_on_random_bytes(pieces):
    buffer = b"".join(pieces)
    ends = np.cumsum([len(p) for p in pieces], dtype=np.int64)
    starts = ends - np.array([len(p) for p in pieces], dtype=np.int64)
    hashes = poly_hashes(np.frombuffer(buffer, dtype=np.uint8), starts, ends)
    assert hashes.tolist() == [poly64_mix32(p) for p in pieces]


def test_numpy_poly_hash_equals_python_hash_on_empty_long_and_non_ascii_input():
    rng = random.Random(5)
    samples = ["", "a", "\u4e2d\u6587 \u0434\u0430", "Sergei Lavrov\u2019s", "".join(rng.choice("ab \u00e9") for _ in range(70_000))]
    assert shingle_hashes(samples, "poly64_mix32").tolist() == [poly64_mix32(s.encode("utf-8")) for s in samples]


def test_poly_hash_counts_zero_bytes_and_order():
    assert len({poly64_mix32(b) for b in (b"", b"\0", b"\0\0", b"ab", b"ba")}) == 5


def test_poly_hash_is_32_bits():
    values = shingle_hashes([f"shingle {i}" for i in range(1000)], "poly64_mix32")
    assert values.dtype == np.uint32 and len(set(values.tolist())) == 1000


def test_poly_hash_is_the_default_and_sha1_stays_available():
    assert SignatureScheme().hash_function == "poly64_mix32"
    assert {"poly64_mix32", "sha1_hash32"} <= set(HASH_FUNCTIONS)


# --- bulk signatures are datasketch's MinHash -------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(ascii_texts | typographic_texts | any_texts, max_size=5),
    seed=st.integers(0, 2**31 - 1),
    num_perm=st.sampled_from([16, 128]),
    shingle_size=st.sampled_from([1, 3, 5]),
)
def test_sign_texts_equals_datasketch_minhash_of_the_word_shingles(texts, seed, num_perm, shingle_size):
    scheme = SignatureScheme(seed=seed, num_perm=num_perm, shingle_size=shingle_size)
    expected = [datasketch_signature(word_shingles(forms_of(t), shingle_size), scheme) for t in texts]
    assert np.array_equal(sign_texts(texts, scheme), np.array(expected, dtype=np.uint32).reshape(len(texts), num_perm))


@pytest.mark.parametrize("seed,num_perm,shingle_size", [(1, 128, 5), (42, 64, 3), (2024, 256, 4)])
def test_sign_texts_equals_datasketch_on_a_generated_corpus(seed, num_perm, shingle_size):
    texts = [a.text for a in generate_corpus(8, seed=seed, words=300)]
    scheme = SignatureScheme(seed=seed, num_perm=num_perm, shingle_size=shingle_size)
    expected = np.array([datasketch_signature(word_shingles(forms_of(t), shingle_size), scheme) for t in texts])
    assert np.array_equal(sign_texts(texts, scheme), expected)


def test_sign_texts_equals_datasketch_on_the_seed_articles():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    scheme = SignatureScheme(shingle_size=5)
    expected = np.array([datasketch_signature(word_shingles(forms_of(t), 5), scheme) for t in texts])
    assert np.array_equal(sign_texts(texts, scheme), expected)


def test_sign_texts_with_sha1_hash_equals_datasketch_default_minhash():
    texts = ["The port handles about twelve million tonnes a year.", "Caf\u00e9 owners protested on Monday."]
    scheme = SignatureScheme(hash_function="sha1_hash32", shingle_size=3)
    expected = []
    for t in texts:
        m = MinHash(num_perm=128, seed=1)  # datasketch's own default hash function
        for s in word_shingles(forms_of(t), 3):
            m.update(s.encode("utf-8"))
        expected.append(m.hashvalues)
    assert np.array_equal(sign_texts(texts, scheme), np.array(expected))


def test_texts_without_words_get_datasketch_empty_signature():
    scheme = SignatureScheme(num_perm=64)
    empty = MinHash(num_perm=64, seed=1).hashvalues
    result = sign_texts(["", "  ,;-- ", "\u201c\u201d"], scheme)
    assert all(np.array_equal(row, empty) for row in result)
    assert sign_texts([], scheme).shape == (0, 64)


def test_batches_and_chunks_do_not_change_signatures(monkeypatch):
    texts = [a.text for a in generate_corpus(6, seed=3, words=200)] + ["short", "", "Caf\u00e9\u0301 x y z"] * 2
    scheme = SignatureScheme(shingle_size=5)
    whole = sign_texts(texts, scheme)
    monkeypatch.setattr(signatures, "BATCH_CHARS", 700)
    monkeypatch.setattr(signatures, "CHUNK_ELEMENTS", 128 * 300)
    assert np.array_equal(sign_texts(texts, scheme), whole)


# --- groups of passages ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    forms=st.lists(st.sampled_from(["the", "port", "caf\u00e9", "x", "o'neill", "12", "\u4e2d"]), max_size=12),
    shingle_size=st.integers(1, 5),
)
def test_a_group_of_one_passage_is_signed_as_its_word_shingles(forms, shingle_size):
    scheme = SignatureScheme(shingle_size=shingle_size, num_perm=32)
    assert np.array_equal(sign_form_groups([[forms]], scheme)[0], sign(word_shingles(forms, shingle_size), scheme).values)


def test_a_group_is_signed_as_the_union_of_its_passages_shingles_which_never_cross_passages():
    scheme = SignatureScheme(shingle_size=3)
    sentence_a = ["japan", "and", "russia", "agreed", "to", "talks"]
    sentence_b = ["on", "the", "islands"]
    union = word_shingles(sentence_a, 3) | word_shingles(sentence_b, 3)
    assert "to talks on" not in union
    assert np.array_equal(sign_form_groups([[sentence_a, sentence_b]], scheme)[0], datasketch_signature(union, scheme))


def test_short_passages_are_one_shingle_and_empty_groups_get_the_empty_signature():
    scheme = SignatureScheme(shingle_size=5, num_perm=64)
    result = sign_form_groups([[["breaking", "news"]], [], [[]], [["a", "b"], ["c"]]], scheme)
    assert np.array_equal(result[0], datasketch_signature({"breaking news"}, scheme))
    assert np.array_equal(result[1], MinHash(num_perm=64, seed=1).hashvalues)
    assert np.array_equal(result[2], MinHash(num_perm=64, seed=1).hashvalues)
    assert np.array_equal(result[3], datasketch_signature({"a b", "c"}, scheme))


def test_form_runs_put_each_passage_in_one_buffer_with_byte_offsets():
    runs = form_runs([["caf\u00e9", "x"], [], ["y"]])
    assert runs.forms(0) == ["caf\u00e9", "x"] and runs.forms(1) == [] and runs.forms(2) == ["y"]


# --- datasketch's LSH takes them ---------------------------------------------------------------


def test_bulk_signatures_feed_datasketch_lsh():
    scheme = SignatureScheme(shingle_size=5)
    texts = [a.text for a in generate_corpus(4, seed=9, words=200)]
    rows = sign_texts(texts + [texts[0]], scheme)
    lsh = MinHashLSH(threshold=0.5, num_perm=scheme.num_perm)
    for i, row in enumerate(rows[:-1]):
        lsh.insert(str(i), Signature(scheme, row).to_minhash())
    assert "0" in lsh.query(Signature(scheme, rows[-1]).to_minhash())
    # And the MinHash it hands over keeps signing as we do.
    m = Signature(scheme, sign_texts([""], scheme)[0]).to_minhash()
    m.update(b"new shingle")
    assert np.array_equal(m.hashvalues, sign({"new shingle"}, scheme).values)
