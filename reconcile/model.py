"""Plain data types that flow between the stages.

Every stage takes and returns these values; none of them knows about click or rich.
The one promise they all keep: a `Span` indexes the original, decoded text of its
article, so ``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

SCHEMA = "reconcile.report/1"

BlockRole = Literal["headline", "dek", "published", "dateline", "caption", "body", "boilerplate"]
OverlapKind = Literal["verbatim", "edited"]
Status = Literal["conflict", "variant", "agreement"]
Severity = Literal["error", "warning", "info"]

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
STATUS_ORDER = {"conflict": 0, "variant": 1, "agreement": 2}
STATUSES = tuple(STATUS_ORDER)
# Every kind of finding reconcile reports (a finding's `kind`), as --select and --ignore name them.
FINDING_KINDS = ("caption", "name-spelling", "name-variant", "alias", "number", "date", "role", "quote",
                 "mixed-script", "hidden-character")


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


@dataclass(frozen=True)
class Claim:
    """One checkable statement found in a sentence.

    `kind` is one of person, place, org, number, date, quote. `key` says what the claim is
    about in a form comparable across articles (a person's surname, a canonical place, the
    thing a number counts); `value` is what it says about it, normalised for comparison;
    `details` holds the kind-specific facts (role, unit, precision, speaker...) as sorted
    string pairs so that claims stay hashable and serialisable.
    """

    kind: str
    span: Span
    key: str
    value: str
    sentence: Span
    block: BlockRole = "body"
    details: tuple[tuple[str, str], ...] = ()

    def detail(self, name: str, default: str | None = None) -> str | None:
        return self._details_by_name.get(name, default)

    def __hash__(self) -> int:
        # Findings keep claims in sets and caches: the hash of all the fields (two spans
        # with their text among them) is computed once. Not pickled: string hashes differ
        # between processes.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash(
                (self.kind, self.span, self.key, self.value, self.sentence, self.block, self.details))
        return cached

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def _details_by_name(self) -> dict[str, str]:
        # Findings ask a claim for its details millions of times on a large corpus: the
        # pairs are turned into a dictionary once, the first of a repeated name winning.
        by_name: dict[str, str] = {}
        for k, v in self.details:
            by_name.setdefault(k, v)
        return by_name

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "span": self.span.to_json(),
            "block": self.block,
            "details": dict(self.details),
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

    kind: str
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
