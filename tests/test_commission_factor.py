"""The commission plan's discount factor: a deeper discount pays a smaller share of the sale's
commission, the sale still counting in full toward tiers and attainment."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from playbook.plans import load_plans

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CENT = Decimal("0.01")
STANDARD = {
    "tiers": [
        {"from": "0", "rate": "3%"},
        {"from": "50万", "rate": "5%"},
        {"from": "100万", "rate": "8%"},
    ],
    "discount_factors": [
        {"above": "5%", "factor": "90%"},
        {"above": "10%", "factor": "70%"},
        {"above": "15%", "factor": "50%"},
    ],
}


def _run(**inputs: Any) -> dict[str, Any]:
    result: dict[str, Any] = calculators.compute("commission", {**STANDARD, **inputs})
    return result


def test_the_worked_example_of_30_after_80_at_a_12_percent_discount_pays_70_percent() -> None:
    result = _run(prior_sales="80万", sales="30万", discount="12%")
    assert result["commission_before_factor"] == "18000.00"
    assert result["discount_factor"] == "0.7"
    assert result["commission"] == "12600.00"
    assert result["effective_rate"] == "0.042"
    # Tiers and attainment see the whole sale.
    assert result["cumulative_sales"] == "1100000.00" and result["tier_reached"] == 3
    page = (DOCS / "incentives" / "commission.md").read_text("utf-8")
    assert "实发 1.8 万 × 70% = 1.26 万元" in page


@pytest.mark.parametrize(
    ("discount", "factor"),
    [("0", "1"), ("5%", "1"), ("5.01%", "0.9"), ("10%", "0.9"), ("10.01%", "0.7"),
     ("15%", "0.7"), ("15.0001%", "0.5"), ("60%", "0.5")],
)  # fmt: skip
def test_a_discount_exactly_at_a_step_belongs_to_the_step_below(discount: str, factor: str) -> None:
    assert _run(sales="10万", discount=discount)["discount_factor"] == factor


def test_without_a_discount_or_without_a_table_the_commission_is_paid_in_full() -> None:
    assert _run(sales="30万")["commission"] == _run(sales="30万")["commission_before_factor"]
    plain = calculators.compute("commission", {"tiers": STANDARD["tiers"], "sales": "30万"})
    with_discount = calculators.compute(
        "commission", {"tiers": STANDARD["tiers"], "sales": "30万", "discount": "20%"}
    )
    assert with_discount["commission"] == plain["commission"] == "9000.00"
    html = str(calculators.render_result("commission", with_discount, "zh"))
    assert "本方案没有折扣系数" in html


def test_deals_share_the_factored_commission_and_add_up_to_it() -> None:
    result = _run(prior_sales="80万", deals="10万 15万 5万", discount="12%")
    assert result["deal_commissions"] == ["3500.00", "6300.00", "2800.00"]
    assert sum(Decimal(c) for c in result["deal_commissions"]) == Decimal(result["commission"])


@given(
    prior=st.integers(0, 200_000_00),
    deals=st.lists(st.integers(1, 50_000_00), min_size=1, max_size=6),
    discount=st.integers(0, 9998),
)
@settings(max_examples=200, deadline=None)
def test_factored_pay_adds_up_never_exceeds_the_plan_and_falls_with_the_discount(
    prior: int, deals: list[int], discount: int
) -> None:
    amounts = " ".join(str(Decimal(d) / 100) for d in deals)
    base = {"prior_sales": str(Decimal(prior) / 100), "deals": amounts}
    here = _run(**base, discount=f"{Decimal(discount) / 100}%")
    deeper = _run(**base, discount=f"{Decimal(discount + 1) / 100}%")
    paid = Decimal(here["commission"])
    assert paid <= Decimal(here["commission_before_factor"])
    exact = Decimal(here["commission_before_factor"]) * Decimal(here["discount_factor"])
    assert paid == exact.quantize(CENT, rounding=ROUND_HALF_UP)  # half-up, as stated
    assert sum(Decimal(c) for c in here["deal_commissions"]) == paid
    assert Decimal(deeper["commission"]) <= paid


@pytest.mark.parametrize("goal", ["2万", "5000", "12345.67"])
@pytest.mark.parametrize("discount", ["3%", "8%", "12%", "20%"])
def test_the_sales_needed_for_a_goal_reach_it_after_the_factor_and_a_cent_less_does_not(
    goal: str, discount: str
) -> None:
    result = _run(prior_sales="80万", discount=discount, target_commission=goal)
    needed = Decimal(result["sales_needed"])
    wanted = Decimal(result["target_commission"])
    reached = _run(prior_sales="80万", sales=str(needed), discount=discount)
    short = _run(prior_sales="80万", sales=str(needed - CENT), discount=discount)
    # Before rounding the factored commission crosses the goal between the two; rounding to the
    # cent may make the cent below show the goal too, never the amount found fall short.
    assert Decimal(reached["commission"]) >= wanted
    assert Decimal(short["commission"]) <= wanted


def test_a_factor_of_zero_means_no_sales_reach_a_goal_and_the_page_says_so() -> None:
    factors = [{"above": "5%", "factor": "50%"}, {"above": "25%", "factor": "0"}]
    result = _run(discount_factors=factors, discount="30%", sales="10万", target_commission="1万")
    assert result["commission"] == "0.00" and result["sales_needed"] is None
    html = str(calculators.render_result("commission", result, "zh"))
    assert "无论回款多少都拿不到" in html


@pytest.mark.parametrize(
    ("factors", "discount", "row", "words"),
    [
        (
            [{"above": "10%", "factor": "90%"}, {"above": "5%", "factor": "70%"}],
            None,
            2,
            "从小到大",
        ),
        (
            [{"above": "5%", "factor": "70%"}, {"above": "10%", "factor": "90%"}],
            None,
            2,
            "不能越高",
        ),
        ([{"above": "100%", "factor": "0"}], None, 1, "小于 100%"),
        (None, "100%", None, "小于 100%"),
    ],
)
def test_each_discount_factor_mistake_gives_one_message_naming_its_row(
    factors: list[dict[str, str]] | None, discount: str | None, row: int | None, words: str
) -> None:
    inputs: dict[str, Any] = {**STANDARD, "sales": "10万"}
    if factors is not None:
        inputs["discount_factors"] = factors
    if discount is not None:
        inputs["discount"] = discount
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("commission", inputs)
    (error,) = caught.value.errors
    assert error.row == row
    assert words in error.message("zh")


def test_the_plans_discount_factors_step_where_the_discount_policy_approval_levels_do() -> None:
    plans, problems = load_plans(DOCS, ROOT)
    assert not problems
    levels = [row["max_discount"] for row in plans["discount-policy"].inputs["approval_levels"]]
    for plan_id in ("commission-standard", "commission-attainment"):
        steps = [row["above"] for row in plans[plan_id].inputs["discount_factors"]]
        assert steps == levels[: len(steps)], plan_id


def test_the_explanation_shows_the_plans_commission_then_the_factor() -> None:
    """Each line of explain-the-maths must hold on its own numbers: the tier difference is the
    plan's commission (18,000.00), and only the factor line turns it into what is paid."""
    result = _run(prior_sales="80万", sales="30万", discount="12%")
    html = str(calculators.render_result("commission", result, "zh"))
    assert "¥48,000.00 − ¥30,000.00 = ¥18,000.00" in html
    assert "¥18,000.00 × 70.00% = ¥12,600.00" in html
    assert "¥12,600.00 ÷ ¥300,000.00 = 4.20%" in html
    assert "按折扣系数 70.00% 发放" in html  # the tier table's last row: what is paid
