"""The embedded archive: one SQLite file (standard library `sqlite3`), created on first use.

Tables: ``meta`` (format, schema version, settings, created/updated), ``articles`` (id,
content hash, origin, record), ``claims`` (with the fingerprint of the lexicon that
extracted them), and ``doc_bands`` / ``passage_bands``: one row per LSH band key of an
article's document and passage signatures (`bands`), clustered by key. A candidate lookup
reads only the rows whose keys the new article has, never the whole archive. Records and
claims are compressed JSON from schema 3 on, plain JSON text before.

Bulk writes: an add's band rows are inserted in key order, all of the add's articles at
once, so each page of the key-ordered tables is written once per add rather than once per
article that touches it.

Safety: the file is in WAL mode; an `add` signs and extracts before taking the write lock,
then decides and writes everything in one ``BEGIN IMMEDIATE`` transaction, so an
interrupted add (or one that fills the disk) leaves the archive as it was. A busy timeout
makes a second writer wait its turn instead of failing, so two processes adding at once
both succeed. Only an absent (or empty) file is made into an archive; a file without a
readable settings record is refused, never made anew over its rows.

Read-only use: commands that only read open the file with ``mode=ro``, and, when that
fails because the directory is not writable (WAL needs a ``-shm`` file beside the
archive) and no write-ahead log is there, with ``immutable=1``: a newsroom can share one
archive with CI runners that may read it but not write it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import quote

from .. import __version__
import numpy as np

from ..overlap.find import OverlapSettings
from . import (
    ADDED,
    FORMAT,
    REFUSED,
    SCHEMA_VERSION,
    UNCHANGED,
    UPDATED,
    Archive,
    ArchiveError,
    ArchiveStats,
    DamagedRecord,
    ListedArticle,
    OpenRequest,
    PreparedArticle,
    RemoveResult,
    StoredArticle,
    StoredState,
    decide,
    listed,
    missing_archive,
    now,
    settings_from_meta,
    settings_record,
)
from .bands import ArticleKeys
from .records import RecordError, article_from_json, check_content_hash, claims_from_json, dumps, parse_stored

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 120_000
# Host parameters per statement: well under SQLite's smallest limit (999).
CHUNK = 500
# Pages (KiB when negative) SQLite may cache while writing: a bulk add touches many pages
# of the key-ordered tables, and pages that stay cached are written once.
WRITE_CACHE_KIB = 512 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    record BLOB NOT NULL,
    passages INTEGER NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    article INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    lexicon TEXT NOT NULL,
    count INTEGER NOT NULL,
    record BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passage_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS band_keys (
    article INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    document BLOB NOT NULL,
    passages BLOB NOT NULL
);
"""
# Schema 2 found an article's band rows through an index by article, as big as the rows
# themselves and three times their cost to write; schema 3 keeps each article's keys in
# `band_keys` (8 bytes a key) and deletes its rows by key.


ARCHIVE_TABLES = {"meta", "articles", "claims", "doc_bands", "passage_bands", "band_keys"}


class SQLiteArchive(Archive):
    backend = "sqlite"

    def __init__(
        self, location: str, connection: sqlite3.Connection, settings: OverlapSettings, vocab: tuple[str, ...], schema_version: int
    ):
        super().__init__(location, settings, vocab)
        self._db = connection
        self.schema_version = schema_version
        self._has_origin = "origin" in {row[1] for row in connection.execute("PRAGMA table_info(articles)")}

    @classmethod
    def open(cls, request: OpenRequest) -> "SQLiteArchive":
        location = request.location
        if os.path.isdir(location):
            raise ArchiveError(
                f"{location} is a directory, not an archive file; give a file path such as {os.path.join(location, 'archive.sqlite')}"
            )
        # Only an absent or empty file is made into an archive: anything else is read as
        # one, or refused by name and left as it is.
        absent = not os.path.exists(location) or os.path.getsize(location) == 0
        if absent and not request.create:
            raise missing_archive(location)
        if not absent:
            _check_header(location)
        connection = _connect(location, read_only=request.read_only and not absent)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            if request.create and not absent and not _tables(connection):
                absent = True  # another job is making it this moment: its tables are not yet committed
            if absent:
                _create(connection, location, request.new_settings())
            meta = _read_meta(connection, location)
            if not request.read_only:
                _use_write_ahead_log(connection)
            recorded, version = settings_from_meta(request, meta)
            return cls(location, connection, recorded, request.vocab, version)
        except sqlite3.DatabaseError as error:
            connection.close()
            if "readonly" in str(error):
                raise ArchiveError(_read_only_message("write", location)) from error
            raise ArchiveError(
                f"{location} is not a readable reconcile archive ({error}); give the path of an archive made by `reconcile index add`"
            ) from error
        except BaseException:
            connection.close()
            raise

    # --- reading -------------------------------------------------------------------

    def _state(self, article_id: str) -> StoredState | None:
        with self._errors("read"):
            row = self._db.execute(
                f"SELECT a.content_hash, c.lexicon, {self._origin_column} FROM articles a "
                "LEFT JOIN claims c ON c.article = a.num WHERE a.id = ?",
                (article_id,),
            ).fetchone()
        return _stored_state(row) if row else None

    @property
    def _origin_column(self) -> str:
        return "a.origin" if self._has_origin else "''"

    def _present(self, ids: list[str]) -> list[str]:
        found: list[str] = []
        with self._errors("read"):
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                found += [row[0] for row in self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)]
        return found

    def _origins(self) -> Iterator[tuple[str, str]]:
        with self._errors("read"):
            rows = self._db.execute(f"SELECT a.id, {self._origin_column} FROM articles a").fetchall()
        return ((i, o) for i, o in rows if isinstance(i, str) and isinstance(o, str))

    def _lookup(self, keys: ArticleKeys) -> dict[str, int]:
        found: dict[str, int] = {}
        with self._errors("read"):
            for table, wanted in (("doc_bands", keys.document), ("passage_bands", keys.passages)):
                for chunk in _chunks(wanted.tolist()):
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT a.id, count(*) FROM {table} b JOIN articles a ON a.num = b.article WHERE b.key IN ({marks}) GROUP BY a.id",
                        chunk,
                    )
                    for article_id, shared in rows:
                        found[article_id] = found.get(article_id, 0) + shared
        return found

    def load(self, ids: Sequence[str]) -> list[StoredArticle]:
        by_id: dict[str, StoredArticle] = {}
        with self._errors("read"):
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    # Records as bytes: text that is not UTF-8 is a damaged record to name, not an error.
                    f"SELECT a.id, a.content_hash, CAST(a.record AS BLOB), CAST(c.record AS BLOB), c.lexicon "
                    f"FROM articles a LEFT JOIN claims c "
                    f"ON c.article = a.num WHERE a.id IN ({marks})",
                    chunk,
                ).fetchall()
                for article_id, stored_hash, record, claims, lexicon in rows:
                    by_id[article_id] = _stored(self.location, article_id, stored_hash, record, claims, lexicon, self.packed)
        return [by_id[i] for i in ids if i in by_id]

    def listing(self) -> Iterator[ListedArticle | DamagedRecord]:
        with self._errors("read"):
            rows = self._db.execute(
                "SELECT a.id, a.content_hash, CAST(a.record AS BLOB), CAST(c.record AS BLOB), c.lexicon, a.added "
                "FROM articles a LEFT JOIN claims c ON c.article = a.num ORDER BY a.id"
            )
            for article_id, stored_hash, record, claims, lexicon, added in rows:
                try:
                    yield listed(_stored(self.location, article_id, stored_hash, record, claims, lexicon, self.packed), added)
                except DamagedRecord as error:
                    yield error

    def article_count(self) -> int:
        with self._errors("read"):
            row = self._db.execute("SELECT value FROM meta WHERE key = 'articles'").fetchone()
            if row is None or not str(row[0]).lstrip("-").isdigit():  # not counted yet, or damaged: count
                return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
        return int(row[0])

    def stats(self) -> ArchiveStats:
        with self._errors("read"):
            problems = [row[0] for row in self._db.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise ArchiveError(
                    f"archive {self.location} is damaged (integrity check: {'; '.join(problems)}); "
                    "restore it from a backup, or rebuild it with `reconcile index add`"
                )
        self.check_records()
        with self._errors("read"):
            articles, passages = self._db.execute("SELECT count(*), coalesce(sum(passages), 0) FROM articles").fetchone()
            claims = self._db.execute("SELECT coalesce(sum(count), 0) FROM claims").fetchone()[0]
            page_count = self._db.execute("PRAGMA page_count").fetchone()[0]
            page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
            meta = _read_meta(self._db, self.location)
        for name, value in (("passages", passages), ("claims", claims)):
            if not isinstance(value, int):
                raise ArchiveError(
                    f"archive {self.location} is damaged: a count of {name} is not a number "
                    f"({value!r}); rebuild it with `reconcile index add`"
                )
        return ArchiveStats.of(self, meta, articles, passages, claims, size_bytes=page_count * page_size)

    # --- writing -------------------------------------------------------------------

    def _write(self, prepared: list[PreparedArticle], replace: bool, damaged: set[str]) -> dict[str, tuple[str, str]]:
        done: dict[str, tuple[str, str]] = {}
        progress = _WriteProgress(len(prepared))
        stamp = now()
        with self._transaction(progress):
            self._db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
            written: list[tuple[int, PreparedArticle]] = []
            for p in prepared:
                old = self._db.execute(
                    "SELECT a.num, a.content_hash, c.lexicon, a.origin FROM articles a LEFT JOIN claims c "
                    "ON c.article = a.num WHERE a.id = ?",
                    (p.id,),
                ).fetchone()
                stored = _stored_state(old[1:]) if old else None
                outcome = decide(stored, p.content_hash, p.lexicon, p.origin, replace)
                if outcome == UNCHANGED and p.id in damaged:
                    outcome = UPDATED
                done[p.id] = (outcome, stored.origin if stored else "")
                if outcome in (UNCHANGED, REFUSED):
                    continue
                if old:
                    self._delete(old[0])
                written.append((self._insert(p, stamp), p))
                progress.wrote(p)
            self._insert_bands(written)
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'updated'", (stamp,))
            self._count_change(sum(outcome == ADDED for outcome, _ in done.values()))
        return done

    def _insert(self, p: PreparedArticle, stamp: str) -> int:
        """Store the article's record and claims; its number."""
        num = self._db.execute(
            "INSERT INTO articles (id, content_hash, origin, record, passages, added) VALUES (?, ?, ?, ?, ?, ?)",
            (p.id, p.content_hash, p.origin, p.record, p.passages, stamp),
        ).lastrowid
        self._db.execute(
            "INSERT INTO claims (article, lexicon, count, record) VALUES (?, ?, ?, ?)", (num, p.lexicon, p.claim_count, p.claims)
        )
        if self.packed:
            self._db.execute(
                "INSERT INTO band_keys (article, document, passages) VALUES (?, ?, ?)",
                (num, p.keys.document.astype("<i8").tobytes(), p.keys.passages.astype("<i8").tobytes()),
            )
        return int(num)  # type: ignore[arg-type]

    def _insert_bands(self, written: list[tuple[int, PreparedArticle]]) -> None:
        """The band rows of every article written, each table's in key order."""
        for table, of in (("doc_bands", lambda k: k.document), ("passage_bands", lambda k: k.passages)):
            if not written:
                return
            keys = np.concatenate([of(p.keys) for _, p in written])
            nums = np.repeat(np.array([num for num, _ in written], dtype=np.int64), [len(of(p.keys)) for _, p in written])
            order = np.lexsort((nums, keys))
            self._db.executemany(
                f"INSERT OR IGNORE INTO {table} (key, article) VALUES (?, ?)", zip(keys[order].tolist(), nums[order].tolist())
            )

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        removed: list[str] = []
        missing: list[str] = []
        with self._transaction(_WriteProgress(len(ids))):
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

    def _count_change(self, delta: int) -> None:
        # Kept in meta so that a check can say how big the archive is without counting it.
        if delta:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('articles', ?) ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
                (str(delta), delta),
            )

    def _delete(self, num: int) -> None:
        """Delete an article, its claims and its band rows: by the keys it recorded (schema
        3), or through the index by article (schema 2). Keys that cannot be read (damage)
        leave a search of the whole band tables, slow but complete."""
        keys = self._db.execute("SELECT document, passages FROM band_keys WHERE article = ?", (num,)).fetchone() if self.packed else None
        for table, blob in zip(("doc_bands", "passage_bands"), keys or (None, None)):
            if isinstance(blob, bytes) and len(blob) % 8 == 0:
                self._db.executemany(
                    f"DELETE FROM {table} WHERE key = ? AND article = ?", ((key, num) for key in np.frombuffer(blob, dtype="<i8").tolist())
                )
            else:
                self._db.execute(f"DELETE FROM {table} WHERE article = ?", (num,))
        tables = (("band_keys", "article"),) if self.packed else ()
        for table, column in (*tables, ("claims", "article"), ("articles", "num")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", (num,))

    @contextmanager
    def _transaction(self, progress: "_WriteProgress") -> Iterator[None]:
        """One write transaction: all of it is stored, or none of it. SQLite rolls back
        by itself on some errors (a full disk); the error is then reported, never the
        failure of a second rollback."""
        with self._errors("write", progress):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # the first error is the one to report; SQLite undoes the rest on reopening
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self, action: str, progress: "_WriteProgress | None" = None) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as error:
            if "decode" in str(error):  # a text column that is not UTF-8: damage, not a locking problem
                raise ArchiveError(
                    f"archive {self.location} is damaged (a stored text is not UTF-8: {error}); "
                    "restore it from a backup, or rebuild it with `reconcile index add`"
                ) from error
            if _is_full(error):
                raise ArchiveError(_full_message(self.location, progress)) from error
            if "readonly" in str(error):
                raise ArchiveError(_read_only_message(action, self.location)) from error
            raise ArchiveError(
                f"cannot {action} archive {self.location}: {error}; check that the file is "
                "writable and that no other program holds it locked for long"
            ) from error
        except sqlite3.DatabaseError as error:
            raise ArchiveError(
                f"archive {self.location} is damaged ({error}); restore it from a backup, or rebuild it with `reconcile index add`"
            ) from error

    def close(self) -> None:
        self._db.close()


class _WriteProgress:
    """How far a write got, for the message when the disk fills up."""

    def __init__(self, total: int):
        self.total = total
        self.articles = 0
        self.bytes = 0

    def wrote(self, p: PreparedArticle) -> None:
        self.articles += 1
        self.bytes += p.size


def _read_only_message(action: str, location: str) -> str:
    return (
        f"cannot {action} archive {location}: the file or its directory is not writable by this user; adding "
        "and removing need write access to both, reading (check, index stats, index list) does not"
    )


def _is_full(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", None) == getattr(sqlite3, "SQLITE_FULL", 13) or "disk is full" in str(error)


def _full_message(location: str, progress: _WriteProgress | None) -> str:
    where = os.path.dirname(os.path.abspath(location))
    done = ""
    if progress is not None and progress.total:
        done = f" after writing {progress.articles} of {progress.total} articles ({progress.bytes / 1e6:.1f} MB of records and index)"
    return (
        f"the disk holding {location} is full: the write stopped{done}; nothing of it was kept and the archive "
        f"is as it was. Free space in {where} (an add needs room for its articles twice over while it "
        "runs) and run the same command again"
    )


def _connect(location: str, read_only: bool) -> sqlite3.Connection:
    """A connection; read-only ones need no write access to the file or its directory."""

    def connect(database: str, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False, uri=uri)

    try:
        if not read_only:
            return connect(location)
        uri = "file:" + quote(os.path.abspath(location))
        connection = connect(uri + "?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError:
            # WAL needs a -shm file beside the archive, which a reader who may not write
            # the directory cannot make. With no write-ahead log, nothing is in flight and
            # the file alone is the archive: read it as immutable.
            connection.close()
            if _has_wal(location):
                raise
            return connect(uri + "?immutable=1", uri=True)
    except sqlite3.Error as error:
        raise ArchiveError(f"cannot open archive {location}: {error}; check the path and its permissions") from error


def _has_wal(location: str) -> bool:
    wal = location + "-wal"
    return os.path.exists(wal) and os.path.getsize(wal) > 0


def _check_header(location: str) -> None:
    try:
        with open(location, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ArchiveError(f"cannot read archive {location}: {error.strerror or error}; check the path and its permissions") from error
    if header != SQLITE_HEADER:
        raise ArchiveError(
            f"{location} is not a reconcile archive (not an SQLite database); give the path "
            "of an archive made by `reconcile index add`, or a new file name to create one"
        )


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _create(connection: sqlite3.Connection, location: str, settings: OverlapSettings) -> None:
    """Make the tables and record the settings in a file that was absent or empty. Safe
    when another process creates the same archive at the same moment: the first one's
    meta is kept."""
    stamp = now()
    connection.execute("BEGIN IMMEDIATE")
    try:
        if _tables(connection) - ARCHIVE_TABLES:  # another program got there first
            raise ArchiveError(
                f"{location} is an SQLite database but not a reconcile archive; give the path of "
                "an archive made by `reconcile index add`, or a new file name to create one"
            )
        # One statement at a time: executescript would commit the transaction first.
        for statement in SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        meta = {
            "format": FORMAT,
            "schema_version": str(SCHEMA_VERSION),
            "reconcile_version": __version__,
            "settings": dumps(settings_record(settings)),
            "created": stamp,
            "updated": stamp,
            "articles": "0",
        }
        connection.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", meta.items())
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _use_write_ahead_log(connection: sqlite3.Connection) -> None:
    """Put the archive in WAL mode (once; it is kept in the file). Changing the journal mode
    does not wait for a busy database as other statements do, so it is retried for as long
    as they would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _read_meta(connection: sqlite3.Connection, location: str) -> dict[str, str]:
    """The meta table, every value text. A file with reconcile's tables but no readable
    meta is a damaged archive, refused as such: never made anew over its rows."""
    tables = _tables(connection)
    if "meta" not in tables:
        if tables & ARCHIVE_TABLES:
            raise ArchiveError(
                f"{location}: the archive's settings record (table meta) is missing, so its "
                "signatures cannot be compared with new ones; refused and left untouched. Restore "
                "it from a backup, or rebuild it: remove it and run `reconcile index add` again"
            )
        raise ArchiveError(
            f"{location} is an SQLite database but not a reconcile archive; give the path of an archive made by `reconcile index add`"
        )
    rows = connection.execute("SELECT key, value FROM meta").fetchall()
    meta = {key: value for key, value in rows if isinstance(key, str)}
    if meta.get("format") != FORMAT:
        if "articles" not in tables:
            raise ArchiveError(
                f"{location} is an SQLite database but not a reconcile archive; give the path of an archive made by `reconcile index add`"
            )
        raise DamagedRecord(location, None, RecordError("format", f"expected {FORMAT!r}, found {meta.get('format')!r}"))
    for key, value in meta.items():
        if not isinstance(value, str):
            raise DamagedRecord(location, None, RecordError(key, f"expected text, found {value!r}"))
    return meta


def _stored_state(row: Sequence[Any]) -> StoredState:
    """(content hash, lexicon, origin) as stored; a damaged value reads as empty, which
    no article matches, so the article is written again."""
    content_hash, lexicon, origin = (value if isinstance(value, str) else "" for value in row)
    return StoredState(content_hash, lexicon, origin)


def _stored(
    location: str, article_id: Any, stored_hash: Any, article_record: Any, claims_record: Any, lexicon: Any, packed: bool = True
) -> StoredArticle:
    """An article and its claims as stored (compressed JSON when `packed`, JSON text before
    schema 3), every value checked."""
    try:
        article = article_from_json(parse_stored(article_record, "record", packed))
        if article.id != article_id:
            raise RecordError("id", f"the record says {article.id!r}")
        check_content_hash(article, stored_hash)
        if claims_record is None:
            raise RecordError("claims", "missing")
        if not isinstance(lexicon, str):
            raise RecordError("lexicon", f"expected text, found {lexicon!r}")
        return StoredArticle(article, claims_from_json(article, parse_stored(claims_record, "claims", packed)), lexicon)
    except RecordError as error:
        raise DamagedRecord(location, str(article_id), error) from None


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
