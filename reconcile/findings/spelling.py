"""Is one written name a slip of another? The one test every name finding uses.

A slip is what a keyboard or a tired copy editor does to a name: two letters swapped
("Daioyu"/"Diaoyu"), a letter doubled or dropped ("Kowalsky"/"Kowalsski"), one letter for
another ("Kowalsky"/"Kowalski"), two such changes in a long name, an accent or an inner
capital lost ("Peña"/"Pena", "McCain"/"Mccain"). What is *not* a slip: the same name with
an ending added ("Senkakus", "Russian"), British and American spellings ("Centre"/
"Center"), and short words, where one letter makes another word ("Bush"/"Rush").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from rapidfuzz.distance import OSA

from ..text import fold_word

SlipKind = Literal["transposition", "doubled letter", "dropped letter", "letter", "letters", "accent", "case"]

# Endings that make another word of the same name, not a misspelling of it.
_ENDINGS = ("s", "es", "'s", "\u2019s", "n", "an", "ans", "ian", "ians", "ese", "i", "is", "ite", "ites", "ern", "ers")

# British and American spellings of one word are not misspellings of each other.
_REGIONAL = (
    (re.compile(r"our"), "or"),
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"ence\b"), "ense"),
    (re.compile(r"is(e|ed|ing|ation)\b"), r"iz\1"),
    (re.compile(r"ys(e|ed|ing)\b"), r"yz\1"),
    (re.compile(r"ogue\b"), "og"),
    (re.compile(r"ll(ed|ing|er)\b"), r"l\1"),
)


def regional_spelling(a: str, b: str) -> bool:
    """Whether two folded words differ only as en-GB and en-US spellings do (centre/center)."""

    def american(word: str) -> str:
        for pattern, replacement in _REGIONAL:
            word = pattern.sub(replacement, word)
        return word

    return a != b and american(a) == american(b)


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def inflected(a: str, b: str) -> bool:
    """One folded word is the other with an ending ("senkakus", "russian", "obamas"). A
    bare "n" makes another word only after an "a" ("Russia"/"Russian", not "Khaledi")."""
    short, long = sorted((a, b), key=len)
    ending = long[len(short) :]
    if not long.startswith(short) or ending not in _ENDINGS:
        return False
    return ending != "n" or short.endswith("a")


def _without_possessive(word: str) -> str:
    for ending in ("'s", "\u2019s", "'S", "\u2019S"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def slip(a: str, b: str) -> SlipKind | None:
    """What kind of slip turns name word `a` into `b` (as written), or None if none does.

    Accents and inner capitals are compared as written; letters are compared folded."""
    a, b = _without_possessive(a), _without_possessive(b)
    if a == b or unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return None  # one spelling in two Unicode forms (composed and decomposed accents)
    fa, fb = fold_word(a), fold_word(b)
    if fa == fb:
        if _strip_accents(a) != a or _strip_accents(b) != b:
            if _strip_accents(a) == _strip_accents(b):
                return "accent"
        if (
            a[1:] != b[1:]
            and a[:1].isupper()
            and b[:1].isupper()
            and not (a.isupper() or b.isupper())
            and len(a) == len(b)
            and any(x != y and i > 0 and a[i - 1] not in "-'\u2019 " for i, (x, y) in enumerate(zip(a, b)))
        ):
            return "case"  # "McCain"/"Mccain"; not "Hit-And-Run"/"Hit-and-Run", which is headline style
        return None
    if not fa or not fb or not fa.isalpha() or not fb.isalpha():
        return None
    if regional_spelling(fa, fb) or inflected(fa, fb):
        return None
    shortest = min(len(fa), len(fb))
    distance = OSA.distance(fa, fb)
    if distance == 1:
        if len(fa) == len(fb) and sorted(fa) == sorted(fb):
            return "transposition" if shortest >= 4 else None
        if shortest < 5 or fa[0] != fb[0]:
            return None
        if len(fa) != len(fb):
            longer = fa if len(fa) > len(fb) else fb
            i = next((k for k in range(shortest) if fa[k] != fb[k]), shortest)
            doubled = (i > 0 and longer[i] == longer[i - 1]) or (i + 1 < len(longer) and longer[i] == longer[i + 1])
            return "doubled letter" if doubled else "dropped letter"
        return "letter"
    if distance == 2 and shortest >= 8 and fa[0] == fb[0] and fa[-1] == fb[-1]:
        return "letters"
    return None


__all__ = ["SlipKind", "inflected", "regional_spelling", "slip"]
