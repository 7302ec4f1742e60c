"""Funnel back-calculation from a sales target, sales velocity, and a weighted pipeline forecast.

From the target Q, the average deal size ADS and the win rate w:

- deals = ⌈Q ÷ ADS⌉; opportunities = ⌈deals ÷ w⌉. Counts are rounded up to whole numbers, and
  each stage above is computed from the whole number of the stage below, so every count shown ×
  its conversion rate covers the count below it.
- Optional stages above the opportunity (top of the funnel first): each row gives the share of
  that stage that reaches the next one (the last row's next stage is the opportunity);
  needed = ⌈needed at the next stage ÷ rate⌉.
- Pipeline needed = Q ÷ w (an exact amount, not rounded up); coverage = 1 ÷ w.
- Sales velocity per day = opportunities × ADS × w ÷ cycle days.
- Opportunities must exist one sales cycle before the period ends: the latest day (counted
  from the period start) is period days − cycle days; negative means before the period starts.
- Weighted forecast of open deals (amount a, probability p), deals independent:
  E = Σ a·p, Var = Σ a²·p(1 − p), σ = √Var; the range E ± σ is clipped to [0, Σ a].
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from ..allocation import apportion
from ..errors import InputError
from ..money import (
    CENT,
    CONTEXT,
    MAX_ABS,
    money_str,
    plain_str,
    quantize_money,
    quantize_rate,
    rate_str,
)
from .result import FunnelForecast, FunnelResult

ID = "funnel"

#: Rates below 0.01 % are refused: they make every count above them explode.
MIN_RATE = Decimal("0.0001")


def ceil_div(amount: Decimal, divisor: Decimal) -> Decimal:
    """The least whole number n with n × divisor ≥ amount (amount ≥ 0, divisor > 0)."""
    with localcontext(CONTEXT):
        whole = (amount / divisor).to_integral_value(rounding=ROUND_CEILING)
        # The quotient is rounded to 40 digits; the products below are exact for our sizes.
        while whole * divisor < amount:
            whole += 1
        while whole > 0 and (whole - 1) * divisor >= amount:
            whole -= 1
        return whole


def _counts(values: dict[str, Any]) -> tuple[Decimal, Decimal, list[Decimal]]:
    """(deals, opportunities, needed per stage top-down); raises when a count is absurd."""
    deals = ceil_div(values["target"], values["avg_deal_size"])
    if deals >= MAX_ABS:
        raise InputError("avg_deal_size", "funnel.error.too_many")
    opportunities = ceil_div(deals, values["win_rate"])
    if opportunities >= MAX_ABS:
        raise InputError("win_rate", "funnel.error.too_many")
    needed: list[Decimal] = []
    below = opportunities
    for stage in reversed(values.get("stages") or []):
        below = ceil_div(below, stage["rate"])
        if below >= MAX_ABS:
            raise InputError("stages", "funnel.error.too_many")
        needed.append(below)
    needed.reverse()
    return deals, opportunities, needed


def _forecast(deals: list[dict[str, Any]], target: Decimal) -> FunnelForecast:
    with localcontext(CONTEXT):
        amounts = [d["amount"] for d in deals]
        probabilities = [d["probability"] for d in deals]
        weighted = [a * p for a, p in zip(amounts, probabilities, strict=True)]
        expected = sum(weighted, Decimal(0))
        variance = sum(
            (a * a * p * (1 - p) for a, p in zip(amounts, probabilities, strict=True)),
            Decimal(0),
        )
        sd = variance.sqrt()
        total = sum(amounts, Decimal(0))
        low = max(Decimal(0), expected - sd)
        high = min(total, expected + sd)
        status = "likely_met" if low >= target else "likely_short" if high < target else "within"
        shares = apportion(weighted, quantize_money(expected), CENT)
        # Inside the 40-digit context: a variance in yuan² has more digits than the default 28.
        return {
            "expected_value": money_str(expected),
            "variance": plain_str(quantize_money(variance)),
            "std_dev": money_str(sd),
            "forecast_low": money_str(low),
            "forecast_high": money_str(high),
            "forecast_gap": money_str(target - expected),
            "forecast_attainment": rate_str(expected / target),
            "forecast_status": status,
            "open_pipeline": money_str(total),
            "open_coverage": rate_str(total / target),
            "open_deals": [
                {
                    "name": d["name"],
                    "amount": money_str(d["amount"]),
                    "probability": rate_str(d["probability"]),
                    "weighted": money_str(share),
                }
                for d, share in zip(deals, shares, strict=True)
            ],
        }


#: The forecast of a funnel without open deals.
NO_FORECAST: FunnelForecast = {
    "expected_value": None,
    "variance": None,
    "std_dev": None,
    "forecast_low": None,
    "forecast_high": None,
    "forecast_gap": None,
    "forecast_attainment": None,
    "forecast_status": None,
    "open_pipeline": None,
    "open_coverage": None,
    "open_deals": None,
}


def compute(values: dict[str, Any]) -> FunnelResult:
    """The funnel for parsed ``values`` (see the module docstring for the formulas)."""
    target: Decimal = values["target"]
    ads: Decimal = values["avg_deal_size"]
    win: Decimal = values["win_rate"]
    cycle: int = values["cycle_days"]
    period: int = values["period_days"]
    stages: list[dict[str, Any]] = values.get("stages") or []
    open_deals: list[dict[str, Any]] | None = values.get("open_deals")
    deals, opportunities, needed = _counts(values)
    with localcontext(CONTEXT):
        pipeline = target / win
        coverage = 1 / win
        velocity = opportunities * ads * win / cycle
        lead_to_deal = win
        for stage in stages:
            lead_to_deal *= stage["rate"]
        quotient = target / ads
    forecast = _forecast(open_deals, target) if open_deals else NO_FORECAST
    return {
        "calculator": ID,
        "inputs": {
            "target": money_str(target),
            "avg_deal_size": money_str(ads),
            "win_rate": rate_str(win),
            "stages": [{"stage": s["stage"], "rate": rate_str(s["rate"])} for s in stages] or None,
            "cycle_days": cycle,
            "period_days": period,
        },
        "deals_exact": plain_str(quantize_rate(quotient)),
        "deals": plain_str(deals),
        "opportunities": plain_str(opportunities),
        "stages": [
            {"stage": s["stage"], "rate": rate_str(s["rate"]), "needed": plain_str(n)}
            for s, n in zip(stages, needed, strict=True)
        ],
        "leads": plain_str(needed[0]) if needed else None,
        "lead_to_deal_rate": rate_str(lead_to_deal) if stages else None,
        "pipeline": money_str(pipeline),
        "coverage": rate_str(coverage),
        "sales_velocity": money_str(velocity),
        "pipeline_deadline_day": period - cycle,
        "cycle_exceeds_period": cycle > period,
        **forecast,
    }
