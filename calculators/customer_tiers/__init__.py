"""Customer tiers from a team's own orders: RFM segments, ABC by revenue, churn warnings."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.TiersResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
