"""Word output with python-docx: a briefing an advisor can hand on as it is.

Real Title/Heading styles (the navigation pane shows the outline), quotes in the Quote
style, tables with a repeated bold header row, citations ``[n]`` that link to the
numbered sources table, page numbers in the footer. With a house-style template its
body is replaced and its styles, page set-up, headers, footers and logo are kept; a
style it lacks is added with a plain look rather than failing. Styles are resolved
once to their ids and set by id, since python-docx looks names up by scanning.
Identical input gives identical bytes: dates come from the briefing, zip entries get
fixed timestamps, no random ids.

The other Word outputs (answer drafts, meeting briefings) are built from the same
parts: ``build_docx`` with a ``DocxWriter`` subclass that writes its own parts from the
shared building blocks, and ``nobreak`` for a citation inside running text. The binder
of a batch (``render_binder_docx``) writes each theme's briefing as a chapter with the
same writer, its headings one level down and its bookmarks prefixed per chapter.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefgen.errors import ConfigError, NotFoundError
from briefgen.models import Briefing, cited_number
from briefgen.render.i18n import gettext
from briefgen.render.jsondata import QUOTES_LANG, briefing_data, xml_safe
from briefgen.render.present import Presenter, consecutive_by_label

_FIELD_RE = re.compile(r"\{(page|pages)\}")
_BOOKMARK = "bron_{}"  # bookmark on a source's row; citations link to it
_TOC = 'TOC \\o "1-2" \\h \\z \\u'  # headings 1-2 as links; \z \u as Word writes its own
_TABLE_FONT = Pt(9)

# Per role: (style names by preference, outline level, bold, italic, size in pt). A role
# whose styles a house template lacks gets its first name added with this plain look.
_ROLES: dict[str, tuple[tuple[str, ...], int | None, bool, bool, int | None]] = {
    "title": (("Title",), None, True, False, 24),
    "h1": (("Heading 1",), 0, True, False, 15),
    "h2": (("Heading 2",), 1, True, False, 12),
    "h3": (("Heading 3",), 2, True, False, 11),
    "toc": (("TOC Heading",), None, True, False, 15),
    "quote": (("Quote", "Intense Quote"), None, False, True, None),
    "list": (("List Number",), None, False, False, None),
    "footer": (("Footer",), None, False, False, 8),
}


def render_docx(
    briefing: Briefing, template: Path | None = None, *, explain: bool = False
) -> bytes:
    """The briefing as the bytes of a .docx file."""
    return build_docx(
        _BriefingWriter,
        briefing_data(briefing),
        lang=briefing.lang,
        locale=briefing.locale,
        generated=briefing.generated,
        template=template,
        explain=explain,
    )


def render_binder_docx(
    themes: Sequence[dict[str, Any]],
    *,
    lang: str,
    locale: str,
    generated: date,
    template: Path | None = None,
) -> bytes:
    """One Word document of many theme briefings, for a printed binder.

    ``themes`` in order, each ``{"name", "briefing", "failed"}``: the briefing's data
    (``briefing_data``) as its chapter, or the reason it failed, for the title page.
    """
    data = {
        "subject": gettext(lang, "Briefings by theme"),
        "theme": None,
        "lang": lang,
        "locale": locale,
        "quotes_lang": QUOTES_LANG,
        "generated": generated.isoformat(),
        "themes": list(themes),
    }
    return build_docx(
        _BinderWriter, data, lang=lang, locale=locale, generated=generated, template=template
    )


def build_docx(
    writer: type[DocxWriter],
    data: dict[str, Any],
    *,
    lang: str,
    locale: str,
    generated: date,
    template: Path | None = None,
    explain: bool = False,
) -> bytes:
    """A document written by ``writer`` (a ``DocxWriter`` subclass) as .docx bytes.

    One place for what every Word output shares: the house template or the default,
    the proofing language, core properties and fixed zip timestamps (deterministic).
    """
    doc = _open(template)
    if template is None:  # a house template keeps its own proofing language
        _default_language(doc, locale.replace("_", "-"))
    w = writer(doc, data, Presenter(lang, locale), explain)
    w.write()
    _core_properties(doc, data, w.title, generated)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue(), generated)


def _open(template: Path | None) -> Document:
    """A blank A4 document, or the house template with its body emptied (sectPr kept)."""
    if template is None:
        doc = docx.Document()
        for section in doc.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin = section.bottom_margin = Cm(2.2)
        return doc
    if not template.is_file():
        raise NotFoundError(f"Word template {template} does not exist")
    try:
        doc = docx.Document(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ConfigError(
            f"{template}: not a usable Word template ({type(exc).__name__})",
            hint="give a .docx file saved by Word or LibreOffice",
        ) from exc
    except Exception as exc:  # lxml's parse errors and others from a damaged package
        raise ConfigError(f"{template}: damaged Word template ({type(exc).__name__})") from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


class DocxWriter:
    """The building blocks of a briefgen Word document and the parts every kind shares.

    A subclass writes one kind of document (theme briefing, answer draft, meeting
    briefing) in ``write``, in reading order, from these blocks; ``title`` names the
    document in its footer and core properties. Text goes through ``xml_safe``, styles
    are set by id (resolved on first use, so a house template gains only the styles the
    document uses), and citations link to the rows of the sources table.

    A writer of one chapter in a larger document (the binder) gets a ``depth``, which
    moves its headings that many levels down, and an ``anchor`` prefix for its bookmarks,
    so that its citations link to its own sources table and no other chapter's.
    """

    def __init__(
        self,
        doc: Document,
        data: dict[str, Any],
        present: Presenter,
        explain: bool,
        *,
        depth: int = 0,
        anchor: str = "",
    ):
        self.doc = doc
        self.data = data
        self.p = present
        self.explain = explain
        self.depth = depth
        self.anchor = anchor
        self.lang: str = data["lang"]
        self.styles: dict[str, str | None] = {}
        self.table_style = _table_style_id(doc)
        self.marker = (
            f" ({data['quotes_lang'].upper()})" if self.lang != data["quotes_lang"] else ""
        )
        self.title = self._("Briefing: %(subject)s") % {"subject": data["subject"]}

    def _(self, message: str) -> str:
        """``message`` in the document's language (the gettext keyword of the catalogues)."""
        return gettext(self.lang, message)

    def write(self) -> None:
        """The whole document, in reading order."""
        raise NotImplementedError

    # -------------------------------------------------------------- building blocks

    def style(self, role: str) -> str | None:
        """The style id of ``role`` (a key of ``_ROLES``); None: write without a style."""
        if role not in self.styles:
            self.styles[role] = _style_id(self.doc, role)
        return self.styles[role]

    def para(self, text: str = "", role: str | None = None) -> Paragraph:
        """A paragraph in the style of ``role`` (a key of ``_ROLES``), or plain."""
        paragraph = self.doc.add_paragraph()
        style = self.style(role) if role else None
        if style:
            paragraph._p.style = style
        if text:
            paragraph.add_run(xml_safe(text))
        return paragraph

    def outline(self, text: str, level: int) -> Paragraph:
        """A heading of ``level`` (1 or 2) in this writer's outline, ``depth`` levels down."""
        return self.para(text, f"h{level + self.depth}")

    def note(self, text: str) -> Paragraph:
        """An italic paragraph: what briefgen says, as opposed to what a source says."""
        paragraph = self.para()
        paragraph.add_run(xml_safe(text)).italic = True
        return paragraph

    def labelled(self, label: str, value: str) -> None:
        """A "Label: value" line of the facts at the top of a document."""
        paragraph = self.para()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(xml_safe(value))

    def cite(self, paragraph: Paragraph, sources: list[dict[str, Any]]) -> None:
        """The citation "[1, antw. 1+3; 4]", each part a link to its source's row, unbroken."""
        paragraph.add_run(" [")
        for i, (source, text) in enumerate(zip(sources, self.p.cite_parts(sources), strict=True)):
            if i:
                paragraph.add_run("; ")
            _link(paragraph, nobreak(xml_safe(text)), self.bookmark(source["ref"]))
        paragraph.add_run("]")

    def bookmark(self, ref: int) -> str:
        """The name of the bookmark on source ``ref``'s row, unique to this chapter."""
        return self.anchor + _BOOKMARK.format(ref)

    def quote(
        self,
        item: dict[str, Any],
        role: str | None = "quote",
        prefix: str = "",
        *,
        labelled: bool = True,
        indent: Length | None = None,
    ) -> None:
        """An item of the data model: label, the verbatim quote, its citation, why (explain).

        ``labelled=False`` leaves out a label written once above it (``quotes``).
        """
        paragraph = self.para(prefix, role)
        if indent is not None:
            paragraph.paragraph_format.left_indent = indent
        if labelled and item["label"]:
            paragraph.add_run(f"{item['label']}: ").bold = True
        paragraph.add_run(f"“{item['text']}”{self.marker}")
        self.cite(paragraph, item["sources"])
        if self.explain and item["reason"]:
            why = self.note(self._("Why here:") + " " + item["reason"])
            why.paragraph_format.left_indent = indent or Cm(1)

    def quotes(self, items: list[dict[str, Any]]) -> None:
        """Items as quotes, in order; a label that consecutive items share is written once.

        The label is a bold lead paragraph, its quotes bullets 1 cm further in than the
        Quote style: the rule of ``consecutive_by_label``, as in the Markdown templates.
        """
        for label, run in consecutive_by_label(items):
            if len(run) == 1:
                self.quote(run[0])
                continue
            lead = self.para(role="quote")
            lead.add_run(f"{label}:").bold = True
            lead.paragraph_format.keep_with_next = True
            indent = Emu(_left_indent(self.doc, self.style("quote")) + Cm(1))
            for item in run:
                self.quote(item, prefix="• ", labelled=False, indent=indent)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        """A table with a bold header row repeated on every page; widths in cm."""
        table: Table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        if self.table_style:
            table._tbl.tblPr.style = self.table_style
            _look(table)
        else:
            _grid_borders(table)
        header = table.rows[0]
        trPr = header._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:tblHeader"))
        for i, (row, values) in enumerate(zip(table.rows, [headers, *rows], strict=True)):
            for cell, value, width in zip(row.cells, values, widths, strict=True):
                cell.width = Cm(width)
                run = cell.paragraphs[0].add_run(xml_safe(value))
                run.font.size = _TABLE_FONT
                run.bold = i == 0 or None
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        self.para()  # Word joins two tables that touch; a paragraph keeps them apart
        return table

    # ---------------------------------------------------------------- shared parts

    def notes(self) -> None:
        """After the facts at the top: the quotes note and the data's notes."""
        self.para()
        self.quotes_note()
        for text in self.data["notes"]:
            self.note(self._("Note") + ": " + text)

    def quotes_note(self) -> None:
        """Tell a reader of another language that the quotes are Dutch originals."""
        if self.marker:
            self.note(
                self._(
                    "Quotations are verbatim from the Dutch sources and have not been "
                    "translated; they are marked (NL). Names of institutions and programmes "
                    "are explained in the glossary."
                )
            )

    def key_points(self, items: list[dict[str, Any]]) -> None:
        """The key points as a numbered list ("1." by hand without a List Number style)."""
        numbered = self.style("list") is not None
        for n, item in enumerate(items, start=1):
            self.quote(item, "list", "" if numbered else f"{n}. ")
        if not items:
            self.note(self._("No key points: the sources hold nothing on this subject."))

    def glossary(self) -> None:
        """The glossary table, when the quotes hold names a foreign reader needs explained."""
        entries = self.data["glossary"]
        if not entries:
            return
        self.outline(self._("Glossary"), 1)
        rows = [[e["term"], e["gloss"]] for e in entries]
        self.table([self._("Name in the Dutch text"), self._("In English")], rows, [6.0, 10.0])

    def sources(self) -> None:
        """The numbered sources table; each row is the bookmark its citations link to."""
        self.outline(self._("Sources"), 1)
        sources = self.data["sources"]
        if not sources:
            self.note(self._("No sources."))
            return
        headers = [
            "#",
            self._("Type"),
            self._("No."),
            self._("Title"),
            self._("Date"),
            self._("Link"),
        ]
        rows = [
            [
                str(s["ref"]),
                s["type_label"],
                self.p.number(s["number"]),
                s["title"],
                self.p.date(s["date"]),
                s["link"] or "–",
            ]
            for s in sources
        ]
        table = self.table(headers, rows, [0.8, 2.8, 1.2, 5.4, 2.8, 3.0])
        # ids too must be unique in the document, which may hold other chapters' tables
        taken = len(self.doc.element.body.findall(".//" + qn("w:bookmarkStart")))
        for n, row in enumerate(table.rows[1:], start=1):
            _bookmark(row.cells[0].paragraphs[0], self.bookmark(n), taken + n)

    def closing(self) -> None:
        """The closing line saying how the document was made, then the page footer."""
        self.note(
            self._(
                "Drawn up by briefgen on %(date)s. Every passage is quoted verbatim from the "
                "source cited."
            )
            % {"date": self.p.date(self.data["generated"])}
        )
        self.footer()

    def footer(self) -> None:
        """Page numbers in every section's footer, unless a house footer has them already."""
        text = self._("Page {page} of {pages}")
        for section in self.doc.sections:
            footer = section.footer
            if b"PAGE" in _xml_bytes(footer._element):
                continue
            paragraph = (
                footer.paragraphs[0] if not footer.paragraphs[0].text else footer.add_paragraph()
            )
            footer_style = self.style("footer")
            if footer_style:
                paragraph._p.style = footer_style
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(f"{self.title} — ")
            for i, part in enumerate(_FIELD_RE.split(text)):
                if i % 2:
                    _field(paragraph, part.upper().replace("PAGES", "NUMPAGES"))
                elif part:
                    paragraph.add_run(part)


class _BriefingWriter(DocxWriter):
    """The theme briefing: facts, key points, a section per heading, tables, sources."""

    def write(self) -> None:
        self.para(self.title, "title")
        self.body()
        self.closing()

    def body(self, *, in_binder: bool = False) -> None:
        """Everything between the title and the closing line: a binder's chapter.

        In a binder, whom it is for and when it was drawn up stand once, on its title
        page, rather than at the head of every chapter.
        """
        d, p = self.data, self.p
        if not in_binder:
            self.labelled(self._("For"), d["audience"] or self._("not stated"))
            self.labelled(self._("Drawn up on"), p.date(d["generated"]))
        self.labelled(self._("Period covered by the sources"), p.period(d["period"]))
        self.labelled(self._("Sources"), str(len(d["sources"])))
        self.notes()
        self.outline(self._("Key points"), 1)
        self.key_points(d["kern"])
        for section in d["sections"]:
            self.section(section)
        self.timeline()
        self.amounts()
        self.glossary()
        self.sources()

    def section(self, section: dict[str, Any]) -> None:
        self.outline(section["title"], 1)
        groups: dict[int, list[dict[str, Any]]] = {}
        for item in section["items"]:
            groups.setdefault(item["sources"][0]["ref"], []).append(item)
        for ref in sorted(groups):
            source = self.data["sources"][ref - 1]
            number = " " + cited_number(source["number"], self._("no.")) if source["number"] else ""
            when = self.p.date(source["date"])
            self.outline(f"[{ref}] {source['title']} ({source['type_label']}{number}, {when})", 2)
            self.quotes(groups[ref])
        if not groups:
            self.note(self._("Nothing found in the sources."))

    def timeline(self) -> None:
        self.outline(self._("Timeline"), 1)
        rows = [
            [
                self.p.when(e["when"]),
                f"“{e['text']}”{self.marker}",
                nobreak(self.p.cite([e["source"]])),
            ]
            for e in self.data["timeline"]
        ]
        if rows:
            self.table([self._("Date"), self._("Event"), self._("Source")], rows, [3.0, 10.0, 3.0])
        else:
            self.note(self._("No dated events in the selected passages."))

    def amounts(self) -> None:
        self.outline(self._("Amounts"), 1)
        rows = [
            [
                (f"{r['label']}: " if r["label"] else "") + f"“{r['what']}”{self.marker}",
                self.p.amount(r["amount"], with_per=False),
                self.p.per(r["amount"]),
                nobreak(self.p.cite([r["source"]])),
            ]
            for r in self.data["amounts"]
        ]
        if rows:
            headers = [
                self._("What"),
                self._("Amount"),
                self._("Per year or once"),
                self._("Source"),
            ]
            self.table(headers, rows, [7.0, 3.4, 2.6, 3.0])
        else:
            self.note(self._("No amounts in the selected passages."))


class _BinderWriter(DocxWriter):
    """The binder: title page, table of contents, a chapter per theme, one footer.

    Each chapter is the theme's briefing as ``_BriefingWriter.body`` writes it, under a
    heading with the theme's name: its own headings one level down, its bookmarks
    prefixed with the chapter's number, so each citation links into its own sources.
    """

    def __init__(self, doc: Document, data: dict[str, Any], present: Presenter, explain: bool):
        super().__init__(doc, data, present, explain)
        self.title = data["subject"]

    def write(self) -> None:
        themes = self.data["themes"]
        chapters = [t for t in themes if t["briefing"] is not None]
        self.para(self.title, "title")
        audience = next((t["briefing"]["audience"] for t in chapters), None)
        self.labelled(self._("For"), audience or self._("not stated"))
        self.labelled(self._("Drawn up on"), self.p.date(self.data["generated"]))
        self.para().add_run(self._("Themes") + ":").bold = True
        for theme in themes:
            line = self.para(f"• {theme['name']}")
            if theme["failed"]:
                failed = self._("failed: %(reason)s") % {"reason": xml_safe(theme["failed"])}
                line.add_run(f" — {failed}").italic = True
        self.para(self._("Contents"), "toc").paragraph_format.page_break_before = True
        _field(self.para(), _TOC, result="")
        self.note(
            self._(
                "Word fills in the table of contents when it updates the fields; if it is "
                "empty, select it and press F9 (or right-click it and choose Update Field)."
            )
        )
        _update_fields_on_open(self.doc)
        for n, theme in enumerate(chapters, start=1):
            self.outline(theme["name"], 1).paragraph_format.page_break_before = True
            chapter = _BriefingWriter(
                self.doc, theme["briefing"], self.p, self.explain, depth=1, anchor=f"thema{n}_"
            )
            chapter.body(in_binder=True)
        self.closing()


def nobreak(text: str) -> str:
    """Spaces a line may not break at: a citation reads as one token."""
    return text.replace(" ", "\u00a0")


# ------------------------------------------------------------------------ styles


def _style_id(doc: Document, role: str) -> str | None:
    """The id of the role's style, adding it (plainly) when the document has none."""
    names, outline, bold, italic, size = _ROLES[role]
    found = _existing_style_id(doc, names, WD_STYLE_TYPE.PARAGRAPH)
    if found is not None:
        return found
    if role == "list":  # a numbered list needs a numbering definition: write "1." instead
        return None
    try:
        style = doc.styles.add_style(names[0], WD_STYLE_TYPE.PARAGRAPH)
    except ValueError:  # the name is taken by a style of another type: write without it
        return None
    style.base_style = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = bold or None
    style.font.italic = italic or None
    if size:
        style.font.size = Pt(size)
    if role == "quote":
        style.paragraph_format.left_indent = Cm(1)
    if outline is not None:  # what puts a heading in the navigation pane
        style.paragraph_format.space_before = Pt(12)
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        style.element.get_or_add_pPr().append(level)
    return str(style.style_id)


def _left_indent(doc: Document, style_id: str | None) -> int:
    """The left indent (EMU) a paragraph style gives, through its base styles; 0 if none."""
    style = doc.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH) if style_id else None
    while style is not None:
        if style.paragraph_format.left_indent is not None:
            return int(style.paragraph_format.left_indent)
        style = style.base_style
    return 0


def _default_language(doc: Document, tag: str) -> None:
    """Proofing language of the whole text, so Word does not spell-check Dutch as English."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = None if defaults is None else defaults.find(qn("w:rPrDefault"))
    rpr = None if run_defaults is None else run_defaults.find(qn("w:rPr"))
    lang = None if rpr is None else rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), tag)


def _table_style_id(doc: Document) -> str | None:
    return _existing_style_id(doc, ("Light Grid Accent 1", "Table Grid"), WD_STYLE_TYPE.TABLE)


def _existing_style_id(doc: Document, names: tuple[str, ...], kind: WD_STYLE_TYPE) -> str | None:
    """The id of the first of ``names`` the document has as a style of ``kind``."""
    for name in names:
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        if style.type == kind:
            return str(style.style_id)
    return None


def _look(table: Table) -> None:
    """Header row formatted by the table style; first column plain (it holds quotes)."""
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0420")  # the same flags as a bit mask, for older readers
    for key, value in (("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                       ("lastColumn", "0"), ("noHBand", "0"), ("noVBand", "1")):  # fmt: skip
        look.set(qn(f"w:{key}"), value)
    existing = table._tbl.tblPr.find(qn("w:tblLook"))
    if existing is not None:
        table._tbl.tblPr.remove(existing)
    table._tbl.tblPr.append(look)


def _grid_borders(table: Table) -> None:
    """Single-line borders for a table whose document has no table style."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "808080")):
            element.set(qn(f"w:{key}"), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


# ------------------------------------------------------------------ fields, links


def _field(paragraph: Paragraph, instruction: str, result: str = "1") -> None:
    """A complex field (PAGE, TOC) Word updates when it lays out; ``result`` shows until then."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None),
                       ("text", result), ("end", None)):  # fmt: skip
        run = OxmlElement("w:r")
        if kind == "instr":
            child = OxmlElement("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = text
        elif kind == "text":
            child = OxmlElement("w:t")
            child.text = text
        else:
            child = OxmlElement("w:fldChar")
            child.set(qn("w:fldCharType"), kind)
        run.append(child)
        paragraph._p.append(run)


def _link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """A run of ``text`` that jumps to the bookmark ``anchor`` when clicked."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _update_fields_on_open(doc: Document) -> None:
    """Ask Word to update the fields (the table of contents) when it opens the document."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        # Word wants the settings in schema order: it comes before any of these
        later = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                 "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                 "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                 "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                 "w:listSeparator")  # fmt: skip
        settings.insert_element_before(update, *later)


def _xml_bytes(element: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(element))


# -------------------------------------------------------------------- metadata


def _core_properties(doc: Document, data: dict[str, Any], title: str, generated: date) -> None:
    """Title, subject, language and dates from the briefing, so a rerun is byte-identical."""
    props = doc.core_properties
    when = datetime(generated.year, generated.month, generated.day)
    props.title = xml_safe(title)
    props.subject = xml_safe(data["subject"])
    props.language = data["locale"].replace("_", "-")
    props.author = "briefgen"
    props.last_modified_by = "briefgen"
    props.comments = ""
    props.keywords = data["theme"] or ""
    props.created = when
    props.modified = when
    props.revision = 1


def _fixed_zip(blob: bytes, generated: date) -> bytes:
    """The same package with every entry dated ``generated`` (zipfile stamps the clock)."""
    stamp = (max(generated.year, 1980), generated.month, generated.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
