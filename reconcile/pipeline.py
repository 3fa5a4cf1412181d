"""The whole analysis, wired once: articles in, a `Report` out.

ingest -> overlap (passages and signatures, LSH candidates, alignment) -> claims -> findings.
Rendering is left to `reconcile.render`.

Each stage is one public function below, run on an `Engine`. `analyse` (the report,
overlaps and review commands), `reconcile.archive.check.check_articles` (new articles against an
archive) and `benchmarks/pipeline.py` all run these same functions, so what the benchmark
times is what the commands run. `run_stages` takes a `timer`: a function given each stage's
name (one of `STAGES`) that returns a context manager held while the stage runs, which is
how a caller times stages without the library knowing about clocks.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Collection, Sequence

from . import __version__
from .claims import extract_claims
from .claims.lexicon import Lexicon, cached_lexicon
from .engines.local import Engine, LocalEngine, flatten
from .findings import find_findings
from .limits import limits_of
from .model import Article, Claim, Finding, InputProblem, Overlap, Report
from .overlap.find import (
    ArticlePassages,
    Candidates,
    OverlapSettings,
    PreparedArticle,
    align_candidates,
    find_candidates,
    prepare_articles,
    signatures_by_id,
)

STAGES = ("signatures", "candidates", "alignment", "claims", "findings")

# Told each stage's name; returns what is held while the stage runs (a timer, a span).
Timer = Callable[[str], AbstractContextManager]


@dataclass(frozen=True)
class AnalysisOptions:
    """What one run checks and how.

    overlap: shingling, MinHash and aligner settings (see `OverlapSettings`).
    vocab: user vocabulary files (accept/reject lists) added to the bundled lexicon.
    claims: False for an overlaps-only run (`reconcile overlaps`).
    """

    overlap: OverlapSettings = field(default_factory=OverlapSettings)
    vocab: tuple[str, ...] = ()
    claims: bool = True


@dataclass
class Analysis:
    """What `run_stages` made: the report, and counts the report does not carry.

    candidate_pairs: document pairs LSH proposed and the aligner compared.
    crowded_buckets: passage buckets of more than `OverlapSettings.max_bucket` passages (stock
        phrases) that LSH counted and did not pair.
    """

    report: Report
    candidate_pairs: int = 0
    crowded_buckets: int = 0


# --- the stages -------------------------------------------------------------------------------


def sign_articles(articles: Sequence[Article], settings: OverlapSettings, engine: Engine) -> list[PreparedArticle]:
    """Stage 1: every article cut into passages, and the document and passages signed."""
    return prepare_articles(articles, settings, engine)


def propose_pairs(prepared: Sequence[PreparedArticle], settings: OverlapSettings, engine: Engine) -> Candidates:
    """Stage 2: the document pairs worth aligning, by LSH over documents and passages."""
    return find_candidates(signatures_by_id(prepared), settings, engine)


def align_pairs(
    passages: Sequence[ArticlePassages],
    candidates: Candidates,
    settings: OverlapSettings,
    engine: Engine,
    involving: Collection[str] | None = None,
) -> list[Overlap]:
    """Stage 3: the passages each candidate pair shares (only pairs with an id of
    `involving`, when given), sorted by (doc a, doc b, a.start)."""
    return align_candidates(passages, candidates, settings, engine, involving)


def passages_of(prepared: Sequence[PreparedArticle]) -> list[ArticlePassages]:
    """The passages of prepared articles, without their signatures (which can then go)."""
    return [p.indexed for p in prepared]


def read_claims(articles: Sequence[Article], vocab: tuple[str, ...], engine: Engine) -> list[Claim]:
    """Stage 4: every article's claims, in article order."""
    return flatten(engine.map(partial(claims_of, vocab=vocab), articles))


def compare_claims(articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap], lexicon: Lexicon) -> list[Finding]:
    """Stage 5: the facts that agree or drift between the articles."""
    return find_findings(articles, list(claims), list(overlaps), lexicon)


# --- wiring -----------------------------------------------------------------------------------


def analyse(
    articles: Sequence[Article],
    options: AnalysisOptions = AnalysisOptions(),
    problems: Sequence[InputProblem] = (),
    engine: Engine | None = None,
    on_stage: Callable[[str], None] | None = None,
    timer: Timer | None = None,
) -> Report:
    """Run every stage over the articles and gather what they found. `engine` runs the
    per-article and per-pair work (`reconcile.engines.local`); the report does not depend on it.
    `on_stage` is told, in plain words, each step as it starts (for progress); `timer`
    is given each stage's name (see `run_stages`)."""
    return run_stages(articles, options, problems, engine=engine, on_stage=on_stage, timer=timer).report


def run_stages(
    articles: Sequence[Article],
    options: AnalysisOptions = AnalysisOptions(),
    problems: Sequence[InputProblem] = (),
    *,
    engine: Engine | None = None,
    on_stage: Callable[[str], None] | None = None,
    timer: Timer | None = None,
    until: str = STAGES[-1],
) -> Analysis:
    """`analyse`, with the counts a benchmark reads; `until` stops after that stage (the
    report then holds what the stages run so far made)."""
    if until not in STAGES:
        raise ValueError(f"until must be one of {', '.join(STAGES)}, not {until!r}")
    engine = engine or LocalEngine()
    time_stage: Timer = timer or (lambda stage: nullcontext())
    tell = on_stage or (lambda message: None)
    settings = options.overlap
    report = Report(
        documents=list(articles), problems=list(problems), settings={"reconcile": __version__, "overlap": settings.signature_meta()}
    )
    report.limits = limits_of(articles, settings.max_passages_per_document, options.claims)
    analysis = Analysis(report)
    done = STAGES[: STAGES.index(until) + 1]

    tell(f"signing {len(articles)} articles and aligning shared passages")
    with time_stage("signatures"):
        prepared = sign_articles(articles, settings, engine)
    if "candidates" not in done:
        return analysis
    with time_stage("candidates"):
        candidates = propose_pairs(prepared, settings, engine)
    analysis.candidate_pairs, analysis.crowded_buckets = len(candidates.pairs), candidates.crowded_buckets
    if "alignment" not in done:
        return analysis
    passages = passages_of(prepared)
    del prepared  # the signatures: a third of the overlap stage's memory, done with
    with time_stage("alignment"):
        report.overlaps = align_pairs(passages, candidates, settings, engine)
    del passages, candidates  # not needed past alignment
    if not options.claims or "claims" not in done:
        return analysis
    lexicon = lexicon_for(options.vocab)
    tell(f"reading claims in {len(articles)} articles")
    with time_stage("claims"):
        report.claims = read_claims(articles, options.vocab, engine)
    if "findings" not in done:
        return analysis
    tell(f"comparing facts ({len(report.overlaps)} shared passages)")
    with time_stage("findings"):
        report.findings = compare_claims(articles, report.claims, report.overlaps, lexicon)
    return analysis


def lexicon_for(vocab: tuple[str, ...]) -> Lexicon:
    """The lexicon with these vocabulary files, read again only when one of them changes."""
    return cached_lexicon(vocab)


def claims_of(article: Article, vocab: tuple[str, ...] = ()) -> list[Claim]:
    """One article's claims (module level, so an engine can ship it)."""
    return extract_claims(article, lexicon_for(vocab))


__all__ = [
    "STAGES",
    "Analysis",
    "AnalysisOptions",
    "Timer",
    "align_pairs",
    "analyse",
    "claims_of",
    "compare_claims",
    "lexicon_for",
    "passages_of",
    "propose_pairs",
    "read_claims",
    "run_stages",
    "sign_articles",
]
