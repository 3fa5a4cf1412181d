"""Every figure a stretch of text states, in whatever form, read to a comparable value.

Number claims (`reconcile.claims.numbers`) keep the counts and measures that can be lined
up across stories, and leave out clock times, scores and model numbers on purpose. Two
copies of one sentence need more: when "14:00" becomes "15:00", "10-14" becomes "10-12" or
"No. 12" becomes "No. 13", the copies state different facts; when "4 1/2" becomes "4.5",
"four" becomes "4" or "60 metres" becomes "200 feet", they state one fact in two forms.
`read_quantities` reads every figure of a passage; `relation` says which of the two.

Pure functions over text offsets: each `Quantity` spans ``text[start:end]`` of the text it
was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from .claims.numbers import ORDINALS, QUALIFIERS, SCALES, UNITS_WORDS, VAGUE, Unit, units
from .text import fold_text

QuantityKind = Literal["number", "ordinal", "time", "pair", "label"]
Relation = Literal["same", "compatible", "different"]

# A unit conversion in brackets is rounded: "60 metres (200 feet)" is 61 m against 60 m.
CONVERSION_TOLERANCE = Decimal("0.06")
# "about 19,000" allows 5% either way; "nearly" 10% below.
ABOUT_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class Quantity:
    """One figure as written and what it says.

    kind: number (counts, amounts, measures, fractions, ranges: `low`..`high`), ordinal
        ("13th", "third"), time (minutes after midnight), pair (a score or a "10-14"
        written with a dash: `low` and `high` in the order written), label (a figure that
        names: "No. 12", "A380", "Flight 447"; compared by `label`).
    unit: the canonical unit ("%", "ft", "USD"), "" for a plain number; `factor` its size
        in the base unit of `dimension` (None when there is no fixed conversion).
    qualifier: "about", "nearly", "more than", "at least", "up to", "less than" or "".
    """

    start: int
    end: int
    kind: QuantityKind
    low: Decimal
    high: Decimal
    unit: str = ""
    dimension: str = ""
    factor: Decimal | None = None
    qualifier: str = ""
    vague: bool = False
    label: str = ""


# ---------------------------------------------------------------------------
# Reading

_CURRENCY_BEFORE = r"(?:US\$|\$US|HK\$|A\$|AU\$|C\$|NZ\$|S\$|\$|£|€|¥|Rs\.?[ \u00a0]?|Dh[ \u00a0]?|RMB[ \u00a0]?)"
_INT = r"\d{1,3}(?:,\d{3})+|\d+"
_MULT = r"million|billion|trillion|thousand|hundred|mn|bn|tn|m|b|k"
_FRACTIONS = {
    "½": Decimal("0.5"),
    "¼": Decimal("0.25"),
    "¾": Decimal("0.75"),
    "⅓": Decimal(1) / 3,
    "⅔": Decimal(2) / 3,
    "⅛": Decimal("0.125"),
}
# Denominators a fraction is written with; "9/11" or "24/7" are not fractions.
_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64, 100})

_TIME = re.compile(
    r"(?<![\w.:,])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?[ \u00a0]?(?P<ap>[ap]\.?[ \u00a0]?m\b\.?)"
    r"|(?<![\w.:,])(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
    r"|(?<![\w.:,])(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)[ \u00a0]?(?:GMT|UTC|hours|hrs|local time)\b"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.I,
)
_MIXED = re.compile(
    rf"(?<![\w.,/])(?P<cur>{_CURRENCY_BEFORE})?(?P<w>\d+)(?:[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)(?P<n>\d+)[ \u00a0]*/[ \u00a0]*(?P<d>\d+)(?![\d/])"
)
_FRACTION = re.compile(r"(?<![\w.,/])(?P<n>\d+)[ \u00a0]*/[ \u00a0]*(?P<d>\d+)(?![\d/])")
_VULGAR = re.compile(rf"(?<![\w.,])(?P<w>\d+)?[ \u00a0-]?(?P<f>[{''.join(_FRACTIONS)}])")
# Telephone numbers: groups of digits that name a line, compared digit for digit.
_PHONE = re.compile(
    r"(?<![\w.,$£€])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?|0\d{2,4}[ .-])\d{3,4}[ .-]?\d{3,4}(?![\d])"
    r"|(?<![\w.,$£€])\d{3}[ .-]\d{3}[ .-]\d{4}(?!\d)"
)
_LABEL = re.compile(
    r"(?P<no>\b(?:No|Nos|Number|num)\.?[ \u00a0]?|#)(?P<n>\d+[A-Za-z]?)\b"
    r"|(?<![\w.,$£€¥-])(?P<glued>[A-Za-z]{1,4}-?\d+[A-Za-z]*(?:-\d+)?|\d+[A-Za-z]{1,3}\d*)\b",
)
_DIGITS = re.compile(
    rf"(?<![\w.,/:])(?P<cur>{_CURRENCY_BEFORE})?"
    rf"(?P<num>(?:{_INT})(?:\.\d+)?|\.\d+)(?P<ord>st|nd|rd|th)?"
    rf"(?:(?P<sep>[ \u00a0]?[-\u2013\u2014][ \u00a0]?|[ \u00a0]+to[ \u00a0]+(?:{_CURRENCY_BEFORE})?)(?P<num2>(?:{_INT})(?:\.\d+)?))?"
    rf"(?:[ \u00a0-]?(?P<mult>{_MULT})(?![\w]))?"
    r"(?![\d])"
)
_QUALIFIER = re.compile(
    r"\b(?P<q>about|around|approximately|approx\.|roughly|some|an estimated|estimated|nearly|almost|close to|"
    r"just under|just over|more than|over|upwards of|above|at least|up to|as many as|as much as|fewer than|"
    r"less than|under|below|exactly)[ \t\u00a0]+$",
    re.I,
)
# Words after "10-14" that make it a score or a tally rather than a range of a count.
_SCORE_WORDS = frozenset("on in at to and for against over with win won victory lead loss defeat record tie draw overtime decision".split())
_MINUS = re.compile(r"\b(?:minus|negative)[ \u00a0-]$|(?<![\w.])[\u2212]$", re.I)
_TIME_QUALIFIERS = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "shortly after": "after",
    "just after": "after",
    "soon after": "after",
    "after": "after",
    "shortly before": "before",
    "just before": "before",
    "before": "before",
    "by": "before",
}
_TIME_QUALIFIER = re.compile(r"\b(?P<q>" + "|".join(sorted(_TIME_QUALIFIERS, key=len, reverse=True)) + r")[ \t\u00a0]+$", re.I)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_FRACTION_WORDS = {
    "half": Decimal("0.5"),
    "halves": Decimal("0.5"),
    "third": Decimal(1) / 3,
    "thirds": Decimal(1) / 3,
    "quarter": Decimal("0.25"),
    "quarters": Decimal("0.25"),
}


@lru_cache(maxsize=1)
def _unit_after() -> re.Pattern[str]:
    """Units written after a figure: "200 feet", "200ft", "10-metre", "5 per cent", "%"."""
    names = sorted(units(), key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names if n)
    return re.compile(rf"[ \t\u00a0]?-?[ \t\u00a0]?(?P<unit>%|{alternation})(?![\w$])", re.I)


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def _scale(mult: str, currency: str) -> int:
    mult = mult.lower()
    if mult in ("million", "mn") or (mult == "m" and currency):
        return 10**6
    if mult in ("billion", "bn") or (mult == "b" and currency):
        return 10**9
    if mult in ("trillion", "tn"):
        return 10**12
    if mult in ("thousand", "k"):
        return 1000
    if mult == "hundred":
        return 100
    return 1


def _currency(surface: str) -> Unit | None:
    return units().get(fold_text(surface.strip().rstrip(".")))


class _Reader:
    """Reads the figures of ``text[start:end]``, each character taken by one figure at most."""

    def __init__(self, text: str, start: int, end: int, excluded: tuple[tuple[int, int], ...]):
        self.text, self.start, self.end = text, start, end
        self.taken: list[tuple[int, int]] = list(excluded)
        self.found: list[Quantity] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, q: Quantity) -> None:
        q = self._with_qualifier(q)
        self.taken.append((q.start, q.end))
        self.found.append(q)

    def _with_qualifier(self, q: Quantity) -> Quantity:
        after = self.text[q.end : q.end + 6]
        plus = re.match(r"(?:-plus\b|\+)", after)
        if plus:  # "three-plus seasons", "12,000+ people"
            q = Quantity(q.start, q.end + plus.end(), q.kind, q.low, q.high, q.unit, q.dimension, q.factor, "more than", q.vague, q.label)
        before = self.text[max(self.start, q.start - 20) : q.start]
        if q.kind == "time":
            m = _TIME_QUALIFIER.search(before)
            if m:
                word = re.sub(r"\s+", " ", m.group("q").lower())
                return Quantity(
                    q.start - (len(before) - m.start()),
                    q.end,
                    q.kind,
                    q.low,
                    q.high,
                    q.unit,
                    q.dimension,
                    q.factor,
                    _TIME_QUALIFIERS[word],
                    q.vague,
                    q.label,
                )
            return q
        m = _QUALIFIER.search(before)
        if not m:
            return q
        word = re.sub(r"\s+", " ", m.group("q").lower())
        if word in ("over", "under", "above", "below") and q.kind != "number":
            return q
        return Quantity(
            q.start - (len(before) - m.start()),
            q.end,
            q.kind,
            q.low,
            q.high,
            q.unit,
            q.dimension,
            q.factor,
            QUALIFIERS.get(word, word),
            q.vague,
            q.label,
        )

    def unit_after(self, at: int) -> tuple[Unit | None, int]:
        m = _unit_after().match(self.text, at, self.end)
        if not m:
            return None, at
        surface = re.sub(r"\s+", " ", fold_text(m.group("unit")))
        unit = units().get(surface) if surface != "%" else units().get("%") or Unit("%", "ratio", Decimal("0.01"))
        return (unit, m.end()) if unit else (None, at)

    def number(
        self, s: int, e: int, low: Decimal, high: Decimal, currency: str = "", kind: QuantityKind = "number", vague: bool = False
    ) -> None:
        sign = _MINUS.search(self.text, max(self.start, s - 9), s)
        if sign is not None and not currency:  # "minus 17 degrees", "minus-20"
            s, low, high = sign.start(), -high, -low
        unit = _currency(currency) if currency else None
        if unit is None and kind != "ordinal":  # "the 11th hour" is no measure of time
            unit, e = self.unit_after(e)
        factor = unit.factor if unit else None
        self.add(Quantity(s, e, kind, low, high, unit.unit if unit else "", unit.dimension if unit else "", factor, vague=vague))

    # -- the forms, most specific first ------------------------------------------------------

    def times(self) -> None:
        for m in _TIME.finditer(self.text, self.start, self.end):
            if not self.free(m.start(), m.end()):
                continue
            if m.group("word"):
                minutes = 0 if m.group("word").lower() == "midnight" else 12 * 60
            elif m.group("h") is not None:
                hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
                minutes = hour * 60 + int(m.group("m") or 0)
            elif m.group("h2") is not None:
                minutes = int(m.group("h2")) * 60 + int(m.group("m2"))
            else:
                minutes = int(m.group("h3")) * 60 + int(m.group("m3"))
            self.add(Quantity(m.start(), m.end(), "time", Decimal(minutes), Decimal(minutes)))

    def fractions(self) -> None:
        for m in _MIXED.finditer(self.text, self.start, self.end):
            n, d = int(m.group("n")), int(m.group("d"))
            if d in _DENOMINATORS and 0 < n < d and self.free(m.start(), m.end()):
                value = Decimal(m.group("w")) + Decimal(n) / Decimal(d)
                self.number(m.start(), m.end(), value, value, m.group("cur") or "")
        for m in _FRACTION.finditer(self.text, self.start, self.end):
            n, d = int(m.group("n")), int(m.group("d"))
            if d in _DENOMINATORS and 0 < n < d and self.free(m.start(), m.end()):
                value = Decimal(n) / Decimal(d)
                self.number(m.start(), m.end(), value, value)
        for m in _VULGAR.finditer(self.text, self.start, self.end):
            if self.free(m.start(), m.end()):
                value = Decimal(m.group("w") or 0) + _FRACTIONS[m.group("f")]
                self.number(m.start(), m.end(), value, value)

    def phones(self) -> None:
        for m in _PHONE.finditer(self.text, self.start, self.end):
            if self.free(m.start(), m.end()):
                digits = re.sub(r"\D", "", m.group())
                self.add(Quantity(m.start(), m.end(), "label", Decimal(digits), Decimal(digits), label=digits))

    def labels(self) -> None:
        for m in _LABEL.finditer(self.text, self.start, self.end):
            if not self.free(m.start(), m.end()):
                continue
            if m.group("glued"):
                glued = m.group("glued")
                if re.fullmatch(r"\d+(?:st|nd|rd|th|s|m|b|k|bn|mn|tn|km|kg|ft|cm|mm|mph|kph)", glued, re.I):
                    continue  # "13th", "1990s", "50m", "20km": ordinals, decades, units
                if (
                    re.match(r"(?:Dh|Rs|US|HK|RMB|A|C|S|NZ)\d", glued)
                    and (letters := re.match(r"[A-Za-z]+", glued))
                    and _currency(letters.group())
                ):
                    continue  # "Dh472": a currency, read with the digits
                digits = re.sub(r"\D", "", glued)
                value = Decimal(digits) if digits else Decimal(0)
                self.add(Quantity(m.start(), m.end(), "label", value, value, label=fold_text(glued).replace("-", "")))
            else:
                digits = re.sub(r"\D", "", m.group("n"))
                value = Decimal(digits)
                self.add(Quantity(m.start(), m.end(), "label", value, value, label=fold_text(m.group("n"))))

    def digits(self) -> None:
        for m in _DIGITS.finditer(self.text, self.start, self.end):
            if not self.free(m.start(), m.end()):
                continue
            low = _decimal(m.group("num"))
            if low is None:
                continue
            currency = m.group("cur") or ""
            scale = _scale(m.group("mult") or "", currency)
            e = m.end()
            if (m.group("mult") or "").lower() in ("m", "b") and scale == 1:
                e = m.end("num2") if m.group("num2") else m.end("ord") if m.group("ord") else m.end("num")
            if m.group("num2"):
                high = _decimal(m.group("num2"))
                if high is None:
                    continue
                dash = "-" in m.group("sep") or "\u2013" in m.group("sep") or "\u2014" in m.group("sep")
                if dash and (high <= low or self._scoreish(m.end())):
                    self.add(Quantity(m.start(), m.end("num2"), "pair", low, high))
                    continue
                self.number(m.start(), e, low * scale, high * scale, currency)
                continue
            kind: QuantityKind = "ordinal" if m.group("ord") else "number"
            self.number(m.start(), e, low * scale, low * scale, currency, kind)

    def _scoreish(self, at: int) -> bool:
        """ "won 10-14", "a 3-1 win": a dash between two figures with no unit or counted
        noun after them is a score or a tally, not a range."""
        after = self.text[at : at + 16]
        counted = re.match(r"[ \u00a0-]?(?:%|per\b|[a-z]+)", after)
        if counted is None:
            return True
        word = counted.group().strip(" -\u00a0")
        return word in _SCORE_WORDS

    def words(self) -> None:
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(self.text, self.start, self.end)]
        i = 0
        while i < len(tokens):
            s, e, form = tokens[i]
            head = form.split("-")[0]
            if not self.free(s, e):
                i += 1
                continue
            if (
                head == "dozen"
                and i + 1 < len(tokens)
                and tokens[i + 1][2] == "of"
                and (i == 0 or tokens[i - 1][2] not in ("a", "one", "half", "a-half"))
            ):
                head = "dozens"  # "Dozen of warships": "dozens of", its "s" lost (no "a dozen of")
            if head in VAGUE:
                low, high = VAGUE[head]
                j = i + 1
                if j + 1 < len(tokens) and tokens[j][2] == "of" and tokens[j + 1][2] in ("thousands", "millions", "billions"):
                    scale = SCALES[tokens[j + 1][2][:-1]]
                    low, high = low * scale, (high + 1) * scale - 1
                    j += 2
                self.number(s, tokens[j - 1][1], Decimal(low), Decimal(high), vague=True)
                i = j
                continue
            if head == "tens" and i + 2 < len(tokens) and tokens[i + 1][2] == "of" and tokens[i + 2][2] in ("thousands", "millions"):
                scale = SCALES[tokens[i + 2][2][:-1]]
                self.number(s, tokens[i + 2][1], Decimal(20 * scale), Decimal(100 * scale - 1), vague=True)
                i += 3
                continue
            if head in ORDINALS and (form == head or form.split("-")[1] not in UNITS_WORDS) and self._ordinal_use(i, tokens):
                nth = Decimal(ORDINALS[head])
                self.add(Quantity(s, s + len(head), "ordinal", nth, nth))  # "eleventh-hour": the ordinal
                i += 1
                continue
            if (
                head in UNITS_WORDS
                or head in SCALES
                or head in ("dozen", "half")
                or (
                    head in ("a", "an")
                    and i + 1 < len(tokens)
                    and tokens[i + 1][2] in (*SCALES, "dozen", "half")
                    and not self.text[e : tokens[i + 1][0]].strip()
                )
            ):
                j, value = self._number_words(i, tokens)
                if j > i and value is not None and not (form == "a" and j == i + 1):
                    end = tokens[j - 1][1]
                    parts = self.text[tokens[j - 1][0] : end].split("-")
                    numeric = 0
                    while numeric < len(parts) and (
                        parts[numeric].lower() in UNITS_WORDS
                        or parts[numeric].lower() in SCALES
                        or parts[numeric].lower() in _FRACTION_WORDS
                        or parts[numeric].lower() == "dozen"
                    ):
                        numeric += 1
                    if 0 < numeric < len(parts):
                        end = tokens[j - 1][0] + len("-".join(parts[:numeric]))  # "four-day": the number ends at the hyphen
                    self.number(s, end, value, value)
                    i = j
                    continue
            i += 1

    def _ordinal_use(self, i: int, tokens: list[tuple[int, int, str]]) -> bool:
        """ "third" counts as an ordinal unless it names a fraction ("two-thirds", "a third of")."""
        if i > 0 and tokens[i - 1][2] in ("a", "one") and i + 1 < len(tokens) and tokens[i + 1][2] == "of":
            return False
        return tokens[i][2] != "second" or not (i > 0 and re.fullmatch(r"\d+|a|one|per", tokens[i - 1][2]))

    def _number_words(self, i: int, tokens: list[tuple[int, int, str]]) -> tuple[int, Decimal | None]:
        """Read "twenty-five", "two hundred", "a dozen", "two and a half", "two-thirds"."""
        total, current = Decimal(0), Decimal(0)
        seen = False
        j = i
        while j < len(tokens):
            s, e, form = tokens[j]
            if j > i and self.text[tokens[j - 1][1] : s].strip() not in ("", "-"):
                break
            parts = form.split("-")
            if form == "and" and seen and j + 1 < len(tokens):
                nxt = tokens[j + 1][2]
                if nxt in ("a", "an", "one") and j + 2 < len(tokens) and tokens[j + 2][2] in ("half", "quarter", "third"):
                    current += _FRACTION_WORDS[tokens[j + 2][2]]
                    j += 3
                    break
                if nxt.split("-")[0] in UNITS_WORDS and current >= 100:
                    j += 1
                    continue
                break
            used = False
            for k, p in enumerate(parts):
                if p in UNITS_WORDS:
                    current += UNITS_WORDS[p]
                elif p == "hundred":
                    current = (current or Decimal(1)) * 100
                elif p in SCALES:
                    total += (current or 1) * SCALES[p]
                    current = Decimal(0)
                elif p == "dozen":
                    current = (current or Decimal(1)) * 12
                elif p in _FRACTION_WORDS and (seen or k > 0 or j > i or p in ("half", "halves")):
                    fraction = _FRACTION_WORDS[p]
                    current = (current or 1) * fraction if p not in ("half",) or not current else current * fraction
                elif p in ("a", "an") and j == i:
                    pass
                else:
                    if k == 0:
                        return (j, total + current) if seen else (i, None)
                    break
                used = True
            if not used:
                break
            seen = True
            j += 1
            if len([p for p in parts if p in UNITS_WORDS or p in SCALES or p in _FRACTION_WORDS or p == "dozen"]) < len(parts):
                break
        return (j, total + current) if seen else (i, None)


def read_quantities(text: str, start: int = 0, end: int | None = None, excluded: tuple[tuple[int, int], ...] = ()) -> list[Quantity]:
    """Every figure of ``text[start:end]`` in text order, none inside `excluded` ranges
    (date expressions, which `reconcile.claims.dates` reads)."""
    end = len(text) if end is None else end
    reader = _Reader(text, start, end, excluded)
    reader.phones()
    reader.times()
    reader.fractions()
    reader.labels()
    reader.digits()
    reader.words()
    return sorted(reader.found, key=lambda q: q.start)


# ---------------------------------------------------------------------------
# Comparing


def _bounds(q: Quantity) -> tuple[Decimal, Decimal]:
    """What a figure allows, widened by its qualifier (no upper bound: a huge one)."""
    factor = q.factor if q.factor is not None else Decimal(1)
    low, high = q.low * factor, q.high * factor
    huge = Decimal("1e30")
    if q.qualifier == "about":
        return low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE)
    if q.qualifier == "nearly":
        return low * (1 - 2 * ABOUT_TOLERANCE), high
    if q.qualifier in ("more than", "at least"):
        return low, huge
    if q.qualifier in ("up to", "less than"):
        return Decimal(0), high
    return low, high


def _time_bounds(q: Quantity) -> tuple[Decimal, Decimal]:
    """The minutes a clock time allows: "about 3:30" 15 either way, "shortly after 3" up to
    half an hour later, "before 3" up to an hour earlier."""
    minutes = q.low
    if q.qualifier == "about":
        return minutes - 15, minutes + 15
    if q.qualifier == "after":
        return minutes, minutes + 30
    if q.qualifier == "before":
        return minutes - 60, minutes
    return minutes, minutes


def _rounded(precise: Decimal, rounded: Decimal) -> bool:
    """`rounded` is `precise` with its last two digits or more given as zeros: 19,000 for
    19,400; 1,200 for 1,234. One zero is too little to tell rounding from another count."""
    if rounded == 0 or precise == rounded or rounded != rounded.to_integral_value():
        return False
    digits = str(int(rounded))
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 2:
        return False
    quantum = Decimal(10) ** zeros
    return abs(precise - rounded) * 2 <= quantum


def relation(x: Quantity, y: Quantity) -> Relation | None:
    """Whether two figures state the same fact ("same": one value, perhaps in another form
    or unit), could both be true ("compatible": "about 19,000" and "19,400", "more than
    400" and 412), or differ. None when they cannot be compared at all (a clock time and
    a count; dollars and euros, which have no fixed rate)."""
    if x.kind != y.kind:
        if {x.kind, y.kind} <= {"number", "pair"}:
            return "same" if (x.low, x.high) == (y.low, y.high) else "different"
        if {x.kind, y.kind} <= {"number", "label"} and x.low == y.low:
            return "same"
        return None
    if x.kind == "label":
        return "same" if x.label == y.label else "different"
    if x.kind == "time":
        if x.qualifier == y.qualifier:
            return "same" if x.low == y.low else "different"
        tx, ty = _time_bounds(x), _time_bounds(y)
        return "compatible" if tx[0] <= ty[1] and ty[0] <= tx[1] else "different"
    if x.kind in ("pair", "ordinal"):
        return "same" if (x.low, x.high) == (y.low, y.high) else "different"
    if x.dimension != y.dimension and x.unit and y.unit:
        return None
    if bool(x.unit) != bool(y.unit) and (x.low, x.high) != (y.low, y.high):
        return None  # "110 billion" beside "$143 billion", "a 40-year-old" beside "one": not one measure
    if x.unit != y.unit and x.unit and y.unit:
        if x.factor is None or y.factor is None:
            return None  # two currencies: a conversion, not a contradiction
        bx, by = _bounds(x), _bounds(y)
        mid_x, mid_y = (bx[0] + bx[1]) / 2, (by[0] + by[1]) / 2
        if max(mid_x, mid_y) == 0 or abs(mid_x - mid_y) / max(mid_x, mid_y) <= CONVERSION_TOLERANCE:
            return "same"
        return "compatible" if bx[0] <= by[1] and by[0] <= bx[1] else "different"
    if (x.low, x.high) == (y.low, y.high):
        return "same" if x.qualifier == y.qualifier or not (x.qualifier and y.qualifier) else "compatible"
    if x.qualifier and x.qualifier == y.qualifier and x.vague == y.vague:
        # "up to 120" and "up to 180", "more than 26,000" and "more than 31,000": the same
        # hedge around two numbers is two figures, unless one is the other rounded to two
        # figures or more ("more than 26,400" / "more than 26,000"; "more than 10,000" is
        # no rounding of "more than 11,000").
        if (
            x.low == x.high
            and y.low == y.high
            and any(_rounded(p, r) and len(str(int(r)).rstrip("0")) >= 2 for p, r in ((x.low, y.low), (y.low, x.low)))
        ):
            return "compatible"
        return "different"
    bx, by = _bounds(x), _bounds(y)
    if (x.qualifier or y.qualifier or x.vague or y.vague) and bx[0] <= by[1] and by[0] <= bx[1]:
        return "compatible"
    if x.low == x.high and y.low == y.high and (_rounded(x.low, y.low) or _rounded(y.low, x.low)):
        return "compatible"
    return "different"


def shown(q: Quantity, text: str) -> str:
    """The figure as written."""
    return text[q.start : q.end]


__all__ = ["Quantity", "QuantityKind", "Relation", "read_quantities", "relation", "shown"]
