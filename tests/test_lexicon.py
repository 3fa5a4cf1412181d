"""The name lexicon: bundled tables and user vocabularies."""

from __future__ import annotations

import pytest

from reconcile.claims.lexicon import bundled_lexicon, caps_only, load_lexicon, name_key, parse_vocabulary
from reconcile.errors import InputError


@pytest.fixture(scope="module")
def lexicon():
    return bundled_lexicon()


def test_tables_are_broad_enough_for_unseen_news(lexicon):
    assert len(lexicon.people) >= 150
    assert len(lexicon.places) >= 250
    assert len(lexicon.orgs) >= 80
    assert len(lexicon.roles) >= 50


def test_transliterations_of_one_person_resolve_to_one_entry(lexicon):
    assert lexicon.person_by_name(name_key("Sergei Lavrov")).id == lexicon.person_by_name(name_key("Sergey Lavrov")).id
    assert lexicon.person_by_name(name_key("Volodymyr Zelenskyy")).id == "volodymyr-zelensky"
    assert lexicon.person_by_name(name_key("Muammar Qaddafi")).id == "muammar-gaddafi"


def test_disputed_islands_are_one_place_under_each_sides_name(lexicon):
    kurils = {e.id for name in ("Northern Territories", "Southern Kurils") for e, _ in lexicon.named_entries(name_key(name))}
    senkaku = {e.id for name in ("Senkaku Islands", "Diaoyu Islands", "Diaoyutai") for e, _ in lexicon.named_entries(name_key(name))}
    assert kurils == {"southern-kurils"}
    assert senkaku == {"senkaku-islands"}
    assert {e.id for e, _ in lexicon.named_entries(name_key("Takeshima"))} == {"dokdo"}


def test_abbreviations_and_full_names_of_one_body_share_an_id(lexicon):
    for form in ("US", "U.S.", "USA", "United States"):
        assert lexicon.named_entries(name_key(form))[0][0].id == "united-states"
    assert lexicon.named_entries(name_key("Agence France-Presse"))[0][0].id == "afp"


def test_capital_abbreviations_are_marked_caps_only():
    assert caps_only("US") and caps_only("U.N.")
    assert not caps_only("Nato") and not caps_only("United States")


def test_british_and_american_role_spellings_are_one_role(lexicon):
    assert lexicon.role(name_key("defence minister")).id == lexicon.role(name_key("defense minister")).id


def test_demonyms_give_the_country(lexicon):
    assert lexicon.demonym("Japanese").id == "japan"
    assert lexicon.demonym("Afghans").id == "afghanistan"


def test_honorific_forms_with_and_without_full_stop_agree(lexicon):
    assert lexicon.honorific("Mr.") == lexicon.honorific("Mr") == "Mr"
    assert lexicon.honorific("Mrs") != lexicon.honorific("Ms")


def test_given_name_groups_link_transliterations_only(lexicon):
    assert lexicon.same_given_name("Sergey", "Sergei")
    assert not lexicon.same_given_name("Sergey", "Igor")


def test_vocabulary_lines_accept_reject_and_suggest():
    accepted, rejected = parse_vocabulary("# house style\nChikahito Harada\n!Daioyu -> Diaoyu\n!Kiev\n\n")
    assert "chikahito harada" in accepted
    assert ("daioyu", "Daioyu", "Diaoyu") in rejected
    assert ("kiev", "Kiev", "") in rejected


def test_a_file_named_reject_txt_rejects_every_line(tmp_path):
    path = tmp_path / "reject.txt"
    path.write_text("Kiev\nPeking\n", encoding="utf-8")
    lexicon = load_lexicon([str(path)])
    assert lexicon.rejection("Peking") == ("Peking", "")


def test_a_rejected_term_with_capitals_matches_only_text_with_those_capitals(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("!US -> United States\n!colour -> color\n", encoding="utf-8")
    lexicon = load_lexicon([str(path)])
    assert lexicon.rejection("US") == ("US", "United States")
    assert lexicon.rejection("us") is None and lexicon.rejection("Us") is None
    assert lexicon.rejection("Colour") == ("colour", "color")  # written in lower case: any case


def test_accepted_terms_become_known_words(tmp_path):
    path = tmp_path / "accept.txt"
    path.write_text("Oksanenka\n", encoding="utf-8")
    lexicon = load_lexicon([str(path)])
    assert lexicon.is_accepted("OKSANENKA")
    assert "oksanenka" in lexicon.known_words


def test_a_term_both_accepted_and_rejected_is_rejected(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("Kiev\n!Kiev\n", encoding="utf-8")
    lexicon = load_lexicon([str(path)])
    assert not lexicon.is_accepted("Kiev") and lexicon.rejection("Kiev")


def test_an_unreadable_vocabulary_names_the_file(tmp_path):
    with pytest.raises(InputError) as error:
        load_lexicon([str(tmp_path / "missing.txt")])
    assert "missing.txt" in str(error.value)


def test_no_vocabulary_returns_the_bundled_lexicon():
    assert load_lexicon() is bundled_lexicon()


def test_cached_lexicon_reads_an_edited_vocabulary_again(tmp_path):
    import os

    from reconcile.claims.lexicon import cached_lexicon

    vocab = tmp_path / "accept.txt"
    vocab.write_text("Kunashiri\n", encoding="utf-8")
    first = cached_lexicon([str(vocab)])
    assert cached_lexicon([str(vocab)]) is first  # unchanged file: read once
    vocab.write_text("Kunashiri\nShikotan\n", encoding="utf-8")
    stat = os.stat(vocab)
    os.utime(vocab, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = cached_lexicon([str(vocab)])
    assert second is not first and second.is_accepted("Shikotan") and not first.is_accepted("Shikotan")
