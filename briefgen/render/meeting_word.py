"""The meeting briefing as a Word file, built from ``word.py``'s ``DocxWriter``.

The same styles, quotes, citations linked to the numbered sources table, glossary,
footer and fixed timestamps as the theme briefing; only the parts differ: the meeting's facts,
participants and agenda, a section per agenda point, the earlier meetings of the series
and the follow-up table of their commitments.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from briefgen.render.present import Presenter
from briefgen.render.word import DocxWriter, build_docx, nobreak


def render_meeting_docx(
    data: dict[str, Any],
    template: Path | None = None,
    *,
    explain: bool = False,
    generated: date,
) -> bytes:
    """The meeting data (``meeting.meeting_data``) as the bytes of a .docx file."""
    return build_docx(
        _MeetingWriter,
        data,
        lang=data["lang"],
        locale=data["locale"],
        generated=generated,
        template=template,
        explain=explain,
    )


class _MeetingWriter(DocxWriter):
    """Writes the meeting briefing, in reading order."""

    def __init__(self, doc: Any, data: dict[str, Any], present: Presenter, explain: bool):
        super().__init__(doc, data, present, explain)
        self.title = self._("Meeting briefing: %(title)s") % {"title": data["meeting"]["title"]}

    def day(self, value: str | None, precision: str | None) -> str:
        """A meeting's date as precisely as the sources give it."""
        if value is None or precision == "day":
            return self.p.date(value)
        return value[:4]

    def write(self) -> None:
        d, p, meeting = self.data, self.p, self.data["meeting"]
        self.para(self.title, "title")
        self.labelled(self._("Date"), p.date(meeting["date"], weekday=True))
        self.labelled(self._("Place"), meeting["place"] or self._("not stated"))
        self.labelled(self._("For"), d["audience"] or self._("not stated"))
        self.labelled(self._("Drawn up on"), p.date(d["generated"]))
        self.labelled(self._("Sources"), str(len(d["sources"])))
        self.notes()
        self.para(self._("Participants"), "h1")
        for person in meeting["participants"]:
            self.para(f"• {person}")
        if not meeting["participants"]:
            self.note(self._("The meeting file names no participants."))
        self.para(self._("Agenda"), "h1")
        for point in d["agenda"]:
            paragraph = self.para(f"{point['number']}. {point['subject']}")
            if point["note"]:
                paragraph.add_run(f" — {point['note']}").italic = True
        for point in d["agenda"]:
            self.agenda_point(point)
        self.series()
        self.follow_up()
        self.glossary()
        self.sources()
        self.closing()

    def agenda_point(self, point: dict[str, Any]) -> None:
        heading = self._("Agenda point %(number)s: %(subject)s")
        self.para(heading % {"number": point["number"], "subject": point["subject"]}, "h1")
        if point["note"]:
            self.note(self._("Note") + ": " + point["note"])
        self.para(self._("Key points"), "h2")
        self.key_points(point["kern"])
        for section in point["sections"]:
            self.para(section["title"], "h2")
            self.quotes(section["items"])
            if not section["items"]:
                self.note(self._("Nothing found in the sources."))

    def series(self) -> None:
        self.para(self._("Earlier meetings of this kind"), "h1")
        for entry in self.data["series"]:
            if entry["kind"] == "start":
                start = self._("start of the %(series)s") % {"series": entry["series_name"]}
                self.para(f"{entry['date'][:4]}: {start}", "h2")
                self.quotes(entry["reports"])
                continue
            place = f", {entry['place']}" if entry["place"] else ""
            when = self.day(entry["date"], entry["precision"])
            self.para(f"{when}: {entry['series_name']}{place}", "h2")
            self.meeting_facts(entry)
            if entry["reports"]:
                self.labelled(self._("What the sources say about it"), "")
                self.quotes(entry["reports"])
            if entry["agreed"]:
                self.labelled(self._("Agreed there"), "")
                self.quotes(entry["agreed"])
            if entry["agreed_more"]:
                more = self._("and %(count)s more commitments in its declaration")
                ref = f" [{entry['declaration']}]" if entry["declaration"] else ""
                self.note(more % {"count": entry["agreed_more"]} + ref)
        if not self.data["series"]:
            self.note(self._("The sources mention no earlier meeting of this kind."))

    def meeting_facts(self, entry: dict[str, Any]) -> None:
        if entry["editions"]:
            self.labelled(self._("Edition"), ", ".join(f"“{e}”" for e in entry["editions"]))
        dates = "; ".join(
            f"{self.day(d['date'], d['precision'])} {nobreak(self.p.cite(d['sources']))}"
            for d in entry["dates"]
        )
        if entry["dates_differ"]:
            dates += " — " + self._("the sources differ on the date")
        self.labelled(self._("Date in the sources"), dates)
        for d in entry["dates"]:
            if d["weekday_written"]:
                text = self._("the source writes “%(literal)s”; that day is %(date)s") % {
                    "literal": d["literals"][0],
                    "date": self.p.date(d["date"], weekday=True),
                }
                self.labelled(self._("Weekday"), f"{text} {self.p.cite(d['sources'])}")
        if entry["declaration"]:
            source = self.data["sources"][entry["declaration"] - 1]
            self.labelled(self._("Own declaration"), f"[{entry['declaration']}] {source['title']}")

    def follow_up(self) -> None:
        self.para(self._("Follow-up of commitments"), "h1")
        rows_by_meeting: dict[str, list[dict[str, Any]]] = {}
        for row in self.data["follow_up"]:
            rows_by_meeting.setdefault(row["meeting"], []).append(row)
        if not rows_by_meeting:
            self.note(self._("No commitments of earlier meetings to follow up."))
            return
        counts = self.data["follow_up_counts"]
        self.para(
            self._(
                "Each commitment of the last meetings, with the later passages that speak of "
                "the same subject. Mentioned later: %(mentioned)s; no later mention: %(none)s."
            )
            % {"mentioned": counts["mentioned_later"], "none": counts["no_later_mention"]}
        )
        for rows in rows_by_meeting.values():
            first = rows[0]
            place = f", {first['meeting_place']}" if first["meeting_place"] else ""
            when = self.day(first["meeting_date"], first["meeting_precision"])
            self.para(f"{when}: {first['meeting_name']}{place}", "h2")
            table_rows = [
                [
                    f"“{row['commitment']['text']}”{self.marker} "
                    + nobreak(self.p.cite(row["commitment"]["sources"])),
                    self.later(row),
                    row["status_label"],
                ]
                for row in rows
            ]
            headers = [self._("Commitment"), self._("Later mentions"), self._("Status")]
            self.table(headers, table_rows, [7.5, 6.5, 2.0])

    def later(self, row: dict[str, Any]) -> str:
        """The later mentions of a commitment as the text of one table cell."""
        lines = [
            f"{self.p.date(item['sources'][0]['date'])}: “{item['text']}”{self.marker} "
            + nobreak(self.p.cite(item["sources"]))
            + (f" ({item['reason']})" if self.explain else "")
            for item in row["later"]
        ]
        if row["later_more"]:
            lines.append(self._("and %(count)s more") % {"count": row["later_more"]})
        return "\n".join(lines) or "–"
