"""recognise: metadata of the seeds and a real Tweede Kamer PDF, and sidecar files."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest

from briefgen.clean import clean
from briefgen.errors import ConfigError
from briefgen.models import Block, CleanText, DocumentMeta, RawDocument
from briefgen.read import read_document
from briefgen.recognise import load_sidecar, recognise

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REALDOCS = Path(__file__).resolve().parent / "fixtures" / "realdocs"


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def _cleaned(prefix: str) -> CleanText:
    path = _seed(prefix)
    return clean(RawDocument(path, "txt", (Block(path.read_text("utf-8")),)))


@pytest.fixture(scope="module")
def metas() -> dict[str, DocumentMeta]:
    return {p: recognise(_cleaned(p)) for p in ("000", "001", "002", "003", "004")}


@pytest.mark.parametrize(
    ("prefix", "number", "asked", "asker", "minister"),
    [
        ("000", "319", date(2023, 2, 2), "Kristof Slagmulder", "Ben Weyts"),
        ("001", "385", date(2024, 4, 26), "Karolien Grosemans", "Ben Weyts"),
        ("002", "218", date(2015, 1, 29), "Ward Kennes", "Hilde Crevits"),
    ],
)
def test_written_questions(
    metas: dict[str, DocumentMeta],
    prefix: str,
    number: str,
    asked: date,
    asker: str,
    minister: str,
) -> None:
    meta = metas[prefix]
    assert meta.doc_type == "written_question"
    assert (meta.number, meta.question_date, meta.asker, meta.addressee) == (
        number,
        asked,
        asker,
        minister,
    )
    assert meta.answer_date is None  # the Flemish export does not date the answer
    assert meta.date == asked and meta.date_source == "text"
    assert meta.addressee_title is not None
    assert meta.addressee_title.startswith("Viceminister-president van de Vlaamse Regering")


def test_cut_header_of_000_is_read(metas: dict[str, DocumentMeta]) -> None:
    meta = metas["000"]
    assert meta.title == "Nederlands-Vlaamse regeringstop - Onderwijs"
    assert meta.addressee_title == (
        "Viceminister-president van de Vlaamse Regering, Vlaams minister van Onderwijs, "
        "Sport, Dierenwelzijn en Vlaamse Rand"
    )


def test_titles_themes_and_links(metas: dict[str, DocumentMeta]) -> None:
    assert metas["001"].title == "Nederlands-Vlaamse onderwijstop - Vervolg"
    assert metas["001"].theme_line == "Onderwijs en Vorming"
    assert metas["001"].links == (
        ("pdf", "https://docs.vlaamsparlement.be/pfile?id=2063647"),
        (
            "thema",
            "https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/1824060",
        ),
    )
    assert metas["002"].title == "Samenwerking Vlaanderen-Nederland - Onderwijs"
    assert metas["002"].addressee_title == (
        "Viceminister-president van de Vlaamse Regering, Vlaams minister van Onderwijs"
    )


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_answer_starts_at_the_minister(prefix: str) -> None:
    cleaned = _cleaned(prefix)
    meta = recognise(cleaned)
    assert meta.answer_start is not None
    before, after = cleaned.text[: meta.answer_start], cleaned.text[meta.answer_start :]
    assert after.startswith(("BEN WEYTS", "HILDE CREVITS"))
    assert "ANTWOORD" not in before and "\n\nANTWOORD\n\n" in after[:300]


def test_declaration_with_dateline(metas: dict[str, DocumentMeta]) -> None:
    meta = metas["004"]
    assert meta.doc_type == "declaration"
    assert meta.title == "Slotverklaring Nederlands-Vlaamse Top ’s-Hertogenbosch, 31 januari 2023"
    assert (meta.date, meta.place, meta.date_source) == (
        date(2023, 1, 31),
        "’s-Hertogenbosch",
        "text",
    )


def test_undated_declaration_stays_undated(metas: dict[str, DocumentMeta]) -> None:
    meta = metas["003"]  # the text names 2011, 2016, 2018, 2019: none is its date
    assert meta.doc_type == "declaration"
    assert meta.place == "Middelburg"
    assert (meta.date, meta.date_source) == (None, "unknown")


def test_sidecar_wins(metas: dict[str, DocumentMeta]) -> None:
    side = load_sidecar(_seed("003"))
    assert side is not None and side["date"] == date(2018, 11, 5)
    meta = recognise(_cleaned("003"), sidecar=side)
    assert (meta.date, meta.date_source) == (date(2018, 11, 5), "sidecar")
    assert meta.title == "Gezamenlijke verklaring 4e Vlaams-Nederlandse top, Middelburg"
    assert meta.place == "Middelburg"  # what the sidecar does not say is still read
    assert load_sidecar(_seed("004")) is None


def test_sidecar_dict_with_text_dates() -> None:
    meta = recognise(_cleaned("003"), sidecar={"date": "2018-11-05", "number": 4})
    assert (meta.date, meta.number, meta.date_source) == (date(2018, 11, 5), "4", "sidecar")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date = 2018-11-05\ntitle = 'x\n", "not valid TOML"),
        ("datum = 2018-11-05\n", "unknown key 'datum'"),
        ("date = 'vijf november'\n", "must be a date"),
        ("type = 'verklaring'\n", "not a document type"),
    ],
)
def test_bad_sidecar_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    doc = tmp_path / "003_top.txt"
    shutil.copy(_seed("003"), doc)
    (tmp_path / "003_top.meta.toml").write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_sidecar(doc)
    assert "003_top.meta.toml" in str(caught.value)


def test_tweede_kamer_questions_from_pdf() -> None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    path = REALDOCS / "ah-tk-20202021-3235.pdf"
    pages = tuple(
        Block(p.extract_text() or "", page=n) for n, p in enumerate(pypdf.PdfReader(path).pages, 1)
    )
    meta = recognise(clean(RawDocument(path, "pdf", pages)))
    assert meta.doc_type == "written_question"
    assert meta.number == "3235"
    assert (meta.question_date, meta.answer_date, meta.date) == (
        date(2021, 6, 3),
        date(2021, 6, 21),
        date(2021, 6, 21),
    )
    assert meta.asker == "Van Weyenberg, Romke de Jong en Kat (allen D66)"
    assert (meta.addressee, meta.addressee_title) == (
        "Koolmees",
        "Minister van Sociale Zaken en Werkgelegenheid",
    )
    assert meta.title is not None and meta.title.endswith("over de TOZO")


@pytest.mark.parametrize("ext", ["pdf", "html", "odt", "xml"])
def test_a_kamerstuk_in_every_format(ext: str) -> None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    raw = read_document(REALDOCS / f"kst-32545-143.{ext}")
    meta = recognise(clean(raw), raw_title=raw.title)
    assert (meta.doc_type, meta.number) == ("motion", "32 545, nr. 143")
    assert meta.title == "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    assert (meta.date, meta.date_source) == (date(2021, 7, 6), "text")


@pytest.mark.parametrize(
    ("name", "signed", "place", "title_end"),
    [
        ("BWBV0001274.md", date(1995, 1, 17), "Antwerpen", "in het Koninkrijk België"),
        ("BWBV0002947.md", date(1980, 9, 9), "Brussel", "inzake de Nederlandse Taalunie"),
    ],
)
def test_a_treaty_with_the_date_and_place_it_was_signed(
    name: str, signed: date, place: str, title_end: str
) -> None:
    raw = read_document(REALDOCS / name)
    meta = recognise(clean(raw), raw_title=raw.title)
    assert (meta.doc_type, meta.date, meta.place, meta.date_source) == (
        "treaty",
        signed,
        place,
        "text",
    )
    assert meta.title is not None and meta.title.startswith("Verdrag ")
    assert meta.title.endswith(title_end)


def test_a_belgian_committee_report_is_dated_by_its_meeting() -> None:
    raw = read_document(REALDOCS / "dekamer_56_commissie_justitie_56-238.html")
    meta = recognise(clean(raw), raw_title=raw.title)
    assert (meta.doc_type, meta.date, meta.date_source) == ("report", date(2025, 11, 12), "text")
    # the Dutch column of its bilingual title table, without the French one beside it
    assert meta.title == "Commissie voor Justitie van Woensdag 12 november 2025 Namiddag"


def test_a_decision_list_is_titled_by_its_document_line() -> None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    raw = read_document(REALDOCS / "besluitenlijst_extra_procedurevergadering_BuZa_2011-03-08.pdf")
    meta = recognise(clean(raw), raw_title=raw.title)
    assert meta.title is not None
    assert meta.title == "Besluitenlijst van de extra procedurevergadering van dinsdag 8 maart 2011"
    assert meta.date == date(2011, 3, 8)


@pytest.mark.parametrize("ext", ["html", "odt", "xml"])
def test_tweede_kamer_questions_alike_in_other_formats(ext: str) -> None:
    pdf = recognise(clean(read_document(REALDOCS / "ah-tk-20202021-3235.pdf")))
    raw = read_document(REALDOCS / f"ah-tk-20202021-3235.{ext}")
    meta = recognise(clean(raw), raw_title=raw.title, raw_number=raw.number)
    # The number stands alone on a line in these editions, which the cleaner drops as a
    # page number; the HTML states it in a <meta>, the ODT in a user-defined field of
    # meta.xml, the XML in its own element. Where the answer starts is a heading offset,
    # which differs by format.
    assert meta == replace(pdf, answer_start=meta.answer_start)
    assert meta.number == "3235"


def test_raw_title_only_when_the_text_has_none() -> None:
    cleaned = _cleaned("004")
    assert recognise(cleaned, raw_title="Microsoft Word - doc1").title != "Microsoft Word - doc1"
    empty = clean(RawDocument(Path("x.txt"), "txt", (Block(""),)))
    assert recognise(empty, raw_title=" Slotverklaring  2023 ").title == "Slotverklaring 2023"
    assert recognise(empty) == DocumentMeta()
