"""Target breakdown: a yearly sales target split over months and units (regions, teams, reps).

- Target T: typed (``total``), or last year's ``base`` × (1 + ``growth_rate``). With a total and
  a growth rate the implied base is T ÷ (1 + g); with a total and a base the implied growth is
  T ÷ base − 1.
- Assigned total A = T × (1 + over-assignment), rounded half-up to the step s (``round_to``) so
  that every figure of the table is a whole number of steps. Attainment factor = 1 ÷ (1 + o).
- Month j gets A × m_j ÷ Σm and unit i gets A × u_i ÷ Σu, by largest remainder in steps of s
  (ties by order); the cell (unit i, month j) is the floor or the ceiling of its exact share
  A × u_i/Σu × m_j/Σm and every row and column adds up exactly (see :mod:`.allocation`).
- Quarter = the sum of its three months; daily run rate = month ÷ working days (21.75 by
  default, the statutory monthly paid days (365 − 104) ÷ 12), rounded half-up to the cent.
- Bottom-up: gap = Σ own targets (自报目标) − Σ 下达数 of the units that gave one; a unit's
  下达数 is its share of T itself (before over-assignment), split by the same weights and
  rounding.
- Growth realism (house guidance): a growth target above max(2 × market growth, 0) is flagged;
  share gain = (1 + g) ÷ (1 + market growth) − 1.
- Funnel per unit: deals = ⌈unit total ÷ average deal size⌉, opportunities = ⌈deals ÷ win rate⌉,
  pipeline = unit total ÷ win rate (to the cent); the company figures are the units' sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from math import ceil, floor
from typing import Any

from ..allocation import split_table
from ..errors import InputError
from ..money import (
    CONTEXT,
    money_str,
    plain_str,
    rate_str,
)
from .result import (
    TargetBreakdownFunnel,
    TargetBreakdownFunnelUnit,
    TargetBreakdownGrowthCheck,
    TargetBreakdownReconciliation,
    TargetBreakdownReconciliationUnit,
    TargetBreakdownResult,
    TargetBreakdownUnit,
)

ID = "target_breakdown"

MONTHS = 12
MAX_UNITS = 50
#: House guidance: a growth target above this multiple of market growth needs share gains.
GROWTH_MULTIPLE = Decimal(2)


# --- the target and the checks ------------------------------------------------------------------


def _target(values: dict[str, Any]) -> tuple[Decimal, Decimal | None, Decimal | None, str]:
    """(target, base, growth, how): how is ``given``, ``growth`` (base × (1 + g)), ``implied_base``
    (total and growth) or ``implied_growth`` (total and base). Inputs already checked."""
    total: Decimal | None = values.get("total")
    base: Decimal | None = values.get("base")
    growth: Decimal | None = values.get("growth_rate")
    with localcontext(CONTEXT):
        if total is None:
            assert base is not None and growth is not None
            return base * (1 + growth), base, growth, "growth"
        if base is not None:
            return total, base, total / base - 1, "implied_growth"
        if growth is not None:
            return total, total / (1 + growth), growth, "implied_base"
        return total, None, None, "given"


def _units_of_step(amount: Decimal, step: Decimal) -> int:
    """``amount`` ÷ ``step`` rounded half-up to a whole number, exactly."""
    return floor(Fraction(amount) / Fraction(step) + Fraction(1, 2))


def _check_target(values: dict[str, Any]) -> list[InputError]:
    total, base, growth = values.get("total"), values.get("base"), values.get("growth_rate")
    if total is None and base is None:
        return [InputError("total", "target_breakdown.error.no_target")]
    errors = []
    if total is not None and base is not None and growth is not None:
        errors.append(InputError("growth_rate", "target_breakdown.error.overdetermined"))
    if total is None and growth is None:
        errors.append(InputError("growth_rate", "error.required"))
    for name, value in (("total", total), ("base", base)):
        if value is not None and value <= 0:
            errors.append(InputError(name, "target_breakdown.error.not_positive"))
    return errors


# --- the breakdown -------------------------------------------------------------------------------


def _quarters(values: Sequence[Decimal]) -> list[Decimal]:
    return [sum(values[q * 3 : q * 3 + 3], Decimal(0)) for q in range(4)]


def _ceil(numerator: Decimal | int, denominator: Decimal) -> int:
    return ceil(Fraction(numerator) / Fraction(denominator))


def _funnel(units: list[TargetBreakdownUnit], deal: Decimal, win: Decimal) -> TargetBreakdownFunnel:
    rows: list[TargetBreakdownFunnelUnit] = []
    with localcontext(CONTEXT):
        for unit in units:
            total = Decimal(unit["total"])
            deals = _ceil(total, deal)
            rows.append(
                {
                    "name": unit["name"],
                    "total": unit["total"],
                    "deals": deals,
                    "opportunities": _ceil(deals, win),
                    "pipeline": money_str(total / win),
                }
            )
        return {
            "avg_deal_size": money_str(deal),
            "win_rate": rate_str(win),
            "deals": sum(row["deals"] for row in rows),
            "opportunities": sum(row["opportunities"] for row in rows),
            "pipeline": money_str(sum((Decimal(row["pipeline"]) for row in rows), Decimal(0))),
            "coverage": rate_str(1 / win),
            "units": rows,
        }


def _reconciliation(
    units: list[TargetBreakdownUnit],
    handed_down: list[Decimal],
    commitments: list[Decimal | None],
) -> TargetBreakdownReconciliation | None:
    """Own targets against each unit's 下达数 (its share before over-assignment)."""
    rows: list[TargetBreakdownReconciliationUnit] = []
    with localcontext(CONTEXT):
        for unit, top_down, commitment in zip(units, handed_down, commitments, strict=True):
            if commitment is None:
                continue
            rows.append(
                {
                    "name": unit["name"],
                    "commitment": money_str(commitment),
                    "top_down": money_str(top_down),
                    "gap": money_str(commitment - top_down),
                    "coverage": rate_str(commitment / top_down) if top_down else None,
                }
            )
        if not rows:
            return None
        committed = sum((Decimal(row["commitment"]) for row in rows), Decimal(0))
        top_down_total = sum((Decimal(row["top_down"]) for row in rows), Decimal(0))
        return {
            "commitment": money_str(committed),
            "top_down": money_str(top_down_total),
            "gap": money_str(committed - top_down_total),
            "coverage": rate_str(committed / top_down_total) if top_down_total else None,
            "units": rows,
        }


def _growth_check(
    growth: Decimal | None, market: Decimal | None
) -> TargetBreakdownGrowthCheck | None:
    if growth is None or market is None:
        return None
    with localcontext(CONTEXT):
        limit = max(GROWTH_MULTIPLE * market, Decimal(0))
        return {
            "market_growth": rate_str(market),
            "limit": rate_str(limit),
            "share_gain": rate_str((1 + growth) / (1 + market) - 1),
            "stretch": growth > limit,
        }


def compute(values: dict[str, Any]) -> TargetBreakdownResult:
    """The breakdown for parsed ``values`` (see the module docstring for the formulas)."""
    step: Decimal = values["round_to"]
    over: Decimal = values["over_assign"]
    target, base, growth, how = _target(values)
    month_weights: list[Decimal] = values.get("months") or [Decimal(1)] * MONTHS
    units_in: list[dict[str, Any]] = values["units"]
    unit_weights = [Decimal(unit["weight"]) for unit in units_in]
    days: list[Decimal] = values.get("working_days") or [DEFAULT_WORKING_DAYS]
    if len(days) == 1:
        days = days * MONTHS
    with localcontext(CONTEXT):
        assigned_exact = target * (1 + over)
        steps = _units_of_step(assigned_exact, step)
        assigned = step * steps
        split = split_table(steps, unit_weights, month_weights)
        months = [step * n for n in split.columns]
        month_sum = sum(month_weights, Decimal(0))
        unit_sum = sum(unit_weights, Decimal(0))
        units: list[TargetBreakdownUnit] = []
        for unit, weight, row_steps, cells in zip(
            units_in, unit_weights, split.rows, split.cells, strict=True
        ):
            row = [step * n for n in cells]
            units.append(
                {
                    "name": str(unit["name"]),
                    "weight": plain_str(weight),
                    "share": rate_str(weight / unit_sum),
                    "total": money_str(step * row_steps),
                    "months": [money_str(v) for v in row],
                    "quarters": [money_str(v) for v in _quarters(row)],
                }
            )
        year_days = sum(days, Decimal(0))
        deal, win = values.get("avg_deal_size"), values.get("win_rate")
        funnel = _funnel(units, deal, win) if deal is not None and win is not None else None
        # The 下达数: the table the same inputs give without over-assignment.
        handed_down = [Decimal(unit["total"]) for unit in units]
        if over:
            before = split_table(_units_of_step(target, step), unit_weights, month_weights)
            handed_down = [step * n for n in before.rows]
        commitments = [unit.get("commitment") for unit in units_in]
        reconciliation = _reconciliation(units, handed_down, commitments)
        result: TargetBreakdownResult = {
            "calculator": ID,
            "target": money_str(target),
            "target_source": how,
            "base": money_str(base) if base is not None else None,
            "growth_rate": rate_str(growth) if growth is not None else None,
            "over_assign": rate_str(over),
            "attainment_factor": rate_str(1 / (1 + over)),
            "assigned_exact": plain_str(assigned_exact),
            "round_to": plain_str(step),
            "total": money_str(assigned),
            "month_weights": [plain_str(w) for w in month_weights],
            "month_shares": [rate_str(w / month_sum) for w in month_weights],
            "months": [money_str(v) for v in months],
            "quarters": [money_str(v) for v in _quarters(months)],
            "units": units,
            "working_days": [plain_str(d) for d in days],
            "daily": [money_str(m / d) for m, d in zip(months, days, strict=True)],
            "year_days": plain_str(year_days),
            "daily_year": money_str(assigned / year_days),
            "growth_check": _growth_check(growth, values.get("market_growth")),
            "reconciliation": reconciliation,
            "commitment_gap": reconciliation["gap"] if reconciliation else None,
            "funnel": funnel,
            "deals": funnel["deals"] if funnel else None,
            "opportunities": funnel["opportunities"] if funnel else None,
            "pipeline": funnel["pipeline"] if funnel else None,
        }
    return result


DEFAULT_WORKING_DAYS = Decimal("21.75")
