"""The commission calculator's result: JSON-safe values (money and rates as exact decimal strings),
typed so that mypy checks every key the maths writes and the view reads.
"""

from __future__ import annotations

from typing import Literal, TypedDict

#: How tiers pay: only the part in each tier at its rate, or the whole amount at the top rate.
Method = Literal["marginal", "retroactive"]


CommissionTier = TypedDict(
    "CommissionTier",
    {
        "tier": int,
        "from": str,
        "from_typed": str,
        "to": str | None,
        "rate": str,
    },
)


class CommissionTerm(TypedDict):
    rate: str
    sales: str


class CommissionMethod(TypedDict):
    """The figures of one method (marginal or retroactive)."""

    terms: list[CommissionTerm]
    commission: str
    effective_rate: str | None
    cumulative_commission: str
    prior_commission: str
    max_commission: str | None
    sales_needed: str | None


CommissionBreakdownItem = TypedDict(
    "CommissionBreakdownItem",
    {
        "tier": int,
        "from": str,
        "to": str | None,
        "rate": str,
        "sales": str,
        "commission": str,
    },
)


CommissionGate = TypedDict(
    "CommissionGate",
    {
        "from": str,
        "reached": bool,
        "sales_needed": str | None,
    },
)


class CommissionCap(TypedDict):
    at: str
    reached: bool
    max_commission: str | None


CommissionNextTier = TypedDict(
    "CommissionNextTier",
    {
        "tier": int,
        "from": str,
        "attainment": str | None,
        "rate": str,
        "sales_needed": str,
    },
)


class CommissionCliff(TypedDict):
    at: str
    before: str
    marginal_before: str
    marginal_at: str
    marginal_jump: str
    retroactive_before: str
    retroactive_at: str
    retroactive_jump: str


class CommissionDealRowsItem(TypedDict):
    deal: int
    amount: str
    before: str
    commission: str
    rate: str | None


class CommissionFactorRow(TypedDict):
    above: str
    factor: str
    current: bool


class CommissionPay(TypedDict):
    base_salary: str | None
    target_incentive: str
    incentive_from_plan: bool
    ote: str | None
    base_share: str | None
    incentive_share: str | None
    quota_to_ote: str | None
    rate_at_target: str | None
    payout_vs_target: str | None


class CommissionPeriod(TypedDict):
    period: int
    earned: str
    top_up: str
    recovery: str
    paid: str
    balance: str


class CommissionTotals(TypedDict):
    earned: str
    top_up: str
    recovery: str
    paid: str


class CommissionDraw(TypedDict):
    draw: str
    recoverable: bool
    periods: list[CommissionPeriod]
    totals: CommissionTotals
    balance: str


class CommissionCurve(TypedDict):
    axis: str
    x_max: str
    marginal: list[list[str]]
    retroactive: list[list[str]]


class CommissionResult(TypedDict):
    calculator: str
    method: Method
    tier_basis: str
    tiers: list[CommissionTier]
    quota: str | None
    sales: str
    prior_sales: str
    cumulative_sales: str
    credited_sales: str
    attainment: str | None
    commission: str
    effective_rate: str | None
    discount: str | None
    discount_factor: str
    commission_before_factor: str
    discount_factors: list[CommissionFactorRow] | None
    cumulative_commission: str
    prior_commission: str
    marginal: CommissionMethod
    retroactive: CommissionMethod
    breakdown: list[CommissionBreakdownItem]
    tier_reached: int
    gate: CommissionGate | None
    cap: CommissionCap | None
    next_tier: CommissionNextTier | None
    to_next_tier: str | None
    cliff: CommissionCliff | None
    deal_commissions: list[str] | None
    deal_rows: list[CommissionDealRowsItem] | None
    target_commission: str | None
    sales_needed: str | None
    pay: CommissionPay | None
    ote: str | None
    draw: CommissionDraw | None
    curve: CommissionCurve


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "commission",
    "effective_rate",
    "attainment",
    "to_next_tier",
    "sales_needed",
    "ote",
)
