"""The theme catalogue: which words and phrases make a passage belong to a subject.

Themes are data (``briefgen/data/themes.toml``, format described in its header) so a
reviewer can read them and a user can add or override themes with their own files.
A broken entry does not poison the catalogue: it is kept as an error under its slug
and raised only when that theme is asked for, so a batch over all themes fails just
that one.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from briefgen.analysis import fold, tokens
from briefgen.errors import ConfigError, NotFoundError

DEFAULT_SOURCE = "briefgen/data/themes.toml"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LIST_FIELDS = ("aliases", "keywords", "phrases", "exclude")
_FIELDS = frozenset({"slug", "name_nl", "name_en", "weights", "extend", *_LIST_FIELDS})


@dataclass(frozen=True, slots=True)
class Theme:
    """One subject: its names and the terms that make a passage belong to it."""

    slug: str
    name_nl: str
    name_en: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # single words
    phrases: tuple[str, ...] = ()  # two or more words
    weights: tuple[tuple[str, float], ...] = ()  # (term, weight) where not 1.0
    exclude: tuple[str, ...] = ()
    source: str = DEFAULT_SOURCE  # the file the entry came from

    def name(self, lang: str) -> str:
        """The theme's name in ``lang`` ("nl" or "en"; Dutch otherwise)."""
        return self.name_en if lang == "en" else self.name_nl

    def weight(self, term: str) -> float:
        """Weight of a keyword or phrase (1.0 unless the catalogue says otherwise)."""
        key = fold(term)
        return next((w for t, w in self.weights if fold(t) == key), 1.0)

    def terms(self) -> list[tuple[str, float, bool]]:
        """Every keyword and phrase with its weight and whether it is a phrase."""
        return [(k, self.weight(k), False) for k in self.keywords] + [
            (p, self.weight(p), True) for p in self.phrases
        ]


def _key(name: str) -> str:
    """Lookup key of a name: folded, every run of non-alphanumerics one hyphen."""
    return "-".join(tokens(name))


class ThemeCatalogue:
    """Valid themes in catalogue order, plus the entries that failed, by slug."""

    def __init__(
        self,
        themes: Mapping[str, Theme],
        errors: Mapping[str, str] | None = None,
        broken_names: Mapping[str, str] | None = None,
    ) -> None:
        self._themes = dict(themes)
        self.errors: dict[str, str] = dict(errors or {})  # slug -> one-line reason
        self._lookup: dict[str, str] = {}  # name key -> slug
        for theme in list(self._themes.values()):
            names = (theme.slug, theme.name_nl, theme.name_en, *theme.aliases)
            keys = [_key(n) for n in names]
            taken = sorted(
                {self._lookup[k] for k in keys if self._lookup.get(k, theme.slug) != theme.slug}
            )
            if taken:
                del self._themes[theme.slug]
                self.errors[theme.slug] = (
                    f"{theme.source}: theme '{theme.slug}': a name or alias is already "
                    f"used by theme '{taken[0]}'"
                )
                continue
            self._lookup.update((_key(n), theme.slug) for n in names)
        # names of broken entries still lead to their error, not to "unknown theme"
        for key, slug in (broken_names or {}).items():
            if slug in self.errors:
                self._lookup.setdefault(key, slug)

    def themes(self) -> list[Theme]:
        """The valid themes, in catalogue order."""
        return list(self._themes.values())

    def slugs(self) -> list[str]:
        """Every slug, broken ones included (a batch reports those as failed)."""
        return [*self._themes, *(s for s in self.errors if s not in self._themes)]

    def __iter__(self) -> Iterator[Theme]:
        return iter(self._themes.values())

    def __len__(self) -> int:
        return len(self._themes)

    def find(self, name: str) -> Theme | None:
        """The theme a name means (slug, alias or name), or None; a broken one raises."""
        slug = name if name in self.errors else self._lookup.get(_key(name))
        if slug in self.errors:
            raise ConfigError(self.errors[slug], hint="fix or remove that entry")
        return self._themes[slug] if slug else None

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Slugs of up to ``n`` themes whose slug, name or alias looks like ``name``.

        Candidates must be similar (ratio 0.6) and nearly as similar as the best one, so
        a clear typo names one theme rather than three.
        """
        key = _key(name)
        scored = sorted(
            ((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in self._lookup),
            reverse=True,
        )
        floor = max(0.6, scored[0][0] - 0.1) if scored else 1.0
        return list(dict.fromkeys(self._lookup[k] for r, k in scored if r >= floor))[:n]

    def get(self, name: str) -> Theme:
        """The theme a name means; an unknown name raises naming the closest themes."""
        theme = self.find(name)
        if theme is not None:
            return theme
        slugs = self.closest(name)
        hint = "see: briefgen themes"
        if slugs:
            hint = f"closest: {', '.join(slugs)} — {hint}"
        raise NotFoundError(f"unknown theme '{name}'", hint=hint)


# ------------------------------------------------------------------------- loading


def _strings(entry: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"'{name}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _parse_entry(entry: Mapping[str, Any], base: Theme | None, source: str) -> Theme:
    """One [[theme]] table to a Theme; ValueError with a short reason if invalid."""
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown field '{unknown[0]}'")
    extend = entry.get("extend", False)
    if not isinstance(extend, bool):
        raise ValueError("'extend' must be true or false")
    if extend and base is None:
        raise ValueError("'extend = true' but there is no theme of that slug to extend")
    lists = {name: _strings(entry, name) for name in _LIST_FIELDS}
    for word in lists["keywords"]:
        if len(tokens(word)) != 1:
            raise ValueError(f"keyword '{word}' is not a single word: put it in phrases")
    for phrase in lists["phrases"]:
        if len(tokens(phrase)) < 2:
            raise ValueError(f"phrase '{phrase}' has fewer than two words: put it in keywords")
    weights = entry.get("weights", {})
    if not isinstance(weights, dict):
        raise ValueError("'weights' must be a table of term = number")
    names: dict[str, str] = {}
    for name in ("name_nl", "name_en"):
        value = entry.get(name, getattr(base, name, None) if extend else None)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"'{name}' is missing or empty")
        names[name] = value.strip()
    if extend and base is not None:
        lists = {name: (*getattr(base, name), *lists[name]) for name in _LIST_FIELDS}
        weights = {**dict(base.weights), **weights}
    terms = {fold(t) for t in (*lists["keywords"], *lists["phrases"])}
    for term, weight in weights.items():
        if fold(term) not in terms:
            raise ValueError(f"weight for '{term}', which is no keyword or phrase of the theme")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"weight for '{term}' must be a positive number")
    unique = {name: tuple(dict.fromkeys(values)) for name, values in lists.items()}
    return Theme(
        slug=entry["slug"],
        name_nl=names["name_nl"],
        name_en=names["name_en"],
        aliases=unique["aliases"],
        keywords=unique["keywords"],
        phrases=unique["phrases"],
        exclude=unique["exclude"],
        weights=tuple((t, float(w)) for t, w in weights.items() if float(w) != 1.0),
        source=source,
    )


def _parse_file(text: str, source: str) -> list[Mapping[str, Any]]:
    """The [[theme]] tables of a file; ConfigError if the file itself is unusable."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: invalid TOML: {exc}", hint="check the file's syntax"
        ) from None
    extra = sorted(set(data) - {"theme"})
    entries = data.get("theme", [])
    if extra or not isinstance(entries, list):
        raise ConfigError(
            f"{source}: expected only [[theme]] tables, found '{(extra or ['theme'])[0]}'",
            hint="see the header of briefgen/data/themes.toml for the format",
        )
    return [e if isinstance(e, dict) else {} for e in entries]


def _names(entry: Mapping[str, Any]) -> list[str]:
    """The names a (possibly broken) entry can be asked for by."""
    aliases = entry.get("aliases")
    names = [
        entry.get("name_nl"),
        entry.get("name_en"),
        *(aliases if isinstance(aliases, list) else []),
    ]
    return [n for n in names if isinstance(n, str)]


def _merge(
    themes: dict[str, Theme],
    errors: dict[str, str],
    broken: dict[str, str],
    entries: list[Mapping[str, Any]],
    source: str,
) -> None:
    """Add or override themes by slug; a bad entry becomes an error under its slug."""
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        slug = entry.get("slug")
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            where = f"theme #{number}"
            errors[where] = f"{source}: {where}: 'slug' missing or not kebab-case ASCII"
            continue
        try:
            if slug in seen:
                raise ValueError("the slug appears twice in this file")
            seen.add(slug)
            theme = _parse_entry(entry, themes.get(slug), source)
        except ValueError as exc:
            themes.pop(slug, None)
            errors[slug] = f"{source}: theme '{slug}': {exc}"
            broken.update((_key(n), slug) for n in _names(entry))
            continue
        errors.pop(slug, None)
        themes[slug] = theme


@cache
def _default_entries() -> tuple[Mapping[str, Any], ...]:
    text = resources.files("briefgen.data").joinpath("themes.toml").read_text("utf-8")
    return tuple(_parse_file(text, DEFAULT_SOURCE))


def load_catalogue(extra: Sequence[Path] = ()) -> ThemeCatalogue:
    """The shipped catalogue with user theme files applied in order (later files win)."""
    themes: dict[str, Theme] = {}
    errors: dict[str, str] = {}
    broken: dict[str, str] = {}  # name key -> slug of a broken entry
    _merge(themes, errors, broken, list(_default_entries()), DEFAULT_SOURCE)
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ConfigError(f"{path}: cannot read theme file: {reason}") from None
        _merge(themes, errors, broken, _parse_file(text, str(path)), str(path))
    return ThemeCatalogue(themes, errors, broken)
