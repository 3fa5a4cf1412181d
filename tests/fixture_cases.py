"""Fixture cases of the findings tests: a folder of articles and a case.json that says which
passages are aligned and which findings are expected or forbidden."""

from __future__ import annotations

import json
from pathlib import Path

from reconcile.claims import extract_claims
from reconcile.claims.lexicon import load_lexicon
from reconcile.ingest import article_from_text
from reconcile.model import Article, Overlap


def run_case(folder: Path, findings_function, tmp_path: Path):
    """Load a fixture case folder (its case.json is described in the folder's README) and
    return the spec and what `findings_function` finds in its articles."""
    spec = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    articles = [article_from_text(p.stem, p.read_text(encoding="utf-8"), str(p)) for p in sorted(folder.glob("*.txt"))]
    vocab = ()
    if spec.get("vocab"):
        path = tmp_path / "vocab.txt"
        path.write_text("\n".join(spec["vocab"]) + "\n", encoding="utf-8")
        vocab = (str(path),)
    lexicon = load_lexicon(vocab)
    by_id = {a.id: a for a in articles}
    overlaps = []
    for doc_a, phrase_a, doc_b, phrase_b in spec.get("aligned", []):
        a, b = by_id[doc_a], by_id[doc_b]
        sa, sb = a.text.index(phrase_a), b.text.index(phrase_b)
        overlaps.append(Overlap(a.span(sa, sa + len(phrase_a)), b.span(sb, sb + len(phrase_b)), 0.9, "edited"))
    claims = [c for a in articles for c in extract_claims(a, lexicon)]
    return spec, findings_function(articles, claims, overlaps, lexicon)


def check_case(spec, findings):
    """Every expected finding is there (kind, status, values; reference form and departing
    articles when the case names them), no forbidden kind is, and no finding says an
    article in `forbid_departing` departs from the others."""
    for want in spec.get("expect", []):
        matching = [
            f
            for f in findings
            if f.kind == want["kind"]
            and f.status == want["status"]
            and set(want.get("values", [])) <= set(f.values)
            and ("reference" not in want or f.reference == want["reference"])
            and ("departs" not in want or list(f.departs) == want["departs"])
        ]
        assert matching, f"{spec['description']}: no {want} in {[(f.kind, f.status, f.values, f.reference, f.departs) for f in findings]}"
    for banned in spec.get("forbid", []):
        hits = [f for f in findings if f.kind == banned["kind"] and f.status == banned.get("status", f.status)]
        assert not hits, f"{spec['description']}: unexpected {[(f.kind, f.status, f.message) for f in hits]}"
    for doc in spec.get("forbid_departing", []):
        hits = [f for f in findings if doc in f.departs]
        assert not hits, f"{spec['description']}: {doc} should not depart in {[f.message for f in hits]}"


def load(path: Path) -> Article:
    """An article from a fixture file, its id the file stem."""
    return article_from_text(path.stem, path.read_text(encoding="utf-8"), str(path))


def body_overlap(a: Article, b: Article) -> Overlap:
    """A hand-made overlap over the whole body of two copies of one story."""

    def body(article: Article):
        blocks = article.blocks_of("body")
        return article.span(blocks[0].start, blocks[-1].end)

    return Overlap(body(a), body(b), 0.9, "edited")
