"""Date findings: the same event dated by several sources.

Dates are lined up like numbers (see `reconcile.findings.numbers`): inside aligned
passages by the words around them, elsewhere only when both are anchored to a day, the
event words match and the sentences clearly tell the same thing. Lined-up dates are
judged:

- conflict: the intervals cannot both hold ("on Friday" vs "on Thursday" for one
  meeting; "yesterday" in a Saturday story vs "on Thursday"); for unanchored dates in
  aligned passages, two different weekdays, or a weekday that the other side's absolute
  date does not fall on;
- variant: one date said two ways ("yesterday" vs "Friday", relative vs absolute);
- agreement: the same date in the same words.

An anchored date never conflicts with an unanchored one, and gets no finding at all
unless the wording itself differs inside an aligned passage: what cannot be dated is
not guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Sequence

from rapidfuzz import fuzz

from ..claims.dates import WEEKDAYS
from ..model import Article, Claim, Finding, Overlap
from .base import doc_label, make_finding
from .numbers import (
    STATUS_RANK,
    claims_of,
    components,
    context_prefixes,
    context_words,
    listing,
    local_context,
    names_in,
    pair_claims,
    shared_context,
)

# Inside aligned passages: how alike the words around two dates must be to pair them.
MIN_ALIGNED_CONTEXT = 55.0
MIN_ALIGNED_SENTENCE = 60.0
MIN_CONFLICT_CONTEXT = 60.0
MIN_FREE_CONFLICT_CONTEXT = 70.0
# Outside aligned passages: shared content words and Jaccard share of the two sentences.
MIN_SHARED_CONTEXT = 5
MIN_CONTEXT_JACCARD = 0.3


def _interval(claim: Claim) -> tuple[_dt.date, _dt.date] | None:
    if claim.detail("anchored") != "yes":
        return None
    try:
        return _dt.date.fromisoformat(claim.detail("start", "")), _dt.date.fromisoformat(claim.detail("end", ""))
    except ValueError:
        return None


def wording(claim: Claim) -> str:
    """The expression with possessives and day-part words evened out: "Wednesday's" and
    "on Wednesday" say the same."""
    text = claim.detail("expression", "") or ""
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _weekday_of(claim: Claim) -> int | None:
    name = claim.detail("weekday")
    return WEEKDAYS.get(name) if name else None


def compare_dates(x: Claim, y: Claim) -> str | None:
    """"agreement", "variant" or "conflict" for two dates of one event, or None when
    there is nothing to say (an unanchored date against an anchored one, same words)."""
    ix, iy = _interval(x), _interval(y)
    same_words = wording(x) == wording(y)
    if ix and iy:
        if same_words and x.detail("relative") == "yes" and y.detail("relative") == "yes":
            # The texts agree; only their publication dates differ (a reprint, a
            # time zone). Publication metadata is too often off to call that a conflict.
            return "agreement"
        if ix[1] < iy[0] or iy[1] < ix[0]:
            return "conflict"
        return "agreement" if same_words and ix == iy else "variant"
    if same_words:
        return "agreement" if not ix and not iy else None
    # Unanchored on at least one side: only named weekdays can still clash.
    wx, wy = _weekday_of(x), _weekday_of(y)
    if wx is not None and wy is not None and wx != wy:
        return "conflict"
    for named, other in ((wx, iy), (wy, ix)):
        if named is not None and other and other[0] == other[1] and other[0].weekday() != named:
            return "conflict"
    return "variant"


def _aligned_score(x: Claim, y: Claim) -> float | None:
    if fuzz.token_set_ratio(x.sentence.text, y.sentence.text) < MIN_ALIGNED_SENTENCE:
        return None  # an aligned passage holds several sentences; pair dates of like ones
    context = fuzz.ratio(local_context(x), local_context(y))
    events = set((x.detail("event") or "").split()) & set((y.detail("event") or "").split())
    score = context + 10 * len(events)
    if score < MIN_ALIGNED_CONTEXT:
        return None
    # Of several dates in one passage, prefer the reading under which the copies agree.
    return score + (30.0 if compare_dates(x, y) != "conflict" else 0.0)


def _free_score(x: Claim, y: Claim) -> float | None:
    ix, iy = _interval(x), _interval(y)
    if not ix or not iy or x.detail("precision") != "day" or y.detail("precision") != "day":
        return None
    events = set((x.detail("event") or "").split()) & set((y.detail("event") or "").split())
    if not events:
        return None
    count, share = shared_context(x, y)
    if count < MIN_SHARED_CONTEXT or share < MIN_CONTEXT_JACCARD:
        return None
    return count + share + len(events)


def _free_keys(claims: Sequence[Claim]) -> list[frozenset]:
    """What `_free_score` needs two dates to share: day precision, an event word and enough
    context words. Each date to the day is filed under (event word, rare context word) for
    every event word and every word of its rarest context words (see `context_prefixes`)."""
    contexts = [frozenset(context_words(c)) if c.detail("precision") == "day" and _interval(c) else frozenset()
                for c in claims]
    prefixes = context_prefixes(contexts, MIN_SHARED_CONTEXT, MIN_CONTEXT_JACCARD)
    return [frozenset((event, word) for event in set((c.detail("event") or "").split()) for word in prefix)
            for c, prefix in zip(claims, prefixes)]


def _same_story(x: Claim, y: Claim, published: dict) -> bool:
    """Outside aligned passages a conflict needs signs of one story: a shared name in the
    two sentences and publication within two days (when both dates are known)."""
    px, py = published.get(x.span.doc), published.get(y.span.doc)
    if px and py and abs((px - py).days) > 2:
        return False
    return bool(names_in(x) & names_in(y))


def _shown(claim: Claim) -> str:
    interval = _interval(claim)
    when = claim.value if interval else "undated"
    return f"{claim.span.text} [{when}]"


def _message(status: str, subject: str, members: Sequence[Claim]) -> str:
    shown = listing(members, _shown)
    if status == "conflict":
        return f'Dates differ for "{subject}": {shown}'
    if status == "agreement":
        docs = sorted({doc_label(c.span.doc) for c in members})
        return f'{len(docs)} sources agree on the date of "{subject}": {members[0].span.text} ({", ".join(docs)})'
    return f'Same date written differently for "{subject}": {shown}'


def _subject(members: Sequence[Claim]) -> str:
    events = [set((c.detail("event") or "").split()) for c in members]
    shared = set.intersection(*events) if events else set()
    first = (members[0].detail("event") or "").split()
    ordered = [w for w in first if w in shared] or first
    return " ".join(ordered) or "the event"


def date_findings(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    overlaps: Sequence[Overlap],
    lexicon: Any = None,
) -> list[Finding]:
    """Findings of kind "date" across articles. `lexicon` is accepted for the common
    signature of the findings modules and not needed here."""
    dates = [c for c in claims if c.kind == "date"]
    published = {a.id: a.published for a in articles}
    pairs = []
    for x, y, aligned in pair_claims(dates, overlaps, _aligned_score, _free_score, free_keys=_free_keys):
        status = compare_dates(x, y)
        if status is None:
            continue
        if status == "conflict" and fuzz.ratio(local_context(x), local_context(y)) < (
            MIN_CONFLICT_CONTEXT if aligned else MIN_FREE_CONFLICT_CONTEXT
        ):
            continue  # a passage holds several dates: a conflict needs the same words around both
        if status == "conflict" and not aligned and not _same_story(x, y, published):
            continue
        if not aligned and status == "variant" and x.detail("relative") == y.detail("relative"):
            continue  # outside aligned passages only relative-vs-absolute is worth a note
        pairs.append((x, y, aligned))
    findings = []
    for group in components(pairs):
        members = claims_of(group)
        status = max((compare_dates(x, y) or "variant" for x, y, _ in group), key=STATUS_RANK.__getitem__)
        subject = _subject(members)
        values = list(dict.fromkeys(c.span.text for c in members))
        findings.append(
            make_finding("date", status, _message(status, subject, members), values,
                         [c.span for c in members], subject=subject)
        )
    return findings
