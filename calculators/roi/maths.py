"""Return on investment for a purchase the prospect is weighing.

Benefits are built up per year from the yearly amounts typed and the benefit levers:

- base_t: ``annual_benefit`` (one amount for every year, or one per year; 0 when only levers
  are given);
- levers (each a yearly amount, the same every year): hours saved × people × hourly cost;
  revenue × uplift × gross margin; cost base × reduction; free-form benefit lines;
- benefit_t(scenario) = (base_t + levers) × ramp_t × (1 − risk) × scenario factor, rounded to
  the cent. The expected scenario is the headline; conservative and optimistic sit beside it.

Costs (the TCO): year 0 is ``upfront_cost``; year t (1…N) is ``annual_cost + internal_cost``.
Cash flows: CF_0 = −upfront; CF_t = benefit_t − cost_t. Every yearly amount is a whole number
of cents, so the table's rows add up exactly to its totals.

- Simple ROI = (Σ benefits − Σ costs) ÷ Σ costs over the horizon.
- NPV = Σ CF_t ÷ (1 + r)^t with t = 0 undiscounted (numpy-financial's convention).
- PV-ROI = (PV(benefits) − PV(costs)) ÷ PV(costs).
- IRR: the r > −100 % with NPV(r) = 0, reported only when there is exactly one (counted exactly
  with Descartes' rule of signs and a Sturm sequence); otherwise "none"/"multiple".
- Payback = k + |cum_k| ÷ CF_{k+1} for the last year k whose cumulative flow is < 0 (from
  there on it stays ≥ 0); discounted payback the same on discounted flows; months = years × 12.
- Cost of delay per month = max(0, conservative benefit_1 − cost_1) ÷ 12.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from ..finance import discount_factors, irr, npv, payback, sign_changes
from ..money import (
    CONTEXT,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from . import must
from .result import RoiBenefitBuildItem, RoiCashFlow, RoiPaybackParts, RoiResult, RoiSummary

ID = "roi"

SCENARIOS = ("conservative", "expected", "optimistic")
LEVERS = {
    "time": ("hours_saved", "people", "hourly_cost"),
    "revenue": ("revenue", "revenue_uplift", "gross_margin"),
    "cost": ("cost_base", "cost_reduction"),
}
#: What the calculator shows when neither yearly benefits nor levers are given (the example of
#: the research notes), so an empty call still demonstrates the calculator.
EXAMPLE_BENEFITS = (Decimal(80_000), Decimal(120_000), Decimal(150_000))
DEFAULT_HORIZON = 3
MAX_YEARS = 10


# --- benefit levers and cross-field checks --------------------------------------------------


@dataclass(frozen=True)
class Lever:
    """One benefit lever's yearly amount (whole cents); ``name`` only for free-form lines."""

    key: str
    annual: Decimal
    name: str | None = None


def _lever_fields_given(values: dict[str, Any], key: str) -> list[str]:
    return [name for name in LEVERS[key] if values.get(name) is not None]


def _levers(values: dict[str, Any]) -> list[Lever]:
    """The levers the inputs fill in (``check`` has made sure each is complete and finite)."""
    found = []
    with localcontext(CONTEXT):
        for key, names in LEVERS.items():
            if len(_lever_fields_given(values, key)) == len(names):
                product = Decimal(1)
                for name in names:
                    product *= values[name]
                found.append(Lever(key, quantize_money(product)))
        for row in values.get("other_benefits") or []:
            found.append(Lever("other", quantize_money(row["amount"]), str(row["name"])))
    return found


def _horizon(values: dict[str, Any]) -> int:
    years = values.get("years")
    if years is not None:
        return int(years)
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None and not _any_lever(values):
        return len(EXAMPLE_BENEFITS)
    return len(benefits) if benefits is not None and len(benefits) > 1 else DEFAULT_HORIZON


def _any_lever(values: dict[str, Any]) -> bool:
    return bool(values.get("other_benefits")) or any(
        _lever_fields_given(values, key) for key in LEVERS
    )


def _base_benefits(values: dict[str, Any], years: int) -> list[Decimal]:
    """The typed yearly benefits, one per year, in cents (0 when only levers are given)."""
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None:
        benefits = [Decimal(0)] if _any_lever(values) else list(EXAMPLE_BENEFITS)
    if len(benefits) == 1:
        benefits = benefits * years
    return [quantize_money(b) for b in benefits]


def _ramp(values: dict[str, Any], years: int) -> list[Decimal]:
    ramp: list[Decimal] = values["ramp"]
    return [ramp[min(year, len(ramp) - 1)] for year in range(years)]


def _round(value: Decimal | None, places: str) -> str | None:
    if value is None:
        return None
    return plain_str(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Outcome:
    """Every figure of one scenario, exact (JSON conversion happens in :func:`_summary`)."""

    costs: list[Decimal]
    gains: list[Decimal]
    flows: list[Decimal]
    factors: list[Decimal]
    discounted: list[Decimal]
    total_cost: Decimal
    total_benefit: Decimal
    roi: Decimal
    pv_cost: Decimal
    pv_benefit: Decimal
    pv_roi: Decimal
    npv: Decimal
    irr_status: str
    irr: Decimal | None
    payback: Decimal | None
    payback_parts: dict[str, Decimal] | None
    discounted_payback: Decimal | None


def evaluate(costs: list[Decimal], gains: list[Decimal], rate: Decimal) -> Outcome:
    """The figures for yearly ``costs`` and ``gains`` (year 0 first) at discount ``rate``."""
    with localcontext(CONTEXT):
        flows = [g - c for g, c in zip(gains, costs, strict=True)]
        total_cost = sum(costs, Decimal(0))
        total_benefit = sum(gains, Decimal(0))
        pv_cost = npv(rate, costs)
        pv_benefit = npv(rate, gains)
        factors = discount_factors(rate, len(flows))
        discounted = [f * cf for f, cf in zip(factors, flows, strict=True)]
        irr_status, irr_value = irr(flows)
        payback_years, payback_parts = payback(flows)
        discounted_payback, _ = payback(discounted)
        return Outcome(
            costs=costs,
            gains=gains,
            flows=flows,
            factors=factors,
            discounted=discounted,
            total_cost=total_cost,
            total_benefit=total_benefit,
            roi=(total_benefit - total_cost) / total_cost,
            pv_cost=pv_cost,
            pv_benefit=pv_benefit,
            pv_roi=(pv_benefit - pv_cost) / pv_cost,
            npv=npv(rate, flows),
            irr_status=irr_status,
            irr=irr_value,
            payback=payback_years,
            payback_parts=payback_parts,
            discounted_payback=discounted_payback,
        )


def _irr_reason(outcome: Outcome) -> str | None:
    """Why no IRR is shown: the flows never change sign, no rate solves it, or several do."""
    if outcome.irr_status == "unique":
        return None
    if outcome.irr_status == "multiple":
        return "multiple"
    return "none" if sign_changes(outcome.flows) == 0 else "no_root"


def _summary(outcome: Outcome) -> RoiSummary:
    """The JSON-safe headline figures of one scenario."""
    months = None if outcome.payback is None else outcome.payback * 12
    discounted_months = (
        None if outcome.discounted_payback is None else outcome.discounted_payback * 12
    )
    return {
        "roi": rate_str(outcome.roi),
        "npv": money_str(outcome.npv),
        "irr": rate_str(outcome.irr) if outcome.irr is not None else None,
        "irr_status": outcome.irr_status,
        "irr_reason": _irr_reason(outcome),
        "payback_years": _round(outcome.payback, "0.01"),
        "payback_months": _round(months, "0.1"),
        "discounted_payback_years": _round(outcome.discounted_payback, "0.01"),
        "discounted_payback_months": _round(discounted_months, "0.1"),
        "pv_roi": rate_str(outcome.pv_roi),
        "total_cost": money_str(outcome.total_cost),
        "total_benefit": money_str(outcome.total_benefit),
    }


def _expected_npv(values: dict[str, Any]) -> Decimal:
    """The expected scenario's NPV for parsed ``values`` (the sensitivity view's recalculation;
    the same steps as :func:`compute`)."""
    years = _horizon(values)
    base = _base_benefits(values, years)
    lever_total = sum((lever.annual for lever in _levers(values)), Decimal(0))
    ramp = _ramp(values, years)
    factor: Decimal = values["scenarios"][SCENARIOS.index("expected")]
    with localcontext(CONTEXT):
        kept = 1 - values["risk"]
        running = quantize_money(values["annual_cost"]) + quantize_money(values["internal_cost"])
        costs = [quantize_money(values["upfront_cost"])] + [running] * years
        gains = [Decimal(0)] + [
            quantize_money((b + lever_total) * r * kept * factor)
            for b, r in zip(base, ramp, strict=True)
        ]
        return npv(values["discount_rate"], [g - c for g, c in zip(gains, costs, strict=True)])


#: The inputs the sensitivity view moves, in the order ties are listed (levers by their key).
DRIVERS = (
    "annual_benefit",
    "time",
    "revenue",
    "cost",
    "other",
    "upfront_cost",
    "annual_cost",
    "internal_cost",
    "discount_rate",
    "risk",
)


def _drivers(values: dict[str, Any], years: int) -> list[str]:
    """The drivers that move the NPV at all for these inputs."""
    present = {lever.key for lever in _levers(values)}
    found = []
    for name in DRIVERS:
        if name == "annual_benefit":
            if any(b != 0 for b in _base_benefits(values, years)):
                found.append(name)
        elif name in LEVERS or name == "other":
            if name in present:
                found.append(name)
        elif values.get(name):
            found.append(name)
    return found


def _scaled(values: dict[str, Any], driver: str, k: Decimal) -> dict[str, Any]:
    """``values`` with one driver multiplied by ``k`` (the rest as entered)."""
    years = _horizon(values)
    out = dict(values, years=years)
    with localcontext(CONTEXT):
        if driver == "annual_benefit":
            out["annual_benefit"] = [b * k for b in _base_benefits(values, years)]
        elif driver in LEVERS:
            first = LEVERS[driver][0]
            out[first] = values[first] * k
        elif driver == "other":
            out["other_benefits"] = [
                {**row, "amount": row["amount"] * k} for row in values["other_benefits"]
            ]
        else:
            out[driver] = values[driver] * k
    return out


def compute(values: dict[str, Any]) -> RoiResult:
    """The ROI result for parsed ``values`` (see the module docstring for the formulas)."""
    years = _horizon(values)
    base = _base_benefits(values, years)
    levers = _levers(values)
    ramp = _ramp(values, years)
    risk: Decimal = values["risk"]
    factors: list[Decimal] = values["scenarios"]
    rate: Decimal = values["discount_rate"]
    upfront = quantize_money(values["upfront_cost"])
    annual_cost = quantize_money(values["annual_cost"])
    internal_cost = quantize_money(values["internal_cost"])
    with localcontext(CONTEXT):
        lever_total = sum((lever.annual for lever in levers), Decimal(0))
        full = [b + lever_total for b in base]
        kept = 1 - risk
        costs = [upfront] + [annual_cost + internal_cost] * years
        outcomes = {
            name: evaluate(
                costs,
                [Decimal(0)]
                + [quantize_money(f * r * kept * factor) for f, r in zip(full, ramp, strict=True)],
                rate,
            )
            for name, factor in zip(SCENARIOS, factors, strict=True)
        }
        main = outcomes["expected"]
        expected_factor = factors[SCENARIOS.index("expected")]
        shape = [r * kept * expected_factor for r in ramp]
        target = values.get("payback_target")
        target = Decimal(years) if target is None else target
        conservative_year1 = outcomes["conservative"].gains[1]
        year1_net = conservative_year1 - costs[1]
        cost_of_delay = max(year1_net, Decimal(0)) / 12

    rows: list[RoiCashFlow] = []
    running = Decimal(0)
    for year in range(years + 1):
        running += main.flows[year]
        rows.append(
            {
                "year": year,
                "cost": money_str(main.costs[year]),
                "benefit": money_str(main.gains[year]),
                "net": money_str(main.flows[year]),
                "cumulative": money_str(running),
                "discount_factor": rate_str(main.factors[year]),
                "present_value": money_str(main.discounted[year]),
            }
        )
    build: list[RoiBenefitBuildItem] = [
        {
            "year": year + 1,
            "base": money_str(base[year]),
            "levers": money_str(lever_total),
            "full": money_str(full[year]),
            "ramp": rate_str(ramp[year]),
            "risk": rate_str(risk),
            "benefit": money_str(main.gains[year + 1]),
        }
        for year in range(years)
    ]
    other = values.get("other_benefits") or []
    return {
        "calculator": ID,
        "inputs": {
            "upfront_cost": money_str(upfront),
            "annual_cost": money_str(annual_cost),
            "internal_cost": money_str(internal_cost),
            "annual_benefit": [money_str(b) for b in base],
            "hours_saved": _plain_or_none(values.get("hours_saved")),
            "people": _plain_or_none(values.get("people")),
            "hourly_cost": _money_or_none(values.get("hourly_cost")),
            "revenue": _money_or_none(values.get("revenue")),
            "revenue_uplift": _rate_or_none(values.get("revenue_uplift")),
            "gross_margin": _rate_or_none(values.get("gross_margin")),
            "cost_base": _money_or_none(values.get("cost_base")),
            "cost_reduction": _rate_or_none(values.get("cost_reduction")),
            "other_benefits": [
                {"name": str(row["name"]), "amount": money_str(row["amount"])} for row in other
            ],
            "years": years,
            "discount_rate": rate_str(rate),
            "ramp": [rate_str(r) for r in values["ramp"]],
            "risk": rate_str(risk),
            "scenarios": [rate_str(f) for f in factors],
        },
        **_summary(main),
        "pv_cost": money_str(main.pv_cost),
        "pv_benefit": money_str(main.pv_benefit),
        "payback_parts": _payback_parts(main.payback_parts),
        "tco": {
            "upfront": money_str(upfront),
            "running": money_str(annual_cost * years),
            "internal": money_str(internal_cost * years),
            "total": money_str(main.total_cost),
        },
        "levers": [
            {"lever": lever.key, "name": lever.name, "annual": money_str(lever.annual)}
            for lever in levers
        ],
        "lever_total": money_str(lever_total),
        "benefit_build": build,
        "scenarios": [
            {"scenario": name, "factor": rate_str(factor), **_summary(outcomes[name])}
            for name, factor in zip(SCENARIOS, factors, strict=True)
        ],
        "cost_of_delay_month": money_str(cost_of_delay),
        "cost_of_delay_parts": {
            "benefit": money_str(conservative_year1),
            "cost": money_str(costs[1]),
            "net": money_str(year1_net),
        },
        "cash_flows": rows,
        "break_even": must.break_even(costs, main.gains, shape, target),
        "break_even_current": money_str(full[0]) if len(set(full)) == 1 else None,
        "sensitivity": must.sensitivity(values, _drivers(values, years), _expected_npv, _scaled),
        "sensitivity_step": rate_str(must.STEP),
    }


def _payback_parts(parts: dict[str, Decimal] | None) -> RoiPaybackParts | None:
    if parts is None:
        return None
    return {
        "before": money_str(parts["before"]),
        "gap": money_str(parts["gap"]),
        "flow": money_str(parts["flow"]),
    }


def _plain_or_none(value: Decimal | None) -> str | None:
    return None if value is None else plain_str(value)


def _money_or_none(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _rate_or_none(value: Decimal | None) -> str | None:
    return None if value is None else rate_str(value)
