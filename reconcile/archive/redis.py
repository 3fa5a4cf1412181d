"""The Redis archive, for archives that outgrow one file: ``redis://host:port/db``.

The LSH index is datasketch's own `MinHashLSH` with Redis storage (two of them: document
signatures under ``reconcile:lsh:document``, passage signatures under
``reconcile:lsh:passage``), so its buckets are cut exactly as `reconcile.overlap` cuts
them. Article records, claims, per-article state and meta live in Redis hashes under the
``reconcile:`` prefix; each article's records are written in one MULTI/EXEC transaction.

Redis has no transaction spanning datasketch's writes and ours, so every write of an
article gets a fresh *generation* token that is part of its LSH keys. New LSH entries
are written first, then the records (naming the new generation) in one transaction, then
the old generation's entries are removed. A lookup keeps only hits whose generation is
the stored one, so an interrupted add leaves stray entries that are never answered and
are cleaned up when the article is next written or removed. Which LSH keys may exist for
an article is recorded (``reconcile:lsh_keys``) before they are written.

`redis` (the Python client) is imported here only: the SQLite archive never needs it.
"""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

from datasketch import MinHashLSH

from .. import __version__
from ..overlap import ArticleSignatures, OverlapSettings
from . import (FORMAT, SCHEMA_VERSION, Archive, ArchiveError, ArchiveStats, PreparedArticle, RemoveResult,
               StoredArticle, check_schema_version, check_settings, missing_archive, now, recorded_settings,
               settings_record)
from .records import article_from_json, claims_from_json, dumps

PREFIX = "reconcile:"
META = PREFIX + "meta"
ARTICLES = PREFIX + "articles"  # id -> article record (JSON)
CLAIMS = PREFIX + "claims"  # id -> claims (JSON)
STATE = PREFIX + "state"  # id -> {"hash", "lexicon", "generation", "passages", "claims"} (JSON)
LSH_KEYS = PREFIX + "lsh_keys"  # id -> every LSH key that may exist for the id (JSON list)
SEPARATOR = "\x1f"
CONNECT_TIMEOUT_S = 3.0


def _redis_module():
    try:
        import redis
    except ImportError as error:
        raise ArchiveError("the Redis archive needs the redis package; install it with "
                           "`pip install 'reconcile[redis]'`") from error
    return redis


def connection_params(location: str) -> dict[str, Any]:
    """host, port, db (and password) of a ``redis://[:password@]host:port/db`` location."""
    parts = urlsplit(location)
    try:
        port = parts.port or 6379
        db = int(parts.path.strip("/") or 0)
    except ValueError as error:
        raise ArchiveError(f"{location} is not a Redis address; write redis://host:port/db "
                           "(for example redis://127.0.0.1:6379/0)") from error
    redis = _redis_module()
    # No retries: a server that is gone should be reported at once, not after backing off.
    params: dict[str, Any] = {"host": parts.hostname or "localhost", "port": port, "db": db,
                              "socket_connect_timeout": CONNECT_TIMEOUT_S,
                              "retry": redis.retry.Retry(redis.backoff.NoBackoff(), 0)}
    if parts.password:
        params["password"] = parts.password
    if parts.username:
        params["username"] = parts.username
    return params


def _document_key(article_id: str, generation: str) -> bytes:
    # The id goes last, so that a separator inside an id cannot shift the other fields.
    return SEPARATOR.join(["d", generation, article_id]).encode("utf-8")


def _passage_key(article_id: str, generation: str, level: str, order: int) -> bytes:
    return SEPARATOR.join(["p", generation, level, str(order), article_id]).encode("utf-8")


def _parse_key(key: bytes) -> tuple[str, str, str | None]:
    """(article id, generation, passage level or None for a document key)."""
    text = key.decode("utf-8")
    if text.startswith("d" + SEPARATOR):
        _, generation, article_id = text.split(SEPARATOR, 2)
        return article_id, generation, None
    _, generation, level, _, article_id = text.split(SEPARATOR, 4)
    return article_id, generation, level


class RedisArchive(Archive):
    backend = "redis"

    def __init__(self, location: str, client: Any, params: dict[str, Any], settings: OverlapSettings,
                 vocab: tuple[str, ...]):
        super().__init__(location, settings, vocab)
        self._redis = client
        # The LSH buffers need no MULTI/EXEC: generations, not transactions, keep lookups consistent.
        config = {"type": "redis", "redis": params, "redis_buffer": {"transaction": False}}
        self._doc_lsh = MinHashLSH(threshold=settings.doc_threshold, num_perm=settings.num_perm, prepickle=False,
                                   storage_config={**config, "basename": (PREFIX + "lsh:document").encode()})
        self._passage_lsh = MinHashLSH(threshold=settings.passage_threshold, num_perm=settings.num_perm,
                                       prepickle=False,
                                       storage_config={**config, "basename": (PREFIX + "lsh:passage").encode()})

    @classmethod
    def open(cls, location: str, settings: OverlapSettings | None, *, create: bool,
             vocab: tuple[str, ...]) -> "RedisArchive":
        redis = _redis_module()
        params = connection_params(location)
        client = redis.Redis(**params)
        with _errors(location):
            meta = {k.decode(): v.decode() for k, v in client.hgetall(META).items()}
            if not meta:
                if not create:
                    raise missing_archive(location)
                stamp = now()
                record = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION), "reconcile_version": __version__,
                          "settings": dumps(settings_record(settings or OverlapSettings())), "created": stamp,
                          "updated": stamp}
                # HSETNX: when two processes create it at once, the first one's meta is kept.
                with client.pipeline(transaction=True) as pipe:
                    for key, value in record.items():
                        pipe.hsetnx(META, key, value)
                    pipe.execute()
                meta = {k.decode(): v.decode() for k, v in client.hgetall(META).items()}
        _check_meta(location, meta)
        recorded, scheme = recorded_settings(json.loads(meta["settings"]), location)
        check_settings(location, recorded, scheme, settings)
        return cls(location, client, params, recorded, vocab)

    # --- reading -------------------------------------------------------------------

    def _states(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        values = self._redis.hmget(STATE, list(ids))
        return {i: json.loads(v) for i, v in zip(ids, values) if v is not None}

    def _state(self, article_id: str) -> tuple[str, str] | None:
        with _errors(self.location):
            state = self._states([article_id]).get(article_id)
        return (state["hash"], state["lexicon"]) if state else None

    def _lookup(self, signatures: ArticleSignatures) -> dict[str, int]:
        queries = [(self._doc_lsh, None, signatures.document)]
        queries += [(self._passage_lsh, level, signature) for level, _, signature in signatures.passages]
        shared: dict[tuple[str, str], set[tuple]] = {}
        with _errors(self.location):
            for bucket, level, members in self._buckets(queries):
                for key in members:
                    article_id, generation, key_level = _parse_key(key)
                    if key_level == level:
                        shared.setdefault((article_id, generation), set()).add(bucket)
            states = self._states(sorted({article_id for article_id, _ in shared}))
        return {i: len(buckets) for (i, generation), buckets in shared.items()
                if i in states and states[i]["generation"] == generation}

    def _buckets(self, queries: list[tuple[MinHashLSH, str | None, Any]]) -> list[tuple[tuple, str | None, set[bytes]]]:
        """For each band of each (lsh, level, signature): the bucket's identity (level,
        band, bucket key), the level, and the keys stored in it. `MinHashLSH.query` band for
        band, but every band of every signature read in one pipelined round trip."""
        asked = []
        with self._redis.pipeline(transaction=False) as pipe:
            for lsh, level, signature in queries:
                values = signature.to_minhash().hashvalues
                for number, ((start, end), table) in enumerate(zip(lsh.hashranges, lsh.hashtables)):
                    # lsh._H turns a band into its bucket key, and the storage's redis_key
                    # names that bucket's set: the same reads MinHashLSH.query makes.
                    bucket = lsh._H(values[start:end])
                    pipe.smembers(table.redis_key(bucket))
                    asked.append(((level, number, bucket), level))
            results = pipe.execute()
        return [(bucket, level, members) for (bucket, level), members in zip(asked, results)]

    def load(self, ids: Sequence[str]) -> list[StoredArticle]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        with _errors(self.location):
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.hmget(ARTICLES, ids)
                pipe.hmget(CLAIMS, ids)
                pipe.hmget(STATE, ids)
                articles, claims, states = pipe.execute()
        stored = []
        for article_json, claims_json, state in zip(articles, claims, states):
            if article_json is None or claims_json is None or state is None:
                continue
            try:
                article = article_from_json(json.loads(article_json))
                stored.append(StoredArticle(article, claims_from_json(article, json.loads(claims_json)),
                                            json.loads(state)["lexicon"]))
            except (ValueError, KeyError, TypeError) as error:
                raise ArchiveError(f"archive {self.location} holds an unreadable record ({error}); remove the "
                                   "article and add it again") from error
        return stored

    def article_count(self) -> int:
        with _errors(self.location):
            return int(self._redis.hlen(STATE))

    def stats(self) -> ArchiveStats:
        with _errors(self.location):
            states = [json.loads(v) for v in self._redis.hvals(STATE)]
            meta = {k.decode(): v.decode() for k, v in self._redis.hgetall(META).items()}
        _check_meta(self.location, meta)
        return ArchiveStats(
            location=self.location, backend=self.backend, articles=len(states),
            passages=sum(s["passages"] for s in states), claims=sum(s["claims"] for s in states),
            size_bytes=None, created=meta["created"], updated=meta["updated"],
            reconcile_version=meta["reconcile_version"], settings=json.loads(meta["settings"])["signature"])

    # --- writing -------------------------------------------------------------------

    def _write(self, prepared: list[PreparedArticle]) -> tuple[list[str], list[str]]:
        with _errors(self.location):
            ids = [p.id for p in prepared]
            old_states = self._states(ids)
            old_keys = self._lsh_keys(ids)
            generations = {p.id: uuid.uuid4().hex[:12] for p in prepared}
            new_keys = {p.id: [_document_key(p.id, generations[p.id])] +
                        [_passage_key(p.id, generations[p.id], level, order)
                         for level, order, _ in p.signatures.passages]
                        for p in prepared}
            # 1. Record the keys about to exist, so a crash cannot leave untracked entries.
            self._set_lsh_keys({i: old_keys.get(i, []) + new_keys[i] for i in ids})
            # 2. The new generation's LSH entries.
            with self._doc_lsh.insertion_session() as session:
                for p in prepared:
                    session.insert(new_keys[p.id][0], p.signatures.document.to_minhash(), check_duplication=False)
            with self._passage_lsh.insertion_session() as session:
                for p in prepared:
                    for key, (_, _, signature) in zip(new_keys[p.id][1:], p.signatures.passages):
                        session.insert(key, signature.to_minhash(), check_duplication=False)
            # 3. The records, one transaction per article: from here lookups see the new generation.
            stamp = now()
            for p in prepared:
                self._write_records(p, generations[p.id], stamp)
            # 4. The old generations' entries are no longer answered: remove them.
            self._remove_lsh_entries([k for i in ids for k in old_keys.get(i, [])])
            self._set_lsh_keys(new_keys)
        added = [i for i in ids if i not in old_states]
        replaced = [i for i in ids if i in old_states]
        return added, replaced

    def _write_records(self, p: PreparedArticle, generation: str, stamp: str) -> None:
        state = {"hash": p.content_hash, "lexicon": p.lexicon, "generation": generation,
                 "passages": len(p.signatures.passages), "claims": p.claim_count}
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(ARTICLES, p.id, p.record)
            pipe.hset(CLAIMS, p.id, p.claims)
            pipe.hset(STATE, p.id, dumps(state))
            pipe.hset(META, "updated", stamp)
            pipe.execute()

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        ids = list(dict.fromkeys(ids))
        with _errors(self.location):
            present = self._states(ids)
            old_keys = self._lsh_keys(ids)
            for article_id in present:
                with self._redis.pipeline(transaction=True) as pipe:
                    pipe.hdel(ARTICLES, article_id)
                    pipe.hdel(CLAIMS, article_id)
                    pipe.hdel(STATE, article_id)
                    pipe.hset(META, "updated", now())
                    pipe.execute()
            self._remove_lsh_entries([k for keys in old_keys.values() for k in keys])
            if old_keys:
                self._redis.hdel(LSH_KEYS, *old_keys)
        return RemoveResult(tuple(i for i in ids if i in present), tuple(i for i in ids if i not in present))

    def _lsh_keys(self, ids: Sequence[str]) -> dict[str, list[bytes]]:
        if not ids:
            return {}
        values = self._redis.hmget(LSH_KEYS, list(ids))
        return {i: [k.encode("utf-8") for k in json.loads(v)] for i, v in zip(ids, values) if v is not None}

    def _set_lsh_keys(self, keys: dict[str, list[bytes]]) -> None:
        if keys:
            self._redis.hset(LSH_KEYS, mapping={i: json.dumps([k.decode("utf-8") for k in ks])
                                                for i, ks in keys.items()})

    def _remove_lsh_entries(self, keys: Sequence[bytes]) -> None:
        documents = [k for k in keys if _parse_key(k)[2] is None]
        passages = [k for k in keys if _parse_key(k)[2] is not None]
        _forget(self._redis, self._doc_lsh, documents)
        _forget(self._redis, self._passage_lsh, passages)

    def close(self) -> None:
        self._redis.close()


def _forget(client: Any, lsh: MinHashLSH, keys: Sequence[bytes]) -> None:
    """Remove keys from a Redis-backed MinHashLSH: what `MinHashLSH.remove` does, through
    datasketch's storage naming, in a few pipelined round trips instead of several per key
    and band."""
    if not keys:
        return
    present = [(key, bands) for key, bands in zip(keys, lsh.keys.getmany(*keys)) if bands]
    if not present:
        return
    with client.pipeline(transaction=False) as pipe:
        for key, bands in present:
            for bucket, table in zip(bands, lsh.hashtables):
                pipe.srem(table.redis_key(bucket), key)
        pipe.execute()
    for number, table in enumerate(lsh.hashtables):
        buckets = list(dict.fromkeys(bands[number] for _, bands in present))
        emptied = [bucket for bucket, members in zip(buckets, table.getmany(*buckets)) if not members]
        if emptied:
            table.remove(*emptied)
    lsh.keys.remove(*[key for key, _ in present])


def _check_meta(location: str, meta: dict[str, str]) -> None:
    if meta.get("format") != FORMAT:
        raise ArchiveError(f"{location} holds a {PREFIX}meta that is not a reconcile archive's; use another "
                           "Redis database number for the archive")
    check_schema_version(location, meta)


@contextmanager
def _errors(location: str) -> Iterator[None]:
    """Redis failures as one line an editor or CI user can act on, never a traceback."""
    redis = _redis_module()
    try:
        yield
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        raise ArchiveError(f"cannot reach Redis at {location}: {str(error).rstrip('.')}; start the server or "
                           "check the address") from error
    except redis.exceptions.RedisError as error:
        raise ArchiveError(f"Redis at {location} refused the request: {str(error).rstrip('.')}") from error
