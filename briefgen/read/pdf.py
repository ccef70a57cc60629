"""PDF: the text layer of each page with pypdf, as raw lines; no text layer needs OCR.

pypdf was measured against pdfminer.six (see ``briefgen.read``). pypdf reports through
the logging module and Python warnings; those go to the document's warnings instead.

Paragraph spacing. A text layer has no paragraphs, and a paragraph whose last line
happens to be full would run on into the next one. Where the space between two lines
is clearly more than the document's usual line pitch (relative to the font size), the
reader puts a blank line between them, as a text export would; ``clean`` decides
from there.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from briefgen.errors import BriefgenError, InputError, NeedsOCRError
from briefgen.read.guards import Out, one_line, usable_title

log = logging.getLogger(__name__)

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
        message = one_line(message)
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


def read_pdf(data: bytes, out: Out) -> str | None:
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
            limits = out.limits
            if count > limits.pdf_pages:
                raise InputError(f"{name}: {count} pages is over the {limits.pdf_pages}-page limit")
            started, empty = time.monotonic(), []
            pages = []
            for number, page in enumerate(reader.pages, 1):
                pages.append(_page_lines(page))
                if not "".join(pages[-1][0]).strip():
                    empty.append(number)
                if time.monotonic() - started > limits.pdf_seconds:
                    raise InputError(
                        f"{name}: text extraction took over {limits.pdf_seconds:.0f} s"
                    )
            for number, text in enumerate(_spaced(pages), 1):
                out.add(text, "lines", page=number)
            title = usable_title(reader.metadata.title if reader.metadata else None)
        except BriefgenError:
            raise
        except Exception as exc:
            log.debug("pypdf failed on %s", name, exc_info=True)
            raise InputError(
                f"{name}: unreadable PDF: {type(exc).__name__}: {one_line(exc)}"
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


_SPACING = 1.45  # a gap this many times the usual pitch separates paragraphs
_SAME_SIZE = 1.15  # font sizes within this ratio count as one size


def _page_lines(page: Any) -> tuple[list[str], list[tuple[float, float] | None]]:
    """The page's text lines, each with (baseline y, font size) where pypdf tells it.

    pypdf hands its visitor the very pieces its text is made of, each with the text
    matrix it was drawn with; a line takes the position of its first visible piece.
    """
    pieces: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        pieces.append((text, y, abs(size * scale)))

    text = page.extract_text(visitor_text=visit) or ""
    lines = text.split("\n")
    if "".join(p for p, _, _ in pieces) != text:  # not as documented: no positions
        return lines, [None] * len(lines)
    where: list[tuple[float, float] | None] = [None]
    for piece, y, size in pieces:
        for k, part in enumerate(piece.split("\n")):
            if k:
                where.append(None)
            if where[-1] is None and part.strip() and size > 0:
                where[-1] = (y, size)
    return lines, where


def _spaced(pages: Sequence[tuple[list[str], list[tuple[float, float] | None]]]) -> list[str]:
    """Each page's text with a blank line where a paragraph gap separates two lines.

    The usual pitch is the document's lower quartile of the gap between consecutive
    lines of one font size, in font sizes: most gaps in running text are plain lines.
    """
    ratios = sorted(r for _, where in pages for _, r in _gaps(where) if r is not None and r > 0)
    if len(ratios) < 4:
        return ["\n".join(lines) for lines, _ in pages]
    usual = ratios[len(ratios) // 4]
    texts = []
    for lines, where in pages:
        wide = {i for i, r in _gaps(where) if r is not None and r > _SPACING * usual}
        out: list[str] = []
        for i, line in enumerate(lines):
            if i in wide and out and out[-1].strip():
                out.append("")
            out.append(line)
        texts.append("\n".join(out))
    return texts


def _gaps(where: Sequence[tuple[float, float] | None]) -> Iterator[tuple[int, float | None]]:
    """(line, its gap below the previous positioned line in font sizes, or None).

    None where the two lines differ in size, or the next one is not lower (a new
    column, a footnote drawn first, a table cell beside the last).
    """
    previous = None
    for i, here in enumerate(where):
        if here is None:
            continue
        if previous is not None:
            (y0, s0), (y1, s1) = where[previous], here  # type: ignore[misc]
            same = max(s0, s1) <= _SAME_SIZE * min(s0, s1)
            yield i, (y0 - y1) / max(s0, s1) if same and y1 < y0 else None
        previous = i
