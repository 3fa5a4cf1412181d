"""Generated news corpora with known ground truth, for benchmarks.

`generate_corpus` writes stories that look like wire copy (a headline, a published line, a
dateline, paragraphs with titled people, places, organisations, numbers with units, dates and
quotes), grouped in clusters of rewrites of one source story:

- verbatim copies: the source's text, unchanged;
- edited copies: words swapped for synonyms, sentences reordered or dropped, a paragraph
  reworded throughout;
- drifted copies: an edited or verbatim copy with planted fact drift (a number changed, a
  surname respelled, a date moved), each change recorded with its offsets in the copy and in
  the source.

Fact-bearing sentences come from templates for five kinds of story; background sentences,
and clauses worked into the fact-bearing ones, are put together a word or two at a time,
so that unrelated stories share no more wording than real ones do (otherwise every story
would match every other one on its topic, and benchmarks would measure that instead).

Everything is drawn from word lists in this module with a random generator seeded per story,
so a corpus is the same for the same arguments on any machine, and any prefix of stories can
be generated on its own. The names of people are combinations of invented given names and
surnames; none is a person reconcile's lexicon knows.

`generate_wire_corpus` is the other corpus the benchmarks read: most stories alone, a quarter
of the articles rewrites of another, and stock sentences shared by unrelated articles, since
clusters of template-heavy copies inflate candidate pairs beyond what a real feed gives.

Usage: python benchmarks/corpus.py --n 1000 --seed 1 --out DIR [--words 600] [--cluster-share 0.3]
       python benchmarks/corpus.py --kind wire --n 1000 --seed 1 --out DIR
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

# --- word lists -------------------------------------------------------------------------------

GIVEN_NAMES = (
    "Aiko Haruto Mei Ren Yui Sota Hina Kaito Akemi Daichi Amara Chidi Ifeoma Tunde Zola Kwame "
    "Nadia Omar Leila Karim Yasmin Tariq Farah Samir Ingrid Lars Astrid Henrik Sigrid Nils Marta "
    "Pavel Irina Bogdan Oksana Milan Jelena Goran Ana Tomas Lucia Mateo Camila Diego Valeria "
    "Rafael Ines Bruno Clara Hugo Elena Marco Giulia Paolo Chiara Anton Greta Felix Lena Jonas "
    "Mira Priya Arjun Kavya Rohan Ananya Vikram Meera Dinh Linh Quang Thao Arif Siti Budi Dewi "
    "Rizal Nur Malia Tevita Sione Aroha Wiremu Grace Owen Fiona Declan Maeve Callum Isla Ruth "
    "Simon Alice Victor Helena Edgar Noor Hamid Soraya Javad"
).split()

SURNAMES = (
    "Okonkwo Adeyemi Mensah Achebe Nwosu Balogun Haddad Khoury Nasser Saleh Mansour Farouk "
    "Lindqvist Haugen Nyberg Eklund Solberg Dahlgren Kowalczyk Nowicki Zielinski Horvath Novak "
    "Petrovic Jovanovic Kovalenko Bondarenko Melnyk Sorokina Belova Tarasov Ferreira Monteiro "
    "Carvalho Salazar Quintero Alvarado Restrepo Montoya Bianchi Lombardi Moretti Galli Conti "
    "Marchetti Brandt Hoffmann Vogel Krause Lehmann Wagner Dubois Moreau Lefebvre Girard Rousseau "
    "Fontaine Takeda Morimoto Nishida Kurosawa Hoshino Aoyama Fujiwara Sakamoto Ishikawa Nakano "
    "Yamaguchi Shimizu Matsuda Ogawa Tanabe Iwasaki Reddy Iyer Menon Chatterjee Banerjee Kapoor "
    "Malhotra Desai Nair Pillai Nguyen Tran Pham Hoang Vuong Santoso Wibowo Hidayat Kusuma "
    "Setiawan Tupou Fifita Ngata Parata Whitaker Holloway Pemberton Ashworth Fairbanks Calloway "
    "Brennan Gallagher Donnelly Kavanagh Sheridan Macleod Drummond Abernethy Ostrowski Varga "
    "Halvorsen Rahimi Karimi Moradi Tehrani Ansari Qureshi Siddiqui Chaudhry Mwangi Otieno "
    "Kamau Wanjiru Odhiambo Banda Phiri Mutasa Dlamini Ndlovu Zulu Mokoena"
).split()

# Places where stories are datelined: (city, country, nationality adjective).
CITIES = (
    ("Nairobi", "Kenya", "Kenyan"),
    ("Lagos", "Nigeria", "Nigerian"),
    ("Cairo", "Egypt", "Egyptian"),
    ("Johannesburg", "South Africa", "South African"),
    ("Addis Ababa", "Ethiopia", "Ethiopian"),
    ("Manila", "Philippines", "Philippine"),
    ("Jakarta", "Indonesia", "Indonesian"),
    ("Hanoi", "Vietnam", "Vietnamese"),
    ("Bangkok", "Thailand", "Thai"),
    ("Dhaka", "Bangladesh", "Bangladeshi"),
    ("Kathmandu", "Nepal", "Nepalese"),
    ("Colombo", "Sri Lanka", "Sri Lankan"),
    ("Lima", "Peru", "Peruvian"),
    ("Bogota", "Colombia", "Colombian"),
    ("Santiago", "Chile", "Chilean"),
    ("Buenos Aires", "Argentina", "Argentine"),
    ("Mexico City", "Mexico", "Mexican"),
    ("Madrid", "Spain", "Spanish"),
    ("Lisbon", "Portugal", "Portuguese"),
    ("Rome", "Italy", "Italian"),
    ("Athens", "Greece", "Greek"),
    ("Vienna", "Austria", "Austrian"),
    ("Warsaw", "Poland", "Polish"),
    ("Prague", "Czech Republic", "Czech"),
    ("Budapest", "Hungary", "Hungarian"),
    ("Bucharest", "Romania", "Romanian"),
    ("Oslo", "Norway", "Norwegian"),
    ("Stockholm", "Sweden", "Swedish"),
    ("Helsinki", "Finland", "Finnish"),
    ("Copenhagen", "Denmark", "Danish"),
    ("Dublin", "Ireland", "Irish"),
    ("Ottawa", "Canada", "Canadian"),
    ("Canberra", "Australia", "Australian"),
    ("Wellington", "New Zealand", "New Zealand"),
    ("Seoul", "South Korea", "South Korean"),
    ("Tokyo", "Japan", "Japanese"),
    ("Ankara", "Turkey", "Turkish"),
    ("Amman", "Jordan", "Jordanian"),
    ("Rabat", "Morocco", "Moroccan"),
    ("Tunis", "Tunisia", "Tunisian"),
)
AGENCIES = ("Reuters", "AFP", "AP", "Kyodo", "Xinhua", "dpa", "ANSA", "EFE", "Yonhap", "Bernama")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

COMPANY_STEMS = (
    "Norvel",
    "Altria",
    "Brightwater",
    "Kestrel",
    "Silvan",
    "Meridian",
    "Corvane",
    "Tessaly",
    "Harbour",
    "Orrin",
    "Valdris",
    "Quorra",
    "Lumen",
    "Ashgrove",
    "Pellar",
    "Stratton",
)
COMPANY_TRADES = (
    "Energy",
    "Steel",
    "Motors",
    "Telecom",
    "Pharmaceuticals",
    "Logistics",
    "Airlines",
    "Shipping",
    "Foods",
    "Mining",
    "Holdings",
    "Textiles",
)
PARTIES = (
    "People's Renewal Party",
    "Democratic Alliance",
    "National Unity Movement",
    "Labour Front",
    "Civic Platform",
    "Green Union",
    "Liberal Forum",
    "Progressive Coalition",
)
REGION_WORDS = ("Northern", "Southern", "Eastern", "Western", "Central", "Coastal", "Upper", "Lower")
REGION_STEMS = ("Valley", "Highlands", "Lakes", "Plains", "Delta", "Hills", "Frontier", "Riverlands")

# Words an editor may swap for one another without changing a fact.
SYNONYM_GROUPS = (
    ("officials", "authorities"),
    ("said", "stated"),
    ("talks", "negotiations"),
    ("began", "started"),
    ("large", "big", "major"),
    ("rose", "climbed", "increased"),
    ("fell", "dropped", "declined"),
    ("help", "assist"),
    ("quickly", "rapidly", "swiftly"),
    ("residents", "locals", "inhabitants"),
    ("announced", "unveiled"),
    ("plan", "proposal", "scheme"),
    ("warned", "cautioned"),
    ("meeting", "session"),
    ("agreement", "deal", "accord"),
    ("important", "significant", "key"),
    ("area", "region", "district"),
    ("damage", "destruction"),
    ("buildings", "structures"),
    ("criticised", "condemned"),
    ("expected", "likely"),
    ("several", "a number of"),
    ("efforts", "attempts"),
    ("country", "nation"),
    ("government", "administration"),
    ("support", "backing"),
    ("concerns", "worries"),
    ("strong", "powerful"),
    ("roads", "highways"),
    ("shares", "stocks"),
    ("profit", "earnings"),
    ("company", "firm"),
    ("investors", "shareholders"),
    ("police", "officers"),
    ("arrested", "detained"),
    ("court", "tribunal"),
    ("voters", "electors"),
    ("campaign", "drive"),
    ("reported", "said"),
    ("also", "further"),
    ("however", "but"),
    ("later", "afterwards"),
    ("nearby", "neighbouring"),
    ("difficult", "hard"),
    # words of background sentences
    ("quietly", "discreetly"),
    ("openly", "publicly"),
    ("opposed", "fought"),
    ("backed", "supported"),
    ("questioned", "queried"),
    ("welcomed", "applauded"),
    ("praised", "lauded"),
    ("blocked", "halted"),
    ("delayed", "postponed"),
    ("ignored", "overlooked"),
    ("costly", "pricey"),
    ("crumbling", "decaying"),
    ("ambitious", "bold"),
    ("neglected", "forgotten"),
    ("outdated", "obsolete"),
    ("temporary", "makeshift"),
    ("traders", "dealers"),
    ("shopkeepers", "retailers"),
    ("doctors", "physicians"),
    ("angry", "furious"),
    ("worried", "anxious"),
    ("hopeful", "optimistic"),
    ("bitterly", "fiercely"),
    ("firmly", "strongly"),
    ("loudly", "noisily"),
    ("briefly", "momentarily"),
    ("market", "bazaar"),
    ("busy", "bustling"),
    ("derelict", "abandoned"),
    ("jointly", "together"),
    ("eagerly", "keenly"),
    ("shoddy", "flimsy"),
)
SYNONYMS = {word: tuple(w for w in group if w != word) for group in SYNONYM_GROUPS for word in group}
SYNONYMS = {w: alts for w, alts in SYNONYMS.items() if alts}

# --- the story model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of generated text; `fact` names what a fact piece is (number, name, date)
    and `key` identifies it across the copies of one story."""

    text: str
    fact: str = ""
    key: str = ""


Sentence = tuple[Piece, ...]


@dataclass(frozen=True)
class Draft:
    """A story before it is written out: headline, published line, dateline, optional
    caption, then paragraphs of sentences of pieces."""

    headline: str
    published_line: str
    caption: Sentence | None
    dateline: str
    paragraphs: tuple[tuple[Sentence, ...], ...]


@dataclass(frozen=True)
class PlantedChange:
    """One fact changed in a copy: where it sits in the copy and in the source it drifted from."""

    kind: str  # number | name | date
    before: str
    after: str
    start: int  # in the copy's text
    end: int
    source_start: int  # in the source's text
    source_end: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article and its ground truth.

    story: the id of the source story it tells (shared by every copy in a cluster).
    copy_of: the id of the article it was copied from, None for a source story.
    relation: original (a source with copies), single (a story without copies),
              verbatim, edited or drifted.
    edits: the light edits made (word-swap, reorder, drop, rewrite), in order; each changed
           the text.
    changes: the planted fact drift, with offsets.
    """

    id: str
    text: str
    published: _dt.date
    story: str
    copy_of: str | None
    relation: str
    edits: tuple[str, ...] = ()
    changes: tuple[PlantedChange, ...] = ()

    def article(self):
        """The article as reconcile reads it."""
        from reconcile.ingest import article_from_text

        return article_from_text(self.id, self.text, f"{self.id}.txt")

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "story": self.story,
            "copy_of": self.copy_of,
            "relation": self.relation,
            "published": self.published.isoformat(),
            "edits": list(self.edits),
            "changes": [c.to_json() for c in self.changes],
        }


def render(draft: Draft) -> tuple[str, dict[str, tuple[int, int]]]:
    """The article's text, and where each keyed fact piece landed in it."""
    out: list[str] = [draft.headline, "\n\n", draft.published_line, "\n\n"]
    at = sum(len(s) for s in out)
    where: dict[str, tuple[int, int]] = {}

    def put(pieces: Iterable[Piece]) -> None:
        nonlocal at
        for piece in pieces:
            if piece.key:
                where[piece.key] = (at, at + len(piece.text))
            out.append(piece.text)
            at += len(piece.text)

    if draft.caption:
        put(draft.caption)
        put((Piece("\n\n"),))
    for i, paragraph in enumerate(draft.paragraphs):
        if i:
            put((Piece("\n\n"),))
        else:
            put((Piece(draft.dateline),))
        for j, sentence in enumerate(paragraph):
            if j:
                put((Piece(" "),))
            put(sentence)
    out.append("\n")
    return "".join(out), where


# --- writing a source story --------------------------------------------------------------------


@dataclass
class Person:
    given: str
    surname: str
    title: str  # written before the name: "Foreign Minister"
    described: str  # written after it: "the country's foreign minister"
    mentioned: bool = False


@dataclass
class Story:
    """What one source story is about, and the generator that writes it."""

    rng: random.Random
    topic: str
    city: str
    country: str
    nation: str
    agency: str
    published: _dt.date
    people: list[Person]
    org: str
    region: str
    numbers: dict[str, str]
    event_day: _dt.date
    keys: int = 0

    def key(self) -> str:
        self.keys += 1
        return f"f{self.keys}"

    def fact(self, text: str, kind: str) -> Piece:
        return Piece(text, kind, self.key())


def person_pieces(story: Story, index: int) -> list[Piece]:
    """A person named in full with their title at first mention, by surname after."""
    person = story.people[index % len(story.people)]
    if person.mentioned:
        return [story.fact(person.surname, "name")]
    person.mentioned = True
    return [Piece(f"{person.title} {person.given} "), story.fact(person.surname, "name")]


def person_in_full(story: Story, index: int) -> list[Piece]:
    """Title and full name, as photo captions write them whatever the body said before."""
    person = story.people[index % len(story.people)]
    return [Piece(f"{person.title} {person.given} "), story.fact(person.surname, "name")]


def person_apposition(story: Story, index: int) -> list[Piece]:
    """ "Surname, the country's defence minister," or a full first mention."""
    person = story.people[index % len(story.people)]
    if person.mentioned:
        return [story.fact(person.surname, "name"), Piece(f", {person.described},")]
    person.mentioned = True
    return [Piece(f"{person.given} "), story.fact(person.surname, "name"), Piece(f", {person.described},")]


def number_pieces(story: Story, name: str) -> list[Piece]:
    value = story.numbers[name]
    return [story.fact(value, "number")]


def weekday_of(day: _dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def date_pieces(story: Story, which: str) -> list[Piece]:
    """A date as news copy writes it: the weekday for the last few days, month and day otherwise."""
    rng = story.rng
    if which == "event":
        day = story.event_day
        if (story.published - day).days < 7 and rng.random() < 0.5:
            return [Piece("on "), story.fact(weekday_of(day), "date")]
    elif which == "future":
        day = story.published + _dt.timedelta(days=rng.randint(9, 60))
    else:
        day = story.published - _dt.timedelta(days=rng.randint(30, 400))
        return [Piece(f"{MONTHS[day.month - 1]} {day.year}")]
    return [Piece(f"on {MONTHS[day.month - 1]} "), story.fact(str(day.day), "date")]


# Words of the story templates that each story may write its own way: stories on one topic
# then read alike only as much as real ones do (the facts differ, and so does much wording).
TEMPLATE_VARIANTS = {
    group[0]: group
    for group in (
        ("said", "stated"),
        ("after", "following"),
        ("raid", "swoop", "operation"),
        ("properties", "premises", "addresses"),
        ("previous", "last", "prior"),
        ("election", "poll"),
        ("officials", "authorities"),
        ("supporters", "followers", "activists"),
        ("parliament", "the legislature", "the assembly"),
        ("trading", "dealings", "business"),
        ("company", "firm", "group"),
        ("revenue", "turnover", "sales"),
        ("network", "ring", "gang"),
        ("ports", "harbours", "terminals"),
        ("investigators", "detectives"),
        ("cash", "banknotes"),
        ("prison", "jail"),
        ("trial", "case"),
        ("visit", "trip", "stay"),
        ("agreed", "decided"),
        ("signed", "sealed", "concluded"),
        ("dispute", "quarrel", "feud"),
        ("waters", "seas"),
        ("coast", "shore", "coastline"),
        ("statement", "declaration"),
        ("destroyed", "wrecked", "razed"),
        ("government", "administration", "cabinet"),
        ("aid", "assistance", "relief"),
        ("overnight", "all night", "through the night"),
        ("reporters", "journalists", "the press"),
        ("largely", "mostly", "broadly"),
        ("also", "further"),
        ("across", "throughout"),
        ("forecasts", "estimates", "projections"),
        ("results", "figures"),
        ("benchmark", "key", "main"),
        ("searched", "scoured"),
        ("visiting", "touring"),
        ("teams", "crews", "units"),
        ("according", "according"),
        ("faced", "risked"),
        ("suspected", "accused"),
        ("smuggling", "trafficking"),
        ("registered", "enrolled"),
        ("observers", "monitors", "inspectors"),
        ("ballot", "count", "voting"),
        ("released", "freed up", "earmarked"),
        ("emergency", "urgent"),
        ("affected", "hit"),
        ("millimetres", "mm"),
        ("average", "norm"),
        ("talks", "consultations"),
        ("told", "told"),
        ("between", "among"),
        ("record", "unprecedented"),
        ("analysts", "economists"),
        ("production", "manufacturing"),
        ("operations", "activities"),
        ("spend", "invest", "allocate"),
        ("defendants", "accused"),
        ("hearing", "session"),
        ("examined", "reviewed", "studied"),
        ("interviewed", "questioned"),
        ("hurt", "injured"),
        ("struck", "hit", "battered"),
    )
}

_SLOT = re.compile(r"\[([A-Za-z]+)(?::([a-z_]+))?\]|\{([^{}]*)\}")


@dataclass(frozen=True)
class _Slot:
    name: str
    arg: str


_VARIABLE_WORD = re.compile(r"\b(" + "|".join(sorted(TEMPLATE_VARIANTS, key=len, reverse=True)) + r")\b")


def _varied(literal: str) -> list:
    """Literal template text with each variable word turned into a choice of its forms."""
    parts: list = []
    at = 0
    for m in _VARIABLE_WORD.finditer(literal):
        parts.append(literal[at : m.start()])
        parts.append(TEMPLATE_VARIANTS[m.group(1)])
        at = m.end()
    parts.append(literal[at:])
    return [p for p in parts if p]


def _parse(template: str, top: bool = True) -> tuple:
    """A template as a tuple of literal strings, slots, and choices (tuples of options, each
    a literal string or a parsed tuple), parsed once so that writing a story is cheap."""
    parts: list = []
    at = 0
    for m in _SLOT.finditer(template):
        if m.start() > at:
            literal = template[at : m.start()]
            parts.extend(_varied(literal) if top else [literal])
        if m.group(1):
            parts.append(_Slot(m.group(1), m.group(2) or ""))
        else:
            options = []
            for option in m.group(3).split("|"):
                parsed = _parse(option, top=False)
                options.append(parsed[0] if len(parsed) == 1 and type(parsed[0]) is str else (parsed or ""))
            parts.append(tuple(options))
        at = m.end()
    if at < len(template):
        parts.extend(_varied(template[at:]) if top else [template[at:]])
    return tuple(parts)


def _expand_into(story: Story, parsed: tuple, out: list) -> None:
    pick = story.rng.random
    for part in parsed:
        kind = type(part)
        if kind is str:
            out.append(part)
        elif kind is tuple:
            option = part[int(pick() * len(part))]
            if type(option) is str:
                out.append(option)
            else:
                _expand_into(story, option, out)
        else:
            out.extend(SLOTS[part.name](story, part.arg))


def expand(story: Story, parsed: tuple) -> list[Piece]:
    """A template written out with the story's facts; adjacent plain text is one piece, so
    that word swaps see whole phrases."""
    raw: list = []
    _expand_into(story, parsed, raw)
    pieces: list[Piece] = []
    plain: list[str] = []
    for item in raw:
        if type(item) is str:
            plain.append(item)
        elif not item.fact:
            plain.append(item.text)
        else:
            if plain:
                pieces.append(Piece("".join(plain)))
                plain = []
            pieces.append(item)
    if plain:
        pieces.append(Piece("".join(plain)))
    return [p for p in pieces if p.text]


def _capitalised(pieces: list[Piece]) -> list[Piece]:
    if pieces and pieces[0].text and pieces[0].text[0].islower():
        first = pieces[0]
        pieces[0] = Piece(first.text[0].upper() + first.text[1:], first.fact, first.key)
    return pieces


def _pick(words: Sequence[str]):
    return lambda story, arg: [Piece(story.rng.choice(words))]


SLOTS = {
    "A": lambda s, a: person_pieces(s, 0),
    "B": lambda s, a: person_pieces(s, 1),
    "C": lambda s, a: person_pieces(s, 2),
    "Afull": lambda s, a: person_in_full(s, 0),
    "Aapp": lambda s, a: person_apposition(s, 0),
    "Bapp": lambda s, a: person_apposition(s, 1),
    "Capp": lambda s, a: person_apposition(s, 2),
    "N": number_pieces,
    "D": date_pieces,
    "city": lambda s, a: [Piece(s.city)],
    "country": lambda s, a: [Piece(s.country)],
    "nation": lambda s, a: [Piece(s.nation)],
    "org": lambda s, a: [Piece(s.org)],
    "region": lambda s, a: [Piece(s.region)],
    "adj": _pick(
        "fragile cautious renewed bitter unexpected lengthy heated modest sweeping tense rare cordial sharp steady difficult broad".split()
    ),
    "noun": _pick(
        "reforms budget plans pipeline railway harbour border bridge clinics schools "
        "subsidies tariffs exports harvest grid reservoir dam highway port airport".split()
    ),
    "people": _pick(
        "farmers teachers nurses fishermen traders students pensioners drivers shopkeepers engineers miners dockworkers".split()
    ),
}

# Background sentences are put together from phrases, every two or three words a choice
# among dozens: two articles about different stories then share no more wording than real
# ones do (a clause in common now and then, never whole passages).
SUBJECTS = (
    "traders",
    "councillors",
    "nurses",
    "farmers",
    "shopkeepers",
    "clergy",
    "students",
    "merchants",
    "pensioners",
    "drivers",
    "elders",
    "deputies",
    "charities",
    "managers",
    "fishermen",
    "mayors",
    "families",
    "tenants",
    "teachers",
    "vendors",
    "manufacturers",
    "campaigners",
    "economists",
    "cabbies",
    "parents",
    "doctors",
    "lawyers",
    "veterans",
    "dockers",
    "journalists",
    "engineers",
    "landlords",
    "midwives",
    "builders",
    "bakers",
    "miners",
    "growers",
    "herders",
    "bankers",
)
SUBJECT_ADJECTIVES = (
    "local",
    "younger",
    "older",
    "rural",
    "angry",
    "worried",
    "hopeful",
    "frustrated",
    "many",
    "some",
    "several",
    "few",
    "veteran",
    "independent",
    "unionised",
    "retired",
    "striking",
    "poorer",
    "wealthier",
    "suburban",
    "coastal",
    "upland",
    "exiled",
    "returning",
)
ADVERBS = (
    "quietly",
    "openly",
    "repeatedly",
    "loudly",
    "cautiously",
    "privately",
    "publicly",
    "briefly",
    "reluctantly",
    "eagerly",
    "bitterly",
    "firmly",
    "tentatively",
    "angrily",
    "patiently",
    "jointly",
)
VERBS = (
    "opposed",
    "backed",
    "questioned",
    "criticised",
    "welcomed",
    "resisted",
    "praised",
    "blocked",
    "funded",
    "boycotted",
    "debated",
    "challenged",
    "supported",
    "mocked",
    "ignored",
    "defended",
    "rejected",
    "endorsed",
    "delayed",
    "inspected",
    "audited",
    "petitioned",
    "picketed",
    "toured",
)
ADJECTIVES = (
    "overdue",
    "costly",
    "controversial",
    "ageing",
    "unfinished",
    "crumbling",
    "expensive",
    "delayed",
    "ambitious",
    "modest",
    "patchy",
    "neglected",
    "outdated",
    "experimental",
    "temporary",
    "seasonal",
    "underused",
    "overcrowded",
    "revised",
    "disputed",
    "flagship",
    "stalled",
    "leaky",
    "noisy",
    "subsidised",
    "rebuilt",
    "scaled-back",
    "oversized",
    "shoddy",
    "promised",
)
NOUNS = (
    "pipeline",
    "bus depot",
    "rail link",
    "silos",
    "harbour wall",
    "levee",
    "power plant",
    "hospital wing",
    "canteen",
    "tax rebate",
    "housing estate",
    "ring road",
    "canals",
    "fish market",
    "wind farm",
    "clinics",
    "ferry",
    "landfill",
    "stadium",
    "checkpoint",
    "customs post",
    "fuel subsidy",
    "pension scheme",
    "broadband",
    "bridge",
    "tramway",
    "terminal",
    "copper mine",
    "cement works",
    "reservoir",
    "flyover",
    "sewers",
    "granary",
    "substation",
    "orphanage",
    "library",
    "abattoir",
)
PREPOSITIONS = ("near", "beside", "behind", "outside", "opposite", "below", "above", "past", "around")
PLACE_ADJECTIVES = (
    "old",
    "new",
    "main",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "upper",
    "lower",
    "derelict",
    "busy",
    "former",
    "disused",
)
PLACE_NOUNS = (
    "station",
    "market",
    "quay",
    "cathedral",
    "barracks",
    "cemetery",
    "university",
    "stockyards",
    "racecourse",
    "lighthouse",
    "prison",
    "brewery",
    "mill",
    "tannery",
    "docks",
)
TIMES = (
    "this spring",
    "last autumn",
    "this year",
    "since summer",
    "all winter",
    "in recent weeks",
    "earlier this month",
    "before Christmas",
    "after the budget",
    "for a decade",
    "every dry season",
    "ahead of polls",
    "overnight",
    "last weekend",
    "on Sundays",
    "for months",
)
OPENERS = (
    "Meanwhile,",
    "Elsewhere,",
    "For now,",
    "Locally,",
    "Lately,",
    "Already,",
    "Yet",
    "Still,",
    "Separately,",
    "Privately,",
    "Even so,",
    "Nonetheless,",
)
CONNECTORS = ("as", "while", "though", "after", "because", "when", "whereas", "since", "until", "once")
QUOTE_VERBS = ("said", "told reporters", "said in an interview", "told local radio", "added", "insisted")


def _phrase(story: "Story", choices: Sequence[str]) -> str:
    text = choices[int(story.rng.random() * len(choices))]
    if "[" in text:
        text = text.replace("[city]", story.city).replace("[region]", story.region)
    return text


def _clause(story: "Story") -> str:
    """Who did what to which thing where and when, a choice every word or two, so that
    two stories share a run of three words now and then, never a passage."""
    p = lambda choices: _phrase(story, choices)  # noqa: E731
    return (
        f"{p(SUBJECT_ADJECTIVES)} {p(SUBJECTS)} {p(ADVERBS)} {p(VERBS)} the {p(ADJECTIVES)} {p(NOUNS)} "
        f"{p(PREPOSITIONS)} the {p(PLACE_ADJECTIVES)} {p(PLACE_NOUNS)} {p(TIMES)}"
    )


def background_sentence(story: "Story") -> list[Piece]:
    """One sentence of background, now and then a quote or two clauses joined."""
    roll = story.rng.random()
    clause = _clause(story)
    if roll < 0.25:
        person = person_pieces(story, int(story.rng.random() * len(story.people)))
        body = f"\u201c{clause[0].upper()}{clause[1:]},\u201d "
        return _capitalised([Piece(body), *person, Piece(f" {_phrase(story, QUOTE_VERBS)}.")])
    if roll < 0.5:
        text = f"{clause} {_phrase(story, CONNECTORS)} {_clause(story)}."
    else:
        opener = _phrase(story, OPENERS) + " " if roll < 0.7 else ""
        text = f"{opener}{clause}."
    return [Piece(text[0].upper() + text[1:])]


def with_background(story: "Story", sentence: list[Piece]) -> list[Piece]:
    """A story sentence with background clauses worked into each of its clauses, as agency
    copy strings facts together: keeps sentences of one topic from reading alike across
    stories (they still share their frame, as real ones do)."""

    def lengthen(m: re.Match[str]) -> str:
        return f" {_phrase(story, CONNECTORS)} {_clause(story)}{m.group(0)}"

    out = [p if p.fact else Piece(_CLAUSE_END.sub(lengthen, p.text)) for p in sentence]
    last = out[-1] if out else None
    if last is not None and not last.fact and last.text.endswith("."):
        out[-1] = Piece(f"{last.text[:-1]} {_phrase(story, CONNECTORS)} {_clause(story)}.")
    return out


_CLAUSE_END = re.compile(r",(?=[\"\u201d]? )")


TOPICS: dict[str, tuple[str, ...]] = {
    "disaster": (
        "[A] said at least [N:dead] people {had been|were} killed and [N:injured] {injured|hurt|wounded} when the {storm|floods|landslide|earthquake} {struck|hit} [region] [D:event].",
        "{Rescue teams|Emergency crews|Soldiers and volunteers} {searched|combed} {through|the} {rubble|debris|mud} for {survivors|the missing} {overnight|through the night}, {with|as} [N:missing] people still {unaccounted for|missing}.",
        "{About|Some|More than} [N:homes] homes were {destroyed|damaged|flattened} and [N:evacuated] residents {were moved|had been evacuated} to {shelters|schools|sports halls} in [city].",
        "The {national weather agency|meteorological office} said [N:rain] millimetres of rain {fell|had fallen} in [N:hours] hours, {more than|nearly} {twice|three times} the {monthly|usual} average.",
        '"{This is|It has been} the {worst|most serious} {disaster|flooding|emergency} {this area has seen|we have seen here} in {decades|a generation}," [B] said {as|while} {touring|visiting} {a shelter|the worst-hit villages} in [region].',
        "{Landslides|Floodwaters} {cut|blocked} [N:roads] {roads|highways} and {left|knocked out} power to {about|some} [N:households] households, [org] said.",
        "[Capp] said the {government|authorities} had {released|set aside} [N:aid] million dollars in {emergency|relief} {aid|funds} for [region].",
        "The {epicentre|centre of the storm} was {about|some} [N:distance] km {north|south|east|west} of [city], [org] said.",
    ),
    "diplomacy": (
        "[A] and [B] agreed [D:event] to {hold|resume} {talks|negotiations} on [noun] {and|as well as} [noun], {ending|easing} a [adj] {dispute|standoff} between the two {countries|governments}.",
        "The two {ministers|sides} {signed|agreed} [N:deals] {agreements|accords|deals} worth {about|some} [N:value] billion dollars during the {visit|meeting} in [city].",
        '"{Today|This week} we {agreed|decided} that our {two nations|governments} {will|shall} {hold|start} {working-level|vice-ministerial} talks [D:future]," [A] told a joint news conference.',
        '[Bapp] said the {talks|meeting} had been "{frank|constructive|useful}" and that {both sides|the two governments} {wanted|hoped} to {avoid|prevent} {further|new} {tension|friction} over [noun].',
        "Trade between the two {countries|economies} {rose|grew|fell} [N:trade_pct] percent last year to [N:trade] billion dollars, according to [org].",
        "The {dispute|row} {centres|focuses} on [N:islands] {islands|islets} and {fishing|mineral} rights in waters {about|some} [N:distance] km {off|from} the coast of [region].",
        "[A] said {he|she} would {visit|travel to} [city] [D:future] for {another|a further} round of {talks|negotiations}.",
        "{Diplomats|Officials} said [N:delegates] {delegates|officials} {took part|attended} and that a {joint statement|communique} was {expected|likely} {within days|soon}.",
    ),
    "economy": (
        "[org] said [D:event] its {net|quarterly} profit {rose|jumped|fell} [N:profit_pct] percent to [N:profit] million dollars, {beating|missing} {analysts'|market} {forecasts|expectations}.",
        "[Aapp] said the {company|group} would {cut|add|create} [N:jobs] jobs {over the next|within} [N:years] years as it {moved|shifted} {production|operations} to [region].",
        "{Shares|Stocks} in [org] {rose|fell|climbed|dropped} [N:shares_pct] percent in {early|afternoon} trading in [city].",
        '"{We|Our teams} {delivered|achieved} {strong|solid|record} {results|growth} in a [adj] {market|year}," [A] {said|told investors}.',
        "The central bank {raised|lowered|kept} its {benchmark|key} {interest|lending} rate {at|to} [N:rate] percent, [B] {said|told reporters} [D:event].",
        "{Inflation|Consumer prices} {rose|climbed|eased} to [N:inflation] percent in [D:past], the {highest|lowest} {level|reading} since {records began|the crisis}.",
        "[Capp] said the [nation] {government|treasury} {would|planned to} {spend|invest} [N:investment] billion dollars on [noun] and [noun].",
        "{Exports|Sales abroad} {accounted for|made up} [N:export_pct] percent of [org]'s {revenue|turnover} last year, the {company|firm} said.",
    ),
    "crime": (
        "Police {arrested|detained} [N:arrests] {people|suspects} [D:event] after a {raid|series of raids} on {warehouses|properties|homes} in [region], [A] said.",
        "{Officers|Investigators} {seized|recovered} [N:seized] kg of {cocaine|heroin|methamphetamine|cannabis} and [N:cash] million dollars in cash, {police|the ministry} said.",
        "[Bapp] said the {suspects|group} {faced|could face} up to [N:sentence] years in prison if {convicted|found guilty}.",
        '"{This was|It has been} a {complex|long|painstaking} {investigation|operation} {spanning|across} [N:countries] countries," [A] told {reporters|a news conference} in [city].',
        "The {trial|hearing} of [N:defendants] {defendants|suspects} is {expected|due} to {begin|open} [D:future] at [org], {court officials|prosecutors} said.",
        "[Capp] said {investigators|detectives} had {interviewed|questioned} [N:witnesses] witnesses and {examined|reviewed} {hours|days} of {security footage|phone records}.",
        "The {network|ring} is {suspected|believed} of {smuggling|moving} {goods|drugs|migrants} worth [N:worth] million dollars through ports in [region] since [D:past].",
    ),
    "election": (
        "[A]'s [org] won [N:seats] of the [N:total_seats] seats in parliament [D:event], {according to|said} the election commission.",
        "Turnout was [N:turnout] percent, {up|down} from [N:prev_turnout] percent at the {last|previous} election in [region], officials said.",
        '"{Voters|The people} have {spoken|chosen change|given us a mandate}," [A] told {cheering|flag-waving} supporters in [city].',
        "[Bapp] {conceded|refused to concede} {defeat|the result} and said {his|her} {party|coalition} had {won|taken} [N:votes] votes.",
        "{Observers|Monitors} from [N:observer_countries] countries said the {vote|ballot} had been {largely|mostly} {free|orderly} {despite|but noted} [adj] {irregularities|delays} in [region].",
        "[Capp] said a {new|coalition} government {could|would} be {formed|sworn in} [D:future].",
        "{Almost|Nearly|Some} [N:voters] million people were {registered|eligible} to vote at [N:stations] polling stations.",
    ),
}

HEADLINES = {
    "disaster": (
        "{Storm|Floods|Landslide|Quake} kills [N:dead] in [country]'s [region]",
        "[N:dead] dead as {storm|floods} {hit|batter} [region]",
    ),
    "diplomacy": (
        "[country] and {partner|neighbour} agree to talks on {dispute|islands|trade}",
        "{Ministers|Envoys} {meet|agree} in [city] {to ease|on} [adj] {row|dispute}",
    ),
    "economy": ("[org] profit {rises|falls} [N:profit_pct] percent", "[org] to {cut|add} [N:jobs] jobs {in|as} [region] {shift|plan}"),
    "crime": (
        "Police {arrest|detain} [N:arrests] in [region] {drug|smuggling} raids",
        "[N:arrests] held {after|in} raids on [region] {network|ring}",
    ),
    "election": ("[org] wins [N:seats] seats in [country] {vote|election}", "[country] votes: [org] {claims|declares} victory"),
}

TITLES = {
    "disaster": (
        ("Governor", "the regional governor"),
        ("Emergencies Minister", "the emergencies minister"),
        ("Interior Minister", "the interior minister"),
        ("Police Chief", "the police chief"),
    ),
    "diplomacy": (
        ("Foreign Minister", "the country's foreign minister"),
        ("Prime Minister", "the prime minister"),
        ("Defence Minister", "the defence minister"),
        ("Ambassador", "the ambassador"),
    ),
    "economy": (
        ("Chief Executive", "the company's chief executive"),
        ("Finance Minister", "the finance minister"),
        ("Economy Minister", "the economy minister"),
        ("Chairman", "the chairman"),
    ),
    "crime": (
        ("Police Chief", "the national police chief"),
        ("Prosecutor", "the chief prosecutor"),
        ("Justice Minister", "the justice minister"),
        ("Detective", "a senior detective"),
    ),
    "election": (
        ("President", "the president"),
        ("Opposition Leader", "the opposition leader"),
        ("Prime Minister", "the prime minister"),
        ("Senator", "a senator"),
    ),
}

CAPTIONS = ("[Afull] (C) {speaks to reporters|attends a news conference|arrives for a meeting} [spot] in [city] [D:event].",)

SLOTS["spot"] = lambda s, a: [Piece(f"{_phrase(s, PREPOSITIONS)} the {_phrase(s, PLACE_ADJECTIVES)} {_phrase(s, PLACE_NOUNS)}")]
SLOTS["row"] = lambda s, a: [
    Piece(f"amid {_phrase(s, ADJECTIVES)} {_phrase(s, NOUNS)} {_phrase(s, ('row', 'fears', 'protests', 'doubts', 'anger', 'delays'))}")
]
HEADLINES = {topic: tuple(f"{h} [row]" for h in forms) for topic, forms in HEADLINES.items()}
_PARSED_TOPICS = {topic: tuple(_parse(t) for t in templates) for topic, templates in TOPICS.items()}
_PARSED_HEADLINES = {topic: tuple(_parse(t) for t in h) for topic, h in HEADLINES.items()}
_PARSED_CAPTION = _parse(CAPTIONS[0])
SLOTS["agency"] = lambda s, a: [Piece(s.agency)]


def _number(rng: random.Random, low: int, high: int, thousands: bool = True) -> str:
    value = rng.randint(low, high)
    return f"{value:,}" if thousands else str(value)


def _numbers(rng: random.Random, topic: str) -> dict[str, str]:
    """The figures one story states; each is mentioned where its template puts it."""
    n = lambda lo, hi: _number(rng, lo, hi)  # noqa: E731
    decimal = lambda lo, hi: f"{rng.uniform(lo, hi):.1f}"  # noqa: E731
    return {
        "dead": n(3, 240),
        "injured": n(10, 900),
        "missing": n(2, 80),
        "homes": n(120, 9000),
        "evacuated": n(1200, 90000),
        "rain": n(120, 600),
        "hours": n(6, 48),
        "roads": n(5, 60),
        "households": n(2000, 400000),
        "aid": n(2, 90),
        "distance": n(12, 480),
        "deals": n(3, 24),
        "value": decimal(1.2, 19.0),
        "trade_pct": decimal(1.5, 14.0),
        "trade": decimal(3.0, 95.0),
        "islands": n(2, 9),
        "delegates": n(20, 300),
        "profit_pct": decimal(2.0, 38.0),
        "profit": n(40, 2900),
        "jobs": n(150, 6000),
        "years": n(2, 6),
        "shares_pct": decimal(1.1, 12.0),
        "rate": decimal(0.5, 9.5),
        "inflation": decimal(1.1, 11.0),
        "investment": decimal(1.5, 40.0),
        "export_pct": n(18, 76),
        "arrests": n(4, 120),
        "seized": n(15, 2400),
        "cash": decimal(1.1, 48.0),
        "sentence": n(5, 30),
        "countries": n(3, 14),
        "defendants": n(3, 40),
        "witnesses": n(12, 300),
        "worth": n(5, 600),
        "seats": n(80, 190),
        "total_seats": n(200, 450),
        "turnout": decimal(41.0, 79.0),
        "prev_turnout": decimal(40.0, 78.0),
        "votes": n(120000, 9000000),
        "observer_countries": n(5, 40),
        "voters": decimal(2.0, 60.0),
        "stations": n(900, 40000),
    }


def _org(rng: random.Random, topic: str, city: str, nation: str) -> str:
    if topic == "economy":
        return f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_TRADES)}"
    if topic == "election":
        return rng.choice(PARTIES)
    if topic == "crime":
        return f"the {city} {rng.choice(('High Court', 'District Court', 'Criminal Court'))}"
    return f"the {nation} {rng.choice(('Red Cross', 'Foreign Ministry', 'Disaster Management Agency', 'Statistics Office', 'Civil Defence Agency'))}"


def new_story(rng: random.Random, start: _dt.date, days: int) -> Story:
    topic = rng.choice(sorted(TOPICS))
    city, country, nation = rng.choice(CITIES)
    surnames = rng.sample(SURNAMES, 3)
    titles = rng.sample(TITLES[topic], 3)
    people = [
        Person(rng.choice(GIVEN_NAMES), s, f"{nation} {t}" if i == 0 else t, d) for i, (s, (t, d)) in enumerate(zip(surnames, titles))
    ]
    region = f"{rng.choice(REGION_WORDS)} {rng.choice(REGION_STEMS)}"
    published = start + _dt.timedelta(days=rng.randrange(days))
    event_day = published - _dt.timedelta(days=rng.randint(1, 4))
    return Story(
        rng,
        topic,
        city,
        country,
        nation,
        rng.choice(AGENCIES),
        published,
        people,
        _org(rng, topic, city, nation),
        region,
        _numbers(rng, topic),
        event_day,
    )


def _plain_text(pieces: Sequence[Piece]) -> str:
    return "".join(p.text for p in pieces)


def write_story(story: Story, words: int) -> Draft:
    """A source story of about `words` words: the lead, then the story's other sentences in
    random order spread among background sentences, in paragraphs of one to three."""
    rng = story.rng
    topical = list(_PARSED_TOPICS[story.topic])
    rest = topical[1:]
    rng.shuffle(rest)
    sentences: list[Sentence] = [tuple(with_background(story, _capitalised(expand(story, topical[0]))))]
    count = _plain_text(sentences[0]).count(" ") + 1
    while count < words:
        # The story's own sentences, spread among background ones.
        if rest and rng.random() < 0.45:
            sentence = tuple(with_background(story, _capitalised(expand(story, rest.pop()))))
        else:
            sentence = tuple(background_sentence(story))
        sentences.append(sentence)
        count += _plain_text(sentence).count(" ") + 1
    paragraphs: list[tuple[Sentence, ...]] = []
    i = 0
    while i < len(sentences):
        size = 1 if i == 0 else rng.choice((1, 2, 2, 3))
        paragraphs.append(tuple(sentences[i : i + size]))
        i += size
    # The headline repeats facts of the body without being a place drift is planted in.
    headline = _plain_text(_capitalised(expand(story, rng.choice(_PARSED_HEADLINES[story.topic]))))
    caption = tuple(expand(story, _PARSED_CAPTION)) if rng.random() < 0.4 else None
    day = story.published
    published_line = f"Published: {WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"
    dateline = f"{story.city.upper()}, {MONTHS[day.month - 1][:3]}. {day.day} ({story.agency}) - "
    return Draft(headline, published_line, caption, dateline, tuple(paragraphs))


# --- editing a copy ----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z']+")


def swap_words(pieces: Sentence, rng: random.Random, rate: float) -> Sentence:
    """Words with a listed synonym replaced at `rate`; fact pieces are never touched."""
    out = []
    for piece in pieces:
        if piece.fact:
            out.append(piece)
            continue

        def swap(m: re.Match[str]) -> str:
            word = m.group(0)
            alternatives = SYNONYMS.get(word)
            if alternatives and rng.random() < rate:
                return rng.choice(alternatives)
            return word

        out.append(Piece(_WORD.sub(swap, piece.text)))
    return tuple(out)


def edit_copy(draft: Draft, rng: random.Random) -> tuple[Draft, tuple[str, ...]]:
    """Light edits a subeditor makes: one to three of word swaps, reordered sentences or
    paragraphs, a dropped sentence, and a paragraph reworded throughout. Only edits that
    changed something are recorded; a copy gets at least one unless the story is too short
    for any."""
    paragraphs = [list(p) for p in draft.paragraphs]
    wanted = rng.randint(1, 3)
    edits: list[str] = []
    for edit in rng.sample(sorted(EDITS), len(EDITS)):
        if len(edits) >= wanted:
            break
        before = [list(p) for p in paragraphs]
        paragraphs = EDITS[edit](paragraphs, rng)
        if paragraphs != before:
            edits.append(edit)
    return Draft(draft.headline, draft.published_line, draft.caption, draft.dateline, tuple(tuple(p) for p in paragraphs)), tuple(edits)


def _swap_everywhere(paragraphs: list[list[Sentence]], rng: random.Random) -> list[list[Sentence]]:
    return [[swap_words(s, rng, 0.15) for s in p] for p in paragraphs]


def _reorder(paragraphs: list[list[Sentence]], rng: random.Random) -> list[list[Sentence]]:
    """Two sentences of a paragraph, or two paragraphs after the lead, change places."""
    paragraphs = [list(p) for p in paragraphs]
    multi = [p for p in paragraphs[1:] if len(p) > 1]
    if multi:
        paragraph = rng.choice(multi)
        i, j = rng.sample(range(len(paragraph)), 2)
        paragraph[i], paragraph[j] = paragraph[j], paragraph[i]
    elif len(paragraphs) > 2:
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return paragraphs


def _drop(paragraphs: list[list[Sentence]], rng: random.Random) -> list[list[Sentence]]:
    """One sentence of a paragraph of several left out."""
    paragraphs = [list(p) for p in paragraphs]
    droppable = [p for p in paragraphs[1:] if len(p) > 1]
    if droppable:
        paragraph = rng.choice(droppable)
        paragraph.pop(rng.randrange(len(paragraph)))
    return paragraphs


def _rewrite(paragraphs: list[list[Sentence]], rng: random.Random) -> list[list[Sentence]]:
    """One paragraph reworded throughout: the one with the most words a synonym can replace."""

    def swappable(p: list[Sentence]) -> int:
        return sum(w in SYNONYMS for s in p for piece in s if not piece.fact for w in _WORD.findall(piece.text))

    candidates = list(range(1, len(paragraphs))) or [0]
    i = max(rng.sample(candidates, min(4, len(candidates))), key=lambda k: swappable(paragraphs[k]))
    paragraphs = list(paragraphs)
    paragraphs[i] = [swap_words(s, rng, 0.9) for s in paragraphs[i]]
    return paragraphs


EDITS = {"word-swap": _swap_everywhere, "reorder": _reorder, "drop": _drop, "rewrite": _rewrite}


def drifted_value(piece: Piece, rng: random.Random) -> str:
    """A plausible but wrong value for a fact: another number, a respelled name, another day."""
    text = piece.text
    if piece.fact == "number":
        digits = text.replace(",", "")
        if "." in digits:
            whole, frac = digits.split(".")
            return f"{int(whole) + rng.randint(1, 3)}.{frac}"
        value = int(digits)
        new = value + max(1, round(value * rng.choice((0.1, 0.25, 0.5))))
        return f"{new:,}" if "," in text or new >= 10000 else str(new)
    if piece.fact == "name":
        inner = [i for i in range(1, len(text) - 2) if text[i] != text[i + 1]]
        i = rng.choice(inner)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if text in WEEKDAYS:
        return rng.choice([d for d in WEEKDAYS if d != text])
    day = int(text)
    return str(day + rng.choice((2, 3)) if day <= 25 else day - rng.choice((2, 3)))


def plant_drift(draft: Draft, rng: random.Random, count: int) -> tuple[Draft, list[tuple[str, str, str, str]]]:
    """`count` fact pieces of the body changed; returns (kind, key, before, after) for each."""
    keyed = [(i, j, k, piece) for i, p in enumerate(draft.paragraphs) for j, s in enumerate(p) for k, piece in enumerate(s) if piece.key]
    chosen = rng.sample(keyed, min(count, len(keyed)))
    paragraphs = [[list(s) for s in p] for p in draft.paragraphs]
    changes = []
    for i, j, k, piece in chosen:
        after = drifted_value(piece, rng)
        paragraphs[i][j][k] = Piece(after, piece.fact, piece.key)
        changes.append((piece.fact, piece.key, piece.text, after))
    return Draft(
        draft.headline, draft.published_line, draft.caption, draft.dateline, tuple(tuple(tuple(s) for s in p) for p in paragraphs)
    ), changes


# --- the corpus --------------------------------------------------------------------------------


def story_articles(
    index: int,
    seed: int,
    words: int,
    copies: int,
    *,
    prefix: str = "g",
    verbatim_share: float = 0.25,
    drift_share: float = 0.4,
    start: _dt.date = _dt.date(2014, 1, 6),
    days: int = 365,
) -> list[GeneratedArticle]:
    """One source story and `copies` copies of it, all from a generator seeded by (seed, index)."""
    rng = random.Random(f"reconcile-corpus:{seed}:{index}")
    story = new_story(rng, start, days)
    draft = write_story(story, words)
    story_id = f"{prefix}{index:06d}"
    source_id = f"{story_id}-0"
    source_text, source_where = render(draft)
    out = [GeneratedArticle(source_id, source_text, story.published, story_id, None, "original" if copies else "single")]
    for c in range(1, copies + 1):
        roll = rng.random()
        if roll < verbatim_share:
            copy, edits, relation = draft, (), "verbatim"
        else:
            copy, edits = edit_copy(draft, rng)
            relation = "edited"
        planted: list[tuple[str, str, str, str]] = []
        if rng.random() < drift_share:
            copy, planted = plant_drift(copy, rng, rng.choice((1, 1, 2)))
            relation = "drifted"
        text, where = render(copy)
        changes = tuple(PlantedChange(kind, before, after, *where[key], *source_where[key]) for kind, key, before, after in planted)
        out.append(GeneratedArticle(f"{story_id}-{c}", text, story.published, story_id, source_id, relation, edits, changes))
    return out


def generate_corpus(
    n_articles: int,
    seed: int = 0,
    words: int = 600,
    cluster_share: float = 0.3,
    max_copies: int = 4,
    verbatim_share: float = 0.25,
    drift_share: float = 0.4,
    prefix: str = "g",
) -> list[GeneratedArticle]:
    """`n_articles` generated articles, the same for the same arguments.

    cluster_share: the share of articles that belong to a cluster (a source story and its
        1 to `max_copies` copies); the rest are stories without copies.
    verbatim_share: the share of copies left verbatim (before any drift).
    drift_share: the share of copies given planted fact drift (one or two changes).
    """
    articles: list[GeneratedArticle] = []
    in_clusters = 0
    index = 0
    while len(articles) < n_articles:
        room = n_articles - len(articles)
        clustered = room > 1 and in_clusters < cluster_share * (len(articles) + 1)
        copies = 0
        if clustered:
            copies = min(random.Random(f"reconcile-copies:{seed}:{index}").randint(1, max_copies), room - 1)
        made = story_articles(index, seed, words, copies, prefix=prefix, verbatim_share=verbatim_share, drift_share=drift_share)
        if copies:
            in_clusters += len(made)
        articles.extend(made)
        index += 1
    return articles


# --- a wire feed --------------------------------------------------------------------------------

# Sentences that wire copy repeats across unrelated stories. Drawn with weights 1, 1/2, 1/3...
# so that the first few turn up in one article in ten or more, as boilerplate does in a feed.
STOCK_PHRASES = (
    "The company did not immediately respond to a request for comment.",
    "Officials did not immediately respond to requests for comment on Sunday evening.",
    "Further details were not immediately available, the agency said.",
    "The report could not be independently verified by the news agency.",
    "This story has been updated with additional details and reaction.",
    "Additional reporting by our correspondents in the region; editing by the news desk.",
    "The ministry declined to comment on the matter when contacted by reporters.",
    "Representatives for the group did not respond to several emails seeking comment.",
    "An investigation into the cause of the incident is under way, police said.",
    "Shares of the company were little changed in early trading after the announcement.",
    "It was not immediately clear how many people had been affected by the decision.",
    "A spokesperson said the organisation would review the findings in the coming weeks.",
    "The figures could not be confirmed independently and were disputed by the opposition.",
    "Both sides are expected to meet again later this month to continue the talks.",
    "The announcement came as the government faced growing pressure from its critics.",
    "Analysts said the move had been widely expected by markets and by the public.",
    "Local media reported the news earlier in the day, citing unnamed sources.",
    "The incident remains under review and no charges have been filed so far.",
    "Neither side has commented publicly on the details of the proposed agreement.",
    "The agency said it would publish a full report on its website next month.",
)


def stock_paragraph(rng: random.Random, count: int) -> str:
    """`count` distinct stock sentences, the common ones more often, as one paragraph."""
    weights = [1 / (rank + 1) for rank in range(len(STOCK_PHRASES))]
    chosen: list[str] = []
    while len(chosen) < min(count, len(STOCK_PHRASES)):
        phrase = rng.choices(STOCK_PHRASES, weights)[0]
        if phrase not in chosen:
            chosen.append(phrase)
    return " ".join(chosen)


def generate_wire_corpus(
    n_articles: int,
    seed: int = 0,
    words: int = 600,
    rewrite_share: float = 0.25,
    stock_sentences: tuple[int, int] = (0, 2),
    prefix: str = "w",
) -> list[GeneratedArticle]:
    """`n_articles` articles closer to a day's wire feed than `generate_corpus`: most stories
    stand alone, `rewrite_share` of the articles are edited rewrites of another (one each, no
    verbatim copies), and every article ends with a paragraph of 0 to 2 stock sentences
    (`STOCK_PHRASES`) shared with unrelated stories. The stock paragraph comes last, so the
    offsets of planted changes stay as `story_articles` recorded them."""
    articles: list[GeneratedArticle] = []
    # A story with a rewrite gives two articles: a share s of rewrites needs s / (1 - s) of
    # the stories to have one.
    with_rewrite = rewrite_share / (1 - rewrite_share) if rewrite_share < 1 else 1.0
    index = 0
    while len(articles) < n_articles:
        rng = random.Random(f"reconcile-wire:{seed}:{index}")
        copies = 1 if len(articles) + 1 < n_articles and rng.random() < with_rewrite else 0
        made = story_articles(index, seed, words, copies, prefix=prefix, verbatim_share=0.0)
        for article in made:
            stock = stock_paragraph(rng, rng.randint(*stock_sentences))
            text = article.text.rstrip("\n") + ("\n\n" + stock if stock else "") + "\n"
            articles.append(
                GeneratedArticle(
                    article.id, text, article.published, article.story, article.copy_of, article.relation, article.edits, article.changes
                )
            )
        index += 1
    return articles[:n_articles]


CORPORA = {"generated": generate_corpus, "wire": generate_wire_corpus}


def clusters(articles: Iterable[GeneratedArticle]) -> dict[str, list[str]]:
    """Story id -> ids of its articles, for stories with more than one article."""
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(a.story, []).append(a.id)
    return {story: ids for story, ids in groups.items() if len(ids) > 1}


def write_corpus(directory: str | Path, articles: Iterable[GeneratedArticle]) -> Path:
    """Each article as DIR/<id>.txt, and the ground truth as DIR/truth.jsonl."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for a in articles:
            (out / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
            truth.write(json.dumps(a.to_json()) + "\n")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated news corpus with ground truth.")
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=int, default=600, help="about this many words an article")
    parser.add_argument("--cluster-share", type=float, default=0.3, help="share of articles in clusters of copies")
    parser.add_argument(
        "--kind",
        choices=sorted(CORPORA),
        default="generated",
        help="generated: clusters of copies (--cluster-share); wire: mostly unrelated stories, a quarter rewrites, stock phrases shared",
    )
    parser.add_argument("--out", required=True, help="directory to write <id>.txt and truth.jsonl into")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.kind == "wire":
        articles = generate_wire_corpus(args.n, seed=args.seed, words=args.words)
    else:
        articles = generate_corpus(args.n, seed=args.seed, words=args.words, cluster_share=args.cluster_share)
    generated = time.perf_counter() - began
    write_corpus(args.out, articles)
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    print(
        f"{len(articles)} articles ({size / 1e6:.1f} MB, {len(clusters(articles))} clusters) "
        f"generated in {generated:.2f} s, written to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
