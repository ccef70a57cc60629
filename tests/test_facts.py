"""Dates and amounts found in the seeds and in excerpts of real documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import html

from briefgen.facts import find_amounts, find_dates
from briefgen.models import AmountFact, DateFact

SEEDS = Path(__file__).parents[1] / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
# The year each seed speaks from (its own date; 003's from its sidecar).
SEED_YEARS = {"000": 2023, "001": 2024, "002": 2015, "003": 2018, "004": 2023}


def reflow(text: str) -> str:
    """Lines joined as the cleaner does, so that "1,5" and "miljoen" meet again."""
    return " ".join(text.split())


@cache
def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return reflow(path.read_text(encoding="utf-8"))


def fixture(name: str) -> str:
    return (FIXTURES / "facts" / name).read_text(encoding="utf-8")


def by_literal(facts: list[DateFact]) -> dict[str, DateFact]:
    """First fact per literal, with whitespace (line breaks, no-break spaces) normalised."""
    out: dict[str, DateFact] = {}
    for f in facts:
        out.setdefault(reflow(f.literal), f)
    return out


def summary(amounts: list[AmountFact]) -> list[tuple[str, Decimal, str | None, bool]]:
    return [(reflow(a.literal), a.value, a.per, a.approximate) for a in amounts]


def check_spans(text: str, facts: Sequence[DateFact | AmountFact]) -> None:
    assert all(text[f.start : f.end] == f.literal for f in facts)
    assert all(a.end <= b.start for a, b in pairwise(facts))


# ------------------------------------------------------------------------ dates


def test_seed_000_days_ranges_and_the_year_from_the_document() -> None:
    facts = by_literal(find_dates(seed("000"), default_year=2023))
    assert facts["2 februari 2023"].first == date(2023, 2, 2)
    assert facts["23 januari 2023"].kind == "day"
    summit = facts["dinsdag 31 januari"]
    assert (summit.kind, summit.first, summit.year_inferred) == ("day", date(2023, 1, 31), True)
    days = facts["9 en 10 februari 2023"]
    assert (days.kind, days.first, days.last) == ("range", date(2023, 2, 9), date(2023, 2, 10))
    assert not days.year_inferred


def test_a_day_without_a_year_is_skipped_without_the_documents_year() -> None:
    facts = find_dates(seed("000"))
    assert not any("31 januari" in f.literal for f in facts)
    assert "9 en 10 februari 2023" in by_literal(facts)


def test_seed_001_keeps_the_written_year_and_infers_a_missing_one() -> None:
    facts = by_literal(find_dates(seed("001"), default_year=2024))
    # The question dates the summit "maandag 23 januari 2024" (a Tuesday): quoted as written.
    assert facts["maandag 23 januari 2024"].first == date(2024, 1, 23)
    assert facts["26 april 2023"].first == date(2023, 4, 26)
    rotterdam = facts["dinsdag 26 maart"]
    assert (rotterdam.first, rotterdam.year_inferred) == (date(2024, 3, 26), True)
    assert facts["uit 1990"].kind == "year"


def test_seed_002_days_months_and_years_after_in() -> None:
    facts = by_literal(find_dates(seed("002"), default_year=2015))
    assert facts["1 april 2014"].first == date(2014, 4, 1)
    assert facts["28 maart 2012"].first == date(2012, 3, 28)
    assert facts["maandag 26 januari 2015"].first == date(2015, 1, 26)
    february = facts["februari 2015"]
    assert (february.kind, february.first, february.last) == (
        "month",
        date(2015, 2, 1),
        date(2015, 2, 28),
    )
    assert facts["januari 2015"].kind == "month"
    for literal, year in [
        ("In 2003", 2003),
        ("In 2011", 2011),
        ("in 2013", 2013),
        ("In 2015", 2015),
    ]:
        assert (facts[literal].kind, facts[literal].first.year) == ("year", year)


def test_seed_003_periods_and_ranges() -> None:
    text = seed("003")
    facts = by_literal(find_dates(text, default_year=2018))
    since = facts["sinds 2011"]
    assert (since.kind, since.first, since.last) == ("period", date(2011, 1, 1), date(2018, 12, 31))
    assert facts["in 2016"].kind == "year"
    assert facts["Per 1 januari 2018"].first == date(2018, 1, 1)
    assert facts["juni 2017"].kind == "month"
    assert facts["september 2018"].first == date(2018, 9, 1)
    july = facts["juli jl."]
    assert (july.kind, july.first, july.year_inferred) == ("month", date(2018, 7, 1), True)
    study = [f for f in facts.values() if f.kind == "range"]  # "Lage Landen-studie 2020-2100"
    assert [(f.first, f.last) for f in study] == [(date(2020, 1, 1), date(2100, 12, 31))]
    assert "4e" not in " ".join(facts)  # "de 4e Vlaams-Nederlandse top" is an ordinal


def test_without_the_documents_year_an_open_period_ends_with_its_own_year() -> None:
    facts = by_literal(find_dates(seed("003")))
    assert facts["sinds 2011"].last == date(2011, 12, 31)
    assert "juli jl." not in facts


def test_seed_004_approximate_periods() -> None:
    facts = by_literal(find_dates(seed("004"), default_year=2023))
    end = facts["eind 2022"]
    assert (end.kind, end.first, end.last, end.approximate) == (
        "period",
        date(2022, 10, 1),
        date(2022, 12, 31),
        True,
    )
    spring = facts["voorjaar van 2023"]
    assert (spring.first, spring.last, spring.approximate) == (
        date(2023, 3, 1),
        date(2023, 6, 30),
        True,
    )
    years = facts["2023-2024"]
    assert (years.kind, years.first, years.last) == ("range", date(2023, 1, 1), date(2024, 12, 31))
    assert facts["Sinds 2011"].last == date(2023, 12, 31)
    assert facts["5 december 2022"].first == date(2022, 12, 5)
    assert facts["maart 2023"].kind == "month"
    assert not facts["31 januari 2023"].approximate


@pytest.mark.parametrize("prefix", sorted(SEED_YEARS))
def test_seed_dates_are_exact_substrings_sorted_and_disjoint(prefix: str) -> None:
    text = seed(prefix)
    check_spans(text, find_dates(text, default_year=SEED_YEARS[prefix]))


@pytest.mark.parametrize(
    ("prefix", "not_a_date"),
    [
        ("002", "2.428.000"),
        ("002", "7234 Nederlanders"),
        ("002", "84.000 leden"),
        ("002", "2-3."),
        ("001", "nr. 385"),
        ("003", "(3RX)"),
        ("003", "CO2"),
        ("003", "4e Vlaams"),
        ("004", "COVID-19"),
        ("004", "30%"),
        ("004", "51.000 inwoners"),
    ],
)
def test_numbers_that_are_not_dates(prefix: str, not_a_date: str) -> None:
    text = seed(prefix)
    at = text.index(not_a_date)
    facts = find_dates(text, default_year=SEED_YEARS[prefix])
    assert not [f for f in facts if f.start < at + len(not_a_date) and at < f.end]


def test_real_excerpts_dates() -> None:
    justice = by_literal(find_dates(fixture("dekamer_56-238_justitie.txt"), default_year=2025))
    assert justice["begin 2026"].first == date(2026, 1, 1)
    assert justice["begin 2026"].last == date(2026, 3, 31)
    autumn = justice["dit najaar"]
    assert (autumn.first, autumn.last, autumn.year_inferred) == (
        date(2025, 9, 1),
        date(2025, 12, 31),
        True,
    )
    defence = by_literal(
        find_dates(fixture("dekamer_56-165_landsverdediging.txt"), default_year=2025)
    )
    assert defence["tussen 2026 en 2030"].kind == "range"
    assert defence["eind 2026"].last == date(2026, 12, 31)
    assert defence["begin 2027"].first == date(2027, 1, 1)
    assert defence["najaar van 2026"].approximate
    assert defence["eind mei"].first == date(2025, 5, 21)


def test_range_with_its_end_year_taken_from_the_document() -> None:
    text = fixture("ah-2023-2024-1432.txt")  # "tussen 1 december 2023 en 31 januari dit jaar"
    facts = by_literal(find_dates(text, default_year=2024))
    window = facts["tussen 1 december 2023 en 31 januari"]
    assert (window.first, window.last, window.year_inferred) == (
        date(2023, 12, 1),
        date(2024, 1, 31),
        True,
    )
    assert facts["2025–2028"].kind == "range"
    assert all(f.last != date(2024, 1, 31) for f in find_dates(text))


def test_school_years_run_from_september_to_august() -> None:
    text = fixture("kamerbrief_OCW_2018_leerlingendaling.txt")
    facts = by_literal(find_dates(text, default_year=2018))
    year = facts["schooljaar 2018/2019"]
    assert (year.kind, year.first, year.last) == ("period", date(2018, 9, 1), date(2019, 8, 31))


def test_numeric_dates_in_a_saved_web_page() -> None:
    page = FIXTURES / "realdocs" / "tweedekamer.nl_kamerstukken_detail_2015D04817.html"
    text = html.fromstring(page.read_bytes()).text_content()
    days = [f.first for f in find_dates(text) if f.literal in ("12-02-2015", "10-02-2015")]
    assert days == [date(2015, 2, 12), date(2015, 2, 10)]


@pytest.mark.parametrize(
    ("text", "first", "last", "kind"),
    [
        ("op 31 January 2023 in Brussel", date(2023, 1, 31), date(2023, 1, 31), "day"),
        ("on January 31, 2023.", date(2023, 1, 31), date(2023, 1, 31), "day"),
        ("datum 31-01-2023", date(2023, 1, 31), date(2023, 1, 31), "day"),
        ("datum 31/01/2023", date(2023, 1, 31), date(2023, 1, 31), "day"),
        ("issued 2023-01-31", date(2023, 1, 31), date(2023, 1, 31), "day"),
        ("medio 2023", date(2023, 5, 1), date(2023, 8, 31), "period"),
        ("begin 2023", date(2023, 1, 1), date(2023, 3, 31), "period"),
        ("in het najaar 2023", date(2023, 9, 1), date(2023, 12, 31), "period"),
        ("het derde kwartaal van 2023", date(2023, 7, 1), date(2023, 9, 30), "period"),
        ("van 2020 tot 2025", date(2020, 1, 1), date(2025, 12, 31), "range"),
        ("schooljaar 2014-2015", date(2014, 9, 1), date(2015, 8, 31), "period"),
    ],
)
def test_written_forms(text: str, first: date, last: date, kind: str) -> None:
    (fact,) = find_dates(text)
    assert (fact.first, fact.last, fact.kind) == (first, last, kind)


def test_invalid_dates_are_skipped() -> None:
    assert find_dates("Op 31 februari 2023 en 30-02-2023 gebeurde niets.") == []
    assert find_dates("dinsdag 31 januari", default_year=99999) == []  # no usable year


# ---------------------------------------------------------------------- amounts

SEED_AMOUNTS = {
    "000": [("1,5 miljoen euro", Decimal("1500000"), None, True)],  # "ongeveer 1,5 \nmiljoen"
    "001": [("700.000 euro", Decimal("700000"), None, False)] * 3,
    "002": [
        ("2.428.000 euro", Decimal("2428000"), None, False),
        ("3000 euro", Decimal("3000"), "year", True),  # "per schooljaar: +/- 3000 euro"
        ("5000 euro", Decimal("5000"), None, True),
    ],
    "003": [("€ 3,33 miljoen euro", Decimal("3330000"), "year", False)],  # "jaarlijks € 3,33 ..."
    "004": [],  # "30%", "13%", "51.000 inwoners", "22.000 inwoners" are not money
}


@pytest.mark.parametrize("prefix", sorted(SEED_AMOUNTS))
def test_all_money_in_the_seeds_and_nothing_else(prefix: str) -> None:
    amounts = find_amounts(seed(prefix))
    check_spans(seed(prefix), amounts)
    assert summary(amounts) == SEED_AMOUNTS[prefix]


def test_real_excerpts_amounts_with_their_period() -> None:
    assert summary(find_amounts(fixture("dekamer_56-238_justitie.txt"))) == [
        ("120 miljoen euro", Decimal("120000000"), "year", True),  # "ongeveer ... per jaar"
        ("450.000 euro", Decimal("450000"), "once", True),  # "De eenmalige investering"
        ("5 miljoen euro", Decimal("5000000"), "year", False),  # "De jaarlijkse kosten"
    ]


def test_alternatives_and_ranges_of_money_are_not_reduced_to_one_value() -> None:
    # "40.000 of 50.000 euro" and "1,99 euro à 3,19 euros" give no amount.
    text = fixture("dekamer_56-165_landsverdediging.txt")
    assert summary(find_amounts(text)) == [
        ("6.000 euro", Decimal("6000"), None, False),  # "6.000 euro per gezin": not a year
        ("6.000 euro", Decimal("6000"), None, False),
        ("4.500 euro", Decimal("4500"), None, False),
        ("anderhalf miljard euro", Decimal("1500000000"), None, False),
        ("71 miljoen euro", Decimal("71000000"), None, False),
        ("150 miljard euro", Decimal("150000000000"), None, False),
    ]


def test_a_table_of_amounts_and_counts() -> None:
    text = fixture("kamerbrief_OCW_2018_leerlingendaling.txt")
    amounts = find_amounts(text)
    check_spans(text, amounts)
    assert summary(amounts[:2]) == [
        ("€10 miljoen", Decimal("10000000"), "year", False),
        ("€ 20 miljoen", Decimal("20000000"), "year", False),
    ]
    table = [a.value for a in amounts[2:]]
    assert table[:3] == [Decimal("125000"), Decimal("145000"), Decimal("20000")]
    assert len(table) == 18  # six rows of three; the pupil counts (25, 50, ... 143) are not money
    assert table[-1] == Decimal("500")


def test_a_cap_is_not_an_approximation() -> None:
    amounts = find_amounts(fixture("ah-tk-20202021-3235.txt"))
    assert summary(amounts) == [
        ("10.271 euro", Decimal("10271"), None, False),  # "tot maximaal 10.271 euro"
        ("197.687 euro", Decimal("197687"), None, False),
    ]


@pytest.mark.parametrize(
    ("text", "value", "per", "approximate"),
    [
        ("EUR 1,2 mld", Decimal("1200000000"), None, False),
        ("1 miljard euro", Decimal("1000000000"), None, False),
        ("€1.5 million", Decimal("1500000"), None, False),
        ("€700,000", Decimal("700000"), None, False),
        ("duizend euro", Decimal("1000"), None, False),
        ("± 2 miljoen euro", Decimal("2000000"), None, True),
        ("eenmalig € 25,-", Decimal("25"), "once", False),
        ("structureel 3 miljoen euro", Decimal("3000000"), "year", False),
        ("2 miljoen euro per maand", Decimal("2000000"), None, False),
        ("1,500 miljoen euro", Decimal("1500000"), None, False),
    ],
)
def test_written_amounts(text: str, value: Decimal, per: str | None, approximate: bool) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.per, amount.approximate, amount.currency) == (
        value,
        per,
        approximate,
        "EUR",
    )
