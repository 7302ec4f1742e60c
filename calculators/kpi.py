"""A KPI from its formula: the small live calculator on every KPI of the dictionary.

Inputs are the KPI's formula (carried, not shown), its display unit and one value per formula
variable. The formula language is :mod:`calculators.formula` (never ``eval``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import InputError
from .formula import Formula, FormulaError, parse
from .html import Markup, join
from .messages import register, t
from .money import format_by_unit, format_number, plain_str, quantize_rate
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "kpi"
UNITS = ("number", "percent", "money", "days", "ratio", "count")

MESSAGES: dict[str, tuple[str, str]] = {
    "kpi.title": ("指标计算", "KPI calculator"),
    "kpi.formula.label": ("公式", "Formula"),
    "kpi.formula.help": ("指标词典中定义的计算公式。", "The formula from the KPI dictionary."),
    "kpi.unit.label": ("单位", "Unit"),
    "kpi.unit.help": ("结果的显示方式。", "How the result is shown."),
    "kpi.values.label": ("变量", "Variables"),
    "kpi.values.help": (
        "公式中每个变量的值，可以写 100万、12% 等。",
        "A value for each variable of the formula, e.g. 100万 or 12%.",
    ),
    "kpi.out.value": ("计算结果", "Result"),
    "kpi.explain": ("{formula} = {substituted} = {value}", "{formula} = {substituted} = {value}"),
    "kpi.table.caption": ("变量取值", "Variable values"),
    "kpi.col.name": ("变量", "Variable"),
    "kpi.col.value": ("取值", "Value"),
    "kpi.convention": (
        "按公式精确计算（十进制），比率保留 6 位小数，金额四舍五入到分。",
        "Computed exactly from the formula (decimal); ratios to 6 places, amounts to the cent.",
    ),
    "kpi.unit.number": ("数值", "number"),
    "kpi.unit.percent": ("百分比", "percent"),
    "kpi.unit.money": ("金额（元）", "amount (CNY)"),
    "kpi.unit.days": ("天", "days"),
    "kpi.unit.ratio": ("倍数", "ratio"),
    "kpi.unit.count": ("个数", "count"),
    "kpi.error.formula": ("「{field}」：{detail}", "“{field}”: {detail}"),
}
register(MESSAGES)

FIELDS = (
    Field("formula", "text", max_length=500, hidden=True),
    Field("unit", "choice", default="number", choices=UNITS, hidden=True),
    Field("values", "mapping", default={}, percent_keys="percent"),
    # The variables that are percentages (their worked example is written with %), e.g. 毛利率:
    # the form reads them as rates (40 → 40%, 0.4 is asked about), like every other rate field.
    Field("percent", "text", default=None, required=False, hidden=True, max_length=500),
)


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


def check(values: dict[str, Any]) -> None:
    formula = _formula(values)
    given: dict[str, Decimal] = values["values"]
    for name in formula.names:
        if name not in given:
            raise _FormulaInputError("values", FormulaError("formula.missing", name=name))
    for name in given:
        if name not in formula.names:
            raise InputError(name, "error.unknown_field", known="、".join(formula.names))


def compute(values: dict[str, Any]) -> dict[str, Any]:
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


def render(result: dict[str, Any], lang: str) -> Markup:
    unit = result["unit"]
    value = Decimal(result["value"])
    shown = format_by_unit(value, unit, lang)
    names = list(result["variables"])
    substituted = parse(result["formula"]).substitute(
        {name: format_number(Decimal(result["variables"][name])) for name in names}
    )
    cards = headline([("value", t("kpi.out.value", lang), result["value"], shown)])
    rows = [[name, (format_number(Decimal(v)), v)] for name, v in result["variables"].items()]
    return result_panel(
        cards,
        join(
            [
                explain(
                    [
                        t(
                            "kpi.explain",
                            lang,
                            formula=result["formula"],
                            substituted=substituted,
                            value=shown,
                        )
                    ],
                    lang,
                ),
                table(
                    t("kpi.table.caption", lang),
                    [t("kpi.col.name", lang), t("kpi.col.value", lang)],
                    rows,
                    export=True,
                ),
                conventions([t("kpi.convention", lang)], lang),
            ]
        ),
        lang,
    )


CALCULATOR = Calculator(
    id=ID, fields=FIELDS, compute=compute, render=render, headline=("value",), check=check
)

__all__ = ["CALCULATOR", "compute", "render"]
