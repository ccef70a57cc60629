"""The meeting file: the meeting's title, date, place, participants and agenda (TOML)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.errors import ConfigError, NotFoundError
from briefgen.meeting.lexicon import MeetingLexicon, load_meeting_lexicon, string_list

EXAMPLE_HINT = "see examples/meeting-top-2025.toml"
FOLLOW_UP_DEFAULT = 2  # meetings per series whose commitments are followed up


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
        participants = string_list(data, "participants", "the meeting")
        series = string_list(data, "series", "the meeting")
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
