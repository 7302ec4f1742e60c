"""The inputs of the funnel calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..money import (
    CENT,
)
from ..spec import Field
from .maths import MIN_RATE, _counts

FIELDS = (
    Field("target", "money", default=Decimal(1_000_000), min=CENT, unit="unit.yuan"),
    Field("avg_deal_size", "money", default=Decimal(25_000), min=CENT, unit="unit.yuan"),
    Field("win_rate", "rate", default="25%", min=MIN_RATE, max=Decimal(1)),
    Field(
        "stages",
        "records",
        default=None,
        required=False,
        max_items=5,
        columns=(
            Field("stage", "text", max_length=20),
            Field("rate", "rate", min=MIN_RATE, max=Decimal(1)),
        ),
    ),
    Field(
        "cycle_days",
        "integer",
        default=60,
        min=Decimal(1),
        max=Decimal(3650),
        unit="funnel.unit.days",
    ),
    Field(
        "period_days",
        "integer",
        default=90,
        min=Decimal(1),
        max=Decimal(3660),
        unit="funnel.unit.days",
    ),
    Field(
        "open_deals",
        "records",
        default=None,
        required=False,
        max_items=30,
        columns=(
            Field("name", "text", max_length=30),
            Field("amount", "money"),
            Field("probability", "rate", max=Decimal(1)),
        ),
        advanced=True,
    ),
)


def check(values: dict[str, Any]) -> None:
    """Every count must be one a plan could hold (below 10^15)."""
    _counts(values)
