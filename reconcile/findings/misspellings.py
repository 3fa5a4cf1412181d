"""Name misspellings (``name-spelling`` findings): forms the lexicon lists as wrong or a
user vocabulary rejects, full names one slip away from a person the lexicon knows, and
words of names one slip away from a word it knows (see `reconcile.findings.names`).

Three passes, each leaving alone the words the passes before it flagged; each returns
what it flagged, so that none depends on shared state.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import replace
from itertools import accumulate
from typing import Iterable, Sequence

from rapidfuzz.distance import OSA

from ..claims.lexicon import Lexicon, name_key
from ..model import Article, Claim, Finding, Fix, Span
from ..text import fold, words, words_within
from .base import OverlapIndex, make_finding
from .scripts import has_mixed_script
from .spelling import regional_spelling

# A word flagged as misspelt: its article's id and where it starts.
Flagged = tuple[str, int]


def near_miss(a: str, b: str) -> bool:
    """One edit or one transposition apart, on words long enough for that to mean a slip:
    a swap of two letters from four letters on, any other edit from five, first letter kept."""
    if a == b or not a or not b or a[0] != b[0] or regional_spelling(a, b):
        return False
    if OSA.distance(a, b) != 1:
        return False
    transposition = len(a) == len(b) and sorted(a) == sorted(b)
    return min(len(a), len(b)) >= (4 if transposition else 5)


def word_spans(claim: Claim) -> list[tuple[str, Span]]:
    """(folded word, span) of each word of a claim's name."""
    text = claim.span.text
    return [
        (t.form, Span(claim.span.doc, claim.span.start + t.start, claim.span.start + t.end, text[t.start : t.end])) for t in words(text)
    ]


# --- name-spelling --------------------------------------------------------------------------


def listed_misspellings(articles: Sequence[Article], lexicon: Lexicon) -> tuple[list[Finding], frozenset[Flagged]]:
    """Forms a user vocabulary rejects or a lexicon table lists as wrong, wherever they
    stand; and the words they flagged."""
    flagged: set[Flagged] = set()
    longest = max([lexicon.longest_misspelling] + [len(t.split()) for t, _, _ in lexicon.rejected])
    # Only a word that begins a listed misspelling or a rejected term can begin a hit.
    first_words = {key[0] for key in lexicon.misspelling_keys} | {t.split()[0] for t, _, _ in lexicon.rejected if t}
    hits: dict[tuple[str, str, str], list[Span]] = defaultdict(list)
    for article in articles:
        for block in article.blocks_of("body", "caption", "headline", "dek"):
            toks = words_within(article.text, block.start, block.end)
            for i in range(len(toks)):
                if toks[i].form not in first_words:
                    continue
                for n in range(min(longest, len(toks) - i), 0, -1):
                    start, end = toks[i].start, toks[i + n - 1].end
                    surface = article.text[start:end]
                    rejected = lexicon.rejection(surface) if lexicon.rejected else None
                    listed = lexicon.known_misspelling(tuple(t.form for t in toks[i : i + n]))
                    if rejected is not None and not lexicon.is_accepted(surface):
                        written, suggestion = rejected
                        message = f'"{surface}" is on the reject list' + (f'; use "{suggestion}"' if suggestion else "")
                        hits[(written, suggestion, message)].append(article.span(start, end))
                    elif listed is not None and not lexicon.is_accepted(surface):
                        right, label = listed
                        message = f'"{surface}" is a known misspelling of "{right}" (lexicon: {label})'
                        hits[(surface, right, message)].append(article.span(start, end))
                    else:
                        continue
                    for t in toks[i : i + n]:
                        flagged.add((article.id, t.start))
                    break
    return [
        make_finding("name-spelling", "conflict", message, [wrong, right] if right else [wrong], spans, subject=right or wrong)
        for (wrong, right, message), spans in hits.items()
    ], frozenset(flagged)


def person_spellings(
    people: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon, skip: frozenset[Flagged] = frozenset()
) -> tuple[list[Finding], frozenset[Flagged]]:
    """Full names one slip away from a person the lexicon knows, but for names with a word
    in `skip`; and the words they flagged. (A person written two ways by the articles
    themselves is found by `reconcile.findings.name_forms`.)"""
    found = []
    flagged: set[Flagged] = set()
    full = [c for c in people if c.person.mention == "full"]
    # Lexicon name keys are computed once: a run compares every full name against them.
    lexicon_forms = [(p, form, name_key(form)) for p in lexicon.people for form in p.forms]
    known = {key for _, _, key in lexicon_forms}
    key_of = {id(c): name_key(c.span.text) for c in full}
    one_word_apart = OneWordApart([key for _, _, key in lexicon_forms])
    reported: set[tuple[str, str]] = set()
    for claim in full:
        mine = key_of[id(claim)]
        if lexicon.is_accepted(claim.span.text) or any(
            (claim.span.doc, s.start) in skip or (claim.span.doc, s.start) in flagged for _, s in word_spans(claim)
        ):
            continue
        entry = next((p for p in lexicon.people if p.id == claim.person.canonical), None)
        if mine in known:
            continue
        # Against the lexicon: a person it knows, one word one slip away.
        best = None
        for i in one_word_apart.of(mine):
            person, form, theirs = lexicon_forms[i]
            if (entry is None or person is entry) and _one_slip(mine, theirs, lexicon):
                best = (person, form)
                break
        if best is not None:
            wrong, right = _differing_word(claim, name_key(best[1]), best[1])
            if wrong is None:
                continue
            pair = (fold(wrong.text).text, right)
            if pair in reported:
                continue
            reported.add(pair)
            spans = [s for c in full for w, s in word_spans(c) if w == fold(wrong.text).text and c.key == claim.key]
            for s in spans:
                flagged.add((s.doc, s.start))
            found.append(
                make_finding(
                    "name-spelling",
                    "conflict",
                    f'"{wrong.text}" looks like a misspelling of "{right}" (lexicon: {best[0].name})',
                    [wrong.text, right],
                    spans or [wrong],
                    subject=best[0].name,
                )
            )
            continue
    return found, frozenset(flagged)


class OneWordApart:
    """Finds, among name keys, those of the same length that differ from a given key in at
    most one word: each key is filed under itself with each word in turn left out, so a
    look-up costs a few dictionary hits instead of a comparison with every name."""

    def __init__(self, keys: Sequence[tuple[str, ...]]):
        self._filed: dict[tuple, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for masked in self._masks(key):
                self._filed[masked].append(i)

    @staticmethod
    def _masks(key: tuple[str, ...]) -> Iterable[tuple]:
        return ((i, key[:i], key[i + 1 :]) for i in range(len(key)))

    def of(self, key: tuple[str, ...]) -> list[int]:
        """Positions of the keys one word (or no word) apart from `key`, in filing order."""
        found: set[int] = set()
        for masked in self._masks(key):
            found.update(self._filed.get(masked, ()))
        return sorted(found)


def _one_slip(mine: tuple[str, ...], theirs: tuple[str, ...], lexicon: Lexicon) -> bool:
    """Equal but for one word that is a near miss (and not a listed variant) of its partner."""
    diffs = [(a, b) for a, b in zip(mine, theirs) if a != b]
    return len(diffs) == 1 and near_miss(*diffs[0]) and not lexicon.same_given_name(*diffs[0])


def _differing_word(claim: Claim, theirs: tuple[str, ...], their_text: str) -> tuple[Span | None, str]:
    spans = word_spans(claim)
    their_words = [t for t in words(their_text)]
    for (form, span), other_form, other_tok in zip(spans, theirs, their_words):
        if form != other_form:
            return span, their_text[other_tok.start : other_tok.end]
    return None, ""


def _loose_words(articles: Sequence[Article], claims: Sequence[Claim]) -> dict[str, list[Span]]:
    """Capitalised words inside sentences that no claim covers ("a port on Kunahsiri")."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in claims:
        covered[c.span.doc].append((c.span.start, c.span.end))
    found: dict[str, list[Span]] = defaultdict(list)
    for article in articles:
        spans = sorted(covered.get(article.id, ()))
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))  # furthest end among claims starting so far
        for block in article.blocks_of("body", "caption"):
            previous_end = block.start
            for t in words_within(article.text, block.start, block.end):
                gap = article.text[previous_end : t.start]
                previous_end = t.end
                if t.start == block.start or any(mark in gap for mark in '.!?:"\u201c'):
                    continue  # a sentence's first word is capitalised anyway
                if not (article.text[t.start].isupper() and t.form.isalpha()):
                    continue
                i = bisect.bisect_right(starts, t.start)
                if i and reach[i - 1] > t.start:
                    continue  # inside a claim
                found[t.form].append(article.span(t.start, t.end))
    return found


def word_spellings(
    articles: Sequence[Article], claims: Sequence[Claim], named: Sequence[Claim], lexicon: Lexicon, skip: frozenset[Flagged] = frozenset()
) -> list[Finding]:
    """Words of place and body names one slip away from a word the lexicon knows; other
    capitalised words only when two letters are swapped; words in `skip` left alone. (Words the articles themselves
    write two ways are found by `reconcile.findings.name_forms`.)"""
    occurrences: dict[str, list[Span]] = defaultdict(list)
    for claim in named:
        for form, span in word_spans(claim):
            if span.text[:1].isupper() and form.isalpha():
                occurrences[form].append(span)
    loose = _loose_words(articles, claims)
    for form, spans in loose.items():
        if form not in occurrences:
            occurrences[form] = spans
    found = []
    for form, spans in sorted(occurrences.items()):
        if form in lexicon.known_words or lexicon.is_accepted(form) or "not-name" in lexicon.word_class(form):
            continue
        # Acronyms (IRNA, NATO) are not spelled letter by letter the way names are.
        spans = [s for s in spans if (s.doc, s.start) not in skip and not s.text.isupper() and not has_mixed_script(s.text)]
        if not spans:
            continue
        candidates = [w for w in lexicon.known_words_near(form) if near_miss(form, w)]
        # The reference is the form the lexicon knows, else the one copies use more often.
        candidates.sort(key=lambda w: (w not in lexicon.known_words, -len(occurrences.get(w, ())), w))
        for right in candidates:
            in_claim = form not in loose or any(c.kind in ("place", "org") for c in named if c.span in spans)
            if not (is_transposition(form, right) or (in_claim and _same_name_but_one_word(form, right, spans, named, lexicon))):
                continue
            shown = _shown_form(right, occurrences, lexicon)
            owner = lexicon.owner_of_word(right) or shown
            message = f'"{spans[0].text}" looks like a misspelling of "{shown}" (lexicon: {_label_with(owner, shown)})'
            finding = make_finding(
                "name-spelling", "conflict", message, [spans[0].text, shown], spans + occurrences.get(right, []), subject=shown
            )
            found.append(
                replace(finding, reference=shown, departs=tuple(sorted({s.doc for s in spans})), fixes=tuple(Fix(s, shown) for s in spans))
            )
            break
    return found


def is_transposition(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("Daioyu"/"Diaoyu"): almost always a typing slip."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _same_name_but_one_word(wrong: str, right: str, spans: Sequence[Span], named: Sequence[Claim], lexicon: Lexicon) -> bool:
    """Another edit counts only inside a word, in a name whose other words match a name the
    lexicon or another claim uses ("Fire Marshall" against "Fire Marshal"): a single word
    one letter from another is too often another word ("Warner", "Wagner")."""
    if wrong[:-1] == right[:-1] or wrong[:-1] == right or right[:-1] == wrong:
        return False  # a last letter added, dropped or changed: plurals, other names
    spans_at = {(s.doc, s.start) for s in spans}
    others = {" ".join(name_key(c.span.text)) for c in named}
    for claim in named:
        key = list(name_key(claim.span.text))
        if len(key) < 2 or not any((w.doc, w.start) in spans_at for _, w in word_spans(claim)):
            continue
        fixed = tuple(right if w == wrong else w for w in key)
        if lexicon.named_entries(fixed) or " ".join(fixed) in others:
            return True
    return False


def _shown_form(word: str, occurrences: dict[str, list[Span]], lexicon: Lexicon) -> str:
    if occurrences.get(word):
        return occurrences[word][0].text
    owner = lexicon.owner_of_word(word) or ""
    for part in owner.replace("/", " ").split():
        if fold(part).text == word:
            return part
    return word.capitalize()


def _label_with(owner: str, shown: str) -> str:
    """Put the name holding the matched word first: "Diaoyu Islands / Senkaku Islands"."""
    parts = [p.strip() for p in owner.split("/")]
    parts.sort(key=lambda p: shown.casefold() not in p.casefold())
    return " / ".join(parts)


__all__ = [
    "Flagged",
    "OneWordApart",
    "is_transposition",
    "listed_misspellings",
    "near_miss",
    "person_spellings",
    "word_spans",
    "word_spellings",
]
