"""Overlap stage: shingles, MinHash signatures, LSH candidates and the aligner that turns
them into character spans of shared text (`find` wires them: `find_overlaps`)."""

from .find import (ArticlePassages, ArticleSignatures, Candidates, LEVELS, PreparedArticle, VERIFY_CHUNK_ELEMENTS, align_candidates, align_pair, align_task, article_signatures, candidate_pairs, candidate_pairs_of, find_candidates, find_overlaps, prepare_article, prepare_articles, signatures_by_id, signed_passages, verified, verified_rows)

__all__ = ["ArticlePassages", "ArticleSignatures", "Candidates", "LEVELS", "PreparedArticle", "VERIFY_CHUNK_ELEMENTS", "align_candidates", "align_pair", "align_task", "article_signatures", "candidate_pairs", "candidate_pairs_of", "find_candidates", "find_overlaps", "prepare_article", "prepare_articles", "signatures_by_id", "signed_passages", "verified", "verified_rows"]
