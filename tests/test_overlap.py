"""Overlap stage: the passages stories share, found on real seeds and written fixtures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from reconcile.ingest import article_from_text
from reconcile.model import Article
from reconcile.overlap.find import OverlapSettings, find_overlaps

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "overlap"


def load(path: Path) -> Article:
    return article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return [load(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_overlaps(seeds):
    return find_overlaps(seeds)


@pytest.fixture(scope="module")
def fixture_articles() -> dict[str, Article]:
    return {p.name: load(p) for p in sorted(FIXTURES.glob("*.txt"))}


@pytest.fixture(scope="module")
def fixture_overlaps(fixture_articles):
    return find_overlaps(list(fixture_articles.values()))


def expected_rows():
    rows = []
    for line in (FIXTURES / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def covers(overlaps, doc_x, doc_y, snippet_x, snippet_y) -> bool:
    for o in overlaps:
        if (o.a.doc, o.b.doc) == (doc_x, doc_y) and snippet_x in o.a.text and snippet_y in o.b.text:
            return True
        if (o.a.doc, o.b.doc) == (doc_y, doc_x) and snippet_y in o.a.text and snippet_x in o.b.text:
            return True
    return False


def between(overlaps, x: str, y: str):
    return [o for o in overlaps if {o.a.doc[:3], o.b.doc[:3]} == {x, y}]


# --- seeds: AFP 000 and SCMP's rewrite 004 -------------------------------------------

SCMP_REWRITES = [
    (
        "were seized by Soviet troops as WWII thundered to a close",
        "were occupied by Soviet troops in the dying days of the second world war",
    ),
    (
        "Despite an important commercial relationship that is now much influenced",
        "Despite an important commercial relationship, which includes a growing trade in fossil fuels",
    ),
    (
        "The Japanese occupants were turfed out and the USSR began to people the area",
        "The small Japanese population was evicted and Soviets moved into the archipelago",
    ),
    ("They remain under-developed, but harbour rich fishing reserves.", "They remain under-developed, but harbour rich fishing reserves."),
    ("Four separate meetings have taken place between", "The visit comes after four separate summit talks between"),
    ("the latest stage of a burgeoning relationship", "the latest stage of a burgeoning relationship"),
    ("A pair of sparsely populated islets", "A pair of sparsely populated islets"),
    ("While both disputes are nominally territorial", "While the disputes are nominally territorial"),
    ('Kishida and Lavrov met on the eve of a so-called "2+2" meeting', 'in a so-called "2+2"'),
    (
        "The diplomatic-defense talks are something that Japan has only ever done before",
        "something that Japan has only ever done before with the US and Australia",
    ),
    (
        "the sovereignty of a chain of islands north of the Japanese island of Hokkaido",
        "the sovereignty of islands north of the Japanese island of Hokkaido",
    ),
]


def test_afp_and_its_scmp_rewrite_share_at_least_eleven_passages(seed_overlaps):
    assert len(between(seed_overlaps, "000", "004")) >= 11


@pytest.mark.parametrize("afp,scmp", SCMP_REWRITES, ids=[a[:30] for a, _ in SCMP_REWRITES])
def test_each_rewritten_passage_of_the_afp_story_is_found(seed_overlaps, seeds, afp, scmp):
    ids = {a.id[:3]: a.id for a in seeds}
    assert covers(seed_overlaps, ids["000"], ids["004"], afp, scmp)


def test_independent_reports_of_related_events_share_no_passages(seed_overlaps):
    unrelated = [o for o in seed_overlaps if {o.a.doc[:3], o.b.doc[:3]} != {"000", "004"}]
    assert unrelated == []


def test_heavily_edited_passages_are_marked_edited_and_identical_ones_verbatim(fixture_overlaps):
    kinds = {(o.a.doc, o.b.doc, o.a.text): o.kind for o in fixture_overlaps}
    assert kinds[("inserted_clauses", "numbers_changed", "Dockworkers strike shuts Baltic port of Marsk")] == "verbatim"
    assert all(o.kind == "edited" for o in fixture_overlaps if o.similarity < 1.0)


# --- fixtures: one kind of edit a file --------------------------------------------------


@pytest.mark.parametrize("row", expected_rows(), ids=lambda r: f"{r[0]}:{r[1][:24]}")
def test_fixture_rewrite_shares_the_expected_passage_with_the_wire(fixture_overlaps, row):
    name, wire_snippet, rewrite_snippet = row
    doc = Path(name).stem
    if wire_snippet == "-":
        assert [o for o in fixture_overlaps if doc in (o.a.doc, o.b.doc)] == []
    else:
        assert covers(fixture_overlaps, "wire", doc, wire_snippet, rewrite_snippet)


def test_curly_and_straight_quotes_do_not_make_a_passage_edited(fixture_overlaps):
    quoted = [o for o in fixture_overlaps if {o.a.doc, o.b.doc} == {"curly_quotes", "wire"} and "We have waited" in o.a.text]
    assert quoted and quoted[0].kind == "verbatim"


# --- promises every overlap keeps ----------------------------------------------------------


def test_every_span_indexes_the_original_text(seeds, seed_overlaps, fixture_articles, fixture_overlaps):
    texts = {a.id: a.text for a in [*seeds, *fixture_articles.values()]}
    for o in [*seed_overlaps, *fixture_overlaps]:
        for s in (o.a, o.b):
            assert texts[s.doc][s.start : s.end] == s.text
            assert s.text == s.text.strip()


def test_every_span_lies_inside_one_analysed_block(seeds, seed_overlaps, fixture_articles, fixture_overlaps):
    by_id = {a.id: a for a in [*seeds, *fixture_articles.values()]}
    for o in [*seed_overlaps, *fixture_overlaps]:
        for s in (o.a, o.b):
            blocks = [b for b in by_id[s.doc].analysed_blocks if b.start <= s.start and s.end <= b.end]
            assert len(blocks) == 1


def test_boilerplate_never_takes_part():
    footer = "By subscribing, you can help us get the story right."
    body = "Dockworkers at the Baltic port of Marsk walked off the job on Tuesday, halting the loading of grain ships."
    x = article_from_text("x", f"Port strike\n\n{body}\n\n{footer}")
    y = article_from_text("y", f"Other story\n\nA quite different sentence about tomatoes and weather today.\n\n{footer}")
    assert find_overlaps([x, y]) == []


def test_overlaps_are_sorted_and_name_the_smaller_document_first(fixture_overlaps):
    keys = [(o.a.doc, o.b.doc, o.a.start) for o in fixture_overlaps]
    assert keys == sorted(keys)
    assert all(o.a.doc < o.b.doc for o in fixture_overlaps)


def test_the_result_does_not_depend_on_input_order(fixture_articles, fixture_overlaps):
    assert find_overlaps(list(reversed(fixture_articles.values()))) == fixture_overlaps


def test_similarity_is_at_least_the_minimum_setting(fixture_overlaps):
    floor = OverlapSettings().min_similarity
    assert all(floor <= o.similarity <= 1.0 for o in fixture_overlaps)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        OverlapSettings().num_perm = 3  # type: ignore[misc]


def test_work_on_a_huge_document_is_capped():
    sentence = "The committee met again on {} and agreed to keep the harbour open for {} more days."
    text = "Long minutes\n\n" + " ".join(sentence.format(i, i * 3) for i in range(3000))
    x = article_from_text("x", text)
    y = article_from_text("y", text)
    capped = dataclasses.replace(OverlapSettings(), max_passages_per_document=50)
    overlaps = find_overlaps([x, y], capped)
    assert overlaps and all(o.a.end <= len(" ".join(sentence.format(i, i * 3) for i in range(60))) + 20 for o in overlaps)


def test_an_articles_signatures_are_those_of_its_shingle_sets(seeds):
    """prepare_article signs the document and its passages in one array operation; each row
    must be the signature of that passage's (or the document's) own shingle set."""
    from reconcile.overlap.find import _index, _passages_to_sign, prepare_article
    from reconcile.overlap.shingles import word_shingles
    from reconcile.overlap.signatures import sign

    settings = OverlapSettings()
    scheme = settings.scheme()
    for article in seeds:
        prepared = prepare_article(article, settings)
        doc = _index(article, settings)
        whole = set().union(*(word_shingles(p.forms, scheme.shingle_size) for p in doc.sentences))
        assert (prepared.signatures.document.values == sign(whole, scheme).values).all()
        picked = _passages_to_sign(doc, settings)
        assert len(picked) == len(prepared.signatures.passages)
        for passage, (level, order, signature) in zip(picked, prepared.signatures.passages):
            assert (level, order) == (passage.level, passage.order)
            assert (signature.values == sign(word_shingles(passage.forms, scheme.shingle_size), scheme).values).all()


def test_verification_keeps_pairs_whose_signatures_agree_enough_and_drops_chance_pairs():
    from reconcile.overlap.find import verified

    values = {"a": np.arange(128, dtype=np.uint32), "b": np.arange(128, dtype=np.uint32), "c": np.arange(128, dtype=np.uint32)}
    values["b"][:100] += 1000  # 28 of 128 values agree: an estimate of 0.22
    values["c"][:120] += 1000  # 8 of 128: 0.06, a chance band collision
    assert verified([("a", "b"), ("a", "c")], values, 0.15) == [("a", "b")]
