"""Dates and sums of money in Dutch (and English) government text.

Briefings show a timeline and a table of amounts, and each fact there must be true to its
source: a fact keeps its literal exactly as written (``text[start:end]``) next to a
normalised value, and what the text does not say (the year, whether money recurs) is not
guessed. The word lists live in ``data/facts_lexicon.toml``.

Conventions the rest of briefgen relies on:

* Offsets are into the text passed in. Facts come sorted by start and never overlap; of
  overlapping readings the longest wins ("9 en 10 februari 2023" over "10 februari 2023").
* A literal is the shortest span that is evidence for the date and its meaning. A day or
  a month name with a year stands alone ("juni 2017", not "in juni 2017"). A bare year, a
  month or a season without a year counts only after a trigger word, which is quoted with
  it ("in 2016", "uit 1990", "in de zomer"; in "in 2016 en 2017" the second is "2017").
  Words that change the meaning are always quoted with the date: "sinds 2011", "eind
  2022", "per 1 januari 2018". "tussen A en B", "van A tot B" and "A t/m B" are one range.
* "sinds/vanaf X" is a period from the first day of X to 31 December of ``default_year``
  (the year the document speaks from), or to the last day of X without it.
* "begin/medio/eind" narrow a year to months (Jan-Mar, May-Aug, Oct-Dec) and a month to
  days (1-10, 11-20, 21-end), marked approximate; seasons are approximate month spans.
* A date without a year ("dinsdag 31 januari", "juli jl.") takes ``default_year`` and is
  marked ``year_inferred``; a weekday that contradicts that year but fits the year before
  or after picks that year. Without ``default_year`` (or with one outside 1900-2100) such
  dates are skipped.
* Amounts: the literal is the number with its currency and multiplier ("€ 3,33 miljoen
  euro", "700.000 euro"). A qualifier before it ("ongeveer", "+/-") sets ``approximate``
  and is not part of the literal. ``per`` is "year" or "once" only where the text says
  so, right after the amount ("per jaar") or before it in its sentence ("jaarlijks",
  "eenmalige", "per schooljaar:"). Ranges and alternatives ("5 à 10 miljoen euro",
  "40.000 of 50.000 euro") are skipped: a single value would misquote them.
* Number format: several separators of one kind, or one separator followed by exactly
  three digits, group thousands ("2.428.000", "€700,000"), except before a multiplier of
  the language whose decimal mark it is ("1,500 miljoen", "1.500 million": 1.5 million).
  Any other separator is the decimal mark ("1,5 miljoen", "€1.5 million").
"""

from __future__ import annotations

import calendar
import logging
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

from briefgen.errors import ConfigError
from briefgen.models import AmountFact, DateFact, DateKind

__all__ = ["LEXICON_PATH", "find_amounts", "find_dates"]

log = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).parent / "data" / "facts_lexicon.toml"


def _load_lexicon(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot load the facts lexicon: {exc}",
            hint="restore the file shipped with briefgen",
        ) from exc


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _last_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """Last word of each phrase: a text can only end in a phrase if it ends in one of these."""
    return tuple({_key(p).rsplit(" ", 1)[-1] for p in phrases})


def _ends_in(low: str, lo: int, hi: int, endings: tuple[str, ...]) -> bool:
    """Cheap test before a costly search for a phrase that ends the text at ``hi``."""
    return low[lo:hi].rstrip().endswith(endings)


def _alt(words: Iterable[str], *, tail: str = "") -> str:
    """Regex alternation of words, longest first; a space matches any whitespace."""
    parts = sorted({_key(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") + tail for p in parts) + ")"


_LEX = _load_lexicon(LEXICON_PATH)
try:
    _MONTHS: dict[str, int] = {_key(k): int(v) for k, v in _LEX["months"].items()}
    _ABBREV: dict[str, int] = {_key(k): int(v) for k, v in _LEX["month_abbreviations"].items()}
    _WEEKDAYS: dict[str, int] = {_key(k): int(v) for k, v in _LEX["weekdays"].items()}
    _SEASONS: dict[str, tuple[int, int]] = {
        _key(k): (v[0], v[1]) for k, v in _LEX["seasons"].items()
    }
    _ORDINALS: dict[str, int] = {_key(k): v for k, v in _LEX["year_parts"]["ordinals"].items()}
    _UNITS: dict[str, int] = {_key(k): v for k, v in _LEX["year_parts"]["units"].items()}
    _SCHOOL_WORDS: list[str] = _LEX["school_years"]["words"]
    _SCHOOL_FIRST_MONTH = int(_LEX["school_years"]["first_month"])
    _PARTS: dict[str, dict[str, tuple[int, int]]] = {
        grain: {p: (ab[0], ab[1]) for p, ab in parts.items()}
        for grain, parts in _LEX["parts"].items()
    }
    _QUAL_KIND: dict[str, str] = {_key(w): "trigger" for w in _LEX["triggers"]["words"]}
    for _kind, _words in _LEX["qualifiers"].items():
        _QUAL_KIND.update({_key(w): _kind for w in _words})
    _NOT_BEFORE_BARE = {_key(w) for w in _LEX["triggers"]["not_before_bare_year"]}
    _ARTICLES: list[str] = _LEX["triggers"]["articles"]
    _MONEY = _LEX["money"]
    _NUMBER_WORDS = {_key(k): Decimal(v) for k, v in _MONEY["number_words"].items()}
    _MULT_NL = {_key(k): Decimal(v) for k, v in _MONEY["multipliers_nl"].items()}
    _MULT_EN = {_key(k): Decimal(v) for k, v in _MONEY["multipliers_en"].items()}
    _PER_WORD = {_key(w): "year" for w in _MONEY["qualifiers"]["per_year"]}
    _PER_WORD.update({_key(w): "once" for w in _MONEY["qualifiers"]["once"]})
except (KeyError, TypeError, ValueError, IndexError, ArithmeticError) as exc:
    raise ConfigError(
        f"{LEXICON_PATH}: malformed facts lexicon ({exc!r})",
        hint="restore the file shipped with briefgen",
    ) from exc

# ----------------------------------------------------------------------- dates: patterns
# Patterns run on the lower-cased text and are tried only where a date can start: at each
# run of digits and at each lead word (month, season, ...), so that long passages without
# dates cost little. Lookbehinds still see the text before the position tried.

_YEAR = r"(?:19[0-9][0-9]|20[0-9][0-9]|2100)"
_YEAR_END = r"(?![0-9]|[.,/][0-9])"
_NUM_START = r"(?<![\w.,/€$])"  # not inside a longer number, code or amount
_MONTH = _alt(_MONTHS) + "|" + _alt(_ABBREV, tail=r"\.?")
_MONTH_FULL = _alt(_MONTHS)
_WEEKDAY = _alt(_WEEKDAYS)
_DAY_NO = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORDINAL_END = r"(?:st|nd|rd|th|ste|de|e)?"  # "31st", "1ste", "2de", "4e"
_DAY = rf"(?P<d>{_DAY_NO}){_ORDINAL_END}"
_OPT_YEAR = rf"(?:,?\s+(?P<y>{_YEAR}){_YEAR_END}|(?!\.?\s*[0-9]))"  # a year, or no number at all
_SEASON = _alt(_SEASONS)
_DAY_BEFORE = re.compile(rf"(?<![0-9.,])[0-9]{{1,2}}{_ORDINAL_END}\s+$")
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?P<wd>{_WEEKDAY}),?\s+$")
# Words a word-led date starts with. A passage is searched for them only if one of them
# stands in it as a token, possibly with punctuation: one split and one set lookup tell.
_LEAD_WORDS = frozenset(
    {_key(w).split()[0] for w in [*_MONTHS, *_ABBREV, *_SEASONS, *_ORDINALS, *_SCHOOL_WORDS]}
    | {f"q{n}" for n in range(1, 5)}
)
_PUNCTUATION = ".,;:!?()\"'‘’“”"
_LEAD_TOKENS = frozenset(
    f"{pre}{w}{post}"
    for w in _LEAD_WORDS
    for pre in ("", *"(‘“'\"")
    for post in ("", *".,;:)!?’”'\"", "),", ").", "’,", "’.", "”,", "”.")
)


@dataclass(slots=True)
class _Cand:
    """A date reading before qualifiers; ``bare`` ones need a trigger word before them."""

    start: int
    end: int
    kind: DateKind
    first: date
    last: date
    grain: str = "other"  # "year", "month", "season": what begin/medio/eind can narrow
    approximate: bool = False
    inferred: bool = False
    bare: bool = False

    def fact(self, text: str) -> DateFact:
        literal = text[self.start : self.end]
        return DateFact(
            literal,
            self.start,
            self.end,
            self.kind,
            self.first,
            self.last,
            self.approximate,
            self.inferred,
        )


_Handler = Callable[[re.Match[str], int | None], _Cand | None]


def _mkdate(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_no(token: str | None, *, abbrev_ok: bool) -> int | None:
    if token is None:
        return None
    k = _key(token).rstrip(".")
    return _MONTHS.get(k) or (_ABBREV.get(k) if abbrev_ok else None)


def _weekday_before(m: re.Match[str]) -> tuple[int, int | None]:
    """Start of a weekday written just before the match ("dinsdag 31 januari"), and its number."""
    w = _WEEKDAY_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    return (w.start(), _WEEKDAYS[_key(w["wd"])]) if w else (m.start(), None)


def _infer_year(month: int, day: int, weekday: int | None, default_year: int) -> int | None:
    """The document's year, unless a given weekday only fits the year before or after."""
    if weekday is not None:
        for year in (default_year, default_year - 1, default_year + 1):
            d = _mkdate(year, month, day)
            if d is not None and d.weekday() == weekday:
                return year
    return default_year if _mkdate(default_year, month, day) else None


def _year_of(
    m: re.Match[str], month: int, day: int, dy: int | None, weekday: int | None
) -> tuple[int | None, bool]:
    if m["y"]:
        return int(m["y"]), False
    if dy is None:
        return None, False
    return _infer_year(month, day, weekday, dy), True


def _h_day(m: re.Match[str], dy: int | None) -> _Cand | None:
    month = _month_no(m["m"], abbrev_ok=m["y"] is not None)
    if month is None:
        return None
    start, weekday = _weekday_before(m)
    year, inferred = _year_of(m, month, int(m["d"]), dy, weekday)
    d = _mkdate(year, month, int(m["d"])) if year else None
    if d is None:
        return None
    if weekday is not None and d.weekday() != weekday:
        log.debug("weekday does not match %s; the written date is kept", d)
    return _Cand(start, m.end(), "day", d, d, inferred=inferred)


def _h_day_range(m: re.Match[str], dy: int | None) -> _Cand | None:
    m2 = _month_no(m["m"], abbrev_ok=m["y"] is not None)
    m1 = _month_no(m["m1"], abbrev_ok=m["y"] is not None) if m["m1"] else m2
    if m1 is None or m2 is None:
        return None
    weekday = _WEEKDAYS[_key(m["wd"])] if m["wd"] else None
    y2, inferred = _year_of(m, m2, int(m["d"]), dy, weekday)
    if y2 is None:
        return None
    first = _mkdate(y2 - 1 if m1 > m2 else y2, m1, int(m["d1"]))
    last = _mkdate(y2, m2, int(m["d"]))
    if first is None or last is None or first >= last:
        return None
    return _Cand(_weekday_before(m)[0], m.end(), "range", first, last, inferred=inferred)


def _h_numeric(m: re.Match[str], dy: int | None) -> _Cand | None:
    d = _mkdate(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _Cand(m.start(), m.end(), "day", d, d) if d else None


def _month_cand(m: re.Match[str], year: int, *, inferred: bool, bare: bool = False) -> _Cand | None:
    month = _month_no(m["m"], abbrev_ok=not inferred)
    if month is None or _DAY_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
        return None  # "31 februari 2023" is an invalid day, not the month of February
    first, last = date(year, month, 1), _month_end(year, month)
    return _Cand(m.start(), m.end(), "month", first, last, "month", False, inferred, bare)


def _h_month(m: re.Match[str], dy: int | None) -> _Cand | None:
    return _month_cand(m, int(m["y"]), inferred=False)


def _h_month_relative(m: re.Match[str], dy: int | None) -> _Cand | None:
    return _month_cand(m, dy, inferred=True) if dy else None


def _h_month_bare(m: re.Match[str], dy: int | None) -> _Cand | None:
    return _month_cand(m, dy, inferred=True, bare=True) if dy else None


def _season_cand(m: re.Match[str], year: int, *, bare: bool) -> _Cand:
    a, b = _SEASONS[_key(m["s"])]
    first, last = date(year, a, 1), _month_end(year, b)
    return _Cand(m.start(), m.end(), "period", first, last, "season", True, bare, bare)


def _h_season(m: re.Match[str], dy: int | None) -> _Cand | None:
    return _season_cand(m, int(m["y"]), bare=False)


def _h_season_bare(m: re.Match[str], dy: int | None) -> _Cand | None:
    return _season_cand(m, dy, bare=True) if dy else None


def _h_year_part(m: re.Match[str], dy: int | None) -> _Cand | None:
    size, n = (3, int(m["q"])) if m["q"] else (_UNITS[_key(m["unit"])], _ORDINALS[_key(m["ord"])])
    year = int(m["y"])
    if n * size > 12:
        return None
    first, last = date(year, (n - 1) * size + 1, 1), _month_end(year, n * size)
    return _Cand(m.start(), m.end(), "period", first, last)


def _h_school_year(m: re.Match[str], dy: int | None) -> _Cand | None:
    y1, y2 = int(m["y1"]), m["y2"]
    if (len(y2) == 2 and int(y2) != (y1 + 1) % 100) or (len(y2) == 4 and int(y2) != y1 + 1):
        return None
    first = date(y1, _SCHOOL_FIRST_MONTH, 1)
    last = _month_end(y1 + 1, (_SCHOOL_FIRST_MONTH + 10) % 12 + 1)
    return _Cand(m.start(), m.end(), "period", first, last)


_UNITS_AFTER_A_NUMBER = [*_MONEY["currency_words"], *_MULT_NL, *_MULT_EN, "procent", "percent"]
_NOT_A_YEAR_AFTER = re.compile(rf"\s?(?:%|€|{_alt(_UNITS_AFTER_A_NUMBER)}(?!\w))")  # "1990 euro"


def _h_year_range(m: re.Match[str], dy: int | None) -> _Cand | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 <= y1 or _NOT_A_YEAR_AFTER.match(m.string, m.end()):
        return None
    return _Cand(m.start(), m.end(), "range", date(y1, 1, 1), date(y2, 12, 31))


def _h_year(m: re.Match[str], dy: int | None) -> _Cand | None:
    if _NOT_A_YEAR_AFTER.match(m.string, m.end()):
        return None
    y = int(m["y"])
    return _Cand(m.start(), m.end(), "year", date(y, 1, 1), date(y, 12, 31), "year", bare=True)


_SEP = r"(?:\s*[-–]\s*|\s+(?:en|tot\s+en\s+met|t/m|tot|and|to|until|till)\s+)"
_YEAR_PART = (
    re.compile(
        rf"(?<!\w)(?:(?P<ord>{_alt(_ORDINALS)})\s+(?P<unit>{_alt(_UNITS)})|q(?P<q>[1-4]))\s+"
        rf"(?:van\s+|of\s+)?(?:(?:het|the)\s+(?:jaar\s+|year\s+)?)?(?P<y>{_YEAR}){_YEAR_END}"
    ),
    _h_year_part,
)
_YEAR_LED_START = rf"{_NUM_START}(?<![0-9][-–])"  # "2018" in "Stcrt-2018-49440" is no year
_DAY_LED: list[tuple[re.Pattern[str], _Handler]] = [  # tried at runs of 1 or 2 digits
    (
        re.compile(  # 9 en 10 februari 2023 | 30 december - 2 januari 2023
            rf"(?<![\w.,/-])(?P<d1>{_DAY_NO}){_ORDINAL_END}(?:\s+(?P<m1>{_MONTH})(?!\w))?{_SEP}"
            rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?{_DAY}\s+(?P<m>{_MONTH})(?!\w){_OPT_YEAR}"
        ),
        _h_day_range,
    ),
    (re.compile(rf"(?<![\w.,/-]){_DAY}\s+(?P<m>{_MONTH})(?!\w){_OPT_YEAR}"), _h_day),
    (
        re.compile(  # 31-01-2023 | 31/01/2023 | 31.01.2023
            rf"{_NUM_START}(?P<d>[0-9]{{1,2}})(?P<s>[-/.])(?P<mo>[0-9]{{1,2}})(?P=s)"
            rf"(?P<y>{_YEAR})(?![0-9]|[-/.,][0-9])"
        ),
        _h_numeric,
    ),
    _YEAR_PART,  # "1e kwartaal 2023"
]
_YEAR_LED: list[tuple[re.Pattern[str], _Handler]] = [  # tried at runs of 4 digits
    (
        re.compile(
            rf"{_NUM_START}(?P<y>{_YEAR})-(?P<mo>[0-9]{{2}})-(?P<d>[0-9]{{2}})(?![0-9]|[-/.,][0-9])"
        ),
        _h_numeric,
    ),
    (
        re.compile(rf"{_YEAR_LED_START}(?P<y1>{_YEAR})\s?[-–/]\s?(?P<y2>{_YEAR}){_YEAR_END}"),
        _h_year_range,
    ),
    (re.compile(rf"{_YEAR_LED_START}(?P<y>{_YEAR}){_YEAR_END}"), _h_year),
]
_WORD_LED: list[tuple[re.Pattern[str], _Handler]] = [  # tried at lead words
    (
        re.compile(rf"(?P<m>{_MONTH})(?!\w)\s+{_DAY},?\s+(?P<y>{_YEAR}){_YEAR_END}"),
        _h_day,
    ),  # May 5, 2023
    (re.compile(rf"(?P<m>{_MONTH})(?!\w),?\s+(?P<y>{_YEAR}){_YEAR_END}"), _h_month),
    (
        re.compile(rf"(?P<m>{_MONTH_FULL})\s+{_alt(_LEX['month_relative']['words'])}(?!\w)"),
        _h_month_relative,
    ),
    (re.compile(rf"(?P<m>{_MONTH_FULL})(?!\w)(?!\s*[0-9])"), _h_month_bare),
    (re.compile(rf"(?P<s>{_SEASON})\s+(?:van\s+|of\s+)?(?P<y>{_YEAR}){_YEAR_END}"), _h_season),
    (re.compile(rf"(?P<s>{_SEASON})(?!\w)(?!\s+(?:van\s+|of\s+)?[0-9])"), _h_season_bare),
    _YEAR_PART,
    (
        re.compile(
            rf"{_alt(_SCHOOL_WORDS)}\s+(?P<y1>{_YEAR})\s?[-–/]\s?"
            rf"(?P<y2>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
        ),
        _h_school_year,
    ),
]

# Words before a date: qualifiers, triggers, range openers, coordination.
_QUAL_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") + (r"\s*" if w.endswith("-") else r"\s+")
    for w in sorted(_QUAL_KIND, key=len, reverse=True)
)
_QUALIFIER = re.compile(rf"(?<!\w)(?P<q>{_QUAL_ALT})(?:{_alt(_ARTICLES)}\s+)?$")
_QUALIFIER_ENDS = _last_words([*_QUAL_KIND, *_ARTICLES])
_OPENER = re.compile(r"(?<!\w)(?P<o>tussen|between|van|vanaf|from)\s+$")
_CONNECTOR = re.compile(r"\s*(?:[-–]|(?P<w>en|and|tot\s+en\s+met|t/m|tot|to|until|till))\s*")
_COORDINATION = re.compile(r"\s*(?:,|en|of|and|or)\s+")
_DIGITS = re.compile(r"[0-9][0-9]*")  # not [0-9]+: a leading class lets re skip fast
_LOOKBACK = 40  # characters searched for a qualifier or range opener before a fact


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Span)


def _longest_first(cands: Iterable[_S]) -> list[_S]:
    """Non-overlapping spans in text order; where spans overlap, the longest wins."""
    out: list[_S] = []
    cluster: list[_S] = []  # spans that overlap one another, directly or through others
    reach = -1
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if cluster and c.start >= reach:
            out.extend(_resolve(cluster))
            cluster = []
        cluster.append(c)
        reach = max(reach, c.end)
    return out + _resolve(cluster)


def _resolve(cluster: list[_S]) -> list[_S]:
    """Longest first among spans that overlap; returned in text order."""
    chosen: list[_S] = []
    for c in sorted(cluster, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _lower(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _word_starts(low: str, words: Iterable[str], *, boundary: bool = True) -> set[int]:
    """Positions of the words in ``low`` (at a word start unless ``boundary`` is off)."""
    hits: set[int] = set()
    for w in words:
        i = low.find(w)
        while i >= 0:
            if not boundary or i == 0 or not low[i - 1].isalnum():
                hits.add(i)
            i = low.find(w, i + 1)
    return hits


def _candidates(low: str, dy: int | None) -> list[_Cand]:
    runs = [(m.start(), m.end() - m.start()) for m in _DIGITS.finditer(low)]
    leads = {t.strip(_PUNCTUATION) for t in _LEAD_TOKENS.intersection(low.split())}
    families = [
        (_DAY_LED, [pos for pos, n in runs if n <= 2]),
        (_YEAR_LED, [pos for pos, n in runs if n == 4]),
        (_WORD_LED, _word_starts(low, leads) if leads else ()),
    ]
    return [
        c
        for patterns, hits in families
        for pos in hits
        for pattern, handler in patterns
        if (m := pattern.match(low, pos)) and (c := handler(m, dy))
    ]


def _merge_ranges(low: str, cands: list[_Cand]) -> list[_Cand]:
    """Join "tussen A en B", "van A tot B", "A t/m B" into one range."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        gap = _CONNECTOR.fullmatch(low, a.end, b.start) if b else None
        if b is not None and gap is not None and a.first < b.last:
            opener = _OPENER.search(low, max(0, a.start - _LOOKBACK), a.start)
            o = opener["o"] if opener else ""
            w = _key(gap["w"] or "-")
            if (
                (o in ("tussen", "between") and w in ("en", "and"))
                or (o in ("van", "vanaf", "from") and w not in ("en", "and"))
                or (not o and w in ("-", "tot en met", "t/m"))
            ):
                start = opener.start() if opener else a.start
                approx, inferred = a.approximate or b.approximate, a.inferred or b.inferred
                out.append(_Cand(start, b.end, "range", a.first, b.last, "other", approx, inferred))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _narrow(c: _Cand, part: str) -> None:
    """Apply begin/medio/eind: a part of a year (months) or of a month (days)."""
    if c.grain in ("year", "month"):
        a, b = _PARTS[c.grain][part]
        y, mo = c.first.year, c.first.month
        if c.grain == "year":
            c.first, c.last = date(y, a, 1), _month_end(y, b)
        else:
            c.first, c.last = date(y, mo, a), date(y, mo, min(b, calendar.monthrange(y, mo)[1]))
        c.kind = "period"
    c.approximate = True


def _qualify(low: str, cands: list[_Cand], dy: int | None) -> list[_Cand]:
    """Attach the word before each date (trigger or qualifier); drop bare dates without one."""
    out: list[_Cand] = []
    prev_end = 0
    for c in cands:
        lo = max(prev_end, c.start - _LOOKBACK)
        q = (
            _QUALIFIER.search(low, lo, c.start)
            if _ends_in(low, lo, c.start, _QUALIFIER_ENDS)
            else None
        )
        word = _key(q["q"]) if q else ""
        kind = _QUAL_KIND.get(word)
        if kind in ("start", "middle", "end") and c.grain == "other":
            kind = None  # "eind 9 en 10 februari": nothing to narrow; quote the date alone
        if c.bare and (kind is None or (c.grain == "year" and word in _NOT_BEFORE_BARE)):
            if not (out and _COORDINATION.fullmatch(low, prev_end, c.start)):
                continue
            kind = None  # "in 2016 en 2017": the second year rides on the first
        if kind == "trigger" and not c.bare:
            kind = None
        if kind is not None and q is not None:
            c.start = q.start()
            if kind == "since":
                c.kind = "period"
                if dy is not None:
                    c.last = max(c.last, date(dy, 12, 31))
            elif kind in ("start", "middle", "end"):
                _narrow(c, kind)
            elif kind == "around":
                c.approximate = True
        out.append(c)
        prev_end = c.end
    return out


def find_dates(text: str, *, default_year: int | None = None) -> list[DateFact]:
    """Dates, ranges and periods in ``text``, sorted by start and non-overlapping.

    ``default_year`` is the year the document speaks from; it completes dates written
    without a year (marked ``year_inferred``) and closes "sinds 2011". Never raises on text.
    """
    dy = default_year if default_year is not None and 1900 <= default_year <= 2100 else None
    if dy is None and not _DIGITS.search(text):
        return []
    low = _lower(text)
    facts = _qualify(low, _merge_ranges(low, _longest_first(_candidates(low, dy))), dy)
    return [c.fact(text) for c in facts]


# ----------------------------------------------------------------------------- amounts
# Tried only around a currency sign or word: "€" and "eur" are rare enough to find fast.

_CUR_WORD = _alt(_MONEY["currency_words"])
_MULT = _alt([*_MULT_NL, *_MULT_EN])
_DECIMALS = r"(?:[.,][0-9]{1,9})?"
_NUMBER = rf"[0-9]{{1,3}}(?:[.,\u00a0\u202f][0-9]{{3}}){{1,5}}{_DECIMALS}|[0-9]{{1,15}}{_DECIMALS}"
_NUMBER_WORD = _alt(_NUMBER_WORDS)
_NUM_END = r"(?![0-9]|[.,][0-9])"
_CURRENCY_AT = re.compile(rf"€|(?<!\w){_CUR_WORD}(?!\w)")
_AMOUNT_BEFORE = re.compile(  # € 700.000 | € 3,33 miljoen euro | EUR 1,2 mld | € 25,-
    rf"(?:€|eur(?!\w))\s?(?P<num>{_NUMBER}){_NUM_END}(?:,(?:--?|–))?"
    rf"(?:\s?(?P<mult>{_MULT})(?!\w))?(?:\s{_CUR_WORD}(?!\w))?"
)
_AMOUNT_AFTER = re.compile(  # 700.000 euro | 1 miljard euro | duizend euro | 125.000 €
    rf"(?<![\w.,])(?P<num>{_NUMBER}|{_NUMBER_WORD}(?!\w)){_NUM_END}"
    rf"(?:\s(?P<mult>{_MULT})(?!\w))?\s?(?:{_CUR_WORD}(?!\w)|€(?!\s?[0-9]))"
)
_NUMBER_WORD_BEFORE = re.compile(rf"(?<!\w){_NUMBER_WORD}(?:\s{_MULT})?\s?$")
_NUMBER_WORD_ENDS = _last_words([*_NUMBER_WORDS, *_MULT_NL, *_MULT_EN])
_RANGE_BEFORE = re.compile(  # "5 à", "€ 5 -", "tussen 5 en", "1,99 euro à"
    rf"(?:(?<!\w)(?P<t>tussen|between)\s+)?(?:(?:€|eur)\s?)?[0-9][0-9.,]*(?:\s?{_MULT})?"
    rf"(?:\s?(?:{_CUR_WORD}|€))?\s*(?:[-–]|(?<!\w)(?P<c>à|a|tot|of|or|to|en|and)(?!\w))\s*$"
)
_RANGE_AFTER = re.compile(  # "- 10 miljoen", "à 3,19 euro"
    rf"\s*(?:[-–]|(?:à|a|tot|of|or|to)\s)\s*(?:(?:€|eur)\s?)?[0-9][0-9.,]*\s?"
    rf"(?:{_MULT}|{_CUR_WORD}|€)"
)
_APPROXIMATE = re.compile(rf"(?<!\w){_alt(_MONEY['qualifiers']['approximate'])}\s*$")
_APPROXIMATE_ENDS = _last_words(_MONEY["qualifiers"]["approximate"])
_RANGE_ENDS = ("-", "–", "à", "a", "tot", "of", "or", "to", "en", "and")
_PER_AFTER = re.compile(rf"\s*,?\s*(?P<w>{_alt(_PER_WORD)})(?!\w)")
_PER_BEFORE = re.compile(rf"(?<!\w)(?P<w>{_alt(_PER_WORD)})(?!\w)")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_PER_LOOKBACK = 80  # characters of the same sentence searched for "jaarlijks", "eenmalig"


class _Money(NamedTuple):
    start: int
    end: int
    value: Decimal


def _parse_number(raw: str, decimal_mark: str | None) -> Decimal:
    """Digits with separators to a Decimal (rules in the module docstring)."""
    s = "".join(raw.split())  # no-break and thin spaces group thousands
    seps = {ch for ch in s if ch in ".,"}
    if len(seps) == 2:
        dec: str | None = "." if s.rfind(".") > s.rfind(",") else ","
    elif seps:
        sep = seps.pop()
        parts = s.split(sep)
        grouped = len(parts) > 2 or (len(parts[1]) == 3 and sep != decimal_mark)
        dec = None if grouped else sep
    else:
        dec = None
    for ch in ".,":
        if ch != dec:
            s = s.replace(ch, "")
    return Decimal(s.replace(",", "."))


def _money(m: re.Match[str] | None) -> _Money | None:
    if m is None:
        return None
    low, start, end = m.string, m.start(), m.end()
    lo = max(0, start - _LOOKBACK)
    r = _RANGE_BEFORE.search(low, lo, start) if _ends_in(low, lo, start, _RANGE_ENDS) else None
    if (r and (r["t"] or r["c"] not in ("en", "and"))) or _RANGE_AFTER.match(low, end):
        return None  # "5 à 10 miljoen euro", "tussen 5 en 10 miljoen euro": no single value
    mult = _key(m["mult"] or "")
    if mult in _MULT_NL:
        factor, mark = _MULT_NL[mult], ","
    else:
        factor, mark = _MULT_EN.get(mult, Decimal(1)), "."
    word = _NUMBER_WORDS.get(_key(m["num"]))
    value = (word or _parse_number(m["num"], mark if mult else None)) * factor
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return _Money(start, end, value)


def _per(low: str, start: int, end: int, floor: int) -> Literal["year", "once"] | None:
    """Year or once, if the text says so right after the amount or before it in its sentence."""
    after = _PER_AFTER.match(low, end)
    words = [after["w"]] if after else []
    if not words:
        lo = max(floor, start - _PER_LOOKBACK)
        for stop in _SENTENCE_END.finditer(low, lo, start):
            lo = stop.end()
        words = [w["w"] for w in _PER_BEFORE.finditer(low, lo, start)]
    if not words:
        return None
    return "year" if _PER_WORD[_key(words[-1])] == "year" else "once"


def _amount_ending_at(low: str, pos: int) -> re.Match[str] | None:
    """The amount whose currency word or sign stands at ``pos``: "700.000 euro", "duizend euro"."""
    lo = max(0, pos - _LOOKBACK)
    for run in _DIGITS.finditer(low, lo, pos):
        m = _AMOUNT_AFTER.match(low, run.start())
        if m and m.end() > pos:
            return m
    if _ends_in(low, lo, pos, _NUMBER_WORD_ENDS) and (
        w := _NUMBER_WORD_BEFORE.search(low, lo, pos)
    ):
        return _AMOUNT_AFTER.match(low, w.start())
    return None


def find_amounts(text: str) -> list[AmountFact]:
    """Sums of money in euro in ``text``, sorted by start and non-overlapping.

    Percentages, counts, years and numbers without a currency are not money. Never
    raises on text.
    """
    if "€" not in text and "eur" not in text and "EUR" not in text and "Eur" not in text:
        return []
    low = _lower(text)
    cands: list[_Money] = []
    for pos in _word_starts(low, ("eur",)) | _word_starts(low, ("€",), boundary=False):
        if not _CURRENCY_AT.match(low, pos):
            continue  # "Europese"
        for m in (_AMOUNT_BEFORE.match(low, pos), _amount_ending_at(low, pos)):
            if (money := _money(m)) is not None:
                cands.append(money)
    facts: list[AmountFact] = []
    prev_end = 0
    for c in _longest_first(cands):
        lo = max(prev_end, c.start - _LOOKBACK)
        approx = _ends_in(low, lo, c.start, _APPROXIMATE_ENDS) and bool(
            _APPROXIMATE.search(low, lo, c.start)
        )
        per = _per(low, c.start, c.end, prev_end)
        facts.append(AmountFact(text[c.start : c.end], c.start, c.end, c.value, "EUR", per, approx))
        prev_end = c.end
    return facts
