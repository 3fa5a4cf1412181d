"""The whole analysis as one pure function: articles in, a `Report` out.

ingest -> overlap -> claims -> findings. Rendering is left to `reconcile.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Callable, Sequence

from . import __version__
from .claims import extract_claims
from .claims.lexicon import Lexicon, load_lexicon
from .engine import Engine, LocalEngine, flatten
from .findings import find_findings
from .limits import limits_of
from .model import Article, Claim, InputProblem, Report
from .overlap import OverlapSettings, find_overlaps


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


def analyse(articles: Sequence[Article], options: AnalysisOptions = AnalysisOptions(),
            problems: Sequence[InputProblem] = (), engine: Engine | None = None,
            on_stage: Callable[[str], None] | None = None) -> Report:
    """Run every stage over the articles and gather what they found. `engine` runs the
    per-article and per-pair work (`reconcile.engine`); the report does not depend on it.
    `on_stage` is told, in plain words, each stage as it starts (for progress)."""
    engine = engine or LocalEngine()
    tell = on_stage or (lambda stage: None)
    tell(f"signing {len(articles)} articles and aligning shared passages")
    overlaps = find_overlaps(articles, options.overlap, engine=engine)
    report = Report(documents=list(articles), overlaps=overlaps, problems=list(problems),
                    settings={"reconcile": __version__, "overlap": options.overlap.signature_meta()})
    report.limits = limits_of(articles, options.overlap.max_passages_per_document, options.claims)
    if options.claims:
        lexicon = lexicon_for(options.vocab)
        tell(f"reading claims in {len(articles)} articles")
        claims = flatten(engine.map(partial(claims_of, vocab=options.vocab), articles))
        report.claims = claims
        tell(f"comparing facts ({len(overlaps)} shared passages)")
        report.findings = find_findings(articles, claims, overlaps, lexicon)
    return report


@lru_cache(maxsize=8)
def lexicon_for(vocab: tuple[str, ...]) -> Lexicon:
    """The lexicon with these vocabulary files, read once per process."""
    return load_lexicon(vocab)


def claims_of(article: Article, vocab: tuple[str, ...] = ()) -> list[Claim]:
    """One article's claims (module level, so an engine can ship it to a worker)."""
    return extract_claims(article, lexicon_for(vocab))
