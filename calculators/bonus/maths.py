"""A bonus paid by attainment along a payout curve (the team pool, 售前, 客户成功 bonuses).

The plan gives a target bonus ``B`` (paid at a payout of 100 %) and a curve of points
``(a_0, p_0) < (a_1, p_1) < … < (a_n, p_n)``: attainment ``a_i`` pays ``p_i`` of ``B``.

- Attainment: ``actual ÷ target`` (exact, not rounded).
- Payout rate ``f(a)``: 0 below ``a_0`` (the gate; at ``a_0`` it jumps to ``p_0``); on the line
  between the two points around ``a``, ``p_i + (a − a_i) × (p_{i+1} − p_i) ÷ (a_{i+1} − a_i)``;
  ``p_n`` from ``a_n`` on (the cap).
- Bonus ``q(B × f(a))``, rounded half-up to the cent; ``f`` itself is not rounded.
- Shares (a pool split by each member's target bonus ``b_j``, ``Σ b_j = B``): each member's part
  of the exact ``B × f(a)``, in cents by largest remainder, so the parts add up exactly to the
  bonus and each is within a cent of ``b_j × f(a)``.
- Next point: the first curve point above ``a``, what it pays, and the actual still needed,
  ``a_i × target − actual``, rounded up to the cent.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from ..allocation import largest_remainder
from ..money import CENT, CONTEXT, money_str, quantize_money, rate_str
from .result import BonusNext, BonusPoint, BonusResult, BonusSegment, Status

ID = "bonus"

#: Attainment and payout above 1000 % are typing slips for a percentage.
MAX_RATE = Decimal(10)
MAX_SHARES = 50

Curve = list[tuple[Decimal, Decimal]]


def curve_of(values: dict[str, Any]) -> Curve:
    return [(row["from"], row["payout"]) for row in values["curve"]]


def attainment_of(values: dict[str, Any]) -> Decimal:
    """Actual ÷ target, exact."""
    with localcontext(CONTEXT):
        return Decimal(values["actual"]) / Decimal(values["target"])


def payout(curve: Curve, attainment: Decimal) -> tuple[Decimal, Status, int]:
    """(payout rate, where it falls, index of the curve point at or below it; −1 below)."""
    if attainment < curve[0][0]:
        return Decimal(0), "below_gate", -1
    last = len(curve) - 1
    if attainment >= curve[last][0]:
        return curve[last][1], "top", last
    index = max(i for i, (start, _) in enumerate(curve) if start <= attainment)
    (a0, p0), (a1, p1) = curve[index], curve[index + 1]
    with localcontext(CONTEXT):
        return p0 + (attainment - a0) * (p1 - p0) / (a1 - a0), "on_curve", index


def _cents(value: Decimal) -> int:
    return int(quantize_money(value) / CENT)


def _split(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """``total`` (to the cent) split in proportion to ``shares``, parts adding up exactly."""
    if not any(shares):
        return [Decimal(0) for _ in shares]
    return [Decimal(units) * CENT for units in largest_remainder(_cents(total), shares)]


def compute(values: dict[str, Any]) -> BonusResult:
    """The bonus for parsed ``values`` (formulas in the module docstring)."""
    target_bonus: Decimal = values["target_bonus"]
    actual: Decimal = values["actual"]
    target: Decimal = values["target"]
    curve = curve_of(values)
    attainment = attainment_of(values)
    rate, status, index = payout(curve, attainment)
    with localcontext(CONTEXT):
        bonus = quantize_money(target_bonus * rate)
        max_bonus = quantize_money(target_bonus * curve[-1][1])
    segment: BonusSegment | None = None
    if status == "on_curve":
        (a0, p0), (a1, p1) = curve[index], curve[index + 1]
        segment = {
            "from_attainment": rate_str(a0),
            "from_payout": rate_str(p0),
            "to_attainment": rate_str(a1),
            "to_payout": rate_str(p1),
        }
    next_point: BonusNext | None = None
    if status != "top":
        a_next, p_next = curve[index + 1]
        with localcontext(CONTEXT):
            gap = (a_next * target - actual).quantize(CENT, rounding=ROUND_CEILING)
        needed = money_str(max(gap, Decimal(0)))
        with localcontext(CONTEXT):
            next_bonus = quantize_money(target_bonus * p_next)
        next_point = {
            "attainment": rate_str(a_next),
            "payout": rate_str(p_next),
            "bonus": money_str(next_bonus),
            "actual_needed": needed,
        }
    shares: list[Decimal] | None = values.get("shares")
    points: list[BonusPoint] = [{"from": rate_str(a), "payout": rate_str(p)} for a, p in curve]
    return {
        "calculator": ID,
        "target_bonus": money_str(target_bonus),
        "actual": money_str(actual),
        "target": money_str(target),
        "attainment": rate_str(attainment),
        "curve": points,
        "status": status,
        "segment": segment,
        "payout_rate": rate_str(rate),
        "bonus": money_str(bonus),
        "max_payout": rate_str(curve[-1][1]),
        "max_bonus": money_str(max_bonus),
        "next_point": next_point,
        "shares": None if shares is None else [money_str(s) for s in shares],
        "share_bonuses": (
            None if shares is None else [money_str(part) for part in _split(bonus, shares)]
        ),
    }
