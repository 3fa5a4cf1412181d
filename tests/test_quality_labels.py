"""The quality benchmark's labels stay true: valid, about real documents, pointing at real text.

Also specifies the synthetic edits: one change each, with a span that indexes the edited text.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import quality  # noqa: E402

from .conftest import require_ecbplus  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels"
DATA = quality.DEFAULT_DATA
KINDS = {"caption", "number", "date", "role", "quote", "name-spelling", "name-variant", "alias", "mixed-script"}


@pytest.fixture(scope="module")
def needs_data():
    return require_ecbplus()


def kinds_of(item: dict) -> list[str]:
    return item["kind"] if isinstance(item["kind"], list) else [item["kind"]]


def check_item(item: dict, articles: dict) -> None:
    assert set(kinds_of(item)) <= KINDS, item["kind"]
    assert item["status"] in ("conflict", "variant")
    assert item["values"] and all(isinstance(v, str) and v for v in item["values"])
    assert item["note"].strip()
    assert item["evidence"]
    for evidence in item["evidence"]:
        article = articles[evidence["doc"]]
        assert evidence["context"] in article.text, evidence
        span = quality.locate(article, evidence["text"], evidence["context"])
        assert article.text[span.start : span.end] == evidence["text"]


# --- seeds -----------------------------------------------------------------------------------


def test_seed_labels_point_at_text_in_real_seed_articles():
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))
    articles = quality.seed_articles()
    for item in labels["expected"]:
        check_item(item, articles)


def test_seed_labels_include_the_stale_caption():
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))
    captions = [i for i in labels["expected"] if "caption" in kinds_of(i)]
    assert len(captions) == 1 and captions[0]["status"] == "conflict"


def test_seed_true_negatives_name_real_seeds_and_say_why():
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))
    seeds = set(quality.seed_articles())
    for item in labels["true_negatives"]:
        assert set(item["docs"]) <= seeds and item["note"].strip()


# --- ECB+ topics ------------------------------------------------------------------------------

ECB_KINDS = {"name", "number", "date", "role", "quote", "caption"}
SECTIONS = ("discrepancies", "same_fact_forms", "optional")


def ecbplus_labels() -> dict:
    return json.loads((LABELS / "ecbplus.json").read_text(encoding="utf-8"))


@pytest.mark.usefixtures("needs_data")
def test_ecbplus_labels_point_at_text_in_real_documents_once():
    for topic in ecbplus_labels()["topics"]:
        folder = DATA / str(topic["topic"])
        articles = {p.stem: quality.article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in folder.glob("*.txt")}
        for item in quality.topic_labels(topic, articles):
            for value, span in item.spans:
                assert value in item.values
                assert articles[span.doc].text[span.start : span.end] == span.text


def test_ecbplus_labels_cover_every_development_topic_with_sixty_discrepancies_and_sixty_calm_forms():
    topics = ecbplus_labels()["topics"]
    assert {t["topic"] for t in topics} == {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21, 22}
    discrepancies = [i for t in topics for i in t["discrepancies"]]
    assert len(discrepancies) >= 60
    assert sum(len(t["same_fact_forms"]) for t in topics) >= 60
    assert {i["kind"] for i in discrepancies} <= ECB_KINDS
    assert {i["scope"] for i in discrepancies} == {"copies", "independent", "within"}


def test_every_ecbplus_item_names_two_forms_each_with_evidence_and_says_why():
    for topic in ecbplus_labels()["topics"]:
        for section in SECTIONS:
            for item in topic.get(section, []):
                assert item["kind"] in ECB_KINDS
                assert len(item["values"]) >= 2 and item.get("note", "").strip()
                assert {e["value"] for e in item["evidence"]} == set(item["values"])
                assert item.get("wrong") in (None, *item["values"])


# --- injected edits ------------------------------------------------------------------------

_SAMPLE_DOCS = ["3_9ecb", "8_1ecbplus", "9_8ecb", "12_3ecb", "18_11ecbplus", "13_4ecb"]


@pytest.mark.usefixtures("needs_data")
@settings(max_examples=60, deadline=None)
@given(doc=st.sampled_from(_SAMPLE_DOCS), name=st.sampled_from(sorted(quality.EDITORS)), seed=st.integers(0, 10_000))
def test_an_injected_edit_changes_one_place_and_its_span_indexes_the_edited_text(doc, name, seed):
    article = quality.ecbplus_article(DATA, doc)
    result = quality.EDITORS[name](article, random.Random(seed))
    if result is None:
        return
    edited, edit = result
    assert edited[edit.start : edit.end] == edit.after
    assert edit.after != edit.before
    if edit.kind == "caption":
        assert any(edited[: edit.start - len(sep)] + edited[edit.end :] == article.text for sep in ("\n", "\n\n"))
    else:
        assert edited[: edit.start] + edit.before + edited[edit.end :] == article.text


def test_the_injected_set_holds_three_hundred_edits_of_every_kind_and_calm_forms():
    edits = sum(n for name, n in quality.QUOTA.items() if not name.startswith("calm/"))
    assert edits >= 300
    assert {name.split("/")[0] for name in quality.QUOTA} == {"name", "number", "date", "role", "caption", "calm"}


def test_a_finding_matches_a_label_with_an_accepted_kind_and_evidence_on_two_of_its_forms():
    from reconcile.findings.base import make_finding
    from reconcile.model import Span

    label = quality.Label(
        "discrepancies", "number", "copies", ("5", "6"), (("5", Span("a", 10, 12, "5")), ("6", Span("b", 3, 4, "6"))), None, "", ""
    )
    both = make_finding("number", "conflict", "m", ["5", "6"], [Span("a", 11, 12, "5"), Span("b", 3, 4, "6")])
    one_side = make_finding("number", "conflict", "m", ["5", "6"], [Span("a", 11, 12, "5")])
    other_kind = make_finding("date", "conflict", "m", ["5", "6"], [Span("a", 11, 12, "5"), Span("b", 3, 4, "6")])
    assert label.matches(both)
    assert not label.matches(one_side)
    assert not label.matches(other_kind)


def test_a_misspelt_name_matches_wherever_the_labelled_article_writes_it():
    from reconcile.findings.base import make_finding
    from reconcile.model import Span

    label = quality.Label(
        "discrepancies",
        "name",
        "copies",
        ("Wolfe", "Wolff"),
        (("Wolfe", Span("a", 10, 15, "Wolfe")), ("Wolff", Span("b", 3, 8, "Wolff"))),
        "Wolfe",
        "",
        "",
    )
    elsewhere = make_finding("name-spelling", "variant", "m", ["Wolfe", "Wolff"], [Span("a", 90, 95, "Wolfe")])
    assert label.matches(elsewhere)
