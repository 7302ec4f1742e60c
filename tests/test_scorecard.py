"""The KPI scorecard: golden scores, field errors, caps, lower-is-better KPIs, grades, rounding.

Golden cases live in ``tests/golden/scorecard.json`` (the Pyodide tier reads the same file), so a
failure here means a rep's score or grade on a review has changed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.messages import t
from calculators.money import percent_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "scorecard.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = GOLDEN["cases"]


# --- golden figures ----------------------------------------------------------------------------


def test_a_bad_cell_names_its_row_and_column() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("scorecard", {"kpis": "销售额 50% 100 90\n满意度 50% 0 85"})
    (error,) = caught.value.errors
    assert "第 2 行" in error.message("zh") and "「目标值」" in error.message("zh")
    assert "row 2" in error.message("en") and "“Target”" in error.message("en")


def test_weights_off_by_a_hundredth_of_a_percent_are_refused_with_their_sum() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("scorecard", {"kpis": "甲 33.33% 1 1\n乙 33.33% 1 1\n丙 33.33% 1 1"})
    (error,) = caught.value.errors
    assert "99.99%" in error.message("zh"), "the message must say what the weights add up to"


# --- the score ---------------------------------------------------------------------------------


def _weights(cuts: list[int]) -> list[Decimal]:
    """Weights in basis points adding up to exactly 100 %, from cut points in 0…10000."""
    edges = [0, *sorted(cuts), 10_000]
    return [Decimal(b - a).scaleb(-4) for a, b in pairwise(edges)]


_KPI = st.tuples(
    st.integers(1, 10**9).map(lambda v: Decimal(v).scaleb(-2)),  # target
    st.integers(0, 10**9).map(lambda v: Decimal(v).scaleb(-2)),  # actual
    st.sampled_from(["higher", "lower", "正向", "反向"]),
    st.integers(100, 300).map(lambda pct: Decimal(pct).scaleb(-2)),  # cap 100 %…300 %
)


@st.composite
def scorecards(draw: st.DrawFn) -> list[dict[str, str]]:
    kpis = draw(st.lists(_KPI, min_size=1, max_size=8))
    weights = _weights(
        draw(st.lists(st.integers(0, 10_000), min_size=len(kpis) - 1, max_size=len(kpis) - 1))
    )
    return [
        {
            "name": f"K{i}",
            "weight": percent_text(w),
            "target": str(target),
            "actual": str(actual),
            "direction": direction,
            "cap": percent_text(cap),
        }
        for i, (w, (target, actual, direction, cap)) in enumerate(zip(weights, kpis, strict=True))
    ]


def _percent(text: str) -> Fraction:
    """``12.5%`` as the exact fraction 1/8."""
    assert text.endswith("%")
    return Fraction(Decimal(text[:-1])) / 100


def _oracle(kpis: list[dict[str, str]]) -> Fraction:
    """S = Σ w · min(ratio, cap) in exact fractions, written independently of the module."""
    total = Fraction(0)
    for kpi in kpis:
        target, actual = (Fraction(Decimal(kpi[k])) for k in ("target", "actual"))
        cap = _percent(kpi["cap"])
        if kpi["direction"] in ("higher", "正向"):
            ratio = actual / target
        else:
            ratio = cap if actual == 0 else target / actual
        total += _percent(kpi["weight"]) * min(ratio, cap)
    return total


def _half_up(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places)


@settings(max_examples=1000, deadline=None)
@given(kpis=scorecards())
def test_score_is_the_weighted_capped_ratios_and_its_points_add_up_exactly(
    kpis: list[dict[str, str]],
) -> None:
    result = calculators.compute("scorecard", {"kpis": kpis})
    score = Decimal(result["score"])
    assert score == _half_up(_oracle(kpis), 4), (
        f"score {score} ≠ Σ w · min(ratio, cap) = {float(_oracle(kpis))} rounded to 0.01%"
    )
    max_cap = max(_percent(k["cap"]) for k in kpis)
    assert 0 <= score <= Decimal(result["max_score"]) <= max_cap, (
        f"score {score} outside [0, highest cap {max_cap}]"
    )
    points = [Decimal(row["points"]) for row in result["kpis"]]
    assert sum(points, Decimal(0)) == score, (
        f"the weighted points {points} add up to {sum(points)}, the headline says {score}"
    )
    for row, kpi in zip(result["kpis"], kpis, strict=True):
        exact = _percent(kpi["weight"]) * Fraction(Decimal(row["capped_ratio"]))
        assert abs(Fraction(Decimal(row["points"])) - exact) < Fraction(2, 10_000), row
        assert Decimal(row["capped_ratio"]) <= _percent(kpi["cap"])
    band = next((g for g in result["inputs"]["grades"] if score >= Decimal(g["min_score"])), None)
    assert result["grade"] == (band["grade"] if band else None), "grade does not match the bands"


@settings(max_examples=1000, deadline=None)
@given(kpis=scorecards(), better=st.integers(0, 10**6).map(lambda v: Decimal(v).scaleb(-2)))
def test_doing_better_on_a_kpi_never_lowers_the_score(
    kpis: list[dict[str, str]], better: Decimal
) -> None:
    improved = [dict(k) for k in kpis]
    first = improved[0]
    if first["direction"] in ("higher", "正向"):
        first["actual"] = str(Decimal(first["actual"]) + better)
    else:
        first["actual"] = str(max(Decimal(0), Decimal(first["actual"]) - better))
    before = Decimal(calculators.compute("scorecard", {"kpis": kpis})["score"])
    after = Decimal(calculators.compute("scorecard", {"kpis": improved})["score"])
    assert after >= before, f"a better {first['direction']} actual lowered the score"


_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=16),
    st.sampled_from(
        [
            "a 100% 100 90",
            "a 50% 100 90\nb 50% 0 0 lower",
            "a 100% 100 0 反向",
            "A 110%\nB 110%",
            "a 100% 1e400 1",
            "a 100% NaN 1",
            "sales_monthly",
            "sales_quarterly",
            "results_process",
        ]
    ),
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "weight", "target", "actual", "x"]),
            st.text(max_size=5),
            max_size=4,
        ),
        max_size=3,
    ),
)


@settings(max_examples=1000, deadline=None)
@given(
    inputs=st.dictionaries(st.sampled_from(["preset", "kpis", "grades"]), _ANYTHING, max_size=3),
    from_form=st.booleans(),
)
def test_any_input_gives_a_result_or_errors_naming_fields_never_a_crash(
    inputs: dict[str, Any], from_form: bool
) -> None:
    try:
        result = calculators.compute("scorecard", inputs, from_form=from_form)
    except calculators.InputErrors as errors:
        assert errors.errors and all(e.field for e in errors.errors)
        for error in errors.errors:
            assert error.message("zh") and error.message("en")
        return
    json.dumps(result)
    calculators.render_result("scorecard", result, "en")


# --- what the page shows -----------------------------------------------------------------------


def test_panel_shows_score_grade_chart_and_the_house_policy_note() -> None:
    result = calculators.compute("scorecard", {})
    html = str(calculators.render_result("scorecard", result, "zh"))
    assert 'data-output="score" data-value="0.9481"' in html and "94.81%" in html
    assert 'data-output="grade" data-value="C"' in html
    assert "季度目标达成率" in html, "preset KPIs are named in the page language"
    assert "55.20% + 20.66% + 18.95% = 94.81%" in html, "the explanation adds up the points"
    assert "<svg" in html and "公司政策" in html
    english = str(calculators.render_result("scorecard", result, "en"))
    assert "Quarterly attainment" in english and "季度目标达成率" not in english


def test_no_grade_is_said_not_left_blank() -> None:
    case = next(c for c in CASES if c["expect"].get("grade", "") is None)
    result = calculators.compute("scorecard", case["inputs"])
    for lang in ("zh", "en"):
        html = str(calculators.render_result("scorecard", result, lang))
        assert 'data-output="grade" data-value=""' in html
        assert t("result.none", lang) in html


def test_worker_reads_bare_form_weights_and_caps_as_percent() -> None:
    form = {
        "kpis": "月度销售额 60 100万 92万 正向 120\n客户满意度 20 90 85\n客户流失率 20 5 4 反向"
    }
    answer = json.loads(browser.run("scorecard", json.dumps(form, ensure_ascii=False), "zh"))
    assert answer["ok"], answer
    assert answer["result"]["score"] == "0.9809", "60 in the form is 60 %"
