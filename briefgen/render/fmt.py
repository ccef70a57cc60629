"""Dates and sums of money written the way the reader's locale writes them (Babel).

A rendered value never says more than its source: an amount is shown exactly (the
compact "€ 1,5 miljoen" only when that is the exact value), and an approximate or
vague date ("eind 2022") keeps its literal wording rather than a precise date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, format_skeleton, get_month_names
from babel.numbers import format_compact_decimal, format_currency, get_currency_symbol

from briefgen.errors import ConfigError
from briefgen.models import AmountFact, DateFact
from briefgen.render.i18n import N_, available_languages, gettext

# Spaces Babel puts between symbol and number (no-break, narrow no-break): written as a
# plain space so that what a reader searches for ("€ 700.000") is what the file holds.
_BABEL_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})

# Dutch words that make a period vague, and the English-source message that says the
# same in the reader's language. "{when}" is the year or month that follows the word.
_PERIOD_WORDS: dict[str, str] = {
    "begin": N_("early {when}"),
    "eind": N_("end of {when}"),
    "einde": N_("end of {when}"),
    "medio": N_("mid-{when}"),
    "midden": N_("mid-{when}"),
    "half": N_("mid-{when}"),
    "voorjaar": N_("spring {when}"),
    "lente": N_("spring {when}"),
    "zomer": N_("summer {when}"),
    "najaar": N_("autumn {when}"),
    "herfst": N_("autumn {when}"),
    "winter": N_("winter {when}"),
    "rond": N_("around {when}"),
    "omstreeks": N_("around {when}"),
    "eerste helft": N_("first half of {when}"),
    "tweede helft": N_("second half of {when}"),
}
_PERIOD_RE = re.compile(
    r"^(?:in\s+(?:het\s+|de\s+)?)?(?P<word>"
    + "|".join(sorted(map(re.escape, _PERIOD_WORDS), key=len, reverse=True))
    + r")(?:\s+van)?\s+(?:(?P<month>[a-z]+)\s+)?(?P<year>\d{4})$",
    re.IGNORECASE,
)


@cache
def parse_locale(locale: str) -> Locale:
    """A Babel locale from "nl_BE" or "nl-BE"; an unknown one is a ConfigError."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(
            f"unknown locale {locale!r}", hint="use e.g. nl_BE, nl_NL, en_GB"
        ) from exc


def format_date(d: date, locale: str, weekday: bool = False) -> str:
    """A day in full words: "31 januari 2023", "31 January 2023" (with weekday: "dinsdag ...")."""
    text = babel_format_date(d, "full" if weekday else "long", locale=parse_locale(locale))
    return text.translate(_BABEL_SPACES)


def format_date_fact(fact: DateFact, locale: str) -> str:
    """What a date found in text means, as precisely as the text said it."""
    loc = parse_locale(locale)
    if fact.approximate or fact.kind == "period":
        return _vague(fact, loc)
    if fact.kind == "day":
        return format_date(fact.first, locale)
    if fact.kind == "month":
        return format_skeleton("yMMMM", fact.first, locale=loc).translate(_BABEL_SPACES)
    if fact.kind == "year":
        return str(fact.first.year)
    return format_span(fact.first, fact.last, locale)


def format_span(first: date, last: date, locale: str) -> str:
    """A range of whole years, whole months, or days: "2023–2024", "9–10 februari 2023"."""
    loc = parse_locale(locale)
    if first == last:
        return format_date(first, locale)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        skeleton = "y"
    elif first.day == 1 and _is_month_end(last):
        skeleton = "yMMMM"
    else:
        if (first.year, first.month) == (last.year, last.month) and str(
            loc.date_formats["long"]
        ).startswith("d"):
            return f"{first.day}–{format_date(last, locale)}"
        return f"{format_date(first, locale)} – {format_date(last, locale)}"
    return format_interval(first, last, skeleton, locale=loc).translate(_BABEL_SPACES)


def format_amount(fact: AmountFact, locale: str, *, with_per: bool = True) -> str:
    """A sum as the locale writes money: "€ 700.000", "€ 1,5 miljoen", "ca. €1.5 million"."""
    return format_money(
        fact.value,
        fact.currency,
        locale,
        per=fact.per if with_per else None,
        approximate=fact.approximate,
    )


def format_money(
    value: Decimal,
    currency: str,
    locale: str,
    *,
    per: str | None = None,
    approximate: bool = False,
) -> str:
    """The body of :func:`format_amount`, for callers holding the values, not the fact."""
    loc = parse_locale(locale)
    lang = _words_language(loc)
    text = _compact(value, currency, loc) or _whole_or_cents(value, currency, loc)
    text = text.translate(_BABEL_SPACES)
    if approximate:
        text = gettext(lang, "approx. {amount}").format(amount=text)
    if per == "year":
        text = gettext(lang, "{amount} (per year)").format(amount=text)
    return text


def _whole_or_cents(value: Decimal, currency: str, loc: Locale) -> str:
    pattern = loc.currency_formats["standard"].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace(".00", "")
        return format_currency(value, currency, pattern, locale=loc, currency_digits=False)
    return format_currency(value, currency, locale=loc)


def _compact(value: Decimal, currency: str, loc: Locale) -> str | None:
    """Money in words ("€ 1,5 miljoen") from a million up, only when that is the exact value."""
    magnitude = abs(value)
    exponent = next((e for e in (12, 9, 6) if magnitude >= Decimal(10) ** e), None)
    if exponent is None:
        return None
    scaled = (magnitude / Decimal(10) ** exponent).normalize()
    digits = max(0, -int(scaled.as_tuple().exponent))
    if digits > 2:
        return None
    number: str = format_compact_decimal(
        value, format_type="long", locale=loc, fraction_digits=digits
    )
    pattern = loc.currency_formats["standard"]
    symbol = get_currency_symbol(currency, locale=loc)
    prefix: str = pattern.prefix[0]
    suffix: str = pattern.suffix[0]
    return prefix.replace("¤", symbol) + number + suffix.replace("¤", symbol)


def _vague(fact: DateFact, loc: Locale) -> str:
    """A vague period: its Dutch literal in Dutch, a translation where simple, else quoted."""
    if loc.language == "nl":
        return fact.literal
    match = _PERIOD_RE.match(fact.literal.strip())
    if match is None:
        return f"“{fact.literal}”"
    when = match["year"]
    if match["month"]:
        months = [m.lower() for m in get_month_names("wide", locale="nl").values()]
        if match["month"].lower() not in months:
            return f"“{fact.literal}”"
        month_day = date(int(when), months.index(match["month"].lower()) + 1, 1)
        when = format_skeleton("yMMMM", month_day, locale=loc).translate(_BABEL_SPACES)
    message = _PERIOD_WORDS[match["word"].lower()]
    return gettext(_words_language(loc), message).format(when=when)


def _words_language(loc: Locale) -> str:
    """The catalogue for the few words inside a value; English when the locale has none."""
    return loc.language if loc.language in available_languages() else "en"


def _is_month_end(d: date) -> bool:
    return d.month != date.fromordinal(d.toordinal() + 1).month
