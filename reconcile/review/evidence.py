"""Evidence in its context: for one finding, the sentences around each evidence span,
grouped into one column per article, ready for a reviewer to read side by side.

Pure functions over the model; nothing here knows about Textual. Every `Span` made here
indexes its article's original text, and every evidence span shown lies inside the
passage that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Mapping

from ..model import Article, Finding, Span
from ..text import sentences

# A context shorter than this (a dateline, "PUBLISHED : ...") says little on its own, so
# the sentence after it is shown too.
MIN_CONTEXT_CHARS = 40
# A passage longer than this is cut to a window around its evidence, so that one long
# paragraph does not push the other articles' evidence out of a small terminal.
MAX_CONTEXT_CHARS = 600


@dataclass(frozen=True)
class Passage:
    """A stretch of an article shown to the reviewer, with the evidence spans inside it.

    `cut_before`/`cut_after` say that the sentence went on beyond the passage."""

    context: Span
    marks: tuple[Span, ...]
    cut_before: bool = False
    cut_after: bool = False


@dataclass(frozen=True)
class EvidenceColumn:
    """Everything one article contributes to a finding's evidence, in text order."""

    doc: str
    title: str
    passages: tuple[Passage, ...]


def article_sentence_bounds(article: Article) -> list[tuple[int, int]]:
    """Sentence bounds of every block, in text order: the units a context is made of.
    Text outside any block (there should be none) falls back to the splitter over all."""
    if not article.blocks:
        return sentences(article.text)
    return [bound for block in sorted(article.blocks, key=lambda b: b.start) for bound in sentences(article.text, block.start, block.end)]


def context_bounds(span: Span, bounds: list[tuple[int, int]], text_length: int) -> tuple[int, int]:
    """The sentences that `span` touches, grown by the next sentence while too short to
    read on their own; the span itself when no sentence holds it (whitespace, say)."""
    touched = [
        i
        for i, (s, e) in enumerate(bounds)
        if s < span.end and span.start < e or s <= span.start < e or (span.start == span.end and s <= span.start <= e)
    ]
    if not touched:
        return max(0, min(span.start, text_length)), max(0, min(span.end, text_length))
    first, last = touched[0], touched[-1]
    start, end = min(bounds[first][0], span.start), max(bounds[last][1], span.end)
    while end - start < MIN_CONTEXT_CHARS and last + 1 < len(bounds):
        last += 1
        end = max(end, bounds[last][1])
    return start, end


def cut_to_window(article: Article, start: int, end: int, marks: tuple[Span, ...], limit: int = MAX_CONTEXT_CHARS) -> tuple[int, int]:
    """A window of about `limit` characters of ``[start, end)`` around the marks, its
    edges moved out to the nearest space so that no word is cut. The marks always fit:
    when they alone are longer than `limit`, the window is what they cover, in whole words."""
    if end - start <= limit:
        return start, end
    first, last = min(m.start for m in marks), max(m.end for m in marks)
    spare = max(0, limit - (last - first))
    lo = max(start, first - spare // 3)
    hi = min(end, max(last, lo + limit))
    lo = max(start, min(lo, hi - limit, first))
    text = article.text
    while lo > start and not text[lo - 1].isspace():
        lo -= 1
    while hi < end and not text[hi].isspace():
        hi += 1
    return lo, hi


def passages_of(article: Article, spans: list[Span], limit: int = MAX_CONTEXT_CHARS) -> tuple[Passage, ...]:
    """The passages that show `spans` (all from `article`): each span's context, contexts
    that overlap merged into one, in text order."""
    bounds = article_sentence_bounds(article)
    ranges: list[list] = []  # [start, end, marks]
    for span in sorted(set(spans), key=lambda s: (s.start, -s.end)):
        start, end = context_bounds(span, bounds, len(article.text))
        if ranges and start <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], end)
            ranges[-1][2].append(span)
        else:
            ranges.append([start, end, [span]])
    passages = []
    for start, end, marks in ranges:
        lo, hi = cut_to_window(article, start, end, tuple(marks), limit)
        passages.append(Passage(article.span(lo, hi), tuple(marks), cut_before=lo > start, cut_after=hi < end))
    return tuple(passages)


def evidence_columns(finding: Finding, articles: Mapping[str, Article], limit: int = MAX_CONTEXT_CHARS) -> list[EvidenceColumn]:
    """One column per article the finding's evidence comes from, in the order the evidence
    names them. Evidence from an article that is not at hand is shown as itself."""
    by_doc: dict[str, list[Span]] = {}
    for span in finding.evidence:
        by_doc.setdefault(span.doc, []).append(span)
    columns = []
    for doc, spans in by_doc.items():
        article = articles.get(doc)
        if article is None:
            passages = tuple(Passage(s, (s,)) for s in sorted(set(spans)))
            columns.append(EvidenceColumn(doc, "", passages))
            continue
        headline = article.headline
        title = article.title or (headline.text if headline else "")
        columns.append(EvidenceColumn(doc, " ".join(title.split()), passages_of(article, spans, limit)))
    return columns


def marked_pieces(passage: Passage) -> list[tuple[str, int]]:
    """The passage's text in pieces, each with how many evidence spans cover it (0 for
    plain context). Joined, the pieces are exactly the passage's text."""
    start, end = passage.context.start, passage.context.end
    cuts = {start, end}
    for mark in passage.marks:
        cuts.update(max(start, min(end, offset)) for offset in (mark.start, mark.end))
    points = sorted(cuts)
    pieces: list[tuple[str, int]] = []
    for lo, hi in pairwise(points):
        depth = sum(1 for m in passage.marks if m.start <= lo and hi <= m.end)
        piece = passage.context.text[lo - start : hi - start]
        if pieces and pieces[-1][1] == depth:
            pieces[-1] = (pieces[-1][0] + piece, depth)
        else:
            pieces.append((piece, depth))
    return pieces


__all__ = ["EvidenceColumn", "Passage", "context_bounds", "cut_to_window", "evidence_columns", "marked_pieces", "passages_of"]
