"""Name findings: how sources spell, vary and title the people, places and bodies they name.

Four kinds, each from person, place and org claims (see `reconcile.claims`):

- ``name-spelling``: a name one edit or one transposition away from the form the lexicon
  or other copies use ("Daioyu" for "Diaoyu"), a misspelling the lexicon lists, or a form a
  user vocabulary rejects. Conflict when the lexicon or a vocabulary says which form is
  right; variant when two copies disagree and nothing says which is right. Words the
  lexicon knows and words a vocabulary accepts are never misspellings.
- ``name-variant``: one person written with two accepted spellings, transliterations or
  honorifics ("Sergey"/"Sergei" Lavrov, "Mrs"/"Ms"), across articles or within one.
  People who merely share a given name (Sergey Lavrov, Sergei Shoigu) are never compared.
- ``alias``: one place or body named with different aliases by copies of one story (articles
  that share passages). Variant when two articles
  name it with no name in common ("United States" against "US"); agreement when the
  articles that name it share a name that is an alias ("Northern Territories").
- ``role``: agreement when two or more articles give a person the same role; conflict
  when passages that overlap give one office of one country to two different people, or
  give one person two single-holder offices. Within one article, two offices for one
  person in the body is a variant; caption against body is left to the caption findings.

A person in one article and a person in another are the same when the lexicon says so
(same canonical id), or when their surname and given name (or a lexicon variant of it)
agree. A different given name is a different person, unless it is one edit away *and*
the two mentions sit in passages an overlap aligns.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from itertools import accumulate
from dataclasses import replace
from typing import Iterable, Sequence

from rapidfuzz.distance import OSA

from ..claims.lexicon import Lexicon, name_key
from ..model import Article, Claim, Finding, Fix, Overlap, Span, Status
from ..text import fold, words, words_within
from .spelling import regional_spelling
from .base import OverlapIndex, doc_label, make_finding, story_clusters
from .pairing import pairs_sharing
from .scripts import has_mixed_script


# Honorifics that say how to address someone; a title (Dr, Rev, Sir) may stand beside them.
# A word flagged as misspelt: its article's id and where it starts.
Flagged = tuple[str, int]
FORMS_OF_ADDRESS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "M", "Mme", "Herr", "Frau"})


def name_findings(articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap],
                  lexicon: Lexicon) -> list[Finding]:
    """Spelling, variant, alias and role findings for these articles.

    Three passes look for misspellings, each leaving alone the words the passes before it
    flagged: the lexicon's lists, then people, then the other words of names. Each pass
    says which words it flagged (article id, start), so that none depends on state."""
    index = OverlapIndex(overlaps)
    # A name that mixes scripts is a mixed-script finding (see `scripts`), not a spelling.
    people = [c for c in claims if c.kind == "person" and not has_mixed_script(c.span.text)]
    named = [c for c in claims if c.kind in ("place", "org") and not has_mixed_script(c.span.text)]
    listed, listed_at = listed_misspellings(articles, lexicon)
    spelled, spelled_at = person_spellings(people, index, lexicon, listed_at)
    found = listed + spelled
    found += word_spellings(articles, claims, named, lexicon, listed_at | spelled_at)
    found += name_variants(people, lexicon)
    found += alias_findings(named, overlaps)
    found += role_findings(people, index, lexicon)
    return found


# --- helpers ----------------------------------------------------------------------------------

def docs_phrase(docs: Iterable[str]) -> str:
    """"000, 003 and 004": article ids shortened to their leading number when they have one."""
    shown = sorted({doc_label(d) for d in docs})
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def near_miss(a: str, b: str) -> bool:
    """One edit or one transposition apart, on words long enough for that to mean a slip:
    a swap of two letters from four letters on, any other edit from five, first letter kept."""
    if a == b or not a or not b or a[0] != b[0] or regional_spelling(a, b):
        return False
    if OSA.distance(a, b) != 1:
        return False
    transposition = len(a) == len(b) and sorted(a) == sorted(b)
    return min(len(a), len(b)) >= (4 if transposition else 5)


def _word_spans(claim: Claim) -> list[tuple[str, Span]]:
    """(folded word, span) of each word of a claim's name."""
    text = claim.span.text
    return [(t.form, Span(claim.span.doc, claim.span.start + t.start, claim.span.start + t.end, text[t.start:t.end]))
            for t in words(text)]


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
                    listed = lexicon.known_misspelling(tuple(t.form for t in toks[i:i + n]))
                    if rejected is not None and not lexicon.is_accepted(surface):
                        written, suggestion = rejected
                        message = f"\"{surface}\" is on the reject list" + (f"; use \"{suggestion}\"" if suggestion else "")
                        hits[(written, suggestion, message)].append(article.span(start, end))
                    elif listed is not None and not lexicon.is_accepted(surface):
                        right, label = listed
                        message = f"\"{surface}\" is a known misspelling of \"{right}\" (lexicon: {label})"
                        hits[(surface, right, message)].append(article.span(start, end))
                    else:
                        continue
                    for t in toks[i:i + n]:
                        flagged.add((article.id, t.start))
                    break
    return [
        make_finding("name-spelling", "conflict", message, [wrong, right] if right else [wrong], spans, subject=right or wrong)
        for (wrong, right, message), spans in hits.items()
    ], frozenset(flagged)


def person_spellings(people: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon,
                     skip: frozenset[Flagged] = frozenset()) -> tuple[list[Finding], frozenset[Flagged]]:
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
                (claim.span.doc, s.start) in skip or (claim.span.doc, s.start) in flagged for _, s in _word_spans(claim)):
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
            spans = [s for c in full for w, s in _word_spans(c) if w == fold(wrong.text).text and c.key == claim.key]
            for s in spans:
                flagged.add((s.doc, s.start))
            found.append(make_finding(
                "name-spelling", "conflict",
                f"\"{wrong.text}\" looks like a misspelling of \"{right}\" (lexicon: {best[0].name})",
                [wrong.text, right], spans or [wrong], subject=best[0].name,
            ))
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
        return ((i, key[:i], key[i + 1:]) for i in range(len(key)))

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
    spans = _word_spans(claim)
    their_words = [t for t in words(their_text)]
    for (form, span), other_form, other_tok in zip(spans, theirs, their_words):
        if form != other_form:
            return span, their_text[other_tok.start:other_tok.end]
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
                gap = article.text[previous_end:t.start]
                previous_end = t.end
                if t.start == block.start or any(mark in gap for mark in ".!?:\"\u201c"):
                    continue  # a sentence's first word is capitalised anyway
                if not (article.text[t.start].isupper() and t.form.isalpha()):
                    continue
                i = bisect.bisect_right(starts, t.start)
                if i and reach[i - 1] > t.start:
                    continue  # inside a claim
                found[t.form].append(article.span(t.start, t.end))
    return found


def word_spellings(articles: Sequence[Article], claims: Sequence[Claim], named: Sequence[Claim],
                   lexicon: Lexicon, skip: frozenset[Flagged] = frozenset()) -> list[Finding]:
    """Words of place and body names one slip away from a word the lexicon knows; other
    capitalised words only when two letters are swapped; words in `skip` left alone. (Words the articles themselves
    write two ways are found by `reconcile.findings.name_forms`.)"""
    occurrences: dict[str, list[Span]] = defaultdict(list)
    for claim in named:
        for form, span in _word_spans(claim):
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
            message = f"\"{spans[0].text}\" looks like a misspelling of \"{shown}\" (lexicon: {_label_with(owner, shown)})"
            finding = make_finding("name-spelling", "conflict", message, [spans[0].text, shown],
                                   spans + occurrences.get(right, []), subject=shown)
            found.append(replace(finding, reference=shown, departs=tuple(sorted({s.doc for s in spans})),
                                 fixes=tuple(Fix(s, shown) for s in spans)))
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
        if len(key) < 2 or not any((w.doc, w.start) in spans_at for _, w in _word_spans(claim)):
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


# --- name-variant ---------------------------------------------------------------------------

_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def name_variants(people: Sequence[Claim], lexicon: Lexicon) -> list[Finding]:
    """One person, two accepted spellings of the name, or two honorifics."""
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for claim in people:
        by_person[claim.key].append(claim)
    found = []
    for key, mentions in sorted(by_person.items()):
        full = [c for c in mentions if c.person.mention == "full"]
        forms: dict[str, list[Claim]] = defaultdict(list)
        for c in full:
            # "George W. Bush" and "George Bush" are one spelling: initials are left out.
            forms[" ".join(w for w in name_key(c.span.text) if len(w) > 1)].append(c)
        if len(forms) > 1:
            groups = sorted(forms.values(), key=lambda cs: (-len(cs), cs[0].span.doc, cs[0].span.start))
            first = groups[0][0]
            linked = [g for g in groups[1:] if _variant_of(first, g[0], lexicon)]
            if linked:
                chosen = [groups[0], *linked]
                surname = first.person.surname or first.span.text.split()[-1]
                parts = [f"\"{g[0].span.text}\" ({docs_phrase(c.span.doc for c in g)})" for g in chosen]
                found.append(make_finding(
                    "name-variant", "variant",
                    f"{surname}'s name is spelled {_COUNT_WORDS.get(len(chosen), str(len(chosen)))} ways: " + ", ".join(parts[:-1]) + " and " + parts[-1],
                    [g[0].span.text for g in chosen], [c.span for g in chosen for c in g], subject=key,
                ))
    return found


def _variant_of(a: Claim, b: Claim, lexicon: Lexicon) -> bool:
    """Two accepted spellings of one person's name: both lexicon forms of one person, or the
    same surname with given names a lexicon group links."""
    ka, kb = name_key(a.span.text), name_key(b.span.text)
    entry = next((p for p in lexicon.people if p.id == a.person.canonical), None)
    if entry is not None and a.person.canonical == b.person.canonical:
        forms = {name_key(f) for f in entry.forms}
        if ka in forms and kb in forms:
            return True
    sa, sb = a.person.surname, b.person.surname
    return fold(sa).text == fold(sb).text and lexicon.same_given_name(a.person.given, b.person.given)


# --- alias ------------------------------------------------------------------------------------

# Places whose name is a matter of editorial choice (a country's short name, one side's
# name for disputed islands); a state's abbreviation or a city's longer name is style.
_EDITORIAL_TYPES = frozenset({"country", "islands", "territory", "sea"})


def alias_findings(named: Sequence[Claim], overlaps: Sequence[Overlap] = ()) -> list[Finding]:
    """Per lexicon place or body: do the copies of one story share a name for it?

    Only articles that share passages (copies of one story) are compared: independent
    stories choosing different names for a place is house style, not drift."""
    story = story_clusters(overlaps)
    copied = {(min(ov.a.doc, ov.b.doc), max(ov.a.doc, ov.b.doc)) for ov in overlaps}
    by_entry: dict[tuple[str, str], dict[str, dict[str, list[Span]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    house: dict[tuple[str, str], str] = {}
    for claim in named:
        name = claim.place.entry
        if not name or claim.span.doc not in story or claim.place.type not in _EDITORIAL_TYPES:
            continue
        entry = (name, story[claim.span.doc])
        house[entry] = claim.value
        form = " ".join(name_key(claim.span.text))
        by_entry[entry][claim.span.doc][form].append(claim.span)
    found = []
    for entry, per_doc in sorted(by_entry.items()):
        if len(per_doc) < 2:
            continue
        forms_of = {doc: set(forms) for doc, forms in per_doc.items()}
        docs = sorted(forms_of)
        # House style differs when two copies each hold to one name and the names differ;
        # an article that itself writes "US" and "United States" has no style to compare.
        consistent = all(len(forms) == 1 for forms in forms_of.values())
        disjoint = consistent and any(not (forms_of[x] & forms_of[y]) and (x, y) in copied
                                      for i, x in enumerate(docs) for y in docs[i + 1:])
        shown: dict[str, tuple[str, list[str], list[Span]]] = {}
        for doc in docs:
            for form, spans in per_doc[doc].items():
                text, used, evidence = shown.get(form, (spans[0].text, [], []))
                shown[form] = (text, used + [doc], evidence + [spans[0]])
        canonical = " ".join(name_key(house[entry]))
        if disjoint:
            parts = [f"\"{t}\" ({docs_phrase(d)})" for t, d, _ in sorted(shown.values(), key=lambda v: (-len(v[1]), v[0]))]
            found.append(make_finding(
                "alias", "variant",
                f"{house[entry]} is named differently across sources: " + ", ".join(parts),
                sorted(t for t, _, _ in shown.values()), [s for _, _, e in shown.values() for s in e], subject=entry[0],
            ))
            continue
        shared = set.intersection(*forms_of.values()) if forms_of else set()
        if not shared or shared == {canonical} and all(f == canonical for fs in forms_of.values() for f in fs):
            continue
        if not any(f != canonical for f in set().union(*forms_of.values())):
            continue
        names = [shown[f][0] for f in sorted(shared)]
        found.append(make_finding(
            "alias", "agreement",
            f"{docs_phrase(docs)} agree in naming {house[entry]}: " + " and ".join(f"\"{n}\"" for n in names),
            names, [s for f in shared for s in shown[f][2]], subject=entry[0],
        ))
    return found


# --- role -------------------------------------------------------------------------------------

def role_findings(people: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    """Agreements on who holds which office. (A title changed between copies of one passage,
    or another person named in it, is a change `reconcile.findings.changes` reports; one
    person given two offices inside an article is a variant.)"""
    titled = [c for c in people if c.person.role_id and not c.person.qualifier]
    found = []
    found += _role_agreements(titled)
    found += [f for f in _one_person_two_offices(titled, index, lexicon) if f.status == "variant"]
    return found


def _role_agreements(titled: Sequence[Claim]) -> list[Finding]:
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in titled:
        groups[(c.key, c.person.role_id)].append(c)
    found = []
    for (key, role_id), claims in sorted(groups.items()):
        docs = {c.span.doc for c in claims}
        affiliations = {c.person.affiliation for c in claims if c.person.affiliation}
        if len(docs) < 2 or len(affiliations) > 1:
            continue
        name = max((c.person.full or c.span.text for c in claims), key=len)
        role = claims[0].person.role or role_id
        affiliation = next(iter(affiliations), "")
        office = f"{affiliation}'s {role}" if affiliation else role
        found.append(make_finding(
            "role", "agreement", f"{docs_phrase(docs)} agree that {name} is {office}",
            [name, office], [c.span for c in claims], subject=f"{key} {role_id}",
        ))
    return found


def _compatible(a: Claim, b: Claim) -> bool:
    x, y = a.person.affiliation, b.person.affiliation
    return not x or not y or x == y


def _one_person_two_offices(titled: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    found = []
    seen: set[tuple] = set()
    # Two offices of one person: only claims of one key are paired.
    for a, b in pairs_sharing(titled, lambda c: c.key):
        if a.person.role_id == b.person.role_id or not _compatible(a, b):
            continue
        ra, rb = lexicon.role_by_id(a.person.role_id), lexicon.role_by_id(b.person.role_id)
        if not (ra and rb and ra.exclusive and rb.exclusive):
            continue
        status: Status
        if a.span.doc == b.span.doc:
            if "caption" in (a.block, b.block):
                continue
            status = "variant"
        elif index.aligned(a.sentence, b.sentence) or index.aligned(a.span, b.span):
            status = "conflict"
        else:
            continue
        pair = (a.key, *sorted((ra.id, rb.id)), status)
        if pair in seen:
            continue
        seen.add(pair)
        name = a.person.full or a.span.text
        found.append(make_finding(
            "role", status,
            f"{name} is {a.person.role} in {docs_phrase([a.span.doc])} but {b.person.role} in {docs_phrase([b.span.doc])}",
            [a.person.role, b.person.role], [a.span, b.span], subject=a.key,
        ))
    return found


def _one_office_two_people(titled: Sequence[Claim], index: OverlapIndex, lexicon: Lexicon) -> list[Finding]:
    """One office given to two different people in passages that copies share.

    An office one person holds at a time (a country's foreign minister) clashes wherever
    the passages align. Any other title ("Judge", "Senator") clashes only when the two
    copies put different names in the same slot of the same sentence: each name is
    missing from the other copy's sentence, so it is a swap, not a list of two holders."""
    found = []
    in_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for c in titled:
        in_sentence[(c.sentence.doc, c.sentence.start)].add(c.key)
    # Both kinds of clash need the two sentences (or names) in passages an overlap aligns, so
    # only claims of the same office in articles that share a passage are compared.
    same_office: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(titled):
        same_office[(c.person.role_id, c.person.affiliation)].append(i)
    for i, a in enumerate(titled):
        linked = index.docs_aligned_with(a.span.doc)
        for j in same_office[(a.person.role_id, a.person.affiliation)]:
            b = titled[j]
            if j <= i or b.span.doc not in linked:
                continue
            if a.span.doc == b.span.doc or a.key == b.key or a.person.role_id != b.person.role_id:
                continue
            role = lexicon.role_by_id(a.person.role_id)
            affiliation = a.person.affiliation
            if role is None or affiliation != b.person.affiliation:
                continue
            if "counterpart" in (a.person.role_via, b.person.role_via):
                continue  # an inferred role is not evidence enough to call a conflict
            if _maybe_same(a, b, lexicon):
                continue
            if role.exclusive and affiliation:
                if not (index.aligned(a.sentence, b.sentence) or index.aligned(a.span, b.span)):
                    continue
            elif not (index.aligned(a.sentence, b.sentence)
                      and a.key not in in_sentence[(b.sentence.doc, b.sentence.start)]
                      and b.key not in in_sentence[(a.sentence.doc, a.sentence.start)]):
                continue
            na, nb = a.person.full or a.span.text, b.person.full or b.span.text
            office = f"{affiliation}'s {role.name}" if affiliation else f"The {role.name}"
            found.append(make_finding(
                "role", "conflict",
                f"{office} is {na} in {docs_phrase([a.span.doc])} but {nb} in {docs_phrase([b.span.doc])}, in the same passage",
                [na, nb], [a.span, b.span], subject=f"{affiliation or ''} {role.id}",
            ))
    return found


def _maybe_same(a: Claim, b: Claim, lexicon: Lexicon) -> bool:
    """Names close enough to be one person spelled two ways (a spelling finding, not a role one)."""
    sa, sb = fold(a.person.surname or a.span.text).text, fold(b.person.surname or b.span.text).text
    return sa == sb or OSA.distance(sa, sb) <= 1


__all__ = ["alias_findings", "name_findings", "name_variants", "near_miss", "role_findings", "word_spellings"]
