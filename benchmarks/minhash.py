"""MinHash signatures of raw article text: reconcile against its peers, on one generated corpus.

Methods (128 permutations, 5-word shingles, one core unless said):

  datasketch-README   MinHash(num_perm=128), one m.update(s.encode("utf8")) per shingle of
                      text.split(), as datasketch's README shows it
  datasketch-bulk     MinHash.bulk(...) with xxhash.xxh32_intdigest as hashfunc
  rensa               RMinHash.from_token_sets (Rust), the same shingles as strings
  floor               tokenise and hash every shingle once (reconcile's numpy path), no
                      permutations: what no MinHash over these shingles can beat
  reconcile           reconcile.overlap.signatures.sign_texts (folded words, poly64_mix32)
  reconcile-2proc     the same split over 2 forked processes

Every method runs in its own subprocess, interleaved with the others, --reps times; the best
run counts. Peak memory: how far the process's peak RSS rises above its RSS with the
corpus loaded (Linux: the peak is reset first through /proc/self/clear_refs). Times are
CPU seconds of the process for one-core methods (other work on a shared machine inflates
wall clock, not CPU time) and wall clock for reconcile-2proc; both are printed. Slow peers are measured on the first --readme-cap / --bulk-cap articles of
big corpora (clusters are contiguous, so their planted pairs stay whole); the table says so.

LSH quality: each method's signatures are banded as datasketch's MinHashLSH (threshold
--threshold) bands them (25 bands of 5 rows at 0.5; computed with numpy, checked against a
real MinHashLSH on the first size); rensa's also go into its own RMinHashLSH (its bands must
divide 128: 32 bands of 4).
Recall: the share of planted near-duplicate pairs (two articles of one story cluster)
whose exact Jaccard, on that method's own shingles, reaches the threshold, that LSH
returns. Precision: the share of LSH candidate pairs whose exact Jaccard reaches it.

Usage: python benchmarks/minhash.py [--sizes 2000,20000,100000] [--reps N] [--words 600]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

NUM_PERM = 128
SHINGLE = 5
METHODS = ("datasketch-README", "datasketch-bulk", "rensa", "floor", "reconcile", "reconcile-2proc")

# --- the methods (run inside a worker subprocess) -------------------------------------------


def split_shingles(text: str) -> list[str]:
    """5-word shingles of text.split(), as the peers' documentation shingles text."""
    w = text.split()
    if len(w) <= SHINGLE:
        return [" ".join(w)] if w else []
    return [" ".join(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)]


def run_datasketch_readme(texts: list[str]) -> np.ndarray:
    from datasketch import MinHash

    rows = []
    for text in texts:
        m = MinHash(num_perm=NUM_PERM)
        for s in split_shingles(text):
            m.update(s.encode("utf8"))
        rows.append(m.hashvalues)
    return np.array(rows, dtype=np.uint32)


# The bulk peers get their shingle lists a thousand articles at a time: all at once, the
# lists of a 100k corpus take gigabytes and slow them down.
PEER_BATCH = 1000


def run_datasketch_bulk(texts: list[str]) -> np.ndarray:
    import xxhash
    from datasketch import MinHash

    rows = []
    for first in range(0, len(texts), PEER_BATCH):
        sets = [[s.encode("utf8") for s in split_shingles(t)] for t in texts[first : first + PEER_BATCH]]
        rows.extend(m.hashvalues for m in MinHash.bulk(sets, num_perm=NUM_PERM, hashfunc=xxhash.xxh32_intdigest))
    return np.array(rows, dtype=np.uint32).reshape(-1, NUM_PERM)


def run_rensa(texts: list[str]) -> tuple[np.ndarray, list]:
    from rensa import RMinHash

    minhashes = []
    for first in range(0, len(texts), PEER_BATCH):
        token_sets = [split_shingles(t) for t in texts[first : first + PEER_BATCH]]
        minhashes.extend(RMinHash.from_token_sets(token_sets, NUM_PERM, 42))
    return np.array([m.digest() for m in minhashes], dtype=np.uint64).astype(np.uint32), minhashes


def run_floor(texts: list[str]) -> None:
    from reconcile.overlap import signatures
    from reconcile.fasttext import text_word_runs

    for first, last in signatures._batches(texts, signatures.BATCH_CHARS):
        for runs in text_word_runs(texts[first:last])[0::2]:
            starts, ends, _ = signatures.shingle_ranges(runs, SHINGLE)
            signatures.range_hashes(runs.buffer, starts, ends, "poly64_mix32")


def scheme():
    from reconcile.overlap.signatures import SignatureScheme

    return SignatureScheme(seed=1, num_perm=NUM_PERM, shingle_size=SHINGLE)


def run_reconcile(texts: list[str]) -> np.ndarray:
    from reconcile.overlap.signatures import sign_texts

    return sign_texts(texts, scheme())


_SHARED: list[str] = []


def _sign_slice(bounds: tuple[int, int]) -> np.ndarray:
    from reconcile.overlap.signatures import sign_texts

    return sign_texts(_SHARED[bounds[0] : bounds[1]], scheme())


def run_reconcile_2proc(texts: list[str]) -> np.ndarray:
    # Forked workers inherit the texts; only slice bounds go out and signatures come back.
    global _SHARED
    _SHARED = texts
    step = max(1, -(-len(texts) // 16))
    bounds = [(i, min(i + step, len(texts))) for i in range(0, len(texts), step)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        parts = pool.map(_sign_slice, bounds, chunksize=1)
    return np.vstack(parts) if parts else np.zeros((0, NUM_PERM), dtype=np.uint32)


def rensa_candidates(minhashes, threshold: float) -> list[tuple[int, int]]:
    from rensa import RMinHashLSH

    lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=32)
    lsh.insert_many(minhashes)
    pairs = set()
    for i, found in enumerate(lsh.query_all(minhashes)):
        pairs.update((min(i, j), max(i, j)) for j in found if j != i)
    return sorted(pairs)


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def start_peak_measurement() -> tuple[str, int]:
    """Reset the process's peak RSS (Linux: clear_refs 5) and note the current RSS, so
    that the peak measured next is the method's own; elsewhere, fall back to ru_maxrss."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        current = _status_kb("VmRSS")
        if current is not None:
            return "hwm", current
    except OSError:
        pass
    return "maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_growth(base: tuple[str, int]) -> int:
    """KB the process's peak RSS rose above the RSS noted by `start_peak_measurement`."""
    kind, kb = base
    if kind == "hwm":
        return max(0, (_status_kb("VmHWM") or kb) - kb)
    return max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - kb)


def worker(method: str, corpus: str, limit: int, out: str, threshold: float) -> None:
    texts = []
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    # Warm up imports and tables on a few texts, outside the measurement.
    warm = texts[:3]
    runner = {
        "datasketch-README": run_datasketch_readme,
        "datasketch-bulk": run_datasketch_bulk,
        "rensa": run_rensa,
        "floor": run_floor,
        "reconcile": run_reconcile,
        "reconcile-2proc": run_reconcile,
    }[method]
    runner(warm)
    if method == "reconcile-2proc":
        runner = run_reconcile_2proc
    base = start_peak_measurement()
    cpu, wall = time.process_time(), time.perf_counter()
    result = runner(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = peak_growth(base)
    extra = {}
    if method == "rensa":
        result, minhashes = result
        extra["rensa_lsh_pairs"] = rensa_candidates(minhashes, threshold)
    if result is not None:
        np.save(out, result)
    print(
        json.dumps(
            {
                "cpu": cpu,
                "wall": wall,
                "articles": len(texts),
                "bytes": sum(len(t.encode("utf-8")) for t in texts),
                "peak_kb": peak,
                **extra,
            }
        )
    )


# --- the driver ------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import datasketch
    import rensa  # noqa: F401

    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, numpy {np.__version__}, "
        f"datasketch {datasketch.__version__}; load average {os.getloadavg()[0]:.1f} at start"
    )


def datasketch_candidates(rows: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Candidate pairs of datasketch's MinHashLSH(threshold, NUM_PERM), built for real."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    minhashes = [LeanMinHash(seed=1, hashvalues=row, scheme="affine32") for row in rows]
    with lsh.insertion_session() as session:
        for i, m in enumerate(minhashes):
            session.insert(i, m, check_duplication=False)
    pairs = set()
    for i, m in enumerate(minhashes):
        pairs.update((min(i, j), max(i, j)) for j in lsh.query(m) if j != i)
    return pairs


def band_candidates(rows: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """The same pairs as `datasketch_candidates` (MinHashLSH's bands and rows; two rows are
    candidates when they agree on a whole band), found by sorting each band with numpy:
    minutes faster on 100k articles. The driver checks both agree on the first size."""
    from datasketch.lsh import _optimal_param

    bands, width = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        _, groups = np.unique(rows[:, band * width : (band + 1) * width], axis=0, return_inverse=True)
        order = np.argsort(groups.ravel(), kind="stable")
        ordered = groups.ravel()[order]
        cuts = np.flatnonzero(np.diff(ordered)) + 1
        for members in np.split(order, cuts):
            if len(members) > 1:
                pairs.update(combinations(sorted(members.tolist()), 2))
    return pairs


class Truth:
    """Planted pairs, and exact Jaccard on each kind of shingles. Shingle sets are kept for
    the last few thousand articles only: pairs come cluster by cluster, and a 100k corpus
    of sets would not fit in memory."""

    def __init__(self, articles, threshold: float):
        self.articles = articles
        self.threshold = threshold
        by_story: dict[str, list[int]] = {}
        for i, a in enumerate(articles):
            by_story.setdefault(a.story, []).append(i)
        self.planted = [pair for members in by_story.values() for pair in combinations(members, 2)]
        self.shingles = lru_cache(maxsize=4096)(self._shingles)
        self._similar: dict[tuple[str, int, int], bool] = {}

    def _shingles(self, kind: str, i: int) -> frozenset:
        text = self.articles[i].text
        if kind == "split":
            return frozenset(split_shingles(text))
        from reconcile.fasttext import text_word_runs
        from reconcile.overlap.shingles import word_shingles

        fast, fast_at, other, _ = text_word_runs([text])
        return frozenset(word_shingles((fast if len(fast_at) else other).forms(0), SHINGLE))

    def similar(self, kind: str, i: int, j: int) -> bool:
        key = (kind, i, j)
        if key not in self._similar:  # every method asks about the same planted pairs
            x, y = self.shingles(kind, i), self.shingles(kind, j)
            self._similar[key] = bool(x | y) and len(x & y) / len(x | y) >= self.threshold
        return self._similar[key]

    def quality(self, kind: str, candidates: set[tuple[int, int]], limit: int) -> tuple[float, float, int]:
        wanted = {p for p in self.planted if p[1] < limit and self.similar(kind, *p)}
        recall = len(wanted & candidates) / len(wanted) if wanted else float("nan")
        found = sorted(candidates)
        precision = (sum(self.similar(kind, *p) for p in found) / len(found)) if found else float("nan")
        return recall, precision, len(wanted)


def run_size(n: int, args, tmp: Path, first_size: int) -> list[dict]:
    from corpus import generate_corpus

    started = time.perf_counter()
    articles = generate_corpus(n, seed=args.seed, words=args.words)
    corpus = tmp / f"corpus_{n}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.id, "text": a.text}) + "\n")
    print(f"\n{n} articles generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    limits = {"datasketch-README": min(n, args.readme_cap), "datasketch-bulk": min(n, args.bulk_cap)}
    best: dict[str, dict] = {}
    for rep in range(args.reps):
        for method in METHODS:
            limit = limits.get(method, n)
            out = tmp / f"{method}_{n}.npy"
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    method,
                    "--corpus",
                    str(corpus),
                    "--limit",
                    str(limit),
                    "--out",
                    str(out),
                    "--threshold",
                    str(args.threshold),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            key = "wall" if method == "reconcile-2proc" else "cpu"
            print(f"  rep {rep + 1} {method:18s} {result['bytes'] / 1e6 / result[key]:8.1f} MB/s", file=sys.stderr)
            if method not in best or result[key] < best[method][key]:
                best[method] = {**result, "time": result[key], "out": out}
    truth = Truth(articles, args.threshold)
    rows = []
    for method in METHODS:
        r = best[method]
        row = {"n": n, "method": method, **{k: r[k] for k in ("articles", "bytes", "cpu", "wall", "time", "peak_kb")}}
        if method != "floor":
            signatures = np.load(r["out"])
            kind = "words" if method.startswith("reconcile") else "split"
            candidates = band_candidates(signatures, args.threshold)
            if n == first_size and method == "reconcile":
                assert candidates == datasketch_candidates(signatures, args.threshold), "banding differs"
            row["recall"], row["precision"], row["pairs"] = truth.quality(kind, candidates, r["articles"])
        if method == "rensa":
            row["own_lsh"] = truth.quality("split", {tuple(p) for p in r["rensa_lsh_pairs"]}, r["articles"])
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | method | measured on | MB | MB/s | wall MB/s | articles/s | peak MB | LSH recall | LSH precision | x datasketch-README | x rensa |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for n in sorted({r["n"] for r in rows}):
        group = {r["method"]: r for r in rows if r["n"] == n}
        speed = {m: r["bytes"] / 1e6 / r["time"] for m, r in group.items()}
        for method, r in group.items():
            measured = f"{r['articles']:,}" + ("" if r["articles"] == n else " (subsample)")
            peak = "n/a" if method == "reconcile-2proc" else f"{r['peak_kb'] / 1024:.0f}"
            quality = ("–", "–") if method == "floor" else (f"{r['recall']:.3f}", f"{r['precision']:.3f}")
            lines.append(
                f"| {n:,} | {method} | {measured} | {r['bytes'] / 1e6:.1f} | {speed[method]:.1f} | "
                f"{r['bytes'] / 1e6 / r['wall']:.1f} | {r['articles'] / r['time']:,.0f} | {peak} | "
                f"{quality[0]} | {quality[1]} | {speed[method] / speed['datasketch-README']:.1f} | "
                f"{speed[method] / speed['rensa']:.2f} |"
            )
            if method == "rensa":
                recall, precision, pairs = r["own_lsh"]
                notes.append(
                    f"{n:,} articles: rensa's own RMinHashLSH (32 bands of 4): recall {recall:.3f}, "
                    f"precision {precision:.3f}; planted pairs at Jaccard >= threshold: {pairs:,} "
                    f"(text.split shingles), {group['reconcile']['pairs']:,} (reconcile's folded words)"
                )
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,100000")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--readme-cap", type=int, default=1000, help="articles for datasketch-README at most")
    parser.add_argument("--bulk-cap", type=int, default=20000, help="articles for datasketch-bulk at most")
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.corpus, args.limit, args.out, args.threshold)
        return
    print(f"Machine: {machine()}")
    print(
        f"Corpus: benchmarks/corpus.py generate_corpus(seed={args.seed}, words={args.words}); "
        f"{NUM_PERM} permutations, {SHINGLE}-word shingles; best of {args.reps} interleaved runs\n"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [int(s) for s in args.sizes.split(",")]
        for n in sizes:
            rows.extend(run_size(n, args, Path(tmp), sizes[0]))
    print(table(rows))
    print(
        f"\nMB/s: CPU time of the one process (wall clock for reconcile-2proc, whose speed-up over "
        f"reconcile's wall MB/s needs two idle cores). Peak MB: how far the worker's peak RSS rose above "
        f"its RSS after loading the corpus (peak reset with /proc/self/clear_refs); n/a for forked workers. "
        f"Load average {os.getloadavg()[0]:.1f} at the end."
    )


if __name__ == "__main__":
    main()
