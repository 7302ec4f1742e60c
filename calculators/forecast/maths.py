"""Forecast from history: moving average, exponential smoothing, Holt, Holt-Winters; ``auto``
picks the one that forecast a held-out stretch of the history best.

- Parameters not given are fitted by minimising the sum of squared one-step-ahead errors: a
  coarse grid, then golden-section search on each parameter in turn (floats), rounded to 4
  decimals. Every figure shown is then computed once more in exact decimals from those rounded
  parameters, and money is rounded half-up to the cent at the end.
- ``auto``: each model that has enough history is fitted on all but the last ``season_length``
  periods (3 without a season) and forecasts them; the lowest mean absolute error wins (ties go
  to the simpler model); the winner is refitted on the whole history.
- Errors of the one-step-ahead fits: RMSE, MAPE over periods whose actual is not zero (the others
  are counted and said), bias = mean(fit − actual) (positive: the model over-forecasts).
- 80 % interval: forecast ± 1.2816 × RMSE × √vₕ, vₕ from Hyndman & Athanasopoulos (FPP3,
  table 5.2 / 8.8): 1 for the moving average, 1 + (h−1)α² for SES, the Holt and additive
  Holt-Winters forms for those (the additive form is used for the multiplicative season too);
  the lower bound is not below 0 when the whole history is not negative.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, DecimalException, localcontext
from typing import Any

from ..errors import InputError, InputErrors
from ..money import CONTEXT, money_str, rate_str
from . import models
from .models import Run
from .result import ForecastFit, ForecastPeriod, ForecastResult, ForecastTrial

ID = "forecast"
METHODS = ("auto", *models.MODELS)
SEASONALITY = ("additive", "multiplicative")
MIN_PERIODS = 12
MAX_PERIODS = 60
#: Two-sided 80 %: the 90th percentile of the standard normal.
Z80 = Decimal("1.2816")
PARAM_PLACES = Decimal("0.0001")
#: Moving-average windows tried when none is given.
MAX_WINDOW = 12
_GOLDEN = (math.sqrt(5) - 1) / 2


# --- fitting (floats) --------------------------------------------------------------------------


def _golden(f: Callable[[float], float], low: float, high: float, steps: int = 18) -> float:
    """The minimum of a one-dimensional ``f`` on [low, high] by golden-section search."""
    a, b = low, high
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(steps):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = f(d)
    return (a + b) / 2


def _minimise(
    cost: Callable[[list[float]], float], fixed: list[float | None], grid: Sequence[float]
) -> list[float]:
    """The parameters (each in [0, 1]; ``fixed`` ones kept) with the lowest ``cost``: the best
    point of a coarse grid, then two rounds of golden-section search on each free parameter."""
    free = [i for i, value in enumerate(fixed) if value is None]
    best = [value if value is not None else 0.5 for value in fixed]
    if not free:
        return best
    best_cost = math.inf
    points: list[list[float]] = [[]]
    for _ in free:
        points = [[*p, g] for p in points for g in grid]
    for point in points:
        trial = list(best)
        for index, value in zip(free, point, strict=True):
            trial[index] = value
        value = cost(trial)
        if value < best_cost:
            best, best_cost = trial, value
    for _ in range(2):
        for index in free:

            def along(x: float, index: int = index) -> float:
                trial = list(best)
                trial[index] = x
                return cost(trial)

            best[index] = _golden(along, 0.0001, 1.0)
    return best


_PARAMS = {"moving_average": (), "ses": ("alpha",), "holt": ("alpha", "beta")}


def _names(method: str) -> tuple[str, ...]:
    return _PARAMS.get(method, ("alpha", "beta", "gamma"))


def _fit(method: str, y: Sequence[Decimal], values: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The method's parameters for history ``y`` (given ones kept, the others fitted), rounded;
    and whether any was fitted."""
    floats = [float(v) for v in y]
    if method == "moving_average":
        given = values.get("window")
        if given is not None:
            return {"window": int(given)}, False
        best_window, best_cost = 1, math.inf
        for window in range(1, min(MAX_WINDOW, len(y) - 1) + 1):
            run = models.moving_average(floats, window, 1)
            # Compare windows on the same periods: those every window has a fit for.
            start = min(MAX_WINDOW, len(y) - 1)
            squares = sum(
                (value - fit) ** 2
                for value, fit in zip(floats[start:], run.fits[start:], strict=True)
                if fit is not None
            )
            if squares < best_cost:
                best_window, best_cost = window, squares
        return {"window": best_window}, True
    names = _names(method)
    fixed = [None if values.get(n) is None else float(values[n]) for n in names]

    season = int(values["season_length"])
    multiplicative = values["seasonality"] == "multiplicative"

    def cost(params: list[float]) -> float:
        try:
            if method == "ses":
                return models.sse_ses(floats, params[0])
            if method == "holt":
                return models.sse_holt(floats, params[0], params[1])
            return models.sse_holt_winters(
                floats, params[0], params[1], params[2], season, multiplicative
            )
        except (ZeroDivisionError, OverflowError):
            return math.inf

    fitted = _minimise(cost, fixed, (0.1, 0.3, 0.5, 0.7, 0.9))
    out: dict[str, Any] = {}
    for name, value, given_value in zip(names, fitted, fixed, strict=True):
        if given_value is not None:
            out[name] = values[name]
        else:
            out[name] = max(PARAM_PLACES, Decimal(repr(value)).quantize(PARAM_PLACES))
    return out, any(v is None for v in fixed)


def _exact_run(
    method: str, y: Sequence[Decimal], params: dict[str, Any], values: dict[str, Any], h: int
) -> Run[Decimal]:
    if method == "moving_average":
        return models.moving_average(y, int(params["window"]), h)
    if method == "ses":
        return models.ses(y, params["alpha"], h)
    if method == "holt":
        return models.holt(y, params["alpha"], params["beta"], h)
    return models.holt_winters(
        y,
        params["alpha"],
        params["beta"],
        params["gamma"],
        int(values["season_length"]),
        h,
        multiplicative=values["seasonality"] == "multiplicative",
    )


def _usable(method: str, n: int, values: dict[str, Any]) -> bool:
    """Whether ``n`` periods are enough history for ``method``."""
    season = int(values["season_length"])
    if method == "holt_winters":
        return season > 1 and n >= 2 * season
    if method == "holt":
        return n >= 4
    if method == "moving_average" and values.get("window") is not None:
        return n > int(values["window"])
    return n >= 2


def _positive(y: Sequence[Decimal]) -> bool:
    return all(v > 0 for v in y)


# --- checks ------------------------------------------------------------------------------------


def check_inputs(values: dict[str, Any]) -> None:
    """History long enough for the method asked for; a multiplicative season needs history above
    zero; a window shorter than the history."""
    history: list[Decimal] = values["history"]
    season = int(values["season_length"])
    method = values["method"]
    n = len(history)
    errors: list[InputError] = []
    if method == "holt_winters":
        if season < 2:
            errors.append(InputError("season_length", "forecast.error.no_season"))
        elif n < 2 * season:
            errors.append(
                InputError("history", "forecast.error.two_seasons", need=2 * season, have=n)
            )
    multiplicative = values["seasonality"] == "multiplicative"
    if multiplicative and method in ("holt_winters", "auto") and not _positive(history):
        errors.append(InputError("seasonality", "forecast.error.multiplicative_positive"))
    try:
        parse_start(values.get("start"))
    except InputError as error:
        errors.append(error)
    window = values.get("window")
    if window is not None and int(window) >= n:
        errors.append(InputError("window", "forecast.error.window_too_long", have=n))
    if values.get("alpha") is not None and values["alpha"] <= 0:
        errors.append(InputError("alpha", "forecast.error.alpha_zero"))
    if errors:
        raise InputErrors(errors)


# --- the result --------------------------------------------------------------------------------


def _interval_factor(method: str, params: dict[str, Any], h: int, season: int) -> Decimal:
    """vₕ: how much wider than one step ahead the h-step forecast's spread is."""
    if method == "moving_average":
        return Decimal(1)
    alpha: Decimal = params["alpha"]
    if method == "ses":
        return 1 + (h - 1) * alpha * alpha
    beta = params["beta"]
    v = 1 + (h - 1) * (alpha * alpha + alpha * beta * h + beta * beta * h * (2 * h - 1) / 6)
    if method == "holt":
        return Decimal(v)
    gamma = params["gamma"]
    k = (h - 1) // season
    return Decimal(v + gamma * k * (2 * alpha + gamma + beta * season * (k + 1)))


def _errors(y: Sequence[Decimal], run: Run[Decimal]) -> dict[str, Any]:
    pairs = [(v, f) for v, f in zip(y, run.fits, strict=True) if f is not None]
    count = len(pairs)
    squares = sum(((f - v) ** 2 for v, f in pairs), Decimal(0))
    rmse = (squares / count).sqrt() if count else Decimal(0)
    bias = sum((f - v for v, f in pairs), Decimal(0)) / count if count else Decimal(0)
    nonzero = [(v, f) for v, f in pairs if v != 0]
    mape = (
        sum((abs(f - v) / abs(v) for v, f in nonzero), Decimal(0)) / len(nonzero)
        if nonzero
        else None
    )
    return {
        "rmse": rmse,
        "bias": bias,
        "mape": mape,
        "fitted_periods": count,
        "zero_skipped": count - len(nonzero),
    }


def _holdout(values: dict[str, Any]) -> int:
    season = int(values["season_length"])
    return season if season > 1 else 3


def _select(y: Sequence[Decimal], values: dict[str, Any]) -> tuple[str, list[ForecastTrial], int]:
    """``auto``: every model with enough history forecasts the held-out last periods from the
    ones before; the lowest mean absolute error wins."""
    # A short history keeps two thirds for fitting: 12 months with a 12-month season hold 4.
    hold = min(_holdout(values), max(1, len(y) // 3))
    train, test = y[: len(y) - hold], y[len(y) - hold :]
    trials: list[ForecastTrial] = []
    best: tuple[Decimal, int] | None = None
    chosen = "ses"
    multiplicative = values["seasonality"] == "multiplicative"
    for index, method in enumerate(models.MODELS):
        usable = _usable(method, len(train), values) and not (
            method == "holt_winters" and multiplicative and not _positive(train)
        )
        if not usable:
            trials.append({"method": method, "mae": None})
            continue
        params, _ = _fit(method, train, values)
        with localcontext(CONTEXT):
            run = _exact_run(method, train, params, values, hold)
            mae = sum((abs(f - v) for v, f in zip(test, run.forecast, strict=True)), Decimal(0))
            mae /= hold
        trials.append({"method": method, "mae": money_str(mae)})
        key = (mae.quantize(Decimal("0.01")), index)
        if best is None or key < best:
            best, chosen = key, method
    return chosen, trials, hold


_START = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|\s*[-/]?\s*[Qq季]\s*([1-4]))$")


def parse_start(text: str | None) -> tuple[int, int, str] | None:
    """``2024-01`` / ``2024/1`` / ``2024年1月`` (months) or ``2024Q1`` / ``2024-Q1`` (quarters)."""
    if not text:
        return None
    match = _START.match(text.strip())
    if match is None:
        raise InputError("start", "forecast.error.start")
    year = int(match[1])
    if match[2] is not None:
        month = int(match[2])
        if not 1 <= month <= 12:
            raise InputError("start", "forecast.error.start")
        return year, month, "month"
    return year, int(match[3]), "quarter"


def _label(start_text: str | None, index: int) -> str:
    """The period's label: ``2024-03`` / ``2024Q2`` from a start, else its number (from 1)."""
    start = parse_start(start_text)
    if start is None:
        return str(index + 1)
    year, part, kind = start
    if kind == "month":
        total = year * 12 + part - 1 + index
        return f"{total // 12}-{total % 12 + 1:02d}"
    total = year * 4 + part - 1 + index
    return f"{total // 4}Q{total % 4 + 1}"


def _start_from_table(history: object) -> str | None:
    """The first period of a pasted or opened table's period column (2024-01, 2024-01-31,
    2024年1月, 2024Q1), when it reads as a month or a quarter: the labels then follow the sheet."""
    periods = getattr(history, "periods", None)
    if not periods or not periods[0]:
        return None
    first = str(periods[0]).strip()
    month = re.match(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月]|$)", first)
    candidate = f"{month[1]}-{month[2]}" if month else first
    try:
        return candidate if parse_start(candidate) is not None else None
    except InputError:
        return None


def compute(values: dict[str, Any]) -> ForecastResult:
    history: list[Decimal] = values["history"]
    if not values.get("start"):
        values = {**values, "start": _start_from_table(history)}
    season = int(values["season_length"])
    horizon = int(values["horizon"])
    requested = values["method"]
    trials: list[ForecastTrial] | None = None
    hold: int | None = None
    method = requested
    if requested == "auto":
        method, trials, hold = _select(history, values)
    params, fitted = _fit(method, history, values)
    with localcontext(CONTEXT):
        try:
            run = _exact_run(method, history, params, values, horizon)
        except (ArithmeticError, DecimalException):
            # A multiplicative season whose level plus trend reaches zero divides by it.
            raise InputErrors([InputError("seasonality", "forecast.error.unstable")]) from None
        stats = _errors(history, run)
        floor = Decimal(0) if all(v >= 0 for v in history) else None
        periods: list[ForecastPeriod] = []
        for h, value in enumerate(run.forecast, start=1):
            spread = Z80 * stats["rmse"] * _interval_factor(method, params, h, season).sqrt()
            low = value - spread
            if floor is not None:
                low = max(low, floor)
            periods.append(
                {
                    "label": _label(values.get("start"), len(history) + h - 1),
                    "forecast": money_str(value),
                    "low": money_str(low),
                    "high": money_str(value + spread),
                }
            )
        total = sum((Decimal(p["forecast"]) for p in periods), Decimal(0))
        fits: list[ForecastFit] = [
            {
                "label": _label(values.get("start"), i),
                "actual": money_str(v),
                "fit": None if f is None else money_str(f),
            }
            for i, (v, f) in enumerate(zip(history, run.fits, strict=True))
        ]
    shown_params = {
        name: (str(value) if name == "window" else rate_str(value))
        for name, value in params.items()
    }
    return {
        "calculator": ID,
        "inputs": {
            "history": [money_str(v) for v in history],
            "season_length": season,
            "horizon": horizon,
            "method": requested,
            "seasonality": values["seasonality"],
            "window": None if values.get("window") is None else int(values["window"]),
            "alpha": None if values.get("alpha") is None else rate_str(values["alpha"]),
            "beta": None if values.get("beta") is None else rate_str(values["beta"]),
            "gamma": None if values.get("gamma") is None else rate_str(values["gamma"]),
            "start": values.get("start") or None,
        },
        "method": method,
        "params": shown_params,
        "fitted": fitted,
        "trials": trials,
        "holdout": hold,
        "next_period": periods[0]["forecast"],
        "horizon_total": money_str(total),
        "mape": None if stats["mape"] is None else rate_str(stats["mape"]),
        "rmse": money_str(stats["rmse"]),
        "bias": money_str(stats["bias"]),
        "fitted_periods": stats["fitted_periods"],
        "zero_skipped": stats["zero_skipped"],
        "history": fits,
        "forecast": periods,
        "mapping": getattr(history, "mapping", None),
        "state": {
            "level": None if run.level is None else money_str(run.level),
            "trend": None if run.trend is None else money_str(run.trend),
            "seasonal": [
                rate_str(s) if values["seasonality"] == "multiplicative" else money_str(s)
                for s in run.seasonal
            ],
        },
    }
