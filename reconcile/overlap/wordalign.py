"""Word alignment of two passages: the one word-level diff that `diff` shows and findings read.

Two aligned passages are compared word by word on folded forms (case, accents and quote
styles aside), as the longest common subsequence of their words; a removal next to an
addition is one *replace*. The `diff` view draws these operations, and the findings stage
classifies every operation that is not *equal* (`reconcile.findings.changes`), so that
what an editor sees changed is exactly what reconcile accounted for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel

from ..model import Article, Span
from ..text import Token, fold_case, fold_word, words

OpKind = Literal["equal", "replace", "insert", "delete"]

# Ideographs and kana are written without spaces: each counts as a word of its own.
IDEOGRAPH = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0002fa1f]"
)


@dataclass(frozen=True)
class WordOp:
    """One step of a word-level diff. `a` and `b` hold the words of each side; the side
    that has none (an insert's `a`, a delete's `b`) is an empty span where they would go."""

    op: OpKind
    a: Span
    b: Span


def diff_words(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words a diff compares: `reconcile.text.words`, with every ideograph or kana
    a word of its own (Chinese and Japanese put no spaces between words)."""
    tokens = []
    for token in words(text, start, end):
        if not IDEOGRAPH.search(text, token.start, token.end):
            tokens.append(token)
            continue
        run = token.start
        for i in range(token.start, token.end):
            if IDEOGRAPH.match(text, i):
                if run < i:
                    tokens.append(Token(run, i, fold_word(text[run:i])))
                tokens.append(Token(i, i + 1, fold_word(text[i])))
                run = i + 1
        if run < token.end:
            tokens.append(Token(run, token.end, fold_word(text[run : token.end])))
    return [t for t in tokens if t.form]


def word_ops(a: Article, a_span: Span, b: Article, b_span: Span, keep_accents: bool = False) -> tuple[WordOp, ...]:
    """The word-level diff of two passages on folded words: the longest common
    subsequence of words is kept equal, and a removal next to an addition is a replace.
    `keep_accents`: words that differ only in accents ("Pena"/"Peña") differ (the diff a
    reviewer reads); findings fold them and ask the name rules about accents."""
    a_words = diff_words(a.text, a_span.start, a_span.end)
    b_words = diff_words(b.text, b_span.start, b_span.end)
    if keep_accents:
        keys_a, keys_b = [fold_case(a.text[t.start : t.end]) for t in a_words], [fold_case(b.text[t.start : t.end]) for t in b_words]
    else:
        keys_a, keys_b = [t.form for t in a_words], [t.form for t in b_words]
    opcodes = Indel.opcodes(keys_a, keys_b)
    ops = []
    for tag, i1, i2, j1, j2 in merged_opcodes(opcodes):
        ops.append(WordOp(tag, _words_span(a, a_words, i1, i2, a_span.start), _words_span(b, b_words, j1, j2, b_span.start)))
    return tuple(ops)


def merged_opcodes(opcodes) -> list[tuple[OpKind, int, int, int, int]]:
    """Indel opcodes with each run of inserts and deletes between two equal runs made one
    operation: a replace when it both removes and adds words."""
    merged: list[list] = []
    for op in opcodes:
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "equal" and merged and merged[-1][0] != "equal":
            last = merged[-1]
            last[2], last[4] = i2, j2
            last[0] = "replace" if (last[2] > last[1] and last[4] > last[3]) else last[0]
            continue
        merged.append([tag, i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def _words_span(article: Article, tokens: Sequence[Token], i1: int, i2: int, start: int) -> Span:
    """Words i1..i2 as one span; no words: the empty span after the word before."""
    if i2 > i1:
        return article.span(tokens[i1].start, tokens[i2 - 1].end)
    at = tokens[i1 - 1].end if i1 > 0 else start
    return article.span(at, at)
