"""Hostile and tricky text: Unicode forms, invisible characters, lookalike letters, and
scripts written right to left or without spaces.

Invisible characters and accents written two ways are ignored for matching; invisible
characters inside a name are reported (`hidden-character`), and a name that mixes scripts
is reported (`mixed-script`), never as a spelling variant, and never rewritten."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.ingest import article_from_text
from reconcile.findings.scripts import (
    foreign_letters,
    has_mixed_script,
    hidden_characters,
    letter_script,
    script_findings,
)
from reconcile.pipeline import analyse
from reconcile.text import fold, words

STORY = (
    "KYIV (AFP) - Ukrainian President Volodymyr Zelenský met Russian Foreign Minister Sergey Lavrov "
    "and Polish Prime Minister Donald Tusk in Geneva on Monday, officials said.\n\n"
    "The three men discussed grain exports and the reconstruction of the power grid after months of attacks.\n\n"
    "Lavrov said the meeting had been useful and that the sides would meet again next month."
)


def report_for(copy: str):
    """The report for the story and a copy of it."""
    return analyse([article_from_text("wire", STORY), article_from_text("copy", copy)])


def findings_of(report, kind):
    return [f for f in report.findings if f.kind == kind]


def assert_spans_index_text(report):
    texts = {a.id: a.text for a in report.documents}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    spans += [s for f in report.findings for s in f.evidence]
    for span in spans:
        assert texts[span.doc][span.start : span.end] == span.text


# --- NFC and NFD ------------------------------------------------------------------------------


def test_a_name_typed_in_nfd_is_one_word_with_its_accent():
    nfd = unicodedata.normalize("NFD", "Zelenský")
    assert [(t.start, t.end, t.form) for t in words(nfd)] == [(0, len(nfd), "zelensky")]


def test_nfc_and_nfd_forms_of_a_name_fold_alike():
    assert fold(unicodedata.normalize("NFC", "Zelenský Łódź")).text == fold(unicodedata.normalize("NFD", "Zelenský Łódź")).text


def test_a_copy_in_nfd_raises_no_name_finding_and_names_the_same_people():
    report = report_for(unicodedata.normalize("NFD", STORY))
    assert not [f for f in report.findings if f.status != "agreement" and f.kind != "alias"]
    keys = {doc: sorted({c.key for c in report.claims if c.kind == "person" and c.span.doc == doc}) for doc in ("wire", "copy")}
    assert keys["wire"] == keys["copy"]


# --- invisible characters ---------------------------------------------------------------------


def test_a_zero_width_space_inside_a_name_is_a_hidden_character_warning_naming_it():
    copy = STORY.replace("Lavrov", "Lav\u200brov")
    [finding] = findings_of(report_for(copy), "hidden-character")
    assert finding.severity == "warning"
    assert "U+200B ZERO WIDTH SPACE" in finding.message and "Lavrov" in finding.message
    assert {s.text for s in finding.evidence} == {"Lav\u200brov"}
    assert all(s.doc == "copy" for s in finding.evidence)


def test_a_zero_width_space_inside_a_name_raises_no_spelling_finding():
    report = report_for(STORY.replace("Lavrov", "Lav\u200brov"))
    assert not findings_of(report, "name-spelling") and not findings_of(report, "name-variant")


def test_a_name_split_by_a_zero_width_space_is_still_the_same_person():
    report = report_for(STORY.replace("Lavrov", "Lav\u200brov"))
    assert {c.key for c in report.claims if "Lav" in c.span.text and c.kind == "person"} == {"sergey-lavrov"}


def test_a_soft_hyphen_inside_a_name_is_reported():
    [finding] = findings_of(report_for(STORY.replace("Geneva", "Gene\u00adva")), "hidden-character")
    assert "U+00AD SOFT HYPHEN" in finding.message


def test_a_direction_override_inside_a_name_is_reported():
    [finding] = findings_of(report_for(STORY.replace("Tusk", "Tu\u202esk")), "hidden-character")
    assert "RIGHT-TO-LEFT OVERRIDE" in finding.message


def test_invisible_characters_outside_names_are_not_reported():
    copy = STORY.replace("reconstruction", "recon\u00adstruction").replace("useful", "use\u200bful")
    assert not findings_of(report_for(copy), "hidden-character")


def test_a_zero_width_non_joiner_is_at_home_in_a_persian_word():
    assert hidden_characters("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == []


def test_a_zero_width_joiner_inside_a_latin_name_is_reported():
    assert hidden_characters("Kish\u200dida") == [(4, "\u200d")]


# --- mixed scripts ----------------------------------------------------------------------------


def test_a_cyrillic_o_in_a_latin_name_is_a_mixed_script_error():
    [finding] = findings_of(report_for(STORY.replace("Lavrov", "Lavr\u043ev")), "mixed-script")
    assert finding.severity == "error"
    assert "Latin and Cyrillic" in finding.message and "U+043E CYRILLIC SMALL LETTER O" in finding.message


def test_a_mixed_script_name_is_never_a_spelling_variant():
    report = report_for(STORY.replace("Lavrov", "Lavr\u043ev"))
    assert not findings_of(report, "name-spelling") and not findings_of(report, "name-variant")
    assert not [f for f in report.findings if f.kind in ("role", "person") and f.status != "agreement"]


def test_a_mixed_script_name_is_never_rewritten():
    copy = STORY.replace("Lavrov", "Lavr\u043ev")
    [finding] = findings_of(report_for(copy), "mixed-script")
    assert {s.text for s in finding.evidence} == {"Lavr\u043ev"}
    assert all(copy[s.start : s.end] == "Lavr\u043ev" for s in finding.evidence)


def test_a_mixed_script_name_in_a_caption_is_not_taken_for_another_person(seed_articles):
    wire = seed_articles["000"]
    copy = wire.text.replace("Lavrov", "Lavr\u043ev", 1)  # the first Lavrov is in the stale caption
    report = analyse([wire, article_from_text("copy", copy)])
    assert findings_of(report, "mixed-script")
    assert not [f for f in findings_of(report, "caption") if "Lavr\u043ev" in f.message]


def test_a_greek_capital_in_a_place_name_is_mixed_script():
    [finding] = findings_of(report_for(STORY.replace("Geneva", "G\u0395neva")), "mixed-script")
    assert "Greek" in finding.message


def test_a_latin_letter_in_a_cyrillic_name_is_mixed_script():
    assert foreign_letters("\u041b\u0430\u0432p\u043e\u0432") == [(3, "p")]


def test_a_name_written_wholly_in_cyrillic_is_not_mixed():
    text = "\u0421\u0435\u0440\u0433\u0435\u0439 \u041b\u0430\u0432\u0440\u043e\u0432 \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u041a\u0438\u0441\u0438\u0434\u0430."
    assert not has_mixed_script(text)


def test_a_chinese_name_next_to_latin_text_is_not_mixed_script():
    text = "Foreign Minister \u738b\u6bc5 met Sergey Lavrov in \u5317\u4eac on Monday, officials said."
    report = analyse([article_from_text("zh", text)])
    assert not findings_of(report, "mixed-script")


def test_han_written_with_latin_letters_or_digits_in_one_word_is_not_mixed():
    assert not has_mixed_script("APEC\u4f1a\u8bae G20\u5cf0\u4f1a \u6771\u4eac\u30bf\u30ef\u30fc")


def test_each_part_of_a_hyphenated_word_is_judged_alone():
    assert foreign_letters("\u03b2-Blocker") == []


def test_fullwidth_and_mathematical_letters_count_as_latin():
    assert letter_script("\uff21") == letter_script("\U0001d400") == "LATIN"


def test_digits_marks_and_modifier_letters_belong_to_no_script():
    assert {letter_script(c) for c in "7\u0301\u02bc-'"} == {None}


# --- right to left and CJK --------------------------------------------------------------------

ARABIC = (
    "\u0645\u0648\u0633\u0643\u0648 (\u0623 \u0641 \u0628) - \u0627\u0644\u062a\u0642\u0649 \u0648\u0632\u064a\u0631 "
    "\u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0633\u064a\u0631\u063a\u064a \u0644\u0627\u0641\u0631\u0648\u0641 "
    "Sergey Lavrov \u0641\u064a \u0645\u0648\u0633\u0643\u0648 \u064a\u0648\u0645 \u0627\u0644\u062c\u0645\u0639\u0629 2013.\n\n"
    "\u0648\u0642\u0627\u0644 \u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0643\u0627\u0646\u062a "
    "\u0645\u0641\u064a\u062f\u0629\u060c \u0648\u0641\u0642 19,000 \u0634\u062e\u0635."
)
HEBREW = (
    "\u05de\u05d5\u05e1\u05e7\u05d1\u05d4 - \u05e9\u05e8 \u05d4\u05d7\u05d5\u05e5 \u05d4\u05e8\u05d5\u05e1\u05d9 "
    "\u05e1\u05e8\u05d2\u05d9\u05d9 \u05dc\u05d1\u05e8\u05d5\u05d1 \u05e0\u05e4\u05d2\u05e9 \u05e2\u05dd Fumio Kishida "
    "\u05d1\u05d9\u05d5\u05dd \u05e9\u05d9\u05e9\u05d9.\n\n\u05d4\u05e9\u05e0\u05d9\u05d9\u05dd \u05d3\u05d9\u05d1\u05e8\u05d5 "
    "\u05e2\u05dc \u05d4\u05d0\u05d9\u05d9\u05dd \u2067\u05d4\u05e7\u05d5\u05e8\u05d9\u05dc\u05d9\u05dd\u2069."
)
CHINESE = (
    "\u5317\u4eac\uff08\u65b0\u534e\u793e\uff09\u2014\u2014\u4e2d\u56fd\u5916\u4ea4\u90e8\u957f\u738b\u6bc5\u5468\u4e00"
    "\u5728\u5317\u4eac\u4f1a\u89c1\u4e86\u4fc4\u7f57\u65af\u5916\u957f\u62c9\u592b\u7f57\u592b\uff08Sergey Lavrov\uff09\u3002"
    "\n\n\u53cc\u65b9\u8ba8\u8bba\u4e86G20\u5cf0\u4f1a\u548cAPEC\u4f1a\u8bae\u7684\u51c6\u5907\u5de5\u4f5c\uff0c"
    "\u7ea61.5\u4e07\u4eba\u53c2\u52a0\u3002"
)


def test_right_to_left_and_cjk_stories_pass_through_intact():
    articles = [article_from_text(name, text) for name, text in (("ar", ARABIC), ("he", HEBREW), ("zh", CHINESE))]
    report = analyse(articles)
    assert [a.text for a in report.documents] == [ARABIC, HEBREW, CHINESE]
    assert report.claims, "the Latin names inside the stories are still found"
    assert_spans_index_text(report)


def test_right_to_left_and_cjk_stories_raise_no_script_findings():
    report = analyse([article_from_text(name, text) for name, text in (("ar", ARABIC), ("he", HEBREW), ("zh", CHINESE))])
    assert not findings_of(report, "mixed-script") and not findings_of(report, "hidden-character")


def test_the_seed_articles_raise_no_script_findings(seed_articles):
    articles = list(seed_articles.values())
    assert script_findings(articles, [], []) == []


# --- offsets ----------------------------------------------------------------------------------

_HOSTILE_PIECES = st.sampled_from(
    [
        "Sergey Lavrov ",
        "Lavr\u043ev ",
        "Lav\u200brov ",
        "Gene\u00adva ",
        "Tu\u202esk ",
        "\u738b\u6bc5 ",
        "\u05dc\u05d1\u05e8\u05d5\u05d1 ",
        unicodedata.normalize("NFD", "Zelenský "),
        "Kish\u200dida ",
        "\u0391thens ",
        ". ",
        "\n\n",
        "said ",
        "in ",
        "Foreign Minister ",
        "\ufeff",
        "\u2066",
        "\u0301",
        "\U0001d400bc ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_HOSTILE_PIECES | st.text(max_size=4), min_size=1, max_size=30).map("".join))
def test_script_findings_evidence_indexes_the_text(text):
    article = article_from_text("x", text)
    for finding in script_findings([article], [], []):
        for span in finding.evidence:
            assert text[span.start : span.end] == span.text
