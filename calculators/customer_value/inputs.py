"""The inputs of the customer value calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import InputError, InputErrors
from ..money import (
    format_money,
    format_percent,
)
from ..spec import Field
from .maths import MIN_MONEY, MIN_RATE, _below_min

FIELDS = (
    Field("arpu", "money", default=Decimal(500), unit="unit.yuan"),
    Field("gross_margin", "rate", default="80%", max=Decimal(1)),
    Field("churn", "rate", default="5%", max=Decimal(1)),
    Field("churn_period", "choice", default="monthly", choices=("monthly", "annual")),
    Field("cac", "money", default=Decimal(2000), unit="unit.yuan"),
    Field(
        "churn_improvement",
        "rate",
        default=None,
        required=False,
        max=Decimal(1),
        advanced=True,
    ),
    Field("start_revenue", "money", default=Decimal(100_000), unit="unit.yuan"),
    Field("expansion_revenue", "money", default=Decimal(15_000), unit="unit.yuan"),
    Field("contraction_revenue", "money", default=Decimal(3000), unit="unit.yuan"),
    Field("churned_revenue", "money", default=Decimal(5000), unit="unit.yuan"),
)


def check(values: dict[str, Any]) -> None:
    """Divisors at least a cent / 0.01 %; the what-if leaves churn at least 0.01 %; GRR ≥ 0."""
    errors: list[InputError] = []
    minimum = {"arpu": MIN_MONEY, "gross_margin": MIN_RATE, "cac": MIN_MONEY}
    for name in ("arpu", "gross_margin"):
        if values[name] < minimum[name]:
            errors.append(_below_min(name, minimum[name]))
    churn: Decimal = values["churn"]
    if churn == 0:
        errors.append(InputError("churn", "customer_value.error.zero_churn"))
    elif churn < MIN_RATE:
        errors.append(_below_min("churn", MIN_RATE))
    if values["cac"] < MIN_MONEY:
        errors.append(_below_min("cac", MIN_MONEY))
    improvement: Decimal | None = values.get("churn_improvement")
    if improvement is not None and churn >= MIN_RATE and churn - improvement < MIN_RATE:
        errors.append(
            InputError(
                "churn_improvement",
                "customer_value.error.improvement_too_large",
                improvement=format_percent(improvement),
                churn=format_percent(churn),
            )
        )
    start: Decimal = values["start_revenue"]
    if start < MIN_MONEY:
        errors.append(_below_min("start_revenue", MIN_MONEY))
    lost = values["contraction_revenue"] + values["churned_revenue"]
    if lost > start >= MIN_MONEY:
        errors.append(
            InputError(
                "churned_revenue",
                "customer_value.error.lost_exceeds_start",
                lost=format_money(lost),
                start=format_money(start),
            )
        )
    if errors:
        raise InputErrors(errors)
