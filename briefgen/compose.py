"""Selected passages to a Briefing: sections, Kern, timeline, amounts, sources.

Nothing here writes prose. Every item's text is a verbatim slice of a passage, cut
only at sentence boundaries (where a passage mixes kinds, each run of sentences goes
to its own section); the timeline and the amounts table quote the sentence a date or
amount stands in. Facts keep their offsets, shifted to the slice they are shown in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from briefgen.classify import classify_passage, classify_text, split_sentences
from briefgen.models import (
    AmountFact,
    AmountRow,
    Briefing,
    DateFact,
    Document,
    Item,
    Passage,
    Reason,
    Section,
    SectionKey,
    SourceDoc,
    SourceRef,
    TimelineEntry,
)
from briefgen.render.i18n import N_
from briefgen.select import Selected, Topic, says_little

SECTION_ORDER: tuple[SectionKey, ...] = ("background", "commitments", "open_points")
KERN_MAX = 5
KERN_CHARS = 400  # a longer first sentence (a treaty's preamble) is no key point
KERN_MIN = 3
TIMELINE_KINDS = frozenset({"day", "month", "range"})
# TRANSLATORS: lead_in is the quoted sentence before the list, why the reason it gives.
LIST_ITEM_REASON = N_("item of a list introduced by: “%(lead_in)s” (%(why)s)")
UNANSWERED_REASON = Reason(N_("asked in a written question; the corpus holds no answer to it"))


def source_ref(passage: Passage, doc: Document) -> SourceRef:
    """The citation of one passage."""
    m = doc.meta
    link = next((url for label, url in m.links if label.startswith("pdf")), None)
    link = link or next((url for _, url in m.links), None)
    return SourceRef(
        document_id=doc.id,
        passage_id=passage.id,
        title=m.title or doc.path,
        doc_type=m.doc_type,
        number=m.number,
        date=m.date,
        locator=passage.section_ref,
        link=link,
        where=passage.locator,
    )


Fact = TypeVar("Fact", DateFact, AmountFact)


def _within(facts: Iterable[Fact], start: int, end: int) -> tuple[Fact, ...]:
    """The facts inside ``text[start:end]``, with offsets relative to that slice."""
    return tuple(
        replace(f, start=f.start - start, end=f.end - start)
        for f in facts
        if f.start >= start and f.end <= end
    )


def items_for(sel: Selected) -> list[Item]:
    """The items of one selected passage: one per run of same-kind sentences."""
    p = sel.passage
    refs = (source_ref(p, sel.document), *(source_ref(q, d) for q, d in sel.also_in))
    items = []
    runs = classify_passage(p.text)
    if sel.lead_in and all(v.section == "background" for _, _, v in runs):
        spans = split_sentences(sel.lead_in)
        verdict = classify_text(sel.lead_in[spans[-1][0] :] if spans else sel.lead_in)
        reason = Reason(
            LIST_ITEM_REASON, (("lead_in", sel.lead_in.strip()), ("why", verdict.reason))
        )
        runs = [(s, e, replace(verdict, reason=reason, span=None)) for s, e, _ in runs]
    for start, end, verdict in runs:
        text = p.text[start:end].strip()
        if not text:
            continue
        lead = len(p.text[start:end]) - len(p.text[start:end].lstrip())
        s, e = start + lead, start + lead + len(text)
        items.append(
            Item(
                text=text,
                sources=refs,
                section=verdict.section,
                reason=verdict.reason,
                label=p.label,
                score=sel.score,
                dates=_within(p.dates, s, e),
                amounts=_within(p.amounts, s, e),
            )
        )
    return items


def _sentence_at(text: str, offset: int) -> str:
    for start, end in split_sentences(text):
        if start <= offset < end:
            return text[start:end].strip()
    return text.strip()


def open_question_items(questions: Sequence[tuple[Passage, Document]]) -> list[Item]:
    """Items for sub-questions the corpus asks but does not answer."""
    return [
        Item(
            text=passage.text,
            sources=(source_ref(passage, doc),),
            section="open_points",
            reason=UNANSWERED_REASON,
            dates=passage.dates,
            amounts=passage.amounts,
        )
        for passage, doc in questions
    ]


def _order(items: list[Item]) -> list[Item]:
    """Newest source first, then each document's items in the order of its text."""
    return sorted(
        items,
        key=lambda it: (
            -(it.sources[0].date or date.min).toordinal(),
            it.sources[0].document_id,
            it.sources[0].passage_id,
        ),
    )


def kern(items: Sequence[Item]) -> tuple[Item, ...]:
    """3-5 key points: the first sentence of the most telling items, one per source.

    Commitments first, then open points, then background; within each, the newest
    source, then relevance. The asker's own words (a question's introduction) are
    never a key point: a key point must be what a government said. Nor is a sentence
    of over ``KERN_CHARS`` characters, which a reader cannot take in at a glance, or one
    that says little on its own (an agenda number "30 ."); the source's next item may
    stand instead.
    """
    priority = {"commitments": 0, "open_points": 1, "background": 2}
    ranked = sorted(
        (it for it in items if it.sources[0].where[0] != "question"),
        key=lambda it: (
            priority[it.section],
            -(it.sources[0].date or date.min).toordinal(),
            -(it.score * (1.5 if it.amounts else 1.0)),
        ),
    )
    chosen: list[Item] = []
    seen_docs: set[str] = set()
    for it in ranked:
        if it.sources[0].document_id in seen_docs:
            continue
        sentences = split_sentences(it.text)
        s, e = sentences[0] if sentences else (0, len(it.text))
        if e - s > KERN_CHARS or says_little(it.text[s:e]):
            continue
        chosen.append(
            replace(
                it,
                text=it.text[s:e].strip(),
                dates=_within(it.dates, s, e),
                amounts=_within(it.amounts, s, e),
            )
        )
        seen_docs.add(it.sources[0].document_id)
        if len(chosen) == KERN_MAX:
            break
    return tuple(chosen)


def timeline(items: Sequence[Item]) -> tuple[TimelineEntry, ...]:
    """Dated events, oldest first, each with the sentence it stands in."""
    entries: dict[tuple[date, str], TimelineEntry] = {}
    for it in items:
        for fact in it.dates:
            if fact.kind not in TIMELINE_KINDS:
                continue
            sentence = _sentence_at(it.text, fact.start)
            entries.setdefault((fact.first, sentence), TimelineEntry(fact, sentence, it.sources[0]))
    return tuple(entries[k] for k in sorted(entries))


def amounts(items: Sequence[Item]) -> tuple[AmountRow, ...]:
    """Every sum of money, with the sentence (and table row) it stands in.

    The row's label stays apart from the sentence: only the sentence is the source's
    text, so only it goes between quotation marks.
    """
    rows: dict[tuple[str, str, str], AmountRow] = {}
    for it in items:
        for fact in it.amounts:
            what = _sentence_at(it.text, fact.start)
            row = AmountRow(what, fact, it.sources[0], it.label)
            rows.setdefault((fact.literal, it.label, what), row)
    return tuple(rows.values())


def sources(items: Sequence[Item], docs: dict[str, Document]) -> tuple[SourceDoc, ...]:
    """Each cited document once, oldest first (undated last); ties by title, then path.

    The path decides between same-titled undated documents ("Persbericht"), which
    otherwise came in the order of a set of ids: a new numbering in every process.
    """
    cited = {ref.document_id for it in items for ref in it.sources}
    entries = []
    for doc_id in cited:
        doc = docs[doc_id]
        m = doc.meta
        link = next((url for _, url in m.links), None)
        entries.append(
            SourceDoc(doc.id, m.doc_type, m.title or doc.path, m.number, m.date, link, doc.path)
        )
    return tuple(
        sorted(entries, key=lambda s: (s.date is None, s.date or date.min, s.title, s.path))
    )


def documents_of(selected: Sequence[Selected]) -> dict[str, Document]:
    """id -> document of every passage ``selected`` quotes, as selection read them.

    Reading them from the store again could miss one that a writer removed meanwhile.
    """
    docs = {sel.document.id: sel.document for sel in selected}
    docs.update({d.id: d for sel in selected for _, d in sel.also_in})
    return docs


def compose(
    topic: Topic,
    selected: Sequence[Selected],
    *,
    lang: str,
    locale: str,
    generated: date,
    audience: str | None = None,
    open_questions: Sequence[tuple[Passage, Document]] = (),
    notes: Sequence[str] = (),
) -> Briefing:
    """The briefing for ``topic`` from its selected passages and unanswered questions."""
    all_items = [it for sel in selected for it in items_for(sel)]
    all_items += open_question_items(open_questions)
    docs = documents_of(selected)
    docs.update({d.id: d for _, d in open_questions})
    sections = tuple(
        Section(key, tuple(_order([it for it in all_items if it.section == key])))
        for key in SECTION_ORDER
    )
    dated = [d.meta.date for d in docs.values() if d.meta.date]
    return Briefing(
        subject=topic.label,
        theme_slug=topic.slug,
        lang=lang,
        locale=locale,
        generated=generated,
        audience=audience,
        period=(min(dated), max(dated)) if dated else (None, None),
        kern=kern([it for it in all_items if it.score > 0]) if len(all_items) >= KERN_MIN else (),
        sections=sections,
        timeline=timeline(all_items),
        amounts=amounts(all_items),
        sources=sources(all_items, docs),
        notes=tuple(notes),
    )
