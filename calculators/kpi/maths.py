"""A KPI from its formula: the small live calculator on every KPI of the dictionary.

Inputs are the KPI's formula (carried, not shown), its display unit and one value per formula
variable. The formula language is :mod:`calculators.formula` (never ``eval``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..formula import Formula, FormulaError, parse
from ..messages import t
from ..money import plain_str, quantize_rate
from .result import KpiResult

ID = "kpi"
UNITS = ("number", "percent", "money", "days", "ratio", "count")


class _FormulaInputError(InputError):
    """A formula problem reported as an input error of ``field`` (message from the catalog)."""

    def __init__(self, field: str, error: FormulaError) -> None:
        super().__init__(field, "kpi.error.formula")
        self.formula_error = error

    def message(self, lang: str = "zh") -> str:
        label = self.labels.get(lang) or self.field
        detail = t(self.formula_error.key, lang, **self.formula_error.params)
        return t("kpi.error.formula", lang, field=label, detail=detail)


def _formula(values: dict[str, Any]) -> Formula:
    try:
        return parse(str(values["formula"]))
    except FormulaError as error:
        raise _FormulaInputError("formula", error) from None


def compute(values: dict[str, Any]) -> KpiResult:
    formula = _formula(values)
    variables: dict[str, Decimal] = values["values"]
    try:
        result = formula.evaluate(variables)
    except FormulaError as error:
        raise _FormulaInputError("values", error) from None
    return {
        "calculator": ID,
        "formula": formula.text,
        "unit": values["unit"],
        "variables": {name: plain_str(variables[name]) for name in formula.names},
        "value": plain_str(quantize_rate(result)),
    }
