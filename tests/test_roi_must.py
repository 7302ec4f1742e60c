"""What must be true (calculators/roi/must.py): break-even values exact to the cent, checked
against the calculator's own cash-flow table, and the sensitivity view against recalculations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators.errors import InputErrors
from calculators.finance import payback

CENT = Decimal("0.01")


def _payback(result: dict[str, Any]) -> Decimal | None:
    years, _ = payback([Decimal(row["net"]) for row in result["cash_flows"]])
    return years


def _within(result: dict[str, Any], target: Decimal) -> bool:
    years = _payback(result)
    return years is not None and years <= target


def test_the_default_case_worked_by_hand() -> None:
    # 100k upfront, 20k a year, benefits 80k/120k/150k over 3 years.
    result = calculators.compute("roi", {})
    facts = result["break_even"]
    # −100,000 + 3 × (F − 20,000) ≥ 0 ⇔ F ≥ 53,333.33…: 53,333.34 to the cent.
    assert facts["benefit"] == "53333.34"
    # 60k + 100k + 130k of later net flows pay back at most 290,000 within 3 years.
    assert facts["upfront"] == "290000.00"
    assert facts["target_years"] == "3" and facts["current_upfront"] == "100000.00"


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    years = draw(st.integers(1, 6))
    target = draw(st.integers(0, years * 4)) / Decimal(4)  # quarters, up to the horizon
    return {
        "upfront_cost": str(draw(st.integers(0, 10**8)) * CENT),
        "annual_cost": str(draw(st.integers(1, 10**7)) * CENT),
        "annual_benefit": [str(draw(st.integers(0, 10**8)) * CENT)],
        "years": years,
        "payback_target": str(target),
        "risk": f"{draw(st.integers(0, 50))}%",
        "ramp": [f"{p}%" for p in draw(st.lists(st.integers(0, 100), min_size=1, max_size=years))],
        "discount_rate": "8%",
    }


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_break_even_benefit_is_the_boundary_to_the_cent(inputs: dict[str, Any]) -> None:
    result = calculators.compute("roi", inputs)
    facts = result["break_even"]
    target = Decimal(facts["target_years"])
    if facts["benefit"] is None:
        # Impossible: even an enormous benefit does not do it.
        huge = calculators.compute("roi", {**inputs, "annual_benefit": ["1000000000000"]})
        assert not _within(huge, target)
        return
    at = Decimal(facts["benefit"])
    assert _within(calculators.compute("roi", {**inputs, "annual_benefit": [str(at)]}), target)
    if at > 0:
        below = {**inputs, "annual_benefit": [str(at - CENT)]}
        assert not _within(calculators.compute("roi", below), target)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_largest_upfront_cost_is_the_boundary_to_the_cent(inputs: dict[str, Any]) -> None:
    result = calculators.compute("roi", inputs)
    facts = result["break_even"]
    target = Decimal(facts["target_years"])
    if facts["upfront"] is None:
        assert not _within(calculators.compute("roi", {**inputs, "upfront_cost": "0"}), target)
        return
    at = Decimal(facts["upfront"])
    assert _within(calculators.compute("roi", {**inputs, "upfront_cost": str(at)}), target)
    above = {**inputs, "upfront_cost": str(at + CENT)}
    assert not _within(calculators.compute("roi", above), target)


def test_impossible_targets_say_so() -> None:
    # No benefit in the first year: nothing pays back within half a year.
    first_year_off = {"ramp": ["0%", "100%"], "years": 3, "payback_target": "0.5"}
    result = calculators.compute("roi", first_year_off)
    assert result["break_even"]["benefit"] is None
    html = str(calculators.render_result("roi", result, "zh"))
    assert "每年收益再高，也无法在 0.5 年内回本" in html
    # Running costs above the benefits: no upfront cost, however small, pays back.
    losing = {"annual_benefit": ["1万"], "annual_cost": "2万", "years": 3}
    result = calculators.compute("roi", losing)
    assert result["break_even"]["upfront"] is None
    assert "即使首期投入为零" in str(calculators.render_result("roi", result, "zh"))


def test_a_target_beyond_the_horizon_is_one_clear_error() -> None:
    with pytest.raises(InputErrors) as caught:
        calculators.compute("roi", {"years": 3, "payback_target": "5"}, from_form=True)
    errors = caught.value.errors
    assert len(errors) == 1 and errors[0].field == "payback_target"
    want = "「回本目标」超过了 3 年的测算期限：只能判断测算期限之内能否回本。"
    assert errors[0].message("zh") == want


def test_sensitivity_rows_are_recalculations_sorted_by_swing() -> None:
    inputs = {
        "upfront_cost": "20万",
        "annual_cost": "3万",
        "hours_saved": "200",
        "people": "10",
        "hourly_cost": "80",
        "years": "5",
        "risk": "10%",
        "discount_rate": "8%",
    }
    result = calculators.compute("roi", inputs, from_form=True)
    rows = result["sensitivity"]
    moved = {
        "upfront_cost": ("18万", "22万"),
        "annual_cost": ("2.7万", "3.3万"),
        "hours_saved": ("180", "220"),
        "risk": ("9%", "11%"),
        "discount_rate": ("7.2%", "8.8%"),
    }
    by_input = {row["input"]: row for row in rows}
    for field, (low, high) in moved.items():
        key = "time" if field == "hours_saved" else field
        row = by_input[key]
        lo = calculators.compute("roi", {**inputs, field: low}, from_form=True)["npv"]
        hi = calculators.compute("roi", {**inputs, field: high}, from_form=True)["npv"]
        assert (row["low"], row["high"]) == (lo, hi), field
        assert Decimal(row["swing"]) == abs(Decimal(hi) - Decimal(lo))
    swings = [Decimal(row["swing"]) for row in rows]
    assert swings == sorted(swings, reverse=True)
    assert "internal_cost" not in by_input  # zero: it moves nothing


def test_the_panel_shows_what_must_be_true_with_the_maths() -> None:
    html = str(calculators.render_result("roi", calculators.compute("roi", {}), "zh"))
    assert "需要满足什么条件" in html
    assert 'data-must="benefit" data-value="53333.34"' in html
    assert "每年收益（爬坡和风险折扣前）至少要 ¥53,333.34" in html
    assert "首期投入最多 ¥290,000.00 仍能在 3 年内回本；现在是 ¥100,000.00" in html
    assert "敏感度：每个输入单独浮动 ±10%" in html
    assert "每次只让一个输入降低和提高 10%" in html
