"""What every reader shares: the bounds on one document and the checks on hostile input.

Text goes into ``Out``, which counts characters against the bound and drops control
characters; a zip package (.docx, .odt) is opened only after the bomb checks and with
every XML part checked for a DOCTYPE (the way in for entity expansion) first. The
bounds are ``briefgen.read``'s ``MAX_*`` values, taken when a document is read.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element
from xml.parsers import expat

from briefgen.errors import InputError
from briefgen.models import Block, BlockKind

# Unicode category Cc (U+0000-001F, U+007F-009F) but tab, line feed, carriage return
# and form feed: a regex counts them an order of magnitude faster than a loop in Python
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
SPACES = re.compile(r"[ \t\r\n\f]+")


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds on one document, as ``briefgen.read`` sets them (see there)."""

    chars: int
    pdf_pages: int
    pdf_seconds: float
    zip_unpacked: int
    zip_ratio: int
    zip_ratio_floor: int
    zip_members: int


def one_line(text: object, limit: int = 200) -> str:
    """``text`` on one line, cut at ``limit`` characters: for messages naming a file."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def label(path: Path) -> str:
    """The file's name, safe to print on one line."""
    name = os.fsencode(path.name).decode("utf-8", "backslashreplace")  # undecodable bytes
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name) or str(path)


_JUNK_TITLES = frozenset({"-", "none", "null", "untitled", "titel", "title", "word document"})


def usable_title(value: object) -> str | None:
    """A format's own title, unless it is a placeholder or a file name."""
    title = one_line(value or "", 500)
    if title.lower() in _JUNK_TITLES or re.match(
        r"(?i)^microsoft \w+ - |.*\.(docx?|odt|pdf)$", title
    ):
        return None
    return title or None


# officielebekendmakingen.nl's metadata field for a Kamervraag's number, in HTML and ODT
AANHANGSEL_NUMBER = "OVERHEIDop.aanhangselNummer"


def usable_number(value: str) -> str | None:
    """A document number from a format's metadata: digits, as ``3235``; else None."""
    number = value.strip()
    return number if re.fullmatch(r"\d{1,6}", number) else None


def _scrub(text: str) -> str:
    """Unix line ends; no NUL or other control characters (which XML writers refuse)."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class Out:
    """Collects one document's blocks and warnings, within the character bound."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.chars = 0
        self.number: str | None = None  # where the format states it apart from the text

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
        if self.chars > self.limits.chars:
            raise InputError(
                f"{self.name}: more than {self.limits.chars:,} characters of text; refused"
            )
        self.blocks.append(Block(text=text, kind=kind, level=level, page=page, cells=cells))

    def row(self, cells: list[str]) -> None:
        clean = tuple(_scrub(c).replace("\u00ad", "").strip() for c in cells)
        if any(clean):
            self.add(" | ".join(clean), "table_row", cells=clean)


def read_bytes(path: Path, name: str, limit: int) -> bytes:
    """The file's bytes, refused when it is no regular file or over ``limit`` bytes."""
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
        raise InputError(f"{name}: cannot read: {exc.strerror or one_line(exc)}") from exc


def open_zip(data: bytes, out: Out, kind: str) -> zipfile.ZipFile:
    """A zip package that passed the bomb checks, with every XML part free of DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(f"{out.name}: not a valid {kind} file (damaged or truncated)") from exc
    limits = out.limits
    if len(members) > limits.zip_members:
        raise InputError(f"{out.name}: {len(members)} parts in the package; refused")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.zip_unpacked:
        raise InputError(
            f"{out.name}: unpacks to {unpacked / 2**20:.0f} MB, over the "
            f"{limits.zip_unpacked // 2**20} MB limit; refused as a possible zip bomb"
        )
    for m in members:
        packed = max(m.compress_size, 1)
        if m.file_size > limits.zip_ratio_floor and m.file_size > limits.zip_ratio * packed:
            raise InputError(
                f"{out.name}: part {one_line(m.filename, 60)} is compressed "
                f"{m.file_size // packed}:1; refused as a possible zip bomb"
            )
    for m in members:
        if m.filename.endswith((".xml", ".rels")):
            refuse_dtd(archive.read(m), out, m.filename)
    return archive


class _RootReached(Exception):
    """The prolog is over: no DOCTYPE can follow."""


def refuse_dtd(xml: bytes, out: Out, part: str) -> None:
    """Refuse XML whose prolog declares a DOCTYPE (the way in for entity expansion)."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise InputError(
            f"{out.name}: {one_line(part, 60)} declares a DOCTYPE or entities; refused "
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
        raise InputError(f"{out.name}: broken XML in {one_line(part, 60)}: {exc}") from exc


def parse_part(archive: zipfile.ZipFile, part: str) -> Element | None:
    """A package part parsed with defusedxml, or None when the package lacks it."""
    import defusedxml.ElementTree as SafeET

    try:
        xml = archive.read(part)
    except KeyError:
        return None
    return SafeET.fromstring(xml, forbid_dtd=True)
