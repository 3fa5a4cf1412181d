"""Number claims: how many of what, in digits or words, with unit and qualifier.

Each quantity a sentence states ("some 19,000 Russians", "four separate summit talks",
"about 200 feet", "$3.5bn", "hundreds of thousands of Japanese soldiers", "the second
of its kind", "Nichols, 37,") becomes a claim whose key says what is counted (the folded,
singular head noun, mapped through ``data/count_nouns.tsv``) and whose value is a
canonical number ("19000", "3500000000", "10-12", or the folded words of a vague
quantity). Units and currencies come from ``data/units.tsv``.

Left out on purpose: years and anything inside a date expression (dates are their own
claims), clock times, phone numbers, names that carry a number ("2+2", "G20", "Group of
20", "Flight 447"). Promise: every span indexes ``article.text``; the span covers the
qualifier, the number and its unit ("about 200 feet"), the counted phrase is a detail.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..model import Article, BlockRole, Claim, NumberDetails, Span
from ..text import Token, fold, fold_text, iter_words, words
from .dates import DateExpression, sentence_dates
from .reading import Reading

# ---------------------------------------------------------------------------
# Lexicons shipped as editable TSV files


@dataclass(frozen=True)
class Unit:
    """A unit of measure or currency: what is shown, what it measures, its size in the
    dimension's base unit (None when there is no fixed conversion)."""

    unit: str
    dimension: str
    factor: Decimal | None


def _tsv_rows(name: str) -> list[list[str]]:
    raw = resources.files("reconcile.data").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # the first row names the columns


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Surface form (folded) -> unit, from ``data/units.tsv``."""
    table = {}
    for row in _tsv_rows("units.tsv"):
        surface, unit, dimension = row[0], row[1], row[2]
        factor = Decimal(row[3]) if len(row) > 3 and row[3].strip() else None
        table[fold(surface).text] = Unit(unit, dimension, factor)
    return table


@lru_cache(maxsize=1)
def count_nouns() -> dict[str, str]:
    """Singular head noun (folded) -> the key it counts, from ``data/count_nouns.tsv``."""
    return {fold(row[0]).text: row[1].strip() for row in _tsv_rows("count_nouns.tsv") if len(row) > 1}


@lru_cache(maxsize=1)
def _unit_after() -> re.Pattern[str]:
    """Units written after a number: "200 feet", "200ft", "24km", "10-metre", "5 per cent"."""
    names = sorted((s for s in units() if not any(c in s for c in "$£€¥")), key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"[ \t\u00a0]?-?[ \t\u00a0]?(?P<unit>{alternation})(?![\w$])", re.I)


# ---------------------------------------------------------------------------
# Closed word classes of English

UNITS_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "one": 1,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Plural magnitudes name a vague quantity: "hundreds" is somewhere from 200 to 999.
VAGUE = {
    "dozens": (24, 199),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 99999),
    "millions": (2 * 10**6, 999 * 10**6),
    "billions": (2 * 10**9, 999 * 10**9),
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
}
# Ordinals count only in these company: "the second of its kind", "the third time", "a fourth round".
_ORDINAL_COUNTS = re.compile(
    r"\s+(?:of\s+(?:its|their|his|her)\s+kind|(?:such\s+)?(?:time|round|term|meeting|summit|visit|attempt|"
    r"consecutive|straight|successive|session|negotiation|talks|day|year|quarter|month|week))\b",
    re.I,
)
QUALIFIERS = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "just over": "more than",
    "above": "more than",
    "at least": "at least",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
    "below": "less than",
    "exactly": "exactly",
}
_QUALIFIER_BEFORE = re.compile(
    r"\b(?P<q>about|around|approximately|approx\.|roughly|some|an estimated|estimated|nearly|almost|close to|"
    r"just under|just over|more than|over|upwards of|above|at least|up to|as many as|as much as|fewer than|"
    r"less than|under|below|exactly)[ \t\u00a0]+$",
    re.I,
)
# Words that end a counted phrase: function words, auxiliaries, common verbs of reporting.
_PHRASE_STOP = frozenset(
    """a an the and or but nor of to in on at by for with from as into onto over under about after before
    since until during between among against through across per than then that which who whom whose
    where when while is are was were be been being has have had do does did will would shall should
    can could may might must said says say told who it its this these those there here not no also
    just only very more most some any such each every all both other another up down out off
    ago earlier later last next this today yesterday tomorrow away long high wide deep tall old apart
    each total overall altogether respectively instead""".split()
)
_IRREGULAR_PLURALS = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "police": "police",
    "staff": "staff",
    "personnel": "personnel",
    "cattle": "cattle",
    "sheep": "sheep",
    "fish": "fish",
    "aircraft": "aircraft",
    "crew": "crew",
    "series": "series",
    "species": "species",
    "news": "news",
}
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "'s", "ous")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = re.compile(
    r"(?<![\w$£€¥.,:/+#&-])"
    r"(?:(?P<cur>(?:US|HK|A|AU|C|NZ|S)\$|\$US|\$|£|€|¥)[ \u00a0]?)?"
    rf"(?P<num>{_NUM})(?P<ord>st|nd|rd|th)?"
    rf"(?:[ \u00a0]?[-\u2013\u2014][ \u00a0]?(?P<num2>{_NUM}))?"
    r"(?:[ \u00a0]?(?P<mult>million|billion|trillion|thousand|mn|bn|tn|m|b|k)(?![\w]))?"
    r"(?![\d:+]|[.,]\d)"
)
_TIME_AFTER = re.compile(r"[ \u00a0]?(?:[ap]\.?[ \u00a0]?m\b\.?|o'clock|gmt\b|utc\b|local\s+time|[ecmp][sd]?t\b|hrs\b)", re.I)
# Every phone number starts with "(", "+" or a digit; the lookahead says so first, so that
# the alternatives are not tried at every other character of a sentence.
_PHONE = re.compile(
    r"(?=[(+\d])(?:\(?\+?\d{1,4}\)?[ .-]\d{2,4}[ .-]\d{3,4}(?:[ .-]\d{3,4})?|\(\d{3}\)[ ]?\d{3}-\d{4}"
    r"|(?<![\d,.])\d{3}-\d{4}(?![\d-])|(?<![\d,.])0\d{2,4}[ -]?\d{5,7}(?!\d))"
)
_LABEL_BEFORE = re.compile(r"(?:\b(?P<word>[A-Z][A-Za-z]*)\.?|\b(?:no|number|nos)\.?|#)[ \u00a0]+$")
_GROUP_OF = re.compile(r"\bgroup\s+of\s+$", re.I)
_AGE_BEFORE = re.compile(r"(?:\baged?|\bage\s+of|\b(?:he|she|who)\s+(?:was|is|were|turned|turns))[ \u00a0]+$", re.I)
_NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][\w'\u2019-]+,[ \u00a0]$")
_COMPOUND_TAIL = re.compile(r"-(?P<tail>[A-Za-z]+(?:-[A-Za-z]+){0,2})")
_PARTITIVE_OF = re.compile(r"[ \t\u00a0]+of[ \t\u00a0]+(?:(?:the|its|their|his|her|our|these|those)[ \t\u00a0]+)?", re.I)
_OF_AFTER = re.compile(r"[ \t\u00a0]+of\s")
_OF_ITS_KIND = re.compile(r"\s+of\s+(?:its|their|his|her)\s+kind", re.I)

# Capitalised words that may stand right before a number without making it a name.
_CAPITALS_ALLOWED = frozenset(
    """about around approximately roughly some nearly almost more over at up as fewer less under only just
    exactly the a an and or but between by in on of to from with for all another another's
    estimated than top""".split()
)


@dataclass
class _Mention:
    """A number found in a sentence, before it becomes a claim."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    written: str  # digits or words
    vague: str = ""  # the folded words of a vague quantity ("hundreds of thousands")
    currency: str = ""
    ordinal: bool = False
    unit: Unit | None = None
    unit_surface: str = ""
    compound_tail: str = ""  # "member" in "1000-member", "year-old" in "37-year-old"
    age: bool = False


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def canonical(number: Decimal) -> str:
    """A number as plain digits, no grouping, no trailing zeros: 1.2 million -> "1200000"."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _digit_mentions(text: str, start: int, end: int) -> list[_Mention]:
    found = []
    for m in _DIGITS.finditer(text, start, end):
        low = _decimal(m.group("num"))
        if low is None:
            continue
        high = _decimal(m.group("num2")) if m.group("num2") else low
        if high is None:
            continue
        mult = (m.group("mult") or "").lower()
        mention_end = m.end()
        currency = m.group("cur") or ""
        unit: Unit | None = None
        unit_surface = ""
        factor = 1
        if mult in ("million", "mn") or (mult == "m" and currency):
            factor = 10**6
        elif mult in ("billion", "bn") or (mult == "b" and currency):
            factor = 10**9
        elif mult in ("trillion", "tn"):
            factor = 10**12
        elif mult in ("thousand", "k"):
            factor = 1000
        elif mult == "m":  # "50m" without a currency: metres
            unit, unit_surface = units()["m"], "m"
        elif mult == "b":
            mention_end = m.end("num2") if m.group("num2") else (m.end("ord") if m.group("ord") else m.end("num"))
        if m.group("num2") and high < low and factor == 1 and not unit:
            # "3-1" is a score, "555-1234" a phone number; a range runs low to high.
            continue
        if currency:
            unit, unit_surface = units().get(fold_text(currency)), currency
        found.append(
            _Mention(
                m.start(),
                mention_end,
                low * factor,
                high * factor,
                "digits",
                currency=currency,
                ordinal=bool(m.group("ord")),
                unit=unit,
                unit_surface=unit_surface,
            )
        )
    return found


# The first part of every word that can start a number in words (see `_word_mentions`).
_NUMBER_WORD_HEADS = frozenset({*VAGUE, "tens", *ORDINALS, *UNITS_WORDS, *SCALES, "dozen", "a", "an"})


def _parts(form: str) -> list[str]:
    return form.split("-")


def _word_mentions(text: str, start: int, end: int, tokens: list[Token]) -> list[_Mention]:
    """Numbers written in words: "four", "twenty-five", "two hundred", "a dozen",
    "hundreds of thousands", "the second of its kind". `tokens`: the words of text[start:end]."""
    found: list[_Mention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.form.partition("-")[0] not in _NUMBER_WORD_HEADS:
            i += 1  # most words: no number starts with them
            continue
        parts = _parts(tok.form)
        head = parts[0]
        if head in VAGUE:
            low, high = VAGUE[head]
            j = i + 1
            # "hundreds of thousands", "tens of thousands": the second magnitude multiplies.
            if j + 1 < len(tokens) and tokens[j].form == "of" and tokens[j + 1].form in ("thousands", "millions", "billions"):
                scale = SCALES[tokens[j + 1].form[:-1]]
                low, high = low * scale, (high + 1) * scale - 1
                j += 2
            found.append(
                _Mention(
                    tok.start, tokens[j - 1].end, Decimal(low), Decimal(high), "words", vague=fold_text(text, tok.start, tokens[j - 1].end)
                )
            )
            i = j
            continue
        if head == "tens" and i + 2 < len(tokens) and tokens[i + 1].form == "of" and tokens[i + 2].form in ("thousands", "millions"):
            scale = SCALES[tokens[i + 2].form[:-1]]
            found.append(
                _Mention(
                    tok.start,
                    tokens[i + 2].end,
                    Decimal(20 * scale),
                    Decimal(100 * scale - 1),
                    "words",
                    vague=fold_text(text, tok.start, tokens[i + 2].end),
                )
            )
            i += 3
            continue
        if head in ORDINALS and len(parts) == 1:
            original = text[tok.start : tok.end]
            follows = _ORDINAL_COUNTS.match(text, tok.end, end)
            before = text[max(start, tok.start - 6) : tok.start].lower()
            if follows and not (original[0].isupper() and tok.start != start) and not re.search(r"\b(?:a|one)\s+$", before):
                if head != "first" or re.match(r"\s+(?:time|of\s+its\s+kind)", text[tok.end : end], re.I):
                    value = Decimal(ORDINALS[head])
                    found.append(_Mention(tok.start, tok.end, value, value, "words", ordinal=True))
            i += 1
            continue
        starts_number = (
            head in UNITS_WORDS
            or head in SCALES
            or head == "dozen"
            or (
                head in ("a", "an")
                and len(parts) == 1
                and i + 1 < len(tokens)
                and (tokens[i + 1].form in SCALES or tokens[i + 1].form == "dozen")
                and _adjacent(text, tok, tokens[i + 1])
            )
        )
        if not starts_number:
            i += 1
            continue
        total, current, j, tail = _read_number_words(text, tokens, i)
        read = total + current
        last = tokens[j - 1]
        mention_end = last.end
        tail_text = ""
        if tail:
            # "four-day", "1000-member": the number ends before the hyphen.
            mention_end = last.start + len(text[last.start : last.end].split("-")[0])
            tail_text = tail
        only_one = j == i + 1 and head == "one"
        if only_one:
            i = j
            continue  # "one" is too often a pronoun ("one in Moscow") to count
        if read > 0 or head == "zero":
            m = _Mention(tok.start, mention_end, Decimal(read), Decimal(read), "words", compound_tail=tail_text)
            found.append(m)
        i = j
    return found


def _adjacent(text: str, a, b) -> bool:
    return text[a.end : b.start].strip() == ""


def _read_number_words(text: str, tokens, i: int) -> tuple[int, int, int, str]:
    """Read number words from token i: returns (total, current, next index, compound tail)."""
    total = current = 0
    j = i
    tail = ""
    while j < len(tokens):
        tok = tokens[j]
        if j > i and not _adjacent(text, tokens[j - 1], tok):
            break
        parts = _parts(tok.form)
        numeric = [p for p in parts if p in UNITS_WORDS or p in SCALES or p == "dozen" or p in ("a", "an")]
        if tok.form == "and" and j > i and j + 1 < len(tokens) and _parts(tokens[j + 1].form)[0] in UNITS_WORDS and current >= 100:
            j += 1
            continue
        if (
            not parts
            or parts[0] not in UNITS_WORDS
            and parts[0] not in SCALES
            and parts[0] != "dozen"
            and not (parts[0] in ("a", "an") and j == i)
        ):
            break
        for k, p in enumerate(parts):
            if p in UNITS_WORDS:
                current += UNITS_WORDS[p]
            elif p == "hundred":
                current = (current or 1) * 100
            elif p in SCALES:
                total += (current or 1) * SCALES[p]
                current = 0
            elif p == "dozen":
                current = (current or 1) * 12
            elif p in ("a", "an"):
                continue
            else:
                tail = "-".join(parts[k:])
                break
        j += 1
        if tail or len(numeric) < len(parts):
            break
    return total, current, j, tail


# ---------------------------------------------------------------------------
# What a number counts


def singular(word: str) -> str:
    """A crude English singular, good enough for head nouns of counted things."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS) and len(word) > 3:
        return word[:-1]
    return word


def _looks_plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS) and len(word) > 3)


def counted_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase a number counts, read from `start` up to the sentence end: up to
    four words, through the first plural noun, stopping at function words and punctuation.
    Partitive phrases are followed: "two of the four disputed islands", "hundreds of
    thousands of Japanese soldiers", "40 percent of voters"."""
    cursor = start
    m = _PARTITIVE_OF.match(text, cursor, end)  # matched in place: a slice would copy the sentence per number
    if m:
        cursor = m.end()
    tokens = iter_words(text, cursor, min(end, cursor + 80))  # four words are never further
    chosen: list[Token] = []
    previous_end = cursor
    skipped = False
    for tok in tokens:
        if text[previous_end : tok.start].strip():
            break  # punctuation ends the phrase
        if not chosen and not skipped and (tok.form in UNITS_WORDS or tok.form[:1].isdigit()):
            skipped = True
            previous_end = _skip_number(text, tok, end)
            continue  # "two of the four disputed islands": count what the inner number counts
        if tok.form in _PHRASE_STOP or tok.form[:1].isdigit():
            break
        if tok.form in ("year-old", "years-old"):
            break
        if tok.form.endswith("'s") or tok.form.endswith("’s"):
            break  # a possessive starts a new phrase: "trip to Oman's port"
        chosen.append(tok)
        previous_end = tok.end
        if _looks_plural(tok.form.split("-")[-1]) or len(chosen) == 4:
            break
    # A participle does not head the phrase: "$184 million reported", "the two worked".
    while chosen and chosen[-1].form.endswith(("ed", "ing")) and len(chosen[-1].form) > 4:
        chosen.pop()
    if not chosen:
        return None
    return chosen[0].start, chosen[-1].end


def _skip_number(text: str, tok, end: int) -> int:
    m = _DIGITS.match(text, tok.start, end)
    return m.end() if m else tok.end


def key_of(phrase: str) -> str:
    """The comparable key of a counted phrase: the singular head noun, or the two-word
    compound it ends with when the lexicon knows it ("summit talks" -> "meeting")."""
    forms = [singular(w) for w in re.findall(r"[^\W\d_][\w'-]*", fold_text(phrase))]
    if not forms:
        return ""
    table = count_nouns()
    if len(forms) >= 2 and f"{forms[-2]} {forms[-1]}" in table:
        return table[f"{forms[-2]} {forms[-1]}"]
    return table.get(forms[-1], forms[-1])


# ---------------------------------------------------------------------------


def _excluded_spans(text: str, start: int, end: int, dates: Iterable[DateExpression]) -> list[tuple[int, int]]:
    spans = [(d.start, d.end) for d in dates]
    spans += [(m.start(), m.end()) for m in _PHONE.finditer(text, start, end)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [s, e) touches any of `spans` (sorted by start, not overlapping each other)."""
    i = bisect.bisect_left(spans, (e, e))
    return i > 0 and spans[i - 1][1] > s


def _is_name_or_time(text: str, m: _Mention, sentence_start: int) -> bool:
    before = text[max(sentence_start, m.start - 20) : m.start]
    after = text[m.end : m.end + 12]
    if m.written == "digits" and not m.currency and _TIME_AFTER.match(after):
        return True
    if m.written == "digits" and re.match(r"0\d", text[m.start : m.end]):
        return True  # "0800": a code or a clock, never a count
    if text[m.end : m.end + 1] == "+" or before.endswith("+"):
        return True
    if _GROUP_OF.search(before):
        return True
    label = _LABEL_BEFORE.search(before)
    if label and m.written == "digits":
        word = label.group("word")
        if word is None:
            return True  # "No. 1", "#3"
        if word.lower() not in _CAPITALS_ALLOWED and not _QUALIFIER_BEFORE.search(before):
            return True
    if (
        m.written == "digits"
        and not m.currency
        and not m.unit
        and m.low == m.high
        and 1600 <= m.low <= 2099
        and "," not in text[m.start : m.end]
        and "." not in text[m.start : m.end]
    ):
        follower = re.match(r"[ \u00a0]+([a-z]+)", text[m.end : m.end + 30])
        return not (follower and _looks_plural(follower.group(1)))  # a year, unless it counts ("2000 people")
    if m.written == "digits" and m.low != m.high and 1600 <= m.low <= 2099 and 1600 <= m.high <= 2099:
        return True  # "1999-2003": a span of years
    return False


def _merge_ranges(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """ "between 10 and 12", "10 to 12": one mention with a low and a high."""
    merged: list[_Mention] = []
    for m in mentions:
        if merged:
            prev = merged[-1]
            gap = text[prev.end : m.start]
            is_to = re.fullmatch(r"[ \u00a0]+to[ \u00a0]+", gap) and not re.search(
                r"\bfrom[ \u00a0]+$", text[max(0, prev.start - 8) : prev.start], re.I
            )
            is_and = re.fullmatch(r"[ \u00a0]+and[ \u00a0]+", gap) and re.search(
                r"\bbetween[ \u00a0]+$", text[max(0, prev.start - 10) : prev.start], re.I
            )
            if (
                (is_to or is_and)
                and prev.written == m.written
                and not prev.vague
                and not m.vague
                and prev.low <= m.low
                and not prev.ordinal
            ):
                merged[-1] = _Mention(
                    prev.start,
                    m.end,
                    prev.low,
                    m.high,
                    prev.written,
                    currency=prev.currency or m.currency,
                    unit=prev.unit or m.unit,
                    unit_surface=prev.unit_surface or m.unit_surface,
                    compound_tail=m.compound_tail,
                )
                continue
        merged.append(m)
    return merged


def _attach_unit(text: str, m: _Mention, end: int) -> None:
    """Read a unit written after the number ("feet", "km", "per cent", "-metre", "euros")."""
    if m.unit is not None and m.currency:
        return
    if m.unit is not None:  # "50m" already read as metres
        return
    following = _unit_after().match(text, m.end, end)
    if following:
        surface = fold_text(following.group("unit"))
        surface = re.sub(r"\s+", " ", surface)
        unit = units().get(surface)
        if unit and not (m.ordinal and unit.dimension == "duration"):
            m.unit, m.unit_surface = unit, text[following.start("unit") : following.end()]
            m.end = following.end()
            m.compound_tail = ""
            tail = _COMPOUND_TAIL.match(text, m.end, end)
            if tail and tail.group("tail").lower() in ("old", "olds"):
                m.age = True
                m.end = tail.end()
            return
    tail = _COMPOUND_TAIL.match(text, m.end, end)
    if tail:
        m.compound_tail = fold_text(tail.group("tail"))
        m.end = tail.end()


def _qualifier(text: str, m: _Mention, sentence_start: int) -> tuple[str, int]:
    before = text[max(sentence_start, m.start - 20) : m.start]
    q = _QUALIFIER_BEFORE.search(before)
    if not q:
        return "", m.start
    word = re.sub(r"\s+", " ", q.group("q").lower())
    if word in ("over", "under", "above", "below") and m.written == "words":
        return "", m.start  # "a dispute over four islands": a preposition, not a bound
    if word == "between":
        return "", m.start
    return QUALIFIERS.get(word, word), m.start - (len(before) - q.start())


def _is_age(text: str, m: _Mention, sentence: Span) -> bool:
    if m.age or m.compound_tail in ("year-old", "years-old"):
        return True
    if m.unit is not None or m.written != "digits" or m.low != m.high or m.low > 130:
        return False
    before = text[max(sentence.start, m.start - 30) : m.start]
    after = text[m.end : m.end + 3]
    if _AGE_BEFORE.search(before):
        return True
    return bool(_NAME_COMMA_BEFORE.search(before)) and bool(re.match(r"[,)]|\s*$", after))


def _ordinal_subject(text: str, sentence: Span, start: int) -> str:
    """For "The meeting will be the second of its kind": the noun before the verb."""
    tokens = [t for t in words(text, max(sentence.start, start - 200), start) if t.form not in _PHRASE_STOP]
    return tokens[0].form if tokens else ""


def extract_numbers(article: Article, sentences: Iterable[tuple[Span, BlockRole]], reading: Reading | None = None) -> list[Claim]:
    """Number claims of every sentence, in text order.

    Key: what is counted (see `key_of`), "age" for ages, the unit's dimension when only a
    measure is given ("length", "money"), "count" when nothing says what. Value: the
    canonical number, "low-high" for a range, the folded words of a vague quantity.
    Details: low, high, unit, dimension, qualifier, counted, surface, written (digits or
    words), vague, ordinal. `reading`: the article's shared `Reading`, when other extractors
    read the same sentences.
    """
    reading = reading or Reading(article.text)
    text = article.text
    claims: list[Claim] = []
    for sentence, role in sentences:
        s0, e0 = sentence.start, sentence.end
        excluded = _excluded_spans(text, s0, e0, sentence_dates(reading, sentence))
        digit = _digit_mentions(text, s0, e0)
        taken = sorted((m.start, m.end) for m in digit)
        word = [m for m in _word_mentions(text, s0, e0, reading.words(sentence)) if not _inside(m.start, m.end, taken)]
        mentions = sorted(digit + word, key=lambda m: m.start)
        mentions = [m for m in mentions if not _inside(m.start, m.end, excluded) and not _is_name_or_time(text, m, s0)]
        mentions = _merge_ranges(text, mentions)
        for m in mentions:
            _attach_unit(text, m, e0)
            if m.end < e0 and text[m.end].isalnum():
                continue  # "76ers", "3D": letters glued to the number make it a name
            if m.ordinal and m.written == "digits" and not _ORDINAL_COUNTS.match(text, m.end, e0):
                continue  # "the 5th Fleet" names, "the 2nd time" counts
            claims.append(_claim(article, sentence, role, m))
    return claims


def _claim(article: Article, sentence: Span, role: BlockRole, m: _Mention) -> Claim:
    text = article.text
    qualifier, span_start = _qualifier(text, m, sentence.start)
    phrase = None
    counted = ""
    age = _is_age(text, m, sentence)
    if m.compound_tail == "plus":  # "three-plus seasons"
        qualifier = qualifier or "more than"
        m.compound_tail = ""
    if m.compound_tail and not age:
        # "1000-member delegation": the tail is what is counted; the noun after says of what.
        following = counted_phrase(text, m.end, sentence.end)
        counted = m.compound_tail + (" " + text[following[0] : following[1]] if following else "")
        key = key_of(m.compound_tail)
    else:
        measured = m.unit is not None and m.unit.dimension != "money" and "-" not in m.unit_surface
        if measured and not _OF_AFTER.match(text, m.end, sentence.end):
            phrase = None  # "5 per cent lower", "200 feet high": a measure, not a count of things
        else:
            phrase = counted_phrase(text, m.end, sentence.end)
        counted = text[phrase[0] : phrase[1]] if phrase else ""
        key = key_of(counted) if counted else ""
    if m.ordinal and _OF_ITS_KIND.match(text, m.end, sentence.end):
        subject = _ordinal_subject(text, sentence, m.start)
        key = key_of(subject) if subject else key
        counted = subject or counted
    if age:
        key = "age"
    elif not key:
        if m.unit is not None:
            key = "percent" if m.unit.dimension == "ratio" else m.unit.dimension
        else:
            key = "count"
    if m.vague:
        value = m.vague
    elif m.low != m.high:
        value = f"{canonical(m.low)}-{canonical(m.high)}"
    else:
        value = canonical(m.low)
    span = article.span(span_start, m.end)
    return Claim(
        kind="number",
        span=span,
        key=key,
        value=value,
        sentence=sentence,
        block=role,
        details=NumberDetails(
            low=canonical(m.low),
            high=canonical(m.high),
            unit=m.unit.unit if m.unit else "",
            dimension=m.unit.dimension if m.unit else "",
            qualifier=qualifier,
            counted=counted,
            surface=span.text,
            written=m.written,
            vague=bool(m.vague),
            ordinal=bool(m.ordinal),
        ),
    )
