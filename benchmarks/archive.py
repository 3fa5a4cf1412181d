"""Archive benchmark: how fast each backend takes articles in, and how fast it checks new ones.

For each backend (a SQLite file in a temporary directory; Redis on a throwaway
redis-server on loopback), in its own process so that its peak memory is its own:

1. add N generated articles (`open_archive(..., create=True).add(...)`, in batches of
   --batch, each one transaction) and report articles per second and the archive's size;
2. check K new articles one at a time with `check_articles`: half are held-out copies of
   archived stories (verbatim, edited or with planted fact drift), half are stories the
   archive has never seen. Per-check latency p50/p95/max, and the matches against the
   ground truth: recall of the archived cluster mates of each copy, wrong matches (an
   archived article of another story), and how many planted changes a finding points at.

The corpus is `benchmarks/corpus.py`'s, generated in each process with the same seed; its
generation, reading articles into `Article`s, and a warm-up (loading the lexicon, signing
and checking one article that is not counted) are outside the timings. Times are wall
clock (time.perf_counter); peak memory is the process's maximum resident set size
(resource.getrusage), which includes the generated corpus held in memory.

With --before DIR (a checkout of an earlier reconcile, for example made by `git worktree add
DIR REF`), each backend is measured with that version's own benchmark and code too, right
before this one's, so that both run under the same load on a shared machine: the table then
has a "before" column beside each backend.

Usage: python benchmarks/archive.py [--n 10000] [--checks 100] [--seed 1] [--words 600]
       [--backends sqlite,redis] [--batch 1000] [--jobs 2] [--before DIR] [--json FILE]
       python benchmarks/archive.py --n 500 --checks 20    # a quick check
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402
from corpus import GeneratedArticle  # noqa: E402

BACKENDS = ("sqlite", "redis")


# --- the articles: an archive set and a check set with known answers -------------------------------


@dataclass(frozen=True)
class Workload:
    archived: list[GeneratedArticle]
    checks: list[GeneratedArticle]
    expected: dict[str, set[str]]  # check id -> archived ids of the same story


def workload(n: int, checks: int, seed: int, words: int) -> Workload:
    """N articles to archive and `checks` to check: copies held out of clusters (one a
    cluster, so their mates stay archived) and stories without copies held out whole."""
    generated = corpus.generate_corpus(n + checks, seed=seed, words=words)
    rng = random.Random(f"archive-benchmark:{seed}")
    copies_by_story: dict[str, list[GeneratedArticle]] = {}
    for a in generated:
        if a.copy_of:
            copies_by_story.setdefault(a.story, []).append(a)
    held_copies = [rng.choice(c) for _, c in sorted(copies_by_story.items())]
    rng.shuffle(held_copies)
    singles = [a for a in generated if a.relation == "single"]
    rng.shuffle(singles)
    want_copies = min(len(held_copies), checks - checks // 2)
    chosen = held_copies[:want_copies] + singles[: checks - want_copies]
    chosen_ids = {a.id for a in chosen}
    archived = [a for a in generated if a.id not in chosen_ids]
    stories: dict[str, set[str]] = {}
    for a in archived:
        stories.setdefault(a.story, set()).add(a.id)
    rng.shuffle(chosen)
    expected = {a.id: (stories.get(a.story, set()) if a.copy_of else set()) for a in chosen}
    return Workload(archived, chosen, expected)


# --- one backend -------------------------------------------------------------------------------


@contextmanager
def backend_location(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="reconcile-bench-") as workdir:
            yield os.path.join(workdir, "archive.sqlite")
    elif backend == "redis":
        from tests.redis_server import running_redis

        with running_redis() as url:
            yield url
    else:
        raise SystemExit(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")


@dataclass(frozen=True)
class Totals:
    articles: int
    passages: int
    claims: int
    size_bytes: int | None  # the SQLite file, or the Redis server's used memory


def totals(archive, location: str) -> Totals:
    """What the archive holds, read from its counts alone: `stats()` also checks every record
    and, on SQLite, the whole file's integrity, minutes at 100,000 articles."""
    if archive.backend == "sqlite":
        db = archive._db  # noqa: SLF001 - a benchmark may read the tables
        articles, passages = db.execute("SELECT count(*), coalesce(sum(passages), 0) FROM articles").fetchone()
        claims = db.execute("SELECT coalesce(sum(count), 0) FROM claims").fetchone()[0]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Totals(articles, passages, claims, os.path.getsize(location))
    import redis

    from reconcile.archive.redis import STATE

    client = redis.Redis.from_url(location)
    try:
        states = [json.loads(v) for v in client.hvals(STATE)]
        size = int(client.info("memory")["used_memory"])
    finally:
        client.close()
    return Totals(len(states), sum(s["passages"] for s in states), sum(s["claims"] for s in states), size)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile by the nearest-rank method (no interpolation between samples)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def planted_found(report, article: GeneratedArticle) -> tuple[int, int]:
    """(planted changes some finding's evidence points at, planted changes)."""
    found = 0
    for change in article.changes:
        if any(
            f.status != "agreement" and any(e.doc == article.id and e.start < change.end and change.start < e.end for e in f.evidence)
            for f in report.findings
        ):
            found += 1
    return found, len(article.changes)


def run_backend(backend: str, work: Workload, batch: int, jobs: int = 2) -> dict:
    """Add the archive set, then check the check set one article at a time."""
    from reconcile.archive import open_archive
    from reconcile.archive.check import check_articles

    archived = [g.article() for g in work.archived]
    checks = [(g, g.article()) for g in work.checks]
    warm = corpus.generate_corpus(1, seed=10_000 + len(archived), prefix="warm")[0].article()
    with backend_location(backend) as location, open_archive(location, create=True) as archive:
        archive.candidates(warm)  # loads the lexicon, imports and signature code
        check_articles([warm], archive)

        began = time.perf_counter()
        for i in range(0, len(archived), batch):
            archive.add(archived[i : i + batch], jobs=jobs)
            done, spent = min(i + batch, len(archived)), time.perf_counter() - began
            print(f"{backend}: {done:,}/{len(archived):,} added ({done / spent:.1f}/s)", file=sys.stderr, flush=True)
        add_seconds = time.perf_counter() - began
        stats = totals(archive, location)
        size = stats.size_bytes
        rss_after_add = peak_rss_mb()

        check_articles([warm], archive)  # warm the read path on the filled archive
        latencies, expected_total, expected_found, wrong, matched_total = [], 0, 0, 0, 0
        planted, planted_hit, unrelated_clean = 0, 0, 0
        for generated, article in checks:
            began = time.perf_counter()
            report = check_articles([article], archive)
            latencies.append(time.perf_counter() - began)
            matched = set(report.settings["check"]["matched"][article.id])
            expected = work.expected[article.id]
            expected_total += len(expected)
            expected_found += len(matched & expected)
            wrong += len(matched - expected)
            matched_total += len(matched)
            if not generated.copy_of and not matched:
                unrelated_clean += 1
            hit, of = planted_found(report, generated)
            planted_hit += hit
            planted += of
    return {
        "backend": backend,
        "articles": stats.articles,
        "passages": stats.passages,
        "claims": stats.claims,
        "jobs": jobs,
        "add_seconds": add_seconds,
        "add_per_second": len(archived) / add_seconds if add_seconds else None,
        "size_bytes": size,
        "checks": len(checks),
        "check_p50_ms": 1000 * percentile(latencies, 50),
        "check_p95_ms": 1000 * percentile(latencies, 95),
        "check_max_ms": 1000 * max(latencies),
        "check_mean_ms": 1000 * statistics.fmean(latencies),
        "copies_checked": sum(1 for g, _ in checks if g.copy_of),
        "unrelated_checked": sum(1 for g, _ in checks if not g.copy_of),
        "unrelated_without_matches": unrelated_clean,
        "mates_expected": expected_total,
        "mates_found": expected_found,
        "recall": expected_found / expected_total if expected_total else None,
        "wrong_matches": wrong,
        "planted_changes": planted,
        "planted_changes_found": planted_hit,
        "peak_rss_mb_after_add": rss_after_add,
        "peak_rss_mb": peak_rss_mb(),
        "check_latencies_ms": [round(1000 * t, 2) for t in latencies],
    }


# --- the table -----------------------------------------------------------------------------------


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def _size(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:.1f} MB"


def _per_article(r: dict) -> str:
    return "-" if r["size_bytes"] is None else f"{r['size_bytes'] / r['articles'] / 1e3:.1f} KB"


ROWS = (
    ("articles added", lambda r: f"{r['articles']:,}"),
    ("worker processes (--jobs)", lambda r: str(r.get("jobs", 1))),
    ("passages / claims stored", lambda r: f"{r['passages']:,} / {r['claims']:,}"),
    ("add: seconds", lambda r: f"{r['add_seconds']:.1f}"),
    ("add: articles per second", lambda r: f"{r['add_per_second']:.1f}"),
    ("archive size", lambda r: _size(r["size_bytes"]) + (" (server memory)" if r["backend"] == "redis" else " (file)")),
    ("archive bytes per article", _per_article),
    ("checks (copies + unrelated)", lambda r: f"{r['checks']} ({r['copies_checked']} + {r['unrelated_checked']})"),
    ("check latency p50", lambda r: f"{r['check_p50_ms']:.0f} ms"),
    ("check latency p95", lambda r: f"{r['check_p95_ms']:.0f} ms"),
    ("check latency max", lambda r: f"{r['check_max_ms']:.0f} ms"),
    (
        "cluster mates found (recall)",
        lambda r: f"{r['mates_found']}/{r['mates_expected']} (" + ("-" if r["recall"] is None else f"{r['recall']:.2f}") + ")",
    ),
    ("wrong matches", lambda r: str(r["wrong_matches"])),
    ("unrelated checks with no match", lambda r: f"{r['unrelated_without_matches']}/{r['unrelated_checked']}"),
    ("planted changes with a finding", lambda r: f"{r['planted_changes_found']}/{r['planted_changes']}"),
    ("peak memory (RSS)", lambda r: f"{r['peak_rss_mb']:.0f} MB"),
)


def table(results: Sequence[dict], header: str) -> str:
    """One plain-text table, backends side by side."""
    names = [r.get("label", r["backend"]) for r in results]
    cells = [[label] + [show(r) for r in results] for label, show in ROWS]
    widths = [max(len(row[i]) for row in cells + [["", *names]]) for i in range(len(names) + 1)]
    lines = [header, ""]
    lines.append("  ".join(["".ljust(widths[0])] + [n.rjust(w) for n, w in zip(names, widths[1:])]))
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]))
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add generated articles to each archive backend and check new ones.")
    parser.add_argument("--n", type=int, default=10_000, help="articles to archive (default 10000)")
    parser.add_argument("--checks", type=int, default=100, help="new articles to check, one at a time (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=600, help="about this many words an article")
    parser.add_argument("--batch", type=int, default=1000, help="articles per add (one transaction each)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes that sign and extract (default 2)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: sqlite,redis")
    parser.add_argument("--parallel", action="store_true", help="run the backends at the same time (faster, but they then share the CPUs)")
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also measure the reconcile checked out in DIR (its own benchmarks/archive.py), each backend right before this one",
    )
    parser.add_argument("--json", help="also write the measurements to this JSON file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one backend, print JSON
    args = parser.parse_args(argv)

    if args.one:
        # Stopped from outside, still stop the redis-server and remove the temporary files.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        work = workload(args.n, args.checks, args.seed, args.words)
        print(json.dumps(run_backend(args.one, work, args.batch, args.jobs)))
        return 0

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    runs = []  # (label, command)
    for backend in backends:
        common = [
            "--one",
            backend,
            "--n",
            str(args.n),
            "--checks",
            str(args.checks),
            "--seed",
            str(args.seed),
            "--words",
            str(args.words),
            "--batch",
            str(args.batch),
        ]
        if args.before:
            # The earlier benchmark knows no --jobs: it adds in one process, as that version's library did.
            runs.append((f"{backend} before", [sys.executable, str(Path(args.before) / "benchmarks" / "archive.py"), *common], args.before))
        runs.append((backend, [sys.executable, str(Path(__file__).resolve()), *common, "--jobs", str(args.jobs)], str(ROOT)))
    running = []
    for label, command, cwd in runs:
        print(f"{label}: adding {args.n:,} articles, then {args.checks} checks...", file=sys.stderr)
        running.append((label, subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=cwd)))
        if not args.parallel:
            running[-1][1].wait()
    results = []
    for label, process in running:
        out, _ = process.communicate()
        if process.returncode != 0:
            print(f"{label}: benchmark failed (exit {process.returncode}); see the error above", file=sys.stderr)
            return 1
        results.append({**json.loads(out.strip().splitlines()[-1]), "label": label})
    header = (
        f"reconcile archive benchmark: {args.n:,} generated articles of about {args.words} words "
        f"(seed {args.seed}), {args.checks} checks"
        + (", backends run at the same time" if args.parallel else "")
        + f"\nmachine: {machine()}"
    )
    print(table(results, header))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "args": vars(args), "results": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
