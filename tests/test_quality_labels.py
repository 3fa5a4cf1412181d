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

LABELS = ROOT / "benchmarks" / "labels"
DATA = quality.DEFAULT_DATA
KINDS = {"caption", "number", "date", "role", "quote", "name-spelling", "name-variant", "alias", "mixed-script"}
needs_data = pytest.mark.skipif(not (DATA / "index.jsonl").exists(), reason="ECB+ data not present")


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
        assert article.text[span.start:span.end] == evidence["text"]


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


# --- ECB+ reprints ---------------------------------------------------------------------------

@needs_data
def test_ecbplus_labels_point_at_text_in_real_documents():
    labels = json.loads((LABELS / "ecbplus.json").read_text(encoding="utf-8"))
    for group in labels["groups"]:
        articles = {doc: quality.ecbplus_article(DATA, doc) for doc in group["docs"]}
        for item in group["expected"]:
            assert {e["doc"] for e in item["evidence"]} <= set(group["docs"])
            check_item(item, articles)


@needs_data
def test_ecbplus_group_documents_are_in_the_corpus_index_and_share_a_topic():
    index = {json.loads(line)["doc"]: json.loads(line) for line in (DATA / "index.jsonl").read_text().splitlines() if line.strip()}
    labels = json.loads((LABELS / "ecbplus.json").read_text(encoding="utf-8"))
    for group in labels["groups"]:
        assert set(group["docs"]) <= set(index), group["docs"]
        assert len({index[d]["topic"] for d in group["docs"]}) == 1, group["docs"]


def test_ecbplus_labels_hold_thirty_items_across_many_topics_with_true_negatives():
    labels = json.loads((LABELS / "ecbplus.json").read_text(encoding="utf-8"))
    items = [i for g in labels["groups"] for i in g["expected"]]
    topics = {d.split("_")[0] for g in labels["groups"] for d in g["docs"]}
    assert len(items) >= 30
    assert len(topics) >= 10
    assert sum(len(g["true_negatives"]) for g in labels["groups"]) >= 10
    assert all(tn["note"].strip() for g in labels["groups"] for tn in g["true_negatives"])


# --- synthetic edits -------------------------------------------------------------------------

_SAMPLE_DOCS = ["3_9ecb", "8_1ecbplus", "9_8ecb", "12_3ecb", "18_11ecbplus", "13_4ecb"]


@needs_data
@settings(max_examples=30, deadline=None)
@given(doc=st.sampled_from(_SAMPLE_DOCS), kind=st.sampled_from(sorted(quality.EDITORS)), seed=st.integers(0, 10_000))
def test_a_synthetic_edit_changes_one_place_and_its_span_indexes_the_edited_text(doc, kind, seed):
    article = quality.ecbplus_article(DATA, doc)
    result = quality.EDITORS[kind](article, random.Random(seed))
    if result is None:
        return
    edited, edit = result
    assert edited[edit.start:edit.end] == edit.after
    assert edit.after != edit.before
    if kind == "caption":
        assert any(edited[:edit.start - len(sep)] + edited[edit.end:] == article.text for sep in ("\n", "\n\n"))
    else:
        assert edited[:edit.start] + edit.before + edited[edit.end:] == article.text


def test_a_finding_matches_a_label_only_with_an_accepted_kind_and_overlapping_evidence():
    from reconcile.findings.base import make_finding
    from reconcile.model import Span

    label = quality.Expected("t", "number", ("number",), "conflict", ("5", "6"), (Span("a", 10, 12, "xx"), Span("b", 3, 4, "y")))
    both = make_finding("number", "conflict", "m", ["5", "6"], [Span("a", 11, 13, "xx"), Span("b", 0, 4, "abcd")])
    one_side = make_finding("number", "conflict", "m", ["5", "6"], [Span("a", 11, 13, "xx")])
    other_kind = make_finding("date", "conflict", "m", ["5", "6"], [Span("a", 11, 13, "xx"), Span("b", 0, 4, "abcd")])
    assert quality.matches(both, label)
    assert not quality.matches(one_side, label)
    assert not quality.matches(other_kind, label)
