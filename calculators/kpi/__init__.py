"""A KPI from its formula: the small live calculator on every KPI of the dictionary.

The package: ``maths`` (the calculation), ``inputs`` (fields and checks), ``view`` (the
result panel) and ``messages.json`` (its text, loaded with it).
"""

from __future__ import annotations

from pathlib import Path

from ..messages import load
from ..spec import Calculator
from .inputs import FIELDS, check
from .maths import ID, compute
from .result import HEADLINE, KpiResult
from .view import render

load(Path(__file__).with_name("messages.json"))

CALCULATOR: Calculator[KpiResult] = Calculator(
    id=ID, fields=FIELDS, compute=compute, render=render, headline=HEADLINE, check=check
)

__all__ = ["CALCULATOR"]
