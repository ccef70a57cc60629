"""Properties of the date and amount finders.

They never raise, their literals are the text they point to, and written dates and sums
come back as the values they spell.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.facts import find_amounts, find_dates

# Written out here rather than read from the lexicon, so that the lexicon is tested too.
MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
MONTHS_EN = "January February March April May June July August September October November December"
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))

# Text made of the pieces dates and amounts are built from, to reach the deep paths.
PIECES = st.sampled_from(
    [
        *MONTHS_NL.split()[:4],
        "dinsdag",
        "in",
        "sinds",
        "eind",
        "begin",
        "medio",
        "voorjaar",
        "van",
        "tot",
        "tussen",
        "en",
        "jl.",
        "schooljaar",
        "kwartaal",
        "tweede",
        "Q3",
        "euro",
        "EUR",
        "€",
        "miljoen",
        "miljard",
        "duizend",
        "ongeveer",
        "+/-",
        "jaarlijks",
        "eenmalig",
        "per jaar",
        "à",
        "%",
        "2023",
        "1999",
        "2100",
        "31",
        "9",
        "700.000",
        "1,5",
        "3,33",
        "2.428.000",
        "-",
        "/",
        ",",
        ".",
        "\u00a0",
        "\n",
    ]
)
FACT_TEXT = st.one_of(st.text(), st.lists(PIECES, max_size=25).map(" ".join))
FACT_TEXT_TIGHT = st.lists(PIECES, max_size=25).map("".join)  # pieces glued: "31-2023€"
YEARS = st.one_of(st.none(), st.integers(min_value=-10, max_value=10_000))


def dutch_number(v: Decimal) -> str:
    """700000 -> "700.000", 1234.5 -> "1.234,50": thousands dots, decimal comma."""
    if v == v.to_integral_value():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def dutch_decimal(v: Decimal) -> str:
    """1.5 -> "1,5" (no thousands: used before "miljoen")."""
    return format(v.normalize(), "f").replace(".", ",")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(FACT_TEXT, FACT_TEXT_TIGHT), year=YEARS)
def test_dates_never_raise_and_point_into_the_text(text: str, year: int | None) -> None:
    facts = find_dates(text, default_year=year)
    for f in facts:
        assert text[f.start : f.end] == f.literal
        assert f.first <= f.last
        assert f.literal.strip() == f.literal
    assert all(a.end <= b.start for a, b in pairwise(facts))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(FACT_TEXT, FACT_TEXT_TIGHT))
def test_amounts_never_raise_and_point_into_the_text(text: str) -> None:
    amounts = find_amounts(text)
    for a in amounts:
        assert text[a.start : a.end] == a.literal
        assert a.value >= 0
        assert any(c.isdigit() for c in a.literal) or a.literal[0].isalpha()  # "duizend euro"
        assert "€" in a.literal or "eur" in a.literal.lower()
    assert all(a.end <= b.start for a, b in pairwise(amounts))


@settings(max_examples=200, deadline=None)
@given(d=DATES, english=st.booleans(), year=YEARS)
def test_a_written_day_comes_back(d: date, english: bool, year: int | None) -> None:
    month = (MONTHS_EN if english else MONTHS_NL).split()[d.month - 1]
    literal = f"{d.day} {month} {d.year}"
    text = f"Op {literal} werd het besluit genomen."
    (fact,) = find_dates(text, default_year=year)
    assert (fact.literal, fact.kind, fact.first, fact.last) == (literal, "day", d, d)
    assert not fact.year_inferred


@settings(max_examples=200, deadline=None)
@given(
    d=DATES,
    form=st.sampled_from(["{d:%d-%m-%Y}", "{d:%d/%m/%Y}", "{d:%Y-%m-%d}", "{d.day} {m} {d.year}"]),
)
def test_numeric_and_iso_days_come_back(d: date, form: str) -> None:
    literal = form.format(d=d, m=MONTHS_NL.split()[d.month - 1])
    (fact,) = find_dates(f"datum: {literal}")
    assert (fact.literal, fact.first) == (literal, d)


@settings(max_examples=100, deadline=None)
@given(d=DATES)
def test_a_day_without_its_year_takes_the_documents_year(d: date) -> None:
    text = f"Op {d.day} {MONTHS_NL.split()[d.month - 1]} vergaderden de ministers."
    assert find_dates(text) == []
    (fact,) = find_dates(text, default_year=d.year)
    assert (fact.first, fact.year_inferred) == (d, True)


@settings(max_examples=100, deadline=None)
@given(y1=st.integers(1900, 2099), span=st.integers(1, 20))
def test_year_ranges_come_back(y1: int, span: int) -> None:
    y2 = min(y1 + span, 2100)
    (fact,) = find_dates(f"de studie {y1}-{y2} verscheen")
    assert (fact.kind, fact.first, fact.last) == ("range", date(y1, 1, 1), date(y2, 12, 31))


MONEY = st.decimals(min_value=0, max_value=10**12 - 1, places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(v=MONEY, sign_first=st.booleans())
def test_a_dutch_sum_comes_back(v: Decimal, sign_first: bool) -> None:
    literal = f"€ {dutch_number(v)}" if sign_first else f"{dutch_number(v)} euro"
    (amount,) = find_amounts(f"De subsidie bedraagt {literal} voor dit project.")
    assert (amount.literal, amount.value, amount.per, amount.approximate) == (
        literal,
        v,
        None,
        False,
    )


@settings(max_examples=200, deadline=None)
@given(m=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3))
def test_millions_and_billions_come_back(m: Decimal) -> None:
    for word, factor in (("miljoen", 10**6), ("miljard", 10**9)):
        (amount,) = find_amounts(f"ongeveer {dutch_decimal(m)} {word} euro per jaar")
        assert (amount.value, amount.per, amount.approximate) == (m * factor, "year", True)


@settings(max_examples=200, deadline=None)
@given(v=MONEY)
def test_an_english_sum_comes_back(v: Decimal) -> None:
    written = f"{int(v):,}" if v == v.to_integral_value() else f"{v:,.2f}"
    (amount,) = find_amounts(f"a grant of €{written} was paid")
    assert amount.value == v


@settings(max_examples=100, deadline=None)
@given(n=st.integers(0, 10**7), unit=st.sampled_from(["%", " procent", " inwoners", " leden", ""]))
def test_numbers_without_a_currency_are_not_money(n: int, unit: str) -> None:
    text = f"De gemeente telt {dutch_number(Decimal(n))}{unit}, de Europese munt is de euro."
    assert find_amounts(text) == []
