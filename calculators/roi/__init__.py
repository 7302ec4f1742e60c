"""Return on investment for a purchase the prospect is weighing."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.RoiResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
