"""Stories: which articles report one event, so that only their facts are compared."""

from __future__ import annotations

import datetime as dt

from reconcile.findings.stories import find_stories, sentence_names
from reconcile.ingest import article_from_text
from reconcile.model import Overlap


def report(doc: str, body: str, published=None):
    return article_from_text(doc, f"Headline\n\n{body}", published=published)


RAHMAN = (
    "Wladimir Klitschko stopped Hasim Rahman in Mannheim. Rahman fell twice before referee Tony Weeks "
    "stepped in. Klitschko kept his IBF title in Mannheim against Rahman."
)
THOMPSON = (
    "Wladimir Klitschko stopped Tony Thompson in Bern. Thompson fell twice before referee Sam Williams "
    "stepped in. Klitschko kept his IBF title in Bern against Thompson."
)


def test_reports_of_one_event_are_one_story_and_two_fights_of_one_boxer_are_two():
    articles = [
        report("r1", RAHMAN),
        report("r2", RAHMAN.replace("fell twice", "went down twice")),
        report("t1", THOMPSON),
        report("t2", THOMPSON.replace("fell twice", "was floored twice")),
    ]
    stories = find_stories(articles, [])
    assert stories.link("r1", "r2") == "independent" and stories.link("t1", "t2") == "independent"
    assert stories.link("r1", "t1") is None and stories.link("r2", "t2") is None


def test_copies_are_one_story_whatever_their_names():
    a, b = report("a", "The council met today."), report("b", "A meeting was held by the council.")
    overlap = Overlap(a.span(a.blocks[1].start, a.blocks[1].end), b.span(b.blocks[1].start, b.blocks[1].end), 0.7, "edited")
    assert find_stories([a, b], [overlap]).link("a", "b") == "copies"


def test_articles_published_weeks_apart_are_two_stories_unless_copies():
    a = report("a", RAHMAN, published=dt.date(2008, 12, 6))
    b = report("b", RAHMAN, published=dt.date(2009, 3, 1))
    assert find_stories([a, b], []).link("a", "b") is None


def test_a_sentence_is_about_what_another_article_knows():
    a, b = report("r1", RAHMAN), report("t1", THOMPSON)
    stories = find_stories([a, b], [])
    from reconcile.claims import extract_claims
    from reconcile.claims.lexicon import load_lexicon

    [claim] = [c for c in extract_claims(a, load_lexicon()) if c.kind == "person" and c.span.text == "Hasim Rahman"]
    assert "rahman" not in sentence_names(claim)  # the claim's own words are not what the sentence is about
    assert not stories.knows("t1", {"rahman", "mannheim"}) and stories.knows("r1", {"rahman", "mannheim"})
