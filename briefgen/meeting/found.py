"""The earlier meetings the corpus speaks of, grouped from declarations and mentions.

A meeting is never supplied: it is a summit's own declaration, or a group of sentences
that name a meeting of the same series on the same day (or month, or year, or place),
by the rule in the header of ``briefgen/data/meetings.toml``. Where the sources give
different dates, every date is kept with its sources.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from briefgen.analysis import fold, tokens
from briefgen.compose import source_ref
from briefgen.errors import NotFoundError
from briefgen.facts import find_dates
from briefgen.meeting.lexicon import MeetingLexicon, Series, load_meeting_lexicon
from briefgen.meeting.mentions import (
    PRECISION_ORDER,
    Mention,
    Precision,
    mentions_in,
    precision_of,
)
from briefgen.models import Document, Passage, SourceRef
from briefgen.select import Selected

if TYPE_CHECKING:
    from briefgen.store import Store

log = logging.getLogger(__name__)

MENTION_CANDIDATES = 5000  # passages fetched from the index per series to look for mentions


@dataclass(frozen=True, slots=True)
class MeetingDate:
    """A date a source gives for a meeting, as precisely as it gives it."""

    value: date
    precision: Precision
    sources: tuple[SourceRef, ...]
    literals: tuple[str, ...] = ()  # as written ("maandag 23 januari 2024"); () for metadata
    weekday_written: str | None = None  # a weekday in the literal the date does not fall on


@dataclass(frozen=True, slots=True)
class PastMeeting:
    """A meeting the corpus speaks of: its series, dates, place and sources."""

    key: str  # stable: "top-2023-01-31", "top-2020"
    series: Series
    dates: tuple[MeetingDate, ...]  # the date most sources give first
    place: str | None
    editions: tuple[str, ...]
    declaration: Document | None  # its own declaration (metadata only)
    mentions: tuple[Mention, ...]

    @property
    def date(self) -> date | None:
        return self.dates[0].value if self.dates else None

    @property
    def precision(self) -> Precision | None:
        return self.dates[0].precision if self.dates else None

    @property
    def dates_differ(self) -> bool:
        """Do the sources give different days for it?"""
        return len({d.value for d in self.dates if d.precision == "day"}) > 1

    def label(self, lang: str) -> str:
        """Short name: "Top 2023", "Summit 2018"."""
        year = f" {self.date.year}" if self.date else ""
        return f"{self.series.short(lang)}{year}"


@dataclass(frozen=True, slots=True)
class SeriesStart:
    """Where the corpus says a series began ("sinds 2011"), with the sentences saying so."""

    series: Series
    year: int
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class FoundMeetings:
    """Every meeting and series start the corpus speaks of, oldest first."""

    meetings: tuple[PastMeeting, ...]
    starts: tuple[SeriesStart, ...]

    def resolve(self, name: str, lex: MeetingLexicon) -> PastMeeting:
        """The one meeting a name means: a series name with a year, place or date."""
        wanted = " " + " ".join(tokens(name)) + " "
        named = [
            (len(tokens(n)), s.rank, s)
            for s in lex.series
            for n in s.names()
            if tokens(n) and " " + " ".join(tokens(n)) + " " in wanted
        ]
        series = max(named, key=lambda t: (t[0], t[1]))[2] if named else None
        years = {int(t) for t in tokens(name) if re.fullmatch(r"(19|20)\d\d", t)}
        days = {f.first for f in find_dates(name) if precision_of(f) == "day"}
        places = {place for place, _within, alone in lex.places for _ in alone.finditer(name)}
        said = bool(series or years or days or places)

        def fits(m: PastMeeting, values: set[date]) -> bool:
            return (
                (series is None or m.series is series)
                and (not years or bool(years & {v.year for v in values}))
                and (not days or bool(days & values))
                and (not places or m.place in places)
            )

        # the date most sources give first; a date only some sources give as a fallback
        matches = [m for m in self.meetings if m.date and fits(m, {m.date})] or [
            m for m in self.meetings if fits(m, {d.value for d in m.dates})
        ]
        if len(matches) == 1 and said:
            return matches[0]
        listing = "; ".join(describe(m) for m in (matches or list(self.meetings)))
        if not matches or not said:
            raise NotFoundError(
                f"no meeting '{name}' in the corpus",
                hint=f"meetings found: {listing}" if listing else "the corpus names no meeting",
            )
        raise NotFoundError(
            f"several meetings match '{name}'", hint=f"add a year, place or date: {listing}"
        )


def describe(meeting: PastMeeting) -> str:
    """One line naming a meeting for messages: "Top 2018 (Middelburg, 2018-11-05)"."""
    facts = [meeting.place or "", meeting.date.isoformat() if meeting.date else ""]
    if meeting.precision == "year" and meeting.date:
        facts[1] = str(meeting.date.year)
    details = ", ".join(f for f in facts if f)
    return f"{meeting.label('nl')} ({details})" if details else meeting.label("nl")


@dataclass
class _Group:
    """A meeting while mentions are being grouped."""

    series: Series
    dated: list[tuple[date, Precision, str, SourceRef]] = field(default_factory=list)
    place: str | None = None
    declaration: Document | None = None
    mentions: list[Mention] = field(default_factory=list)

    def days(self) -> set[date]:
        return {d for d, p, _, _ in self.dated if p == "day"}

    def absorb(self, other: _Group) -> None:
        if other.series.rank > self.series.rank:
            self.series = other.series
        self.dated += other.dated
        self.place = self.place or other.place
        self.declaration = self.declaration or other.declaration
        self.mentions += other.mentions

    def add(self, mention: Mention, ref: SourceRef) -> None:
        if mention.series.rank > self.series.rank:
            self.series = mention.series
        if mention.when is not None:
            fact = mention.when
            self.dated.append((fact.first, precision_of(fact), fact.literal, ref))
        self.place = self.place or mention.place
        self.mentions.append(mention)


def _doc_ref(doc: Document) -> SourceRef:
    """A citation of a whole document (its metadata gives the date)."""
    m = doc.meta
    link = next((url for _, url in m.links), None)
    return SourceRef(doc.id, "", m.title or doc.path, m.doc_type, m.number, m.date, "", link)


def _weekday_mismatch(literal: str, day: date) -> str | None:
    """The weekday a literal names ("maandag 23 januari 2024") if the day is another."""
    from babel.dates import get_day_names

    names = {fold(n): i for i, n in get_day_names("wide", locale="nl").items()}
    first = (tokens(literal) or [""])[0]
    if first in names and names[first] != day.weekday():
        return literal.split()[0]
    return None


def _group_mentions(
    mentions: Sequence[Mention], declarations: Sequence[tuple[Series, Document, str | None]]
) -> list[_Group]:
    """Meetings from declarations and mentions, by the rule in meetings.toml's header."""
    groups: list[_Group] = []
    own: dict[str, _Group] = {}  # declaration document id -> its meeting
    for series, doc, place in declarations:
        group = _Group(series, declaration=doc, place=place)
        if doc.meta.date:
            group.dated.append((doc.meta.date, "day", "", _doc_ref(doc)))
        groups.append(group)
        own[doc.id] = group

    def sort_key(m: Mention) -> tuple[int, date, str, int]:
        rank = PRECISION_ORDER[precision_of(m.when)] if m.when else (3 if m.place else 4)
        return (rank, m.document.meta.date or date.max, m.passage.id, m.span[0])

    for mention in sorted(mentions, key=sort_key):
        ref = source_ref(mention.passage, mention.document)
        fact = mention.when
        candidates: list[_Group]
        if fact is not None and precision_of(fact) == "day":
            candidates = [g for g in groups if fact.first in g.days()]
        elif fact is not None:
            precision = precision_of(fact)
            candidates = [
                g
                for g in groups
                if g.series is mention.series
                and any(
                    d.year == fact.first.year
                    and (precision == "year" or d.month == fact.first.month)
                    for d, _, _, _ in g.dated
                )
            ]
        elif mention.place is not None:
            candidates = [
                g
                for g in groups
                if g.place == mention.place and g.series.rank >= mention.series.rank
            ]
        else:
            mine = own.get(mention.document.id)
            if mine is not None:
                mine.add(mention, ref)
            continue
        if len(candidates) == 1:
            candidates[0].add(mention, ref)
        elif not candidates and fact is not None:
            group = _Group(mention.series)
            group.add(mention, ref)
            groups.append(group)
        else:
            log.debug("mention not placed (%d candidates): %s", len(candidates), mention.sentence)
    return _merge_year_slips(groups)


def _merge_year_slips(groups: list[_Group]) -> list[_Group]:
    """One meeting whose sources disagree on the year: same series, place, day and month."""
    result: list[_Group] = []
    for group in groups:
        twin = next(
            (
                g
                for g in result
                if g.series is group.series
                and g.place is not None
                and g.place == group.place
                and any(
                    (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1
                    for a in g.days()
                    for b in group.days()
                )
            ),
            None,
        )
        if twin is None:
            result.append(group)
        else:
            twin.absorb(group)
    return result


def _freeze(group: _Group) -> PastMeeting:
    by_value: dict[tuple[date, Precision], list[tuple[str, SourceRef]]] = {}
    for value, precision, literal, ref in group.dated:
        by_value.setdefault((value, precision), []).append((literal, ref))
    dates = []
    for (value, precision), given in by_value.items():
        literals = tuple(dict.fromkeys(lit for lit, _ in given if lit))
        refs = tuple({(r.document_id, r.locator): r for _, r in given}.values())
        weekday = next((w for lit in literals if (w := _weekday_mismatch(lit, value))), None)
        dates.append(MeetingDate(value, precision, refs, literals, weekday))
    dates.sort(key=lambda d: (PRECISION_ORDER[d.precision], -len(d.sources), d.value))
    first = dates[0] if dates else None
    key = group.series.slug
    if first is not None:
        key += f"-{first.value.isoformat() if first.precision == 'day' else first.value.year}"
    editions = tuple(dict.fromkeys(m.edition for m in group.mentions if m.edition))
    return PastMeeting(
        key=key,
        series=group.series,
        dates=tuple(dates),
        place=group.place,
        editions=editions,
        declaration=group.declaration,
        mentions=tuple(group.mentions),
    )


def find_meetings(store: Store, lex: MeetingLexicon | None = None) -> FoundMeetings:
    """Every meeting the corpus speaks of, and where it says each series began."""
    from briefgen.index import SearchQuery

    lex = lex or load_meeting_lexicon()
    metas = {d.id: d for d in store.documents()}
    declarations = []
    for doc in metas.values():
        title = doc.meta.title or ""
        named = [s for s in lex.series if s.pattern.search(title)]
        if doc.meta.doc_type == "declaration" and named:
            place = doc.meta.place and (lex.place_of(doc.meta.place) or doc.meta.place)
            declarations.append((max(named, key=lambda s: s.rank), doc, place))
    passages: dict[str, Passage] = {}
    for series in lex.series:
        query = SearchQuery(should=(*series.words, *series.phrases), context_weight=0.0)
        for passage, _score in store.search_passages(query, MENTION_CANDIDATES):
            passages.setdefault(passage.id, passage)
    mentions = [
        mention
        for pid in sorted(passages)
        if passages[pid].doc_id in metas
        for mention in mentions_in(passages[pid], metas[passages[pid].doc_id], lex)
    ]
    groups = _group_mentions([m for m in mentions if not m.start], declarations)
    meetings = sorted(
        (_freeze(g) for g in groups), key=lambda m: (m.date or date.max, m.series.rank, m.key)
    )
    starts: dict[tuple[str, int], list[Mention]] = {}
    for m in mentions:
        if m.start and m.when is not None:
            starts.setdefault((m.series.slug, m.when.first.year), []).append(m)
    return FoundMeetings(
        meetings=tuple(meetings),
        starts=tuple(
            SeriesStart(lex.get(slug), year, tuple(found))
            for (slug, year), found in sorted(starts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ),
    )


def meeting_passages(store: Store, meeting: PastMeeting) -> set[str]:
    """Ids of the passages that concern a meeting.

    Its own declaration, every passage that mentions it, and the answers to a written
    question whose title names the series and whose introduction mentions the meeting
    (the answer answers a question about that meeting).
    """
    ids = {m.passage.id for m in meeting.mentions}
    docs = {meeting.declaration.id} if meeting.declaration else set()
    for m in meeting.mentions:
        meta = m.document.meta
        if (
            meta.doc_type == "written_question"
            and m.passage.part == "intro"
            and meeting.series.pattern.search(meta.title or "")
        ):
            docs.add(m.document.id)
    own = meeting.declaration.id if meeting.declaration else None
    for doc_id in sorted(docs):
        doc = store.get_document(doc_id)
        passages = doc.passages if doc else ()
        ids.update(p.id for p in passages if doc_id == own or p.part == "answer")
    return ids


def limit_to_meeting(
    store: Store, selected: Sequence[Selected], name: str, lang: str, locale: str
) -> tuple[list[Selected], str]:
    """The selections that concern the named meeting, and a note saying so."""
    from briefgen.render.fmt import format_date
    from briefgen.render.i18n import gettext

    lex = load_meeting_lexicon()
    meeting = find_meetings(store, lex).resolve(name, lex)
    wanted = meeting_passages(store, meeting)
    kept = [
        s for s in selected if s.passage.id in wanted or any(p.id in wanted for p, _ in s.also_in)
    ]
    when = ""
    if meeting.date is not None:
        when = (
            format_date(meeting.date, locale)
            if meeting.precision == "day"
            else str(meeting.date.year)
        )
    facts = ", ".join(f for f in (meeting.place, when) if f)
    label = f"{meeting.series.name(lang)} ({facts})" if facts else meeting.series.name(lang)
    note = gettext(
        lang,
        "Limited to what concerns one meeting, %(meeting)s: its own declaration and the "
        "passages that mention it.",
    ) % {"meeting": label}
    return kept, note
