"""Diff rows: two versions of one story, aligned passage by passage, with the words that changed.

News paragraphs are long lines and rewrites move, split and merge them, so a line diff says
little. Instead:

1. the overlap aligner (`reconcile.overlap.find.align_pair`) aligns the whole pair, whatever LSH
   would have said: two versions given explicitly are always compared;
2. of its passage pairs, those that do not overlap each other are kept, and the heaviest
   chain that runs in reading order on both sides becomes the backbone; pairs off the
   chain are *moved* passages;
3. the text left over between two backbone pairs (short headlines, sentences the aligner
   did not anchor, metadata lines) is paired in order when its wording is similar enough,
   and what is still left is *removed* (only in A) or *added* (only in B);
4. every aligned pair gets a word-level diff on folded words, so case and quote
   styles alone are not changes; ideographs count as one word each;
5. findings (conflicts and variants from `reconcile.pipeline.analyse`) are attached to the
   rows whose passages hold their evidence.

Promises: every `Span` in a `Diff` indexes its article's original text; rows come in the
reading order of A, with passages only in B placed after the B passage they follow; no
character of either article is in two rows. Work is bounded by the overlap settings and by
`MAX_GAP_PAIRS` / `MAX_PAIRED_CHARS` for the leftover text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ..overlap.align import passage_similarity
from ..model import Article, Finding, Overlap, Span
from ..overlap.find import OverlapSettings, _index, align_pair, candidate_pairs
from ..text import fold
from ..overlap.wordalign import WordOp, diff_words, word_ops

RowKind = Literal["aligned", "moved", "removed", "added"]

# Leftover passages are paired only while a gap holds at most this many candidate pairs,
# and only passages up to this length are scored (longer ones pair only when identical).
MAX_GAP_PAIRS = 40_000
MAX_PAIRED_CHARS = 20_000


@dataclass(frozen=True)
class DiffRow:
    """One line of the side-by-side view.

    aligned: a passage of A and its counterpart in B, in the same order on both sides.
    moved: an aligned pair whose B passage sits elsewhere in B's reading order.
    removed / added: a passage only in A / only in B (`b` / `a` is None).
    """

    kind: RowKind
    a: Span | None
    b: Span | None
    similarity: float | None = None
    ops: tuple[WordOp, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        """The two sides differ in words, not only in case or punctuation (or accents, when
        the diff folds them)."""
        return any(op.op != "equal" for op in self.ops)

    @property
    def notable(self) -> bool:
        """Worth an editor's eye: changed words, or a finding."""
        return self.changed or bool(self.findings)


@dataclass(frozen=True)
class Collapsed:
    """Unchanged rows left out of a view, by number."""

    count: int


@dataclass(frozen=True)
class Diff:
    """Two versions of a story as rows in reading order, with the findings about them."""

    a: Article
    b: Article
    rows: tuple[DiffRow, ...]
    # Conflicts and variants between (or within) the two, in report order; rows refer to them.
    findings: tuple[Finding, ...] = ()
    settings: dict = field(default_factory=dict)

    @property
    def differs(self) -> bool:
        """The versions differ in words (what `--exit-code` reports)."""
        return any(row.changed for row in self.rows)

    def counts(self) -> dict[str, int]:
        """Rows by kind, and how many aligned or moved rows changed."""
        counts = {kind: 0 for kind in ("aligned", "moved", "removed", "added")}
        for row in self.rows:
            counts[row.kind] += 1
        counts["changed"] = sum(1 for r in self.rows if r.kind in ("aligned", "moved") and r.changed)
        return counts


def diff_articles(
    a: Article,
    b: Article,
    settings: OverlapSettings = OverlapSettings(),
    findings: Sequence[Finding] | None = None,
    vocab: tuple[str, ...] = (),
    fold_accents: bool = False,
) -> Diff:
    """Align two versions of a story and diff them word by word.

    `findings` defaults to those `reconcile.pipeline.analyse` finds in the two articles
    (agreements left out); pass ``()`` for a diff without findings. Words that differ only
    in accents ("Pena"/"Peña") are changes unless `fold_accents`."""
    if a.id == b.id:
        raise ValueError(f"the two versions need distinct ids (both are {a.id!r})")
    if findings is None:
        from ..pipeline import AnalysisOptions, analyse

        findings = analyse([a, b], AnalysisOptions(overlap=settings, vocab=vocab)).findings
    shown = tuple(f for f in findings if f.status != "agreement")
    pairs = aligned_passages(a, b, settings)
    chain, moved = backbone(pairs)
    rows = _rows(a, b, chain, moved, settings.min_similarity, not fold_accents)
    return Diff(
        a, b, tuple(attach_findings(rows, shown)), shown, {"overlap": settings.signature_meta(), "min_similarity": settings.min_similarity}
    )


def aligned_passages(a: Article, b: Article, settings: OverlapSettings) -> list[Overlap]:
    """The passage pairs the overlap aligner finds between the two, A side first.

    LSH hints are passed when there are any, so that long articles past `max_pair_work`
    are still aligned around the passages LSH matched."""
    x, y = _index(a, settings), _index(b, settings)
    key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
    hints = candidate_pairs([x, y], settings).get(key, {})
    if a.id > b.id:
        hints = {level: (ys, xs) for level, (xs, ys) in hints.items()}
    return align_pair(x, y, hints, settings)


def backbone(pairs: Sequence[Overlap]) -> tuple[list[Overlap], list[Overlap]]:
    """Split passage pairs into the chain shown in order on both sides and the moved ones.

    Pairs that overlap a heavier pair on either side are dropped first (each character
    belongs to one row); of the rest, the chain is the heaviest subsequence whose B
    passages run in A's order. Weight: similarity times the length of the two passages."""
    kept: list[Overlap] = []
    for pair in sorted(pairs, key=lambda p: (-_weight(p), p.a.start, p.b.start)):
        if not any(_intersects(pair.a, k.a) or _intersects(pair.b, k.b) for k in kept):
            kept.append(pair)
    kept.sort(key=lambda p: p.a.start)
    best = [_weight(p) for p in kept]
    previous = [-1] * len(kept)
    for i, pair in enumerate(kept):
        for j in range(i):
            if kept[j].b.end <= pair.b.start and best[j] + _weight(pair) > best[i]:
                best[i], previous[i] = best[j] + _weight(pair), j
    chain_indices: set[int] = set()
    i = max(range(len(kept)), key=best.__getitem__) if kept else -1
    while i >= 0:
        chain_indices.add(i)
        i = previous[i]
    chain = [p for n, p in enumerate(kept) if n in chain_indices]
    moved = [p for n, p in enumerate(kept) if n not in chain_indices]
    return chain, moved


def _weight(pair: Overlap) -> float:
    return pair.similarity * (len(pair.a.text) + len(pair.b.text))


def _intersects(x: Span, y: Span) -> bool:
    return x.start < y.end and y.start < x.end


def leftover_passages(article: Article, covered: Sequence[Span]) -> list[Span]:
    """The text no aligned pair covers, as passages: what is left of each block (and of
    any text outside the blocks), trimmed of white space. A block left whole is one passage."""
    regions = _regions(article)
    taken = sorted((s.start, s.end) for s in covered)
    passages = []
    for start, end in regions:
        cursor = start
        for s, e in taken:
            if e <= cursor or s >= end:
                continue
            passages.extend(_trimmed(article, cursor, min(s, end)))
            cursor = max(cursor, e)
        passages.extend(_trimmed(article, cursor, end))
    return passages


def _regions(article: Article) -> list[tuple[int, int]]:
    """The blocks, in text order, and the stretches between them (whatever the layout left out)."""
    regions = []
    cursor = 0
    for block in sorted(article.blocks, key=lambda b: b.start):
        if block.start > cursor:
            regions.append((cursor, block.start))
        regions.append((max(block.start, cursor), block.end))
        cursor = max(cursor, block.end)
    if cursor < len(article.text):
        regions.append((cursor, len(article.text)))
    return [(s, e) for s, e in regions if e > s]


def _trimmed(article: Article, start: int, end: int) -> list[Span]:
    """``text[start:end]`` cut at blank lines, without surrounding white space; pieces
    without a word are left out."""
    text = article.text
    pieces = []
    for piece_start, piece_end in _paragraphs(text, start, end):
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        # Punctuation left between two aligned passages ("," between clauses) is no passage.
        if piece_end > piece_start and diff_words(text, piece_start, piece_end):
            pieces.append(article.span(piece_start, piece_end))
    return pieces


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds = []
    cursor = start
    for m in _BLANK_LINE.finditer(text, start, end):
        bounds.append((cursor, m.start()))
        cursor = m.end()
    bounds.append((cursor, end))
    return bounds


def _rows(
    a: Article, b: Article, chain: list[Overlap], moved: list[Overlap], min_similarity: float, keep_accents: bool = True
) -> list[DiffRow]:
    """The rows in reading order: between two backbone pairs, the leftover passages of
    the gap (paired where similar) with the moved pairs that start in it."""
    covered_a = [p.a for p in (*chain, *moved)]
    covered_b = [p.b for p in (*chain, *moved)]
    left_a = _by_gap(leftover_passages(a, covered_a), [p.a.start for p in chain])
    left_b = _by_gap(leftover_passages(b, covered_b), [p.b.start for p in chain])
    moved_by_gap = _by_gap(sorted(moved, key=lambda p: p.a.start), [p.a.start for p in chain], key=lambda p: p.a.start)
    rows: list[DiffRow] = []
    cursor = [0, 0]  # where the last row ended in A and in B (insertion points)
    for gap in range(len(chain) + 1):
        gap_rows = _pair_leftovers(a, b, left_a[gap], left_b[gap], min_similarity, keep_accents)
        for row in _with_moved(gap_rows, moved_by_gap[gap]):
            rows.append(_placed(a, b, row, cursor, keep_accents))
        if gap < len(chain):
            pair = chain[gap]
            rows.append(_placed(a, b, _aligned("aligned", a, b, pair.a, pair.b, pair.similarity, keep_accents), cursor, keep_accents))
    return rows


def _by_gap(items: list, starts: list[int], key=lambda s: s.start) -> list[list]:
    """Items grouped by the gap between backbone pairs they fall in (before the first,
    between each two, after the last)."""
    gaps: list[list] = [[] for _ in range(len(starts) + 1)]
    for item in items:
        gaps[bisect.bisect_right(starts, key(item))].append(item)
    return gaps


def _aligned(kind: RowKind, a: Article, b: Article, x: Span, y: Span, similarity: float, keep_accents: bool = True) -> DiffRow:
    return DiffRow(kind, x, y, round(similarity, 4), word_ops(a, x, b, y, keep_accents))


def _pair_leftovers(
    a: Article, b: Article, xs: list[Span], ys: list[Span], min_similarity: float, keep_accents: bool = True
) -> list[DiffRow]:
    """Leftover passages of one gap as rows: pairs in order with the most similar wording
    in all (each at least `min_similarity`), the rest removed first, then added."""
    pairs = _best_pairing(xs, ys, min_similarity)
    rows: list[DiffRow] = []
    i = j = 0
    for pi, pj in (*pairs, (len(xs), len(ys))):
        rows.extend(DiffRow("removed", x, None) for x in xs[i:pi])
        rows.extend(DiffRow("added", None, y) for y in ys[j:pj])
        if pi < len(xs) and pj < len(ys):
            rows.append(_aligned("aligned", a, b, xs[pi], ys[pj], passage_similarity(xs[pi].text, ys[pj].text), keep_accents))
        i, j = pi + 1, pj + 1
    return rows


def _best_pairing(xs: list[Span], ys: list[Span], min_similarity: float) -> list[tuple[int, int]]:
    """Order-keeping pairs (i, j) of similar passages with the largest total similarity."""
    if not xs or not ys:
        return []
    if len(xs) * len(ys) > MAX_GAP_PAIRS:
        return _identical_pairs(xs, ys)
    scores = _wording_scores(xs, ys)
    m, n = len(xs), len(ys)
    # total[i][j]: best total over xs[i:], ys[j:]
    total = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best = max(total[i + 1][j], total[i][j + 1])
            if scores[i][j] >= min_similarity:
                best = max(best, scores[i][j] + total[i + 1][j + 1])
            total[i][j] = best
    pairs = []
    i = j = 0
    while i < m and j < n:
        if scores[i][j] >= min_similarity and total[i][j] == scores[i][j] + total[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif total[i][j] == total[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _identical_pairs(xs: list[Span], ys: list[Span]) -> list[tuple[int, int]]:
    """For gaps too big to score every pair: the passages identical once folded, paired
    as the longest common subsequence of the two lists pairs them."""
    folded_x = [fold(s.text).text.strip() for s in xs]
    folded_y = [fold(s.text).text.strip() for s in ys]
    pairs: list[tuple[int, int]] = []
    for op in Indel.opcodes(folded_x, folded_y):
        if op.tag == "equal":
            pairs.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end)))
    return pairs


def _wording_scores(xs: list[Span], ys: list[Span]) -> list[list[float]]:
    """Word-order similarity (0..1) of every pair of leftover passages. Passages that
    are identical once folded score 1; longer than `MAX_PAIRED_CHARS`, only that way,
    so that a huge leftover costs no more than comparing it."""
    folded_x = [fold(s.text).text.strip() for s in xs]
    folded_y = [fold(s.text).text.strip() for s in ys]
    same = [[1.0 if fx == fy else 0.0 for fy in folded_y] for fx in folded_x]
    short_x = [n for n, s in enumerate(xs) if len(s.text) <= MAX_PAIRED_CHARS]
    short_y = [n for n, s in enumerate(ys) if len(s.text) <= MAX_PAIRED_CHARS]
    if short_x and short_y:
        forms_x = [[t.form for t in diff_words(xs[n].text)] for n in short_x]
        forms_y = [[t.form for t in diff_words(ys[n].text)] for n in short_y]
        matrix = process.cdist(forms_x, forms_y, scorer=fuzz.ratio)
        for r, i in enumerate(short_x):
            for c, j in enumerate(short_y):
                same[i][j] = max(same[i][j], float(matrix[r][c]) / 100.0)
    return same


def _with_moved(rows: list[DiffRow], moved: list[Overlap]) -> list[DiffRow | Overlap]:
    """Moved pairs put among a gap's rows at their place in A."""
    merged: list[DiffRow | Overlap] = []
    pending = list(moved)
    for row in rows:
        while pending and row.a is not None and pending[0].a.start < row.a.start:
            merged.append(pending.pop(0))
        merged.append(row)
    merged.extend(pending)
    return merged


def _placed(a: Article, b: Article, item: DiffRow | Overlap, cursor: list[int], keep_accents: bool = True) -> DiffRow:
    """A row with its insertion points filled in, advancing the reading position.

    A removed passage's words go to an empty span in B where the last row ended (and an
    added one's to A); a moved pair advances A only, as its B passage is out of order."""
    if isinstance(item, Overlap):
        row = _aligned("moved", a, b, item.a, item.b, item.similarity, keep_accents)
        cursor[0] = row.a.end  # type: ignore[union-attr]
        return row
    if item.kind == "removed":
        x = item.a
        tokens = diff_words(a.text, x.start, x.end)  # type: ignore[union-attr]
        ops = (WordOp("delete", a.span(tokens[0].start, tokens[-1].end), b.span(cursor[1], cursor[1])),) if tokens else ()
        cursor[0] = x.end  # type: ignore[union-attr]
        return DiffRow("removed", x, None, None, ops)
    if item.kind == "added":
        y = item.b
        tokens = diff_words(b.text, y.start, y.end)  # type: ignore[union-attr]
        ops = (WordOp("insert", a.span(cursor[0], cursor[0]), b.span(tokens[0].start, tokens[-1].end)),) if tokens else ()
        cursor[1] = y.end  # type: ignore[union-attr]
        return DiffRow("added", None, y, None, ops)
    cursor[0], cursor[1] = item.a.end, item.b.end  # type: ignore[union-attr]
    return item


def attach_findings(rows: Sequence[DiffRow], findings: Sequence[Finding]) -> list[DiffRow]:
    """Each finding attached to every row that holds a piece of its evidence: the row
    whose passage contains the evidence span, else the one it overlaps most."""
    attached: list[list[Finding]] = [[] for _ in rows]
    for finding in findings:
        for span in finding.evidence:
            where = _row_holding(rows, span)
            if where is not None and finding not in attached[where]:
                attached[where].append(finding)
    return [DiffRow(r.kind, r.a, r.b, r.similarity, r.ops, tuple(found)) if found else r for r, found in zip(rows, attached)]


def _row_holding(rows: Sequence[DiffRow], span: Span) -> int | None:
    best, best_overlap = None, 0
    for n, row in enumerate(rows):
        for side in (row.a, row.b):
            if side is None or side.doc != span.doc:
                continue
            if side.start <= span.start and span.end <= side.end and (side.start < side.end):
                return n
            overlap = min(side.end, span.end) - max(side.start, span.start)
            if overlap > best_overlap:
                best, best_overlap = n, overlap
    return best


def visible_rows(rows: Sequence[DiffRow], context: int | None = 3, only_changes: bool = False) -> list[DiffRow | Collapsed]:
    """The rows a view shows: notable rows (changed words or findings) with `context`
    unchanged rows on each side; runs of other rows become one `Collapsed`. With
    `only_changes`, unchanged rows are dropped without a trace; `context` None keeps all."""
    if only_changes:
        return [r for r in rows if r.notable]
    if context is None:
        return list(rows)
    notable = [n for n, r in enumerate(rows) if r.notable]
    keep: set[int] = set()
    for n in notable:
        keep.update(range(max(0, n - context), min(len(rows), n + context + 1)))
    view: list[DiffRow | Collapsed] = []
    hidden = 0
    for n, row in enumerate(rows):
        if n in keep:
            if hidden:
                view.append(Collapsed(hidden))
                hidden = 0
            view.append(row)
        else:
            hidden += 1
    if hidden:
        view.append(Collapsed(hidden))
    return view
