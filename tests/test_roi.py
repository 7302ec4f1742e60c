"""The ROI calculator's levers, scenarios, IRR and payback, held to properties a prospect relies on.

Golden figures live in ``tests/golden/roi.json`` (checked here, in ``test_calculators.py`` and in
Pyodide); these tests add what examples cannot: for any inputs, the IRR shown really zeroes the
NPV, the payback matches the cash-flow table, the conservative scenario is never rosier than the
optimistic one, and no input crashes the page.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.finance import irr, npv, payback
from calculators.messages import t
from calculators.money import CONTEXT
from calculators.roi import CALCULATOR
from calculators.roi.maths import SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "roi.json").read_text("utf-8"))
EVERYTHING = GOLDEN["cases"][-1]


def _floats(value: object, path: str = "result") -> list[str]:
    """Paths of every float/Decimal in a JSON result (they lose cents or break json.dumps)."""
    if isinstance(value, float | Decimal):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _floats(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _floats(v, f"{path}[{i}]")]
    assert value is None or isinstance(value, str | int), f"{path}: {type(value)}"
    return []


# --- strategies: inputs as a rep would type them -----------------------------------------------


def _cents(high: int) -> st.SearchStrategy[str]:
    return st.integers(0, high).map(lambda c: str(Decimal(c).scaleb(-2)))


def _percent(high: int) -> st.SearchStrategy[str]:
    """A percentage with up to two decimals, 0 … ``high`` %."""
    return st.integers(0, high * 100).map(lambda bp: f"{Decimal(bp).scaleb(-2)}%")


@st.composite
def valid_inputs(draw: st.DrawFn) -> dict[str, Any]:
    years = draw(st.integers(1, 10))
    inputs: dict[str, Any] = {
        "upfront_cost": draw(_cents(10**10)),
        "annual_cost": draw(_cents(10**9)),
        "internal_cost": draw(st.sampled_from(["0", "5万"]) | _cents(10**8)),
        "years": years,
        "discount_rate": draw(_percent(100)),
        "risk": draw(_percent(100)),
        "ramp": draw(st.lists(_percent(100), min_size=1, max_size=years)),
        "scenarios": sorted(
            draw(st.lists(st.integers(0, 300), min_size=3, max_size=3)),
        ),
    }
    inputs["scenarios"] = [f"{f}%" for f in inputs["scenarios"]]
    if draw(st.booleans()):
        inputs["annual_benefit"] = draw(
            st.lists(_cents(10**10), min_size=years, max_size=years)
            | st.lists(_cents(10**10), min_size=1, max_size=1)
        )
    if draw(st.booleans()):
        inputs.update(
            hours_saved=draw(st.integers(0, 2000)),
            people=draw(st.integers(0, 5000)),
            hourly_cost=draw(_cents(100_000)),
        )
    if draw(st.booleans()):
        inputs.update(
            revenue=draw(_cents(10**11)),
            revenue_uplift=draw(_percent(100)),
            gross_margin=draw(_percent(100)),
        )
    if draw(st.booleans()):
        inputs.update(cost_base=draw(_cents(10**10)), cost_reduction=draw(_percent(100)))
    if draw(st.booleans()):
        inputs["other_benefits"] = [
            {"name": f"line{i}", "amount": amount}
            for i, amount in enumerate(draw(st.lists(_cents(10**9), min_size=1, max_size=4)))
        ]
    if not {"annual_benefit", "hours_saved", "revenue", "cost_base", "other_benefits"} & set(
        inputs
    ):  # nothing typed: the example benefits, which fit 3 years only
        inputs["annual_benefit"] = draw(_cents(10**10))
    if Decimal(inputs["upfront_cost"]) == Decimal(inputs["annual_cost"]) == 0:
        inputs["upfront_cost"] = "1"
    return inputs


def _flows(result: dict[str, Any]) -> list[Decimal]:
    return [Decimal(row["net"]) for row in result["cash_flows"]]


def _cumulative(flows: list[Decimal]) -> list[Decimal]:
    out, running = [], Decimal(0)
    for flow in flows:
        running += flow
        out.append(running)
    return out


def _assert_payback_matches_the_cumulative_flows(
    flows: list[Decimal], years: Decimal | None
) -> None:
    cumulative = _cumulative(flows)
    if years is None:
        assert cumulative[-1] < 0, "no payback shown although the investment is recovered"
        return
    if years == 0:
        assert min(cumulative) >= 0, "payback 0 shown although money is outstanding"
        return
    whole = math.ceil(years)
    assert cumulative[whole - 1] < 0, (
        f"payback {years} years, but the cumulative flow is already {cumulative[whole - 1]} "
        f"at year {whole - 1}"
    )
    assert all(c >= 0 for c in cumulative[whole:]), (
        f"payback {years} years, but the cumulative flow is negative again later: {cumulative}"
    )
    # Linear interpolation inside the year lands exactly on zero.
    with localcontext(CONTEXT):
        inside = (years - (whole - 1)) * flows[whole]
    assert abs(cumulative[whole - 1] + inside) <= abs(flows[whole]) * Decimal("1e-35")


# --- properties (≥ 1,000 examples each) ------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(valid_inputs())
def test_payback_scenarios_and_json_hold_for_any_valid_inputs(inputs: dict[str, Any]) -> None:
    result = calculators.compute("roi", inputs)
    assert not _floats(result), "floats in the result would lose cents in the browser"
    assert json.loads(json.dumps(result)) == result

    # Payback: consistent with the table the prospect sees, and rounded half-up from the exact one.
    flows = _flows(result)
    exact, _ = payback(flows)
    _assert_payback_matches_the_cumulative_flows(flows, exact)
    shown = result["payback_years"]
    if exact is None:
        assert shown is None and result["payback_months"] is None
    else:
        assert Decimal(shown) == exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")

    # Scenarios side by side: more benefit never gives a worse figure.
    scenarios = result["scenarios"]
    assert [s["scenario"] for s in scenarios] == list(SCENARIOS)
    for low, high in pairwise(scenarios):
        for key in ("total_benefit", "npv", "roi", "pv_roi"):
            assert Decimal(low[key]) <= Decimal(high[key]), (
                f"{low['scenario']} shows a higher {key} than {high['scenario']}: "
                f"{low[key]} > {high[key]}"
            )
        for key in ("payback_years", "discounted_payback_years"):
            if high[key] is None:
                assert low[key] is None, f"{high['scenario']} never pays back but {low[key]} does"
            elif low[key] is not None:
                assert Decimal(high[key]) <= Decimal(low[key]), f"{key}: {low} vs {high}"
    expected = scenarios[1]
    for key in ("roi", "npv", "irr", "pv_roi", "payback_months", "total_benefit"):
        assert expected[key] == result[key], f"the headline {key} is not the expected scenario's"

    # Parts add up: benefit build-up, TCO and the cash-flow table, to the cent.
    rows = result["cash_flows"]
    assert sum((Decimal(r["benefit"]) for r in rows), Decimal(0)) == Decimal(
        result["total_benefit"]
    )
    tco = result["tco"]
    assert (
        Decimal(tco["upfront"]) + Decimal(tco["running"]) + Decimal(tco["internal"])
        == Decimal(tco["total"])
        == sum((Decimal(r["cost"]) for r in rows), Decimal(0))
    )
    assert Decimal(result["lever_total"]) == sum(
        (Decimal(lever["annual"]) for lever in result["levers"]), Decimal(0)
    )
    for build in result["benefit_build"]:
        assert Decimal(build["full"]) == Decimal(build["base"]) + Decimal(build["levers"])

    # Cost of delay: the conservative year-1 net benefit a month, never negative.
    parts = result["cost_of_delay_parts"]
    first = result["benefit_build"][0]
    conservative = Decimal(result["inputs"]["scenarios"][0])
    year1 = Decimal(first["full"]) * Decimal(first["ramp"]) * (1 - Decimal(first["risk"]))
    assert Decimal(parts["benefit"]) == (year1 * conservative).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    ), "cost of delay is not based on the conservative year-1 benefit"
    assert parts["cost"] == rows[1]["cost"]
    want = max(Decimal(parts["benefit"]) - Decimal(parts["cost"]), Decimal(0)) / 12
    assert Decimal(result["cost_of_delay_month"]) == want.quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.integers(-(10**12), 10**12), min_size=2, max_size=11))
def test_an_irr_that_is_shown_zeroes_the_npv(cents: list[int]) -> None:
    flows = [Decimal(c).scaleb(-2) for c in cents]
    status, rate = irr(flows)
    if status != "unique":
        assert rate is None, f"status {status} but a rate {rate} would be shown"
        return
    assert rate is not None and rate > -1
    # Unrounded root: NPV vanishes up to the ~32 digits the bisection keeps.
    scale = sum((abs(f) / (1 + rate) ** t for t, f in enumerate(flows)), Decimal(0))
    assert abs(npv(rate, flows)) <= scale * Decimal("1e-25"), (
        f"flows {flows}: NPV at the IRR {rate} is {npv(rate, flows)}, not 0"
    )


@st.composite
def planted_roots(draw: st.DrawFn) -> tuple[list[Fraction], list[Decimal]]:
    """Flows whose NPV polynomial in x = 1/(1+r) has exactly the drawn positive roots.

    NPV = Σ CF_t x^t = Π (q_i x − p_i) · Q(x) with Q's coefficients all positive (so Q has no
    positive root); the IRRs are then exactly r_i = q_i/p_i − 1.
    """
    roots = draw(
        st.lists(
            st.tuples(st.integers(1, 400), st.integers(1, 400)).map(lambda pq: Fraction(*pq)),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    poly = [Fraction(c) for c in draw(st.lists(st.integers(1, 50), min_size=1, max_size=4))]
    for root in roots:
        p, q = root.numerator, root.denominator  # factor (q x − p), root x = p/q
        shifted = [Fraction(0)] + [q * c for c in poly]
        poly = [a - p * b for a, b in zip(shifted, [*poly, Fraction(0)], strict=True)]
    sign = draw(st.sampled_from([1, -1]))
    return [1 / x - 1 for x in roots], [Decimal(sign * int(c)) for c in poly]


@settings(max_examples=400, deadline=None)
@given(planted_roots())
def test_irr_finds_the_one_planted_rate_and_refuses_two(
    planted: tuple[list[Fraction], list[Decimal]],
) -> None:
    rates, flows = planted
    status, rate = irr(flows)
    if len(rates) == 2:
        assert status == "multiple" and rate is None, (
            f"flows {flows} have the IRRs {[float(r) for r in rates]}; the page shows {rate}"
        )
        return
    assert status == "unique" and rate is not None, f"flows {flows}: {status}"
    (want,) = rates
    assert abs(Fraction(rate) - want) <= (1 + abs(want)) * Fraction(1, 10**24), (
        f"flows {flows}: IRR {rate}, exactly {float(want)}"
    )


FIELD_NAMES = [f.name for f in CALCULATOR.fields]
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet="0123456789.,%万亿kKw-+ ¥元eE；;\n　NaInfy", max_size=16),
    st.lists(st.text(alphabet="0123456789.%万k-", max_size=6), max_size=13),
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "amount", "other"]),
            st.text(alphabet="ab 0123456789.万-", max_size=8) | st.integers(-5, 10**16),
            max_size=3,
        ),
        max_size=3,
    ),
)


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), JUNK, max_size=8), st.booleans())
def test_no_input_raises_anything_but_field_errors(form: dict[str, Any], from_form: bool) -> None:
    try:
        result = calculators.compute("roi", form, from_form=from_form)
    except calculators.InputErrors as errors:
        assert errors.errors, "refused without saying why"
        for error in errors.errors:
            for lang in ("zh", "en"):
                assert error.message(lang).strip()
        return
    assert not _floats(result)
    for key in ("roi", "pv_roi", "npv"):
        assert Decimal(result[key]).is_finite()


@settings(max_examples=150, deadline=None)
@given(valid_inputs(), st.sampled_from(["zh", "en"]))
def test_every_valid_result_renders_with_its_headline_figures(
    inputs: dict[str, Any], lang: str
) -> None:
    result = calculators.compute("roi", inputs)
    html = calculators.render_result("roi", result, lang)
    shown = dict(re.findall(r'data-output="(\w+)" data-value="([^"]*)"', html))
    assert shown == {
        name: result[name] or ""
        for name in ("roi", "npv", "payback_months", "cost_of_delay_month", "irr", "pv_roi")
    }


# --- examples a rep would notice -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explanation_builds_the_benefit_up_lever_by_lever_with_the_numbers_typed(
    lang: str,
) -> None:
    result = calculators.compute("roi", EVERYTHING["inputs"])
    html = calculators.render_result("roi", result, lang)
    hours = "小时" if lang == "zh" else "hours"
    people = "人" if lang == "zh" else "people"
    for piece in (
        f"200 {hours} × 50 {people} × ¥80.00",
        "¥800,000.00",
        "¥20,000,000.00 × 5% × ",
        "40% = ",
        "¥3,000,000.00 × 10% = ",
        "减少坏账",
        "¥800,000.00 + ¥400,000.00 + ¥300,000.00 + ¥50,000.00",
        "（¥100,000.00 + ¥1,550,000.00）× 50% × (1 − 20%) × 100% = ¥660,000.00"
        if lang == "zh"
        else "(¥100,000.00 + ¥1,550,000.00) × 50% × (1 − 20%) × 100% = ¥660,000.00",
        "¥500,000.00 + ¥100,000.00 × 3 + ¥50,000.00 × 3 = ¥950,000.00",
        "¥396,000.00 − ¥150,000.00",
        "÷ 12 = ¥20,500.00",
    ):
        assert piece in html, f"the {lang} explanation lacks {piece!r}"


def test_headline_is_what_a_prospect_asks_for_and_present_mode_hides_the_fine_tuning() -> None:
    result = calculators.compute("roi", EVERYTHING["inputs"])
    html = calculators.render_result("roi", result, "zh")
    order = re.findall(r'data-output="(\w+)"', html)
    assert order[:4] == ["roi", "npv", "payback_months", "cost_of_delay_month"]
    assert "11.8 个月" in html and "¥20,500.00" in html
    advanced = {f.name for f in CALCULATOR.fields if f.advanced}
    assert advanced == {"internal_cost", "ramp", "risk", "scenarios"}


def test_scenarios_stand_side_by_side_in_a_table_and_a_chart() -> None:
    result = calculators.compute("roi", EVERYTHING["inputs"])
    html = calculators.render_result("roi", result, "zh")
    assert '<th scope="col">保守</th>' in html.replace(' class="pb-num"', "")
    assert html.count('role="img"') == 2, "cumulative cash flow and NPV by scenario charts"
    assert "各情景净现值" in html and "736,558.98" in html and "2,346,145.76" in html


def test_the_exported_table_is_the_cash_flow_table_with_exact_values() -> None:
    result = calculators.compute("roi", GOLDEN["cases"][0]["inputs"])
    html = calculators.render_result("roi", result, "en")
    first = re.search(r'data-csv="([^"]*)"', html)
    assert first is not None
    lines = first.group(1).split("\r\n")
    assert lines[1].split(",")[:5] == ["0", "100000.00", "0.00", "-100000.00", "-100000.00"]


def test_levers_replace_the_example_benefits_and_an_empty_call_shows_the_example() -> None:
    example = calculators.compute("roi", {})
    assert example["inputs"]["annual_benefit"] == ["80000.00", "120000.00", "150000.00"]
    levers_only = calculators.compute("roi", {"cost_base": "100万", "cost_reduction": "10%"})
    assert levers_only["inputs"]["annual_benefit"] == ["0.00", "0.00", "0.00"]
    assert levers_only["total_benefit"] == "300000.00", "the example benefits leaked in"


def test_the_web_form_takes_benefit_lines_one_a_line_and_bare_rates_as_percent() -> None:
    form = {
        "other_benefits": "减少坏账 5万\n少招两个人：30万",
        "ramp": "50 100",
        "risk": "10",
        "scenarios": "50 100 125",
        "annual_benefit": "0",
    }
    answer = json.loads(browser.run("roi", json.dumps(form, ensure_ascii=False), "zh"))
    assert answer["ok"], answer
    result = answer["result"]
    assert result["levers"] == [
        {"lever": "other", "name": "减少坏账", "annual": "50000.00"},
        {"lever": "other", "name": "少招两个人", "annual": "300000.00"},
    ]
    assert result["inputs"]["ramp"] == ["0.5", "1"] and result["inputs"]["risk"] == "0.1"
    assert [b["benefit"] for b in result["benefit_build"]] == [
        "157500.00",  # 350,000 × 50% × 90%
        "315000.00",
        "315000.00",
    ]


def test_a_benefit_line_error_names_the_row_and_the_column() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("roi", {"other_benefits": "a 1万\nb 十万"})
    (error,) = caught.value.errors
    assert error.field == "other_benefits" and error.row == 2
    assert "第 2 行" in error.message("zh") and "每年金额" in error.message("zh")
    assert t("roi.other_benefits.label", "en") in error.message("en")


def test_cross_field_errors_are_reported_together() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(
            "roi",
            {
                "upfront_cost": 0,
                "annual_cost": 0,
                "scenarios": "100% 200% 300% 400%",
                "ramp": "100% 100% 100% 100% 100%",
            },
        )
    fields = [e.field for e in caught.value.errors]
    assert fields == ["scenarios"], "a list that is too long fails on its own field first"
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(
            "roi",
            {
                "upfront_cost": 0,
                "annual_cost": 0,
                "scenarios": "300% 200% 100%",
                "ramp": "100% 100% 100% 100% 100%",
            },
        )
    assert [e.field for e in caught.value.errors] == ["ramp", "scenarios", "upfront_cost"]


@pytest.mark.parametrize(
    ("flows", "reason"),
    [
        (["-100", "-10", "-10"], "roi.irr.none"),
        (["-100", "300", "-250"], "roi.irr.no_root"),
        (["-100", "300", "-50"], "roi.irr.multiple"),
    ],
)
def test_no_irr_says_why_truthfully(flows: list[str], reason: str) -> None:
    upfront = -Decimal(flows[0])
    cost = Decimal(250)
    inputs = {
        "upfront_cost": str(upfront),
        "annual_cost": str(cost),
        "annual_benefit": [str(Decimal(f) + cost) for f in flows[1:]],
        "discount_rate": "0",
    }
    result = calculators.compute("roi", inputs)
    assert [r["net"] for r in result["cash_flows"]] == [f"{Decimal(f):.2f}" for f in flows]
    html = calculators.render_result("roi", result, "zh")
    card = re.search(r'data-output="irr" data-value="">([^<]*)</output>', html)
    assert card is not None, "an IRR figure is shown for flows without a single IRR"
    assert card.group(1) == t(reason, "zh"), f"the IRR card says {card.group(1)!r}"
