"""The funnel calculator: golden figures, field errors, rounding up, velocity, weighted forecast.

Golden cases live in ``tests/golden/funnel.json`` (the Pyodide tier reads the same file), so a
failure here means a number a sales manager plans a quarter with has changed.
"""

from __future__ import annotations

import json
import math
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import inexact_values
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.allocation import apportion
from calculators.funnel.maths import ceil_div
from calculators.messages import t
from calculators.money import percent_text, quantize_money, quantize_rate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "funnel.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]


def _names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


def _funnel(**inputs: object) -> dict[str, Any]:
    return calculators.compute("funnel", inputs)


# --- golden figures ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_names(CASES))
def test_result_is_plain_json_with_exact_strings(case: dict[str, Any]) -> None:
    result = calculators.compute("funnel", case["inputs"])
    assert not inexact_values(result), "floats/Decimals in the result lose cents in the browser"
    assert json.loads(json.dumps(result)) == result


# --- rounding up and exact amounts -------------------------------------------------------------


def test_ceil_div_is_exact_at_the_boundary() -> None:
    assert ceil_div(Decimal(40), Decimal("0.25")) == 160, "160 × 25% is exactly 40: no extra"
    assert ceil_div(Decimal(41), Decimal("0.25")) == 164
    assert ceil_div(Decimal(1), Decimal("0.3")) == 4, "3 × 30% = 0.9 falls short of 1"
    assert ceil_div(Decimal(0), Decimal("0.5")) == 0
    assert ceil_div(Decimal("1000000"), Decimal("30000")) == 34, "33.33 deals means 34"


def test_apportion_gives_leftover_cents_to_the_largest_remainders_in_order() -> None:
    shares = apportion(
        [Decimal("0.005"), Decimal("0.005"), Decimal("0.005")], Decimal("0.02"), Decimal("0.01")
    )
    assert shares == [Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]
    shares = apportion([Decimal("1.004"), Decimal("2.008")], Decimal("3.01"), Decimal("0.01"))
    assert shares == [Decimal("1.00"), Decimal("2.01")], "the larger remainder gets the cent"


_RATES = st.integers(1, 10_000).map(lambda bp: Decimal(bp).scaleb(-4))  # 0.01 % … 100 %
_AMOUNTS = st.integers(1, 10**13).map(lambda cents: Decimal(cents).scaleb(-2))


@settings(max_examples=1000, deadline=None)
@given(
    target=_AMOUNTS,
    more=st.integers(0, 10**12).map(lambda cents: Decimal(cents).scaleb(-2)),
    ads=st.integers(100, 10**9).map(lambda cents: Decimal(cents).scaleb(-2)),
    win=st.integers(100, 10_000).map(lambda bp: Decimal(bp).scaleb(-4)),
    stage_rates=st.lists(
        st.integers(100, 10_000).map(lambda bp: Decimal(bp).scaleb(-4)), max_size=3
    ),
)
def test_a_larger_target_never_needs_fewer_deals_opportunities_or_leads(
    target: Decimal, more: Decimal, ads: Decimal, win: Decimal, stage_rates: list[Decimal]
) -> None:
    stages = [
        {"stage": f"S{i}", "rate": percent_text(rate)} for i, rate in enumerate(stage_rates)
    ] or None
    inputs: dict[str, Any] = {
        "avg_deal_size": str(ads),
        "win_rate": percent_text(win),
        "stages": stages,
    }
    try:
        small = _funnel(target=str(target), **inputs)
        large = _funnel(target=str(target + more), **inputs)
    except calculators.InputErrors as errors:
        assert {e.key for e in errors.errors} == {"funnel.error.too_many"}, errors.as_dict()
        return
    for key in ("deals", "opportunities", "leads"):
        if small[key] is not None:
            assert int(small[key]) <= int(large[key]), (
                f"raising the target from {target} to {target + more} lowered {key} "
                f"from {small[key]} to {large[key]}"
            )
    for low, high in zip(small["stages"], large["stages"], strict=True):
        assert int(low["needed"]) <= int(high["needed"]), low["stage"]


@settings(max_examples=1000, deadline=None)
@given(
    target=_AMOUNTS,
    ads=st.integers(100, 10**10).map(lambda cents: Decimal(cents).scaleb(-2)),
    win=_RATES,
    stage_rates=st.lists(_RATES.filter(lambda r: r >= Decimal("0.01")), max_size=3),
    cycle=st.integers(1, 3650),
)
def test_counts_are_the_fewest_whole_numbers_that_cover_the_stage_below(
    target: Decimal, ads: Decimal, win: Decimal, stage_rates: list[Decimal], cycle: int
) -> None:
    stages = [
        {"stage": f"S{i}", "rate": percent_text(r)} for i, r in enumerate(stage_rates)
    ] or None
    try:
        result = _funnel(
            target=str(target),
            avg_deal_size=str(ads),
            win_rate=percent_text(win),
            stages=stages,
            cycle_days=cycle,
        )
    except calculators.InputErrors as errors:
        assert {e.key for e in errors.errors} == {"funnel.error.too_many"}, errors.as_dict()
        return
    deals = int(result["deals"])
    exact = Fraction(target) / Fraction(ads)
    assert deals == math.ceil(exact), f"{target} ÷ {ads} needs {math.ceil(exact)} deals"
    chain = [(int(result["opportunities"]), Fraction(win), deals)]
    below = int(result["opportunities"])
    for stage in reversed(result["stages"]):
        chain.append((int(stage["needed"]), Fraction(Decimal(stage["rate"])), below))
        below = int(stage["needed"])
    for count, rate, covers in chain:
        assert count * rate >= covers, f"{count} × {rate} does not cover {covers}"
        assert (count - 1) * rate < covers, f"{count} is more than needed for {covers}"
    assert Decimal(result["coverage"]) == quantize_rate(1 / win), (
        f"coverage {result['coverage']} is not 1 ÷ {win}"
    )
    assert Decimal(result["pipeline"]) == quantize_money(target / win), "pipeline ≠ target ÷ win"
    velocity = Fraction(int(result["opportunities"])) * Fraction(ads) * Fraction(win) / cycle
    assert abs(Fraction(Decimal(result["sales_velocity"])) - velocity) <= Fraction(1, 200)


_DEALS = st.lists(
    st.tuples(
        st.integers(0, 10**16).map(lambda cents: Decimal(cents).scaleb(-2)),
        st.integers(0, 1_000_000).map(lambda ppm: Decimal(ppm).scaleb(-6)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=1000, deadline=None)
@given(deals=_DEALS, target=_AMOUNTS)
def test_weighted_forecast_lies_between_nothing_and_every_deal_won(
    deals: list[tuple[Decimal, Decimal]], target: Decimal
) -> None:
    rows = [
        {"name": f"D{i}", "amount": str(a), "probability": percent_text(p)}
        for i, (a, p) in enumerate(deals)
    ]
    result = _funnel(target=str(target), open_deals=rows)
    expected = Decimal(result["expected_value"])
    total = Decimal(result["open_pipeline"])
    assert 0 <= expected <= total, f"E = {expected} outside [0, Σ amounts = {total}]"
    assert Decimal(result["variance"]) >= 0 and Decimal(result["std_dev"]) >= 0
    exact_e = sum((Fraction(a) * Fraction(p) for a, p in deals), Fraction(0))
    exact_var = sum(
        (Fraction(a) ** 2 * Fraction(p) * (1 - Fraction(p)) for a, p in deals), Fraction(0)
    )
    assert abs(Fraction(expected) - exact_e) <= Fraction(1, 200), "E is not Σ amount × p"
    sd = Fraction(Decimal(result["std_dev"]))
    assert abs(sd * sd - exact_var) <= (sd + 1) * Fraction(1, 50), "σ² is not Σ a² p (1 − p)"
    low, high = Decimal(result["forecast_low"]), Decimal(result["forecast_high"])
    assert 0 <= low <= expected <= high <= total, (low, expected, high, total)
    weighted = sum((Decimal(d["weighted"]) for d in result["open_deals"]), Decimal(0))
    assert weighted == expected, (
        f"the deal table adds up to {weighted}, the forecast says {expected}"
    )
    with localcontext(Context(prec=80)):
        exact = sum((a * p for a, p in deals), Decimal(0))  # exact at 80 digits
        assert Decimal(result["forecast_gap"]) == quantize_money(target - exact)


_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0", "0%", "-1", "1e400", "NaN", "100万", "1.5亿", "250%", "1,000", "１２％"]),
    st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=1000, deadline=None)
@given(
    inputs=st.dictionaries(
        st.sampled_from(
            [
                "target",
                "avg_deal_size",
                "win_rate",
                "stages",
                "cycle_days",
                "period_days",
                "open_deals",
            ]
        ),
        _ANYTHING,
        max_size=4,
    ),
    from_form=st.booleans(),
)
def test_any_input_gives_a_result_or_errors_naming_fields_never_a_crash(
    inputs: dict[str, Any], from_form: bool
) -> None:
    try:
        result = calculators.compute("funnel", inputs, from_form=from_form)
    except calculators.InputErrors as errors:
        assert errors.errors and all(e.field for e in errors.errors)
        for error in errors.errors:
            assert error.message("zh") and error.message("en")
        return
    assert not inexact_values(result)
    calculators.render_result("funnel", result, "zh")


# --- what the page shows -----------------------------------------------------------------------


def _panel(inputs: dict[str, Any], lang: str = "zh") -> str:
    return str(calculators.render_result("funnel", calculators.compute("funnel", inputs), lang))


def test_panel_carries_the_exact_headline_figures() -> None:
    html = _panel(CASES[0]["inputs"])
    for name, value in [
        ("deals", "40"),
        ("opportunities", "160"),
        ("pipeline", "4000000.00"),
        ("coverage", "4"),
        ("sales_velocity", "11111.11"),
        ("pipeline_deadline_day", "0"),
    ]:
        assert f'data-output="{name}" data-value="{value}"' in html, f"{name} missing or wrong"
    assert "¥4,000,000.00" in html and "4×" in html
    assert "⌈40 ÷ 25%⌉ = 160" in html, "the explanation does not substitute the user's numbers"
    assert 'data-output="leads"' not in html, "no lead stages were given"
    assert 'data-output="expected_value"' not in html, "no open deals were given"
    assert "<svg" in html and t("funnel.convention.rounding_up", "zh") in html


def test_panel_shows_each_stage_and_the_forecast_when_given() -> None:
    html = _panel(CASES[4]["inputs"] | {"stages": "线索 20%\n有效线索 50%"}, "en")
    assert 'data-output="leads" data-value="1600"' in html
    assert "⌈320 ÷ 20%⌉ = 1,600" in html, "the top stage is computed from the stage below"
    assert 'data-output="expected_value" data-value="470000.00"' in html
    assert t("funnel.status.likely_short", "en") in html
    assert "Result" in html and "计算结果" not in html


def test_a_cycle_longer_than_the_period_is_warned_about_and_dated_before_the_start() -> None:
    long_cycle = _panel({"cycle_days": 120, "period_days": 90})
    assert "admonition warning" in long_cycle
    assert t("funnel.deadline.before", "zh", days=30) in long_cycle
    assert "admonition warning" not in _panel({"cycle_days": 90, "period_days": 90}), (
        "a cycle as long as the period starts at day 0 and needs no warning"
    )


def test_worker_reads_bare_form_rates_as_percent_in_rows_too() -> None:
    form = {"win_rate": "25", "stages": "线索 20\n有效线索 50", "open_deals": "甲 50万 60"}
    answer = json.loads(browser.run("funnel", json.dumps(form, ensure_ascii=False), "zh"))
    assert answer["ok"], answer
    assert answer["result"]["leads"] == "1600"
    assert answer["result"]["open_deals"][0]["probability"] == "0.6"
