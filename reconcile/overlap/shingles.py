"""Passages and shingles: the pieces of an article that overlap finding compares.

An article's analysed blocks (headline, dek, caption, body; never boilerplate) are cut
into sentences, and sentences into clauses. Each such `Passage` keeps offsets into the
original text and the folded forms of its words; shingles are runs of folded words.
Nothing here changes the text: folding is only the matching form (see `reconcile.text`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from sys import intern
from typing import Sequence

from ..model import Article
from ..text import sentences, word_count, words

# Clause breaks: a comma, semicolon or colon followed by a space, and free-standing dashes.
# Single characters and fixed alternatives only, so the pattern cannot backtrack.
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|\s(?:--|[-\u2013\u2014])(?=\s)|[\u2013\u2014]")
# Characters trimmed off the ends of a clause so that spans do not start or end on a break.
_CLAUSE_EDGE = frozenset(" \t\r\n\u00a0,;:-\u2013\u2014")

# A clause of fewer words is joined to the clause before it ("Naturally," "he said,").
MIN_CLAUSE_WORDS = 4


@dataclass(frozen=True)
class Passage:
    """A sentence or a clause of one analysed block.

    `start`/`end` index the article's original text. `forms` are the folded words, and
    `names` marks which of them are written with a capital inside the sentence (proper
    names, titles): independent reports of one event share names, so similarity that
    counts only names is not evidence of reuse. `order` is the passage's position among
    the article's passages of the same `level`, so neighbours can be found.
    """

    doc: str
    level: str  # "sentence" or "clause"
    order: int
    block: int  # index of the block in article.blocks
    sentence: int  # order of the sentence the passage belongs to
    start: int
    end: int
    forms: tuple[str, ...]
    names: tuple[bool, ...]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The set of its folded words (made once: the aligner compares neighbours by it)."""
        return frozenset(self.forms)

    @cached_property
    def content(self) -> tuple[str, ...]:
        """The folded words that are not names (made once: the aligner reads it for
        every pair of passages it scores)."""
        return tuple(f for f, is_name in zip(self.forms, self.names) if not is_name)


def article_passages(article: Article, max_passages: int | None = None) -> tuple[list[Passage], list[Passage]]:
    """The sentences and the clauses of an article's analysed blocks, in text order.

    At most `max_passages` sentences are taken (bounded work on huge inputs); clauses
    come from those sentences only."""
    text = article.text
    sentence_passages: list[Passage] = []
    clause_passages: list[Passage] = []
    for block_index, block in enumerate(article.blocks):
        if block.role not in ("headline", "dek", "caption", "body"):
            continue
        for s_start, s_end in sentences(text, block.start, block.end):
            if max_passages is not None and len(sentence_passages) >= max_passages:
                return sentence_passages, clause_passages
            tokens = words(text, s_start, s_end)
            if not tokens:
                continue
            names = tuple(i > 0 and text[t.start].isupper() for i, t in enumerate(tokens))
            sentence_order = len(sentence_passages)
            # Interned: a corpus repeats its words, and the aligner keeps every article's
            # passages in memory at once; one string a word, not one a use, halves them.
            sentence_passages.append(
                Passage(
                    article.id,
                    "sentence",
                    sentence_order,
                    block_index,
                    sentence_order,
                    s_start,
                    s_end,
                    tuple(map(intern, [t.form for t in tokens])),
                    names,
                )
            )
            forms = sentence_passages[-1].forms
            starts = [t.start for t in tokens]
            for c_start, c_end in clause_bounds(text, s_start, s_end):
                # The sentence's words that lie inside the clause: a run, found by bisection.
                first = bisect_left(starts, c_start)
                last = first
                while last < len(tokens) and tokens[last].end <= c_end:
                    last += 1
                if last == first:
                    continue
                clause_passages.append(
                    Passage(
                        article.id,
                        "clause",
                        len(clause_passages),
                        block_index,
                        sentence_order,
                        c_start,
                        c_end,
                        forms[first:last],
                        names[first:last],
                    )
                )
    return sentence_passages, clause_passages


def clause_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause offsets inside the sentence ``text[start:end]``, trimmed of whitespace and of
    the punctuation that separates them; short clauses are joined to their predecessor."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        pieces.append((cursor, m.start()))
        cursor = m.end()
    pieces.append((cursor, end))
    if len(pieces) == 1:
        return [b for b in (_trim_edges(text, start, end),) if b[1] > b[0]]
    merged: list[tuple[int, int]] = []
    merged_words: list[int] = []  # words in each merged clause, counted once
    for s, e in pieces:
        count = word_count(text, s, e)
        if merged and (count < MIN_CLAUSE_WORDS or merged_words[-1] < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], e)
            merged_words[-1] = word_count(text, *merged[-1])
        else:
            merged.append((s, e))
            merged_words.append(count)
    return [b for b in (_trim_edges(text, s, e) for s, e in merged) if b[1] > b[0]]


def _trim_edges(text: str, s: int, e: int) -> tuple[int, int]:
    # A leading dash may be a minus sign ("-5C"), so only separators and space go at the start.
    while s < e and (text[s].isspace() or text[s] in ",;:"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _CLAUSE_EDGE):
        e -= 1
    return s, e


def word_shingles(forms: Sequence[str], size: int) -> set[str]:
    """Runs of `size` folded words, joined by a space; a passage shorter than `size`
    words is one shingle, so that short headlines can still be matched."""
    if not forms:
        return set()
    if len(forms) <= size:
        return {" ".join(forms)}
    return {" ".join(forms[i : i + size]) for i in range(len(forms) - size + 1)}
