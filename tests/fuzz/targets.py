"""What each fuzz target does with one input, in plain Python so that the regression test
can replay a saved input without atheris. `fuzz_*.py` only hand these to atheris.

Each target returns normally, raises one of reconcile's own errors (allowed: documented),
or fails an assertion or raises anything else (a crash to fix).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile

from reconcile.errors import ReconcileError
from reconcile.ingest import article_from_text, read_inputs
from reconcile.model import Article, Report
from reconcile.pipeline import analyse

SUFFIXES = (".txt", ".html", ".json", ".jsonl")
_WORKDIR = tempfile.mkdtemp(prefix="reconcile-fuzz-")


def memoise_lsh_parameters() -> None:
    """datasketch integrates numerically to choose LSH bands for every index it builds
    (about 30 ms); the answer depends only on the threshold and permutation count, so
    the fuzzer caches it to spend its time in reconcile instead."""
    import datasketch.lsh as lsh

    if not hasattr(lsh._optimal_param, "cache_info"):
        lsh._optimal_param = functools.lru_cache(maxsize=None)(lsh._optimal_param)


def check_article(article: Article) -> None:
    """An article's blocks lie inside its text, in order, without overlapping."""
    previous_end = 0
    for block in article.blocks:
        assert 0 <= block.start <= block.end <= len(article.text), (article.id, block)
        assert block.start >= previous_end, (article.id, block)
        previous_end = block.end


def check_report(report: Report) -> None:
    """Every span of the report (overlaps, claims and their sentences, findings' evidence)
    is a slice of its article's text."""
    texts = {a.id: a.text for a in report.documents}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    spans += [s for f in report.findings for s in f.evidence]
    for span in spans:
        assert texts[span.doc][span.start : span.end] == span.text, span


def ingest_one(data: bytes) -> None:
    """The first byte chooses the file type (.txt, .html, .json, .jsonl), the rest is the
    file. Reading never raises: an unreadable input is a problem in the result."""
    if not data:
        return
    path = os.path.join(_WORKDIR, "input" + SUFFIXES[data[0] % len(SUFFIXES)])
    with open(path, "wb") as handle:
        handle.write(data[1:])
    inputs = read_inputs([path])
    for article in inputs.articles:
        check_article(article)
    assert inputs.articles or inputs.problems, "an input was neither read nor reported"


def two_texts(data: bytes) -> tuple[str, str, dt.date | None]:
    """Two article texts and a publication date from bytes.

    Byte 0: bit 0 gives the first article a date, bit 1 makes the second text independent
    (else it is a copy of the first with a stretch replaced, so that overlaps and
    cross-source findings are reached), bit 2 decodes UTF-16 instead of UTF-8 (any code
    point), bits 3-6 how many characters the copy drops. Byte 1 splits the rest between
    the two texts; byte 2 is the date and where the copy is edited."""
    if len(data) < 3:
        return "", "", None
    mode, cut, where = data[0], data[1], data[2]
    codec = "utf-16-le" if mode & 4 else "utf-8"
    body = data[3:]
    at = len(body) * cut // 256
    if codec == "utf-16-le":
        at -= at % 2
    first, tail = body[:at].decode(codec, "replace"), body[at:].decode(codec, "replace")
    if mode & 2:
        second = tail
    else:
        pos = len(first) * where // 256
        second = first[:pos] + tail + first[pos + (mode >> 3) % 16 :]
    published = dt.date(2000, 1, 1) + dt.timedelta(days=where * 40) if mode & 1 else None
    return first, second, published


def pipeline_one(data: bytes) -> None:
    """Two articles through layout, overlaps, claims and findings: a report whose every
    span indexes its article, or one of reconcile's own errors."""
    first, second, published = two_texts(data)
    articles = [article_from_text("a", first, published=published), article_from_text("b", second)]
    for article in articles:
        check_article(article)
    try:
        report = analyse(articles)
    except ReconcileError:
        return
    check_report(report)


TARGETS = {"ingest": ingest_one, "pipeline": pipeline_one}
