"""The XML of officielebekendmakingen.nl (Kamerstukken, Kamervragen, Handelingen, ...).

The same publication is also offered as PDF, HTML and ODT; the XML is the one that
says what each part is (``vraag``, ``antwoord``, ``al``, ``lijst``, ``tabel``, ``noot``),
so it is read by element, not by layout: headings and numbers as headings, ``al`` as
paragraphs, ``li`` as list items, CALS table rows as rows, footnotes after the text.
Other XML is refused by its root element; the ``*_metadata_owms.xml`` files that come
with a download are skipped by the walk (``briefgen.read.walk``).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from briefgen.errors import InputError
from briefgen.models import BlockKind
from briefgen.read.guards import SPACES, Out, refuse_dtd, usable_number, usable_title

ROOT = "officiele-publicatie"

# Elements whose text is one heading (level) or one paragraph of the flow; a dossier's
# number and title are one line, as the PDF and HTML print them.
_HEADINGS = {"kamervraagomschrijving": 1, "titel": 1, "kop": 2, "tussenkop": 3, "nr": 2}
_PARAGRAPHS = frozenset({
    "al", "tekstregel", "kamervraagnummer", "dossier", "stuknr", "datumtekst", "dossiernr",
    "ondertekening", "slotformulering", "aanhef", "plaats", "datum",
})  # fmt: skip
_SKIP = frozenset({"metadata", "meta", "noot", "voetnoot", "illustratie"})
_NOTES = frozenset({"noot", "voetnoot"})
_DOUBLE_SPACE = re.compile(" {2,}")  # where indentation met indentation


def read_oep_xml(data: bytes, out: Out) -> str | None:
    import defusedxml.ElementTree as SafeET

    refuse_dtd(data, out, "the XML")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except ParseError as exc:
        raise InputError(f"{out.name}: broken XML: {exc}") from exc
    if root.tag != ROOT:
        raise InputError(
            f"{out.name}: XML with root <{root.tag[:60]}> is not an officielebekendmakingen "
            "publication; only that XML is read",
            hint="save the document as PDF, DOCX, ODT or HTML",
        )
    number = root.find(".//kamervraagnummer")  # on a line of its own: page furniture to clean
    out.number = usable_number(_text(number, [])) if number is not None else None
    notes: list[str] = []
    _walk(root, out, notes, "paragraph")
    for note in notes:
        out.add(note, "footnote")
    title = root.find(".//stuk/titel")
    return usable_title(_text(title, []) if title is not None else None)


def _walk(el: Element, out: Out, notes: list[str], kind: BlockKind) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _PARAGRAPHS:
            out.add(_text(child, notes), kind)
        elif tag in _HEADINGS:
            out.add(_parts_text(child, notes), "heading", level=_HEADINGS[tag])
        elif tag == "li":
            _list_item(child, out, notes)
        elif tag == "tabel":
            _table(child, out, notes)
        elif _holds_text(child):
            out.add(_text(child, notes), kind)  # an element this reader does not know
        else:
            _walk(child, out, notes, kind)  # divisions: kamervragen, vraag, stuk, lijst...


def _holds_text(el: Element) -> bool:
    """Text of its own (not only its children's): unknown elements are kept, not lost."""
    return bool((el.text or "").strip() or any((c.tail or "").strip() for c in el))


def _parts_text(el: Element, notes: list[str]) -> str:
    """A heading's parts (``<label>Artikel</label><nr>1</nr>``) with a space between."""
    if _holds_text(el) or len(el) == 0:
        return _text(el, notes)
    return " ".join(_text(part, notes).strip() for part in el)


def _list_item(li: Element, out: Out, notes: list[str]) -> None:
    """A list item with its number (``li.nr``) before its first paragraph."""
    number = li.find("li.nr")
    prefix = _text(number, notes).strip() + " " if number is not None else ""
    for child in li:
        if child.tag == "li.nr":
            continue
        if child.tag in _PARAGRAPHS:
            out.add(prefix + _text(child, notes), "list_item")
            prefix = ""
        else:
            _walk(child, out, notes, "list_item")
    if prefix.strip():
        out.add(prefix, "list_item")  # a numbered item without a paragraph


def _table(table: Element, out: Out, notes: list[str]) -> None:
    """A CALS table: its title as a paragraph, then its rows (header rows included)."""
    title = table.find("titel")
    if title is not None:
        out.add(_text(title, notes))
    for row in table.iter("row"):
        out.row([_text(entry, notes) for entry in row.iter("entry")])


def _text(el: Element, notes: list[str]) -> str:
    """The element's text with XML's indentation folded; its footnotes go to ``notes``."""
    parts: list[str] = []
    _collect(el, parts, notes)
    return _DOUBLE_SPACE.sub(" ", "".join(parts))


def _collect(el: Element, parts: list[str], notes: list[str]) -> None:
    if el.text:
        parts.append(SPACES.sub(" ", el.text))
    for child in el:
        if child.tag in _NOTES:
            number = child.findtext("noot.nr")
            body = " ".join(_text(al, notes) for al in child if al.tag != "noot.nr")
            notes.append(f"{number} {body}" if number else body)  # no mark in the text:
            # a bare "1" after "euro" would read as part of the sum
        elif child.tag == "br":
            parts.append("\n")
        else:
            _collect(child, parts, notes)
        if child.tail:
            parts.append(SPACES.sub(" ", child.tail))
