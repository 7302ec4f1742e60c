"""What a discount does to gross margin, the volume needed to make up for it, and who approves it.

At gross margin m (before the discount) and discount d off the list price, unit cost unchanged:

- New gross margin = (m − d) ÷ (1 − d).
- Extra volume to keep the same gross profit = d ÷ (m − d) (sell m ÷ (m − d) times as much).
- d ≥ m: each unit earns nothing (d = m) or loses money (d > m); no volume makes up for it, so
  no extra volume is given and the page says so.
- Approval: the first level (ascending) whose maximum discount is ≥ d; above the last level the
  discount is outside the policy. For a renewal opportunity a level's ``renewal_approver``, when
  it names one, approves instead (the renewal owner and their line manager).
- With a list price (and quantity, default 1): revenue, cost and gross profit before and after,
  and the quantity and deal size that keep the gross profit.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from ..money import (
    CONTEXT,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .result import DiscountLevel, DiscountMoney, DiscountResult

ID = "discount"

#: Rates are taken to 6 decimal places (0.0001 %): finer input is a typing slip, and it keeps
#: m − d, the divisor of the extra volume, at least 0.000001 when d < m.
RATE_PLACES = 6


def _too_precise(value: Decimal) -> bool:
    return value != value.quantize(Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_CEILING)


def approval_level(discount: Decimal, levels: list[dict[str, Any]]) -> int | None:
    """1-based index of the first level whose maximum is ≥ ``discount``; None above them all."""
    for index, level in enumerate(levels, start=1):
        if discount <= level["max_discount"]:
            return index
    return None


def approver_of(level: dict[str, Any], deal: str) -> str:
    """Who approves at ``level``: its renewal approver for a renewal, when it names one."""
    if deal == "renewal" and level.get("renewal_approver"):
        return str(level["renewal_approver"])
    return str(level["approver"])


def _status(margin: Decimal, discount: Decimal) -> str:
    if discount == 0:
        return "no_discount"
    if discount < margin:
        return "ok"
    return "zero_profit" if discount == margin else "loss"


def impact(margin: Decimal, discount: Decimal) -> tuple[Decimal, Decimal | None]:
    """(new margin, extra volume or None when no volume can keep the gross profit)."""
    with localcontext(CONTEXT):
        new_margin = (margin - discount) / (1 - discount)
        status = _status(margin, discount)
        if status == "no_discount":
            return new_margin, Decimal(0)
        if status == "ok":
            return new_margin, discount / (margin - discount)
        return new_margin, None


def _round_up(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_CEILING)


#: Result keys of the deal in money; all None without a list price.
#: The money figures of a deal without a list price.
NO_MONEY: DiscountMoney = {
    "quantity": None,
    "unit_price_after": None,
    "revenue_before": None,
    "discount_amount": None,
    "revenue_after": None,
    "cost": None,
    "gross_profit_before": None,
    "gross_profit_after": None,
    "quantity_needed": None,
    "units_needed": None,
    "revenue_needed": None,
    "cost_needed": None,
}


def _money(price: Decimal, quantity: Decimal, margin: Decimal, discount: Decimal) -> DiscountMoney:
    """The deal in money; after-discount figures are differences of cent-rounded ones."""
    with localcontext(CONTEXT):
        revenue_before = quantize_money(price * quantity)
        discount_amount = quantize_money(price * quantity * discount)
        gp_before = quantize_money(price * quantity * margin)
        cost = revenue_before - gp_before
        revenue_after = revenue_before - discount_amount
        gp_after = gp_before - discount_amount
        unit_price = price * (1 - discount)
        out: DiscountMoney = {
            "quantity": plain_str(quantity),
            "unit_price_after": money_str(unit_price),
            "revenue_before": money_str(revenue_before),
            "discount_amount": money_str(discount_amount),
            "revenue_after": money_str(revenue_after),
            "cost": money_str(cost),
            "gross_profit_before": money_str(gp_before),
            "gross_profit_after": money_str(gp_after),
            "quantity_needed": None,
            "units_needed": None,
            "revenue_needed": None,
            "cost_needed": None,
        }
        status = _status(margin, discount)
        if status in ("ok", "no_discount"):
            factor = Decimal(1) if status == "no_discount" else margin / (margin - discount)
            needed = quantity * factor
            revenue_needed = quantize_money(unit_price * needed)
            out["quantity_needed"] = plain_str(_round_up(needed, "0.01"))
            out["units_needed"] = int(_round_up(needed, "1"))
            out["revenue_needed"] = money_str(revenue_needed)
            out["cost_needed"] = money_str(revenue_needed - gp_before)
        return out


def compute(values: dict[str, Any]) -> DiscountResult:
    """The discount result for parsed ``values`` (formulas in the module docstring)."""
    margin: Decimal = values["gross_margin"]
    discount: Decimal = values["discount"]
    price: Decimal | None = values.get("list_price")
    quantity: Decimal = values.get("quantity") or Decimal(1)
    levels: list[dict[str, Any]] = values["approval_levels"]
    deal: str = values["deal"]
    new_margin, extra = impact(margin, discount)
    level = approval_level(discount, levels)
    with localcontext(CONTEXT):
        factor = None if extra is None else 1 + extra
    by_level: list[DiscountLevel] = []
    # One row per policy level and the deal's own discount; a level of 100 % has no margin.
    for ceiling in sorted(
        {row["max_discount"] for row in levels if row["max_discount"] < 1} | {discount}
    ):
        row_margin, row_extra = impact(margin, ceiling)
        row_level = approval_level(ceiling, levels)
        by_level.append(
            {
                "discount": rate_str(ceiling),
                "new_margin": rate_str(row_margin),
                "extra_volume": rate_str(row_extra) if row_extra is not None else None,
                "approver": approver_of(levels[row_level - 1], deal) if row_level else None,
                "current": ceiling == discount,
            }
        )
    return {
        "calculator": ID,
        "inputs": {
            "gross_margin": rate_str(margin),
            "discount": rate_str(discount),
            "list_price": money_str(price) if price is not None else None,
            "quantity": plain_str(values["quantity"]) if values.get("quantity") else None,
            "deal": deal,
            "approval_levels": [
                {"max_discount": rate_str(row["max_discount"])}
                | {key: row[key] for key in ("approver", "renewal_approver") if row.get(key)}
                for row in levels
            ],
        },
        "status": _status(margin, discount),
        "new_margin": rate_str(new_margin),
        "extra_volume": rate_str(extra) if extra is not None else None,
        "volume_factor": rate_str(factor) if factor is not None else None,
        "approval_level": level,
        "approver": approver_of(levels[level - 1], deal) if level else None,
        "within_policy": level is not None,
        "by_level": by_level,
        **(_money(price, quantity, margin, discount) if price is not None else NO_MONEY),
    }
