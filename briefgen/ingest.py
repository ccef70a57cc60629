"""Files to store: read, clean, recognise and segment each file, then store it.

Parsing is pure and runs in worker processes (``jobs``); only the parent writes to
the store, under the store's write lock, one transaction per document, so a killed
ingest leaves every document whole in its old or its new version. A file that fails
keeps whatever the store had for it. A manifest of (size, mtime) per path lets an
unchanged corpus be checked without reading every file again. A store read by other
code (an upgrade, a fix in a reader) is read again whole: its documents would otherwise
keep what the old code made of them until their file changed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Literal

from briefgen.errors import BriefgenError, InputError, NotFoundError
from briefgen.models import Document

log = logging.getLogger(__name__)

Outcome = Literal["added", "updated", "unchanged", "failed", "removed"]
MANIFEST = "manifest.json"
FILE_SECONDS = 300.0  # no one file holds an ingest up longer than this
_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # as Path.is_file


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file."""

    path: str  # as shown to the user
    outcome: Outcome
    reason: str = ""
    passages: int = 0

    def line(self) -> str:
        """``path: reason`` for people, naming the file once (most reasons start with it)."""
        name = self.path.rsplit("/", 1)[-1]
        reason = self.reason.removeprefix(f"{name}: ") if name else self.reason
        return f"{self.path}: {reason}"


@dataclass(slots=True)
class IngestReport:
    """Per-file results of one ingest run."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.outcome == "failed"]

    @property
    def changed(self) -> bool:
        return any(r.outcome in ("added", "updated", "removed") for r in self.results)


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A file of the corpus: where it is and the stable name it is stored under.

    Strings, not Paths: every read command walks the whole corpus to see what changed.
    """

    where: str  # the file's path as found
    rel: str  # path relative to its corpus root, "/"-separated: the document's identity
    sidecar: str | None = None  # its NAME.meta.toml, if there is one

    def __post_init__(self) -> None:
        if not self.rel.isascii() and not self.rel.isprintable():
            # a name that is not UTF-8 (surrogate-escaped bytes, say from an old zip) is
            # shown and stored with its odd bytes spelled out: "caf\xe9.txt"
            rel = os.fsencode(self.rel).decode("utf-8", "backslashreplace")
            object.__setattr__(self, "rel", rel)

    @property
    def path(self) -> Path:
        return Path(self.where)

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.rel)


def doc_id_for(rel: str) -> str:
    """Stable document id: moving the corpus folder keeps every id."""
    return hashlib.sha256(rel.encode("utf-8")).hexdigest()[:12]


def corpus_files(roots: Sequence[Path]) -> Iterator[CorpusFile]:
    """Every readable file below the roots, with its stable relative name."""
    from briefgen.read import walk_corpus

    for root in roots:
        if not root.exists():
            raise NotFoundError(f"no such file or folder: {root}")
        base = root if root.is_dir() else root.parent
        prefix = os.path.join(base, "")  # noqa: PTH118 (string work per file: no pathlib)
        for found in walk_corpus([root]):
            name = found.path
            if name.startswith(prefix):  # the common case, without pathlib's cost per file
                rel = name[len(prefix) :].replace(os.sep, "/")
            else:
                try:
                    rel = Path(name).relative_to(base).as_posix()
                except ValueError:  # reached through a symlink outside the root
                    rel = os.path.basename(name)  # noqa: PTH119
            yield CorpusFile(name, rel, found.sidecar)


# What decides what a file becomes in the store: the parse flow's code and the data
# files it reads (not themes, templates or glossaries, which only briefings use).
_PARSE_FLOW = (
    "read", "clean.py", "recognise.py", "segment.py", "facts.py", "classify.py", "models.py",
    "data/doctypes.toml", "data/html_furniture.toml", "data/facts_lexicon.toml",
    "data/table_cell_openers.txt", "data/cues.toml",
)  # fmt: skip


def parser_fingerprint() -> str:
    """A hash of the parse flow's files: it changes with any change in how files are read."""
    from briefgen.fingerprint import files_fingerprint

    return files_fingerprint(_PARSE_FLOW)[:16]


def file_hash(path: Path) -> str:
    """Hash of the file and its sidecar: a changed sidecar re-ingests the document."""
    from briefgen.read import sidecar_of

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    side = Path(sidecar_of(str(path)))
    if side.is_file():
        h.update(b"\0sidecar\0")
        h.update(side.read_bytes())
    return h.hexdigest()


def _stat_key(cf: CorpusFile) -> list[int]:
    """(size, mtime) of the file and of its sidecar if the walk saw one."""
    st = os.stat(cf.where)  # noqa: PTH116 (pathlib costs more than the system call)
    key = [st.st_size, st.st_mtime_ns]
    if cf.sidecar is None:
        return key
    try:
        sst = os.stat(cf.sidecar)  # noqa: PTH116
    except OSError as exc:
        if exc.errno not in _MISSING:
            raise
        return key
    if S_ISREG(sst.st_mode):
        key += [sst.st_size, sst.st_mtime_ns]
    return key


def build_document(cf: CorpusFile, sha256: str) -> Document:
    """The whole parsing flow for one file; pure, so it can run in a worker."""
    from briefgen.clean import clean
    from briefgen.read import read_document
    from briefgen.recognise import load_sidecar, recognise
    from briefgen.segment import segment

    raw = read_document(cf.path)
    text = clean(raw)
    meta = recognise(
        text, raw_title=raw.title, raw_number=raw.number, sidecar=load_sidecar(cf.path)
    )
    passages = segment(cf.doc_id, text, meta)
    return Document(
        id=cf.doc_id,
        path=cf.rel,
        sha256=sha256,
        fmt=raw.fmt,
        meta=meta,
        text=text.text,
        passages=passages,
    )


Parsed = tuple[Document, list[tuple[str, str]]]


class _TimeUp(BaseException):
    """Raised by the alarm inside a parse that ran past FILE_SECONDS.

    A BaseException, like KeyboardInterrupt, so that the ``except Exception`` of a
    reader or a library cannot swallow it.
    """


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM; main thread only, else no limit).

    Readers bound their own loops (pages, parts, bytes); this bounds whatever they
    miss, such as one pathological page. Python code is interrupted between bytecodes,
    so a long call into a C library ends first (those are bounded by size limits).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(_signum: int, _frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _parse(job: tuple[CorpusFile, str]) -> Parsed | BriefgenError:
    """Parse and analyse one file in a worker: the costly part of ingest runs in parallel."""
    from briefgen.index import analysed_fields

    cf, sha = job
    try:
        with _time_limit(FILE_SECONDS):
            doc = build_document(cf, sha)
            return doc, analysed_fields(doc)
    except _TimeUp:
        return InputError(f"{cf.path.name}: gave up after {FILE_SECONDS:g} s of reading")
    except BriefgenError as exc:
        return exc
    except Exception as exc:  # a library bug on hostile input must not stop the batch
        log.debug("unexpected error reading %s", cf.path, exc_info=True)
        return BriefgenError(f"{cf.path.name}: cannot read: {type(exc).__name__}: {exc}")


def _exit_with_parent(parent: int) -> None:
    """Worker start-up: exit soon after the parent dies.

    A forked worker shares the store's write lock; if the ingest is killed, nothing
    else would stop it, and it would hold the lock (and block every writer) for ever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _parsed(jobs: list[tuple[CorpusFile, str]], workers: int) -> Iterable[Parsed | BriefgenError]:
    if workers <= 1 or len(jobs) < 4:
        yield from map(_parse, jobs)
        return
    parent = os.getpid()
    with ProcessPoolExecutor(workers, initializer=_exit_with_parent, initargs=(parent,)) as pool:
        yield from pool.map(_parse, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8))))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def ingest(
    roots: Sequence[Path],
    store_dir: Path,
    *,
    jobs: int | None = None,
    prune: bool = False,
    force: bool = False,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Bring the store in line with the files below ``roots``.

    ``prune`` removes documents whose file is gone; ``force`` re-parses unchanged files;
    ``rebuild`` builds a new store from the files alone and puts it in place of the old
    one when done (``Store.rebuilding``). ``progress(done, total)`` is called as files
    are handled. ``lock_timeout`` bounds the wait for another writer (StoreLockedError
    after it; default: the store's own).
    """
    from briefgen.store import DEFAULT_LOCK_TIMEOUT, Store

    if rebuild:
        wait = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        with Store.rebuilding(store_dir, lock_timeout=wait) as built:
            return ingest(roots, built, jobs=jobs, progress=progress)
    report = IngestReport()
    files = list(corpus_files(roots))
    workers = jobs or os.cpu_count() or 1
    parser = parser_fingerprint()
    with Store.open(store_dir) as store, store.writing(lock_timeout):
        manifest = _load_manifest(store_dir)
        stored = store.all_hashes()
        if store.parser() != parser:
            if stored:
                log.info("briefgen reads files differently now: reading every file again")
            force = True
        todo: list[tuple[CorpusFile, str]] = []
        new_manifest = dict(manifest)
        for n, cf in enumerate(files, 1):
            try:
                key = _stat_key(cf)
                known = manifest.get(cf.rel)
                if not force and known and known[:-1] == key and stored.get(cf.rel) == known[-1]:
                    sha = str(known[-1])
                else:
                    sha = file_hash(cf.path)
            except OSError as exc:
                report.results.append(FileResult(cf.rel, "failed", _one_line(exc)))
                continue
            new_manifest[cf.rel] = [*key, sha]
            if not force and stored.get(cf.rel) == sha:
                report.results.append(FileResult(cf.rel, "unchanged"))
                if progress:
                    progress(n, len(files))
            else:
                todo.append((cf, sha))
        done = len(files) - len(todo)
        for (cf, _sha), parsed in zip(todo, _parsed(todo, workers), strict=True):
            done += 1
            if isinstance(parsed, BriefgenError):
                new_manifest.pop(cf.rel, None)
                report.results.append(FileResult(cf.rel, "failed", _one_line(parsed)))
            else:
                doc, analysed = parsed
                outcome: Outcome = "updated" if cf.rel in stored else "added"
                store.put_document(doc, analysed=analysed)
                report.results.append(FileResult(cf.rel, outcome, passages=len(doc.passages)))
            if progress:
                progress(done, len(files))
        if prune:
            seen = {cf.rel for cf in files}
            for rel in sorted(set(stored) - seen):
                store.delete_document(doc_id_for(rel))
                new_manifest.pop(rel, None)
                report.results.append(FileResult(rel, "removed"))
        if new_manifest != manifest:
            _save_manifest(store_dir, new_manifest)
        if store.parser() != parser:  # last: a killed run reads everything again next time
            store.set_parser(parser)
    return report


def _load_manifest(store_dir: Path) -> dict[str, list[object]]:
    try:
        data = json.loads((store_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_manifest(store_dir: Path, manifest: dict[str, list[object]]) -> None:
    tmp = store_dir / f".{MANIFEST}.tmp"  # one name: a killed ingest leaves at most this
    tmp.write_text(json.dumps(manifest, sort_keys=True), "utf-8")
    tmp.replace(store_dir / MANIFEST)
