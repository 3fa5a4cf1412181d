"""The Redis archive, for archives that outgrow one file: ``redis://host:port/db``.

Article records and claims (compressed JSON, as SQLite stores them), state, origin and
meta live in Redis hashes under the ``reconcile:`` prefix. The LSH index holds the band
keys SQLite holds (`bands`), so both backends answer alike, in a compact layout: the
index is cut into 2**`shard_bits` hashes ``reconcile:bands:<n>`` by the key's top bits,
each field a band key (8 bytes; a ``d`` before it for a document band) whose value is the
4-byte numbers of the article versions that have it. Hashes that small stay in Redis's
listpack encoding, about 16 bytes an entry, where a set per bucket (datasketch's layout,
schema 2) cost some 300. Each article version gets a number (``INCR reconcile:next``);
``reconcile:number`` maps it back to the id, and ``reconcile:keys`` holds, by id, its
number and band keys, so that its entries can be removed again.

Every write is one Lua script run by the server, and a script runs whole, with nothing
else between its commands: an add of one article decides (added, updated, unchanged,
refused) against the state stored at that moment, removes every index entry of the stored
version, writes the new entries and the records. Two jobs adding or removing the same id
therefore leave one version, with all of its index entries and none of another's; a
client killed mid-add leaves each article written whole or not at all. Each version has
a fresh number (its *generation*), and a lookup answers only entries of the stored
generation, so no entry left behind by damage is ever answered.

For a server crash to lose nothing an add reported, run Redis with ``appendonly yes``
and ``appendfsync always`` (the soak benchmark does; see docs/archive.md).

`redis` (the Python client) is imported here only: the SQLite archive never needs it.
"""

from __future__ import annotations

import struct
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

import numpy as np

from .. import __version__
from ..overlap.find import OverlapSettings
from . import (
    FORMAT,
    SCHEMA_VERSION,
    Archive,
    ArchiveError,
    ArchiveStats,
    DamagedRecord,
    ListedArticle,
    OpenRequest,
    listed,
    PreparedArticle,
    RemoveResult,
    StoredArticle,
    StoredState,
    missing_archive,
    now,
    settings_from_meta,
    settings_record,
)
from .bands import ArticleKeys
from .records import RecordError, article_from_json, check_content_hash, claims_from_json, dumps, parse_json, unpack

PREFIX = "reconcile:"
META = PREFIX + "meta"
ARTICLES = PREFIX + "articles"  # id -> article record (compressed JSON)
CLAIMS = PREFIX + "claims"  # id -> claims (compressed JSON)
STATE = PREFIX + "state"  # id -> {"hash", "lexicon", "generation", "passages", "claims", "added"} (JSON)
ORIGIN = PREFIX + "origin"  # id -> where the article came from (see ids.origin)
KEYS = PREFIX + "keys"  # id -> generation (4 bytes), document key count (4 bytes), document then passage keys
NUMBER = PREFIX + "number"  # generation -> id
NEXT = PREFIX + "next"  # the last generation given
BANDS = PREFIX + "bands:"  # + shard number: band key -> generations
DOCUMENT_TAG = b"d"
CONNECT_TIMEOUT_S = 3.0
# Articles sent to the server per round trip; each is still its own script, whole or not at all.
WRITE_BATCH = 32
# Index hashes: 2**19 keeps each under Redis's listpack limit (512 fields) up to some 150,000
# articles of 600 words; beyond, hashes turn into hash tables (about 65 bytes an entry).
SHARD_BITS = 19

_INDEX = """
local function shard(key, bits)
  local a, b, c, d = string.byte(key, 1, 4)
  return 'reconcile:bands:' .. string.format('%d', math.floor((((a * 256 + b) * 256 + c) * 256 + d) / 2 ^ (32 - bits)))
end

-- Add (or, with drop, remove) one generation to the entries of every key in keys.
local function index(keys, tag, generation, bits, drop)
  for at = 1, #keys - 7, 8 do
    local key = string.sub(keys, at, at + 7)
    local name, field = shard(key, bits), tag .. key
    if not drop then
      if redis.call('HSETNX', name, field, generation) == 0 then
        redis.call('HSET', name, field, redis.call('HGET', name, field) .. generation)
      end
    else
      local value = redis.call('HGET', name, field)
      if value then
        local kept = {}
        for i = 1, #value, 4 do
          local one = string.sub(value, i, i + 3)
          if one ~= generation then kept[#kept + 1] = one end
        end
        if #kept == 0 then redis.call('HDEL', name, field)
        elseif #kept * 4 < #value then redis.call('HSET', name, field, table.concat(kept)) end
      end
    end
  end
end

-- The keys record of a version: generation (4 bytes), document key count, document keys, passage keys.
local function apply(record, bits, drop)
  if not record or #record < 8 then return end
  local generation = string.sub(record, 1, 4)
  local count = struct.unpack('>I4', string.sub(record, 5, 8))
  index(string.sub(record, 9, 8 + 8 * count), 'd', generation, bits, drop)
  index(string.sub(record, 9 + 8 * count), '', generation, bits, drop)
  if drop then redis.call('HDEL', 'reconcile:number', string.format('%d', struct.unpack('>I4', generation))) end
end

-- Forget every index entry of the stored version of an id.
local function forget(id, bits)
  apply(redis.call('HGET', 'reconcile:keys', id), bits, true)
  redis.call('HDEL', 'reconcile:keys', id)
end
"""

# ARGV: id, hash, lexicon, origin, flags, record, claims, state (JSON, no generation), stamp,
# shard bits, document key count, document keys then passage keys. Returns {outcome, stored origin}.
ADD_SCRIPT = (
    _INDEX
    + """
-- flags: r to replace another source's article, f to write even an unchanged one (it was damaged)
local id, new_hash, new_lexicon, new_origin, flags = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local bits = tonumber(ARGV[10])
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
forget(id, bits)
local number = redis.call('INCR', 'reconcile:next')
local record = struct.pack('>I4I4', number, tonumber(ARGV[11])) .. ARGV[12]
apply(record, bits, false)
redis.call('HSET', 'reconcile:keys', id, record)
redis.call('HSET', 'reconcile:number', string.format('%d', number), id)
local state = cjson.decode(ARGV[8])
state['generation'] = string.format('%d', number)
redis.call('HSET', 'reconcile:articles', id, ARGV[6])
redis.call('HSET', 'reconcile:claims', id, ARGV[7])
redis.call('HSET', 'reconcile:state', id, cjson.encode(state))
redis.call('HSET', 'reconcile:origin', id, new_origin)
redis.call('HSET', 'reconcile:meta', 'updated', ARGV[9])
return {outcome, origin}
"""
)

# ARGV: id, stamp, shard bits. Returns 1 when the id was stored.
REMOVE_SCRIPT = (
    _INDEX
    + """
local id = ARGV[1]
local present = redis.call('HEXISTS', 'reconcile:state', id)
forget(id, tonumber(ARGV[3]))
for _, hash in ipairs({'reconcile:articles', 'reconcile:claims', 'reconcile:state', 'reconcile:origin'}) do
  redis.call('HDEL', hash, id)
end
if present == 1 then redis.call('HSET', 'reconcile:meta', 'updated', ARGV[2]) end
return present
"""
)


def _redis_module():
    try:
        import redis
    except ImportError as error:
        raise ArchiveError("the Redis archive needs the redis package; install it with `pip install 'reconcile[redis]'`") from error
    return redis


def connection_params(location: str) -> dict[str, Any]:
    """host, port, db (and password) of a ``redis://[:password@]host:port/db`` location."""
    parts = urlsplit(location)
    try:
        port = parts.port or 6379
        db = int(parts.path.strip("/") or 0)
    except ValueError as error:
        raise ArchiveError(
            f"{location} is not a Redis address; write redis://host:port/db (for example redis://127.0.0.1:6379/0)"
        ) from error
    redis = _redis_module()
    # No retries: a server that is gone should be reported at once, not after backing off.
    params: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": port,
        "db": db,
        "socket_connect_timeout": CONNECT_TIMEOUT_S,
        "retry": redis.retry.Retry(redis.backoff.NoBackoff(), 0),
    }
    if parts.password:
        params["password"] = parts.password
    if parts.username:
        params["username"] = parts.username
    return params


def shard_of(key: bytes, bits: int) -> bytes:
    """The index hash a band key (8 bytes, big-endian) is kept in: its top `bits` bits."""
    return BANDS.encode() + str(int.from_bytes(key[:4], "big") >> (32 - bits)).encode()


def key_bytes(keys: np.ndarray) -> bytes:
    """Band keys as the index stores them: 8 bytes each, big-endian."""
    return np.asarray(keys, dtype=">i8").tobytes()


def index_fields(keys: ArticleKeys, bits: int) -> list[tuple[bytes, bytes]]:
    """(index hash, field) of every band key of an article: its document keys, then its passage keys."""
    fields = []
    for tag, packed in ((DOCUMENT_TAG, key_bytes(keys.document)), (b"", key_bytes(keys.passages))):
        for at in range(0, len(packed), 8):
            key = packed[at : at + 8]
            fields.append((shard_of(key, bits), tag + key))
    return fields


def generations(value: bytes) -> np.ndarray:
    """The generations an index field holds (4 bytes each; a damaged tail is left out)."""
    return np.frombuffer(value, dtype=">u4", count=len(value) // 4)


class RedisArchive(Archive):
    backend = "redis"

    def __init__(self, location: str, client: Any, settings: OverlapSettings, vocab: tuple[str, ...], schema_version: int, shard_bits: int):
        super().__init__(location, settings, vocab)
        self._redis = client
        self.schema_version = schema_version
        self.shard_bits = shard_bits
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
        if version < SCHEMA_VERSION:
            raise ArchiveError(
                f"{location} was made by an older reconcile (archive schema {version}), whose Redis index (a set per "
                "LSH bucket) this one no longer reads; rebuild it: run `reconcile index add` over the archived "
                "articles into an empty Redis database"
            )
        shard_bits = meta.get("shard_bits", "")
        if not (shard_bits.isdigit() and 1 <= int(shard_bits) <= 32):
            raise DamagedRecord(location, None, RecordError("shard_bits", f"not a number of bits: {shard_bits!r}"))
        return cls(location, client, recorded, request.vocab, version, int(shard_bits))

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

    def _lookup(self, keys: ArticleKeys) -> dict[str, int]:
        """Every index field of the article's keys read in one pipelined round trip; each
        generation found counted once a field, and answered only while it is its id's
        stored generation."""
        with _errors(self.location):
            with self._redis.pipeline(transaction=False) as pipe:
                for name, field in index_fields(keys, self.shard_bits):
                    pipe.hget(name, field)
                values = pipe.execute()
            shared: Counter[int] = Counter()
            for value in values:
                if value:
                    shared.update(set(generations(value).tolist()))
            numbers = sorted(shared)
            ids = [_text(i) for i in self._redis.hmget(NUMBER, [str(n) for n in numbers])] if numbers else []
            states = self._states(sorted({i for i in ids if i is not None}))
        found: dict[str, int] = {}
        for number, article_id in zip(numbers, ids):
            state = states.get(article_id) if article_id is not None else None
            if isinstance(state, dict) and state["generation"] == str(number):
                found[article_id] = shared[number]  # type: ignore[index]
        return found

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
        for article_id, article_record, claims_record, state in zip(ids, articles, claims, states):
            if state is None:
                continue
            stored.append(_stored(self.location, article_id, article_record, claims_record, state))
        return stored

    def listing(self) -> Iterator[ListedArticle | DamagedRecord]:
        with _errors(self.location):
            ids = sorted(i for i in (_text(k) for k in self._redis.hkeys(STATE)) if i is not None)
        for chunk in (ids[n : n + 500] for n in range(0, len(ids), 500)):
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
        """Counts and settings, after checking every state and that records, claims, states
        and index keys cover the same ids (Redis's own integrity is the server's)."""
        with _errors(self.location):
            states = self._redis.hgetall(STATE)
            counts = (self._redis.hlen(ARTICLES), self._redis.hlen(CLAIMS), len(states), self._redis.hlen(KEYS))
            meta = _read_meta(self._redis, self.location)
        if len(set(counts)) != 1:
            raise ArchiveError(
                f"archive {self.location} is damaged: it holds {counts[0]} article records, "
                f"{counts[1]} claim records, {counts[2]} states and {counts[3]} index records; "
                "rebuild it with `reconcile index add`"
            )
        passages = claims = 0
        for key, value in states.items():
            parsed = _state_of(value)
            if isinstance(parsed, RecordError):
                raise DamagedRecord(self.location, _text(key) or repr(key), parsed)
            passages += parsed["passages"]
            claims += parsed["claims"]
        settings_from_meta(OpenRequest(self.location), meta)
        self.check_records()
        return ArchiveStats.of(self, meta, len(states), passages, claims, size_bytes=None)

    # --- writing -------------------------------------------------------------------

    def _write(self, prepared: list[PreparedArticle], replace: bool, damaged: set[str]) -> dict[str, tuple[str, str]]:
        done: dict[str, tuple[str, str]] = {}
        stamp = now()
        for start in range(0, len(prepared), WRITE_BATCH):
            batch = prepared[start : start + WRITE_BATCH]
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
        """The ADD_SCRIPT arguments: the decision's inputs, the records, then the band keys
        (the script numbers the version and indexes them)."""
        state = {
            "hash": p.content_hash,
            "lexicon": p.lexicon,
            "generation": "",
            "passages": p.passages,
            "claims": p.claim_count,
            "added": stamp,
        }
        return [
            p.id,
            p.content_hash,
            p.lexicon,
            p.origin,
            flags,
            p.record,
            p.claims,
            dumps(state),
            stamp,
            self.shard_bits,
            len(p.keys.document),
            key_bytes(p.keys.document) + key_bytes(p.keys.passages),
        ]

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        self.check_writable()
        ids = list(dict.fromkeys(ids))
        with _errors(self.location):
            with self._redis.pipeline(transaction=False) as pipe:
                for article_id in ids:
                    self._remove_script(keys=[], args=[article_id, now(), self.shard_bits], client=pipe)
                present = pipe.execute()
        return RemoveResult(tuple(i for i, p in zip(ids, present) if p), tuple(i for i, p in zip(ids, present) if not p))

    def close(self) -> None:
        self._redis.close()


def keys_record(value: bytes) -> tuple[int, ArticleKeys] | None:
    """The generation and band keys ``reconcile:keys`` holds for an id; None when damaged."""
    if not isinstance(value, bytes) or len(value) < 8:
        return None
    generation, count = struct.unpack(">II", value[:8])
    body = value[8:]
    if len(body) % 8 or 8 * count > len(body):
        return None
    keys = np.frombuffer(body, dtype=">i8").astype(np.int64)
    return generation, ArticleKeys(keys[:count], keys[count:])


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


def _stored(location: str, article_id: str, article_record: Any, claims_record: Any, state: Any) -> StoredArticle:
    try:
        parsed = _state_of(state)
        if isinstance(parsed, RecordError):
            raise parsed
        if article_record is None or claims_record is None:
            raise RecordError("record" if article_record is None else "claims", "missing")
        article = article_from_json(parse_json(unpack(article_record, "record"), "record"))
        if article.id != article_id:
            raise RecordError("id", f"the record says {article.id!r}")
        check_content_hash(article, parsed["hash"])
        claims = claims_from_json(article, parse_json(unpack(claims_record, "claims"), "claims"))
        return StoredArticle(article, claims, parsed["lexicon"])
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
        raise ArchiveError(
            f"{location} holds a {META} that is not a reconcile archive's; use another Redis database number for the archive"
        )
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
        raise ArchiveError(
            f"{location}: the archive's settings record ({META}) is missing, so its signatures "
            "cannot be compared with new ones; refused and left untouched. Restore it, or rebuild "
            "the archive in an empty database"
        )
    raise ArchiveError(
        f"{location} holds {keys} keys that are not a reconcile archive's; refused and left "
        "untouched. Use an empty Redis database number for the archive (redis://host:port/N)"
    )


def _create(client: Any, request: OpenRequest) -> None:
    stamp = now()
    record = {
        "format": FORMAT,
        "schema_version": str(SCHEMA_VERSION),
        "reconcile_version": __version__,
        "settings": dumps(settings_record(request.new_settings())),
        "created": stamp,
        "updated": stamp,
        "shard_bits": str(SHARD_BITS),
    }
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
        raise ArchiveError(f"cannot reach Redis at {location}: {str(error).rstrip('.')}; start the server or check the address") from error
    except redis.exceptions.RedisError as error:
        if "OOM" in str(error) or "maxmemory" in str(error):
            raise ArchiveError(
                f"Redis at {location} is out of memory (maxmemory): the articles written before it "
                "are stored whole, the others not at all; give the server more memory and run the "
                "same command again"
            ) from error
        raise ArchiveError(f"Redis at {location} refused the request: {str(error).rstrip('.')}") from error
