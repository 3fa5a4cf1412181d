"""Number findings: the same count or measure stated by several sources.

Numbers are lined up in two ways. Inside passages that an overlap aligns, two numbers
whose key matches or whose surrounding words match are taken to state the same thing:
that is the strongest evidence there is. Outside aligned passages a pair needs the same
key and unit dimension *and* a sentence that clearly says the same thing (several shared
content words), because independent stories about different events share many numbers
about different things. Lined-up numbers are then judged:

- conflict: both cannot be true ("19,000" vs "17,000 Russians");
- variant: the same value written differently ("four" vs "4", "200ft" vs "about 200
  feet", "1000-member" vs "1,000-member"), or compatible values of different precision
  ("about 19,000" vs "19,400"), or one quantity in two units;
- agreement: the same count in the same words from two or more sources.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from rapidfuzz import fuzz

from ..claims.numbers import units
from ..model import Article, Claim, Finding, Overlap, Span
from ..text import Token, fold, words
from .base import OverlapIndex, doc_label, make_finding

# Words too common to show that two sentences say the same thing.
_CONTEXT_STOP = frozenset(
    """a an the and or but nor of to in on at by for with from as into onto over under about after before
    since until during between among than then that which who whom whose where when while is are was were
    be been being has have had do does did will would shall should can could may might must it its this
    these those there here not no also just only very more most some any such each every all both other
    another he she they we i you his her their our my your him them us said says say told according
    up out off one two three four five six seven eight nine ten percent per cent""".split()
)

# Outside aligned passages: at least this many shared content words, and this Jaccard share.
MIN_SHARED_CONTEXT = 3
MIN_CONTEXT_JACCARD = 0.2
# A conflict found outside aligned passages needs more: the same event, said alike.
MIN_FREE_CONFLICT_SHARED = 5
MIN_FREE_CONFLICT_JACCARD = 0.3
# Inside aligned passages: how alike the words around two numbers must be to pair them.
MIN_ALIGNED_CONTEXT = 60.0
# Converted quantities ("200 feet" / "61 m") count as one when within this relative distance.
CONVERSION_TOLERANCE = Decimal("0.05")
# "about 19,000" allows 5% either way ("19,400" fits, "17,000" does not); "nearly" 10% below.
ABOUT_TOLERANCE = Decimal("0.05")


# ---------------------------------------------------------------------------
# Shared by the number and date findings


@lru_cache(maxsize=8192)
def _sentence_words(sentence: str) -> tuple[Token, ...]:
    """Words of a sentence, read once however many claims it holds."""
    return tuple(words(sentence))


def context_words(claim: Claim, *, exclude: Iterable[str] = ()) -> set[str]:
    """Folded content words of a claim's sentence, less the claim's own words."""
    return set(_content_words(claim)) - set(exclude)


@lru_cache(maxsize=16384)
def _content_words(claim: Claim) -> frozenset[str]:
    own = {t.form for t in words(claim.span.text)}
    return frozenset(
        t.form
        for t in _sentence_words(claim.sentence.text)
        if t.form not in _CONTEXT_STOP and t.form not in own and len(t.form) > 2 and not t.form[:1].isdigit()
    )


def local_context(claim: Claim, width: int = 4) -> str:
    """The folded words just before and after a claim inside its sentence."""
    toks = _sentence_words(claim.sentence.text)
    offset = claim.span.start - claim.sentence.start
    before = [t.form for t in toks if t.end <= offset][-width:]
    after = [t.form for t in toks if t.start >= offset + len(claim.span.text)][:width]
    return " ".join(before) + " | " + " ".join(after)


def names_in(claim: Claim) -> set[str]:
    """Folded capitalised words of a claim's sentence other than its first word: the
    people, places and organisations a sentence is about."""
    toks = _sentence_words(claim.sentence.text)
    return {
        t.form for t in toks[1:]
        if claim.sentence.text[t.start:t.start + 1].isupper() and t.form not in _CONTEXT_STOP and len(t.form) > 1
    }


def shared_context(x: Claim, y: Claim, exclude: Iterable[str] = ()) -> tuple[int, float]:
    """How many content words two claims' sentences share, and their Jaccard share."""
    cx, cy = context_words(x, exclude=exclude), context_words(y, exclude=exclude)
    if not cx or not cy:
        return 0, 0.0
    shared = cx & cy
    return len(shared), len(shared) / len(cx | cy)


def pair_claims(
    claims: Sequence[Claim],
    overlaps: Sequence[Overlap],
    aligned_score: Callable[[Claim, Claim], float | None],
    free_score: Callable[[Claim, Claim], float | None],
    block: Callable[[Claim], str] | None = None,
    free_keys: Callable[[Sequence[Claim]], list[frozenset]] | None = None,
) -> list[tuple[Claim, Claim, bool]]:
    """Line up claims of different articles: each claim pairs with at most one claim of
    each other article, best score first; pairs inside aligned passages always outrank
    pairs found by context alone. Returns (x, y, aligned?).

    Outside aligned passages only claims with the same `block` value are scored, and with
    `free_keys` only claims that share a key. `free_keys(claims)` gives each claim its keys
    and must promise that `free_score(x, y)` is None for two claims with no key in common
    (see `context_prefixes`): then the claims compared are found through an inverted index,
    not by trying every pair of articles, and the result is the same."""
    index = OverlapIndex(overlaps)
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.span.doc].append(c)
    docs = sorted(by_doc)
    rank = {doc: i for i, doc in enumerate(docs)}
    block_of = (lambda c: block(c)) if block else (lambda c: "")
    free_partners = _free_partners(docs, by_doc, block_of, free_keys)

    # Candidates are ordered as a loop over (article a, later article b, claim x of a, claim y
    # of b: aligned ones first) would meet them, so ties between equal scores break the same way.
    candidates: list[tuple[float, tuple, Claim, Claim, bool]] = []
    for da in docs:
        for x_pos, x in enumerate(by_doc[da]):
            met: dict[str, list[tuple[tuple, Claim, bool]]] = defaultdict(list)
            near_seen: set[tuple[str, int]] = set()
            for passage, _ in index.partners(x.span):
                if passage.doc not in rank or rank[passage.doc] <= rank[da]:
                    continue
                for y_pos, y in enumerate(by_doc[passage.doc]):
                    if (passage.doc, y_pos) not in near_seen and passage.start <= y.span.start and y.span.end <= passage.end:
                        near_seen.add((passage.doc, y_pos))
                        met[passage.doc].append(((0, y_pos), y, True))
            for db, y_pos, y in free_partners(da, x_pos, x):
                if (db, y_pos) not in near_seen:
                    met[db].append(((1, y_pos), y, False))
            for db, found in met.items():
                for y_rank, y, aligned in found:
                    score = aligned_score(x, y) if aligned else free_score(x, y)
                    if score is None:
                        continue
                    order = (rank[da], rank[db], x_pos, y_rank)
                    candidates.append(((1000.0 if aligned else 0.0) + score, order, x, y, aligned))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    used: set[tuple[Claim, str]] = set()
    pairs = []
    for _, _, x, y, aligned in candidates:
        if (x, y.span.doc) in used or (y, x.span.doc) in used:
            continue
        used.add((x, y.span.doc))
        used.add((y, x.span.doc))
        pairs.append((x, y, aligned))
    return pairs


def _free_partners(docs: list[str], by_doc: dict[str, list[Claim]], block_of: Callable[[Claim], str],
                   free_keys: Callable[[Sequence[Claim]], list[frozenset]] | None):
    """A function giving, for claim x (at x_pos in article da), the (article, position,
    claim) of later articles that may pair with it outside aligned passages."""
    rank = {doc: i for i, doc in enumerate(docs)}
    if free_keys is None:
        blocked: dict[str, dict[str, list[tuple[int, Claim]]]] = {
            doc: defaultdict(list) for doc in docs}
        for doc in docs:
            for pos, c in enumerate(by_doc[doc]):
                blocked[doc][block_of(c)].append((pos, c))

        def every_later(da: str, x_pos: int, x: Claim):
            key = block_of(x)
            return [(db, pos, y) for db in docs[rank[da] + 1:] for pos, y in blocked[db].get(key, ())]

        return every_later

    ordered = [(doc, pos, c) for doc in docs for pos, c in enumerate(by_doc[doc])]
    keys = free_keys([c for _, _, c in ordered])
    postings: dict[tuple, list[int]] = defaultdict(list)
    for i, ((_, _, c), claim_keys) in enumerate(zip(ordered, keys)):
        for key in claim_keys:
            postings[(block_of(c), key)].append(i)
    position = {(doc, pos): i for i, (doc, pos, _) in enumerate(ordered)}

    def sharing_a_key(da: str, x_pos: int, x: Claim):
        me = position[(da, x_pos)]
        found: set[int] = set()
        for key in keys[me]:
            found.update(j for j in postings[(block_of(x), key)] if rank[ordered[j][0]] > rank[da])
        return [ordered[j] for j in sorted(found)]

    return sharing_a_key


def context_prefixes(context_sets: Sequence[frozenset[str]], min_shared: int, min_jaccard: float) -> list[frozenset]:
    """Keys for `pair_claims` when a pair needs at least `min_shared` context words in common
    and a Jaccard share of at least `min_jaccard`: each set's rarest words (prefix filtering,
    as in set-similarity joins). Two sets that meet both bounds share a word among their
    prefixes, whose length is ``n - needed + 1`` for a set of n words that needs `needed`
    words in common; a set that cannot reach `min_shared` gets no keys."""
    frequency = Counter(word for context in context_sets for word in context)
    prefixes = []
    for context in context_sets:
        needed = max(min_shared, math.ceil(min_jaccard * len(context) - 1e-9))
        length = len(context) - needed + 1
        if length <= 0:
            prefixes.append(frozenset())
            continue
        rarest = sorted(context, key=lambda w: (frequency[w], w))[:length]
        prefixes.append(frozenset(rarest))
    return prefixes


def components(pairs: Sequence[tuple[Claim, Claim, bool]]) -> list[list[tuple[Claim, Claim, bool]]]:
    """Group pairs that share a claim (A~B, B~C): one finding per group.

    A group holds at most one claim of each article, so that two different numbers of
    one story are never chained together through a third; pairs come best first, and a
    pair that would break this rule is left out."""
    parent: dict[Claim, Claim] = {}
    docs: dict[Claim, set[str]] = {}

    def find(c: Claim) -> Claim:
        parent.setdefault(c, c)
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    kept = []
    for pair in pairs:
        x, y, _ = pair
        rx, ry = find(x), find(y)
        if rx == ry:
            kept.append(pair)
            continue
        dx, dy = docs.get(rx, {x.span.doc}), docs.get(ry, {y.span.doc})
        if dx & dy:
            continue
        parent[rx] = ry
        docs[ry] = dx | dy
        kept.append(pair)
    groups: dict[Claim, list[tuple[Claim, Claim, bool]]] = defaultdict(list)
    for pair in kept:
        groups[find(pair[0])].append(pair)
    return list(groups.values())


def claims_of(group: Sequence[tuple[Claim, Claim, bool]]) -> list[Claim]:
    seen: dict[Claim, None] = {}
    for x, y, _ in group:
        seen.setdefault(x)
        seen.setdefault(y)
    return sorted(seen, key=lambda c: (c.span.doc, c.span.start))


def listing(claims: Sequence[Claim], shown: Callable[[Claim], str]) -> str:
    """"19,000 (001, 006) vs 17,000 (005)": each distinct form with the articles saying it."""
    docs_by_form: dict[str, list[str]] = {}
    for c in claims:
        docs_by_form.setdefault(shown(c), [])
        label = doc_label(c.span.doc)
        if label not in docs_by_form[shown(c)]:
            docs_by_form[shown(c)].append(label)
    return " vs ".join(f"{form} ({', '.join(docs)})" for form, docs in docs_by_form.items())


STATUS_RANK = {"agreement": 0, "variant": 1, "conflict": 2}


# ---------------------------------------------------------------------------
# Comparing two numbers


def _dec(claim: Claim, name: str) -> Decimal | None:
    value = claim.detail(name)
    try:
        return Decimal(value) if value is not None else None
    except ArithmeticError:
        return None


def _factor(claim: Claim) -> Decimal | None:
    unit = claim.detail("unit")
    if not unit:
        return Decimal(1)
    for u in units().values():
        if u.unit == unit:
            # No fixed conversion (currencies): comparable only with itself, as it stands.
            return u.factor if u.factor is not None else Decimal(1)
    return None


def bounds(claim: Claim) -> tuple[Decimal, Decimal | None] | None:
    """What a number allows, in the base unit of its dimension: (low, high or None for
    no upper bound). A qualifier widens it: "about" by a tenth, "more than" upwards."""
    low, high, factor = _dec(claim, "low"), _dec(claim, "high"), _factor(claim)
    if low is None or high is None or factor is None:
        return None
    low, high = low * factor, high * factor
    qualifier = claim.detail("qualifier", "")
    if qualifier == "about":
        return low * (1 - ABOUT_TOLERANCE), high * (1 + ABOUT_TOLERANCE)
    if qualifier == "nearly":
        return low * (1 - 2 * ABOUT_TOLERANCE), high
    if qualifier in ("more than", "at least"):
        return low, None
    if qualifier in ("up to", "less than"):
        return Decimal(0), high
    return low, high


def _rounds_to(precise: Decimal, rounded: Decimal) -> bool:
    """Whether `rounded` could be `precise` written with fewer significant digits:
    19,400 rounds to 19,000; 250 does not round to 200."""
    if rounded == 0 or precise == rounded:
        return precise == rounded
    text = canonical_digits(rounded)
    zeros = len(text) - len(text.rstrip("0")) if "." not in text else 0
    if zeros == 0:
        return False
    quantum = Decimal(10) ** zeros
    with localcontext() as context:
        # Room for every digit of the numbers: past the precision, quantize fails (a
        # 40-digit figure in a story once crashed the run).
        context.prec = max(context.prec, precise.adjusted() + 2, rounded.adjusted() + 2)
        return (precise / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP) * quantum == rounded


def canonical_digits(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _dimension(claim: Claim) -> str:
    return claim.detail("dimension", "") or ""


def comparable(x: Claim, y: Claim) -> bool:
    """Numbers can only be compared within one dimension, and money only in one currency."""
    if _dimension(x) != _dimension(y):
        return False
    if x.detail("unit") != y.detail("unit") and not (_convertible(x) and _convertible(y)):
        return False  # dollars and euros, Celsius and Fahrenheit: no fixed rate here
    return (x.detail("ordinal") == "yes") == (y.detail("ordinal") == "yes")


def _convertible(claim: Claim) -> bool:
    unit = claim.detail("unit")
    return any(u.unit == unit and u.factor is not None for u in units().values())


def _surface_form(claim: Claim) -> str:
    """The written form with spacing, case, grouping and unit spelling evened out, for
    telling "the same words" from "the same value written differently"."""
    return re.sub(r"\s+", " ", fold(claim.span.text).text)


def compare_numbers(x: Claim, y: Claim) -> str | None:
    """"agreement", "variant" or "conflict" for two comparable numbers; None when they
    cannot be compared (different dimensions or currencies)."""
    if not comparable(x, y):
        return None
    bx, by = bounds(x), bounds(y)
    if bx is None or by is None:
        return "variant" if x.value == y.value else None
    same_value = x.value == y.value and x.detail("unit") == y.detail("unit")
    if same_value:
        same_words = _surface_form(x) == _surface_form(y) and x.detail("qualifier", "") == y.detail("qualifier", "")
        return "agreement" if same_words else "variant"
    if _overlaps(bx, by):
        return "variant"
    lx, ly = _dec(x, "low") or Decimal(0), _dec(y, "low") or Decimal(0)
    if x.detail("unit") == y.detail("unit") and x.detail("vague") != "yes" and y.detail("vague") != "yes":
        if _rounds_to(lx, ly) or _rounds_to(ly, lx):
            return "variant"
    lx, ly = bx[0], by[0]
    if x.detail("unit") != y.detail("unit") and ly and abs(lx - ly) / max(lx, ly) <= CONVERSION_TOLERANCE:
        return "variant"
    return "conflict"


def _overlaps(a: tuple[Decimal, Decimal | None], b: tuple[Decimal, Decimal | None]) -> bool:
    a_high = a[1] if a[1] is not None else Decimal("Infinity")
    b_high = b[1] if b[1] is not None else Decimal("Infinity")
    return a[0] <= b_high and b[0] <= a_high


# ---------------------------------------------------------------------------

_GENERIC_KEYS = frozenset({"count", "duration", "length", "money", "percent", "mass", "area", "speed", "volume",
                           "time", "year", "day", "month", "week"})


def _aligned_score(x: Claim, y: Claim) -> float | None:
    if not comparable(x, y):
        return None
    context = fuzz.ratio(local_context(x), local_context(y))
    bonus = 20.0 if compare_numbers(x, y) != "conflict" else 0.0
    if x.key == y.key and x.key not in _GENERIC_KEYS:
        return 100.0 + context + bonus
    return context + bonus if context >= MIN_ALIGNED_CONTEXT else None


def _free_score(x: Claim, y: Claim) -> float | None:
    if x.key != y.key or x.key in _GENERIC_KEYS or not comparable(x, y):
        return None
    if x.key == "age":
        # Ages line up only when the same person is named just before them.
        if local_context(x).split("|")[0].split()[-1:] != local_context(y).split("|")[0].split()[-1:]:
            return None
    count, share = shared_context(x, y, exclude={x.key})
    if count < MIN_SHARED_CONTEXT or share < MIN_CONTEXT_JACCARD:
        return None
    return count + share


def _free_keys(claims: Sequence[Claim]) -> list[frozenset]:
    """What `_free_score` needs two numbers to share: a specific key (the block) and enough
    context words, so each number is indexed by the rarest words of its context."""
    contexts = [frozenset(context_words(c, exclude={c.key})) if c.key not in _GENERIC_KEYS else frozenset()
                for c in claims]
    return context_prefixes(contexts, MIN_SHARED_CONTEXT, MIN_CONTEXT_JACCARD)


def free_conflict_allowed(x: Claim, y: Claim, published: dict, same_key_in_sentence: dict) -> bool:
    """A conflict between numbers outside aligned passages is only believed when the two
    sentences clearly tell the same thing, each names one such number ("28 of his 68
    punches" names two), and the stories were published within two days of each other
    (counts such as tolls and totals change as a story develops)."""
    if same_key_in_sentence[(x.sentence, x.key)] > 1 or same_key_in_sentence[(y.sentence, y.key)] > 1:
        return False
    px, py = published.get(x.span.doc), published.get(y.span.doc)
    if px and py and abs((px - py).days) > 2:
        return False
    if not names_in(x) & names_in(y):
        return False  # nothing says these sentences are about the same people or place
    count, share = shared_context(x, y, exclude={x.key})
    return count >= MIN_FREE_CONFLICT_SHARED and share >= MIN_FREE_CONFLICT_JACCARD


def _subject(claims: Sequence[Claim]) -> str:
    for c in claims:
        counted = c.detail("counted")
        if counted:
            return counted
    return claims[0].key


def _group_status(group: Sequence[tuple[Claim, Claim, bool]]) -> str:
    worst = "agreement"
    for x, y, _ in group:
        status = compare_numbers(x, y) or "variant"
        if STATUS_RANK[status] > STATUS_RANK[worst]:
            worst = status
    return worst


def _is_trivial(claims: Sequence[Claim]) -> bool:
    """"the two countries" in both copies says nothing worth an editor's time."""
    return all(c.detail("written") == "words" and (_dec(c, "low") or 0) <= 2 for c in claims)


def _message(status: str, subject: str, claims: Sequence[Claim]) -> str:
    shown = listing(claims, lambda c: c.span.text)
    if status == "conflict":
        return f'Numbers differ for "{subject}": {shown}'
    if status == "agreement":
        docs = sorted({doc_label(c.span.doc) for c in claims})
        return f'{len(docs)} sources agree on "{subject}": {claims[0].span.text} ({", ".join(docs)})'
    units_seen = {c.detail("unit", "") for c in claims}
    if len(units_seen) > 1:
        return f'Same quantity in different units for "{subject}": {shown}'
    if len({c.value for c in claims}) > 1:
        return f'Compatible numbers of different precision for "{subject}": {shown}'
    return f'Same number written differently for "{subject}": {shown}'


def number_findings(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    overlaps: Sequence[Overlap],
    lexicon: Any = None,
) -> list[Finding]:
    """Findings of kind "number" across articles. `lexicon` is accepted for the common
    signature of the findings modules; number keys come from ``data/count_nouns.tsv``."""
    numbers = [c for c in claims if c.kind == "number"]
    published = {a.id: a.published for a in articles}
    same_key_in_sentence: dict[tuple[Span, str], int] = defaultdict(int)
    for c in numbers:
        same_key_in_sentence[(c.sentence, c.key)] += 1

    def believable(pair: tuple[Claim, Claim, bool]) -> bool:
        x, y, aligned = pair
        if aligned or compare_numbers(x, y) != "conflict":
            return True
        return free_conflict_allowed(x, y, published, same_key_in_sentence)

    pairs = [p for p in pair_claims(numbers, overlaps, _aligned_score, _free_score, block=lambda c: c.key,
                                       free_keys=_free_keys)
             if believable(p)]
    findings = []
    for group in components(pairs):
        members = claims_of(group)
        status = _group_status(group)
        if status == "agreement" and _is_trivial(members):
            continue
        subject = _subject(members)
        values = list(dict.fromkeys(c.span.text for c in members))
        findings.append(
            make_finding("number", status, _message(status, subject, members), values,
                         [c.span for c in members], subject=members[0].key)
        )
    return findings
