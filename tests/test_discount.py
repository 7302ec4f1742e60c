"""The discount calculator: new margin, volume to keep gross profit, the deal in money, approval.

Golden cases live in ``tests/golden/discount.json`` (the Pyodide tier runs the same file); a
failure here means a rep would quote the wrong margin or the wrong approver in a negotiation.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import inexact_values
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.discount.inputs import DEFAULT_LEVELS
from calculators.discount.maths import impact
from calculators.html import escape
from calculators.messages import t
from calculators.money import CONTEXT, percent_text
from calculators.spec import parse_inputs

ID = "discount"
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / f"{ID}.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]
POLICY = ROOT / "docs" / "plans" / "discount-policy.yml"


def _names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


# --- golden figures and field errors -------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_names(CASES))
def test_result_is_plain_json_with_exact_strings(case: dict[str, Any]) -> None:
    result = calculators.compute(ID, case["inputs"])
    assert not inexact_values(result), "floats/Decimals in the result lose cents in the browser"
    assert json.loads(json.dumps(result)) == result


def test_the_policy_file_and_the_built_in_default_agree() -> None:
    plan = yaml.safe_load(POLICY.read_text("utf-8"))
    assert plan["calculator"] == ID and plan["id"] == "discount-policy"
    calc = calculators.get(ID)
    from_file = parse_inputs(calc, plan["inputs"])["approval_levels"]
    built_in = parse_inputs(calc, {})["approval_levels"]
    assert (
        from_file
        == built_in
        == parse_inputs(calc, {"approval_levels": DEFAULT_LEVELS})["approval_levels"]
    ), (
        "docs/plans/discount-policy.yml and the calculator's default policy disagree: a page "
        "without `plan:` would name a different approver"
    )


# --- rendering -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_shows_margin_volume_approver_and_the_deal_in_money(lang: str) -> None:
    result = calculators.compute(ID, {"list_price": "1000", "quantity": "100"})
    html = calculators.render_result(ID, result, lang)
    assert 'data-output="new_margin" data-value="0.333333"' in html
    assert 'data-output="extra_volume" data-value="0.333333"' in html
    assert 'data-output="approver" data-value="销售经理"' in html
    assert 'data-output="revenue_needed" data-value="120000.00"' in html
    assert "(40.00% − 10.00%) ÷ (1 − 10.00%) = 33.33%" in html, "formula not substituted"
    assert "¥40,000.00 − ¥10,000.00 = ¥30,000.00" in html
    assert "<svg" in html and 'role="img"' in html, "no accessible chart"
    assert t("result.rounding", lang) in html
    assert escape(t("discount.convention.boundary", lang)) in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_discount_above_the_margin_says_it_loses_money_instead_of_a_volume(lang: str) -> None:
    result = calculators.compute(ID, {"gross_margin": "20%", "discount": "30%"})
    html = calculators.render_result(ID, result, lang)
    assert 'data-output="extra_volume" data-value=""' in html
    assert t("discount.status.loss", lang) in html
    assert t("discount.beyond_policy", lang) in html, "30% is outside the default policy"
    assert "−" not in html.split('data-output="extra_volume"')[1].split("</output>")[0], (
        "a negative volume was shown"
    )


def test_worker_reads_form_rates_and_policy_rows_as_percent() -> None:
    form = {"discount": "12", "approval_levels": "3 代表\n8 经理\n12 副总裁"}
    answer = json.loads(browser.run(ID, json.dumps(form, ensure_ascii=False), "zh"))
    assert answer["ok"] is True, answer
    assert answer["result"]["approver"] == "副总裁", "12 in the form is 12%, inclusive"


# --- properties ----------------------------------------------------------------------------------

# Rates as people type them: up to 4 decimals in percent.
rates = st.integers(0, 1_000_000).map(lambda n: Decimal(n).scaleb(-6))
discounts = st.integers(0, 999_999).map(lambda n: Decimal(n).scaleb(-6))


@settings(max_examples=1000, deadline=None)
@given(margin=rates, discount=discounts)
def test_a_discount_always_lowers_the_margin_and_the_volume_restores_the_profit(
    margin: Decimal, discount: Decimal
) -> None:
    assume(margin < 1)  # at 100 % margin (no unit cost) the margin cannot fall
    new_margin, extra = impact(margin, discount)
    if discount > 0:
        assert new_margin < margin, f"{discount} off {margin} left the margin at {new_margin}"
    else:
        assert new_margin == margin
    if discount < margin:
        assert extra is not None and extra >= 0, f"extra volume {extra} for {discount} < {margin}"
        # Selling (1 + extra) times as much at m − d per list-price unit keeps m.
        with localcontext(CONTEXT):
            assert abs((1 + extra) * (margin - discount) - margin) < Decimal("1e-35")
    elif discount > 0:
        assert extra is None, "a volume was given although no volume can keep the gross profit"
    result = calculators.compute(
        ID, {"gross_margin": percent_text(margin), "discount": percent_text(discount)}
    )
    assert Decimal(result["new_margin"]) <= Decimal(result["inputs"]["gross_margin"])


levels = st.lists(st.integers(0, 1_000_000), min_size=1, max_size=8, unique=True).map(
    lambda xs: [
        {"max_discount": percent_text(Decimal(x).scaleb(-6)), "approver": f"L{i}"}
        for i, x in enumerate(sorted(xs))
    ]
)


@settings(max_examples=1000, deadline=None)
@given(policy=levels, d1=discounts, d2=discounts)
def test_a_larger_discount_never_needs_a_lower_approver(
    policy: list[dict[str, Any]], d1: Decimal, d2: Decimal
) -> None:
    low, high = sorted((d1, d2))

    def rank(d: Decimal) -> int:
        result = calculators.compute(ID, {"discount": percent_text(d), "approval_levels": policy})
        level = result["approval_level"]
        maxima = [Decimal(row["max_discount"][:-1]) / 100 for row in policy]
        if level is not None:
            assert d <= maxima[level - 1], "approved above the level's maximum"
            assert level == 1 or d > maxima[level - 2], "not the lowest level"
        return len(policy) + 1 if level is None else int(level)

    assert rank(low) <= rank(high), f"{high} needs a lower approver than {low}"


@settings(max_examples=1000, deadline=None)
@given(
    margin=rates,
    discount=discounts,
    price=st.integers(1, 10**9).map(lambda c: Decimal(c).scaleb(-2)),
    quantity=st.integers(1, 10**6),
)
def test_the_deal_in_money_adds_up_and_the_needed_quantity_keeps_the_profit(
    margin: Decimal, discount: Decimal, price: Decimal, quantity: int
) -> None:
    result = calculators.compute(
        ID,
        {
            "gross_margin": percent_text(margin),
            "discount": percent_text(discount),
            "list_price": price,
            "quantity": quantity,
        },
    )
    money = {k: Decimal(v) for k, v in result.items() if isinstance(v, str) and "." in v}
    assert money["revenue_after"] + money["discount_amount"] == money["revenue_before"]
    assert money["cost"] + money["gross_profit_before"] == money["revenue_before"]
    assert money["revenue_after"] - money["cost"] == money["gross_profit_after"], (
        "the after-discount column does not add up"
    )
    if result["quantity_needed"] is None:
        assert discount >= margin and discount > 0
        return
    needed = Decimal(result["quantity_needed"])
    assert needed >= quantity
    assert result["units_needed"] >= needed
    # At the needed quantity (rounded up) the gross profit is back to at least what it was.
    assert needed * price * (margin - discount) >= money["gross_profit_before"] - Decimal("0.005")


_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0", "0%", "100%", "99.9999%", "1e400", "NaN", "1亿", "5 代表\n3 经理"]),
    st.lists(
        st.one_of(
            st.integers(),
            st.text(max_size=6),
            st.fixed_dictionaries({"max_discount": st.text(max_size=5), "approver": st.text()}),
        ),
        max_size=3,
    ),
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
    calculators.render_result(ID, result, "en")
