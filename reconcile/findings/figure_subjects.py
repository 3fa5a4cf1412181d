"""What a figure is about, for comparing figures across a story (`reconcile.findings.figures`).

Every figure of every sentence (`reconcile.quantities`) is described by:

- *what* it counts or measures: the counted noun ("rifles", "other rifles", "comments"),
  for counts of people also what happened to them ("people killed" against "people
  injured", from ``data/events.tsv``), or the quantity a measure word names ("magnitude",
  "population", "record"), an age, a score or record, a clock time, a telephone number;
- *whom* it is about: the name nearest to it in its clause ("Klitschko", "Qeshm");
- the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Collection

from ..claims import article_sentences
from ..claims.dates import find_date_expressions
from ..claims.numbers import counted_phrase, key_of, singular
from ..model import Article, Span
from ..quantities import Quantity, read_quantities
from ..text import Token, words, words_within
from .pairing import stem
from .stories import NOT_NAMES, name_form, opens_sentence

# Words around a figure that are read as its context, each side.
WINDOW = 8
# Counted nouns too vague to say what a figure is about on their own.
_VAGUE_WHAT = frozenset(
    {
        "",
        "count",
        "time",
        "times",
        "year",
        "day",
        "week",
        "month",
        "hour",
        "minute",
        "thing",
        "way",
        "part",
        "one",
        "other",
        "lot",
        "number",
        "percent",
        "%",
    }
)
PEOPLE = frozenset(
    {
        "person",
        "people",
        "man",
        "woman",
        "child",
        "victim",
        "resident",
        "civilian",
        "worker",
        "passenger",
        "student",
        "adult",
        "casualty",
        "body",
    }
)
_ADJECTIVES = frozenset({"other", "more", "additional", "further", "extra", "new", "separate", "fresh"})
_STOP = frozenset(
    """a an the and or but nor of to in on at by for with from as into onto over under about after before since
    until during between among than then that which who whom whose where when while is are was were be been being
    has have had do does did will would shall should can could may might must it its this these those there here
    not no also just only very more most some any such each every all both other another he she they we i you his
    her their our my your him them us said says say told according up out off one two three four five six seven
    eight nine ten per cent percent according""".split()
)

PAIR_MEASURES = frozenset({"record", "score"})
# What a measured quantity is called when no word beside it names it.
DIMENSION_WORDS = {
    "ratio": "the percentage",
    "ratio-change": "the change in percentage points",
    "length": "the distance",
    "area": "the area",
    "duration": "how long",
    "mass": "the weight",
    "speed": "the speed",
    "volume": "the volume",
    "temperature": "the temperature",
}
GENERIC_MEASURES = frozenset(DIMENSION_WORDS.values())


@lru_cache(maxsize=1)
def _classes() -> tuple[dict[str, str], dict[str, str]]:
    """(event words, measure words) -> their class, from ``data/events.tsv``."""
    raw = resources.files("reconcile.data").joinpath("events.tsv").read_text(encoding="utf-8")
    events: dict[str, str] = {}
    measures: dict[str, str] = {}
    rows = [line.split("\t") for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    for row in rows[1:]:
        if len(row) >= 3:
            (events if row[2].strip() == "event" else measures)[row[0].strip()] = row[1].strip()
    return events, measures


@dataclass(frozen=True)
class Figure:
    """One figure in one sentence and what it is about (see the module docstring)."""

    span: Span
    sentence: Span
    quantity: Quantity
    what: str
    shown_what: str
    anchor: str
    names: frozenset[str]
    context: frozenset[str]
    event: str

    @property
    def doc(self) -> str:
        return self.span.doc


def figures_of(article: Article) -> list[Figure]:
    """Every figure of the article's body and captions that says what it is about."""
    text = article.text
    known = {name_form(t.form) for t in words_within(text, 0, len(text)) if text[t.start].isupper() and not opens_sentence(text, t.start)}
    found = []
    for sentence, _ in article_sentences(article):
        excluded = tuple((d.start, d.end) for d in find_date_expressions(text, sentence.start, sentence.end))
        quantities = read_quantities(text, sentence.start, sentence.end, excluded)
        if not quantities:
            continue
        tokens = words_within(text, sentence.start, sentence.end)
        for q in quantities:
            figure = _figure(article, sentence, tokens, q, known)
            if figure is not None:
                found.append(figure)
    return found


def _figure(article: Article, sentence: Span, tokens: list[Token], q: Quantity, known: set[str]) -> Figure | None:
    text = article.text
    if q.kind == "pair" and 1900 <= q.low <= 2099:
        return None  # "2008-09", "1999-2003": seasons and spans of years, which dates read
    events, measures = _classes()
    before = [t for t in tokens if t.end <= q.start][-WINDOW:]
    after = [t for t in tokens if t.start >= q.end][:WINDOW]
    clause_before = _same_clause(text, before, q.start, backwards=True)
    clause_after = _same_clause(text, after, q.end, backwards=False)
    # The event word nearest the figure, either side ("clashes broke out where 50,000 marched").
    by_distance = sorted(
        [(n, t) for n, t in enumerate(reversed(clause_before))] + [(n, t) for n, t in enumerate(clause_after)], key=lambda item: item[0]
    )
    event = next((events[t.form] for _, t in by_distance if t.form in events), "")
    what, shown = _what(text, sentence, q, clause_before, clause_after, measures)
    if what in _VAGUE_WHAT or _converted(text, q):
        return None
    if what.split("/")[0] in PEOPLE and event:
        what, shown = f"{what}/{event}", f"{shown} ({event})"
    names = frozenset(
        name_form(t.form) for t in tokens if _is_name(text, t, known) and len(t.form) > 2 and not (q.start <= t.start < q.end)
    )
    anchor = _anchor(text, clause_before[-3:], [], known) if q.kind == "pair" else _anchor(text, clause_before, clause_after, known)
    context = frozenset(stem(t.form) for t in (*before, *after) if t.form not in _STOP and len(t.form) > 2 and not t.form[:1].isdigit())
    return Figure(article.span(q.start, q.end), sentence, q, what, shown, anchor, names, context, event)


def _converted(text: str, q: Quantity) -> bool:
    """An amount in brackets after another, "110 billion euros ($143 billion)": a
    conversion at some rate, not a figure of its own."""
    before = text[max(0, q.start - 3) : q.start].rstrip()
    if not before.endswith("("):
        return False
    ahead = text[max(0, q.start - 40) : q.start].rstrip()[:-1].rstrip()
    return bool(re.search(r"(?:\d|million|billion|bn|m|euros?|dollars?|pounds?|yuan|yen|percent|%)$", ahead, re.I))


def _same_clause(text: str, tokens: list[Token], at: int, backwards: bool) -> list[Token]:
    """The tokens of the clause the figure stands in: up to a ";" or a sentence-like break."""
    kept: list[Token] = []
    sequence = list(reversed(tokens)) if backwards else tokens
    cursor = at
    for t in sequence:
        gap = text[t.end : cursor] if backwards else text[cursor : t.start]
        if ";" in gap or " - " in gap or "\u2014" in gap:
            break
        kept.append(t)
        cursor = t.start if backwards else t.end
    return list(reversed(kept)) if backwards else kept


def _what(text: str, sentence: Span, q: Quantity, before: list[Token], after: list[Token], measures: dict[str, str]) -> tuple[str, str]:
    """What a figure counts or measures, as a comparable key and in plain words."""
    if q.kind == "time":
        return "clock time", "the time"
    tail = text[q.end : q.end + 12].lower()
    if re.match(r"[ -]?(?:years?|yrs?)?[ -]?old\b", tail) or re.search(
        r"\b(?:aged?|age of)\s*$", text[max(0, q.start - 10) : q.start].lower()
    ):
        return "age", "age"
    if q.kind == "label":
        digits = re.sub(r"\D", "", text[q.start : q.end])
        return ("phone", "the telephone number") if len(digits) >= 7 else ("label", "the number")
    glued = re.match(r"-([A-Za-z]+)", text[q.end : q.end + 20])  # "6.1-magnitude"
    if q.kind != "pair":
        # A record or score is a pair ("52-3"): a single number beside the word is
        # something else ("a 162-139 record in his three-plus seasons").
        measures = {word: what for word, what in measures.items() if what not in PAIR_MEASURES}
    measure = next((measures[t.form] for t in [*reversed(before[-4:]), *after[:2]] if t.form in measures), "")
    if glued and glued.group(1).lower() in measures:
        measure = measures[glued.group(1).lower()]
    if q.kind == "pair":
        return ("record", "the record") if measure in ("", "record", "score") else (measure, measure)
    if q.unit and q.dimension != "money":
        what = measure or q.dimension
        return f"{what}:{q.dimension}", measure or DIMENSION_WORDS.get(q.dimension, q.dimension)
    close = next((measures[t.form] for t in reversed(before[-3:]) if t.form in measures), "")
    if close and not q.unit:
        return close, close  # "a magnitude of at least 5.9"
    start = q.end
    other = ""
    for t in after[:2]:
        if t.form in _ADJECTIVES and not text[start : t.start].strip():
            other = t.form + " "
            start = t.end
        else:
            break
    phrase = counted_phrase(text, start, sentence.end)
    if phrase is not None:
        counted = text[phrase[0] : phrase[1]]
        key = key_of(counted)
        head = counted.split()[-1].lower()
        # A counted thing is a plural ("people", "rifles"), a noun the table knows, or one of it.
        noun = singular(head) != head or key != singular(head) or (q.low == 1 and q.high == 1)
        if key and key not in _VAGUE_WHAT and noun:
            return f"{other}{key}", f"{other}{counted}"
    if q.dimension == "money":
        return f"money:{measure}" if measure else "money", measure or "the amount"
    if measure:
        return measure, measure
    return "", ""


def describe(text: str, sentence: Span, q: Quantity) -> str:
    """What a figure counts or measures, in plain words ("crew members", "magnitude",
    "the time"), or "" when nothing beside it says."""
    tokens = words(text, sentence.start, sentence.end)
    before = _same_clause(text, [t for t in tokens if t.end <= q.start][-WINDOW:], q.start, backwards=True)
    after = _same_clause(text, [t for t in tokens if t.start >= q.end][:WINDOW], q.end, backwards=False)
    what, shown = _what(text, sentence, q, before, after, _classes()[1])
    return "" if what in _VAGUE_WHAT else shown


def _is_name(text: str, tok: Token, known: Collection[str]) -> bool:
    """A capitalised word that is a name: not only capitalised because it opens a sentence
    (or, if it does, one the article capitalises elsewhere too)."""
    return (
        text[tok.start].isupper()
        and name_form(tok.form) not in NOT_NAMES
        and (not opens_sentence(text, tok.start) or name_form(tok.form) in known)
    )


_SECOND_PREDICATE = re.compile(r"\b(?:and|but)\s+(?:is|was|are|were|has|had|have|will|would)\b", re.I)


def _anchor(text: str, before: list[Token], after: list[Token], known: Collection[str] = frozenset()) -> str:
    """The name a figure is about: the nearest capitalised word in its clause, before it
    first ("Klitschko (52-3", "Qeshm, home to 200,000"), else after it. A name before a
    second predicate ("the island, off the port of Bandar Abbas, and is home to 100,000")
    is not its subject: the search stops there."""
    end = before[-1].end if before else 0
    for t in reversed(before[-6:]):
        if _SECOND_PREDICATE.search(text, t.end, end):
            break
        if _is_name(text, t, known) and len(t.form) > 2:
            return name_form(t.form)
    for t in after[:6]:
        if _is_name(text, t, known) and len(t.form) > 2:
            return name_form(t.form)
    return ""


__all__ = ["DIMENSION_WORDS", "GENERIC_MEASURES", "PAIR_MEASURES", "PEOPLE", "Figure", "describe", "figures_of"]
