"""Sales commission under a tiered plan: marginal and retroactive side by side."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.CommissionResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
