"""Run reconcile's fuzz targets for a bounded number of inputs or time, and say how it went.

    python tests/fuzz/run.py                      # both targets, 50,000 inputs each
    python tests/fuzz/run.py --runs 200000 --target pipeline
    python tests/fuzz/run.py --max-total-time 600

Needs atheris (`pip install atheris`), a test-only tool. The corpus grows in --corpus
(a temporary directory unless given) from the seed articles and fixtures; a crashing
input is written to --artifacts as crash-<hash>. Exit status is non-zero if a target
crashed. See tests/fuzz/README.md.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGETS = {"ingest": HERE / "fuzz_ingest.py", "pipeline": HERE / "fuzz_pipeline.py"}


def seed_corpus(target: str, into: Path) -> None:
    """Start from real copy: the seed articles and the fixtures' text files (for ingest
    with a first byte choosing .txt; the pipeline target reads raw bytes its own way)."""
    into.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").rglob("*.txt"))
    for n, source in enumerate(sources):
        data = source.read_bytes()[:4096]
        (into / f"seed-{n:03d}").write_bytes((b"\x00" if target == "ingest" else b"\x02") + data)


def run_target(target: str, corpus: Path, artifacts: Path, runs: int | None, max_time: int | None, max_len: int = 4096) -> dict:
    seed_corpus(target, corpus)
    artifacts.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(TARGETS[target]),
        str(corpus),
        f"-dict={HERE / 'news.dict'}",
        f"-artifact_prefix={artifacts}/{target}-",
        f"-max_len={max_len}",
        "-timeout=10",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
    ]
    if runs is not None:
        command.append(f"-runs={runs}")
    if max_time is not None:
        command.append(f"-max_total_time={max_time}")
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    elapsed = time.perf_counter() - started
    log = result.stderr + result.stdout
    (artifacts / f"{target}.log").write_text(log, encoding="utf-8")
    done = re.search(r"Done (\d+) runs in (\d+) second", log)
    executed = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    progress = re.findall(r"^#(\d+)\s", log, re.M)  # a crash stops libFuzzer before its totals
    count = int(done.group(1)) if done else int(executed.group(1)) if executed else int(progress[-1]) if progress else 0
    return {"target": target, "inputs": count, "seconds": round(elapsed, 1), "exit": result.returncode, "crashed": result.returncode != 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--runs", type=int, default=None, help="inputs per target (default 50,000 unless --max-total-time)")
    parser.add_argument("--max-total-time", type=int, default=None, help="seconds per target")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input in bytes")
    parser.add_argument("--corpus", type=Path, default=None, help="where the corpus grows (kept between runs)")
    parser.add_argument("--artifacts", type=Path, default=HERE / "artifacts", help="crashing inputs and logs")
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None or args.max_total_time is not None else 50_000
    corpus_root = args.corpus or Path(tempfile.mkdtemp(prefix="reconcile-corpus-"))
    targets = list(TARGETS) if args.target == "all" else [args.target]
    failed = False
    for target in targets:
        outcome = run_target(target, corpus_root / target, args.artifacts, runs, args.max_total_time, args.max_len)
        failed |= outcome["crashed"]
        print(
            f"{outcome['target']}: {outcome['inputs']:,} inputs in {outcome['seconds']} s, "
            f"{'CRASH (see ' + str(args.artifacts) + ')' if outcome['crashed'] else 'no crash'}"
        )
    if args.corpus is None:
        shutil.rmtree(corpus_root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
