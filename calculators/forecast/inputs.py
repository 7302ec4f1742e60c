"""The inputs of the forecast calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..spec import Field
from .maths import MAX_PERIODS, METHODS, MIN_PERIODS, SEASONALITY, check_inputs

#: Three years of monthly sales with a season and a trend (fictional): the page's example.
SAMPLE = (
    "82万 76万 95万 101万 108万 112万 104万 99万 118万 126万 139万 168万 "
    "90万 85万 104万 111万 119万 124万 115万 109万 131万 140万 153万 185万 "
    "99万 93万 113万 122万 131万 135万 127万 120万 143万 155万 168万 204万"
)


def _smoothing(name: str) -> Field:
    return Field(
        name, "number", default=None, required=False, min=Decimal(0), max=Decimal(1), advanced=True
    )


FIELDS = (
    Field(
        "history",
        "money_list",
        default=SAMPLE,
        min=None,
        min_items=MIN_PERIODS,
        max_items=MAX_PERIODS,
        unit="unit.yuan",
        data=True,
    ),
    Field("start", "text", default=None, required=False, max_length=12),
    Field("season_length", "integer", default=12, min=Decimal(1), max=Decimal(24)),
    Field("horizon", "integer", default=6, min=Decimal(1), max=Decimal(24)),
    Field("method", "choice", default="auto", choices=METHODS),
    Field("seasonality", "choice", default="additive", choices=SEASONALITY, advanced=True),
    Field(
        "window",
        "integer",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(24),
        advanced=True,
    ),
    _smoothing("alpha"),
    _smoothing("beta"),
    _smoothing("gamma"),
)


def check(values: dict[str, Any]) -> None:
    check_inputs(values)
