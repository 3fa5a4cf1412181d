"""The Redis archive, for archives that outgrow one file: ``redis://host:port/db``.

The LSH index has datasketch's Redis storage layout (two `MinHashLSH` indexes: document
signatures under ``reconcile:lsh:document``, passage signatures under
``reconcile:lsh:passage``; a set per bucket, a hash per band table, a list of band values
per key), so its buckets are cut exactly as `reconcile.overlap` cuts them and a
`MinHashLSH` with the same storage config can query it. Article records, claims, state,
origin and meta live in Redis hashes under the ``reconcile:`` prefix; the LSH keys an
article has, in a set ``reconcile:lsh_keys:<id>``.

Every write is one Lua script run by the server, and a script runs whole, with nothing
else between its commands: an add of one article decides (added, updated, unchanged,
refused) against the state stored at that moment, removes every LSH entry of the stored
version, writes the new entries and the records. Two jobs adding or removing the same id
therefore leave one version, with all of its index entries and none of another's; a
client killed mid-add leaves each article written whole or not at all. Each version has
a fresh *generation* token inside its LSH keys, and a lookup answers only entries of the
stored generation, so no entry an older reconcile left behind is ever answered.

For a server crash to lose nothing an add reported, run Redis with ``appendonly yes``
and ``appendfsync always`` (the soak benchmark does; see docs/archive.md).

`redis` (the Python client) is imported here only: the SQLite archive never needs it.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

from .. import __version__
from ..overlap import ArticleSignatures, OverlapSettings
from . import (FORMAT, SCHEMA_VERSION, Archive, ArchiveError, ArchiveStats, DamagedRecord, ListedArticle,
               OpenRequest, listed, PreparedArticle, RemoveResult, StoredArticle, StoredState, missing_archive, now,
               parse_json_record, settings_from_meta, settings_record)
from .bands import band_ranges
from .records import RecordError, article_from_json, check_content_hash, claims_from_json, dumps, parse_json

PREFIX = "reconcile:"
META = PREFIX + "meta"
ARTICLES = PREFIX + "articles"  # id -> article record (JSON)
CLAIMS = PREFIX + "claims"  # id -> claims (JSON)
STATE = PREFIX + "state"  # id -> {"hash", "lexicon", "generation", "passages", "claims", "added"} (JSON)
ORIGIN = PREFIX + "origin"  # id -> where the article came from (see ids.origin)
LSH_KEYS = PREFIX + "lsh_keys:"  # + id: the set of the id's LSH keys
DOCUMENT_LSH = (PREFIX + "lsh:document").encode()
PASSAGE_LSH = (PREFIX + "lsh:passage").encode()
SEPARATOR = "\x1f"
CONNECT_TIMEOUT_S = 3.0
# Articles sent to the server per round trip; each is still its own script, whole or not at all.
WRITE_BATCH = 32

# Forget every LSH entry of one id: datasketch's `MinHashLSH.remove`, for all the id's keys.
_FORGET = """
local function forget(id, names)
  local set = 'reconcile:lsh_keys:' .. id
  for _, key in ipairs(redis.call('SMEMBERS', set)) do
    local index = names[string.sub(key, 1, 1)]
    if index then
      local keys_name = index.keys
      for i, band in ipairs(redis.call('LRANGE', keys_name .. key, 0, -1)) do
        local table_name = index.tables[i]
        if table_name then
          redis.call('SREM', table_name .. band, key)
          if redis.call('SCARD', table_name .. band) == 0 then redis.call('HDEL', table_name, band) end
        end
      end
      redis.call('DEL', keys_name .. key)
      redis.call('HDEL', keys_name, key)
    end
  end
  redis.call('DEL', set)
end

local function read_names(at)
  local names = {}
  for _, kind in ipairs({'d', 'p'}) do
    local keys_name, count = ARGV[at], tonumber(ARGV[at + 1])
    local tables = {}
    for i = 1, count do tables[i] = ARGV[at + 1 + i] end
    names[kind] = {keys = keys_name, tables = tables}
    at = at + 2 + count
  end
  return names, at
end
"""

# ARGV: id, generation... (see RedisArchive._add_args). Returns {outcome, stored origin}.
ADD_SCRIPT = _FORGET + """
-- flags: r to replace another source's article, f to write even an unchanged one (it was damaged)
local id, new_hash, new_lexicon, new_origin, flags = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local stored = redis.call('HGET', 'reconcile:state', id)
local origin = redis.call('HGET', 'reconcile:origin', id) or ''
local outcome = 'added'
if stored then
  outcome = 'updated'
  local ok, state = pcall(cjson.decode, stored)
  if origin ~= '' and new_origin ~= '' and origin ~= new_origin then
    if not string.find(flags, 'r', 1, true) then return {'refused', origin} end
    outcome = 'replaced'
  elseif ok and type(state) == 'table' and state['hash'] == new_hash and state['lexicon'] == new_lexicon
      and not string.find(flags, 'f', 1, true) then
    return {'unchanged', origin}
  end
end
local names, at = read_names(10)
forget(id, names)
local set = 'reconcile:lsh_keys:' .. id
while at <= #ARGV do
  local key = ARGV[at]
  local index = names[string.sub(key, 1, 1)]
  local count = #index.tables
  redis.call('HSET', index.keys, key, index.keys .. key)
  for i = 1, count do
    local band, table_name = ARGV[at + i], index.tables[i]
    redis.call('RPUSH', index.keys .. key, band)
    redis.call('HSET', table_name, band, table_name .. band)
    redis.call('SADD', table_name .. band, key)
  end
  redis.call('SADD', set, key)
  at = at + 1 + count
end
redis.call('HSET', 'reconcile:articles', id, ARGV[6])
redis.call('HSET', 'reconcile:claims', id, ARGV[7])
redis.call('HSET', 'reconcile:state', id, ARGV[8])
redis.call('HSET', 'reconcile:origin', id, new_origin)
redis.call('HSET', 'reconcile:meta', 'updated', ARGV[9])
return {outcome, origin}
"""

# ARGV: id, stamp, then the LSH names. Returns 1 when the id was stored.
REMOVE_SCRIPT = _FORGET + """
local id = ARGV[1]
local names = read_names(3)
local present = redis.call('HEXISTS', 'reconcile:state', id)
forget(id, names)
for _, hash in ipairs({'reconcile:articles', 'reconcile:claims', 'reconcile:state', 'reconcile:origin'}) do
  redis.call('HDEL', hash, id)
end
if present == 1 then redis.call('HSET', 'reconcile:meta', 'updated', ARGV[2]) end
return present
"""


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


def _parse_key(key: bytes) -> tuple[str, str, str | None] | None:
    """(article id, generation, passage level or None for a document key); None for a
    member that is no key of ours."""
    try:
        text = key.decode("utf-8")
        if text.startswith("d" + SEPARATOR):
            _, generation, article_id = text.split(SEPARATOR, 2)
            return article_id, generation, None
        if text.startswith("p" + SEPARATOR):
            _, generation, level, _, article_id = text.split(SEPARATOR, 4)
            return article_id, generation, level
    except (UnicodeDecodeError, ValueError):
        pass
    return None


class LSHNames:
    """The Redis names of one of datasketch's Redis-stored `MinHashLSH` indexes (its band
    tables and its key lists), and the bucket a band of a signature falls in: computed
    as datasketch computes them, without making its storage objects (a client each)."""

    def __init__(self, basename: bytes, threshold: float, num_perm: int):
        self.ranges = band_ranges(threshold, num_perm)
        self.tables = [basename + b"_bucket_" + number.to_bytes(2, "big") for number in range(len(self.ranges))]
        self.keys = basename + b"_keys"

    def buckets(self, signature: Any) -> list[bytes]:
        """The bucket of each band: `MinHashLSH._byteswap` of the band's hash values, as
        the equivalent datasketch MinHash holds them."""
        values = signature.to_minhash().hashvalues
        return [bytes(values[start:end].byteswap().data) for start, end in self.ranges]

    def args(self) -> list[bytes | int]:
        return [self.keys, len(self.tables), *self.tables]


class RedisArchive(Archive):
    backend = "redis"

    def __init__(self, location: str, client: Any, settings: OverlapSettings, vocab: tuple[str, ...],
                 schema_version: int):
        super().__init__(location, settings, vocab)
        self._redis = client
        self.schema_version = schema_version
        self._documents = LSHNames(DOCUMENT_LSH, settings.doc_threshold, settings.num_perm)
        self._passages = LSHNames(PASSAGE_LSH, settings.passage_threshold, settings.num_perm)
        self._add_script = client.register_script(ADD_SCRIPT)
        self._remove_script = client.register_script(REMOVE_SCRIPT)

    @classmethod
    def open(cls, request: OpenRequest) -> "RedisArchive":
        location = request.location
        client = _redis_module().Redis(**connection_params(location))
        with _errors(location):
            meta = _read_meta(client, location)
            if not meta:
                _refuse_unless_empty(client, location, request.create)
                _create(client, request)
                meta = _read_meta(client, location)
        recorded, version = settings_from_meta(request, meta)
        return cls(location, client, recorded, request.vocab, version)

    # --- reading -------------------------------------------------------------------

    def _states(self, ids: Sequence[str]) -> dict[str, dict[str, Any] | RecordError]:
        """The state of each stored id, or the error that says how it is damaged."""
        if not ids:
            return {}
        values = self._redis.hmget(STATE, list(ids))
        return {i: _state_of(v) for i, v in zip(ids, values) if v is not None}

    def _state(self, article_id: str) -> StoredState | None:
        with _errors(self.location):
            state, stored_origin = self._redis.hmget(STATE, [article_id]) + self._redis.hmget(ORIGIN, [article_id])
        if state is None:
            return None
        parsed = _state_of(state)
        origin_text = _text(stored_origin) if stored_origin is not None else ""
        if isinstance(parsed, RecordError):
            return StoredState("", "", origin_text or "")
        return StoredState(parsed["hash"], parsed["lexicon"], origin_text or "")

    def _present(self, ids: list[str]) -> list[str]:
        with _errors(self.location):
            values = self._redis.hmget(STATE, ids) if ids else []
        return [i for i, v in zip(ids, values) if v is not None]

    def _origins(self) -> Iterator[tuple[str, str]]:
        """Every stored id (one with a state) and its origin ("" when none is recorded)."""
        with _errors(self.location):
            ids = [i for i in (_text(k) for k in self._redis.hkeys(STATE)) if i is not None]
            origins = self._redis.hmget(ORIGIN, ids) if ids else []
        for article_id, stored_origin in zip(ids, origins):
            yield article_id, (_text(stored_origin) or "") if stored_origin is not None else ""

    def _lookup(self, signatures: ArticleSignatures) -> dict[str, int]:
        queries = [(self._documents, None, signatures.document)]
        queries += [(self._passages, level, signature) for level, _, signature in signatures.passages]
        shared: dict[tuple[str, str], set[tuple]] = {}
        with _errors(self.location):
            for bucket, level, members in self._buckets(queries):
                for key in members:
                    parsed = _parse_key(key)
                    if parsed is not None and parsed[2] == level:
                        shared.setdefault(parsed[:2], set()).add(bucket)
            states = self._states(sorted({article_id for article_id, _ in shared}))
        generations = {i: s["generation"] for i, s in states.items() if not isinstance(s, RecordError)}
        return {i: len(buckets) for (i, generation), buckets in shared.items() if generations.get(i) == generation}

    def _buckets(self, queries: list[tuple[LSHNames, str | None, Any]]) -> list[tuple[tuple, str | None, set[bytes]]]:
        """For each band of each (index, level, signature): the bucket's identity (level,
        band, bucket), the level, and the keys stored in it; every band of every
        signature read in one pipelined round trip, as `MinHashLSH.query` reads them."""
        asked = []
        with self._redis.pipeline(transaction=False) as pipe:
            for names, level, signature in queries:
                for number, (table, bucket) in enumerate(zip(names.tables, names.buckets(signature))):
                    pipe.smembers(table + bucket)
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
        for article_id, article_json, claims_json, state in zip(ids, articles, claims, states):
            if state is None:
                continue
            stored.append(_stored(self.location, article_id, article_json, claims_json, state))
        return stored

    def listing(self) -> Iterator[ListedArticle | DamagedRecord]:
        with _errors(self.location):
            ids = sorted(i for i in (_text(k) for k in self._redis.hkeys(STATE)) if i is not None)
        for chunk in (ids[n:n + 500] for n in range(0, len(ids), 500)):
            with _errors(self.location):
                with self._redis.pipeline(transaction=True) as pipe:
                    for name in (ARTICLES, CLAIMS, STATE):
                        pipe.hmget(name, chunk)
                    records, claims, states = pipe.execute()
            for article_id, record, claim_rows, state in zip(chunk, records, claims, states):
                try:
                    stored = _stored(self.location, article_id, record, claim_rows, state)
                except DamagedRecord as error:
                    yield error
                    continue
                yield listed(stored, str(_state_of(state)["added"]))  # type: ignore[index]

    def article_count(self) -> int:
        with _errors(self.location):
            return int(self._redis.hlen(STATE))

    def stats(self) -> ArchiveStats:
        """Counts and settings, after checking every state and that records, claims and
        states cover the same ids (Redis's own integrity is the server's)."""
        with _errors(self.location):
            states = self._redis.hgetall(STATE)
            counts = (self._redis.hlen(ARTICLES), self._redis.hlen(CLAIMS), len(states))
            meta = _read_meta(self._redis, self.location)
        if len(set(counts)) != 1:
            raise ArchiveError(f"archive {self.location} is damaged: it holds {counts[0]} article records, "
                               f"{counts[1]} claim records and {counts[2]} states; rebuild it with `reconcile index add`")
        passages = claims = 0
        for key, value in states.items():
            parsed = _state_of(value)
            if isinstance(parsed, RecordError):
                raise DamagedRecord(self.location, _text(key) or repr(key), parsed)
            passages += parsed["passages"]
            claims += parsed["claims"]
        settings_from_meta(OpenRequest(self.location), meta)
        self.check_records()
        return ArchiveStats(
            location=self.location, backend=self.backend, articles=len(states), passages=passages, claims=claims,
            size_bytes=None, created=meta["created"], updated=meta["updated"],
            reconcile_version=meta["reconcile_version"],
            settings=parse_json_record(self.location, meta["settings"])["signature"])

    # --- writing -------------------------------------------------------------------

    def _write(self, prepared: list[PreparedArticle], replace: bool, damaged: set[str]) -> dict[str, tuple[str, str]]:
        done: dict[str, tuple[str, str]] = {}
        stamp = now()
        for start in range(0, len(prepared), WRITE_BATCH):
            batch = prepared[start:start + WRITE_BATCH]
            with _errors(self.location):
                with self._redis.pipeline(transaction=False) as pipe:
                    for p in batch:
                        flags = ("r" if replace else "") + ("f" if p.id in damaged else "")
                        self._add_script(keys=[], args=self._add_args(p, flags, stamp), client=pipe)
                    results = pipe.execute()
            for p, (outcome, stored_origin) in zip(batch, results):
                done[p.id] = (_text(outcome) or "", _text(stored_origin) or "")
        return done

    def _add_args(self, p: PreparedArticle, flags: str, stamp: str) -> list[Any]:
        """The ADD_SCRIPT arguments: the decision's inputs, the records, the index names,
        then each LSH key of the new generation followed by its band buckets."""
        generation = uuid.uuid4().hex[:12]
        state = {"hash": p.content_hash, "lexicon": p.lexicon, "generation": generation,
                 "passages": len(p.signatures.passages), "claims": p.claim_count, "added": stamp}
        args: list[Any] = [p.id, p.content_hash, p.lexicon, p.origin, flags, p.record, p.claims,
                           dumps(state), stamp, *self._documents.args(), *self._passages.args()]
        args += [_document_key(p.id, generation), *self._documents.buckets(p.signatures.document)]
        for level, order, signature in p.signatures.passages:
            args += [_passage_key(p.id, generation, level, order), *self._passages.buckets(signature)]
        return args

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        self.check_writable()
        ids = list(dict.fromkeys(ids))
        names = [*self._documents.args(), *self._passages.args()]
        with _errors(self.location):
            with self._redis.pipeline(transaction=False) as pipe:
                for article_id in ids:
                    self._remove_script(keys=[], args=[article_id, now(), *names], client=pipe)
                present = pipe.execute()
        return RemoveResult(tuple(i for i, p in zip(ids, present) if p), tuple(i for i, p in zip(ids, present) if not p))

    def close(self) -> None:
        self._redis.close()


def _text(value: Any) -> str | None:
    """A Redis value as text, or None when it is not UTF-8."""
    if isinstance(value, str):
        return value
    try:
        return value.decode("utf-8")
    except (AttributeError, UnicodeDecodeError):
        return None


# A state's fields and the type each must have.
STATE_FIELDS = {"hash": str, "lexicon": str, "generation": str, "passages": int, "claims": int, "added": str}


def _state_of(value: Any) -> dict[str, Any] | RecordError:
    """A stored state, validated; the RecordError that names what is wrong with it otherwise."""
    try:
        state = parse_json(value, "state")
    except RecordError as error:
        return error
    if not isinstance(state, dict):
        return RecordError("state", f"expected an object, found {state!r:.40}")
    for name, kind in STATE_FIELDS.items():
        if not isinstance(state.get(name), kind) or isinstance(state.get(name), bool):
            return RecordError("state", f"{name} should be {kind.__name__}, is {state.get(name)!r:.40}")
    return state


def _stored(location: str, article_id: str, article_json: Any, claims_json: Any, state: Any) -> StoredArticle:
    try:
        parsed = _state_of(state)
        if isinstance(parsed, RecordError):
            raise parsed
        if article_json is None or claims_json is None:
            raise RecordError("record" if article_json is None else "claims", "missing")
        article = article_from_json(parse_json(article_json, "record"))
        if article.id != article_id:
            raise RecordError("id", f"the record says {article.id!r}")
        check_content_hash(article, parsed["hash"])
        return StoredArticle(article, claims_from_json(article, parse_json(claims_json, "claims")), parsed["lexicon"])
    except RecordError as error:
        raise DamagedRecord(location, article_id, error) from None


def _read_meta(client: Any, location: str) -> dict[str, str]:
    """The meta hash as text; empty when there is none. Values that are not UTF-8 are damage."""
    meta = {}
    for key, value in client.hgetall(META).items():
        name, text = _text(key), _text(value)
        if name is None or text is None:
            raise DamagedRecord(location, None, RecordError(repr(key), "not UTF-8 text"))
        meta[name] = text
    if meta and meta.get("format") != FORMAT:
        raise ArchiveError(f"{location} holds a {META} that is not a reconcile archive's; use another "
                           "Redis database number for the archive")
    return meta


def _refuse_unless_empty(client: Any, location: str, create: bool) -> None:
    """An archive is made only in a database that holds no key at all: one that holds
    reconcile's keys without their meta is a damaged archive, one that holds other keys
    belongs to someone else. Both are refused by name and left untouched."""
    keys = client.dbsize()
    if keys == 0:
        if not create:
            raise missing_archive(location)
        return
    ours = next(iter(client.scan_iter(match=PREFIX + "*", count=1000)), None)
    if ours is not None:
        raise ArchiveError(f"{location}: the archive's settings record ({META}) is missing, so its signatures "
                           "cannot be compared with new ones; refused and left untouched. Restore it, or rebuild "
                           "the archive in an empty database")
    raise ArchiveError(f"{location} holds {keys} keys that are not a reconcile archive's; refused and left "
                       "untouched. Use an empty Redis database number for the archive (redis://host:port/N)")


def _create(client: Any, request: OpenRequest) -> None:
    stamp = now()
    record = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION), "reconcile_version": __version__,
              "settings": dumps(settings_record(request.new_settings())), "created": stamp, "updated": stamp}
    # HSETNX: when two processes create it at once, the first one's meta is kept.
    with client.pipeline(transaction=True) as pipe:
        for key, value in record.items():
            pipe.hsetnx(META, key, value)
        pipe.execute()


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
        if "OOM" in str(error) or "maxmemory" in str(error):
            raise ArchiveError(f"Redis at {location} is out of memory (maxmemory): the articles written before it "
                               "are stored whole, the others not at all; give the server more memory and run the "
                               "same command again") from error
        raise ArchiveError(f"Redis at {location} refused the request: {str(error).rstrip('.')}") from error
