"""The benchmark corpus generator: deterministic, the size asked for, news-like, and honest
about its ground truth (clusters and planted changes are where it says they are)."""

from __future__ import annotations

import datetime as _dt
import json
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

from reconcile.claims import extract_claims  # noqa: E402
from reconcile.claims.lexicon import load_lexicon, read_table  # noqa: E402
from reconcile.pipeline import analyse  # noqa: E402

from .conftest import MAX_GROWTH, growth  # noqa: E402


@lru_cache(maxsize=None)
def sample(n: int = 120, seed: int = 7, words: int = 300, cluster_share: float = 0.5) -> tuple:
    return tuple(corpus.generate_corpus(n, seed=seed, words=words, cluster_share=cluster_share))


def by_id(articles) -> dict:
    return {a.id: a for a in articles}


# --- determinism and size ----------------------------------------------------------------------


def test_same_seed_gives_the_same_corpus():
    assert corpus.generate_corpus(30, seed=3, words=200) == corpus.generate_corpus(30, seed=3, words=200)


def test_another_seed_gives_another_corpus():
    a = corpus.generate_corpus(10, seed=3, words=200)
    b = corpus.generate_corpus(10, seed=4, words=200)
    assert [x.text for x in a] != [x.text for x in b]


def test_a_larger_corpus_begins_with_the_smaller_one_for_the_same_seed():
    small = corpus.generate_corpus(12, seed=5, words=200, cluster_share=0.0)
    large = corpus.generate_corpus(30, seed=5, words=200, cluster_share=0.0)
    assert large[:12] == small


@pytest.mark.parametrize("n", [1, 2, 5, 37])
def test_corpus_has_exactly_the_requested_number_of_articles_with_unique_ids(n):
    articles = corpus.generate_corpus(n, seed=1, words=150)
    assert len(articles) == n
    assert len({a.id for a in articles}) == n


def test_articles_are_about_the_requested_length():
    lengths = [len(a.text.split()) for a in sample() if a.relation in ("single", "original")]
    assert 280 <= min(lengths) and max(lengths) <= 420


def test_generating_grows_with_the_number_of_articles():
    assert growth(lambda n: corpus.generate_corpus(n, seed=2), 250, 1000, runs=1) < MAX_GROWTH


# --- clusters ------------------------------------------------------------------------------------


def test_cluster_share_is_the_share_of_articles_in_clusters():
    articles = corpus.generate_corpus(400, seed=9, words=120, cluster_share=0.3)
    clustered = sum(len(ids) for ids in corpus.clusters(articles).values())
    assert 0.25 <= clustered / len(articles) <= 0.35


def test_no_clusters_when_cluster_share_is_zero():
    articles = corpus.generate_corpus(50, seed=9, words=120, cluster_share=0.0)
    assert corpus.clusters(articles) == {}
    assert {a.relation for a in articles} == {"single"}


def test_every_copy_names_a_source_in_its_own_story():
    articles = by_id(sample())
    copies = [a for a in articles.values() if a.copy_of]
    assert copies
    for copy in copies:
        source = articles[copy.copy_of]
        assert source.story == copy.story and source.relation == "original" and source.copy_of is None


def test_sample_has_every_kind_of_copy():
    relations = Counter(a.relation for a in sample())
    assert {"single", "original", "verbatim", "edited", "drifted"} <= set(relations)


def test_verbatim_copies_are_the_source_text():
    articles = by_id(sample())
    for copy in (a for a in articles.values() if a.relation == "verbatim"):
        assert copy.text == articles[copy.copy_of].text


def test_edited_copies_differ_from_their_source_and_plant_no_changes():
    articles = by_id(sample())
    edited = [a for a in articles.values() if a.relation == "edited"]
    assert edited
    for copy in edited:
        assert copy.edits and not copy.changes
        assert copy.text != articles[copy.copy_of].text


def test_stories_without_copies_share_no_sentences_with_each_other():
    singles = [a for a in sample() if a.relation in ("single", "original")]
    seen: dict[str, str] = {}
    for a in singles:
        for line in a.text.split("\n\n")[3:]:
            for sentence in line.split(". "):
                if len(sentence.split()) >= 12:
                    assert seen.setdefault(sentence, a.story) == a.story, sentence


# --- planted changes -------------------------------------------------------------------------------


def test_planted_changes_index_the_copy_and_the_source():
    articles = by_id(sample())
    drifted = [a for a in articles.values() if a.relation == "drifted"]
    assert drifted
    for copy in drifted:
        source = articles[copy.copy_of]
        assert copy.changes
        for change in copy.changes:
            assert change.before != change.after
            assert copy.text[change.start : change.end] == change.after
            assert source.text[change.source_start : change.source_end] == change.before


def test_undoing_the_changes_of_an_unedited_drifted_copy_gives_back_its_source():
    articles = by_id(sample())
    undone = 0
    for copy in (a for a in articles.values() if a.relation == "drifted" and not a.edits):
        text = copy.text
        for change in sorted(copy.changes, key=lambda c: c.start, reverse=True):
            text = text[: change.start] + change.before + text[change.end :]
        assert text == articles[copy.copy_of].text
        undone += 1
    assert undone


def test_changes_cover_numbers_names_and_dates():
    kinds = Counter(c.kind for a in sample() for c in a.changes)
    assert set(kinds) == {"number", "name", "date"}


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), index=st.integers(0, 500))
def test_planted_changes_index_their_texts_for_any_seed(seed, index):
    made = corpus.story_articles(index, seed, 120, 3, drift_share=1.0)
    source = made[0]
    for copy in made[1:]:
        assert copy.relation == "drifted"
        for change in copy.changes:
            assert copy.text[change.start : change.end] == change.after
            assert source.text[change.source_start : change.source_end] == change.before


# --- looks like news -----------------------------------------------------------------------------


def test_articles_have_headline_published_date_dateline_and_body():
    for generated in sample()[:20]:
        article = generated.article()
        roles = [b.role for b in article.blocks]
        assert roles[0] == "headline"
        assert "dateline" in roles and "body" in roles
        assert article.published == generated.published


def test_reconcile_extracts_every_kind_of_claim_from_generated_articles():
    lexicon = load_lexicon()
    kinds = Counter(c.kind for g in sample()[:15] for c in extract_claims(g.article(), lexicon))
    assert {"person", "place", "number", "date", "quote"} <= set(kinds)


def test_generated_people_are_not_people_the_lexicon_knows():
    known = {row[2] if len(row) > 2 and row[2] else row[1].split()[-1] for row in read_table("people.tsv")}
    assert not known & set(corpus.SURNAMES)


def test_synonym_swaps_never_touch_facts():
    import random

    pieces = (corpus.Piece("officials said "), corpus.Piece("officials", "name", "f1"), corpus.Piece(" rose"))
    swapped = corpus.swap_words(pieces, random.Random(1), 1.0)
    assert swapped[1] == pieces[1]
    assert swapped[0].text != pieces[0].text and swapped[2].text != pieces[2].text


# --- keeps the generator honest: reconcile finds what was planted ---------------------------------


def test_reconcile_finds_a_planted_number_change_in_a_generated_cluster():
    for index in range(40):
        made = corpus.story_articles(index, 11, 250, 1, verbatim_share=1.0, drift_share=1.0)
        source, copy = made
        numbers = [c for c in copy.changes if c.kind == "number"]
        if len(copy.changes) == 1 and numbers:
            break
    else:
        pytest.fail("no copy with a single number change in 40 stories")
    change = numbers[0]
    report = analyse([source.article(), copy.article()])
    found = [
        f
        for f in report.findings
        if f.kind == "number"
        and f.status == "conflict"
        and any(e.doc == copy.id and e.start < change.end and change.start < e.end for e in f.evidence)
    ]
    assert found, [f.message for f in report.findings]


# --- writing it out ------------------------------------------------------------------------------


def test_write_corpus_writes_one_text_file_an_article_and_the_ground_truth(tmp_path):
    articles = corpus.generate_corpus(6, seed=2, words=120, cluster_share=1.0)
    corpus.write_corpus(tmp_path, articles)
    for a in articles:
        assert (tmp_path / f"{a.id}.txt").read_text(encoding="utf-8") == a.text
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [t["id"] for t in truth] == [a.id for a in articles]
    assert _dt.date.fromisoformat(truth[0]["published"]) == articles[0].published


def test_command_line_writes_the_corpus(tmp_path, capsys):
    assert corpus.main(["--n", "5", "--seed", "1", "--words", "120", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.txt"))) == 5
    assert "5 articles" in capsys.readouterr().err


# --- the archive benchmark's check set -------------------------------------------------------------


def _archive_benchmark():
    import archive

    return archive


def test_archive_benchmark_holds_out_copies_whose_cluster_mates_stay_archived():
    work = _archive_benchmark().workload(60, 10, seed=3, words=120)
    archived = {a.id for a in work.archived}
    assert len(work.archived) == 60 and len(work.checks) == 10
    copies = [a for a in work.checks if a.copy_of]
    assert copies
    for copy in copies:
        assert copy.id not in archived
        assert copy.copy_of in work.expected[copy.id] <= archived


def test_archive_benchmark_expects_no_match_for_unrelated_checks():
    work = _archive_benchmark().workload(60, 10, seed=3, words=120)
    unrelated = [a for a in work.checks if not a.copy_of]
    assert unrelated
    archived_stories = {a.story for a in work.archived}
    for article in unrelated:
        assert work.expected[article.id] == set() and article.story not in archived_stories


def test_archive_benchmark_percentiles_are_nearest_rank():
    percentile = _archive_benchmark().percentile
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 100)) == (50.0, 95.0, 100.0)
    assert percentile([3.0], 95) == 3.0


# --- the wire-feed corpus -----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def wire(n: int = 400) -> tuple:
    return tuple(corpus.generate_wire_corpus(n, seed=3, words=250))


def test_wire_corpus_has_the_requested_size_and_is_the_same_for_the_same_seed():
    assert len(wire()) == 400 and len({a.id for a in wire()}) == 400
    assert corpus.generate_wire_corpus(60, seed=3, words=250) == corpus.generate_wire_corpus(60, seed=3, words=250)


def test_about_a_quarter_of_the_wire_articles_are_rewrites_and_none_verbatim():
    relations = Counter(a.relation for a in wire())
    rewrites = relations["edited"] + relations["drifted"]
    assert 0.18 <= rewrites / len(wire()) <= 0.32
    assert relations["verbatim"] == 0 and relations["single"] > len(wire()) / 3


def test_stock_sentences_are_shared_by_unrelated_wire_stories():
    holders = Counter(p for a in wire() for p in corpus.STOCK_PHRASES if p in a.text)
    phrase, count = holders.most_common(1)[0]
    stories = {a.story for a in wire() if phrase in a.text}
    assert count >= len(wire()) / 10 and len(stories) >= count / 2


def test_planted_changes_of_the_wire_corpus_sit_where_the_truth_says():
    for a in wire():
        for change in a.changes:
            assert a.text[change.start : change.end] == change.after
