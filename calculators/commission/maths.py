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
- Pay: OTE = base + target incentive (TI; without one, the plan's commission at 100 % of quota).
- Draw ``D`` per period with earned ``E_t``: top-up ``max(0, D − E_t)``; a recoverable draw is
  recovered from later excess, ``recovery_t = min(balance_{t−1}, max(0, E_t − D))``, and
  ``paid_t = max(E_t, D) − recovery_t``; a non-recoverable draw is forgiven.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from ..errors import InputError
from ..messages import t
from ..money import (
    CENT,
    CONTEXT,
    format_number,
    format_percent,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)

ID = "commission"

METHODS = ("marginal", "retroactive")
BASES = ("amount", "attainment")
DRAW_TYPES = ("recoverable", "non_recoverable")
#: Under attainment, a tier start, gate or cap above 1000 % of quota is a typo for a percentage.
MAX_ATTAINMENT = Decimal(10)
MAX_DEALS = 100
MAX_PERIODS = 24


# --- the commission function -----------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """A plan in amounts: tier starts (the first is 0, strictly ascending), rates, gate, cap."""

    starts: tuple[Decimal, ...]
    rates: tuple[Decimal, ...]
    gate: Decimal = Decimal(0)
    cap: Decimal | None = None

    def tier(self, x: Decimal, *, left: bool = False) -> int:
        """0-based tier of amount ``x`` (``left``: of amounts just below ``x``)."""
        found = 0
        for index, start in enumerate(self.starts):
            if start < x or (start == x and not left):
                found = index
        return found

    def end(self, index: int) -> Decimal | None:
        return self.starts[index + 1] if index + 1 < len(self.starts) else None

    def credited(self, x: Decimal) -> Decimal:
        return x if self.cap is None else min(x, self.cap)

    def gated(self, x: Decimal, *, left: bool = False) -> bool:
        """Whether the gate keeps the commission at 0 at ``x`` (or just below it)."""
        return x < self.gate or (left and self.gate > 0 and x == self.gate)

    def value(self, method: str, x: Decimal, *, left: bool = False) -> Decimal:
        """Exact cumulative commission C(x) (``left``: its limit from below)."""
        if self.gated(x, left=left):
            return Decimal(0)
        credited = self.credited(x)
        with localcontext(CONTEXT):
            if method == "retroactive":
                below_cap = self.cap is None or x <= self.cap
                return self.rates[self.tier(credited, left=left and below_cap)] * credited
            total = Decimal(0)
            for index, start in enumerate(self.starts):
                if credited <= start:
                    break
                end = self.end(index)
                top = credited if end is None else min(credited, end)
                total += self.rates[index] * (top - start)
            return total

    def tier_parts(self, method: str, low: Decimal, high: Decimal) -> list[Decimal]:
        """Sales credited per tier for C(high) − C(low) (``low ≤ high``); negative = taken back.

        Each part times its tier's rate adds up exactly to C(high) − C(low).
        """
        parts = [Decimal(0)] * len(self.starts)
        if self.gated(high):
            return parts
        top = self.credited(high)
        bottom = Decimal(0) if self.gated(low) else self.credited(low)
        with localcontext(CONTEXT):
            if method == "retroactive":
                parts[self.tier(top)] += top
                parts[self.tier(bottom)] -= bottom
                return parts
            for index, start in enumerate(self.starts):
                end = self.end(index)
                upper = top if end is None else min(top, end)
                lower = max(bottom, start)
                if upper > lower:
                    parts[index] = upper - lower
            return parts

    def breakpoints(self) -> list[Decimal]:
        points = set(self.starts) | {self.gate}
        if self.cap is not None:
            points.add(self.cap)
        return sorted(points)

    def segments(self, method: str) -> list[tuple[Decimal, Decimal | None, Decimal, Decimal]]:
        """(start, end or None, C(start), slope): C is linear on every [start, end)."""
        points = self.breakpoints()
        out = []
        for index, start in enumerate(points):
            end = points[index + 1] if index + 1 < len(points) else None
            paying = not self.gated(start) and (self.cap is None or start < self.cap)
            slope = self.rates[self.tier(start)] if paying else Decimal(0)
            out.append((start, end, self.value(method, start), slope))
        return out

    def sales_needed(self, method: str, prior: Decimal, goal: Decimal) -> Decimal | None:
        """Smallest s in whole cents with C(prior + s) − C(prior) ≥ goal; None if never."""
        with localcontext(CONTEXT):
            wanted = self.value(method, prior) + goal
            for start, end, at_start, slope in self.segments(method):
                if end is not None and end <= prior:
                    continue
                low = max(start, prior)
                at_low = at_start + slope * (low - start)
                if at_low >= wanted:
                    reach = low
                elif slope > 0:
                    reach = low + (wanted - at_low) / slope
                else:
                    continue
                if end is not None and reach >= end:
                    continue
                needed = (reach - prior).quantize(CENT, rounding=ROUND_CEILING)
                # The division is exact to 40 digits; if it was not, a cent either way fixes it.
                if needed > 0 and self.value(method, prior + needed - CENT) >= wanted:
                    needed -= CENT
                if self.value(method, prior + needed) < wanted:
                    needed += CENT
                if end is None or prior + needed < end:
                    return needed
            return None


def schedule_of(values: dict[str, Any]) -> Schedule:
    """The plan of parsed ``values`` in amounts (attainment starts × quota)."""
    tiers: list[dict[str, Any]] = values["tiers"]
    scale = Decimal(1)
    if values["tier_basis"] == "attainment":
        scale = values["quota"]
    with localcontext(CONTEXT):
        gate: Decimal | None = values.get("gate")
        cap: Decimal | None = values.get("cap")
        return Schedule(
            starts=tuple(row["from"] * scale for row in tiers),
            rates=tuple(row["rate"] for row in tiers),
            gate=Decimal(0) if gate is None else gate * scale,
            cap=None if cap is None else cap * scale,
        )


# --- cross-field checks ----------------------------------------------------------------------


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    inner = InputError(column, key, **params)
    inner.labels = {lang: t(f"{ID}.tiers.{column}.label", lang) for lang in ("zh", "en")}
    return InputError.in_row("tiers", row, inner)


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


def _incentive(values: dict[str, Any], schedule: Schedule) -> tuple[Decimal, bool] | None:
    """(target incentive, whether it came from the plan at quota) or None without one."""
    given: Decimal | None = values.get("target_incentive")
    if given is not None:
        return quantize_money(given), False
    quota: Decimal | None = values.get("quota")
    if quota is None:
        return None
    return quantize_money(schedule.value(values["method"], quota)), True


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


def _ratio(numerator: Decimal, denominator: Decimal) -> str | None:
    if denominator == 0:
        return None
    with localcontext(CONTEXT):
        return rate_str(numerator / denominator)


def _method_figures(
    schedule: Schedule,
    method: str,
    prior: Decimal,
    total: Decimal,
    sales: Decimal,
    goal: Decimal | None,
) -> dict[str, Any]:
    with localcontext(CONTEXT):
        cumulative = schedule.value(method, total)
        earned = schedule.value(method, prior)
        commission = quantize_money(cumulative) - quantize_money(earned)
        needed = None if goal is None else schedule.sales_needed(method, prior, goal)
        terms = [
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
    schedule: Schedule, method: str, prior: Decimal, total: Decimal
) -> list[dict[str, Any]]:
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


def _next_tier(schedule: Schedule, total: Decimal, quota: Decimal | None) -> dict[str, Any] | None:
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


def _cliff(schedule: Schedule, total: Decimal) -> dict[str, Any] | None:
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
        out: dict[str, Any] = {"at": money_str(at), "before": money_str(before)}
        for method in METHODS:
            low = quantize_money(schedule.value(method, before))
            high = quantize_money(schedule.value(method, at))
            out[f"{method}_before"] = money_str(low)
            out[f"{method}_at"] = money_str(high)
            out[f"{method}_jump"] = money_str(high - low)
    return out


def _deals(
    schedule: Schedule, method: str, prior: Decimal, deals: list[Decimal]
) -> list[dict[str, Any]]:
    befores: list[Decimal] = []
    exact: list[Decimal] = []
    with localcontext(CONTEXT):
        running = prior
        for deal in deals:
            befores.append(running)
            exact.append(schedule.value(method, running + deal) - schedule.value(method, running))
            running += deal
    paid = _split(schedule.value(method, prior), exact)
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


def _curve(schedule: Schedule, total: Decimal, quota: Decimal | None) -> dict[str, Any]:
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
        **lines,
    }


def _pay(values: dict[str, Any], schedule: Schedule, cumulative: Decimal) -> dict[str, Any] | None:
    base: Decimal | None = values.get("base_salary")
    incentive = _incentive(values, schedule)
    if base is None and values.get("target_incentive") is None:
        return None
    assert incentive is not None  # check() made sure of it
    amount, from_plan = incentive
    quota: Decimal | None = values.get("quota")
    out: dict[str, Any] = {
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
        out.update(
            ote=money_str(ote),
            base_share=_ratio(base, ote),
            incentive_share=_ratio(amount, ote),
            quota_to_ote=None if quota is None else _ratio(quota, ote),
        )
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


def _draw(values: dict[str, Any]) -> dict[str, Any] | None:
    draw: Decimal | None = values.get("draw")
    periods: list[Decimal] | None = values.get("period_commissions")
    if draw is None or periods is None:
        return None
    recoverable = values["draw_recoverable"] == "recoverable"
    rows = draw_schedule(draw, recoverable, periods)
    totals = {
        key: money_str(sum((row[key] for row in rows), Decimal(0)))
        for key in ("earned", "top_up", "recovery", "paid")
    }
    return {
        "draw": money_str(draw),
        "recoverable": recoverable,
        "periods": [
            {"period": index, **{key: money_str(value) for key, value in row.items()}}
            for index, row in enumerate(rows, start=1)
        ],
        "totals": totals,
        "balance": money_str(rows[-1]["balance"]),
    }


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The commission result for parsed ``values`` (see the module docstring for the rules)."""
    schedule = schedule_of(values)
    method: str = values["method"]
    quota: Decimal | None = values.get("quota")
    prior: Decimal = values["prior_sales"]
    sales = _sales_of(values)
    goal_typed: Decimal | None = values.get("target_commission")
    goal = None if goal_typed is None else quantize_money(goal_typed)
    with localcontext(CONTEXT):
        total = prior + sales
        figures = {m: _method_figures(schedule, m, prior, total, sales, goal) for m in METHODS}
        cumulative = schedule.value(method, total)
        gate_needed = total < schedule.gate
    chosen = figures[method]
    deals: list[Decimal] | None = values.get("deals")
    deal_rows = None if deals is None else _deals(schedule, method, prior, deals)
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
        "commission": chosen["commission"],
        "effective_rate": chosen["effective_rate"],
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
        "sales_needed": chosen["sales_needed"],
        "pay": (pay := _pay(values, schedule, cumulative)),
        "ote": pay["ote"] if pay else None,
        "draw": _draw(values),
        "curve": _curve(schedule, total, quota),
    }
