"""Plain data types that flow between the stages.

Every stage takes and returns these values; none of them knows about click or rich.
The one promise they all keep: a `Span` indexes the original, decoded text of its
article, so ``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from typing import ClassVar, Iterable, Literal, Union, get_args

SCHEMA = "reconcile.report/1"

BlockRole = Literal["headline", "dek", "published", "dateline", "caption", "body", "boilerplate"]
OverlapKind = Literal["verbatim", "edited"]
Status = Literal["conflict", "variant", "agreement"]
Severity = Literal["error", "warning", "info"]

# What a claim is about: a person, a place or a body (org), a number, a date, a quote.
ClaimKind = Literal["person", "place", "org", "number", "date", "quote"]
# Every kind of finding reconcile reports (a finding's `kind`), as --select and --ignore name them.
FindingKind = Literal[
    "caption", "name-spelling", "name-variant", "alias", "number", "date", "role", "quote", "mixed-script", "hidden-character"
]

SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
STATUS_ORDER: dict[str, int] = {"conflict": 0, "variant": 1, "agreement": 2}
STATUSES: tuple[Status, ...] = get_args(Status)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
CLAIM_KINDS: tuple[ClaimKind, ...] = get_args(ClaimKind)


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of one article's text, with the text itself as evidence."""

    doc: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of an article with the part it plays in the layout.

    `start`/`end` index `Article.text`. Only ``body`` and ``caption`` blocks are analysed;
    the headline and dek are matched for overlap but not mined for claims, boilerplate is
    set aside and only listed.
    """

    role: BlockRole
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One input story: its decoded text exactly as read, and its layout found by reading it."""

    id: str
    path: str
    text: str
    blocks: tuple[Block, ...] = ()
    published: _dt.date | None = None
    published_from: Literal["text", "metadata"] | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    # False when the analysed text is not simply the file's UTF-8 content (HTML, JSON
    # rows, other encodings); the report then carries the text so spans can be checked.
    text_is_file_content: bool = True

    def span(self, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside {self.id} (length {len(self.text)})")
        return Span(self.id, start, end, self.text[start:end])

    def blocks_of(self, *roles: str) -> list[Block]:
        return [b for b in self.blocks if b.role in roles]

    @property
    def headline(self) -> Span | None:
        found = self.blocks_of("headline")
        return self.span(found[0].start, found[0].end) if found else None

    @property
    def dateline(self) -> Span | None:
        found = self.blocks_of("dateline")
        return self.span(found[0].start, found[0].end) if found else None

    @property
    def captions(self) -> list[Span]:
        return [self.span(b.start, b.end) for b in self.blocks_of("caption")]

    @property
    def boilerplate(self) -> list[Span]:
        return [self.span(b.start, b.end) for b in self.blocks_of("boilerplate")]

    @property
    def analysed_blocks(self) -> list[Block]:
        """Blocks that take part in overlap finding: everything but boilerplate and metadata lines."""
        return [b for b in self.blocks if b.role in ("headline", "dek", "caption", "body")]


@dataclass(frozen=True)
class Overlap:
    """A pair of passages, one in each of two articles, that share wording."""

    a: Span
    b: Span
    similarity: float
    kind: OverlapKind


class ClaimDetails:
    """The kind-specific facts of a claim, one frozen dataclass a kind (below).

    Written out (JSON, archive records) as sorted string pairs: text fields by their
    value, left out when empty (`keep_empty` keeps them), true/false as "yes" and
    `false_text` ("no", or "" to leave a false flag out). `pairs` and `from_pairs` are
    that form's two directions, so that serialised claims keep their bytes."""

    keep_empty: ClassVar[bool] = False
    false_text: ClassVar[str] = "no"

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The details as sorted (name, text) pairs, as they are written out."""
        found = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            text = ("yes" if value else self.false_text) if isinstance(value, bool) else value
            if text or self.keep_empty:
                found.append((f.name, text))
        return tuple(sorted(found))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]):
        """The details that `pairs` wrote; ValueError for a name this kind does not have."""
        kinds = {f.name: f.type for f in fields(cls)}  # type: ignore[arg-type]
        values: dict[str, object] = {}
        for name, text in pairs:
            if name not in kinds:
                raise ValueError(f"{cls.__name__} has no detail {name!r}")
            values.setdefault(name, text == "yes" if kinds[name] == "bool" else text)
        return cls(**values)


@dataclass(frozen=True)
class PersonDetails(ClaimDetails):
    """A person mention (see `reconcile.claims.people`).

    name: as written in this mention; full: the fullest name of the person in the article;
    given, surname: as written (given from `full` for a short mention); honorific: "Mr",
    "Mrs"; role: house form with any qualifier ("former prime minister"); role_id: the
    lexicon's; role_text: as written; role_via: title, apposition or counterpart;
    qualifier: former, acting...; affiliation, affiliation_id: the country or body of the
    role; canonical, canonical_name: the lexicon's person; mention: "full" (two words or
    more) or "short"; resolved: for a short mention, "article", "lexicon" or "none"."""

    name: str = ""
    full: str = ""
    given: str = ""
    surname: str = ""
    honorific: str = ""
    role: str = ""
    role_id: str = ""
    role_text: str = ""
    role_via: str = ""
    qualifier: str = ""
    affiliation: str = ""
    affiliation_id: str = ""
    canonical: str = ""
    canonical_name: str = ""
    mention: Literal["full", "short", ""] = ""
    resolved: str = ""


@dataclass(frozen=True)
class PlaceDetails(ClaimDetails):
    """A place or a body (see `reconcile.claims.places`): alias, the name as written;
    canonical, the house name; entry, the lexicon id ("" for a name found by pattern);
    type, country, city, islands, party... ("place"/"org" for patterns); source,
    "lexicon" or "pattern". Every field is written out, empty or not."""

    keep_empty: ClassVar[bool] = True

    alias: str = ""
    canonical: str = ""
    entry: str = ""
    type: str = ""
    source: str = ""


@dataclass(frozen=True)
class QuoteDetails(ClaimDetails):
    """A quotation (see `reconcile.claims.quotes`): text as written; speaker as written
    and speaker_key, the person key of a named one; speaker_via: named, pronoun, unnamed,
    according-to or previous-paragraph; verb of speech; partial, a fragment woven into the
    reporter's sentence; marks: curly, straight, angle or single; continued, running on
    past its paragraph."""

    false_text: ClassVar[str] = ""

    text: str = ""
    speaker: str = ""
    speaker_key: str = ""
    speaker_via: str = ""
    verb: str = ""
    partial: bool = False
    marks: str = ""
    continued: bool = False


@dataclass(frozen=True)
class NumberDetails(ClaimDetails):
    """A quantity (see `reconcile.claims.numbers`): low and high, canonical numbers; unit
    and its dimension; qualifier ("about", "more than"); counted, the phrase counted;
    surface, as written; written: "digits" or "words"; vague ("hundreds of"); ordinal."""

    low: str = ""
    high: str = ""
    unit: str = ""
    dimension: str = ""
    qualifier: str = ""
    counted: str = ""
    surface: str = ""
    written: str = ""
    vague: bool = False
    ordinal: bool = False


@dataclass(frozen=True)
class DateDetails(ClaimDetails):
    """An interval of days (see `reconcile.claims.dates`): start and end, ISO dates ("" when
    not anchored); precision: day, week, month, season, year or decade; anchored; anchor:
    published, text, previous-date or none; expression, folded; relative; tense; event, the
    words of what happened; relation, the preposition before it; weekday, when named."""

    start: str = ""
    end: str = ""
    precision: str = ""
    anchored: bool = False
    anchor: str = ""
    expression: str = ""
    relative: bool = False
    tense: str = ""
    event: str = ""
    relation: str = ""
    weekday: str = ""


AnyDetails = Union[PersonDetails, PlaceDetails, QuoteDetails, NumberDetails, DateDetails]
DETAILS_OF_KIND: dict[ClaimKind, type[AnyDetails]] = {
    "person": PersonDetails,
    "place": PlaceDetails,
    "org": PlaceDetails,
    "quote": QuoteDetails,
    "number": NumberDetails,
    "date": DateDetails,
}


def details_from_pairs(kind: str, pairs: Iterable[tuple[str, str]]) -> AnyDetails:
    """The details of a `kind` claim written out as `pairs`; ValueError for an unknown kind
    or a name that kind does not have."""
    if kind not in DETAILS_OF_KIND:
        raise ValueError(f"no claim kind {kind!r}")
    return DETAILS_OF_KIND[kind].from_pairs(pairs)


def _not_of_kind(claim: Claim, wanted: type) -> TypeError:
    return TypeError(f"a {claim.kind} claim has no {wanted.__name__}")


@dataclass(frozen=True)
class Claim:
    """One checkable statement found in a sentence.

    `kind` is one of person, place, org, number, date, quote. `key` says what the claim is
    about in a form comparable across articles (a person's surname, a canonical place, the
    thing a number counts); `value` is what it says about it, normalised for comparison;
    `details` holds the kind-specific facts (role, unit, precision, speaker...), a frozen
    dataclass of the kind's own type. The properties `person`, `place`, `quote`, `number`
    and `date` give them typed, and raise TypeError on a claim of another kind.
    """

    kind: ClaimKind
    span: Span
    key: str
    value: str
    sentence: Span
    block: BlockRole = "body"
    details: AnyDetails = field(default_factory=PersonDetails)

    def __post_init__(self) -> None:
        if type(self.details) is not DETAILS_OF_KIND[self.kind]:
            raise TypeError(f"a {self.kind} claim takes {DETAILS_OF_KIND[self.kind].__name__}, not {type(self.details).__name__}")

    def __hash__(self) -> int:
        # Findings keep claims in sets and caches: the hash of all the fields (two spans
        # with their text among them) is computed once. Not pickled: string hashes differ
        # between processes.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash((self.kind, self.span, self.key, self.value, self.sentence, self.block, self.details))
        return cached

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    # The views below are read millions of times on a large corpus: each is one isinstance
    # test, no further call.
    @property
    def person(self) -> PersonDetails:
        details = self.details
        if not isinstance(details, PersonDetails):
            raise _not_of_kind(self, PersonDetails)
        return details

    @property
    def place(self) -> PlaceDetails:
        """The details of a place or an org claim."""
        details = self.details
        if not isinstance(details, PlaceDetails):
            raise _not_of_kind(self, PlaceDetails)
        return details

    @property
    def quote(self) -> QuoteDetails:
        details = self.details
        if not isinstance(details, QuoteDetails):
            raise _not_of_kind(self, QuoteDetails)
        return details

    @property
    def number(self) -> NumberDetails:
        details = self.details
        if not isinstance(details, NumberDetails):
            raise _not_of_kind(self, NumberDetails)
        return details

    @property
    def date(self) -> DateDetails:
        details = self.details
        if not isinstance(details, DateDetails):
            raise _not_of_kind(self, DateDetails)
        return details

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "span": self.span.to_json(),
            "block": self.block,
            "details": dict(self.details.pairs()),
        }


@dataclass(frozen=True)
class Fix:
    """A suggested correction: replace the text of `span` with `replacement`."""

    span: Span
    replacement: str

    def to_json(self) -> dict:
        return {"span": self.span.to_json(), "replacement": self.replacement}


@dataclass(frozen=True)
class Finding:
    """What an editor should look at: compared values, a verdict and the evidence for it.

    reference: the form most copies use (or the lexicon's, or the earliest copy's), when
        something decides it; departs: the articles whose form differs from it; fixes: the
        corrections that would bring the departing copies in line.
    """

    kind: FindingKind
    status: Status
    severity: Severity
    message: str
    values: tuple[str, ...]
    evidence: tuple[Span, ...]
    fingerprint: str
    reference: str = ""
    departs: tuple[str, ...] = ()
    fixes: tuple[Fix, ...] = ()

    def to_json(self) -> dict:
        found = {
            "kind": self.kind,
            "status": self.status,
            "severity": self.severity,
            "message": self.message,
            "values": list(self.values),
            "evidence": [s.to_json() for s in self.evidence],
            "fingerprint": self.fingerprint,
        }
        if self.reference:
            found["reference"] = self.reference
        if self.departs:
            found["departs"] = list(self.departs)
        if self.fixes:
            found["fixes"] = [f.to_json() for f in self.fixes]
        return found


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, with what the user can do about it."""

    path: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A file a folder walk passed over, and why (an exclude pattern, a .gitignore, not an
    article file): not a problem, but said, so that nothing goes missing unremarked."""

    path: str
    reason: str


@dataclass
class Report:
    """Everything one run found; renderers all read this one object."""

    documents: list[Article]
    overlaps: list[Overlap] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    # Findings a baseline file already records: kept (SARIF marks them suppressed) but
    # neither listed as new nor counted towards the exit code.
    suppressed: list[Finding] = field(default_factory=list)
    # Articles that went past a bound on work (reconcile.limits.LimitReached): analysed
    # up to it, the rest left out, and said so.
    limits: list = field(default_factory=list)
    # What reading the inputs did: files read (None when not known: a library caller) and
    # the files a folder walk passed over.
    files_read: int | None = None
    skipped: list[Skipped] = field(default_factory=list)
