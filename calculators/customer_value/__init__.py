"""Customer value: LTV, CAC payback, LTV:CAC, churn conversions, NRR / GRR and a retention
what-if."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.CustomerValueResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
