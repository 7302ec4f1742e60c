"""The customer value calculator's result, typed so that mypy checks every key the maths writes
and the view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import Any, TypedDict


class CustomerValueWhatIf(TypedDict):
    """The churn-improvement what-if: all ``None`` unless an improvement is given."""

    improved_churn: str | None
    improved_monthly_churn: str | None
    improved_ltv: str | None
    ltv_gain: str | None
    improved_ltv_cac: str | None


class CustomerValueResult(CustomerValueWhatIf):
    calculator: str
    inputs: dict[str, Any]
    monthly_churn: str
    annual_churn: str
    lifetime_months: str
    monthly_gross_profit: str
    ltv: str
    cac_payback_months: str
    ltv_cac: str
    meets_ltv_cac_rule: bool
    meets_payback_rule: bool
    end_revenue: str
    retained_revenue: str
    nrr: str
    grr: str


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "ltv",
    "ltv_cac",
    "cac_payback_months",
    "monthly_churn",
    "annual_churn",
    "nrr",
    "grr",
    "improved_ltv",
)
