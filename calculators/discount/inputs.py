"""The inputs of the discount calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import InputError, InputErrors
from ..money import (
    MAX_ABS,
    format_percent,
    plain_str,
)
from ..spec import Field
from .maths import _too_precise

#: The house policy: an example each company should replace with its own (also written as the
#: plan file ``docs/plans/discount-policy.yml``).
#: A level may name a different approver for renewal opportunities (``renewal_approver``): the
#: renewal owner approves their own small discounts and their line manager the next level.
DEFAULT_LEVELS: list[dict[str, object]] = [
    {"max_discount": "5%", "approver": "销售代表", "renewal_approver": "客户成功经理"},
    {"max_discount": "10%", "approver": "销售经理", "renewal_approver": "客户成功部经理"},
    {"max_discount": "15%", "approver": "销售总监"},
    {"max_discount": "25%", "approver": "总经理"},
]

FIELDS = (
    Field("gross_margin", "rate", default="40%", max=Decimal(1)),
    Field("discount", "rate", default="10%", max=Decimal(1)),
    Field("list_price", "money", default=None, required=False, unit="unit.yuan"),
    Field("quantity", "number", default=None, required=False, unit="discount.unit.units"),
    Field("deal", "choice", default="new", choices=("new", "renewal")),
    Field(
        "approval_levels",
        "records",
        default=DEFAULT_LEVELS,
        columns=(
            Field("max_discount", "rate", max=Decimal(1)),
            Field("approver", "text", max_length=20),
            Field("renewal_approver", "text", max_length=20, required=False),
        ),
        advanced=True,
    ),
)


def check(values: dict[str, Any]) -> None:
    """Rates to 0.0001 %; a discount below 100 %; money needs a price; levels ascending."""
    errors: list[InputError] = []
    for name in ("gross_margin", "discount"):
        value: Decimal = values[name]
        if _too_precise(value):
            shown = plain_str(value * 100) + "%"
            errors.append(InputError(name, "discount.error.too_precise", value=shown))
    if values["discount"] >= 1:
        errors.append(InputError("discount", "discount.error.whole_price"))
    price: Decimal | None = values.get("list_price")
    quantity: Decimal | None = values.get("quantity")
    if price is not None and price == 0:
        errors.append(InputError("list_price", "discount.error.positive"))
    if quantity is not None:
        if quantity == 0:
            errors.append(InputError("quantity", "discount.error.positive"))
        elif price is None:
            errors.append(InputError("list_price", "discount.error.needs_price"))
        elif price * quantity >= MAX_ABS:
            errors.append(InputError("quantity", "discount.error.deal_too_large"))
    levels: list[dict[str, Any]] = values["approval_levels"]
    for row, level in enumerate(levels, start=1):
        ceiling: Decimal = level["max_discount"]
        if _too_precise(ceiling):
            shown = plain_str(ceiling * 100) + "%"
            errors.append(InputError("approval_levels", "discount.error.too_precise", value=shown))
            break
        if row > 1 and ceiling <= levels[row - 2]["max_discount"]:
            errors.append(
                InputError(
                    "approval_levels",
                    "error.not_ascending",
                    row=row,
                    value=format_percent(ceiling),
                )
            )
            break
    if errors:
        raise InputErrors(errors)
