"""Readers: the bytes of one file to a ``RawDocument``; walking corpus folders.

Each reader keeps what the format knows and nothing more. PDF and plain text give raw
``lines`` blocks (one per page), which the clean stage reflows and strips of page
furniture; .docx, .odt and .html give whole paragraphs, headings, list items, table rows
and footnotes. A reader never invents text: what it cannot read it refuses with an
``InputError`` that names the file in one line. Left out on purpose: .docx headers,
footers, text boxes and drawings, tables of contents, tracked deletions; .odt frames
placed on the page (the "frillblok" of officielebekendmakingen) and text boxes; HTML
page furniture listed in ``briefgen/data/html_furniture.toml``.

PDF library: pypdf, measured against pdfminer.six on the real documents of
``tests/fixtures/realdocs`` and the 2023-2024 Kamervragen. Both give the same words on
the Kamervragen, but pypdf is 2-5 times faster (3 pages: 0.02 s against 0.09 s; 10
pages: 1.1 s against 2.1 s), and on the 39-page accessibility report pdfminer loses
every word space (607 tokens of 25+ letters, whole pages glued into one token) where
pypdf keeps them. Both map that report's ligature glyphs to private-use characters;
installing fontTools, which pypdf asks for on CFF fonts, changed no extracted byte on
any of these files, so that request is dropped from the warnings.

Hostile input is bounded: file size, extracted characters, PDF pages and time, zip
members' unpacked size and compression ratio; XML that declares a DOCTYPE or entities
is refused before any parser that could expand it sees it (python-docx is handed a
package only after every XML part passed that check; our own XML goes through
defusedxml).
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import stat
import threading
import time
import tomllib
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element
from xml.parsers import expat

from briefgen.errors import BriefgenError, InputError, NeedsOCRError, NotFoundError
from briefgen.models import Block, BlockKind, RawDocument

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".odt", ".html", ".htm"})
# Folder descriptions, not documents: skipped in folder walks (seeds/README.md).
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt"})

# Parsing costs about 20 bytes of memory per character of text (measured: a 45 MB .txt
# peaked at 906 MB), so these two keep one document well under 1 GB.
MAX_TEXT_FILE_BYTES = 20 * 2**20  # .txt, .md, .html are decoded whole
MAX_BINARY_FILE_BYTES = 300 * 2**20  # .pdf, .docx, .odt
MAX_CHARS = 20_000_000  # extracted text of one document
MAX_PDF_PAGES = 5000
MAX_PDF_SECONDS = 300.0
MAX_ZIP_UNPACKED = 200 * 2**20
MAX_ZIP_RATIO = 100  # checked on members that unpack to more than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 2**20
MAX_ZIP_MEMBERS = 10_000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 but \t and \n, and DEL
_SPACES = re.compile(r"[ \t\r\n\f]+")


def _one_line(text: object, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _label(path: Path) -> str:
    """The file's name, safe to print on one line."""
    name = os.fsencode(path.name).decode("utf-8", "backslashreplace")  # undecodable bytes
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name) or str(path)


_JUNK_TITLES = frozenset({"-", "none", "null", "untitled", "titel", "title", "word document"})


def _title(value: object) -> str | None:
    """A format's own title, unless it is a placeholder or a file name."""
    title = _one_line(value or "", 500)
    if title.lower() in _JUNK_TITLES or re.match(
        r"(?i)^microsoft \w+ - |.*\.(docx?|odt|pdf)$", title
    ):
        return None
    return title or None


def _scrub(text: str) -> str:
    """Unix line ends; no NUL or other control characters (which XML writers refuse)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _Out:
    """Collects one document's blocks and warnings, within the character bound."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.chars = 0

    def add(
        self,
        text: str,
        kind: BlockKind = "paragraph",
        *,
        level: int = 0,
        page: int = 0,
        cells: tuple[str, ...] = (),
    ) -> None:
        text = _scrub(text)
        if kind != "lines":  # flowing text: a soft hyphen is invisible, ends are not text
            text = text.replace("\u00ad", "").strip()
        if not text.strip():
            return
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise InputError(f"{self.name}: more than {MAX_CHARS:,} characters of text; refused")
        self.blocks.append(Block(text=text, kind=kind, level=level, page=page, cells=cells))

    def row(self, cells: list[str]) -> None:
        clean = tuple(_scrub(c).replace("\u00ad", "").strip() for c in cells)
        if any(clean):
            self.add(" | ".join(clean), "table_row", cells=clean)


# ------------------------------------------------------------------------ dispatch


def read_document(path: Path) -> RawDocument:
    """Read one file into blocks; every failure is an ``InputError`` naming the file."""
    name = _label(path)
    fmt = path.suffix.lower().lstrip(".")
    fmt = "html" if fmt == "htm" else fmt
    reader = _READERS.get(fmt)
    if reader is None:
        raise InputError(
            f"{name}: unsupported format {path.suffix or '(no suffix)'}",
            hint="supported: " + " ".join(sorted(SUPPORTED_SUFFIXES)),
        )
    limit = MAX_BINARY_FILE_BYTES if fmt in ("pdf", "docx", "odt") else MAX_TEXT_FILE_BYTES
    data = _read_bytes(path, name, limit)
    if not data or data.isspace():
        raise InputError(f"{name}: empty file")
    out = _Out(name)
    try:
        title = reader(data, out)
    except BriefgenError:
        raise
    except Exception as exc:  # a library failing on hostile bytes must not escape as a traceback
        log.debug("reading %s failed", path, exc_info=True)
        raise InputError(
            f"{name}: cannot read {fmt}: {type(exc).__name__}: {_one_line(exc)}"
        ) from exc
    if not out.blocks:
        raise InputError(f"{name}: no text found in the document")
    return RawDocument(
        path=path, fmt=fmt, blocks=tuple(out.blocks), title=title, warnings=tuple(out.warnings)
    )


def _read_bytes(path: Path, name: str, limit: int) -> bytes:
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{name}: not a regular file")
            if st.st_size > limit:
                raise InputError(
                    f"{name}: {st.st_size / 2**20:.0f} MB is over the {limit // 2**20} MB "
                    "limit for this format; refused"
                )
            return fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or _one_line(exc)}") from exc


# ---------------------------------------------------------------------- plain text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, out: _Out, declared: str | None = None) -> str:
    """Text from bytes: a BOM, else UTF-8, else the declared charset, else cp1252/latin-1.

    A fallback is taken only when the result reads as text (few control characters);
    random or binary bytes are refused rather than turned into mojibake.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{out.name}: not text: invalid {codec} after its BOM") from exc
    if data.count(0) > len(data) // 100:
        raise InputError(f"{out.name}: not text: binary data (NUL bytes)")
    try:
        return _plausible(data.decode("utf-8"), out)
    except UnicodeDecodeError:
        pass
    fallbacks: tuple[str | None, ...] = (declared, "cp1252", "latin-1")
    for fallback in fallbacks:
        if not fallback:
            continue
        try:
            text = data.decode(fallback)
        except (UnicodeDecodeError, LookupError):
            continue
        text = _plausible(text, out)
        if fallback != declared:
            out.warnings.append(f"{out.name}: not valid UTF-8; read as {fallback}")
        return text
    raise InputError(f"{out.name}: not text: undecodable bytes")  # pragma: no cover (latin-1)


# Unicode category Cc (U+0000-001F, U+007F-009F) but tab, line feed, carriage return
# and form feed: a regex counts them an order of magnitude faster than a loop in Python
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _plausible(text: str, out: _Out) -> str:
    sample = text[:65536]
    odd = len(_CONTROL.findall(sample))
    if odd > len(sample) // 20:
        raise InputError(
            f"{out.name}: not text: {odd} control characters in the first {len(sample)}"
        )
    return text


def _read_text(data: bytes, out: _Out) -> str | None:
    text = _decode(data, out).replace("\v", "\n")  # Word's line break in text exports
    pages = text.split("\f")
    if len(pages) == 1:
        out.add(text, "lines")
    else:
        for number, page in enumerate(pages, 1):
            out.add(page, "lines", page=number)
    return None


# ----------------------------------------------------------------------------- PDF

_PDF_LOCK = threading.Lock()
_PDF_NOISE = ("fontTools is required",)  # measured: no effect on the extracted text


class _PdfNotes(logging.Handler):
    """Keeps pypdf's own warnings for ``RawDocument.warnings`` instead of the log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.note(record.getMessage())

    def note(self, message: str) -> None:
        message = _one_line(message)
        noise = any(n in message for n in _PDF_NOISE)
        if not noise and len(self.messages) < 10 and message not in self.messages:
            self.messages.append(message)


@contextmanager
def _pdf_notes() -> Iterator[_PdfNotes]:
    """Route pypdf's log records and Python warnings to one document (serialised)."""
    logger = logging.getLogger("pypdf")
    notes = _PdfNotes()
    with _PDF_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        propagate = logger.propagate
        logger.addHandler(notes)
        logger.propagate = False
        try:
            yield notes
        finally:
            logger.removeHandler(notes)
            logger.propagate = propagate
            for warning in caught:
                notes.note(str(warning.message))


def _read_pdf(data: bytes, out: _Out) -> str | None:
    from pypdf import PdfReader

    name = out.name
    with _pdf_notes() as notes:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(
                    f"{name}: encrypted PDF that needs a password",
                    hint="save an unencrypted copy: qpdf --decrypt --password=PW in.pdf out.pdf",
                )
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise InputError(f"{name}: {count} pages is over the {MAX_PDF_PAGES}-page limit")
            started, empty = time.monotonic(), []
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text() or ""
                if not text.strip():
                    empty.append(number)
                out.add(text, "lines", page=number)
                if time.monotonic() - started > MAX_PDF_SECONDS:
                    raise InputError(f"{name}: text extraction took over {MAX_PDF_SECONDS:.0f} s")
            title = _title(reader.metadata.title if reader.metadata else None)
        except BriefgenError:
            raise
        except Exception as exc:
            log.debug("pypdf failed on %s", name, exc_info=True)
            raise InputError(
                f"{name}: unreadable PDF: {type(exc).__name__}: {_one_line(exc)}"
            ) from exc
    if count == 0:
        raise InputError(f"{name}: PDF without pages")
    if len(empty) == count:
        raise NeedsOCRError(
            f"{name}: no text layer; it needs OCR",
            hint=f"run ocrmypdf {name} OUT.pdf first, then read OUT.pdf",
        )
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        out.warnings.append(f"{name}: no text on page(s) {shown} (blank or scanned)")
    out.warnings.extend(f"{name}: pypdf: {m}" for m in notes.messages)
    return title


# ---------------------------------------------------------------------- zip and XML


def _open_zip(data: bytes, out: _Out, kind: str) -> zipfile.ZipFile:
    """A zip package that passed the bomb checks, with every XML part free of DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(f"{out.name}: not a valid {kind} file (damaged or truncated)") from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(f"{out.name}: {len(members)} parts in the package; refused")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_ZIP_UNPACKED:
        raise InputError(
            f"{out.name}: unpacks to {unpacked / 2**20:.0f} MB, over the "
            f"{MAX_ZIP_UNPACKED // 2**20} MB limit; refused as a possible zip bomb"
        )
    for m in members:
        if m.file_size > ZIP_RATIO_FLOOR and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1):
            raise InputError(
                f"{out.name}: part {_one_line(m.filename, 60)} is compressed "
                f"{m.file_size // max(m.compress_size, 1)}:1; refused as a possible zip bomb"
            )
    for m in members:
        if m.filename.endswith((".xml", ".rels")):
            _refuse_dtd(archive.read(m), out, m.filename)
    return archive


class _RootReached(Exception):
    """The prolog is over: no DOCTYPE can follow."""


def _refuse_dtd(xml: bytes, out: _Out, part: str) -> None:
    """Refuse XML whose prolog declares a DOCTYPE (the way in for entity expansion)."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise InputError(
            f"{out.name}: {_one_line(part, 60)} declares a DOCTYPE or entities; refused "
            "(possible entity-expansion attack)"
        )

    def root(*_: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(xml, True)
    except _RootReached:
        return
    except expat.ExpatError as exc:
        raise InputError(f"{out.name}: broken XML in {_one_line(part, 60)}: {exc}") from exc


def _parse_part(archive: zipfile.ZipFile, part: str) -> Element | None:
    """A package part parsed with defusedxml, or None when the package lacks it."""
    import defusedxml.ElementTree as SafeET

    try:
        xml = archive.read(part)
    except KeyError:
        return None
    return SafeET.fromstring(xml, forbid_dtd=True)


# ---------------------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P = frozenset({f"{_W}p"})
_W_SKIP = frozenset({
    f"{_W}{t}"
    for t in ("pPr", "rPr", "tblPr", "del", "moveFrom", "instrText", "drawing", "pict", "object")
} | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"})  # fmt: skip
_HEADING_STYLE = re.compile(r"(?i)^(?:heading|kop)\s*(\d)$")


def _read_docx(data: bytes, out: _Out) -> str | None:
    import docx

    archive = _open_zip(data, out, ".docx")
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
        root = _parse_part(archive, f"word/{tag}s.xml")
        if root is None:
            continue
        notes = {n.get(f"{_W}id"): n for n in root.iter(f"{_W}{tag}") if not n.get(f"{_W}type")}
        for ref in (r.get(f"{_W}id") for r in body.iter(f"{_W}{tag}Reference")):
            note = notes.pop(ref, None)
            if note is not None:
                out.add("\n".join(_w_text(p) for p in _matching(note, _W_P, _W_SKIP)), "footnote")
    return _title(document.core_properties.title)


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


def _docx_table(tbl: Any, out: _Out) -> None:
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


def _read_odt(data: bytes, out: _Out) -> str | None:
    archive = _open_zip(data, out, ".odt")
    content = _parse_part(archive, "content.xml")
    body = None if content is None else content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(f"{out.name}: not an OpenDocument text (no content.xml text body)")
    notes: list[str] = []
    _odt_walk(body, out, notes, "paragraph")
    for note in notes:
        out.add(note, "footnote")
    meta = _parse_part(archive, "meta.xml")
    title = (
        None
        if meta is None
        else meta.findtext(f"{_OFFICE}meta/{{http://purl.org/dc/elements/1.1/}}title")
    )
    return _title(title)


def _odt_walk(el: Element, out: _Out, notes: list[str], kind: BlockKind) -> None:
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
        parts.append(_SPACES.sub(" ", el.text))
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
            parts.append(_SPACES.sub(" ", child.tail))


# ---------------------------------------------------------------------------- .html

_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CHARSET = re.compile(rb"""(?i)(?:charset|encoding)\s*=\s*["']?\s*([\w.:-]+)""")
_HIDDEN = re.compile(r"(?i)display\s*:\s*none")


@cache
def _furniture() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """Tags, roles and id/class patterns of ``briefgen/data/html_furniture.toml``."""
    raw = resources.files("briefgen.data").joinpath("html_furniture.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    pattern = re.compile("|".join(f"(?:{p})" for p in data["id_class"]), re.IGNORECASE)
    return frozenset(data["tags"]), frozenset(data["roles"]), pattern


def _read_html(data: bytes, out: _Out) -> str | None:
    import lxml.html

    head = data[:4096]
    declared = next((m.group(1).decode("ascii", "replace") for m in _CHARSET.finditer(head)), None)
    text = _decode(data, out, declared)
    if re.search(r"(?i)<!ENTITY", text):
        raise InputError(
            f"{out.name}: declares XML entities; refused (possible entity-expansion attack)"
        )
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding declaration
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    root = lxml.html.document_fromstring(text, parser=parser)
    metas = root.xpath("//meta[@name='DC.title' or @property='og:title']/@content")
    title = _title(root.findtext(".//title")) or _title(metas[0] if metas else None)
    _drop_furniture(root)
    _html_walk(_html_main(root), out, "paragraph")
    return title


def _drop_furniture(root: Any) -> None:
    for el in [el for el in root.iter() if isinstance(el.tag, str) and _is_furniture(el)]:
        el.drop_tree()


def _is_furniture(el: Any) -> bool:
    tags, roles, id_class = _furniture()
    tag = el.tag.lower()
    if tag in ("header", "footer") and next(el.iterancestors("main", "article"), None) is not None:
        return False  # the document's own header, with its title
    names = f"{el.get('id', '')} {el.get('class', '')}".split()
    return (
        tag in tags
        or el.get("role", "").lower() in roles
        or el.get("hidden") is not None
        or bool(_HIDDEN.search(el.get("style", "")))
        or any(id_class.fullmatch(name) for name in names)
    )


def _html_main(root: Any) -> Any:
    """The page's main content when it marks one, else the body."""
    for query in ("//main", "//*[@role='main']", "//article", "//*[@id='content']"):
        found = root.xpath(query)
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return root if body is None else body


def _html_walk(el: Any, out: _Out, kind: BlockKind) -> None:
    """Blocks of a container; loose inline text between blocks becomes a paragraph."""
    inline: list[str] = []

    def flush() -> None:
        out.add(_html_tidy("".join(inline)), kind)
        inline.clear()

    if el.text:
        inline.append(_SPACES.sub(" ", el.text))
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _HEADINGS:
            flush()
            out.add(_html_text(child), "heading", level=_HEADINGS[tag])
        elif tag == "pre":
            flush()
            out.add(child.text_content(), kind)
        elif tag == "table":
            flush()
            _html_table(child, out, kind)
        elif tag == "br":
            inline.append("\n")
        elif tag in ("p", "li") and not _has_blocks(child):
            flush()
            out.add(_html_text(child), "list_item" if tag == "li" else kind)
        elif tag in _HTML_BLOCKS or (tag and _has_blocks(child)):
            flush()
            _html_walk(child, out, "list_item" if tag == "li" else kind)
        elif tag:
            inline.append(_html_text(child, tidy=False))
        if child.tail:
            inline.append(_SPACES.sub(" ", child.tail))
    flush()


def _has_blocks(el: Any) -> bool:
    return any(
        isinstance(d.tag, str) and d.tag.lower() in _HTML_BLOCKS for d in el.iterdescendants()
    )


def _html_table(table: Any, out: _Out, kind: BlockKind) -> None:
    """Data tables give rows; layout tables (headings or tables in cells) are walked."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    cells = [c for r in rows for c in r.xpath("./td | ./th")]
    layout = any(c.xpath(".//table | .//h1 | .//h2 | .//h3") for c in cells)
    for row in rows:
        if layout:
            for cell in row.xpath("./td | ./th"):
                _html_walk(cell, out, kind)
        else:
            out.row([_html_text(c) for c in row.xpath("./td | ./th")])


def _html_text(el: Any, *, tidy: bool = True) -> str:
    parts: list[str] = []
    _html_collect(el, parts)
    text = "".join(parts)
    return _html_tidy(text) if tidy else text


def _html_collect(el: Any, parts: list[str]) -> None:
    if el.text:
        parts.append(_SPACES.sub(" ", el.text))
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "br":
                parts.append("\n")
            else:
                block = tag in _HTML_BLOCKS
                parts.append("\n" if block else "")
                _html_collect(child, parts)
                parts.append("\n" if block else "")
        if child.tail:
            parts.append(_SPACES.sub(" ", child.tail))


def _html_tidy(text: str) -> str:
    """Single spaces; lines kept from ``<br>`` and block edges; blank lines dropped."""
    lines = (re.sub(r" {2,}", " ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


_READERS: dict[str, Callable[[bytes, _Out], str | None]] = {
    "txt": _read_text,
    "md": _read_text,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "odt": _read_odt,
    "html": _read_html,
}


# ---------------------------------------------------------------------------- walk


def iter_corpus_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Documents under the given files and folders, each once, in sorted order.

    A folder is walked recursively, following symbolic links but never into a folder
    already seen (no loops). Walks take supported suffixes only and skip hidden names,
    Office lock files (``~$...``), ``*.meta.toml`` sidecars and folder descriptions
    (``README.md``, ``README.txt``). A file named explicitly is always given, so that
    an unsupported one gets its reason from ``read_document`` instead of being ignored.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for path in paths:
        if not path.exists():
            raise NotFoundError(f"{path}: no such file or folder")
        found = _walk(path, seen_dirs) if path.is_dir() else iter([(path, str(path.resolve()))])
        for file, key in found:
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _walk(top: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str]]:
    """(path, resolved path) of the wanted files below ``top``.

    The folder is resolved once: a file that is no symbolic link resolves to its name
    in the resolved folder, which saves a ``resolve()`` per file on large corpora.
    """
    try:
        st = top.stat()
    except OSError as exc:
        log.warning("%s: cannot open folder: %s", top, exc.strerror)
        return
    if (st.st_dev, st.st_ino) in seen:
        log.debug("%s: folder already walked (symbolic link loop?)", top)
        return
    seen.add((st.st_dev, st.st_ino))
    real = os.path.join(top.resolve(), "")  # noqa: PTH118 (a string per file is cheaper)
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        log.warning("%s: cannot list folder: %s", top, exc.strerror)
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            link = entry.is_symlink()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and _wanted(entry.name):
            yield path, str(path.resolve()) if link else real + entry.name


def _wanted(name: str) -> bool:
    lower = name.lower()
    dot = lower.rfind(".")
    suffix = lower[dot:] if 0 < dot < len(lower) - 1 else ""  # Path.suffix, without a Path
    return (
        suffix in SUPPORTED_SUFFIXES
        and lower not in SKIPPED_NAMES
        and not lower.endswith(".meta.toml")
    )
