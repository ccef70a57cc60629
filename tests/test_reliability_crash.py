"""Crash safety, proved by killing real ``briefgen`` processes with SIGKILL.

Ingest: a corpus whose documents are replaced by new versions between runs is ingested
by ``python -m briefgen ingest`` subprocesses killed at random moments. After every
kill the store opens, passes ``Store.check()``, and holds each document whole, in the
version it had before the run or in the one on disk (compared field by field with
``build_document`` of each version). A last ingest then completes and gives the same
store as a sequential run from scratch.

The same for ``ingest --rebuild``: killed at any moment, the store is the old one
whole or the new one whole (it is swapped in only when complete).

Output: ``briefgen onderwijs --out f.docx`` is killed while it writes (its ``fsync`` is
slowed so that kills land there); ``f.docx`` is always the previous file or the whole
new one, and nothing is left beside it.
"""

from __future__ import annotations

import io
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from briefgen.index import SearchQuery
from briefgen.ingest import CorpusFile, build_document, file_hash, ingest
from briefgen.models import Document
from briefgen.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
COPIES = 2  # 5 seeds x 2 = 10 documents
VERSIONS = 3
KILLS = 50
STORE_FILES = {"store.sqlite3", "store.sqlite3-wal", "store.sqlite3-shm", "write.lock", "open.lock"}
STORE_FILES |= {"manifest.json", ".manifest.json.tmp", "index"}


def _briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", "-q", *args]


def _version_text(seed: Path, copy: int, version: int) -> str:
    """Version ``version`` of a copy of a seed, each unlike the others in its passages.

    A different quarter of the paragraphs is left out, and a closing paragraph names
    the version.
    """
    paragraphs = seed.read_text("utf-8").split("\n\n")
    kept = [p for j, p in enumerate(paragraphs) if j < 2 or j % 4 != version + 1]
    kept.append(f"Versie {version} van kopie {copy}: deze alinea is bij die versie gewijzigd.")
    return "\n\n".join(kept) + "\n"


class Corpus:
    """The files on disk, their versions, and each version's expected document."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        self.files = {
            f"{copy}_{seed.name}": (seed, copy)
            for seed in sorted(SEEDS.glob("*.txt"))
            for copy in range(COPIES)
        }
        self.on_disk: dict[str, int] = {}
        self._expected: dict[tuple[str, int], Document] = {}
        for rel in self.files:
            self.write(rel, 0)

    def write(self, rel: str, version: int) -> None:
        seed, copy = self.files[rel]
        path = self.folder / rel
        tmp = path.with_name(f".{rel}.new")  # a new version lands whole, as a download does
        tmp.write_text(_version_text(seed, copy, version), "utf-8")
        tmp.replace(path)
        self.on_disk[rel] = version

    def expected(self, rel: str, version: int) -> Document:
        """The document ingest must store for this version (built once, in this process)."""
        key = (rel, version)
        if key not in self._expected:
            seed, copy = self.files[rel]
            scratch = self.folder.parent / "scratch"
            scratch.mkdir(exist_ok=True)
            path = scratch / rel
            path.write_text(_version_text(seed, copy, version), "utf-8")
            self._expected[key] = build_document(CorpusFile(str(path), rel), file_hash(path))
        return self._expected[key]


def _stored(store_dir: Path) -> dict[str, Document]:
    with Store.open(store_dir, readonly=True) as store:
        store.check()
        return {d.path: d for d in store.documents(full=True)}


def _version_of(corpus: Corpus, doc: Document, allowed: set[int]) -> int:
    """Which allowed version ``doc`` is, whole; fails the test if it is none of them."""
    for version in sorted(allowed):
        if doc == corpus.expected(doc.path, version):
            return version
    versions = {v: [p.text for p in corpus.expected(doc.path, v).passages] for v in allowed}
    got = [p.text for p in doc.passages]
    pytest.fail(f"{doc.path}: stored passages match none of versions {versions} (got {got})")


def _search_ids(store_dir: Path, words: tuple[str, ...]) -> set[str]:
    with Store.open(store_dir, readonly=True) as store:
        return {p.id for p, _ in store.search_passages(SearchQuery(should=words), 100_000)}


def _first_ingest(tmp_path: Path) -> tuple[Corpus, Path, float]:
    """The corpus at version 0, its store, and how long that ingest took."""
    corpus = Corpus(tmp_path / "corpus")
    store_dir = tmp_path / "store"
    started = time.monotonic()
    subprocess.run(_briefgen("ingest", str(corpus.folder), "--store", str(store_dir)), check=True)
    return corpus, store_dir, time.monotonic() - started


def _killed(args: list[str], after: float) -> bool:
    """Run ``args``, SIGKILL it after ``after`` s; True if it was still running."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    code = proc.wait(30)
    assert code in (0, -signal.SIGKILL), f"{args[4:6]} failed on its own with exit status {code}"
    return code == -signal.SIGKILL


@pytest.mark.slow
def test_killed_ingests_leave_whole_documents_and_the_next_one_finishes(tmp_path: Path) -> None:
    rng = random.Random(20240601)
    corpus, store_dir, run_time = _first_ingest(tmp_path)  # kills fall anywhere in a run
    in_store = {rel: 0 for rel in corpus.files}
    assert {rel: _version_of(corpus, d, {0}) for rel, d in _stored(store_dir).items()} == in_store

    kills = rounds = mid_batch = 0
    seen_versions: set[tuple[str, int]] = set()
    while kills < KILLS:
        rounds += 1
        assert rounds < KILLS * 3, f"only {kills} of {rounds} runs were still running when killed"
        for rel in rng.sample(sorted(corpus.files), k=rng.randint(2, 7)):
            corpus.write(rel, (corpus.on_disk[rel] + rng.randint(1, VERSIONS - 1)) % VERSIONS)
        jobs = rng.choice(["1", "2"])  # 2: parsed in worker processes
        force = ["--force"] if rng.random() < 0.2 else []
        args = _briefgen("ingest", str(corpus.folder), "--store", str(store_dir), "-j", jobs)
        kills += _killed([*args, *force], rng.uniform(0.05, run_time))

        stored = _stored(store_dir)  # opens, passes the check, every row's checksum holds
        assert set(stored) == set(corpus.files)  # nothing lost
        pending = {rel for rel in corpus.files if in_store[rel] != corpus.on_disk[rel]}
        for rel, doc in stored.items():
            in_store[rel] = _version_of(corpus, doc, {in_store[rel], corpus.on_disk[rel]})
            seen_versions.add((rel, in_store[rel]))
        done_now = sum(in_store[rel] == corpus.on_disk[rel] for rel in pending)
        mid_batch += 0 < done_now < len(pending)  # killed between two documents' writes
        with Store.open(store_dir, lock_timeout=5) as store, store.writing():
            pass  # the lock is free again: no orphaned worker of the killed run holds it

    # the kills fell in every phase, some between the writes of one batch
    assert len(seen_versions) > len(corpus.files) * 2 and mid_batch >= 3
    print(f"{kills} kills in {rounds} runs, {mid_batch} with the batch half stored")
    done = subprocess.run(
        _briefgen("ingest", str(corpus.folder), "--store", str(store_dir), "--json"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"failed"' not in done.stdout
    final = _stored(store_dir)
    assert {rel: _version_of(corpus, d, {corpus.on_disk[rel]}) for rel, d in final.items()} == (
        corpus.on_disk
    )
    assert {p.name for p in store_dir.iterdir()} <= STORE_FILES

    sequential = tmp_path / "sequential"
    shutil.copytree(corpus.folder, tmp_path / "corpus-copy")
    report = ingest([tmp_path / "corpus-copy"], sequential, jobs=1)
    assert not report.failed
    assert _stored(sequential) == final
    for words in (("onderwijs",), ("Vlaanderen", "taskforce"), ("versie", "gewijzigd")):
        assert _search_ids(store_dir, words) == _search_ids(sequential, words)


@pytest.mark.slow
def test_a_killed_rebuild_leaves_the_old_store_whole(tmp_path: Path) -> None:
    """``ingest --rebuild`` killed at random: the store is all old or all new, never mixed."""
    rng = random.Random(20241105)
    corpus, store_dir, run_time = _first_ingest(tmp_path)
    in_store = dict.fromkeys(corpus.files, 0)
    kills = rounds = 0
    while kills < 5:
        rounds += 1
        assert rounds < 20, f"only {kills} of {rounds} rebuilds were still running when killed"
        for rel in rng.sample(sorted(corpus.files), k=3):
            corpus.write(rel, (corpus.on_disk[rel] + 1) % VERSIONS)
        args = _briefgen("ingest", "--rebuild", str(corpus.folder), "--store", str(store_dir))
        kills += _killed(args, rng.uniform(0.05, run_time))
        stored = _stored(store_dir)
        versions = {
            rel: _version_of(corpus, d, {in_store[rel], corpus.on_disk[rel]})
            for rel, d in stored.items()
        }
        assert versions in (in_store, corpus.on_disk)  # one store or the other, whole
        in_store = versions
    subprocess.run(args, check=True)
    final = _stored(store_dir)
    assert {rel: _version_of(corpus, d, {corpus.on_disk[rel]}) for rel, d in final.items()} == (
        corpus.on_disk
    )
    assert {p.name for p in store_dir.iterdir()} <= STORE_FILES  # no .rebuild left behind
    assert _search_ids(store_dir, ("versie", "gewijzigd"))


# ------------------------------------------------------------------ output files

# The real command with a slowed fsync, so that a kill lands while the file is written;
# it says "writing" on stderr when it gets there.
_SLOW_WRITER = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    sys.stderr.write("writing\\n"); sys.stderr.flush()
    time.sleep(0.4)
    real_fsync(fd)
os.fsync = slow_fsync
sys.argv = ["briefgen", *sys.argv[1:]]
from briefgen.cli import main
main()
"""


@pytest.mark.slow
def test_a_killed_render_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    rng = random.Random(7)
    store_dir = tmp_path / "store"
    subprocess.run(_briefgen("ingest", str(SEEDS), "--store", str(store_dir)), check=True)
    out = tmp_path / "out" / "onderwijs.docx"
    common = ["--corpus", str(SEEDS), "--store", str(store_dir), "--out", str(out)]
    expected = {}
    for lang in ("nl", "en"):
        subprocess.run(_briefgen("onderwijs", "--lang", lang, *common), check=True)
        expected[lang] = out.read_bytes()
        assert docx.Document(io.BytesIO(expected[lang])).paragraphs
    assert expected["nl"] != expected["en"]  # the English file is there; Dutch is written

    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", _SLOW_WRITER, "-q", "onderwijs", "--lang", "nl", *common],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        assert proc.stderr is not None
        assert proc.stderr.readline() == "writing\n"  # the new file is being written
        time.sleep(rng.uniform(0.0, 0.35))
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
        proc.stderr.close()
        assert out.read_bytes() == expected["en"]  # the previous file, whole
        assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file beside it

    # a run that is not killed replaces it whole
    subprocess.run(_briefgen("onderwijs", "--lang", "nl", *common), check=True)
    assert out.read_bytes() == expected["nl"] and [p.name for p in out.parent.iterdir()] == [
        out.name
    ]
