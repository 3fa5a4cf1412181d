"""Person claims: the people a story names, with the roles and affiliations it gives them.

A sentence's words are labelled first: places and bodies (`places.find_names`), titles and
roles from the lexicon ("Foreign Minister", "special envoy", plural "counterparts"),
honorifics, demonyms ("Japanese"), qualifiers ("former"). A person's name is then a run of
the remaining capitalised words, particles allowed inside ("Ursula von der Leyen"). The
words just before the name give its title ("Japanese Foreign Minister Fumio Kishida",
"his Russian counterpart Sergey Lavrov"), or an apposition after it does ("Chikahito
Harada, Japan's special envoy for ...", "Naryshkin, chairman of the State Duma").
"Counterpart" takes the role of the person it answers in the same sentence, in order
for lists ("Lavrov and Shoigu will meet their Japanese counterparts Kishida and Onodera").

A name of one word is only a person when something says so: a title or honorific before
it, a verb of speech next to it ("Harada said"), a person of that surname named in full
elsewhere in the article, or the lexicon's surnames (four letters or more, or named in
full in the article). Sentence openers, months, places and bodies never are.

Within an article every mention is resolved to a person: full names with the same surname
and the same given name (or a lexicon variant of it, Sergey/Sergei) are one person, and a
bare surname points to the person of that surname named nearest before it.

Claims (kind "person"):
    key    the lexicon id ("sergey-lavrov") when the lexicon knows the person, else the
           folded surname ("harada")
    value  the fullest name the article gives the person ("Fumio Kishida")
    span   the name as written in this mention (titles left out)
    details (absent when empty):
        name          the name as written in this mention ("Lavrov")
        full          the fullest name of the person in this article ("Sergei Lavrov")
        given         given name(s) as written in this mention, else in `full`
        surname       surname as written
        honorific     canonical honorific at this mention ("Mr", "Mrs")
        role          the role given at this mention, house form, with any qualifier
                      ("foreign minister", "former prime minister")
        role_id       lexicon role id ("foreign-minister")
        role_text     the role words as written ("Foreign Minister", "counterpart")
        role_via      how the role was found: "title", "apposition", "counterpart"
        qualifier     former, then, acting, late, ex, outgoing, incoming
        affiliation   the country or body the role belongs to, house name ("Japan")
        affiliation_id  its lexicon id ("japan")
        canonical     lexicon person id; canonical_name its house spelling
        mention       "full" (two words or more) or "short"
        resolved      for short mentions: "article" (a full name earlier or later in the
                      article), "lexicon", or "none"

Every span indexes the article's original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz.distance import OSA

from ..model import Article, BlockRole, Claim, PersonDetails, Span
from .lexicon import Lexicon, NameEntry, PersonEntry, RoleEntry
from .places import NameMatch, NameToken, adjacent, is_compound_modifier, sentence_name_tokens, sentence_names
from .reading import Reading

QUALIFIERS = frozenset({"former", "then", "acting", "late", "ex", "outgoing", "incoming", "interim"})
_COUNTERPART = frozenset({"counterpart", "counterparts"})
_APPOSITION_STOPS = frozenset({"who", "which", "that", "whose", "where", "when", "but", "while"})
# A place follows these; a bare capitalised word after them is a place, not a person.
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "toward", "towards", "into", "via", "from"})
_NAME_PREFIXES = ("al-", "el-", "bin-", "ibn-", "abu-", "d'", "o'")


@dataclass
class _Role:
    entry: RoleEntry | None
    text: str
    first: int
    count: int
    plural: bool
    counterpart: bool


@dataclass
class _Mention:
    tokens: list[NameToken]
    sentence: Span
    block: BlockRole
    order: int
    honorific: str = ""
    role: RoleEntry | None = None
    role_text: str = ""
    role_via: str = ""
    qualifier: str = ""
    counterpart: bool = False
    plural_trigger: bool = False
    affiliation: NameEntry | None = None
    support: set[str] = field(default_factory=set)
    person: int = -1  # index of the resolved person
    lexicon_entry: PersonEntry | None = None

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def full(self) -> bool:
        return len(self.tokens) >= 2


def _role_at(toks: Sequence[NameToken], i: int, lexicon: Lexicon, text: str) -> _Role | None:
    """The longest role starting at token i ("deputy foreign minister", "counterparts")."""
    if toks[i].form in _COUNTERPART:
        return _Role(None, toks[i].surface, i, 1, toks[i].form.endswith("s"), True)
    if toks[i].form not in lexicon.role_first_words:
        return None
    limit = min(lexicon.longest_role, len(toks) - i)
    for count in range(limit, 0, -1):
        span = toks[i : i + count]
        if any(not adjacent(text, a, b) for a, b in zip(span, span[1:])):
            continue
        forms = [t.form for t in span]
        entry = lexicon.role(tuple(forms))
        plural = False
        if entry is None and forms[-1].endswith("s") and len(forms[-1]) > 3:
            entry = lexicon.role(tuple(forms[:-1] + [forms[-1][:-1]]))
            plural = entry is not None
        if entry is None:
            continue
        # Abbreviated roles (PM, MP) only in capitals; others not in capitals unless all words are.
        if any(c.isupper() for c in "".join(entry.forms)) and len(forms) == 1 and len(forms[0]) <= 3 and not span[0].all_caps:
            continue
        return _Role(entry, text[span[0].start : span[-1].end], i, count, plural, False)
    return None


def _name_like(tok: NameToken, lexicon: Lexicon) -> bool:
    if not tok.capitalised and not tok.surface.lower().startswith(_NAME_PREFIXES):
        return False  # most words: lower case, and not "al-Assad" nor "d'Estaing"
    classes = lexicon.word_class(tok.form)
    if "not-name" in classes or "speech-verb" in classes or "org-word" in classes or "place-word" in classes:
        return False
    if is_compound_modifier(tok):
        return False
    surface = tok.surface
    if surface.lower().startswith(_NAME_PREFIXES) and len(surface) > 3:
        rest = surface.split("-", 1)[-1] if "-" in surface else surface[2:]
        return rest[:1].isupper()
    if not tok.capitalised:
        return False
    # Acronyms (LDP, AFP) are bodies, not people; an initial ("F") is part of a name.
    return not (tok.all_caps and len(tok.form) > 1)


def _label(
    text: str, toks: Sequence[NameToken], names: Sequence[NameMatch], lexicon: Lexicon
) -> tuple[list[str], dict[int, _Role], dict[int, NameEntry | None]]:
    """Label each token: place (from `names`, the sentence's `places.find_names`), role,
    honorific, demonym, qualifier, cap (name-like) or ""."""
    labels = [""] * len(toks)
    roles: dict[int, _Role] = {}
    places: dict[int, NameEntry | None] = {}  # last token index -> entry
    for match in names:
        for k in range(match.first, match.first + match.count):
            labels[k] = "place"
        places[match.first + match.count - 1] = match.entry
    role_words = lexicon.role_first_words
    i = 0
    while i < len(toks):
        tok = toks[i]
        if labels[i]:
            i += 1
            continue
        # Most words start no role: one set look-up rules them out.
        role = _role_at(toks, i, lexicon, text) if tok.form in role_words or tok.form in _COUNTERPART else None
        # A role word right after a name-like word belongs to the name ("Martin Luther King").
        if role is not None and not (i > 0 and labels[i - 1] == "cap" and tok.capitalised and adjacent(text, toks[i - 1], tok)):
            for k in range(i, i + role.count):
                labels[k] = "role"
            roles[i] = role
            i += role.count
            continue
        if tok.capitalised and lexicon.honorific_of_form(tok.form) and i + 1 < len(toks) and toks[i + 1].capitalised:
            labels[i] = "honorific"
        elif tok.capitalised and lexicon.demonym_of_form(tok.form) is not None:
            labels[i] = "demonym"
        elif tok.form in QUALIFIERS:
            labels[i] = "qualifier"
        elif _name_like(tok, lexicon):
            labels[i] = "cap"
        elif not tok.capitalised and "particle" in lexicon.word_class(tok.form):
            labels[i] = "particle"
        i += 1
    return labels, roles, places


def _runs(text: str, toks: Sequence[NameToken], labels: Sequence[str]) -> list[tuple[int, int]]:
    """(first, count) of each run of name-like tokens, particles allowed inside."""
    runs = []
    i = 0
    while i < len(toks):
        if labels[i] != "cap":
            i += 1
            continue
        j = i + 1
        while j < len(toks) and adjacent(text, toks[j - 1], toks[j]):
            if labels[j] == "cap":
                j += 1
            elif labels[j] == "particle":
                # Particles only inside a name: "bin Laden", "von der Leyen".
                k = j
                while k < len(toks) and labels[k] == "particle" and adjacent(text, toks[k - 1], toks[k]):
                    k += 1
                if k < len(toks) and labels[k] == "cap" and adjacent(text, toks[k - 1], toks[k]):
                    j = k + 1
                else:
                    break
            else:
                break
            if toks[j - 1].possessive:
                break
        runs.append((i, j - i))
        i = j
    return runs


def _prefix(
    text: str,
    toks: Sequence[NameToken],
    labels: Sequence[str],
    roles: dict[int, _Role],
    places: dict[int, NameEntry | None],
    lexicon: Lexicon,
    mention: _Mention,
    first: int,
) -> None:
    """Read title, honorific, qualifier and affiliation written just before a name."""
    k = first - 1

    def linked(a: int) -> bool:
        return 0 <= a and adjacent(text, toks[a], toks[a + 1])

    if linked(k) and labels[k] == "honorific":
        mention.honorific = lexicon.honorific_of_form(toks[k].form) or ""
        mention.support.add("honorific")
        k -= 1
    if linked(k) and labels[k] == "role":
        start = max(s for s in roles if s <= k)
        role = roles[start]
        mention.role, mention.role_text, mention.role_via = role.entry, role.text, "title"
        mention.counterpart, mention.plural_trigger = role.counterpart, role.plural
        mention.support.add("title")
        k = start - 1
    else:
        return
    for _ in range(3):
        if not linked(k):
            break
        if labels[k] == "qualifier":
            mention.qualifier = mention.qualifier or toks[k].form
        elif labels[k] == "demonym" and mention.affiliation is None:
            mention.affiliation = lexicon.demonym_of_form(toks[k].form)
        elif labels[k] == "place" and k in places and mention.affiliation is None:
            mention.affiliation = places[k]
            while k > 0 and labels[k - 1] == "place" and (k - 1) not in places:
                k -= 1
        else:
            break
        k -= 1


def _apposition(
    text: str,
    toks: Sequence[NameToken],
    labels: Sequence[str],
    roles: dict[int, _Role],
    places: dict[int, NameEntry | None],
    lexicon: Lexicon,
    mention: _Mention,
    after: int,
) -> None:
    """Read "Name, [the/Japan's/Japanese] role [of Body]," after a name."""
    if mention.role is not None or after >= len(toks):
        return
    gap = text[mention.end : toks[after].start]
    if gap.strip() != ",":
        return
    affiliation: NameEntry | None = None
    for k in range(after, min(after + 7, len(toks))):
        if k > after and "," in text[toks[k - 1].end : toks[k].start]:
            return
        tok = toks[k]
        if tok.form in _APPOSITION_STOPS or "speech-verb" in lexicon.word_class(tok.form):
            return
        if labels[k] == "demonym":
            affiliation = affiliation or lexicon.demonym_of_form(tok.form)
        elif labels[k] == "place" and k in places:
            affiliation = affiliation or places[k]
        elif labels[k] == "role" and k in roles and not roles[k].counterpart and roles[k].entry is not None:
            role = roles[k]
            mention.role, mention.role_text, mention.role_via = role.entry, role.text, "apposition"
            end = k + role.count
            # "chairman of the State Duma": the body after the role.
            if affiliation is None and end + 1 < len(toks) and toks[end].form in ("of", "for", "at"):
                for m in range(end + 1, min(end + 4, len(toks))):
                    if m in places:
                        affiliation = places[m]
                        break
                    if labels[m] != "place" and toks[m].form != "the":
                        break
            mention.affiliation = affiliation
            mention.support.add("apposition")
            return
        elif labels[k] == "cap" and not tok.possessive:
            return


def _sentence_mentions(
    article: Article, sentence: Span, block: BlockRole, lexicon: Lexicon, order: int, reading: Reading
) -> list[_Mention]:
    text = article.text
    toks = sentence_name_tokens(reading, sentence)
    labels, roles, places = _label(text, toks, sentence_names(reading, sentence, lexicon), lexicon)
    mentions: list[_Mention] = []
    for first, count in _runs(text, toks, labels):
        # "Later Sergei Lavrov left": a sentence's capitalised first word before a known name.
        if (
            first == 0
            and count >= 2
            and _lexicon_person(toks[1:count], lexicon) is not None
            and _lexicon_person(toks[:count], lexicon) is None
        ):
            first, count = 1, count - 1
        if count > 4:
            continue
        mention = _Mention(list(toks[first : first + count]), sentence, block, order + len(mentions))
        _prefix(text, toks, labels, roles, places, lexicon, mention, first)
        after, before = first + count, first - 1
        if not mention.support and before >= 0 and toks[before].form in _LOCATIVE:
            continue  # "checked in in Malibu": an unknown place, not a person
        _apposition(text, toks, labels, roles, places, lexicon, mention, first + count)
        if after < len(toks) and "speech-verb" in lexicon.word_class(toks[after].form) and adjacent(text, toks[after - 1], toks[after]):
            mention.support.add("speech")
        if before >= 0 and "speech-verb" in lexicon.word_class(toks[before].form):
            mention.support.add("speech")
        if (
            before >= 0
            and toks[before].form == "according"
            or (before >= 1 and toks[before].form == "to" and toks[before - 1].form == "according")
        ):
            mention.support.add("speech")
        if first == 0 or (
            before >= 0
            and not adjacent(text, toks[before], toks[first])
            and text[toks[before].end : toks[first].start].strip() in ('"', "\u201c", "(")
        ):
            mention.support.add("sentence-initial")
        mentions.append(mention)
    _share_counterpart_lists(text, mentions)
    _resolve_counterparts(mentions)
    return mentions


def _share_counterpart_lists(text: str, mentions: list[_Mention]) -> None:
    """ "their Japanese counterparts Kishida and Onodera": the second name shares the title."""
    for prev, cur in zip(mentions, mentions[1:]):
        if cur.role is None and prev.plural_trigger and text[prev.end : cur.start].strip() in ("and", ",", ", and"):
            cur.role, cur.role_text, cur.role_via = prev.role, prev.role_text, prev.role_via
            cur.counterpart, cur.plural_trigger, cur.affiliation = prev.counterpart, True, prev.affiliation
            cur.support.add("title")


def _resolve_counterparts(mentions: list[_Mention]) -> None:
    """A counterpart holds the role of the person it answers, earlier in the sentence."""
    holders = [m for m in mentions if m.role is not None and not m.counterpart]
    groups: list[list[_Mention]] = []
    for m in mentions:
        if m.counterpart:
            if (
                groups
                and groups[-1][-1].plural_trigger
                and m.plural_trigger
                and groups[-1][-1].role_text == m.role_text
                and m is not groups[-1][0]
                and m.order == groups[-1][-1].order + 1
            ):
                groups[-1].append(m)
            else:
                groups.append([m])
    for group in groups:
        earlier = [h for h in holders if h.start < group[0].start]
        if not earlier:
            for m in group:
                m.role = None
            continue
        if len(group) > 1 and len(earlier) >= len(group):
            answers = earlier[-len(group) :]
        else:
            answers = [earlier[-1]] * len(group)
        for m, answer in zip(group, answers):
            m.role, m.role_via = answer.role, "counterpart"
            m.qualifier = m.qualifier or answer.qualifier


# --- resolution within the article -------------------------------------------------------


@dataclass
class _Person:
    full: list[NameToken]
    given: str
    surname: str
    entry: PersonEntry | None


def _split_name(tokens: Sequence[NameToken], entry: PersonEntry | None) -> tuple[str, str]:
    """(given, surname) of a full name, using the lexicon's surname for family-first names."""
    forms = [t.surface for t in tokens]
    if entry is not None:
        sur = entry.surname.split()
        n = len(sur)
        if [f.casefold() for f in forms[:n]] == [s.casefold() for s in sur] and len(forms) > n:
            return " ".join(forms[n:]), " ".join(forms[:n])
        if [t.form for t in tokens[-n:]] == [t.casefold() for t in sur] or len(forms) > n:
            return " ".join(forms[:-n]), " ".join(forms[-n:])
    return " ".join(forms[:-1]), forms[-1]


def _lexicon_person(tokens: Sequence[NameToken], lexicon: Lexicon) -> PersonEntry | None:
    key = tuple(t.form for t in tokens)
    entry = lexicon.person_by_name(key)
    if entry is not None:
        return entry
    # A known surname with the same given name, a listed variant of it, or one slip away.
    for candidate in lexicon.people_by_surname(key[-1:]):
        given = " ".join(key[:-1])
        for form in candidate.forms:
            cgiven = " ".join(form.split()[:-1])
            if lexicon.same_given_name(given, cgiven) or (len(given) >= 4 and OSA.distance(given, cgiven.casefold()) <= 1):
                return candidate
    return None


def _resolve(mentions: list[_Mention], lexicon: Lexicon) -> list[_Person]:
    people: list[_Person] = []
    for m in mentions:
        if not m.full:
            continue
        entry = _lexicon_person(m.tokens, lexicon)
        given, surname = _split_name(m.tokens, entry)
        for index, p in enumerate(people):
            same_entry = entry is not None and p.entry is not None and entry.id == p.entry.id
            same_name = p.surname.casefold() == surname.casefold() and lexicon.same_given_name(p.given, given)
            if same_entry or (same_name and (entry is None or p.entry is None or entry.id == p.entry.id)):
                m.person = index
                break
        else:
            people.append(_Person(m.tokens, given, surname, entry))
            m.person = len(people) - 1
        m.lexicon_entry = entry or people[m.person].entry
    for m in mentions:
        if m.full:
            continue
        form = m.tokens[0].form
        candidates = [
            i
            for i, p in enumerate(people)
            if p.surname.casefold() == m.tokens[0].surface.casefold() or " ".join(t.form for t in _surname_tokens(p)) == form
        ]
        if candidates:
            before = [mm.person for mm in mentions if mm.full and mm.person in candidates and mm.order < m.order]
            m.person = before[-1] if before else candidates[0]
            m.lexicon_entry = people[m.person].entry
            m.support.add("article")
            continue
        entries = lexicon.people_by_surname((form,))
        if len(entries) == 1 and (len(form) >= 4 and "not-name" not in lexicon.word_class(form)):
            m.lexicon_entry = entries[0]
            m.support.add("lexicon")
    return people


def _surname_tokens(person: _Person) -> list[NameToken]:
    n = len(person.surname.split())
    return person.full[-n:] if person.full[-n].surface == person.surname.split()[0] else person.full[:n]


def _accepted(m: _Mention) -> bool:
    if m.full:
        # A sentence's first words are a name only if nothing else makes them something else.
        return True
    strong = m.support - {"sentence-initial"}
    return bool(strong)


def _claim(article: Article, m: _Mention, people: list[_Person]) -> Claim:
    span = article.span(m.start, m.end)
    person = people[m.person] if m.person >= 0 else None
    entry = m.lexicon_entry
    if m.full:
        given, surname = _split_name(m.tokens, entry)
    else:
        given, surname = (person.given if person else ""), span.text
    full = " ".join(t.surface for t in person.full) if person else span.text
    if m.full:
        full = span.text
    key = entry.id if entry is not None else " ".join(t.form for t in (m.tokens[-1:] if not m.full else _surname_of(m.tokens, surname)))
    role = m.role
    affiliation = m.affiliation if role is not None else None
    details = PersonDetails(
        name=span.text,
        full=full,
        given=given,
        surname=surname,
        honorific=m.honorific,
        mention="full" if m.full else "short",
        resolved="" if m.full else ("article" if person else ("lexicon" if entry else "none")),
        role=f"{m.qualifier} {role.name}".strip() if role else "",
        role_id=role.id if role else "",
        role_text=m.role_text if role else "",
        role_via=m.role_via if role else "",
        qualifier=m.qualifier if role else "",
        affiliation=affiliation.name if affiliation else "",
        affiliation_id=affiliation.id if affiliation else "",
        canonical=entry.id if entry is not None else "",
        canonical_name=entry.name if entry is not None else "",
    )
    return Claim("person", span, key, full, m.sentence, m.block, details)


def _surname_of(tokens: Sequence[NameToken], surname: str) -> list[NameToken]:
    n = max(1, len(surname.split()))
    if tokens[0].surface == surname.split()[0] and len(tokens) > n:
        return list(tokens[:n])
    return list(tokens[-n:])


def extract_people(
    article: Article, sentences: Sequence[tuple[Span, BlockRole]], lexicon: Lexicon, reading: Reading | None = None
) -> list[Claim]:
    """Person claims of the given sentences, resolved within the article, in text order.
    `reading`: the article's shared `Reading`, when other extractors read the same sentences."""
    reading = reading or Reading(article.text)
    mentions: list[_Mention] = []
    for sentence, block in sentences:
        mentions.extend(_sentence_mentions(article, sentence, block, lexicon, len(mentions), reading))
    # Renumber so that order follows the text across sentences.
    for index, m in enumerate(mentions):
        m.order = index
    people = _resolve(mentions, lexicon)
    return [_claim(article, m, people) for m in mentions if _accepted(m)]


__all__ = ["QUALIFIERS", "extract_people"]
