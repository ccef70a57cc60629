"""Hostile and broken files through the real ``briefgen ingest`` command.

What tests/test_read.py does not already cover, each in a batch with two good seeds:
the hostile file fails alone with a one-line reason naming it (or is read, where it is
merely odd), the seeds are stored, and the run stays within its bounds: peak RSS
(``/usr/bin/time``) under 1 GB and wall time under ``SECONDS``.
Faults that need a hand inside the process (a library raising, a file vanishing
mid-run) run the same command in-process through click's runner.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen import ingest as ingest_mod
from briefgen.cli import cli
from briefgen.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOOD = ("000_vraag319_regeringstop_onderwijs_2023.txt", "003_top_middelburg_2018.txt")
REALDOCS = ROOT / "tests" / "fixtures" / "realdocs"
REAL_PDF = REALDOCS / "kamerbrief_OCW_2018_leerlingendaling_p1-3.pdf"
REAL_DOCX = REALDOCS / "Eindrapportage_genAI_2023_v0.3.docx"
MAX_RSS_MB = 1024
TIME = "/usr/bin/time"
pytestmark = pytest.mark.skipif(not Path(TIME).exists(), reason="needs /usr/bin/time")
SECONDS = 60.0  # per batch of three files, on a loaded 2-core machine; idle: 1-5 s


def _pdf(contents: list[bytes], *, compressed: bool = False) -> bytes:
    """A PDF with one page per content stream (Flate-compressed), written by hand."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents))), len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        data = content if compressed else zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        )
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


TEXT_PAGE = b"BT /F1 12 Tf 72 712 Td (Het lerarentekort is een acuut probleem.) Tj ET\n"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in GOOD:
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


class Run:
    """One ``briefgen ingest --json`` process: its per-file rows, time and peak memory."""

    def __init__(self, corpus: Path, store: Path) -> None:
        out, err = store.parent / "out.json", store.parent / "err.txt"
        args = [sys.executable, "-m", "briefgen", "ingest", str(corpus), "--store", str(store)]
        rss = store.parent / "rss.txt"
        # /usr/bin/time, not getrusage: a child's peak RSS starts at its parent's (this
        # test process) when it is forked; time's own child starts small.
        timed = [TIME, "-f", "%M", "-o", str(rss), *args, "--json", "-j", "1"]
        started = time.monotonic()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.code = subprocess.run(timed, stdout=stdout, stderr=stderr).returncode
        self.seconds = time.monotonic() - started
        self.rss_mb = int(rss.read_text().split()[-1]) / 1024  # KiB
        self.stderr = err.read_text("utf-8")
        self.rows = {r["path"]: r for r in json.loads(out.read_text("utf-8"))}

    def check(self, hostile: str, outcome: str = "failed", reason: str = "") -> dict[str, Any]:
        row = self.rows[hostile]
        assert row["outcome"] == outcome, row
        assert reason in row["reason"]
        if outcome == "failed":
            assert hostile.rsplit("/", 1)[-1] in row["reason"] and "\n" not in row["reason"]
            assert self.code == 4
        for name in GOOD:
            assert self.rows[name]["outcome"] == "added", self.rows[name]
        assert "Traceback" not in self.stderr
        assert self.rss_mb < MAX_RSS_MB, f"{hostile}: peak RSS {self.rss_mb:.0f} MB"
        assert self.seconds < SECONDS, f"{hostile}: {self.seconds:.1f} s"
        print(f"{hostile}: {row['outcome']} in {self.seconds:.1f} s, peak {self.rss_mb:.0f} MB")
        return row


def test_pdf_decompression_bomb(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    packer = zlib.compressobj(9)
    spaces = b" " * 2**24
    stream = packer.compress(TEXT_PAGE) + b"".join(packer.compress(spaces) for _ in range(16))
    stream += packer.flush()  # 256 MiB of content in 256 kB, never whole in memory here
    (corpus / "bom.pdf").write_bytes(_pdf([stream], compressed=True))
    assert (corpus / "bom.pdf").stat().st_size < 2**20
    Run(corpus, tmp_path / "store").check("bom.pdf", reason="Limit reached while decompressing")


def test_pdf_with_thousands_of_empty_pages(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "leeg.pdf").write_bytes(_pdf([b""] * 3000))
    (corpus / "bijna leeg.pdf").write_bytes(_pdf([TEXT_PAGE] + [b""] * 3000))
    (corpus / "te lang.pdf").write_bytes(_pdf([TEXT_PAGE] * 5001))
    run = Run(corpus, tmp_path / "store")
    run.check("leeg.pdf", reason="no text layer; it needs OCR")
    run.check("te lang.pdf", reason="5001 pages is over the 5000-page limit")
    run.check("bijna leeg.pdf", outcome="added")


def _laughs() -> str:
    """An XML prolog whose entity &lol9; expands to 10**9 "lol"s (3 GB)."""
    entities = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    return f'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">{entities}]>\n'


def _docx_with(path: Path, name: str, write: Any) -> None:
    """The real .docx fixture with part ``name`` written by ``write(stream)``."""
    with zipfile.ZipFile(REAL_DOCX) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            if item.filename != name:
                z.writestr(item, zin.read(item))
        with z.open(name, "w", force_zip64=True) as stream:
            write(stream)


def test_docx_zip_bomb_and_xml_entity_expansion(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    zeros = bytes(2**24)

    def gigabyte(stream: Any) -> None:  # 1 GiB of zeros, about 1 MB packed
        for _ in range(64):
            stream.write(zeros)

    _docx_with(corpus / "bom.docx", "word/media/bom.bin", gigabyte)
    assert (corpus / "bom.docx").stat().st_size < 4 * 2**20
    with zipfile.ZipFile(REAL_DOCX) as z:
        body = z.read("word/document.xml").decode("utf-8").split("?>", 1)[1]
    laughing = (_laughs() + body.replace("<w:t>", "<w:t>&lol9;", 1)).encode("utf-8")
    _docx_with(corpus / "lach.docx", "word/document.xml", lambda s: s.write(laughing))
    (corpus / "lach.html").write_text(_laughs() + "<html><body><p>&lol9;</p></body></html>")
    run = Run(corpus, tmp_path / "store")
    run.check("bom.docx", reason="zip bomb")
    run.check("lach.docx", reason="entit")
    run.check("lach.html", reason="entit")


def test_nul_bytes_and_control_characters(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    seed = (SEEDS / GOOD[1]).read_text("utf-8")
    odd = seed.replace("taskforce", "task\x00force\x1b[31m\x07", 1).replace(
        "\n\n", "\n\x0c\x0b\n", 3
    )
    (corpus / "stuurtekens.txt").write_text(odd, "utf-8")
    (corpus / "binair.txt").write_bytes(b"\x00\x01\x02 tekst " * 1000)
    store = tmp_path / "store"
    run = Run(corpus, store)
    run.check("binair.txt", reason="binary data (NUL bytes)")
    run.check("stuurtekens.txt", outcome="added")
    with Store.open(store, readonly=True) as s:
        ids = s.document_by_path("stuurtekens.txt")
        assert ids is not None
        doc = s.get_document(ids[0])
        assert doc is not None
        assert not any(ord(c) < 32 and c not in "\n\t" for c in doc.text)
        assert "taskforce[31m" in doc.text  # the escape's letters stay, as in the source
    out = tmp_path / "brief.docx"
    args = ["onderwijs", "--corpus", str(corpus), "--store", str(store), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.slow
def test_a_200_mb_text_file_is_refused_without_being_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    block = ((SEEDS / GOOD[0]).read_text("utf-8") + "\n") * 200
    data = block.encode("utf-8")
    with (corpus / "groot.txt").open("wb") as fh:
        while fh.tell() < 200 * 2**20:
            fh.write(data)
    run = Run(corpus, tmp_path / "store")
    run.check("groot.txt", reason="over the 20 MB limit for this format")
    assert run.rss_mb < 300  # hashed in chunks, never read whole


def test_symlink_loop_and_names_with_spaces_and_odd_bytes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    sub = corpus / "map met spaties"
    sub.mkdir()
    (sub / "lus").symlink_to("..")  # corpus/map met spaties/lus -> corpus
    (sub / "zelf").symlink_to(".")
    shutil.copy(
        SEEDS / "001_vraag385_onderwijstop_vervolg_2024.txt", sub / "één – vraag (kopie).txt"
    )
    raw = os.fsencode(corpus) + b"/caf\xe9 verslag.txt"  # a Latin-1 name: not UTF-8
    shutil.copy(SEEDS / "002_vraag218_samenwerking_onderwijs_2015.txt", os.fsdecode(raw))
    run = Run(corpus, tmp_path / "store")
    run.check("map met spaties/één – vraag (kopie).txt", outcome="added")
    run.check("caf\\xe9 verslag.txt", outcome="added")
    assert len(run.rows) == 4  # each file once, however many ways lead to it
    assert run.code == 0


# ----------------------------------------------------------- faults inside the process


def _cli_ingest(corpus: Path, store: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus), "--store", str(store), "--json", "-j", "1"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    rows = json.loads(result.stdout)
    return result.exit_code, {r["path"]: r for r in rows}


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth"), KeyError("/Font")])
def test_pdf_library_raising_inside_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    import pypdf

    def explode(*_: object, **__: object) -> str:
        raise error

    monkeypatch.setattr(pypdf.PageObject, "extract_text", explode)
    corpus = _corpus(tmp_path)
    shutil.copy(REAL_PDF, corpus / "brief.pdf")
    code, rows = _cli_ingest(corpus, tmp_path / "store")
    assert code == 4
    reason = rows["brief.pdf"]["reason"]
    assert rows["brief.pdf"]["outcome"] == "failed" and "\n" not in reason
    assert reason.startswith("brief.pdf: unreadable PDF: " + type(error).__name__)
    assert all(rows[name]["outcome"] == "added" for name in GOOD)


@pytest.mark.parametrize("moment", ["before hashing", "before reading"])
def test_a_file_that_disappears_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    corpus = _corpus(tmp_path)
    victim = corpus / "weg.txt"
    shutil.copy(SEEDS / "004_slotverklaring_top_2023.txt", victim)
    if moment == "before hashing":
        real_stat = ingest_mod._stat_key

        def vanish_then_stat(cf: ingest_mod.CorpusFile) -> list[int]:
            if cf.path == victim:
                victim.unlink()
            return real_stat(cf)

        monkeypatch.setattr(ingest_mod, "_stat_key", vanish_then_stat)
    else:
        real_hash = ingest_mod.file_hash

        def hash_then_vanish(path: Path) -> str:
            digest = real_hash(path)
            if path == victim:
                victim.unlink()
            return digest

        monkeypatch.setattr(ingest_mod, "file_hash", hash_then_vanish)
    code, rows = _cli_ingest(corpus, tmp_path / "store")
    assert code == 4
    row = rows["weg.txt"]
    assert row["outcome"] == "failed" and "weg.txt" in row["reason"] and "\n" not in row["reason"]
    assert "No such file or directory" in row["reason"]
    assert all(rows[name]["outcome"] == "added" for name in GOOD)


def test_a_page_that_never_finishes_is_given_up_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pathological page (here: extraction that never returns) costs FILE_SECONDS."""
    import pypdf

    def forever(*_: object, **__: object) -> str:
        while True:
            pass

    monkeypatch.setattr(pypdf.PageObject, "extract_text", forever)
    monkeypatch.setattr(ingest_mod, "FILE_SECONDS", 1.0)
    corpus = _corpus(tmp_path)
    shutil.copy(REAL_PDF, corpus / "traag.pdf")
    started = time.monotonic()
    code, rows = _cli_ingest(corpus, tmp_path / "store")
    assert time.monotonic() - started < SECONDS
    assert code == 4
    assert rows["traag.pdf"]["reason"] == "traag.pdf: gave up after 1 s of reading"
    assert all(rows[name]["outcome"] == "added" for name in GOOD)
