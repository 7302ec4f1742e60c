"""The commission calculator: published plan vectors, plan rules and properties a rep relies on.

Golden cases live in ``tests/golden/commission.json`` (the Pyodide tier runs the same file). The
properties are checked against an independent oracle in exact fractions: when one fails, a rep
would be paid a different amount than the plan says, a deal's share would not add up to the
total, or "what must I sell" would send them after the wrong number.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import inexact_values
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.commission.pay import draw_schedule
from calculators.messages import t
from calculators.spec import display_value, parse_inputs

ID = "commission"
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / f"{ID}.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]
MONEY_TEXT = re.compile(r"-?\d+\.\d{2}")
CENT = Fraction(1, 100)


def _names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


# --- golden figures and field errors -------------------------------------------------------------


def test_a_bad_tier_row_is_named_by_row_and_column() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(ID, {"tiers": "0 5%\n5000 10%\n3000 15%"})
    (error,) = caught.value.errors
    assert error.row == 3, "a plan file would point at the wrong line"
    assert "第 3 行" in error.message("zh") and "「起点」" in error.message("zh")
    assert "row 3" in error.message("en") and "“From”" in error.message("en")


@pytest.mark.parametrize("case", CASES, ids=_names(CASES))
def test_result_is_plain_json_and_every_table_adds_up(case: dict[str, Any]) -> None:
    result = calculators.compute(ID, case["inputs"])
    assert not inexact_values(result), "floats/Decimals in the result lose cents in the browser"
    assert json.loads(json.dumps(result)) == result
    _assert_parts_add_up(result)


def _assert_parts_add_up(result: dict[str, Any]) -> None:
    commission = Decimal(result["commission"])
    assert MONEY_TEXT.fullmatch(result["commission"]), result["commission"]
    # The tier rows are the plan's commission; a discount factor then scales what is paid.
    plan = Decimal(result["commission_before_factor"])
    tiers = sum((Decimal(row["commission"]) for row in result["breakdown"]), Decimal(0))
    assert tiers == plan, f"tier rows add up to {tiers}, the plan's total says {plan}"
    assert plan == Decimal(result["cumulative_commission"]) - Decimal(result["prior_commission"]), (
        "commission ≠ cumulative − earned before, as the explanation claims"
    )
    paid = (plan * Decimal(result["discount_factor"])).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert commission == paid, f"paid {commission}, the plan's {plan} × factor is {paid}"
    if result["deal_commissions"] is not None:
        deals = sum((Decimal(c) for c in result["deal_commissions"]), Decimal(0))
        assert deals == commission, f"deals add up to {deals}, the total says {commission}"


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_shows_figures_both_methods_curve_and_formula(lang: str) -> None:
    trailhead = next(c for c in CASES if c["name"].startswith("Trailhead: prior"))
    result = calculators.compute(ID, {**trailhead["inputs"], "quota": 200000})
    html = calculators.render_result(ID, result, lang)
    assert 'data-output="commission" data-value="1100.00"' in html
    assert 'data-output="effective_rate" data-value="0.055"' in html
    assert 'data-output="to_next_tier" data-value="85000.00"' in html
    assert 'data-output="attainment" data-value="0.825"' in html
    assert "C(¥165,000.00) − C(¥145,000.00) = ¥6,900.00 − ¥5,800.00 = ¥1,100.00" in html, (
        "the explanation does not substitute the rep's numbers"
    )
    assert "4.00% × ¥150,000.00 + 6.00% × ¥15,000.00" in html
    assert "¥15,000.00 → ¥20,000.00" in html, "the retroactive cliff is not shown"
    assert html.count("<polyline") == 2, "the payout curve needs both methods"
    assert re.search(r'<svg[^>]*role="img"[^>]*>\s*<title>', html), "chart has no title"
    assert "<desc>" in html and "<circle" in html, "the current point is not marked"
    assert t("result.rounding", lang) in html


def test_chart_description_reads_the_curve_aloud() -> None:
    cliff = next(c for c in CASES if c["name"].startswith("retroactive cliff"))
    html = calculators.render_result(ID, calculators.compute(ID, cliff["inputs"]), "en")
    desc = re.search(r"<desc>(.*?)</desc>", html)
    assert desc is not None
    assert "at 10K: marginal ¥750.00, retroactive ¥1,500.00" in desc.group(1)


def test_worker_reads_bare_form_rates_as_percent_and_returns_field_errors() -> None:
    answer = json.loads(
        browser.run(ID, json.dumps({"tiers": "0 5\n5000 10\n10000 15", "sales": "11000"}), "zh")
    )
    assert answer["ok"], answer
    assert answer["result"]["commission"] == "900.00"
    refused = json.loads(browser.run(ID, json.dumps({"tiers": "0 5\n5000 250"}), "en"))
    assert not refused["ok"] and [e["field"] for e in refused["errors"]] == ["tiers"]


def test_the_form_writes_tiers_back_so_they_parse_to_the_same_plan() -> None:
    calc = calculators.get(ID)
    typed = {"tiers": "0 3%\n50万 5%\n100万 8.5%", "tier_basis": "amount"}
    values = parse_inputs(calc, typed)
    shown = display_value(calc.field("tiers"), values["tiers"])
    again = parse_inputs(calc, {**typed, "tiers": shown}, from_form=True)
    assert again["tiers"] == values["tiers"], f"the form shows {shown!r}, which means another plan"


def test_the_page_example_pays_what_its_prose_implies() -> None:
    page = (ROOT / "docs" / "calculators" / "commission.md").read_text("utf-8")
    assert "```calculator\nid: commission" in page
    result = calculators.compute(
        ID,
        {
            "tiers": [
                {"from": 0, "rate": "3%"},
                {"from": "50万", "rate": "5%"},
                {"from": "100万", "rate": "8%"},
            ],
            "quota": "100万",
            "prior_sales": "80万",
            "sales": "30万",
            "target_commission": "5万",
        },
    )
    # C(110万) = 15,000 + 25,000 + 8,000; C(80万) = 15,000 + 15,000.
    assert result["commission"] == "18000.00"
    # 30,000 + 50,000 = 80,000 cumulative: 40,000 at 100万, then 40,000 ÷ 8% = 50万 more.
    assert result["sales_needed"] == "700000.00"


# --- an independent oracle in exact fractions ----------------------------------------------------


def oracle(
    tiers: list[tuple[Fraction, Fraction]],
    method: str,
    x: Fraction,
    gate: Fraction = Fraction(0),
    cap: Fraction | None = None,
) -> Fraction:
    """C(x) straight from calculators.md §1, written without looking at the module."""
    if x < gate:
        return Fraction(0)
    credited = x if cap is None else min(x, cap)
    if method == "retroactive":
        rate = next(r for start, r in reversed(tiers) if credited >= start)
        return rate * credited
    total = Fraction(0)
    for index, (start, rate) in enumerate(tiers):
        end = tiers[index + 1][0] if index + 1 < len(tiers) else None
        top = credited if end is None else min(credited, end)
        total += rate * max(Fraction(0), top - start)
    return total


def cents(value: Fraction) -> Decimal:
    """Half-up to the cent, like a payroll would."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _money(c: int) -> str:
    return str(Decimal(c).scaleb(-2))


@st.composite
def plans(draw: st.DrawFn, *, ascending: bool = False, extras: bool = True) -> dict[str, Any]:
    """A plan as a manager would type it: starts in cents, rates in basis points."""
    starts = sorted(draw(st.sets(st.integers(1, 10**9), max_size=4)))
    rates = draw(st.lists(st.integers(0, 10_000), min_size=len(starts) + 1, max_size=5))[
        : len(starts) + 1
    ]
    if ascending:
        rates.sort()
    tiers = [
        {"from": _money(s), "rate": f"{Decimal(r).scaleb(-2)}%"}
        for s, r in zip([0, *starts], rates, strict=True)
    ]
    plan: dict[str, Any] = {
        "tiers": tiers,
        "method": draw(st.sampled_from(["marginal", "retroactive"])),
    }
    if extras and draw(st.booleans()):
        plan["gate"] = _money(draw(st.integers(0, 2 * 10**9)))
    if extras and draw(st.booleans()):
        lowest = max([0, *starts, int(Decimal(plan.get("gate", "0")) * 100)])
        plan["cap"] = _money(draw(st.integers(max(lowest, 1), 4 * 10**9)))
    return plan


def _oracle_args(plan: dict[str, Any]) -> tuple[list[tuple[Fraction, Fraction]], dict[str, Any]]:
    tiers = [
        (Fraction(row["from"]), Fraction(row["rate"].rstrip("%")) / 100) for row in plan["tiers"]
    ]
    kwargs: dict[str, Any] = {"gate": Fraction(plan.get("gate", "0"))}
    if "cap" in plan:
        kwargs["cap"] = Fraction(plan["cap"])
    return tiers, kwargs


amounts = st.integers(0, 3 * 10**9)  # in cents: up to 30 million


# --- properties (≥ 1,000 examples each) ----------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(plan=plans(extras=False), prior=amounts, sales=amounts, cap=st.none() | amounts)
def test_marginal_commission_is_continuous_and_never_falls_as_sales_grow(
    plan: dict[str, Any], prior: int, sales: int, cap: int | None
) -> None:
    plan = {**plan, "method": "marginal"}
    if cap is not None and cap >= int(Decimal(plan["tiers"][-1]["from"]) * 100) and cap > 0:
        plan["cap"] = _money(cap)
    result = calculators.compute(ID, {**plan, "prior_sales": _money(prior), "sales": _money(sales)})
    earned = Decimal(result["commission"])
    top_rate = max(Decimal(row["rate"].rstrip("%")) / 100 for row in plan["tiers"])
    assert earned >= 0, f"selling {_money(sales)} more lowered the commission by {earned}"
    # Continuous: more sales never add more than the highest rate allows (plus a rounding cent).
    assert earned <= top_rate * Decimal(sales).scaleb(-2) + Decimal("0.01"), (
        f"{_money(sales)} of sales earned {earned}: a jump in a marginal plan"
    )


@settings(max_examples=1000, deadline=None)
@given(plan=plans(), prior=amounts, deals=st.lists(amounts, min_size=1, max_size=6))
def test_deals_in_order_add_up_exactly_to_the_commission_on_their_sum(
    plan: dict[str, Any], prior: int, deals: list[int]
) -> None:
    base = {**plan, "prior_sales": _money(prior)}
    per_deal = calculators.compute(ID, {**base, "deals": [_money(d) for d in deals]})
    at_once = calculators.compute(ID, {**base, "sales": _money(sum(deals))})
    shares = sum((Decimal(c) for c in per_deal["deal_commissions"]), Decimal(0))
    assert shares == Decimal(at_once["commission"]) == Decimal(per_deal["commission"]), (
        f"deals {per_deal['deal_commissions']} add up to {shares}, "
        f"the same sales at once pay {at_once['commission']}"
    )
    assert len(per_deal["deal_commissions"]) == len(deals)
    _assert_parts_add_up(per_deal)


@settings(max_examples=1000, deadline=None)
@given(plan=plans(ascending=True), prior=amounts, sales=amounts)
def test_retroactive_never_pays_less_than_marginal_when_rates_go_up(
    plan: dict[str, Any], prior: int, sales: int
) -> None:
    result = calculators.compute(ID, {**plan, "prior_sales": _money(prior), "sales": _money(sales)})
    retro = Decimal(result["retroactive"]["cumulative_commission"])
    marginal = Decimal(result["marginal"]["cumulative_commission"])
    assert retro >= marginal, f"retroactive {retro} < marginal {marginal} with rising rates"


@settings(max_examples=1000, deadline=None)
@given(plan=plans(), prior=amounts, sales=amounts)
def test_commission_is_cumulative_minus_earned_before_as_the_oracle_computes_it(
    plan: dict[str, Any], prior: int, sales: int
) -> None:
    tiers, kwargs = _oracle_args(plan)
    p, s = Fraction(prior, 100), Fraction(sales, 100)
    result = calculators.compute(ID, {**plan, "prior_sales": _money(prior), "sales": _money(sales)})
    for method in ("marginal", "retroactive"):
        before = cents(oracle(tiers, method, p, **kwargs))
        after = cents(oracle(tiers, method, p + s, **kwargs))
        assert Decimal(result[method]["commission"]) == after - before, (
            f"{method}: C({p + s}) − C({p}) = {after} − {before}, the page says "
            f"{result[method]['commission']}"
        )
    # The same identity through the calculator alone: all at once from 0, minus the prior part.
    whole = calculators.compute(ID, {**plan, "sales": _money(prior + sales)})
    first = calculators.compute(ID, {**plan, "sales": _money(prior)})
    assert Decimal(result["commission"]) == Decimal(whole["commission"]) - Decimal(
        first["commission"]
    )


@settings(max_examples=1000, deadline=None)
@given(plan=plans(), prior=amounts, goal=st.integers(0, 5 * 10**8))
def test_sales_needed_is_the_smallest_amount_in_cents_that_earns_the_goal(
    plan: dict[str, Any], prior: int, goal: int
) -> None:
    tiers, kwargs = _oracle_args(plan)
    p, wanted = Fraction(prior, 100), Fraction(goal, 100)
    inputs = {**plan, "prior_sales": _money(prior), "sales": "0", "target_commission": _money(goal)}
    result = calculators.compute(ID, inputs)
    method = plan["method"]

    def gain(s: Fraction) -> Fraction:
        return oracle(tiers, method, p + s, **kwargs) - oracle(tiers, method, p, **kwargs)

    needed = result["sales_needed"]
    if needed is None:
        far = Fraction(10**15) - p - 1
        assert gain(far) < wanted, f"'out of reach' shown, but selling {far} earns the goal"
        return
    s = Fraction(needed)
    assert gain(s) >= wanted, f"selling {needed} earns only {gain(s)}, not {wanted}"
    if s > 0:
        assert gain(s - CENT) < wanted, f"{needed} is not the least: one cent less also earns it"
    if method == "marginal" and s > 0:  # continuous: no cent-grid point in between reaches it
        assert all(gain(s - k * CENT) < wanted for k in range(1, 4) if s - k * CENT >= 0)
    if p + s < 10**15:
        paid = calculators.compute(ID, {**inputs, "sales": needed})
        assert Decimal(paid["commission"]) >= Decimal(_money(goal)), (
            f"the page says sell {needed}, but then shows only {paid['commission']}"
        )


@settings(max_examples=1000, deadline=None)
@given(
    draw=amounts,
    recoverable=st.booleans(),
    earned=st.lists(amounts, min_size=1, max_size=12),
)
def test_draw_pays_at_least_the_draw_and_the_balance_is_what_was_paid_over_earnings(
    draw: int, recoverable: bool, earned: list[int]
) -> None:
    amount = Decimal(draw).scaleb(-2)
    rows = draw_schedule(amount, recoverable, [Decimal(e).scaleb(-2) for e in earned])
    assert all(row["paid"] >= amount for row in rows), "a period paid less than the draw"
    paid = sum((row["paid"] for row in rows), Decimal(0))
    total = sum((row["earned"] for row in rows), Decimal(0))
    if recoverable:
        assert paid == total + rows[-1]["balance"], "paid ≠ earned + balance still owed"
        assert all(row["balance"] >= 0 for row in rows)
    else:
        assert paid == total + sum((row["top_up"] for row in rows), Decimal(0))


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["1e400", "NaN", "-0", "12%", "250%", "1.5亿", "0 5%\n0 6%", "0.5", "万"]),
    st.lists(st.sampled_from([0, "5%", "1,000", -1, "x", 0.5, None]), max_size=4),
    st.lists(
        st.dictionaries(
            st.sampled_from(["from", "rate", "to"]),
            st.sampled_from([0, 1, "5%", "-1", "0.5", 1e300, "x", None]),
            max_size=3,
        ),
        max_size=4,
    ),
)
_FIELD_NAMES = [f.name for f in calculators.get(ID).fields]


@settings(max_examples=1000, deadline=None)
@given(
    inputs=st.dictionaries(st.sampled_from([*_FIELD_NAMES, "bonus"]), _junk, max_size=7),
    from_form=st.booleans(),
)
def test_no_input_crashes_the_calculator(inputs: dict[str, Any], from_form: bool) -> None:
    try:
        result = calculators.compute(ID, inputs, from_form=from_form)
    except calculators.InputErrors as errors:
        assert errors.errors, "refused without saying why"
        for error in errors.errors:
            assert error.message("zh") and error.message("en")
        return
    assert not inexact_values(result)
    _assert_parts_add_up(result)
    calculators.render_result(ID, result, "en")


# --- plan files ----------------------------------------------------------------------------------

PLAN = """\
calculator: commission
id: standard
name: 标准提成方案
owner: 销售运营部
review_by: 2027-03-31
inputs:
  method: marginal
  tier_basis: attainment
  quota: 100万
  tiers:
    - {from: 0, rate: 3%}
    - {from: 50%, rate: 5%}
    - {from: 100%, rate: 8%}
  cap: 200%
"""


@pytest.mark.parametrize(
    ("edit", "line", "field"),
    [
        (("- {from: 100%, rate: 8%}", "- {from: 40%, rate: 8%}"), 13, "inputs.tiers"),
        (("- {from: 50%, rate: 5%}", "- {from: 5000%, rate: 5%}"), 12, "inputs.tiers"),
        (("- {from: 50%, rate: 5%}", "- {from: 0.5, rate: 5%}"), 12, "inputs.tiers"),
        (("- {from: 0, rate: 3%}", "- {from: 0, rate: 300%}"), 11, "inputs.tiers"),
        (("  quota: 100万\n", ""), 6, "inputs.quota"),
        (("cap: 200%", "cap: 80%"), 13, "inputs.tiers"),
        (("cap: 200%", "cap: 2"), 14, "inputs.cap"),
    ],
)
def test_a_bad_plan_file_names_the_line_of_the_row_to_fix(
    tmp_path: Path, edit: tuple[str, str], line: int, field: str
) -> None:
    from playbook.plans import load_plans

    folder = tmp_path / "docs" / "plans"
    folder.mkdir(parents=True)
    (folder / "ok.yml").write_text(PLAN, "utf-8")
    plans, problems = load_plans(tmp_path / "docs", tmp_path)
    assert not problems and list(plans) == ["standard"], problems
    (folder / "ok.yml").write_text(PLAN.replace(*edit), "utf-8")
    _, problems = load_plans(tmp_path / "docs", tmp_path)
    shown = [str(p) for p in problems]
    assert any(p.startswith(f"docs/plans/ok.yml:{line}: {field}") for p in shown), shown
