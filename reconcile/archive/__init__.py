"""Archive stage: articles signed once and stored, so new ones can be checked against them.

An archive keeps, for every article it was given, the article (text, layout, metadata),
its claims, and its document and passage MinHash signatures in an LSH index, made
exactly as `reconcile.overlap.find` makes them. `Archive.candidates` then finds the stored
articles that share passages with a new one through that index alone, never by reading
the archive, so checking an article costs as much as its matches, not as the archive.

Two backends behind one interface: a single SQLite file (`reconcile.archive.sqlite`, the
default) and Redis through datasketch's own LSH storage (`reconcile.archive.redis`,
selected by a ``redis://host:port/db`` location). Both store the same 64-bit band keys
(`bands`), so they answer every lookup alike. Every error a user can act on is an
`ArchiveError` whose message names the archive and says what to do.

Adding is built for large batches: signing, claim extraction, band keys and compressing the
records happen on worker processes (or an engine's workers), and the backend then writes
the prepared articles in bulk.
"""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence, Sized

from .. import __version__
from ..claims import extract_claims
from ..claims.lexicon import Lexicon, load_lexicon
from ..errors import ReconcileError, SettingsError
from ..model import Article, Claim
from ..overlap.find import OverlapSettings, article_signatures
from ..overlap.signatures import SignatureScheme
from .bands import ArticleKeys, article_keys
from .ids import archive_id, describe_origin, origin, relative_path
from .records import RecordError, article_to_json, claims_to_json, content_hash, dumps, lexicon_fingerprint, pack, parse_json
from .workers import WorkerPool

if TYPE_CHECKING:
    from ..engines.local import Engine

FORMAT = "reconcile.archive"
# 2: ids are unique to their source (see `ids`), and each article records its origin.
# 3: records and claims stored compressed; Redis keeps the band keys SQLite keeps, in
#    hashes (see `redis`), instead of datasketch's sets.
SCHEMA_VERSION = 3
# The oldest schema an add may write to: older SQLite archives can still be checked against.
WRITABLE_FROM = 2

# The settings that decide what an index holds: archives built with other values hold
# other signatures or other bands, and cannot answer for these settings.
INDEX_FIELDS = ("shingle_size", "num_perm", "seed", "doc_threshold", "passage_threshold", "min_words", "max_passages_per_document")

Progress = Callable[[int, "int | None"], None]

# Articles prepared per batch when an add uses worker processes: enough to keep the
# workers busy, few enough that progress is reported often. An engine that ships work to
# other machines (Dask) gets bigger batches, as each costs it a round of scheduling.
PREPARE_BATCH = 256
ENGINE_BATCH = 2048

# What a write did with one article.
ADDED, UPDATED, REPLACED, UNCHANGED, REFUSED = "added", "updated", "replaced", "unchanged", "refused"


class ArchiveError(ReconcileError):
    """An archive that cannot be opened, read or written; the message says which and what to do."""


class DamagedRecord(ArchiveError):
    """One stored article (or the archive's settings record) holds a value reconcile did
    not write. The rest of the archive stays usable: the article can be removed and added
    again."""

    def __init__(self, location: str, article_id: str | None, error: RecordError):
        self.article_id = article_id
        self.field = error.field
        if article_id is None:
            message = (
                f"{location}: the archive's settings record is damaged ({error}); restore the archive "
                "from a backup, or rebuild it: remove it and run `reconcile index add` again"
            )
        else:
            message = (
                f"{location}: article {article_id!r} is damaged: {error}; remove it with `reconcile index "
                f"remove {location} {article_id}` and add it again"
            )
        super().__init__(message)


def check_schema_version(location: str, meta: dict[str, str]) -> int:
    """The archive's schema version; refuse one that is unreadable or newer than this reconcile's."""
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise DamagedRecord(location, None, RecordError("schema_version", f"not a number: {meta.get('schema_version')!r}")) from None
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{location} was written by a newer reconcile (archive schema {version}, this "
            f"reconcile {__version__} reads up to {SCHEMA_VERSION}); upgrade reconcile"
        )
    return version


def check_meta(location: str, meta: dict[str, str]) -> int:
    """Validate the settings record every archive keeps; its schema version."""
    version = check_schema_version(location, meta)
    for name in ("created", "updated", "reconcile_version", "settings"):
        if not isinstance(meta.get(name), str):
            raise DamagedRecord(location, None, RecordError(name, "missing"))
    return version


@dataclass(frozen=True)
class Refusal:
    """An article not added because another article holds its id."""

    id: str
    origin: str  # of the article given
    stored_origin: str  # of the article the archive holds

    def message(self) -> str:
        return (
            f"{describe_origin(self.origin)}: not added: the archive holds another article under the id "
            f"{self.id!r} (from {describe_origin(self.stored_origin)}); give --replace to replace it"
        )


@dataclass(frozen=True)
class AddResult:
    """What an add did. `updated`: a new version of an article from the same source;
    `replaced`: another source's article under the same id, replaced as asked;
    `refused`: the same, not asked."""

    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    updated: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    refused: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class RemoveResult:
    removed: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class StoredState:
    """What an add needs to know of the article stored under an id; empty strings when
    the stored values are damaged (the article is then written again)."""

    content_hash: str
    lexicon: str
    origin: str


@dataclass(frozen=True)
class ListedArticle:
    """One line of `reconcile index list`."""

    id: str
    path: str
    title: str | None
    published: str | None
    added: str

    def to_json(self) -> dict:
        return asdict(self)


def listed(stored: "StoredArticle", added: str) -> ListedArticle:
    """An article as `index list` shows it: the headline stands in for a missing title."""
    article = stored.article
    title = article.title or (article.headline.text if article.headline else None)
    return ListedArticle(article.id, article.path, title, article.published.isoformat() if article.published else None, added)


def decide(stored: StoredState | None, digest: str, fingerprint: str, new_origin: str, replace: bool) -> str:
    """What adding an article does, given what is stored under its id: the one rule both
    backends apply (inside their write transaction, so two writers cannot both decide on
    the same stored state). An unknown origin (an article given without a path) is no
    other source."""
    if stored is None:
        return ADDED
    if stored.origin and new_origin and stored.origin != new_origin:
        return REPLACED if replace else REFUSED
    if (stored.content_hash, stored.lexicon) == (digest, fingerprint):
        return UNCHANGED
    return UPDATED


@dataclass(frozen=True)
class ArchiveStats:
    location: str
    backend: str
    articles: int
    passages: int
    claims: int
    size_bytes: int | None
    created: str
    updated: str
    reconcile_version: str
    settings: dict

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def of(
        cls, archive: "Archive", meta: dict[str, str], articles: int, passages: int, claims: int, size_bytes: int | None
    ) -> "ArchiveStats":
        """The statistics of `archive`: the counts its backend made, the rest from its meta
        record (read the same way by every backend)."""
        return cls(
            location=archive.location,
            backend=archive.backend,
            articles=articles,
            passages=passages,
            claims=claims,
            size_bytes=size_bytes,
            created=meta["created"],
            updated=meta["updated"],
            reconcile_version=meta["reconcile_version"],
            settings=parse_json_record(archive.location, meta["settings"])["signature"],
        )


@dataclass(frozen=True)
class StoredArticle:
    """An archived article with its stored claims. `lexicon` fingerprints the lexicon the
    claims were extracted with (see `records.lexicon_fingerprint`)."""

    article: Article
    claims: tuple[Claim, ...]
    lexicon: str = ""


@dataclass(frozen=True, eq=False)
class PreparedArticle:
    """One article made ready to store, in the form the archive stores it: done before any
    lock is taken (and on worker processes), since signing and claim extraction are the
    slow part of an add. `record` and `claims` are JSON, compressed when `packed`."""

    id: str
    content_hash: str
    lexicon: str
    origin: str
    record: bytes | str  # the article
    claims: bytes | str  # its claims
    claim_count: int
    passages: int  # passages signed
    keys: ArticleKeys
    packed: bool = True

    @property
    def size(self) -> int:
        """Bytes of records and keys, for a message about a full disk."""
        return len(self.record) + len(self.claims) + 8 * len(self.keys)


def prepared_article(
    article: Article, digest: str, fingerprint: str, claims: Sequence[Claim], settings: OverlapSettings, packed: bool = True
) -> PreparedArticle:
    signatures = article_signatures(article, settings)
    record, claim_rows = dumps(article_to_json(article)), dumps(claims_to_json(claims))
    if packed:
        record, claim_rows = pack(record), pack(claim_rows)  # type: ignore[assignment]
    return PreparedArticle(
        article.id,
        digest,
        fingerprint,
        origin(article),
        record,
        claim_rows,
        len(claims),
        len(signatures.passages),
        article_keys(signatures, settings),
        packed,
    )


def prepare_in_worker(
    item: tuple[Article, str], settings: OverlapSettings, vocab: tuple[str, ...], fingerprint: str, packed: bool = True
) -> PreparedArticle:
    """`Archive._prepare` in a worker process (module level, so an engine can ship it), with
    the lexicon that process has read once. `fingerprint` is the archive's, of the same lexicon."""
    from ..pipeline import lexicon_for

    article, digest = item
    return prepared_article(article, digest, fingerprint, extract_claims(article, lexicon_for(vocab)), settings, packed)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def settings_record(settings: OverlapSettings) -> dict[str, Any]:
    """What an archive records of its settings: every OverlapSettings field, and the
    signature meta (seed, permutations, hash, shingles, reconcile version)."""
    return {"fields": asdict(settings), "signature": settings.signature_meta()}


# The signature meta an archive records, and the type each value must have.
SIGNATURE_META = {
    "seed": int,
    "num_perm": int,
    "hash_function": str,
    "shingle_size": int,
    "shingle_unit": str,
    "permutation_scheme": str,
    "reconcile_version": str,
}


def recorded_settings(record: Any, location: str) -> tuple[OverlapSettings, SignatureScheme]:
    """The settings and signature scheme an archive recorded, every value checked against
    the type it must have: a damaged record raises DamagedRecord, never a TypeError later."""

    def damaged(problem: str) -> DamagedRecord:
        return DamagedRecord(location, None, RecordError("settings", problem))

    if not (isinstance(record, dict) and isinstance(record.get("fields"), dict) and isinstance(record.get("signature"), dict)):
        raise damaged("expected an object with fields and signature")
    values = {}
    for f in fields(OverlapSettings):
        if f.name in record["fields"]:
            value = record["fields"][f.name]
            if not _same_type(value, f.default):
                raise damaged(f"{f.name} should be {type(f.default).__name__}, is {value!r}")
            values[f.name] = value
    meta = record["signature"]
    for name, kind in SIGNATURE_META.items():
        if not isinstance(meta.get(name), kind) or isinstance(meta.get(name), bool):
            raise damaged(f"signature {name} should be {kind.__name__}, is {meta.get(name)!r}")
    scheme = SignatureScheme(
        seed=meta["seed"],
        num_perm=meta["num_perm"],
        hash_function=meta["hash_function"],
        shingle_size=meta["shingle_size"],
        shingle_unit=meta["shingle_unit"],
        permutation_scheme=meta["permutation_scheme"],
        version=meta["reconcile_version"],
    )
    return OverlapSettings(**values), scheme


def _same_type(value: Any, default: Any) -> bool:
    """Whether a recorded value can stand for a field with this default (an int where a
    float is expected is fine, as JSON writes 1.0 as 1 in some tools; a bool never is)."""
    if isinstance(value, bool) or isinstance(default, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def check_settings(location: str, recorded: OverlapSettings, scheme: SignatureScheme, wanted: OverlapSettings | None) -> None:
    """Refuse an archive whose signatures cannot be compared with ours: other signature
    settings, another reconcile version, or other LSH thresholds."""
    try:
        (wanted or recorded).scheme().check_compatible(scheme)
    except SettingsError as error:
        raise SettingsError(f"{location}: {error}") from None
    if wanted is None:
        return
    diffs = [
        f"{name} {getattr(recorded, name)!r} vs {getattr(wanted, name)!r}"
        for name in INDEX_FIELDS
        if getattr(recorded, name) != getattr(wanted, name)
    ]
    if diffs:
        raise SettingsError(
            f"{location} was indexed with other settings ({', '.join(diffs)}). Run with the archive's "
            "settings, or rebuild it with the current ones: remove the archive and run "
            "`reconcile index add` over the archived articles again."
        )


class Archive:
    """A stored, indexed set of articles. Use as a context manager, or call `close()`.

    Backends implement `_state`, `_write`, `_lookup`, `load`, `remove`, `stats`, `close`.
    """

    location: str
    backend: str
    settings: OverlapSettings

    def __init__(self, location: str, settings: OverlapSettings, vocab: tuple[str, ...] = ()):
        self.location = location
        self.settings = settings
        self.vocab = tuple(vocab)
        self._lexicon: Lexicon | None = None

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(self.vocab)
        return self._lexicon

    @property
    def lexicon_fingerprint(self) -> str:
        return lexicon_fingerprint(self.lexicon)

    def add(
        self,
        articles: Iterable[Article],
        *,
        on_progress: Progress | None = None,
        jobs: int = 1,
        replace: bool = False,
        engine: "Engine | None" = None,
    ) -> AddResult:
        """Sign, extract and store the articles under their ids. An article whose id is
        already stored is updated when it comes from the same source and its content (or
        the lexicon) changed, and left alone when nothing did; an article from another
        source under a stored id is refused, or replaces the stored one with `replace`
        (see `decide`). On SQLite the whole add is one transaction: interrupted, the
        archive is as it was. On Redis each article is written at once, whole or not at all.

        jobs: worker processes that sign and extract (0: one per core), a batch of
        articles at a time; what is stored does not depend on it.
        engine: where that work runs instead (`reconcile.engines.local`): a local engine's jobs
        are this machine's worker processes, as with `jobs`; another engine (Dask) maps
        each batch on its workers."""
        self.check_writable()
        total = len(articles) if isinstance(articles, Sized) else None
        fingerprint = self.lexicon_fingerprint
        prepared: dict[str, PreparedArticle] = {}
        early: dict[str, Refusal | None] = {}  # decided before preparing: unchanged (None) or refused
        damaged: set[str] = set()  # stored versions that cannot be read: written again whatever they hold
        waiting: list[tuple[Article, str]] = []  # read, to be prepared with the next batch
        remote = partial(prepare_in_worker, settings=self.settings, vocab=self.vocab, fingerprint=fingerprint, packed=self.packed)
        with _preparing(jobs, engine) as pool:
            batch_size = 1 if pool.jobs <= 1 else (PREPARE_BATCH if isinstance(pool, WorkerPool) else ENGINE_BATCH)
            done = 0
            for done, article in enumerate(articles, start=1):
                digest = content_hash(article)
                early.pop(article.id, None)
                if article.id in prepared or any(w.id == article.id for w, _ in waiting):
                    outcome = UPDATED  # given twice: the later version wins, as in two adds
                else:
                    stored = self._readable_state(article.id)
                    if stored is not None and not stored.content_hash:
                        damaged.add(article.id)
                    outcome = decide(stored, digest, fingerprint, origin(article), replace)
                if outcome in (UNCHANGED, REFUSED):
                    early[article.id] = self._refusal(article) if outcome == REFUSED else None
                else:
                    waiting.append((article, digest))
                if len(waiting) >= batch_size:
                    self._prepare_batch(waiting, fingerprint, pool, remote, prepared)
                    waiting = []
                if on_progress is not None and not waiting:
                    on_progress(done, total)
            if waiting:
                self._prepare_batch(waiting, fingerprint, pool, remote, prepared)
                if on_progress is not None:
                    on_progress(done, total)
        written = self._write(list(prepared.values()), replace, damaged) if prepared else {}
        return _result(early, prepared, written)

    def _readable_state(self, article_id: str) -> StoredState | None:
        """`_state`, with an empty content hash when the stored article cannot be read
        (damaged), so that adding it again writes it anew instead of calling it unchanged."""
        stored = self._state(article_id)
        if stored is not None and stored.content_hash:
            try:
                self.load([article_id])
            except DamagedRecord:
                return StoredState("", stored.lexicon, stored.origin)
        return stored

    def _refusal(self, article: Article) -> Refusal:
        stored = self._state(article.id)
        return Refusal(article.id, origin(article), stored.origin if stored else "")

    def _prepare_batch(
        self,
        batch: list[tuple[Article, str]],
        fingerprint: str,
        pool: "WorkerPool | Engine",
        remote: Callable[[tuple[Article, str]], PreparedArticle],
        prepared: dict[str, PreparedArticle],
    ) -> None:
        """Prepare a batch (in this process, or on the pool's workers) into `prepared`;
        an id seen again replaces its earlier version, as in a one-by-one add."""
        if pool.jobs <= 1:
            results = [self._prepare(article, digest, fingerprint) for article, digest in batch]
        else:
            results = pool.map(remote, batch)
        for p in results:
            prepared[p.id] = p

    def _prepare(self, article: Article, digest: str, fingerprint: str) -> PreparedArticle:
        return prepared_article(article, digest, fingerprint, extract_claims(article, self.lexicon), self.settings, self.packed)

    def keys_of(self, article: Article) -> ArticleKeys:
        """The band keys of an article, made with the archive's settings."""
        return article_keys(article_signatures(article, self.settings), self.settings)

    def ranked_candidates(self, article: Article, limit: int | None = None) -> list[str]:
        """`candidates`, those sharing the most LSH buckets with the article first (ties
        by id), at most `limit` of them: copies share many passages, chance neighbours few."""
        strength = self._lookup(self.keys_of(article))
        strength.pop(article.id, None)
        strength.pop(archive_id(article), None)
        ranked = sorted(strength, key=lambda i: (-strength[i], i))
        return ranked if limit is None else ranked[:limit]

    def candidates(self, article: Article) -> list[str]:
        """Archive ids that share passages (or whole-document similarity) with `article`,
        found through the LSH index only. The article's own id (and its archive id, see
        `ids`) is left out: it is the same document, whatever version of it is stored."""
        return sorted(self.ranked_candidates(article))

    def resolve(self, names: Sequence[str]) -> tuple[list[str], list[str]]:
        """The stored ids that `names` (ids, or paths of files given to `index add`) name,
        and the names that name nothing stored. A path names the article read from that
        file, or every row read from that JSON file."""
        stored = set(self._present(list(names)))
        paths = [name for name in names if name not in stored]
        by_path = self._ids_from_paths([relative_path(name) for name in paths]) if paths else {}
        ids: list[str] = []
        unknown: list[str] = []
        for name in names:
            found = [name] if name in stored else by_path.get(relative_path(name), [])
            ids.extend(found)
            if not found:
                unknown.append(name)
        return list(dict.fromkeys(ids)), unknown

    def _ids_from_paths(self, paths: list[str]) -> dict[str, list[str]]:
        """Stored ids by the path (relative, as `ids.relative_path` gives it) of the file
        they were read from."""
        wanted = set(paths)
        found: dict[str, list[str]] = {}
        for article_id, stored_origin in self._origins():
            kind, _, rest = stored_origin.partition(":")
            path = rest.rpartition("#")[0] if kind == "row" else rest
            if kind in ("file", "row") and path in wanted:
                found.setdefault(path, []).append(article_id)
        return found

    def ids(self) -> list[str]:
        """Every stored id, sorted."""
        return sorted(i for i, _ in self._origins())

    def check_records(self, chunk: int = 200) -> None:
        """Read and validate every stored article and its claims (`load` checks each value
        and the content hash): DamagedRecord names the first damaged one."""
        ids = self.ids()
        for start in range(0, len(ids), chunk):
            self.load(ids[start : start + chunk])

    @property
    def packed(self) -> bool:
        """Whether records and claims are stored compressed (schema 3 on)."""
        return self.schema_version >= 3

    def check_writable(self) -> None:
        """Refuse to add to an archive of schema 1, whose ids were file names: new ids
        would sit beside the old ones, and every article would be stored twice."""
        if self.schema_version < WRITABLE_FROM:
            raise ArchiveError(
                f"{self.location} was made by an older reconcile (archive schema {self.schema_version}), whose ids "
                "were file names that collide across folders; it can still be checked against, but to add to it, "
                "rebuild it: remove it and run `reconcile index add` again over the archived articles"
            )

    # --- backend interface -------------------------------------------------------------

    schema_version: int = SCHEMA_VERSION

    def _state(self, article_id: str) -> StoredState | None:
        """What is stored for this id (content hash, lexicon fingerprint, origin), or None."""
        raise NotImplementedError

    def _write(self, prepared: list[PreparedArticle], replace: bool, damaged: set[str]) -> dict[str, tuple[str, str]]:
        """Store the prepared articles, deciding for each (`decide`) against what is stored
        at the moment it is written; by id: (what was done, the stored origin before). The
        ids in `damaged` are written even where the stored hash says unchanged."""
        raise NotImplementedError

    def _lookup(self, keys: ArticleKeys) -> dict[str, int]:
        """Stored articles sharing a band key with the document or a passage, each with
        the number of distinct keys it shares (document and passage keys counted apart)."""
        raise NotImplementedError

    def _present(self, ids: list[str]) -> list[str]:
        """Those of `ids` that are stored."""
        raise NotImplementedError

    def _origins(self) -> Iterator[tuple[str, str]]:
        """(id, origin) of every stored article."""
        raise NotImplementedError

    def article_count(self) -> int:
        """How many articles the archive holds, without reading them."""
        raise NotImplementedError

    def load(self, ids: Sequence[str]) -> list[StoredArticle]:
        """The stored articles with these ids, in that order (unknown ids are skipped).
        A damaged one raises DamagedRecord naming it and the damaged field."""
        raise NotImplementedError

    def listing(self) -> Iterator[ListedArticle | DamagedRecord]:
        """Every stored article as `index list` shows it, by id; a damaged one as its error."""
        raise NotImplementedError

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        raise NotImplementedError

    def stats(self) -> ArchiveStats:
        """Counts and settings; refuses (ArchiveError) an archive that fails its integrity check."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class OpenRequest:
    """How to open an archive. `settings` and `overrides` (OverlapSettings fields given
    explicitly) are what the caller wants: a new archive records them, an existing one
    must have been made with them (the recorded ones are used otherwise)."""

    location: str
    settings: OverlapSettings | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    create: bool = False
    read_only: bool = False
    vocab: tuple[str, ...] = ()

    def new_settings(self) -> OverlapSettings:
        return replace(self.settings or OverlapSettings(), **self.overrides)

    def wanted(self, recorded: OverlapSettings) -> OverlapSettings | None:
        if self.settings is None and not self.overrides:
            return None
        return replace(self.settings or recorded, **self.overrides)


def open_archive(
    location: str,
    settings: OverlapSettings | None = None,
    *,
    create: bool = False,
    vocab: tuple[str, ...] = (),
    read_only: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> Archive:
    """Open the archive at `location`: a file path (SQLite) or ``redis://host:port/db``.

    create: make the archive when there is none, recording the settings (`settings` with
    `overrides`, default `OverlapSettings()`): only when the file is absent (or empty),
    or the Redis database holds no key at all. Anything else that is not a readable
    archive is refused by name and left untouched, never made anew. Without create, a
    missing archive is an ArchiveError. Settings that differ from the recorded ones raise
    SettingsError saying how to rebuild; without settings, the recorded ones are used.
    read_only: open for reading only (a file the user may read but not write).
    vocab: user vocabularies for claim extraction."""
    if not location:
        raise ArchiveError("no archive location given; give a file path or redis://host:port/db")
    request = OpenRequest(location, settings, dict(overrides or {}), create, read_only, tuple(vocab))
    if location.startswith("redis://"):
        from .redis import RedisArchive

        return RedisArchive.open(request)
    from .sqlite import SQLiteArchive

    return SQLiteArchive.open(request)


def settings_from_meta(request: OpenRequest, meta: dict[str, str]) -> tuple[OverlapSettings, int]:
    """The settings an archive recorded in its (validated) meta, checked against the ones
    the request wants; and the archive's schema version."""
    version = check_meta(request.location, meta)
    recorded, scheme = recorded_settings(parse_json_record(request.location, meta["settings"]), request.location)
    check_settings(request.location, recorded, scheme, request.wanted(recorded))
    return recorded, version


def parse_json_record(location: str, text: str) -> Any:
    try:
        return parse_json(text, "settings")
    except RecordError as error:
        raise DamagedRecord(location, None, error) from None


def missing_archive(location: str) -> ArchiveError:
    return ArchiveError(f"no archive at {location}; create one with `reconcile index add {location} FILES...`")


@contextmanager
def _preparing(jobs: int, engine: "Engine | None") -> Iterator["WorkerPool | Engine"]:
    """What prepares an add's articles: this machine's worker pool (with `jobs`, or a local
    engine's), or another engine as it is."""
    from ..engines.local import LocalEngine

    if engine is None or isinstance(engine, LocalEngine):
        with WorkerPool(engine.jobs if engine is not None else jobs) as pool:
            yield pool
    else:
        yield engine


def _result(early: dict[str, Refusal | None], prepared: dict[str, PreparedArticle], written: dict[str, tuple[str, str]]) -> AddResult:
    """An AddResult from what was decided before preparing and what the write did."""
    by_outcome: dict[str, list[str]] = {}
    refused = [r for r in early.values() if r is not None]
    for article_id, (outcome, stored_origin) in written.items():
        by_outcome.setdefault(outcome, []).append(article_id)
        if outcome == REFUSED:
            refused.append(Refusal(article_id, prepared[article_id].origin, stored_origin))
    unchanged = [i for i, r in early.items() if r is None] + by_outcome.get(UNCHANGED, [])
    return AddResult(
        added=tuple(by_outcome.get(ADDED, ())),
        unchanged=tuple(unchanged),
        updated=tuple(by_outcome.get(UPDATED, ())),
        replaced=tuple(by_outcome.get(REPLACED, ())),
        refused=tuple(refused),
    )


__all__ = [
    "AddResult",
    "Archive",
    "ArchiveError",
    "ArchiveStats",
    "DamagedRecord",
    "ListedArticle",
    "Refusal",
    "RemoveResult",
    "StoredArticle",
    "open_archive",
    "SCHEMA_VERSION",
]
