"""The inputs of the kpi calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..formula import FormulaError
from ..spec import Field
from .maths import UNITS, _formula, _FormulaInputError

FIELDS = (
    Field("formula", "text", max_length=500, hidden=True),
    Field("unit", "choice", default="number", choices=UNITS, hidden=True),
    Field("values", "mapping", default={}, percent_keys="percent"),
    # The variables that are percentages (their worked example is written with %), e.g. 毛利率:
    # the form reads them as rates (40 → 40%, 0.4 is asked about), like every other rate field.
    Field("percent", "text", default=None, required=False, hidden=True, max_length=500),
)


def check(values: dict[str, Any]) -> None:
    formula = _formula(values)
    given: dict[str, Decimal] = values["values"]
    for name in formula.names:
        if name not in given:
            raise _FormulaInputError("values", FormulaError("formula.missing", name=name))
    for name in given:
        if name not in formula.names:
            raise InputError(name, "error.unknown_field", known="、".join(formula.names))
