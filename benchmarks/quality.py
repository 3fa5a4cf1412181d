"""How good are reconcile's findings? Precision and recall on three sets, printed as tables.

- seeds: the five seed articles, against findings labelled by reading them
  (`labels/seeds.json`).
- injected: real ECB+ articles, each copied with ONE known edit (`edits.py`): a name
  misspelt, a number changed in one of its many forms, a date word changed, an office
  given to someone else, a stale caption; and *calm* edits that restate a fact in another
  form. reconcile runs on original + copy and must report the edit, with the right kind,
  where it was made, and nothing new; calm edits must raise no warning or error.
- ecbplus: every ECB+ development topic folder analysed whole, as `reconcile report
  TOPIC/` would, against the discrepancies, same-fact forms and optional items labelled by
  reading all its articles (`labels/ecbplus.json`).
- mixed: every ECB+ development topic in ONE run, as a newsroom's folder of unrelated
  stories; a finding with evidence in two topics compares two events (counted, listed
  with --verbose).

Matching an ECB+ label: a finding of a kind the label's kind accepts whose evidence
overlaps the label's spans of at least two of its values (the two forms being compared),
or the span of the value the label marks as wrong. Precision counts findings (conflicts
and variants, any severity): matched ones against all except those on optional items and
info-level findings on same-fact forms, which are neither right nor wrong. Recall counts
labels. A same-fact form is kept calm unless a warning or error matches it.

Usage: python benchmarks/quality.py [--verbose] [--sets seeds,injected,ecbplus,mixed]
       [--data ../shared/data/ecbplus] [--topics 1,8]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from edits import EDITORS, QUOTA, Edit  # noqa: E402

from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.model import Article, Finding, Span  # noqa: E402
from reconcile.pipeline import analyse  # noqa: E402
from reconcile.text import fold_text  # noqa: E402

ROOT = HERE.parent
LABELS = HERE / "labels"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"  # ../shared beside the checkout
INJECTED_SEED = 20241201

# The finding kinds each label kind may be reported as.
ACCEPTED = {
    "name": ("name-spelling", "name-variant", "alias", "mixed-script"),
    "number": ("number",),
    "date": ("date",),
    "role": ("role",),
    "quote": ("quote",),
    "caption": ("caption",),
    "name-spelling": ("name-spelling", "name-variant"),
}

Analyser = Callable[[Sequence[Article]], list[Finding]]


def analyser() -> Analyser:
    return lambda articles: [f for f in analyse(articles).findings if f.status != "agreement"]


def _overlaps(a: Span, b: Span) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def _same_form(evidence: str, labelled: str) -> bool:
    """A word of the evidence is the labelled name, or the labelled name holds the evidence."""
    e, label = fold_text(evidence).split(), fold_text(labelled).split()
    if not e or not label:
        return False
    return (
        " ".join(e) in " ".join(label)
        and len(e) == len(label)
        or (len(e) < len(label) and any(label[i : i + len(e)] == e for i in range(len(label) - len(e) + 1)))
    )


# --- labels ----------------------------------------------------------------------------------


@dataclass
class Label:
    """One labelled item: a discrepancy to find, a same-fact form to leave calm, or an
    optional item (neither rewarded nor punished)."""

    section: str  # discrepancies, same_fact_forms, optional
    kind: str
    scope: str
    values: tuple[str, ...]
    spans: tuple[tuple[str, Span], ...]  # (value, span)
    wrong: str | None
    subject: str
    note: str

    def matches(self, finding: Finding, kinds: Iterable[str] | None = None) -> bool:
        """The finding is about this item: of an accepted kind, with evidence on two of its
        values written differently (or on the value marked wrong). For names, any place in
        a labelled article where the labelled form is written counts, not only the one the
        label points at: a misspelt name is wrong wherever it stands."""
        if finding.kind not in (kinds or ACCEPTED.get(self.kind, (self.kind,))):
            return False
        hit: dict[str, set[str]] = defaultdict(set)
        for value, span in self.spans:
            for e in finding.evidence:
                if _overlaps(e, span) or (self.kind == "name" and e.doc == span.doc and _same_form(e.text, span.text)):
                    hit[value].add(fold_text(e.text))
        written = set().union(*hit.values()) if hit else set()
        return (len(hit) >= 2 and len(written) >= 2) or (self.wrong is not None and self.wrong in hit)


def locate(article: Article, text: str, context: str | None = None) -> Span:
    """The span of `text` inside the one occurrence of `context` (labels must stay true)."""
    context = context or text
    base = article.text.find(context)
    if base < 0 or article.text.find(context, base + 1) >= 0:
        raise ValueError(f"context {context!r} not once in {article.id}")
    offset = context.find(text)
    if offset < 0:
        raise ValueError(f"{text!r} not in its context {context!r}")
    return article.span(base + offset, base + offset + len(text))


def topic_labels(topic: dict, articles: dict[str, Article]) -> list[Label]:
    found = []
    for section in ("discrepancies", "same_fact_forms", "optional"):
        for item in topic.get(section, []):
            spans = tuple((e["value"], locate(articles[e["doc"]], e["text"], e.get("context"))) for e in item["evidence"])
            found.append(
                Label(
                    section,
                    item["kind"],
                    item.get("scope", ""),
                    tuple(item["values"]),
                    spans,
                    item.get("wrong"),
                    item.get("subject", ""),
                    item.get("note", ""),
                )
            )
    return found


# --- tallies ---------------------------------------------------------------------------------


@dataclass
class Tally:
    found: Counter = field(default_factory=Counter)  # labels found, by (set, kind)
    missed: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)  # findings that match, by (set, finding kind)
    wrong: Counter = field(default_factory=Counter)
    calm: Counter = field(default_factory=Counter)  # same-fact forms kept calm, by (set, kind)
    alarmed: Counter = field(default_factory=Counter)
    scope_found: Counter = field(default_factory=Counter)
    scope_missed: Counter = field(default_factory=Counter)
    wrong_items: list[tuple[str, Finding]] = field(default_factory=list)
    missed_items: list[tuple[str, str]] = field(default_factory=list)
    alarm_items: list[tuple[str, str, Finding]] = field(default_factory=list)
    mixed: list[Finding] = field(default_factory=list)  # findings across topics, all topics in one run
    mixed_total: int = 0


def ratio(n: int, d: int) -> str:
    return f"{n / d:.2f}" if d else "-"


# --- seeds -----------------------------------------------------------------------------------


def seed_articles() -> dict[str, Article]:
    return {p.stem: article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))}


def run_seeds(analyse_: Analyser, tally: Tally) -> None:
    articles = seed_articles()
    labels = json.loads((LABELS / "seeds.json").read_text(encoding="utf-8"))
    findings = analyse_(list(articles.values()))
    used: set[int] = set()
    for item in labels["expected"]:
        kinds = item["kind"] if isinstance(item["kind"], list) else [item["kind"]]
        spans = [locate(articles[e["doc"]], e["text"], e.get("context")) for e in item["evidence"]]
        docs = {s.doc for s in spans}
        hits = [
            i
            for i, f in enumerate(findings)
            if f.kind in kinds and all(any(_overlaps(e, s) for e in f.evidence for s in spans if s.doc == doc) for doc in docs)
        ]
        key = ("seeds", kinds[0])
        if hits:
            tally.found[key] += 1
            used.update(hits)
        else:
            tally.missed[key] += 1
            tally.missed_items.append(("seeds", f"{kinds[0]} {item['values']}"))
    for i, f in enumerate(findings):
        if i in used:
            tally.right[("seeds", f.kind)] += 1
        else:
            tally.wrong[("seeds", f.kind)] += 1
            tally.wrong_items.append(("seeds", f))


# --- injected edits --------------------------------------------------------------------------


def _signature(finding: Finding, original: str) -> tuple:
    """What a finding says, whichever copy its evidence sits in: kind, status and the texts."""
    return (finding.kind, finding.status, tuple(sorted({s.text for s in finding.evidence})))


def run_injected(analyse_: Analyser, tally: Tally, data: Path, verbose_forms: Counter) -> None:
    rng = random.Random(INJECTED_SEED)
    rows = [json.loads(line) for line in (data / "index.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = sorted(r["doc"] for r in rows)
    baseline: dict[str, set] = {}
    for name, editor in EDITORS.items():
        order = list(docs)
        rng.shuffle(order)
        made = 0
        for doc in order:
            if made >= QUOTA[name]:
                break
            original = ecbplus_article(data, doc)
            result = editor(original, rng)
            if result is None:
                continue
            edited_text, edit = result
            copy = article_from_text(f"{doc}~copy", edited_text, f"{original.path}~copy")
            if edit.kind == "caption" and not any(c.start <= edit.start < c.end for c in copy.captions):
                continue  # the layout did not take the inserted line for a caption
            made += 1
            if doc not in baseline:
                twin = article_from_text(f"{doc}~copy", original.text, f"{original.path}~copy")
                baseline[doc] = {_signature(f, doc) for f in analyse_([original, twin])}
            _score_edit(name, edit, copy, analyse_([original, copy]), baseline[doc], tally, verbose_forms)


def _score_edit(name: str, edit: Edit, copy: Article, findings: list[Finding], baseline: set, tally: Tally, forms: Counter) -> None:
    where = copy.span(edit.start, edit.end)
    touching = [f for f in findings if any(_overlaps(e, where) for e in f.evidence)]
    new = [f for f in findings if _signature(f, "") not in baseline and f not in touching]
    note = f"{name}: {edit.before!r} -> {edit.after!r} in {copy.id}"
    if edit.kind == "calm":
        alarms = [f for f in touching if f.severity in ("warning", "error")] + [f for f in new if f.severity in ("warning", "error")]
        key = ("injected", name)
        if alarms:
            tally.alarmed[key] += 1
            tally.alarm_items.extend(("injected", note, f) for f in alarms)
        else:
            tally.calm[key] += 1
        return
    right = [f for f in touching if f.kind in ACCEPTED[edit.kind]]
    key = ("injected", edit.kind)
    if right:
        tally.found[key] += 1
        forms[(name, "found")] += 1
    else:
        tally.missed[key] += 1
        forms[(name, "missed")] += 1
        shown = "; ".join(f"{f.kind}: {f.message}" for f in touching) or "nothing at the edit"
        tally.missed_items.append(("injected", f"{note} ({shown})"))
    for f in findings:
        if f in right:
            tally.right[("injected", f.kind)] += 1
        elif f in touching or _signature(f, "") not in baseline:
            tally.wrong[("injected", f.kind)] += 1
            tally.wrong_items.append(("injected", f))


# --- ECB+ topics -----------------------------------------------------------------------------


def ecbplus_article(data: Path, doc: str) -> Article:
    path = data / doc.split("_")[0].split("~")[0] / f"{doc}.txt"
    return article_from_text(doc, path.read_text(encoding="utf-8"), str(path))


def run_ecbplus(analyse_: Analyser, tally: Tally, data: Path, topics: set[int] | None) -> None:
    labels = json.loads((LABELS / "ecbplus.json").read_text(encoding="utf-8"))
    for topic in labels["topics"]:
        if topics and topic["topic"] not in topics:
            continue
        folder = data / str(topic["topic"])
        articles = {p.stem: article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(folder.glob("*.txt"))}
        items = topic_labels(topic, articles)
        score_topic(f"topic {topic['topic']}", analyse_(list(articles.values())), items, tally)


def run_mixed(analyse_: Analyser, tally: Tally, data: Path) -> None:
    """Every development topic in one run, as a newsroom's folder of the day's unrelated
    stories would be: a finding whose evidence spans two topics compares two events."""
    articles = [
        article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p))
        for folder in sorted(p for p in data.iterdir() if p.is_dir())
        for p in sorted(folder.glob("*.txt"))
    ]
    findings = analyse_(articles)
    tally.mixed_total = len(findings)
    tally.mixed = [f for f in findings if len({span.doc.split("_")[0] for span in f.evidence}) > 1]


def score_topic(where: str, findings: list[Finding], items: list[Label], tally: Tally) -> None:
    neutral: set[int] = set()
    matched: set[int] = set()
    for item in items:
        hits = [i for i, f in enumerate(findings) if item.matches(f)]
        if item.section == "discrepancies":
            key = ("ecbplus", item.kind)
            if hits:
                tally.found[key] += 1
                tally.scope_found[item.scope] += 1
                matched.update(hits)
            else:
                tally.missed[key] += 1
                tally.scope_missed[item.scope] += 1
                tally.missed_items.append(("ecbplus", f"{where} {item.kind}/{item.scope} {list(item.values)}: {item.subject}"))
        elif item.section == "optional":
            neutral.update(hits)
        else:
            alarms = [i for i in hits if findings[i].severity in ("warning", "error")]
            neutral.update(i for i in hits if i not in alarms)
            key = ("ecbplus", item.kind)
            if alarms:
                tally.alarmed[key] += 1
                tally.alarm_items.extend(("ecbplus", f"{where} {list(item.values)}: {item.subject}", findings[i]) for i in alarms)
            else:
                tally.calm[key] += 1
    for i, f in enumerate(findings):
        if i in matched:
            tally.right[("ecbplus", f.kind)] += 1
        elif i not in neutral:
            tally.wrong[("ecbplus", f.kind)] += 1
            tally.wrong_items.append((where, f))


# --- tables ----------------------------------------------------------------------------------


def print_tables(tally: Tally, sets: Sequence[str], out=sys.stdout) -> None:
    print("Found (recall: labels or edits found, by the kind of what was labelled or injected)", file=out)
    _table(
        ["set", "kind", "labels", "found", "recall"], _rows(sets, tally.found, tally.missed, lambda f, m: [f + m, f, ratio(f, f + m)]), out
    )
    print("\nReported (precision: conflicts and variants reported, by finding kind)", file=out)
    _table(
        ["set", "kind", "reported", "right", "wrong", "precision"],
        _rows(sets, tally.right, tally.wrong, lambda r, w: [r + w, r, w, ratio(r, r + w)]),
        out,
    )
    print("\nSame fact, another form (kept calm: no warning or error)", file=out)
    _table(["set", "kind", "forms", "calm", "share"], _rows(sets, tally.calm, tally.alarmed, lambda c, a: [c + a, c, ratio(c, c + a)]), out)
    if "mixed" in sets:
        print(
            f"\nAll ECB+ topics in one run: {tally.mixed_total} findings, {len(tally.mixed)} with evidence "
            "in two topics (two events compared)",
            file=out,
        )
    if "ecbplus" in sets and (tally.scope_found or tally.scope_missed):
        print("\nECB+ discrepancies by scope", file=out)
        scopes = sorted(set(tally.scope_found) | set(tally.scope_missed))
        _table(
            ["scope", "labels", "found", "recall"],
            [
                [
                    s,
                    tally.scope_found[s] + tally.scope_missed[s],
                    tally.scope_found[s],
                    ratio(tally.scope_found[s], tally.scope_found[s] + tally.scope_missed[s]),
                ]
                for s in scopes
            ],
            out,
        )


def _rows(sets: Sequence[str], good: Counter, bad: Counter, cells) -> list[list]:
    rows = []
    for set_name in sets:
        kinds = sorted({k for s, k in (*good, *bad) if s == set_name})
        for kind in kinds:
            rows.append([set_name, kind, *cells(good[(set_name, kind)], bad[(set_name, kind)])])
        if kinds:
            total_good = sum(good[(set_name, k)] for k in kinds)
            total_bad = sum(bad[(set_name, k)] for k in kinds)
            rows.append([set_name, "ALL", *cells(total_good, total_bad)])
    return rows


def _table(header: list[str], rows: list[list], out) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    print(line.format(*header), file=out)
    for row in rows:
        print(line.format(*row), file=out)


def print_details(tally: Tally, forms: Counter, out=sys.stdout) -> None:
    if forms:
        print("\nInjected edits by form (found / made):", file=out)
        for name in sorted({n for n, _ in forms}):
            made = forms[(name, "found")] + forms[(name, "missed")]
            print(f"  {name:28} {forms[(name, 'found')]:3} / {made}", file=out)
    print("\nWrong findings:", file=out)
    for where, f in tally.wrong_items:
        at = ", ".join(f"{s.doc}@{s.start}:{s.text[:30]!r}" for s in f.evidence[:4])
        print(f"  [{where}] {f.kind}/{f.status}/{f.severity}: {f.message}  <{at}>", file=out)
    print("\nMissed:", file=out)
    for where, what in tally.missed_items:
        print(f"  [{where}] {what}", file=out)
    print("\nSame-fact forms that raised an alarm:", file=out)
    for where, what, f in tally.alarm_items:
        print(f"  [{where}] {what}: {f.kind}/{f.severity}: {f.message}", file=out)
    if tally.mixed:
        print("\nAll topics in one run, findings across topics:", file=out)
        for f in tally.mixed:
            print(f"  {f.kind}/{f.status}/{f.severity}: {f.message}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list wrong findings, misses and alarms")
    parser.add_argument("--sets", default="seeds,injected,ecbplus,mixed")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder")
    parser.add_argument("--topics", default="", help="only these ECB+ topics (comma separated)")
    args = parser.parse_args(argv)
    analyse_ = analyser()
    tally = Tally()
    forms: Counter = Counter()
    began = time.monotonic()
    sets = args.sets.split(",")
    if "seeds" in sets:
        run_seeds(analyse_, tally)
    if "injected" in sets:
        run_injected(analyse_, tally, args.data, forms)
    if "ecbplus" in sets:
        topics = {int(t) for t in args.topics.split(",") if t} or None
        run_ecbplus(analyse_, tally, args.data, topics)
    if "mixed" in sets:
        run_mixed(analyse_, tally, args.data)
    print_tables(tally, sets)
    if args.verbose:
        print_details(tally, forms)
    print(f"\n({time.monotonic() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
