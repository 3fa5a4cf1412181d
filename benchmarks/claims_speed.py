"""Claim extraction benchmark: milliseconds per article for each extractor, and a fingerprint
of every claim, so that a speed-up can prove it changed nothing.

Three corpora: the seed articles (`seeds/*.txt`), the ECB+ development set
(../shared/data/ecbplus, 463 real news documents) and N articles from
`benchmarks/corpus.py` (`generate_corpus`, fixed seed, 600 words).

For each corpus it prints:

- milliseconds per article for each extractor (people, places, quotes, numbers, dates), for
  finding the sentences, and for the rest of `extract_claims` (shared per-sentence work,
  sorting), and the total of one `extract_claims` call;
- a SHA-256 of every claim of every article, in order: doc, kind, span (start, end, text),
  key, value, sentence span, block and details. The same code must give the same hash
  before and after any change; a different hash means some claim changed.

The hash and the total come from `reconcile.claims.extract_claims` itself. The split per
extractor comes from a second pass that times the extractors through wrappers installed
on `reconcile.claims`, so it follows whatever `extract_claims` calls. Loading the
articles and the lexicon (and a warm-up article) is outside the timings; each corpus is
timed `--repeat` times and the fastest run is shown, which is the least disturbed by
whatever else the machine is doing. Times are this process's CPU time
(time.process_time) by default, which other work on a shared machine disturbs far less
than the wall clock; `--clock wall` gives wall-clock time (time.perf_counter).

Usage: python benchmarks/claims_speed.py [--n 300] [--seed 1] [--repeat 3] [--clock cpu|wall]
       [--corpora seeds,ecbplus,generated] [--profile FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reconcile.claims as claims_stage  # noqa: E402
from reconcile.claims import extract_claims  # noqa: E402
from reconcile.claims.lexicon import Lexicon, load_lexicon  # noqa: E402
from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.model import Article, Claim  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"
CORPORA = ("seeds", "ecbplus", "generated")
# The names `extract_claims` calls, as `reconcile.claims` imports them, and how they are shown.
STAGES = (
    ("article_sentences", "sentences"),
    ("extract_people", "people"),
    ("extract_places", "places"),
    ("extract_quotes", "quotes"),
    ("extract_numbers", "numbers"),
    ("extract_dates", "dates"),
)
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


def seed_articles() -> list[Article]:
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def ecbplus_articles(data: Path = ECBPLUS) -> list[Article]:
    paths = sorted(data.glob("*/*.txt"), key=lambda p: (int(p.parent.name), p.name))
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in paths]


def generated_articles(n: int, seed: int) -> list[Article]:
    from corpus import generate_corpus

    return [g.article() for g in generate_corpus(n, seed=seed)]


def claim_record(claim: Claim) -> list:
    """Everything a claim says, in a fixed order, as JSON-ready values."""
    span, sentence = claim.span, claim.sentence
    return [
        span.doc,
        claim.kind,
        span.start,
        span.end,
        span.text,
        claim.key,
        claim.value,
        sentence.start,
        sentence.end,
        claim.block,
        [list(pair) for pair in claim.details.pairs()],
    ]


def claims_hash(per_article: Sequence[Sequence[Claim]]) -> str:
    """SHA-256 of every claim of every article, in order."""
    digest = hashlib.sha256()
    for found in per_article:
        for claim in found:
            digest.update(json.dumps(claim_record(claim), ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")
        digest.update(b"\x00")  # article boundary
    return digest.hexdigest()


def timed_total(articles: Sequence[Article], lexicon: Lexicon, clock: Callable[[], float]) -> tuple[float, list[list[Claim]]]:
    start = clock()
    found = [extract_claims(a, lexicon) for a in articles]
    return clock() - start, found


def timed_stages(articles: Sequence[Article], lexicon: Lexicon, clock: Callable[[], float]) -> dict[str, float]:
    """Seconds spent in each stage `extract_claims` calls, over all the articles."""
    spent = {label: 0.0 for _, label in STAGES}
    originals: dict[str, Callable] = {}

    def wrap(function: Callable, label: str) -> Callable:
        def timed(*args, **kwargs):
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += clock() - start

        return timed

    for name, label in STAGES:
        if hasattr(claims_stage, name):
            originals[name] = getattr(claims_stage, name)
            setattr(claims_stage, name, wrap(originals[name], label))
    try:
        start = clock()
        for article in articles:
            extract_claims(article, lexicon)
        total = clock() - start
    finally:
        for name, function in originals.items():
            setattr(claims_stage, name, function)
    spent["other"] = total - sum(spent.values())
    return spent


def measure(name: str, articles: Sequence[Article], lexicon: Lexicon, repeat: int, clock: Callable[[], float]) -> dict:
    extract_claims(articles[0], lexicon)  # warm-up: lexicon indexes, compiled patterns
    runs = [timed_total(articles, lexicon, clock) for _ in range(repeat)]
    total = min(seconds for seconds, _ in runs)
    digest = claims_hash(runs[0][1])
    if any(claims_hash(found) != digest for _, found in runs[1:]):
        raise SystemExit(f"{name}: claims differ between runs of the same code")
    stages = min((timed_stages(articles, lexicon, clock) for _ in range(repeat)), key=lambda s: sum(s.values()))
    n = len(articles)
    return {
        "corpus": name,
        "articles": n,
        "claims": sum(len(f) for f in runs[0][1]),
        "words": sum(len(a.text.split()) for a in articles),
        "seconds_per_article": total / n,
        "stages_per_article": {label: seconds / n for label, seconds in stages.items()},
        "sha256": digest,
    }


def print_table(results: Sequence[dict], clock_name: str) -> None:
    labels = [label for _, label in STAGES] + ["other"]
    head = f"{'corpus':<10} {'docs':>5} {'words':>8} {'claims':>7} " + " ".join(f"{name:>9}" for name in labels) + f" {'TOTAL':>9}"
    print(f"milliseconds per article ({'CPU' if clock_name == 'cpu' else 'wall clock'})")
    print(head)
    for r in results:
        stages = " ".join(f"{r['stages_per_article'][name] * 1000:9.2f}" for name in labels)
        print(f"{r['corpus']:<10} {r['articles']:>5} {r['words']:>8} {r['claims']:>7} {stages} {r['seconds_per_article'] * 1000:9.2f}")
    print()
    for r in results:
        print(f"sha256 {r['corpus']:<10} {r['sha256']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="generated articles (default 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per corpus; the fastest is shown")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="cpu: this process's CPU time (default); wall: wall-clock time"
    )
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--data", type=Path, default=ECBPLUS, help="the ECB+ folder")
    parser.add_argument("--profile", help="write a cProfile of extract_claims over all corpora to this file")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    args = parser.parse_args(argv)

    lexicon = load_lexicon()
    loaders = {
        "seeds": seed_articles,
        "ecbplus": lambda: ecbplus_articles(args.data),
        "generated": lambda: generated_articles(args.n, args.seed),
    }
    chosen = [c.strip() for c in args.corpora.split(",") if c.strip()]
    unknown = set(chosen) - set(loaders)
    if unknown:
        parser.error(f"unknown corpora: {', '.join(sorted(unknown))}; choose from {', '.join(CORPORA)}")
    corpora = {name: loaders[name]() for name in chosen}

    if args.profile:
        everything = [a for articles in corpora.values() for a in articles]
        extract_claims(everything[0], lexicon)
        profiler = cProfile.Profile()
        profiler.enable()
        for article in everything:
            extract_claims(article, lexicon)
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"profile of {len(everything)} articles written to {args.profile}", file=sys.stderr)

    results = [measure(name, articles, lexicon, args.repeat, CLOCKS[args.clock]) for name, articles in corpora.items()]
    print_table(results, args.clock)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
