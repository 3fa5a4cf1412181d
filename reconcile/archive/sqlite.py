"""The embedded archive: one SQLite file (standard library `sqlite3`), created on first use.

Tables: ``meta`` (format, schema version, settings, created/updated), ``articles`` (id,
content hash, JSON record), ``claims`` (JSON, with the fingerprint of the lexicon that
extracted them), and ``doc_bands`` / ``passage_bands``: one row per LSH band key of an
article's document and passage signatures, indexed by key. A candidate lookup reads only
the rows whose keys the new article has, never the whole archive.

Safety: the file is in WAL mode; an `add` signs and extracts before taking the write lock,
then writes everything in one ``BEGIN IMMEDIATE`` transaction, so an interrupted add
leaves the archive as it was. A busy timeout makes a second writer wait its turn instead
of failing, so two processes adding at once both succeed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from typing import Iterator, Sequence

from .. import __version__
from ..overlap import ArticleSignatures, OverlapSettings
from . import (FORMAT, SCHEMA_VERSION, Archive, ArchiveError, ArchiveStats, PreparedArticle, RemoveResult,
               StoredArticle, check_schema_version, check_settings, missing_archive, now, recorded_settings,
               settings_record)
from .bands import band_keys, band_ranges
from .records import article_from_json, claims_from_json, dumps

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 120_000
# Host parameters per statement: well under SQLite's smallest limit (999).
CHUNK = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    passages INTEGER NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    article INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    lexicon TEXT NOT NULL,
    count INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passage_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_bands_article ON doc_bands (article);
CREATE INDEX IF NOT EXISTS passage_bands_article ON passage_bands (article);
"""


class SQLiteArchive(Archive):
    backend = "sqlite"

    def __init__(self, location: str, connection: sqlite3.Connection, settings: OverlapSettings,
                 vocab: tuple[str, ...]):
        super().__init__(location, settings, vocab)
        self._db = connection
        self._doc_bands = band_ranges(settings.doc_threshold, settings.num_perm)
        self._passage_bands = band_ranges(settings.passage_threshold, settings.num_perm)

    @classmethod
    def open(cls, location: str, settings: OverlapSettings | None, *, create: bool,
             vocab: tuple[str, ...]) -> "SQLiteArchive":
        exists = os.path.exists(location) and os.path.getsize(location) > 0
        if os.path.isdir(location):
            raise ArchiveError(f"{location} is a directory, not an archive file; give a file path such as "
                               f"{os.path.join(location, 'archive.sqlite')}")
        if not exists and not create:
            raise missing_archive(location)
        if exists:
            _check_header(location)
        try:
            connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as error:
            raise ArchiveError(f"cannot open archive {location}: {error}; check the path and its permissions") from error
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            if not exists or not _has_meta(connection):
                if not create:
                    raise ArchiveError(f"{location} is an SQLite database but not a reconcile archive; "
                                       "give the path of an archive made by `reconcile index add`")
                _create(connection, location, settings or OverlapSettings())
            meta = _read_meta(connection, location)
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            recorded, scheme = recorded_settings(json.loads(meta["settings"]), location)
            check_settings(location, recorded, scheme, settings)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise ArchiveError(f"{location} is not a readable reconcile archive ({error}); "
                               "give the path of an archive made by `reconcile index add`") from error
        except BaseException:
            connection.close()
            raise
        return cls(location, connection, recorded, vocab)

    # --- reading -------------------------------------------------------------------

    def _state(self, article_id: str) -> tuple[str, str] | None:
        with self._errors("read"):
            row = self._db.execute(
                "SELECT a.content_hash, c.lexicon FROM articles a JOIN claims c ON c.article = a.num WHERE a.id = ?",
                (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def _lookup(self, signatures: ArticleSignatures) -> dict[str, int]:
        doc_keys = band_keys(signatures.document.values, self._doc_bands, "document")
        passage_keys: set[int] = set()
        for level, _, signature in signatures.passages:
            passage_keys.update(band_keys(signature.values, self._passage_bands, level))
        found: dict[str, int] = {}
        with self._errors("read"):
            for table, keys in (("doc_bands", doc_keys), ("passage_bands", sorted(passage_keys))):
                for chunk in _chunks(list(dict.fromkeys(keys))):
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT a.id, count(*) FROM {table} b JOIN articles a ON a.num = b.article "
                        f"WHERE b.key IN ({marks}) GROUP BY a.id", chunk)
                    for article_id, shared in rows:
                        found[article_id] = found.get(article_id, 0) + shared
        return found

    def load(self, ids: Sequence[str]) -> list[StoredArticle]:
        by_id: dict[str, StoredArticle] = {}
        with self._errors("read"):
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT a.record, c.record, c.lexicon FROM articles a JOIN claims c ON c.article = a.num "
                    f"WHERE a.id IN ({marks})", chunk).fetchall()
                for article_json, claims_json, lexicon in rows:
                    stored = _stored(self.location, article_json, claims_json, lexicon)
                    by_id[stored.article.id] = stored
        return [by_id[i] for i in ids if i in by_id]

    def stats(self) -> ArchiveStats:
        with self._errors("read"):
            articles, passages = self._db.execute("SELECT count(*), coalesce(sum(passages), 0) FROM articles").fetchone()
            claims = self._db.execute("SELECT coalesce(sum(count), 0) FROM claims").fetchone()[0]
            page_count = self._db.execute("PRAGMA page_count").fetchone()[0]
            page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
            meta = _read_meta(self._db, self.location)
        return ArchiveStats(
            location=self.location, backend=self.backend, articles=articles, passages=passages, claims=claims,
            size_bytes=page_count * page_size, created=meta["created"], updated=meta["updated"],
            reconcile_version=meta["reconcile_version"], settings=json.loads(meta["settings"])["signature"])

    # --- writing -------------------------------------------------------------------

    def _write(self, prepared: list[PreparedArticle]) -> tuple[list[str], list[str]]:
        rows = [(p, band_keys(p.signatures.document.values, self._doc_bands, "document"),
                 sorted({k for level, _, sig in p.signatures.passages
                         for k in band_keys(sig.values, self._passage_bands, level)}))
                for p in prepared]
        added: list[str] = []
        replaced: list[str] = []
        stamp = now()
        with self._transaction():
            for p, doc_keys, passage_keys in rows:
                old = self._db.execute("SELECT num FROM articles WHERE id = ?", (p.id,)).fetchone()
                if old:
                    self._delete(old[0])
                    replaced.append(p.id)
                else:
                    added.append(p.id)
                num = self._db.execute(
                    "INSERT INTO articles (id, content_hash, record, passages, added) VALUES (?, ?, ?, ?, ?)",
                    (p.id, p.content_hash, p.record, len(p.signatures.passages), stamp)).lastrowid
                self._db.execute("INSERT INTO claims (article, lexicon, count, record) VALUES (?, ?, ?, ?)",
                                 (num, p.lexicon, p.claim_count, p.claims))
                self._db.executemany("INSERT OR IGNORE INTO doc_bands (key, article) VALUES (?, ?)",
                                     [(k, num) for k in doc_keys])
                self._db.executemany("INSERT OR IGNORE INTO passage_bands (key, article) VALUES (?, ?)",
                                     [(k, num) for k in passage_keys])
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'updated'", (stamp,))
            self._count_change(len(added))
        return added, replaced

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        removed: list[str] = []
        missing: list[str] = []
        with self._transaction():
            for article_id in dict.fromkeys(ids):
                row = self._db.execute("SELECT num FROM articles WHERE id = ?", (article_id,)).fetchone()
                if row is None:
                    missing.append(article_id)
                    continue
                self._delete(row[0])
                removed.append(article_id)
            if removed:
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'updated'", (now(),))
                self._count_change(-len(removed))
        return RemoveResult(tuple(removed), tuple(missing))

    def article_count(self) -> int:
        with self._errors("read"):
            row = self._db.execute("SELECT value FROM meta WHERE key = 'articles'").fetchone()
            if row is None:  # not counted yet: count once
                return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return int(row[0])

    def _count_change(self, delta: int) -> None:
        # Kept in meta so that a check can say how big the archive is without counting it.
        self._db.execute("INSERT INTO meta (key, value) VALUES ('articles', ?) ON CONFLICT (key) DO UPDATE "
                         "SET value = CAST(value AS INTEGER) + ?", (str(delta), delta))

    def _delete(self, num: int) -> None:
        for table, column in (("doc_bands", "article"), ("passage_bands", "article"), ("claims", "article"),
                              ("articles", "num")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (num,))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: all of it is stored, or none of it."""
        with self._errors("write"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as error:
            raise ArchiveError(f"cannot {action} archive {self.location}: {error}; check that the file is "
                               "writable and that no other program holds it locked for long") from error
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"archive {self.location} is damaged ({error}); rebuild it with "
                               "`reconcile index add`") from error

    def close(self) -> None:
        self._db.close()


def _check_header(location: str) -> None:
    try:
        with open(location, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ArchiveError(f"cannot read archive {location}: {error.strerror or error}; check the path and "
                           "its permissions") from error
    if header != SQLITE_HEADER:
        raise ArchiveError(f"{location} is not a reconcile archive (not an SQLite database); give the path "
                           "of an archive made by `reconcile index add`, or a new file name to create one")


def _has_meta(connection: sqlite3.Connection) -> bool:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return "meta" in tables


def _create(connection: sqlite3.Connection, location: str, settings: OverlapSettings) -> None:
    """Make the tables and record the settings. Safe when another process creates the
    same archive at the same moment: the first one's meta is kept."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables - {"meta", "articles", "claims", "doc_bands", "passage_bands"}:
        raise ArchiveError(f"{location} is an SQLite database but not a reconcile archive; give the path of "
                           "an archive made by `reconcile index add`, or a new file name to create one")
    connection.execute("PRAGMA journal_mode = WAL")
    stamp = now()
    connection.execute("BEGIN IMMEDIATE")
    try:
        # One statement at a time: executescript would commit the transaction first.
        for statement in SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        meta = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION), "reconcile_version": __version__,
                "settings": dumps(settings_record(settings)), "created": stamp, "updated": stamp, "articles": "0"}
        connection.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", meta.items())
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _read_meta(connection: sqlite3.Connection, location: str) -> dict[str, str]:
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as error:
        raise ArchiveError(f"{location} is an SQLite database but not a reconcile archive ({error}); "
                           "give the path of an archive made by `reconcile index add`") from error
    if meta.get("format") != FORMAT:
        raise ArchiveError(f"{location} is an SQLite database but not a reconcile archive; give the path "
                           "of an archive made by `reconcile index add`")
    check_schema_version(location, meta)
    return meta


def _stored(location: str, article_json: str, claims_json: str, lexicon: str) -> StoredArticle:
    try:
        article = article_from_json(json.loads(article_json))
        return StoredArticle(article, claims_from_json(article, json.loads(claims_json)), lexicon)
    except (ValueError, KeyError, TypeError) as error:
        raise ArchiveError(f"archive {location} holds an unreadable record ({error}); remove the article "
                           "and add it again") from error


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
