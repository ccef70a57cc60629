"""Reading the question to answer: the seeds, a .docx, a real .pdf, plain lists, and refusals."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from briefgen.errors import InputError, NotFoundError
from briefgen.question import read_question, read_question_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_385 = SEEDS / "001_vraag385_onderwijstop_vervolg_2024.txt"
TK_PDF = ROOT / "tests" / "fixtures" / "realdocs" / "ah-tk-20202021-3235.pdf"
FLEMISH_SEEDS = sorted(SEEDS.glob("00[0-2]_*.txt"))
REPORT_DOCX = ROOT / "tests" / "fixtures" / "realdocs" / "Eindrapportage_genAI_2023_v0.3.docx"


def _question_part(seed: Path) -> str:
    """The seed's text up to the minister's name that opens the answer."""
    text = seed.read_text("utf-8")
    return text[: text.index("\nBEN WEYTS")]


def test_seed_319_with_cut_header_and_its_answer() -> None:
    q = read_question(SEEDS / "000_vraag319_regeringstop_onderwijs_2023.txt")
    assert (q.number, q.date, q.asker) == ("319", date(2023, 2, 2), "Kristof Slagmulder")
    assert q.addressee == "Ben Weyts"
    assert q.addressee_title is not None and "minister van Onderwijs" in q.addressee_title
    assert q.title == "Nederlands-Vlaamse regeringstop - Onderwijs"
    assert [s.number for s in q.subquestions] == [1, 2, 3, 4]
    assert len(q.intro) == 3 and q.intro[0].text.startswith("Op dinsdag 31 januari")
    third = q.subquestions[2].text  # over three lines, four sentences
    assert third.startswith("Zijn er bepaalde zaken") and third.endswith("zal herbekijken?")
    every = " ".join(p.text for p in (*q.intro, *q.subquestions))
    assert "Excellentiefonds" not in every  # the answer part is not read


def test_seed_385_facts_of_the_question() -> None:
    q = read_question(SEED_385)
    assert (q.number, q.asker, q.date) == ("385", "Karolien Grosemans", date(2024, 4, 26))
    assert q.subquestions[2].text == "Hoe zal de ondersteuning van 700.000 euro aangewend worden?"
    assert [a.literal for a in q.subquestions[2].amounts] == ["700.000 euro"]
    assert date(2024, 1, 23) in {d.first for p in q.intro for d in p.dates}


def test_seed_218_has_five_subquestions_to_another_minister() -> None:
    q = read_question(SEEDS / "002_vraag218_samenwerking_onderwijs_2015.txt")
    assert (q.number, q.addressee) == ("218", "Hilde Crevits")
    assert [s.number for s in q.subquestions] == [1, 2, 3, 4, 5]
    assert q.subquestions[3].text == "Welk budget wordt ervoor uitgetrokken?"


def test_question_part_alone_reads_like_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "vraag385.md"
    path.write_text(_question_part(SEED_385), "utf-8")
    alone, whole = read_question(path), read_question(SEED_385)
    assert alone.subquestions == whole.subquestions
    assert (alone.number, alone.asker, alone.addressee) == (
        "385",
        "Karolien Grosemans",
        "Ben Weyts",
    )


def test_docx_question(tmp_path: Path) -> None:
    document = docx.Document()
    for line in _question_part(SEED_385).split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "vraag385.docx"
    document.save(str(path))
    q = read_question(path)
    assert (q.number, q.asker, q.date) == ("385", "Karolien Grosemans", date(2024, 4, 26))
    assert [s.text for s in q.subquestions] == [
        s.text for s in read_question(SEED_385).subquestions
    ]


def test_tweede_kamer_pdf_question() -> None:
    q = read_question(TK_PDF)
    assert (q.number, q.addressee) == ("3235", "Koolmees")
    assert len(q.subquestions) == 9
    assert q.subquestions[1].text == (
        "Kunt u toelichten waarom het rentepercentage voor de TOZO-lening op 2% is gesteld?"
    )
    assert all("Volledigheidshalve" not in s.text for s in q.subquestions)  # answer left out


@pytest.mark.parametrize("seed", FLEMISH_SEEDS, ids=lambda p: p.name[:3])
def test_flemish_seeds_are_in_the_flemish_layout(seed: Path) -> None:
    assert read_question(seed).layout == "flemish"


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".xml"])
def test_tweede_kamer_editions_are_in_the_tweede_kamer_layout(suffix: str) -> None:
    assert read_question(TK_PDF.with_suffix(suffix)).layout == "tweede_kamer"


def test_tweede_kamer_question_without_its_answer_is_in_the_tweede_kamer_layout() -> None:
    q = read_question_text(
        "Vragen van het lid Jansen (D66) aan de Minister van Onderwijs, Cultuur en "
        "Wetenschap over het lerarentekort (ingezonden 3 juni 2024).\n\nVraag 1\n\n"
        "Hoeveel leraren ontbreken er?\n"
    )
    assert (q.layout, q.addressee, q.date) == ("tweede_kamer", None, date(2024, 6, 3))
    assert q.addressee_title == "Minister van Onderwijs, Cultuur en Wetenschap"


def test_plain_numbered_list() -> None:
    q = read_question_text(
        "Onderwijstop\n\nEr was een top over onderwijs.\n\n1) Wat werd er besproken\n"
        "over het lerarentekort?\n2) Hoe zal de ondersteuning van 700.000 euro aangewend worden?\n"
    )
    assert (q.number, q.asker, q.date, q.addressee) == (None, None, None, None)
    assert [s.text for s in q.subquestions] == [
        "Wat werd er besproken over het lerarentekort?",
        "Hoe zal de ondersteuning van 700.000 euro aangewend worden?",
    ]
    assert [p.text for p in q.intro] == ["Er was een top over onderwijs."]
    assert q.source == "standard input"
    assert q.layout == "plain"


def test_bare_list_has_no_title() -> None:
    q = read_question_text("1. Wat is de Taalunie?\n2. Wat doet de NVAO?\n")
    assert q.title is None and len(q.subquestions) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \n\n ",
        "Gewoon een tekst zonder vragen. Nog een zin.",
        "1. Inleiding\n\nDit rapport.\n\n2. Methode\n\nWe telden.\n\n3. Resultaten\n\nVeel.\n",
        "SCHRIFTELIJKE VRAAG\nnr. 12\nvan JAN JANSSENS\ndatum: 3 maart 2024\naan BEN WEYTS\n"
        "Titel\n\nEen inleiding zonder genummerde vragen. Wat nu?\n",
    ],
)
def test_text_without_a_question_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="standard input"):
        read_question_text(text)


def test_real_report_docx_is_no_question() -> None:
    with pytest.raises(InputError, match="Eindrapportage"):
        read_question(REPORT_DOCX)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"nope\.txt"):
        read_question(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_question(tmp_path)


def _not_a_question_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Jaarverslag 2023", 1)
    document.add_paragraph("Het jaar verliep rustig. De dienst groeide.")
    document.add_heading("1. Personeel", 2)
    document.add_paragraph("Er kwamen twee mensen bij.")
    document.save(str(path))
    return path


@pytest.mark.parametrize("case", ["no sub-questions", "empty", "docx"])
def test_cli_refuses_with_one_line_and_exit_code(case: str, tmp_path: Path) -> None:
    if case == "no sub-questions":
        path = tmp_path / "vraag.txt"
        path.write_text(_question_part(SEED_385).split("\n1. ")[0], "utf-8")
    elif case == "empty":
        path = tmp_path / "leeg.txt"
        path.write_text("", "utf-8")
    else:
        path = _not_a_question_docx(tmp_path / "verslag.docx")
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "answer", str(path), "--store", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefgen: error: ")
    assert path.name in lines[0]
    assert result.stdout == ""
