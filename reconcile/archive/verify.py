"""A full audit of an archive: every stored article readable, and its index exactly what
its text gives, nothing more and nothing less.

For each stored article the audit signs the stored text again (as `add` signed it) and
compares the band entries it must have with the entries the index holds: an entry it
lacks makes the article harder or impossible to find (*missing*), an entry of no stored
version is *dead* (it costs space, and a backend that forgot to filter it would answer
it). It then looks the article up as `check` would look up a copy of it: an article the
lookup does not name is *unfindable*. Meant for tests and the soak benchmark: it reads
the whole archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..overlap import ArticleSignatures, article_signatures
from . import Archive, ArchiveError, DamagedRecord
from .bands import band_keys
from .records import content_hash


@dataclass
class Audit:
    articles: int = 0
    damaged: list[str] = field(default_factory=list)  # ids whose records cannot be read
    wrong_hash: list[str] = field(default_factory=list)  # content hash is not the stored text's
    incomplete: list[str] = field(default_factory=list)  # ids missing some index entries
    missing_entries: int = 0
    dead_entries: int = 0
    unfindable: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.damaged or self.wrong_hash or self.incomplete or self.missing_entries
                    or self.dead_entries or self.unfindable)


def audit(archive: Archive) -> Audit:
    """Audit `archive` (SQLite or Redis) as the module docstring says."""
    result = Audit()
    signed: dict[str, ArticleSignatures] = {}
    for article_id in archive.ids():
        try:
            stored = archive.load([article_id])
        except DamagedRecord:
            result.damaged.append(article_id)
            continue
        if not stored:  # removed while we read
            continue
        result.articles += 1
        signed[article_id] = article_signatures(stored[0].article, archive.settings)
        if archive._state(article_id).content_hash != content_hash(stored[0].article):  # noqa: SLF001
            result.wrong_hash.append(article_id)
    if archive.backend == "sqlite":
        _sqlite_entries(archive, signed, result)
    elif archive.backend == "redis":
        _redis_entries(archive, signed, result)
    else:  # pragma: no cover - no other backend
        raise ArchiveError(f"no audit for the {archive.backend} backend")
    for article_id, signatures in signed.items():
        if article_id not in archive._lookup(signatures):  # noqa: SLF001 - what a check of a copy looks up
            result.unfindable.append(article_id)
    return result


def _sqlite_entries(archive: Any, signed: dict[str, ArticleSignatures], result: Audit) -> None:
    db = archive._db
    nums = dict(db.execute("SELECT id, num FROM articles").fetchall())
    for table, expected_of in (("doc_bands", lambda s: band_keys(s.document.values, archive._doc_bands, "document")),
                               ("passage_bands", lambda s: {k for level, _, sig in s.passages
                                                            for k in band_keys(sig.values, archive._passage_bands,
                                                                               level)})):
        held: dict[int, set[int]] = {}
        for key, num in db.execute(f"SELECT key, article FROM {table}"):
            held.setdefault(num, set()).add(key)
        for article_id, signatures in signed.items():
            expected = set(expected_of(signatures))
            have = held.pop(nums[article_id], set())
            _count(result, article_id, expected, have)
        result.dead_entries += sum(len(keys) for keys in held.values())  # rows of no stored article
    result.dead_entries += db.execute("SELECT count(*) FROM claims WHERE article NOT IN "
                                      "(SELECT num FROM articles)").fetchone()[0]


def _redis_entries(archive: Any, signed: dict[str, ArticleSignatures], result: Audit) -> None:
    from .redis import LSH_KEYS, STATE, _document_key, _parse_key, _passage_key, _state_of

    client = archive._redis
    generations = {}
    for key, value in client.hgetall(STATE).items():
        state = _state_of(value)
        if isinstance(state, dict):
            generations[key.decode("utf-8")] = state["generation"]
    expected_members: set[tuple[bytes, bytes]] = set()  # (bucket set, member)
    for article_id, signatures in signed.items():
        generation = generations.get(article_id, "")
        entries = [(archive._documents, _document_key(article_id, generation), signatures.document)]
        entries += [(archive._passages, _passage_key(article_id, generation, level, order), signature)
                    for level, order, signature in signatures.passages]
        wanted = {(table + bucket, key) for names, key, signature in entries
                  for table, bucket in zip(names.tables, names.buckets(signature))}
        expected_members |= wanted
        with client.pipeline(transaction=False) as pipe:
            for bucket_set, key in wanted:
                pipe.sismember(bucket_set, key)
            present = pipe.execute()
        have = {entry for entry, there in zip(wanted, present) if there}
        _count(result, article_id, wanted, have)
        keys_set = {k for k in client.smembers(LSH_KEYS + article_id)}
        result.dead_entries += len(keys_set - {key for _, key, _ in entries})
    tables = {*archive._documents.tables, *archive._passages.tables}  # hashes; the bucket sets are longer
    for bucket_set in client.scan_iter(match=b"reconcile:lsh:*_bucket_*", count=1000):
        if bucket_set in tables:
            continue
        for member in client.smembers(bucket_set):
            parsed = _parse_key(member)
            if (bucket_set, member) not in expected_members:
                result.dead_entries += 1
            elif parsed is None or generations.get(parsed[0]) != parsed[1]:  # pragma: no cover - expected ones parse
                result.dead_entries += 1
    expected_keys = {key for _, key in expected_members}
    for names in (archive._documents, archive._passages):
        result.dead_entries += sum(key not in expected_keys for key in client.hkeys(names.keys))
    for keys_set in client.scan_iter(match=(LSH_KEYS + "*").encode(), count=1000):
        if keys_set[len(LSH_KEYS):].decode("utf-8", "replace") not in generations:
            result.dead_entries += client.scard(keys_set)


def _count(result: Audit, article_id: str, expected: set, have: set) -> None:
    missing = len(expected - have)
    if missing:
        result.incomplete.append(article_id)
        result.missing_entries += missing
    result.dead_entries += len(have - expected)


__all__ = ["Audit", "audit"]
