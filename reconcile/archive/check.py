"""Check new articles against an archive: do they reuse archived text, and do they
contradict what the archive already says?

For each new article the archive's LSH index names the stored articles that may share
passages with it (`Archive.candidates`); only those are loaded, aligned and reconciled,
so a check costs as much as its matches, never as the archive. The stages are
`reconcile.pipeline`'s own functions, run on the engine given; what changes is the
scope: only document pairs with a new article are aligned, archived articles' claims are
read from the archive, and only overlaps and findings that involve a new article are
reported (an archived article's own stale caption is not the new article's problem).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from typing import Collection, Sequence

from .. import __version__
from . import INDEX_FIELDS, Archive, StoredArticle
from .records import lexicon_fingerprint
from ..claims import extract_claims
from ..claims.lexicon import Lexicon
from ..engines.local import Engine, LocalEngine
from ..limits import limits_of
from ..model import Article, Claim, Finding, InputProblem, Report
from ..overlap.find import OverlapSettings
from ..pipeline import (
    AnalysisOptions,
    Timer,
    align_pairs,
    compare_claims,
    lexicon_for,
    passages_of,
    propose_pairs,
    read_claims,
    sign_articles,
)


# Archived articles aligned per new article, the strongest LSH candidates first. Copies of
# a story share many buckets; stock phrases and recurring names give weak candidates by the
# hundred in a big archive, and this bound keeps a check's cost from following them.
MAX_CANDIDATES = 50


def check_articles(
    new: Sequence[Article],
    archive: Archive,
    options: AnalysisOptions = AnalysisOptions(),
    problems: Sequence[InputProblem] = (),
    *,
    max_candidates: int = MAX_CANDIDATES,
    engine: Engine | None = None,
    timer: Timer | None = None,
) -> Report:
    """Overlaps and findings between the new articles and the archived articles they share
    passages with. `Report.documents` lists the new articles, then the matched archive
    articles; ``settings["check"]`` says what was checked against what. `engine` and
    `timer` are `reconcile.pipeline.run_stages`' own."""
    settings = check_settings(archive.settings, options.overlap)
    engine = engine or LocalEngine()
    time_stage: Timer = timer or (lambda stage: nullcontext())
    new_ids = {a.id for a in new}
    candidates = {
        a.id: [i for i in archive.ranked_candidates(a, max_candidates + len(new_ids)) if i not in new_ids][:max_candidates] for a in new
    }
    stored = {s.article.id: s for s in archive.load(sorted({i for ids in candidates.values() for i in ids}))}

    loaded = [*new, *(s.article for s in stored.values())]
    with time_stage("signatures"):
        prepared = sign_articles(loaded, settings, engine)
    with time_stage("candidates"):
        pairs = propose_pairs(prepared, settings, engine)
    with time_stage("alignment"):
        overlaps = align_pairs(passages_of(prepared), pairs, settings, engine, involving=new_ids)
    matched = {a.id: sorted(i for i in candidates[a.id] if i in stored and _share(overlaps, a.id, i)) for a in new}
    matched_ids = list(dict.fromkeys(i for ids in matched.values() for i in ids))
    documents = [*new, *(stored[i].article for i in matched_ids)]
    kept_ids = {a.id for a in documents}
    overlaps = [o for o in overlaps if o.a.doc in kept_ids and o.b.doc in kept_ids]

    report = Report(
        documents=documents,
        overlaps=overlaps,
        problems=list(problems),
        settings={
            "reconcile": __version__,
            "overlap": settings.signature_meta(),
            "check": {
                "against": archive.location,
                "backend": archive.backend,
                "archive_articles": archive.article_count(),
                "new": [a.id for a in new],
                "matched": matched,
                "max_candidates": max_candidates,
            },
        },
    )
    report.limits = limits_of(new, settings.max_passages_per_document, options.claims)
    if options.claims:
        lexicon = lexicon_for(options.vocab)
        with time_stage("claims"):
            claims = read_claims(new, options.vocab, engine)
            claims += [c for i in matched_ids for c in stored_claims(stored[i], lexicon)]
        report.claims = claims
        with time_stage("findings"):
            findings = compare_claims(documents, claims, overlaps, lexicon)
        report.findings = [f for f in findings if about_new_article(f, new_ids, documents)]
    return report


def check_settings(recorded: OverlapSettings, requested: OverlapSettings) -> OverlapSettings:
    """The settings a check runs with: the archive's for everything its index depends on
    (signatures and LSH bands), the requested ones for the aligner, which reads text only."""
    return replace(requested, **{name: getattr(recorded, name) for name in INDEX_FIELDS})


def stored_claims(stored: StoredArticle, lexicon: Lexicon) -> list[Claim]:
    """An archived article's claims: as stored when they were extracted with this lexicon,
    extracted again otherwise (cheap: one article, no signing)."""
    if stored.lexicon == lexicon_fingerprint(lexicon):
        return list(stored.claims)
    return extract_claims(stored.article, lexicon)


def about_new_article(finding: Finding, new_ids: Collection[str], documents: Sequence[Article]) -> bool:
    """Whether a finding concerns a new article. Most findings compare sources and concern
    every article that gives evidence. A caption finding is about one caption against its
    own story: it concerns the caption's article only, even when a new copy of the story
    is what dated it."""
    if finding.kind == "caption":
        captions = {a.id: a.blocks_of("caption") for a in documents if a.id in new_ids}
        return any(b.start <= span.start and span.end <= b.end for span in finding.evidence for b in captions.get(span.doc, ()))
    return any(span.doc in new_ids for span in finding.evidence)


def _share(overlaps, x: str, y: str) -> bool:
    return any({o.a.doc, o.b.doc} == {x, y} for o in overlaps)


__all__ = ["MAX_CANDIDATES", "about_new_article", "check_articles", "check_settings", "stored_claims"]
