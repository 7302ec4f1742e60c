"""The inputs of the commission calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..errors import InputError, InputErrors
from ..money import (
    CENT,
    CONTEXT,
    MAX_ABS,
    format_number,
    format_percent,
    quantize_money,
)
from ..spec import Field
from .maths import (
    BASES,
    DRAW_TYPES,
    ID,
    MAX_ATTAINMENT,
    MAX_DEALS,
    MAX_PERIODS,
    METHODS,
    _sales_of,
)
from .pay import _incentive
from .schedule import schedule_of

DEFAULT_TIERS: list[dict[str, object]] = [
    {"from": "0", "rate": "3%"},
    {"from": "50万", "rate": "5%"},
    {"from": "100万", "rate": "8%"},
]


def _threshold(name: str, **kwargs: Any) -> Field:
    """A tier start, gate or cap: an amount, or a percentage of the quota when tiers go by
    attainment (where 150 % is normal, so a bare 1.5 is asked about: 150 % or 1.5 %?)."""
    attainment = ("tier_basis", "attainment")
    return Field(name, "number", percent_when=attainment, ambiguous_below=Decimal(10), **kwargs)


def _optional_money(name: str, **kwargs: Any) -> Field:
    return Field(name, "money", default=None, required=False, unit="unit.yuan", **kwargs)


FIELDS = (
    Field(
        "tiers",
        "records",
        default=DEFAULT_TIERS,
        columns=(
            _threshold("from"),
            Field("rate", "rate", max=Decimal(1)),
        ),
    ),
    Field("tier_basis", "choice", default="amount", choices=BASES),
    Field("method", "choice", default="marginal", choices=METHODS),
    _optional_money("quota", min=CENT),
    _optional_money("sales"),
    Field("prior_sales", "money", default=Decimal(0), unit="unit.yuan"),
    Field(
        "deals",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_DEALS,
        unit="unit.yuan",
    ),
    _threshold("gate", default=None, required=False, advanced=True),
    _threshold("cap", default=None, required=False, advanced=True),
    Field("discount", "rate", default=None, required=False, max=Decimal(1)),
    Field(
        "discount_factors",
        "records",
        default=None,
        required=False,
        columns=(
            Field("above", "rate", max=Decimal(1)),
            Field("factor", "rate", max=Decimal(1)),
        ),
        advanced=True,
    ),
    _optional_money("target_commission"),
    _optional_money("base_salary", advanced=True),
    _optional_money("target_incentive", min=CENT, advanced=True),
    _optional_money("draw", advanced=True),
    Field("draw_recoverable", "choice", default="recoverable", choices=DRAW_TYPES, advanced=True),
    Field(
        "period_commissions",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_PERIODS,
        unit="unit.yuan",
        advanced=True,
    ),
)


def _factor_error(values: dict[str, Any]) -> InputError | None:
    """Discount factors: boundaries rising below 100 %, factors never rising with the discount."""
    rows: list[dict[str, Any]] | None = values.get("discount_factors")
    for row, here in enumerate(rows or [], start=1):
        before = rows[row - 2] if rows and row > 1 else None
        if here["above"] >= 1:
            return _factor_cell(row, "above", "commission.error.factor_above_whole")
        if before is not None and here["above"] <= before["above"]:
            return _factor_cell(
                row,
                "above",
                "commission.error.factor_order",
                value=format_percent(here["above"]),
                previous=format_percent(before["above"]),
            )
        if before is not None and here["factor"] > before["factor"]:
            return _factor_cell(
                row,
                "factor",
                "commission.error.factor_rises",
                value=format_percent(here["factor"]),
                previous=format_percent(before["factor"]),
            )
    return None


def _factor_cell(row: int, column: str, key: str, **params: object) -> InputError:
    """An error of one cell of the discount-factor list, named by its row and column."""
    return InputError.in_cell(ID, "discount_factors", row, column, key, **params)


def check(values: dict[str, Any]) -> None:
    """Plan rules (tiers, quota, gate, cap, discount factors), sales vs deals, pay and draw."""
    errors = _plan_errors(values)
    factor_error = _factor_error(values)
    if factor_error is not None:
        errors.append(factor_error)
    discount: Decimal | None = values.get("discount")
    if discount is not None and discount >= 1:
        errors.append(InputError("discount", "commission.error.discount_whole"))
    sales: Decimal | None = values.get("sales")
    deals: list[Decimal] | None = values.get("deals")
    if sales is not None and deals is not None:
        with localcontext(CONTEXT):
            total = sum(deals, Decimal(0))
        if total != sales:
            errors.append(
                InputError(
                    "sales",
                    "commission.error.sales_vs_deals",
                    sales=format_number(sales),
                    total=format_number(total),
                )
            )
    with localcontext(CONTEXT):
        cumulative = values["prior_sales"] + _sales_of(values)
    if cumulative >= MAX_ABS:
        errors.append(
            InputError(
                "deals" if sales is None else "sales",
                "error.too_large",
                value=format_number(cumulative),
            )
        )
    draw: Decimal | None = values.get("draw")
    periods: list[Decimal] | None = values.get("period_commissions")
    if draw is not None and periods is None:
        errors.append(InputError("period_commissions", "commission.error.periods_needed"))
    if periods is not None and draw is None:
        errors.append(InputError("draw", "commission.error.draw_needed"))
    if errors:
        raise InputErrors(errors)
    base: Decimal | None = values.get("base_salary")
    if base is not None:
        incentive = _incentive(values, schedule_of(values))
        if incentive is None:
            raise InputError("target_incentive", "commission.error.incentive_needed")
        if quantize_money(base) + incentive[0] == 0:
            raise InputError("base_salary", "commission.error.ote_zero")


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    """An error of one cell of the tiers list, named by its row and column in both languages."""
    return InputError.in_cell(ID, "tiers", row, column, key, **params)


def _basis_text(value: Decimal, attainment: bool) -> str:
    return format_percent(value) if attainment else format_number(value)


def _tier_errors(values: dict[str, Any]) -> list[InputError]:
    tiers: list[dict[str, Any]] = values["tiers"]
    attainment = values["tier_basis"] == "attainment"
    cap: Decimal | None = values.get("cap")
    errors: list[InputError] = []
    for row, tier in enumerate(tiers, start=1):
        start: Decimal = tier["from"]
        shown = _basis_text(start, attainment)
        if row == 1 and start != 0:
            errors.append(_cell_error(row, "from", "commission.error.first_from", value=shown))
        elif row > 1 and start == tiers[row - 2]["from"]:
            errors.append(_cell_error(row, "from", "commission.error.tier_duplicate", value=shown))
        elif row > 1 and start < tiers[row - 2]["from"]:
            previous = _basis_text(tiers[row - 2]["from"], attainment)
            errors.append(
                _cell_error(
                    row, "from", "commission.error.tier_order", value=shown, previous=previous
                )
            )
        elif attainment and start > MAX_ATTAINMENT:
            errors.append(
                _cell_error(
                    row,
                    "from",
                    "commission.error.attainment_too_large",
                    value=shown,
                )
            )
        elif cap is not None and cap > 0 and start > cap:
            errors.append(
                _cell_error(
                    row,
                    "from",
                    "commission.error.tier_above_cap",
                    value=_basis_text(start, attainment),
                    cap=_basis_text(cap, attainment),
                )
            )
        if errors:
            break
    return errors


def _plan_errors(values: dict[str, Any]) -> list[InputError]:
    """Rules a plan file must meet on its own: tiers, quota for attainment, gate and cap."""
    attainment = values["tier_basis"] == "attainment"
    errors: list[InputError] = []
    if attainment and values.get("quota") is None:
        errors.append(InputError("quota", "commission.error.quota_needed"))
    gate: Decimal | None = values.get("gate")
    cap: Decimal | None = values.get("cap")
    for name, value in (("gate", gate), ("cap", cap)):
        if attainment and value is not None and value > MAX_ATTAINMENT:
            errors.append(
                InputError(
                    name,
                    "commission.error.attainment_too_large",
                    value=format_percent(value),
                )
            )
    if cap is not None and cap == 0:
        errors.append(InputError("cap", "commission.error.cap_zero"))
    elif cap is not None and gate is not None and cap < gate:
        errors.append(
            InputError(
                "cap",
                "commission.error.cap_below_gate",
                cap=_basis_text(cap, attainment),
                gate=_basis_text(gate, attainment),
            )
        )
    return _tier_errors(values) + errors
