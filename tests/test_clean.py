"""clean: whole paragraphs from the seeds' extracted lines and a real PDF's pages."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import clean as clean_module
from briefgen.clean import clean
from briefgen.models import Block, CleanText, RawDocument
from briefgen.read import read_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
REALDOCS = Path(__file__).resolve().parent / "fixtures" / "realdocs"
ACCEPTABLE_ENDS = ".:;?!’”)"


def _seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


def _clean_txt(path: Path) -> CleanText:
    return clean(RawDocument(path, "txt", (Block(path.read_text("utf-8")),)))


def _clean_pdf(path: Path) -> CleanText:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(path)
    pages = tuple(
        Block(page.extract_text() or "", page=n) for n, page in enumerate(reader.pages, 1)
    )
    return clean(RawDocument(path, "pdf", pages))


def _paragraphs(result: CleanText, kind: str | None = None) -> list[str]:
    return [result.text[p.start : p.end] for p in result.paragraphs if kind in (None, p.kind)]


def _nonspace(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace() and ch not in "-\u00ad")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanText]:
    return {path.name[:3]: _clean_txt(path) for path in SEEDS}


def test_education_paragraph_of_004_is_whole(cleaned: dict[str, CleanText]) -> None:
    hits = [
        p
        for p in _paragraphs(cleaned["004"])
        if p.startswith("Op het vlak van onderwijs wordt er samengewerkt")
    ]
    assert len(hits) == 1
    assert hits[0].endswith("European year of skills’.")
    assert "Ook hebben Nederland en Vlaanderen een hernieuwde impuls" in hits[0]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_paragraph_ends_mid_sentence(cleaned: dict[str, CleanText], prefix: str) -> None:
    result = cleaned[prefix]
    for para in result.paragraphs:
        text = result.text[para.start : para.end]
        if text[-1] not in ACCEPTABLE_ENDS:
            assert para.kind != "paragraph", text


def test_blank_line_is_no_break_in_double_spaced_text(cleaned: dict[str, CleanText]) -> None:
    first = _paragraphs(cleaned["003"])[1]
    assert first.startswith("Vandaag vond de 4e Vlaams-Nederlandse top plaats in Middelburg.")
    assert first.endswith("op zoveel mogelijk concrete dossiers.")


def test_page_break_inside_a_sentence_does_not_split_it(cleaned: dict[str, CleanText]) -> None:
    assert "North Sea Port is in gesprek met andere havenbedrijven over" in cleaned["003"].text
    assert "bezoek aan elkaars werkplek voor informatie-uitwisseling" in cleaned["002"].text
    assert "participeren enkele Nederlandse inspecteurs" in cleaned["002"].text


def test_page_break_after_a_sentence_keeps_paragraphs(cleaned: dict[str, CleanText]) -> None:
    paras = _paragraphs(cleaned["000"])
    assert any(p.endswith("kan veel waardevolle inzichten bieden.") for p in paras)
    assert any(p.startswith("Mijn Nederlandse collega’s zijn geïnspireerd") for p in paras)


@pytest.mark.parametrize(
    ("prefix", "word"),
    [
        ("004", "minister-presidenten"),
        ("004", "nul-emissie"),
        ("004", "Hamont-Weert"),
        ("004", "niet-beroepsactieven"),
        ("004", "Interreg-financiering"),
        ("004", "tank- en laadinfrastructuur"),
        ("003", "Noord-Brabant"),
        ("003", "2020-2100"),
        ("003", "LinC LL-opleidingsprogramma"),
    ],
)
def test_real_hyphens_at_line_ends_are_kept(
    cleaned: dict[str, CleanText], prefix: str, word: str
) -> None:
    assert word in cleaned[prefix].text


def test_pdf_hyphenation_joins_and_page_furniture_goes() -> None:
    result = _clean_pdf(REALDOCS / "ah-tk-20202021-3235.pdf")
    for word in ("beperktere looptijd", "noodmaatregelen", "voorgeschreven", "vastgesteld"):
        assert word in result.text
    assert "beperk-" not in result.text
    assert "Tweede Kamer, vergaderjaar" not in result.text  # running footer with page number
    assert "Antwoord 3" in _paragraphs(result, "heading")
    answer = next(p for p in _paragraphs(result) if p.startswith("Ja. Volledigheidshalve"))
    assert answer.endswith("zelfstandigen 2004 (Bbz).")


@pytest.mark.parametrize(
    ("broken", "whole"),
    [  # line ends in the pypdf text of Kamervragen 2023-2024 nrs. 2168, 1178 and 2210
        ("leveringszekerheidspro-\nblemen", "leveringszekerheidsproblemen"),
        ("cyberbevei-\nliging", "cyberbeveiliging"),
        ("stikstofproblema-\ntiek", "stikstofproblematiek"),
        ("de Energieverken-\nning", "de Energieverkenning"),
        ("de nul-\nemissie", "de nul-emissie"),  # "emissie" is a word: a compound's hyphen
    ],
)
def test_a_break_inside_a_compounds_last_word_is_joined(broken: str, whole: str) -> None:
    text = f"De minister noemt {broken} in het antwoord op de vragen van het lid."
    result = clean(RawDocument(Path("x.txt"), "txt", (Block(text),)))
    assert result.text == f"De minister noemt {whole} in het antwoord op de vragen van het lid."


def test_a_one_page_motion_loses_only_its_colophon() -> None:
    result = _clean_pdf(REALDOCS / "kst-32545-143.pdf")
    for furniture in ("ISSN", "kst-32545-143", "’s-Gravenhage", "vergaderjaar 2020–2021"):
        assert furniture not in result.text
    assert _paragraphs(result, "heading")[-2:] == ["Inge van Dijk", "Grinwis"]
    assert "Voorgesteld 6 juli 2021" in _paragraphs(result, "heading")  # the rest stays


def test_letterhead_furniture_repeated_on_pages_goes() -> None:
    result = _clean_pdf(REALDOCS / "kamerbrief_OCW_2018_leerlingendaling_p1-3.pdf")
    assert "Pagina" not in result.text
    assert "Onze referentie" not in result.text
    assert "In deze brief beantwoord ik de vragen" in result.text


def test_furniture_is_only_dropped_from_paged_input() -> None:
    pages = ["Eerste zin van de brief.\nPagina 1 van 2", "Tweede zin van de brief.\nPagina 2 van 2"]
    paged = clean(RawDocument(Path("brief.txt"), "txt", (Block("\f".join(pages)),)))
    single = clean(RawDocument(Path("brief.txt"), "txt", (Block("\n".join(pages)),)))
    assert "Pagina" not in paged.text
    assert "Pagina 1 van 2" in single.text


def test_a_line_ending_in_an_initial_runs_on_into_the_name() -> None:
    path = REALDOCS / "besluitenlijst_procedurevergadering_BiZa_2009-04-02.pdf"
    texts = _paragraphs(_clean_pdf(path))
    assert (
        "Zaak: Brief regering - staatssecretaris van Verkeer en Waterstaat, Huizinga-Heringa"
        " J.C. - 5 maart 2009"
    ) in texts  # before: cut after "J.C.", and "- 5 maart 2009" a list item
    assert (
        "Zaak: Brief van lid/fractie/commissie - voorzitter van het Presidium, Verbeet G.A."
        " (PvdA) - 13 maart 2009"
    ) in texts


def _clean_real(name: str) -> list[str]:
    return _paragraphs(clean(read_document(REALDOCS / name)))


def test_a_bilingual_report_keeps_the_paragraphs_its_html_gives() -> None:
    """A re-read as text glued the French paragraph to the Dutch one around it."""
    texts = _clean_real("dekamer_56_commissie_landsverdediging_56-165.html")
    dutch = next(t for t in texts if t.startswith("De teksten die cursief"))
    french = next(t for t in texts if t.startswith("Les textes figurant en italique"))
    assert dutch.endswith("de spreker heeft ingediend.") and "Les textes" not in dutch
    assert "De teksten" not in french
    titles = [t for t in texts if t.startswith("- Annick Ponthier aan Theo Francken")]
    assert len(titles) == 5 and all(t.count(" aan Theo Francken") == 1 for t in titles)


def test_a_paragraph_goes_on_in_the_next_where_it_visibly_runs_on() -> None:
    texts = _clean_real("dekamer_56_commissie_justitie_56-238.html")
    assert (
        '"De Kamer, gehoord de interpellatie van de heer Alexander Van Hoecke en het antwoord'
        " van de minister van Justitie, belast met de Noordzee, vraagt de federale regering:"
    ) in texts  # three <p>: "De Kamer," / "gehoord de ..." / "en het antwoord ..."
    assert "Geachte minister," in texts  # a salutation: the next paragraph starts anew
    title, date = texts[:2]  # the report's masthead table: headings, rule lines gone
    assert title == "Commissie voor Justitie | Commission de la Justice"
    assert (
        date == "van Woensdag 12 november 2025 Namiddag | du Mercredi 12 novembre 2025 Après-midi"
    )


def test_a_pdf_paragraph_goes_on_only_where_it_visibly_runs_on() -> None:
    """A read-back of a decision list would glue a decision to what follows it."""
    listed = _paragraphs(
        clean(read_document(REALDOCS / "besluitenlijst_procedurevergadering_BiZa_2009-04-02.pdf"))
    )
    decided = (
        "Besluit: Rondetafelgesprek organiseren met nog na de briefing te inventariseren deelnemers"
    )
    assert decided in listed and "Volgcommissie(s): OCW, JUST" in listed
    report = _paragraphs(
        clean(read_document(REALDOCS / "toegankelijkheidsonderzoek_open.minvws.nl_p1-3.pdf"))
    )
    (summary,) = [t for t in report if "47 van 56" in t]
    assert "Er wordt voldaan aan 47 van 56 succescriteria (83 %)." in summary


def test_bullets_stay_separate_items(cleaned: dict[str, CleanText]) -> None:
    items = _paragraphs(cleaned["001"], "list_item")
    assert len(items) == 5
    assert items[0] == (
        "•Goede praktijken te inventariseren en na te gaan hoe deze vertaald kunnen worden "
        "naar de Vlaamse en Nederlandse context;"
    )
    assert items[-1].endswith("aanbevelingen voor het verbeteren ervan.")
    assert any(
        p.startswith("2. Naast het digitaliseringsaspect") for p in _paragraphs(cleaned["001"])
    )


def test_flattened_tables_become_labelled_rows(cleaned: dict[str, CleanText]) -> None:
    result = cleaned["002"]
    rows = {
        (p.label, result.text[p.start : p.end]) for p in result.paragraphs if p.kind == "table_row"
    }
    assert (
        "Nederlands-Vlaamse Accreditatie Organisatie — Budget",
        "In 2015 ontvangt de NVAO een subsidie van 2.428.000 euro.",
    ) in rows
    assert (
        "Nederlandse Taalunie — Budget",
        "Het Vlaamse budget wordt voorzien vanuit het beleidsdomein Cultuur.",
    ) in rows
    taalunie = [t for label, t in rows if label == "Nederlandse Taalunie — Doelstelling"]
    assert taalunie[0].startswith(
        "De Taalunie is de beleidsorganisatie van Nederland, Vlaanderen en Suriname"
    )
    assert sum(t == "Geen budget" for _, t in rows) == 3
    labels = {label.split(" — ")[0] for label, _ in rows}
    assert len(labels) == 7
    for _, text in rows:  # no row runs on into the next row's label
        assert not any(label in text for label in labels if label != "Nederlandse Taalunie")


def test_offsets_index_the_text_exactly(cleaned: dict[str, CleanText]) -> None:
    for result in cleaned.values():
        assert result.text == "\n\n".join(_paragraphs(result))
        for para in result.paragraphs:
            piece = result.text[para.start : para.end]
            assert piece and piece == piece.strip() and "\n" not in piece


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_only_hyphens_and_spaces_change(path: Path) -> None:
    source = path.read_text("utf-8")
    assert _nonspace(_clean_txt(path).text) == _nonspace(source)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_clean_is_idempotent(path: Path) -> None:
    once = _clean_txt(path)
    twice = clean(RawDocument(path, "txt", (Block(once.text),)))
    assert twice.text == once.text


def test_spaces_and_soft_hyphens_normalised_quotes_kept() -> None:
    line = "Nederland\u00a0en  Vlaanderen verwelkomen ‘skills’ op Europees niveau in de\u00ad\n"
    result = clean(RawDocument(Path("x.txt"), "txt", (Block(line + "tweede helft.  \n"),)))
    assert (
        result.text
        == "Nederland en Vlaanderen verwelkomen ‘skills’ op Europees niveau in detweede helft."
    )


def test_structured_blocks_keep_their_kinds(cleaned: dict[str, CleanText]) -> None:
    intro = _paragraphs(cleaned["004"])[4]  # "Op 31 januari 2023 ... minister-presidenten ..."
    assert "minister-presidenten" in intro
    blocks = (
        Block("1.  Verbonden door taal, cultuur en waarden", kind="heading", level=1),
        Block(intro.replace("minister-presidenten", "minister-\npresidenten"), kind="paragraph"),
        Block("Pagina 2 van 9", kind="paragraph"),
        Block(_paragraphs(cleaned["001"], "list_item")[0], kind="list_item"),
        Block(
            "NVAO | In 2015 ontvangt de NVAO een subsidie van 2.428.000 euro.",
            kind="table_row",
            cells=("NVAO", "In 2015 ontvangt de NVAO een subsidie van 2.428.000 euro."),
        ),
    )
    result = clean(RawDocument(Path("x.docx"), "docx", blocks))
    kinds = [(p.kind, p.level, p.label) for p in result.paragraphs]
    assert kinds == [
        ("heading", 1, ""),
        ("paragraph", 0, ""),
        ("list_item", 0, ""),
        ("table_row", 0, "NVAO"),
    ]
    assert _paragraphs(result)[:2] == ["1. Verbonden door taal, cultuur en waarden", intro]


@pytest.mark.parametrize("text", ["", " \n\n\t", "\f\f", "-", "•", "1.", "\u00ad", "a-\n\nb"])
def test_degenerate_input_does_not_raise(text: str) -> None:
    result = clean(RawDocument(Path("x.txt"), "txt", (Block(text),)))
    assert result.text == "\n\n".join(_paragraphs(result))


# The fast paths (line shapes worked out once, a window width by bisection, a page
# normalised in one pass, the word list read from its file) decide exactly as the
# plain rules they replaced, on generated input.

PIECES = st.sampled_from(
    [
        "de", "minister", "Vlaanderen", "ONDERWIJS", "TOP", "samen-", "werking", "2023",
        "1.", "a)", "o", "-", "–", "•", "datum:", "Titel:", "euro.", "vraag?", "ja!", "»?1",
        "1,", "”", ")", "İ", "ı", "ſ", "K", "é", "\u00a0", "\t", "\u00ad", "  ",
        "zullen", "wil", "afgesproken", "nog niet", "MoU", "ondertekend", "gekeken",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=14).map(" ".join)


def _plain_ends_sentence(text: str) -> bool:
    if re.search(r"(?:[?!»”’)]|[^\W\d]\.)\d{1,2}$", text[-4:]):
        text = text.rstrip("0123456789")
    core = text.rstrip("’”\"'»)]")
    return bool(core) and core[-1] in ".?!:;"


def _plain_is_caps(text: str) -> bool:
    if text != text.upper() or text == text.lower():
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 8 or (letters >= 5 and " " in text)


@settings(max_examples=400, deadline=None)
@given(TEXT.filter(bool))
def test_line_shape_is_the_plain_predicates(text: str) -> None:
    line = clean_module._Line(text)
    assert line.ends == _plain_ends_sentence(text)
    assert line.caps == _plain_is_caps(text)
    assert line.field == bool(clean_module._FIELD.match(text))
    assert line.runs_on == (text.endswith(",") or clean_module._word_hyphen_end(text))
    bullet = bool(clean_module._BULLET.match(text))
    assert line.stops == (bullet and not clean_module._DASH_BULLET.match(text))
    item = clean_module._ITEM.match(text) or clean_module._DASH_BULLET.match(text)
    assert line.item == bool(item)
    assert line.first_word == len(text.split(" ", 1)[0])


def _plain_width(lengths: Sequence[int], i: int) -> int | None:
    window = sorted([*lengths[max(0, i - 10) : i], *lengths[i + 1 : i + 11]], reverse=True)
    if not window:
        return None
    width = window[1] if len(window) > 1 else window[0]
    near = sum(n >= 0.75 * width for n in window)
    wrapped = width <= 250 and lengths[i] <= 1.15 * width and near >= 0.3 * len(window)
    return width if wrapped else None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 320), min_size=1, max_size=40))
def test_window_width_is_the_sorted_window_rule(lengths: list[int]) -> None:
    assert [clean_module._width_at(lengths, i) for i in range(len(lengths))] == [
        _plain_width(lengths, i) for i in range(len(lengths))
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=6))
def test_a_page_is_normalised_as_its_lines_one_by_one(lines: list[str]) -> None:
    assert clean_module._normalise_lines(lines) == [clean_module._normalise_line(x) for x in lines]


VOCAB = st.lists(st.sampled_from(["samen", "werking", "-", " ", "é", "İ", "1", "_", "a", "SAMEN"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(VOCAB.map("".join), max_size=3), VOCAB.map("".join))
def test_vocabulary_lookup_is_membership_in_the_listed_words(texts: list[str], word: str) -> None:
    listed = set(clean_module._WORDS.findall(" ".join(texts).lower()))
    assert (word in clean_module._Vocabulary(texts)) == (word in listed)
    for w in listed:
        assert w in clean_module._Vocabulary(texts)


def test_the_word_list_is_the_spellcheckers() -> None:
    from spellchecker import SpellChecker

    checker = SpellChecker(language="nl", case_sensitive=False)
    assert clean_module._dutch_words() == set(checker.word_frequency.dictionary)
