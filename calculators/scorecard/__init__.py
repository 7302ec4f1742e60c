"""A weighted KPI scorecard: S = Σ wᵢ · min(ratioᵢ, capᵢ), graded by score bands."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.ScorecardResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
