"""Whole-pipeline benchmark: `reconcile report` on generated corpora, timed stage by stage.

For each corpus size and each number of worker processes, in a fresh process of its own (so
that its peak memory is its own):

1. generate the corpus (`benchmarks/corpus.py`, fixed seed; not timed);
2. run the pipeline's own `reconcile.pipeline.run_stages` (what `analyse` runs) with a timer
   on each stage: ingest (`article_from_text`, here), passages + signatures, LSH candidates,
   alignment, claims and findings (`reconcile.pipeline.STAGES`);
3. report seconds per stage (wall clock, and the CPU seconds of this process and its workers,
   which say what the work cost when other programs share the machine), the total, articles
   per second, candidate pairs per article and peak memory (maximum resident set size of the
   run's process, and of its largest worker).

Once, on the smallest size, the staged run is checked to give exactly `analyse()`'s report,
so that the benchmark measures the real thing. The growth ratio divides the time per
article at each size by the time per article at the smallest: about 1.0 means the cost
grows linearly with the corpus (no all-pairs work outside candidate clusters).

`--corpus generated,wire` runs each corpus of `benchmarks/corpus.py` in turn: the generator's
clusters of copies, and a wire feed (most stories alone, a quarter rewrites, stock sentences
shared). The table also gives the alignment CPU per candidate pair, the passage buckets LSH
left unpaired as stock phrases (`OverlapSettings.max_bucket`), and peak memory per article.

`--until STAGE` stops each run after that stage (say claims), to time the earlier stages at
sizes where a later one cannot finish; `--timeout S` stops a run after S seconds and says so
in the table.

Usage: python benchmarks/pipeline.py [--sizes 1000,10000,50000] [--jobs 1,2] [--seed 1]
       [--corpus generated,wire] [--words 600] [--until STAGE] [--timeout S] [--json FILE]
       python benchmarks/pipeline.py --profile FILE [--profile-size 10000] [--until STAGE]
       python benchmarks/pipeline.py --sizes 200 --jobs 1      # a quick check
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

from reconcile import __version__  # noqa: E402
from reconcile.engines.local import Engine, LocalEngine  # noqa: E402
from reconcile.ingest import article_from_text  # noqa: E402
from reconcile.model import Article, Report  # noqa: E402
from reconcile.pipeline import STAGES as PIPELINE_STAGES  # noqa: E402
from reconcile.pipeline import AnalysisOptions, analyse, lexicon_for, run_stages  # noqa: E402

STAGES = ("ingest", *PIPELINE_STAGES)
STAGE_LABELS = {
    "ingest": "ingest",
    "signatures": "passages + signatures",
    "candidates": "LSH candidates",
    "alignment": "alignment",
    "claims": "claims",
    "findings": "findings",
}


# --- measuring --------------------------------------------------------------------------------


@dataclass
class StageTimes:
    """Seconds per stage: wall clock, and CPU (this process and the workers it waited for)."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began_wall, began_cpu = time.perf_counter(), cpu_seconds()
        yield
        self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - began_wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu_seconds() - began_cpu


def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def rss_mb(usage: resource.struct_rusage) -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    return usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024


# --- the staged pipeline ---------------------------------------------------------------------------


def ingest(texts: Sequence[tuple[str, str]]) -> list[Article]:
    """Articles from (id, text), as `reconcile report` reads files."""
    return [article_from_text(doc_id, text, f"{doc_id}.txt") for doc_id, text in texts]


def staged_analyse(
    articles: Sequence[Article], options: AnalysisOptions, engine: Engine, times: StageTimes, until: str = "findings"
) -> tuple[Report, int]:
    """`analyse(articles, options, engine=engine)` with each stage timed: the pipeline's own
    `run_stages`, given `times.stage` as its timer. Also the number of candidate document
    pairs. `until` stops after that stage, to time the earlier ones at sizes the later
    cannot finish."""
    analysis = run_stages(articles, options, engine=engine, timer=times.stage, until=until)
    times.counts["crowded_buckets"] = analysis.crowded_buckets
    return analysis.report, analysis.candidate_pairs


def corpus_texts(size: int, seed: int, words: int, kind: str = "generated") -> list[tuple[str, str]]:
    """(id, text) of a corpus of `benchmarks/corpus.py`: `generated` (clusters of copies) or
    `wire` (mostly unrelated stories, a quarter rewrites, stock phrases shared)."""
    return [(g.id, g.text) for g in corpus.CORPORA[kind](size, seed=seed, words=words)]


def run_one(size: int, jobs: int, seed: int, words: int, verify: bool, until: str = "findings", kind: str = "generated") -> dict:
    """One (size, jobs) run in this process: the measurements as a dict. Without
    `until`, the run stops after that stage (and is not checked against analyse())."""
    texts = corpus_texts(size, seed, words, kind)
    megabytes = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    options = AnalysisOptions()
    engine = LocalEngine(jobs)
    lexicon_for(options.vocab)  # read the lexicon once, outside the timings, as a warm process would
    times = StageTimes()
    began = time.perf_counter()
    with times.stage("ingest"):
        articles = ingest(texts)
    report, pairs = staged_analyse(articles, options, engine, times, until=until)
    total = time.perf_counter() - began
    verified = None
    if verify and until == STAGES[-1]:
        verified = report == analyse(articles, options, engine=engine)
        if not verified:
            raise SystemExit(f"staged pipeline and analyse() disagree on {size} articles: the benchmark is wrong")
    peak_mb = rss_mb(resource.getrusage(resource.RUSAGE_SELF))
    worker_mb = rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN)) if engine.jobs > 1 else None
    return {
        "corpus": kind,
        "size": size,
        "jobs": engine.jobs,
        "megabytes": megabytes,
        "wall": times.wall,
        "cpu": times.cpu,
        "total": total,
        "total_cpu": sum(times.cpu.values()),
        "articles_per_second": size / total,
        "candidate_pairs": pairs,
        "pairs_per_article": pairs / size if "candidates" in times.wall else None,
        "overlaps": len(report.overlaps) if "alignment" in times.wall else None,
        "claims": len(report.claims) if "claims" in times.wall else None,
        "findings": len(report.findings) if "findings" in times.wall else None,
        "verified": verified,
        "crowded_buckets": times.counts.get("crowded_buckets"),
        "peak_rss_mb": peak_mb,
        "peak_worker_rss_mb": worker_mb,
        # The run's own memory per article: the main process, and its largest worker on top.
        "peak_kb_per_article": (peak_mb + (worker_mb or 0.0)) * 1024 / size,
    }


def profile_one(size: int, seed: int, words: int, out: str, top: int = 25, until: str = "findings", kind: str = "generated") -> str:
    """cProfile of one single-process run (ingest included); the top costs as text."""
    texts = corpus_texts(size, seed, words, kind)
    options = AnalysisOptions()
    lexicon_for(options.vocab)
    profiler = cProfile.Profile()
    profiler.enable()
    staged_analyse(ingest(texts), options, LocalEngine(1), StageTimes(), until=until)
    profiler.disable()
    profiler.dump_stats(out)
    shown = io.StringIO()
    stats = pstats.Stats(profiler, stream=shown).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return shown.getvalue()


# --- the table --------------------------------------------------------------------------------------


def machine() -> str:
    import numpy

    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, numpy {numpy.__version__}"
    )


def growth(results: Sequence[dict]) -> dict[tuple, float]:
    """Time per article relative to the smallest finished size run with the same jobs (and
    corpus), keyed by (size, jobs) or, when runs name their corpus, (corpus, size, jobs)."""
    smallest: dict[tuple, dict] = {}
    for r in finished(results):
        group = (r.get("corpus"), r["jobs"])
        if group not in smallest or r["size"] < smallest[group]["size"]:
            smallest[group] = r
    return {
        _key(r): (r["total"] / r["size"])
        / (smallest[(r.get("corpus"), r["jobs"])]["total"] / smallest[(r.get("corpus"), r["jobs"])]["size"])
        for r in finished(results)
    }


def _key(result: dict) -> tuple:
    base = (result["size"], result["jobs"])
    return (result["corpus"], *base) if result.get("corpus") else base


def finished(results: Sequence[dict]) -> list[dict]:
    return [r for r in results if not r.get("stopped_after") and not r.get("failed")]


def _cell(result: dict, show) -> str:
    """A run's figure, or why there is none."""
    if result.get("stopped_after"):
        return f"stopped at {result['stopped_after']:.0f} s"
    if result.get("failed"):
        return f"failed (exit {result['failed']})"
    return show(result)


def _stage(result: dict, stage: str) -> str:
    if stage not in result["wall"]:
        return "not run"
    return f"{result['wall'][stage]:.1f} ({result['cpu'][stage]:.1f})"


def _count(value, form: str) -> str:
    return "-" if value is None else form.format(value)


def _per_pair(result: dict) -> str:
    pairs = result.get("candidate_pairs")
    if "alignment" not in result["cpu"] or not pairs:
        return "-"
    return f"{1000 * result['cpu']['alignment'] / pairs:.2f}"


def _memory(result: dict) -> str:
    worker = result["peak_worker_rss_mb"]
    return f"{result['peak_rss_mb']:.0f} MB" + (f" / {worker:.0f} MB" if worker else "")


def table(results: Sequence[dict]) -> str:
    """One Markdown table, a column per (size, jobs) run."""
    ratios = growth(results)
    heads = [f"{r.get('corpus', '')} {r['size']:,} × {r['jobs']} job{'s' if r['jobs'] > 1 else ''}".strip() for r in results]
    rows: list[tuple[str, object]] = [
        *((f"{STAGE_LABELS[stage]}: s (CPU s)", partial(_stage, stage=stage)) for stage in STAGES),
        ("**total: s (CPU s)**", lambda r: f"**{r['total']:.1f}** ({r['total_cpu']:.1f})"),
        ("articles / s", lambda r: f"{r['articles_per_second']:.1f}"),
        ("corpus MB", lambda r: f"{r['megabytes']:.1f}"),
        ("candidate pairs / article", lambda r: _count(r["pairs_per_article"], "{:.2f}")),
        ("alignment ms CPU / candidate pair", _per_pair),
        ("crowded passage buckets (not paired)", lambda r: _count(r.get("crowded_buckets"), "{:,}")),
        ("overlaps / claims / findings", lambda r: " / ".join(_count(r[k], "{:,}") for k in ("overlaps", "claims", "findings"))),
        ("time per article vs smallest", lambda r: f"{ratios[_key(r)]:.2f}"),
        ("peak memory (main / worker)", _memory),
        ("peak memory KB / article", lambda r: _count(r.get("peak_kb_per_article"), "{:.0f}")),
    ]
    lines = ["| | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    lines += ["| " + " | ".join([label] + [_cell(r, show) for r in results]) + " |" for label, show in rows]
    return "\n".join(lines)


# --- command line ------------------------------------------------------------------------------------


def numbers(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def run_in_subprocess(size: int, jobs: int, verify: bool, args: argparse.Namespace, kind: str = "generated") -> dict:
    """One run in a fresh process (its peak memory is its own), stopped after --timeout seconds."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--one",
        f"{size},{jobs},{int(verify)}",
        "--seed",
        str(args.seed),
        "--words",
        str(args.words),
        "--until",
        args.until,
        "--corpus",
        kind,
    ]
    # Its own process group, so that a stopped run's worker processes stop with it.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"corpus": kind, "size": size, "jobs": jobs or os.cpu_count(), "stopped_after": args.timeout}
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    if process.returncode != 0:
        print(f"run of {size} articles with jobs {jobs} failed (exit {process.returncode})", file=sys.stderr)
        return {"corpus": kind, "size": size, "jobs": jobs or os.cpu_count(), "failed": process.returncode}
    return json.loads(out.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time reconcile's pipeline stage by stage on generated corpora.")
    parser.add_argument("--sizes", default="1000,10000,50000", help="corpus sizes, comma-separated")
    parser.add_argument("--jobs", default="1,2", help="worker processes to try, comma-separated (0: one per core)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=600, help="about this many words an article")
    parser.add_argument(
        "--corpus",
        default="generated",
        help="corpora to run, comma-separated: generated (clusters of copies), wire (mostly "
        "unrelated stories, a quarter rewrites, stock phrases shared)",
    )
    parser.add_argument("--until", default="findings", choices=STAGES[1:], help="stop each run after this stage (default: run them all)")
    parser.add_argument("--timeout", type=float, default=None, help="stop a run after this many seconds")
    parser.add_argument("--json", help="also write the measurements to this JSON file")
    parser.add_argument("--profile", help="instead: cProfile one run with one process, stats to this file")
    parser.add_argument("--profile-size", type=int, default=10_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: "size,jobs,verify", print JSON
    args = parser.parse_args(argv)

    if args.profile:
        print(profile_one(args.profile_size, args.seed, args.words, args.profile, until=args.until, kind=args.corpus.split(",")[0]))
        return 0
    if args.one:
        size, jobs, verify = numbers(args.one)
        print(json.dumps(run_one(size, jobs, args.seed, args.words, bool(verify), until=args.until, kind=args.corpus)))
        return 0

    sizes, jobs_list = sorted(numbers(args.sizes)), numbers(args.jobs)
    kinds = [k.strip() for k in args.corpus.split(",") if k.strip()]
    unknown = set(kinds) - set(corpus.CORPORA)
    if unknown:
        parser.error(f"unknown corpus {', '.join(sorted(unknown))}; choose from {', '.join(corpus.CORPORA)}")
    results = []
    for kind, size, jobs in ((k, n, j) for k in kinds for n in sizes for j in jobs_list):
        verify = size == sizes[0] and jobs == jobs_list[0] and args.until == STAGES[-1]
        print(
            f"{kind} corpus, {size:,} articles, jobs {jobs}{', checked against analyse()' if verify else ''}...",
            file=sys.stderr,
            flush=True,
        )
        result = run_in_subprocess(size, jobs, verify, args, kind)
        if result.get("stopped_after"):
            print(f"  stopped after {args.timeout:.0f} s", file=sys.stderr, flush=True)
        elif not result.get("failed"):
            print(
                f"  {result['total']:.1f} s ({result['total_cpu']:.1f} CPU s), {result['articles_per_second']:.1f} articles/s",
                file=sys.stderr,
                flush=True,
            )
        results.append(result)
    print(
        f"reconcile pipeline benchmark: {' and '.join(kinds)} corpora, articles of about {args.words} words "
        f"(seed {args.seed}); "
        f"reconcile {__version__}" + (f"; stages up to {args.until}" if args.until != STAGES[-1] else "") + f"\nmachine: {machine()}\n"
    )
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "args": vars(args), "results": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
