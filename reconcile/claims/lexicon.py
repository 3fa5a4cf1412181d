"""The name lexicon: who and what the tool knows by name, and the user's own vocabulary.

The bundled tables are plain tab-separated files in ``reconcile/data/`` that a newsroom
can edit (each starts with a comment saying what its columns mean):

- ``people.tsv``: people, with their house spelling, surname, accepted transliterations
  and known misspellings ("Sergey Lavrov" / "Sergei Lavrov").
- ``places.tsv`` and ``orgs.tsv``: places and bodies with their aliases (the name each
  side of a dispute uses: "Northern Territories" / "Southern Kurils") and, for places,
  demonyms ("Japanese") that give people their affiliation.
- ``roles.tsv``: titles and roles in every spelling (defence/defense minister) and
  whether one country has one holder at a time.
- ``honorifics.tsv``: Mr, Mrs, Ms, Dr, Sir... and which forms are one honorific.
- ``given_names.tsv``: given names that are spellings of one name (Sergey|Sergei).
- ``short_forms.tsv``: given names and their short forms (William|Bill), one person either way.
- ``name_words.tsv``: the small grammar of names: words that are never names, words that
  make a run an organisation or a place, particles inside names, verbs of speech.

User vocabularies (``--vocab FILE``, repeatable) follow the accept/reject lists of prose
linters such as Vale, one term a line, UTF-8::

    # a comment; blank lines are ignored
    Chikahito Harada          accepted: never flagged as a misspelling, and a house
                              spelling that near-misses are compared against
    !Daioyu                   rejected: flagged wherever it appears
    !Daioyu -> Diaoyu         rejected, with the form to use instead

Terms are literal (not regular expressions) and matched without regard to case, accents
or curly/straight apostrophes. A file named ``reject.txt`` (as in Vale) holds only
rejected terms, so its lines need no ``!``.

Lookups work on *matching keys*: the folded word forms of a name (``reconcile.text.words``),
so "U.S." is ("u", "s") and "Sergei" is ("sergei",). Forms written all in capitals in a
table (US, UN, WHO) only match text written in capitals; `caps_only` says which.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from typing import Iterable, Literal, Sequence

from ..errors import InputError
from ..text import fold, fold_text, words

NameKey = tuple[str, ...]


def name_key(text: str) -> NameKey:
    """The matching key of a name: its folded words."""
    return tuple(t.form for t in words(text))


def caps_only(form: str) -> bool:
    """Abbreviations written in capitals ("US", "U.N.") must be capitals in the text too,
    or "us" and "who" would be places and bodies."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class PersonEntry:
    """A person the lexicon knows. `forms` are every accepted spelling of the full name."""

    id: str
    name: str
    surname: str
    variants: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


@dataclass(frozen=True)
class NameEntry:
    """A place (`kind` "place") or organisation (`kind` "org") with its aliases."""

    id: str
    kind: Literal["place", "org"]
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def label(self) -> str:
        """ "Diaoyu Islands / Senkaku Islands": the house name and its first aliases, for messages."""
        shown = [self.name, *[a for a in self.aliases if not caps_only(a) and len(name_key(a)) > 1][:1]]
        return " / ".join(dict.fromkeys(shown))


@dataclass(frozen=True)
class RoleEntry:
    """A title or role. `exclusive`: one holder per country or body at a time."""

    id: str
    name: str
    forms: tuple[str, ...]
    exclusive: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Everything the claims and name findings know by name; immutable, built by `load_lexicon`.

    accepted: folded terms a user vocabulary accepts.
    rejected: (folded term, term as written, suggested replacement or "") from user vocabularies.
    """

    people: tuple[PersonEntry, ...] = ()
    places: tuple[NameEntry, ...] = ()
    orgs: tuple[NameEntry, ...] = ()
    roles: tuple[RoleEntry, ...] = ()
    honorifics: tuple[tuple[str, str], ...] = ()
    given_name_groups: tuple[tuple[str, ...], ...] = ()
    short_form_groups: tuple[tuple[str, ...], ...] = ()
    word_classes: tuple[tuple[str, str], ...] = ()
    accepted: frozenset[str] = field(default_factory=frozenset)
    rejected: tuple[tuple[str, str, str], ...] = ()

    # --- places and organisations ---------------------------------------------------

    @cached_property
    def _alias_index(self) -> dict[NameKey, list[tuple[NameEntry, str]]]:
        index: dict[NameKey, list[tuple[NameEntry, str]]] = {}
        for entry in (*self.places, *self.orgs):
            for form in entry.forms:
                key = name_key(form)
                if key:
                    index.setdefault(key, []).append((entry, form))
        return index

    @cached_property
    def longest_alias(self) -> int:
        return max((len(k) for k in self._alias_index), default=1)

    @cached_property
    def _longest_alias_from(self) -> dict[str, int]:
        longest: dict[str, int] = {}
        for key in self._alias_index:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        return longest

    def longest_alias_from(self, first_word: str) -> int:
        """Words in the longest place or body name that starts with this word (0: none does),
        so that most words are ruled out with one look-up."""
        return self._longest_alias_from.get(first_word, 0)

    def named_entries(self, key: NameKey) -> list[tuple[NameEntry, str]]:
        """Places and bodies one of whose names has this key, with the form that matched."""
        return list(self._alias_index.get(tuple(key), ()))

    @cached_property
    def _entry_by_id(self) -> dict[str, NameEntry]:
        return {e.id: e for e in (*self.places, *self.orgs)}

    def entry(self, entry_id: str) -> NameEntry | None:
        return self._entry_by_id.get(entry_id)

    @cached_property
    def _demonyms(self) -> dict[str, NameEntry]:
        index: dict[str, NameEntry] = {}
        for entry in self.places:
            for demonym in entry.demonyms:
                index.setdefault(fold(demonym).text, entry)
        return index

    def demonym(self, word: str) -> NameEntry | None:
        """The place whose people a word names ("Japanese" -> Japan); plurals too ("Afghans")."""
        return self.demonym_of_form(fold_text(word))

    def demonym_of_form(self, folded: str) -> NameEntry | None:
        """`demonym` of a word already folded (a token's `form`), without folding it again."""
        return self._demonyms.get(folded) or (self._demonyms.get(folded[:-1]) if folded.endswith("s") else None)

    # --- people -----------------------------------------------------------------------

    @cached_property
    def _people_by_form(self) -> dict[NameKey, PersonEntry]:
        index: dict[NameKey, PersonEntry] = {}
        for person in self.people:
            for form in person.forms:
                index.setdefault(name_key(form), person)
        return index

    @cached_property
    def _people_by_surname(self) -> dict[NameKey, list[PersonEntry]]:
        index: dict[NameKey, list[PersonEntry]] = {}
        for person in self.people:
            index.setdefault(name_key(person.surname), []).append(person)
        return index

    def person_by_name(self, key: NameKey) -> PersonEntry | None:
        """The person one of whose accepted full names has this key."""
        return self._people_by_form.get(tuple(key))

    def people_by_surname(self, key: NameKey) -> list[PersonEntry]:
        return list(self._people_by_surname.get(tuple(key), ()))

    # --- roles, honorifics, words -------------------------------------------------------

    @cached_property
    def _role_index(self) -> dict[NameKey, RoleEntry]:
        index: dict[NameKey, RoleEntry] = {}
        for role in self.roles:
            for form in role.forms:
                index.setdefault(name_key(form), role)
        return index

    @cached_property
    def longest_role(self) -> int:
        return max((len(k) for k in self._role_index), default=1)

    @cached_property
    def role_first_words(self) -> frozenset[str]:
        """Every word a role can start with, and its plural ("minister", "ministers"): one
        set look-up per word tells whether a role may start there."""
        first = {key[0] for key in self._role_index if key}
        return frozenset(first | {word + "s" for word in first})

    def may_start_role(self, word: str) -> bool:
        """False when no role (nor its plural, "ministers") can start with this word."""
        return word in self.role_first_words

    def role(self, key: NameKey) -> RoleEntry | None:
        """The role one of whose forms has this key ("defense minister" -> defence-minister)."""
        return self._role_index.get(tuple(key))

    @cached_property
    def _role_by_id(self) -> dict[str, RoleEntry]:
        return {r.id: r for r in self.roles}

    def role_by_id(self, role_id: str) -> RoleEntry | None:
        return self._role_by_id.get(role_id)

    @cached_property
    def _honorifics(self) -> dict[str, str]:
        return {fold(form.rstrip(".")).text: canonical for form, canonical in self.honorifics}

    def honorific(self, word: str) -> str | None:
        """The canonical honorific a word is ("Mr." -> "Mr"), or None."""
        return self.honorific_of_form(fold_text(word.rstrip(".")))

    def honorific_of_form(self, folded: str) -> str | None:
        """`honorific` of a word already folded, full stop left out (a token's `form`)."""
        return self._honorifics.get(folded)

    @cached_property
    def _word_classes(self) -> dict[str, frozenset[str]]:
        index: dict[str, set[str]] = {}
        for word, cls in self.word_classes:
            index.setdefault(fold(word).text, set()).add(cls)
        return {w: frozenset(c) for w, c in index.items()}

    def word_class(self, form: str) -> frozenset[str]:
        """The classes of `name_words.tsv` a folded word belongs to."""
        return self._word_classes.get(form, frozenset())

    @cached_property
    def _given_groups(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for number, group in enumerate(self.given_name_groups):
            for form in group:
                index.setdefault(" ".join(name_key(form)), number)
        return index

    def same_given_name(self, a: str, b: str) -> bool:
        """Whether two given names are one name spelled two ways (Sergey/Sergei)."""
        ka, kb = " ".join(name_key(a)), " ".join(name_key(b))
        if ka == kb:
            return True
        group = self._given_groups.get(ka)
        return group is not None and group == self._given_groups.get(kb)

    @cached_property
    def _short_groups(self) -> dict[str, frozenset[int]]:
        index: dict[str, set[int]] = {}
        for number, group in enumerate(self.short_form_groups):
            for form in group:
                index.setdefault(" ".join(name_key(form)), set()).add(number)
        return {k: frozenset(v) for k, v in index.items()}

    def short_form(self, a: str, b: str) -> bool:
        """Whether one given name is the other's short form (William/Bill, Jeremy/Jerry):
        one person written either way. Two short forms of one name are not ("Betty" and
        "Bettie" are two spellings, one of them wrong for a given person)."""
        ka, kb = " ".join(name_key(a)), " ".join(name_key(b))
        if ka == kb:
            return True
        for number in self._short_groups.get(ka, frozenset()) & self._short_groups.get(kb, frozenset()):
            full = " ".join(name_key(self.short_form_groups[number][0]))
            if full in (ka, kb):
                return True
        return False

    # --- spelling ------------------------------------------------------------------------

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every folded word of every name, alias, variant and accepted term: the spellings a
        near-miss is compared against and that are never themselves misspellings."""
        found: set[str] = set()
        for person in self.people:
            for form in person.forms:
                found.update(name_key(form))
        for entry in (*self.places, *self.orgs):
            for form in (*entry.forms, *entry.demonyms):
                found.update(name_key(form))
        for group in self.given_name_groups:
            for form in group:
                found.update(name_key(form))
        for term in self.accepted:
            found.update(term.split())
        return frozenset(w for w in found if w)

    @cached_property
    def _word_owner(self) -> dict[str, str]:
        owners: dict[str, str] = {}
        for entry in (*self.places, *self.orgs):
            for form in entry.forms:
                for word in name_key(form):
                    owners.setdefault(word, entry.label())
        for person in self.people:
            for form in person.forms:
                for word in name_key(form):
                    owners.setdefault(word, person.name)
        return owners

    def owner_of_word(self, word: str) -> str | None:
        """The name a known word belongs to, for messages ("Diaoyu Islands / Senkaku Islands")."""
        return self._word_owner.get(word)

    @cached_property
    def _misspellings(self) -> dict[NameKey, tuple[str, str]]:
        index: dict[NameKey, tuple[str, str]] = {}
        for person in self.people:
            for wrong in person.misspellings:
                index.setdefault(name_key(wrong), (person.name, person.name))
        for entry in (*self.places, *self.orgs):
            for wrong in entry.misspellings:
                index.setdefault(name_key(wrong), (entry.name, entry.label()))
        return index

    @cached_property
    def _known_by_deletion(self) -> dict[str, frozenset[str]]:
        index: dict[str, set[str]] = {}
        for word in self.known_words:
            for key in _deletions(word):
                index.setdefault(key, set()).add(word)
        return {k: frozenset(v) for k, v in index.items()}

    def known_words_near(self, form: str) -> frozenset[str]:
        """Known words one edit (or two letters swapped) from `form`, or equal to it: every
        word that shares with it the word itself or a form with one letter left out."""
        found: set[str] = set()
        for key in _deletions(form):
            found |= self._known_by_deletion.get(key, frozenset())
        return frozenset(found)

    @property
    def misspelling_keys(self) -> frozenset[NameKey]:
        """The keys of every misspelling the tables list."""
        return frozenset(self._misspellings)

    def known_misspelling(self, key: NameKey) -> tuple[str, str] | None:
        """(right form, what it names) when the table lists this key as a misspelling."""
        return self._misspellings.get(tuple(key))

    @cached_property
    def longest_misspelling(self) -> int:
        return max((len(k) for k in self._misspellings), default=1)

    def is_accepted(self, text: str) -> bool:
        return " ".join(name_key(text)) in self.accepted

    def rejection(self, text: str) -> tuple[str, str] | None:
        """(term as written in the vocabulary, suggested form or "") when `text` is rejected.
        A term written with capitals matches only text with those capitals, as Vale's
        vocabularies do: "!US" rejects "US", not "us" in "allowing us to"; one written all
        in lower case matches whatever the case."""
        folded = " ".join(name_key(text))
        for term, written, suggestion in self.rejected:
            if term == folded and (written == written.lower() or _same_capitals(written, text)):
                return written, suggestion
        return None


def _same_capitals(written: str, text: str) -> bool:
    """Whether `text` has the capitals of the vocabulary term `written` (accents and
    spacing aside): "US" and "US", not "Us" or "us"."""

    def letters(value: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", value) if c.isalpha())

    return letters(written) == letters(text)


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- loading ---------------------------------------------------------------------------------


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def read_table(name: str) -> list[list[str]]:
    """Rows of a bundled TSV table: comments and the header line dropped, cells stripped."""
    raw = resources.files("reconcile.data").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if index < len(row) else ""


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    """The lexicon of the bundled tables alone (read once)."""
    people = tuple(
        PersonEntry(r[0], r[1], _cell(r, 2) or r[1].split()[-1], _split(_cell(r, 3)), _split(_cell(r, 4))) for r in read_table("people.tsv")
    )
    places = tuple(
        NameEntry(r[0], "place", r[1], r[2], _split(_cell(r, 3)), _split(_cell(r, 4)), _split(_cell(r, 5)))
        for r in read_table("places.tsv")
    )
    orgs = tuple(NameEntry(r[0], "org", r[1], r[2], _split(_cell(r, 3)), (), _split(_cell(r, 4))) for r in read_table("orgs.tsv"))
    roles = tuple(RoleEntry(r[0], r[1], _split(_cell(r, 2)) or (r[1],), _cell(r, 3).lower() == "yes") for r in read_table("roles.tsv"))
    honorifics = tuple((r[0], _cell(r, 1) or r[0]) for r in read_table("honorifics.tsv"))
    groups = tuple(_split(r[0]) for r in read_table("given_names.tsv"))
    short_forms = tuple(_split(r[0]) for r in read_table("short_forms.tsv"))
    word_classes = tuple((r[0], _cell(r, 1)) for r in read_table("name_words.tsv"))
    return Lexicon(people, places, orgs, roles, honorifics, groups, short_forms, word_classes)


def parse_vocabulary(text: str, reject_all: bool = False) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Accepted folded terms and rejected (folded, as written, suggestion) of one vocabulary text."""
    accepted: set[str] = set()
    rejected: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        reject = reject_all or line.startswith("!")
        line = line.lstrip("!").strip()
        term, _, suggestion = line.partition("->")
        term, suggestion = term.strip(), suggestion.strip()
        folded = " ".join(name_key(term))
        if not folded:
            continue
        if reject:
            rejected.append((folded, term, suggestion))
            if suggestion:
                accepted.add(" ".join(name_key(suggestion)))
        else:
            accepted.add(folded)
    return accepted, rejected


def load_lexicon(vocab_paths: Iterable[str] = ()) -> Lexicon:
    """The bundled lexicon plus the user's vocabulary files (see the module docstring).

    Raises InputError naming the file when a vocabulary cannot be read."""
    base = bundled_lexicon()
    paths = tuple(vocab_paths)
    if not paths:
        return base
    accepted: set[str] = set()
    rejected: list[tuple[str, str, str]] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(path, f"cannot read vocabulary file ({error}); give a UTF-8 text file, one term a line") from error
        more_accepted, more_rejected = parse_vocabulary(text, reject_all=os.path.basename(path).lower() == "reject.txt")
        accepted |= more_accepted
        rejected.extend(more_rejected)
    # A term both accepted and rejected is rejected: the stricter list wins.
    accepted -= {term for term, _, _ in rejected}
    return replace(base, accepted=frozenset(accepted), rejected=tuple(rejected))


def cached_lexicon(vocab_paths: Iterable[str] = ()) -> Lexicon:
    """`load_lexicon(vocab_paths)`, kept while the files stay as they were: the cache is
    keyed on each file's path, modification time and size, so that a long-lived process
    (a server, an archive's add) reads an edited vocabulary again instead of the old one."""
    return _lexicon_of(tuple((path, *_stamp(path)) for path in vocab_paths))


def _stamp(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)  # load_lexicon says what is wrong with it
    return (status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=8)
def _lexicon_of(stamped: tuple[tuple[str, int, int], ...]) -> Lexicon:
    return load_lexicon(path for path, _, _ in stamped)


__all__ = [
    "Lexicon",
    "NameEntry",
    "PersonEntry",
    "RoleEntry",
    "bundled_lexicon",
    "cached_lexicon",
    "caps_only",
    "load_lexicon",
    "name_key",
    "parse_vocabulary",
    "read_table",
]
