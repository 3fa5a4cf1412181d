"""One name written two ways: across the articles of a story, or inside one article.

Copies and reports of one event name the same people, places and bodies. When one of them
writes "Wolfe" where the others write "Wolff", or an article says "Klitschko" in one
paragraph and "Klistchko" in the next, one of the forms is wrong (or two transliterations
meet). This module finds such pairs without a lexicon:

1. Name mentions are runs of capitalised words in body and captions ("Ilene Wolff", "Los
   Angeles Angels", "Gulf of Aden"), titles in front left out ("Judge", "Gov."). A word
   that opens a sentence counts only if the article capitalises it elsewhere too.
2. Two uses of words are one name written two ways when
   - two runs are the same but for one word, and the two words are close: one or two
     letters apart, an ending added ("Mammals"/"Mammal" inside "Marine Mammal Protection
     Act"), or a transliteration ("Giannis"/"Yiannis" before one surname); or
   - two words used alone (or as a person's surname) are one slip apart
     (`reconcile.findings.spelling.slip`);
   and given-name short forms ("Bill"/"William", `data/short_forms.tsv`) and the lexicon's
   spellings of one given name never count as a misspelling.
3. Uses are compared inside one article, and between articles of one story
   (`reconcile.findings.stories`). Each family of forms becomes one finding; the form
   most articles use is the reference (the lexicon's when it knows one), and the others
   depart from it.

A word is compared in the run it stands in: "Angeles" in "Los Angeles" is never taken
for a misspelling of the baseball "Angels", but "the Angeles offered" is.
"""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from rapidfuzz.distance import OSA, Levenshtein

from ..claims.lexicon import Lexicon, name_key
from ..model import Article, Claim, Finding, FindingKind, Fix, Severity, Span, Status
from ..text import Token, fold_word, words_within
from .base import DisjointSets, doc_label, make_finding
from .changes import ROLE_HEADS
from .scripts import has_mixed_script
from .spelling import inflected, regional_spelling, slip
from .stories import Stories, name_form, opens_sentence

# Words that may stand inside a name between capitalised words.
CONNECTORS = frozenset({"of", "the", "for", "de", "da", "del", "della", "van", "von", "bin", "al", "la", "le", "du"})
# Titles and forms of address left off the front of a run ("Judge Philip Hickok").
TITLES = ROLE_HEADS | frozenset(
    """mr mrs ms miss dr sir dame lord lady gov sen rep lt sgt capt cpl det gen col maj cmdr adm const insp supt
    prof rev fr sr jr st pope king queen prince princess sheikh president prime minister judge officer deputy
    trooper undersheriff coach""".split()
)
_NEVER = frozenset(
    """i monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split()
)
# Letters that transliterations put for one another at the start of a name (Giannis/Yiannis,
# Carolos/Karolos, Kurbanguly/Gurbanguly, Elias/Ilias).
_INITIALS = ({"c", "k"}, {"g", "k"}, {"g", "y"}, {"j", "y"}, {"e", "i"}, {"i", "y"}, {"c", "s"}, {"f", "p"})
# Evidence spans kept per form and article.
MAX_EVIDENCE_PER_FORM = 3


@dataclass(frozen=True)
class Use:
    """One word of a name as one article uses it: the word, and the run around it with
    the word masked ("ilene *" for Wolff in "Ilene Wolff", "" alone)."""

    doc: str
    form: str
    context: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A run of capitalised words (titles in front left out) in one article."""

    doc: str
    tokens: tuple[Token, ...]
    surfaces: tuple[str, ...]
    person: bool
    weak: bool = False  # one word opening a sentence, not otherwise known as a name

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(t.form for t in self.tokens)

    def masked(self, i: int) -> tuple[str, ...]:
        return tuple("*" if k == i else f for k, f in enumerate(self.forms) if f not in CONNECTORS or k == i)


def capitalised_inside(article: Article) -> set[str]:
    """Name words an article capitalises away from a sentence start, in its body, captions
    and a headline written as a sentence (a title-cased headline capitalises every word)."""
    text = article.text
    return {
        name_form(t.form)
        for block in _name_blocks(article)
        for t in words_within(text, block.start, block.end)
        if text[t.start].isupper() and not opens_sentence(text, t.start)
    }


def _name_blocks(article: Article) -> list:
    """The blocks whose capitals mark names: body, captions, a sentence-case headline."""
    text = article.text
    return [b for b in article.blocks_of("headline", "body", "caption") if b.role != "headline" or sentence_case(text, b.start, b.end)]


def _name_tokens(text: str, start: int, end: int) -> list[Token]:
    """Words with a possessive ending left off ("Heffner's" -> "Heffner"), and hyphenated
    words cut at their hyphens ("Ethiopian-flagged" -> "Ethiopian", "flagged")."""
    found = []
    for tok in words_within(text, start, end):
        at = tok.start
        for part in text[tok.start : tok.end].split("-"):
            if part:
                form = name_form(fold_word(part))
                trimmed = len(fold_word(part)) - len(form)
                found.append(Token(at, at + len(part) - trimmed, form))
            at += len(part) + 1
    return [t for t in found if t.form]


def mentions_of(article: Article, people: Sequence[Claim], inside: set[str] | None = None, lexicon: Lexicon | None = None) -> list[Mention]:
    """The name runs of an article's body, captions and sentence-case headline. `inside`: words known to be names
    because some article of the run capitalises them mid-sentence. A sentence's first word
    counts if it is one of them, or if a capitalised word follows it ("Masoud Dalman said");
    otherwise it is kept as a *weak* one-word mention ("Regains didn't reveal..."), which is
    compared only with words known to be names."""
    text = article.text
    inside = inside if inside is not None else capitalised_inside(article)
    person_ends = {c.span.end for c in people}
    person_starts = {c.span.start for c in people} | person_ends
    found: list[Mention] = []
    for block in _name_blocks(article):
        tokens = _name_tokens(text, block.start, block.end)
        run: list[Token] = []
        weak = False
        for n, tok in enumerate([*tokens, None]):
            if tok is not None and run and _joins(text, run, tok, person_ends):
                run.append(tok)
                weak = False
                continue
            mention = _mention(article, run, person_starts, weak)
            if mention is not None:
                found.append(mention)
            run, weak = [], False
            if tok is not None and _capitalised(text, tok):
                following = tokens[n + 1] if n + 1 < len(tokens) else None
                if not opens_sentence(text, tok.start) or tok.form in inside:
                    run = [tok]
                elif not _common(tok.form, lexicon):
                    run = [tok]
                    weak = not (following is not None and _capitalised(text, following) and _joins(text, run, following, person_ends))
    return found


def sentence_case(text: str, start: int, end: int) -> bool:
    """A headline written as a sentence ("INS Sukanya foils piracy attempt in Gulf of
    Eden"), whose capitals mark names as the body's do; in a title-cased one every word has
    a capital."""
    long_words = [t for t in words_within(text, start, end) if len(t.form) > 3]
    lower = sum(1 for t in long_words if text[t.start].islower())
    return len(long_words) >= 3 and 2 * lower >= len(long_words)


def _capitalised(text: str, tok: Token) -> bool:
    return text[tok.start].isupper() and tok.form not in _NEVER and tok.form[:1].isalpha()


def _common(form: str, lexicon: Lexicon | None) -> bool:
    """A word that opens sentences without being a name ("The", "When", "Police")."""
    if form in CONNECTORS or form in TITLES:
        return True
    return lexicon is not None and "not-name" in lexicon.word_class(form)


def _joins(text: str, run: list[Token], tok: Token, person_ends: set[int]) -> bool:
    if text[run[-1].end : tok.start].strip() not in ("", "&", "-"):
        return False
    if _capitalised(text, tok):
        return True
    # "Andrew Wetzler of the NRDC" is a person and a body, not one name.
    return tok.form in CONNECTORS and run[-1].end not in person_ends


def _mention(article: Article, run: list[Token], person_starts: set[int], weak: bool = False) -> Mention | None:
    while run and run[-1].form in CONNECTORS:
        run = run[:-1]
    while run and (run[0].form in CONNECTORS or (len(run) > 1 and run[0].form.rstrip(".") in TITLES)):
        run = run[1:]
    if not run:
        return None
    surfaces = tuple(article.text[t.start : t.end] for t in run)
    person = run[0].start in person_starts or run[-1].end in person_starts
    return Mention(article.id, tuple(run), surfaces, person, weak and len(run) == 1)


# --- when two words are one name ----------------------------------------------------------------


def _transliterated(a: str, b: str) -> bool:
    """Folded given names or surnames one letter apart at the start in a way transliteration
    does it ("giannis"/"yiannis"), the rest the same."""
    return len(a) >= 4 and len(b) >= 4 and a[1:] == b[1:] and {a[0], b[0]} in _INITIALS


def _other_words(a: str, b: str, lexicon: Lexicon | None, alone: bool = False) -> bool:
    """Two words the lexicon tells apart: both known spellings (a place and its people,
    "Germany"/"Germans"), or given names it holds for one name or a short form of it.
    Used alone, a word counts as known only if the lexicon knows it alone: "Angeles" is a
    word of "Los Angeles", not a name by itself, so it may be a slip of "Angels"."""
    if lexicon is None:
        return False
    if lexicon.same_given_name(a, b) or lexicon.short_form(a, b):
        return True
    if alone:
        if _known_alone(a, lexicon) and _known_alone(b, lexicon):
            return True
    elif a in lexicon.known_words and b in lexicon.known_words:
        return True
    # A place and the word for its people ("Germany"/"Germans"), or two words for its people.
    for x, y in ((a, b), (b, a)):
        place = lexicon.demonym_of_form(x)
        if place is not None and (y in {w for form in place.forms for w in name_key(form)} or lexicon.demonym_of_form(y) is place):
            return True
    return False


def _known_alone(form: str, lexicon: Lexicon) -> bool:
    """A place, body or surname the lexicon knows by this one word, or the word for the
    people of a place it knows ("Turkmen")."""
    return bool(
        lexicon.named_entries((form,))
        or lexicon.people_by_surname((form,))
        or form in lexicon.accepted
        or lexicon.demonym_of_form(form) is not None
    )


_PLURAL_ENDINGS = ("s", "es", "'s", "\u2019s")


def close_in_run(
    a: str, b: str, lexicon: Lexicon | None, run_length: int = 2, same_article: bool = False, surname: bool = False
) -> str | None:
    """How two differing words of otherwise equal runs are one word, or None: the run says
    they stand for the same thing, so looser tests than for words alone will do. A plural
    counts only inside a long name ("Marine Mammal(s) Protection Act"), where "Academy
    Award(s)" and "Election(s)" do not reach; inside one article only slips count, since an
    article naming "Charlie" and "Charlene" Kafoury names two people."""
    if a == b or len(a) < 3 or len(b) < 3 or not a.isalpha() or not b.isalpha():
        return None
    if _other_words(a, b, lexicon) or regional_spelling(a, b):
        return None
    short, long = sorted((a, b), key=len)
    if inflected(a, b):
        plural = long.startswith(short) and long[len(short) :] in _PLURAL_ENDINGS
        return "ending" if plural and run_length >= 3 else None
    kind = slip(a, b)
    if kind is not None and kind not in ("accent", "case"):
        return kind
    distance = Levenshtein.distance(a, b)
    if distance == 1 and len(a) != len(b):
        return "dropped letter"  # "Jon"/"John", "Anne"/"Ann": a letter more or less in one slot
    if same_article and not (surname and distance == 1 and min(len(a), len(b)) >= 4):
        return None  # in one article, "Kimani Grey"/"Kimani Gray" is a slip, "Charlie"/"Charlene" two people
    if _transliterated(a, b):
        return "transliteration"
    if _particle_dropped(a, b):
        return "particle"  # "Anthony LaCalamita" / "Anthony Calamita"
    if run_length >= 3 and _shared_stem(a, b):
        return "stem"  # "TallGrass Distribution Ltd." / "Tallgrass Distributors Ltd."
    if distance == 1 and min(len(a), len(b)) >= 4:
        return "letter"
    if distance == 2 and min(len(a), len(b)) >= 5 and a[0] == b[0] and a[1] == b[1]:
        return "letters"
    return None


# Particles that begin surnames and get dropped or split off ("LaCalamita", "DeMarco",
# "McAllister", "VanDyke").
_PARTICLES = ("la", "le", "de", "di", "da", "du", "del", "della", "van", "von", "mc", "mac", "st")


def _particle_dropped(a: str, b: str) -> bool:
    """One surname is the other with a particle before it run together: "lacalamita" /
    "calamita". The rest must be long enough to be a name of its own."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.endswith(short) and long[: len(long) - len(short)] in _PARTICLES


def _shared_stem(a: str, b: str) -> bool:
    """Two long words that differ only after a long common beginning (two thirds of the
    longer and six letters at least): one word with another ending."""
    common = len(os.path.commonprefix([a, b]))
    return min(len(a), len(b)) >= 7 and common >= max(6, 2 * max(len(a), len(b)) / 3)


def close_alone(a: str, b: str, lexicon: Lexicon | None) -> str | None:
    """How two words used alone are one name, or None: slips on words long enough (see
    `slip`), and a letter dropped or added in a shorter name ("Lock"/"Locke")."""
    if _other_words(a, b, lexicon, alone=True):
        return None
    kind = slip(a, b)
    if (
        kind is None
        and min(len(a), len(b)) >= 4
        and abs(len(a) - len(b)) == 1
        and a[0] == b[0]
        and not inflected(a, b)
        and not regional_spelling(a, b)
        and Levenshtein.distance(a, b) == 1
    ):
        short, long = sorted((a, b), key=len)
        if long.startswith(short) and long[-1] != "e":
            return None  # "Nava"/"Naval": a word with a letter added at its end is another word
        return "dropped letter"
    if kind in (None, "accent", "case"):
        return None
    return kind


# --- families of forms -------------------------------------------------------------------------


class Families(DisjointSets[Use]):
    """Uses of names joined into families, each remembering why it was first joined."""

    def __init__(self) -> None:
        super().__init__(key=_order)
        self.why: dict[Use, str] = {}

    def join(self, a: Use, b: Use, why: str = "") -> None:
        super().join(a, b)
        if why:
            self.why[self.find(a)] = self.why.get(self.find(a)) or why


def _order(use: Use) -> tuple:
    return (use.doc, use.form, use.context)


def name_form_findings(
    articles: Sequence[Article], claims: Sequence[Claim], stories: Stories, lexicon: Lexicon | None = None
) -> list[Finding]:
    """A finding for every name written two ways inside one article or across one story."""
    people = defaultdict(list)
    for c in claims:
        if c.kind == "person":
            people[c.span.doc].append(c)
    by_id = {a.id: a for a in articles}
    spans: dict[Use, list[Span]] = defaultdict(list)
    surface: dict[Use, str] = {}
    runs_by_shape: dict[tuple, list[tuple[Use, Mention, int]]] = defaultdict(list)
    alone: dict[str, set[Use]] = defaultdict(set)
    weak: dict[str, set[Use]] = defaultdict(set)  # sentence openers not known as names
    given: dict[tuple[str, str], set[str]] = defaultdict(set)  # (doc, surname) -> given names before it
    used_in: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)  # (form, run) -> articles
    inside = set().union(*(capitalised_inside(a) for a in articles)) if articles else set()
    written: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))  # form -> as written -> spans
    for article in articles:
        for mention in mentions_of(article, people[article.id], inside, lexicon):
            for tok, shown in zip(mention.tokens, mention.surfaces):
                if tok.form not in CONNECTORS and not has_mixed_script(shown):
                    written[tok.form][name_form(shown)].append(article.span(tok.start, tok.start + len(name_form(shown))))
            if mention.weak:
                tok = mention.tokens[0]
                use = Use(article.id, tok.form, ("^",))
                spans[use].append(article.span(tok.start, tok.end))
                surface.setdefault(use, mention.surfaces[0])
                weak[tok.form].add(use)
                continue
            for i, tok in enumerate(mention.tokens):
                if tok.form in CONNECTORS or has_mixed_script(mention.surfaces[i]):
                    continue  # a name mixing scripts is a mixed-script finding
                context = mention.masked(i) if len(mention.tokens) > 1 else ()
                use = Use(article.id, tok.form, context)
                spans[use].append(article.span(tok.start, tok.end))
                surface.setdefault(use, mention.surfaces[i])
                used_in[(tok.form, context)].add(article.id)
                if context:
                    runs_by_shape[context].append((use, mention, i))
                acronym = mention.surfaces[i].isupper() and len(mention.surfaces[i]) > 1
                if not acronym and (not context or (mention.person and i == len(mention.tokens) - 1)):
                    alone[tok.form].add(use)
                    if context and i > 0:
                        given[(article.id, tok.form)].add(mention.forms[i - 1])
    families = Families()
    _join_runs(runs_by_shape, families, stories, lexicon)
    _join_twice_changed(runs_by_shape, families, stories, lexicon)
    join_alone(alone, families, stories, lexicon, given)
    _join_weak(weak, alone, families, stories, lexicon)
    groups: dict[Use, list[Use]] = defaultdict(list)
    for use in spans:
        if use in families.parent:
            groups[families.find(use)].append(use)
    found = []
    for root, members in groups.items():
        finding = _finding(members, spans, surface, used_in, stories, by_id, lexicon, families.why.get(root, ""))
        if finding is not None:
            found.append(finding)
    found.extend(accent_variants(written, stories))
    return found


def accent_variants(written: dict[str, dict[str, list[Span]]], stories: Stories) -> list[Finding]:
    """A name written with and without its accents ("Peña" / "Pena", "München" /
    "Munchen") inside one article or across articles of one story: a form variant (info),
    worth one style decision. Case alone ("McCain"/"Mccain") is a slip, left to the rules
    above."""
    found = []
    for forms in written.values():
        bare: dict[str, list[str]] = defaultdict(list)
        for written_as in forms:
            bare[_strip_marks(written_as).casefold()].append(written_as)
        for shown in bare.values():
            accented = [s for s in shown if _strip_marks(s) != s]
            plain = [s for s in shown if _strip_marks(s) == s]
            if not accented or not plain:
                continue
            docs_of = {s: {span.doc for span in forms[s]} for s in shown}
            if not any(_linked(a, b, stories) for x in accented for y in plain for a in docs_of[x] for b in docs_of[y]):
                continue
            listing = "; ".join(f'"{s}" ({_docs(docs_of[s])})' for s in sorted(shown, key=lambda s: (s not in accented, s)))
            within = sorted(set.intersection(*(docs_of[s] for s in shown))) if len(shown) > 1 else []
            message = f"A name is written with and without its accents: {listing}"
            if within:
                message += f"; {_docs(within)} {'uses' if len(within) == 1 else 'use'} both"
            evidence = [span for s in shown for span in forms[s][:MAX_EVIDENCE_PER_FORM]]
            found.append(make_finding("name-variant", "variant", message, sorted(shown), evidence, subject=accented[0], severity="info"))
    return found


def _strip_marks(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


# Two articles that resemble each other this much (cosine of their names) may be compared
# for how they spell a name even when they are not one story: a name is spelled the same
# in a first report and a follow-up months later.
MIN_NAME_RESEMBLANCE = 0.1


def _linked(a: str, b: str, stories: Stories) -> bool:
    return a == b or stories.link(a, b) is not None or stories.resemblance(a, b) >= MIN_NAME_RESEMBLANCE


def _join_runs(
    runs_by_shape: dict[tuple, list[tuple[Use, Mention, int]]], families: Families, stories: Stories, lexicon: Lexicon | None
) -> None:
    """Runs equal but for one word: the two words are compared with `close_in_run`."""
    for context, uses in runs_by_shape.items():
        forms: dict[str, list] = {}
        for use, _mention, _i in uses:
            forms.setdefault(use.form, []).append(use)
        if len(forms) < 2:
            continue
        names = sorted(forms)
        length = sum(1 for f in context if f not in CONNECTORS)
        last = context[-1] == "*" and length >= 2
        for x, a in enumerate(names):
            for b in names[x + 1 :]:
                apart = close_in_run(a, b, lexicon, length)
                together = close_in_run(a, b, lexicon, length, same_article=True, surname=last)
                if apart is None:
                    continue
                # Articles that each use both forms (copies of one text naming "Charlene"
                # and "Charlie" Kafoury) are judged as one article is.
                both = {u.doc for u in forms[a]} == {u.doc for u in forms[b]}
                for ua in forms[a]:
                    for ub in forms[b]:
                        why = together if ua.doc == ub.doc or both else apart
                        if why is not None and _linked(ua.doc, ub.doc, stories):
                            families.join(ua, ub, why)


def _join_twice_changed(
    runs_by_shape: dict[tuple, list[tuple[Use, Mention, int]]], families: Families, stories: Stories, lexicon: Lexicon | None
) -> None:
    """Runs of two or three words of which two differ, each by one letter ("Heydar
    Alishbandi"/"Heidar Alishvandi"): found through runs that begin or end alike."""
    runs: dict[tuple[str, ...], dict[str, Mention]] = defaultdict(dict)
    for uses in runs_by_shape.values():
        for use, mention, _ in uses:
            key = tuple(f for f in mention.forms if f not in CONNECTORS)
            if 2 <= len(key) <= 3:
                runs[key].setdefault(use.doc, mention)
    buckets: dict[tuple, list[tuple[str, ...]]] = defaultdict(list)
    for key in runs:
        buckets[(len(key), 0, key[0][:2])].append(key)
        buckets[(len(key), -1, key[-1][:2])].append(key)
    seen: set[tuple] = set()
    for keys in buckets.values():
        for x, a in enumerate(keys):
            for b in keys[x + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                differing = [i for i in range(len(a)) if a[i] != b[i]]
                if len(differing) != 2:
                    continue
                if not all(Levenshtein.distance(a[i], b[i]) == 1 and close_in_run(a[i], b[i], lexicon) for i in differing):
                    continue
                for doc_a, ma in runs[a].items():
                    for doc_b, mb in runs[b].items():
                        if doc_a == doc_b or not _linked(doc_a, doc_b, stories):
                            continue
                        for i in differing:
                            ia, ib = _position(ma, i), _position(mb, i)
                            families.join(Use(doc_a, a[i], ma.masked(ia)), Use(doc_b, b[i], mb.masked(ib)), "letters")


def _position(mention: Mention, content_index: int) -> int:
    """The token index of the n-th word of a run that is not a connector."""
    content = [k for k, f in enumerate(mention.forms) if f not in CONNECTORS]
    return content[content_index]


def join_alone(
    alone: dict[str, set[Use]], families: Families, stories: Stories, lexicon: Lexicon | None, given: dict[tuple[str, str], set[str]]
) -> None:
    """Words used alone (or as a person's surname) one slip apart, found through the forms
    they share with one letter left out. Two surnames that come with different given names
    are two people ("Paul Browne", "Sandra Brown")."""
    filed: dict[str, set[str]] = defaultdict(set)
    for form in alone:
        if len(form) < 4 or not form.isalpha():
            continue
        for i in range(len(form)):
            filed[form[:i] + form[i + 1 :]].add(form)
            if len(form) >= 6:  # two letters left out: slips of two letters in longer names
                for j in range(i + 1, len(form)):
                    filed[form[:i] + form[i + 1 : j] + form[j + 1 :]].add(form)
        filed[form].add(form)
    articles_using = {form: {u.doc for u in uses} for form, uses in alone.items()}
    seen: set[tuple[str, str]] = set()
    for group in filed.values():
        if len(group) < 2:
            continue
        ordered = sorted(group)
        for x, a in enumerate(ordered):
            for b in ordered[x + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                why = close_alone(a, b, lexicon) or _rare_typo(a, b, articles_using, lexicon)
                if why is None:
                    continue
                for ua in alone[a]:
                    for ub in alone[b]:
                        if _linked(ua.doc, ub.doc, stories) and not _two_people(ua, ub, given, lexicon):
                            families.join(ua, ub, why)


# A form written in one article and its neighbour two letters away in this many or more:
# the rare one is a slip of the common one ("Oriels" for "Orioles").
COMMON_FORM = 3


def _rare_typo(a: str, b: str, articles_using: dict[str, set[str]], lexicon: Lexicon | None) -> str | None:
    """Two letters apart in a name of six letters or more, one of them a letter more or
    less, one form in a single article and the other in `COMMON_FORM` or more."""
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) != 1 or a[0] != b[0]:
        return None  # two letters changed in place make another name ("Cullens"/"Collins") as often as a slip
    if OSA.distance(a, b) != 2 or inflected(a, b) or regional_spelling(a, b) or _other_words(a, b, lexicon, alone=True):
        return None
    counts = sorted((len(articles_using.get(a, ())), len(articles_using.get(b, ()))))
    return "letters" if counts[0] == 1 and counts[1] >= COMMON_FORM else None


def _join_weak(
    weak: dict[str, set[Use]], alone: dict[str, set[Use]], families: Families, stories: Stories, lexicon: Lexicon | None
) -> None:
    """A sentence's first word one typing slip from a name used elsewhere ("Regains" for
    "Reagins"): letters swapped, doubled or dropped only, since a sentence may well open
    with an ordinary word one letter from a name ("Later", "Lauer")."""
    by_start: dict[str, list[str]] = defaultdict(list)
    for form in alone:
        by_start[form[:1]].append(form)
    for form, uses in weak.items():
        if len(form) < 6 or form in alone:
            continue
        for other in by_start.get(form[:1], ()):
            if abs(len(other) - len(form)) > 2:
                continue
            if slip(form, other) not in ("transposition", "doubled letter", "dropped letter", "letters"):
                continue
            if _other_words(form, other, lexicon):
                continue
            for ua in uses:
                for ub in alone[other]:
                    if _linked(ua.doc, ub.doc, stories):
                        families.join(ua, ub, "letter")


def _two_people(a: Use, b: Use, given: dict[tuple[str, str], set[str]], lexicon: Lexicon | None) -> bool:
    first_a, first_b = given.get((a.doc, a.form), set()), given.get((b.doc, b.form), set())
    if not first_a or not first_b:
        return False
    for x in first_a:
        for y in first_b:
            if (
                x == y
                or close_in_run(x, y, None) is not None
                or (lexicon is not None and (lexicon.same_given_name(x, y) or lexicon.short_form(x, y)))
            ):
                return False
    return True


# --- the finding -----------------------------------------------------------------------------------


def _finding(
    members: list[Use],
    spans: dict[Use, list[Span]],
    surface: dict[Use, str],
    used_in: dict[tuple[str, tuple[str, ...]], set[str]],
    stories: Stories,
    by_id: dict[str, Article],
    lexicon: Lexicon | None,
    why: str,
) -> Finding | None:
    docs_by_form: dict[str, set[str]] = defaultdict(set)
    evidence_by_form: dict[str, list[Span]] = defaultdict(list)
    shown: dict[str, str] = {}
    for use in sorted(members, key=_order):
        docs_by_form[use.form].add(use.doc)
        shown.setdefault(use.form, surface[use])
        evidence_by_form[use.form].extend(spans[use][:MAX_EVIDENCE_PER_FORM])
    if len(docs_by_form) < 2:
        return None
    # Which form most articles of the story use: every article linked to one in the family
    # that uses one of the forms the same way (in the same run, or alone) counts.
    involved = set().union(*docs_by_form.values())
    for use in members:
        for doc in used_in.get((use.form, use.context), ()):
            if doc not in docs_by_form[use.form] and any(_linked(doc, d, stories) for d in involved):
                docs_by_form[use.form].add(doc)
    reference = _reference(docs_by_form, by_id, lexicon)
    within = sorted(d for d in set.union(*docs_by_form.values()) if sum(d in docs for docs in docs_by_form.values()) > 1)
    transliteration = why == "transliteration" or (
        lexicon is not None and all(lexicon.same_given_name(a, b) for a in docs_by_form for b in docs_by_form)
    )
    # An error needs every article that departs to be one story (or one article) with one
    # that uses the lexicon's form: articles alike only in their names may be of other events.
    known = (
        lexicon is not None
        and reference is not None
        and _known_alone(fold_word(reference), lexicon)
        and all(
            any(d == r or stories.link(d, r) is not None for r in docs_by_form[reference])
            for f, docs in docs_by_form.items()
            if f != reference
            for d in docs
        )
    )
    kind: FindingKind
    status: Status
    severity: Severity
    if transliteration or why == "ending":
        # Two transliterations, or a word of a long name in the singular and the plural
        # ("Central Election(s) Commission"): two forms in use, for an editor's style call.
        kind, status, severity = "name-variant", "variant", "info"
    elif known:
        kind, status, severity = "name-spelling", "conflict", "error"
    else:
        kind, status, severity = "name-spelling", "variant", "warning"
    forms = sorted(docs_by_form, key=lambda f: (f != reference, -len(docs_by_form[f]), f))
    listing = "; ".join(f'"{shown[f]}" ({_docs(docs_by_form[f])})' for f in forms)
    if reference is not None:
        others = [f for f in forms if f != reference]
        message = (
            ", ".join(f'"{shown[f]}" ({_docs(docs_by_form[f])})' for f in others)
            + f' looks like {_relation(transliteration, why)} of "{shown[reference]}" '
            f"({_docs(docs_by_form[reference])})"
        )
    else:
        message = (
            f"One name is written {'in two forms' if len(forms) == 2 else f'in {len(forms)} forms'}: {listing}; nothing says which is right"
        )
    if within:
        message += f"; {_docs(within)} {'uses' if len(within) == 1 else 'use'} both"
    evidence = [s for f in forms for s in evidence_by_form[f]]
    finding = make_finding(
        kind,
        status,
        message,
        [shown[f] for f in forms],
        evidence,
        subject=shown[reference] if reference else " / ".join(sorted(forms)),
        severity=severity,
    )
    if reference is None:
        return finding
    departing = [s for f in forms if f != reference for s in evidence_by_form[f]]
    fixes = tuple(Fix(s, _cased_like(shown[reference], s.text)) for s in departing)
    return replace(finding, reference=shown[reference], departs=tuple(sorted({s.doc for s in departing})), fixes=fixes)


def _relation(transliteration: bool, why: str) -> str:
    if transliteration:
        return "a spelling"
    return "another form" if why in ("ending", "stem", "particle") else "a misspelling"


def _reference(docs_by_form: dict[str, set[str]], by_id: dict[str, Article], lexicon: Lexicon | None) -> str | None:
    """The form to follow: the one the lexicon knows, else the one most articles use, else
    the earliest article's."""
    if lexicon is not None:
        # The lexicon decides only for a place, a body or a surname it knows by this word:
        # "John" being a given name it holds says nothing of how this "Jon" is spelled.
        known = [f for f in docs_by_form if _known_alone(f, lexicon)]
        if len(known) == 1:
            return known[0]
    ranked = sorted(docs_by_form, key=lambda f: -len(docs_by_form[f]))
    if len(docs_by_form[ranked[0]]) > len(docs_by_form[ranked[1]]):
        return ranked[0]
    dated = sorted(
        (by_id[d].published, f) for f, docs in docs_by_form.items() for d in docs if d in by_id and by_id[d].published is not None
    )
    if len(dated) > 1 and dated[0][0] != dated[1][0] and dated[0][1] != dated[1][1]:
        return dated[0][1]
    return None


def _cased_like(word: str, written: str) -> str:
    return word.upper() if written.isupper() and len(written) > 1 else word


def _docs(docs: Iterable[str]) -> str:
    shown = sorted({doc_label(d) for d in docs})
    if len(shown) > 4:
        return ", ".join(shown[:3]) + f" and {len(shown) - 3} more"
    return ", ".join(shown)


__all__ = ["Families", "Mention", "Use", "close_alone", "close_in_run", "join_alone", "mentions_of", "name_form_findings"]
