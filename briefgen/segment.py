"""Cut a cleaned document into citable passages that know where they stand.

One passage per paragraph, list item or table row. Headings are not passages: in a
declaration or report they become the heading path of what follows (``§ 1.b``); the
title block before the first body paragraph, and the header lines of a written
question (names, ``ANTWOORD``, ``op vraag nr. ...``), are left out.

A written question splits into ``intro`` (before sub-question 1), ``question``
(numbered sub-questions, each with its number, running on until the next number)
and ``answer`` (from ``meta.answer_start``). An answer paragraph opening with a label
(``1+3.``, ``2-3.``, ``4.``) answers those sub-questions (``2-3`` is 2 and 3), and the
paragraphs after it keep them until the next label; a label on its own line sets them
for what follows. The Tweede Kamer layout (``Vraag 3, 4 en 5`` / ``Antwoord 3, 4 en
5`` headings) does the same. A passage's text leaves out its number label and bullet,
which ``number_label`` and ``kind`` keep.

Paragraphs over 1500 characters are split at sentence boundaries into passages of at
most about 1000. Dates (with the document's year for "dinsdag 31 januari") and
amounts are found in each passage, with offsets into the passage text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefgen.classify import split_sentences
from briefgen.clean import list_marker_end
from briefgen.facts import find_amounts, find_dates
from briefgen.models import CleanText, DocumentMeta, Paragraph, Passage, PassagePart

_SPLIT_OVER = 1500
_CHUNK = 1000
_MAX_RANGE = 20  # "2-30." is no label of sub-questions

_NUMS = r"\d{1,2}(?:\s?[+,\-–]\s?\d{1,2}|\s(?:en|tot)\s\d{1,2})*"
_ANSWER_LABEL = re.compile(rf"^({_NUMS})\.(?:\s+|$)")
_QUESTION_LABEL = re.compile(r"^(\d{1,2})[.)](?:\s+|$)")
_TK_HEADING = re.compile(rf"^(Vraag|Antwoord)\s+({_NUMS})$")
_TK_HEADER = re.compile(r"^(?:Vragen|Antwoord|Mededeling) van .*\((?:ingezonden|ontvangen) ", re.S)
_SENTENCE_END = ".?!:;"
_CLOSERS = "’”\"'»)]"


@dataclass(slots=True)
class _State:
    """Where the walk through a document stands."""

    part: PassagePart = "body"
    numbers: tuple[int, ...] = ()
    label: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    in_title: bool = True
    by_headings: bool = False  # "Vraag N" / "Antwoord N" headings set the part


def segment(doc_id: str, clean: CleanText, meta: DocumentMeta) -> tuple[Passage, ...]:
    """The passages of a document, with stable ids ``f"{doc_id}:{ordinal:04d}"``."""
    known = meta.date or meta.answer_date or meta.question_date
    year = known.year if known else None
    question = meta.doc_type == "written_question"
    state = _State(part="intro" if question else "body")
    passages: list[Passage] = []
    for para in clean.paragraphs:
        text = clean.text[para.start : para.end]
        if question:
            span = _question_step(state, para, text, meta.answer_start)
        else:
            span = _body_step(state, para, text)
        if span is None:
            continue
        start, end = para.start + span[0], para.start + span[1]
        for a, b in _chunks(clean.text, start, end):
            piece = clean.text[a:b]
            ordinal = len(passages) + 1
            passages.append(
                Passage(
                    id=f"{doc_id}:{ordinal:04d}",
                    doc_id=doc_id,
                    ordinal=ordinal,
                    text=piece,
                    start=a,
                    end=b,
                    kind=para.kind,
                    part=state.part,
                    numbers=state.numbers,
                    number_label=state.label,
                    heading_path=tuple(h for _, h in state.headings),
                    label=para.label,
                    dates=tuple(find_dates(piece, default_year=year)),
                    amounts=tuple(find_amounts(piece)),
                )
            )
    return tuple(passages)


def _body_step(state: _State, para: Paragraph, text: str) -> tuple[int, int] | None:
    """Declarations, reports, letters: headings make the path; the title block is left out."""
    if para.kind == "heading":
        if not state.in_title:
            level = para.level or 3
            while state.headings and state.headings[-1][0] >= level:
                state.headings.pop()
            state.headings.append((level, text))
        return None
    state.in_title = False
    return _content(text, para)


def _question_step(
    state: _State, para: Paragraph, text: str, answer_start: int | None
) -> tuple[int, int] | None:
    """Written questions: intro, numbered sub-questions, numbered answers."""
    tk = _TK_HEADING.match(text)
    if tk:
        state.by_headings = True
        state.part = "question" if tk.group(1) == "Vraag" else "answer"
        state.numbers, state.label = _numbers(tk.group(2)), tk.group(2)
        return None
    if para.kind == "heading" or _TK_HEADER.match(text):
        return None  # header lines: names, titles, ANTWOORD, op vraag nr. ...
    if state.part == "intro" and text.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END:
        return None  # before the question only sentences count: "Vergaderjaar 2020-2021"
    answered = answer_start is not None and para.start >= answer_start
    if answered and state.part != "answer" and not state.by_headings:
        state.part, state.numbers, state.label = "answer", (), ""
    skip = 0
    if state.part == "answer":
        label = _ANSWER_LABEL.match(text)
        if label and _numbers(label.group(1)):
            state.numbers, state.label = _numbers(label.group(1)), label.group(1)
            skip = label.end()
    elif para.kind != "table_row" and not state.by_headings:
        label = _QUESTION_LABEL.match(text)
        if label:
            state.part, state.label = "question", label.group(1)
            state.numbers = (int(label.group(1)),)
            skip = label.end()
    if skip >= len(text):
        return None  # a label on its own line ("2-3.")
    span = _content(text[skip:], para)
    return None if span is None else (skip + span[0], skip + span[1])


def _content(text: str, para: Paragraph) -> tuple[int, int] | None:
    """The quotable span of a paragraph: its bullet left out; none without a word."""
    start = list_marker_end(text) if para.kind == "list_item" else 0
    if not any(ch.isalnum() for ch in text[start:]):
        return None
    return start, len(text)


def _numbers(label: str) -> tuple[int, ...]:
    """Sub-question numbers of a label: "1+3" is 1 and 3, "2-3" and "2 tot 3" 2 to 3."""
    out: list[int] = []
    for part in re.split(r"\s?[+,]\s?|\sen\s", label):
        bounds = [int(n) for n in re.split(r"\s?[-–]\s?|\stot\s", part) if n.strip()]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= _MAX_RANGE:
            out.extend(range(bounds[0], bounds[1] + 1))
        elif len(bounds) == 1:
            out.append(bounds[0])
        else:
            return ()
    return tuple(dict.fromkeys(n for n in out if n > 0))


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span itself, or runs of whole sentences of at most ~1000 characters."""
    if end - start <= _SPLIT_OVER:
        yield start, end
        return
    chunk_start = chunk_end = None
    for a, b in split_sentences(text[start:end]):
        a, b = a + start, b + start
        if chunk_start is not None and chunk_end is not None and b - chunk_start > _CHUNK:
            yield chunk_start, chunk_end
            chunk_start = None
        if chunk_start is None:
            chunk_start = a
        chunk_end = b
    if chunk_start is not None and chunk_end is not None:
        yield chunk_start, chunk_end
