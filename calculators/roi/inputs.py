"""The inputs of the roi calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal, localcontext
from itertools import pairwise
from typing import Any

from ..errors import InputError, InputErrors
from ..money import (
    CONTEXT,
    MAX_ABS,
    quantize_money,
)
from ..spec import Field
from .maths import (
    EXAMPLE_BENEFITS,
    LEVERS,
    MAX_YEARS,
    SCENARIOS,
    _any_lever,
    _horizon,
    _lever_fields_given,
)


def _rate(name: str, **kwargs: Any) -> Field:
    return Field(name, "rate", max=Decimal(1), **kwargs)


FIELDS = (
    Field("upfront_cost", "money", default=Decimal(100_000), unit="unit.yuan"),
    Field("annual_cost", "money", default=Decimal(20_000), unit="unit.yuan"),
    Field("internal_cost", "money", default=Decimal(0), unit="unit.yuan", advanced=True),
    Field(
        "annual_benefit",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_YEARS,
        unit="unit.yuan",
    ),
    Field("hours_saved", "number", default=None, required=False, unit="roi.unit.hours"),
    Field("people", "number", default=None, required=False, unit="roi.unit.people"),
    Field("hourly_cost", "money", default=None, required=False, unit="roi.unit.per_hour"),
    Field("revenue", "money", default=None, required=False, unit="unit.yuan"),
    _rate("revenue_uplift", default=None, required=False),
    _rate("gross_margin", default=None, required=False),
    Field("cost_base", "money", default=None, required=False, unit="unit.yuan"),
    _rate("cost_reduction", default=None, required=False),
    Field(
        "other_benefits",
        "records",
        default=None,
        required=False,
        columns=(Field("name", "text"), Field("amount", "money", unit="unit.yuan")),
    ),
    Field(
        "years",
        "integer",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(MAX_YEARS),
        unit="unit.years",
    ),
    Field(
        "payback_target",
        "number",
        default=None,
        required=False,
        max=Decimal(MAX_YEARS),
        unit="unit.years",
    ),
    _rate("discount_rate", default="10%"),
    Field(
        "ramp",
        "rate_list",
        default=["100%"],
        max=Decimal(1),
        max_items=MAX_YEARS,
        advanced=True,
    ),
    _rate("risk", default="0", advanced=True),
    Field(
        "scenarios",
        "rate_list",
        default=["50%", "100%", "125%"],
        max=Decimal(3),
        ambiguous_below=Decimal(10),  # factors around 100 %: 1.25 is asked about
        max_items=len(SCENARIOS),
        advanced=True,
    ),
)


def check(values: dict[str, Any]) -> None:
    """Cross-field rules: list lengths, complete levers, ordered scenarios, some cost."""
    errors: list[InputError] = []
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None and not _any_lever(values):
        benefits = list(EXAMPLE_BENEFITS)
    years = values.get("years")
    if benefits is not None and years is not None and len(benefits) not in (1, years):
        errors.append(
            InputError("annual_benefit", "error.list_length", count=len(benefits), years=years)
        )
    for key, names in LEVERS.items():
        given = _lever_fields_given(values, key)
        if given and len(given) < len(names):
            missing = next(name for name in names if values.get(name) is None)
            errors.append(InputError(missing, "roi.error.lever_incomplete"))
        elif given:
            with localcontext(CONTEXT):
                product = Decimal(1)
                for name in names:
                    product *= values[name]
            if product >= MAX_ABS:
                errors.append(InputError(names[0], "roi.error.lever_too_large"))
    if errors:
        raise InputErrors(errors)
    horizon = _horizon(values)
    ramp: list[Decimal] = values["ramp"]
    if len(ramp) > horizon:
        errors.append(InputError("ramp", "roi.error.ramp_too_long", count=len(ramp), years=horizon))
    factors: list[Decimal] = values["scenarios"]
    if len(factors) != len(SCENARIOS):
        errors.append(InputError("scenarios", "roi.error.scenarios_count", count=len(factors)))
    elif any(a > b for a, b in pairwise(factors)):
        errors.append(InputError("scenarios", "roi.error.scenarios_order"))
    target: Decimal | None = values.get("payback_target")
    if target is not None and target > horizon:
        errors.append(
            InputError("payback_target", "roi.error.target_beyond_horizon", years=horizon)
        )
    upfront = quantize_money(values["upfront_cost"])
    running = quantize_money(values["annual_cost"]) + quantize_money(values["internal_cost"])
    if upfront == 0 and running == 0:
        errors.append(InputError("upfront_cost", "error.zero_total_cost"))
    if errors:
        raise InputErrors(errors)
