"""Concurrency, with real ``briefgen`` processes on one store.

Two ingests of overlapping folders run at once; briefings, searches and listings run
while an ingest writes. No error reaches the user, readers do not wait for the writer,
and the final store equals the one a sequential run builds. A reader finds every
document also while a writer rewrites it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from store_docs import seed_document

from briefgen.index import SearchQuery
from briefgen.ingest import ingest
from briefgen.models import Document, Passage
from briefgen.store import DB_NAME, Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
READER_SECONDS = 15.0  # a reader never waits for the writer; this bounds a loaded machine


def _briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def _fill(folder: Path, prefix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / f"{prefix}_{seed.name}")


def _snapshot(store_dir: Path) -> tuple[list[Document], set[str]]:
    """Every document whole, and what the index finds: what two stores must share."""
    with Store.open(store_dir, readonly=True) as store:
        store.check()
        found = store.search_passages(SearchQuery(should=("onderwijs", "taskforce")), 100_000)
        return store.documents(full=True), {p.id for p, _ in found}


def _change(path: Path, n: int) -> None:
    path.write_text(path.read_text("utf-8") + f"\nAanvulling {n} over onderwijs.\n", "utf-8")


@pytest.mark.slow
def test_two_ingests_of_overlapping_folders_at_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for part in "abc":
        _fill(corpus / part, part)
    store_dir = tmp_path / "store"
    first = [str(corpus / "a"), str(corpus / "b")]
    second = [str(corpus / "b"), str(corpus / "c")]
    for round_ in range(2):
        if round_:  # the shared folder changes between rounds
            _change(corpus / "b" / "b_003_top_middelburg_2018.txt", round_)
        procs = [
            subprocess.Popen(
                _briefgen("-q", "ingest", *paths, "--store", str(store_dir), "-j", "1"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for paths in (first, second)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, err) == (0, ""), out + err

    sequential = tmp_path / "sequential"
    for paths in (first, second):
        assert not ingest([Path(p) for p in paths], sequential, jobs=1).failed
    docs, hits = _snapshot(store_dir)
    assert len(docs) == 15  # b's five files once, under the same names from both runs
    assert (docs, hits) == _snapshot(sequential)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["--force", "--rebuild"])
def test_briefings_run_while_an_ingest_writes(tmp_path: Path, how: str) -> None:
    """``--force`` rewrites every document in place; ``--rebuild`` swaps in a new store."""
    corpus = tmp_path / "corpus"
    for copy in range(3):
        _fill(corpus, str(copy))
    store_dir = tmp_path / "store"
    subprocess.run(_briefgen("-q", "ingest", str(corpus), "--store", str(store_dir)), check=True)
    common = ["--corpus", str(corpus), "--store", str(store_dir)]

    stop = threading.Event()
    writes: list[tuple[int, str]] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            _change(corpus / "0_003_top_middelburg_2018.txt", n)  # readers' refresh sees it
            done = subprocess.run(
                _briefgen("-q", "ingest", how, "-j", "1", *common),
                capture_output=True,
                text=True,
            )
            writes.append((done.returncode, done.stderr))

    thread = threading.Thread(target=writer)
    thread.start()
    reads: list[tuple[str, int, str, float]] = []
    try:
        time.sleep(0.5)  # the first writer has started
        began, n = time.monotonic(), 0
        # at least 8 s, 6 reads and 2 writes; a slow machine takes longer rather than failing
        while (
            time.monotonic() < began + 8.0 or len(reads) < 6 or len(writes) < 2
        ) and time.monotonic() < began + 120:
            n += 1
            out = tmp_path / f"brief-{n}.md"
            for args in (
                ["onderwijs", "--out", str(out)],
                ["search", "taskforce"],
                ["docs", "--json"],
            ):
                started = time.monotonic()
                done = subprocess.run(
                    _briefgen(*args, *common), capture_output=True, text=True, timeout=60
                )
                took = time.monotonic() - started
                reads.append((args[0], done.returncode, done.stderr, took))
                assert done.returncode == 0, done.stderr
                assert "error" not in done.stderr.lower(), done.stderr
                assert took < READER_SECONDS
            text = out.read_text("utf-8")
            assert text.startswith("# Briefing: Onderwijs") and "## Kern\n\n1. " in text
            assert "- **Bronnen:** 15\n" in text  # every copy, also those being rewritten
            assert len(json.loads(done.stdout)) == 15  # docs --json
    finally:
        stop.set()
        thread.join(120)
    assert len(reads) >= 6 and len(writes) >= 2
    assert all(w == (0, "") for w in writes), writes
    slowest = max(took for *_, took in reads)
    print(f"{len(reads)} reads beside {len(writes)} ingest {how} runs, slowest {slowest:.2f} s")

    assert not ingest([corpus], store_dir, jobs=1).failed  # catches up on the last change
    sequential = tmp_path / "sequential"
    assert not ingest([corpus], sequential, jobs=1).failed
    assert _snapshot(store_dir) == _snapshot(sequential)


def _found(store_dir: Path, word: str) -> list[Passage]:
    with Store.open(store_dir, readonly=True) as reader:
        return [p for p, _ in reader.search_passages(SearchQuery(should=(word,)), 10)]


def _retired_rows(store_dir: Path) -> int:
    with sqlite3.connect(store_dir / DB_NAME) as conn:
        return int(conn.execute("SELECT count(*) FROM retired").fetchone()[0])


def test_a_reader_finds_a_document_while_it_is_being_rewritten(tmp_path: Path) -> None:
    doc = seed_document("003_top_middelburg_2018.txt")
    old = next(p for p in doc.passages if "taskforce" in p.text)
    edited = replace(old, text=old.text.replace("taskforce", "taskforce (herzien)"))
    new = replace(
        doc, sha256="f" * 64, passages=tuple(edited if p is old else p for p in doc.passages)
    )
    other = seed_document("004_slotverklaring_top_2023.txt")
    with Store.open(tmp_path) as writer:
        writer.add_documents([doc, other])
        with writer.writing():
            writer.put_document(new)
            writer.delete_document(other.id)
            # the index is not committed yet: readers see the version it was built from
            assert [p.text for p in _found(tmp_path, "taskforce")] == [old.text]
            assert {p.doc_id for p in _found(tmp_path, "Taalunie")} >= {other.id}
        # committed: the new version, and the removed document is gone
        assert [p.text for p in _found(tmp_path, "taskforce")] == [edited.text]
        assert other.id not in {p.doc_id for p in _found(tmp_path, "Taalunie")}
        assert _retired_rows(tmp_path) > 0  # kept for readers still on the old index
        writer.put_document(replace(other, sha256="e" * 64))  # the next commit
        writer.put_document(replace(other, sha256="d" * 64))  # and the one after
    assert _retired_rows(tmp_path) == len(other.passages)  # only the last session's
