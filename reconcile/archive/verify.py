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

from . import Archive, ArchiveError, DamagedRecord
from .bands import ArticleKeys
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
        return not (self.damaged or self.wrong_hash or self.incomplete or self.missing_entries or self.dead_entries or self.unfindable)


def audit(archive: Archive) -> Audit:
    """Audit `archive` (SQLite or Redis) as the module docstring says."""
    result = Audit()
    signed: dict[str, ArticleKeys] = {}
    for article_id in archive.ids():
        try:
            stored = archive.load([article_id])
        except DamagedRecord:
            result.damaged.append(article_id)
            continue
        if not stored:  # removed while we read
            continue
        result.articles += 1
        signed[article_id] = archive.keys_of(stored[0].article)
        state = archive._state(article_id)  # noqa: SLF001
        if state is None or state.content_hash != content_hash(stored[0].article):
            result.wrong_hash.append(article_id)
    if archive.backend == "sqlite":
        _sqlite_entries(archive, signed, result)
    elif archive.backend == "redis":
        _redis_entries(archive, signed, result)
    else:  # pragma: no cover - no other backend
        raise ArchiveError(f"no audit for the {archive.backend} backend")
    for article_id, keys in signed.items():
        if article_id not in archive._lookup(keys):  # noqa: SLF001 - what a check of a copy looks up
            result.unfindable.append(article_id)
    return result


def _sqlite_entries(archive: Any, signed: dict[str, ArticleKeys], result: Audit) -> None:
    db = archive._db
    nums = dict(db.execute("SELECT id, num FROM articles").fetchall())
    for table, expected_of in (("doc_bands", lambda k: k.document), ("passage_bands", lambda k: k.passages)):
        held: dict[int, set[int]] = {}
        for key, num in db.execute(f"SELECT key, article FROM {table}"):
            held.setdefault(num, set()).add(key)
        for article_id, keys in signed.items():
            expected = set(expected_of(keys).tolist())
            have = held.pop(nums[article_id], set())
            _count(result, article_id, expected, have)
        result.dead_entries += sum(len(keys) for keys in held.values())  # rows of no stored article
    result.dead_entries += db.execute("SELECT count(*) FROM claims WHERE article NOT IN (SELECT num FROM articles)").fetchone()[0]
    if archive.packed:  # each article's recorded keys, which removing it deletes by, must be its keys
        recorded = {
            num: (document, passages) for num, document, passages in db.execute("SELECT article, document, passages FROM band_keys")
        }
        for article_id, keys in signed.items():
            blobs = recorded.pop(nums[article_id], None)
            if blobs != (keys.document.astype("<i8").tobytes(), keys.passages.astype("<i8").tobytes()):
                result.dead_entries += 1
        result.dead_entries += len(recorded)


def _redis_entries(archive: Any, signed: dict[str, ArticleKeys], result: Audit) -> None:
    """Every (index field, generation) the index holds against those the stored versions
    must have; a keys record that does not match its version's keys is counted as well."""
    from .redis import BANDS, KEYS, NUMBER, STATE, _state_of, _text, generations, index_fields, keys_record

    client = archive._redis
    stored_generation: dict[str, int] = {}
    for key, value in client.hgetall(STATE).items():
        state = _state_of(value)
        if isinstance(state, dict) and state["generation"].isdigit():
            stored_generation[key.decode("utf-8")] = int(state["generation"])
    expected: set[tuple[bytes, bytes, int]] = set()  # (index hash, field, generation)
    by_article: dict[str, set[tuple[bytes, bytes, int]]] = {}
    for article_id, keys in signed.items():
        generation = stored_generation.get(article_id, -1)
        wanted = {(name, f, generation) for name, f in index_fields(keys, archive.shard_bits)}
        by_article[article_id] = wanted
        expected |= wanted
    held: set[tuple[bytes, bytes, int]] = set()
    for name in client.scan_iter(match=(BANDS + "*").encode(), count=1000):
        for f, value in client.hgetall(name).items():
            held.update((name, f, g) for g in generations(value).tolist())
    for article_id, wanted in by_article.items():
        _count(result, article_id, wanted, held & wanted)
    result.dead_entries += len(held - expected)
    # The keys record of each version must be that version's: forgetting it later uses it.
    for raw_id, value in client.hgetall(KEYS).items():
        name = _text(raw_id) or ""
        if name in result.damaged:  # its entries are counted above, as dead
            continue
        record, made = keys_record(value), signed.get(name)
        if (
            record is None
            or made is None
            or record[0] != stored_generation.get(name, -1)
            or set(index_fields(record[1], archive.shard_bits)) != set(index_fields(made, archive.shard_bits))
        ):
            result.dead_entries += 1
    numbers = {int(n) for n in client.hkeys(NUMBER) if n.isdigit()}
    result.dead_entries += len(numbers - set(stored_generation.values()))


def _count(result: Audit, article_id: str, expected: set, have: set) -> None:
    missing = len(expected - have)
    if missing:
        result.incomplete.append(article_id)
        result.missing_entries += missing
    result.dead_entries += len(have - expected)


__all__ = ["Audit", "audit"]
