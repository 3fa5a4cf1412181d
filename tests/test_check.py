"""Checking new articles against an archive: only their matches are read, and only what
concerns the new articles is reported."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.archive import StoredArticle, open_archive
from reconcile.archive.check import check_articles, check_settings, stored_claims
from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.ingest import article_from_text
from reconcile.overlap.find import OverlapSettings
from reconcile.pipeline import AnalysisOptions
from tests.test_archive import edited_copy, generated_articles, seed_articles


@pytest.fixture(scope="module")
def seeds():
    return {a.id[:3]: a for a in seed_articles()}


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory, seeds):
    path = str(tmp_path_factory.mktemp("check") / "archive.sqlite")
    with open_archive(path, create=True) as archive:
        archive.add(list(seeds.values()))
    return path


@pytest.fixture
def archive(archive_path):
    with open_archive(archive_path) as opened:
        yield opened


def number_changed():
    return edited_copy("004", "scmp-edit", ("four separate summit talks", "seven separate summit talks"))


def name_changed():
    return edited_copy("004", "scmp-typo", ("Fumio Kishida", "Fumio Kishidda"))


def test_a_rewrite_of_an_archived_story_matches_both_archived_versions(archive, seeds):
    report = check_articles([number_changed()], archive)
    assert report.settings["check"]["matched"] == {"scmp-edit": [seeds["000"].id, seeds["004"].id]}
    assert [d.id for d in report.documents] == ["scmp-edit", seeds["000"].id, seeds["004"].id]


def test_the_shared_passages_with_the_archive_are_reported(archive, seeds):
    report = check_articles([number_changed()], archive)
    pairs = {tuple(sorted((o.a.doc, o.b.doc))) for o in report.overlaps}
    assert pairs == {(seeds["000"].id, "scmp-edit"), (seeds["004"].id, "scmp-edit")}
    assert sum(o.kind == "verbatim" for o in report.overlaps) >= 5


def test_a_changed_number_is_a_conflict_with_the_archive(archive):
    report = check_articles([number_changed()], archive)
    conflicts = [f for f in report.findings if f.kind == "number" and f.status == "conflict"]
    assert len(conflicts) == 1
    message = conflicts[0].message.lower()
    assert "seven" in message and "four" in message
    assert any(s.doc == "scmp-edit" and s.text == "seven" for s in conflicts[0].evidence)


def test_a_misspelt_name_is_reported_against_the_archive(archive):
    report = check_articles([name_changed()], archive)
    assert any(f.kind == "name-spelling" and "Kishidda" in f.message for f in report.findings)


def test_an_unrelated_story_matches_nothing(archive):
    new = generated_articles(1, seed_value=99, prefix="unrelated-")[0]
    report = check_articles([new], archive)
    assert report.settings["check"]["matched"] == {new.id: []}
    assert [d.id for d in report.documents] == [new.id]
    assert report.overlaps == [] and report.findings == []


def test_an_archived_articles_own_caption_problem_is_not_reported(archive, seeds):
    # 000's stale caption is a finding of 000 alone; the new copy has no caption.
    report = check_articles([number_changed()], archive)
    assert not [f for f in report.findings if f.kind == "caption"]


def test_a_new_articles_own_caption_problem_is_reported(archive, seeds):
    new = edited_copy("000", "afp-again", ("Four separate meetings", "Five separate meetings"))
    report = check_articles([new], archive)
    captions = [f for f in report.findings if f.kind == "caption"]
    assert captions and all(any(s.doc == "afp-again" for s in f.evidence) for f in captions)


def test_every_reported_overlap_and_finding_involves_a_new_article(archive):
    report = check_articles([number_changed(), name_changed()], archive)
    new_ids = {"scmp-edit", "scmp-typo"}
    assert all(o.a.doc in new_ids or o.b.doc in new_ids for o in report.overlaps)
    assert all(any(s.doc in new_ids for s in f.evidence) for f in report.findings)


def test_new_articles_are_checked_against_each_other_too(archive):
    report = check_articles([number_changed(), name_changed()], archive)
    assert any({o.a.doc, o.b.doc} == {"scmp-edit", "scmp-typo"} for o in report.overlaps)


def test_the_report_says_what_was_checked_against_what(archive, archive_path):
    report = check_articles([number_changed()], archive)
    check = report.settings["check"]
    assert check["against"] == archive_path and check["backend"] == "sqlite"
    assert check["archive_articles"] == 5 and check["new"] == ["scmp-edit"]
    assert check["max_candidates"] == 50
    assert report.settings["overlap"] == OverlapSettings().signature_meta()


def test_only_the_matched_archive_articles_are_loaded(tmp_path, seeds):
    with open_archive(str(tmp_path / "big.sqlite"), create=True) as archive:
        archive.add([*seeds.values(), *generated_articles(40)])
        loaded = []
        original = archive.load
        archive.load = lambda ids: (loaded.extend(ids), original(ids))[1]
        check_articles([number_changed()], archive)
    assert sorted(loaded) == [seeds["000"].id, seeds["004"].id]


def test_every_span_of_a_check_indexes_its_article(archive):
    report = check_articles([number_changed(), name_changed()], archive)
    texts = {d.id: d.text for d in report.documents}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for f in report.findings for s in f.evidence]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    assert spans and all(texts[s.doc][s.start : s.end] == s.text for s in spans)


def test_an_overlaps_only_check_makes_no_claims(archive):
    report = check_articles([number_changed()], archive, AnalysisOptions(claims=False))
    assert report.overlaps and report.claims == [] and report.findings == []


def test_the_index_settings_come_from_the_archive_and_the_aligner_settings_from_the_options():
    recorded = OverlapSettings(num_perm=64, passage_threshold=0.5)
    chosen = check_settings(recorded, OverlapSettings(min_similarity=0.8))
    assert (chosen.num_perm, chosen.passage_threshold, chosen.min_similarity) == (64, 0.5, 0.8)


def test_stored_claims_are_used_as_stored_when_the_lexicon_is_the_same(archive, seeds):
    stored = archive.load([seeds["000"].id])[0]
    assert stored_claims(stored, load_lexicon()) == list(stored.claims)


def test_stored_claims_are_extracted_again_when_the_lexicon_differs(seeds, tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("!Onodera -> Onodara\n", encoding="utf-8")
    lexicon = load_lexicon([str(vocab)])
    stale = StoredArticle(seeds["004"], (), lexicon="made-with-another-lexicon")
    assert stored_claims(stale, lexicon) == extract_claims(seeds["004"], lexicon)


def test_at_most_max_candidates_archived_articles_are_aligned_per_new_article(archive, seeds):
    loaded = []
    original = archive.load
    archive.load = lambda ids: (loaded.extend(ids), original(ids))[1]
    report = check_articles([number_changed()], archive, max_candidates=1)
    assert loaded == [seeds["004"].id]  # the strongest candidate: the story it was copied from
    assert report.settings["check"]["matched"] == {"scmp-edit": [seeds["004"].id]}
    assert report.settings["check"]["max_candidates"] == 1


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0, 1), removed=st.integers(0, 400), inserted=st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_every_span_of_a_check_of_an_edited_copy_indexes_its_article(archive, seeds, cut, removed, inserted):
    text = seeds["004"].text
    at = int(cut * len(text))
    new = article_from_text("edited", text[:at] + inserted + text[at + removed :], "edited.txt")
    report = check_articles([new], archive)
    texts = {d.id: d.text for d in report.documents}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for f in report.findings for s in f.evidence]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    assert all(texts[s.doc][s.start : s.end] == s.text for s in spans)
    assert set(report.settings["check"]["matched"]["edited"]) <= {seeds["000"].id, seeds["004"].id}
