"""How good are reconcile's findings? Precision and recall per finding kind on three sets.

- seeds: the five seed articles, against findings labelled by reading them
  (`benchmarks/labels/seeds.json`).
- synthetic: real ECB+ articles, each copied and given ONE known edit (a number, a name
  spelling, a date, the holder of an office, a stale photo caption) with a fixed random
  seed; reconcile runs on original + copy and must report that edit, where it was made,
  and nothing else.
- ecbplus: real discrepancies between reprints of the same wire story in ECB+, labelled
  by reading them (`benchmarks/labels/ecbplus.json`), with notable true negatives.

A finding matches an expected one when its kind is one the label accepts and its
evidence overlaps the labelled evidence (same document, overlapping offsets) in every
labelled document. Agreements are never counted. Any other finding in the analysed
documents is a false positive; an expected finding no finding matches is a false
negative. Status is not scored but mismatches are listed with --verbose.

Usage: python benchmarks/quality.py [--verbose] [--sets seeds,synthetic,ecbplus]
       [--data /work/shared/data/ecbplus] [--per-edit 12]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from reconcile.ingest import article_from_text
from reconcile.model import Article, Finding, Span

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELS = HERE / "labels"
DEFAULT_DATA = Path("/work/shared/data/ecbplus")
SYNTHETIC_SEED = 20240611
SET_ORDER = ("seeds", "synthetic", "ecbplus")


# --- running reconcile ---------------------------------------------------------------------

def make_analyser() -> Callable[[Sequence[Article]], list[Finding]]:
    """The public pipeline if it is complete, else the stages that exist (noted on stderr)."""
    try:
        from reconcile.pipeline import analyse

        return lambda articles: analyse(articles).findings
    except ImportError as error:
        print(f"note: reconcile.pipeline unavailable ({error}); running the stages that exist", file=sys.stderr)
    try:
        from reconcile.overlap import find_overlaps
    except ImportError:
        find_overlaps = None  # type: ignore[assignment]
        print("note: no overlap stage yet", file=sys.stderr)
    try:
        from reconcile.claims import extract_claims  # type: ignore[attr-defined]
        from reconcile.claims.lexicon import load_lexicon

        lexicon = load_lexicon()
    except ImportError:
        extract_claims, lexicon = None, None
        print("note: no claims stage yet", file=sys.stderr)
    from reconcile.findings import find_findings

    def analyse_stages(articles: Sequence[Article]) -> list[Finding]:
        overlaps = find_overlaps(articles) if find_overlaps else []
        claims = [c for a in articles for c in extract_claims(a, lexicon)] if extract_claims else []
        return find_findings(articles, claims, overlaps, lexicon)

    return analyse_stages


# --- expected findings ----------------------------------------------------------------------

@dataclass
class Expected:
    """One finding reconcile should report: kinds it may carry and where its evidence sits."""

    set_name: str
    kind: str  # the kind it is scored under
    accepted_kinds: tuple[str, ...]
    status: str
    values: tuple[str, ...]
    evidence: tuple[Span, ...]  # at least one span per document the finding is about
    note: str = ""

    @property
    def docs(self) -> set[str]:
        return {s.doc for s in self.evidence}


@dataclass
class Outcome:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    fp_items: list[tuple[str, Finding]] = field(default_factory=list)
    fn_items: list[Expected] = field(default_factory=list)
    status_mismatches: list[tuple[Expected, Finding]] = field(default_factory=list)


def _overlaps(a: Span, b: Span) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def matches(finding: Finding, expected: Expected) -> bool:
    """Same kind (one the label accepts), evidence overlapping the label in each of its documents."""
    if finding.kind not in expected.accepted_kinds or finding.status == "agreement":
        return False
    return all(
        any(_overlaps(f, e) for f in finding.evidence for e in expected.evidence if e.doc == doc)
        for doc in expected.docs
    )


def score(set_name: str, findings: Iterable[Finding], expected: Sequence[Expected], outcome: Outcome) -> None:
    """Add one analysed group's findings to the tallies."""
    reported = [f for f in findings if f.status != "agreement"]
    used: set[int] = set()
    for item in expected:
        hits = [i for i, f in enumerate(reported) if matches(f, item)]
        if hits:
            outcome.tp[(set_name, item.kind)] += 1
            used.update(hits)
            if not any(reported[i].status == item.status for i in hits):
                outcome.status_mismatches.append((item, reported[hits[0]]))
        else:
            outcome.fn[(set_name, item.kind)] += 1
            outcome.fn_items.append(item)
    for i, f in enumerate(reported):
        if i not in used:
            outcome.fp[(set_name, f.kind)] += 1
            outcome.fp_items.append((set_name, f))


# --- labelled sets: seeds and ECB+ reprints ----------------------------------------------------

def locate(article: Article, text: str, context: str | None = None) -> Span:
    """The span of `text`, inside the first occurrence of `context` when one is given.

    Raises ValueError when the label does not fit the document (labels must stay true)."""
    base = 0
    if context:
        base = article.text.find(context)
        if base < 0:
            raise ValueError(f"context {context!r} not in {article.id}")
        offset = context.find(text)
        if offset < 0:
            raise ValueError(f"{text!r} not in its context {context!r}")
        start = base + offset
    else:
        start = article.text.find(text)
        if start < 0:
            raise ValueError(f"{text!r} not in {article.id}")
    return article.span(start, start + len(text))


def expected_from_label(set_name: str, label: dict, articles: dict[str, Article]) -> Expected:
    kinds = label["kind"] if isinstance(label["kind"], list) else [label["kind"]]
    evidence = tuple(
        locate(articles[e["doc"]], e["text"], e.get("context"))
        for e in label["evidence"]
    )
    return Expected(set_name, kinds[0], tuple(kinds), label["status"], tuple(label["values"]), evidence, label.get("note", ""))


def load_label_file(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def seed_articles() -> dict[str, Article]:
    return {
        p.stem: article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p))
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    }


def ecbplus_article(data: Path, doc: str) -> Article:
    path = data / doc.split("_")[0] / f"{doc}.txt"
    return article_from_text(doc, path.read_text(encoding="utf-8"), str(path))


def run_seeds(analyse, outcome: Outcome) -> None:
    articles = seed_articles()
    labels = load_label_file(LABELS / "seeds.json")
    expected = [expected_from_label("seeds", item, articles) for item in labels["expected"]]
    score("seeds", analyse(list(articles.values())), expected, outcome)


def run_ecbplus(analyse, outcome: Outcome, data: Path) -> None:
    labels = load_label_file(LABELS / "ecbplus.json")
    for group in labels["groups"]:
        articles = {doc: ecbplus_article(data, doc) for doc in group["docs"]}
        expected = [expected_from_label("ecbplus", item, articles) for item in group["expected"]]
        score("ecbplus", analyse(list(articles.values())), expected, outcome)


# --- synthetic edits ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """One change made to a copy of an article, and the finding it should cause."""

    kind: str  # number, name-spelling, date, role, caption
    start: int  # in the edited text
    end: int
    before: str
    after: str


# The kinds of finding each edit may be reported as.
ACCEPTED_KINDS = {
    "number": ("number",),
    "name-spelling": ("name-spelling", "name-variant"),
    "date": ("date",),
    "role": ("role",),
    "caption": ("caption",),
}
EXPECTED_STATUS = {"number": "conflict", "name-spelling": "conflict", "date": "conflict", "role": "conflict", "caption": "conflict"}

_NUMBER = re.compile(r"(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+)(?![\w,.]\d)")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2})\b")
_TITLED_NAME = re.compile(
    r"\b(?:President|Prime Minister|Minister|Governor|Gov\.|Senator|Sen\.|Mayor|Sheriff|Judge|Secretary|"
    r"Chancellor|Chief|Director|Coach|Police Chief|Attorney General|Speaker)"
    r" ((?:[A-Z][a-z]+ )(?:[A-Z]\.? )?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b"
)
_NAME_PAIR = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}) ([A-Z][a-z]{4,})\b")
_REPLACEMENT_PEOPLE = ("Margaret Hollins", "Dmitri Vasquez", "Helen Okafor", "Tomas Lindqvist", "Priya Raman", "Walter Brennan")
_CAPTION_PLACES = ("Madrid", "Nairobi", "Osaka", "Lima", "Oslo", "Perth")


def body_ranges(article: Article) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in article.blocks_of("body")]


def _candidates(article: Article, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    found = []
    for start, end in body_ranges(article):
        found.extend(m for m in pattern.finditer(article.text, start, end))
    return found


def _replace(text: str, start: int, end: int, new: str, kind: str) -> tuple[str, Edit]:
    edited = text[:start] + new + text[end:]
    return edited, Edit(kind, start, start + len(new), text[start:end], new)


def edit_number(article: Article, rng: random.Random) -> tuple[str, Edit] | None:
    """A count or amount changed by a plausible but wrong amount (years are left alone)."""
    options = []
    for m in _candidates(article, _NUMBER):
        value = int(m.group(1).replace(",", ""))
        if 1900 <= value <= 2030 or value in (0, 1):
            continue
        options.append((m, value))
    if not options:
        return None
    m, value = rng.choice(options)
    new_value = value + max(1, round(value * rng.choice((0.2, 0.5, 1.0))))
    new = f"{new_value:,}" if "," in m.group(1) else str(new_value)
    return _replace(article.text, m.start(1), m.end(1), new, "number")


def edit_name_spelling(article: Article, rng: random.Random) -> tuple[str, Edit] | None:
    """One occurrence of a surname misspelt by swapping two inner letters ("Diaoyu" -> "Daioyu")."""
    options = _candidates(article, _NAME_PAIR)
    if not options:
        return None
    m = rng.choice(options)
    surname = m.group(2)
    i = rng.randrange(1, len(surname) - 2)
    if surname[i] == surname[i + 1]:
        i = 1 if surname[1] != surname[2] else len(surname) - 3
    misspelt = surname[:i] + surname[i + 1] + surname[i] + surname[i + 2:]
    if misspelt == surname:
        return None
    return _replace(article.text, m.start(2), m.end(2), misspelt, "name-spelling")


def edit_date(article: Article, rng: random.Random) -> tuple[str, Edit] | None:
    """A weekday or a day of the month changed."""
    options = [("weekday", m) for m in _candidates(article, _WEEKDAY)]
    options += [("monthday", m) for m in _candidates(article, _MONTH_DAY)]
    if not options:
        return None
    how, m = rng.choice(options)
    if how == "weekday":
        others = [d for d in _WEEKDAYS if d != m.group(1)]
        return _replace(article.text, m.start(1), m.end(1), rng.choice(others), "date")
    day = int(m.group(2))
    new_day = day + rng.choice((-3, -2, 2, 3)) if 4 <= day <= 25 else (day + 3 if day < 4 else day - 3)
    return _replace(article.text, m.start(2), m.end(2), str(new_day), "date")


def edit_role_holder(article: Article, rng: random.Random) -> tuple[str, Edit] | None:
    """The person holding an office replaced, once, by someone else."""
    options = _candidates(article, _TITLED_NAME)
    if not options:
        return None
    m = rng.choice(options)
    other = rng.choice([p for p in _REPLACEMENT_PEOPLE if p != m.group(1)])
    return _replace(article.text, m.start(1), m.end(1), other, "role")


def edit_caption(article: Article, rng: random.Random) -> tuple[str, Edit] | None:
    """A stale photo caption inserted after the headline: the office holder of the story
    replaced by someone else, in another city, years earlier."""
    options = _candidates(article, _TITLED_NAME)
    if not options:
        return None
    m = rng.choice(options)
    title = full_title(article.text, m.start(0), m.start(1))
    other = rng.choice([p for p in _REPLACEMENT_PEOPLE if p != m.group(1)])
    year = (article.published.year if article.published else 2012) - rng.choice((3, 4, 5))
    caption = f"{title} {other} (C) speaks to reporters in {rng.choice(_CAPTION_PLACES)} on March {rng.randint(2, 27)}, {year}."
    first = article.blocks[0] if article.blocks else None
    at = first.end if first is not None else 0
    separator = "\n\n" if "\n\n" in article.text else "\n"
    edited = article.text[:at] + separator + caption + article.text[at:]
    start = at + len(separator)
    return edited, Edit("caption", start, start + len(caption), "", caption)


def full_title(text: str, title_start: int, name_start: int) -> str:
    """The whole title before a name: "Interior Secretary", not just "Secretary"."""
    start = title_start
    for _ in range(3):
        m = re.search(r"(?:^|(?<=\s))([A-Z][a-z]+|(?:Gov|Sen|Rep|Lt|Col|Gen|Sgt|Capt|Det|Supt)\.) $", text[max(0, start - 20):start])
        if not m:
            break
        start = start - (len(text[max(0, start - 20):start]) - m.start(1))
    return text[start:name_start].strip()


EDITORS = {
    "number": edit_number,
    "name-spelling": edit_name_spelling,
    "date": edit_date,
    "role": edit_role_holder,
    "caption": edit_caption,
}


def synthetic_sources(data: Path, rng: random.Random, count: int) -> list[str]:
    """Documents to edit: a fixed random sample of ECB+ documents, topic by topic."""
    rows = [json.loads(line) for line in (data / "index.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = sorted(r["doc"] for r in rows)
    rng.shuffle(docs)
    return docs[: count * 4]


def run_synthetic(analyse, outcome: Outcome, data: Path, per_edit: int) -> None:
    rng = random.Random(SYNTHETIC_SEED)
    sources = synthetic_sources(data, rng, per_edit)
    for kind, editor in EDITORS.items():
        made = 0
        for doc in sources:
            if made >= per_edit:
                break
            original = ecbplus_article(data, doc)
            result = editor(original, rng)
            if result is None:
                continue
            edited_text, edit = result
            copy = article_from_text(f"{doc}~{kind}", edited_text, f"{original.path}~{kind}")
            if kind == "caption" and not any(c.start <= edit.start < c.end for c in copy.captions):
                continue  # the layout did not take the inserted line for a caption: not this benchmark's concern
            made += 1
            expected = Expected(
                "synthetic", kind, ACCEPTED_KINDS[kind], EXPECTED_STATUS[kind], (edit.before, edit.after),
                (copy.span(edit.start, edit.end),), note=f"{doc}: {edit.before!r} -> {edit.after!r}",
            )
            score("synthetic", analyse([original, copy]), [expected], outcome)


# --- the table -----------------------------------------------------------------------------------

def ratio(n: int, d: int) -> str:
    return f"{n / d:.2f}" if d else "-"


def table(outcome: Outcome) -> list[tuple[str, str, int, int, int, str, str]]:
    keys = sorted(set(outcome.tp) | set(outcome.fp) | set(outcome.fn))
    rows = []
    for set_name in sorted({k[0] for k in keys}, key=lambda n: SET_ORDER.index(n) if n in SET_ORDER else len(SET_ORDER)):
        kinds = [k for k in keys if k[0] == set_name]
        for key in kinds:
            tp, fp, fn = outcome.tp[key], outcome.fp[key], outcome.fn[key]
            rows.append((set_name, key[1], tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn)))
        tp = sum(outcome.tp[k] for k in kinds)
        fp = sum(outcome.fp[k] for k in kinds)
        fn = sum(outcome.fn[k] for k in kinds)
        rows.append((set_name, "ALL", tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn)))
    return rows


def print_table(rows, out=sys.stdout) -> None:
    header = ("set", "kind", "TP", "FP", "FN", "precision", "recall")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    print(line.format(*header), file=out)
    for row in rows:
        print(line.format(*row), file=out)


def print_details(outcome: Outcome, out=sys.stdout) -> None:
    print("\nFalse positives:", file=out)
    for set_name, f in outcome.fp_items:
        where = ", ".join(f"{s.doc}@{s.start}:{s.text[:30]!r}" for s in f.evidence[:3])
        print(f"  [{set_name}] {f.kind}/{f.status}: {f.message}  <{where}>", file=out)
    print("\nFalse negatives:", file=out)
    for item in outcome.fn_items:
        where = ", ".join(f"{s.doc}@{s.start}:{s.text[:30]!r}" for s in item.evidence)
        print(f"  [{item.set_name}] {item.kind}/{item.status} {list(item.values)} <{where}> {item.note}", file=out)
    if outcome.status_mismatches:
        print("\nFound with another status:", file=out)
        for item, f in outcome.status_mismatches:
            print(f"  [{item.set_name}] {item.kind}: expected {item.status}, got {f.status}: {f.message}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list false positives and false negatives")
    parser.add_argument("--sets", default="seeds,synthetic,ecbplus")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder")
    parser.add_argument("--per-edit", type=int, default=12, help="synthetic documents per kind of edit")
    args = parser.parse_args(argv)
    analyse = make_analyser()
    outcome = Outcome()
    began = time.monotonic()
    wanted = args.sets.split(",")
    if "seeds" in wanted:
        run_seeds(analyse, outcome)
    if "synthetic" in wanted:
        run_synthetic(analyse, outcome, args.data, args.per_edit)
    if "ecbplus" in wanted:
        run_ecbplus(analyse, outcome, args.data)
    print_table(table(outcome))
    if args.verbose:
        print_details(outcome)
    print(f"\n({time.monotonic() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
