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
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ..model import Article, Claim, Finding, Span
from ..text import Token, fold_word, words
from ..overlap.wordalign import merged_opcodes
from .base import DisjointSets, make_finding
from .base import docs_phrase
from .stories import Stories

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


_DATE_WORDS = frozenset(
    """today yesterday tomorrow tonight monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december morning night week
    month year last next this""".split()
)


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


def _quotations(
    quotes: Sequence[Claim], forms: Sequence[str], said: Sequence[_Said], by_id: dict[str, Article], lexicon, stories: Stories | None
) -> list[list[int]]:
    """Quotes of different articles of one story that are one quotation: the same words,
    one a fragment of the other, nearly the same words, or most of the shorter one's words
    in order in the other with a few changed (`_changed_runs`). Quotes are compared only
    inside a story (two events may share a stock phrase, never a quotation), which keeps
    the work linear in the corpus; two quotes already in one quotation through others are
    not compared again."""
    sets: DisjointSets[int] = DisjointSets()
    in_story: dict[int | str, list[int]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        in_story[stories.story(quote.span.doc) if stories is not None else 0].append(i)
    pairs = [
        (members[a], members[b])
        for members in in_story.values()
        if len({quotes[i].span.doc for i in members}) > 1
        for a, b in _candidate_pairs([forms[i] for i in members])
    ]
    for i, j in pairs:
        if quotes[i].span.doc == quotes[j].span.doc:
            continue
        if sets.find(i) == sets.find(j):
            continue  # already one quotation through others: comparing them changes nothing
        a, b = forms[i], forms[j]
        near = min(len(a.split()), len(b.split())) >= MIN_WORDS and fuzz.ratio(a, b) >= VARIANT_MIN_RATIO
        if _same_words(a, b) or near or _changed_runs(said[i], said[j], by_id, lexicon) is not None:
            sets.join(i, j)
    return [g for g in sets.groups(range(len(quotes))) if len({quotes[i].span.doc for i in g}) > 1]


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
        prefixes.append(ordered[: len(ordered) // 2 + 1])
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


@dataclass(frozen=True)
class _Said:
    """A quote's words with their offsets in its article (editorial insertions left out)."""

    claim: Claim
    tokens: tuple[Token, ...]

    # Read for every pair of quotes compared: made once. Callers must not change them.
    @cached_property
    def forms(self) -> list[str]:
        return [t.form for t in self.tokens]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.forms)

    @cached_property
    def counted(self) -> Counter[str]:
        return Counter(self.forms)


def _most_equal(x: _Said, y: _Said) -> int:
    """An upper bound of the words an alignment of x and y can find equal: each equal word
    stands in both, at most as often as the rarer side has it. Most pairs a run proposes
    fall short of `_changed_runs`' share by this bound alone, and are never aligned."""
    common = x.vocabulary & y.vocabulary
    cx, cy = x.counted, y.counted
    return sum(min(cx[w], cy[w]) for w in common)


def _said(claim: Claim) -> _Said:
    """The quote's words, each figure made one word of its value ("6:00 p.m." and "6 p.m."
    are one word, "100%" and "100 percent" another), so that a figure written two ways is
    no change of wording."""
    from ..quantities import read_quantities

    text = claim.span.text
    inserted = [(m.start(), m.end()) for m in _INSERTION.finditer(text)]
    figures = [(q.start, q.end, f"#{q.kind}:{q.low.normalize()}:{q.high.normalize()}:{q.dimension}") for q in read_quantities(text)]
    tokens: list[Token] = []
    previous_figure = False
    for t in _parts(text):
        if any(s <= t.start < e for s, e in inserted):
            continue
        figure = next((f for f in figures if f[0] <= t.start < f[1]), None)
        if figure is None:
            if previous_figure and t.form in _TIME_ZONES:
                continue  # "6:41pm PST" against "18:41"
            tokens.append(Token(claim.span.start + t.start, claim.span.start + t.end, t.form))
            previous_figure = False
        elif not tokens or tokens[-1].form != figure[2] or tokens[-1].end < claim.span.start + figure[0]:
            tokens.append(Token(claim.span.start + figure[0], claim.span.start + figure[1], figure[2]))
            previous_figure = True
    return _Said(claim, tuple(tokens))


_TIME_ZONES = frozenset("gmt utc bst cet cest est edt cst cdt mst mdt pst pdt et pt ct mt ist jst".split())


def _parts(text: str) -> list[Token]:
    """Words with hyphenated ones cut in their parts: "vice-presidential" and "vice
    presidential", "eleventh-hour" and "11th hour" are then the same words."""
    found = []
    for t in words(text):
        at = t.start
        for part in text[t.start : t.end].split("-"):
            if part:
                found.append(Token(at, at + len(part), fold_word(part)))
            at += len(part) + 1
    return found


# Two quotes are one quotation when this share of the shorter one's words stands, in order,
# in the other.
MIN_SHARED_SHARE = 0.7
# A reworded quote changes a few words at a time; a longer run says something else.
MAX_CHANGED_WORDS = 4


def _changed_runs(x: _Said, y: _Said, articles: dict[str, Article], lexicon) -> list[tuple[Span, Span, str]] | None:
    """How quote y words quote x: None when they are not one quotation, [] when they say it
    alike (a fragment of the other, or the same words spelled or punctuated otherwise),
    else the runs of words that differ, as (span in x, span in y, "replace", "insert" or
    "delete"); the span of the side that lacks the words is the word after the gap."""
    most = _most_equal(x, y)
    if most < MIN_WORDS - 1 or most < MIN_SHARED_SHARE * min(len(x.tokens), len(y.tokens)):
        return None  # the test below, on a bound of `equal`: no alignment can pass it
    ops = _aligned_ops(x.forms, y.forms)
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    if equal < MIN_WORDS - 1 or equal < MIN_SHARED_SHARE * min(len(x.tokens), len(y.tokens)):
        return None
    while ops and ops[0][0] != "equal":
        ops = ops[1:]  # words before the part both quote: one quotes more of it
    while ops and ops[-1][0] != "equal":
        ops = ops[:-1]
    ops = ops + _changed_last_words(x, y, ops)
    runs = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        # Whole sentences only one of them quotes are left out, not reworded.
        if i1 == i2:
            j1, j2 = _without_sentences(articles[y.claim.span.doc].text, y, j1, j2)
        elif j1 == j2:
            i1, i2 = _without_sentences(articles[x.claim.span.doc].text, x, i1, i2)
        left, right = x.forms[i1:i2], y.forms[j1:j2]
        if not left and not right:
            continue
        if max(len(left), len(right)) > MAX_CHANGED_WORDS:
            return None  # the two go separate ways: two statements that begin alike
        if any(f.startswith("#") for f in (*left, *right)) or _one_wording(" ".join(left), " ".join(right), lexicon):
            continue  # a figure that changed is a number finding, not a quote one
        tag = "insert" if i1 == i2 else "delete" if j1 == j2 else "replace"
        runs.append((_run(articles[x.claim.span.doc], x.tokens, i1, i2), _run(articles[y.claim.span.doc], y.tokens, j1, j2), tag))
    return runs


def _changed_last_words(x: _Said, y: _Said, ops: list) -> list:
    """The last word of a quote, when the other quote lacks it or has another and both end
    a sentence there: "... no outlets for their anger, no community center." against "...,
    no community." Only one word: American style puts the period inside the closing mark
    of a quote cut short too ("...became a vice presidential candidate." of a sentence that
    goes on "on Aug. 29."), and a cut is made at a phrase's end, not one word before it."""
    if not ops or not (_ends_a_sentence(x) and _ends_a_sentence(y)):
        return []
    _, _, i2, _, j2 = ops[-1]
    if (i2, j2) == (len(x.tokens), len(y.tokens)) or len(x.tokens) - i2 > 1 or len(y.tokens) - j2 > 1:
        return []
    return [
        (
            "replace" if i2 < len(x.tokens) and j2 < len(y.tokens) else "delete" if j2 == len(y.tokens) else "insert",
            i2,
            len(x.tokens),
            j2,
            len(y.tokens),
        )
    ]


def _ends_a_sentence(said: _Said) -> bool:
    """A quote closed by its mark right after a sentence's end (a quote left open at a
    paragraph's end may go on: its last words are not where the speaker stopped)."""
    if said.claim.quote.continued:
        return False
    return said.claim.span.text.rstrip(" \t\n\"'\u201d\u2019")[-1:] in (".", "!", "?")


def _without_sentences(text: str, said: _Said, i1: int, i2: int) -> tuple[int, int]:
    """Words i1..i2 of a quote less the whole sentences among them ("I've had a great
    time."), when what remains is one run; (i1, i1) when nothing remains."""

    def ends_before(k: int) -> bool:  # does a sentence end just before word k?
        if k == 0 or k == len(said.tokens):
            return True
        gap = text[said.tokens[k - 1].end : said.tokens[k].start]
        return gap.strip(" \t\n\"'\u201c\u201d\u2018\u2019")[:1] in (".", "!", "?")

    bounds = [k for k in range(i1, i2 + 1) if ends_before(k)]
    whole = {k for a, b in zip(bounds, bounds[1:]) for k in range(a, b)}
    kept = [k for k in range(i1, i2) if k not in whole]
    if not kept:
        return i1, i1
    if kept[-1] - kept[0] + 1 == len(kept):
        return kept[0], kept[-1] + 1
    return i1, i2


def _aligned_ops(xs: list[str], ys: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Word operations turning xs into ys, without what only one of them quotes at either
    end: a partial quote is not a change of its first words. The words are diffed whole
    (longest common subsequence); then an equal block at an end that is cut off from the
    rest by more than `MAX_CHANGED_WORDS` words, or by words that only one side has and
    that end with the same words again, is taken for a chance match ("I made the decision
    because I felt..." against "I felt...": the first "I") and dropped with them."""
    ops: list[tuple[str, int, int, int, int]] = list(merged_opcodes(Indel.opcodes(xs, ys)))

    def cut_off(op: tuple, edge: tuple, at_start: bool) -> bool:
        _, i1, i2, j1, j2 = op
        if max(i2 - i1, j2 - j1) > MAX_CHANGED_WORDS:
            return True
        # Words only one side has that end (at the start; begin, at the end) with the words
        # matched at the edge: the match could as well sit after them, and that side simply
        # quotes more ("Mo is family. Mo bleeds 76ers" against "Mo bleeds 76ers").
        if (i2 == i1) == (j2 == j1):
            return False
        extra = xs[i1:i2] if i2 > i1 else ys[j1:j2]
        matched = xs[edge[1] : edge[2]]
        return len(extra) > len(matched) and (extra[-len(matched) :] if at_start else extra[: len(matched)]) == matched

    while len(ops) > 2 and ops[0][0] == "equal" and ops[1][0] != "equal" and cut_off(ops[1], ops[0], True):
        ops = ops[2:]
    while len(ops) > 2 and ops[-1][0] == "equal" and ops[-2][0] != "equal" and cut_off(ops[-2], ops[-1], False):
        ops = ops[:-2]
    while ops and ops[0][0] != "equal":
        ops = ops[1:]
    while ops and ops[-1][0] != "equal":
        ops = ops[:-1]
    return ops


def _run(article: Article, tokens: Sequence[Token], i1: int, i2: int) -> Span:
    """Words i1..i2 of a quote; none: the word after the gap, where the others' words would be."""
    if i2 > i1:
        return article.span(tokens[i1].start, tokens[i2 - 1].end)
    at = tokens[min(i1, len(tokens) - 1)]
    return article.span(at.start, at.end)


# Words two quotes must share, in order, to be taken for one quotation without a speaker
# named for both: a long stretch of the same words is no coincidence.
LONG_QUOTE = 12


def _shared_words(x: _Said, y: _Said) -> int:
    return sum(i2 - i1 for tag, i1, i2, _, _ in _aligned_ops(x.forms, y.forms) if tag == "equal")


def _opens_plainly(claim: Claim, by_id: dict[str, Article]) -> bool:
    """A quote left open to the end of its paragraph whose opening is plain: at the start of
    the paragraph, or after a colon ('Police said: "The fire...'). A mark after a comma is
    as likely the close of a quote whose opening was lost."""
    article = by_id.get(claim.span.doc)
    if article is None:
        return False
    before = article.text[max(0, claim.span.start - 4) : claim.span.start].rstrip(' \t"\u201c\u00ab')
    return before == "" or before.endswith((":", "\n"))


def _one_speaker(x: Claim, y: Claim) -> bool:
    """Both quotes given to one named person (the same speaker key, named or resolved)."""
    return bool(x.key) and x.key == y.key


# Changed runs this few words apart are shown as one change ("enough of everything for a
# lifetime" against "enough for a lifetime of everything", not three scraps).
SHOWN_TOGETHER = 3


def _nearby_joined(changed: list[tuple[Span, Span, str]], x: _Said, y: _Said, by_id: dict[str, Article]) -> list[tuple[Span, Span, str]]:
    """The changed runs as shown in a message: runs a few words apart joined, with the
    words between them, into one stretch of each quote."""

    def words_between(said: _Said, start: int, end: int) -> int:
        return sum(1 for t in said.tokens if start <= t.start < end)

    shown: list[tuple[Span, Span, str]] = []
    for a, b, tag in changed:
        if shown:
            pa, pb, _ = shown[-1]
            if (
                0 <= words_between(x, pa.end, a.start) <= SHOWN_TOGETHER
                and 0 <= words_between(y, pb.end, b.start) <= SHOWN_TOGETHER
                and a.start >= pa.start
                and b.start >= pb.start
            ):
                # A run one side lacks is marked there by the word after the gap: not part of it.
                end_a = a.start if tag == "insert" else a.end
                end_b = b.start if tag == "delete" else b.end
                xa, yb = by_id[a.doc], by_id[b.doc]
                shown[-1] = (
                    xa.span(pa.start, max(pa.end, _trimmed(xa.text, end_a))),
                    yb.span(pb.start, max(pb.end, _trimmed(yb.text, end_b))),
                    "replace",
                )
                continue
        shown.append((a, b, tag))
    return shown


def _trimmed(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _shown_change(a: Span, b: Span, tag: str, x: _Said, y: _Said, like_y: set[str]) -> str:
    def said(span: Span) -> str:
        return _clip(" ".join(span.text.split()), 60)

    if tag == "delete":
        return f'"{said(a)}" is left out in {docs_phrase(like_y)}'
    if tag == "insert":
        return f'"{said(b)}" is added in {docs_phrase(like_y)}'
    return f'"{said(a)}" against "{said(b)}"'


def quote_findings(articles: Sequence[Article], claims: Sequence[Claim], stories: Stories, lexicon=None) -> list[Finding]:
    """Conflicting speakers, changed wordings and corroborated quotes across the articles of
    a story. Quotes left open (no closing mark) are not compared: where one ends is a guess."""
    by_id = {a.id: a for a in articles}
    quotes = [c for c in claims if c.kind == "quote" and (not c.quote.continued or _opens_plainly(c, by_id))]
    forms = [comparable(c) for c in quotes]
    keep = [i for i, f in enumerate(forms) if len(f.split()) >= MIN_WORDS - 1]
    quotes, forms = [quotes[i] for i in keep], [forms[i] for i in keep]
    said = [_said(c) for c in quotes]
    found: list[Finding] = []
    for group in _quotations(quotes, forms, said, by_id, lexicon, stories):
        members = [quotes[i] for i in group]
        speakers: dict[str, Claim] = {}
        for c in members:
            # Only speakers named next to a whole quote count: a resolved "he" is a guess, and
            # a fragment is put loosely in the mouth of a team or a body ("The Red Sox said
            # they "are not going to be a factor"").
            if c.key and c.quote.speaker_via in _NAMED and not c.quote.partial:
                speakers.setdefault(c.key, c)
        docs = {c.span.doc for c in members}
        if len(speakers) > 1 and not _shared_speaker(speakers):
            named = list(speakers.values())
            parts = [f"{c.quote.speaker or c.key} in {docs_phrase(m.span.doc for m in members if m.key == c.key)}" for c in named]
            found.append(
                make_finding(
                    "quote",
                    "conflict",
                    f'"{_clip(named[0].span.text, 50)}" is said by ' + " but by ".join(parts),
                    [c.quote.speaker or c.key for c in named],
                    [c.span for c in members],
                    subject=min(forms[i] for i in group),
                )
            )
            continue
        variant = _variant(group, said, by_id, stories, lexicon)
        if variant is not None:
            found.append(variant)
        elif len(speakers) == 1 and len(docs) > 1:
            speaker = next(iter(speakers.values()))
            found.append(
                make_finding(
                    "quote",
                    "agreement",
                    f'{docs_phrase(docs)} agree that {speaker.quote.speaker} said "{_clip(speaker.span.text, 50)}"',
                    [speaker.quote.speaker or speaker.key, forms[group[0]]],
                    [c.span for c in members],
                    subject=forms[group[0]],
                )
            )
    return found


def _variant(group: Sequence[int], said: Sequence[_Said], by_id: dict[str, Article], stories, lexicon) -> Finding | None:
    """One finding for a quotation worded two ways in articles of one story: the words that
    differ, quoted from each side, with every article that words it each way."""
    runs: list[tuple[_Said, _Said, list[tuple[Span, Span, str]]]] = []
    for n, i in enumerate(group):
        for j in group[n + 1 :]:
            x, y = said[i], said[j]
            if x.claim.span.doc == y.claim.span.doc:
                continue
            link = stories.link(x.claim.span.doc, y.claim.span.doc) if stories is not None else "copies"
            if link is None:
                continue
            if link != "copies" and not _one_speaker(x.claim, y.claim) and _shared_words(x, y) < LONG_QUOTE:
                continue  # short chants and statements of unnamed people recur at other events
            changed = _changed_runs(x, y, by_id, lexicon)
            if changed:
                runs.append((x, y, changed))
    if not runs:
        return None
    x, y, changed = max(runs, key=lambda r: (len(r[0].tokens) + len(r[1].tokens), -len(r[2])))
    members = [said[i] for i in group]
    like_x, like_y = _wordings_like(x, y, members, by_id, lexicon)
    if len(like_y) > len(like_x):  # the wording most articles use first; the odd one departs
        x, y, like_x, like_y = y, x, like_y, like_x
        changed = [(b, a, {"insert": "delete", "delete": "insert"}.get(tag, tag)) for a, b, tag in changed]
    evidence = [span for _, _, changes in runs for a, b, _ in changes for span in (a, b)]
    shown = "; ".join(_shown_change(a, b, tag, x, y, like_y) for a, b, tag in _nearby_joined(changed, x, y, by_id)[:3])
    others = sorted({r[1].claim.span.doc for r in runs} | {r[0].claim.span.doc for r in runs})
    message = (
        f"A quote of {_speaker(members)} is worded differently: {shown} "
        f"({docs_phrase(like_x)} against {docs_phrase(like_y)}"
        + (f"; {len(others)} articles quote it" if len(others) > len(like_x | like_y) else "")
        + ")"
    )
    values = [x.claim.span.text, y.claim.span.text]
    return make_finding("quote", "variant", message, values, evidence, subject=" ".join(x.forms[:12]))


def _wordings_like(x: _Said, y: _Said, members: Sequence[_Said], by_id: dict[str, Article], lexicon) -> tuple[set[str], set[str]]:
    """The articles that word the quote as x does, and those that word it as y does. One
    that quotes only a part the two word alike (it agrees with both), or a part only one
    of them quotes, is on neither side."""
    sides: dict[str, set[str]] = defaultdict(set)
    for z in members:
        doc = z.claim.span.doc
        if doc in (x.claim.span.doc, y.claim.span.doc):
            continue
        runs_x, runs_y = _changed_runs(x, z, by_id, lexicon), _changed_runs(y, z, by_id, lexicon)
        if runs_x is None or runs_y is None:
            continue  # a part of the quotation that one of the two does not quote
        if (runs_x == []) != (runs_y == []):
            sides[doc].add("x" if runs_x == [] else "y")
    like_x = {x.claim.span.doc} | {doc for doc, side in sides.items() if side == {"x"}}
    like_y = {y.claim.span.doc} | {doc for doc, side in sides.items() if side == {"y"}}
    return like_x, like_y


def _speaker(members: Sequence[_Said]) -> str:
    """Who said it, as most of the articles that name a speaker beside the quote have it."""
    named = Counter(m.claim.quote.speaker for m in members if m.claim.quote.speaker_via in _NAMED)
    if named:
        return named.most_common(1)[0][0]
    # A "she said" resolved to the last person named is a guess: shown only when two
    # articles make the same one.
    resolved = Counter(m.claim.quote.speaker for m in members if m.claim.quote.speaker)
    best = resolved.most_common(1)[0] if resolved else None
    return best[0] if best is not None and best[1] >= 2 else "a speaker"


__all__ = ["comparable", "quote_findings"]
