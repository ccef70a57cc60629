"""Meetings: a briefing for one meeting, the series of earlier ones, and their follow-up.

An official prepares a minister for a meeting with several agenda points; what was said
and agreed at the earlier meetings of its kind is part of that preparation. The meeting
itself comes from a TOML file (``examples/meeting-top-2025.toml``). The earlier meetings
are found in the corpus, never supplied: a summit's own declaration, and every sentence
that names a meeting of a series (``briefgen/data/meetings.toml`` lists the series words,
places and the grouping rule). Each agenda point is a theme briefing (select, classify,
compose); the commitments of the last meetings are followed up with the later passages
that speak of the same subject: which subject a sentence is about is read from the theme
catalogue's terms, the curated vocabulary every briefing already uses. Nothing here
judges: a commitment is "mentioned later" or has "no later mention", with the quotes.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefgen.analysis import fold, stems, tokens
from briefgen.classify import classify_text, compile_phrase, split_sentences
from briefgen.compose import compose, items_for, source_ref
from briefgen.errors import ConfigError, NotFoundError
from briefgen.facts import find_dates
from briefgen.models import Briefing, DateFact, Document, Item, Passage, Section, SourceRef
from briefgen.render.i18n import N_
from briefgen.select import DUPLICATE_CONTAINMENT, Selected, select, topic_for, unanswered

if TYPE_CHECKING:
    from briefgen.render import Format
    from briefgen.store import Store
    from briefgen.themes import ThemeCatalogue

log = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "meetings.toml"
EXAMPLE_HINT = "see examples/meeting-top-2025.toml"
MENTION_CANDIDATES = 5000  # passages fetched from the index per series to look for mentions
EDITION_REACH = 40  # characters before a series word where an edition ("4e") may stand
SERIES_AGREED_MAX = 5  # commitments of a declaration quoted in the series section
FOLLOW_UP_DEFAULT = 2  # meetings per series whose commitments are followed up
FOLLOW_UP_CANDIDATES = 40  # later passages ranked per commitment before the subject test
FOLLOW_UP_LATER_MAX = 3  # later mentions quoted per commitment
MIN_SHARED_WEIGHT = 2.0  # subject-term weight a later sentence must share with a commitment
MIN_SUBJECT_WEIGHT = 1.0  # a report sentence with less names no subject to follow up
_SHINGLE = 4  # words per shingle when testing whether a passage quotes a commitment
_EDITION_NUMBER = r"\d{1,2}(?:e|de|ste)"

Precision = Literal["day", "month", "year"]
_PRECISION_ORDER: dict[Precision, int] = {"day": 0, "month": 1, "year": 2}
Status = Literal["mentioned_later", "no_later_mention"]


# ------------------------------------------------------------------------ lexicon


@dataclass(frozen=True, slots=True)
class Series:
    """A kind of meeting: its names, and the words that name one of its meetings."""

    slug: str
    name_nl: str
    name_en: str
    short_nl: str
    short_en: str
    words: tuple[str, ...]
    phrases: tuple[str, ...]
    aliases: tuple[str, ...]
    pattern: re.Pattern[str]  # any word or phrase of the series
    not_followed_by: re.Pattern[str] | None
    rank: int  # position in the file: a later series is more specific

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl

    def short(self, lang: str) -> str:
        return self.short_en if lang == "en" else self.short_nl

    def names(self) -> tuple[str, ...]:
        """Every name a user may call the series by."""
        return (
            self.slug,
            self.name_nl,
            self.name_en,
            self.short_nl,
            self.short_en,
            *self.aliases,
            *self.words,
            *self.phrases,
        )


@dataclass(frozen=True, slots=True)
class MeetingLexicon:
    """The compiled meetings.toml."""

    series: tuple[Series, ...]
    places: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]  # name, "in <name>", name
    refers_back: frozenset[str]
    start: frozenset[str]
    edition: re.Pattern[str]

    def get(self, slug: str) -> Series:
        for series in self.series:
            if series.slug == slug:
                return series
        known = ", ".join(s.slug for s in self.series)
        raise ConfigError(f"unknown meeting series '{slug}'", hint=f"known series: {known}")

    def place_of(self, text: str) -> str | None:
        """The place a name means ("Den Bosch" is "’s-Hertogenbosch"), or None."""
        for name, _in_place, alone in self.places:
            if alone.fullmatch(text.strip()):
                return name
        return None


def _string_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _alternatives(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = [compile_phrase(p).pattern for p in phrases]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _parse_series(entry: Mapping[str, Any], rank: int) -> Series:
    slug = entry.get("slug")
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ValueError(f"series #{rank + 1}: 'slug' missing or not kebab-case ASCII")
    where = f"series '{slug}'"
    texts = {}
    for key in ("name_nl", "name_en", "short_nl", "short_en"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: '{key}' is missing or empty")
        texts[key] = value.strip()
    words = _string_list(entry, "words", where)
    phrases = _string_list(entry, "phrases", where)
    pattern = _alternatives((*words, *phrases))
    if pattern is None:
        raise ValueError(f"{where}: give at least one of 'words' and 'phrases'")
    not_followed = _alternatives(_string_list(entry, "not_followed_by", where))
    return Series(
        slug=slug,
        words=words,
        phrases=phrases,
        aliases=_string_list(entry, "aliases", where),
        pattern=pattern,
        not_followed_by=(
            re.compile(r"\s*(?:" + not_followed.pattern + ")", re.IGNORECASE)
            if not_followed
            else None
        ),
        rank=rank,
        **texts,
    )


@cache
def load_meeting_lexicon(path: Path = LEXICON_PATH) -> MeetingLexicon:
    """The meeting series, places and grouping words; ConfigError naming the file if bad."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        series = tuple(_parse_series(e, n) for n, e in enumerate(data.get("series", [])))
        if not series:
            raise ValueError("no [[series]] tables")
        places = []
        for n, entry in enumerate(data.get("place", []), start=1):
            names = _string_list(entry, "names", f"place #{n}")
            if not names:
                raise ValueError(f"place #{n}: 'names' is empty")
            alone = _alternatives(names)
            within = _alternatives(f"in {name}" for name in names)
            if alone is None or within is None:
                raise ValueError(f"place #{n}: 'names' is empty")
            places.append((names[0], within, alone))
        words = data.get("words", {})
        editions = _string_list(words, "editions", "[words]")
        edition = re.compile(
            rf"(?<!\w)({_EDITION_NUMBER}|{'|'.join(map(re.escape, editions))})(?!\w)"
            r"(?:\s+editie\s+van)?[^.!?]{0,25}$",
            re.IGNORECASE,
        )
        return MeetingLexicon(
            series=series,
            places=tuple(places),
            refers_back=frozenset(fold(w) for w in _string_list(words, "refers_back", "[words]")),
            start=frozenset(fold(w) for w in _string_list(words, "start", "[words]")),
            edition=edition,
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the meeting series file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", hint="check the file's syntax") from exc
    except (ValueError, re.error, AttributeError) as exc:
        raise ConfigError(
            f"{path}: {exc}", hint="see the header of briefgen/data/meetings.toml"
        ) from exc


# ----------------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence that names a meeting of a series."""

    series: Series
    passage: Passage
    document: Document  # metadata only
    span: tuple[int, int]  # the sentence, offsets into passage.text
    when: DateFact | None  # the date nearest to the series word, if the sentence has one
    place: str | None  # the place as meetings.toml names it
    edition: str | None  # the ordinal as written: "4e", "zesde"
    start: bool = False  # "sinds 2011": the start of the series, not one meeting

    @property
    def sentence(self) -> str:
        return self.passage.text[self.span[0] : self.span[1]]


def _precision(fact: DateFact) -> Precision:
    if fact.approximate or fact.kind in ("year", "period"):
        return "year"
    return "month" if fact.kind == "month" else "day"


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def mentions_in(passage: Passage, doc: Document, lex: MeetingLexicon) -> list[Mention]:
    """The sentences of a passage that name a meeting, with what they say of it.

    A written question's sub-questions only ask, so they mention nothing.
    """
    if passage.part == "question":
        return []
    found: dict[tuple[str, int], Mention] = {}
    text = passage.text
    for s, e in split_sentences(text):
        sentence = text[s:e]
        facts = [f for f in passage.dates if s <= f.start and f.end <= e]
        starts = [f for f in facts if (tokens(f.literal) or [""])[0] in lex.start]
        for series in lex.series:
            for match in series.pattern.finditer(sentence):
                after = sentence[match.end() :]
                if series.not_followed_by and series.not_followed_by.match(after):
                    continue
                key = (series.slug, s)
                at = (s + match.start(), s + match.end())
                if starts:  # "deze ontmoetingen ... sinds 2011": the series, not one meeting
                    start = Mention(series, passage, doc, (s, e), starts[0], None, None, True)
                    found.setdefault(key, start)
                    continue
                before = tokens(sentence[: match.start()])
                if before and before[-1] in lex.refers_back:
                    continue
                dated = [f for f in facts if f not in starts]
                when = min(dated, key=lambda f: _distance(at, (f.start, f.end)), default=None)
                places = [
                    (_distance((match.start(), match.end()), m.span()), name)
                    for name, within, _alone in lex.places
                    for m in within.finditer(sentence)
                ]
                edition = lex.edition.search(
                    sentence[max(0, match.start() - EDITION_REACH) : match.start()]
                )
                mention = Mention(
                    series,
                    passage,
                    doc,
                    (s, e),
                    when,
                    min(places)[1] if places else None,
                    edition.group(1) if edition else None,
                )
                if key not in found or (found[key].when is None and when is not None):
                    found[key] = mention
    return [found[k] for k in sorted(found, key=lambda k: (k[1], k[0]))]


# ----------------------------------------------------------------------- meetings


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
        days = {f.first for f in find_dates(name) if _precision(f) == "day"}
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
            self.dated.append((fact.first, _precision(fact), fact.literal, ref))
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
        rank = _PRECISION_ORDER[_precision(m.when)] if m.when else (3 if m.place else 4)
        return (rank, m.document.meta.date or date.max, m.passage.id, m.span[0])

    for mention in sorted(mentions, key=sort_key):
        ref = source_ref(mention.passage, mention.document)
        fact = mention.when
        candidates: list[_Group]
        if fact is not None and _precision(fact) == "day":
            candidates = [g for g in groups if fact.first in g.days()]
        elif fact is not None:
            precision = _precision(fact)
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
    dates.sort(key=lambda d: (_PRECISION_ORDER[d.precision], -len(d.sources), d.value))
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


# ------------------------------------------------------------------- meeting file


@dataclass(frozen=True, slots=True)
class AgendaSpec:
    """One agenda point of a meeting file: a theme or a free-text query."""

    subject: str
    is_query: bool = False
    title: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class MeetingSpec:
    """What a meeting file says: the meeting's facts and its agenda."""

    path: Path
    title: str
    date: date | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    series: tuple[str, ...] = ()  # slugs of meetings.toml; () = every series
    audience: str | None = None
    follow_up: int = FOLLOW_UP_DEFAULT
    agenda: tuple[AgendaSpec, ...] = ()


_MEETING_FIELDS = frozenset(
    {"title", "date", "place", "participants", "series", "for", "follow_up", "agenda"}
)
_AGENDA_FIELDS = frozenset({"theme", "query", "title", "note"})


def _text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}'{key}' must be a non-empty string")
    return value.strip()


def _agenda(entries: object) -> tuple[AgendaSpec, ...]:
    if not isinstance(entries, list) or not entries:
        raise ValueError("the meeting has no [[agenda]] points")
    points = []
    for n, entry in enumerate(entries, start=1):
        where = f"agenda point {n}: "
        if not isinstance(entry, dict):
            raise ValueError(f"{where}expected a table")
        unknown = sorted(set(entry) - _AGENDA_FIELDS)
        if unknown:
            raise ValueError(f"{where}unknown field '{unknown[0]}'")
        theme, query = _text(entry, "theme", where), _text(entry, "query", where)
        if (theme is None) == (query is None):
            raise ValueError(f"{where}give either 'theme' or 'query'")
        points.append(
            AgendaSpec(
                subject=theme or query or "",
                is_query=query is not None,
                title=_text(entry, "title", where),
                note=_text(entry, "note", where),
            )
        )
    return tuple(points)


def load_meeting_file(path: Path, lex: MeetingLexicon | None = None) -> MeetingSpec:
    """Read a meeting file; a missing file is NotFoundError, a bad one ConfigError."""
    lex = lex or load_meeting_lexicon()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"meeting file {path} does not exist", hint=EXAMPLE_HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the meeting file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", hint=EXAMPLE_HINT) from exc
    try:
        unknown = sorted(set(data) - _MEETING_FIELDS)
        if unknown:
            raise ValueError(f"unknown field '{unknown[0]}'")
        title = _text(data, "title", "")
        if title is None:
            raise ValueError("'title' is missing")
        when = data.get("date")
        if isinstance(when, str):
            when = date.fromisoformat(when)
        if when is not None and (not isinstance(when, date) or hasattr(when, "hour")):
            raise ValueError("'date' must be a date (2025-11-25)")
        participants = _string_list(data, "participants", "the meeting")
        series = _string_list(data, "series", "the meeting")
        for slug in series:
            lex.get(slug)
        follow_up = data.get("follow_up", FOLLOW_UP_DEFAULT)
        if isinstance(follow_up, bool) or not isinstance(follow_up, int) or follow_up < 0:
            raise ValueError("'follow_up' must be a whole number, 0 or more")
        return MeetingSpec(
            path=Path(path),
            title=title,
            date=when,
            place=_text(data, "place", ""),
            participants=participants,
            series=series,
            audience=_text(data, "for", ""),
            follow_up=follow_up,
            agenda=_agenda(data.get("agenda")),
        )
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc.message}", hint=exc.hint) from None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}", hint=EXAMPLE_HINT) from None


# ----------------------------------------------------------------------- subjects


@dataclass(frozen=True, slots=True)
class Subjects:
    """The theme catalogue's terms, as the vocabulary of what a sentence is about.

    Each term keeps the highest weight any theme gives it. A theme's own name or alias
    ("onderwijs", "energie") is its broadest term and counts half: sharing it says only
    that two sentences belong to one theme. The words that name a meeting series
    ("onderwijstop") name a meeting, not a subject, and are left out.
    """

    terms: tuple[tuple[str, str, float], ...]  # (term as written, " stem seq ", weight)

    @classmethod
    def from_catalogue(cls, catalogue: ThemeCatalogue, lex: MeetingLexicon) -> Subjects:
        series_words = {_seq(w) for s in lex.series for w in s.words}
        broad = {_seq(n) for t in catalogue for n in (t.name_nl, t.name_en, *t.aliases)}
        best: dict[str, tuple[str, float]] = {}
        for theme in catalogue:
            for text, weight, _is_phrase in theme.terms():
                seq = _seq(text)
                weight *= 0.5 if seq in broad else 1.0
                if seq.strip() and seq not in series_words and weight > best.get(seq, ("", 0))[1]:
                    best[seq] = (text, weight)
        return cls(tuple((text, seq, w) for seq, (text, w) in sorted(best.items())))

    def of(self, text: str, also: Iterable[str] = ()) -> dict[str, float]:
        """The subject terms in ``text`` with their weights; ``also`` are more terms (1.0)."""
        joined = " " + " ".join(stems(text)) + " "
        found = {t: w for t, seq, w in self.terms if seq in joined}
        found.update((t, 1.0) for t in also if _seq(t).strip() and _seq(t) in joined)
        return found


def _seq(text: str) -> str:
    """The stems of a term, padded so that ``in`` matches whole words only."""
    return " " + " ".join(stems(text)) + " "


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = stems(text)
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def _contained(small: set[tuple[str, ...]], big: set[tuple[str, ...]]) -> float:
    return len(small & big) / len(small) if small else 0.0


# ---------------------------------------------------------------------- briefing


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
class FollowUp:
    """A commitment of an earlier meeting and the later passages on its subject."""

    meeting: PastMeeting
    commitment: Item
    later: tuple[Item, ...]  # at most FOLLOW_UP_LATER_MAX, oldest first
    later_total: int
    later_than: date | None  # passages dated after this day count as later

    @property
    def status(self) -> Status:
        return "mentioned_later" if self.later_total else "no_later_mention"


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


def _sentence_item(passage: Passage, doc: Document, span: tuple[int, int]) -> Item:
    """One sentence of a passage as a quoted item, sorted by the cue lexicon."""
    text = passage.text[span[0] : span[1]].strip()
    verdict = classify_text(text)
    return Item(
        text=text,
        sources=(source_ref(passage, doc),),
        section=verdict.section,
        reason=verdict.reason,
        label=passage.label,
    )


def _merge_quotes(items: Sequence[Item]) -> list[Item]:
    """One item per text: a sentence quoted elsewhere is cited once, from both sources."""
    shingles = [_shingles(it.text) for it in items]
    result: list[Item] = []
    kept: list[set[tuple[str, ...]]] = []
    for item, own in zip(items, shingles, strict=True):
        for n, other in enumerate(kept):
            small, big = (own, other) if len(own) <= len(other) else (other, own)
            if _contained(small, big) >= DUPLICATE_CONTAINMENT:
                shorter = item if len(own) < len(other) else result[n]
                refs = tuple(dict.fromkeys((*result[n].sources, *item.sources)))
                result[n] = replace(shorter, sources=refs)
                kept[n] = small
                break
        else:
            result.append(item)
            kept.append(own)
    return result


def reports(meeting: PastMeeting) -> list[Item]:
    """The sentences that mention a meeting, each quoted once, in source order.

    Of its own declaration only those that date, place or number it: the rest ("tijdens
    de top is besproken ...") is the declaration's content, quoted as what was agreed.
    """
    own = meeting.declaration.id if meeting.declaration else None
    ordered = sorted(
        (m for m in meeting.mentions if m.document.id != own or m.when or m.place or m.edition),
        key=lambda m: (m.document.meta.date or date.max, m.passage.id, m.span[0]),
    )
    return _merge_quotes([_sentence_item(m.passage, m.document, m.span) for m in ordered])


def _continuations(meeting: PastMeeting) -> list[Item]:
    """Commitment sentences right after a mention, in the same passage (not a declaration).

    "Op dinsdag 26 maart werd een vervolg gebreid aan de onderwijstop ... Er is beslist
    om ...": the decision is the meeting's. In a declaration the following sentences are
    the declaration's own, and after a mention inside quotation marks those of the
    document quoted, so nothing continues there.
    """
    items = []
    for mention in meeting.mentions:
        text = mention.passage.text
        opened = text[: mention.span[1]]
        if mention.document.meta.doc_type == "declaration" or opened.count("“") > opened.count("”"):
            continue
        for s, e in split_sentences(text):
            if s < mention.span[1]:
                continue
            sentence = text[s:e]
            if any(series.pattern.search(sentence) for series in load_meeting_lexicon().series):
                break
            item = _sentence_item(mention.passage, mention.document, (s, e))
            if item.section == "commitments":
                items.append(item)
    return _merge_quotes(items)


def agreed(store: Store, meeting: PastMeeting) -> list[Item]:
    """What was agreed at a meeting: its declaration's commitments, else what follows a mention."""
    if meeting.declaration is None:
        return [it for it in reports(meeting) if it.section == "commitments"] + _continuations(
            meeting
        )
    doc = store.get_document(meeting.declaration.id)
    return [
        item
        for passage in (doc.passages if doc else ())
        for item in items_for(Selected(passage, meeting.declaration, 0.0, 0.0, ()))
        if item.section == "commitments"
    ]


def _to_follow(store: Store, meeting: PastMeeting, subjects: Subjects) -> list[Item]:
    """The commitments of a meeting to follow up.

    A declaration's commitments; for a meeting known only from mentions, the sentences
    that say what happened there about some subject, and the commitments after them.
    """
    if meeting.declaration is not None:
        return agreed(store, meeting)
    said = [
        it
        for it in reports(meeting)
        if it.section == "commitments" or sum(subjects.of(it.text).values()) >= MIN_SUBJECT_WEIGHT
    ]
    return said + _continuations(meeting)


def later_mentions(
    store: Store,
    commitment: Item,
    after: date | None,
    subjects: Subjects,
    metas: Mapping[str, Document],
    series: Series,
) -> list[Item]:
    """Passages dated after ``after`` that quote the commitment or share its subject.

    A later sentence shares the subject when the subject terms it has in common with the
    commitment weigh MIN_SHARED_WEIGHT together; the words of the meeting's series count
    as terms too ("thema's van de Onderwijstop, zoals basisvaardigheden"). A commitment
    that names too little itself ("zullen dit probleem aanpakken") takes the terms of the
    sentence before it. A passage that holds most of the commitment's words in order
    quotes it. Each later passage is quoted by its sentence that shares the most; the
    reason names the shared terms. Oldest document first; within one, the closest first.
    """
    from briefgen.index import SearchQuery

    if after is None:
        return []
    own = subjects.of(commitment.text, series.words)
    if sum(own.values()) < MIN_SHARED_WEIGHT:
        own = {**_sentence_before(store, commitment, subjects, series), **own}
    words = [w for w in dict.fromkeys(re.findall(r"[^\W_]+", commitment.text)) if len(w) > 3]
    query = SearchQuery(
        should=tuple(dict.fromkeys((*own, *words))),
        weights={t: 2.0 for t in own},
        since=after + timedelta(days=1),
        exclude_doc_ids=(commitment.sources[0].document_id,),
    )
    wanted = _shingles(commitment.text)
    found: list[tuple[float, Item]] = []
    for passage, _score in store.search_passages(query, FOLLOW_UP_CANDIDATES):
        doc = metas.get(passage.doc_id)
        if doc is None or passage.part == "question":
            continue
        quoted = _contained(wanted, _shingles(passage.text)) >= DUPLICATE_CONTAINMENT
        best: tuple[float, tuple[int, int], list[str]] | None = None
        for s, e in split_sentences(passage.text):
            sentence = passage.text[s:e]
            shared = sorted(set(own) & set(subjects.of(sentence, series.words)))
            weight = sum(own[t] for t in shared)
            if quoted:
                weight += len(wanted & _shingles(sentence))
            if weight and (best is None or weight > best[0]):
                best = (weight, (s, e), shared)
        if best is None or not (quoted or best[0] >= MIN_SHARED_WEIGHT):
            continue
        item = _sentence_item(passage, doc, best[1])
        reason = "quotes the commitment" if quoted else "shares the subject terms: "
        found.append(
            (best[0], replace(item, reason=reason + ("" if quoted else ", ".join(best[2]))))
        )
    found.sort(
        key=lambda wi: (
            wi[1].sources[0].date or date.max,
            wi[1].sources[0].document_id,
            -wi[0],
            wi[1].sources[0].passage_id,
        )
    )
    return [item for _, item in found]


def _per_document(items: Sequence[Item], count: int) -> tuple[Item, ...]:
    """The first item of each document, up to ``count``: what each later source says."""
    firsts = {it.sources[0].document_id: it for it in reversed(items)}
    return tuple(it for it in items if firsts[it.sources[0].document_id] is it)[:count]


def _sentence_before(
    store: Store, commitment: Item, subjects: Subjects, series: Series
) -> dict[str, float]:
    """The subject terms of the sentence before a commitment in its passage."""
    for passage in store.passages(r.passage_id for r in commitment.sources[:1]):
        start = passage.text.find(commitment.text)
        before = [(s, e) for s, e in split_sentences(passage.text) if e <= start]
        if before:
            s, e = before[-1]
            return subjects.of(passage.text[s:e], series.words)
    return {}


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
        for commitment in _to_follow(store, meeting, subjects):
            dated = [d for d in (commitment.sources[0].date, meeting.date) if d]
            after = max(dated, default=None)
            later = later_mentions(store, commitment, after, subjects, metas, meeting.series)
            rows.append(
                FollowUp(
                    meeting,
                    commitment,
                    _per_document(later, FOLLOW_UP_LATER_MAX),
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
                _merge_quotes(
                    [_sentence_item(m.passage, m.document, m.span) for m in start.mentions]
                )
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


# --------------------------------------------------------------------------- data


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
    import jinja2

    from briefgen.render.markdown import environment
    from briefgen.render.present import Presenter

    env = environment(templates_dir, data["lang"], Presenter(data["lang"], data["locale"]))
    try:
        text = env.get_template(MEETING_TEMPLATE).render({**data, "explain": explain})
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            f"template {exc.name or exc.filename}: line {exc.lineno}: {exc.message}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(
            f"template {exc.name} not found", hint=f"looked in {templates_dir or 'the defaults'}"
        ) from exc
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template {MEETING_TEMPLATE}: {exc.message}") from exc
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text.encode("utf-8")
