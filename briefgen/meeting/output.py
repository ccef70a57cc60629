"""The meeting briefing as data and as files: JSON, Markdown (Jinja2) and Word.

``meeting_data`` is the one data model: the JSON output is that dict, the template
``meeting.md.j2`` receives it, and ``render/meeting_word.py`` writes it to Word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.meeting.briefing import AgendaPoint, MeetingBriefing
from briefgen.meeting.follow_up import Status
from briefgen.meeting.found import PastMeeting
from briefgen.meeting.lexicon import Series, load_meeting_lexicon
from briefgen.meeting.spec import MeetingSpec
from briefgen.models import Briefing, Item, Section, SourceRef
from briefgen.render.i18n import N_

if TYPE_CHECKING:
    from briefgen.render import Format


def meeting_data(mb: MeetingBriefing) -> dict[str, Any]:
    """The meeting briefing as JSON-ready data: what the templates and Word receive.

    Every quote goes through ``jsondata.briefing_data`` (one item format for every
    output); citations number the one sources list of the whole document.
    ``briefgen/schema/meeting.schema.json`` documents the shape.
    """
    from briefgen.compose import sources as source_list
    from briefgen.render.i18n import gettext
    from briefgen.render.jsondata import SCHEMA_VERSION, glossary_for, xml_safe

    lang = mb.lang
    quoted: list[Item] = []
    for point in mb.agenda:
        quoted += [*point.briefing.kern, *(it for s in point.briefing.sections for it in s.items)]
    for entry in mb.series:
        quoted += [*entry.reports, *entry.agreed]
    for row in mb.follow_up:
        quoted += [row.commitment, *row.later]
    dated_by = [  # the sources that date a meeting are cited too
        Item(text="", sources=d.sources, section="background")
        for entry in mb.series
        if entry.meeting
        for d in entry.meeting.dates
    ]
    sources = source_list([*quoted, *dated_by], mb.documents)
    refs = {s.document_id: n for n, s in enumerate(sources, start=1)}
    data_of = _ItemData(mb, sources)

    def agenda_point(point: AgendaPoint) -> dict[str, Any]:
        from briefgen.render.jsondata import briefing_data

        data = briefing_data(replace(point.briefing, sources=sources))
        return {
            "number": point.number,
            "subject": xml_safe(point.briefing.subject),
            "theme": point.briefing.theme_slug,
            "query": xml_safe(point.spec.subject) if point.spec.is_query else None,
            "note": _opt(point.spec.note),
            "kern": data["kern"],
            "sections": data["sections"],
            "items": sum(len(s["items"]) for s in data["sections"]),
        }

    def meeting_dates(meeting: PastMeeting) -> list[dict[str, Any]]:
        return [
            {
                "date": d.value.isoformat(),
                "precision": d.precision,
                "literals": [xml_safe(lit) for lit in d.literals],
                "sources": data_of.refs(d.sources),
                "weekday_written": d.weekday_written,
            }
            for d in meeting.dates
        ]

    series = []
    for entry in mb.series:
        m = entry.meeting
        kind = m.series if m else entry.start.series if entry.start else None
        series.append(
            {
                "kind": "meeting" if m else "start",
                "series": kind.slug if kind else None,
                "series_name": xml_safe(kind.name(lang)) if kind else "",
                "label": m.label(lang) if m else None,
                "date": entry.when.isoformat() if entry.when else None,
                "precision": m.precision if m else "year",
                "place": _opt(m.place) if m else None,
                "editions": [xml_safe(e) for e in m.editions] if m else [],
                "declaration": refs[m.declaration.id] if m and m.declaration else None,
                "dates": meeting_dates(m) if m else [],
                "dates_differ": m.dates_differ if m else False,
                "reports": data_of.items(entry.reports),
                "agreed": data_of.items(entry.agreed),
                "agreed_more": entry.agreed_total - len(entry.agreed),
            }
        )
    follow_up = [
        {
            "meeting": row.meeting.key,
            "meeting_label": row.meeting.label(lang),
            "meeting_name": xml_safe(row.meeting.series.name(lang)),
            "meeting_date": row.meeting.date.isoformat() if row.meeting.date else None,
            "meeting_precision": row.meeting.precision,
            "meeting_place": _opt(row.meeting.place),
            "later_than": row.later_than.isoformat() if row.later_than else None,
            "commitment": data_of.items([row.commitment])[0],
            "later": data_of.items(row.later),
            "later_more": row.later_total - len(row.later),
            "status": row.status,
            "status_label": gettext(lang, STATUS_LABELS[row.status]),
        }
        for row in mb.follow_up
    ]
    spec = mb.spec
    texts = [t for it in quoted for t in (it.label, it.text)]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "meeting",
        "subject": xml_safe(spec.title),
        "theme": None,
        "lang": lang,
        "locale": mb.locale,
        "quotes_lang": data_of.quotes_lang,
        "generated": mb.generated.isoformat(),
        "audience": _opt(spec.audience),
        "meeting": {
            "title": xml_safe(spec.title),
            "date": spec.date.isoformat() if spec.date else None,
            "place": _opt(spec.place),
            "participants": [xml_safe(p) for p in spec.participants],
            "series": [xml_safe(s.name(lang)) for s in _kinds(spec)],
        },
        "agenda": [agenda_point(p) for p in mb.agenda],
        "series": series,
        "follow_up": follow_up,
        "follow_up_counts": {
            status: sum(1 for row in mb.follow_up if row.status == status)
            for status in STATUS_LABELS
        },
        "sources": data_of.sources,
        "glossary": glossary_for(texts, lang),
        "notes": [xml_safe(n) for n in mb.notes],
    }


STATUS_LABELS: dict[Status, str] = {
    "mentioned_later": N_("mentioned later"),
    "no_later_mention": N_("no later mention"),
}


def _kinds(spec: MeetingSpec) -> list[Series]:
    lex = load_meeting_lexicon()
    return [lex.get(s) for s in spec.series] or list(lex.series)


def _opt(text: str | None) -> str | None:
    from briefgen.render.jsondata import xml_safe

    return None if text is None else xml_safe(text)


class _ItemData:
    """Items (and bare citations) as ``briefing_data`` writes them, against one sources list."""

    def __init__(self, mb: MeetingBriefing, sources: Sequence[Any]) -> None:
        from briefgen.render.jsondata import QUOTES_LANG, briefing_data

        self.mb = mb
        self.source_docs = tuple(sources)
        self._briefing_data = briefing_data
        self.quotes_lang = QUOTES_LANG
        self.sources: list[dict[str, Any]] = self._data([])["sources"]

    def _data(self, items: Sequence[Item]) -> dict[str, Any]:
        briefing = Briefing(
            subject="",
            theme_slug=None,
            lang=self.mb.lang,
            locale=self.mb.locale,
            generated=self.mb.generated,
            sections=(Section("background", tuple(items)),),
            sources=self.source_docs,
        )
        return self._briefing_data(briefing)

    def items(self, items: Sequence[Item]) -> list[dict[str, Any]]:
        if not items:
            return []
        data: list[dict[str, Any]] = self._data(items)["sections"][0]["items"]
        return data

    def refs(self, refs: Sequence[SourceRef]) -> list[dict[str, Any]]:
        item = Item(text="", sources=tuple(refs), section="background")
        sources: list[dict[str, Any]] = self.items([item])[0]["sources"]
        return sources


# ------------------------------------------------------------------------- render


def render_meeting(
    mb: MeetingBriefing,
    fmt: Format,
    *,
    templates_dir: Path | None = None,
    docx_template: Path | None = None,
    explain: bool = False,
) -> bytes:
    """The meeting briefing as the bytes of a Markdown, Word or JSON file."""
    import json

    data = meeting_data(mb)
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "docx":
        from briefgen.render.meeting_word import render_meeting_docx

        return render_meeting_docx(data, docx_template, explain=explain, generated=mb.generated)
    return _render_markdown(data, templates_dir, explain=explain)


MEETING_TEMPLATE = "meeting.md.j2"


def _render_markdown(data: dict[str, Any], templates_dir: Path | None, *, explain: bool) -> bytes:
    from briefgen.render.markdown import render_template

    context = {**data, "explain": explain}
    return render_template(MEETING_TEMPLATE, context, templates_dir, data["lang"], data["locale"])
