"""Text helpers shared by every stage: matching forms, words and sentences with offsets.

Normalisation here is for *matching only*. Every function returns offsets into the
original string it was given, never into a normalised copy, so that callers can always
cut the evidence out of the text that the editor sees.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, NamedTuple

# Characters that change nothing a reader sees; they are dropped for matching. Besides
# zero-width spaces, joiners and soft hyphens: the bidirectional marks and embeddings
# (U+200E/F, U+202A-E, U+2066-9) and the invisible operators (U+2061-4), which
# text pasted from the web or crafted to deceive can carry inside a word.
INVISIBLE = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
)

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """The matching form of one character (may be empty or several characters).
    Cached: news text uses few distinct characters and every stage folds them."""
    if ch in INVISIBLE:
        return ""
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _DASHES:
        return _DASHES[ch]
    if ch.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", ch).casefold()
    # Strip combining marks so that NFD input and accent-less spellings meet.
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Folded:
    """A matching form of a text and, for each of its characters, the original offset."""

    text: str
    starts: tuple[int, ...]  # starts[i]: original offset where folded char i begins
    ends: tuple[int, ...]  # ends[i]: original offset where folded char i ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty [start, end) range of the folded text back to the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad folded range {start}:{end}")
        return self.starts[start], self.ends[end - 1]


def fold(text: str, start: int = 0, end: int | None = None) -> Folded:
    """Fold ``text[start:end]`` for matching: NFKC, casefold, no accents, plain quotes and
    dashes, whitespace runs as one space, invisible characters dropped."""
    end = len(text) if end is None else end
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # Combining marks belong to the preceding base character; fold the cluster together.
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        piece = "".join(fold_char(c) for c in text[i:j])
        if piece == " " and out and out[-1] == " ":
            i = j
            continue
        for c in piece:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return Folded("".join(out), tuple(starts), tuple(ends))


# The matching form of each ASCII character, taken from fold_char itself: always exactly
# one character (letters lower-cased, whitespace a space, the backtick an apostrophe).
_ASCII_FOLD = {code: fold_char(chr(code)) for code in range(128)}
_SPACE_RUN = re.compile(" {2,}")


class _FoldTable(dict):
    """`fold_char` by code point, for `str.translate`: filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable(_ASCII_FOLD)


@lru_cache(maxsize=65536)
def _translatable(ch: str) -> bool:
    """Whether `fold` treats this character as `str.translate` plus one space for every
    run of spaces would: it combines with nothing, and its form is a lone space or holds
    no space that could meet another (" x" after a space is kept by `fold`, not merged)."""
    if unicodedata.combining(ch):
        return False
    form = fold_char(ch)
    return form == " " or not (form.startswith(" ") or "  " in form)


def fold_text(text: str, start: int = 0, end: int | None = None) -> str:
    """``fold(text, start, end).text`` without the offset maps, for callers that only
    compare matching forms. ASCII text (most news copy) takes a short cut: each of its
    characters folds to one character and none combines, so the form is a translation
    with runs of spaces made one. Text whose other characters combine with nothing (curly
    quotes, dashes, accented letters written composed) is translated the same way."""
    end = len(text) if end is None else end
    piece = text[start:end]
    if piece.isascii():
        return _SPACE_RUN.sub(" ", piece.translate(_ASCII_FOLD))
    if all(map(_translatable, set(piece))):
        return _SPACE_RUN.sub(" ", piece.translate(_FOLD_TABLE))
    return fold(text, start, end).text


def _combining_marks() -> str:
    """A regex class body of every combining mark (categories Mn, Mc, Me).

    Python's \\w leaves marks out, so without them a name typed in NFD ("Zelensky" +
    U+0301) or a word of an Indic script would break into pieces at each accent."""
    ranges: list[list[int]] = []
    for code in (*range(0x30000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


# A word: letters and digits with the marks that follow them, parts joined by an
# apostrophe, a hyphen or an invisible character. Each repeated group starts with a
# character the group before cannot take, so matching never backtracks.
_MARKS = _combining_marks()
_JOINERS = "'\u2019\\-" + "".join(sorted(INVISIBLE))
_PART = rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*"
_WORD = re.compile(rf"{_PART}(?:[{_JOINERS}]{_PART})*", re.UNICODE)


class Token(NamedTuple):
    """A word: offsets into the original text and its folded matching form. A named tuple,
    not a dataclass: every stage makes one per word, and a tuple is made in half the time."""

    start: int
    end: int
    form: str  # folded matching form


@lru_cache(maxsize=65536)
def fold_case(word: str) -> str:
    """A word's matching form with its accents kept: case, quote marks, dashes and the
    Unicode form folded, letters with their marks left as written ("Peña" is not "Pena")."""
    composed = unicodedata.normalize("NFC", word)
    return "".join(c.casefold() if c.isalpha() or unicodedata.combining(c) else fold_char(c) for c in composed)


def fold_word(word: str) -> str:
    """The matching form of one word, character by character. Cached: most words of a
    story recur, and every stage asks for the words of the same sentences."""
    return "".join(map(fold_char, word))


def words(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words of ``text[start:end]`` with original offsets and folded forms."""
    return list(iter_words(text, start, end))


def word_count(text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> int:
    """``len(words(text, start, end))`` without making the tokens; with `limit`, counting
    stops there (``min(count, limit)``), for callers that ask "at least n words?". An ASCII
    word always has a matching form, so only other words are folded to see if one is left."""
    end = len(text) if end is None else end
    if limit is not None:
        found = 0
        for m in _WORD.finditer(text, start, end):
            if found >= limit:
                break
            word = m.group()
            found += word.isascii() or bool(fold_word(word))
        return min(found, limit)
    if text[start:end].isascii():
        return len(_WORD.findall(text, start, end))
    return sum(1 for word in _WORD.findall(text, start, end) if word.isascii() or fold_word(word))


# Bounded: about 100 KB of tokens an article; a run of more articles reads them again.
@lru_cache(maxsize=512)
def _text_words(text: str) -> tuple[tuple[Token, ...], tuple[int, ...]]:
    found = tuple(iter_words(text))
    return found, tuple(t.start for t in found)


def words_within(text: str, start: int, end: int) -> list[Token]:
    """`words` of ``text[start:end]`` for a stretch that no word crosses at either end (a
    block, a sentence): read once per text and sliced, since every findings rule reads the
    same articles' words. A word that would cross a boundary is read afresh."""
    found, starts = _text_words(text)
    i = bisect.bisect_left(starts, start)
    j = bisect.bisect_left(starts, end)
    inside = found[i:j]
    if inside and inside[-1].end > end or (i > 0 and found[i - 1].end > start):
        return words(text, start, end)
    return list(inside)


def iter_words(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The words of `words`, one at a time: for readers that stop after the first few,
    so that the work per call does not grow with the length of the text."""
    end = len(text) if end is None else end
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        # An ASCII word's matching form is its lower case (`fold_char` of ASCII letters).
        form = word.lower() if word.isascii() else fold_word(word)
        if form:
            yield Token(m.start(), m.end(), form)


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st jr sr co corp inc ltd
    no vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd dept est fig
    u.s u.k u.n e.g i.e a.m p.m""".split()
)
# A run of marks is only tried from its first mark: otherwise a long run of dots not
# followed by a space is re-read from each of its marks (quadratic time).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n\s*\n|\u2029")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence boundaries inside ``text[start:end]`` as (start, end) offsets, trimmed of
    surrounding whitespace. Rule-based: a terminal mark followed by space and a capital,
    digit or quote ends a sentence unless it closes a known abbreviation or an initial."""
    end = len(text) if end is None else end
    bounds: list[tuple[int, int]] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        if m.group().startswith((".", "!", "?")):
            nxt = _next_visible(text, stop, end)
            if nxt is not None and not (text[nxt].isupper() or text[nxt].isdigit() or text[nxt] in "\"'\u201c\u2018(["):
                continue
            if m.group().startswith(".") and _ends_with_abbreviation(text, cursor, m.start()):
                continue
        _append_trimmed(bounds, text, cursor, stop)
        cursor = stop
    _append_trimmed(bounds, text, cursor, end)
    return bounds


def _next_visible(text: str, i: int, end: int) -> int | None:
    while i < end and (text[i].isspace() or text[i] in INVISIBLE):
        i += 1
    return i if i < end else None


def _ends_with_abbreviation(text: str, sent_start: int, dot: int) -> bool:
    j = dot
    while j > sent_start and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].casefold()
    if not word:
        return False
    if word == "m" and re.search(r"\b[apAP]\.\s?$", text[max(sent_start, j - 4) : j]):  # "10 a. m. Monday"
        return True
    if len(word) == 1 and text[j].isupper():  # an initial: "John F. Kennedy"
        return True
    return word in _ABBREVIATIONS


def _append_trimmed(bounds: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and (text[s].isspace() or text[s] in INVISIBLE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in INVISIBLE):
        e -= 1
    if e > s:
        bounds.append((s, e))
