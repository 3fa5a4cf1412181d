"""How fast the command line answers `--help`: wall clock and CPU time of a fresh process,
for `reconcile --help` and every command's `--help`.

    python benchmarks/startup.py [--runs 10]

Each is run `--runs` times as `python -m reconcile.cli` would be started by the console
script (`from reconcile.cli import main`); the table gives the median wall time, the median
CPU time (user + system, which a loaded machine does not inflate) and the modules of the
analysis a start-up imported (none should be).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = ([], ["report"], ["overlaps"], ["check"], ["diff"], ["review"], ["index", "add"], ["config"])
CODE = "import sys; from reconcile.cli import main; sys.argv = ['reconcile', *sys.argv[1:], '--help']; main()"
HEAVY = ("numpy", "scipy", "datasketch", "reconcile.pipeline", "reconcile.overlap.find", "reconcile.claims")


def run_once(args: list[str]) -> tuple[float, float]:
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CODE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def heavy_modules(args: list[str]) -> list[str]:
    probe = (
        CODE.replace("main()", "\ntry:\n    main()\nexcept SystemExit:\n    pass\n")
        + f"\nprint([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False)
    return result.stderr.strip().splitlines()[-1:] or ["?"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"{'command':28} {'wall ms (median)':>17} {'cpu ms (median)':>16}  analysis modules imported")
    for command in COMMANDS:
        runs = [run_once(command) for _ in range(args.runs)]
        wall = statistics.median(w for w, _ in runs) * 1000
        cpu = statistics.median(c for _, c in runs) * 1000
        name = " ".join(["reconcile", *command, "--help"])
        print(f"{name:28} {wall:17.0f} {cpu:16.0f}  {heavy_modules(command)[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
