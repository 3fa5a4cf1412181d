"""Every change between two aligned passages, accounted for.

When the overlap stage aligns a passage of one article with a passage of another, the two
are copies of one text, and whatever changed between them was changed by someone. This
module aligns their words (`reconcile.overlap.wordalign`, the same alignment `reconcile diff`
draws) and says what each changed run of words is:

- ``name-spelling``: a name one slip from its counterpart ("Kowalsky"/"Kowalski", see
  `reconcile.findings.spelling`); ``name-variant`` when only accents or inner capitals
  differ, or the lexicon knows both spellings ("Sergey"/"Sergei");
- ``number``: figures read on both sides (`reconcile.quantities`) that state different
  values, or the same value in another form or unit (explained, no finding);
- ``date``: dates that name different days, or one day in two ways ("yesterday" in a
  Tuesday story and "on Monday": explained);
- ``role``: a title changed in front of the same name or office ("federal judge"/"state
  judge", "deputy director"/"director"), or one office given to another person;
- ``person``: another person named in the same place of the sentence;
- ``quote``: words changed inside quotation marks on both sides;
- ``paraphrase``: anything else. Rewrites change words all the time; a run that states
  no name, figure, date or title differently is not a finding.

Each change keeps its two spans (`a`, `b`) so that `text[start:end]` is the evidence.
`passage_changes` works on one aligned pair; `change_findings` turns the changes of every
pair into findings, one per fact, saying which copies depart from the form most copies use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Literal, Sequence

from rapidfuzz.distance import Levenshtein

from ..claims.dates import find_date_expressions
from ..claims.lexicon import Lexicon
from ..claims.numbers import key_of
from ..claims.quotes import find_quotations
from ..model import Article, Claim, Finding, FindingKind, Overlap, Severity, Span, Status
from ..quantities import Quantity, read_quantities, relation
from ..text import Token, fold_text, fold_word, words
from ..overlap.wordalign import WordOp, word_ops
from .base import DisjointSets, doc_label, make_finding
from .figure_subjects import GENERIC_MEASURES, describe
from .scripts import has_mixed_script
from .spelling import SlipKind, regional_spelling, slip
from .stories import opens_sentence

ChangeKind = Literal["name-spelling", "name-variant", "person", "number", "date", "role", "quote", "paraphrase"]
Verdict = Literal["differs", "maybe", "same", "unclear"]

# A changed run this short (in words, on each side) sits in one slot of the sentence: the
# words around it are the same on both sides, so what changed in it is one fact.
TIGHT_WORDS = 4
# Below this passage similarity, an aligned pair may be two sentences on one subject
# rather than two copies of one sentence: differences there are warnings, not errors.
CONFIDENT_SIMILARITY = 0.6

# Words that name an office or a rank, after which a changed qualifier changes the title.
ROLE_HEADS = frozenset(
    """judge justice director minister secretary chief officer commissioner governor president chairman
    chairwoman chair spokesman spokeswoman spokesperson attorney prosecutor sheriff mayor senator
    representative congressman congresswoman coach manager captain commander general admiral colonel
    lieutenant sergeant detective inspector superintendent trooper deputy constable marshal ambassador
    envoy chancellor premier leader head editor executive ceo counsel adviser advisor administrator
    physician surgeon doctor professor dean principal pastor priest bishop archbishop cardinal
    clerk treasurer auditor inspector-general undersecretary official spokesmen""".split()
)
# Words that change which office a title names when added, dropped or swapped.
ROLE_QUALIFIERS = frozenset(
    """deputy acting former assistant associate vice interim lieutenant under junior co ex senior chief
    federal state district county superior supreme appeals circuit city municipal national regional
    executive managing general principal first second""".split()
)
_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "der", "van", "von", "bin", "al", "la", "le", "du", "di", "mc", "st"})


@dataclass(frozen=True)
class Change:
    """One changed run between two aligned passages and what it is.

    verdict: ``differs`` (the copies state different things), ``same`` (one fact, two
    forms: explained), ``unclear`` (a fact changed but nothing tells whether the two
    forms agree, such as "yesterday" against "Monday" with no publication date).
    tight: the run is short and the words around it are the same on both sides.
    """

    kind: ChangeKind
    verdict: Verdict
    a: Span
    b: Span
    subject: str = ""
    why: str = ""
    tight: bool = True
    similarity: float = 1.0
    sure: bool = True  # False when the verdict rests on an assumption (both published one day)


@dataclass
class _Side:
    """What one side of an aligned pair holds: its article and the facts read from it."""

    article: Article
    passage: Span
    tokens: list[Token]
    quantities: list[Quantity]
    dates: list[Claim]
    people: list[Claim]
    quotes: list[tuple[int, int]]
    taken: list[tuple[int, int]] = field(default_factory=list)

    def within(self, span: Span) -> list[Token]:
        return [t for t in self.tokens if span.start <= t.start and t.end <= span.end]


def _intersects(s: int, e: int, span: Span) -> bool:
    if span.start == span.end:
        return False
    return s < span.end and span.start < e


def _side(article: Article, passage: Span, claims: Sequence[Claim]) -> _Side:
    text = article.text
    dates = [c for c in claims if c.kind == "date" and passage.start <= c.span.start and c.span.end <= passage.end]
    excluded = tuple((d.start, d.end) for d in find_date_expressions(text, passage.start, passage.end))
    quantities = read_quantities(text, passage.start, passage.end, excluded)
    people = [c for c in claims if c.kind == "person" and passage.start <= c.span.start and c.span.end <= passage.end]
    # A quotation left open (no closing mark) may run past what was quoted: not compared.
    quotes = [(q.start, q.end) for q in find_quotations(text, passage.start, passage.end) if not q.continued]
    return _Side(article, passage, words(text, passage.start, passage.end), quantities, dates, people, quotes)


def passage_changes(
    a: Article, b: Article, overlap: Overlap, claims_a: Sequence[Claim] = (), claims_b: Sequence[Claim] = (), lexicon: Lexicon | None = None
) -> list[Change]:
    """What changed between the two passages of `overlap` (A side in `a`, B side in `b`),
    one `Change` per changed fact and one ``paraphrase`` per run that states none."""
    x, y = (overlap.a, overlap.b) if overlap.a.doc == a.id else (overlap.b, overlap.a)
    side_a, side_b = _side(a, x, claims_a), _side(b, y, claims_b)
    ops = word_ops(a, x, b, y)
    changes: list[Change] = []
    for n, op in enumerate(ops):
        if op.op == "equal":
            changes.extend(_case_and_accents(side_a, side_b, op, overlap.similarity))
            continue
        before = ops[n - 1] if n > 0 else None
        after = ops[n + 1] if n + 1 < len(ops) else None
        changes.extend(_classify(side_a, side_b, op, before, after, overlap.similarity, lexicon))
    return changes


# --- one changed run --------------------------------------------------------------------------


def _classify(
    sa: _Side, sb: _Side, op: WordOp, before: WordOp | None, after: WordOp | None, similarity: float, lexicon: Lexicon | None
) -> list[Change]:
    words_a, words_b = sa.within(op.a), sb.within(op.b)
    tight = len(words_a) <= TIGHT_WORDS and len(words_b) <= TIGHT_WORDS and (before is not None or after is not None)
    found: list[Change] = []
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    if op.op == "replace":
        found += _date_changes(sa, sb, op, tight, similarity, taken_a, taken_b)
        found += _number_changes(sa, sb, op, tight, similarity, taken_a, taken_b)
    if op.op == "replace":
        found += _name_changes(sa, sb, words_a, words_b, tight, similarity, lexicon, taken_a, taken_b, swaps=False)
    found += _role_changes(sa, sb, op, before, after, words_a, words_b, similarity, taken_a, taken_b)
    if op.op == "replace":
        if not any(c.kind == "role" for c in found):
            found += _person_swap_if_tight(sa, sb, words_a, words_b, tight, similarity, taken_a, taken_b, found)
        found += _quote_changes(sa, sb, op, before, after, words_a, words_b, tight, similarity, taken_a, taken_b, lexicon)
    if not found:
        found.append(Change("paraphrase", "same", op.a, op.b, tight=tight, similarity=similarity))
    return found


def _free(s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    return all(e <= ts or s >= te for ts, te in taken)


def _date_changes(sa: _Side, sb: _Side, op: WordOp, tight: bool, similarity: float, taken_a: list, taken_b: list) -> list[Change]:
    da = [c for c in sa.dates if _intersects(c.span.start, c.span.end, op.a)]
    db = [c for c in sb.dates if _intersects(c.span.start, c.span.end, op.b)]
    if not da or not db:
        return []
    found = []
    for x, y in _pair_in_order(da, db):
        taken_a.append((x.span.start, x.span.end))
        taken_b.append((y.span.start, y.span.end))
        verdict, why = compare_date_claims(x, y, (sa.article.published, sb.article.published))
        if verdict in ("differs", "maybe") and not tight and not _same_event(x, y):
            verdict, why = "unclear", "the dates may belong to different events"
        subject = _date_subject(x, y)
        # A relative date ("this morning") anchored to two publication dates a day apart
        # may be a reprint that kept its words, or a time zone: an editor must judge.
        published_apart = sa.article.published != sb.article.published
        relative = x.date.relative or y.date.relative
        sure = not why.startswith("different days if") and not (published_apart and relative)
        found.append(Change("date", verdict, x.span, y.span, subject, why, tight, similarity, sure))
    return found


def compare_date_claims(x: Claim, y: Claim, published: tuple[date | None, date | None] = (None, None)) -> tuple[Verdict, str]:
    """Do two date claims name the same day (or interval)? Resolved intervals are compared
    when both are anchored; otherwise weekdays and written days can still differ. A word
    counted from the day of writing ("today", "late yesterday", "this afternoon") that
    misses the other's day by one is "maybe": copies keep the words of the story they copy
    and may be published a day later or in a time zone ahead, unless `published` says both
    came out the same day."""
    verdict, why = _compare_dates(x, y)
    same_day = published[0] is not None and published[0] == published[1]
    if verdict == "differs" and not same_day and _deictic_a_day_apart(x, y):
        return "maybe", "a day apart: the same day only if one was published a day later or in a time zone ahead"
    return verdict, why


def _deictic_a_day_apart(x: Claim, y: Claim) -> bool:
    dx, dy = _days_from_publication(x), _days_from_publication(y)
    if dx is None and dy is None:
        return False
    if dx is not None and dy is not None:
        return abs(dx - dy) <= 1
    ix, iy = _interval(x), _interval(y)
    if ix and iy and ix[0] == ix[1] and iy[0] == iy[1]:
        return abs((ix[0] - iy[0]).days) <= 1
    for anchored, other in ((ix, y), (iy, x)):
        weekday = other.date.weekday
        if anchored and anchored[0] == anchored[1] and weekday:
            return any((anchored[0] + timedelta(days=k)).strftime("%A").lower() == weekday for k in (-1, 0, 1))
    return False


def _compare_dates(x: Claim, y: Claim) -> tuple[Verdict, str]:
    ix, iy = _interval(x), _interval(y)
    wx, wy = x.date.weekday, y.date.weekday
    # A weekday alone ("on Monday") is resolved by guessing the tense; against a day the
    # other copy names outright ("yesterday", "December 22"), the weekday decides.
    for bare, named, other in ((x, wx, iy), (y, wy, ix)):
        if named and _bare_weekday(bare) and other and other[0] == other[1]:
            day = other[0].strftime("%A").lower()
            if day == named:
                return "same", f"both name {_day_text(other)}"
            return "differs", f"{_day_text(other)} against {named.capitalize()}"
    if ix and iy:
        if ix == iy:
            return "same", f"both name {_day_text(ix)}"
        if ix[1] < iy[0] or iy[1] < ix[0]:
            return "differs", f"{_day_text(ix)} against {_day_text(iy)}"
        return _same_shape(x, y) or ("same", "one interval holds the other")
    wx, wy = x.date.weekday, y.date.weekday
    for anchored, weekday in ((ix, wy), (iy, wx)):
        if anchored and weekday and anchored[0] == anchored[1]:
            named = anchored[0].strftime("%A").lower()
            if named == weekday:
                return "same", f"both name a {weekday.capitalize()}"
            return "differs", f"{_day_text(anchored)} against {weekday.capitalize()}"
    if wx and wy:
        return ("same", "same weekday") if wx == wy else ("differs", f"{wx.capitalize()} against {wy.capitalize()}")
    ex, ey = _written_day(x), _written_day(y)
    if ex and ey:
        return ("same", "same written date") if ex == ey else ("differs", "another day of the month")
    if fold_text(x.span.text) == fold_text(y.span.text):
        return "same", "same words"
    mx, my = _month_named(x), _month_named(y)
    if mx and my and mx != my:
        return "differs", "another month"
    dx, dy = _days_from_publication(x), _days_from_publication(y)
    if dx is not None and dy is not None:
        if dx == dy:
            return "same", "the same day before or after publication"
        return "differs", ("different days if the two were published on the same day (no publication date says otherwise)")
    return _same_shape(x, y) or ("unclear", "no publication date to resolve the relative date against")


_NUMBER_WORDS = (
    r"\b(?:\d+(?:st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|a|an)\b"
)
_SHAPE_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?")
_SHAPE_NUMBERS = re.compile(_NUMBER_WORDS)
# Words of dates that copies published a day or so apart may honestly change.
_DAY_WORDS = re.compile(r"\b(?:days?|hours?|minutes?|nights?|today|tonight|yesterday|tomorrow|weeks?)\b")


def _same_shape(x: Claim, y: Claim) -> tuple[Verdict, str] | None:
    """Two dates written alike but for a month or a number ("March or April" / "February
    or April", "1990 to 1991" / "1989 to 1991", "eight years ago" / "three years ago"):
    different dates, whatever the publication dates, unless the words count days or hours,
    which copies published a day apart may change."""
    fx, fy = fold_text(x.span.text).strip(), fold_text(y.span.text).strip()
    if fx == fy:
        return None

    def shape(text: str) -> str:
        return _SHAPE_NUMBERS.sub("#", _SHAPE_MONTHS.sub("<month>", text))

    if shape(fx) != shape(fy) or _DAY_WORDS.search(fx):
        return None
    months = _SHAPE_MONTHS.findall(fx) != _SHAPE_MONTHS.findall(fy)
    return "differs", "another month" if months else "another number in the same date"


_DEICTIC = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "last night": -1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
}


def _days_from_publication(claim: Claim) -> int | None:
    """For "yesterday", "today", "last night", "tomorrow": the day counted from publication."""
    expression = re.sub(r"'s\b|\s+(?:morning|afternoon|evening|night)$", "", fold_text(claim.span.text).strip())
    expression = re.sub(r"^(?:early|late|earlier|later)\s+", "", expression)
    if fold_text(claim.span.text).strip() in _DEICTIC:
        return _DEICTIC[fold_text(claim.span.text).strip()]
    return _DEICTIC.get(expression)


def _month_named(claim: Claim) -> str:
    """The month a date names without a day ("in September", "last October"), or ""."""
    m = re.fullmatch(rf"(?:(?:early|late|mid|last|next|this)[\s-]+)?{_MONTHS}\.?", fold_text(claim.span.text).strip())
    return m.group(1) if m else ""


def _bare_weekday(claim: Claim) -> bool:
    """A date said only by its weekday ("on Friday", "Friday night")."""
    return re.fullmatch(
        r"(?:early |late )?[a-z]+day(?:'s)?(?: (?:morning|afternoon|evening|night))?", fold_text(claim.span.text).strip()
    ) is not None and bool(claim.date.weekday)


def _interval(claim: Claim) -> tuple[date, date] | None:
    if not claim.date.anchored:
        return None
    try:
        return date.fromisoformat(claim.date.start), date.fromisoformat(claim.date.end)
    except ValueError:
        return None


def _day_text(interval: tuple[date, date]) -> str:
    start, end = interval
    if start == end:
        return f"{start.strftime('%A')} {start.day} {start.strftime('%B %Y')}"
    return f"{start.isoformat()} to {end.isoformat()}"


_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_MONTH_DAY = re.compile(rf"\b{_MONTHS}\.?\s+(\d{{1,2}})\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}")


def _written_day(claim: Claim) -> tuple[str, str] | None:
    """("march", "5") for "March 5" or "5 March": comparable without a year or an anchor."""
    m = _MONTH_DAY.search(fold_text(claim.span.text))
    if not m:
        return None
    month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return month[:3], day


def _same_event(x: Claim, y: Claim) -> bool:
    ex, ey = set(x.date.event.split()), set(y.date.event.split())
    return bool(ex & ey)


def _date_subject(x: Claim, y: Claim) -> str:
    """What a date dates, in the words the sentence says it: the words before the date."""
    event = words_before(x, 6)
    return f'the date of "{event}"' if event else "a date"


def words_before(claim: Claim, count: int) -> str:
    """Up to `count` words of a claim's sentence just before it, as written (from the start
    of its clause), so that a message quotes the text rather than a bag of words."""
    sentence = claim.sentence
    head = sentence.text[: claim.span.start - sentence.start]
    head = re.split(r"[;\u2014]|: |, (?:and|but) |\. ", head)[-1]
    tokens = words(head)
    kept = tokens[-count:]
    if not kept:
        return ""
    phrase = head[kept[0].start : kept[-1].end]
    return re.sub(r"\s+", " ", phrase).strip(" ,")


def _pair_in_order(xs: Sequence, ys: Sequence) -> list[tuple]:
    """Items of two runs paired in order; with unequal counts, the shorter run's items
    pair with the first of the longer one's."""
    return list(zip(xs, ys))


def _number_changes(sa: _Side, sb: _Side, op: WordOp, tight: bool, similarity: float, taken_a: list, taken_b: list) -> list[Change]:
    qa = [q for q in sa.quantities if _intersects(q.start, q.end, op.a) and _free(q.start, q.end, taken_a)]
    qb = [q for q in sb.quantities if _intersects(q.start, q.end, op.b) and _free(q.start, q.end, taken_b)]
    if not qa or not qb:
        return []
    found = []
    for x, y in _pair_quantities(qa, qb):
        verdict_of = relation(x, y)
        taken_a.append((x.start, x.end))
        taken_b.append((y.start, y.end))
        if verdict_of is None:
            found.append(
                Change(
                    "number",
                    "same",
                    sa.article.span(x.start, x.end),
                    sb.article.span(y.start, y.end),
                    _counted(sa, x) or _counted(sb, y),
                    "not comparable (another currency or kind)",
                    tight,
                    similarity,
                )
            )
            continue
        what_a, what_b = _counted(sa, x), _counted(sb, y)
        verdict: Verdict = "differs" if verdict_of == "different" else "same"
        why = {"same": "one value in two forms", "compatible": "compatible values (rounded or qualified)", "different": "different values"}[
            verdict_of
        ]
        same_thing = bool(what_a) and number_key(what_a) == number_key(what_b)
        only_figure = _beside(sa, op.a, x) <= 1 and _beside(sb, op.b, y) <= 1
        if verdict == "differs" and not same_thing and not (x.unit and x.unit == y.unit) and not (tight and only_figure):
            verdict, why = "unclear", "the figures may count different things"
        subject = what_a or what_b or _figure_context(sa, x)
        if subject in GENERIC_MEASURES:
            # "the percentage" alone does not say of what: the words before it do.
            subject = _figure_context(sa, x).replace("the figure", subject, 1) or subject
        found.append(
            Change("number", verdict, sa.article.span(x.start, x.end), sb.article.span(y.start, y.end), subject, why, tight, similarity)
        )
    return found


def _figure_context(side: _Side, q: Quantity) -> str:
    """When nothing says what a figure counts: the words before it, quoted ("the figure
    after “a magnitude of”")."""
    text = side.article.text
    before = [t for t in side.tokens if t.end <= q.start][-4:]
    if not before:
        return ""
    return f"the figure after \u201c{re.sub(chr(92) + 's+', ' ', text[before[0].start : before[-1].end])}\u201d"


def _beside(side: _Side, run: Span, q: Quantity) -> int:
    """How many words of a changed run lie outside the figure: "Banky, 40" against "one
    man" changes more than a number."""
    return sum(1 for t in side.within(run) if t.end <= q.start or t.start >= q.end)


def _pair_quantities(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    if len(qa) == len(qb):
        return list(zip(qa, qb))
    pairs = []
    used: set[int] = set()
    for x in qa:
        best = None
        for j, y in enumerate(qb):
            if j in used:
                continue
            r = relation(x, y)
            if r is None:
                continue
            if best is None or (r != "different" and best[1] == "different"):
                best = (j, r)
        if best is not None:
            used.add(best[0])
            pairs.append((x, qb[best[0]]))
    return pairs


def _counted(side: _Side, q: Quantity) -> str:
    """What a figure counts or measures, in plain words: "crew members", "magnitude"."""
    return describe(side.article.text, side.passage, q)


def number_key(phrase: str) -> str:
    """The comparable form of a counted phrase ("crew members" -> "member")."""
    return key_of(phrase) if phrase else ""


def _name_like(side: _Side, tok: Token) -> bool:
    """A word that can be a name: capitalised and not only because it opens a sentence,
    or capitalised elsewhere in its article away from a sentence start."""
    text = side.article.text
    if not text[tok.start].isupper():
        return False
    if not opens_sentence(text, tok.start):
        return True
    return tok.form in _capitalised_inside(side.article)


_CAPITALISED_CACHE: dict[str, frozenset[str]] = {}


def _capitalised_inside(article: Article) -> frozenset[str]:
    """Folded words that the article capitalises somewhere other than a sentence start."""
    key = f"{article.id}\x1f{len(article.text)}\x1f{hash(article.text)}"
    found = _CAPITALISED_CACHE.get(key)
    if found is None:
        text = article.text
        found = frozenset(t.form for t in words(text) if text[t.start].isupper() and not opens_sentence(text, t.start))
        if len(_CAPITALISED_CACHE) > 4096:
            _CAPITALISED_CACHE.clear()
        _CAPITALISED_CACHE[key] = found
    return found


def _person_swap_if_tight(
    sa: _Side,
    sb: _Side,
    words_a: list[Token],
    words_b: list[Token],
    tight: bool,
    similarity: float,
    taken_a: list,
    taken_b: list,
    found: list[Change],
) -> list[Change]:
    if not tight or any(c.kind in ("name-spelling", "name-variant") for c in found):
        return []
    return _person_swap(sa, sb, words_a, words_b, similarity, taken_a, taken_b)


def _name_changes(
    sa: _Side,
    sb: _Side,
    words_a: list[Token],
    words_b: list[Token],
    tight: bool,
    similarity: float,
    lexicon: Lexicon | None,
    taken_a: list,
    taken_b: list,
    swaps: bool = True,
) -> list[Change]:
    ta = [t for t in words_a if _free(t.start, t.end, taken_a)]
    tb = [t for t in words_b if _free(t.start, t.end, taken_b)]
    found = []
    used_b: set[int] = set()
    text_a, text_b = sa.article.text, sb.article.text
    for x in ta:
        wx = text_a[x.start : x.end]
        for j, y in enumerate(tb):
            if j in used_b:
                continue
            wy = text_b[y.start : y.end]
            kind = slip(wx, wy) or (_short_slip(x.form, y.form) if tight else None)
            if kind is None or not (_name_like(sa, x) or _name_like(sb, y)):
                continue
            if has_mixed_script(wx) or has_mixed_script(wy):
                continue  # a letter of another script inside a name is a mixed-script finding
            if kind in ("accent", "case"):
                continue  # equal once folded: such words never stand in a replace
            used_b.add(j)
            taken_a.append((x.start, x.end))
            taken_b.append((y.start, y.end))
            change_kind: ChangeKind = "name-spelling"
            why: str = kind
            if lexicon is not None and (lexicon.same_given_name(x.form, y.form) or _both_known(lexicon, x.form, y.form)):
                change_kind, why = "name-variant", "two accepted spellings"
            found.append(
                Change(
                    change_kind,
                    "differs",
                    sa.article.span(x.start, x.end),
                    sb.article.span(y.start, y.end),
                    wx if wx[:1].isupper() else wy,
                    why,
                    tight,
                    similarity,
                )
            )
            break
    if swaps and tight and not found:
        found += _person_swap(sa, sb, words_a, words_b, similarity, taken_a, taken_b)
    return found


def _short_slip(a: str, b: str) -> SlipKind | None:
    """A letter dropped from a five-letter name ("March"/"Marh", "Banky"/"Bnky"): alone,
    four letters are too few to tell a slip from another word, but in one slot of two
    copies of a sentence the rest of the sentence tells."""
    short, long = sorted((a, b), key=len)
    if not (a.isalpha() and b.isalpha()) or regional_spelling(a, b):
        return None
    if len(short) >= 4 and len(long) == len(short) + 1 and a[0] == b[0] and Levenshtein.distance(a, b) == 1 and not long.startswith(short):
        return "dropped letter"
    return None


def _both_known(lexicon: Lexicon, a: str, b: str) -> bool:
    """Both words are forms the lexicon or a user vocabulary accepts (two transliterations)."""
    known = lexicon.known_words
    return a in known and b in known


def _person_swap(
    sa: _Side, sb: _Side, words_a: list[Token], words_b: list[Token], similarity: float, taken_a: list, taken_b: list
) -> list[Change]:
    """Another person named in the same slot: "said John Smith" against "said Mary Jones"."""
    if not words_a or not words_b:
        return []
    ra = sa.article.span(words_a[0].start, words_a[-1].end)
    rb = sb.article.span(words_b[0].start, words_b[-1].end)
    pa = [c for c in sa.people if _intersects(c.span.start, c.span.end, ra) and c.person.mention == "full"]
    pb = [c for c in sb.people if _intersects(c.span.start, c.span.end, rb) and c.person.mention == "full"]
    if len(pa) != 1 or len(pb) != 1:
        return _named_swap(sa, sb, words_a, words_b, ra, rb, similarity, taken_a, taken_b)
    x, y = pa[0], pb[0]
    if x.key == y.key or not all(_free(t.start, t.end, taken_a) for t in words_a):
        return []
    if has_mixed_script(x.span.text) or has_mixed_script(y.span.text):
        return []  # one name with a lookalike letter: a mixed-script finding, not another person
    if fold_text(x.person.surname) == fold_text(y.person.surname):
        return []
    misspelt = _surname_slip(sa, sb, words_a, words_b, x, y, similarity)
    if misspelt is not None:
        taken_a.append((misspelt.a.start, misspelt.a.end))
        taken_b.append((misspelt.b.start, misspelt.b.end))
        return [misspelt]
    # The changed words are the name (a title before it, "'s" after it, may be outside them).
    if not (x.span.start <= ra.start and ra.end <= x.span.end + 2 and y.span.start <= rb.start and rb.end <= y.span.end + 2):
        return []
    role = x.person.role or y.person.role
    kind: ChangeKind = "role" if role else "person"
    subject = f"the {role}" if role else "who is named"
    taken_a.append((x.span.start, x.span.end))
    taken_b.append((y.span.start, y.span.end))
    return [Change(kind, "differs", x.span, y.span, subject, "another person in the same place", True, similarity)]


def _surname_slip(sa: _Side, sb: _Side, words_a: list[Token], words_b: list[Token], x: Claim, y: Claim, similarity: float) -> Change | None:
    """One person whose surname lost or changed a letter ("Benjamin Banky" / "Benjamin
    Bnky"): a name spelled two ways, not another person named."""
    surname_a, surname_b = fold_text(x.person.surname), fold_text(y.person.surname)
    if not surname_a or not surname_b or surname_a[0] != surname_b[0] or Levenshtein.distance(surname_a, surname_b) != 1:
        return None
    ta = next((t for t in words_a if t.form == surname_a), None)
    tb = next((t for t in words_b if t.form == surname_b), None)
    if ta is None or tb is None:
        return None
    wa, wb = sa.article.text[ta.start : ta.end], sb.article.text[tb.start : tb.end]
    return Change(
        "name-spelling",
        "differs",
        sa.article.span(ta.start, ta.end),
        sb.article.span(tb.start, tb.end),
        wa,
        slip(wa, wb) or "letter",
        True,
        similarity,
    )


_SPEECH = frozenset("said says told added says explained noted stated wrote reported announced".split())


def _named_swap(
    sa: _Side, sb: _Side, words_a: list[Token], words_b: list[Token], ra: Span, rb: Span, similarity: float, taken_a: list, taken_b: list
) -> list[Change]:
    """Two names of two or three capitalised words each in one slot, where the claims stage
    did not see a person: a person all the same when a title stands before the slot or a
    verb of speech after it ("Director Jon Owen said" / "Director Tomas Lindqvist said")."""
    if not (2 <= len(words_a) <= 3 and 2 <= len(words_b) <= 3):
        return []
    if not all(sa.article.text[t.start].isupper() for t in words_a) or not all(sb.article.text[t.start].isupper() for t in words_b):
        return []
    if any(x.form == y.form for x in words_a for y in words_b):
        return []
    before = [t for t in sa.tokens if t.end <= ra.start][-1:]
    after = [t for t in sa.tokens if t.start >= ra.end][:1]
    titled = bool(before) and before[0].form.rstrip(".") in ROLE_HEADS
    speaking = bool(after) and after[0].form in _SPEECH
    if not (titled or speaking):
        return []
    taken_a.append((ra.start, ra.end))
    taken_b.append((rb.start, rb.end))
    return [Change("person", "differs", ra, rb, "who is named", "another person in the same place", True, similarity)]


def _role_changes(
    sa: _Side,
    sb: _Side,
    op: WordOp,
    before: WordOp | None,
    after: WordOp | None,
    words_a: list[Token],
    words_b: list[Token],
    similarity: float,
    taken_a: list,
    taken_b: list,
) -> list[Change]:
    """A qualifier added, dropped or swapped in front of an office that both copies name:
    "federal judge"/"state judge", "deputy director"/"director", "Interior"/"Defence Minister"."""
    if after is None or after.op != "equal":
        return []
    next_words = sa.within(after.a)
    if not next_words or next_words[0].form.rstrip(".") not in ROLE_HEADS:
        return []
    head = next_words[0]
    if not all(_free(t.start, t.end, taken_a) for t in words_a) or not all(_free(t.start, t.end, taken_b) for t in words_b):
        return []  # a word of the title misspelt is a name finding
    changed_a = [t.form for t in words_a]
    changed_b = [t.form for t in words_b]
    if len(changed_a) > 2 or len(changed_b) > 2:
        return []
    if op.op in ("insert", "delete"):
        changed = changed_a or changed_b
        if not changed or not all(
            w in ROLE_QUALIFIERS
            and w
            not in (
                "state",
                "federal",
                "national",
                "city",
                "county",
                "district",
                "regional",
                "first",
                "second",
                "chief",
                "senior",
                "general",
                "executive",
                "principal",
                "municipal",
            )
            for w in changed
        ):
            return []  # a place or a body added to a title makes it more specific, not another office
    elif not (
        all(w in ROLE_QUALIFIERS or _naming(sa, t) for w, t in zip(changed_a, words_a))
        and all(w in ROLE_QUALIFIERS or _naming(sb, t) for w, t in zip(changed_b, words_b))
    ):
        return []
    head_text = sa.article.text[head.start : head.end]
    a_title = sa.article.span(words_a[0].start if words_a else head.start, head.end)
    b_head = sb.within(after.b)[0]
    b_title = sb.article.span(words_b[0].start if words_b else b_head.start, b_head.end)
    for t in words_a:
        taken_a.append((t.start, t.end))
    for t in words_b:
        taken_b.append((t.start, t.end))
    holder = _holder_after(sa, head.end)
    subject = f"{holder}'s title" if holder else f"the {head_text.lower()}"
    return [Change("role", "differs", a_title, b_title, subject, "another title", True, similarity)]


_NOT_QUALIFYING = frozenset("the a an his her their its our my your this that these those".split())


def _naming(side: _Side, tok: Token) -> bool:
    """A capitalised word that can name an office's body or place ("Interior", "Defence"),
    not a pronoun or article that happens to open a sentence ("Her spokesman")."""
    return side.article.text[tok.start].isupper() and tok.form not in _NOT_QUALIFYING


def _holder_after(side: _Side, at: int) -> str:
    for c in side.people:
        if 0 <= c.span.start - at <= 3:
            return c.person.full or c.span.text
    return ""


def _quote_changes(
    sa: _Side,
    sb: _Side,
    op: WordOp,
    before: WordOp | None,
    after: WordOp | None,
    words_a: list[Token],
    words_b: list[Token],
    tight: bool,
    similarity: float,
    taken_a: list,
    taken_b: list,
    lexicon: Lexicon | None = None,
) -> list[Change]:
    """Words changed inside quotation marks on both sides, with quoted words that are the
    same on both sides before and after them: a direct quote is not to be reworded."""
    if before is None or after is None or before.op != "equal" or after.op != "equal" or not tight:
        return []
    inside_a = _quote_around(sa, before.a.end - 1, after.a.start)
    inside_b = _quote_around(sb, before.b.end - 1, after.b.start)
    if inside_a is None or inside_b is None:
        return []
    free_a = [t.form for t in words_a if _free(t.start, t.end, taken_a) and t.form not in _TIME_ZONES]
    free_b = [t.form for t in words_b if _free(t.start, t.end, taken_b) and t.form not in _TIME_ZONES]
    if not free_a and not free_b:
        return []  # the figure or date that changed is its own finding, or the same in another form
    if free_a == free_b or same_wording([t.form for t in words_a], [t.form for t in words_b], lexicon):
        return []  # "population's" for "populations", "neighbourhood", "11th hour": one wording
    return [Change("quote", "differs", op.a, op.b, "a direct quote", "words changed inside quotation marks", tight, similarity)]


def _quote_around(side: _Side, start: int, end: int) -> tuple[int, int] | None:
    """The quotation holding both the last equal word before a change and the first after it."""
    for s, e in side.quotes:
        if s <= start and end < e:
            return s, e
    return None


_TIME_ZONES = frozenset("gmt utc bst cet cest est edt cst cdt mst mdt pst pdt et pt ct mt ist jst".split())
_CONTRACTIONS = {
    "i'm": "i am",
    "it's": "it is",
    "we're": "we are",
    "they're": "they are",
    "you're": "you are",
    "he's": "he is",
    "she's": "she is",
    "that's": "that is",
    "there's": "there is",
    "can't": "cannot",
    "won't": "will not",
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "isn't": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "i've": "i have",
    "we've": "we have",
    "they've": "they have",
    "i'll": "i will",
    "we'll": "we will",
    "i'd": "i would",
    "let's": "let us",
}


def same_wording(xs: Sequence[str], ys: Sequence[str], lexicon: Lexicon | None = None) -> bool:
    """Two runs of folded words that say the same in another spelling: apostrophes and
    hyphens ("population's", "vice-presidential"), contractions, British and American
    spelling, numbers in words or digits ("11th hour", "eleventh-hour"), and two names
    the lexicon holds for one place or body ("California", "Calif.")."""
    if lexicon is not None and xs and ys:
        found_x = {e.id for e, _ in lexicon.named_entries(tuple(xs))}
        if found_x and found_x & {e.id for e, _ in lexicon.named_entries(tuple(ys))}:
            return True

    def plain(forms: Sequence[str]) -> str:
        text = " ".join(_CONTRACTIONS.get(f, f) for f in forms)
        text = text.replace("'", "").replace("-", "").replace(" ", "")
        return text

    def bare(forms: Sequence[str]) -> str:
        return "".join(forms).replace("'", "").replace("\u2019", "").replace("-", "")

    x, y = plain(xs), plain(ys)
    if x == y or bare(xs) == bare(ys):
        return True  # "I'm" against "I am", or "I ’ m" cut in two by its spacing
    if len(xs) == len(ys) and all(a == b or regional_spelling(a, b) for a, b in zip(xs, ys)):
        return True
    qx = read_quantities(" ".join(xs))
    qy = read_quantities(" ".join(ys))
    return (
        bool(qx)
        and len(qx) == len(qy)
        and all(relation(a, b) == "same" for a, b in zip(qx, qy))
        and _without_figures(xs, qx) == _without_figures(ys, qy)
    )


def _without_figures(forms: Sequence[str], quantities: Sequence[Quantity]) -> str:
    text = " ".join(forms)
    for q in reversed(quantities):
        text = text[: q.start] + text[q.end :]
    return re.sub(r"[\s-]+", "", text)


def _case_and_accents(sa: _Side, sb: _Side, op: WordOp, similarity: float) -> list[Change]:
    """Words equal once folded that differ in accents or inner capitals ("Peña"/"Pena")."""
    found = []
    for x, y in zip(sa.within(op.a), sb.within(op.b)):
        wx, wy = sa.article.text[x.start : x.end], sb.article.text[y.start : y.end]
        if wx == wy:
            continue
        kind = slip(wx, wy)
        if kind in ("accent", "case") and (_name_like(sa, x) or _name_like(sb, y)):
            found.append(
                Change(
                    "name-variant", "differs", sa.article.span(x.start, x.end), sb.article.span(y.start, y.end), wx, kind, True, similarity
                )
            )
    return found


# --- from changes to findings ----------------------------------------------------------------

_FINDING_KIND: dict[str, FindingKind] = {
    "name-spelling": "name-spelling",
    "name-variant": "name-variant",
    "person": "role",
    "role": "role",
    "number": "number",
    "date": "date",
    "quote": "quote",
}


def change_findings(
    articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap], lexicon: Lexicon | None = None
) -> list[Finding]:
    """Findings from the changes of every aligned passage pair: one per changed fact, with
    every copy that states it, the form most of them use and the copies that depart."""
    by_id = {a.id: a for a in articles}
    claims_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind in ("date", "person"):
            claims_by_doc[c.span.doc].append(c)
    changes: list[Change] = []
    for ov in one_partner_each(overlaps):
        a, b = by_id.get(ov.a.doc), by_id.get(ov.b.doc)
        if a is None or b is None:
            continue
        for change in passage_changes(a, b, ov, claims_by_doc[a.id], claims_by_doc[b.id], lexicon):
            # "same" is explained, "unclear" left to the diff: a finding says something
            # differs, or ("maybe") differs unless the copies came out on different days.
            if change.kind != "paraphrase" and change.verdict in ("differs", "maybe"):
                changes.append(change)
    return [finding for group in _same_names_together(_facts(changes)) if (finding := _finding(group, by_id, lexicon)) is not None]


def _same_names_together(groups: list[list[Change]]) -> list[list[Change]]:
    """One name spelled the same two ways in two shared passages ("Advisors" / "Advisers"
    in the headline and in the body) is one fact: one finding."""
    merged: dict[tuple, list[Change]] = {}
    kept: list[list[Change]] = []
    for group in groups:
        if group[0].kind not in ("name-spelling", "name-variant"):
            kept.append(group)
            continue
        key = (group[0].kind, frozenset(fold_word(span.text) for c in group for span in (c.a, c.b)))
        if key in merged:
            merged[key].extend(group)
        else:
            merged[key] = list(group)
            kept.append(merged[key])
    return kept


def one_partner_each(overlaps: Sequence[Overlap]) -> list[Overlap]:
    """The aligned pairs in which each passage has one partner per other article: the most
    alike first, and a pair dropped when either of its passages overlaps one kept already.
    The aligner may pair a sentence with its copy and, more loosely, with a neighbour that
    says something similar ("for 11 years" / "for two decades" about two officers); only
    the copy is compared word by word."""
    kept: list[Overlap] = []
    taken: dict[tuple[str, str], list[tuple[Span, Span]]] = defaultdict(list)
    for ov in sorted(overlaps, key=lambda o: (-o.similarity, o.a.doc, o.a.start, o.b.doc, o.b.start)):
        key = (ov.a.doc, ov.b.doc) if ov.a.doc < ov.b.doc else (ov.b.doc, ov.a.doc)
        x, y = (ov.a, ov.b) if ov.a.doc == key[0] else (ov.b, ov.a)
        if any(_overlap(x, kx) or _overlap(y, ky) for kx, ky in taken[key]):
            continue
        taken[key].append((x, y))
        kept.append(ov)
    return kept


def _overlap(x: Span, y: Span) -> bool:
    return x.start < y.end and y.start < x.end


def _facts(changes: Sequence[Change]) -> list[list[Change]]:
    """Changes that touch the same words in some copy are about one fact: grouped, so that
    three copies give one finding, not three pairwise ones."""

    def node(change: Change, span: Span) -> tuple:
        return (change.kind, span.doc, span.start, span.end)

    sets: DisjointSets[tuple] = DisjointSets()
    for change in changes:
        sets.join(node(change, change.a), node(change, change.b))
    groups: dict[tuple, list[Change]] = defaultdict(list)
    for change in changes:
        groups[sets.find(node(change, change.a))].append(change)
    return list(groups.values())


def _finding(group: Sequence[Change], by_id: dict[str, Article], lexicon: Lexicon | None) -> Finding | None:
    kind = _FINDING_KIND[group[0].kind]
    spans: dict[tuple[str, int, int], Span] = {}
    for change in group:
        for span in (change.a, change.b):
            spans[(span.doc, span.start, span.end)] = span
    forms: dict[str, list[Span]] = defaultdict(list)
    for span in sorted(spans.values(), key=lambda s: (s.doc, s.start)):
        forms[_same_as(span.text, forms, kind)].append(span)
    if len(forms) < 2:
        return None
    reference = _reference_form(forms, by_id, lexicon, kind)
    departing = [s for f, ss in forms.items() if f != reference for s in ss] if reference else []
    confident = all(c.tight and c.sure and c.similarity >= CONFIDENT_SIMILARITY for c in group)
    verdicts = {c.verdict for c in group}
    status, severity = _status_and_severity(kind, verdicts, confident, reference is not None, group, lexicon)
    subject = next((c.subject for c in group if c.subject), "")
    shown = [forms[f][0].text for f in forms]
    message = _message(kind, subject, forms, reference, verdicts, group)
    fixable = reference and kind in ("name-spelling", "number", "date") and "differs" in verdicts
    fixes = tuple((s, forms[reference][0].text) for s in departing) if fixable and reference else ()
    finding = make_finding(kind, status, message, shown, list(spans.values()), subject=subject or kind, severity=severity)
    return _with_departure(finding, forms, reference, departing, fixes)


def _form(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _same_as(text: str, forms: dict[str, list[Span]], kind: str) -> str:
    """The form a span is counted under: its own words, or for a figure the form already
    seen that states the same value or a compatible one ("about 300" and "300")."""
    form = _form(text)
    if kind != "number" or form in forms:
        return form
    mine = read_quantities(form)
    for seen in forms:
        theirs = read_quantities(seen)
        if len(mine) == 1 and len(theirs) == 1 and relation(mine[0], theirs[0]) in ("same", "compatible"):
            return seen
    return form


def _reference_form(forms: dict[str, list[Span]], by_id: dict[str, Article], lexicon: Lexicon | None, kind: str) -> str | None:
    """The form the copies agree on: the lexicon's, else the one most copies use, else the
    earliest copy's when publication dates tell; None when nothing decides."""
    if lexicon is not None and kind in ("name-spelling", "name-variant"):
        known = [f for f in forms if _known_name(fold_word(f), lexicon)]
        if len(known) == 1:
            return known[0]
    docs = {f: {s.doc for s in ss} for f, ss in forms.items()}
    ranked = sorted(docs, key=lambda f: -len(docs[f]))
    if len(docs[ranked[0]]) > len(docs[ranked[1]]):
        return ranked[0]
    dated = [(by_id[s.doc].published, f) for f, ss in forms.items() for s in ss if s.doc in by_id and by_id[s.doc].published is not None]
    if dated:
        dated.sort()
        if len(dated) > 1 and dated[0][0] != dated[1][0]:
            return dated[0][1]
    return None


def _known_name(form: str, lexicon: Lexicon) -> bool:
    """A place, body or surname the lexicon knows by this one word, or a term a user
    vocabulary accepts: the spelling to follow."""
    return bool(lexicon.named_entries((form,)) or lexicon.people_by_surname((form,)) or form in lexicon.accepted)


def _status_and_severity(
    kind: FindingKind, verdicts: set[Verdict], confident: bool, decided: bool, group: Sequence[Change], lexicon: Lexicon | None
) -> tuple[Status, Severity]:
    if "differs" not in verdicts:
        return "variant", "info" if "maybe" in verdicts else "warning"
    if kind == "name-variant":
        return "variant", "info"
    if kind == "name-spelling":
        known = lexicon is not None and any(
            _known_name(fold_word(c.a.text), lexicon) or _known_name(fold_word(c.b.text), lexicon) for c in group
        )
        return ("conflict", "error") if known else ("variant", "warning")
    if kind == "quote":
        return "variant", "warning"
    return "conflict", ("error" if confident else "warning")


def _message(
    kind: str, subject: str, forms: dict[str, list[Span]], reference: str | None, verdicts: set[Verdict], group: Sequence[Change]
) -> str:
    listing = "; ".join(f'"{f}" ({", ".join(sorted({doc_label(s.doc) for s in ss}))})' for f, ss in forms.items())
    if "differs" not in verdicts:
        why = group[0].why
        return f"Copies write {subject or 'a fact'} differently and nothing tells whether they agree ({why}): {listing}"
    lead = {
        "name-spelling": "A name is spelled differently in copies of one passage",
        "name-variant": (
            "A name is written with and without its accents"
            if all(c.why == "accent" for c in group)
            else "A name is written in two accepted forms"
        ),
        "number": f"Copies of one passage give different figures for {subject or 'the same thing'}",
        "date": f"Copies of one passage give different dates for {subject.removeprefix('the date of ') or 'the same event'}",
        "role": f"Copies of one passage differ on {subject or 'a title'}",
        "quote": "A direct quote is worded differently in copies of one passage",
    }[kind]
    if reference:
        others = [f for f in forms if f != reference]
        departs = sorted({doc_label(s.doc) for f in others for s in forms[f]})
        most = sorted({doc_label(s.doc) for s in forms[reference]})
        return (
            f'{lead}: "{reference}" ({", ".join(most)}) against '
            + ", ".join(f'"{f}" ({", ".join(sorted({doc_label(s.doc) for s in forms[f]}))})' for f in others)
            + f"; {', '.join(departs)} departs"
            + ("" if len(departs) == 1 else "")
        )
    return f"{lead}: {listing}"


def _with_departure(
    finding: Finding, forms: dict[str, list[Span]], reference: str | None, departing: Sequence[Span], fixes: Iterable[tuple[Span, str]]
) -> Finding:
    from dataclasses import replace

    from ..model import Fix

    return replace(
        finding,
        reference=reference or "",
        departs=tuple(sorted({s.doc for s in departing})),
        fixes=tuple(Fix(span, text) for span, text in fixes),
    )


__all__ = ["Change", "ChangeKind", "Verdict", "change_findings", "compare_date_claims", "passage_changes"]
