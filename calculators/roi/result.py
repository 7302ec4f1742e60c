"""The roi calculator's result: JSON-safe values (money and rates as exact decimal strings),
typed so that mypy checks every key the maths writes and the view reads.
"""

from __future__ import annotations

from typing import Any, TypedDict


class RoiSummary(TypedDict):
    """The headline figures of one scenario."""

    roi: str
    npv: str
    irr: str | None
    irr_status: str
    irr_reason: str | None
    payback_years: str | None
    payback_months: str | None
    discounted_payback_years: str | None
    discounted_payback_months: str | None
    pv_roi: str
    total_cost: str
    total_benefit: str


class RoiPaybackParts(TypedDict):
    before: str
    gap: str
    flow: str


class RoiTco(TypedDict):
    upfront: str
    running: str
    internal: str
    total: str


class RoiLever(TypedDict):
    lever: str
    name: str | None
    annual: str


class RoiBenefitBuildItem(TypedDict):
    year: int
    base: str
    levers: str
    full: str
    ramp: str
    risk: str
    benefit: str


class RoiScenario(RoiSummary):
    scenario: str
    factor: str


class RoiCostOfDelayParts(TypedDict):
    benefit: str
    cost: str
    net: str


class RoiCashFlow(TypedDict):
    year: int
    cost: str
    benefit: str
    net: str
    cumulative: str
    discount_factor: str
    present_value: str


class RoiBreakEven(TypedDict):
    """What must be true to pay back within ``target_years`` (expected scenario; None:
    impossible)."""

    target_years: str
    benefit: str | None  # the smallest yearly benefit before ramp and risk
    upfront: str | None  # the largest upfront cost
    current_upfront: str


class RoiSensitivity(TypedDict):
    """The expected NPV with one input 10 % lower and higher."""

    input: str
    low: str
    high: str
    swing: str


class RoiResult(RoiSummary):
    """The expected scenario's summary at the top level, then everything behind it."""

    calculator: str
    inputs: dict[str, Any]
    pv_cost: str
    pv_benefit: str
    payback_parts: RoiPaybackParts | None
    tco: RoiTco
    levers: list[RoiLever]
    lever_total: str
    benefit_build: list[RoiBenefitBuildItem]
    scenarios: list[RoiScenario]
    cost_of_delay_month: str
    cost_of_delay_parts: RoiCostOfDelayParts
    cash_flows: list[RoiCashFlow]
    break_even: RoiBreakEven
    break_even_current: str | None  # the yearly benefit entered, when the same every year
    sensitivity: list[RoiSensitivity]
    sensitivity_step: str


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "roi",
    "npv",
    "payback_months",
    "cost_of_delay_month",
    "irr",
    "pv_roi",
)
