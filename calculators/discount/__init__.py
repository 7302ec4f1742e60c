"""What a discount does to gross margin, the volume needed to make up for it, and who approves
it."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.DiscountResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
