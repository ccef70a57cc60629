"""PDF: the text layer of each page with pypdf, as raw lines; no text layer needs OCR.

pypdf was measured against pdfminer.six (see ``briefgen.read``). pypdf reports through
the logging module and Python warnings; those go to the document's warnings instead.
"""

from __future__ import annotations

import io
import logging
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

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
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text() or ""
                if not text.strip():
                    empty.append(number)
                out.add(text, "lines", page=number)
                if time.monotonic() - started > limits.pdf_seconds:
                    raise InputError(
                        f"{name}: text extraction took over {limits.pdf_seconds:.0f} s"
                    )
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
