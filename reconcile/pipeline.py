"""The whole analysis as one pure function: articles in, a `Report` out.

ingest -> overlap -> claims -> findings. Rendering is left to `reconcile.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from . import __version__
from .claims import extract_claims
from .claims.lexicon import load_lexicon
from .findings import find_findings
from .limits import limits_of
from .model import Article, InputProblem, Report
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
            problems: Sequence[InputProblem] = ()) -> Report:
    """Run every stage over the articles and gather what they found."""
    overlaps = find_overlaps(articles, options.overlap)
    report = Report(documents=list(articles), overlaps=overlaps, problems=list(problems),
                    settings={"reconcile": __version__, "overlap": options.overlap.signature_meta()})
    report.limits = limits_of(articles, options.overlap.max_passages_per_document, options.claims)
    if options.claims:
        lexicon = load_lexicon(options.vocab)
        claims = [claim for article in articles for claim in extract_claims(article, lexicon)]
        report.claims = claims
        report.findings = find_findings(articles, claims, overlaps, lexicon)
    return report
