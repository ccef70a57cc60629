"""Documents for the store and index tests, made by hand from the seed texts.

The store does not depend on the parsing stages, so these tests cut each seed into
sentences themselves (whitespace collapsed); every passage is real seed text.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from briefgen.models import AmountFact, DateFact, DocType, Document, DocumentMeta, Passage

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# seed file -> (type, title, date); 003 has no date of its own (see seeds/README.md)
SEED_META: dict[str, tuple[DocType, str, date | None]] = {
    "000_vraag319_regeringstop_onderwijs_2023.txt": (
        "written_question",
        "Nederlands-Vlaamse regeringstop - Onderwijs",
        date(2023, 2, 2),
    ),
    "001_vraag385_onderwijstop_vervolg_2024.txt": (
        "written_question",
        "Opvolging Vlaams-Nederlandse onderwijstop",
        date(2024, 4, 26),
    ),
    "002_vraag218_samenwerking_onderwijs_2015.txt": (
        "written_question",
        "Samenwerking Vlaanderen-Nederland onderwijs",
        date(2015, 1, 29),
    ),
    "003_top_middelburg_2018.txt": ("declaration", "Vlaams-Nederlandse top Middelburg", None),
    "004_slotverklaring_top_2023.txt": (
        "declaration",
        "Door grenzen heen verbonden",
        date(2023, 1, 31),
    ),
}


def sentences(name: str) -> list[str]:
    """The sentences of a seed, whitespace collapsed, line-end hyphens kept and joined."""
    raw = re.sub(r"-[ \t]*\n\s*(?=[a-z])", "-", (SEEDS / name).read_text("utf-8"))
    text = " ".join(raw.split())
    return [s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z‘“’(•])", text) if s]


def make_document(
    doc_id: str,
    path: str,
    paragraphs: list[str],
    meta: DocumentMeta,
    *,
    sha256: str = "0" * 64,
    heading: tuple[str, ...] = (),
) -> Document:
    """A document whose text is the paragraphs joined by blank lines.

    Dates and amounts are attached where their literal occurs in a paragraph, with
    the offsets of that occurrence.
    """
    text = "\n\n".join(paragraphs)
    passages, pos = [], 0
    for n, para in enumerate(paragraphs):
        passages.append(
            Passage(
                id=f"{doc_id}:{n:04d}",
                doc_id=doc_id,
                ordinal=n,
                text=para,
                start=pos,
                end=pos + len(para),
                heading_path=heading,
                dates=_dates(para),
                amounts=_amounts(para),
            )
        )
        pos += len(para) + 2
    return Document(doc_id, path, sha256, "txt", meta, text, tuple(passages))


def seed_document(name: str, *, sha256: str = "0" * 64) -> Document:
    """One seed as a document: one passage per sentence."""
    doc_type, title, day = SEED_META[name]
    meta = DocumentMeta(
        doc_type=doc_type,
        title=title,
        date=day,
        date_source="text" if day else "unknown",
        links=(("pdf", f"https://example.invalid/{name}"),),
    )
    return make_document(name[:3], f"seeds/{name}", sentences(name), meta, sha256=sha256)


def seed_documents() -> list[Document]:
    """All five seeds."""
    return [seed_document(name) for name in SEED_META]


def _dates(text: str) -> tuple[DateFact, ...]:
    out = []
    for literal, first, last, kind in (
        ("23 januari 2023", date(2023, 1, 23), date(2023, 1, 23), "day"),
        ("9 en 10 februari 2023", date(2023, 2, 9), date(2023, 2, 10), "range"),
        ("sinds 2011", date(2011, 1, 1), date(2011, 12, 31), "period"),
    ):
        at = text.find(literal)
        if at >= 0:
            out.append(DateFact(literal, at, at + len(literal), kind, first, last))  # type: ignore[arg-type]
    return tuple(out)


def _amounts(text: str) -> tuple[AmountFact, ...]:
    out = []
    for literal, value, per, approximate in (
        ("ongeveer 1,5 miljoen euro", Decimal("1500000"), None, True),
        ("€ 3,33 miljoen euro", Decimal("3330000.00"), "year", False),
        ("2.428.000 euro", Decimal("2428000"), None, False),
    ):
        at = text.find(literal)
        if at >= 0:
            out.append(AmountFact(literal, at, at + len(literal), value, "EUR", per, approximate))  # type: ignore[arg-type]
    return tuple(out)
