"""Caption findings: a photo caption that contradicts the story it runs with.

Captions are written apart from the story, often reused from an older picture, so they
drift in their own way: the right office held by the wrong person, a different city, a
year long gone. Three rules, each about one caption against its own article:

- role: the caption names someone in an office ("Japanese Foreign Minister Seiji
  Maehara") that the body gives to someone else ("Japanese Foreign Minister Fumio
  Kishida"). A caption person absent from the body is only reported through this clash;
  a related person with no clashing office is simply another person.
- place: the caption puts the picture "in"/"at" a place that is neither the dateline
  place nor mentioned anywhere in the story, while the story has a dateline.
- date: the caption states a year and its date lies far from the article's date, which
  is the article's own publication date or, failing that, that of a copy sharing its
  passages (the message names that copy, so the editor can check).

All clashes of one caption make ONE finding: a conflict when the office clashes or two
weaker signals agree, a warning variant when only the place or only the date is off.
Evidence spans come from claims and article blocks untouched, so they index the
original text.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Article, Claim, Finding, Overlap, Span, Status
from ..text import fold, words
from . import FindingsSettings
from .base import make_finding
from .scripts import has_mixed_script

_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# A place the photo was taken at reads "in Moscow", "at the Kremlin".
_LOCATING_PREPOSITION = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.I)
# File photos say so; their date is old on purpose.
_FILE_PHOTO = re.compile(r"\b(?:file\s+(?:photo|picture|image)|archive\s+(?:photo|picture))\b", re.I)
# Offices that are not a current, single-holder post.
_NOT_A_CURRENT_HOLDER = frozenset({"former", "ex", "late", "then", "acting", "deputy", "vice", "counterpart", "counterparts"})
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Clash:
    """One thing the caption says that the story contradicts, with the evidence for both sides."""

    rule: str  # "role", "place" or "date"
    caption_value: str
    story_value: str
    caption_phrase: str  # how the caption side reads in the message: "in Moscow"
    story_phrase: str  # how the story side reads in the message: "in Tokyo (dateline)"
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class StoryDate:
    """The date a story is known to carry and where that knowledge comes from."""

    date: _dt.date
    evidence: Span | None
    source_note: str  # "published 1 Nov 2013" or "004, sharing 9 passages, was published 1 Nov 2013"


def caption_findings(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    overlaps: Sequence[Overlap],
    lexicon: Any = None,
    settings: FindingsSettings = FindingsSettings(),
) -> list[Finding]:
    """One finding for each caption that contradicts its own article."""
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        by_doc.setdefault(claim.span.doc, []).append(claim)
    findings = []
    for article in articles:
        story_date = article_date(article, articles, overlaps, settings)
        for caption in article.captions:
            finding = caption_finding(article, caption, by_doc.get(article.id, []), story_date, settings, lexicon)
            if finding is not None:
                findings.append(finding)
    return findings


def caption_finding(
    article: Article,
    caption: Span,
    claims: Sequence[Claim],
    story_date: StoryDate | None,
    settings: FindingsSettings = FindingsSettings(),
    lexicon: Any = None,
) -> Finding | None:
    """The finding for one caption, or None when it agrees with its article."""
    in_caption = [c for c in claims if _inside(c.span, caption)]
    in_body = [c for c in claims if c.block == "body" and not _inside(c.span, caption)]
    clashes = role_clashes(in_caption, in_body, lexicon)
    clashes += place_clashes(article, caption, in_caption, in_body)
    if not _FILE_PHOTO.search(caption.text):
        clashes += date_clashes(in_caption, story_date, settings)
    if not clashes and not _FILE_PHOTO.search(caption.text):
        stranger = stranger_caption(article, caption, in_caption)
        if stranger is not None:
            return stranger
    if not clashes:
        return None
    strong = any(c.rule == "role" for c in clashes) or len({c.rule for c in clashes}) >= 2
    status: Status = "conflict" if strong else "variant"
    evidence = [caption] + [span for clash in clashes for span in clash.evidence]
    values = [c.caption_value for c in clashes] + [c.story_value for c in clashes]
    return make_finding(
        "caption",
        status,
        caption_message(clashes),
        values,
        evidence,
        subject=f"caption {caption.text[:60]}",
        severity=None if strong else "warning",
    )


_PLACE_AFTER_PREPOSITION = re.compile(r"\b(?:in|at|near|outside)\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})")
_NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december the""".split()
)


def _unknown_places(article: Article, caption: Span, people: Sequence[Claim]) -> list[Span]:
    """Places the lexicon does not know, read from a caption as a capitalised name after
    "in" or "at" ("speaks to reporters in Perth"), when it is no person and no date."""
    found = []
    for m in _PLACE_AFTER_PREPOSITION.finditer(article.text, caption.start, caption.end):
        start, end = m.span(1)
        if m.group(1).split()[0].lower() in _NOT_PLACES or any(p.span.start < end and start < p.span.end for p in people):
            continue
        found.append(article.span(start, end))
    return found


def stranger_caption(article: Article, caption: Span, in_caption: Sequence[Claim]) -> Finding | None:
    """A caption whose person, place and year the story never mentions: a picture of
    someone else, somewhere else, some other year, which no dateline or publication date
    is needed to see. All three must be strangers to the article's other text (headline,
    body and other captions): a caption about the story names at least one of them."""
    people = [c for c in in_caption if c.kind == "person" and c.person.mention == "full"]
    places = [
        c.span
        for c in in_caption
        if c.kind == "place" and _LOCATING_PREPOSITION.search(article.text[max(caption.start, c.span.start - 12) : c.span.start])
    ] or _unknown_places(article, caption, people)
    years = [c for c in in_caption if c.kind == "date" and _YEAR.search(c.span.text)]
    if not (people and places and years):
        return None
    rest = fold(article.text[: caption.start] + " " + article.text[caption.end :]).text
    surname = people[0].person.surname or people[0].span.text.split()[-1]
    if _has_phrase(rest, fold(surname).text) or _has_phrase(rest, fold(places[0].text).text):
        return None
    year = _YEAR.search(years[0].span.text).group()  # type: ignore[union-attr]
    if year in rest:
        return None
    message = (
        f"Caption names {person_name(people[0])}, in {places[0].text}, in {year}: the story mentions "
        "none of them, so the picture may be of another event"
    )
    return make_finding(
        "caption",
        "variant",
        message,
        [person_name(people[0]), places[0].text, year],
        [caption, people[0].span, places[0], years[0].span],
        subject=f"caption {caption.text[:60]}",
        severity="warning",
    )


def caption_message(clashes: Sequence[Clash]) -> str:
    """ "Caption names X as <office>, in <place>, on <date>; the story has Y as <office>, in
    <place> (dateline), in <year> (...)" -- both sides in the same order."""
    order = {"role": 0, "place": 1, "date": 2}
    ordered = sorted(clashes, key=lambda c: order[c.rule])
    caption_side = ", ".join(c.caption_phrase for c in ordered)
    story_side = ", ".join(c.story_phrase for c in ordered)
    if ordered[0].rule == "role":
        return f"Caption names {caption_side}; the story has {story_side}"
    return f"Caption puts the picture {caption_side}; the story is {story_side}"


# --- role: the same office, a different holder -------------------------------------------


def role_clashes(in_caption: Sequence[Claim], in_body: Sequence[Claim], lexicon: Any = None) -> list[Clash]:
    """Offices the caption gives to someone the body does not give them to."""
    # A name that mixes scripts is a mixed-script finding (see `scripts`), not another person.
    body_people = [c for c in in_body if c.kind == "person" and not has_mixed_script(c.span.text)]
    clashes = []
    for person in (c for c in in_caption if c.kind == "person" and not has_mixed_script(c.span.text)):
        office = office_of(person, lexicon)
        if office is None:
            continue
        holders = [c for c in body_people if offices_match(office, office_of(c, lexicon))]
        if not holders or any(same_person(person, h) for h in holders):
            continue
        holder = holders[0]
        clashes.append(
            Clash(
                rule="role",
                caption_value=person_name(person),
                story_value=person_name(holder),
                caption_phrase=f"{person_name(person)} as {office_phrase(person, lexicon)}",
                story_phrase=f"{person_name(holder)} as {office_phrase(holder, lexicon)}",
                evidence=(person.span, holder.span),
            )
        )
    return clashes


def office_of(person: Claim | None, lexicon: Any = None) -> tuple[str, str] | None:
    """(office, affiliation) in matching form, or None for no office or one that is not
    a current single-holder post (former, deputy, counterpart; a role the lexicon says
    many hold at once, such as spokesperson)."""
    if person is None:
        return None
    role = person.person.role
    role_words = [t.form for t in words(role)]
    qualifiers = [t.form for t in words(person.person.qualifier)]
    if _NOT_A_CURRENT_HOLDER.intersection(role_words + qualifiers):
        return None
    role_id = person.person.role_id
    if role_id and lexicon is not None and hasattr(lexicon, "role_by_id"):
        entry = lexicon.role_by_id(role_id)
        if entry is not None and not entry.exclusive:
            return None
    affiliation = " ".join(t.form for t in words(person.person.affiliation))
    if role_id:
        return role_id, affiliation
    if not role_words:
        return None
    # An affiliation written into the role ("Japanese foreign minister") is dropped from it.
    aff_words = affiliation.split()
    if aff_words and role_words[: len(aff_words)] == aff_words:
        role_words = role_words[len(aff_words) :]
    return " ".join(role_words), affiliation


def offices_match(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """Same office of the same government; an office with no affiliation only matches
    another with none, since "foreign minister" alone may be anyone's."""
    return a is not None and b is not None and a == b


def same_person(a: Claim, b: Claim) -> bool:
    return fold(a.key).text == fold(b.key).text


def person_name(person: Claim) -> str:
    return person.person.full or person.person.name or person.span.text


def office_phrase(person: Claim, lexicon: Any = None) -> str:
    """ "Japanese foreign minister": the role with its affiliation, as an adjective when the
    lexicon knows one (it reads better than "Japan foreign minister")."""
    role = person.person.role.strip()
    affiliation = person.person.affiliation.strip()
    entry = lexicon.entry(person.person.affiliation_id) if lexicon is not None and hasattr(lexicon, "entry") else None
    if entry is not None and entry.demonyms:
        affiliation = entry.demonyms[0]
    if affiliation and not fold(role).text.startswith(fold(affiliation).text):
        role = f"{affiliation} {role.lower()}"
    elif affiliation:
        role = affiliation + role[len(affiliation) :].lower()
    else:
        role = role.lower()
    return role


# --- place: the picture is somewhere the story is not ------------------------------------


def place_clashes(article: Article, caption: Span, in_caption: Sequence[Claim], in_body: Sequence[Claim]) -> list[Clash]:
    """Places the caption locates the picture in that the dateline and story never mention."""
    dateline = article.dateline
    dateline_place = dateline_place_span(article)
    if dateline is None or dateline_place is None:
        return []
    story_text = "\n".join(fold(article.text, b.start, b.end).text for b in article.blocks_of("headline", "dek", "body"))
    dateline_forms = {fold(dateline_place.text).text}
    dateline_forms |= {fold(c.key).text for c in in_body if c.kind == "place" and fold(c.span.text).text in dateline_forms}
    body_places = {fold(c.key).text for c in in_body if c.kind == "place"}
    clashes = []
    for place in (c for c in in_caption if c.kind == "place"):
        before = article.text[max(caption.start, place.span.start - 12) : place.span.start]
        if not _LOCATING_PREPOSITION.search(before):
            continue
        forms = {fold(place.key).text, fold(place.span.text).text}
        if forms & dateline_forms or forms & body_places or any(_has_phrase(story_text, f) for f in forms):
            continue
        shown = _title(dateline_place.text)
        clashes.append(
            Clash(
                rule="place",
                caption_value=place.span.text,
                story_value=shown,
                caption_phrase=f"in {place.span.text}",
                story_phrase=f"in {shown} (dateline)",
                evidence=(place.span, dateline_place),
            )
        )
    return clashes[:1]


def dateline_place_span(article: Article) -> Span | None:
    """The place at the head of the dateline ("TOKYO" in "TOKYO (AFP) --")."""
    dateline = article.dateline
    if dateline is None:
        return None
    tokens = words(article.text, dateline.start, dateline.end)
    place = [t for t in tokens if article.text[t.start : t.end].isupper()]
    if not place or place[0] is not tokens[0]:
        return None
    # The place is the first run of capitalised words, before an agency in brackets or a comma.
    last = place[0]
    for token in tokens[1:]:
        gap = article.text[last.end : token.start]
        if token not in place or gap.strip():
            break
        last = token
    return article.span(tokens[0].start, last.end)


def _has_phrase(folded_text: str, phrase: str) -> bool:
    if not phrase:
        return False
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", folded_text) is not None


# --- date: the caption's year is far from the story's -------------------------------------


def date_clashes(in_caption: Sequence[Claim], story_date: StoryDate | None, settings: FindingsSettings) -> list[Clash]:
    """Caption dates that state a year and lie far from the story's date."""
    if story_date is None:
        return []
    for claim in (c for c in in_caption if c.kind == "date"):
        if not _YEAR.search(claim.span.text):
            continue  # "on Friday" was read against the story's own date and cannot clash
        when = claim_date(claim)
        if when is None:
            continue
        start, precision = when
        if abs((start - story_date.date).days) <= settings.caption_date_tolerance_days:
            continue
        shown_story = str(story_date.date.year)
        evidence = (claim.span,) + ((story_date.evidence,) if story_date.evidence else ())
        return [
            Clash(
                rule="date",
                caption_value=start.isoformat() if precision == "day" else str(start.year),
                story_value=shown_story,
                caption_phrase=f"on {_show_date(start, precision)}",
                story_phrase=f"in {shown_story} ({story_date.source_note})",
                evidence=evidence,
            )
        ]
    return []


def claim_date(claim: Claim) -> tuple[_dt.date, str] | None:
    """The first day a date claim covers and its precision (day, month or year)."""
    for raw in (claim.date.start, claim.value):
        m = _ISO_PREFIX.match(raw or "")
        if not m:
            continue
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        precision = claim.date.precision or ("day" if m.group(3) else "month" if m.group(2) else "year")
        try:
            return _dt.date(year, month, day), precision
        except ValueError:
            return None
    return None


def article_date(
    article: Article,
    articles: Sequence[Article],
    overlaps: Sequence[Overlap],
    settings: FindingsSettings = FindingsSettings(),
) -> StoryDate | None:
    """When the story ran: its own publication date, else that of the article sharing the
    most passages with it (at least `caption_min_shared_passages`)."""
    if article.published is not None:
        block = next(iter(article.blocks_of("published")), None)
        evidence = article.span(block.start, block.end) if block and article.published_from == "text" else None
        return StoryDate(article.published, evidence, f"published {_show_date(article.published, 'day')}")
    captions = article.captions
    shared: Counter[str] = Counter()
    for ov in overlaps:
        for mine, other in ((ov.a, ov.b), (ov.b, ov.a)):
            if mine.doc == article.id and other.doc != article.id and not any(_inside(mine, c) for c in captions):
                shared[other.doc] += 1
    dated = {a.id: a for a in articles if a.published is not None}
    for doc, count in shared.most_common():
        if count < settings.caption_min_shared_passages or doc not in dated:
            continue
        copy = dated[doc]
        block = next(iter(copy.blocks_of("published")), None)
        evidence = copy.span(block.start, block.end) if block and copy.published_from == "text" else None
        note = f"{doc}, sharing {count} passages, was published {_show_date(copy.published, 'day')}"  # type: ignore[arg-type]
        return StoryDate(copy.published, evidence, note)  # type: ignore[arg-type]
    return None


def _show_date(date: _dt.date, precision: str) -> str:
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{_MONTH_ABBR[date.month - 1]} {date.year}"
    return f"{date.day} {_MONTH_ABBR[date.month - 1]} {date.year}"


def _inside(span: Span, outer: Span) -> bool:
    return span.doc == outer.doc and outer.start <= span.start and span.end <= outer.end


def _title(text: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in text.split())
