"""Archive stage: articles signed once and stored, so new ones can be checked against them.

An archive keeps, for every article it was given, the article (text, layout, metadata),
its claims, and its document and passage MinHash signatures in an LSH index, made
exactly as `reconcile.overlap` makes them. `Archive.candidates` then finds the stored
articles that share passages with a new one through that index alone, never by reading
the archive, so checking an article costs as much as its matches, not as the archive.

Two backends behind one interface: a single SQLite file (`reconcile.archive.sqlite`, the
default) and Redis through datasketch's own LSH storage (`reconcile.archive.redis`,
selected by a ``redis://host:port/db`` location). Every error a user can act on is an
`ArchiveError` whose message names the archive and says what to do.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, fields
from functools import partial
from typing import Any, Callable, Iterable, Sequence, Sized

from .. import __version__
from ..claims import extract_claims
from ..claims.lexicon import Lexicon, load_lexicon
from ..engine import LocalEngine
from ..errors import ReconcileError, SettingsError
from ..model import Article, Claim
from ..overlap import ArticleSignatures, OverlapSettings, article_signatures
from ..signatures import SignatureScheme
from .records import article_to_json, claims_to_json, content_hash, dumps, lexicon_fingerprint

FORMAT = "reconcile.archive"
SCHEMA_VERSION = 1

# The settings that decide what an index holds: archives built with other values hold
# other signatures or other bands, and cannot answer for these settings.
INDEX_FIELDS = ("shingle_size", "num_perm", "seed", "doc_threshold", "passage_threshold", "min_words",
                "max_passages_per_document")

Progress = Callable[[int, "int | None"], None]

# Articles prepared per batch when an add uses worker processes: enough to keep the
# workers busy, few enough that progress is reported often.
PREPARE_BATCH = 256


class ArchiveError(ReconcileError):
    """An archive that cannot be opened, read or written; the message says which and what to do."""


def check_schema_version(location: str, meta: dict[str, str]) -> None:
    """Refuse an archive whose schema version is unreadable or newer than this reconcile's."""
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise ArchiveError(f"{location}: unreadable archive schema version; rebuild it with "
                           "`reconcile index add`") from None
    if version > SCHEMA_VERSION:
        raise ArchiveError(f"{location} was written by a newer reconcile (archive schema {version}, this "
                           f"reconcile {__version__} reads up to {SCHEMA_VERSION}); upgrade reconcile")


@dataclass(frozen=True)
class AddResult:
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    unchanged: tuple[str, ...]


@dataclass(frozen=True)
class RemoveResult:
    removed: tuple[str, ...]
    missing: tuple[str, ...]


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


@dataclass(frozen=True)
class StoredArticle:
    """An archived article with its stored claims. `lexicon` fingerprints the lexicon the
    claims were extracted with (see `records.lexicon_fingerprint`)."""

    article: Article
    claims: tuple[Claim, ...]
    lexicon: str = ""


@dataclass(frozen=True, eq=False)
class PreparedArticle:
    """One article made ready to store: done before any lock is taken, since signing and
    claim extraction are the slow part of an add."""

    id: str
    content_hash: str
    lexicon: str
    record: str  # JSON of the article
    claims: str  # JSON of its claims
    claim_count: int
    signatures: ArticleSignatures


def prepared_article(article: Article, digest: str, fingerprint: str, claims: Sequence[Claim],
                     settings: OverlapSettings) -> PreparedArticle:
    return PreparedArticle(article.id, digest, fingerprint, dumps(article_to_json(article)),
                           dumps(claims_to_json(claims)), len(claims), article_signatures(article, settings))


def prepare_in_worker(item: tuple[Article, str], settings: OverlapSettings, vocab: tuple[str, ...],
                      fingerprint: str) -> PreparedArticle:
    """`Archive._prepare` in a worker process (module level, so an engine can ship it), with
    the lexicon that process has read once. `fingerprint` is the archive's, of the same lexicon."""
    from ..pipeline import lexicon_for

    article, digest = item
    return prepared_article(article, digest, fingerprint, extract_claims(article, lexicon_for(vocab)), settings)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def settings_record(settings: OverlapSettings) -> dict[str, Any]:
    """What an archive records of its settings: every OverlapSettings field, and the
    signature meta (seed, permutations, hash, shingles, reconcile version)."""
    return {"fields": asdict(settings), "signature": settings.signature_meta()}


def recorded_settings(record: dict[str, Any], location: str) -> tuple[OverlapSettings, SignatureScheme]:
    """The settings and signature scheme an archive recorded."""
    try:
        known = {f.name for f in fields(OverlapSettings)}
        settings = OverlapSettings(**{k: v for k, v in record["fields"].items() if k in known})
        meta = record["signature"]
        scheme = SignatureScheme(
            seed=meta["seed"], num_perm=meta["num_perm"], hash_function=meta["hash_function"],
            shingle_size=meta["shingle_size"], shingle_unit=meta["shingle_unit"],
            permutation_scheme=meta["permutation_scheme"], version=meta["reconcile_version"])
    except (KeyError, TypeError) as error:
        raise ArchiveError(f"{location}: the archive's recorded settings are unreadable ({error}); "
                           "rebuild it with `reconcile index add`") from error
    return settings, scheme


def check_settings(location: str, recorded: OverlapSettings, scheme: SignatureScheme,
                   wanted: OverlapSettings | None) -> None:
    """Refuse an archive whose signatures cannot be compared with ours: other signature
    settings, another reconcile version, or other LSH thresholds."""
    try:
        (wanted or recorded).scheme().check_compatible(scheme)
    except SettingsError as error:
        raise SettingsError(f"{location}: {error}") from None
    if wanted is None:
        return
    diffs = [f"{name} {getattr(recorded, name)!r} vs {getattr(wanted, name)!r}"
             for name in INDEX_FIELDS if getattr(recorded, name) != getattr(wanted, name)]
    if diffs:
        raise SettingsError(
            f"{location} was indexed with other settings ({', '.join(diffs)}). Run with the archive's "
            "settings, or rebuild it with the current ones: remove the archive and run "
            "`reconcile index add` over the archived articles again.")


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

    def add(self, articles: Iterable[Article], *, on_progress: Progress | None = None, jobs: int = 1) -> AddResult:
        """Sign, extract and store the articles; an article already stored under the same id
        is replaced when its content (or the lexicon) changed and left alone otherwise.
        The whole add is stored at once: interrupted, the archive is as it was.

        jobs: worker processes that sign and extract (0: one per core), a batch of
        articles at a time; what is stored does not depend on it."""
        total = len(articles) if isinstance(articles, Sized) else None
        fingerprint = self.lexicon_fingerprint
        engine = LocalEngine(jobs)
        batch_size = 1 if engine.jobs <= 1 else PREPARE_BATCH
        prepared: dict[str, PreparedArticle] = {}
        unchanged: dict[str, None] = {}
        waiting: list[tuple[Article, str]] = []  # read, to be prepared with the next batch
        for done, article in enumerate(articles, start=1):
            digest = content_hash(article)
            if (self._state(article.id) == (digest, fingerprint) and article.id not in prepared
                    and article.id not in {w.id for w, _ in waiting}):
                unchanged[article.id] = None
            else:
                unchanged.pop(article.id, None)
                waiting.append((article, digest))
            if len(waiting) >= batch_size:
                self._prepare_batch(waiting, fingerprint, engine, prepared)
                waiting = []
            if on_progress is not None and not waiting:
                on_progress(done, total)
        if waiting:
            self._prepare_batch(waiting, fingerprint, engine, prepared)
            if on_progress is not None:
                on_progress(done, total)
        added, replaced = self._write(list(prepared.values())) if prepared else ((), ())
        return AddResult(tuple(added), tuple(replaced), tuple(unchanged))

    def _prepare_batch(self, batch: list[tuple[Article, str]], fingerprint: str, engine: LocalEngine,
                       prepared: dict[str, PreparedArticle]) -> None:
        """Prepare a batch (in this process, or on the engine's workers) into `prepared`;
        an id seen again replaces its earlier version, as in a one-by-one add."""
        if engine.jobs <= 1:
            results = [self._prepare(article, digest, fingerprint) for article, digest in batch]
        else:
            results = engine.map(partial(prepare_in_worker, settings=self.settings, vocab=self.vocab,
                                         fingerprint=fingerprint), batch)
        for p in results:
            prepared[p.id] = p

    def _prepare(self, article: Article, digest: str, fingerprint: str) -> PreparedArticle:
        return prepared_article(article, digest, fingerprint, extract_claims(article, self.lexicon), self.settings)

    def candidates(self, article: Article) -> list[str]:
        """Archive ids that share passages (or whole-document similarity) with `article`,
        found through the LSH index only. The article's own id is left out: it is the
        same document, whatever version of it is stored."""
        return sorted(self.ranked_candidates(article))

    def ranked_candidates(self, article: Article, limit: int | None = None) -> list[str]:
        """`candidates`, those sharing the most LSH buckets with the article first (ties
        by id), at most `limit` of them: copies share many passages, chance neighbours few."""
        strength = self._lookup(article_signatures(article, self.settings))
        strength.pop(article.id, None)
        ranked = sorted(strength, key=lambda i: (-strength[i], i))
        return ranked if limit is None else ranked[:limit]

    # --- backend interface -------------------------------------------------------------

    def _state(self, article_id: str) -> tuple[str, str] | None:
        """(content hash, lexicon fingerprint) stored for this id, or None."""
        raise NotImplementedError

    def _write(self, prepared: list[PreparedArticle]) -> tuple[list[str], list[str]]:
        """Store the prepared articles at once; (added ids, replaced ids)."""
        raise NotImplementedError

    def _lookup(self, signatures: ArticleSignatures) -> dict[str, int]:
        """Stored articles sharing an LSH bucket with the document or a passage, each with
        the number of distinct buckets (level, band, band values) it shares."""
        raise NotImplementedError

    def article_count(self) -> int:
        """How many articles the archive holds, without reading them."""
        raise NotImplementedError

    def load(self, ids: Sequence[str]) -> list[StoredArticle]:
        """The stored articles with these ids, in that order (unknown ids are skipped)."""
        raise NotImplementedError

    def remove(self, ids: Sequence[str]) -> RemoveResult:
        raise NotImplementedError

    def stats(self) -> ArchiveStats:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def open_archive(location: str, settings: OverlapSettings | None = None, *, create: bool = False,
                 vocab: tuple[str, ...] = ()) -> Archive:
    """Open the archive at `location`: a file path (SQLite) or ``redis://host:port/db``.

    create: make the archive when it is missing, recording `settings` (default
    `OverlapSettings()`); otherwise a missing archive is an ArchiveError. Settings that
    differ from the recorded ones raise SettingsError saying how to rebuild; without
    settings, the recorded ones are used. vocab: user vocabularies for claim extraction."""
    if not location:
        raise ArchiveError("no archive location given; give a file path or redis://host:port/db")
    if location.startswith("redis://"):
        from .redis import RedisArchive

        return RedisArchive.open(location, settings, create=create, vocab=tuple(vocab))
    from .sqlite import SQLiteArchive

    return SQLiteArchive.open(location, settings, create=create, vocab=tuple(vocab))


def missing_archive(location: str) -> ArchiveError:
    return ArchiveError(f"no archive at {location}; create one with `reconcile index add {location} FILES...`")


__all__ = [
    "AddResult", "Archive", "ArchiveError", "ArchiveStats", "RemoveResult", "StoredArticle", "open_archive",
    "SCHEMA_VERSION",
]
