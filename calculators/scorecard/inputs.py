"""The inputs of the scorecard calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import InputError, InputErrors
from ..money import plain_str
from ..spec import Field
from .maths import DIRECTIONS, NUMBER_UNIT, PRESETS, _cell_error, _percent

#: House policy, stated as such on the page: ≥ 110 % A, ≥ 100 % B, ≥ 85 % C, ≥ 70 % D, else E.
DEFAULT_GRADES: list[dict[str, object]] = [
    {"grade": "A", "min_score": "110%"},
    {"grade": "B", "min_score": "100%"},
    {"grade": "C", "min_score": "85%"},
    {"grade": "D", "min_score": "70%"},
    {"grade": "E", "min_score": "0"},
]


FIELDS = (
    Field("preset", "choice", default="sales_quarterly", choices=tuple(PRESETS)),
    Field(
        "kpis",
        "records",
        default=None,
        required=False,
        same_form=("target", "actual"),
        columns=(
            Field("name", "text", max_length=20),
            Field("weight", "rate", max=Decimal(1)),
            Field("target", "quantity"),
            Field("actual", "quantity"),
            Field(
                "direction", "choice", default="higher", required=False, choices=tuple(DIRECTIONS)
            ),
            Field(
                "cap",
                "rate",
                default="120%",
                required=False,
                min=Decimal(1),
                max=Decimal(10),
                ambiguous_below=Decimal(10),
            ),
        ),
    ),
    Field(
        "grades",
        "records",
        default=DEFAULT_GRADES,
        max_items=10,
        columns=(
            Field("grade", "text", max_length=10),
            Field("min_score", "rate", max=Decimal(10), ambiguous_below=Decimal(10)),
        ),
        advanced=True,
    ),
)


def check(values: dict[str, Any]) -> None:
    """Targets above 0, numbers to 6 places, weights adding up to 100 %, bands descending."""
    errors: list[InputError] = []
    kpis: list[dict[str, Any]] | None = values.get("kpis")
    if kpis:
        for row, kpi in enumerate(kpis, start=1):
            for column in ("target", "actual"):
                value: Decimal = kpi[column]
                if value != value.quantize(NUMBER_UNIT):
                    errors.append(
                        _cell_error(
                            row, column, "scorecard.error.too_precise", value=plain_str(value)
                        )
                    )
            if kpi["target"] == 0:
                errors.append(_cell_error(row, "target", "scorecard.error.positive"))
        total = sum((k["weight"] for k in kpis), Decimal(0))
        if total == 0:
            errors.append(InputError("kpis", "scorecard.error.weights_zero"))
        elif total != 1:
            errors.append(InputError("kpis", "scorecard.error.weights_sum", total=_percent(total)))
    grades: list[dict[str, Any]] = values["grades"]
    for row in range(1, len(grades)):
        minimum: Decimal = grades[row]["min_score"]
        if minimum >= grades[row - 1]["min_score"]:
            errors.append(
                InputError(
                    "grades", "scorecard.error.not_descending", row=row + 1, value=_percent(minimum)
                )
            )
            break
    if errors:
        raise InputErrors(errors)
