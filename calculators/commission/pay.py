"""Pay over the periods: OTE, draws (recoverable or not) and what is paid each period."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..money import (
    CONTEXT,
    money_str,
    quantize_money,
    rate_str,
)
from .result import CommissionDraw, CommissionPay, CommissionTotals
from .schedule import Schedule


def _pay(values: dict[str, Any], schedule: Schedule, cumulative: Decimal) -> CommissionPay | None:
    base: Decimal | None = values.get("base_salary")
    incentive = _incentive(values, schedule)
    if base is None and values.get("target_incentive") is None:
        return None
    assert incentive is not None  # check() made sure of it
    amount, from_plan = incentive
    quota: Decimal | None = values.get("quota")
    out: CommissionPay = {
        "base_salary": None if base is None else money_str(base),
        "target_incentive": money_str(amount),
        "incentive_from_plan": from_plan,
        "ote": None,
        "base_share": None,
        "incentive_share": None,
        "quota_to_ote": None,
        "rate_at_target": None if quota is None else _ratio(amount, quota),
        "payout_vs_target": _ratio(quantize_money(cumulative), amount),
    }
    if base is not None:
        base = quantize_money(base)
        ote = base + amount
        out["ote"] = money_str(ote)
        out["base_share"] = _ratio(base, ote)
        out["incentive_share"] = _ratio(amount, ote)
        out["quota_to_ote"] = None if quota is None else _ratio(quota, ote)
    return out


def draw_schedule(
    draw: Decimal, recoverable: bool, earned: list[Decimal]
) -> list[dict[str, Decimal]]:
    """Per period: earned, top-up, recovery, paid, balance (all in cents)."""
    draw = quantize_money(draw)
    balance = Decimal(0)
    rows = []
    for commission in earned:
        commission = quantize_money(commission)
        top_up = max(Decimal(0), draw - commission)
        recovery = Decimal(0)
        if recoverable:
            recovery = min(balance, max(Decimal(0), commission - draw))
            balance = balance + top_up - recovery
        paid = max(commission, draw) - recovery
        rows.append(
            {
                "earned": commission,
                "top_up": top_up,
                "recovery": recovery,
                "paid": paid,
                "balance": balance,
            }
        )
    return rows


def _draw(values: dict[str, Any]) -> CommissionDraw | None:
    draw: Decimal | None = values.get("draw")
    periods: list[Decimal] | None = values.get("period_commissions")
    if draw is None or periods is None:
        return None
    recoverable = values["draw_recoverable"] == "recoverable"
    rows = draw_schedule(draw, recoverable, periods)

    def total(key: str) -> str:
        return money_str(sum((row[key] for row in rows), Decimal(0)))

    totals: CommissionTotals = {
        "earned": total("earned"),
        "top_up": total("top_up"),
        "recovery": total("recovery"),
        "paid": total("paid"),
    }
    return {
        "draw": money_str(draw),
        "recoverable": recoverable,
        "periods": [
            {
                "period": index,
                "earned": money_str(row["earned"]),
                "top_up": money_str(row["top_up"]),
                "recovery": money_str(row["recovery"]),
                "paid": money_str(row["paid"]),
                "balance": money_str(row["balance"]),
            }
            for index, row in enumerate(rows, start=1)
        ],
        "totals": totals,
        "balance": money_str(rows[-1]["balance"]),
    }


def _incentive(values: dict[str, Any], schedule: Schedule) -> tuple[Decimal, bool] | None:
    """(target incentive, whether it came from the plan at quota) or None without one."""
    given: Decimal | None = values.get("target_incentive")
    if given is not None:
        return quantize_money(given), False
    quota: Decimal | None = values.get("quota")
    if quota is None:
        return None
    return quantize_money(schedule.value(values["method"], quota)), True


def _ratio(numerator: Decimal, denominator: Decimal) -> str | None:
    if denominator == 0:
        return None
    with localcontext(CONTEXT):
        return rate_str(numerator / denominator)
