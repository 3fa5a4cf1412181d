"""Matching forms and tokenisation keep offsets into the original text."""

from hypothesis import given, strategies as st

from reconcile.text import fold, sentences, words


def test_fold_makes_quotes_dashes_case_and_accents_alike():
    assert fold("\u201cSergéi\u201d \u2014 LAVROV").text == fold('"sergei" - lavrov').text


def test_fold_matches_nfc_and_nfd_forms_of_one_name():
    assert fold("Zelensk\u00fd").text == fold("Zelensky\u0301").text


def test_fold_drops_invisible_characters_and_collapses_space():
    assert fold("Lav\u200brov  \n said").text == "lavrov said"


@given(st.text(max_size=60))
def test_folded_ranges_map_back_inside_the_original(text):
    folded = fold(text)
    for i in range(len(folded.text)):
        start, end = folded.original_span(i, i + 1)
        assert 0 <= start < end <= len(text)


@given(st.text(max_size=80))
def test_words_index_the_original_text(text):
    for token in words(text):
        assert text[token.start : token.end].strip() == text[token.start : token.end]
        assert token.form


def test_sentences_keep_abbreviations_and_initials_inside():
    text = "Mr. Abe met U.S. officials. John F. Kennedy was there. Then they left."
    found = [text[s:e] for s, e in sentences(text)]
    assert found == ["Mr. Abe met U.S. officials.", "John F. Kennedy was there.", "Then they left."]


def test_sentences_end_after_closing_quote():
    text = '"We agreed," he said. "It is done." Lavrov added nothing.'
    assert [text[s:e] for s, e in sentences(text)] == ['"We agreed," he said.', '"It is done."', "Lavrov added nothing."]


@given(st.text(max_size=120))
def test_sentences_are_trimmed_ordered_ranges_of_the_text(text):
    last = 0
    for start, end in sentences(text):
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end


def test_sentences_keep_spaced_clock_abbreviations_inside():
    text = "The fire started at 10 a. m. Monday in the hall. Nobody was hurt."
    assert [text[s:e] for s, e in sentences(text)] == ["The fire started at 10 a. m. Monday in the hall.", "Nobody was hurt."]
