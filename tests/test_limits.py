"""One pathological article is analysed up to fixed bounds, and the report says so."""

from __future__ import annotations

import json

import jsonschema
import pytest

from reconcile.ingest import article_from_text
from reconcile.limits import MAX_CLAIM_SENTENCES, LimitReached, limits_reached
from reconcile.pipeline import analyse
from reconcile.render.json import report_json

SENTENCE = "Foreign Minister Fumio Kishida met Sergei Lavrov in Tokyo on Friday, and 14 soldiers were hurt."


def _copies(n: int) -> str:
    return "A headline\n\n" + "\n\n".join([SENTENCE] * n)


@pytest.fixture(scope="module")
def pathological_report():
    article = article_from_text("copies", _copies(MAX_CLAIM_SENTENCES + 200))
    return article, analyse([article])


def test_an_ordinary_story_reaches_no_bound(seed_articles):
    assert [hit for a in seed_articles.values() for hit in limits_reached(a, 500, MAX_CLAIM_SENTENCES)] == []


def test_claims_are_read_from_the_first_bounded_sentences_only(pathological_report):
    article, report = pathological_report
    last_allowed = article.text.index(SENTENCE) + MAX_CLAIM_SENTENCES * (len(SENTENCE) + 2)
    assert report.claims
    assert max(c.span.start for c in report.claims) < last_allowed


def test_each_bound_reached_is_reported_with_the_article_and_the_counts(pathological_report):
    _, report = pathological_report
    by_limit = {hit.limit: hit for hit in report.limits}
    assert set(by_limit) == {"claim-sentences", "overlap-sentences"}
    claims = by_limit["claim-sentences"]
    assert (claims.doc, claims.bound, claims.found) == ("copies", MAX_CLAIM_SENTENCES, MAX_CLAIM_SENTENCES + 200)
    assert "only the first 1,000 sentences read for claims" in claims.message


def test_bounds_reached_appear_in_the_json_report_and_fit_its_schema(pathological_report):
    from importlib import resources

    _, report = pathological_report
    data = report_json(report)
    schema = json.loads(resources.files("reconcile.schema").joinpath("report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["summary"]["limits"] == 2
    assert {hit["limit"] for hit in data["limits"]} == {"claim-sentences", "overlap-sentences"}


def test_a_sentence_repeated_in_one_article_is_signed_once_for_lsh():
    from reconcile.overlap.find import OverlapSettings, _index, signed_passages

    article = article_from_text("copies", _copies(50))
    signed = signed_passages(_index(article, OverlapSettings()), OverlapSettings())
    assert len([s for s in signed if s[0] == "sentence"]) == 1


def test_limit_message_names_the_bound_and_what_was_found():
    hit = LimitReached("doc", "overlap-sentences", 500, 12_345)
    assert hit.message.startswith("12,345 sentences; only the first 500 sentences matched for shared passages")
