"""A bonus paid by attainment along a payout curve: the team pool, 售前 and 客户成功 bonuses."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.BonusResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
