"""The forecast calculator's result, typed so that mypy checks every key the maths writes and the
view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import TypedDict

from ..tables.fields import ColumnMapping


class ForecastInputs(TypedDict):
    history: list[str]
    season_length: int
    horizon: int
    method: str
    seasonality: str
    window: int | None
    alpha: str | None
    beta: str | None
    gamma: str | None
    start: str | None


class ForecastTrial(TypedDict):
    """``auto``: one model's mean absolute error on the held-out periods (None: too little
    history for it)."""

    method: str
    mae: str | None


class ForecastFit(TypedDict):
    label: str
    actual: str
    fit: str | None


class ForecastPeriod(TypedDict):
    label: str
    forecast: str
    low: str
    high: str


class ForecastState(TypedDict):
    level: str | None
    trend: str | None
    seasonal: list[str]


class ForecastResult(TypedDict):
    calculator: str
    inputs: ForecastInputs
    method: str
    params: dict[str, str]
    fitted: bool
    trials: list[ForecastTrial] | None
    holdout: int | None
    next_period: str
    horizon_total: str
    mape: str | None
    rmse: str
    bias: str
    fitted_periods: int
    zero_skipped: int
    history: list[ForecastFit]
    forecast: list[ForecastPeriod]
    #: Which column of a pasted or opened table was read as what (``None``: typed numbers).
    mapping: ColumnMapping | None
    state: ForecastState


#: The headline figures, in the order the cards show them (the page contract).
HEADLINE = ("next_period", "horizon_total", "mape", "method")
