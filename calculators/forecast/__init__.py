"""Forecast from history: moving average, exponential smoothing, Holt and Holt-Winters."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.ForecastResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
