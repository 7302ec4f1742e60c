"""What must be true for the purchase to pay: break-even values and sensitivity, for the
expected scenario.

Break-even, for a payback target of H years (``payback_target``; the horizon by default):

- the smallest yearly benefit F (before ramp and risk, the same every year, in place of the
  typed benefits and levers) for which payback ≤ H: benefit_t = F × ramp_t × (1 − risk) ×
  expected factor, rounded to the cent, as in the main calculation;
- the largest upfront cost U, the benefits and running costs as entered, for which payback ≤ H.

Both are exact to the cent: payback only falls as benefits rise and only rises with the upfront
cost, so a bisection over whole cents finds the boundary, and the figures shown are checked
with the same payback function as the headline (at the value payback ≤ H; one cent less
benefit, or one cent more upfront, and it is > H). "impossible" when no value does it (a first
year without benefit and a target under a year; any upfront cost at all, when the running costs
already exceed the benefits).

Sensitivity: the NPV with each input alone 10 % lower and 10 % higher (relative: a 10 % rate
becomes 9 % and 11 %), every other input as entered, sorted by the size of the swing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any

from ..finance import payback
from ..money import CONTEXT, money_str, quantize_money, rate_str
from .result import RoiBreakEven, RoiSensitivity

#: How far each input moves in the sensitivity view.
STEP = Decimal("0.1")
CENT = Decimal("0.01")
#: Beyond this (in yuan) a benefit is no answer a prospect can use: "impossible".
LIMIT = Decimal(10) ** 15


def _pays_back(flows: list[Decimal], target: Decimal) -> bool:
    years, _ = payback(flows)
    return years is not None and years <= target


def _smallest(ok: Callable[[Decimal], bool], low: Decimal, high: Decimal) -> Decimal:
    """The smallest whole-cent x in (low, high] with ok(x), given not ok(low) and ok(high)."""
    lo, hi = int(low / CENT), int(high / CENT)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(Decimal(mid) * CENT):
            hi = mid
        else:
            lo = mid
    return Decimal(hi) * CENT


def break_even(
    costs: list[Decimal],
    gains: list[Decimal],
    shape: list[Decimal],
    target: Decimal,
) -> RoiBreakEven:
    """``costs``/``gains``: the expected scenario's yearly amounts, year 0 first; ``shape``: what
    one yuan of yearly benefit becomes in year t (ramp × (1 − risk) × factor), t = 1…N."""
    with localcontext(CONTEXT):

        def flows_for(benefit: Decimal) -> list[Decimal]:
            yearly = [Decimal(0)] + [quantize_money(benefit * s) for s in shape]
            return [g - c for g, c in zip(yearly, costs, strict=True)]

        def benefit_ok(benefit: Decimal) -> bool:
            return _pays_back(flows_for(benefit), target)

        benefit: Decimal | None = None
        if benefit_ok(Decimal(0)):
            benefit = Decimal(0)
        else:
            high = max(sum(costs, Decimal(0)), Decimal(1))
            while not benefit_ok(high) and high < LIMIT:
                high *= 2
            if benefit_ok(high):
                benefit = _smallest(benefit_ok, Decimal(0), high)

        later = [g - c for g, c in zip(gains[1:], costs[1:], strict=True)]

        def upfront_ok(upfront: Decimal) -> bool:
            return _pays_back([-upfront, *later], target)

        upfront: Decimal | None = None
        if upfront_ok(Decimal(0)):
            high = max(sum((f for f in later if f > 0), Decimal(0)), Decimal(0)) + CENT
            # The largest ok value is one cent below the smallest value that is not ok.
            upfront = _smallest(lambda u: not upfront_ok(u), Decimal(0), high) - CENT
    return {
        "target_years": rate_str(target),
        "benefit": money_str(benefit) if benefit is not None else None,
        "upfront": money_str(upfront) if upfront is not None else None,
        "current_upfront": money_str(costs[0]),
    }


def sensitivity(
    values: dict[str, Any],
    drivers: list[str],
    expected_npv: Callable[[dict[str, Any]], Decimal],
    scale: Callable[[dict[str, Any], str, Decimal], dict[str, Any]],
) -> list[RoiSensitivity]:
    """NPV with each driver 10 % lower and higher; biggest swing first (ties: ``drivers``
    order)."""
    rows: list[RoiSensitivity] = []
    with localcontext(CONTEXT):
        for driver in drivers:
            low = expected_npv(scale(values, driver, 1 - STEP))
            high = expected_npv(scale(values, driver, 1 + STEP))
            rows.append(
                {
                    "input": driver,
                    "low": money_str(low),
                    "high": money_str(high),
                    "swing": money_str(abs(high - low)),
                }
            )
    order = {name: i for i, name in enumerate(drivers)}
    rows.sort(key=lambda row: (-Decimal(row["swing"]), order[row["input"]]))
    return rows


__all__ = ["STEP", "break_even", "sensitivity"]
