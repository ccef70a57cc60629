"""The SQLite store: round trips, replacement, removal, versions, damage, locking, kills."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from store_docs import make_document, seed_document, seed_documents, sentences

from briefgen.analysis import parse_query, query_stems
from briefgen.errors import (
    NotFoundError,
    SchemaVersionError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
)
from briefgen.index import SearchQuery, analysed_fields
from briefgen.models import DocumentMeta
from briefgen.store import DB_NAME, SCHEMA_VERSION, Store, snippet

SEED_000 = "000_vraag319_regeringstop_onderwijs_2023.txt"
SEED_003 = "003_top_middelburg_2018.txt"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store") as s:
        yield s


def test_document_with_passages_and_facts_round_trips(store: Store) -> None:
    doc = seed_document(SEED_000, sha256="a" * 64)
    assert any(p.amounts for p in doc.passages) and any(p.dates for p in doc.passages)
    store.put_document(doc)
    assert store.get_document(doc.id) == doc  # Decimal, dates, offsets, links: all equal
    (amount,) = [a for p in doc.passages for a in p.amounts]
    assert amount.literal == "ongeveer 1,5 miljoen euro" and amount.approximate
    stored = store.passages([p.id for p in doc.passages if p.amounts])
    assert stored[0].amounts == (amount,)


def test_listing_is_metadata_only_unless_asked(store: Store) -> None:
    docs = seed_documents()
    assert store.add_documents(docs) == 5
    listed = store.documents()
    assert [d.id for d in listed] == ["000", "001", "002", "003", "004"]
    assert all(d.text == "" and d.passages == () for d in listed)
    assert [d.meta for d in listed] == [d.meta for d in docs]
    assert listed[3].meta.date is None  # 003 has no date: it stays unknown
    assert store.documents(full=True) == docs
    assert store.document_metas(["004", "nope", "003"]) == {"003": listed[3], "004": listed[4]}
    wanted = ["004:0002", "gone:0001", "000:0003"]
    assert [p.id for p in store.passages(wanted)] == ["004:0002", "000:0003"]
    assert store.passage_count() == sum(len(d.passages) for d in docs)
    assert store.passage_counts() == {d.id: len(d.passages) for d in docs}


def test_unchanged_file_is_found_by_path_and_hash(store: Store) -> None:
    doc = seed_document(SEED_003, sha256="b" * 64)
    assert store.document_by_path(doc.path) is None
    store.put_document(doc)
    assert store.document_by_path(doc.path) == ("003", "b" * 64)
    assert store.all_hashes() == {doc.path: "b" * 64}


def test_replacing_a_document_swaps_all_its_passages(store: Store) -> None:
    old = seed_document(SEED_003, sha256="1" * 64)
    store.put_document(old)
    generation = store.generation()
    new = make_document(
        old.id, old.path, [p.text for p in old.passages[:3]], old.meta, sha256="2" * 64
    )
    store.put_document(new)
    assert store.generation() == generation + 1
    assert store.get_document(old.id) == new
    assert store.passages(p.id for p in old.passages) == list(new.passages)
    assert store.passage_count() == 3
    assert store.all_hashes() == {old.path: "2" * 64}


def test_deleting_a_document_removes_it_and_its_passages(store: Store) -> None:
    store.add_documents(seed_documents())
    assert store.search("lerarentekort")
    assert store.delete_document("003") is True
    assert store.delete_document("003") is False
    assert store.get_document("003") is None
    assert store.passages(["003:0000"]) == []
    assert [h.document.id for h in store.search("lerarentekort")] == []
    assert "seeds/003_top_middelburg_2018.txt" not in store.all_hashes()


def test_equal_scores_come_in_passage_id_order(store: Store) -> None:
    meta = DocumentMeta(doc_type="press_release", title="Persbericht")
    text = sentences(SEED_003)[3]
    for doc_id in "fedcba":  # written newest id first, one commit each: several segments
        store.put_document(make_document(doc_id, f"{doc_id}.txt", [text], meta))
    ranked = store.search_passages(SearchQuery(should=tuple(text.split()[:6])), 10)
    assert len({score for _, score in ranked}) == 1
    assert [p.id for p, _ in ranked] == [f"{d}:0000" for d in "abcdef"]


def test_a_passage_of_another_document_is_refused(store: Store) -> None:
    doc = seed_document(SEED_003)
    stray = replace(doc.passages[0], doc_id="other")
    with pytest.raises(ValueError, match="belongs to another document"):
        store.put_document(replace(doc, passages=(stray,)))
    assert store.get_document(doc.id) is None


def _set_version(folder: Path, version: int) -> None:
    with sqlite3.connect(folder / DB_NAME) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))


@pytest.mark.parametrize(("version", "hint"), [(SCHEMA_VERSION + 1, "upgrade"), (0, "--rebuild")])
def test_other_schema_version_is_refused_with_a_hint(
    tmp_path: Path, version: int, hint: str
) -> None:
    Store.open(tmp_path).close()
    _set_version(tmp_path, version)
    for readonly in (False, True):
        with pytest.raises(SchemaVersionError) as info:
            Store.open(tmp_path, readonly=readonly)
        assert f"schema version {version}" in info.value.message
        assert hint in (info.value.hint or "")


def test_a_version_1_store_is_migrated_in_place(tmp_path: Path) -> None:
    doc = seed_document(SEED_003)
    with Store.open(tmp_path) as s:
        s.put_document(doc)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:  # as briefgen 1 left it
        conn.execute("DROP TABLE retired")
    _set_version(tmp_path, 1)
    with pytest.raises(SchemaVersionError, match="schema version 1") as refused:
        Store.open(tmp_path, readonly=True)  # a reader does not migrate
    assert refused.value.hint == "run: briefgen ingest (it upgrades the store in place)"
    with Store.open(tmp_path) as s:
        assert s.get_document(doc.id) == doc
        s.put_document(replace(doc, sha256="f" * 64))  # the new table is used
        assert [h.document.id for h in s.search("taskforce")] == [doc.id]
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version[0]) == SCHEMA_VERSION == 2
        assert conn.execute("SELECT count(*) FROM retired").fetchone()[0] == len(doc.passages)


def test_a_foreign_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(SchemaVersionError, match="not a briefgen store"):
        Store.open(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_overwritten_page_is_detected_on_open(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.add_documents(seed_documents())
    db = tmp_path / DB_NAME
    data = bytearray(db.read_bytes())
    page = 4096
    middle = (len(data) // 2) // page * page
    data[middle : middle + page] = bytes(range(256)) * (page // 256)
    db.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError) as info:
        Store.open(tmp_path, readonly=True)
    assert "is damaged" in info.value.message and "--rebuild" in (info.value.hint or "")


def test_a_changed_letter_in_a_passage_is_caught_by_its_checksum(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.put_document(seed_document(SEED_003))
    db = tmp_path / DB_NAME
    data = db.read_bytes()
    sentence = b"hebben besloten een ambtelijke taskforce op te zetten"
    assert data.count(sentence) == 1
    damaged = sentence.replace(b"taskforce", b"taskfarce")  # same length: no shifted bytes
    db.write_bytes(data.replace(sentence, damaged))
    with Store.open(tmp_path, readonly=True) as s, pytest.raises(StoreCorruptError):
        s.get_document("003")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(os.urandom(8192))
    with pytest.raises(StoreCorruptError, match="not a database"):
        Store.open(tmp_path)


def test_a_store_folder_we_may_not_write_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path) as s:
        s.put_document(seed_document(SEED_003))
    (tmp_path / "open.lock").unlink()
    real_open = os.open

    def refuse_lock_files(path: object, flags: int, *args: int) -> int:
        if str(path).endswith(".lock"):  # as in a folder shared read-only with us
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_lock_files)
    with Store.open(tmp_path, readonly=True) as s:
        assert [h.document.id for h in s.search("taskforce")] == ["003"]
    with Store.open(tmp_path) as s, pytest.raises(StoreError, match="cannot lock the store"):
        s.put_document(seed_document(SEED_003))  # a writer needs its locks


def test_readonly_needs_an_existing_store_and_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        Store.open(tmp_path / "nothing", readonly=True)
    assert not (tmp_path / "nothing").exists()
    (tmp_path / DB_NAME).touch()  # a first writer has only just created the file
    with pytest.raises(NotFoundError, match="empty"):
        Store.open(tmp_path, readonly=True)
    Store.open(tmp_path).close()
    with Store.open(tmp_path, readonly=True) as s, pytest.raises(StoreError, match="read-only"):
        s.put_document(seed_document(SEED_003))


def test_a_rebuilt_store_replaces_the_old_one_whole(tmp_path: Path) -> None:
    old, new = seed_document(SEED_003), seed_document("004_slotverklaring_top_2023.txt")
    with Store.open(tmp_path) as s:
        s.put_document(old)
    (tmp_path / "manifest.json").write_text("{}")
    with Store.rebuilding(tmp_path) as built:
        with Store.open(built) as s:
            s.put_document(new)
        (built / "manifest.json").write_text('{"new": 1}')
        with Store.open(tmp_path, readonly=True) as reader:  # readers see the old one
            assert [d.id for d in reader.documents()] == [old.id]
    with Store.open(tmp_path, readonly=True) as s:
        assert [d.id for d in s.documents()] == [new.id]
        assert {h.document.id for h in s.search("Taalunie taskforce")} == {new.id}
        s.check()
    assert (tmp_path / "manifest.json").read_text() == '{"new": 1}'
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {DB_NAME, "index", "manifest.json", "write.lock", "open.lock"}


def test_a_failed_rebuild_leaves_the_old_store(tmp_path: Path) -> None:
    old = seed_document(SEED_003)
    with Store.open(tmp_path) as s:
        s.put_document(old)
    with pytest.raises(RuntimeError), Store.rebuilding(tmp_path) as built:
        with Store.open(built) as s:
            s.put_document(seed_document("004_slotverklaring_top_2023.txt"))
        raise RuntimeError("the corpus could not be read")
    with Store.open(tmp_path, readonly=True) as reader:  # still open: the swap must wait
        assert [h.document.id for h in reader.search("taskforce")] == [old.id]
        with (
            pytest.raises(StoreLockedError, match="is using the store"),
            Store.rebuilding(tmp_path, lock_timeout=0.3) as built,
        ):
            Store.open(built).close()
        assert [h.document.id for h in reader.search("taskforce")] == [old.id]
    assert not (tmp_path / ".rebuild").exists()


def test_parse_query_keeps_quoted_phrases_whole() -> None:
    assert parse_query('"Einstein Telescoop" kandidatuur nul-emissie') == [
        "Einstein Telescoop",
        "kandidatuur",
        "nul-emissie",
    ]
    assert parse_query("„lerarentekort”  ") == ["lerarentekort"]


def test_snippet_marks_matched_words_in_the_original_text() -> None:
    text = "Deze uitdagingen stoppen niet bij de grens; Vlaamse leraren en de Vlaamse leraar."
    marked, spans = snippet(text, {"lerar"})
    assert marked == (
        "Deze uitdagingen stoppen niet bij de grens; Vlaamse **leraren** en de Vlaamse **leraar**."
    )
    assert [text[a:b] for a, b in spans] == ["leraren", "leraar"]
    long_text = " ".join(["woord"] * 200) + " lerarentekort " + " ".join(["slot"] * 200)
    marked, _ = snippet(long_text, {"lerarentekort"})
    assert marked.startswith("… woord") and marked.endswith("slot …")
    assert "**lerarentekort**" in marked and len(marked) < 400


# ------------------------------------------------------------------- processes


def _hold_lock(
    folder: str,
    ready: multiprocessing.synchronize.Event,
    release: multiprocessing.synchronize.Event,
) -> None:
    with Store.open(Path(folder)) as s, s.writing():
        ready.set()
        release.wait(60)


def test_second_writer_waits_then_gets_the_lock_or_gives_up(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with Store.open(tmp_path) as s:
            started = time.monotonic()
            with (
                pytest.raises(StoreLockedError, match="another briefgen process"),
                s.writing(timeout=0.2),
            ):
                pass
            assert time.monotonic() - started >= 0.2  # it did wait before giving up
            threading.Timer(0.5, release.set).start()
            with s.writing(timeout=60):  # waits for the holder to finish
                assert release.is_set()
                s.put_document(seed_document(SEED_003))
        with Store.open(tmp_path, readonly=True) as r:  # readers never wait
            assert [d.id for d in r.documents()] == ["003"]
    finally:
        release.set()
        holder.join(30)
    assert holder.exitcode == 0


def _write_forever(folder: str) -> None:
    docs = seed_documents()
    n = 0
    with Store.open(Path(folder)) as s:
        while True:
            n += 1
            doc = docs[n % len(docs)]
            if n % 3 == 0:
                s.delete_document(doc.id)
            else:
                short = make_document(
                    doc.id, doc.path, [p.text for p in doc.passages[: 1 + n % 7]], doc.meta
                )
                s.put_document(short if n % 2 else doc)


@pytest.mark.slow
def test_killed_writer_leaves_whole_documents_and_a_repairable_index(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    full = {d.id: d for d in seed_documents()}
    for kill in range(4):
        writer = ctx.Process(target=_write_forever, args=(str(tmp_path),))
        writer.start()
        time.sleep(0.9 + 0.2 * kill)  # the writer needs about 0.5 s to start
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
        with Store.open(tmp_path) as s:
            s.check()
            counts = s.passage_counts()  # written with the document row
            for doc in s.documents(full=True):
                expected = full[doc.id]
                n = len(doc.passages)
                assert n == counts[doc.id] and (n <= 7 or n == len(expected.passages))
                assert doc.passages == expected.passages[:n]  # a whole version, in order
                assert doc.text == "\n\n".join(p.text for p in expected.passages[:n])
            with s.writing():  # repairs an index left behind by the kill
                pass
            # the index now holds exactly the stored passages
            wanted = set(query_stems("Vlaanderen taskforce"))
            should_match = {
                p.id
                for d in s.documents(full=True)
                for p, (body, context) in zip(d.passages, analysed_fields(d), strict=True)
                if wanted & set(f"{body} {context}".split())
            }
            found = s.search_passages(SearchQuery(should=("Vlaanderen", "taskforce")), 10_000)
            assert {p.id for p, _ in found} == should_match


@pytest.mark.slow
def test_readers_run_undisturbed_beside_a_writer(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.add_documents(seed_documents())
    writer = multiprocessing.get_context("spawn").Process(
        target=_write_forever, args=(str(tmp_path),)
    )
    writer.start()
    try:
        # at least 2 s and 11 reads; a slow machine takes longer rather than failing
        started, reads = time.monotonic(), 0
        while (time.monotonic() < started + 2.0 or reads <= 10) and time.monotonic() < started + 60:
            with Store.open(tmp_path, readonly=True) as r:
                for passage, _ in r.search_passages(SearchQuery(should=("onderwijs",)), 50):
                    assert passage.text  # every hit is a stored passage, whole
                doc = r.get_document("004")
                assert doc is None or doc.text.startswith(doc.passages[0].text)
                reads += 1
        assert reads > 10
    finally:
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
