"""The customer-value calculator: LTV, CAC payback, LTV:CAC, churn conversions, NRR / GRR.

Golden cases live in ``tests/golden/customer_value.json`` (the Pyodide tier runs the same file);
a failure here means a figure a manager quotes when deciding where to spend on acquisition, or
what a point of churn is worth, has changed.
"""

from __future__ import annotations

import json
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import inexact_values
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.customer_value.maths import annual_from_monthly, monthly_from_annual
from calculators.messages import t
from calculators.money import percent_text, quantize_rate, rate_str

ID = "customer_value"
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / f"{ID}.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]


def _names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


# --- golden figures and field errors -------------------------------------------------------------


def test_zero_churn_says_why_instead_of_dividing_by_zero() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(ID, {"churn": "0%"})
    (error,) = caught.value.errors
    assert "无穷大" in error.message("zh") and "infinite" in error.message("en"), (
        "a churn of 0 must be explained (infinite LTV), not just called too small"
    )


@pytest.mark.parametrize("case", CASES, ids=_names(CASES))
def test_result_is_plain_json_with_exact_strings(case: dict[str, Any]) -> None:
    result = calculators.compute(ID, case["inputs"])
    assert not inexact_values(result), "floats/Decimals in the result lose cents in the browser"
    assert json.loads(json.dumps(result)) == result


# --- rendering -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_carries_exact_values_and_the_formula_with_the_users_numbers(lang: str) -> None:
    result = calculators.compute(ID, {"churn_improvement": "1%"})
    html = calculators.render_result(ID, result, lang)
    for name, value in (("ltv", "8000.00"), ("ltv_cac", "4"), ("cac_payback_months", "5")):
        assert f'data-output="{name}" data-value="{value}"' in html, f"{name} lost on the page"
    assert 'data-output="improved_ltv" data-value="10000.00"' in html
    assert "¥500.00 × 80.00% ÷ 5.00% = ¥8,000.00" in html, "the LTV formula is not substituted"
    assert "¥10,000.00" in html and "¥2,000.00" in html
    assert "<svg" in html and 'role="img"' in html, "no accessible chart"
    assert t("result.rounding", lang) in html
    assert t("customer_value.convention.rules", lang) in html, "rules of thumb not qualified"


def test_no_what_if_card_without_an_improvement() -> None:
    html = calculators.render_result(ID, calculators.compute(ID, {}), "zh")
    assert 'data-output="improved_ltv"' not in html, "a what-if was shown that nobody asked for"


def test_missed_rules_of_thumb_are_said_as_missed() -> None:
    html = calculators.render_result(ID, calculators.compute(ID, {"cac": 6000}), "zh")
    assert "≥ 3 倍：未达到" in html and "&lt; 12 个月：未达到" in html


def test_an_annual_churn_is_explained_as_a_12th_root_not_divided_by_12() -> None:
    result = calculators.compute(ID, {"churn": "18%", "churn_period": "annual"})
    html = calculators.render_result(ID, result, "zh")
    assert "(1 − 18.00%)^(1/12) = 1.6402%" in html
    assert result["monthly_churn"] != rate_str(Decimal("0.18") / 12), "18% ÷ 12 is not 1.64%"


def test_worker_reads_form_rates_as_percent_and_the_period_choice() -> None:
    form = {"churn": "18", "churn_period": "annual", "gross_margin": "80"}
    answer = json.loads(browser.run(ID, json.dumps(form), "zh"))
    assert answer["ok"] is True, answer
    assert answer["result"]["monthly_churn"] == "0.016402"
    assert 'data-output="ltv"' in answer["html"]


# --- properties ----------------------------------------------------------------------------------

# Rates from the smallest accepted (0.01 %) to 100 %, with up to 4 decimals in percent (what
# people type); amounts in cents.
rates = st.integers(100, 1_000_000).map(lambda n: Decimal(n).scaleb(-6))
cents = st.integers(1, 10**14).map(lambda n: Decimal(n).scaleb(-2))


@settings(max_examples=1000, deadline=None)
@given(
    arpu=cents, margin=rates, churn=rates, cac=cents, period=st.sampled_from(["monthly", "annual"])
)
def test_ltv_cac_times_cac_is_ltv_within_the_stated_rounding(
    arpu: Decimal, margin: Decimal, churn: Decimal, cac: Decimal, period: str
) -> None:
    result = calculators.compute(
        ID,
        {
            "arpu": arpu,
            "gross_margin": percent_text(margin),
            "churn": percent_text(churn),
            "churn_period": period,
            "cac": cac,
        },
    )
    ltv = Decimal(result["ltv"])
    ratio = Decimal(result["ltv_cac"])
    # LTV is rounded to the cent, the ratio to 6 decimals: their errors bound the difference.
    tolerance = Decimal("0.005") + cac * Decimal("0.0000005")
    assert abs(ratio * cac - ltv) <= tolerance, (
        f"LTV:CAC {ratio} × CAC {cac} = {ratio * cac}, but LTV shows {ltv}"
    )
    months = Decimal(result["lifetime_months"])
    assert months >= 1, "nobody stays less than one month at a churn of at most 100%"


@settings(max_examples=1000, deadline=None)
@given(monthly=rates.filter(lambda m: m <= Decimal("0.999")))
def test_monthly_to_annual_to_monthly_round_trips_within_the_stated_rounding(
    monthly: Decimal,
) -> None:
    """Up to 99.9 % a month: above about 99.95 %, (1 − m)^12 < 10^-40 and a year is 100 %."""
    annual = annual_from_monthly(monthly)
    back = monthly_from_annual(annual)
    assert quantize_rate(back) == quantize_rate(monthly), (
        f"{monthly} a month → {annual} a year → {back} a month"
    )
    # 1 − annual is known to about 1e-40 (40 digits near 1); the 12th root divides that by
    # 1 − annual itself, so the round trip is exact to about 1e-39 ÷ (1 − annual) — far below
    # the stated 6-place rounding near 99 % a month, and tight enough to catch a wrong formula.
    bound = max(Decimal("1e-39") / (1 - annual), Decimal("1e-30"))
    assert abs(back - monthly) <= bound
    # Through the page: the annual figure typed back in gives the same monthly churn.
    result = calculators.compute(ID, {"churn": percent_text(annual), "churn_period": "annual"})
    assert result["monthly_churn"] == rate_str(monthly)
    assert Decimal(0) <= annual <= 1 and annual >= monthly, "a year loses at least a month's"


@settings(max_examples=1000, deadline=None)
@given(
    start=st.integers(1, 10**13),
    expansion=st.integers(0, 10**13),
    lost=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)),
)
def test_nrr_is_at_least_grr_and_differs_by_the_expansion(
    start: int, expansion: int, lost: tuple[int, int]
) -> None:
    scale = Decimal(start) / (2 * 10**6)
    contraction = (Decimal(lost[0]) * scale).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    churned = (Decimal(lost[1]) * scale).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    result = calculators.compute(
        ID,
        {
            "start_revenue": start,
            "expansion_revenue": expansion,
            "contraction_revenue": contraction,
            "churned_revenue": churned,
        },
    )
    nrr, grr = Decimal(result["nrr"]), Decimal(result["grr"])
    assert nrr >= grr, f"NRR {nrr} below GRR {grr}: expansion cannot lower retention"
    assert 0 <= grr <= 1, f"GRR {grr} outside 0–100%"
    assert abs((nrr - grr) - Decimal(expansion) / start) <= Decimal("0.000001")
    assert Decimal(result["end_revenue"]) == start + expansion - contraction - churned


@settings(max_examples=300, deadline=None)
@given(churn=rates, points=st.integers(1, 10_000).map(lambda n: Decimal(n).scaleb(-6)))
def test_lower_churn_never_lowers_ltv_and_the_gain_is_the_exact_difference(
    churn: Decimal, points: Decimal
) -> None:
    try:
        result = calculators.compute(
            ID, {"churn": percent_text(churn), "churn_improvement": percent_text(points)}
        )
    except calculators.InputErrors as errors:
        assert [e.field for e in errors.errors] == ["churn_improvement"]
        assert churn - points < Decimal("0.0001")
        return
    ltv, improved = Decimal(result["ltv"]), Decimal(result["improved_ltv"])
    assert improved >= ltv, f"churn fell by {points} and LTV fell from {ltv} to {improved}"
    assert Decimal(result["ltv_gain"]) == improved - ltv


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        ["0", "0%", "1e400", "NaN", "-inf", "1.5亿", "100%", "250%", "monthly", "annual"]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=1000, deadline=None)
@given(
    inputs=st.dictionaries(
        st.sampled_from([f.name for f in calculators.get(ID).fields] + ["bogus"]), _junk
    ),
    from_form=st.booleans(),
)
def test_any_input_gives_a_result_or_field_errors_never_a_traceback(
    inputs: dict[str, Any], from_form: bool
) -> None:
    try:
        result = calculators.compute(ID, inputs, from_form=from_form)
    except calculators.InputErrors as errors:
        assert errors.errors and all(e.field for e in errors.errors)
        return
    assert not inexact_values(result)
    calculators.render_result(ID, result, "zh")
