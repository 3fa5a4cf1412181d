"""Soak: the archive under concurrent writers, checkers and removers, with writers and the
Redis server killed at random, then every article verified. Run by hand; bounded in time.

For each backend (a SQLite file; a real redis-server on loopback with ``appendonly yes``
and ``appendfsync always``), for --seconds:

- writers run `reconcile index add` (the real command, in its own process) on random
  batches of files, some large enough for worker processes (``--jobs 2``). Each writer
  works in its own folder, whose files give three kinds of id: its *own* articles (no one
  else writes them, no one removes them), *contended* ones (the same paths in every
  writer's folder with a different text in each: every writer updates them; no one removes
  them) and *churn* ones (like contended, and removers remove them);
- checkers run `reconcile check` on a copy (under another name) of an article a writer
  has added, and the copy must find it;
- removers run `reconcile index remove` on churn ids;
- at random, a writer is killed (SIGKILL) or stopped (SIGTERM, which must end it with one
  line and exit 143), and the Redis server is killed (SIGKILL) and restarted on its files.

Then, with everything stopped: *lost* counts own and contended articles whose add
succeeded (exit 0) but which are absent or hold a text no writer gave (and churn articles
holding such a text); `reconcile.archive.verify.audit` counts stored articles whose index
entries are not all there (*unfindable* when the lookup a check makes does not name them),
*dead* index entries of no stored version, and damaged records; `check_articles` runs on a
copy of up to --sample stored articles and must match each. *tracebacks* counts stderr of
any command holding one; *stray workers* counts processes of a killed add still alive.

Usage: python benchmarks/soak.py [--seconds 180] [--backends sqlite,redis] [--writers 3]
       [--checkers 2] [--removers 1] [--seed 1] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

CLI = [sys.executable, "-c", "from reconcile.cli import main; main()"]
OWN, CONTENDED, CHURN = 150, 8, 8  # files of each kind in each writer's folder
START_TIMEOUT_S = 10.0


# --- a persistent redis-server that can be killed and started again -------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int, workdir: str) -> subprocess.Popen:
    """redis-server on loopback, its data in `workdir` (append-only file, fsync on every
    write), answering PING before this returns."""
    import redis

    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            workdir,
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            if redis.Redis(port=port, socket_connect_timeout=0.5).ping():
                return process
        except redis.exceptions.RedisError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start on port {port}")
        time.sleep(0.05)


@contextmanager
def persistent_redis(workdir: str) -> Iterator["RedisServer"]:
    server = RedisServer(free_port(), workdir)
    try:
        yield server
    finally:
        server.stop()


class RedisServer:
    def __init__(self, port: int, workdir: str):
        self.port, self.workdir = port, workdir
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = start_redis(port, workdir)
        self.down: list[tuple[float, float]] = []  # (from, to) while it was down

    def kill_and_restart(self, pause: float) -> None:
        went = time.monotonic()
        self.process.kill()
        self.process.wait()
        time.sleep(pause)
        self.process = start_redis(self.port, self.workdir)
        self.down.append((went, time.monotonic()))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# --- the files writers add ------------------------------------------------------------------------


@dataclass
class Files:
    """Every writer's folder, and every text each id was given (by content hash)."""

    folders: list[Path]
    versions: dict[str, set[str]] = field(default_factory=dict)  # archive id -> texts written under it
    own: dict[int, list[str]] = field(default_factory=dict)  # writer -> its own ids

    def ids(self, kind: str) -> list[str]:
        count = {"contended": CONTENDED, "churn": CHURN}[kind]
        return [f"{kind}/story-{n:02d}.txt" for n in range(count)]


def write_files(base: Path, writers: int, seed: int) -> Files:
    generated = corpus.generate_corpus(writers * (OWN + CONTENDED + CHURN), seed=seed, words=180, cluster_share=0.0)
    texts = iter(g.text for g in generated)
    files = Files([base / f"w{w}" for w in range(writers)])
    for w, folder in enumerate(files.folders):
        files.own[w] = []
        for kind, count in (("own", OWN), ("contended", CONTENDED), ("churn", CHURN)):
            (folder / (f"own-w{w}" if kind == "own" else kind)).mkdir(parents=True)
            for n in range(count):
                relative = f"own-w{w}/story-{n:03d}.txt" if kind == "own" else f"{kind}/story-{n:02d}.txt"
                text = next(texts)
                (folder / relative).write_text(text, encoding="utf-8")
                files.versions.setdefault(relative, set()).add(text)
                if kind == "own":
                    files.own[w].append(relative)
    return files


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Tally:
    backend: str
    seconds: float = 0.0
    adds_attempted: int = 0
    adds_succeeded: int = 0
    adds_failed: int = 0  # exit 2 (the server down, most of them)
    adds_killed: int = 0
    adds_stopped: int = 0  # SIGTERM: exit 143 with one line
    stops_unclean: int = 0
    removes: int = 0
    checks: int = 0
    checks_while_down: int = 0
    checks_failed: int = 0
    server_kills: int = 0
    tracebacks: int = 0
    stray_workers: int = 0
    articles: int = 0
    lost: int = 0
    unfindable: int = 0
    missing_entries: int = 0
    dead_entries: int = 0
    damaged: int = 0
    sample_checks_failed: int = 0
    integrity: str = "ok"
    notes: list[str] = field(default_factory=list)


class Soak:
    def __init__(self, backend: str, location: str, files: Files, args: argparse.Namespace, base: Path, server: RedisServer | None):
        self.backend, self.location, self.files, self.args, self.base = backend, location, files, args, base
        self.server = server
        self.tally = Tally(backend)
        self.lock = threading.Lock()
        self.acknowledged: dict[str, float] = {}  # own/contended id -> when an add of it first succeeded
        self.running: dict[int, subprocess.Popen] = {}  # writer -> its current add
        self.killed_pids: list[int] = []
        self.stop_at = 0.0

    def run(self) -> Tally:
        started = time.monotonic()
        self.stop_at = started + self.args.seconds
        threads = [threading.Thread(target=self.writer, args=(w,)) for w in range(self.args.writers)]
        threads += [threading.Thread(target=self.checker, args=(c,)) for c in range(self.args.checkers)]
        threads += [threading.Thread(target=self.remover, args=(r,)) for r in range(self.args.removers)]
        threads.append(threading.Thread(target=self.chaos))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.tally.seconds = round(time.monotonic() - started, 1)
        time.sleep(2)  # long enough for a killed add's workers to be gone, if they go at all
        self.tally.stray_workers = len(stray_processes(str(self.base)))
        return self.tally

    def command(self, args: list[str], cwd: Path) -> tuple[subprocess.Popen, float]:
        """A reconcile command in its own process (and session: a kill reaches it alone)."""
        process = subprocess.Popen(
            [*CLI, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        return process, time.monotonic()

    def finished(self, process: subprocess.Popen) -> tuple[int, str, str]:
        """Exit code, stdout and stderr of a command; a traceback on stderr is counted."""
        out, err = process.communicate()
        if "Traceback" in err:
            with self.lock:
                self.tally.tracebacks += 1
                self.tally.notes.append(err[-2000:])
        return process.returncode, out, err

    def writer(self, w: int) -> None:
        rng = random.Random(self.args.seed * 100 + w)
        folder = self.files.folders[w]
        own = self.files.own[w]
        while time.monotonic() < self.stop_at:
            size = rng.choice((1, 3, 10, 30, 70))  # 70: enough for worker processes
            batch = rng.sample(own, min(size, len(own)))
            batch += rng.sample(self.files.ids("contended"), rng.randint(0, 3))
            batch += rng.sample(self.files.ids("churn"), rng.randint(0, 3))
            process, _ = self.command(["index", "add", self.location, "--jobs", "2", *batch], folder)
            with self.lock:
                self.running[w] = process
                self.tally.adds_attempted += 1
            code, _, err = self.finished(process)
            with self.lock:
                self.running.pop(w, None)
                if code == 0:
                    self.tally.adds_succeeded += 1
                    now = time.monotonic()
                    for relative in batch:
                        if not relative.startswith("churn/"):
                            self.acknowledged.setdefault(relative, now)
                elif code == -signal.SIGKILL:
                    self.tally.adds_killed += 1
                elif code == -signal.SIGTERM:
                    # Stopped while Python was still starting, before reconcile could take the
                    # signal: ended by the default action, silently, having done nothing.
                    self.tally.adds_stopped += 1
                elif code == 128 + signal.SIGTERM:
                    self.tally.adds_stopped += 1
                    lines = err.strip().splitlines()
                    if not (lines and lines[-1].startswith("reconcile: stopped by SIGTERM")):
                        self.tally.stops_unclean += 1
                else:
                    self.tally.adds_failed += 1
                    if code != 2:
                        self.tally.notes.append(f"add exited {code}: {err[-500:]}")

    def checker(self, c: int) -> None:
        rng = random.Random(self.args.seed * 1000 + c)
        folder = self.base / f"checker{c}"
        folder.mkdir(exist_ok=True)
        while time.monotonic() < self.stop_at:
            with self.lock:
                stable = [i for i in self.acknowledged if i.startswith("own-")]
            if not stable:
                time.sleep(0.2)
                continue
            target = rng.choice(stable)
            writer = int(target.split("/")[0][len("own-w") :])
            copy = folder / "probe.txt"
            shutil.copy(self.files.folders[writer] / target, copy)
            process, began = self.command(["check", str(copy), "--against", self.location, "--format", "json", "--exit-zero"], folder)
            code, out, err = self.finished(process)
            with self.lock:
                self.tally.checks += 1
                if self.was_down(began, time.monotonic()):
                    self.tally.checks_while_down += 1
                    continue
            matched = matched_ids(out)
            if code != 0 or target not in matched:
                with self.lock:
                    self.tally.checks_failed += 1
                    self.tally.notes.append(f"check of a copy of {target} exited {code}, matched {matched}: {err[-300:]}")

    def remover(self, r: int) -> None:
        rng = random.Random(self.args.seed * 10000 + r)
        while time.monotonic() < self.stop_at:
            names = rng.sample(self.files.ids("churn"), rng.randint(1, 3))
            process, _ = self.command(["index", "remove", self.location, *names], self.files.folders[0])
            self.finished(process)
            with self.lock:
                self.tally.removes += 1
            time.sleep(rng.uniform(0.1, 0.5))

    def chaos(self) -> None:
        """Kill or stop a running writer now and then; kill and restart the Redis server."""
        rng = random.Random(self.args.seed * 7)
        next_server_kill = time.monotonic() + rng.uniform(20, 40)
        while time.monotonic() < self.stop_at:
            time.sleep(rng.uniform(1.0, 4.0))
            with self.lock:
                victims = [p for p in self.running.values() if p.poll() is None]
            if victims:
                victim = rng.choice(victims)
                time.sleep(rng.uniform(0.0, 1.5))  # somewhere in its work: reading, signing or writing
                how = signal.SIGKILL if rng.random() < 0.75 else signal.SIGTERM
                try:
                    os.kill(victim.pid, how)
                    if how == signal.SIGKILL:
                        self.killed_pids.append(victim.pid)
                except ProcessLookupError:
                    pass
            if self.server is not None and time.monotonic() > next_server_kill:
                self.server.kill_and_restart(rng.uniform(0.5, 2.0))
                with self.lock:
                    self.tally.server_kills += 1
                next_server_kill = time.monotonic() + rng.uniform(30, 50)

    def was_down(self, began: float, ended: float) -> bool:
        if self.server is None:
            return False
        spans = list(self.server.down)
        if self.server.process.poll() is not None:
            spans.append((ended - 1e9, ended))
        return any(began <= to and went <= ended for went, to in spans)


def matched_ids(stdout: str) -> list[str]:
    """The archive ids a check's JSON report says the new article matched."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return []
    matched = report.get("settings", {}).get("check", {}).get("matched", {})
    return [i for ids in matched.values() for i in ids]


def stray_processes(marker: str) -> list[int]:
    """Processes whose command line names `marker` (the soak's folder): an add's workers
    carry their parent's command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


# --- after the run: verification ------------------------------------------------------------------


def verify(soak: Soak) -> None:
    from reconcile.archive import DamagedRecord, open_archive
    from reconcile.archive.records import content_hash
    from reconcile.archive.verify import audit
    from reconcile.archive.check import check_articles
    from reconcile.ingest import article_from_text

    tally = soak.tally
    hashes = {i: {content_hash(article_from_text(i, t, i)) for t in texts} for i, texts in soak.files.versions.items()}
    with open_archive(soak.location, read_only=True) as archive:
        result = audit(archive)
        tally.articles, tally.damaged = result.articles, len(result.damaged)
        tally.unfindable = len(set(result.unfindable) | set(result.incomplete))
        tally.missing_entries, tally.dead_entries = result.missing_entries, result.dead_entries
        stored = {}
        for article_id in archive.ids():
            try:
                stored.update({s.article.id: s.article for s in archive.load([article_id])})
            except DamagedRecord:
                continue
        for article_id in set(soak.acknowledged) | {i for i in stored if i.startswith("churn/")}:
            article = stored.get(article_id)
            if article is None or content_hash(article_from_text(article_id, article.text, article_id)) not in hashes[article_id]:
                tally.lost += 1
                tally.notes.append(f"lost: {article_id}")
        sample = random.Random(soak.args.seed).sample(sorted(stored), min(soak.args.sample, len(stored)))
        for article_id in sample:
            copy = article_from_text("probe", stored[article_id].text, "probe.txt")
            if article_id not in check_articles([copy], archive).settings["check"]["matched"]["probe"]:
                tally.sample_checks_failed += 1
        if archive.backend == "sqlite":
            tally.integrity = archive._db.execute("PRAGMA integrity_check").fetchone()[0]


# --- main -----------------------------------------------------------------------------------------


def soak_backend(backend: str, args: argparse.Namespace) -> Tally:
    with tempfile.TemporaryDirectory(prefix=f"reconcile-soak-{backend}-") as tmp:
        base = Path(tmp)
        files = write_files(base, args.writers, args.seed)
        if backend == "sqlite":
            soak = Soak(backend, str(base / "archive.sqlite"), files, args, base, None)
            return run_and_verify(soak)
        (base / "redis").mkdir()
        with persistent_redis(str(base / "redis")) as server:
            soak = Soak(backend, server.url, files, args, base, server)
            return run_and_verify(soak)


def run_and_verify(soak: Soak) -> Tally:
    soak.run()
    verify(soak)
    return soak.tally


ROWS = [
    ("seconds", "seconds"),
    ("adds attempted", "adds_attempted"),
    ("adds succeeded", "adds_succeeded"),
    ("adds killed (SIGKILL)", "adds_killed"),
    ("adds stopped (SIGTERM)", "adds_stopped"),
    ("stops without their one line", "stops_unclean"),
    ("adds failed (exit 2)", "adds_failed"),
    ("removes", "removes"),
    ("server kills", "server_kills"),
    ("checks", "checks"),
    ("checks while the server was down", "checks_while_down"),
    ("checks failed", "checks_failed"),
    ("articles stored at the end", "articles"),
    ("lost", "lost"),
    ("unfindable", "unfindable"),
    ("missing index entries", "missing_entries"),
    ("dead index entries", "dead_entries"),
    ("damaged records", "damaged"),
    ("sample checks of copies failed", "sample_checks_failed"),
    ("tracebacks", "tracebacks"),
    ("stray worker processes", "stray_workers"),
    ("integrity check", "integrity"),
]


def table(tallies: list[Tally]) -> str:
    width = max(len(label) for label, _ in ROWS)
    lines = [f"{'':<{width}}  " + "  ".join(f"{t.backend:>10}" for t in tallies)]
    lines.append("-" * len(lines[0]))
    for label, name in ROWS:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{getattr(t, name)!s:>10}" for t in tallies))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--backends", default="sqlite,redis")
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--checkers", type=int, default=2)
    parser.add_argument("--removers", type=int, default=1)
    parser.add_argument("--sample", type=int, default=40, help="stored articles checked with check_articles at the end")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    tallies = []
    for backend in args.backends.split(","):
        print(f"soak: {backend} for {args.seconds:.0f} s ...", file=sys.stderr, flush=True)
        tallies.append(soak_backend(backend, args))
    print(
        f"reconcile soak, {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; {args.writers} writers, {args.checkers} checkers, "
        f"{args.removers} removers, {args.seconds:.0f} s a backend"
    )
    print(table(tallies))
    for tally in tallies:
        for note in tally.notes[:10]:
            print(f"[{tally.backend}] {note}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(t) for t in tallies], indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
