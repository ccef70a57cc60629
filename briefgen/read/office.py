"""Office documents (.docx, .odt): paragraphs, headings, list items, table rows, notes.

Left out on purpose: .docx headers, footers, text boxes and drawings, tables of
contents, tracked deletions; .odt frames placed on the page (the "frillblok" of
officielebekendmakingen) and text boxes. python-docx is handed a package only after
every XML part passed ``open_zip``'s checks; the other parts go through defusedxml.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from briefgen.errors import InputError
from briefgen.models import BlockKind
from briefgen.read.guards import (
    AANHANGSEL_NUMBER,
    SPACES,
    Out,
    open_zip,
    parse_part,
    usable_number,
    usable_title,
)

# ---------------------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P = frozenset({f"{_W}p"})
_W_SKIP = frozenset({
    f"{_W}{t}"
    for t in ("pPr", "rPr", "tblPr", "del", "moveFrom", "instrText", "drawing", "pict", "object")
} | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"})  # fmt: skip
_HEADING_STYLE = re.compile(r"(?i)^(?:heading|kop)\s*(\d)$")


def read_docx(data: bytes, out: Out) -> str | None:
    import docx

    archive = open_zip(data, out, ".docx")
    document = docx.Document(io.BytesIO(data))
    styles = {s.style_id: s for s in document.styles}
    body = document.element.body
    for el in _w_children(body, "p", "tbl"):
        if el.tag == f"{_W}tbl":
            _docx_table(el, out)
            continue
        ids = el.xpath("./w:pPr/w:pStyle/@w:val")
        kind, level = _docx_kind(styles.get(ids[0]) if ids else None, el)
        if kind is not None:
            out.add(_w_text(el), kind, level=level)
    for tag in ("footnote", "endnote"):  # in the order the text refers to them
        root = parse_part(archive, f"word/{tag}s.xml")
        if root is None:
            continue
        notes = {n.get(f"{_W}id"): n for n in root.iter(f"{_W}{tag}") if not n.get(f"{_W}type")}
        for ref in (r.get(f"{_W}id") for r in body.iter(f"{_W}{tag}Reference")):
            note = notes.pop(ref, None)
            if note is not None:
                out.add("\n".join(_w_text(p) for p in _matching(note, _W_P, _W_SKIP)), "footnote")
    return usable_title(document.core_properties.title)


def _w_text(el: Any) -> str:
    parts: list[str] = []
    _w_collect(el, parts)
    return "".join(parts)


def _w_collect(el: Any, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag not in _W_SKIP:
            _w_collect(child, parts)


def _docx_kind(style: Any, p: Any) -> tuple[BlockKind | None, int]:
    """Heading (by style name or outline level), list item (numbering), or paragraph."""
    chain, seen = [], set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        chain.append(style)
        style = style.base_style
    names = [(s.name or "").strip() for s in chain]
    if names and names[0].lower().startswith("toc "):
        return None, 0  # a table of contents repeats the headings
    for name in names:
        if name.lower() == "title":
            return "heading", 1
        if m := _HEADING_STYLE.match(name):
            return "heading", max(1, int(m.group(1)))
    elements = [p] + [s.element for s in chain]
    for el in elements:
        outline = el.xpath("./w:pPr/w:outlineLvl/@w:val")
        if outline and outline[0].isdigit() and int(outline[0]) < 9:
            return "heading", int(outline[0]) + 1
    if any(el.xpath("./w:pPr/w:numPr") for el in elements) or any(
        "list" in n.lower() for n in names
    ):
        return "list_item", 0
    return "paragraph", 0


def _docx_table(tbl: Any, out: Out) -> None:
    """Rows left to right; a vertically merged cell repeats the text it shows."""
    above: dict[int, str] = {}
    for tr in _w_children(tbl, "tr"):
        before = tr.xpath("./w:trPr/w:gridBefore/@w:val")
        column = int(before[0]) if before and before[0].isdigit() else 0
        cells = []
        for tc in _w_children(tr, "tc"):
            text = "\n".join(_w_text(p) for p in _matching(tc, _W_P, _W_SKIP))
            merge = tc.xpath("./w:tcPr/w:vMerge")
            if merge and merge[0].get(f"{_W}val") in (None, "continue"):
                text = above.get(column, text)
            above[column] = text
            cells.append(text)
            span = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
            column += int(span[0]) if span and span[0].isdigit() else 1
        out.row(cells)


def _matching(el: Any, tags: frozenset[str], skip: frozenset[str]) -> Iterator[Any]:
    """Elements with ``tags`` (paragraphs, rows) below ``el``, not looking inside them."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag not in skip:
            yield from _matching(child, tags, skip)


def _w_children(el: Any, *names: str) -> Iterator[Any]:
    """Children with these tags in document order, looking inside content controls."""
    tags = {f"{_W}{name}" for name in names}
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _w_children(child, *names)


# ----------------------------------------------------------------------------- .odt

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_ODT_P = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_ODT_SKIP = frozenset({
    f"{_TEXT}{t}"
    for t in (
        "tracked-changes", "sequence-decls", "variable-decls", "user-field-decls",
        "table-of-content", "alphabetical-index", "illustration-index", "table-index",
        "object-index", "user-index", "bibliography", "bookmark", "bookmark-start",
        "bookmark-end", "soft-page-break", "note-citation",
    )
} | {f"{_OFFICE}forms", f"{_OFFICE}annotation", f"{_OFFICE}annotation-end"})  # fmt: skip
_ODT_NOTE_SKIP = _ODT_SKIP | {f"{_TEXT}note"}
_ODT_ROW, _ODT_TABLE = frozenset({f"{_TABLE}table-row"}), frozenset({f"{_TABLE}table"})


def read_odt(data: bytes, out: Out) -> str | None:
    archive = open_zip(data, out, ".odt")
    content = parse_part(archive, "content.xml")
    body = None if content is None else content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(f"{out.name}: not an OpenDocument text (no content.xml text body)")
    notes: list[str] = []
    _odt_walk(body, out, notes, "paragraph")
    for note in notes:
        out.add(note, "footnote")
    meta = parse_part(archive, "meta.xml")
    if meta is None:
        return None
    for field in meta.iter(f"{_META}user-defined"):
        if field.get(f"{_META}name") == AANHANGSEL_NUMBER:
            out.number = usable_number(field.text or "")
    return usable_title(meta.findtext(f"{_OFFICE}meta/{{http://purl.org/dc/elements/1.1/}}title"))


def _odt_walk(el: Element, out: Out, notes: list[str], kind: BlockKind) -> None:
    for child in el:
        tag = child.tag
        if tag == f"{_TEXT}h":
            level = child.get(f"{_TEXT}outline-level", "1")
            out.add(_odt_text(child, notes), "heading", level=int(level) if level.isdigit() else 1)
        elif tag == f"{_TEXT}p":
            out.add(_odt_text(child, notes), kind)
        elif tag in (f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}list-header"):
            _odt_walk(child, out, notes, "list_item")
        elif tag == f"{_TABLE}table":
            for row in _matching(child, _ODT_ROW, _ODT_TABLE):  # not nested tables' rows
                cells = [
                    "\n".join(_odt_text(p, notes) for p in _matching(cell, _ODT_P, _ODT_NOTE_SKIP))
                    for cell in row
                    if cell.tag == f"{_TABLE}table-cell"
                ]
                out.row(cells)
        elif tag == f"{_DRAW}frame" and child.get(f"{_TEXT}anchor-type") == "page":
            continue  # placed on a page, outside the text flow: page furniture
        elif tag not in _ODT_SKIP:
            _odt_walk(child, out, notes, kind)  # sections, text boxes, ...


def _odt_text(el: Element, notes: list[str]) -> str:
    """Paragraph text with ODF's white-space rules; footnotes go to ``notes``."""
    parts: list[str] = []
    _odt_collect(el, parts, notes)
    return "".join(parts)


def _odt_collect(el: Element, parts: list[str], notes: list[str]) -> None:
    if el.text:
        parts.append(SPACES.sub(" ", el.text))
    for child in el:
        tag = child.tag
        if tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag == f"{_TEXT}note":
            body = child.find(f"{_TEXT}note-body")
            if body is not None:
                paragraphs = _matching(body, _ODT_P, _ODT_NOTE_SKIP)
                notes.append("\n".join(_odt_text(p, notes) for p in paragraphs))
        elif tag not in _ODT_SKIP and not tag.startswith(_DRAW):
            _odt_collect(child, parts, notes)
        if child.tail:
            parts.append(SPACES.sub(" ", child.tail))
