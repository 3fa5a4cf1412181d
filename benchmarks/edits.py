"""Known edits made to copies of real ECB+ articles, for `quality.py`'s injected set.

Each editor finds a place in an article's body with its own regular expression (never
with reconcile's readers, so that what is tested is not chosen by what reconcile can
read), makes one change there and says what finding it should cause:

- name spellings of people, places, organisations and other capitalised words, by four
  kinds of slip (two letters swapped, a letter doubled, a letter dropped, a vowel changed);
- numbers in every form news copy uses: digits, words, decimals, fractions, ranges,
  scores, clock times, money, percentages, ordinals, magnitudes and model numbers;
- dates: a weekday, a month, a day of the month, a year, a relative word;
- the holder of an office, and a stale photo caption;
- *calm* edits that restate a fact in another form ("four" for "4", "%" for "per cent",
  "Calif." for "California", "yesterday" for the weekday it means), which must cause no
  warning or error.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Callable

from reconcile.claims.dates import find_date_expressions
from reconcile.model import Article


@dataclass(frozen=True)
class Edit:
    """One change made to a copy of an article, and the finding it should cause.

    kind: the finding kind expected ("calm" for a same-fact edit); form: what was edited
    ("person", "fraction", "weekday"...); start/end: the edited words in the copy."""

    kind: str
    form: str
    start: int
    end: int
    before: str
    after: str


Editor = Callable[[Article, random.Random], "tuple[str, Edit] | None"]


def body_ranges(article: Article) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in article.blocks_of("body")]


def candidates(article: Article, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    found = []
    for start, end in body_ranges(article):
        found.extend(m for m in pattern.finditer(article.text, start, end))
    return found


def replace(article: Article, start: int, end: int, new: str, kind: str, form: str) -> tuple[str, Edit]:
    text = article.text
    return text[:start] + new + text[end:], Edit(kind, form, start, start + len(new), text[start:end], new)


# --- names -----------------------------------------------------------------------------------

_VOWELS = "aeiou"


def misspell(word: str, how: str, rng: random.Random) -> str | None:
    """`word` with one slip of kind `how`, its first letter kept; None if it cannot take one."""
    inner = range(1, len(word) - 1)
    if len(word) < 5:
        return None
    if how == "swap":
        options = [i for i in range(1, len(word) - 2) if word[i] != word[i + 1] and word[i].isalpha() and word[i + 1].isalpha()]
        if not options:
            return None
        i = rng.choice(options)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "double":
        options = [i for i in inner if word[i].isalpha() and word[i] != word[i - 1] and word[i] != word[i + 1]]
        if not options:
            return None
        i = rng.choice(options)
        return word[:i] + word[i] + word[i:]
    if how == "drop":
        options = [i for i in inner if word[i].isalpha() and word[i] != word[i - 1]]
        if not options:
            return None
        i = rng.choice(options)
        return word[:i] + word[i + 1 :]
    if how == "vowel":
        options = [i for i in inner if word[i] in _VOWELS]
        if not options:
            return None
        i = rng.choice(options)
        return word[:i] + rng.choice([v for v in _VOWELS if v != word[i]]) + word[i + 1 :]
    raise ValueError(how)


_SLIPS = ("swap", "double", "drop", "vowel")
_PERSON = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,} ([A-Z][a-z]{4,})\b(?! [A-Z])")
_PLACE = re.compile(r"\b(?:in|near|at|from|to) ([A-Z][a-z]{4,})\b(?! [A-Z])")
_ORG = re.compile(
    r"\b((?:[A-Z][a-z]+ ){1,3}(?:Company|Corp|Corporation|Inc|Bank|Police|Department|University|"
    r"Council|Association|Party|Agency|Ministry|Foods|Airlines|Institute|Academy|Hospital|Church|"
    r"Service|Commission|Court|Office|Union|Group|Navy|Army|Force|Survey|Center|Centre))\b"
)
_ACRONYM = re.compile(r"(?<=[a-z,] )([A-Z]{4,6})\b")
_CAPITALISED = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{5,})\b")


def _name_editor(pattern: re.Pattern[str], form: str, pick: Callable[[re.Match[str]], tuple[int, int]]) -> Editor:
    def edit(article: Article, rng: random.Random):
        options = candidates(article, pattern)
        rng.shuffle(options)
        for m in options:
            start, end = pick(m)
            word = article.text[start:end]
            if form == "organisation":  # the first long word of the organisation's name
                inner = [w for w in re.finditer(r"[A-Z][a-z]{4,}", word)]
                if not inner:
                    continue
                start, end = start + inner[0].start(), start + inner[0].end()
                word = inner[0].group()
            new = misspell(word, rng.choice(_SLIPS), rng)
            if new and new != word:
                return replace(article, start, end, new, "name-spelling", form)
        return None

    return edit


def _acronym_editor(article: Article, rng: random.Random):
    options = candidates(article, _ACRONYM)
    rng.shuffle(options)
    for m in options:
        word = m.group(1)
        i = rng.randrange(1, len(word) - 1)
        new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if new != word:
            return replace(article, m.start(1), m.end(1), new, "name-spelling", "acronym")
    return None


# --- numbers ---------------------------------------------------------------------------------

_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty"]
_ORDINAL_WORDS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def _bump(value: int, rng: random.Random) -> int:
    return value + max(1, round(value * rng.choice((0.1, 0.25, 0.5, 1.0))))


def _number_editor(
    pattern: re.Pattern[str], form: str, change: Callable[[re.Match[str], random.Random], tuple[int, int, str] | None]
) -> Editor:
    def edit(article: Article, rng: random.Random):
        options = candidates(article, pattern)
        rng.shuffle(options)
        for m in options:
            changed = change(m, rng)
            if changed is not None:
                start, end, new = changed
                if new != article.text[start:end]:
                    # A count inside a date ("eight years ago") changes the date: a date finding.
                    kind = "date" if _inside_date(article, start, end) else "number"
                    return replace(article, start, end, new, kind, form)
        return None

    return edit


def _inside_date(article: Article, start: int, end: int) -> bool:
    return any(d.start <= start and end <= d.end for d in find_date_expressions(article.text))


def _count(m, rng):
    value = int(m.group(1).replace(",", ""))
    if 1900 <= value <= 2030 or value < 2:
        return None
    new = _bump(value, rng)
    return m.start(1), m.end(1), f"{new:,}" if "," in m.group(1) else str(new)


def _word(m, rng):
    word = m.group(1)
    other = rng.choice([w for w in _WORDS if w != word.lower()])
    return m.start(1), m.end(1), other.capitalize() if word[0].isupper() else other


def _decimal(m, rng):
    whole, fraction = m.group(1).split(".")
    digit = int(fraction[-1])
    return m.start(1), m.end(1), f"{whole}.{fraction[:-1]}{(digit + rng.choice((1, 2, 3))) % 10}"


def _fraction(m, rng):
    n, d = int(m.group("n")), int(m.group("d"))
    options = [k for k in range(1, d) if k != n]
    if not options:
        return None
    return m.start("n"), m.end("n"), str(rng.choice(options))


def _range(m, rng):
    high = int(m.group(2).replace(",", ""))
    return m.start(2), m.end(2), str(_bump(high, rng))


def _score(m, rng):
    which = rng.choice((1, 2))
    value = int(m.group(which))
    return m.start(which), m.end(which), str(value + rng.choice((1, 2, 3)))


def _clock(m, rng):
    group = 1 if m.group(1) is not None else 2
    hour = int(m.group(group))
    new = hour % 12 + 1 if "m" in m.group(0).lower() else (hour + 1) % 24
    return m.start(group), m.end(group), str(new)


def _money(m, rng):
    raw = m.group(2)
    if "." in raw:
        whole, fraction = raw.split(".")
        return m.start(2), m.end(2), f"{whole}.{(int(fraction[-1]) + 1) % 10}" if len(fraction) == 1 else f"{int(whole) + 1}.{fraction}"
    value = int(raw.replace(",", ""))
    new = _bump(value, rng)
    return m.start(2), m.end(2), f"{new:,}" if "," in raw else str(new)


def _percent(m, rng):
    raw = m.group(1)
    if "." in raw:
        return _decimal(m, rng)
    return m.start(1), m.end(1), str(_bump(int(raw), rng))


def _ordinal(m, rng):
    if m.group("digits"):
        value = int(m.group("digits"))
        new = value + rng.choice((1, 2))
        suffix = "th" if 10 <= new % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(new % 10, "th")
        return m.start("digits"), m.end("suffix"), f"{new}{suffix}"
    word = m.group("word")
    other = rng.choice([w for w in _ORDINAL_WORDS if w != word.lower()])
    return m.start("word"), m.end("word"), other


def _label(m, rng):
    digits = m.group("n")
    i = rng.randrange(len(digits))
    new_digit = str((int(digits[i]) + rng.choice((1, 2, 3))) % 10)
    if i == 0 and new_digit == "0":
        new_digit = "1" if digits[i] != "1" else "2"
    return m.start("n"), m.end("n"), digits[:i] + new_digit + digits[i + 1 :]


_NUMBER_FORMS: dict[str, tuple[re.Pattern[str], Callable]] = {
    "digits": (
        re.compile(
            r"(?<![\w.,$£€:/#-])(\d{1,3}(?:,\d{3})+|\d{2,4})(?= (?:[a-z]+ )?(?:people|men|women|children|"
            r"homes|houses|buildings|members|officers|soldiers|pirates|students|workers|votes|fans|years|"
            r"days|hours|miles|feet|passengers|residents|firefighters|employees|troops|police|cars|guns|"
            r"shots|rounds|games|points|seats|jobs|victims|deaths|injuries|villages|countries))"
        ),
        _count,
    ),
    "words": (re.compile(r"(?<![\w-])(" + "|".join(w.capitalize() + "|" + w for w in _WORDS) + r")(?= [a-z]{3,})(?![\w-])"), _word),
    "decimal": (re.compile(r"(?<![\w.,$£€])(\d{1,3}\.\d{1,2})(?![\w.,%]|\.\d| ?(?:percent|per cent|%|million|billion|bn|m\b))"), _decimal),
    "fraction": (re.compile(r"(?<![\w/])(?:\d+[ -])?(?P<n>\d)[ ]?/[ ]?(?P<d>[2348])(?![\w/])"), _fraction),
    "range": (re.compile(r"(?<![\w.,$£€])(\d{1,3}) (?:to|-) (\d{1,3})(?= [a-z]{3,})(?![\w])"), _range),
    "score": (
        re.compile(
            r"(?<![\w.,$£€/-])(\d{1,2})-(\d{1,2})(?![\w/-])(?= (?:win|victory|loss|defeat|lead|record|score|in|over|against|to|and|,|\.))"
        ),
        _score,
    ),
    "clock": (re.compile(r"(?<![\w.:])(\d{1,2})(?::\d{2})? ?(?:a\.m\.|p\.m\.|am\b|pm\b)|(?<![\w.:])(\d{1,2}):\d{2}(?![\d:])"), _clock),
    "money": (re.compile(r"(\$|£|€|US\$|Rs\.? ?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d,.]\d)"), _money),
    "percent": (re.compile(r"(?<![\w.,$£€])(\d{1,2}(?:\.\d)?) ?(?:percent|per cent|%)"), _percent),
    "ordinal": (
        re.compile(
            r"(?<![\w-])(?:(?P<digits>\d{1,3})(?P<suffix>st|nd|rd|th)|(?P<word>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))(?![\w-])"
        ),
        _ordinal,
    ),
    "magnitude": (
        re.compile(
            r"(?:magnitude(?: of)? |(?<![\w.]))(\d\.\d)(?=(?:-| )?magnitude|\b)(?<=\d)(?![\d.])(?=.{0,25}(?:magnitude|quake|Richter))"
        ),
        _decimal,
    ),
    "label": (
        re.compile(
            r"(?:\b(?:No\.|Flight|Route|Highway|Interstate|Unit|Ward|Precinct|Channel|Room|Gate|Terminal|Apartment|Suite|Bus|Train|Station) ?|\b[A-Z]{1,2}-?)(?P<n>\d{2,4})\b(?![,.]\d)"
        ),
        _label,
    ),
}


# --- dates -----------------------------------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2})\b")
_MONTH = re.compile(r"\b(?:in|since|until|last|early|late|mid-|of) (" + "|".join(m for m in _MONTHS if m != "May") + r")\b")
_YEAR = re.compile(r"\b(?:in|since|of|until|by|from|" + "|".join(_MONTHS) + r"(?: \d{1,2})?,?) ((?:19[5-9]|20[01])\d)\b")
_RELATIVE = re.compile(r"\b(yesterday|today|tomorrow|last night|this morning|last week|next week)\b", re.I)
_RELATIVE_SWAP = {
    "yesterday": "today",
    "today": "yesterday",
    "tomorrow": "today",
    "last night": "tonight",
    "this morning": "yesterday morning",
    "last week": "this week",
    "next week": "this week",
}


def _edit_weekday(article: Article, rng: random.Random):
    options = candidates(article, _WEEKDAY)
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(1), m.end(1), rng.choice([d for d in _WEEKDAYS if d != m.group(1)]), "date", "weekday")


def _edit_month_day(article: Article, rng: random.Random):
    options = candidates(article, _MONTH_DAY)
    if not options:
        return None
    m = rng.choice(options)
    day = int(m.group(2))
    new_day = day + rng.choice((-3, -2, 2, 3)) if 4 <= day <= 25 else (day + 3 if day < 4 else day - 3)
    return replace(article, m.start(2), m.end(2), str(new_day), "date", "day")


def _edit_month(article: Article, rng: random.Random):
    options = candidates(article, _MONTH)
    if not options:
        return None
    m = rng.choice(options)
    index = _MONTHS.index(m.group(1))
    new = _MONTHS[(index + rng.choice((1, 2, -1, -2))) % 12]
    if new == "May":
        new = "June"
    return replace(article, m.start(1), m.end(1), new, "date", "month")


def _edit_year(article: Article, rng: random.Random):
    options = candidates(article, _YEAR)
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(1), m.end(1), str(int(m.group(1)) + rng.choice((-2, -1, 1))), "date", "year")


def _edit_relative(article: Article, rng: random.Random):
    options = candidates(article, _RELATIVE)
    if not options:
        return None
    m = rng.choice(options)
    word = m.group(1)
    new = _RELATIVE_SWAP[word.lower()]
    new = new.capitalize() if word[0].isupper() else new
    return replace(article, m.start(1), m.end(1), new, "date", "relative")


# --- offices and captions --------------------------------------------------------------------

_TITLED_NAME = re.compile(
    r"\b(?:President|Prime Minister|Minister|Governor|Gov\.|Senator|Sen\.|Mayor|Sheriff|Judge|Secretary|"
    r"Chancellor|Chief|Director|Coach|Police Chief|Attorney General|Speaker)"
    r" ((?:[A-Z][a-z]+ )(?:[A-Z]\.? )?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b"
)
_REPLACEMENT_PEOPLE = ("Margaret Hollins", "Dmitri Vasquez", "Helen Okafor", "Tomas Lindqvist", "Priya Raman", "Walter Brennan")
_CAPTION_PLACES = ("Madrid", "Nairobi", "Osaka", "Lima", "Oslo", "Perth")


def _edit_role_holder(article: Article, rng: random.Random):
    options = candidates(article, _TITLED_NAME)
    if not options:
        return None
    m = rng.choice(options)
    other = rng.choice([p for p in _REPLACEMENT_PEOPLE if p != m.group(1)])
    return replace(article, m.start(1), m.end(1), other, "role", "holder")


def full_title(text: str, title_start: int, name_start: int) -> str:
    """The whole title before a name: "Interior Secretary", not just "Secretary"."""
    start = title_start
    for _ in range(3):
        m = re.search(r"(?:^|(?<=\s))([A-Z][a-z]+|(?:Gov|Sen|Rep|Lt|Col|Gen|Sgt|Capt|Det|Supt)\.) $", text[max(0, start - 20) : start])
        if not m:
            break
        start = start - (len(text[max(0, start - 20) : start]) - m.start(1))
    return text[start:name_start].strip()


def _edit_caption(article: Article, rng: random.Random):
    """A stale photo caption inserted after the headline: the office holder of the story
    replaced by someone else, in another city, years earlier."""
    options = candidates(article, _TITLED_NAME)
    if not options:
        return None
    m = rng.choice(options)
    title = full_title(article.text, m.start(0), m.start(1))
    other = rng.choice([p for p in _REPLACEMENT_PEOPLE if p != m.group(1)])
    year = (article.published.year if article.published else 2012) - rng.choice((3, 4, 5))
    caption = f"{title} {other} (C) speaks to reporters in {rng.choice(_CAPTION_PLACES)} on March {rng.randint(2, 27)}, {year}."
    first = article.blocks[0] if article.blocks else None
    at = first.end if first is not None else 0
    separator = "\n\n" if "\n\n" in article.text else "\n"
    edited = article.text[:at] + separator + caption + article.text[at:]
    start = at + len(separator)
    return edited, Edit("caption", "caption", start, start + len(caption), "", caption)


# --- calm: one fact, another form ------------------------------------------------------------

_DIGIT_WORDS = {
    str(i): w
    for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])
}
_STATES = {
    "California": "Calif.",
    "Arkansas": "Ark.",
    "Michigan": "Mich.",
    "Pennsylvania": "Pa.",
    "Oregon": "Ore.",
    "Alaska": "Alaska",
    "Texas": "Texas",
    "Florida": "Fla.",
    "Georgia": "Ga.",
    "Washington": "Wash.",
    "Massachusetts": "Mass.",
    "Minnesota": "Minn.",
    "Colorado": "Colo.",
    "Illinois": "Ill.",
    "Virginia": "Va.",
}


def _calm_number_words(article: Article, rng: random.Random):
    options = candidates(article, re.compile(r"(?<![\w.,$£€:/-])([2-9]|1[0-2])(?= [a-z]{3,})(?![\w.,])"))
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(1), m.end(1), _DIGIT_WORDS[m.group(1)], "calm", "digits-as-words")


def _calm_words_as_digits(article: Article, rng: random.Random):
    words = {w: d for d, w in _DIGIT_WORDS.items() if int(d) >= 2}
    options = candidates(article, re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?= [a-z]{3,})(?![\w-])"))
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(1), m.end(1), words[m.group(1)], "calm", "words-as-digits")


def _calm_percent(article: Article, rng: random.Random):
    options = candidates(article, re.compile(r"(\d(?:\.\d)?)( ?(?:percent|per cent))\b"))
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(2), m.end(2), "%", "calm", "percent-sign")


def _calm_thousands(article: Article, rng: random.Random):
    options = candidates(article, re.compile(r"(?<![\w.,$£€:/-])(\d),(\d{3})(?![\d,.])"))
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(), m.end(), m.group(1) + m.group(2), "calm", "grouping")


def _calm_state(article: Article, rng: random.Random):
    options = candidates(article, re.compile(r"(?<=, )(" + "|".join(s for s, a in _STATES.items() if s != a) + r")\b"))
    if not options:
        return None
    m = rng.choice(options)
    return replace(article, m.start(1), m.end(1), _STATES[m.group(1)], "calm", "state-abbreviation")


def _calm_relative(article: Article, rng: random.Random):
    if article.published is None:
        return None
    options = candidates(article, re.compile(r"\b([Yy]esterday)\b"))
    if not options:
        return None
    m = rng.choice(options)
    day = (article.published - dt.timedelta(days=1)).strftime("%A")
    return replace(article, m.start(1), m.end(1), day if m.group(1)[0].isupper() else day, "calm", "relative-as-weekday")


def _calm_mount(article: Article, rng: random.Random):
    options = candidates(article, re.compile(r"\b(Mount|Saint|Street|Avenue)(?= [A-Z])"))
    if not options:
        return None
    m = rng.choice(options)
    short = {"Mount": "Mt.", "Saint": "St.", "Street": "St.", "Avenue": "Ave."}[m.group(1)]
    return replace(article, m.start(1), m.end(1), short, "calm", "abbreviation")


EDITORS: dict[str, Editor] = {
    "name/person": _name_editor(_PERSON, "person", lambda m: (m.start(1), m.end(1))),
    "name/place": _name_editor(_PLACE, "place", lambda m: (m.start(1), m.end(1))),
    "name/organisation": _name_editor(_ORG, "organisation", lambda m: (m.start(1), m.end(1))),
    "name/acronym": _acronym_editor,
    "name/capitalised": _name_editor(_CAPITALISED, "capitalised", lambda m: (m.start(1), m.end(1))),
    **{f"number/{form}": _number_editor(pattern, form, change) for form, (pattern, change) in _NUMBER_FORMS.items()},
    "date/weekday": _edit_weekday,
    "date/day": _edit_month_day,
    "date/month": _edit_month,
    "date/year": _edit_year,
    "date/relative": _edit_relative,
    "role/holder": _edit_role_holder,
    "caption/caption": _edit_caption,
    "calm/digits-as-words": _calm_number_words,
    "calm/words-as-digits": _calm_words_as_digits,
    "calm/percent-sign": _calm_percent,
    "calm/grouping": _calm_thousands,
    "calm/state-abbreviation": _calm_state,
    "calm/relative-as-weekday": _calm_relative,
    "calm/abbreviation": _calm_mount,
}

# Edits of each editor to make (fewer where ECB+ holds few places to make them).
QUOTA = {
    "name/person": 30,
    "name/place": 24,
    "name/organisation": 16,
    "name/acronym": 10,
    "name/capitalised": 30,
    "number/digits": 16,
    "number/words": 16,
    "number/decimal": 10,
    "number/fraction": 6,
    "number/range": 10,
    "number/score": 10,
    "number/clock": 12,
    "number/money": 14,
    "number/percent": 10,
    "number/ordinal": 12,
    "number/magnitude": 8,
    "number/label": 12,
    "date/weekday": 16,
    "date/day": 14,
    "date/month": 10,
    "date/year": 12,
    "date/relative": 12,
    "role/holder": 12,
    "caption/caption": 12,
    "calm/digits-as-words": 12,
    "calm/words-as-digits": 12,
    "calm/percent-sign": 8,
    "calm/grouping": 10,
    "calm/state-abbreviation": 8,
    "calm/relative-as-weekday": 10,
    "calm/abbreviation": 8,
}
