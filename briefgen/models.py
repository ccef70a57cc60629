"""The small typed records that pass between the stages of the flow.

read -> RawDocument; clean -> CleanText; recognise -> DocumentMeta;
segment -> Passage; facts -> DateFact / AmountFact; store keeps Documents;
select/classify/compose -> Briefing; render writes it.
Records are frozen so a stage cannot change what an earlier stage produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

# --------------------------------------------------------------------------- read

BlockKind = Literal["lines", "paragraph", "heading", "list_item", "table_row", "footnote"]


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of extracted text as the reader found it.

    ``lines``: raw lines as a text layer gives them (PDF, .txt); clean reflows them.
    The other kinds come from formats that know their structure (.docx, .odt, .html)
    and are already whole; clean only normalises their spaces.
    """

    text: str
    kind: BlockKind = "lines"
    level: int = 0  # heading level (1 = top), 0 otherwise
    page: int = 0  # 1-based page for paged formats, 0 when unknown
    cells: tuple[str, ...] = ()  # table_row: the cells, left to right


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader extracted from one file, before cleaning."""

    path: Path
    fmt: str  # "txt", "md", "pdf", "docx", "odt", "html", "xml"
    blocks: tuple[Block, ...]
    title: str | None = None  # from the format's own metadata, if any
    warnings: tuple[str, ...] = ()
    number: str | None = None  # from the format's own metadata ("3235"), if any


# -------------------------------------------------------------------------- clean

ParagraphKind = Literal["paragraph", "heading", "list_item", "table_row"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One whole paragraph of the cleaned text, by character offsets."""

    start: int
    end: int  # exclusive
    kind: ParagraphKind = "paragraph"
    level: int = 0
    label: str = ""  # table rows: "row label — column" naming what the cell is about


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text of a document; paragraphs are separated by a blank line."""

    text: str
    paragraphs: tuple[Paragraph, ...]


# -------------------------------------------------------------------------- facts

DateKind = Literal["day", "month", "year", "range", "period"]


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date or period found in text, with the literal kept for quoting."""

    literal: str
    start: int  # offsets into the text the fact was found in
    end: int
    kind: DateKind
    first: dt.date  # first day the expression can mean
    last: dt.date  # last day it can mean (== first for a single day)
    approximate: bool = False  # "eind 2022", "voorjaar van 2023", "rond 2020"
    year_inferred: bool = False  # "dinsdag 31 januari": year taken from the document


@dataclass(frozen=True, slots=True)
class AmountFact:
    """A sum of money found in text."""

    literal: str
    start: int
    end: int
    value: Decimal  # in units of the currency
    currency: str = "EUR"
    per: Literal["year", "once"] | None = None  # None: the text does not say
    approximate: bool = False  # "ongeveer", "+/-", "circa"


# ---------------------------------------------------------------------- recognise

DocType = Literal[
    "written_question",
    "declaration",
    "press_release",
    "report",
    "letter",
    "motion",
    "treaty",
    "other",
]


def cited_number(number: str, prefix: str) -> str:
    """``nr. 319``; a Kamerstuk's number carries its own (``32 545, nr. 143``), once."""
    return number if " nr. " in number else f"{prefix} {number}"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a document is. A field the text does not give stays None: never guessed."""

    doc_type: DocType = "other"
    title: str | None = None
    number: str | None = None  # "319"
    date: dt.date | None = None  # the document's own date (answer, publication, meeting)
    question_date: dt.date | None = None
    answer_date: dt.date | None = None
    asker: str | None = None  # "Kristof Slagmulder"
    addressee: str | None = None  # the minister: "Ben Weyts"
    addressee_title: str | None = None  # "Viceminister-president van de Vlaamse Regering, ..."
    theme_line: str | None = None  # "Onderwijs en Vorming"
    links: tuple[tuple[str, str], ...] = ()  # (label, url): ("pdf", "https://...")
    place: str | None = None  # "Middelburg"
    date_source: Literal["text", "sidecar", "unknown"] = "unknown"
    answer_start: int | None = None  # offset where a written question's answer begins


# ------------------------------------------------------------------------ segment

PassagePart = Literal["intro", "question", "answer", "body"]
# where a passage stands, for its citation: a numbered section, an answer, the question
LocatorKind = Literal["", "section", "answer", "question"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A citable unit: one paragraph, list item or table row, quoted whole."""

    id: str  # stable: f"{doc_id}:{ordinal:04d}"
    doc_id: str
    ordinal: int
    text: str
    start: int  # offsets into the document's CleanText.text
    end: int
    kind: ParagraphKind = "paragraph"
    part: PassagePart = "body"
    numbers: tuple[int, ...] = ()  # sub-question numbers asked or answered: (1, 3)
    number_label: str = ""  # as written: "1+3", "2-3", "4"
    heading_path: tuple[str, ...] = ()  # ("1. Verbonden door taal, cultuur en waarden", "b. ...")
    label: str = ""  # table rows: what the row is about
    dates: tuple[DateFact, ...] = ()
    amounts: tuple[AmountFact, ...] = ()

    @property
    def locator(self) -> tuple[LocatorKind, str]:
        """Where the passage stands, for its citation.

        ("section", "1.b") from the heading path, ("answer", "1+3"), ("question", "2");
        ("answer", "") for an unnumbered answer, ("", "") for none. A written question's
        own text (intro, sub-questions) is "question", so that a reader never takes the
        asker's words for the minister's.
        """
        marks = [h.split(".", 1)[0].strip() for h in self.heading_path if "." in h[:4]]
        marks = [m for m in marks if m and len(m) <= 3]
        if marks:
            return "section", ".".join(marks)
        if self.part == "answer":
            return "answer", self.number_label
        if self.part in ("intro", "question"):
            return "question", self.number_label
        return "", ""

    @property
    def section_ref(self) -> str:
        """``locator`` as the Dutch sources write it: "§ 1.b", "antw. 1+3", "vr. 2", "vraag".

        The store and the JSON keep this form; a briefing words it in its own language
        (``render.i18n.locator_text``).
        """
        kind, value = self.locator
        if kind == "section":
            return f"§ {value}"
        if kind == "answer":
            return f"antw. {value}" if value else "antw."
        if kind == "question":
            return f"vr. {value}" if value else "vraag"
        return ""


@dataclass(frozen=True, slots=True)
class Document:
    """A stored document: its identity, metadata and passages."""

    id: str  # stable: derived from the path relative to the corpus root
    path: str  # relative to the corpus root, "/"-separated
    sha256: str  # of the file's bytes (and its sidecar's, if any)
    fmt: str
    meta: DocumentMeta
    text: str  # the cleaned text passages point into
    passages: tuple[Passage, ...] = ()


# ---------------------------------------------------------------------- briefing

SectionKey = Literal["background", "commitments", "open_points"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a quote comes from, enough to cite it."""

    document_id: str
    passage_id: str
    title: str
    doc_type: DocType
    number: str | None
    date: dt.date | None
    locator: str = ""  # "§ 1.b", "antw. 1+3": ``Passage.section_ref``
    link: str | None = None
    where: tuple[LocatorKind, str] = ("", "")  # ``Passage.locator``, for other languages


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an item is in its section, kept apart from its words until it is rendered.

    The same briefing is written in several languages, so the classifier records which
    reason applies and with what values; the renderer words it in the briefing's
    language (``render.i18n.reason_text``). ``message`` is English with ``%(name)s``
    placeholders: a gettext message id, unless ``words`` gives the reason's own wording
    per other language (a cue's reason is data in cues.toml, not a catalogue text).
    A value is verbatim source text (never translated) or a reason of its own.
    """

    message: str
    params: tuple[tuple[str, str | Reason], ...] = ()
    words: tuple[tuple[str, str], ...] = ()  # (lang, text) for languages other than English


@dataclass(frozen=True, slots=True)
class Item:
    """One quoted statement in a briefing: verbatim text and where it comes from."""

    text: str  # verbatim from the source, trimmed at sentence boundaries only
    sources: tuple[SourceRef, ...]
    section: SectionKey
    reason: Reason | None = None  # why this section, shown with --explain
    label: str = ""  # table-row context shown before the quote
    score: float = 0.0
    dates: tuple[DateFact, ...] = ()
    amounts: tuple[AmountFact, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    key: SectionKey
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: DateFact
    text: str  # the sentence the date stands in, verbatim
    source: SourceRef


@dataclass(frozen=True, slots=True)
class AmountRow:
    what: str  # the sentence the amount stands in, verbatim
    amount: AmountFact
    source: SourceRef
    label: str = ""  # the table row and column it stands in: briefgen's words, no quote


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """An entry of the sources list."""

    document_id: str
    doc_type: DocType
    title: str
    number: str | None
    date: dt.date | None
    link: str | None
    path: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything a renderer needs; also the JSON data model."""

    subject: str  # theme name or the free-text query, as shown
    theme_slug: str | None
    lang: str  # "nl" or "en"
    locale: str  # "nl_BE"
    generated: dt.date
    audience: str | None = None  # "for whom"
    period: tuple[dt.date | None, dt.date | None] = (None, None)  # corpus period covered
    kern: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    amounts: tuple[AmountRow, ...] = ()
    sources: tuple[SourceDoc, ...] = ()
    notes: tuple[str, ...] = field(default=())  # messages shown in the document


# ------------------------------------------------------------------ answer drafts

Support = Literal["found", "none"]
# Whose layout a written question is in, and so its answer: the Flemish Parliament's
# (minister, ANTWOORD, "1.", "2." ...), the Tweede Kamer's (Vraag 1 / Antwoord 1 ...),
# or neither ("plain": a numbered list, answered in the Flemish layout).
QuestionLayout = Literal["flemish", "tweede_kamer", "plain"]


@dataclass(frozen=True, slots=True)
class QuestionPart:
    """A paragraph of a question as asked: the introduction (number 0) or a sub-question."""

    number: int
    text: str
    dates: tuple[DateFact, ...] = ()  # offsets into text
    amounts: tuple[AmountFact, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A parliamentary question to answer. A field the text does not give stays None."""

    source: str  # the file name, or "standard input"
    subquestions: tuple[QuestionPart, ...]
    number: str | None = None
    date: dt.date | None = None
    asker: str | None = None
    addressee: str | None = None  # the minister who answers
    addressee_title: str | None = None
    title: str | None = None
    intro: tuple[QuestionPart, ...] = ()
    layout: QuestionLayout = "plain"  # a question given without a parliament's header
    subject: str | None = None  # what it is about, where the title says more: a Tweede
    # Kamer title names the askers and the minister too ("Vragen van ... over SUBJECT")


@dataclass(frozen=True, slots=True)
class Extract:
    """One cited extract of an answer: a fixed connecting phrase, then the verbatim quote."""

    lead: str  # from data/answer_phrases.toml, naming the source and its date
    item: Item  # the quote (trimmed at sentence boundaries only) and its sources
    note: str = ""  # a fixed flag: older material, or dated after the question
    follows: tuple[Item, ...] = ()  # the list the quote introduces ("... om:"), item by item


@dataclass(frozen=True, slots=True)
class DateClaim:
    """A sentence that dates an event, and who says it (None: the question itself)."""

    text: str  # the sentence, verbatim
    when: DateFact  # offsets into text
    source: SourceRef | None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Texts that give different dates for the same event: all shown, none chosen."""

    event: str  # the word naming the event, as written: "onderwijstop"
    claims: tuple[DateClaim, ...]
    note: str  # the fixed flag shown with them


@dataclass(frozen=True, slots=True)
class AnswerBlock:
    """The answer to one sub-question, or to several that the same material answers."""

    numbers: tuple[int, ...]
    label: str  # as real answers number them: "1+3", "2-3", "4"
    support: Support
    extracts: tuple[Extract, ...] = ()
    placeholder: str = ""  # the visible gap when support is "none"
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    """Everything a renderer needs for a draft answer; also the JSON data model."""

    question: Question
    lang: str
    locale: str
    generated: dt.date
    blocks: tuple[AnswerBlock, ...]
    sources: tuple[SourceDoc, ...] = ()
    left_out: tuple[SourceDoc, ...] = ()  # the corpus's copies of this question: never cited
