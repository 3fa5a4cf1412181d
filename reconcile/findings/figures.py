"""Figures compared by what they are about, across a story and inside one article.

Reports of one event restate its figures in new sentences: "killing at least seven people"
in one, "That temblor killed at least six people" in another; "Klitschko (52-3, 46 KOs)"
against "Klitschko improved his record to 53-3". Aligned passages (`changes`) never meet
these. Here every figure of every sentence (`reconcile.quantities`) is described by what
it is about (`figure_subjects`):

- *what* it counts or measures: the counted noun ("rifles", "other rifles", "comments"),
  for counts of people also what happened to them ("people killed" against "people
  injured", from ``data/events.tsv``), or the quantity a measure word names ("magnitude",
  "population", "record"), an age, a score or record, a clock time, a telephone number;
- *whom* it is about: the name nearest to it in its clause ("Klitschko", "Qeshm");
- the words around it.

Two figures are about the same thing when they say the same *what*, stand in articles of
one story (`stories`) whose sentences each name only what the other article knows, and
share enough of the words and names around them. Each figure is compared with its best
match in every other article; when one match of that article agrees, the figures agree
(an article may give one count twice, or a count and its update). What remains is a
figure that no match agrees with: a conflict, one finding per fact, with the form most
articles use. Independent reports may differ honestly, so these are warnings; figures that
copies of one passage change are `changes`' errors.

Inside one article figures are not compared: an article gives many counts of one kind for
many things ("three people killed Friday, two on Saturday"), and nothing but a reading of
the sentences tells which two are one fact said twice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from itertools import combinations
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from ..model import Article, Claim, Finding, Fix, Span
from ..quantities import relation
from .base import DisjointSets, doc_label, make_finding
from .figure_subjects import PEOPLE, Figure, figures_of
from .pairing import pairs_in_stories
from .stories import Stories

# Between articles: content words and names two figures' contexts must share.
MIN_SHARED = 3
# Between articles, for counts with no name beside them ("two speed boats"): more.
MIN_SHARED_UNNAMED = 5
# Inside one article (two sentences saying one thing twice): more.
MIN_SHARED_WITHIN = 4


# Figures whose what is one of these need the event they belong to named on both sides
# ("married two weeks ago" / "wed about three weeks ago"): a duration or a clock time alone
# says nothing of what it measures.
_NEEDS_EVENT = ("duration", "clock time")


def _score(x: Figure, y: Figure) -> int:
    """Words and names the two figures' surroundings share, besides the name they are about."""
    names = (x.names & y.names) - {x.anchor}
    return len((x.context & y.context) - {x.anchor} - names) + 2 * len(names)


def _agree(x: Figure, y: Figure) -> bool | None:
    """True when two figures can both be true, False when they cannot, None when they cannot
    be compared. Two lower bounds of different size ("more than 26,000", "more than
    31,000") are two figures, whatever logic says."""
    qx, qy = x.quantity, y.quantity
    if (
        bool(qx.unit) != bool(qy.unit)
        and x.what.split(":")[0] == y.what.split(":")[0]
        and qx.dimension != "money"
        and qy.dimension != "money"
    ):
        # "minus 20" beside "minus 17 degrees", both temperatures: the unit goes without saying.
        qx, qy = replace(qx, unit="", dimension="", factor=None), replace(qy, unit="", dimension="", factor=None)
    r = relation(qx, qy)
    if r is None:
        return None
    if r == "compatible" and qx.qualifier and qx.qualifier == qy.qualifier and qx.qualifier != "about":
        low, high = sorted((qx.low, qy.low))
        if high and (high - low) / high > Decimal("0.1"):
            return False
    return r != "different"


# Measures a story has one of, named by their measure word, compared with no name beside.
_SELF_NAMED = frozenset({"temperature", "magnitude", "turnout"})


def _subject_key(f: Figure) -> tuple[str, str, str] | None:
    """What a figure is about, as a key two figures must share to be compared: what it
    counts or measures, whom (the name beside it) and, for people, what happened to them.
    Ordinals ("the seventh round", one of many) and durations or times with no event named
    are never compared across articles. A figure with no name beside it is compared when
    a measure word names it, or when it counts a thing other than people (`_comparable`
    then asks its sentences to share more words)."""
    if f.quantity.kind == "ordinal":
        return None
    if f.what.split(":")[-1] in _NEEDS_EVENT and not f.event:
        return None
    if not f.anchor:
        # A quantity a measure word names ("temperatures of minus 17 degrees") says what it
        # is about on its own: within one story there is one temperature of the night.
        if f.what.split(":")[0] in _SELF_NAMED:
            return f.what.split(":")[0], "", f.event
        if ":" not in f.what and f.what.split("/")[0] not in PEOPLE and f.quantity.kind == "number":
            return f.what, "*", f.event
        return None
    return f.what, f.anchor, f.event


def _comparable(x: Figure, y: Figure, stories: Stories) -> bool:
    if stories.link(x.doc, y.doc) is None:
        return False
    if not x.anchor and not y.anchor and x.what.split(":")[0] not in _SELF_NAMED and _score(x, y) < MIN_SHARED_UNNAMED:
        return False  # "two boats" and "three boats" with no name beside them: the sentences must say much the same
    if not (stories.knows(y.doc, x.names, x.doc) and stories.knows(x.doc, y.names, y.doc)):
        return False
    return _score(x, y) >= MIN_SHARED


def figure_findings(articles: Sequence[Article], claims: Sequence[Claim], stories: Stories, lexicon=None) -> list[Finding]:
    """Conflicts between figures about one thing across the articles of a story, and
    agreements between articles that give the same figure."""
    groups: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    in_sentence: dict[Span, list[Figure]] = defaultdict(list)
    in_article: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    phones: list[Figure] = []
    for article in articles:
        for f in figures_of(article):
            in_sentence[f.sentence].append(f)
            in_article[(f.doc, f.what)].append(f)
            if f.what == "phone":
                phones.append(f)
                continue
            key = _subject_key(f)
            if key is not None:
                what, anchor, event = key
                groups[(what, _same_place(anchor, lexicon), event)].append(f)
    by_id = {a.id: a for a in articles}
    found: list[Finding] = []
    for members in groups.values():
        if len({f.doc for f in members}) < 2:
            continue
        found.extend(_judge(members, stories, by_id, in_sentence, in_article))
    found.extend(_mistyped_numbers(phones, stories, by_id))
    return found


def _same_place(anchor: str, lexicon) -> str:
    """One key for the names of one place or body ("Salonika", "Thessaloniki")."""
    if not anchor or lexicon is None:
        return anchor
    entries = lexicon.named_entries((anchor,))
    return entries[0][0].id if len(entries) == 1 else anchor


def _digits(f: Figure) -> str:
    return re.sub(r"\D", "", f.span.text)


def _mistyped_numbers(phones: Sequence[Figure], stories: Stories, by_id: dict[str, Article]) -> list[Finding]:
    """A telephone number that articles of one story give one digit apart ("0845 125 2222" /
    "0845 125 222"): one number, mistyped once, whatever the words around it. A number one
    article gives beside the other form is two numbers."""
    forms: dict[str, list[Figure]] = defaultdict(list)
    for f in phones:
        forms[_digits(f)].append(f)
    found = []
    for a, b in combinations(sorted(forms), 2):
        if Levenshtein.distance(a, b) != 1:
            continue
        xs, ys = forms[a], forms[b]
        if {f.doc for f in xs} & {f.doc for f in ys}:
            continue
        if not any(stories.link(x.doc, y.doc) is not None for x in xs for y in ys):
            continue
        finding = _conflict([*xs, *ys], by_id)
        if finding is not None:
            found.append(finding)
    return found


def _also_given(x: Figure, y: Figure, in_article: dict[tuple[str, str], list[Figure]]) -> bool:
    """Whether x's article gives y's figure too, for the same kind of thing ("five
    suspicious boats ... the remaining three boats"): then the two count different things."""
    return any(_agree(f, y) for f in in_article.get((x.doc, x.what), ()) if f is not x)


def _other_scope(x: Figure, y: Figure, in_sentence: dict[Span, list[Figure]]) -> bool:
    """Two sentences whose other figures of one kind differ too ("13 homers in 54 games" /
    "33 homers in 157 games") state figures of different periods or scopes."""
    for sx in in_sentence.get(x.sentence, ()):
        for sy in in_sentence.get(y.sentence, ()):
            if sx is x or sy is y or sx.what != sy.what:
                continue
            if _agree(sx, sy) is False:
                return True
    return False


def _judge(
    members: list[Figure],
    stories: Stories,
    by_id: dict[str, Article],
    in_sentence: dict[Span, list[Figure]],
    in_article: dict[tuple[str, str], list[Figure]],
) -> list[Finding]:
    """The findings of figures about one subject, each group of comparable figures on its own."""
    linked = [(x, y) for x, y in pairs_in_stories(members, lambda f: f.doc, stories) if x.doc != y.doc and _comparable(x, y, stories)]
    found: list[Finding] = []
    for component in _components(linked):
        found.extend(_judge_linked(component, by_id, in_sentence, in_article))
    return found


def _components(pairs: list[tuple[Figure, Figure]]) -> list[list[tuple[Figure, Figure]]]:
    """Comparable pairs split into groups that share no figure: one subject key can hold
    two stories (one boxer's record after two fights), each judged on its own."""
    sets: DisjointSets[Figure] = DisjointSets()
    for x, y in pairs:
        sets.join(x, y)
    grouped: dict[Figure, list[tuple[Figure, Figure]]] = defaultdict(list)
    for x, y in pairs:
        grouped[sets.find(x)].append((x, y))
    return list(grouped.values())


def _judge_linked(
    linked: list[tuple[Figure, Figure]],
    by_id: dict[str, Article],
    in_sentence: dict[Span, list[Figure]],
    in_article: dict[tuple[str, str], list[Figure]],
) -> list[Finding]:
    """Articles whose figures all agree are an agreement; two values that comparable
    figures of different articles give are a conflict. More than two values, or an article
    giving both, says the subject is not one thing (several rounds, several people of one
    name): nothing is said."""
    used = {f for pair in linked for f in pair}
    values = _values(sorted(used, key=lambda f: (f.doc, f.span.start)))
    if len(values) == 1:
        return _agreements(linked)
    if len(values) > 2:
        return []
    docs = [{f.doc for f in group} for group in values]
    if docs[0] & docs[1]:
        return []
    clashing = [
        (x, y)
        for x, y in linked
        if _agree(x, y) is False
        and not _other_scope(x, y, in_sentence)
        and not _also_given(x, y, in_article)
        and not _also_given(y, x, in_article)
    ]
    if not clashing:
        return []
    finding = _conflict([f for group in values for f in group], by_id)
    return [finding] if finding is not None else []


def _values(members: Sequence[Figure]) -> list[list[Figure]]:
    """Figures grouped by the value they state (one value written two ways is one group)."""
    groups: list[list[Figure]] = []
    for f in sorted(members, key=lambda f: (f.doc, f.span.start)):
        for group in groups:
            if relation(group[0].quantity, f.quantity) == "same":
                group.append(f)
                break
        else:
            groups.append([f])
    return groups


def _conflict(members: Sequence[Figure], by_id: dict[str, Article]) -> Finding | None:
    values = _values(members)
    if len(values) < 2:
        return None
    docs_of = [sorted({f.doc for f in group}) for group in values]
    order = sorted(range(len(values)), key=lambda i: (-len(docs_of[i]), values[i][0].doc, values[i][0].span.start))
    values = [values[i] for i in order]
    docs_of = [docs_of[i] for i in order]
    reference = 0 if len(docs_of[0]) > len(docs_of[1]) else None
    subject = _subject(members)
    listing = [f'"{group[0].span.text}" ({_docs(docs)})' for group, docs in zip(values, docs_of)]
    if reference is not None:
        message = f"Reports differ on {subject}: " + ", ".join(listing[1:]) + f" against {listing[0]}, which most of them give"
    else:
        message = f"Reports differ on {subject}: " + " against ".join(listing)
    evidence = [f.span for group in values for f in group]
    finding = make_finding(
        "number", "conflict", message, [group[0].span.text for group in values], evidence, subject=subject, severity="warning"
    )
    if reference is None:
        return finding
    departing = [f.span for group in values[1:] for f in group]
    return replace(
        finding,
        reference=values[0][0].span.text,
        departs=tuple(sorted({s.doc for s in departing})),
        fixes=tuple(Fix(s, values[0][0].span.text) for s in departing),
    )


def _subject(members: Sequence[Figure]) -> str:
    first = members[0]
    anchors = [f.anchor for f in members if f.anchor]
    anchor = max(set(anchors), key=anchors.count) if anchors else ""
    shown = first.shown_what
    return f"{shown} ({anchor.capitalize()})" if anchor and anchor not in shown.lower() else shown


def _agreements(pairs: list[tuple[Figure, Figure]]) -> list[Finding]:
    """One agreement for a subject that two or more articles give alike."""
    members = sorted({f for pair in pairs for f in pair}, key=lambda f: (f.doc, f.span.start))
    docs = sorted({f.doc for f in members})
    if len(docs) < 2:
        return []
    subject = _subject(members)
    first = members[0]
    return [
        make_finding(
            "number",
            "agreement",
            f"{len(docs)} sources agree on {subject}: {first.span.text} ({_docs(docs)})",
            [first.span.text],
            [f.span for f in members],
            subject=subject,
        )
    ]


def _docs(docs: Sequence[str]) -> str:
    shown = sorted({doc_label(d) for d in docs})
    if len(shown) > 4:
        return ", ".join(shown[:3]) + f" and {len(shown) - 3} more"
    return ", ".join(shown)


__all__ = ["figure_findings"]
