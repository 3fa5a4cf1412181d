"""The layout finder labels the parts of a story by reading it."""

import datetime as dt

from reconcile.ingest import article_from_text
from reconcile.ingest.layout import dateline_end, parse_published


def roles(article):
    return [(b.role, article.text[b.start : b.end][:30]) for b in article.blocks]


def test_seed_000_has_headline_caption_dateline_and_body(seed_articles):
    article = seed_articles["000"]
    assert article.headline.text == "Japan, Russia eye WWII peace talks: ministers"
    assert [c.text[:40] for c in article.captions] == ["Japanese Foreign Minister Seiji Maehara "]
    assert article.dateline.text == "TOKYO -"


def test_seed_001_sets_site_furniture_aside(seed_articles):
    assert [s.text for s in seed_articles["001"].boilerplate] == ["Back To Top", "Korea Herald daum"]
    assert seed_articles["001"].dateline.text == "TOKYO (AFP) --"


def test_seed_003_sets_the_subscription_appeal_aside(seed_articles):
    texts = [s.text for s in seed_articles["003"].boilerplate]
    assert texts[-1] == "By subscribing, you can help us get the story right."
    assert texts[0].startswith("In a time of both misinformation")


def test_seed_004_states_its_publication_date_and_dek(seed_articles):
    article = seed_articles["004"]
    assert article.published == dt.date(2013, 11, 1)
    assert article.published_from == "text"
    assert [b.role for b in article.blocks[:3]] == ["headline", "dek", "published"]


def test_metadata_date_wins_over_the_stated_one():
    text = "Headline here\n\nPUBLISHED : Friday, 01 November, 2013, 4:12am\n\nBody sentence here."
    article = article_from_text("x", text, published=dt.date(2014, 1, 2))
    assert article.published == dt.date(2014, 1, 2)
    assert article.published_from == "metadata"


def test_story_without_a_date_has_none():
    article = article_from_text("x", "Officials met on Friday.\n\nThey agreed to talk again.")
    assert article.published is None


def test_published_lines_in_several_forms():
    assert parse_published("PUBLISHED : Friday, 01 November, 2013, 4:12am") == dt.date(2013, 11, 1)
    assert parse_published("Updated: Nov. 3, 2013 10:00 GMT") == dt.date(2013, 11, 3)
    assert parse_published("11 / 30 / 09 05:40 PM ET") == dt.date(2009, 11, 30)
    assert parse_published("2016-04-15") == dt.date(2016, 4, 15)


def test_a_sentence_mentioning_a_date_is_not_a_published_line():
    assert parse_published("The treaty was signed on November 1, 2013 in Tokyo by both ministers.") is None


def test_datelines_in_agency_styles():
    for line, expected in [
        ("TOKYO (AFP) -- Japan and", "TOKYO (AFP) --"),
        ("TOKYO - Japan", "TOKYO -"),
        ("WASHINGTON (Reuters) - The", "WASHINGTON (Reuters) -"),
        ("NEW YORK \u2014 A man", "NEW YORK \u2014"),
    ]:
        end = dateline_end(line, 0, len(line))
        assert end is not None and line[:end].strip() == expected


def test_an_ordinary_sentence_has_no_dateline():
    text = "Japan and Russia - two neighbours - met."
    assert dateline_end(text, 0, len(text)) is None


def test_one_sentence_a_line_text_becomes_paragraphs():
    text = "A man escaped.\nHe was caught.\nPolice said so.\nThe end came."
    article = article_from_text("x", text)
    assert [b.role for b in article.blocks] == ["body"] * 4


def test_blocks_index_the_text_and_do_not_overlap(seed_articles):
    for article in seed_articles.values():
        last = 0
        for block in article.blocks:
            assert last <= block.start < block.end <= len(article.text)
            assert article.text[block.start : block.end].strip() == article.text[block.start : block.end]
            last = block.end


def test_a_headline_ending_on_a_quoted_phrase_is_still_a_headline():
    text = 'Union says offer was "nothing but excuses"\n\nMARSK - "We waited," a leader said.\n\nMore body.'
    article = article_from_text("x", text)
    assert article.headline.text == 'Union says offer was "nothing but excuses"'
    assert article.dateline.text == "MARSK -"


def test_a_short_feed_text_of_lines_gets_its_published_line():
    text = "Quake hits region\nPublished on Friday, 27 September 2013\nA quake struck the region on Friday."
    article = article_from_text("x", text)
    assert article.published == dt.date(2013, 9, 27)
    assert [b.role for b in article.blocks] == ["headline", "published", "body"]
