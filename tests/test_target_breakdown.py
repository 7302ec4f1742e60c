"""The target breakdown: every row and column of the unit × month table adds up exactly.

Golden cases live in ``tests/golden/target_breakdown.json`` (the Pyodide tier runs the same
file); a failure here means a manager would hand out monthly targets that do not add up to the
region's total, or a region's total that is not its fair share.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations
from math import ceil, floor
from pathlib import Path
from typing import Any

import pytest
from conftest import inexact_values
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.allocation import largest_remainder, rounded_table, split_table
from calculators.messages import t

ID = "target_breakdown"
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / f"{ID}.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]


def _names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


# --- golden figures and field errors -------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_names(CASES))
def test_result_is_plain_json_and_every_table_adds_up(case: dict[str, Any]) -> None:
    result = calculators.compute(ID, case["inputs"])
    assert not inexact_values(result), "floats/Decimals in the result lose cents in the browser"
    assert json.loads(json.dumps(result)) == result
    _assert_adds_up(result)


# --- the table adds up, for any inputs -----------------------------------------------------------


def _assert_adds_up(result: dict[str, Any]) -> None:
    total = Decimal(result["total"])
    months = [Decimal(v) for v in result["months"]]
    units = result["units"]
    assert sum(months) == total, "the month totals do not add up to the assigned total"
    assert sum(Decimal(u["total"]) for u in units) == total, "the units do not add up"
    for unit in units:
        row = [Decimal(v) for v in unit["months"]]
        assert sum(row) == Decimal(unit["total"]), f"{unit['name']}: its months do not add up"
        quarters = [sum(row[q * 3 : q * 3 + 3]) for q in range(4)]
        assert quarters == [Decimal(v) for v in unit["quarters"]], f"{unit['name']}: quarters"
    for j in range(12):
        column = sum(Decimal(u["months"][j]) for u in units)
        assert column == months[j], f"month {j + 1}: the units add up to {column}, not {months[j]}"
    assert [sum(months[q * 3 : q * 3 + 3]) for q in range(4)] == [
        Decimal(v) for v in result["quarters"]
    ]


def _floor_or_ceiling(value: Decimal, exact: Fraction, step: Decimal) -> bool:
    steps = Fraction(value) / Fraction(step)
    return steps.denominator == 1 and floor(exact) <= steps <= ceil(exact)


def _weights(zero_allowed: bool, size: int) -> st.SearchStrategy[list[int]]:
    low = 0 if zero_allowed else 1
    return st.lists(
        st.integers(low, 40) | st.sampled_from([100, 999, 10_000]), min_size=size, max_size=size
    ).filter(any)


@st.composite
def breakdown_inputs(draw: st.DrawFn, max_units: int = 6) -> dict[str, Any]:
    size = draw(st.integers(1, max_units))
    names = [f"U{i}" for i in range(size)]
    weights = draw(_weights(True, size))
    return {
        "total": str(Decimal(draw(st.integers(1, 10**13))).scaleb(-2)),
        "round_to": draw(st.sampled_from(["1", "0.01", "10000"])),
        "months": draw(_weights(True, 12)),
        "units": [{"name": n, "weight": w} for n, w in zip(names, weights, strict=True)],
        "over_assign": draw(st.sampled_from(["0", "10%", "12.5%", "25%"])),
    }


def _check_cells(inputs: dict[str, Any], result: dict[str, Any]) -> None:
    step = Decimal(inputs["round_to"])
    exact_total = Fraction(Decimal(inputs["total"])) * (
        1 + Fraction(Decimal(result["over_assign"]))
    )
    steps = floor(exact_total / Fraction(step) + Fraction(1, 2))
    assert Decimal(result["total"]) == step * steps, "the assigned total is not rounded half-up"
    month_weights = [Fraction(w) for w in inputs["months"]]
    unit_weights = [Fraction(u["weight"]) for u in inputs["units"]]
    for j, value in enumerate(result["months"]):
        share = steps * month_weights[j] / sum(month_weights)
        assert _floor_or_ceiling(Decimal(value), share, step), f"month {j + 1}: {value}"
    for unit, weight in zip(result["units"], unit_weights, strict=True):
        share = steps * weight / sum(unit_weights)
        assert _floor_or_ceiling(Decimal(unit["total"]), share, step), unit["name"]
        for j, value in enumerate(unit["months"]):
            cell = share * month_weights[j] / sum(month_weights)
            assert _floor_or_ceiling(Decimal(value), cell, step), (
                f"{unit['name']}, month {j + 1}: {value} is not the floor or ceiling of "
                f"{float(cell * Fraction(step))}"
            )


@settings(max_examples=1000, deadline=None)
@given(inputs=breakdown_inputs())
def test_every_row_and_column_adds_up_and_every_cell_is_its_share_rounded(
    inputs: dict[str, Any],
) -> None:
    try:
        result = calculators.compute(ID, inputs)
    except calculators.InputErrors as errors:
        assert [e.field for e in errors.errors] == ["round_to"], errors.as_dict()
        assert Decimal(inputs["total"]) * Decimal("1.25") < Decimal(inputs["round_to"])
        return
    _assert_adds_up(result)
    _check_cells(inputs, result)


@settings(max_examples=25, deadline=None)
@given(inputs=breakdown_inputs(max_units=50))
def test_fifty_units_still_add_up(inputs: dict[str, Any]) -> None:
    inputs["round_to"] = "0.01"
    result = calculators.compute(ID, inputs)
    _assert_adds_up(result)
    _check_cells(inputs, result)


# --- allocation: 1-D largest remainder and the 2-D fallback --------------------------------------


@settings(max_examples=1000, deadline=None)
@given(units=st.integers(0, 10**9), weights=st.integers(1, 8).flatmap(lambda n: _weights(True, n)))
def test_largest_remainder_adds_up_and_rounds_each_share_down_or_up(
    units: int, weights: list[int]
) -> None:
    parts = largest_remainder(units, weights)
    assert sum(parts) == units
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        share = Fraction(units * weight, whole)
        assert floor(share) <= part <= ceil(share), f"{part} is not {share} rounded"
        if weight == 0:
            assert part == 0, "a zero weight received something"
    for i, j in combinations(range(len(weights)), 2):
        if weights[i] > weights[j]:
            assert parts[i] >= parts[j], "a larger weight received less than a smaller one"


def test_largest_remainder_breaks_ties_by_order() -> None:
    assert largest_remainder(7, [50, 30, 20]) == [4, 2, 1]
    assert largest_remainder(100_000_000, [1] * 12) == [8_333_334] * 4 + [8_333_333] * 8
    assert largest_remainder(2, [1, 1, 1]) == [1, 1, 0], "ties go to the earlier part"


def test_when_no_table_fits_the_largest_remainder_months_the_margins_still_round_the_shares() -> (
    None
):
    # Units 1 : 2, months 3 3 3 1 1 1: the second unit's first three cells are exactly 1, so
    # its fourth unit must come from months 4–6, which largest remainder leaves at 0.
    table = split_table(6, [1, 2], [3, 3, 3, 1, 1, 1])
    assert table.rows == [2, 4]
    assert sum(table.columns) == 6
    assert table.cells[1][:3] == [1, 1, 1], "cells with a whole exact share cannot move"
    for j, total in enumerate(table.columns):
        assert total in ((1, 2) if j < 3 else (0, 1))
        assert sum(row[j] for row in table.cells) == total


@settings(max_examples=300, deadline=None)
@given(
    units=st.integers(0, 200),
    rows=st.lists(st.integers(0, 6), min_size=1, max_size=5).filter(any),
    columns=st.lists(st.integers(0, 6), min_size=1, max_size=6).filter(any),
)
def test_a_rounded_table_always_exists(units: int, rows: list[int], columns: list[int]) -> None:
    denominator = sum(rows) * sum(columns)
    numerators = [[units * r * c for c in columns] for r in rows]
    cells = rounded_table(numerators, denominator)
    assert sum(map(sum, cells)) == units
    for i, row in enumerate(cells):
        assert floor(Fraction(units * rows[i], sum(rows))) <= sum(row)
        assert sum(row) <= ceil(Fraction(units * rows[i], sum(rows)))
        for j, cell in enumerate(row):
            share = Fraction(numerators[i][j], denominator)
            assert floor(share) <= cell <= ceil(share)
    for j in range(len(columns)):
        share = Fraction(units * columns[j], sum(columns))
        assert floor(share) <= sum(row[j] for row in cells) <= ceil(share)


# --- invalid input never crashes -----------------------------------------------------------------

_JUNK = st.one_of(
    st.sampled_from(["", "0", "-1", "NaN", "Infinity", "1e400", "abc", "250%", "0.001", "1亿亿"]),
    st.text(max_size=12),
    st.integers(-(10**16), 10**16),
    st.lists(st.sampled_from(["0", "1", "-1", "x", "3万"]), max_size=14),
)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from([f.name for f in calculators.get(ID).fields]),
    junk=_JUNK,
    base=st.sampled_from([{"total": "100万"}, {"base": "80万", "growth_rate": "10%"}]),
)
def test_any_typed_value_gives_a_result_or_field_errors_never_a_crash(
    field: str, junk: object, base: dict[str, Any]
) -> None:
    inputs = {**base, field: junk}
    try:
        result = calculators.compute(ID, inputs, from_form=True)
    except calculators.InputErrors as errors:
        assert errors.errors and all(e.message("zh") and e.message("en") for e in errors.errors)
        return
    _assert_adds_up(result)
    assert calculators.render_result(ID, result, "en")


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_shows_the_table_the_math_and_a_chart(lang: str) -> None:
    result = calculators.compute(ID, CASES[-1]["inputs"])
    html = calculators.render_result(ID, result, lang)
    assert 'data-output="total" data-value="11000000.00"' in html
    assert 'data-output="deals" data-value="45"' in html
    assert 'data-output="commitment_gap" data-value="200000.00"' in html, "own targets vs 下达数"
    assert "4,400,000" in html and "1,220,000" in html, "the unit × month table is missing"
    assert "¥10,000,000.00" in html and "10.00%" in html, "the over-assignment is not explained"
    assert "⌈¥4,400,000.00 ÷ ¥250,000.00⌉ = 18" in html, "the funnel formula is not substituted"
    assert "<svg" in html and 'role="img"' in html, "no accessible chart"
    assert t("result.rounding", lang) in html
    assert t("target_breakdown.convention.remainder", lang) in html


def test_the_first_table_is_the_unit_month_table_the_export_buttons_copy() -> None:
    result = calculators.compute(ID, CASES[-1]["inputs"])
    html = calculators.render_result(ID, result, "zh")
    first = html.split('data-csv="', 1)[1].split('"', 1)[0]
    lines = first.replace("&#13;", "").split("&#10;") if "&#10;" in first else first.splitlines()
    assert lines[0].startswith("单位,1月,2月"), lines[0]
    assert lines[1].startswith("华东,") and lines[1].endswith(",4400000.00"), lines[1]


@pytest.mark.parametrize(
    ("growth", "market", "flagged"), [("30%", "10%", True), ("15%", "10%", False)]
)
def test_a_growth_target_far_above_the_market_is_flagged(
    growth: str, market: str, flagged: bool
) -> None:
    inputs = {"base": "100万", "growth_rate": growth, "market_growth": market}
    html = calculators.render_result(ID, calculators.compute(ID, inputs), "zh")
    assert (t("target_breakdown.warning.title", "zh") in html) is flagged


def test_the_worker_returns_the_panel_or_field_errors() -> None:
    ok = json.loads(browser.run(ID, json.dumps({"total": "100万", "over_assign": "20"}), "zh"))
    assert ok["ok"] and ok["result"]["total"] == "1200000.00", "a bare 20 in the form is 20%"
    bad = json.loads(browser.run(ID, json.dumps({"total": "100万", "months": "1 2 3"}), "en"))
    assert not bad["ok"] and bad["errors"][0]["field"] == "months"
    assert "12" in bad["errors"][0]["message"]


def test_daily_run_rate_is_the_month_over_its_working_days_rounded_to_the_cent() -> None:
    result = calculators.compute(ID, {"total": "1,000,000.00", "round_to": "0.01"})
    for month, daily in zip(result["months"], result["daily"], strict=True):
        exact = Decimal(month) / Decimal("21.75")
        assert Decimal(daily) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
