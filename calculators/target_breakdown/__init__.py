"""Target breakdown: a yearly sales target split over months and units (regions, teams, reps)."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.TargetBreakdownResult] = assemble(
    __file__, inputs, maths, view, result
)

__all__ = ["CALCULATOR"]
