"""Sweep overlap settings and print recall, precision and time, so defaults come from
measurements.

Three test beds:
- fixtures/overlap: the wire story and its rewrites; labels in expected.tsv. Recall is
  the share of expected passage pairs covered; precision counts an overlap as right
  when it covers an expected pair, wrong when it touches a negative file, and leaves
  other rewrite-to-rewrite overlaps (both copy the wire) unjudged.
- seeds: AFP 000 and SCMP's rewrite 004, with the shared passages listed below by hand;
  any overlap touching 001, 002 or 003 (independent reporting) is wrong.
- ECB+ (../shared/data/ecbplus): no passage labels, so silver ones. Recall: sentence
  pairs of 8+ words identical after folding between two documents of one sub-topic.
  Wrong: overlaps between documents of different events (other sub-topic or topic).

Run: python benchmarks/overlap_settings.py [--quick] (quick skips ECB+).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from itertools import combinations
from pathlib import Path

from reconcile.ingest import article_from_text
from reconcile.overlap.find import OverlapSettings, find_overlaps
from reconcile.overlap.shingles import article_passages

ROOT = Path(__file__).resolve().parent.parent
ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"

SEED_PAIRS = [  # (000 snippet, 004 snippet): every passage SCMP kept from the AFP story
    ("which centres around the sovereignty", "remain at odds over the sovereignty of islands north"),
    ("Despite an important commercial relationship", "Despite an important commercial relationship"),
    ("were seized by Soviet troops", "were occupied by Soviet troops"),
    ("The Japanese occupants were turfed out", "The small Japanese population was evicted"),
    ("They remain under-developed", "They remain under-developed"),
    ("the latest stage of a burgeoning relationship", "the latest stage of a burgeoning relationship"),
    ("Four separate meetings", "four separate summit talks"),
    ("stands in marked contrast", "stand in marked contrast"),
    ("daggers drawn over the sovereignty", "over the ownership of the Daioyu Islands"),
    ("A pair of sparsely populated islets", "A pair of sparsely populated islets"),
    ("While both disputes are nominally territorial", "While the disputes are nominally territorial"),
    ('so-called "2+2" meeting', 'so-called "2+2"'),
    ("something that Japan has only ever done before", "something that Japan has only ever done before"),
]


def load(path: Path, doc_id: str | None = None):
    return article_from_text(doc_id or path.stem, path.read_text(encoding="utf-8"), str(path))


def covers(overlaps, x, y, sx, sy) -> bool:
    return any(
        ((o.a.doc, o.b.doc) == (x, y) and sx in o.a.text and sy in o.b.text)
        or ((o.a.doc, o.b.doc) == (y, x) and sy in o.a.text and sx in o.b.text)
        for o in overlaps
    )


def score_labelled(overlaps, labels, negatives, source):
    """(recall, right, wrong) for snippet labels [(x, y, sx, sy)] and negative doc ids."""
    found = sum(covers(overlaps, *label) for label in labels)
    right = wrong = 0
    for o in overlaps:
        if o.a.doc in negatives or o.b.doc in negatives:
            wrong += 1
        elif any(covers([o], *label) for label in labels):
            right += 1
        elif source in (o.a.doc, o.b.doc):
            wrong += 1  # an overlap with the source that no label explains
    return found / len(labels), right, wrong


def fixture_bed():
    directory = ROOT / "fixtures" / "overlap"
    articles = [load(p) for p in sorted(directory.glob("*.txt"))]
    labels, negatives = [], set()
    for line in (directory / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sx, sy = line.split("\t")
        if sx == "-":
            negatives.add(Path(name).stem)
        else:
            labels.append(("wire", Path(name).stem, sx, sy))
    return articles, lambda ovs: score_labelled(ovs, labels, negatives, "wire")


def seed_bed():
    articles = [load(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    ids = {a.id[:3]: a.id for a in articles}
    labels = [(ids["000"], ids["004"], sx, sy) for sx, sy in SEED_PAIRS]
    negatives = {ids["001"], ids["002"], ids["003"]}
    return articles, lambda ovs: score_labelled(ovs, labels, negatives, ids["000"])


def ecb_bed():
    rows = [json.loads(line) for line in (ECBPLUS / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [load(ECBPLUS / r["path"], r["doc"]) for r in rows]
    event = {r["doc"]: (r["topic"], r["subtopic"]) for r in rows}
    by_event: dict = {}
    for a in articles:
        by_event.setdefault(event[a.id], []).append(a)
    silver = []
    for docs in by_event.values():
        sentences = {a.id: {" ".join(p.forms): (p.start, p.end) for p in article_passages(a)[0] if len(p.forms) >= 8} for a in docs}
        for x, y in combinations(sorted(sentences), 2):
            for key in sentences[x].keys() & sentences[y].keys():
                silver.append((x, y, sentences[x][key], sentences[y][key]))

    def score(ovs):
        index: dict = {}
        for o in ovs:
            index.setdefault((o.a.doc, o.b.doc), []).append(o)
        found = sum(
            any(o.a.start <= xs and xe <= o.a.end and o.b.start <= ys and ye <= o.b.end for o in index.get((x, y), ()))
            for x, y, (xs, xe), (ys, ye) in silver
        )
        wrong = sum(event[o.a.doc] != event[o.b.doc] for o in ovs)
        return found / max(1, len(silver)), len(ovs) - wrong, wrong

    return articles, score


def run(beds, settings):
    cells = []
    for name, (articles, score) in beds.items():
        started = time.perf_counter()
        overlaps = find_overlaps(articles, settings)
        elapsed = time.perf_counter() - started
        recall, right, wrong = score(overlaps)
        cells.append((name, recall, right, wrong, elapsed))
    return cells


VARIANTS = [("defaults", {})] + [
    (f"{field}={value}", {field: value})
    for field, values in [
        ("shingle_size", [2, 4, 5]),
        ("num_perm", [64, 256]),
        ("passage_threshold", [0.3, 0.5]),
        ("doc_threshold", [0.2, 0.5]),
        ("anchor_similarity", [0.5, 0.7]),
        ("extend_similarity", [0.3, 0.5]),
        ("min_similarity", [0.4, 0.6]),
        ("reach", [1, 2]),
        ("max_gap", [0, 6]),
    ]
    for value in values
]


def main(argv: list[str]) -> None:
    beds = {"fixtures": fixture_bed(), "seeds": seed_bed()}
    if "--quick" not in argv and ECBPLUS.exists():
        beds["ecb+"] = ecb_bed()
    header = f"{'setting':24}" + "".join(f" | {name:>8} rec  ok wrong   time" for name in beds)
    print(header)
    print("-" * len(header))
    for label, change in VARIANTS:
        settings = dataclasses.replace(OverlapSettings(), **change)
        cells = run(beds, settings)
        print(
            f"{label:24}" + "".join(f" | {name:>8} {rec:4.2f} {ok:3d} {wrong:5d} {t:5.2f}s" for name, rec, ok, wrong, t in cells),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
