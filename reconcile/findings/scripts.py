"""Script findings: names that mix writing systems or hide invisible characters.

Two kinds, found one article at a time in the words of its names: the words of person,
place and body claims, and every other word that starts with a capital letter in the
headline, dek, captions and body.

- ``mixed-script``: a name word whose letters come from two writing systems ("Lavrоv"
  with a Cyrillic о). It looks right to a reader but is a different string to every
  search, index and matcher, so it is an error, and it is never also reported as a
  spelling variant (`names` leaves such names alone). The text is never rewritten.
- ``hidden-character``: a name word with an invisible character inside it (a zero-width
  space, soft hyphen, joiner, word joiner, byte order mark or direction control:
  `reconcile.text.INVISIBLE`). Matching already ignores it, so no false conflict comes of
  it, but search and copy-paste do not: a warning. Joiners (U+200C, U+200D) have work to
  do in Arabic, Persian and Indic words and are only reported in European alphabets.

A letter's script is the first word of its Unicode name, taken after compatibility
decomposition (so fullwidth and mathematical letters count as Latin); digits,
punctuation, combining marks and modifier letters belong to every script and are not
counted. Chinese, Japanese and Korean writing mixes its scripts with each other and with
Latin inside ordinary words ("APEC会议", "G20峰会"), so they never make a word mixed;
each part of a hyphenated word is judged on its own ("β-blocker" is two parts).

Evidence spans are the words as written in the article, so they index its text.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import Any, Sequence

from ..model import Article, Claim, Finding, Overlap, Span
from ..text import INVISIBLE, words
from .base import doc_label, make_finding

# Scripts that are written together inside one word in ordinary Chinese, Japanese and
# Korean text, and alongside Latin acronyms: one group that never counts as a mix.
EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})
# Alphabets in which a zero-width joiner or non-joiner has no work to do.
NO_JOINER_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN"})
_JOINERS = frozenset("\u200c\u200d")
# Inside a word, these split it into parts that are judged separately.
_PART_SEPARATORS = frozenset("-'\u2019")
_NAME_KINDS = frozenset({"person", "place", "org"})


def script_findings(
    articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap], lexicon: Any = None
) -> list[Finding]:
    """Mixed-script and hidden-character findings for the names of every article."""
    names_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind in _NAME_KINDS:
            names_by_doc[claim.span.doc].append(claim)
    found: list[Finding] = []
    for article in articles:
        mixed: dict[str, list[Span]] = defaultdict(list)
        hidden: dict[str, list[Span]] = defaultdict(list)
        for span in name_words(article, names_by_doc.get(article.id, ())):
            if foreign_letters(span.text):
                mixed[span.text].append(span)
            if hidden_characters(span.text):
                hidden[span.text].append(span)
        found += [_mixed_finding(article.id, word, spans) for word, spans in sorted(mixed.items())]
        found += [_hidden_finding(article.id, word, spans) for word, spans in sorted(hidden.items())]
    return found


# --- which words are names ----------------------------------------------------------------------


def name_words(article: Article, claims: Sequence[Claim]) -> list[Span]:
    """The words of an article's names, each once, in text order: the words of its person,
    place and body claims, and capitalised words in its headline, dek, captions and body
    (a homoglyph can keep a name from being recognised as one, so claims are not enough)."""
    in_names = {i for claim in claims if claim.kind in _NAME_KINDS for i in range(claim.span.start, claim.span.end)}
    found: list[Span] = []
    for block in article.blocks_of("headline", "dek", "caption", "body"):
        for token in words(article.text, block.start, block.end):
            first = article.text[token.start]
            if token.start in in_names or first.isupper() or unicodedata.category(first) == "Lt":
                found.append(article.span(token.start, token.end))
    return found


# --- scripts ------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def letter_script(ch: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "CJK"...), or None for anything that
    belongs to every script: digits, punctuation, marks, modifier letters, unnamed code points."""
    category = unicodedata.category(ch)
    if not category.startswith("L") or category == "Lm":
        return None
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    if not unicodedata.category(base).startswith("L"):
        base = ch
    name = unicodedata.name(base, "")
    if not name:
        return None
    script = name.split()[0]
    return "CJK" if script in EAST_ASIAN else script


def word_parts(word: str) -> list[tuple[int, str]]:
    """(offset, part) for the parts of a word between hyphens and apostrophes."""
    parts, start = [], 0
    for i, ch in enumerate(word):
        if ch in _PART_SEPARATORS:
            parts.append((start, word[start:i]))
            start = i + 1
    parts.append((start, word[start:]))
    return [(offset, part) for offset, part in parts if part]


def part_scripts(part: str) -> list[str]:
    """The scripts of a part's letters, most used first (ties in order of appearance)."""
    counts: dict[str, int] = {}
    for ch in part:
        script = letter_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def foreign_letters(word: str) -> list[tuple[int, str]]:
    """(offset in the word, letter) of each letter that is not in the main script of its
    part, when a part mixes scripts; empty when the word is written in one script
    (East Asian scripts mixed with each other or with one other script are one)."""
    found = []
    for offset, part in word_parts(word):
        scripts = [s for s in part_scripts(part) if s != "CJK"]
        if len(scripts) < 2:
            continue
        main = scripts[0]
        found += [(offset + i, ch) for i, ch in enumerate(part) if letter_script(ch) not in (None, "CJK", main)]
    return found


def has_mixed_script(text: str) -> bool:
    """Whether any word of `text` mixes scripts ("Sergey Lavrоv" with a Cyrillic о)."""
    return any(foreign_letters(text[t.start : t.end]) for t in words(text))


def hidden_characters(word: str) -> list[tuple[int, str]]:
    """(offset, character) of the invisible characters inside a word. Joiners count only in
    words written in alphabets that never need them."""
    inside = [(i, ch) for i, ch in enumerate(word) if ch in INVISIBLE and 0 < i < len(word) - 1]
    if not inside:
        return []
    scripts = {letter_script(ch) for ch in word} - {None}
    joiners_matter = bool(scripts) and scripts <= NO_JOINER_SCRIPTS
    return [(i, ch) for i, ch in inside if ch not in _JOINERS or joiners_matter]


# --- messages -----------------------------------------------------------------------------------


def describe(ch: str) -> str:
    """ "U+043E CYRILLIC SMALL LETTER O": a character as the Unicode standard names it."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"


def visible_form(word: str) -> str:
    """The word as a reader sees it: its invisible characters left out (for messages only;
    evidence keeps the word as written)."""
    return "".join(ch for ch in word if ch not in INVISIBLE)


def _mixed_finding(doc: str, word: str, spans: list[Span]) -> Finding:
    foreign = foreign_letters(word)
    main = next(s for _, part in word_parts(word) for s in part_scripts(part) if s != "CJK")
    others = sorted({letter_script(ch) or "" for _, ch in foreign})
    letters = ", ".join(dict.fromkeys(describe(ch) for _, ch in foreign))
    shown = visible_form(word)
    message = (
        f'"{shown}" in {doc_label(doc)} mixes {main.title()} and {" and ".join(s.title() for s in others)} '
        f"letters ({letters}): a lookalike letter, so searches for the name miss it"
    )
    return make_finding("mixed-script", "variant", message, [word, letters], spans, subject=word)


def _hidden_finding(doc: str, word: str, spans: list[Span]) -> Finding:
    hidden = hidden_characters(word)
    shown = visible_form(word)
    names = ", ".join(dict.fromkeys(describe(ch) for _, ch in hidden))
    first = hidden[0][0]
    before = visible_form(word[:first])
    message = f'{names} inside "{shown}" in {doc_label(doc)} (after "{before}"): invisible, but search and copy-paste see it'
    return make_finding("hidden-character", "variant", message, [word, names], spans, subject=word, severity="warning")


__all__ = [
    "describe",
    "foreign_letters",
    "has_mixed_script",
    "hidden_characters",
    "letter_script",
    "name_words",
    "script_findings",
    "visible_form",
]
