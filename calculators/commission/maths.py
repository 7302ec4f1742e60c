"""Sales commission under a tiered plan: marginal and retroactive side by side.

Tiers are ``[start_i, start_{i+1})`` with rate ``r_i``; ``start_0 = 0``. With ``tier_basis =
attainment`` every start (and the gate and the cap) is a percentage of ``quota`` (``50%``, read
as the fraction 0.5) and is multiplied by the quota first; everything below works on amounts.

- Marginal: ``C(x) = Σ r_i · max(0, min(x, start_{i+1}) − start_i)``.
- Retroactive: ``C(x) = r_k · x`` with ``k = max{i : x ≥ start_i}``.
- Gate ``g``: ``C(x) = 0`` while ``x < g``; from ``g`` on, the plan pays on the whole amount.
- Cap ``K``: only ``min(x, K)`` is credited.
- Commission for ``sales`` on top of ``prior_sales`` P: ``q(C(P + sales)) − q(C(P))``, with
  ``q`` rounding half-up to the cent. Every part shown (deals in order, tier rows) is likewise a
  difference of cumulative amounts rounded to the cent, so parts add up exactly to the total.
- Sales needed for a commission goal X: the smallest amount ``s`` in cents with
  ``C(P + s) − C(P) ≥ X`` (exact, before rounding), found segment by segment on the
  piecewise-linear ``C``; under retroactive tiers the first amount that reaches it.
- Discount factor: with ``discount_factors`` rows ``(above_j, f_j)`` (``above`` rising, ``f``
  not rising) and this sale's discount ``d``, the factor is ``f_j`` of the last row with
  ``d > above_j`` (exactly at a boundary belongs to the row below, as an approval level's
  ceiling does), else 100 %. The sale still counts in full toward tiers, attainment, gate and
  cap; only its commission is multiplied: ``paid = q(commission × f)``, ``commission`` being the
  cent figure above. Per-deal parts are differences of rounded running sums of ``part × f``, so
  they add up to ``paid``. Sales needed for a goal X: the sales whose commission before the
  factor reaches ``X ÷ f`` (none when ``f = 0``).
- Pay: OTE = base + target incentive (TI; without one, the plan's commission at 100 % of quota).
- Draw ``D`` per period with earned ``E_t``: top-up ``max(0, D − E_t)``; a recoverable draw is
  recovered from later excess, ``recovery_t = min(balance_{t−1}, max(0, E_t − D))``, and
  ``paid_t = max(E_t, D) − recovery_t``; a non-recoverable draw is forgiven.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..money import (
    CENT,
    CONTEXT,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .pay import _draw, _pay, _ratio
from .result import (
    CommissionBreakdownItem,
    CommissionCliff,
    CommissionCurve,
    CommissionDealRowsItem,
    CommissionMethod,
    CommissionNextTier,
    CommissionResult,
    CommissionTerm,
    Method,
)
from .schedule import Schedule, schedule_of

ID = "commission"

METHODS: tuple[Method, ...] = ("marginal", "retroactive")
BASES = ("amount", "attainment")
DRAW_TYPES = ("recoverable", "non_recoverable")
#: Under attainment, a tier start, gate or cap above 1000 % of quota is a typo for a percentage.
MAX_ATTAINMENT = Decimal(10)
MAX_DEALS = 100
MAX_PERIODS = 24


# --- the commission function -----------------------------------------------------------------


# --- the discount factor -------------------------------------------------------------------


def _factor_row(discount: Decimal, factors: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last row whose ``above`` the discount exceeds (strictly); None below them all."""
    row = None
    for candidate in factors:
        if discount > candidate["above"]:
            row = candidate
    return row


def discount_factor(discount: Decimal | None, factors: list[dict[str, Any]] | None) -> Decimal:
    """The share of the commission paid for a sale at ``discount`` (1 without a table)."""
    if discount is None or factors is None:
        return Decimal(1)
    row = _factor_row(discount, factors)
    return Decimal(1) if row is None else Decimal(row["factor"])


# --- cross-field checks ----------------------------------------------------------------------


def _sales_of(values: dict[str, Any]) -> Decimal:
    """New sales: as typed, else the deals' sum, else 0 (``check`` ensured they agree)."""
    sales: Decimal | None = values.get("sales")
    deals: list[Decimal] | None = values.get("deals")
    if sales is not None:
        return sales
    if deals is not None:
        with localcontext(CONTEXT):
            return sum(deals, Decimal(0))
    return Decimal(0)


# --- compute ---------------------------------------------------------------------------------


def _split(start: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """Cent amounts for exact ``parts`` after ``start``: differences of rounded running sums.

    They add up exactly to ``q(start + Σ parts) − q(start)``.
    """
    out = []
    with localcontext(CONTEXT):
        running = start
        for part in parts:
            before = quantize_money(running)
            running += part
            out.append(quantize_money(running) - before)
    return out


def _method_figures(
    schedule: Schedule,
    method: Method,
    prior: Decimal,
    total: Decimal,
    sales: Decimal,
    goal: Decimal | None,
) -> CommissionMethod:
    with localcontext(CONTEXT):
        cumulative = schedule.value(method, total)
        earned = schedule.value(method, prior)
        commission = quantize_money(cumulative) - quantize_money(earned)
        needed = None if goal is None else schedule.sales_needed(method, prior, goal)
        terms: list[CommissionTerm] = [
            {"rate": rate_str(rate), "sales": money_str(part)}
            for rate, part in zip(
                schedule.rates, schedule.tier_parts(method, Decimal(0), total), strict=True
            )
            if part != 0
        ]
        return {
            "terms": terms,
            "commission": money_str(commission),
            "effective_rate": _ratio(cumulative - earned, sales),
            "cumulative_commission": money_str(cumulative),
            "prior_commission": money_str(earned),
            "max_commission": (
                money_str(schedule.value(method, schedule.cap))
                if schedule.cap is not None
                else None
            ),
            "sales_needed": None if needed is None else money_str(needed),
        }


def _end_str(schedule: Schedule, index: int) -> str | None:
    end = schedule.end(index)
    return None if end is None else money_str(end)


def _breakdown(
    schedule: Schedule, method: Method, prior: Decimal, total: Decimal
) -> list[CommissionBreakdownItem]:
    parts = schedule.tier_parts(method, prior, total)
    with localcontext(CONTEXT):
        commissions = [rate * part for rate, part in zip(schedule.rates, parts, strict=True)]
    rounded_sales = _split(Decimal(0), parts)
    rounded = _split(schedule.value(method, prior), commissions)
    return [
        {
            "tier": index + 1,
            "from": money_str(schedule.starts[index]),
            "to": _end_str(schedule, index),
            "rate": rate_str(schedule.rates[index]),
            "sales": money_str(rounded_sales[index]),
            "commission": money_str(rounded[index]),
        }
        for index in range(len(parts))
    ]


def _next_tier(
    schedule: Schedule, total: Decimal, quota: Decimal | None
) -> CommissionNextTier | None:
    for index, start in enumerate(schedule.starts):
        if start > total and (schedule.cap is None or start <= schedule.cap):
            with localcontext(CONTEXT):
                return {
                    "tier": index + 1,
                    "from": money_str(start),
                    "attainment": None if quota is None else rate_str(start / quota),
                    "rate": rate_str(schedule.rates[index]),
                    "sales_needed": money_str(start - total),
                }
    return None


def _cliff(schedule: Schedule, total: Decimal) -> CommissionCliff | None:
    """Cumulative commission a cent before the next reachable start and at it, both methods."""
    upcoming = [
        start
        for start in schedule.starts
        if start > total and (schedule.cap is None or start <= schedule.cap)
    ]
    if not upcoming:
        return None
    at = upcoming[0]
    with localcontext(CONTEXT):
        before = max(at - CENT, Decimal(0))
        low = {m: quantize_money(schedule.value(m, before)) for m in METHODS}
        high = {m: quantize_money(schedule.value(m, at)) for m in METHODS}
        return {
            "at": money_str(at),
            "before": money_str(before),
            "marginal_before": money_str(low["marginal"]),
            "marginal_at": money_str(high["marginal"]),
            "marginal_jump": money_str(high["marginal"] - low["marginal"]),
            "retroactive_before": money_str(low["retroactive"]),
            "retroactive_at": money_str(high["retroactive"]),
            "retroactive_jump": money_str(high["retroactive"] - low["retroactive"]),
        }


def _deals(
    schedule: Schedule, method: Method, prior: Decimal, deals: list[Decimal], factor: Decimal
) -> list[CommissionDealRowsItem]:
    befores: list[Decimal] = []
    exact: list[Decimal] = []
    with localcontext(CONTEXT):
        running = prior
        for deal in deals:
            befores.append(running)
            exact.append(schedule.value(method, running + deal) - schedule.value(method, running))
            running += deal
    if factor == 1:
        paid = _split(schedule.value(method, prior), exact)
    else:
        # Whole cents before the factor (as the total is), then each part × the factor.
        plan_cents = _split(schedule.value(method, prior), exact)
        with localcontext(CONTEXT):
            paid = _split(Decimal(0), [cents * factor for cents in plan_cents])
    return [
        {
            "deal": index,
            "amount": money_str(deal),
            "before": money_str(before),
            "commission": money_str(amount),
            "rate": _ratio(part, deal),
        }
        for index, (deal, before, amount, part) in enumerate(
            zip(deals, befores, paid, exact, strict=True), start=1
        )
    ]


def _curve(schedule: Schedule, total: Decimal, quota: Decimal | None) -> CommissionCurve:
    """Cumulative commission at every kink (left and right values at jumps), both methods."""
    with localcontext(CONTEXT):
        far = max([total, *schedule.breakpoints(), quota or Decimal(0)])
        x_max = far * Decimal("1.2") if far > 0 else Decimal(10_000)
        xs = [x for x in schedule.breakpoints() if 0 < x < x_max]
        lines: dict[str, list[list[str]]] = {}
        for method in METHODS:
            points = [[money_str(Decimal(0)), money_str(schedule.value(method, Decimal(0)))]]
            for x in xs:
                below = schedule.value(method, x, left=True)
                at = schedule.value(method, x)
                points.append([money_str(x), money_str(below)])
                if at != below:
                    points.append([money_str(x), money_str(at)])
            points.append([money_str(x_max), money_str(schedule.value(method, x_max))])
            lines[method] = points
    return {
        "axis": "sales" if quota is None else "attainment",
        "x_max": money_str(x_max),
        "marginal": lines["marginal"],
        "retroactive": lines["retroactive"],
    }


def compute(values: dict[str, Any]) -> CommissionResult:
    """The commission result for parsed ``values`` (see the module docstring for the rules)."""
    schedule = schedule_of(values)
    method: Method = values["method"]
    quota: Decimal | None = values.get("quota")
    prior: Decimal = values["prior_sales"]
    sales = _sales_of(values)
    goal_typed: Decimal | None = values.get("target_commission")
    goal = None if goal_typed is None else quantize_money(goal_typed)
    discount: Decimal | None = values.get("discount")
    factors: list[dict[str, Any]] | None = values.get("discount_factors")
    factor = discount_factor(discount, factors)
    with localcontext(CONTEXT):
        total = prior + sales
        # The plan's commission must reach goal ÷ factor for the factored pay to reach the goal.
        plan_goal = None if goal is None or factor == 0 else goal / factor
        figures = {m: _method_figures(schedule, m, prior, total, sales, plan_goal) for m in METHODS}
        cumulative = schedule.value(method, total)
        gate_needed = total < schedule.gate
    chosen = figures[method]
    before_factor = Decimal(chosen["commission"])
    with localcontext(CONTEXT):
        paid = quantize_money(before_factor * factor)
    deals: list[Decimal] | None = values.get("deals")
    deal_rows = None if deals is None else _deals(schedule, method, prior, deals, factor)
    needed_text = None if goal is not None and factor == 0 else chosen["sales_needed"]
    return {
        "calculator": ID,
        "method": method,
        "tier_basis": values["tier_basis"],
        "tiers": [
            {
                "tier": index + 1,
                "from": money_str(start),
                "from_typed": plain_str(row["from"]),
                "to": _end_str(schedule, index),
                "rate": rate_str(rate),
            }
            for index, (start, rate, row) in enumerate(
                zip(schedule.starts, schedule.rates, values["tiers"], strict=True)
            )
        ],
        "quota": None if quota is None else money_str(quota),
        "sales": money_str(sales),
        "prior_sales": money_str(prior),
        "cumulative_sales": money_str(total),
        "credited_sales": money_str(schedule.credited(total)),
        "attainment": None if quota is None else _ratio(total, quota),
        "commission": money_str(paid),
        "effective_rate": (chosen["effective_rate"] if factor == 1 else _ratio(paid, sales)),
        "discount": None if discount is None else rate_str(discount),
        "discount_factor": rate_str(factor),
        "commission_before_factor": chosen["commission"],
        "discount_factors": (
            None
            if factors is None
            else [
                {
                    "above": rate_str(row["above"]),
                    "factor": rate_str(row["factor"]),
                    "current": discount is not None and row is _factor_row(discount, factors),
                }
                for row in factors
            ]
        ),
        "cumulative_commission": chosen["cumulative_commission"],
        "prior_commission": chosen["prior_commission"],
        "marginal": figures["marginal"],
        "retroactive": figures["retroactive"],
        "breakdown": _breakdown(schedule, method, prior, total),
        "tier_reached": schedule.tier(schedule.credited(total)) + 1,
        "gate": (
            None
            if schedule.gate == 0
            else {
                "from": money_str(schedule.gate),
                "reached": not gate_needed,
                "sales_needed": money_str(schedule.gate - total) if gate_needed else None,
            }
        ),
        "cap": (
            None
            if schedule.cap is None
            else {
                "at": money_str(schedule.cap),
                "reached": total >= schedule.cap,
                "max_commission": chosen["max_commission"],
            }
        ),
        "next_tier": (next_tier := _next_tier(schedule, total, quota)),
        # Page contract: every headline output is a top-level key with its exact value.
        "to_next_tier": next_tier["sales_needed"] if next_tier else None,
        "cliff": _cliff(schedule, total),
        "deal_commissions": None if deal_rows is None else [r["commission"] for r in deal_rows],
        "deal_rows": deal_rows,
        "target_commission": None if goal is None else money_str(goal),
        "sales_needed": needed_text,
        "pay": (pay := _pay(values, schedule, cumulative)),
        "ote": pay["ote"] if pay else None,
        "draw": _draw(values),
        "curve": _curve(schedule, total, quota),
    }
