"""Read the question to answer: who asks whom, about what, and each numbered sub-question.

The question goes through the corpus flow (read, clean, recognise, segment), so a file
reads the same whether it is answered or ingested: a Flemish written question (title,
``SCHRIFTELIJKE VRAAG nr. N van NAME datum: DATE aan MINISTER``, introduction, numbered
sub-questions) or a Tweede Kamer one gives number, asker, date and addressee; a file
that already holds the answer is read as its question part only. Which of the two it
is (``Question.layout``) decides how the answer is laid out. Any other text is read as
a numbered list (``1. ...`` / ``2) ...``) after an optional introduction; its
numbered items must be questions (most of them hold a ``?``), so a report with
numbered headings is refused rather than "answered".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from briefgen.errors import InputError, NotFoundError
from briefgen.models import Block, Passage, Question, QuestionPart, RawDocument

log = logging.getLogger(__name__)

STDIN_NAME = "standard input"
_HINT = "number each sub-question: '1. ...', '2. ...'"


def read_question(path: Path) -> Question:
    """The question in a .txt, .md, .docx, .pdf (any format the corpus reads) file."""
    from briefgen.read import read_document

    if not path.exists():
        raise NotFoundError(f"{path}: no such question file", hint="give the path of the question")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a question file")
    return _question(read_document(path), path.name)


def read_question_text(text: str, name: str = STDIN_NAME) -> Question:
    """The question typed or piped in as plain text (``briefgen answer -``)."""
    if not text.strip():
        raise InputError(f"{name}: empty question", hint=_HINT)
    raw = RawDocument(path=Path(name), fmt="txt", blocks=(Block(text.replace("\r\n", "\n")),))
    return _question(raw, name)


def _question(raw: RawDocument, name: str) -> Question:
    from briefgen.clean import clean
    from briefgen.recognise import recognise_with_layout
    from briefgen.segment import segment

    text = clean(raw)
    meta, layout = recognise_with_layout(text, raw_title=raw.title, raw_number=raw.number)
    formal = meta.doc_type == "written_question"
    if not formal:  # a plain numbered list: read it with the written question's rules
        meta = replace(meta, doc_type="written_question", answer_start=None)
    passages = segment("question", text, meta)
    asked = [p for p in passages if p.part == "question"]
    subquestions = _subquestions(asked)
    if not subquestions:
        raise InputError(f"{name}: no numbered sub-questions found", hint=_HINT)
    if not formal and sum("?" in s.text for s in subquestions) * 2 < len(subquestions):
        raise InputError(
            f"{name}: the numbered items are not questions (no question marks)", hint=_HINT
        )
    intro = tuple(p for p in passages if p.part == "intro")
    title = meta.title
    if title and not formal and any(title.endswith(s.text) for s in subquestions):
        title = None  # a bare list: its first line is a sub-question, not a title
    log.debug("%s: %d sub-questions, %d intro paragraphs", name, len(subquestions), len(intro))
    return Question(
        source=name,
        number=meta.number,
        date=meta.question_date or meta.date,
        asker=meta.asker,
        addressee=meta.addressee,
        addressee_title=meta.addressee_title,
        title=title,
        intro=tuple(QuestionPart(0, p.text, p.dates, p.amounts) for p in intro),
        subquestions=subquestions,
        layout=layout,
        subject=meta.theme_line if layout == "tweede_kamer" else None,
    )


def _subquestions(asked: Sequence[Passage]) -> tuple[QuestionPart, ...]:
    """One sub-question per number; its paragraphs (a question may run on) joined."""
    by_number: dict[int, list[Passage]] = {}
    for p in asked:
        if p.numbers:
            by_number.setdefault(p.numbers[0], []).append(p)
    out = []
    for number, parts in by_number.items():
        text = "\n\n".join(p.text for p in parts)
        shift = 0
        dates = []
        amounts = []
        for p in parts:
            dates += [replace(d, start=d.start + shift, end=d.end + shift) for d in p.dates]
            amounts += [replace(a, start=a.start + shift, end=a.end + shift) for a in p.amounts]
            shift += len(p.text) + 2
        out.append(QuestionPart(number, text, tuple(dates), tuple(amounts)))
    return tuple(out)
