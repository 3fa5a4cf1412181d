"""Check latency at scale: `reconcile check` of one new article against a big SQLite archive.

1. The archive: N articles of the generated corpus (`benchmarks/corpus.py`, fixed seed),
   added in batches (each one transaction) with `open_archive(PATH, create=True).add(...)`.
   An archive already at PATH is reused when it was built from the same corpus (seed and
   words, recorded next to it in PATH.corpus.json) with the current settings; when it holds
   fewer than N articles the rest of the corpus is added, so a 10k archive can be grown to
   100k and the same checks timed at both sizes. Add speed is reported for what this run added.
2. The checks, held out of the archive and the same at every archive size:
   - half are new copies of archived stories: a story with copies begun among the corpus's
     first 1,000 articles is given one more copy (verbatim, edited or with planted fact drift, made
     by the corpus generator exactly as it made the archived ones); its archived cluster
     mates are the matches a check should find;
   - half are stories the archive has never seen (another seed), which should match nothing.
3. Each check is `check_articles([article], archive)`, timed (wall clock): p50/p95/max. The
   same check is run again cut at its stage boundaries (lookup: signing and the LSH band
   look-up; load: reading the candidates; overlaps; claims; findings), and that report is
   required to equal `check_articles`'s, so the split describes the real check.
   Recall: the archived cluster mates each copy matched.

Corpus generation, reading the articles and a warm-up check are outside the timings.

Usage: python benchmarks/check_latency.py [--articles 100000] [--checks 100] [--archive PATH]
       [--jobs 2] [--batch 2000] [--seed 1] [--words 600] [--json FILE]
       python benchmarks/check_latency.py --articles 2000 --checks 20    # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402
from archive import percentile, planted_found  # noqa: E402
from corpus import GeneratedArticle  # noqa: E402
from pipeline import StageTimes, machine, rss_mb  # noqa: E402

from reconcile import __version__  # noqa: E402
from reconcile.archive import Archive, open_archive  # noqa: E402
from reconcile.archive.check import MAX_CANDIDATES, about_new_article, check_articles, check_settings, stored_claims  # noqa: E402
from reconcile.claims import extract_claims  # noqa: E402
from reconcile.claims.lexicon import load_lexicon  # noqa: E402
from reconcile.errors import ReconcileError  # noqa: E402
from reconcile.findings import find_findings  # noqa: E402
from reconcile.limits import limits_of  # noqa: E402
from reconcile.model import Article, Report  # noqa: E402
from reconcile.overlap.find import OverlapSettings, find_overlaps  # noqa: E402
from reconcile.pipeline import AnalysisOptions  # noqa: E402

CHECK_STAGES = ("lookup", "load", "overlaps", "claims", "findings")
# Copies are made of stories among this many first articles of the corpus, so that the
# checks are the same whatever the archive's size (from this size up).
STORIES_FROM = 1_000
# Unseen stories come from the corpus generator with this seed offset.
UNSEEN_SEED = 1_000_003


# --- the checks: held out, with known answers -----------------------------------------------------


@dataclass(frozen=True)
class Check:
    generated: GeneratedArticle
    expected: frozenset[str]  # archived ids of the same story

    @property
    def article(self) -> Article:
        return self.generated.article()


def held_out_checks(archived: Sequence[GeneratedArticle], checks: int, seed: int, words: int) -> list[Check]:
    """`checks` new articles: one more copy of archived clustered stories (half), and
    stories never archived (the other half), in a fixed shuffled order."""
    rng = random.Random(f"check-latency:{seed}")
    members: dict[str, list[GeneratedArticle]] = {}
    for a in archived:
        members.setdefault(a.story, []).append(a)
    # Stories begun among the first articles; the archive's last story may have lost copies.
    early = dict.fromkeys(a.story for a in archived[:STORIES_FROM]) if archived else {}
    clustered = sorted(story for story in early if len(members[story]) > 1 and story != archived[-1].story)
    copies = rng.sample(clustered, min(len(clustered), checks - checks // 2))
    out = []
    for story in copies:
        group = members[story]
        made = corpus.story_articles(int(story[1:]), seed, words, len(group))
        if [a.text for a in made[:-1]] != [a.text for a in group]:
            raise SystemExit(f"the corpus generator no longer remakes story {story} as archived; rebuild the archive")
        out.append(Check(made[-1], frozenset(a.id for a in group)))
    for index in range(checks - len(out)):
        unseen = corpus.story_articles(index, seed + UNSEEN_SEED, words, 0, prefix="new")[0]
        out.append(Check(unseen, frozenset()))
    rng.shuffle(out)
    return out


# --- the archive: built once, grown, reused -------------------------------------------------------


@dataclass
class Built:
    articles: int
    added: int
    add_seconds: float
    size_bytes: int | None
    passages: int
    claims: int


def corpus_record(path: str) -> Path:
    return Path(path + ".corpus.json")


def ensure_archive(path: str, archived: Sequence[GeneratedArticle], seed: int, words: int, batch: int, jobs: int) -> Built:
    """The archive at `path` holding exactly `archived` (a prefix of the corpus): reused,
    grown by the missing articles, or built."""
    record = corpus_record(path)
    wanted = {"seed": seed, "words": words, "generator": "benchmarks/corpus.py"}
    if os.path.exists(path):
        if not record.exists() or json.loads(record.read_text(encoding="utf-8")) != wanted:
            raise SystemExit(
                f"{path} was not built by this benchmark from the same corpus (seed {seed}, "
                f"{words} words); remove it or give another --archive"
            )
    added, spent = 0, 0.0
    try:
        with open_archive(path, OverlapSettings(), create=True) as archive:
            record.write_text(json.dumps(wanted), encoding="utf-8")
            have = archive.article_count()
            if have > len(archived):
                raise SystemExit(
                    f"{path} holds {have:,} articles, more than the {len(archived):,} asked for; "
                    f"give --articles {have} or another --archive"
                )
            if have and not archive.load([archived[have - 1].id]):
                raise SystemExit(f"{path} does not hold the first {have:,} articles of the corpus; remove it")
            for start in range(have, len(archived), batch):
                chunk = [g.article() for g in archived[start : start + batch]]
                began = time.perf_counter()
                archive.add(chunk, jobs=jobs)
                spent += time.perf_counter() - began
                added += len(chunk)
                print(
                    f"archive: {start + len(chunk):,}/{len(archived):,} articles (adding {added / spent:.1f}/s)",
                    file=sys.stderr,
                    flush=True,
                )
            stats = archive.stats()
    except ReconcileError as error:
        raise SystemExit(f"cannot use {path}: {error}") from None
    return Built(stats.articles, added, spent, stats.size_bytes, stats.passages, stats.claims)


# --- one check, cut at its stage boundaries ------------------------------------------------------


def staged_check(
    new: Article, archive: Archive, times: StageTimes, options: AnalysisOptions = AnalysisOptions(), counts: dict | None = None
) -> Report:
    """`check_articles([new], archive, options)` step for step, each stage timed; the
    benchmark requires the two reports to be equal. `counts` gets the candidates loaded."""
    settings = check_settings(archive.settings, options.overlap)
    new_ids = {new.id}
    with times.stage("lookup"):
        candidates = [i for i in archive.ranked_candidates(new, MAX_CANDIDATES + 1) if i != new.id][:MAX_CANDIDATES]
    with times.stage("load"):
        stored = {s.article.id: s for s in archive.load(sorted(set(candidates)))}
    if counts is not None:
        counts["loaded"] = len(stored)
    with times.stage("overlaps"):
        overlaps = find_overlaps([new, *(s.article for s in stored.values())], settings, involving=new_ids)
        shared = {o.b.doc if o.a.doc == new.id else o.a.doc for o in overlaps if new.id in (o.a.doc, o.b.doc)}
        matched = sorted(i for i in candidates if i in stored and i in shared)
        documents = [new, *(stored[i].article for i in matched)]
        kept = {a.id for a in documents}
        overlaps = [o for o in overlaps if o.a.doc in kept and o.b.doc in kept]
    report = Report(
        documents=documents,
        overlaps=overlaps,
        problems=[],
        settings={
            "reconcile": __version__,
            "overlap": settings.signature_meta(),
            "check": {
                "against": archive.location,
                "backend": archive.backend,
                "archive_articles": archive.article_count(),
                "new": [new.id],
                "matched": {new.id: matched},
                "max_candidates": MAX_CANDIDATES,
            },
        },
    )
    report.limits = limits_of([new], settings.max_passages_per_document, options.claims)
    with times.stage("claims"):
        lexicon = load_lexicon(options.vocab)
        claims = extract_claims(new, lexicon) + [c for i in matched for c in stored_claims(stored[i], lexicon)]
        report.claims = claims
    with times.stage("findings"):
        findings = find_findings(documents, claims, overlaps, lexicon)
        report.findings = [f for f in findings if about_new_article(f, new_ids, documents)]
    return report


def run_checks(archive: Archive, checks: Sequence[Check]) -> dict:
    """Time every check; the stage split and the matches against the known answers."""
    warm = corpus.story_articles(0, UNSEEN_SEED * 2, 600, 0, prefix="warm")[0].article()
    check_articles([warm], archive)  # lexicon, imports, the archive's first pages
    latencies, cpu, loaded, lookups, per_stage = [], [], [], [], {stage: [] for stage in CHECK_STAGES}
    mates_expected = mates_found = wrong = unrelated_clean = planted = planted_hit = 0
    for check in checks:
        article = check.article
        began, began_cpu = time.perf_counter(), time.process_time()
        report = check_articles([article], archive)
        latencies.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        times, counts = StageTimes(), {}
        if staged_check(article, archive, times, counts=counts) != report:
            raise SystemExit(f"the staged check of {article.id} differs from check_articles: the benchmark is wrong")
        for stage in CHECK_STAGES:
            per_stage[stage].append(times.wall.get(stage, 0.0))
        lookups.append(times.wall["lookup"])
        loaded.append(counts["loaded"])
        matched = set(report.settings["check"]["matched"][article.id])
        mates_expected += len(check.expected)
        mates_found += len(matched & check.expected)
        wrong += len(matched - check.expected)
        unrelated_clean += not check.expected and not matched
        hit, of = planted_found(report, check.generated)
        planted_hit += hit
        planted += of
    copies = sum(1 for c in checks if c.expected)
    return {
        "checks": len(checks),
        "copies": copies,
        "unrelated": len(checks) - copies,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "max_ms": 1000 * max(latencies),
        "mean_ms": 1000 * statistics.fmean(latencies),
        "cpu_p50_ms": 1000 * percentile(cpu, 50),
        "cpu_p95_ms": 1000 * percentile(cpu, 95),
        "loaded_mean": statistics.fmean(loaded),
        "loaded_at_cap": sum(n >= MAX_CANDIDATES for n in loaded),
        "stage_mean_ms": {stage: 1000 * statistics.fmean(values) for stage, values in per_stage.items()},
        "lookup_p50_ms": 1000 * percentile(lookups, 50),
        "lookup_p95_ms": 1000 * percentile(lookups, 95),
        "mates_expected": mates_expected,
        "mates_found": mates_found,
        "recall": mates_found / mates_expected if mates_expected else None,
        "wrong_matches": wrong,
        "unrelated_without_matches": unrelated_clean,
        "planted_changes": planted,
        "planted_found": planted_hit,
        "latencies_ms": [round(1000 * t, 1) for t in latencies],
    }


# --- the table -----------------------------------------------------------------------------------


def table(result: dict) -> str:
    b, c = result["archive"], result["checks"]
    size = "-" if b["size_bytes"] is None else f"{b['size_bytes'] / 1e6:,.0f} MB"
    rows = [
        ("archive articles", f"{b['articles']:,}"),
        ("passages / claims stored", f"{b['passages']:,} / {b['claims']:,}"),
        ("archive file", size),
        (
            "added this run",
            f"{b['added']:,} in {b['add_seconds']:.0f} s"
            + (f" ({b['added'] / b['add_seconds']:.1f}/s, jobs {result['jobs']})" if b["added"] else ""),
        ),
        ("checks (copies + unrelated)", f"{c['checks']} ({c['copies']} + {c['unrelated']})"),
        ("check latency p50 / p95 / max", f"{c['p50_ms']:.0f} / {c['p95_ms']:.0f} / {c['max_ms']:.0f} ms"),
        ("check CPU p50 / p95", f"{c['cpu_p50_ms']:.0f} / {c['cpu_p95_ms']:.0f} ms"),
        (
            f"candidates loaded per check (mean; checks at the cap of {MAX_CANDIDATES})",
            f"{c['loaded_mean']:.1f}; {c['loaded_at_cap']}/{c['checks']}",
        ),
        (
            "mean per stage: lookup / load / overlaps / claims / findings",
            " / ".join(f"{c['stage_mean_ms'][s]:.0f}" for s in CHECK_STAGES) + " ms",
        ),
        ("lookup p50 / p95", f"{c['lookup_p50_ms']:.0f} / {c['lookup_p95_ms']:.0f} ms"),
        (
            "cluster mates found (recall)",
            f"{c['mates_found']}/{c['mates_expected']}" + ("" if c["recall"] is None else f" ({c['recall']:.2f})"),
        ),
        ("wrong matches", str(c["wrong_matches"])),
        ("unrelated checks with no match", f"{c['unrelated_without_matches']}/{c['unrelated']}"),
        ("planted changes with a finding", f"{c['planted_found']}/{c['planted_changes']}"),
        ("peak memory (RSS)", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    lines = ["| | |", "|---|---:|"] + [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `reconcile check` against a big SQLite archive.")
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the archive (default 100000)")
    parser.add_argument("--checks", type=int, default=100, help="new articles to check, one at a time")
    parser.add_argument(
        "--archive", default=None, help="archive file to build or reuse (default: reconcile-check-<N>.sqlite in the temp dir)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes that sign and extract when adding")
    parser.add_argument("--batch", type=int, default=2000, help="articles per add (one transaction each)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=600, help="about this many words an article")
    parser.add_argument("--build-only", action="store_true", help="build or grow the archive, then stop")
    parser.add_argument("--json", help="also write the measurements to this JSON file")
    args = parser.parse_args(argv)
    path = args.archive or os.path.join(os.environ.get("TMPDIR", "/tmp"), f"reconcile-check-{args.seed}.sqlite")

    began = time.perf_counter()
    archived = corpus.generate_corpus(args.articles, seed=args.seed, words=args.words)
    checks = held_out_checks(archived, args.checks, args.seed, args.words)
    print(
        f"corpus of {len(archived):,} articles and {len(checks)} checks generated in {time.perf_counter() - began:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    built = ensure_archive(path, archived, args.seed, args.words, args.batch, args.jobs)
    del archived
    if args.build_only:
        print(f"{path}: {built.articles:,} articles", file=sys.stderr)
        return 0
    with open_archive(path) as archive:
        measured = run_checks(archive, checks)
    result = {
        "machine": machine(),
        "archive_path": path,
        "jobs": args.jobs,
        "archive": built.__dict__,
        "checks": measured,
        "peak_rss_mb": rss_mb(resource.getrusage(resource.RUSAGE_SELF)),
    }
    print(
        f"reconcile check latency: one article at a time against a SQLite archive of {built.articles:,} "
        f"generated articles (seed {args.seed}, about {args.words} words); reconcile {__version__}\n"
        f"machine: {machine()}\n"
    )
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
