"""The discount calculator's result, typed so that mypy checks every key the maths writes and the
view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import Any, TypedDict


class DiscountLevel(TypedDict):
    discount: str
    new_margin: str
    extra_volume: str | None
    approver: str | None
    current: bool


class DiscountMoney(TypedDict):
    """The deal in money: all ``None`` without a list price."""

    quantity: str | None
    unit_price_after: str | None
    revenue_before: str | None
    discount_amount: str | None
    revenue_after: str | None
    cost: str | None
    gross_profit_before: str | None
    gross_profit_after: str | None
    quantity_needed: str | None
    units_needed: int | None
    revenue_needed: str | None
    cost_needed: str | None


class DiscountResult(DiscountMoney):
    calculator: str
    inputs: dict[str, Any]
    status: str
    new_margin: str
    extra_volume: str | None
    volume_factor: str | None
    approval_level: int | None
    approver: str | None
    within_policy: bool
    by_level: list[DiscountLevel]


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "new_margin",
    "extra_volume",
    "approver",
    "gross_profit_after",
    "revenue_needed",
)
