"""Quote findings: one quotation, two speakers, or two wordings.

Quote claims (see `reconcile.claims.quotes`) of different articles are paired when their
words match: the same words, or one a fragment of the other (partial quotes are normal
newsroom practice and never a finding by themselves), or nearly the same words.

- conflict: the same words given to two different named people ("..., Kishida said"
  against "..., Lavrov said"). Only speakers named beside the quote count: an unnamed
  speaker or a pronoun resolved to someone never makes a conflict.
- variant: the words changed between copies (the wording is at least 85% alike by
  rapidfuzz's ratio, five words or more, and neither is a fragment of the other); the
  message shows both wordings.
- agreement: the same words given to the same person in two or more articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

import re

from rapidfuzz import fuzz

from ..model import Article, Claim, Finding, Overlap
from ..text import words
from .base import make_finding
from .names import docs_phrase

VARIANT_MIN_RATIO = 85.0
MIN_WORDS = 5
_NAMED = ("named", "according-to")
_APOSTROPHE = re.compile(r"[ \t]?(['\u2019])[ \t]?")
_INSERTION = re.compile(r"[(\[][^()\[\]]{0,80}[)\]]")


def comparable(claim: Claim) -> str:
    """The words of a quote for comparison: editorial insertions "(its direction)" and
    punctuation left out, so that a comma against a full stop is not a change of wording."""
    text = _APOSTROPHE.sub(r"\1", _INSERTION.sub(" ", claim.span.text)).replace("%", " percent ")
    return " ".join(t.form for t in words(text))


def _same_words(a: str, b: str) -> bool:
    """Identical, or one a whole-word fragment of the other."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= MIN_WORDS - 1 and f" {short} " in f" {long} "


def _distinct_wordings(wordings: Sequence[str], lexicon=None) -> list[str]:
    """Wordings that say something else in words: two wordings that differ only in how they
    spell the same words (contractions, British and American spelling, figures in words
    or digits) are one, and so are two that differ only in a figure, a date or a name,
    which the number, date and name findings report."""
    kept: list[str] = []
    for wording in wordings:
        if not any(_one_wording(wording, other, lexicon) for other in kept):
            kept.append(wording)
    return kept


def _one_wording(a: str, b: str, lexicon=None) -> bool:
    from rapidfuzz.distance import Indel

    from ..wordalign import merged_opcodes
    from .changes import same_wording
    from .spelling import slip

    xs, ys = a.split(), b.split()
    for tag, i1, i2, j1, j2 in merged_opcodes(Indel.opcodes(xs, ys)):
        if tag == "equal":
            continue
        left, right = xs[i1:i2], ys[j1:j2]
        if same_wording(left, right, lexicon) or _facts_only(left) and _facts_only(right):
            continue
        if len(left) == 1 and len(right) == 1 and slip(left[0], right[0]) is not None:
            continue  # a name spelled two ways: a name finding
        return False
    return True


_DATE_WORDS = frozenset("""today yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december morning night week
    month year last next this""".split())


def _facts_only(forms: Sequence[str]) -> bool:
    """Words that state a figure or a date and nothing else."""
    from ..quantities import read_quantities

    text = " ".join(forms)
    covered = [(q.start, q.end) for q in read_quantities(text)]
    at = 0
    for form in forms:
        start = text.index(form, at)
        at = start + len(form)
        if form in _DATE_WORDS or any(s <= start and at <= e for s, e in covered):
            continue
        return False
    return bool(forms)


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _shared_speaker(speakers: dict[str, Claim]) -> bool:
    """Whether the versions' speakers are linked by joint attributions: "zadan", "meron"
    and "meron+zadan" are one statement of two people, not a conflict."""
    sets = [set(key.split("+")) for key in speakers]
    linked = set(sets[0])
    grew = True
    while grew:
        grew = False
        for members in sets:
            if members & linked and not members <= linked:
                linked |= members
                grew = True
    return all(members <= linked for members in sets)


def _clusters(quotes: Sequence[Claim], forms: Sequence[str]) -> list[list[int]]:
    """Quotes of different articles joined when their words match or nearly match."""
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(forms):
        if quotes[i].span.doc == quotes[j].span.doc:
            continue
        a, b = forms[i], forms[j]
        near = min(len(a.split()), len(b.split())) >= MIN_WORDS and fuzz.ratio(a, b) >= VARIANT_MIN_RATIO
        if _same_words(a, b) or near:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        groups[root(i)].append(i)
    return [g for g in groups.values() if len({quotes[i].span.doc for i in g}) > 1]


def _candidate_pairs(forms: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of quotes (i < j) worth comparing, found through their word pairs instead of by
    comparing every quote with every other:

    - a quote identical to, or a whole-word fragment of, another has all its word pairs in
      it, so the other is among the quotes holding its rarest word pair;
    - two wordings of one quote share most of their word pairs; those sharing at least half
      of each one's share one of the rarer half of each (prefix filtering, in one order of
      rarity for all), and only those are compared for a near match.
    A quote with fewer than two words is compared with every other, as before."""
    grams = [_word_pairs(form) for form in forms]
    frequency = Counter(g for gs in grams for g in gs)
    holding: dict[str, list[int]] = defaultdict(list)
    rarer_half: dict[str, list[int]] = defaultdict(list)
    prefixes = []
    for i, gs in enumerate(grams):
        ordered = sorted(gs, key=lambda g: (frequency[g], g))
        prefixes.append(ordered[:len(ordered) // 2 + 1])
        for g in gs:
            holding[g].append(i)
        for g in prefixes[i]:
            rarer_half[g].append(i)
    pairs: set[tuple[int, int]] = set()
    loose = [i for i, gs in enumerate(grams) if not gs]
    for i, prefix in enumerate(prefixes):
        partners = set(loose)
        if prefix:
            partners.update(holding[prefix[0]])
        for g in prefix:
            partners.update(rarer_half[g])
        pairs.update((min(i, j), max(i, j)) for j in partners if j != i)
    return sorted(pairs)


def _word_pairs(form: str) -> set[str]:
    tokens = form.split()
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}


def quote_findings(articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap],
                   lexicon=None) -> list[Finding]:
    """Conflicting speakers, changed wordings and corroborated quotes across articles."""
    quotes = [c for c in claims if c.kind == "quote"]
    forms = [comparable(c) for c in quotes]
    keep = [i for i, f in enumerate(forms) if len(f.split()) >= MIN_WORDS - 1]
    quotes, forms = [quotes[i] for i in keep], [forms[i] for i in keep]
    found: list[Finding] = []
    for group in _clusters(quotes, forms):
        members = [quotes[i] for i in group]
        first = {}
        for i in group:
            first.setdefault(forms[i], quotes[i])
        speakers: dict[str, Claim] = {}
        for c in members:
            # Only speakers named next to the quote count: a resolved "he" is a guess.
            if c.key and c.detail("speaker_via") in _NAMED:
                speakers.setdefault(c.key, c)
        docs = {c.span.doc for c in members}
        if len(speakers) > 1 and not _shared_speaker(speakers):
            named = list(speakers.values())
            parts = [f"{c.detail('speaker') or c.key} in {docs_phrase(m.span.doc for m in members if m.key == c.key)}" for c in named]
            found.append(make_finding(
                "quote", "conflict",
                f"\"{_clip(named[0].span.text, 50)}\" is said by " + " but by ".join(parts),
                [c.detail("speaker") or c.key for c in named], [c.span for c in members], subject=min(forms[i] for i in group),
            ))
        wordings = sorted(first, key=lambda f: (-sum(forms[i] == f for i in group), f))
        wordings = [w for w in wordings if not any(w != o and _same_words(w, o) and len(o) > len(w) for o in wordings)]
        wordings = _distinct_wordings(wordings, lexicon)
        if len(wordings) > 1:
            a, b = first[wordings[0]], first[wordings[1]]
            speaker = next((c.detail("speaker") for c in members if c.key), None) or "a speaker"
            found.append(make_finding(
                "quote", "variant",
                f"A quote of {speaker} is worded differently: \"{_clip(a.span.text)}\" ({docs_phrase([a.span.doc])}) "
                f"against \"{_clip(b.span.text)}\" ({docs_phrase([b.span.doc])})",
                [a.span.text, b.span.text], [c.span for c in members], subject=min(forms[i] for i in group),
            ))
        elif len(speakers) == 1:
            speaker = next(iter(speakers.values()))
            found.append(make_finding(
                "quote", "agreement",
                f"{docs_phrase(docs)} agree that {speaker.detail('speaker')} said \"{_clip(speaker.span.text, 50)}\"",
                [speaker.detail("speaker") or speaker.key, wordings[0]], [c.span for c in members], subject=wordings[0],
            ))
    return found


__all__ = ["comparable", "quote_findings"]
