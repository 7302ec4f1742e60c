"""Money and rates: what people type, exact rounding, and how figures are shown.

``babel`` (CLDR data, installed with mkdocs-material) is the oracle for the compact zh_CN forms
(12.35万, 12.35亿) that chart axes use; it is far too heavy to ship to the browser, so the
calculators package keeps its own small formatter and is held to babel here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from babel.numbers import format_compact_decimal
from hypothesis import given
from hypothesis import strategies as st

from calculators.errors import AmbiguousInput, InputError
from calculators.money import (
    exact,
    format_compact,
    format_money,
    format_number,
    format_percent,
    money_str,
    parse_amount,
    parse_integer,
    parse_rate,
    plain_str,
    rate_str,
)

MINUS = "\u2212"  # the typographic minus the site shows

# --- parsing amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,000", "1000"),
        ("1000", "1000"),
        ("1000万", "10000000"),
        ("1.5亿", "150000000"),
        ("¥20万元", "200000"),
        ("￥1,000", "1000"),
        ("２０万", "200000"),
        ("１，０００．５", "1000.5"),
        (" 200000 ", "200000"),
        ("20 万", "200000"),
        ("20w", "200000"),
        ("20W", "200000"),
        ("3k", "3000"),
        ("1千万", "10000000"),
        ("1,234,567.89", "1234567.89"),
        ("80,0000", "800000"),
        ("1,2345,6789", "123456789"),
        (".5", "0.5"),
        (1000, "1000"),
        (Decimal("12.34"), "12.34"),
    ],
)
def test_amount_is_read_as_people_type_it(typed: object, expected: str) -> None:
    value = parse_amount(typed, "upfront_cost")
    assert value == Decimal(expected), f"{typed!r} was read as {value}, not {expected}"
    assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1e5", "error.not_a_number"),
        ("NaN", "error.not_a_number"),
        ("nan", "error.not_a_number"),
        ("inf", "error.not_a_number"),
        ("Infinity", "error.not_a_number"),
        ("-", "error.not_a_number"),
        ("1,00", "error.not_a_number"),
        ("1,00000", "error.not_a_number"),
        ("1,000,0000", "error.not_a_number"),
        ("12%", "error.percent_not_allowed"),
        ("abc", "error.not_a_number"),
        ("十万", "error.not_a_number"),
        ("1.2.3", "error.not_a_number"),
        (True, "error.not_a_number"),
        (False, "error.not_a_number"),
        (float("nan"), "error.not_a_number"),
        (float("inf"), "error.not_a_number"),
        (Decimal("NaN"), "error.not_a_number"),
        (Decimal("-Infinity"), "error.not_a_number"),
        ([1000], "error.not_a_number"),
        ("", "error.required"),
        (None, "error.required"),
        ("10000000亿", "error.too_large"),
        (10**15, "error.too_large"),
    ],
)
def test_amount_that_is_not_a_plain_number_is_refused_naming_the_field(
    typed: object, code: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(typed, "upfront_cost")
    error = caught.value
    assert error.field == "upfront_cost", "the form would mark the wrong input red"
    assert error.key == code, f"{typed!r}: {error.key} instead of {code}"
    for lang in ("zh", "en"):
        assert "upfront_cost" in error.message(lang), "the message does not name the input"


def test_integer_refuses_fractions_and_percentages() -> None:
    assert parse_integer("3", "years") == 3
    assert parse_integer(3.0, "years") == 3
    for typed in ("2.5", "3%", "1e1"):
        with pytest.raises(InputError) as caught:
            parse_integer(typed, "years")
        assert caught.value.field == "years"


# --- parsing rates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12%", "0.12"),
        ("１２％", "0.12"),
        ("12 %", "0.12"),
        ("12", "0.12"),
        ("12.5", "0.125"),
        ("1", "0.01"),
        ("0", "0"),
        ("0.08%", "0.0008"),
        (12, "0.12"),
        (Decimal(8), "0.08"),
        ("-5%", "-0.05"),
    ],
)
def test_rate_is_a_percentage_however_it_is_typed(typed: object, expected: str) -> None:
    value = parse_rate(typed, "discount_rate")
    assert value == Decimal(expected), f"{typed!r} was read as {value}, not {expected}"


@pytest.mark.parametrize(
    ("typed", "options"),
    [
        ("0.08", ("8%", "0.08%")),
        ("0.5", ("50%", "0.5%")),
        (0.1, ("10%", "0.1%")),
        (Decimal("0.12"), ("12%", "0.12%")),
        ("-0.05", ("-5%", "-0.05%")),
        ("０.０８", ("8%", "0.08%")),
    ],
)
def test_a_bare_rate_below_one_is_asked_about_never_guessed(
    typed: object, options: tuple[str, str]
) -> None:
    with pytest.raises(AmbiguousInput) as caught:
        parse_rate(typed, "discount_rate")
    error = caught.value
    assert error.field == "discount_rate"
    assert error.options == options, "the two readings offered are not the two meanings"
    assert f"{options[0]} 还是 {options[1]}" in error.message("zh")


def test_fields_above_one_hundred_percent_ask_about_small_bare_numbers() -> None:
    with pytest.raises(AmbiguousInput) as caught:
        parse_rate("1.5", "cap", ambiguous_below=Decimal(10))
    assert caught.value.options == ("150%", "1.5%")
    assert parse_rate("150", "cap", ambiguous_below=Decimal(10)) == Decimal("1.5")
    assert parse_rate("1.5%", "cap", ambiguous_below=Decimal(10)) == Decimal("0.015")


@pytest.mark.parametrize("typed", ["abc", "1e-2", "NaN", "%", True, float("inf")])
def test_rate_that_is_not_a_number_is_refused_naming_the_field(typed: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_rate(typed, "discount_rate")
    assert caught.value.field == "discount_rate"
    assert caught.value.key == "error.not_a_rate"


@pytest.mark.parametrize("number", [0.1, 0.2, 1.1, 2.675, 1e-7, 123456.78, 0.3])
def test_floats_mean_their_shortest_repr_never_their_binary_value(number: float) -> None:
    assert exact(number) == Decimal(repr(number)), "a float's binary noise leaked into a figure"
    assert parse_amount(number, "x") == Decimal(repr(number))
    assert parse_rate(number, "r", ambiguous_below=Decimal(0)) == Decimal(repr(number)) / 100


def test_exact_refuses_bools_and_text() -> None:
    with pytest.raises(TypeError):
        exact(True)
    with pytest.raises(TypeError):
        exact("1")


# --- JSON strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.675", "2.68"),  # round(2.675, 2) == 2.67 in binary floats; money is half-up
        ("0.005", "0.01"),
        ("0.004999", "0.00"),
        ("-0.005", "-0.01"),
        ("-2.675", "-2.68"),
        ("-0.001", "0.00"),
        ("-0", "0.00"),
        ("100000", "100000.00"),
        ("134861.0051", "134861.01"),
        ("1E+6", "1000000.00"),
        ("999999999999999.995", "1000000000000000.00"),
    ],
)
def test_money_str_rounds_half_up_to_the_cent(value: str, expected: str) -> None:
    assert money_str(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.1875", "1.1875"),
        ("0.66736144", "0.667361"),
        ("0.0000005", "0.000001"),
        ("0.10", "0.1"),
        ("1", "1"),
        ("-0.0000004", "0"),
        ("1E-7", "0"),
        ("12.5000000", "12.5"),
    ],
)
def test_rate_str_keeps_six_places_without_trailing_zeros(value: str, expected: str) -> None:
    assert rate_str(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.50", "1.5"),
        ("1E+3", "1000"),
        ("150000000.0", "150000000"),
        ("1E-7", "0.0000001"),
        ("-0", "0"),
        ("-0.000", "0"),
        ("0.000", "0"),
        ("-12.340", "-12.34"),
    ],
)
def test_plain_str_has_no_exponent_and_no_trailing_zeros(value: str, expected: str) -> None:
    assert plain_str(Decimal(value)) == expected


# --- display -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("134861.01", "¥134,861.01"),
        ("0", "¥0.00"),
        ("999.995", "¥1,000.00"),
        ("1234567.891", "¥1,234,567.89"),
        ("2.675", "¥2.68"),
        ("-1234.5", f"{MINUS}¥1,234.50"),
        ("-0.001", "¥0.00"),
        ("-100000", f"{MINUS}¥100,000.00"),
    ],
)
def test_format_money_groups_thousands_and_uses_a_true_minus(value: str, expected: str) -> None:
    assert format_money(Decimal(value)) == expected


def test_format_number_groups_and_keeps_given_places() -> None:
    assert format_number(Decimal("-1234567.5")) == f"{MINUS}1,234,567.5"
    assert format_number(Decimal("1234"), 2) == "1,234.00"
    assert format_number(Decimal("-0.004"), 2) == "0.00", "a negative zero reads as a loss"
    assert format_number(Decimal("123")) == "123"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1.1875", 2, "118.75%"),
        ("0.900652", 2, "90.07%"),
        ("0.667361", 2, "66.74%"),
        ("-0.52", 2, f"{MINUS}52.00%"),
        ("0.12", 0, "12%"),
        ("0.125", 0, "13%"),
        ("-0.00001", 2, "0.00%"),
        ("123.456", 2, "12,345.60%"),
    ],
)
def test_format_percent(value: str, places: int, expected: str) -> None:
    assert format_percent(Decimal(value), places) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("123456", "zh", "12.35万"),
        ("1234567890", "zh", "12.35亿"),
        ("-123456", "zh", f"{MINUS}12.35万"),
        ("10000", "zh", "1万"),
        ("150000000", "zh", "1.5亿"),
        ("73.4", "zh", "73"),
        ("123456", "en", "123.46K"),
        ("1234567", "en", "1.23M"),
        ("2500000000", "en", "2.5B"),
        ("-999", "en", f"{MINUS}999"),
    ],
)
def test_format_compact_for_chart_axes(value: str, lang: str, expected: str) -> None:
    assert format_compact(Decimal(value), lang) == expected


# --- compact zh_CN against CLDR (babel) ---------------------------------------------------------


def _cldr(value: Decimal) -> str:
    """babel's zh_CN compact form, rounded half-up like every figure on the site."""
    with localcontext() as context:
        context.prec = 40
        context.rounding = ROUND_HALF_UP
        return format_compact_decimal(value, locale="zh_CN", fraction_digits=2)


def _ours(value: Decimal) -> str:
    # The site writes negatives with U+2212 on purpose (format_money does too); CLDR zh uses "-".
    return format_compact(value, "zh").replace(MINUS, "-")


#: 万 and 亿 with fewer than four digits before the point: our formatter follows CLDR here.
AGREEING = [
    "10000",
    "12345",
    "123456",
    "123450",  # a tie: half-up on both sides
    "123449.99",
    "999999",  # rounds up to 100万
    "1234567",
    "5000000",
    "9999499",  # 999.95万
    "-123456",
    "-5000000.5",
    "100000000",
    "123456789",
    "1234567890",
    "9876543210.12",
    "-1234567890",
    "99949999999",  # 999.5亿
]


@pytest.mark.parametrize("value", AGREEING)
def test_compact_zh_matches_cldr(value: str) -> None:
    assert _ours(Decimal(value)) == _cldr(Decimal(value)), "chart axis differs from CLDR"


@given(
    st.one_of(
        st.integers(1_000_000, 999_949_900).map(lambda c: Decimal(c).scaleb(-2)),
        st.integers(10_000_000_000, 9_999_949_999_999).map(lambda c: Decimal(c).scaleb(-2)),
    ),
    st.booleans(),
)
def test_compact_zh_matches_cldr_for_any_amount_below_a_thousand_wan_or_yi(
    magnitude: Decimal, negative: bool
) -> None:
    value = -magnitude if negative else magnitude
    assert _ours(value) == _cldr(value), f"chart axis for {value} differs from CLDR"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("12345678", id="1234.57万"),
        pytest.param("10000000", id="1000万"),
        pytest.param("99995000", id="9999.5万"),
        pytest.param("123456789012", id="1234.57亿"),
    ],
)
def test_compact_zh_thousands_of_wan_are_not_grouped(value: str) -> None:
    assert _ours(Decimal(value)) == _cldr(Decimal(value))


@pytest.mark.parametrize("value", ["1000000000000", "1500000000000", "123456789012345"])
def test_compact_zh_uses_wan_yi_from_a_trillion(value: str) -> None:
    assert _ours(Decimal(value)) == _cldr(Decimal(value))


@pytest.mark.parametrize("value", ["1234", "9999", "-5678"])
def test_compact_zh_below_wan_is_not_grouped(value: str) -> None:
    assert _ours(Decimal(value)) == _cldr(Decimal(value))


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("99999999", "zh", "1亿"),
        ("9999.5", "zh", "1万"),
        ("999999", "en", "1M"),
        ("999999999", "en", "1B"),
    ],
)
def test_compact_moves_to_the_next_unit_when_rounding_reaches_it(
    value: str, lang: str, expected: str
) -> None:
    assert format_compact(Decimal(value), lang) == expected
