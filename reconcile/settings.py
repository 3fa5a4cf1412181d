"""Settings the command line declares before any work: the overlap settings (their defaults
are option defaults) and the engines' names. Light on purpose: `reconcile --help` imports
this, not numpy, datasketch or the stages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .overlap.signatures import SignatureScheme

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class OverlapSettings:
    """How overlaps are found. Defaults were chosen with `benchmarks/overlap_settings.py`.

    shingle_size: words per shingle.
    num_perm: MinHash permutations (more: better estimates, slower).
    seed: chooses the MinHash permutations; signatures with different seeds do not mix.
    doc_threshold: LSH Jaccard threshold over whole documents (reprints and light rewrites).
    passage_threshold: LSH Jaccard threshold over sentences and clauses (partial reuse).
    anchor_similarity: word-order similarity, names left out, that makes a passage pair
        a sure match on its own.
    extend_similarity: similarity enough for a neighbour of an aligned pair.
    min_similarity: smallest similarity (folded text) of a reported passage pair.
    min_words: fewest words in a reported passage (and in an anchor).
    max_gap: most words of unaligned text between two aligned pieces that are merged.
    reach: how many passages a rewrite may have dropped or added between two aligned
        pairs and the aligner still looks past them for the next pair.
    max_passages_per_document: sentences read per document (bounds work on huge inputs).
    max_pair_work: passage pairs scored per document pair and level; beyond it only the
        neighbourhood of LSH hits is compared.
    max_neighbour_steps: neighbour pairs judged per document pair when growing anchors.
    max_bucket: most passages that share an LSH bucket and are paired with each other. A
        bucket of more is a stock phrase ("did not respond to a request for comment")
        shared by unrelated articles: it is counted, not expanded to n(n-1)/2 pairs.
        Copies sharing such a passage still meet through their other passages.
    verify_ratio: candidate verification. LSH banding lets pairs far below its threshold
        through by chance (at 0.3, one pair in a few hundred at a Jaccard of 0.05), and a
        corpus of n articles holds n*n/2 such pairs; a pair is kept only when the signatures
        estimate its Jaccard at `verify_ratio` times the threshold or more. At one half, a
        pair at the threshold is lost less than once in ten thousand (128 permutations).
    """

    shingle_size: int = 3
    num_perm: int = 128
    seed: int = 1
    doc_threshold: float = 0.3
    passage_threshold: float = 0.4
    anchor_similarity: float = 0.6
    extend_similarity: float = 0.4
    min_similarity: float = 0.5
    min_words: int = 5
    max_gap: int = 3
    reach: int = 3
    max_passages_per_document: int = 500
    max_pair_work: int = 250_000
    max_neighbour_steps: int = 5_000
    max_bucket: int = 100
    verify_ratio: float = 0.5

    def scheme(self) -> SignatureScheme:
        from .overlap.signatures import SignatureScheme  # here, not at import: the command line starts without numpy

        return SignatureScheme(seed=self.seed, num_perm=self.num_perm, shingle_size=self.shingle_size)

    def signature_meta(self) -> dict:
        """What a stored signature must record to be comparable: seed, num_perm, hash
        function, permutation scheme, shingle settings and the reconcile version."""
        return self.scheme().meta()


__all__ = ["ENGINES", "OverlapSettings"]
