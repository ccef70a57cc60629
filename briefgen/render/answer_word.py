"""Answer drafts as files: the JSON data model, Markdown and Word.

One dict (``answer_data``) feeds every format, as the briefing's does: the JSON output
is that dict, the Markdown template (``answer.md.j2``, replaceable with ``--templates``)
receives it, and the Word writer reads it. ``briefgen/schema/answer.schema.json``
documents it. The layout is that of a real answer, in the question's parliament
(``question.layout``): a draft banner, then the Flemish Parliament's minister's name
and title, ``ANTWOORD`` / ``op vraag nr. N van DATE`` / ``van NAME`` and the numbered
answers (``1+3.``), or the Tweede Kamer's ``Vragen van ... (ingezonden DATE)``,
``Antwoord van ... (ontvangen ...)`` and ``Vraag 1`` (as asked) / ``Antwoord 1``; then
the sources. Word output is built from ``word.py``'s ``DocxWriter`` (styles set by id,
citations linked to the numbered sources table, page numbers, fixed zip timestamps),
so a draft and a briefing look alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from briefgen.errors import ConfigError
from briefgen.models import AnswerBlock, AnswerDraft, Extract, Item, QuestionPart
from briefgen.render import Format
from briefgen.render.jsondata import (
    QUOTES_LANG,
    amount_data,
    date_fact_data,
    glossary_for,
    ref_data,
    source_data,
    xml_safe,
)
from briefgen.render.word import DocxWriter, build_docx

SCHEMA_VERSION = 1
TEMPLATE = "answer.md.j2"


def answer_data(draft: AnswerDraft) -> dict[str, Any]:
    """The whole draft as JSON-ready data (see ``briefgen/schema/answer.schema.json``)."""
    from briefgen.answer import phrases

    q = draft.question
    ph = phrases(draft.lang)
    refs = {s.document_id: n for n, s in enumerate(draft.sources, start=1)}
    block_of = {n: block for block in draft.blocks for n in block.numbers}
    quotes = [e.item.text for b in draft.blocks for e in b.extracts]
    title = q.title or (f"{q.number}" if q.number else q.source)
    return {
        "schema_version": SCHEMA_VERSION,
        "subject": xml_safe(title),
        "theme": None,
        "lang": draft.lang,
        "locale": draft.locale,
        "quotes_lang": QUOTES_LANG,
        "generated": draft.generated.isoformat(),
        "question": {
            "source": xml_safe(q.source),
            "number": _opt(q.number),
            "date": q.date.isoformat() if q.date else None,
            "asker": _opt(q.asker),
            "title": _opt(q.title),
            "intro": [xml_safe(p.text) for p in q.intro],
            "layout": q.layout,
        },
        "minister": {
            "name": _opt(q.addressee),
            "title": _opt(q.addressee_title),
            "placeholder": None if q.addressee else ph["minister_unknown"],
        },
        "placeholders": {
            "date": ph["date_to_complete"],
            "asker": ph["asker_unknown"],
            "subject": ph["subject_unknown"],
        },
        "subquestions": [
            _subquestion(part, block_of[part.number], refs, draft.lang) for part in q.subquestions
        ],
        "answers": [_answer(block, refs, draft.lang) for block in draft.blocks],
        "sources": [source_data(s, n, draft.lang) for n, s in enumerate(draft.sources, start=1)],
        "left_out": [
            {k: v for k, v in source_data(s, 0, draft.lang).items() if k != "ref"}
            for s in draft.left_out
        ],
        "glossary": glossary_for(quotes, draft.lang),
    }


def _subquestion(
    part: QuestionPart, block: AnswerBlock, refs: dict[str, int], lang: str
) -> dict[str, Any]:
    return {
        "number": part.number,
        "text": xml_safe(part.text),
        "support": block.support,
        "answered_in": block.label,
        "items": [_extract(e, refs, lang) for e in block.extracts],
    }


def _answer(block: AnswerBlock, refs: dict[str, int], lang: str) -> dict[str, Any]:
    from briefgen.answer import phrases

    return {
        "label": block.label,
        "numbers": list(block.numbers),
        "support": block.support,
        "placeholder": block.placeholder or None,
        "items": [_extract(e, refs, lang) for e in block.extracts],
        "disagreements": [
            {
                "event": xml_safe(d.event),
                "note": xml_safe(d.note),
                "claims": [
                    {
                        "text": xml_safe(c.text),
                        "when": date_fact_data(c.when),
                        "source": ref_data(c.source, refs, lang) if c.source else None,
                        "who": None if c.source else phrases(lang)["question_itself"],
                    }
                    for c in d.claims
                ],
            }
            for d in block.disagreements
        ],
    }


def _extract(extract: Extract, refs: dict[str, int], lang: str) -> dict[str, Any]:
    return {
        "lead": xml_safe(extract.lead),
        **_quote(extract.item, refs, lang),
        "note": extract.note or None,
        "list": [_quote(it, refs, lang) for it in extract.follows],
    }


def _quote(it: Item, refs: dict[str, int], lang: str) -> dict[str, Any]:
    return {
        "text": xml_safe(it.text),
        "label": xml_safe(it.label),
        "section": it.section,
        "score": round(it.score, 4),
        "sources": [ref_data(r, refs, lang) for r in it.sources],
        "dates": [date_fact_data(d) for d in it.dates],
        "amounts": [amount_data(a) for a in it.amounts],
    }


def _opt(text: str | None) -> str | None:
    return None if text is None else xml_safe(text)


def render_answer(
    draft: AnswerDraft,
    fmt: Format,
    *,
    templates_dir: Path | None = None,
    docx_template: Path | None = None,
) -> bytes:
    """The draft as the bytes of a file in ``fmt``."""
    data = answer_data(draft)
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "md":
        return _markdown(data, templates_dir)
    if fmt == "docx":
        return _docx(data, draft, docx_template)
    raise ConfigError(f"unknown output format {fmt!r}", hint="use one of md, docx, json")


# ------------------------------------------------------------------------ Markdown


def _markdown(data: dict[str, Any], templates_dir: Path | None) -> bytes:
    """The draft as Markdown through the briefing's strict, sandboxed environment."""
    from briefgen.render.markdown import render_template

    return render_template(TEMPLATE, data, templates_dir, data["lang"], data["locale"])


# ---------------------------------------------------------------------------- Word


def _docx(data: dict[str, Any], draft: AnswerDraft, template: Path | None) -> bytes:
    return build_docx(
        _AnswerWriter,
        data,
        lang=draft.lang,
        locale=draft.locale,
        generated=draft.generated,
        template=template,
    )


class _AnswerWriter(DocxWriter):
    """The briefing's building blocks, laid out as an answer."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        number = self.data["question"]["number"]
        self.title = (
            self._("Draft answer to question no. %(number)s") % {"number": number}
            if number
            else self._("Draft answer")
        )

    def write(self) -> None:
        d, p = self.data, self.p
        banner = self.para()
        banner.add_run(self._("DRAFT") + " — ").bold = True
        banner.add_run(
            self._(
                "drawn up by briefgen on %(date)s from the corpus. Every passage is quoted "
                "verbatim from the source cited; check it, complete what is marked, and "
                "write the answer before use."
            )
            % {"date": p.date(d["generated"])}
        ).italic = True
        self.quotes_note()
        if d["question"]["layout"] == "tweede_kamer":
            self.tweede_kamer()
        else:
            self.flemish()
        for entry in d["left_out"]:
            self.note(
                self._("Left out: %(title)s (%(type)s, %(date)s) holds this same question.")
                % {
                    "title": entry["title"],
                    "type": entry["type_label"],
                    "date": p.date(entry["date"]),
                }
            )
        self.glossary()
        self.sources()
        self.footer()

    def flemish(self) -> None:
        """The Flemish Parliament's layout: minister, ANTWOORD header, numbered answers."""
        d, p = self.data, self.p
        minister = d["minister"]
        name = minister["name"].upper() if minister["name"] else minister["placeholder"]
        for line in (name, minister["title"].upper() if minister["title"] else ""):
            if line:
                self.para().add_run(line).bold = True
        self.para()
        q = d["question"]
        self.para().add_run(self._("ANSWER")).bold = True
        if q["number"]:
            ref = self._("to question no. %(number)s of %(date)s") % {
                "number": q["number"],
                "date": p.date(q["date"]),
            }
            self.para(ref)
        elif q["date"]:
            self.para(self._("to the question of %(date)s") % {"date": p.date(q["date"])})
        if q["asker"]:
            self.para(self._("from %(asker)s") % {"asker": q["asker"].upper()})
        for block in d["answers"]:
            self.answer(block)

    def tweede_kamer(self) -> None:
        """The Tweede Kamer's layout: heading, who answers, "Vraag 1" as asked, "Antwoord 1".

        An answer covering several sub-questions follows all of them ("Antwoord 1 en 3").
        A sub-question is the question itself, not a source: plain text, no citation.
        """
        d, p = self.data, self.p
        self.para().add_run(p.asked(d["question"], d["placeholders"])).bold = True
        self.para(p.answered_by(d["minister"], d["placeholders"]))
        texts = {s["number"]: s["text"] for s in d["subquestions"]}
        for block in d["answers"]:
            for number in block["numbers"]:
                self.heading(self._("Question %(number)s") % {"number": number})
                for text in texts[number].split("\n\n"):
                    self.para(text + self.marker)  # the question's Dutch, as asked
            self.heading(self._("Answer %(numbers)s") % {"numbers": p.listed(block["numbers"])})
            self.answer_body(block, self.para())

    def heading(self, text: str) -> None:
        """A bold "Vraag 1" / "Antwoord 1" line, kept with what it heads."""
        paragraph = self.para()
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text).bold = True

    def answer(self, block: dict[str, Any]) -> None:
        """One numbered answer: "1+3." then its body."""
        first = self.para()
        first.paragraph_format.space_before = Pt(10)
        first.add_run(f"{block['label']}. ").bold = True
        self.answer_body(block, first)

    def answer_body(self, block: dict[str, Any], first: Paragraph) -> None:
        """The gap, or each connecting phrase and quote from ``first`` on; then the flags."""
        if block["placeholder"]:
            first.add_run(block["placeholder"]).bold = True
        for n, item in enumerate(block["items"]):
            lead = first if n == 0 else self.para()
            lead.add_run(item["lead"])
            lead.paragraph_format.keep_with_next = True
            self.quote(item)
            for entry in item["list"]:
                self.quote(entry, prefix="• ")
            if item["note"]:
                self.note(item["note"])
        for clash in block["disagreements"]:
            self.para().add_run(clash["note"]).bold = True
            for claim in clash["claims"]:
                paragraph = self.para(f"“{claim['text']}”{self.marker}", "quote")
                if claim["source"]:
                    self.cite(paragraph, [claim["source"]])
                else:
                    paragraph.add_run(f" ({claim['who']})")
