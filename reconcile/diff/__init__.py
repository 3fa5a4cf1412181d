"""Diff stage: two versions of one story aligned passage by passage, with the words that
changed (`rows`), for the renderers in `reconcile.render.diff_*` and `reconcile diff`."""

from ..overlap.wordalign import diff_words
from .rows import (
    MAX_GAP_PAIRS,
    MAX_PAIRED_CHARS,
    Collapsed,
    Diff,
    DiffRow,
    aligned_passages,
    attach_findings,
    backbone,
    diff_articles,
    leftover_passages,
    visible_rows,
)

__all__ = [
    "MAX_GAP_PAIRS",
    "MAX_PAIRED_CHARS",
    "Collapsed",
    "Diff",
    "DiffRow",
    "aligned_passages",
    "attach_findings",
    "backbone",
    "diff_articles",
    "diff_words",
    "leftover_passages",
    "visible_rows",
]
