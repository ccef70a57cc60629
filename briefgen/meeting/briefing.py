"""The meeting briefing: a theme briefing per agenda point, the series, the follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from briefgen.compose import compose
from briefgen.errors import ConfigError
from briefgen.meeting.follow_up import (
    FOLLOW_UP_LATER_MAX,
    FollowUp,
    Subjects,
    agreed,
    later_mentions,
    merge_quotes,
    per_document,
    reports,
    sentence_item,
    to_follow,
)
from briefgen.meeting.found import FoundMeetings, PastMeeting, SeriesStart, find_meetings
from briefgen.meeting.lexicon import Series, load_meeting_lexicon
from briefgen.meeting.spec import AgendaSpec, MeetingSpec
from briefgen.models import Briefing, Document, Item
from briefgen.select import select, topic_for, unanswered

if TYPE_CHECKING:
    from briefgen.store import Store
    from briefgen.themes import ThemeCatalogue

SERIES_AGREED_MAX = 5  # commitments of a declaration quoted in the series section


@dataclass(frozen=True, slots=True)
class AgendaPoint:
    """An agenda point with its theme briefing."""

    number: int
    spec: AgendaSpec
    briefing: Briefing


@dataclass(frozen=True, slots=True)
class SeriesEntry:
    """A line of the series: a meeting (or the start of a series) and what it agreed."""

    when: date | None
    meeting: PastMeeting | None = None
    start: SeriesStart | None = None
    reports: tuple[Item, ...] = ()  # the sentences that mention it
    agreed: tuple[Item, ...] = ()  # commitments, at most SERIES_AGREED_MAX
    agreed_total: int = 0


@dataclass(frozen=True, slots=True)
class MeetingBriefing:
    """Everything the meeting renderers need."""

    spec: MeetingSpec
    lang: str
    locale: str
    generated: date
    agenda: tuple[AgendaPoint, ...]
    series: tuple[SeriesEntry, ...]
    follow_up: tuple[FollowUp, ...]
    documents: dict[str, Document]  # the corpus's documents, metadata only
    notes: tuple[str, ...] = ()  # shown at the top, in the briefing's language


def _last_meetings(
    found: FoundMeetings, series: Sequence[Series], before: date | None, count: int
) -> list[PastMeeting]:
    """The last ``count`` meetings of each series held before ``before``, newest first."""
    chosen = []
    for s in series:
        earlier = [m for m in found.meetings if m.series is s and _before(m, before)]
        chosen += earlier[-count:] if count else []
    return sorted(chosen, key=lambda m: (m.date or date.min, m.series.rank), reverse=True)


def _before(meeting: PastMeeting, day: date | None) -> bool:
    """Was the meeting held before ``day`` (by its most cited date)?"""
    if day is None or meeting.date is None:
        return True
    if meeting.precision == "year":
        return meeting.date.year < day.year
    return meeting.date < day


def build_meeting(
    store: Store,
    spec: MeetingSpec,
    catalogue: ThemeCatalogue,
    *,
    lang: str,
    locale: str,
    generated: date,
    audience: str | None = None,
) -> MeetingBriefing:
    """The briefing for a meeting: agenda points, the series, the follow-up."""
    from briefgen.render.i18n import gettext

    lex = load_meeting_lexicon()
    points = []
    for n, point in enumerate(spec.agenda, start=1):
        if point.is_query:
            topic = topic_for(point.subject, _no_themes(), lang)
            topic = replace(topic, label=point.title or topic.label)
        else:
            topic = topic_for(point.subject, catalogue, lang)
            if topic.slug is None:
                raise ConfigError(
                    f"{spec.path}: agenda point {n}: '{point.subject}' is no theme",
                    hint='use query = "..." for free text, or see: briefgen themes',
                )
        selected = select(store, topic)
        questions = unanswered(store, selected)
        briefing = compose(
            topic,
            selected,
            open_questions=questions,
            lang=lang,
            locale=locale,
            generated=generated,
            audience=audience,
        )
        points.append(AgendaPoint(n, point, briefing))

    found = find_meetings(store, lex)
    kinds = [lex.get(slug) for slug in spec.series] or list(lex.series)
    series_entries = _series(store, found, kinds, spec.date)
    subjects = Subjects.from_catalogue(catalogue, lex)
    metas = {d.id: d for d in store.documents()}
    rows = []
    for meeting in _last_meetings(found, kinds, spec.date, spec.follow_up):
        for commitment in to_follow(store, meeting, subjects):
            dated = [d for d in (commitment.sources[0].date, meeting.date) if d]
            after = max(dated, default=None)
            later = later_mentions(store, commitment, after, subjects, metas, meeting.series)
            rows.append(
                FollowUp(
                    meeting,
                    commitment,
                    per_document(later, FOLLOW_UP_LATER_MAX),
                    len(later),
                    after,
                )
            )
    notes = []
    if spec.date is None:
        notes.append(
            gettext(lang, "The meeting file gives no date: every meeting found counts as earlier.")
        )
    return MeetingBriefing(
        spec=spec,
        lang=lang,
        locale=locale,
        generated=generated,
        agenda=tuple(points),
        series=tuple(series_entries),
        follow_up=tuple(rows),
        documents=metas,
        notes=tuple(notes),
    )


def _no_themes() -> ThemeCatalogue:
    """An empty catalogue: a query agenda point is text, even when it looks like a theme."""
    from briefgen.themes import ThemeCatalogue

    return ThemeCatalogue({})


def _series(
    store: Store, found: FoundMeetings, kinds: Sequence[Series], before: date | None
) -> list[SeriesEntry]:
    """The earlier meetings of the chosen series and their starts, in order."""
    entries = [
        SeriesEntry(
            date(start.year, 1, 1),
            start=start,
            reports=tuple(
                merge_quotes([sentence_item(m.passage, m.document, m.span) for m in start.mentions])
            ),
        )
        for start in found.starts
        if start.series in kinds and (before is None or start.year <= before.year)
    ]
    for meeting in found.meetings:
        if meeting.series not in kinds or not _before(meeting, before):
            continue
        commitments = agreed(store, meeting)
        entries.append(
            SeriesEntry(
                meeting.date,
                meeting=meeting,
                reports=tuple(reports(meeting)),
                agreed=tuple(commitments[:SERIES_AGREED_MAX]),
                agreed_total=len(commitments),
            )
        )
    return sorted(entries, key=lambda e: (e.when or date.max, e.start is None))
