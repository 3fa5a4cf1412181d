"""Figures compared by what they are about, across a story and inside one article.

Reports of one event restate its figures in new sentences: "killing at least seven people"
in one, "That temblor killed at least six people" in another; "Klitschko (52-3, 46 KOs)"
against "Klitschko improved his record to 53-3". Aligned passages (`changes`) never meet
these. Here every figure of every sentence (`reconcile.quantities`) is described by what
it is about:

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
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from importlib import resources
from typing import Collection, Sequence

from rapidfuzz.distance import Levenshtein

from ..claims import article_sentences
from ..claims.dates import find_date_expressions
from ..claims.numbers import counted_phrase, key_of, singular
from ..model import Article, Claim, Finding, Fix, Span
from ..quantities import Quantity, read_quantities, relation
from ..text import Token, words, words_within
from .base import DisjointSets, doc_label, make_finding
from .pairing import pairs_in_stories, stem
from .stories import NOT_NAMES, Stories, name_form, opens_sentence

# Words around a figure that are read as its context, each side.
WINDOW = 8
# Between articles: content words and names two figures' contexts must share.
MIN_SHARED = 3
# Between articles, for counts with no name beside them ("two speed boats"): more.
MIN_SHARED_UNNAMED = 5
# Inside one article (two sentences saying one thing twice): more.
MIN_SHARED_WITHIN = 4
# Counted nouns too vague to say what a figure is about on their own.
_VAGUE_WHAT = frozenset({"", "count", "time", "times", "year", "day", "week", "month", "hour", "minute", "thing",
                         "way", "part", "one", "other", "lot", "number", "percent", "%"})
_PEOPLE = frozenset({"person", "people", "man", "woman", "child", "victim", "resident", "civilian", "worker",
                     "passenger", "student", "adult", "casualty", "body"})
_ADJECTIVES = frozenset({"other", "more", "additional", "further", "extra", "new", "separate", "fresh"})
_STOP = frozenset(
    """a an the and or but nor of to in on at by for with from as into onto over under about after before since
    until during between among than then that which who whom whose where when while is are was were be been being
    has have had do does did will would shall should can could may might must it its this these those there here
    not no also just only very more most some any such each every all both other another he she they we i you his
    her their our my your him them us said says say told according up out off one two three four five six seven
    eight nine ten per cent percent according""".split()
)


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
    by_distance = sorted([(n, t) for n, t in enumerate(reversed(clause_before))] + [(n, t) for n, t in enumerate(clause_after)],
                         key=lambda item: item[0])
    event = next((events[t.form] for _, t in by_distance if t.form in events), "")
    what, shown = _what(text, sentence, q, clause_before, clause_after, measures)
    if what in _VAGUE_WHAT or _converted(text, q):
        return None
    if what.split("/")[0] in _PEOPLE and event:
        what, shown = f"{what}/{event}", f"{shown} ({event})"
    names = frozenset(name_form(t.form) for t in tokens
                      if _is_name(text, t, known) and len(t.form) > 2 and not (q.start <= t.start < q.end))
    anchor = _anchor(text, clause_before[-3:], [], known) if q.kind == "pair" else _anchor(text, clause_before, clause_after, known)
    context = frozenset(stem(t.form) for t in (*before, *after)
                        if t.form not in _STOP and len(t.form) > 2 and not t.form[:1].isdigit())
    return Figure(article.span(q.start, q.end), sentence, q, what, shown, anchor, names, context, event)


def _converted(text: str, q: Quantity) -> bool:
    """An amount in brackets after another, "110 billion euros ($143 billion)": a
    conversion at some rate, not a figure of its own."""
    before = text[max(0, q.start - 3):q.start].rstrip()
    if not before.endswith("("):
        return False
    ahead = text[max(0, q.start - 40):q.start].rstrip()[:-1].rstrip()
    return bool(re.search(r"(?:\d|million|billion|bn|m|euros?|dollars?|pounds?|yuan|yen|percent|%)$", ahead, re.I))


def _same_clause(text: str, tokens: list[Token], at: int, backwards: bool) -> list[Token]:
    """The tokens of the clause the figure stands in: up to a ";" or a sentence-like break."""
    kept: list[Token] = []
    sequence = list(reversed(tokens)) if backwards else tokens
    cursor = at
    for t in sequence:
        gap = text[t.end:cursor] if backwards else text[cursor:t.start]
        if ";" in gap or " - " in gap or "\u2014" in gap:
            break
        kept.append(t)
        cursor = t.start if backwards else t.end
    return list(reversed(kept)) if backwards else kept


def _what(text: str, sentence: Span, q: Quantity, before: list[Token], after: list[Token],
          measures: dict[str, str]) -> tuple[str, str]:
    """What a figure counts or measures, as a comparable key and in plain words."""
    if q.kind == "time":
        return "clock time", "the time"
    tail = text[q.end:q.end + 12].lower()
    if re.match(r"[ -]?(?:years?|yrs?)?[ -]?old\b", tail) or re.search(r"\b(?:aged?|age of)\s*$", text[max(0, q.start - 10):q.start].lower()):
        return "age", "age"
    if q.kind == "label":
        digits = re.sub(r"\D", "", text[q.start:q.end])
        return ("phone", "the telephone number") if len(digits) >= 7 else ("label", "the number")
    glued = re.match(r"-([A-Za-z]+)", text[q.end:q.end + 20])  # "6.1-magnitude"
    if q.kind != "pair":
        # A record or score is a pair ("52-3"): a single number beside the word is
        # something else ("a 162-139 record in his three-plus seasons").
        measures = {word: what for word, what in measures.items() if what not in _PAIR_MEASURES}
    measure = next((measures[t.form] for t in [*reversed(before[-4:]), *after[:2]] if t.form in measures), "")
    if glued and glued.group(1).lower() in measures:
        measure = measures[glued.group(1).lower()]
    if q.kind == "pair":
        return ("record", "the record") if measure in ("", "record", "score") else (measure, measure)
    if q.unit and q.dimension != "money":
        what = measure or q.dimension
        return f"{what}:{q.dimension}", measure or _DIMENSION_WORDS.get(q.dimension, q.dimension)
    close = next((measures[t.form] for t in reversed(before[-3:]) if t.form in measures), "")
    if close and not q.unit:
        return close, close  # "a magnitude of at least 5.9"
    start = q.end
    other = ""
    for t in after[:2]:
        if t.form in _ADJECTIVES and not text[start:t.start].strip():
            other = t.form + " "
            start = t.end
        else:
            break
    phrase = counted_phrase(text, start, sentence.end)
    if phrase is not None:
        counted = text[phrase[0]:phrase[1]]
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
    return text[tok.start].isupper() and name_form(tok.form) not in NOT_NAMES \
        and (not opens_sentence(text, tok.start) or name_form(tok.form) in known)


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


# --- comparing ---------------------------------------------------------------------------------

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
    if bool(qx.unit) != bool(qy.unit) and x.what.split(":")[0] == y.what.split(":")[0] and qx.dimension != "money" \
            and qy.dimension != "money":
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


_PAIR_MEASURES = frozenset({"record", "score"})
# What a measured quantity is called when no word beside it names it.
_DIMENSION_WORDS = {"ratio": "the percentage", "ratio-change": "the change in percentage points", "length": "the distance",
                    "area": "the area", "duration": "how long", "mass": "the weight", "speed": "the speed",
                    "volume": "the volume", "temperature": "the temperature"}
GENERIC_MEASURES = frozenset(_DIMENSION_WORDS.values())
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
        if ":" not in f.what and f.what.split("/")[0] not in _PEOPLE and f.quantity.kind == "number":
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


def figure_findings(articles: Sequence[Article], claims: Sequence[Claim], stories: Stories,
                    lexicon=None) -> list[Finding]:
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


def _judge(members: list[Figure], stories: Stories, by_id: dict[str, Article],
           in_sentence: dict[Span, list[Figure]], in_article: dict[tuple[str, str], list[Figure]]) -> list[Finding]:
    """The findings of figures about one subject, each group of comparable figures on its own."""
    linked = [(x, y) for x, y in pairs_in_stories(members, lambda f: f.doc, stories)
              if x.doc != y.doc and _comparable(x, y, stories)]
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


def _judge_linked(linked: list[tuple[Figure, Figure]], by_id: dict[str, Article],
                  in_sentence: dict[Span, list[Figure]], in_article: dict[tuple[str, str], list[Figure]]) -> list[Finding]:
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
    clashing = [(x, y) for x, y in linked if _agree(x, y) is False and not _other_scope(x, y, in_sentence)
                and not _also_given(x, y, in_article) and not _also_given(y, x, in_article)]
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
    listing = [f"\"{group[0].span.text}\" ({_docs(docs)})" for group, docs in zip(values, docs_of)]
    if reference is not None:
        message = (f"Reports differ on {subject}: " + ", ".join(listing[1:]) + f" against {listing[0]}, which most of them give")
    else:
        message = f"Reports differ on {subject}: " + " against ".join(listing)
    evidence = [f.span for group in values for f in group]
    finding = make_finding("number", "conflict", message, [group[0].span.text for group in values], evidence,
                           subject=subject, severity="warning")
    if reference is None:
        return finding
    departing = [f.span for group in values[1:] for f in group]
    return replace(finding, reference=values[0][0].span.text, departs=tuple(sorted({s.doc for s in departing})),
                   fixes=tuple(Fix(s, values[0][0].span.text) for s in departing))


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
    return [make_finding("number", "agreement", f"{len(docs)} sources agree on {subject}: {first.span.text} ({_docs(docs)})",
                         [first.span.text], [f.span for f in members], subject=subject)]


def _docs(docs: Sequence[str]) -> str:
    shown = sorted({doc_label(d) for d in docs})
    if len(shown) > 4:
        return ", ".join(shown[:3]) + f" and {len(shown) - 3} more"
    return ", ".join(shown)


__all__ = ["GENERIC_MEASURES", "Figure", "describe", "figure_findings", "figures_of"]
