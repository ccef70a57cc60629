"""Readers on real documents, on fixtures built from the seeds, on broken and hostile input.

Real documents are in tests/fixtures/realdocs; .docx and .pdf versions of seed 004 are
built at test time, so nothing generated is committed.
"""

from __future__ import annotations

import difflib
import io
import logging
import random
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pypdf
import pytest

from briefgen import read
from briefgen.errors import InputError, NeedsOCRError, NotFoundError
from briefgen.models import RawDocument
from briefgen.read import SUPPORTED_SUFFIXES, read_document, walk_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REAL = Path(__file__).resolve().parent / "fixtures" / "realdocs"
TOZO = "ah-tk-20202021-3235"
SEED_004 = SEEDS / "004_slotverklaring_top_2023.txt"


def refused(path: Path, cls: type[InputError] = InputError) -> str:
    """Read ``path`` expecting ``cls``; the message must name the file on one line."""
    with pytest.raises(cls) as info:
        read_document(path)
    message = str(info.value)
    assert type(info.value) is cls
    assert path.name in message
    assert "\n" not in message
    return message


def words(doc: RawDocument) -> list[str]:
    return " ".join(b.text for b in doc.blocks).split()


def seed_lines(path: Path = SEED_004) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]


def rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    """Copy a zip package with some parts replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, replace.get(item.filename, zin.read(item)))
        for name, data in replace.items():
            if name not in zin.namelist():
                zout.writestr(name, data)
    return dst


def outline(doc: RawDocument) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text) for b in doc.blocks]


# ------------------------------------------------------------- fixtures from seeds

HEADING_1 = re.compile(r"^\d\. [A-Z]")
HEADING_2 = re.compile(r"^[a-g]\. [A-Z]")


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int, str]]]:
    """Seed 004 as a Word file, with the outline the reader must give back.

    Its headings become Heading 1/2, every other line a paragraph; a bulleted list and
    a table with a vertically merged cell (names from seed 002) follow.
    """
    document = docx.Document()
    expected: list[tuple[str, int, str]] = []
    document.add_heading("Slotverklaring Nederlands-Vlaamse Top", level=0)
    expected.append(("heading", 1, "Slotverklaring Nederlands-Vlaamse Top"))
    for line in seed_lines():
        if HEADING_1.match(line) or HEADING_2.match(line):
            level = 1 if HEADING_1.match(line) else 2
            document.add_heading(line, level=level)
            expected.append(("heading", level, line))
        else:
            document.add_paragraph(line)
            expected.append(("paragraph", 0, line))
    for item in ("Taalunie", "NVAO", "KlasCement"):
        document.add_paragraph(item, style="List Bullet")
        expected.append(("list_item", 0, item))
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Samenwerking", "Budget"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Nederlandse Taalunie"
    table.cell(1, 1).text = "In 2015 ontvangt de Taalunie een bijdrage"
    table.cell(2, 1).text = "Jaarlijks te bepalen"
    expected += [
        ("table_row", 0, "Samenwerking | Budget"),
        ("table_row", 0, "Nederlandse Taalunie | In 2015 ontvangt de Taalunie een bijdrage"),
        ("table_row", 0, "Nederlandse Taalunie | Jaarlijks te bepalen"),
    ]
    path = tmp_path_factory.mktemp("made") / "004 slotverklaring.docx"
    document.save(str(path))
    return path, expected


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 004 typeset by reportlab, one paragraph per line of the seed."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    path = tmp_path_factory.mktemp("made") / "004 slotverklaring.pdf"
    style = getSampleStyleSheet()["Normal"]
    pdf = SimpleDocTemplate(str(path), title="Slotverklaring Nederlands-Vlaamse Top")
    pdf.build([Paragraph(escape(line), style) for line in seed_lines()])
    return path


# -------------------------------------------------------------------------- .txt


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_text_comes_back_unchanged(seed: Path) -> None:
    doc = read_document(seed)
    assert doc.fmt == "txt" and doc.warnings == () and doc.title is None
    assert [(b.kind, b.page) for b in doc.blocks] == [("lines", 0)]
    assert doc.blocks[0].text == seed.read_text("utf-8")


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "verklaring.md"
    path.write_text(SEED_004.read_text("utf-8"), "utf-8")
    doc = read_document(path)
    assert doc.fmt == "md" and doc.blocks[0].text == SEED_004.read_text("utf-8")


def test_markdown_headings_are_headings_and_tag_lines_go() -> None:
    doc = read_document(REAL / "BWBV0001274.md")
    title = (
        "Verdrag inzake de samenwerking op het gebied van cultuur, onderwijs, wetenschappen"
        " en welzijn tussen het Koninkrijk der Nederlanden en de Vlaamse Gemeenschap in het"
        " Koninkrijk België"
    )
    assert outline(doc)[:2] == [("heading", 2, title), ("heading", 4, title)]  # "##Verdrag"
    assert ("heading", 3, "Artikel  1") in outline(doc)
    assert not any("<meta" in b.text for b in doc.blocks)
    assert (
        doc.blocks[2].kind == "lines" and "Zijn het volgende overeengekomen:" in doc.blocks[2].text
    )
    assert "OPGEMAAKT in Antwerpen, op 17 januari 1995" in doc.blocks[-1].text


def test_markdown_inline_markup_becomes_the_text_a_reader_sees() -> None:
    source = (REAL / "BWBV0002947.md").read_text("utf-8")
    assert "*Voor het Koninkrijk der Nederlanden:*" in source and "](../../" in source
    text = "\n".join(b.text for b in read_document(REAL / "BWBV0002947.md").blocks)
    assert "Erkennend dat het Verdrag betreffende de culturele en intellectuele" in text
    assert "in tweevoud, in de Nederlandse taal.Voor het Koninkrijk der Nederlanden:" in text
    assert not re.search(r"\]\(|README|\*", text)  # no link target, no emphasis mark


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    first, second = (
        (SEEDS / "000_vraag319_regeringstop_onderwijs_2023.txt").read_text(),
        (SEEDS / "002_vraag218_samenwerking_onderwijs_2015.txt").read_text(),
    )
    path = tmp_path / "two pages.txt"
    path.write_text(first + "\f" + second + "\f", "utf-8")
    doc = read_document(path)
    assert [(b.page, b.text) for b in doc.blocks] == [(1, first), (2, second)]


def test_bom_crlf_and_control_characters_are_removed(tmp_path: Path) -> None:
    text = SEED_004.read_text("utf-8")
    dirty = text[:100] + "\x00" + text[100:200] + "\x07\x1b" + text[200:]
    path = tmp_path / "dirty.txt"
    path.write_bytes(b"\xef\xbb\xbf" + dirty.replace("\n", "\r\n").encode("utf-8"))
    assert read_document(path).blocks[0].text == text


def test_utf16_with_bom(tmp_path: Path) -> None:
    text = SEED_004.read_text("utf-8")
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    doc = read_document(path)
    assert doc.blocks[0].text == text and doc.warnings == ()


def test_invalid_utf8_falls_back_to_cp1252_with_a_warning(tmp_path: Path) -> None:
    seed = SEEDS / "000_vraag319_regeringstop_onderwijs_2023.txt"
    path = tmp_path / "ansi.txt"
    path.write_bytes(seed.read_text("utf-8").encode("cp1252"))
    doc = read_document(path)
    assert doc.blocks[0].text == seed.read_text("utf-8")  # ’ and é survive
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0]
    assert "ansi.txt" in doc.warnings[0]


def test_binary_garbage_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(random.Random(7).randbytes(8192))
    assert "not text" in refused(path)


def test_nul_heavy_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16 without bom.txt"
    path.write_bytes(SEED_004.read_text("utf-8").encode("utf-16-le"))
    assert "NUL" in refused(path)


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html", ".odt"])
@pytest.mark.parametrize("content", [b"", b" \n\t\r\n  "], ids=["zero bytes", "whitespace"])
def test_empty_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"leeg{suffix}"
    path.write_bytes(content)
    assert "empty file" in refused(path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "brief.rtf"
    path.write_text("{\\rtf1 tekst}")
    assert "unsupported format .rtf" in refused(path)


def test_oversized_text_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_TEXT_FILE_BYTES", 10_000)
    assert "limit" in refused(SEED_004)


def test_missing_file_and_folder_named_like_a_file(tmp_path: Path) -> None:
    assert "cannot read" in refused(tmp_path / "verdwenen.txt")
    (tmp_path / "map.txt").mkdir()
    refused(tmp_path / "map.txt")


def test_permission_denied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "geheim.txt"
    shutil.copy(SEED_004, path)

    def denied(self: Path, *args: object, **kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    assert "Permission denied" in refused(path)


def test_names_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    good = tmp_path / "Brief aan de Kamer – één.txt"
    shutil.copy(SEED_004, good)
    assert read_document(good).blocks[0].text == SEED_004.read_text("utf-8")
    bad = tmp_path / "Verslag überleg ß.pdf"
    bad.write_bytes(b"\x00\x01 not a pdf")
    refused(bad)


# --------------------------------------------------------------------------- PDF


def test_real_pdf_keeps_pages_and_lines() -> None:
    doc = read_document(REAL / f"{TOZO}.pdf")
    assert doc.fmt == "pdf" and doc.warnings == ()
    assert [(b.kind, b.page) for b in doc.blocks] == [("lines", 1), ("lines", 2), ("lines", 3)]
    first = doc.blocks[0].text
    assert "een beperk-\ntere looptijd" in first  # the hyphen at the line end is raw
    assert "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 1" in first  # footer kept


def test_a_pdf_paragraph_gap_becomes_a_blank_line_and_line_spacing_does_not() -> None:
    (block,) = read_document(REAL / "kst-32545-143.pdf").blocks
    lines = [line.rstrip() for line in block.text.splitlines()]
    first = lines.index("verzoekt de regering, om een grensspaarsaldo te definiëren waaronder")
    assert lines[first - 1 : first + 6] == [
        "",
        "verzoekt de regering, om een grensspaarsaldo te definiëren waaronder",
        "een negatieve spaarrente onwenselijk is en met de banken in gesprek te",
        "gaan om afspraken te maken over het borgen van deze ondergrens;",
        "",
        "verzoekt de regering tevens, om, indien de Minister constateert dat",
        "banken niet bereid zijn zich te beperken tot dit grenssaldo, een",
    ]
    signed = lines.index("Inge van Dijk")
    assert lines[signed + 1] == "Grinwis"  # lines at the usual pitch stay together


def test_pypdf_notes_do_not_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        read_document(REAL / f"{TOZO}.pdf")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_letter_pdf_keeps_its_furniture_for_the_cleaner() -> None:
    doc = read_document(REAL / "kamerbrief_OCW_2018_leerlingendaling_p1-3.pdf")
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    assert "Pagina 1 van 10" in doc.blocks[0].text
    assert "Pagina 10 van 10" in doc.blocks[1].text  # sic: the letter's own page field
    assert "1 Samen aan de slag met leerlingendaling" in doc.blocks[0].text  # footnote
    assert "Onze referentie \n1400405" in doc.blocks[2].text  # letterhead sidebar


def test_scanned_pdf_needs_ocr() -> None:
    path = REAL / "blg-1007826_beslisnota_nitraat_SCANNED.pdf"
    message = refused(path, NeedsOCRError)
    assert "no text layer" in message and "ocrmypdf" in message


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(random.Random(3).randbytes(5000))
    assert "unreadable PDF" in refused(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (REAL / f"{TOZO}.pdf").read_bytes()
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes(data[: len(data) // 2])
    refused(path)


def _encrypt(tmp_path: Path, user_password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=str(REAL / f"{TOZO}.pdf"))
    writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm="AES-256")
    path = tmp_path / f"versleuteld-{len(user_password)}.pdf"
    writer.write(str(path))
    return path


def test_encrypted_pdf_with_a_password_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = _encrypt(tmp_path, "geheim")
    assert "password" in refused(path)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.hint and "qpdf" in info.value.hint


def test_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    doc = read_document(_encrypt(tmp_path, ""))
    assert words(doc) == words(read_document(REAL / f"{TOZO}.pdf"))


def test_library_failure_on_a_page_becomes_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> str:
        raise KeyError("/Font")

    monkeypatch.setattr(pypdf.PageObject, "extract_text", boom)
    assert "unreadable PDF" in refused(REAL / f"{TOZO}.pdf")


def test_page_and_character_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_PDF_PAGES", 2)
    assert "page limit" in refused(REAL / f"{TOZO}.pdf")
    monkeypatch.setattr(read, "MAX_CHARS", 1000)
    assert "characters" in refused(SEED_004)


def test_generated_pdf_has_the_seed_words_and_title(seed_pdf: Path) -> None:
    doc = read_document(seed_pdf)
    assert doc.title == "Slotverklaring Nederlands-Vlaamse Top"
    assert len(doc.blocks) > 5 and [b.page for b in doc.blocks] == list(
        range(1, len(doc.blocks) + 1)
    )
    assert words(doc) == " ".join(seed_lines()).split()


# -------------------------------------------------------------------------- .docx


def test_generated_docx_structure(seed_docx: tuple[Path, list[tuple[str, int, str]]]) -> None:
    path, expected = seed_docx
    doc = read_document(path)
    assert doc.fmt == "docx"
    assert outline(doc) == expected
    assert ("heading", 1, "1. Verbonden door taal, cultuur en waarden") in expected
    assert next(b.cells for b in doc.blocks if b.kind == "table_row") == ("Samenwerking", "Budget")


def test_same_words_from_txt_docx_and_pdf(
    seed_docx: tuple[Path, list[tuple[str, int, str]]], seed_pdf: Path
) -> None:
    txt = words(read_document(SEED_004))
    made = words(read_document(seed_docx[0]))
    assert made[3 : 3 + len(txt)] == txt  # after the three words of the added title
    assert words(read_document(seed_pdf)) == txt


def test_real_docx_outline_table_list_and_footnotes() -> None:
    doc = read_document(REAL / "Eindrapportage_genAI_2023_v0.3.docx")
    assert doc.title is None  # core properties say only "Word Document"
    headings = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert headings[:4] == [
        (1, "Eindrapportage Generatieve AI"),
        (1, "Introductie"),
        (2, "Project GenAI"),
        (2, "Opzet document"),
    ]
    assert len(headings) == 17 and headings[-1] == (2, "Use Case: Inzicht in beleid")
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert rows[0].cells == ("Deelproject", "Beschrijving", "Documenten", "Status")
    assert len(rows) == 10 and all(len(r.cells) == 4 for r in rows)
    assert [b.text for b in doc.blocks if b.kind == "list_item"] == [
        "Wat er gebeurt met de door ambtenaren ingevoerde data",
        "Afhankelijkheid van specifieke leveranciers",
        "De data waarop de modellen getraind zijn",
    ]
    kinds = [b.kind for b in doc.blocks]
    assert kinds[-5:] == ["footnote"] * 5 and kinds.count("footnote") == 5
    assert doc.blocks[-3].text.startswith("De code van deze PoC staat op github")


def test_truncated_docx(tmp_path: Path) -> None:
    data = (REAL / "Eindrapportage_genAI_2023_v0.3.docx").read_bytes()
    path = tmp_path / "afgebroken.docx"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged or truncated" in refused(path)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blanco.docx"
    docx.Document().save(str(path))
    assert "no text" in refused(path)


def test_zip_bomb_docx_by_ratio(
    tmp_path: Path, seed_docx: tuple[Path, list[tuple[str, int, str]]]
) -> None:
    path = rezip(seed_docx[0], tmp_path / "bom.docx", {"word/media/leeg.bin": bytes(4 * 2**20)})
    assert "zip bomb" in refused(path)


def test_zip_bomb_docx_by_total_size(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_docx: tuple[Path, list[tuple[str, int, str]]],
) -> None:
    monkeypatch.setattr(read, "MAX_ZIP_UNPACKED", 2**20)
    parts = {f"word/media/{n}.bin": bytes(200_000) for n in range(8)}  # under the ratio floor
    assert "zip bomb" in refused(rezip(seed_docx[0], tmp_path / "veel.docx", parts))


def _billion_laughs() -> str:
    """An XML prolog whose entity &lol9; expands to 10**9 "lol"s."""
    entities = "".join(
        '<!ENTITY lol{} "{}">'.format(i, (f"&lol{i - 1};" if i > 1 else "&lol;") * 10)
        for i in range(1, 10)
    )
    return '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + entities + "]>\n"


BILLION_LAUGHS = _billion_laughs()


def test_billion_laughs_docx(
    tmp_path: Path, seed_docx: tuple[Path, list[tuple[str, int, str]]]
) -> None:
    with zipfile.ZipFile(seed_docx[0]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    body = xml.split("?>", 1)[1].replace("Slotverklaring", "&lol9;", 1)
    path = tmp_path / "lach.docx"
    rezip(seed_docx[0], path, {"word/document.xml": (BILLION_LAUGHS + body).encode()})
    assert "entit" in refused(path)


# --------------------------------------------------------------------------- .odt


def test_real_odt() -> None:
    doc = read_document(REAL / f"{TOZO}.odt")
    assert doc.fmt == "odt"
    assert (
        doc.title
        == "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo"
    )
    assert doc.blocks[0].cells == ("Tweede Kamer der Staten-Generaal", "2")
    assert not any("Gravenhage" in b.text for b in doc.blocks)  # page-anchored frame
    texts = [b.text for b in doc.blocks]
    assert texts.index("Vraag 1") + 1 == texts.index(
        next(t for t in texts if t.startswith("Klopt"))
    )
    assert any("een beperktere looptijd" in t for t in texts)


def test_odt_with_entities_and_truncated_odt(tmp_path: Path) -> None:
    src = REAL / f"{TOZO}.odt"
    with zipfile.ZipFile(src) as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.startswith("<?xml")
    hostile = BILLION_LAUGHS + content.split("?>", 1)[1]
    path = rezip(src, tmp_path / "lach.odt", {"content.xml": hostile.encode()})
    assert "entit" in refused(path)
    cut = tmp_path / "afgebroken.odt"
    cut.write_bytes(src.read_bytes()[:4000])
    refused(cut)


# -------------------------------------------------------------------------- .html


def test_real_html_structure_and_title() -> None:
    doc = read_document(REAL / f"{TOZO}.html")
    assert (
        doc.title
        == "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo"
    )
    assert ("heading", 2, "Vraag 1") in outline(doc)
    assert not any("popup" in b.text or "enablePopup" in b.text for b in doc.blocks)
    assert doc.blocks[-1].text.endswith("als renteloze lening of als bijstand om niet.")


def _diff(a: list[str], b: list[str]) -> list[tuple[str, list[str], list[str]]]:
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def test_tozo_body_is_the_same_in_html_odt_and_pdf() -> None:
    """Every word of the HTML comes back in order from the ODT and the PDF.

    They only add their header table and (PDF) page footers; the PDF's line-end hyphens
    are joined here the crude way, which is enough for this document.
    """
    html = words(read_document(REAL / f"{TOZO}.html"))
    odt = words(read_document(REAL / f"{TOZO}.odt"))
    pdf_text = "\n".join(b.text for b in read_document(REAL / f"{TOZO}.pdf").blocks)
    pdf = re.sub(r"-\n(?=[a-z])", "", pdf_text).split()
    for other in (odt, pdf):
        changes = _diff(html, other)
        assert changes and all(tag == "insert" for tag, _, _ in changes), changes
    inserted = [w for _, _, added in _diff(html, pdf) for w in added]
    assert "Aanhangsel" in inserted and "beperktere" not in inserted


def test_belgian_html_declared_cp1252_but_utf8() -> None:
    doc = read_document(REAL / "dekamer_56_commissie_justitie_56-238.html")
    text = "\n".join(b.text for b in doc.blocks)
    assert doc.warnings == ()
    assert "Après-midi" in text and "Ã" not in text
    first = next(b for b in doc.blocks if b.kind == "heading")
    assert first.level == 2 and "Kristien Van Vaerenbergh" in first.text
    assert doc.blocks[0].cells == ("Commissie voor Justitie", "Commission de la Justice")


def test_html_charset_fallbacks(tmp_path: Path) -> None:
    source = (REAL / f"{TOZO}.html").read_text("utf-8")
    bare = re.sub(r"<\?xml[^>]*\?>|<meta http-equiv[^>]*>", "", source)
    undeclared = tmp_path / "ansi.html"
    undeclared.write_bytes(bare.encode("cp1252"))
    declared = tmp_path / "ansi-declared.htm"
    declared.write_bytes(
        bare.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252")
    )
    expected = words(read_document(REAL / f"{TOZO}.html"))
    doc = read_document(undeclared)
    assert words(doc) == expected and "cp1252" in doc.warnings[0]
    doc = read_document(declared)
    assert words(doc) == expected and doc.warnings == () and doc.fmt == "html"


def test_html_page_furniture_is_dropped() -> None:
    doc = read_document(REAL / "tweedekamer.nl_kamerstukken_detail_2015D04817.html")
    text = "\n".join(b.text for b in doc.blocks)
    for furniture in (
        "Direct naar de hoofdnavigatie",
        "Plenaire vergaderingen",
        "Facebook",
        "Colofon",
    ):
        assert furniture not in text
    assert ("heading", 2, "Stemmingsuitslag") in outline(doc)
    rows = [b.cells for b in doc.blocks if b.kind == "table_row"]
    assert rows[0] == ("Fractie", "Zetels", "voor", "tegen", "Details") and rows[1][:2] == (
        "VVD",
        "41",
    )


def test_billion_laughs_html(tmp_path: Path) -> None:
    path = tmp_path / "lach.html"
    path.write_text(BILLION_LAUGHS + "<html><body><p>&lol9;</p></body></html>", "utf-8")
    assert "entit" in refused(path)


# ---------------------------------------------------------- officielebekendmakingen XML


def test_real_oep_xml_questions() -> None:
    doc = read_document(REAL / f"{TOZO}.xml")
    assert doc.fmt == "xml" and doc.title is None  # a question's title is in its text
    assert ("heading", 2, "Vraag 1") in outline(doc) and ("heading", 2, "Antwoord 9") in outline(
        doc
    )
    assert doc.blocks[-1].text.endswith("als renteloze lening of als bijstand om niet.")
    asked = next(b.text for b in doc.blocks if b.text.startswith("Vragen van de leden"))
    assert "(allen D66) aan de Minister" in asked and "(ingezonden 3\u00a0juni 2021)." in asked
    assert (
        "(Staatsblad 2020, 118)"
        in doc.blocks[outline(doc).index(("heading", 2, "Antwoord 2")) + 1].text
    )


def test_oep_xml_has_the_words_of_the_html() -> None:
    """The XML adds only the publication's header lines (as the ODT and PDF do)."""
    changes = _diff(
        words(read_document(REAL / f"{TOZO}.html")), words(read_document(REAL / f"{TOZO}.xml"))
    )
    assert changes and all(tag == "insert" for tag, _, _ in changes), changes
    inserted = [w for _, _, added in changes for w in added]
    assert "Aanhangsel" in inserted and "Vraag" not in inserted


def test_real_oep_xml_motion() -> None:
    doc = read_document(REAL / "kst-32545-143.xml")
    assert doc.title == "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    texts = [b.text for b in doc.blocks]
    assert "32 545 Wet- en regelgeving financiële markten" in texts  # number and title: one line
    assert texts[-3:] == ["en gaat over tot de orde van de dag.", "Inge van Dijk", "Grinwis"]


OEP_PARTS = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <metadata><meta name="DC.title" content="niet in de tekst"/></metadata>
  <kamerstuk>
    <kop><label>Hoofdstuk</label><nr>2</nr><titel>Middelen</titel></kop>
    <al>Er is <nadruk type="vet">700.000 euro</nadruk> voorzien<noot id="n1" type="voet">
      <noot.nr>1</noot.nr><noot.al>Begroting 2024, artikel 3.</noot.al></noot>.</al>
    <lijst type="expliciet">
      <li><li.nr>a.</li.nr><al>het lerarentekort;</al></li>
      <li><li.nr>b.</li.nr><al>basisvaardigheden.</al></li>
    </lijst>
    <tabel><titel>Budget</titel><tgroup cols="2"><tbody>
      <row><entry><al>Jaar</al></entry><entry><al>Bedrag</al></entry></row>
      <row><entry><al>2024</al></entry><entry><al>€ 700.000</al></entry></row>
    </tbody></tgroup></tabel>
    <onbekend>Tekst in een element dat de lezer niet kent.</onbekend>
  </kamerstuk>
</officiele-publicatie>
"""


def test_oep_xml_parts(tmp_path: Path) -> None:
    path = tmp_path / "stuk.xml"
    path.write_text(OEP_PARTS, "utf-8")
    assert [(b.kind, b.text) for b in read_document(path).blocks] == [
        ("heading", "Hoofdstuk 2 Middelen"),
        ("paragraph", "Er is 700.000 euro voorzien."),  # the note's mark is not glued to "voorzien"
        ("list_item", "a. het lerarentekort;"),
        ("list_item", "b. basisvaardigheden."),
        ("paragraph", "Budget"),
        ("table_row", "Jaar | Bedrag"),
        ("table_row", "2024 | € 700.000"),
        ("paragraph", "Tekst in een element dat de lezer niet kent."),
        ("footnote", "1 Begroting 2024, artikel 3."),
    ]


def test_other_xml_is_refused(tmp_path: Path) -> None:
    assert "is not an officielebekendmakingen publication" in refused(
        REAL / f"{TOZO}_metadata_owms.xml"
    )
    laughs = tmp_path / "lach.xml"
    laughs.write_text(
        BILLION_LAUGHS + "<officiele-publicatie><al>&lol9;</al></officiele-publicatie>"
    )
    assert "entit" in refused(laughs)
    broken = tmp_path / "kapot.xml"
    broken.write_text(OEP_PARTS[: len(OEP_PARTS) // 2], "utf-8")
    assert "broken XML" in refused(broken)


# -------------------------------------------------------------------------- walk


def _walked(paths: list[Path]) -> list[Path]:
    return [Path(found.path) for found in walk_corpus(paths)]


def test_walk_seeds_skips_readme_and_sidecars() -> None:
    found = _walked([SEEDS])
    assert found == sorted(SEEDS.glob("*.txt"))
    assert all(p.suffix in SUPPORTED_SUFFIXES for p in found)
    sidecars = {Path(f.path).name: f.sidecar for f in walk_corpus([SEEDS]) if f.sidecar}
    assert sidecars == {
        "003_top_middelburg_2018.txt": str(SEEDS / "003_top_middelburg_2018.meta.toml")
    }
    (given,) = walk_corpus([SEEDS / "003_top_middelburg_2018.txt"])  # named explicitly
    assert given.sidecar == sidecars["003_top_middelburg_2018.txt"]


def test_walk_filters_sorts_and_dedupes(tmp_path: Path) -> None:
    for rel in ("b.pdf", "a.txt", "sub/c.html", ".verborgen.txt", ".git/d.txt", "~$e.docx",
                "f.meta.toml", "readme.md", "g.rtf", "sub/z map/h.odt", "sub/i.xml",
                "sub/i_metadata_owms.xml", "sub/metadata.xml"):  # fmt: skip
        _touch(tmp_path / rel)
    expected = [
        tmp_path / r for r in ("a.txt", "b.pdf", "sub/c.html", "sub/i.xml", "sub/z map/h.odt")
    ]
    assert _walked([tmp_path]) == expected
    assert _walked([tmp_path / "a.txt", tmp_path, tmp_path / "g.rtf"]) == [
        *expected,
        tmp_path / "g.rtf",  # named explicitly: read_document will say why it is refused
    ]


def test_walk_survives_a_symlink_loop(tmp_path: Path) -> None:
    _touch(tmp_path / "corpus/a.txt")
    _touch(tmp_path / "corpus/sub/b.txt")
    (tmp_path / "corpus/sub/lus").symlink_to(tmp_path / "corpus", target_is_directory=True)
    found = _walked([tmp_path / "corpus"])
    assert found == [tmp_path / "corpus/a.txt", tmp_path / "corpus/sub/b.txt"]


def test_walk_missing_path(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        _walked([tmp_path / "nergens"])
    assert "nergens" in str(info.value)


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    return path
