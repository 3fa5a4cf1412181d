"""Dates of one event compared across a story and inside one article.

Copies of one passage that date it differently are `changes`' findings. Reports of one
event also date it in their own sentences: "Reid checked into Promises on Tuesday" in one,
"Reid checked into rehab Friday" in another. Each date claim (`reconcile.claims.dates`,
anchored to its article's publication date) is described by the words of its clause, the
event it dates, and the names beside it. Two dates are of one event when they stand in
articles of one story whose sentences each name only what the other article knows
(`stories`), share the name the date is about or another name, and share at least
`MIN_EVENT_WORDS` words of the event. They conflict when the days they name cannot both
hold: two different days, or a weekday that the other's date does not fall on.

A date is compared with every date of the other article about its event; when one of them
agrees (an article may date an event and, later, the day it was announced), nothing is
said. What is left is a warning: independent reports may date one event differently for
honest reasons (a time zone, an update), and an editor must judge.

Inside one article the same is done between two sentences, which must share more of the
event's words: "the operation on Friday" against "on Thursday morning ... the operation".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Article, Claim, Finding, Overlap
from ..text import fold_text, words
from .base import doc_label, make_finding
from .changes import compare_date_claims, words_before
from .pairing import linked_docs, stem
from .stories import Stories, name_form, opens_sentence

# Content words of the event two dates must share: between articles, inside one.
MIN_EVENT_WORDS = 3
# Share of the two sentences' content words (names included) they have in common: two
# sentences that say much the same, in other words, and date it differently.
MIN_SENTENCE_LIKENESS = 0.3
MIN_SENTENCE_LIKENESS_WITHIN = 0.4
WINDOW = 8
# Words on each side of a date that say which event of its sentence it dates.
BESIDE = 4
# Words beside two dates that, with the name they are about, tie them to one event.
MIN_BESIDE = 2
_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s|$)")
_STOP = frozenset(
    """a an the and or but of to in on at by for with from as into over under about after before since until
    during between than then that which who whom whose where when while is are was were be been being has have
    had do does did will would shall should can could may might must it its this these those there here not no
    also just only very more most some any such each every all both other another he she they we i you his her
    their our my your him them us said says say told according up out off last next early late ago earlier later
    morning afternoon evening night today yesterday tomorrow tonight day days week weeks month months year years
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december""".split()
)


@dataclass(frozen=True)
class Dated:
    """A date claim with what it dates: the words of its sentence, the words right beside
    it (the event it is attached to) and the names in the sentence."""

    claim: Claim
    event: frozenset[str]
    names: frozenset[str]
    anchor: str
    beside: frozenset[str] = frozenset()

    @property
    def doc(self) -> str:
        return self.claim.span.doc


def _dated(claim: Claim, text: str, quoted: Sequence[tuple[int, int]]) -> Dated | None:
    # A date is compared when it is resolved, or names a weekday or a month outright
    # ("November 18" against "November 19" needs no year).
    if not claim.date.anchored and not claim.date.weekday and not _MONTH.search(claim.span.text):
        return None
    if claim.date.precision not in ("day", "month", "year"):
        return None
    if any(s <= claim.span.start < e for s, e in quoted):
        return None  # "how many kids will you kill today": a speaker's today, not the story's
    sentence = claim.sentence
    tokens = words(text, sentence.start, sentence.end)
    before = [t for t in tokens if t.end <= claim.span.start][-WINDOW:]
    after = [t for t in tokens if t.start >= claim.span.end][:WINDOW]
    event = frozenset(
        stem(t.form)
        for t in tokens
        if t.form not in _STOP and len(t.form) > 2 and not t.form[:1].isdigit() and not claim.span.start <= t.start < claim.span.end
    )
    names = frozenset(
        name_form(t.form)
        for t in tokens
        if text[t.start].isupper()
        and not opens_sentence(text, t.start)
        and len(t.form) > 2
        and not claim.span.start <= t.start < claim.span.end
        and fold_text(t.form) not in _STOP
    )
    anchor = next(
        (
            name_form(t.form)
            for t in reversed(before)
            if text[t.start].isupper() and not opens_sentence(text, t.start) and fold_text(t.form) not in _STOP
        ),
        "",
    )
    near = [*before[-BESIDE:], *after[:BESIDE]]
    beside = frozenset(stem(t.form) for t in near if t.form not in _STOP and len(t.form) > 2 and not t.form[:1].isdigit())
    return Dated(claim, event, names, anchor, beside)


def _about_one_event(x: Dated, y: Dated, stories: Stories, within: bool) -> bool:
    if x.claim.date.precision != y.claim.date.precision and not (x.claim.date.weekday or y.claim.date.weekday):
        return False  # "the 1960s" and "December 11" date different things
    if not x.beside & y.beside:
        return False  # "charged with murder Saturday" and "a shooting in Vancouver Friday" date two events
    shared_event = x.event & y.event
    union = x.event | y.event
    if len(shared_event) < MIN_EVENT_WORDS:
        return False
    # Sentences that say much the same; or, between articles, dates attached to one name
    # by the same words ("checked into Promises Treatment Center on Friday" / "entered
    # Malibu Promises Treatment Center on Tuesday").
    alike = len(shared_event) / len(union) >= (MIN_SENTENCE_LIKENESS_WITHIN if within else MIN_SENTENCE_LIKENESS)
    attached = not within and bool(x.anchor) and x.anchor == y.anchor and len(x.beside & y.beside) >= MIN_BESIDE
    if not (alike or attached):
        return False
    if within:
        return x.claim.sentence != y.claim.sentence
    if stories.link(x.doc, y.doc) is None:
        return False
    if not (stories.knows(y.doc, x.names) and stories.knows(x.doc, y.names)):
        return False
    return bool(x.anchor and x.anchor == y.anchor) or bool(x.names & y.names)


def date_findings(
    articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap], lexicon: Any = None, stories: Stories | None = None
) -> list[Finding]:
    """Conflicting dates of one event, between articles of a story and inside one article."""
    if stories is None:
        from .stories import find_stories

        stories = find_stories(articles, overlaps)
    by_id = {a.id: a for a in articles}
    facts: dict[str, list[Dated]] = defaultdict(list)
    quoted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in claims:
        if c.kind == "quote":
            quoted[c.span.doc].append((c.span.start, c.span.end))
    for c in claims:
        if c.kind == "date" and c.span.doc in by_id and c.block == "body":
            fact = _dated(c, by_id[c.span.doc].text, quoted[c.span.doc])
            if fact is not None:
                facts[c.span.doc].append(fact)
    clashes: list[tuple[Dated, Dated]] = []
    for da, db in linked_docs(sorted(facts), stories):
        within = da == db
        if not within and stories.link(da, db) is None:
            continue
        clashes.extend(_clashes(facts[da], facts[db], stories, within))
    return [f for pair in clashes if (f := _finding(pair, by_id)) is not None]


def _clashes(xs: Sequence[Dated], ys: Sequence[Dated], stories: Stories, within: bool) -> list[tuple[Dated, Dated]]:
    """Pairs of one event dated differently, where neither article dates the event the
    other's way anywhere."""
    found = []
    for x in xs:
        partners = [
            y
            for y in ys
            if y is not x and _about_one_event(x, y, stories, within) and (not within or y.claim.span.start > x.claim.span.start)
        ]
        if not partners:
            continue
        verdicts = [(compare_date_claims(x.claim, y.claim)[0], y) for y in partners]
        if any(v == "same" for v, _ in verdicts):
            continue
        clashing = [y for v, y in verdicts if v == "differs"]
        if not clashing:
            continue
        y = max(clashing, key=lambda y: len(x.event & y.event))
        if not within and (_also_dated(x, ys) or _also_dated(y, xs)):
            continue
        found.append((x, y))
    return found


def _also_dated(x: Dated, others: Sequence[Dated]) -> bool:
    """Whether the other article dates some event x's way too: then it tells of more than
    one day, and which day is whose is not for reconcile to guess."""
    return any(compare_date_claims(x.claim, o.claim)[0] == "same" for o in others)


def _finding(pair: tuple[Dated, Dated], by_id: dict[str, Article]) -> Finding | None:
    x, y = pair
    _, why = compare_date_claims(x.claim, y.claim)
    event = _event_words(x, y)
    within = x.doc == y.doc
    if within:
        message = f'{doc_label(x.doc)} dates {event} two ways: "{x.claim.span.text}" and "{y.claim.span.text}" ({why})'
    else:
        message = (
            f'Reports date {event} differently: "{x.claim.span.text}" ({doc_label(x.doc)}) against '
            f'"{y.claim.span.text}" ({doc_label(y.doc)}) ({why})'
        )
    return make_finding(
        "date", "conflict", message, [x.claim.span.text, y.claim.span.text], [x.claim.span, y.claim.span], subject=event, severity="warning"
    )


def _event_words(x: Dated, y: Dated) -> str:
    """The event in plain words: what the first sentence says just before its date."""
    phrase = words_before(x.claim, 6)
    return f'"{phrase}"' if phrase else "one event"


__all__ = ["date_findings"]
