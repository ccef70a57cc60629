"""Word output: outline, tables, footer, properties, house templates, any text."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_sample import AGODI_ROW, TSI, hostile_briefing, sample_briefing

from briefgen.errors import ConfigError, NotFoundError
from briefgen.models import Briefing
from briefgen.render import jsondata, render
from briefgen.render.word import render_binder_docx

AGODI_GOAL = f"{AGODI_ROW} — Doelstelling"
REAL_DOCX = (
    Path(__file__).resolve().parent
    / "fixtures"
    / "realdocs"
    / "Eindrapportage_genAI_2023_v0.3.docx"
)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _styled(doc: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


@pytest.fixture(scope="module")
def dutch() -> docx.document.Document:
    return _open(render(sample_briefing(), "docx"))


def test_outline_uses_heading_styles(dutch: docx.document.Document) -> None:
    assert dutch.paragraphs[0].style.name == "Title"
    assert dutch.paragraphs[0].text == "Briefing: Onderwijs"
    assert _styled(dutch, "Heading 1") == [
        "Kern", "Achtergrond", "Eerdere engagementen", "Openstaande punten",
        "Tijdlijn", "Bedragen", "Bronnen",
    ]  # fmt: skip
    assert (
        "[5] Nederlands-Vlaamse onderwijstop - Vervolg (Schriftelijke vraag nr. 385, 26 april 2024)"
        in _styled(dutch, "Heading 2")
    )
    quotes = _styled(dutch, "Quote")
    assert f"“{TSI}” [5,\u00a0antw.\u00a01+3]" in quotes
    assert len(_styled(dutch, "List Number")) == 5  # the Kern


def test_tables_have_repeated_bold_header_rows(dutch: docx.document.Document) -> None:
    headers = [[c.text for c in t.rows[0].cells] for t in dutch.tables]
    assert headers == [
        ["Datum", "Gebeurtenis", "Bron"],
        ["Wat", "Bedrag", "Jaarlijks of eenmalig", "Bron"],
        ["#", "Soort", "Nr.", "Titel", "Datum", "Link"],
    ]
    for table in dutch.tables:
        assert table.style is not None and table.style.name == "Light Grid Accent 1"
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    timeline, amounts, sources = (
        [[c.text for c in r.cells] for r in t.rows[1:]] for t in dutch.tables
    )
    assert "23 januari 2023" in [r[0] for r in timeline]
    assert ["€ 700.000", "eenmalig"] in [r[1:3] for r in amounts]
    assert ["ca. € 1,5 miljoen", "niet vermeld"] in [r[1:3] for r in amounts]
    assert ["€ 3,33 miljoen", "per jaar"] in [r[1:3] for r in amounts]
    assert [r[0] for r in sources] == ["1", "2", "3", "4", "5"]


def test_citations_link_to_the_sources_table(dutch: docx.document.Document) -> None:
    body = dutch.element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert anchors == {f"bron_{n}" for n in range(1, 6)}
    assert anchors <= bookmarks


def test_footer_numbers_pages(dutch: docx.document.Document) -> None:
    footer = dutch.sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text.startswith("Briefing: Onderwijs — Pagina ")


def test_core_properties(dutch: docx.document.Document) -> None:
    props = dutch.core_properties
    assert props.title == "Briefing: Onderwijs"
    assert props.subject == "Onderwijs"
    assert props.language == "nl-BE"
    assert props.author == "briefgen"
    assert props.created.replace(tzinfo=None) == datetime(2024, 5, 6)
    assert props.modified.replace(tzinfo=None) == datetime(2024, 5, 6)
    assert props.comments == ""


def test_a4_page_and_proofing_language() -> None:
    doc = _open(render(sample_briefing(), "docx"))
    lang = (
        doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0].find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "nl-BE"
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_english(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _open(render(sample_briefing("en", "en_GB"), "docx"))
    assert _styled(doc, "Heading 1")[:4] == [
        "Key points",
        "Background",
        "Previous commitments",
        "Open points",
    ]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "23 January 2023" in cells and "€700,000" in cells and "approx. €1.5 million" in cells
    assert f"“{TSI}” (NL) [5,\u00a0antw.\u00a01+3]" in _styled(doc, "Quote")
    assert doc.core_properties.language == "en-GB"
    assert "Page" in doc.sections[0].footer.paragraphs[0].text


def test_identical_input_gives_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render(sample_briefing(), "docx")
    later = time.time() + 86_400 * 3
    monkeypatch.setattr(time, "time", lambda: later)  # zipfile stamps entries with the clock
    assert render(sample_briefing(), "docx") == first


def test_explain_adds_reasons_in_the_briefings_language() -> None:
    doc = _open(render(sample_briefing(), "docx", explain=True))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Waarom hier: de zin bevat ‘besloten’: er is een beslissing genomen" in paragraphs
    doc = _open(render(sample_briefing("en", "en_GB"), "docx", explain=True))
    assert "Why here: cue 'besloten': a decision was taken" in [p.text for p in doc.paragraphs]


def test_a_label_shared_by_consecutive_quotes_is_written_once(
    seed_briefing: Callable[[str], Briefing],
) -> None:
    """The label as a bold lead, its quotes as indented bullets, each with its linked citation."""
    briefing = seed_briefing("nl")
    quotes = [
        it["text"]
        for it in jsondata.briefing_data(briefing)["sections"][0]["items"]
        if it["sources"][0]["ref"] == 1 and it["label"] == AGODI_GOAL
    ]
    paragraphs = _open(render(briefing, "docx")).paragraphs
    start = [p.text for p in paragraphs].index("Achtergrond")
    assert paragraphs[start + 1].text.startswith("[1] Samenwerking Vlaanderen-Nederland")
    end = next(i for i in range(start + 2, len(paragraphs)) if paragraphs[i].style.name != "Quote")
    source_1 = paragraphs[start + 2 : end]
    (lead,) = [p for p in source_1 if AGODI_GOAL in p.text]
    assert lead.text == f"{AGODI_GOAL}:" and lead.runs[0].bold
    n = source_1.index(lead)
    under = source_1[n + 1 : n + 1 + len(quotes)]
    assert len(quotes) == 5
    assert [p.text for p in under] == [f"• “{q}” [1,\u00a0antw.\u00a02-3]" for q in quotes]
    for p in under:
        assert p.paragraph_format.left_indent > (lead.paragraph_format.left_indent or 0)
        assert [h.get(qn("w:anchor")) for h in p._p.iter(qn("w:hyperlink"))] == ["bron_1"]
    assert not source_1[n + 1 + len(quotes)].text.startswith("•")


def test_hostile_text_is_written_literally() -> None:
    doc = _open(render(hostile_briefing(), "docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "<script>alert(1)</script> [x](javascript:alert(1)) a | b" in text
    assert "\x00" not in text + cells and "\x1b" not in text + cells
    assert "\ufffd eenzaam" in text
    assert "javascript:alert(1)" in cells  # the link is shown as text, not made a hyperlink
    assert all(h.get(qn("r:id")) is None for h in doc.element.body.iter(qn("w:hyperlink")))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60), st.text(max_size=20))
def test_any_text_gives_a_valid_docx(text: str, label: str) -> None:
    base = sample_briefing()
    kern = (replace(base.kern[0], text=text, label=label), *base.kern[1:])
    data = render(replace(base, subject=label, kern=kern, notes=(text,)), "docx")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    _open(data)


# -------------------------------------------------------------------- house style


def _house(path: Path, *, drop: tuple[str, ...] = ()) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.left_margin = Cm(3.3)
    section.header.paragraphs[0].text = "Departement Onderwijs en Vorming — huisstijl"
    style = doc.styles.add_style("Huisstijl Notitie", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "Calibri"
    doc.add_paragraph("Oude inhoud die moet verdwijnen", style=style)
    doc.add_table(rows=2, cols=2)
    for name in drop:
        element = doc.styles[name].element
        element.getparent().remove(element)
    doc.save(str(path))
    return path


def _with_template(briefing: Briefing, template: Path) -> docx.document.Document:
    return _open(render(briefing, "docx", docx_template=template))


def test_house_template_keeps_header_styles_and_page(tmp_path: Path) -> None:
    doc = _with_template(sample_briefing(), _house(tmp_path / "house.docx"))
    assert (
        doc.sections[0].header.paragraphs[0].text == "Departement Onderwijs en Vorming — huisstijl"
    )
    assert abs(doc.sections[0].left_margin - Cm(3.3)) < Cm(0.01)
    assert "Huisstijl Notitie" in [s.name for s in doc.styles]
    texts = [p.text for p in doc.paragraphs]
    assert "Oude inhoud die moet verdwijnen" not in texts
    assert len(doc.tables) == 3  # the template's own table went with its body
    assert _styled(doc, "Heading 1")[0] == "Kern"


def test_house_template_missing_styles_get_plain_ones(tmp_path: Path) -> None:
    template = _house(
        tmp_path / "bare.docx", drop=("Heading 1", "Title", "Quote", "Intense Quote", "List Number")
    )
    doc = _with_template(sample_briefing(), template)
    headings = _styled(doc, "Heading 1")
    assert headings[0] == "Kern"
    outline = doc.styles["Heading 1"].element.find(qn("w:pPr")).find(qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "0"  # still in the navigation pane
    assert _styled(doc, "Title") == ["Briefing: Onderwijs"]
    kern = [p.text for p in doc.paragraphs if p.text[:1].isdigit() and p.text[1:4] == ". “"]
    assert len(kern) == 5 and kern[0].startswith("1. “")  # no List Number style: numbered by hand


def test_binder_with_a_house_template_adds_only_the_styles_it_uses(tmp_path: Path) -> None:
    """A chapter's headings go one level down; a template without Heading 3 gets a plain one.

    The single briefing does not use Heading 3 or TOC Heading, so it does not add them.
    """
    template = _house(tmp_path / "bare.docx", drop=("Heading 3", "TOC Heading"))
    single = _with_template(sample_briefing(), template)
    assert not {"Heading 3", "TOC Heading"} & {s.name for s in single.styles}
    chapter = {"name": "Onderwijs", "briefing": jsondata.briefing_data(sample_briefing())}
    binder = _open(
        render_binder_docx(
            [{**chapter, "failed": None}],
            lang="nl",
            locale="nl_BE",
            generated=datetime(2024, 5, 6).date(),
            template=template,
        )
    )
    assert binder.sections[0].header.paragraphs[0].text.endswith("huisstijl")
    assert _styled(binder, "Heading 1") == ["Onderwijs"]
    assert _styled(binder, "Heading 2") == _styled(single, "Heading 1")
    assert _styled(binder, "Heading 3") == _styled(single, "Heading 2")
    outline = binder.styles["Heading 3"].element.find(qn("w:pPr")).find(qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "2"
    assert _styled(binder, "TOC Heading") == ["Inhoudsopgave"]


def test_real_word_document_as_template(tmp_path: Path) -> None:
    original = docx.Document(str(REAL_DOCX))
    old_text = {p.text for p in original.paragraphs if len(p.text) > 40}
    doc = _with_template(sample_briefing(), REAL_DOCX)
    assert not old_text & {p.text for p in doc.paragraphs}
    assert _styled(doc, "Heading 1")[:2] == ["Kern", "Achtergrond"]
    assert (
        doc.sections[-1].header.is_linked_to_previous
        == original.sections[-1].header.is_linked_to_previous
    )


def test_broken_templates_are_config_errors(tmp_path: Path) -> None:
    not_zip = tmp_path / "kapot.docx"
    not_zip.write_bytes(b"dit is geen Word-bestand")
    with pytest.raises(ConfigError, match=r"kapot\.docx: not a usable Word template"):
        render(sample_briefing(), "docx", docx_template=not_zip)
    wrong_zip = tmp_path / "leeg.docx"
    with zipfile.ZipFile(wrong_zip, "w") as z:
        z.writestr("hallo.txt", "geen document")
    with pytest.raises(ConfigError, match=r"leeg\.docx"):
        render(sample_briefing(), "docx", docx_template=wrong_zip)
    with pytest.raises(NotFoundError, match="does not exist"):
        render(sample_briefing(), "docx", docx_template=tmp_path / "weg.docx")
