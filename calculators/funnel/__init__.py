"""Funnel back-calculation from a sales target, sales velocity, and a weighted pipeline forecast."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.FunnelResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
