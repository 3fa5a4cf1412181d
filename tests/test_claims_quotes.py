"""Quote claims: quoted words, partial quotes and who said them."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from reconcile.claims import article_sentences
from reconcile.claims.lexicon import bundled_lexicon
from reconcile.claims.people import extract_people
from reconcile.claims.quotes import extract_quotes
from reconcile.ingest import article_from_text


def quotes_in(text: str):
    article = article_from_text("t", text)
    sentences = article_sentences(article)
    people = extract_people(article, sentences, bundled_lexicon())
    return extract_quotes(article, sentences, people)


def test_speaker_named_after_the_quote_with_told():
    [quote] = quotes_in('TOKYO - Fumio Kishida spoke.\n\n"We agreed to hold talks in January," Kishida told a joint press conference.')
    assert quote.span.text == "We agreed to hold talks in January,"
    assert quote.key == "fumio-kishida" and quote.quote.speaker_via == "named" and quote.quote.verb == "told"


def test_curly_quotes_and_said_before_the_name():
    [quote] = quotes_in("MOSCOW - \u201cWe are prepared to continue our dialogue,\u201d said Sergey Lavrov.")
    assert quote.key == "sergey-lavrov"


def test_he_said_resolves_to_the_last_person_outside_quotes():
    quotes = quotes_in(
        'TOKYO - "Minister Lavrov and I agreed on talks," Kishida said.\n\n"Naturally, a peace treaty will be discussed," he said.'
    )
    assert quotes[1].quote.speaker_via == "pronoun"
    assert quotes[1].quote.speaker == "Kishida"


def test_he_said_after_an_unnamed_official_is_that_official():
    quotes = quotes_in(
        "TOKYO - The talks will touch on security, a Japanese foreign ministry official said.\n\n"
        'The meeting "is expected to have a positive impact on future talks", he said.'
    )
    assert quotes[0].quote.speaker == "a Japanese foreign ministry official"
    assert quotes[0].key == ""


def test_according_to_names_the_speaker_when_no_verb_does():
    [quote] = quotes_in('TOKYO - Chikahito Harada met officials.\n\n"We will tackle this issue in a new way," according to Harada.')
    assert quote.key == "chikahito-harada" and quote.quote.speaker_via == "according-to"


def test_a_fragment_woven_into_a_sentence_is_partial():
    [quote] = quotes_in("TOKYO - Abe and Putin agreed to seek \u201ca solution acceptable to both sides\u201d in the dispute.")
    assert quote.quote.partial


def test_a_quoted_term_of_one_word_is_not_a_quote():
    assert quotes_in('TOKYO - The so-called "2+2" meeting starts on Saturday.') == []


def test_joint_speakers_are_both_recorded():
    [quote] = quotes_in('LOS ANGELES - "We are thrilled to have her back," Craig Zadan and Neil Meron said.')
    assert quote.key == "neil meron+craig zadan" or set(quote.key.split("+")) == {"zadan", "meron"}


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph():
    [quote] = quotes_in("TOKYO - Kishida said: \u201cWe had a very useful discussion and we will meet again soon.")
    assert quote.quote.continued
    assert quote.span.text.endswith("soon.")


def test_a_quote_over_lines_of_one_sentence_each_runs_to_the_mark_that_closes_it():
    quotes = quotes_in(
        "TOKYO - Reid told People:\n\"No.\nI've done it.\nI don't need to do anything anymore, \"she added.\nThe clinic said nothing."
    )
    [quote] = quotes
    assert quote.span.text == "No.\nI've done it.\nI don't need to do anything anymore,"
    assert not quote.quote.continued and quote.quote.speaker == "Reid"


def test_a_quote_whose_next_paragraph_opens_a_quote_of_its_own_stays_in_its_paragraph():
    quotes = quotes_in('TOKYO - Kishida said: "We had a useful discussion.\n\n"We will meet again," he said.')
    assert [q.span.text for q in quotes] == ["We had a useful discussion.", "We will meet again,"]


def test_single_marks_quote_across_lines_and_in_fragments_but_apostrophes_do_not():
    quotes = quotes_in(
        "LONDON - Reid said she was a 'social drinker' and the players' union agreed.\n"
        "'I've done it.\nI don't need to do anything anymore,' she told the magazine.\n"
        "Rock 'n' roll, the Smiths' house and '90s music were not quoted."
    )
    assert [q.span.text for q in quotes] == ["social drinker", "I've done it.\nI don't need to do anything anymore,"]
    assert quotes[1].quote.marks == "single"


def test_the_speaker_of_a_described_person_is_that_person_not_the_body_named_in_the_description():
    [quote] = quotes_in(
        "WASHINGTON - Alan Thornhill, executive director of the Society for Conservation Biology, said, "
        '"The threats we face continue to evolve."'
    )
    assert quote.quote.speaker == "Alan Thornhill"


def test_a_name_after_a_comma_describes_the_speaker_and_is_no_second_speaker():
    [quote] = quotes_in('DURHAM - "Many agencies lack the expertise," said Stuart Pimm, Doris Duke Professor at Duke.')
    assert quote.quote.speaker == "Stuart Pimm"


def test_seed_000_quotes_are_given_to_kishida_and_lavrov(seed_articles):
    article = seed_articles["000"]
    sentences = article_sentences(article)
    quotes = extract_quotes(article, sentences, extract_people(article, sentences, bundled_lexicon()))
    assert [q.key for q in quotes] == ["fumio-kishida"] * 3 + ["sergey-lavrov"] * 2


_PARTS = st.sampled_from(
    [
        '"',
        "'",
        "\u2018",
        "\u2019",
        "\n",
        "\u201c",
        "\u201d",
        "\u00ab",
        "\u00bb",
        "We",
        "agreed",
        "talks",
        ",",
        ".",
        "he",
        "said",
        "Kishida",
        "Fumio",
        "told",
        "according",
        "to",
        "\n\n",
        "the",
        "official",
        "and",
        "\u00e9t\u00e9",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=40))
def test_every_quote_span_indexes_the_original_text(parts):
    text = "TOKYO - " + " ".join(parts)
    article = article_from_text("t", text)
    sentences = article_sentences(article)
    for claim in extract_quotes(article, sentences, extract_people(article, sentences, bundled_lexicon())):
        assert article.text[claim.span.start : claim.span.end] == claim.span.text
        assert claim.sentence.start <= claim.span.start or claim.quote.continued


def test_the_one_told_is_not_the_speaker():
    quotes = quotes_in(
        "LOS ANGELES - Jack Ketsoyan works for Reid.\n\n"
        '"Tara Reid has checked herself into Promises Treatment Center," her rep told Jennifer Peters.'
    )
    assert quotes[0].key != "jennifer peters" and quotes[0].quote.speaker != "Jennifer Peters"


def test_a_quote_opening_the_next_paragraph_with_no_attribution_goes_on_with_the_same_speaker():
    quotes = quotes_in(
        'ATLANTA - The judge spoke.\n\n"I am giving you the maximum," Judge James Bodiford said.\n\n'
        '"If I could give you more, I would."\n\nThe court then rose. "Justice was done," a lawyer said.'
    )
    assert quotes[1].key == quotes[0].key and quotes[1].quote.speaker_via == "previous-paragraph"
    assert quotes[2].key != quotes[0].key
