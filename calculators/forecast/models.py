"""The forecasting models: moving average, simple exponential smoothing, Holt's linear trend and
Holt-Winters (additive or multiplicative season), one recursion each.

Each model is written once over a numeric type ``N`` (``float`` or ``Decimal``): the parameters
are fitted in floats (hundreds of runs), then the chosen parameters, rounded to 4 decimals, run
once more in exact decimals for every figure the page shows. Conventions (stated on the page):

- periods are numbered from 1; a *fit* is the one-step-ahead forecast of a period from the
  periods before it (``None`` where the model has no forecast yet);
- moving average: the mean of the last ``window`` values, for every future period;
- simple exponential smoothing: ℓ₁ = y₁, ℓₜ = α·yₜ + (1−α)·ℓₜ₋₁; every forecast is ℓₙ;
- Holt: ℓ₂ = y₂, b₂ = y₂ − y₁ (fits from period 3), ℓₜ = α·yₜ + (1−α)(ℓₜ₋₁ + bₜ₋₁),
  bₜ = β(ℓₜ − ℓₜ₋₁) + (1−β)bₜ₋₁; the forecast h periods ahead is ℓₙ + h·bₙ;
- Holt-Winters with season length m (at least two full seasons of history): ℓ₀ is the mean of
  the first season, b₀ = (mean of the second season − ℓ₀) / m, sᵢ = yᵢ − ℓ₀ (additive) or
  yᵢ / ℓ₀ (multiplicative) for the first season; then for every period
  ℓₜ = α(yₜ − sₜ₋ₘ) + (1−α)(ℓₜ₋₁ + bₜ₋₁) (÷ sₜ₋ₘ when multiplicative),
  bₜ = β(ℓₜ − ℓₜ₋₁) + (1−β)bₜ₋₁, sₜ = γ(yₜ − ℓₜ₋₁ − bₜ₋₁) + (1−γ)sₜ₋ₘ
  (γ·yₜ / (ℓₜ₋₁ + bₜ₋₁) when multiplicative); forecast ℓₙ + h·bₙ plus (times) the season's s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

#: The models, simplest first (``auto`` prefers the simpler one on a tie).
MODELS = ("moving_average", "ses", "holt", "holt_winters")


@dataclass
class Run[T: (float, Decimal)]:
    """What one model made of a history: the fits, the forecasts and its final state."""

    fits: list[T | None]
    forecast: list[T]
    #: The final state, for explain-the-math: level, trend, the season's factors (next first).
    level: T | None = None
    trend: T | None = None
    seasonal: list[T] = field(default_factory=list)


def moving_average[N: (float, Decimal)](y: Sequence[N], window: int, horizon: int) -> Run[N]:
    fits: list[N | None] = [None] * len(y)
    for t in range(window, len(y)):
        fits[t] = sum(y[t - window : t], y[0] * 0) / window
    mean = sum(y[len(y) - window :], y[0] * 0) / window
    return Run(fits, [mean] * horizon, level=mean)


def ses[N: (float, Decimal)](y: Sequence[N], alpha: N, horizon: int) -> Run[N]:
    fits: list[N | None] = [None] * len(y)
    level = y[0]
    for t in range(1, len(y)):
        fits[t] = level
        level = alpha * y[t] + (1 - alpha) * level
    return Run(fits, [level] * horizon, level=level)


def holt[N: (float, Decimal)](y: Sequence[N], alpha: N, beta: N, horizon: int) -> Run[N]:
    fits: list[N | None] = [None] * len(y)
    level, trend = y[1], y[1] - y[0]
    for t in range(2, len(y)):
        fits[t] = level + trend
        previous = level
        level = alpha * y[t] + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
    forecast = [level + h * trend for h in range(1, horizon + 1)]
    return Run(fits, forecast, level=level, trend=trend)


def holt_winters[N: (float, Decimal)](
    y: Sequence[N],
    alpha: N,
    beta: N,
    gamma: N,
    season: int,
    horizon: int,
    *,
    multiplicative: bool,
) -> Run[N]:
    """Needs ``len(y) >= 2 * season``; multiplicative needs a positive first-season mean."""
    zero = y[0] * 0
    first = sum(y[:season], zero) / season
    second = sum(y[season : 2 * season], zero) / season
    level, trend = first, (second - first) / season
    factors = [(v / first if multiplicative else v - first) for v in y[:season]]
    fits: list[N | None] = [None] * len(y)
    for t, value in enumerate(y):
        s = factors[t % season]
        base = level + trend
        fits[t] = base * s if multiplicative else base + s
        previous = level
        if multiplicative:
            level = alpha * (value / s) + (1 - alpha) * base
            factors[t % season] = gamma * (value / base) + (1 - gamma) * s
        else:
            level = alpha * (value - s) + (1 - alpha) * base
            factors[t % season] = gamma * (value - base) + (1 - gamma) * s
        trend = beta * (level - previous) + (1 - beta) * trend
    n = len(y)
    forecast = []
    for h in range(1, horizon + 1):
        s = factors[(n + h - 1) % season]
        base = level + h * trend
        forecast.append(base * s if multiplicative else base + s)
    upcoming = [factors[(n + i) % season] for i in range(season)]
    return Run(fits, forecast, level=level, trend=trend, seasonal=upcoming)


def sse(run: Run[float], y: Sequence[float]) -> float:
    """Sum of squared one-step-ahead errors (the fitting criterion)."""
    return sum(
        (value - fit) ** 2 for value, fit in zip(y, run.fits, strict=True) if fit is not None
    )


# --- the fitting criterion, fast -----------------------------------------------------------------
#
# Fitting runs a model hundreds of times for nothing but its squared one-step errors. These are
# the recursions above in floats, step for step the same arithmetic in the same order (so the
# same floats, and ``sum`` over the same squares: the same fitted parameters), without keeping
# the fits, the forecasts or the final state. tests/test_forecast.py holds each to ``sse`` of
# its model.


def sse_ses(y: Sequence[float], alpha: float) -> float:
    squares = []
    level = y[0]
    for value in y[1:]:
        squares.append((value - level) ** 2)
        level = alpha * value + (1 - alpha) * level
    return sum(squares)


def sse_holt(y: Sequence[float], alpha: float, beta: float) -> float:
    squares = []
    level, trend = y[1], y[1] - y[0]
    for value in y[2:]:
        base = level + trend
        squares.append((value - base) ** 2)
        previous = level
        level = alpha * value + (1 - alpha) * base
        trend = beta * (level - previous) + (1 - beta) * trend
    return sum(squares)


def sse_holt_winters(
    y: Sequence[float], alpha: float, beta: float, gamma: float, season: int, multiplicative: bool
) -> float:
    first = sum(y[:season], 0.0) / season
    second = sum(y[season : 2 * season], 0.0) / season
    level, trend = first, (second - first) / season
    factors = [(v / first if multiplicative else v - first) for v in y[:season]]
    squares = []
    a1, b1, g1 = 1 - alpha, 1 - beta, 1 - gamma
    for t, value in enumerate(y):
        i = t % season
        s = factors[i]
        base = level + trend
        previous = level
        if multiplicative:
            squares.append((value - base * s) ** 2)
            level = alpha * (value / s) + a1 * base
            factors[i] = gamma * (value / base) + g1 * s
        else:
            squares.append((value - (base + s)) ** 2)
            level = alpha * (value - s) + a1 * base
            factors[i] = gamma * (value - base) + g1 * s
        trend = beta * (level - previous) + b1 * trend
    return sum(squares)
