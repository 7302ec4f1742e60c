"""The forecast calculator against an independent implementation (statsmodels, test-only), on
properties any forecaster must have, and on what the page says.

statsmodels runs the same recursions from the same starting values with the same fixed
parameters: our float models and our exact decimal results must agree with it to 1e-6. One
known statsmodels bug is worked around, not copied: at horizons that are a multiple of the season
length its forecast uses the season factor of one season earlier (statsmodels issue #9538, fixed
by PR #10230); there the test checks Hyndman's formula ℓₙ + h·bₙ + sₙ₊ₕ₋ₘ₍ₖ₊₁₎ built from
statsmodels' own final states instead.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.tsa.holtwinters import ExponentialSmoothing, Holt, SimpleExpSmoothing

import calculators
from calculators.forecast import models

SERIES = [
    82, 76, 95, 101, 108, 112, 104, 99, 118, 126, 139, 168,
    90, 85, 104, 111, 119, 124, 115, 109, 131, 140, 153, 185,
    99, 93, 113, 122, 131, 135, 127, 120, 143, 155, 168, 204,
]  # fmt: skip


def _close(ours: list[float], theirs: Any) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert abs(a - float(b)) < 1e-6, (ours, list(theirs))


@pytest.fixture(autouse=True)
def _quiet() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("alpha", [0.1, 0.35, 0.8])
def test_ses_equals_statsmodels(alpha: float) -> None:
    y = [float(v) for v in SERIES]
    ours = models.ses(y, alpha, 6)
    fit = SimpleExpSmoothing(np.array(y), initialization_method="known", initial_level=y[0]).fit(
        smoothing_level=alpha, optimized=False
    )
    _close(ours.forecast, fit.forecast(6))
    _close([f for f in ours.fits[1:] if f is not None], fit.fittedvalues[1:])


@pytest.mark.parametrize(("alpha", "beta"), [(0.4, 0.2), (0.9, 0.05), (0.15, 0.6)])
def test_holt_equals_statsmodels(alpha: float, beta: float) -> None:
    y = [float(v) for v in SERIES]
    ours = models.holt(y, alpha, beta, 8)
    # Our states after period 2 (ℓ₂ = y₂, b₂ = y₂ − y₁) are statsmodels' known initial states
    # of the series from period 3 on.
    fit = Holt(
        np.array(y[2:]),
        initialization_method="known",
        initial_level=y[1],
        initial_trend=y[1] - y[0],
    ).fit(smoothing_level=alpha, smoothing_trend=beta, optimized=False)
    _close(ours.forecast, fit.forecast(8))
    _close([f for f in ours.fits if f is not None], fit.fittedvalues)


@pytest.mark.parametrize("multiplicative", [False, True])
@pytest.mark.parametrize(("alpha", "beta", "gamma"), [(0.3, 0.1, 0.2), (0.7, 0.02, 0.5)])
def test_holt_winters_equals_statsmodels(
    multiplicative: bool, alpha: float, beta: float, gamma: float
) -> None:
    y = [float(v) for v in SERIES]
    m, h = 12, 26
    ours = models.holt_winters(y, alpha, beta, gamma, m, h, multiplicative=multiplicative)
    level0 = sum(y[:m]) / m
    trend0 = (sum(y[m : 2 * m]) / m - level0) / m
    seasons = [v / level0 if multiplicative else v - level0 for v in y[:m]]
    fit = ExponentialSmoothing(
        np.array(y),
        trend="add",
        seasonal="mul" if multiplicative else "add",
        seasonal_periods=m,
        initialization_method="known",
        initial_level=level0,
        initial_trend=trend0,
        initial_seasonal=seasons,
    ).fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma, optimized=False)
    _close([f for f in ours.fits if f is not None], fit.fittedvalues)
    theirs = fit.forecast(h)
    level, trend = float(fit.level[-1]), float(fit.trend[-1])
    final = [float(s) for s in fit.season[-m:]]  # s for periods n−m+1 … n
    for step in range(1, h + 1):
        if step % m:
            assert abs(ours.forecast[step - 1] - float(theirs[step - 1])) < 1e-6, step
        # Hyndman: ŷₙ₊ₕ = (ℓₙ + h·bₙ) ⊕ sₙ₊ₕ₋ₘ₍ₖ₊₁₎, k = ⌊(h−1)/m⌋: the latest factor.
        season = final[(step - 1) % m]
        base = level + step * trend
        expected = base * season if multiplicative else base + season
        assert abs(ours.forecast[step - 1] - expected) < 1e-6, step


def test_the_exact_result_equals_the_float_models() -> None:
    """What the page shows (decimals, fixed parameters) is statsmodels' answer to the cent."""
    history = " ".join(str(v) for v in SERIES)
    result = calculators.compute(
        "forecast",
        {
            "history": history,
            "method": "holt_winters",
            "alpha": "0.3",
            "beta": "0.1",
            "gamma": "0.2",
            "horizon": 11,
        },
    )
    y = [float(v) for v in SERIES]
    ours = models.holt_winters(y, 0.3, 0.1, 0.2, 12, 11, multiplicative=False)
    shown = [Decimal(p["forecast"]) for p in result["forecast"]]
    assert shown == [Decimal(repr(v)).quantize(Decimal("0.01")) for v in ours.forecast]
    assert result["fitted"] is False


def test_auto_picks_the_seasonal_model_for_seasonal_data_and_says_why() -> None:
    result = calculators.compute("forecast", {"start": "2024-01"})  # the page's sample
    assert result["method"] == "holt_winters"
    assert result["holdout"] == 12
    errors = {trial["method"]: trial["mae"] for trial in result["trials"]}
    assert set(errors) == {"moving_average", "ses", "holt", "holt_winters"}
    assert min(errors, key=lambda m: Decimal(errors[m] or "inf")) == "holt_winters"
    assert result["forecast"][0]["label"] == "2027-01"
    html = calculators.render_result("forecast", result, "zh")
    assert "误差最小的是「Holt-Winters 季节平滑」" in html
    assert "前 24 期拟合、预测最后 12 期" in html


def test_auto_without_enough_history_for_a_season_says_it_was_not_tried() -> None:
    history = " ".join(str(v) for v in SERIES[:24])
    result = calculators.compute("forecast", {"history": history})
    trials = {trial["method"]: trial["mae"] for trial in result["trials"]}
    assert trials["holt_winters"] is None
    html = calculators.render_result("forecast", result, "zh")
    assert "Holt-Winters 季节平滑（历史不够，未参与）" in html


def test_zero_actuals_are_left_out_of_mape_and_said() -> None:
    history = "0 12 11 13 0 14 13 15 14 16 15 17"
    result = calculators.compute(
        "forecast", {"history": history, "method": "ses", "alpha": "0.5", "season_length": 1}
    )
    assert result["zero_skipped"] == 1  # period 5 (period 1 has no fit)
    html = calculators.render_result("forecast", result, "zh")
    assert "有 1 期实际值为 0" in html


def test_a_fitted_parameter_is_the_best_to_four_decimals() -> None:
    """The fitted α gives a smaller one-step error than its neighbours 0.01 either side."""
    history = " ".join(str(v) for v in SERIES[:24])
    result = calculators.compute(
        "forecast", {"history": history, "method": "ses", "season_length": 1}
    )
    alpha = float(result["params"]["alpha"])
    y = [float(v) for v in SERIES[:24]]

    def cost(a: float) -> float:
        return models.sse(models.ses(y, a, 1), y)

    assert result["fitted"] is True
    for other in (alpha - 0.01, alpha + 0.01):
        if 0 < other <= 1:
            assert cost(alpha) <= cost(other)


def test_the_lower_bound_never_goes_below_zero_for_sales() -> None:
    history = "5 0 9 0 12 0 3 0 15 0 8 1"
    result = calculators.compute(
        "forecast", {"history": history, "method": "ses", "alpha": "0.5", "season_length": 1}
    )
    assert all(Decimal(p["low"]) >= 0 for p in result["forecast"])
    assert Decimal(result["forecast"][0]["low"]) == 0  # the band was cut at zero


_levels = st.integers(min_value=1, max_value=10**9)
_methods = st.sampled_from(["moving_average", "ses", "holt", "holt_winters", "auto"])


@settings(max_examples=25, deadline=None)
@given(level=_levels, method=_methods, periods=st.integers(min_value=24, max_value=48))
def test_a_constant_history_forecasts_the_constant(level: int, method: str, periods: int) -> None:
    result = calculators.compute(
        "forecast",
        {"history": " ".join([str(level)] * periods), "method": method, "horizon": 5},
    )
    assert {p["forecast"] for p in result["forecast"]} == {f"{level}.00"}
    assert result["rmse"] == "0.00"


@settings(max_examples=25, deadline=None)
@given(
    start=st.integers(min_value=-1000, max_value=10**6),
    step=st.integers(min_value=-500, max_value=5000),
    alpha=st.sampled_from(["0.2", "0.5", "0.9"]),
    beta=st.sampled_from(["0.1", "0.5", "1"]),
)
def test_holt_extrapolates_a_straight_line_exactly(
    start: int, step: int, alpha: str, beta: str
) -> None:
    history = " ".join(str(start + step * i) for i in range(12))
    result = calculators.compute(
        "forecast",
        {"history": history, "method": "holt", "alpha": alpha, "beta": beta, "horizon": 4},
    )
    expected = [f"{Decimal(start + step * (11 + h)):.2f}" for h in range(1, 5)]
    assert [p["forecast"] for p in result["forecast"]] == expected


@settings(max_examples=20, deadline=None)
@given(
    factor=st.sampled_from([2, 3, 10, 100]),
    method=st.sampled_from(["moving_average", "ses", "holt", "holt_winters"]),
)
def test_scaling_the_history_scales_the_forecast(factor: int, method: str) -> None:
    """Fixed parameters: every forecast scales with the data (to the cent, after rounding)."""
    fixed = {"alpha": "0.3", "beta": "0.1", "gamma": "0.2", "window": 3}
    base = calculators.compute(
        "forecast", {"history": " ".join(map(str, SERIES)), "method": method, **fixed}
    )
    scaled = calculators.compute(
        "forecast",
        {"history": " ".join(str(v * factor) for v in SERIES), "method": method, **fixed},
    )
    for one, other in zip(base["forecast"], scaled["forecast"], strict=True):
        assert abs(Decimal(one["forecast"]) * factor - Decimal(other["forecast"])) <= Decimal(
            "0.01"
        ) * (factor + 1)
    assert base["mape"] == scaled["mape"]


def test_errors_name_the_field_in_chinese() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(
            "forecast", {"history": "1 2 3 4 5 6 7 8 9 10 11 12 13 14", "method": "holt_winters"}
        )
    assert caught.value.errors[0].message("zh") == (
        "「历史数据」只有 14 期：Holt-Winters 需要至少两个完整周期（24 期）。"
    )


def test_a_pasted_period_column_labels_the_periods_unless_a_first_period_is_typed() -> None:
    values = [82, 76, 95, 101, 108, 112, 104, 99, 118, 126, 139, 168]
    months = "月份\t销售额（万元）\n" + "\n".join(
        f"2024-{m:02d}-28\t{v}" for m, v in enumerate(values, start=1)
    )
    result = calculators.compute("forecast", {"history": months, "season_length": 1})
    assert result["inputs"]["history"][0] == "820000.00"  # the header's 万元
    assert [result["history"][0]["label"], result["forecast"][0]["label"]] == [
        "2024-01",
        "2025-01",
    ]
    typed = calculators.compute(
        "forecast", {"history": months, "season_length": 1, "start": "2020-05"}
    )
    assert typed["forecast"][0]["label"] == "2021-05"
    quarters = "季度\t销售额\n" + "\n".join(
        f"{2022 + i // 4}Q{i % 4 + 1}\t{100 + i}" for i in range(12)
    )
    result = calculators.compute("forecast", {"history": quarters, "season_length": 4})
    assert result["forecast"][0]["label"] == "2025Q1"
    # Without a period column the periods are numbered.
    plain = calculators.compute("forecast", {"history": " ".join(map(str, values))})
    assert plain["forecast"][0]["label"] == "13"


def test_auto_on_a_short_history_still_tries_the_models() -> None:
    """Twelve months with a twelve-month season: a third is held out, not all of it."""
    result = calculators.compute("forecast", {"history": " ".join(map(str, SERIES[:12]))})
    assert result["holdout"] == 4
    tried = [trial for trial in result["trials"] if trial["mae"] is not None]
    assert {trial["method"] for trial in tried} == {"moving_average", "ses", "holt"}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(min_value=1, max_value=1e7), min_size=24, max_size=48),
    st.floats(min_value=0.0001, max_value=1),
    st.floats(min_value=0.0001, max_value=1),
    st.floats(min_value=0.0001, max_value=1),
    st.sampled_from([2, 4, 12]),
    st.booleans(),
)
def test_the_fast_fitting_criterion_is_the_models_own_to_the_last_bit(
    y: list[float], alpha: float, beta: float, gamma: float, season: int, multiplicative: bool
) -> None:
    """Fitting uses sse_* (no fits kept): each must give exactly ``sse`` of its model's run,
    bit for bit, or the fitted parameters, and so the page's figures, could move."""
    assert models.sse_ses(y, alpha) == models.sse(models.ses(y, alpha, 1), y)
    assert models.sse_holt(y, alpha, beta) == models.sse(models.holt(y, alpha, beta, 1), y)
    run = models.holt_winters(y, alpha, beta, gamma, season, 1, multiplicative=multiplicative)
    fast = models.sse_holt_winters(y, alpha, beta, gamma, season, multiplicative)
    assert fast == models.sse(run, y)
