"""Babel formatting of dates and amounts, and the gettext catalogues."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st
from render_sample import (
    ET_2023_2024,
    ET_ROUNDTABLE,
    ET_SPRING,
    EXCELLENTIE,
    KNOWLEDGE,
    PEER_REVIEW,
    SCHOOLS_ABROAD,
    TSI,
    money,
    span,
)

from briefgen.errors import ConfigError
from briefgen.models import AmountFact, DateFact
from briefgen.render import fmt, i18n

ROOT = Path(__file__).resolve().parent.parent


def test_dates_in_words() -> None:
    assert fmt.format_date(date(2023, 1, 23), "nl_BE") == "23 januari 2023"
    assert fmt.format_date(date(2023, 1, 23), "nl_NL") == "23 januari 2023"
    assert fmt.format_date(date(2023, 1, 23), "en_GB") == "23 January 2023"
    assert fmt.format_date(date(2023, 1, 31), "nl_BE", weekday=True) == "dinsdag 31 januari 2023"
    assert fmt.format_date(date(2023, 1, 31), "en_GB", weekday=True).startswith("Tuesday")


def test_amounts_from_the_seeds() -> None:
    tsi = money(TSI, "700.000 euro", "700000", per="once")
    fund = money(EXCELLENTIE, "ongeveer 1,5 miljoen euro", "1500000")
    abroad = money(SCHOOLS_ABROAD, "€ 3,33 miljoen euro", "3330000", per="year")
    assert fmt.format_amount(tsi, "nl_BE") == "€ 700.000"
    assert fmt.format_amount(tsi, "en_GB") == "€700,000"
    assert fmt.format_amount(fund, "nl_BE") == "€ 1,5 miljoen"
    assert fmt.format_amount(fund, "en_GB") == "€1.5 million"
    assert fmt.format_amount(abroad, "nl_BE") == "€ 3,33 miljoen (per jaar)"
    assert fmt.format_amount(abroad, "en_GB") == "€3.33 million (per year)"
    assert fmt.format_amount(abroad, "nl_BE", with_per=False) == "€ 3,33 miljoen"


def test_approximate_amount_is_marked() -> None:
    fund = money(EXCELLENTIE, "ongeveer 1,5 miljoen euro", "1500000", approximate=True)
    assert fmt.format_amount(fund, "nl_BE") == "ca. € 1,5 miljoen"
    assert fmt.format_amount(fund, "en_GB") == "approx. €1.5 million"


def test_amount_is_never_rounded() -> None:
    # NVAO subsidy 2015: "2.428.000 euro" is not "2,43 miljoen".
    assert fmt.format_money(Decimal("2428000"), "EUR", "nl_BE") == "€ 2.428.000"
    assert fmt.format_money(Decimal("2428000"), "EUR", "en_GB") == "€2,428,000"
    assert fmt.format_money(Decimal("12.5"), "EUR", "nl_BE") == "€ 12,50"
    assert fmt.format_money(Decimal("3000"), "EUR", "nl_BE") == "€ 3.000"
    assert fmt.format_money(Decimal("2500000000"), "EUR", "nl_BE") == "€ 2,5 miljard"


_MULTIPLIERS = {"miljoen": 10**6, "miljard": 10**9, "biljoen": 10**12}


@given(
    st.decimals(min_value=0, max_value=Decimal("9e13"), places=2, allow_nan=False),
    st.booleans(),
)
def test_formatted_amount_means_exactly_the_value(value: Decimal, approximate: bool) -> None:
    """Read the Dutch text back: it must denote the very same sum."""
    text = fmt.format_money(value, "EUR", "nl_BE", approximate=approximate)
    assert text.startswith("ca. € " if approximate else "€ ")
    number = text.removeprefix("ca. ").removeprefix("€ ")
    words = number.split(" ")
    factor = _MULTIPLIERS[words[1]] if len(words) == 2 else 1
    assert parse_decimal(words[0], locale="nl_BE") * factor == value


def _fact(text: str, literal: str, kind: str, first: date, last: date, **kw: bool) -> DateFact:
    return span(text, literal, kind, first, last, **kw)


def test_date_facts_as_precise_as_their_text() -> None:
    month = _fact(PEER_REVIEW, "januari 2015", "month", date(2015, 1, 1), date(2015, 1, 31))
    years = _fact(ET_2023_2024, "2023-2024", "range", date(2023, 1, 1), date(2024, 12, 31))
    days = _fact(KNOWLEDGE, "9 en 10 februari 2023", "range", date(2023, 2, 9), date(2023, 2, 10))
    assert fmt.format_date_fact(month, "nl_BE") == "januari 2015"
    assert fmt.format_date_fact(month, "en_GB") == "January 2015"
    assert fmt.format_date_fact(years, "nl_BE") == "2023–2024"
    assert fmt.format_date_fact(days, "nl_BE") == "9–10 februari 2023"
    assert fmt.format_date_fact(days, "en_GB") == "9–10 February 2023"
    year = DateFact("2019", 0, 4, "year", date(2019, 1, 1), date(2019, 12, 31))
    assert fmt.format_date_fact(year, "en_GB") == "2019"


def test_vague_periods_keep_their_wording() -> None:
    end = _fact(ET_ROUNDTABLE, "eind 2022", "period", date(2022, 10, 1), date(2022, 12, 31),
                approximate=True)  # fmt: skip
    spring = _fact(ET_SPRING, "voorjaar van 2023", "period", date(2023, 3, 1), date(2023, 5, 31),
                   approximate=True)  # fmt: skip
    assert fmt.format_date_fact(end, "nl_BE") == "eind 2022"
    assert fmt.format_date_fact(spring, "nl_BE") == "voorjaar van 2023"
    assert fmt.format_date_fact(end, "en_GB") == "end of 2022"
    assert fmt.format_date_fact(spring, "en_GB") == "spring 2023"
    month_end = DateFact("eind januari 2023", 0, 17, "period", date(2023, 1, 20), date(2023, 1, 31),
                         approximate=True)  # fmt: skip
    assert fmt.format_date_fact(month_end, "en_GB") == "end of January 2023"
    odd = DateFact("de komende jaren", 0, 16, "period", date(2024, 1, 1), date(2026, 12, 31), True)
    assert fmt.format_date_fact(odd, "en_GB") == "“de komende jaren”"


def test_unknown_locale_and_language_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown locale 'xx_YY'"):
        fmt.format_date(date(2023, 1, 1), "xx_YY")
    with pytest.raises(ConfigError, match="no catalogue for language 'de'"):
        i18n.translations("de")


def test_locale_without_catalogue_uses_english_words() -> None:
    fact = AmountFact("1,5 miljoen euro", 0, 16, Decimal("1500000"), per="year", approximate=True)
    assert fmt.format_amount(fact, "de_DE") == "approx. 1,5 Millionen € (per year)"


def test_catalogues_compile_in_memory() -> None:
    assert set(i18n.available_languages()) >= {"nl", "en"}
    assert i18n.gettext("nl", "Previous commitments") == "Eerdere engagementen"
    assert i18n.gettext("en", "Previous commitments") == "Previous commitments"
    assert not list((ROOT / "briefgen" / "locale").rglob("*.mo"))


def test_catalogues_hold_every_text_of_code_and_templates() -> None:
    """scripts/i18n.py check: a text added without a Dutch translation fails here."""
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    template = script.extract()
    ids = {m.id for m in template if m.id}
    assert {"Background", "Previous commitments", "Open points", "Why here:"} <= ids
    assert script.problems() == []
    # placeholders survive translation, or str.format/% would fail at run time
    for lang in i18n.available_languages():
        for message_id in ids:
            translated = i18n.gettext(lang, message_id)
            assert re.findall(r"\{\w+\}|%\(\w+\)s", translated) == re.findall(
                r"\{\w+\}|%\(\w+\)s", message_id
            ), (lang, message_id)


def test_citation_places_in_each_language(seed_store: Path) -> None:
    """Dutch reads as the store and the JSON keep it; English has its own abbreviations."""
    from briefgen.compose import source_ref
    from briefgen.store import Store

    english = {"§": "§", "antw.": "ans.", "vr.": "q.", "vraag": "question"}
    seen = set()
    with Store.open(seed_store, readonly=True) as store:
        for doc in store.documents(full=True):
            for passage in doc.passages:
                ref = source_ref(passage, doc)
                assert i18n.locator_text(ref, "nl") == passage.section_ref
                first, *rest = passage.section_ref.split(" ", 1)
                expected = " ".join([english[first], *rest]) if first else ""
                assert i18n.locator_text(ref, "en") == expected
                seen.add(first)
    assert seen >= {"§", "antw.", "vr.", "vraag"}  # every kind met in the seeds
