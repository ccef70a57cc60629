"""Readers: the bytes of one file to a ``RawDocument``; walking corpus folders.

Each reader keeps what the format knows and nothing more. PDF and plain text give raw
``lines`` blocks (one per page), which the clean stage reflows and strips of page
furniture; .docx, .odt, .html and the XML of officielebekendmakingen.nl give whole
paragraphs, headings, list items, table rows and footnotes. A reader never invents text:
what it cannot read it refuses with an ``InputError`` that names the file in one line.
Left out on purpose: .docx headers, footers, text boxes and drawings, tables of
contents, tracked deletions; .odt frames placed on the page (the "frillblok" of
officielebekendmakingen) and text boxes; HTML page furniture listed in
``briefgen/data/html_furniture.toml``.

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
defusedxml). The bounds are this module's ``MAX_*`` values, read anew for every
document, so a caller (or a test) may change them here.

Modules: ``guards`` (the bounds, the collector of blocks, zip and XML checks), ``text``,
``pdf``, ``office`` (.docx, .odt), ``html``, ``oep`` (the XML of officielebekendmakingen),
``walk`` (corpus folders).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import BriefgenError, InputError
from briefgen.models import RawDocument
from briefgen.read.guards import Limits, Out, label, one_line, read_bytes
from briefgen.read.html import read_html
from briefgen.read.oep import read_oep_xml
from briefgen.read.office import read_docx, read_odt
from briefgen.read.pdf import read_pdf
from briefgen.read.text import read_markdown, read_text
from briefgen.read.walk import (
    SIDECAR_SUFFIX,
    SKIPPED_NAMES,
    SUPPORTED_SUFFIXES,
    Found,
    sidecar_of,
    walk_corpus,
)

__all__ = [
    "MAX_BINARY_FILE_BYTES",
    "MAX_CHARS",
    "MAX_PDF_PAGES",
    "MAX_PDF_SECONDS",
    "MAX_TEXT_FILE_BYTES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNPACKED",
    "SIDECAR_SUFFIX",
    "SKIPPED_NAMES",
    "SUPPORTED_SUFFIXES",
    "ZIP_RATIO_FLOOR",
    "Found",
    "read_document",
    "sidecar_of",
    "walk_corpus",
]

log = logging.getLogger(__name__)

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

_READERS: dict[str, Callable[[bytes, Out], str | None]] = {
    "txt": read_text,
    "md": read_markdown,
    "pdf": read_pdf,
    "docx": read_docx,
    "odt": read_odt,
    "html": read_html,
    "xml": read_oep_xml,
}


def read_document(path: Path) -> RawDocument:
    """Read one file into blocks; every failure is an ``InputError`` naming the file."""
    name = label(path)
    fmt = path.suffix.lower().lstrip(".")
    fmt = "html" if fmt == "htm" else fmt
    reader = _READERS.get(fmt)
    if reader is None:
        raise InputError(
            f"{name}: unsupported format {path.suffix or '(no suffix)'}",
            hint="supported: " + " ".join(sorted(SUPPORTED_SUFFIXES)),
        )
    limit = MAX_BINARY_FILE_BYTES if fmt in ("pdf", "docx", "odt") else MAX_TEXT_FILE_BYTES
    data = read_bytes(path, name, limit)
    if not data or data.isspace():
        raise InputError(f"{name}: empty file")
    out = Out(name, _limits())
    try:
        title = reader(data, out)
    except BriefgenError:
        raise
    except Exception as exc:  # a library failing on hostile bytes must not escape as a traceback
        log.debug("reading %s failed", path, exc_info=True)
        raise InputError(
            f"{name}: cannot read {fmt}: {type(exc).__name__}: {one_line(exc)}"
        ) from exc
    if not out.blocks:
        raise InputError(f"{name}: no text found in the document")
    return RawDocument(
        path=path,
        fmt=fmt,
        blocks=tuple(out.blocks),
        title=title,
        warnings=tuple(out.warnings),
        number=out.number,
    )


def _limits() -> Limits:
    """The bounds as they are set in this module now."""
    return Limits(
        chars=MAX_CHARS,
        pdf_pages=MAX_PDF_PAGES,
        pdf_seconds=MAX_PDF_SECONDS,
        zip_unpacked=MAX_ZIP_UNPACKED,
        zip_ratio=MAX_ZIP_RATIO,
        zip_ratio_floor=ZIP_RATIO_FLOOR,
        zip_members=MAX_ZIP_MEMBERS,
    )
