"""Folded words of many texts at once, as numpy arrays: the input of bulk MinHash signing.

`reconcile.text.words` finds words with a regular expression and folds each one in Python;
that costs far more than hashing and permuting the shingles it feeds. For ASCII text the
same words can be found with a few array operations over the text's bytes: a word is a run
of ``[A-Za-z0-9]``, and its parts may be joined by one apostrophe or hyphen standing between
two letters or digits (``o'neill``, ``well-known``); folding ASCII is lowercasing. That is
exactly what `words` yields for ASCII text (a property test checks it), so `ascii_word_runs`
is a fast path of `words`, not a second definition of a word. Typographic punctuation
common in news copy (curly quotes, dashes, no-break spaces) is first replaced by ASCII
stand-ins that give the same words (`TYPOGRAPHIC_STAND_INS`, property-tested too); text with
any other non-ASCII character goes through `words` itself and `form_runs`.

Both produce `WordRuns`: the folded words of every text joined in ONE UTF-8 buffer, each
word followed by a single space, so that any run of consecutive words of a text (a shingle)
is one contiguous byte range whose bytes are ``" ".join(forms).encode("utf-8")``. Nothing
here is shown to anyone: these are matching forms only, without offsets into the original.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .text import words

# Typographic punctuation that is common in news copy and changes no word: the right single
# quote is an apostrophe (both join word parts and fold alike), the others stand outside
# words just as a space does. Replacing them lets such text take the ASCII fast path.
TYPOGRAPHIC_STAND_INS = {
    "\u2019": "'",
    **{
        c: " "
        for c in "\u201c\u201d\u2018\u201a\u201e\u00ab\u00bb\u2014\u2013\u2012\u2015\u2010"
        "\u2026\u00a0\u2022\u00b7\u00ae\u00a9\u2122\u00b0\u2032\u2033\u00a7\u20ac\u00a3"
    },
}

_COMMON_TYPOGRAPHY = "\u201c\u201d\u2019\u2018\u2014\u2013\u00a0"

_SPACE = np.uint8(ord(" "))
_APOSTROPHE = np.uint8(ord("'"))
_HYPHEN = np.uint8(ord("-"))


@dataclass(frozen=True, eq=False)
class WordRuns:
    """The folded words of several texts (or passages) in one buffer.

    buffer: uint8 UTF-8 bytes, each word followed by one space.
    starts, ends: int64 byte offsets in `buffer` of each word (end exclusive).
    bounds: int64, one more than the number of texts: the words of text i are the
        indices ``bounds[i]:bounds[i + 1]`` of `starts` and `ends`.
    """

    buffer: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    bounds: np.ndarray

    def forms(self, text_index: int) -> list[str]:
        """The folded words of one text, decoded again (for tests and debugging)."""
        data = self.buffer.tobytes()
        first, last = self.bounds[text_index], self.bounds[text_index + 1]
        return [data[s:e].decode("utf-8") for s, e in zip(self.starts[first:last], self.ends[first:last])]


def ascii_word_runs(texts: Sequence[str]) -> WordRuns:
    """The words of ASCII texts, found and lowercased with array operations.

    Texts may also hold typographic punctuation (`TYPOGRAPHIC_STAND_INS`): it is replaced
    while encoding. Any other non-ASCII character raises `UnicodeEncodeError`; the caller
    routes such texts to `form_runs`. Texts are joined with a newline after each, so no
    word crosses texts."""
    if not texts:
        return _empty_runs(0)
    joined = "\n".join(texts) + "\n"
    if not joined.isascii():
        # The commonest are replaced in bulk: an error handler call per character costs more.
        for char in _COMMON_TYPOGRAPHY:
            if char in joined:
                joined = joined.replace(char, TYPOGRAPHIC_STAND_INS[char])
    # One character, one byte: offsets of texts in `raw` are offsets in `joined`.
    raw = np.frombuffer(joined.encode("ascii", errors=_STAND_IN_ERRORS), dtype=np.uint8)
    # Wrap-around uint8 arithmetic turns each range test into one subtraction and one compare.
    letter = (raw | np.uint8(0x20)) - np.uint8(ord("a")) < 26
    alnum = letter | (raw - np.uint8(ord("0")) < 10)
    in_word = alnum.copy()
    # An apostrophe or hyphen is inside a word only between two letters or digits.
    middle = raw[1:-1]
    in_word[1:-1] |= alnum[:-2] & alnum[2:] & ((middle == _APOSTROPHE) | (middle == _HYPHEN))
    # The first byte after a word becomes the single space that separates it from the next.
    separator = np.zeros_like(in_word)
    separator[1:] = in_word[:-1] & ~in_word[1:]
    # Lowercase letters, zero everything outside words, then set the separators to a space
    # (arithmetic rather than masked assignment, which costs several times more).
    folded = raw | (letter.view(np.uint8) << np.uint8(5))
    np.multiply(folded, in_word, out=folded)
    folded |= separator.view(np.uint8) << np.uint8(5)
    buffer = folded[in_word | separator]
    ends = np.flatnonzero(buffer == _SPACE)
    starts = np.empty_like(ends)
    if len(ends):
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
    # A text's words are those whose separators lie in it (the last one at the latest on
    # the newline after it).
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    text_starts = np.cumsum(lengths) - lengths
    bounds = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.add.reduceat(separator.view(np.uint8), text_starts, dtype=np.int64), out=bounds[1:])
    return WordRuns(buffer, starts.astype(np.int64), ends.astype(np.int64), bounds)


def form_runs(passages: Sequence[Sequence[str]]) -> WordRuns:
    """Word runs of passages already cut into folded words (one passage a 'text')."""
    flat = [form for passage in passages for form in passage]
    counts = np.fromiter(map(len, passages), dtype=np.int64, count=len(passages))
    if not flat:
        return _empty_runs(len(passages))
    joined = " ".join(flat) + " "
    if joined.isascii():
        lengths = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
    else:
        lengths = np.fromiter((len(f.encode("utf-8")) for f in flat), dtype=np.int64, count=len(flat))
    ends = np.cumsum(lengths + 1) - 1
    bounds = np.zeros(len(passages) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    return WordRuns(np.frombuffer(joined.encode("utf-8"), dtype=np.uint8), ends - lengths, ends, bounds)


def text_word_runs(texts: Sequence[str]) -> tuple[WordRuns, np.ndarray, WordRuns, np.ndarray]:
    """Word runs of the texts the fast path can take and of the others (`words`), with
    the positions of each kind in `texts`: (fast runs, their indices, other runs, theirs)."""
    try:
        return ascii_word_runs(texts), np.arange(len(texts)), _empty_runs(0), np.zeros(0, dtype=np.int64)
    except UnicodeEncodeError:
        pass
    plain = np.fromiter((as_ascii(t) is not None for t in texts), dtype=bool, count=len(texts))
    fast_at, other_at = np.flatnonzero(plain), np.flatnonzero(~plain)
    fast_runs = ascii_word_runs([texts[int(i)] for i in fast_at])
    other_runs = form_runs([[t.form for t in words(texts[int(i)])] for i in other_at])
    return fast_runs, fast_at, other_runs, other_at


def as_ascii(text: str) -> str | None:
    """The text with its typographic punctuation replaced by ASCII stand-ins that give the
    same words (`TYPOGRAPHIC_STAND_INS`), or None if other non-ASCII characters remain."""
    try:
        return text.encode("ascii", errors=_STAND_IN_ERRORS).decode("ascii")
    except UnicodeEncodeError:
        return None


def _stand_ins(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: the stand-ins of a run of typographic punctuation; any
    other character fails the encoding. Called once a run, not once a character."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        return "".join(TYPOGRAPHIC_STAND_INS[c] for c in error.object[error.start : error.end]), error.end
    except KeyError:
        raise error from None


_STAND_IN_ERRORS = "reconcile-typographic-stand-ins"
codecs.register_error(_STAND_IN_ERRORS, _stand_ins)


def _empty_runs(n_texts: int) -> WordRuns:
    none = np.zeros(0, dtype=np.int64)
    return WordRuns(np.zeros(0, dtype=np.uint8), none, none, np.zeros(n_texts + 1, dtype=np.int64))
