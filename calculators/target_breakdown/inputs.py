"""The inputs of the target breakdown calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..errors import InputError, InputErrors
from ..money import (
    CENT,
    CONTEXT,
    MAX_ABS,
)
from ..spec import Field
from .maths import MAX_UNITS, MONTHS, _check_target, _target, _units_of_step

DEFAULT_UNITS = [{"name": "全公司", "weight": Decimal(1), "commitment": None}]


def _rate(name: str, **kwargs: Any) -> Field:
    return Field(name, "rate", default=None, required=False, **kwargs)


FIELDS = (
    Field("total", "money", default=None, required=False, unit="unit.yuan"),
    Field("base", "money", default=None, required=False, unit="unit.yuan"),
    _rate("growth_rate", min=Decimal("-0.99"), max=Decimal(5)),
    Field("months", "number_list", default=None, required=False, max_items=MONTHS),
    Field(
        "units",
        "records",
        default=DEFAULT_UNITS,
        max_items=MAX_UNITS,
        columns=(
            Field("name", "text", max_length=20),
            Field("weight", "number"),
            Field("commitment", "money", default=None, required=False, unit="unit.yuan"),
        ),
    ),
    Field("round_to", "money", default=Decimal(1), min=CENT, unit="unit.yuan"),
    Field("over_assign", "rate", default="0", max=Decimal(1)),
    Field(
        "working_days",
        "number_list",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(31),
        max_items=MONTHS,
        advanced=True,
    ),
    _rate("market_growth", min=Decimal("-0.99"), max=Decimal(5), advanced=True),
    Field("avg_deal_size", "money", default=None, required=False, unit="unit.yuan"),
    _rate("win_rate", max=Decimal(1)),
)


def check(values: dict[str, Any]) -> None:
    """Cross-field rules: a target, 12 months, positive weights, a step that fits the total."""
    errors = _check_target(values)
    months: list[Decimal] | None = values.get("months")
    if months is not None and len(months) != MONTHS:
        errors.append(
            InputError("months", "target_breakdown.error.twelve_months", count=len(months))
        )
    elif months is not None and not any(months):
        errors.append(InputError("months", "target_breakdown.error.zero_weights"))
    units: list[dict[str, Any]] = values["units"]
    if not any(unit["weight"] for unit in units):
        errors.append(InputError("units", "target_breakdown.error.zero_weights"))
    names = [str(unit["name"]) for unit in units]
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice is not None:
        errors.append(InputError("units", "target_breakdown.error.duplicate_name", name=twice))
    step: Decimal = values["round_to"]
    with localcontext(CONTEXT):
        if step % CENT:
            errors.append(InputError("round_to", "target_breakdown.error.not_cents"))
    days: list[Decimal] | None = values.get("working_days")
    if days is not None and len(days) not in (1, MONTHS):
        errors.append(
            InputError("working_days", "target_breakdown.error.days_count", count=len(days))
        )
    deal, win = values.get("avg_deal_size"), values.get("win_rate")
    if (deal is None) != (win is None):
        missing = "win_rate" if win is None else "avg_deal_size"
        errors.append(InputError(missing, "target_breakdown.error.funnel_incomplete"))
    for name, value in (("avg_deal_size", deal), ("win_rate", win)):
        if value is not None and value <= 0:
            errors.append(InputError(name, "target_breakdown.error.not_positive"))
    if errors:
        raise InputErrors(errors)
    target, _, _, how = _target(values)
    with localcontext(CONTEXT):
        assigned = target * (1 + values["over_assign"])
    if assigned >= MAX_ABS:
        source = "base" if how == "growth" else "total"
        raise InputError(source, "target_breakdown.error.total_too_large")
    if _units_of_step(assigned, step) == 0:
        raise InputError("round_to", "target_breakdown.error.step_too_coarse")
