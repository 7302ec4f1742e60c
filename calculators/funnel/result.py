"""The funnel calculator's result, typed so that mypy checks every key the maths writes and the
view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import Any, TypedDict


class FunnelStage(TypedDict):
    stage: str
    rate: str
    needed: str


class FunnelOpenDeal(TypedDict):
    name: str
    amount: str
    probability: str
    weighted: str


class FunnelForecast(TypedDict):
    """The forecast from open deals: all ``None`` when no open deals are given."""

    expected_value: str | None
    variance: str | None
    std_dev: str | None
    forecast_low: str | None
    forecast_high: str | None
    forecast_gap: str | None
    forecast_attainment: str | None
    forecast_status: str | None
    open_pipeline: str | None
    open_coverage: str | None
    open_deals: list[FunnelOpenDeal] | None


class FunnelResult(FunnelForecast):
    calculator: str
    inputs: dict[str, Any]
    deals_exact: str
    deals: str
    opportunities: str
    stages: list[FunnelStage]
    leads: str | None
    lead_to_deal_rate: str | None
    pipeline: str
    coverage: str
    sales_velocity: str
    pipeline_deadline_day: int
    cycle_exceeds_period: bool


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "deals",
    "opportunities",
    "leads",
    "pipeline",
    "coverage",
    "sales_velocity",
    "pipeline_deadline_day",
    "expected_value",
    "forecast_gap",
)
