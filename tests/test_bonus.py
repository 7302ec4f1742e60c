"""The bonus calculator (payout curves: the team pool, 售前 and 客户成功 bonuses) and the plan
files and pages that use it. Hand-worked figures are in tests/golden/bonus.json."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
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

percent = st.integers(min_value=0, max_value=300).map(lambda n: Decimal(n) / 100)


@st.composite
def curves(draw: st.DrawFn) -> list[tuple[Decimal, Decimal]]:
    starts = sorted(draw(st.sets(st.integers(0, 300), min_size=1, max_size=5)))
    payouts = sorted(
        draw(st.lists(st.integers(0, 300), min_size=len(starts), max_size=len(starts)))
    )
    return [(Decimal(a) / 100, Decimal(p) / 100) for a, p in zip(starts, payouts, strict=True)]


def _inputs(curve: list[tuple[Decimal, Decimal]], actual: Decimal, **more: Any) -> dict[str, Any]:
    return {
        "target_bonus": more.pop("target_bonus", "1万"),
        "actual": str(actual),
        "target": "100",
        "curve": [{"from": f"{a * 100}%", "payout": f"{p * 100}%"} for a, p in curve],
        **more,
    }


def _exact_payout(curve: list[tuple[Decimal, Decimal]], a: Fraction) -> Fraction:
    """The curve as the docs define it, in fractions: an independent oracle."""
    points = [(Fraction(x), Fraction(y)) for x, y in curve]
    if a < points[0][0]:
        return Fraction(0)
    if a >= points[-1][0]:
        return points[-1][1]
    for (a0, p0), (a1, p1) in itertools.pairwise(points):
        if a0 <= a < a1:
            return p0 + (a - a0) * (p1 - p0) / (a1 - a0)
    raise AssertionError("unreachable")


def _half_up_cents(value: Fraction) -> Decimal:
    cents = (value * 100 * 2 + 1) // 2
    return Decimal(cents) / 100


@given(curve=curves(), actual=st.integers(0, 40000).map(lambda n: Decimal(n) / 100))
@settings(max_examples=300, deadline=None)
def test_the_bonus_is_the_curve_at_the_attainment_rounded_to_the_cent(
    curve: list[tuple[Decimal, Decimal]], actual: Decimal
) -> None:
    result = calculators.compute("bonus", _inputs(curve, actual))
    exact = _exact_payout(curve, Fraction(actual) / 100)
    assert Decimal(result["bonus"]) == _half_up_cents(10000 * exact)
    assert Decimal(result["bonus"]) <= Decimal(result["max_bonus"])


@given(curve=curves(), a=st.integers(0, 400), b=st.integers(0, 400))
@settings(max_examples=200, deadline=None)
def test_more_attainment_never_pays_less(
    curve: list[tuple[Decimal, Decimal]], a: int, b: int
) -> None:
    low, high = sorted((a, b))
    paid = [
        Decimal(calculators.compute("bonus", _inputs(curve, Decimal(x)))["bonus"])
        for x in (low, high)
    ]
    assert paid[0] <= paid[1]


@given(curve=curves(), actual=st.integers(0, 400))
@settings(max_examples=150, deadline=None)
def test_the_actual_still_needed_reaches_the_next_point_and_a_cent_less_does_not(
    curve: list[tuple[Decimal, Decimal]], actual: int
) -> None:
    result = calculators.compute("bonus", _inputs(curve, Decimal(actual)))
    following = result["next_point"]
    if following is None:
        assert result["status"] == "top"
        return
    needed = Decimal(following["actual_needed"])
    reached = calculators.compute("bonus", _inputs(curve, actual + needed))
    assert Decimal(reached["attainment"]) >= Decimal(following["attainment"])
    assert reached["bonus"] == following["bonus"] or reached["status"] == "on_curve"
    if needed > 0:
        short = calculators.compute("bonus", _inputs(curve, actual + needed - CENT))
        assert Decimal(short["attainment"]) < Decimal(following["attainment"])


@given(
    shares=st.lists(st.integers(1, 10**7), min_size=1, max_size=12),
    actual=st.integers(0, 300),
)
@settings(max_examples=200, deadline=None)
def test_a_pool_split_adds_up_to_the_bonus_and_each_part_is_within_a_cent(
    shares: list[int], actual: int
) -> None:
    amounts = [Decimal(s) / 100 for s in shares]
    total = sum(amounts, Decimal(0))
    result = calculators.compute(
        "bonus",
        {
            "target_bonus": str(total),
            "actual": str(actual),
            "target": "100",
            "shares": " ".join(str(a) for a in amounts),
        },
    )
    parts = [Decimal(p) for p in result["share_bonuses"]]
    assert sum(parts, Decimal(0)) == Decimal(result["bonus"])
    rate = Fraction(result["bonus"]) / Fraction(total) if total else Fraction(0)
    payout = Fraction(Decimal(result["payout_rate"]))
    for share, part in zip(amounts, parts, strict=True):
        exact = Fraction(share) * Fraction(Decimal(result["bonus"])) / Fraction(total)
        assert abs(Fraction(part) - exact) < Fraction(1, 100)
        assert abs(Fraction(part) - Fraction(share) * payout) <= Fraction(2, 100) + abs(
            rate - payout
        ) * Fraction(share)


def test_one_mistake_in_the_curve_gives_one_message_naming_its_row() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(
            "bonus",
            {
                "curve": [
                    {"from": "80%", "payout": "80%"},
                    {"from": "100%", "payout": "70%"},
                    {"from": "90%", "payout": "60%"},
                ]
            },
        )
    (error,) = caught.value.errors
    assert error.row == 2
    assert "第 2 行" in error.message("zh") and "发放比例" in error.message("zh")


def test_the_sample_bonus_plans_are_valid_and_rise() -> None:
    plans, problems = load_plans(DOCS, ROOT)
    assert not problems
    bonus_plans = {pid: plan for pid, plan in plans.items() if plan.calculator == "bonus"}
    assert set(bonus_plans) == {"team-bonus", "presales-bonus", "customer-success-bonus"}
    for plan in bonus_plans.values():
        result = calculators.compute("bonus", plan.inputs)
        points = [(Decimal(p["from"]), Decimal(p["payout"])) for p in result["curve"]]
        assert points == sorted(points)


def _plan_inputs(plan_id: str, **more: Any) -> dict[str, Any]:
    plans, _ = load_plans(DOCS, ROOT)
    return {**plans[plan_id].inputs, **more}


def test_the_reps_quarter_on_the_plans_page_adds_up_from_the_plan_files() -> None:
    """The worked quarter in docs/incentives/plans.md: individual commission + team bonus, each
    computed from its plan file, is the 5.9 万元 the page states."""
    individual = calculators.compute(
        "commission", _plan_inputs("commission-standard", sales="110万")
    )
    team = calculators.compute("bonus", _plan_inputs("team-bonus", actual="110", target="100"))
    parts = [Decimal(individual["commission"]), Decimal(team["bonus"])]
    assert parts == [Decimal("48000.00"), Decimal("11000.00")]
    page = (DOCS / "incentives" / "plans.md").read_text("utf-8")
    assert "合计 4.8 万元" in page and "= 1.1 万元" in page
    assert f"浮动收入合计 {(sum(parts) / 10000).normalize()} 万元" in page
    base = Decimal(50000)
    assert f"本季度收入 {((sum(parts) + base) / 10000).normalize()} 万元" in page
    # The standard plan at 100 % of quota is the 80 % individual part of a 5万 variable pay.
    at_quota = calculators.compute("commission", _plan_inputs("commission-standard", sales="100万"))
    assert Decimal(at_quota["commission"]) == Decimal("0.8") * 50000
    assert Decimal(team["target_bonus"]) == Decimal("0.2") * 50000


def test_pages_quote_the_team_curve_from_the_plan_rather_than_typing_it() -> None:
    for page in ("incentives/index.md", "incentives/plans.md"):
        text = (DOCS / page).read_text("utf-8")
        assert "{{plan.team-bonus.curve.0.from}}" in text, page
        assert "低于 80%" not in text, f"{page} types the team gate instead of quoting the plan"


def test_the_commission_pages_worked_examples_are_what_the_plan_files_compute() -> None:
    """docs/incentives/commission.md quotes its tiers from the plan files and works examples by
    hand; the hand figures must be what the calculator computes from the same plans."""
    page = (DOCS / "incentives" / "commission.md").read_text("utf-8")
    standard = calculators.compute(
        "commission", _plan_inputs("commission-standard", prior_sales="80万", sales="30万")
    )
    assert standard["commission"] == "18000.00" and "合计 1.8 万元" in page
    attainment = calculators.compute(
        "commission", _plan_inputs("commission-attainment", sales="130万")
    )
    assert attainment["commission"] == "64000.00" and "合计 6.4 万元" in page
    below = calculators.compute("commission", _plan_inputs("commission-attainment", sales="49.9万"))
    at_gate = calculators.compute("commission", _plan_inputs("commission-attainment", sales="50万"))
    assert (below["commission"], at_gate["commission"]) == ("0.00", "20000.00")
    assert "回款 49.9 万元时提成为 0，回款 50 万元时提成是 2 万元" in page
    for typed in ("部分按 3%", "| 4% |", "10%（加速）", "低于 50%（门槛）"):
        assert typed not in page, f"commission.md types {typed!r} instead of quoting the plan"
