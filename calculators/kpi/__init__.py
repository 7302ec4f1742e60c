"""A KPI from its formula: the small live calculator on every KPI of the dictionary."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.KpiResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
