"""Customer value: LTV, CAC payback, LTV:CAC, churn conversions, NRR / GRR and a retention what-if.

- Monthly churn c (given, or from an annual churn a as ``c = 1 − (1 − a)^(1/12)``);
  annual churn = ``1 − (1 − c)^12``. The 12th root is taken as ``exp(ln(1 − a) ÷ 12)``.
- Monthly gross profit per customer = ARPU × gross margin (ARPU is monthly).
- Expected lifetime (months) = 1 ÷ c;  LTV = ARPU × gross margin ÷ c.
- CAC payback (months) = CAC ÷ (ARPU × gross margin);  LTV:CAC = LTV ÷ CAC.
- NRR = (start + expansion − contraction − churned) ÷ start;  GRR leaves out expansion.
- What-if: the churn as entered lowered by X percentage points (same period), LTV again.

A churn of 0 is refused: the lifetime would be infinite and so would LTV.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from ..errors import InputError
from ..money import (
    CONTEXT,
    format_percent,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .result import CustomerValueResult, CustomerValueWhatIf

ID = "customer_value"

#: Rules of thumb often quoted in SaaS sales, not laws: LTV:CAC at least 3, payback under a year.
LTV_CAC_TARGET = Decimal(3)
PAYBACK_TARGET_MONTHS = Decimal(12)
#: Smallest amounts and rates accepted where they divide: a cent, and 0.01 % (a churn of 0.01 %
#: a month is a lifetime of 10,000 months). Smaller ones are typing slips, not scenarios.
MIN_MONEY = Decimal("0.01")
MIN_RATE = Decimal("0.0001")
#: Result keys of the retention what-if; all None when no improvement is given.


def _below_min(name: str, minimum: Decimal) -> InputError:
    shown = format_percent(minimum) if minimum == MIN_RATE else plain_str(minimum)
    return InputError(name, "error.below_min", min=shown)


def annual_from_monthly(monthly: Decimal) -> Decimal:
    """1 − (1 − monthly)^12, to 40 significant digits."""
    with localcontext(CONTEXT):
        return 1 - (1 - monthly) ** 12


def monthly_from_annual(annual: Decimal) -> Decimal:
    """1 − (1 − annual)^(1/12), as 1 − exp(ln(1 − annual) ÷ 12); 100 % a year is 100 % a month."""
    if annual == 1:
        return Decimal(1)
    with localcontext(CONTEXT):
        return 1 - ((1 - annual).ln() / 12).exp()


def _monthly(churn: Decimal, period: str) -> Decimal:
    return churn if period == "monthly" else monthly_from_annual(churn)


def _two_places(value: Decimal) -> str:
    return plain_str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def compute(values: dict[str, Any]) -> CustomerValueResult:
    """The customer-value result for parsed ``values`` (formulas in the module docstring)."""
    arpu: Decimal = values["arpu"]
    margin: Decimal = values["gross_margin"]
    churn: Decimal = values["churn"]
    period: str = values["churn_period"]
    cac: Decimal = values["cac"]
    improvement: Decimal | None = values.get("churn_improvement")
    start: Decimal = values["start_revenue"]
    expansion: Decimal = values["expansion_revenue"]
    contraction: Decimal = values["contraction_revenue"]
    churned: Decimal = values["churned_revenue"]
    with localcontext(CONTEXT):
        monthly = _monthly(churn, period)
        annual = churn if period == "annual" else annual_from_monthly(churn)
        monthly_profit = arpu * margin
        ltv = monthly_profit / monthly
        payback = cac / monthly_profit
        ratio = ltv / cac
        end_revenue = start + expansion - contraction - churned
        retained = start - contraction - churned
        nrr = end_revenue / start
        grr = retained / start
        what_if: CustomerValueWhatIf = {
            "improved_churn": None,
            "improved_monthly_churn": None,
            "improved_ltv": None,
            "ltv_gain": None,
            "improved_ltv_cac": None,
        }
        if improvement is not None:
            improved = churn - improvement
            improved_monthly = _monthly(improved, period)
            improved_ltv = quantize_money(monthly_profit / improved_monthly)
            what_if = {
                "improved_churn": rate_str(improved),
                "improved_monthly_churn": rate_str(improved_monthly),
                "improved_ltv": money_str(improved_ltv),
                "ltv_gain": money_str(improved_ltv - quantize_money(ltv)),
                "improved_ltv_cac": rate_str(improved_ltv / cac),
            }
        return {
            "calculator": ID,
            "inputs": {
                "arpu": money_str(arpu),
                "gross_margin": rate_str(margin),
                "churn": rate_str(churn),
                "churn_period": period,
                "cac": money_str(cac),
                "churn_improvement": rate_str(improvement) if improvement is not None else None,
                "start_revenue": money_str(start),
                "expansion_revenue": money_str(expansion),
                "contraction_revenue": money_str(contraction),
                "churned_revenue": money_str(churned),
            },
            "monthly_churn": rate_str(monthly),
            "annual_churn": rate_str(annual),
            "lifetime_months": _two_places(1 / monthly),
            "monthly_gross_profit": money_str(monthly_profit),
            "ltv": money_str(ltv),
            "cac_payback_months": _two_places(payback),
            "ltv_cac": rate_str(ratio),
            "meets_ltv_cac_rule": ratio >= LTV_CAC_TARGET,
            "meets_payback_rule": payback < PAYBACK_TARGET_MONTHS,
            "end_revenue": money_str(end_revenue),
            "retained_revenue": money_str(retained),
            "nrr": rate_str(nrr),
            "grr": rate_str(grr),
            **what_if,
        }
