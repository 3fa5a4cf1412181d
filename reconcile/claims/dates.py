"""Date claims: when each sentence says something happened, as an interval of days.

Absolute dates ("February 11, 2011", "01 November 2013", "March 2005", "in 1945") and
relative ones ("on Friday", "Wednesday's talks", "last October", "yesterday", "next
spring", "over the past six months", "late January or early February") become claims
whose details hold the interval they name (``start``/``end`` ISO dates), its
``precision`` (day, week, month, season, year, decade) and whether it could be
anchored. Relative expressions are anchored to the article's publication date when
one is known; when none is, they are left unanchored and never guessed: the claim's
value is then the folded expression itself.

Promise: every claim's span indexes ``article.text`` and covers the date words only
(prepositions such as "on", "since" are kept in the ``relation`` detail instead).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
import bisect
from typing import Iterable, Iterator

from ..model import Article, BlockRole, Claim, DateDetails, Span
from ..text import Token, fold_text, words
from .reading import Reading

# ---------------------------------------------------------------------------
# Vocabulary (closed classes of English, not a lexicon to edit)

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAY_NAMES = {v: k.capitalize() for k, v in WEEKDAYS.items()}
# Northern-hemisphere meteorological seasons: (first month, number of months).
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
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
    "several": 3,
    "few": 3,
    "a few": 3,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "fifteen": 15,
}

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_PART = r"(?:early|late|mid|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|earlier|later)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_SHIFT = r"(?:last|next|this|past|coming|previous|following)"
_UNIT = r"(?:day|week|weekend|month|year|decade)"
_COUNT = (
    r"(?:\d{1,3}|a\s+few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|several|few)"
)
_DAYTIME = r"(?:[\s-]+(?:morning|afternoon|evening|night))?"
_APOS = r"(?:['\u2019]s)?"

# Alternatives are tried left to right at each position, so longer forms come first.
DATE_PATTERN = re.compile(
    r"(?<![\w$£€.,-])(?:"
    rf"(?P<mdy>(?:{_PART}[\s-]+)?{_MONTH}\s+{_DAYNUM},?\s+{_YEAR})(?![\d])"
    rf"|(?P<dmy>{_DAYNUM}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR})(?![\d])"
    r"|(?P<iso>(?:1[6-9]|20)\d\d-[01]\d-[0-3]\d)(?![\d])"
    rf"|(?P<my>(?:{_PART}[\s-]+)?{_MONTH},?\s+(?:of\s+)?{_YEAR})(?![\d])"
    rf"|(?P<sy>(?:{_PART}[\s-]+)?(?:the\s+)?{_SEASON}\s+(?:of\s+)?{_YEAR})(?![\d])"
    rf"|(?P<md>(?:{_WD},?\s+)?{_MONTH}\s+{_DAYNUM})(?![\d:])"
    rf"|(?P<dm>{_DAYNUM}\s+(?:of\s+)?{_MONTH})(?![\w])"
    rf"|(?P<past>(?:over|in|during|for|within)\s+the\s+(?:past|last|previous|next|coming)\s+(?:{_COUNT}\s+)?{_UNIT}s?)\b"
    rf"|(?P<ago>(?:(?:more\s+than|about|nearly|almost|some|over|just|less\s+than)\s+)?{_COUNT}\s+{_UNIT}s?\s+ago)\b"
    rf"|(?P<rel>(?:by\s+)?(?:{_PART}[\s-]+)?{_SHIFT}\s+(?:{_UNIT}|{_SEASON}|{_MONTH}|{_WD}){_APOS}{_DAYTIME})\b"
    r"|(?P<nth>the\s+(?:following|next|previous)\s+(?:day|morning|evening|night|week)|the\s+day\s+(?:before|after))\b"
    rf"|(?P<deictic>(?:(?:early|late|earlier|later)\s+)?(?:yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)){_APOS}(?:\s+(?:morning|afternoon|evening|night))?)\b"
    rf"|(?P<wd>(?:(?:early|late)\s+)?{_WD}{_APOS}{_DAYTIME})\b"
    r"|(?P<decade>(?:the\s+)?(?:(?:1[6-9]|20)\d0|['\u2019]?[1-9]0)['\u2019]?s)\b"
    rf"|(?P<mon>(?:{_PART}[\s-]+)?{_MONTH})(?![\w])"
    rf"|(?P<year>{_YEAR})(?![\w,.%-]\w|[\w%])"
    r")",
    re.I,
)

# Where `DATE_PATTERN` can begin: a position its lookbehind allows, at a run of letters (read
# whole: inside one the lookbehind fails), a digit or an apostrophe. Every alternative of
# `DATE_PATTERN` that starts with letters starts with one of its literal words followed by a
# character that is not a letter, so a run of ASCII letters can only begin a date when it
# is one of the words written in the pattern: `_DATE_WORDS` holds them all (and some that
# never come first, which costs a little time and changes nothing).
_DATE_START = re.compile(r"(?<![\w$£€.,-])(?:(?P<word>[^\W\d_]+)|[\d'\u2019])")
_DATE_WORDS = frozenset(re.findall(r"[a-z]+", DATE_PATTERN.pattern))


def date_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``DATE_PATTERN.finditer(text, start, end)``, found faster: the pattern is
    tried only where a date can begin (`_DATE_START`), not at every word, most of which
    cannot begin one ("the" can, "Minister" cannot). Letters outside ASCII are always
    tried, since case-blind matching may take them for ASCII ones (the Kelvin sign "K")."""
    resume = start
    for candidate in _DATE_START.finditer(text, start, end):
        at = candidate.start()
        if at < resume:
            continue
        word = candidate.group("word")
        if word is not None and word.isascii() and word.lower() not in _DATE_WORDS:
            continue
        m = DATE_PATTERN.match(text, at, end)
        if m is not None:
            yield m
            resume = m.end()


_TRIM_PREFIX = re.compile(r"(?:in|on|at|during|from|since|until|till|by|before|after)\s+", re.I)
_PREPOSITION_BEFORE = re.compile(
    r"(in|on|at|during|from|since|until|till|by|before|after|of|to|through|around|circa|between|and|or|early|late|mid|year)\s*$", re.I
)

_FUTURE = frozenset("will shall 'll would going upcoming scheduled expected plans plan planned due next coming".split())
_PAST = frozenset(
    """was were had did said told met held took came made gave began saw found left ran won lost got fell struck
    died went sent began became kept brought thought felt put read heard sat stood knew ago last previous""".split()
)
_STOP = frozenset(
    """a an the and or but of to in on at by for with from as into over under about after before since until
    during is are was were be been being has have had do does did will would shall should can could may might
    must it its this that these those he she they we i you his her their our my your who which what when where
    while than then there here not no so also just only very more most some any such said says say told
    last next this past ago early late mid earlier later day days week weeks month months year years
    morning afternoon evening night today yesterday tomorrow tonight""".split()
)


@dataclass(frozen=True)
class DateExpression:
    """One date expression found in a text, before it becomes a claim."""

    start: int
    end: int
    form: str  # which pattern matched: mdy, dmy, iso, my, sy, md, dm, past, ago, rel, nth, deictic, wd, decade, mon, year
    relation: str  # the preposition before it ("on", "since", "by"...), or ""


def find_date_expressions(text: str, start: int = 0, end: int | None = None) -> list[DateExpression]:
    """Date expressions in ``text[start:end]``, with original offsets.

    Also used by the number extractor to keep numbers inside dates ("six months",
    "2013") out of its claims."""
    end = len(text) if end is None else end
    found: list[DateExpression] = []
    for m in date_matches(text, start, end):
        form = m.lastgroup or ""
        s, e = m.start(), m.end()
        matched = m.group()
        if not _plausible(text, s, e, form, matched):
            continue
        relation = ""
        pre = _TRIM_PREFIX.match(matched)
        if pre and form in ("rel",) and matched[: pre.end()].strip().lower() == "by":
            relation = "by"
        before = text[max(start, s - 12) : s]
        prep = re.search(r"\b(in|on|at|during|from|since|until|till|by|before|after)\s+$", before, re.I)
        if prep and not relation:
            relation = prep.group(1).lower()
        found.append(DateExpression(s, e, form, relation))
    return found


def sentence_dates(reading: Reading, sentence: Span) -> list[DateExpression]:
    """A sentence's `find_date_expressions`, found once per article: dates make claims of
    them and numbers leave out what is inside them."""
    return reading.kept("dates", sentence, lambda: find_date_expressions(reading.text, sentence.start, sentence.end))


def _plausible(text: str, s: int, e: int, form: str, matched: str) -> bool:
    """Reject matches that are words, not dates: the modal "may", the verb "march",
    "second" as a unit, a bare number that counts something rather than naming a year."""
    low = matched.lower()
    if form in ("md", "mon", "my", "mdy"):
        month_word = _month_word(matched)
        if month_word and month_word.lower() in ("may", "march", "mar") and not month_word[0].isupper():
            return False
        if (
            month_word
            and month_word.lower() in ("jan", "mar", "jun", "dec", "sep", "oct", "nov", "aug", "apr", "jul", "feb", "sept")
            and form == "mon"
        ):
            # A bare abbreviation ("Jun", "Dec") is too often a name or a word part.
            return False
    if form == "dm":
        month_word = _month_word(matched)
        if month_word and month_word.lower() == "may" and not month_word[0].isupper():
            return False
    if form == "mon":
        month_word = _month_word(matched)
        if not month_word or not month_word[0].isupper():
            return False
        # A month name alone is a date only after a preposition or a part-of-month word.
        if not re.match(_PART, low) and not _PREPOSITION_BEFORE.search(text[max(0, s - 12) : s]):
            return False
        # "May" at a sentence start is usually the modal verb.
        if month_word.lower() == "may" and not _PREPOSITION_BEFORE.search(text[max(0, s - 12) : s]):
            return False
    if form == "year":
        return _is_year_use(text, s, e)
    if form == "decade":
        return bool(re.search(r"\d0['\u2019]?s$", low)) and (
            low.startswith(("the", "'", "\u2019"))
            or len(re.sub(r"\D", "", low)) == 4
            or _PREPOSITION_BEFORE.search(text[max(0, s - 8) : s]) is not None
        )
    return True


def _is_year_use(text: str, s: int, e: int) -> bool:
    """A bare four-digit number names a year unless it counts something ("2000 people")
    or is part of a larger token ("2+2", "G2000", "1,945")."""
    if s > 0 and text[s - 1] in "+#/:":
        return False
    if e < len(text) and text[e] in "+":
        return False
    before = text[max(0, s - 14) : s]
    following = re.match(r"\s+([A-Za-z]+)", text[e : e + 30])
    if re.search(
        r"\b(?:in|since|by|until|till|from|to|of|before|after|during|through|around|circa|early|late|mid|year|the|and|or|between)\s*$",
        before,
        re.I,
    ):
        return True
    if (
        following
        and following.group(1).lower() in ("people", "persons", "men", "women", "children")
        or (
            following
            and following.group(1).lower().endswith("s")
            and following.group(1).lower() not in ("was", "is", "has", "its", "as", "this", "his")
        )
    ):
        return False
    return True


def _month_word(matched: str) -> str | None:
    for m in re.finditer(r"[A-Za-z]+", matched):
        if m.group().lower() in MONTHS:
            return m.group()
    return None


# ---------------------------------------------------------------------------
# Resolution: from an expression and the publication date to an interval


@dataclass(frozen=True)
class Interval:
    start: _dt.date
    end: _dt.date
    precision: str  # day, week, month, season, year, decade


def _month_interval(year: int, month: int) -> Interval:
    last = calendar.monthrange(year, month)[1]
    return Interval(_dt.date(year, month, 1), _dt.date(year, month, last), "month")


def _year_interval(year: int) -> Interval:
    return Interval(_dt.date(year, 1, 1), _dt.date(year, 12, 31), "year")


def _season_interval(year: int, season: str) -> Interval:
    first, count = SEASONS[season]
    start = _dt.date(year, first, 1)
    last_month = first + count - 1
    end_year = year + (last_month - 1) // 12
    end_month = (last_month - 1) % 12 + 1
    return Interval(start, _dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]), "season")


def _week_interval(day: _dt.date) -> Interval:
    monday = day - _dt.timedelta(days=day.weekday())
    return Interval(monday, monday + _dt.timedelta(days=6), "week")


def _day(day: _dt.date) -> Interval:
    return Interval(day, day, "day")


def _apply_part(iv: Interval, part: str) -> Interval:
    """Narrow an interval to its early, middle or late third ("late January")."""
    if not part:
        return iv
    days = (iv.end - iv.start).days + 1
    third = max(1, days // 3)
    part = part.lower()
    if part in ("early", "the beginning of", "the start of"):
        return Interval(iv.start, iv.start + _dt.timedelta(days=third - 1), iv.precision)
    if part in ("late", "the end of", "end of"):
        return Interval(iv.end - _dt.timedelta(days=third - 1), iv.end, iv.precision)
    if part in ("mid", "the middle of"):
        return Interval(iv.start + _dt.timedelta(days=third), iv.end - _dt.timedelta(days=third), iv.precision)
    return iv


def _words_of(expr: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold_text(expr).replace("'s", "").replace("\u2019s", ""))


def _part_of(expr: str) -> str:
    m = re.match(rf"(?:by\s+)?({_PART})[\s-]+", expr, re.I)
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else ""


def _day_number(token: str) -> int:
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def _safe_day(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _month_year_toward(month: int, published: _dt.date, tense: str, strict: bool) -> int:
    """The year of the named month nearest publication in the direction of the tense."""
    if tense == "future":
        return published.year if (month > published.month or (month == published.month and not strict)) else published.year + 1
    return published.year if (month < published.month or (month == published.month and not strict)) else published.year - 1


def _weekday_toward(weekday: int, published: _dt.date, tense: str, strict: bool) -> _dt.date:
    if tense == "future":
        delta = (weekday - published.weekday()) % 7
        if delta == 0 and strict:
            delta = 7
        return published + _dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strict:
        delta = 7
    return published - _dt.timedelta(days=delta)


def resolve(
    expression: DateExpression,
    text: str,
    published: _dt.date | None,
    tense: str,
    previous_day: _dt.date | None = None,
    reference: _dt.date | None = None,
) -> tuple[Interval | None, bool, str]:
    """Resolve one expression to (interval or None, relative?, weekday named or "").

    Weekday names and month names without a year resolve in the direction of the
    tense: past or unknown tense takes the most recent such day on or before
    publication, future tense the next such day on or after it. Wire copy routinely
    names the day of publication by its weekday ("on Friday" in a Friday story), in
    either tense, so the publication day itself counts; "last Friday" and "next Friday"
    exclude it. Unknown tense counts as past because news mostly reports what happened.
    """
    raw = text[expression.start : expression.end]
    part = _part_of(raw)
    tokens = _words_of(raw)
    form = expression.form
    weekday = next((w for w in tokens if w in WEEKDAYS), "")
    if form in ("mdy", "dmy", "iso", "my", "sy", "decade", "year"):
        return _absolute(form, raw, tokens, part, published or reference, tense), False, weekday
    if form in ("md", "dm"):
        month = next(MONTHS[t] for t in tokens if t in MONTHS)
        day = next(_day_number(t) for t in tokens if t[0].isdigit())
        if published is None:
            return None, False, weekday
        year = published.year
        if tense == "future":
            candidate = _safe_day(year, month, day)
            if candidate and candidate < published - _dt.timedelta(days=1):
                year += 1
        else:
            candidate = _safe_day(year, month, day)
            if candidate and candidate > published + _dt.timedelta(days=1):
                year -= 1
        found = _safe_day(year, month, day)
        return (_day(found) if found else None), False, weekday
    if published is None:
        if form == "nth" and previous_day is not None:
            return _nth(tokens, previous_day), True, weekday
        return None, True, weekday
    if form == "deictic":
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last": -1, "this": 0}
        key = next(t for t in tokens if t in shift)
        return _day(published + _dt.timedelta(days=shift[key])), True, weekday
    if form == "wd":
        return _day(_weekday_toward(WEEKDAYS[weekday], published, tense, strict=False)), True, weekday
    if form == "nth":
        anchor = previous_day or published
        return _nth(tokens, anchor), True, weekday
    if form == "mon":
        month = next(MONTHS[t] for t in tokens if t in MONTHS)
        year = _month_year_toward(month, published, tense, strict=False)
        return _apply_part(_month_interval(year, month), part), True, weekday
    if form == "rel":
        return _shifted(tokens, part, published, tense), True, weekday
    if form in ("past", "ago"):
        return _span_back(tokens, published, form), True, weekday
    return None, True, weekday


def _absolute(form: str, raw: str, tokens: list[str], part: str, published: _dt.date | None, tense: str) -> Interval | None:
    """`published`: the article's date, else the caller's reference date, else None."""
    if form == "iso":
        y, mo, d = (int(x) for x in raw.split("-"))
        found = _safe_day(y, mo, d)
        return _day(found) if found else None
    if form == "decade":
        digits = re.sub(r"\D", "", raw)
        if len(digits) == 4:
            start_year = int(digits)
        else:  # "the '40s", "the 40s": the century the publication sits in, the previous one when that is in the future
            if published is None:
                return None  # no date to read the century from: left unanchored, never guessed from the clock
            reference = published.year
            start_year = (reference // 100) * 100 + int(digits)
            if start_year > reference:
                start_year -= 100
        return Interval(_dt.date(start_year, 1, 1), _dt.date(start_year + 9, 12, 31), "decade")
    year = next(int(t) for t in reversed(tokens) if t.isdigit() and len(t) == 4)
    if form == "year":
        return _year_interval(year)
    if form == "sy":
        season = next(t for t in tokens if t in SEASONS)
        return _apply_part(_season_interval(year, season), part)
    month = next(MONTHS[t] for t in tokens if t in MONTHS)
    if form == "my":
        return _apply_part(_month_interval(year, month), part)
    day = next(_day_number(t) for t in tokens if t[0].isdigit() and len(t) <= 4 and not (t.isdigit() and len(t) == 4))
    found = _safe_day(year, month, day)
    return _day(found) if found else None


def _nth(tokens: list[str], anchor: _dt.date) -> Interval:
    if "week" in tokens:
        return _week_interval(anchor + _dt.timedelta(days=7 if ("following" in tokens or "next" in tokens) else -7))
    if "before" in tokens or "previous" in tokens:
        return _day(anchor - _dt.timedelta(days=1))
    return _day(anchor + _dt.timedelta(days=1))


def _shifted(tokens: list[str], part: str, published: _dt.date, tense: str) -> Interval | None:
    shift_word = next((t for t in tokens if t in ("last", "next", "this", "past", "coming", "previous", "following")), "this")
    direction = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1, "this": 0}[shift_word]
    target = tokens[tokens.index(shift_word) + 1] if tokens.index(shift_word) + 1 < len(tokens) else ""
    if target in WEEKDAYS:
        wd = WEEKDAYS[target]
        if direction == 0:
            return _day(_weekday_toward(wd, published, tense, strict=False))
        return _day(_weekday_toward(wd, published, "future" if direction > 0 else "past", strict=True))
    if target in MONTHS:
        month = MONTHS[target]
        if direction == 0:
            year = _month_year_toward(month, published, tense, strict=False)
        else:
            year = _month_year_toward(month, published, "future" if direction > 0 else "past", strict=True)
        return _apply_part(_month_interval(year, month), part)
    if target in SEASONS:
        return _apply_part(_shift_season(target, published, direction), part)
    if target in ("day",):
        return _day(published + _dt.timedelta(days=direction))
    if target in ("week", "weekend"):
        week = _week_interval(published + _dt.timedelta(days=7 * direction))
        if target == "weekend":
            return Interval(week.end - _dt.timedelta(days=1), week.end, "day")
        return _until_or_from(week, part, published)
    if target == "month":
        y, m = published.year, published.month + direction
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        return _until_or_from(_apply_part(_month_interval(y, m), _plain_part(part)), part, published)
    if target == "year":
        return _until_or_from(_apply_part(_year_interval(published.year + direction), _plain_part(part)), part, published)
    if target == "decade":
        return Interval(
            _dt.date(published.year - 10 if direction < 0 else published.year, 1, 1),
            published if direction <= 0 else _dt.date(published.year + 10, 12, 31),
            "decade",
        )
    return None


def _plain_part(part: str) -> str:
    return "" if part in ("earlier", "later") else part


def _until_or_from(iv: Interval, part: str, published: _dt.date) -> Interval:
    """ "earlier this year" ends at publication, "later this year" starts there."""
    if part == "earlier" and iv.start <= published <= iv.end:
        return Interval(iv.start, published, iv.precision)
    if part == "later" and iv.start <= published <= iv.end:
        return Interval(published, iv.end, iv.precision)
    return iv


def _shift_season(season: str, published: _dt.date, direction: int) -> Interval:
    current = None
    for year in (published.year - 1, published.year):
        candidate = _season_interval(year, season)
        if candidate.start <= published <= candidate.end:
            current = candidate
    if direction == 0:
        if current:
            return current
        this_year = _season_interval(published.year, season)
        return this_year
    if direction > 0:
        year = published.year if _season_interval(published.year, season).start > published else published.year + 1
        return _season_interval(year, season)
    year = published.year if _season_interval(published.year, season).end < published else published.year - 1
    return _season_interval(year, season)


def _span_back(tokens: list[str], published: _dt.date, form: str) -> Interval | None:
    unit = next((t.rstrip("s") for t in tokens if t.rstrip("s") in ("day", "week", "weekend", "month", "year", "decade")), None)
    if unit is None:
        return None
    joined = " ".join(tokens)
    count = 1
    for word, value in sorted(SMALL_NUMBERS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", joined):
            count = value
            break
    digits = next((int(t) for t in tokens if t.isdigit()), None)
    if digits is not None:
        count = digits
    days = {"day": 1, "week": 7, "weekend": 7, "month": 30, "year": 365, "decade": 3652}[unit] * count
    back = published - _dt.timedelta(days=days)
    if form == "ago":
        precision = "day" if unit == "day" else ("week" if unit == "week" else ("month" if unit == "month" else "year"))
        slack = {"day": 0, "week": 3, "month": 15, "year": 182, "decade": 1826, "weekend": 3}[unit]
        if "more" in tokens or "over" in tokens:
            return Interval(back - _dt.timedelta(days=max(slack, 1) * 2 + days // 2), back, precision)
        return Interval(back - _dt.timedelta(days=slack), back + _dt.timedelta(days=slack), precision)
    if "next" in tokens or "coming" in tokens:
        return Interval(
            published,
            published + _dt.timedelta(days=days),
            "month" if unit in ("month",) else ("year" if unit in ("year", "decade") else "day"),
        )
    return Interval(
        back, published, {"day": "day", "week": "week", "weekend": "week", "month": "month", "year": "year", "decade": "decade"}[unit]
    )


# ---------------------------------------------------------------------------
# Tense and event words from the sentence around a date


# How many words either side of a date are read for its tense and event words: enough
# for a clause, and a bound on the work for very long sentences.
WINDOW = 12


class SentenceWords:
    """A sentence's words with their start offsets, read once per sentence (or given,
    when already read)."""

    def __init__(self, text: str, sentence: Span, tokens: list[Token] | None = None):
        self.tokens = words(text, sentence.start, sentence.end) if tokens is None else tokens
        self.starts = [t.start for t in self.tokens]


def _window(sw: SentenceWords, start: int, end: int) -> tuple[list[Token], bool]:
    """The tokens around [start, end) within WINDOW words, and whether the window holds
    the sentence's first word."""
    tokens = sw.tokens
    first = bisect.bisect_left(sw.starts, start)
    last = bisect.bisect_left(sw.starts, end)
    low = max(0, first - WINDOW)
    return list(tokens[low:first]) + list(tokens[last : last + WINDOW]), low == 0


def detect_tense(text: str, tokens: SentenceWords, start: int, end: int) -> str:
    """ "future", "past" or "present": the marker nearest the date inside its clause wins."""
    best: tuple[int, str] | None = None
    previous = ""
    for tok in _window(tokens, start, end)[0]:
        form, before = tok.form, previous
        previous = form
        kind = None
        if form in _FUTURE or form.endswith("'ll"):
            kind = "future"
        elif before in ("be", "been", "being"):
            continue  # "will be held": a passive participle carries no tense of its own
        elif form in _PAST or (form.endswith("ed") and len(form) > 4):
            kind = "past"
        if kind is None:
            continue
        distance = start - tok.end if tok.end <= start else tok.start - end
        if best is None or distance < best[0]:
            best = (distance, kind)
    # A date phrase that says its own direction ("next spring", "last year") overrides.
    inner = fold_text(text, start, end)
    if re.search(r"\b(?:next|coming|tomorrow|following)\b|\blater\b", inner):
        return "future" if not re.search(r"\b(?:the following|later)\b", inner) or best is None or best[1] == "future" else best[1]
    if re.search(r"\b(?:last|yesterday|ago|past|previous|earlier)\b", inner):
        return "past"
    return best[1] if best else "present"


def event_words(text: str, tokens: SentenceWords, start: int, end: int, limit: int = 4) -> str:
    """A few folded content words nearest the date: usually the verb or noun of what
    happened ("held talks", "died"), to help line up dates of the same event."""
    window, has_first = _window(tokens, start, end)
    candidates = []
    for index, tok in enumerate(window):
        if tok.form in _STOP or tok.form in MONTHS or tok.form in WEEKDAYS:
            continue
        if len(tok.form) < 3 or any(map(str.isdigit, tok.form)):
            continue
        sentence_initial = has_first and index == 0
        if text[tok.start : tok.start + 1].isupper() and not sentence_initial:
            continue  # names are matched by the names stage; here we want what happened
        distance = start - tok.end if tok.end <= start else tok.start - end
        candidates.append((distance, tok.start, tok.form))
    chosen = sorted(sorted(candidates)[:limit], key=lambda c: c[1])
    return " ".join(c[2] for c in chosen)


# ---------------------------------------------------------------------------


def _merged(text: str, found: list[DateExpression]) -> list[list[DateExpression]]:
    """Group expressions joined by "or", "to", "until" or a dash ("late January or early
    February", "September 2010 to January 2011"): one claim covers the alternatives."""
    groups: list[list[DateExpression]] = []
    for expr in found:
        if groups:
            gap = text[groups[-1][-1].end : expr.start]
            if re.fullmatch(r"\s*(?:or|to|until|through|and\s+early|-|\u2013|\u2014)\s*", gap, re.I):
                groups[-1].append(expr)
                continue
        groups.append([expr])
    return groups


def extract_dates(
    article: Article, sentences: Iterable[tuple[Span, BlockRole]], reading: Reading | None = None, reference: _dt.date | None = None
) -> list[Claim]:
    """Date claims of every sentence, in text order.

    Details: start, end (ISO), precision, anchored (yes/no), anchor (published, text,
    previous-date or none), expression (folded), relative (yes/no), tense, event,
    relation (the preposition before it), weekday (when one is named). The value is
    the ISO date, or ``start/end`` for a longer interval, or the folded expression when
    the date could not be anchored. `reading`: the article's shared `Reading`, when other
    extractors read the same sentences. `reference`: the date a two-digit decade ("the
    '40s") is read against when the article has no publication date; without either the
    decade is left unanchored, so that claims never depend on the clock.
    """
    reading = reading or Reading(article.text)
    claims: list[Claim] = []
    text = article.text
    published = article.published
    previous_day: _dt.date | None = None
    for sentence, role in sentences:
        found = sentence_dates(reading, sentence)
        tokens = SentenceWords(text, sentence, reading.words(sentence)) if found else None
        for group in _merged(text, found):
            s, e = group[0].start, group[-1].end
            assert tokens is not None
            tense = detect_tense(text, tokens, s, e)
            event = event_words(text, tokens, s, e)
            intervals: list[Interval] = []
            relative = False
            weekday = ""
            unanchored = False
            for expr in group:
                iv, rel, wd = resolve(expr, text, published, tense, previous_day, reference)
                relative = relative or rel
                weekday = weekday or wd
                if iv is None:
                    unanchored = True
                else:
                    intervals.append(iv)
            expression = fold_text(text, s, e)
            start: _dt.date | None
            end: _dt.date | None
            if not unanchored:
                start = min(iv.start for iv in intervals)
                end = max(iv.end for iv in intervals)
                precision = _coarsest([iv.precision for iv in intervals])
                value = start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
                anchored = True
                anchor = "published" if relative or group[0].form in ("md", "dm", "mon") else "text"
                if group[0].form == "nth" and published is None:
                    anchor = "previous-date"
                if precision == "day" and start == end:
                    previous_day = start
            else:
                start = end = None
                precision = _precision_of(group[0].form, expression)
                value = expression
                anchored = False
                anchor = "none"
            relation = group[0].relation
            if re.match(r"by\s", expression):
                relation = "by"
            claims.append(
                Claim(
                    kind="date",
                    span=article.span(s, e),
                    key=event or "date",
                    value=value,
                    sentence=sentence,
                    block=role,
                    details=DateDetails(
                        start=start.isoformat() if start else "",
                        end=end.isoformat() if end else "",
                        precision=precision,
                        anchored=anchored,
                        anchor=anchor,
                        expression=expression,
                        relative=relative,
                        tense=tense,
                        event=event,
                        relation=relation,
                        weekday=weekday,
                    ),
                )
            )
    return claims


_PRECISION_ORDER = ["day", "week", "month", "season", "year", "decade"]


def _coarsest(precisions: list[str]) -> str:
    return max(precisions, key=_PRECISION_ORDER.index)


def _precision_of(form: str, expression: str) -> str:
    """The precision an unanchored expression would have once anchored."""
    if form in ("wd", "deictic", "nth", "md", "dm") or re.search(r"\bday", expression):
        return "day"
    if re.search(r"\bweek", expression):
        return "week"
    if form == "mon" or re.search(r"\bmonth", expression) or any(m in expression.split() for m in MONTHS):
        return "month"
    if re.search(r"\b(?:spring|summer|autumn|fall|winter)\b", expression):
        return "season"
    if re.search(r"\bdecade", expression):
        return "decade"
    return "year"
