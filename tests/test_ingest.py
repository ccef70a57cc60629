"""Ingest: per-file outcomes, bad files, incremental updates, and format independence."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import ingest as ingest_mod
from briefgen.clean import clean
from briefgen.ingest import build_document, corpus_files, ingest, parser_fingerprint
from briefgen.models import Block, Document, RawDocument
from briefgen.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_003 = SEEDS / "003_top_middelburg_2018.txt"
SEED_004 = SEEDS / "004_slotverklaring_top_2023.txt"


def _copy_seeds(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, dest / seed.name)
    return dest


def _texts(store_dir: Path, rel: str) -> list[str]:
    with Store.open(store_dir, readonly=True) as store:
        doc_id = store.document_by_path(rel)
        assert doc_id is not None
        doc = store.get_document(doc_id[0])
        assert doc is not None
        return [p.text for p in doc.passages]


def test_outcomes_added_unchanged_updated_removed(tmp_path: Path) -> None:
    corpus = _copy_seeds(tmp_path / "corpus")
    store = tmp_path / "store"
    first = ingest([corpus], store, jobs=1)
    assert first.count("added") == 5 and not first.failed
    assert all(r.passages > 0 for r in first.results)

    again = ingest([corpus], store, jobs=1)
    assert again.count("unchanged") == 5 and not again.changed

    target = corpus / SEED_003.name
    target.write_text(target.read_text("utf-8") + "\nEen nieuwe alinea over onderwijs.\n", "utf-8")
    (corpus / SEED_004.name).unlink()
    third = ingest([corpus], store, jobs=1, prune=True)
    outcomes = {r.path: r.outcome for r in third.results}
    assert outcomes[SEED_003.name] == "updated"
    assert outcomes[SEED_004.name] == "removed"
    assert "Een nieuwe alinea over onderwijs." in _texts(store, SEED_003.name)
    with Store.open(store, readonly=True) as s:
        assert s.document_by_path(SEED_004.name) is None


def test_a_store_read_by_other_code_is_read_again_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _copy_seeds(tmp_path / "corpus")
    store = tmp_path / "store"
    ingest([corpus], store, jobs=1)
    with Store.open(store) as s:
        assert s.parser() == parser_fingerprint()
        s.set_parser("0ld")  # as a store built before an upgrade (or with no record) is
    changed = "Zij komen samen."

    def upgraded(cf: ingest_mod.CorpusFile, sha256: str) -> Document:
        doc = build_document(cf, sha256)
        return replace(doc, meta=replace(doc.meta, title=changed))  # what new code makes

    monkeypatch.setattr(ingest_mod, "build_document", upgraded)
    again = ingest([corpus], store, jobs=1)
    assert again.count("updated") == 5
    with Store.open(store, readonly=True) as s:
        assert s.parser() == parser_fingerprint()
        ids = [ingest_mod.doc_id_for(rel) for rel in s.all_hashes()]
        assert {d.meta.title for d in s.document_metas(ids).values()} == {changed}
    assert ingest([corpus], store, jobs=1).count("unchanged") == 5


def test_the_fingerprint_covers_the_readers_and_their_data() -> None:
    package = Path(ingest_mod.__file__).parent
    covered = {(package / name).relative_to(package).as_posix() for name in ingest_mod._PARSE_FLOW}
    assert {"read", "clean.py", "recognise.py", "segment.py", "data/doctypes.toml"} <= covered
    assert all((package / name).exists() for name in covered)


def test_bad_files_fail_alone_with_one_line_reasons(tmp_path: Path) -> None:
    corpus = _copy_seeds(tmp_path / "corpus")
    (corpus / SEED_004.name).unlink()  # four good files
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "kapot.pdf").write_bytes(bytes(range(256)) * 40)
    (corpus / "half.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (corpus / "ongeldig.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 300)
    report = ingest([corpus], tmp_path / "store", jobs=2)
    failed = {r.path: r.reason for r in report.failed}
    assert set(failed) == {"leeg.txt", "kapot.pdf", "half.docx", "ongeldig.txt"}
    for name, reason in failed.items():
        assert name in reason and "\n" not in reason and "Traceback" not in reason
    assert report.count("added") == 4


def test_a_failed_new_version_keeps_the_stored_one(tmp_path: Path) -> None:
    corpus = _copy_seeds(tmp_path / "corpus")
    store = tmp_path / "store"
    ingest([corpus], store, jobs=1)
    before = _texts(store, SEED_004.name)
    (corpus / SEED_004.name).write_bytes(bytes(range(256)) * 40)  # not text any more
    report = ingest([corpus], store, jobs=1)
    assert [r.path for r in report.failed] == [SEED_004.name]
    assert _texts(store, SEED_004.name) == before
    # put back, the file is what the store holds: unchanged, nothing lost in between
    (corpus / SEED_004.name).write_text(SEED_004.read_text("utf-8"), "utf-8")
    restored = ingest([corpus], store, jobs=1)
    assert not restored.failed and restored.count("unchanged") == 5


def test_sidecar_change_reingests(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_003, corpus / SEED_003.name)
    store = tmp_path / "store"
    ingest([corpus], store, jobs=1)
    with Store.open(store, readonly=True) as s:
        assert s.documents()[0].meta.date is None
    (corpus / (SEED_003.stem + ".meta.toml")).write_text("date = 2018-11-05\n")
    assert ingest([corpus], store, jobs=1).count("updated") == 1
    with Store.open(store, readonly=True) as s:
        meta = s.documents()[0].meta
    assert meta.date is not None and meta.date.isoformat() == "2018-11-05"
    assert meta.date_source == "sidecar"


# ------------------------------------------------ same document, three formats


def _seed_paragraphs() -> list[tuple[str, str]]:
    """(kind, text) of seed 004's cleaned paragraphs: what a Word author would type."""
    text = clean(RawDocument(SEED_004, "txt", (Block(SEED_004.read_text("utf-8")),)))
    return [(p.kind, text.text[p.start : p.end]) for p in text.paragraphs]


def _as_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, text in _seed_paragraphs():
        if kind == "heading":
            document.add_heading(text, level=2)
        elif kind == "list_item":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def _as_pdf(path: Path) -> Path:
    """Seed 004 set line for line as its source PDF had it (the seed is that PDF's text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    # The seed is that PDF's text layer: its empty lines are the extractor's, its
    # lines of one space are blank text lines of the PDF (a paragraph gap).
    lines = [line for line in SEED_004.read_text("utf-8").splitlines() if line]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for start in range(0, len(lines), 60):
        y = A4[1] - 50
        pdf.setFont("Helvetica", 9)
        for line in lines[start : start + 60]:
            pdf.drawString(40, y, line.strip() or " ")
            y -= 12
        pdf.showPage()
    pdf.save()
    return path


def test_same_passages_from_txt_docx_and_pdf(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_004, corpus / "verklaring.txt")
    _as_docx(corpus / "verklaring.docx")
    _as_pdf(corpus / "verklaring.pdf")
    texts = {}
    for cf in corpus_files([corpus]):
        doc = build_document(cf, "0" * 64)
        texts[cf.path.suffix] = [p.text for p in doc.passages]
    assert len(texts[".txt"]) > 40
    assert texts[".docx"] == texts[".txt"]
    assert texts[".pdf"] == texts[".txt"]


def test_missing_corpus_folder_is_named(tmp_path: Path) -> None:
    from briefgen.errors import NotFoundError

    with pytest.raises(NotFoundError, match="nope"):
        ingest([tmp_path / "nope"], tmp_path / "store")
