"""segment: passages of the seeds with their parts, numbers, heading paths and facts."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from briefgen.clean import clean
from briefgen.models import Block, CleanText, Passage, RawDocument
from briefgen.read import read_document
from briefgen.recognise import load_sidecar, recognise
from briefgen.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REALDOCS = Path(__file__).resolve().parent / "fixtures" / "realdocs"
ACCEPTABLE_ENDS = ".:;?!’”)"


def _passages(prefix: str) -> tuple[CleanText, tuple[Passage, ...]]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    cleaned = clean(RawDocument(path, "txt", (Block(path.read_text("utf-8")),)))
    return cleaned, segment(prefix, cleaned, recognise(cleaned, sidecar=load_sidecar(path)))


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[CleanText, tuple[Passage, ...]]]:
    return {p: _passages(p) for p in ("000", "001", "002", "003", "004")}


def test_education_passage_of_004(seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]]) -> None:
    _, passages = seeds["004"]
    hits = [p for p in passages if p.text.startswith("Op het vlak van onderwijs wordt er")]
    assert len(hits) == 1
    education = hits[0]
    assert education.text.endswith("European year of skills’.")
    assert education.heading_path == (
        "1. Verbonden door taal, cultuur en waarden",
        "b. Onderwijs, cultuur en wetenschap vol toekomst",
    )
    assert education.section_ref == "§ 1.b"
    assert [d.literal for d in education.dates] == ["23 januari 2023"]
    assert education.part == "body"


def test_no_passage_of_004_ends_mid_sentence(
    seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]],
) -> None:
    _, passages = seeds["004"]
    assert len(passages) > 50
    for passage in passages:
        assert passage.text[-1] in ACCEPTABLE_ENDS, passage.text
    assert not any(p.text.startswith(("Slotverklaring", "“Door grenzen")) for p in passages)


def test_passages_index_the_cleaned_text(
    seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]],
) -> None:
    for prefix, (cleaned, passages) in seeds.items():
        assert [p.ordinal for p in passages] == list(range(1, len(passages) + 1))
        assert passages[0].id == f"{prefix}:0001"
        for passage in passages:
            assert cleaned.text[passage.start : passage.end] == passage.text
            for fact in (*passage.dates, *passage.amounts):
                assert passage.text[fact.start : fact.end] == fact.literal


def test_long_paragraphs_split_at_sentences(
    seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]],
) -> None:
    cleaned, passages = seeds["004"]
    longest = max(cleaned.paragraphs, key=lambda p: p.end - p.start)
    assert longest.end - longest.start > 1500
    pieces = [p for p in passages if longest.start <= p.start < longest.end]
    assert len(pieces) >= 2
    assert all(len(p.text) <= 1000 and p.text[-1] in ACCEPTABLE_ENDS for p in pieces)
    assert pieces[0].start == longest.start and pieces[-1].end == longest.end


def test_question_000_parts(seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]]) -> None:
    _, passages = seeds["000"]
    parts = [p.part for p in passages]
    assert parts[:3] == ["intro"] * 3
    questions = [p for p in passages if p.part == "question"]
    assert [p.numbers for p in questions] == [(1,), (2,), (3,), (4,)]
    assert questions[2].text.startswith("Zijn er bepaalde zaken")
    assert questions[2].text.endswith("Zijn er bepaalde beleidskeuzes die hij zal herbekijken?")
    answers = [p for p in passages if p.part == "answer"]
    assert answers[0].text.startswith("Tijdens de Vlaams-Nederlandse Regeringstop")
    assert all(p.numbers == () for p in answers)  # this answer is not numbered
    assert not any("ANTWOORD" in p.text or "SLAGMULDER" in p.text for p in passages)
    first = passages[0]
    assert first.dates[0].literal == "dinsdag 31 januari"
    assert first.dates[0].first == date(2023, 1, 31) and first.dates[0].year_inferred


def test_answer_numbers_of_001(seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]]) -> None:
    _, passages = seeds["001"]
    answers = [p for p in passages if p.part == "answer"]
    labels = list(dict.fromkeys((p.number_label, p.numbers) for p in answers))
    assert labels == [("1+3", (1, 3)), ("2", (2,)), ("4", (4,))]
    assert answers[0].text.startswith("Het samenwerkingsproject waarnaar verwezen wordt")
    assert answers[0].section_ref == "antw. 1+3"
    items = [p for p in answers if p.kind == "list_item"]
    assert len(items) == 5 and all(p.numbers == (1, 3) for p in items)
    assert items[0].text.startswith("Goede praktijken te inventariseren")
    tsi = next(p for p in answers if "700.000 euro" in p.text)
    assert [a.value for a in tsi.amounts] == [700000]


def test_table_rows_of_002(seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]]) -> None:
    _, passages = seeds["002"]
    rows = [p for p in passages if p.kind == "table_row"]
    nvao = next(
        p for p in rows if p.label == "Nederlands-Vlaamse Accreditatie Organisatie — Budget"
    )
    assert nvao.text == "In 2015 ontvangt de NVAO een subsidie van 2.428.000 euro."
    assert (nvao.part, nvao.numbers, nvao.number_label) == ("answer", (4,), "4")
    assert [a.value for a in nvao.amounts] == [2428000]
    goals = [p for p in rows if p.label.endswith("— Doelstelling")]
    assert goals and all(p.numbers == (2, 3) and p.number_label == "2-3" for p in goals)
    last = passages[-1]
    assert (last.numbers, last.text[:22]) == ((5,), "Momenteel bekijk ik in")


def test_undated_declaration_gets_its_date_from_the_sidecar(
    seeds: dict[str, tuple[CleanText, tuple[Passage, ...]]],
) -> None:
    _, passages = seeds["003"]
    lerarentekort = next(p for p in passages if "lerarentekort" in p.text)
    assert lerarentekort.part == "body" and lerarentekort.heading_path == ()
    amounts = [a for p in passages for a in p.amounts]
    assert [(a.literal, a.per) for a in amounts] == [("€ 3,33 miljoen euro", "year")]
    juli = [d for p in passages for d in p.dates if d.literal.startswith("juli")]
    assert juli and juli[0].first.year == 2018  # "juli jl." takes the sidecar's year


def _tk_passages(path: Path) -> tuple[Passage, ...]:
    cleaned = clean(read_document(path))
    return segment("tk", cleaned, recognise(cleaned))


def test_tweede_kamer_questions_and_answers_alternate() -> None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    passages = _tk_passages(REALDOCS / "ah-tk-20202021-3235.pdf")
    numbered = [(p.part, p.numbers) for p in passages]
    expected = [(part, (n,)) for n in range(1, 10) for part in ("question", "answer")]
    assert numbered == [*expected, ("answer", (9,))]  # answer 9 has two paragraphs
    assert passages[1].text.startswith("Ja. Volledigheidshalve")
    assert passages[-1].text.startswith("Bovendien kent het Bbz")


def test_an_answer_after_a_full_last_line_of_its_question_is_an_answer() -> None:
    """Question 2 of Kamervraag 1432 ends on a full line.

    The gap before "Antwoord 2" tells where it ends; before, the answer was read as
    part of the question.
    """
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    passages = _tk_passages(REALDOCS / "ah-2023-2024-1432.pdf")
    asked = [p.numbers for p in passages if p.part == "question"]
    assert asked == [(n,) for n in range(1, 7)]
    two = [p for p in passages if p.numbers == (2,)]
    assert [p.part for p in two] == ["question", "answer"]
    assert two[0].text.endswith("verregaande maatregelen op dit vlak namen? 3")  # note mark
    assert two[1].text.startswith("Het is mij bekend dat er lokale overheden zijn")


def test_same_passages_from_pdf_html_and_odt() -> None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    found = {
        ext: [
            (p.part, p.numbers, p.text)
            for p in _tk_passages(REALDOCS / f"ah-tk-20202021-3235.{ext}")
        ]
        for ext in ("pdf", "html", "odt", "xml")
    }
    assert found["pdf"] == found["html"] == found["odt"] == found["xml"]


def test_a_motion_gives_the_same_clauses_in_every_format() -> None:
    """The PDF's clauses are told apart by the space between them.

    The last line of the first "verzoekt de regering" is full: line lengths cannot tell.
    The HTML and ODT set "De Kamer," and "gehoord de beraadslaging," as paragraphs of
    their own; they go on with the clause after them, as in the PDF. Above the clauses,
    the HTML and ODT make the dossier title a heading where the PDF and XML have a line,
    and the ODT's masthead table is headings.
    """
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    found = {
        ext: [(p.part, p.text) for p in _tk_passages(REALDOCS / f"kst-32545-143.{ext}")]
        for ext in ("pdf", "html", "odt", "xml")
    }
    clauses = {ext: [p for p in ps if p[1][:1].islower() or p[1].startswith("De Kamer")]
               for ext, ps in found.items()}  # fmt: skip
    assert clauses["pdf"] == clauses["html"] == clauses["odt"] == clauses["xml"]
    assert [text.split(" dat ")[0] for _, text in clauses["pdf"]] == [
        "De Kamer, gehoord de beraadslaging, constaterende",
        "constaterende",
        "overwegende",
        "verzoekt de regering, om een grensspaarsaldo te definiëren waaronder een negatieve"
        " spaarrente onwenselijk is en met de banken in gesprek te gaan om afspraken te"
        " maken over het borgen van deze ondergrens;",
        "verzoekt de regering tevens, om, indien de Minister constateert",
    ]
    assert (
        found["pdf"][0]
        == found["xml"][0]
        == ("body", "32 545 Wet- en regelgeving financiële markten")
    )
    assert [len(ps) for ps in found.values()] == [6, 5, 5, 6]  # the rest: headings everywhere
