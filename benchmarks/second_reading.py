"""What a second reader said of every finding `reconcile report` raises on each ECB+
development topic, and which findings nobody has read yet.

    python benchmarks/second_reading.py [--data ../shared/data/ecbplus] [--unread]

`labels/second_reading.json` holds the verdicts: for each finding that is not an agreement,
its topic, kind, status, severity, message and evidence, with "right", "wrong" or "unsure"
and a sentence saying why, as the reader (a person reading the articles, not reconcile's
code) gave them. A verdict counts for a finding of this run only when kind, status, message
and every evidence span are the same: a changed message is read again. Prints the share of
conflicts and of all findings judged right, and lists the wrong and the unread ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.pipeline import analyse  # noqa: E402

READING = ROOT / "benchmarks" / "labels" / "second_reading.json"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus"


def finding_key(kind: str, status: str, message: str, evidence) -> tuple:
    return (kind, status, message, tuple((e["doc"], e["start"], e["end"]) for e in evidence))


def topic_findings(folder: Path) -> list[dict]:
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(folder.glob("*.txt"))]
    return [
        {
            "kind": f.kind,
            "status": f.status,
            "severity": f.severity,
            "message": f.message,
            "evidence": [{"doc": s.doc, "start": s.start, "end": s.end, "text": s.text} for s in f.evidence],
        }
        for f in analyse(articles).findings
        if f.status != "agreement"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--unread", action="store_true", help="write the unread findings as JSON to stdout")
    args = parser.parse_args(argv)
    stored = json.loads(READING.read_text(encoding="utf-8"))
    verdicts = {finding_key(r["kind"], r["status"], r["message"], r["evidence"]): r for r in stored["readings"]}
    tally: dict[str, Counter] = {"conflict": Counter(), "all": Counter()}
    wrong, unread = [], []
    topics = sorted((p for p in args.data.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    for folder in topics:
        for f in topic_findings(folder):
            reading = verdicts.get(finding_key(f["kind"], f["status"], f["message"], f["evidence"]))
            verdict = reading["verdict"] if reading else "unread"
            tally["all"][verdict] += 1
            if f["status"] == "conflict":
                tally["conflict"][verdict] += 1
            if verdict == "wrong":
                wrong.append((folder.name, f, reading["why"]))
            if verdict == "unread":
                unread.append({"topic": int(folder.name), **f})
    if args.unread:
        json.dump(unread, sys.stdout, indent=1, ensure_ascii=False)
        return 0
    print(f"{'findings':12} {'read':>5} {'right':>6} {'wrong':>6} {'unsure':>7} {'unread':>7} {'right share':>12}")
    for name, counts in (("conflicts", tally["conflict"]), ("all", tally["all"])):
        read = counts["right"] + counts["wrong"] + counts["unsure"]
        share = f"{counts['right'] / read:.2f}" if read else "-"
        print(f"{name:12} {read:5} {counts['right']:6} {counts['wrong']:6} {counts['unsure']:7} {counts['unread']:7} {share:>12}")
    for topic, f, why in wrong:
        print(f"  wrong [topic {topic}] {f['kind']}/{f['status']}/{f['severity']}: {f['message'][:110]}\n      {why}")
    for f in unread:
        print(f"  unread [topic {f['topic']}] {f['kind']}/{f['status']}/{f['severity']}: {f['message'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
