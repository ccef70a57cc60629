"""The passage store: SQLite is the source of truth, the tantivy index is derived.

Files in the store folder: ``store.sqlite3`` (WAL mode), ``index/`` (see
``briefgen.index``), ``write.lock`` (writers take an exclusive ``flock`` on it;
readers never do) and ``open.lock`` (every open store holds a shared ``flock`` on it;
only putting a rebuilt store in place takes it exclusively).

Guarantees, and how:
- A document is replaced in one SQLite transaction (old rows and passages out, new
  ones in), so a killed process leaves the old version or the new one, whole.
- Every write bumps a generation counter stored with the data; each document row
  records the generation that wrote it and each removal leaves a tombstone. The
  index records the generation it reflects, so a writer that finds it behind (a
  crash between the two commits) re-indexes only what changed since; an index that
  is missing, of another format or ahead of the data (lost SQLite commits) is
  rebuilt from SQLite.
- Readers run beside a writer (WAL); writers queue on the lock for a bounded time
  and then fail with ``StoreLockedError``. The index is committed once per write
  session, so a rewrite keeps the passages it replaces (table ``retired``) until the
  index no longer points at them: a reader meanwhile finds each document in its old
  version, whole, or in its new one once the index has it.
- Damage is refused, never quoted: the file header is checked on open, small stores
  run ``PRAGMA quick_check`` on open (large ones on ``check()``), each row carries a
  CRC-32 checked when it is read, and SQLite's own "malformed" errors become
  ``StoreCorruptError`` with the command that rebuilds the store.
- ``briefgen ingest --rebuild`` builds the new store beside the old one and swaps
  it in when no process has the store open: readers keep the old store meanwhile,
  and a failed or killed rebuild leaves it as it was.
- ``synchronous=NORMAL`` with WAL: a killed process loses nothing committed; a power
  cut may lose the last commits but never corrupts the file (the next ingest redoes
  them).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import logging
import os
import shutil
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from briefgen.analysis import matched_spans, parse_query, query_stems
from briefgen.errors import (
    NotFoundError,
    SchemaVersionError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
)
from briefgen.index import (
    IndexEntry,
    PassageIndex,
    SearchQuery,
    analysed_fields,
    date_value,
    passage_fields,
)
from briefgen.models import (
    AmountFact,
    DateFact,
    Document,
    DocumentMeta,
    Passage,
    cited_number,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
DB_NAME = "store.sqlite3"
LOCK_NAME = "write.lock"
OPEN_LOCK_NAME = "open.lock"
REBUILD_DIR = ".rebuild"  # a rebuild's new store, until it replaces the old one
INDEX_DIR = "index"
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a writer waits for another writer
BUSY_TIMEOUT_MS = 30_000  # SQLite's own wait on a locked database
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024  # above this, open skips the O(size) check
SNIPPET_CHARS = 320
_SQLITE_MAGIC = b"SQLite format 3\x00"
_IN_CHUNK = 500  # ids per "IN (...)" query
REBUILD_HINT = "run: briefgen ingest --rebuild"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")  # the tables of SCHEMA_VERSION


def _schema_statements(*names: str) -> tuple[str, ...]:
    """The statements of schema.sql that create these tables or indexes."""
    statements = SCHEMA_FILE.read_text("utf-8").split(";")
    picked = []
    for statement in statements:
        body = "\n".join(
            line for line in statement.splitlines() if not line.startswith("--")
        ).strip()
        words = body.split()  # CREATE TABLE|INDEX name ...
        if words[:1] == ["CREATE"] and len(words) > 2 and words[2] in names:
            picked.append(body)
    return tuple(picked)


# Schema upgrades in place: from-version -> statements that bring it to version + 1.
_MIGRATIONS: dict[int, Callable[[], tuple[str, ...]]] = {
    1: lambda: _schema_statements("retired", "retired_generation"),  # readers beside a writer
}

_META_COLS = (
    "id, path, sha256, fmt, doc_type, title, number, date, question_date, answer_date, "
    "asker, addressee, addressee_title, theme_line, links, place, date_source, "
    "answer_start, passage_count, generation, ingested_at, crc"
)
_PASSAGE_COLS = (
    "id, doc_id, ordinal, text, start_offset, end_offset, kind, part, numbers, "
    "number_label, heading_path, label, dates, amounts, crc"
)

P = ParamSpec("P")
R = TypeVar("R")


# ------------------------------------------------------------------ row codecs


def _crc(values: Iterable[object]) -> int:
    return zlib.crc32("\x1f".join(map(str, values)).encode("utf-8", "surrogatepass"))


def _json(items: Sequence[Any]) -> str | None:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dates_json(facts: Sequence[DateFact]) -> str | None:
    return _json(
        [
            [f.literal, f.start, f.end, f.kind, f.first.isoformat(), f.last.isoformat(),
             f.approximate, f.year_inferred]
            for f in facts
        ]
    )  # fmt: skip


def _list(text: str | None) -> list[Any]:
    return json.loads(text) if text else []


def _dates(text: str | None) -> tuple[DateFact, ...]:
    return tuple(
        DateFact(lit, s, e, kind, date.fromisoformat(a), date.fromisoformat(b), appr, inf)
        for lit, s, e, kind, a, b, appr, inf in _list(text)
    )


def _amounts_json(facts: Sequence[AmountFact]) -> str | None:
    return _json(
        [[f.literal, f.start, f.end, str(f.value), f.currency, f.per, f.approximate] for f in facts]
    )


def _amounts(text: str | None) -> tuple[AmountFact, ...]:
    return tuple(
        AmountFact(lit, s, e, Decimal(value), cur, per, appr)
        for lit, s, e, value, cur, per, appr in _list(text)
    )


def _passage_values(p: Passage) -> tuple[object, ...]:
    values = (
        p.id, p.doc_id, p.ordinal, p.text, p.start, p.end, p.kind, p.part,
        _json(p.numbers), p.number_label, _json(p.heading_path), p.label,
        _dates_json(p.dates), _amounts_json(p.amounts),
    )  # fmt: skip
    return (*values, _crc(values))


def _doc_values(doc: Document, generation: int, ingested_at: str) -> tuple[object, ...]:
    m = doc.meta
    values = (
        doc.id, doc.path, doc.sha256, doc.fmt, m.doc_type, m.title, m.number, _iso(m.date),
        _iso(m.question_date), _iso(m.answer_date), m.asker, m.addressee, m.addressee_title,
        m.theme_line, _json([list(link) for link in m.links]), m.place, m.date_source,
        m.answer_start, len(doc.passages), generation, ingested_at,
    )  # fmt: skip
    return (*values, _crc(values))


class _Damaged(Exception):
    """A row failed its checksum; the store turns this into StoreCorruptError."""


def _checked(row: Sequence[Any]) -> Sequence[Any]:
    if _crc(row[:-1]) != row[-1]:
        raise _Damaged(f"row {row[0]!r} fails its checksum")
    return row


def _passage(row: Sequence[Any]) -> Passage:
    pid, doc_id, ordinal, text, start, end, kind, part, numbers, label_n, heads, label, d, a, _ = (
        _checked(row)
    )
    return Passage(
        id=pid, doc_id=doc_id, ordinal=ordinal, text=text, start=start, end=end, kind=kind,
        part=part, numbers=tuple(_list(numbers)), number_label=label_n,
        heading_path=tuple(_list(heads)), label=label, dates=_dates(d),
        amounts=_amounts(a),
    )  # fmt: skip


def _document(row: Sequence[Any], text: str = "", passages: tuple[Passage, ...] = ()) -> Document:
    (doc_id, path, sha, fmt, doc_type, title, number, day, q_day, a_day, asker, addressee,
     addr_title, theme_line, links, place, date_source, start) = _checked(row)[:18]  # fmt: skip
    meta = DocumentMeta(
        doc_type=doc_type, title=title, number=number, date=_day(day),
        question_date=_day(q_day), answer_date=_day(a_day), asker=asker, addressee=addressee,
        addressee_title=addr_title, theme_line=theme_line,
        links=tuple((label, url) for label, url in _list(links)), place=place,
        date_source=date_source, answer_start=start,
    )  # fmt: skip
    return Document(doc_id, path, sha, fmt, meta, text, passages)


# ----------------------------------------------------------------- write lock


class _FileLock:
    """A ``flock`` on a file of the store; the kernel drops it if the process dies.

    ``busy`` says in the error what the holder of a conflicting lock is doing.
    """

    def __init__(self, path: Path, *, shared: bool = False, busy: str = "writing to") -> None:
        self.path = path
        self.shared = shared
        self.busy = busy
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if not self.shared:
                raise StoreError(
                    f"cannot lock the store {self.path.parent}: {exc.strerror}",
                    hint="a writer needs write access to the store folder (see --store)",
                ) from exc
            try:
                fd = os.open(self.path, os.O_RDONLY)  # a store we may read, not write
            except OSError:
                log.debug("%s: cannot lock; reading without it", self.path)
                return  # a read-only store folder: no writer can replace it either
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    os.close(fd)
                    raise StoreLockedError(
                        f"another briefgen process is {self.busy} the store {self.path.parent}",
                        hint="try again when it has finished",
                    ) from None
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.05 if self.shared else 0.25)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


# ------------------------------------------------------------------------ hits


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked passage for ``briefgen search``: where it is and what matched."""

    passage: Passage
    document: Document  # metadata only: text "" and no passages
    score: float
    snippet: str  # a window of the passage text with matched words in **bold**
    matches: tuple[tuple[int, int], ...]  # matched word spans in passage.text

    def heading_line(self) -> str:
        """Title, type, date and locator in one line; a missing date says so."""
        m = self.document.meta
        parts = [m.title or self.document.path, m.doc_type.replace("_", " ")]
        if m.number:
            parts.append(cited_number(m.number, "nr."))
        parts.append(m.date.isoformat() if m.date else "date unknown")
        locator = self.passage.section_ref or " > ".join(self.passage.heading_path)
        if locator:
            parts.append(locator)
        return " · ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        m = self.document.meta
        return {
            "passage_id": self.passage.id,
            "document_id": self.document.id,
            "path": self.document.path,
            "title": m.title,
            "doc_type": m.doc_type,
            "number": m.number,
            "date": _iso(m.date),
            "part": self.passage.part,
            "heading_path": list(self.passage.heading_path),
            "locator": self.passage.section_ref,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "text": self.passage.text,
            "matches": [list(span) for span in self.matches],
        }


def snippet(text: str, stems: set[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around its first word whose stem is in ``stems``, marked."""
    matched = tuple(matched_spans(text, stems))
    lo, hi = 0, len(text)
    if hi > SNIPPET_CHARS:
        centre = matched[0][0] if matched else 0
        lo = max(0, min(centre - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
        hi = lo + SNIPPET_CHARS
        if lo > 0 and (space := text.find(" ", lo, centre)) != -1:
            lo = space + 1  # start and end on whole words
        if hi < len(text) and (space := text.rfind(" ", centre, hi)) != -1:
            hi = space
    out, pos = [], lo
    for start, end in matched:
        if start >= lo and end <= hi:
            out += [text[pos:start], "**", text[start:end], "**"]
            pos = end
    out.append(text[pos:hi])
    body = "".join(out).strip()
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else ""), matched


# ----------------------------------------------------------------------- store


def _guarded(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Turn SQLite and checksum failures inside a Store method into StoreErrors."""

    @functools.wraps(method)
    def wrapper(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except (sqlite3.DatabaseError, _Damaged, zlib.error) as exc:
            raise store._translate(exc) from exc

    return wrapper


class Store:
    """Documents and passages in SQLite, searchable through the derived index.

    Open with ``Store.open(folder)``; use as a context manager. Writes happen under
    the write lock: hold it over a batch with ``with store.writing():`` (ingest does),
    or let each write call take it on its own.
    """

    def __init__(
        self,
        folder: Path,
        conn: sqlite3.Connection,
        *,
        readonly: bool,
        lock_timeout: float,
        opened: _FileLock,
    ) -> None:
        self.folder = folder
        self.db_path = folder / DB_NAME
        self.readonly = readonly
        self.lock_timeout = lock_timeout
        self._conn = conn
        self._lock = _FileLock(folder / LOCK_NAME)
        self._opened = opened  # held until close: no rebuild swaps the files under us
        self._index = PassageIndex(folder / INDEX_DIR)
        self._depth = 0  # nesting of writing()
        self._dirty = False  # index changes not yet committed
        self._index_failed = False  # this session's index changes are not to be trusted

    # ----------------------------------------------------------- opening

    @classmethod
    def open(
        cls, folder: Path, *, readonly: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> Store:
        """Open the store in ``folder``, creating it unless ``readonly``.

        Raises NotFoundError (readonly, no store yet), SchemaVersionError,
        StoreCorruptError, StoreLockedError (creation or migration waited too long).
        """
        folder = Path(folder)
        db_path = folder / DB_NAME
        if readonly and not db_path.exists():
            raise NotFoundError(f"no store at {folder}", hint="run: briefgen ingest")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {folder}: {exc.strerror}") from exc
        opened = _FileLock(folder / OPEN_LOCK_NAME, shared=True, busy="replacing")
        opened.acquire(lock_timeout)  # waits out a rebuild's swap (a moment)
        try:
            _check_header(db_path)
            try:
                conn = sqlite3.connect(
                    db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open the store {db_path}: {exc}") from exc
        except BaseException:
            opened.release()
            raise
        store = cls(folder, conn, readonly=readonly, lock_timeout=lock_timeout, opened=opened)
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        return store

    @_guarded
    def _prepare(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        if self._schema_version() != SCHEMA_VERSION:
            if self.readonly:
                if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise NotFoundError(
                        f"store {self.folder} is empty", hint="run: briefgen ingest"
                    )
                self._refuse_version(self._schema_version())
            self._lock.acquire(self.lock_timeout)
            try:
                self._create_or_migrate()
            finally:
                self._lock.release()
        if self.db_path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            self._quick_check()
        if self.readonly:
            conn.execute("PRAGMA query_only = ON")

    def _schema_version(self) -> int | None:
        has_meta = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not has_meta:
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def _refuse_version(self, version: int | None) -> None:
        if version is None:
            raise SchemaVersionError(
                f"{self.db_path} is not a briefgen store or is not set up", hint=REBUILD_HINT
            )
        if version > SCHEMA_VERSION:
            hint = "upgrade briefgen"
        elif all(v in _MIGRATIONS for v in range(version, SCHEMA_VERSION)) and self.readonly:
            hint = "run: briefgen ingest (it upgrades the store in place)"
        else:
            hint = REBUILD_HINT
        raise SchemaVersionError(
            f"store {self.db_path} has schema version {version}, this briefgen reads "
            f"version {SCHEMA_VERSION}",
            hint=hint,
        )

    def _create_or_migrate(self) -> None:
        conn = self._conn
        version = self._schema_version()
        if version is None:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                self._refuse_version(None)  # some other SQLite file: leave it alone
            conn.execute("PRAGMA journal_mode = WAL")
            try:
                conn.executescript(
                    f"BEGIN IMMEDIATE; {SCHEMA_FILE.read_text('utf-8')}\n"
                    f"INSERT INTO meta VALUES ('schema_version', {SCHEMA_VERSION:d}),"
                    " ('generation', 0); COMMIT;"
                )
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            log.info("created store %s", self.db_path)
            return
        while version < SCHEMA_VERSION and version in _MIGRATIONS:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _MIGRATIONS[version]():
                conn.execute(statement)
            version += 1
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
            conn.execute("COMMIT")
            log.info("migrated store %s to schema version %d", self.db_path, version)
        if version != SCHEMA_VERSION:
            self._refuse_version(version)

    def _quick_check(self) -> None:
        rows = self._conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            lines = [line for row in rows for line in str(row[0]).splitlines()]
            first = next((line for line in lines if not line.startswith("***")), "check failed")
            raise StoreCorruptError(f"store {self.db_path} is damaged ({first})", hint=REBUILD_HINT)

    @_guarded
    def check(self) -> None:
        """Full structural check of the database, whatever its size."""
        self._quick_check()

    def _translate(self, exc: BaseException) -> StoreError:
        text = str(exc)
        low = text.lower()
        if isinstance(exc, _Damaged | zlib.error) or any(
            w in low for w in ("malformed", "not a database", "disk image", "corrupt")
        ):
            return StoreCorruptError(f"store {self.db_path} is damaged ({text})", hint=REBUILD_HINT)
        if "locked" in low or "busy" in low:
            return StoreLockedError(
                f"store {self.db_path} is busy ({text})", hint="try again in a moment"
            )
        return StoreError(f"store {self.db_path}: {text}")

    @staticmethod
    @contextmanager
    def rebuilding(folder: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[Path]:
        """A folder to build a new store in; it replaces the store when the block succeeds.

        Holds the write lock throughout, so other writers wait as for any ingest while
        readers go on with the old store. The swap waits (up to ``lock_timeout``) until
        no process has the store open, then puts the new database, index and other
        files in place. An error in the block, or a kill, leaves the old store as it was.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        writing = _FileLock(folder / LOCK_NAME)
        writing.acquire(lock_timeout)
        built = folder / REBUILD_DIR
        try:
            shutil.rmtree(built, ignore_errors=True)  # what a killed rebuild left
            built.mkdir()
            yield built
            swapping = _FileLock(folder / OPEN_LOCK_NAME, busy="using")
            swapping.acquire(lock_timeout)
            try:
                _swap_in(folder, built)
            finally:
                swapping.release()
        finally:
            shutil.rmtree(built, ignore_errors=True)
            writing.release()

    def close(self) -> None:
        """Close the database; an open write session is ended first."""
        try:
            if self._depth:
                self._end_session()
            self._conn.close()
        finally:
            self._opened.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------- reading

    @_guarded
    def generation(self) -> int:
        """How many writes the store has seen: the index's yardstick."""
        return int(
            self._conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
        )

    @_guarded
    def parser(self) -> str | None:
        """The fingerprint of the code that read the stored documents (``set_parser``)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'parser'").fetchone()
        return None if row is None else str(row[0])

    @_guarded
    def document_by_path(self, path: str) -> tuple[str, str] | None:
        """(id, sha256) of the document stored for ``path``, if any."""
        row = self._conn.execute(
            "SELECT id, sha256 FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    @_guarded
    def all_hashes(self) -> dict[str, str]:
        """path -> sha256 of every stored document: the incremental ingest check."""
        return dict(self._conn.execute("SELECT path, sha256 FROM documents"))

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Run several SELECTs against one committed state of the store.

        Outside a transaction each statement sees the newest commit, so a writer that
        commits between two of them would show a document without its passages.
        """
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @_guarded
    def documents(self, *, full: bool = False) -> list[Document]:
        """All documents by path; metadata only (text "", no passages) unless ``full``."""
        with self._snapshot():
            rows = self._conn.execute(
                f"SELECT {_META_COLS} FROM documents ORDER BY path"
            ).fetchall()
            if full:
                return [d for d in (self.get_document(row[0]) for row in rows) if d is not None]
        return [_document(row) for row in rows]

    @_guarded
    def get_document(self, doc_id: str) -> Document | None:
        """One document whole: metadata, cleaned text and passages in order."""
        with self._snapshot():
            row = self._conn.execute(
                f"SELECT {_META_COLS}, text FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                return None
            passages = tuple(
                _passage(r)
                for r in self._conn.execute(
                    f"SELECT {_PASSAGE_COLS} FROM passages WHERE doc_id = ? ORDER BY key",
                    (doc_id,),
                )
            )
        text = zlib.decompress(row[-1]).decode("utf-8")
        return _document(row[:-1], text, passages)

    @_guarded
    def passages(self, ids: Iterable[str]) -> list[Passage]:
        """The passages with these ids, in the order asked; unknown ids are skipped."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Passage] = {}
        with self._snapshot():
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for row in self._conn.execute(
                    f"SELECT {_PASSAGE_COLS} FROM passages WHERE id IN ({marks})", chunk
                ):
                    found[row[0]] = _passage(row)
        return [found[i] for i in wanted if i in found]

    @_guarded
    def passage_counts(self) -> dict[str, int]:
        """document id -> number of passages, without reading the passages."""
        return dict(self._conn.execute("SELECT id, passage_count FROM documents"))

    @_guarded
    def passage_count(self) -> int:
        """Number of stored passages."""
        return int(self._conn.execute("SELECT count(*) FROM passages").fetchone()[0])

    @_guarded
    def _by_keys(self, keys: Sequence[int]) -> dict[int, Passage]:
        """Passages by index key: live ones, else the retired version the index still knows."""
        found: dict[int, Passage] = {}
        missing = list(keys)
        with self._snapshot():
            for table in ("passages", "retired"):
                for chunk in _chunks(missing):
                    marks = ",".join("?" * len(chunk))
                    for row in self._conn.execute(
                        f"SELECT key, {_PASSAGE_COLS} FROM {table} WHERE key IN ({marks})", chunk
                    ):
                        found[row[0]] = _passage(row[1:])
                missing = [k for k in missing if k not in found]
                if not missing:
                    break
        return found

    @_guarded
    def document_metas(self, doc_ids: Iterable[str]) -> dict[str, Document]:
        """id -> document (metadata only) for the ids that are stored."""
        found: dict[str, Document] = {}
        with self._snapshot():
            for chunk in _chunks(list(set(doc_ids))):
                marks = ",".join("?" * len(chunk))
                for row in self._conn.execute(
                    f"SELECT {_META_COLS} FROM documents WHERE id IN ({marks})", chunk
                ):
                    found[row[0]] = _document(row)
        return found

    def search_passages(self, query: SearchQuery, limit: int = 200) -> list[tuple[Passage, float]]:
        """Ranked passages with their BM25 scores.

        Hits the index still knows but the store no longer has (replaced by a writer
        meanwhile) are skipped. Equal scores are ordered by passage id: the index
        returns ties in the order of its segments, which differs between two builds
        of the same corpus, and the briefing must not.
        """
        if self._depth and self._dirty:
            self.commit_index()  # a writer searching sees its own writes
        ranked = self._index.search(query, limit)
        by_key = self._by_keys([key for key, _ in ranked])
        hits = [(by_key[key], score) for key, score in ranked if key in by_key]
        return sorted(hits, key=lambda hit: (-hit[1], hit[0].id))

    def search(self, text: str, limit: int = 20, where: SearchQuery | None = None) -> list[Hit]:
        """Ranked hits for a user's query text (words, "quoted phrases").

        ``where`` adds filters and weights; its own entries are replaced by the text's.
        """
        entries = tuple(parse_query(text))
        query = replace(where or SearchQuery(), should=entries, must=())
        ranked = self.search_passages(query, limit)
        metas = self.document_metas(p.doc_id for p, _ in ranked)
        stems = {s for entry in entries for s in query_stems(entry)}
        hits = []
        for passage, score in ranked:
            if passage.doc_id in metas:
                marked, matches = snippet(passage.text, stems)
                hits.append(Hit(passage, metas[passage.doc_id], score, marked, matches))
        return hits

    # ----------------------------------------------------------- writing

    @contextmanager
    def writing(self, timeout: float | None = None) -> Iterator[Store]:
        """Hold the write lock over a batch of writes; the index is committed at the end.

        Waits up to ``timeout`` seconds (default: the store's ``lock_timeout``) for
        another writer, then raises StoreLockedError. Brings a stale index up to date.
        """
        if self.readonly:
            raise StoreError(f"store {self.folder} was opened read-only")
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._lock.acquire(self.lock_timeout if timeout is None else timeout)
        self._depth = 1
        try:
            if (self.folder / REBUILD_DIR).exists():  # a killed rebuild's (no rebuild runs now)
                shutil.rmtree(self.folder / REBUILD_DIR, ignore_errors=True)
            self._sync_index()
            yield self
        finally:
            self._end_session()

    def _end_session(self) -> None:
        try:
            self.commit_index()
        except StoreError as exc:  # the store is fine; the next writer re-indexes
            log.warning("%s; the next ingest repairs it", exc)
        finally:
            try:
                if self._index_failed or self._dirty:
                    self._index.discard()
                else:
                    self._index.end()
            finally:
                self._depth = 0
                self._dirty = self._index_failed = False
                self._lock.release()

    def _sync_index(self) -> None:
        """Bring the index to the store's generation: incrementally, else from scratch."""
        indexed, current = self._index.generation(), self.generation()
        if indexed is not None and indexed <= current:
            try:
                with self._indexing():
                    self._index.begin()
                if indexed < current:
                    log.info("search index at %d, store at %d: catching up", indexed, current)
                    self._reindex(since=indexed)
                return
            except StoreError as exc:
                log.warning("%s; rebuilding the search index from the store", exc)
                self._index.discard()
                self._dirty = self._index_failed = False
        log.info(
            "rebuilding the search index of %s (at %s, store at %d)", self.folder, indexed, current
        )
        with self._indexing():
            self._index.begin(clear=True)
        self._reindex(since=0)

    @_guarded
    def _reindex(self, since: int) -> None:
        """Re-index what was written, and un-index what was removed, after ``since``."""
        ids = [
            r[0]
            for r in self._conn.execute("SELECT id FROM documents WHERE generation > ?", (since,))
        ]
        gone = [
            r[0]
            for r in self._conn.execute("SELECT doc_id FROM removed WHERE generation > ?", (since,))
        ]
        with self._indexing():
            for doc_id in gone:
                self._index.delete_document(doc_id)
            for doc_id in ids:
                self._index.delete_document(doc_id)
                self._index.add(self._stored_entries(doc_id))
        self.commit_index()

    @contextmanager
    def _indexing(self) -> Iterator[None]:
        """Index changes that follow a committed SQLite write.

        If the index fails, the session stops recording generations, so the next
        writer finds the index behind and re-indexes what it missed.
        """
        self._dirty = True
        try:
            yield
        except Exception as exc:
            self._index_failed = True
            raise StoreError(
                f"search index {self._index.folder} failed: {exc}", hint=REBUILD_HINT
            ) from exc

    def _stored_entries(self, doc_id: str) -> list[IndexEntry]:
        """Index entries of a stored document, read back from SQLite."""
        doc_type, title, day = self._conn.execute(
            "SELECT doc_type, title, date FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        when = date_value(_day(day))
        rows = self._conn.execute(
            "SELECT key, text, heading_path, label FROM passages WHERE doc_id = ? ORDER BY key",
            (doc_id,),
        )
        return [
            IndexEntry(
                key, doc_id, doc_type, when, *passage_fields(text, _list(heads), label, title)
            )
            for key, text, heads, label in rows
        ]

    def commit_index(self) -> None:
        """Publish index changes made in this write session (ingest calls it at the end)."""
        if not self._depth or not self._dirty or self._index_failed:
            return
        generation, before = self.generation(), self._index.generation()
        with self._indexing():
            self._index.commit(generation)
        self._dirty = False
        self._forget(generation, retired_until=before)

    @_guarded
    def _forget(self, generation: int, *, retired_until: int | None) -> None:
        """Drop tombstones the index has caught up with, and passages none can find.

        Retired passages stay one commit longer than the index needs them: a reader
        that opened the index before this commit may still look up their keys.
        """
        self._conn.execute("DELETE FROM removed WHERE generation <= ?", (generation,))
        if retired_until is not None:
            self._conn.execute("DELETE FROM retired WHERE generation <= ?", (retired_until,))

    def put_document(
        self, doc: Document, *, analysed: Sequence[tuple[str, str]] | None = None
    ) -> None:
        """Store ``doc`` with its passages, replacing any version of it, in one transaction.

        ``analysed`` is ``index.analysed_fields(doc)`` if the caller computed it
        already (in a worker process, say).
        """
        _validate(doc)
        if analysed is not None and len(analysed) != len(doc.passages):
            raise ValueError(f"{doc.path}: analysed fields do not match the passages")
        with self.writing():
            keys, replaced = self._write(doc)
            fields = analysed if analysed is not None else analysed_fields(doc)
            with self._indexing():
                for doc_id in {doc.id, *replaced}:
                    self._index.delete_document(doc_id)
                self._index.add(_entries(doc, keys, fields))

    def add_documents(self, docs: Iterable[Document]) -> int:
        """Store many documents in one write session (one transaction each); the count."""
        n = 0
        with self.writing():
            for doc in docs:
                self.put_document(doc)
                n += 1
        return n

    @_guarded
    def _write(self, doc: Document) -> tuple[list[int], list[str]]:
        conn = self._conn
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            generation = self._bump()
            replaced = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM documents WHERE path = ? AND id != ?", (doc.path, doc.id)
                )
            ]
            conn.executemany(
                "INSERT INTO removed VALUES (?, ?)", [(i, generation) for i in replaced]
            )
            self._retire([doc.id, *replaced], generation)
            conn.execute("DELETE FROM documents WHERE id = ? OR path = ?", (doc.id, doc.path))
            text = zlib.compress(doc.text.encode("utf-8", "surrogatepass"), 6)
            values = _doc_values(doc, generation, now)
            conn.execute(
                f"INSERT INTO documents ({_META_COLS}, text) VALUES ({','.join('?' * 23)})",
                (*values, text),
            )
            conn.executemany(
                f"INSERT INTO passages ({_PASSAGE_COLS}) VALUES ({','.join('?' * 15)})",
                [_passage_values(p) for p in doc.passages],
            )
            keys = self._keys(doc.id)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return keys, replaced

    def _retire(self, doc_ids: Sequence[str], generation: int) -> None:
        """Keep the passages a write takes out until the index stops pointing at them.

        The index is committed once per write session, so until then readers search
        the old keys; they find the old version whole rather than missing it.
        """
        marks = ",".join("?" * len(doc_ids))
        self._conn.execute(
            f"INSERT INTO retired (key, {_PASSAGE_COLS}, generation) "
            f"SELECT key, {_PASSAGE_COLS}, ? FROM passages WHERE doc_id IN ({marks})",
            (generation, *doc_ids),
        )

    def _keys(self, doc_id: str) -> list[int]:
        sql = "SELECT key FROM passages WHERE doc_id = ? ORDER BY key"
        return [r[0] for r in self._conn.execute(sql, (doc_id,))]

    def _bump(self) -> int:
        row = self._conn.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value"
        ).fetchone()
        return int(row[0])

    @_guarded
    def set_parser(self, fingerprint: str) -> None:
        """Record that every stored document was read by the code with ``fingerprint``."""
        with self.writing(), self._conn:
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('parser', ?)", (fingerprint,))

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and its passages; False if it was not stored."""
        with self.writing():
            removed = self._delete(doc_id)
            if removed:
                with self._indexing():
                    self._index.delete_document(doc_id)
        return removed

    @_guarded
    def _delete(self, doc_id: str) -> bool:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                conn.execute("ROLLBACK")
                return False
            generation = self._bump()
            self._retire([doc_id], generation)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            conn.execute("INSERT INTO removed VALUES (?, ?)", (doc_id, generation))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return True


# --------------------------------------------------------------------- helpers


def _swap_in(folder: Path, built: Path) -> None:
    """Put the store built in ``built`` in place of the one in ``folder``.

    The caller holds both locks exclusively, so no process has either store open. The
    order keeps every crash point safe: the old index goes first (an index must never
    meet another database: its keys would name other passages), then the old WAL
    (frames of the old database would be replayed into the new one), then the
    database is replaced in one rename; a missing index is rebuilt by the next writer.
    """
    with contextlib.closing(sqlite3.connect(built / DB_NAME)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the new database whole in one file
    trash = built / ".old-index"
    if (folder / INDEX_DIR).exists():
        (folder / INDEX_DIR).rename(trash)
    for name in (f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        (folder / name).unlink(missing_ok=True)
    (built / DB_NAME).replace(folder / DB_NAME)
    if (built / INDEX_DIR).exists():
        (built / INDEX_DIR).rename(folder / INDEX_DIR)
    for extra in built.iterdir():  # the ingest's manifest, say
        if extra.is_file() and extra.name not in (LOCK_NAME, OPEN_LOCK_NAME, f"{DB_NAME}-shm"):
            extra.replace(folder / extra.name)


def _check_header(db_path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite half-opens it."""
    try:
        with db_path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the store {db_path}: {exc.strerror}") from exc
    if head and head != _SQLITE_MAGIC:
        raise StoreCorruptError(f"store {db_path} is damaged (not a database)", hint=REBUILD_HINT)


def _validate(doc: Document) -> None:
    ids = [p.id for p in doc.passages]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{doc.path}: passage ids repeat")
    stray = next((p.id for p in doc.passages if p.doc_id != doc.id), None)
    if stray:
        raise ValueError(f"{doc.path}: passage {stray} belongs to another document")


def _entries(
    doc: Document, keys: Sequence[int], fields: Sequence[tuple[str, str]]
) -> list[IndexEntry]:
    day = date_value(doc.meta.date)
    return [
        IndexEntry(key, doc.id, doc.meta.doc_type, day, body, context)
        for key, (body, context) in zip(keys, fields, strict=True)
    ]


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]
