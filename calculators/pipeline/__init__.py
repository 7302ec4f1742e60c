"""The weighted pipeline from a CRM opportunity export: forecast by month with its spread,
coverage of the period's target and overdue deals."""

from __future__ import annotations

from ..package import assemble
from ..spec import Calculator
from . import inputs, maths, result, view

CALCULATOR: Calculator[result.PipelineResult] = assemble(__file__, inputs, maths, view, result)

__all__ = ["CALCULATOR"]
