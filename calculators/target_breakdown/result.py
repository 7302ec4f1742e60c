"""The target breakdown calculator's result, typed so that mypy checks every key the maths
writes and the view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import TypedDict


class TargetBreakdownUnit(TypedDict):
    name: str
    weight: str
    share: str
    total: str
    months: list[str]
    quarters: list[str]


class TargetBreakdownGrowthCheck(TypedDict):
    market_growth: str
    limit: str
    share_gain: str
    stretch: bool


class TargetBreakdownReconciliationUnit(TypedDict):
    name: str
    commitment: str
    top_down: str
    gap: str
    coverage: str | None  #: None when the top-down target is 0


class TargetBreakdownReconciliation(TypedDict):
    commitment: str
    top_down: str
    gap: str
    coverage: str | None  #: None when the top-down target is 0
    units: list[TargetBreakdownReconciliationUnit]


class TargetBreakdownFunnelUnit(TypedDict):
    name: str
    total: str
    deals: int
    opportunities: int
    pipeline: str


class TargetBreakdownFunnel(TypedDict):
    avg_deal_size: str
    win_rate: str
    deals: int
    opportunities: int
    pipeline: str
    coverage: str
    units: list[TargetBreakdownFunnelUnit]


class TargetBreakdownResult(TypedDict):
    calculator: str
    target: str
    target_source: str
    base: str | None
    growth_rate: str | None
    over_assign: str
    attainment_factor: str
    assigned_exact: str
    round_to: str
    total: str
    month_weights: list[str]
    month_shares: list[str]
    months: list[str]
    quarters: list[str]
    units: list[TargetBreakdownUnit]
    working_days: list[str]
    daily: list[str]
    year_days: str
    daily_year: str
    growth_check: TargetBreakdownGrowthCheck | None
    reconciliation: TargetBreakdownReconciliation | None
    commitment_gap: str | None
    funnel: TargetBreakdownFunnel | None
    deals: int | None
    opportunities: int | None
    pipeline: str | None


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "total",
    "target",
    "daily_year",
    "growth_rate",
    "base",
    "deals",
    "opportunities",
    "pipeline",
    "commitment_gap",
)
