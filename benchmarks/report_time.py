"""How long `reconcile report` takes on a folder, this tree against an earlier revision.

    python benchmarks/report_time.py [--baseline REV] [--runs N] [--data ../shared/data/ecbplus]

The baseline revision is checked out into a temporary git worktree and both are run as
`python -c "from reconcile.cli import main; ..."` with that tree first on `PYTHONPATH`, in
alternation (baseline, current, baseline, ...), so a machine that slows down mid-run slows
both alike. Prints one table: the runs, the median of each and their ratio. The exit status
of `report` is ignored (a data folder may hold files that are not articles).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The revision before the findings of issue 12 (findings that hold on real reprints).
DEFAULT_BASELINE = "6dc60c4"


def run_once(tree: Path, data: Path, out: Path) -> float:
    code = (
        "import sys; from reconcile.cli import main; "
        f"sys.argv = ['reconcile', 'report', {str(data)!r}, '--format', 'json', '-o', {str(out)!r}]; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecbplus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.baseline],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            times: dict[str, list[float]] = {"baseline": [], "current": []}
            for _ in range(args.runs):
                times["baseline"].append(run_once(worktree, args.data, Path(tmp) / "baseline.json"))
                times["current"].append(run_once(ROOT, args.data, Path(tmp) / "current.json"))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
    base, now = statistics.median(times["baseline"]), statistics.median(times["current"])
    print(f"reconcile report {args.data} ({args.runs} runs each, alternating)")
    print(f"{'tree':10} {'median s':>9}  runs")
    print(f"{'baseline':10} {base:9.2f}  " + " ".join(f"{t:.2f}" for t in times["baseline"]) + f"  ({args.baseline})")
    print(f"{'current':10} {now:9.2f}  " + " ".join(f"{t:.2f}" for t in times["current"]))
    print(f"ratio current / baseline: {now / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
