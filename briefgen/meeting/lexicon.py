"""The meeting series of ``briefgen/data/meetings.toml``: names, words, places.

Which words name a meeting of a series ("top", "regeringstop", "onderwijstop"), which
words after one mean it is no meeting, the places a meeting may be held in and the
words that group mentions are data, compiled here once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.analysis import fold
from briefgen.classify import compile_phrase
from briefgen.errors import ConfigError

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "meetings.toml"
_EDITION_NUMBER = r"\d{1,2}(?:e|de|ste)"


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


def string_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """``data[key]`` as a tuple of stripped strings; ValueError naming ``where`` if not."""
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
    words = string_list(entry, "words", where)
    phrases = string_list(entry, "phrases", where)
    pattern = _alternatives((*words, *phrases))
    if pattern is None:
        raise ValueError(f"{where}: give at least one of 'words' and 'phrases'")
    not_followed = _alternatives(string_list(entry, "not_followed_by", where))
    return Series(
        slug=slug,
        words=words,
        phrases=phrases,
        aliases=string_list(entry, "aliases", where),
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
            names = string_list(entry, "names", f"place #{n}")
            if not names:
                raise ValueError(f"place #{n}: 'names' is empty")
            alone = _alternatives(names)
            within = _alternatives(f"in {name}" for name in names)
            if alone is None or within is None:
                raise ValueError(f"place #{n}: 'names' is empty")
            places.append((names[0], within, alone))
        words = data.get("words", {})
        editions = string_list(words, "editions", "[words]")
        edition = re.compile(
            rf"(?<!\w)({_EDITION_NUMBER}|{'|'.join(map(re.escape, editions))})(?!\w)"
            r"(?:\s+editie\s+van)?[^.!?]{0,25}$",
            re.IGNORECASE,
        )
        return MeetingLexicon(
            series=series,
            places=tuple(places),
            refers_back=frozenset(fold(w) for w in string_list(words, "refers_back", "[words]")),
            start=frozenset(fold(w) for w in string_list(words, "start", "[words]")),
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
