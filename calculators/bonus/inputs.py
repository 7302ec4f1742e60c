"""The inputs of the bonus calculator: fields, defaults and cross-field checks."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..errors import InputError, InputErrors
from ..money import CENT, CONTEXT, format_money, format_percent
from ..spec import Field
from .maths import ID, MAX_RATE, MAX_SHARES

#: The team part of the incentive pages: nothing below 80 % of the team's target, in proportion
#: from there, at most 150 % (also the plan file ``docs/plans/team-bonus.yml``).
DEFAULT_CURVE: list[dict[str, object]] = [
    {"from": "80%", "payout": "80%"},
    {"from": "100%", "payout": "100%"},
    {"from": "150%", "payout": "150%"},
]


def _percent(name: str, **kwargs: Any) -> Field:
    """A rate where more than 100 % is normal, so a bare 1.5 is asked about (150 % or 1.5 %?)."""
    return Field(name, "rate", max=MAX_RATE, ambiguous_below=Decimal(10), **kwargs)


FIELDS = (
    Field("target_bonus", "money", default="1万", min=CENT, unit="unit.yuan"),
    Field("actual", "money", default="110万", unit="unit.yuan"),
    Field("target", "money", default="100万", min=CENT, unit="unit.yuan"),
    Field(
        "curve",
        "records",
        default=DEFAULT_CURVE,
        columns=(_percent("from"), _percent("payout")),
        advanced=True,
    ),
    Field(
        "shares",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_SHARES,
        unit="unit.yuan",
        advanced=True,
    ),
)


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    """An error of one cell of the curve list, named by its row and column in both languages."""
    return InputError.in_cell(ID, "curve", row, column, key, **params)


def _curve_error(curve: list[dict[str, Any]]) -> InputError | None:
    """The first row that breaks the curve: starts must rise, payouts must not fall."""
    for row in range(2, len(curve) + 1):
        before, here = curve[row - 2], curve[row - 1]
        if here["from"] <= before["from"]:
            return _cell_error(
                row,
                "from",
                "bonus.error.curve_order",
                value=format_percent(here["from"]),
                previous=format_percent(before["from"]),
            )
        if here["payout"] < before["payout"]:
            return _cell_error(
                row,
                "payout",
                "bonus.error.payout_falls",
                value=format_percent(here["payout"]),
                previous=format_percent(before["payout"]),
            )
    return None


def _ratio_error(values: dict[str, Any]) -> InputError | None:
    """An attainment above 1000 % is a unit slip (万 against yuan)."""
    with localcontext(CONTEXT):
        ratio = Decimal(values["actual"]) / Decimal(values["target"])
    if ratio > MAX_RATE:
        return InputError("actual", "bonus.error.attainment_too_large", value=format_percent(ratio))
    return None


def check(values: dict[str, Any]) -> None:
    """A sane attainment; a rising curve; shares that add up to the target bonus."""
    errors = [e for e in (_ratio_error(values), _curve_error(values["curve"])) if e is not None]
    shares: list[Decimal] | None = values.get("shares")
    if shares is not None:
        with localcontext(CONTEXT):
            total = sum(shares, Decimal(0))
        if total != values["target_bonus"]:
            errors.append(
                InputError(
                    "shares",
                    "bonus.error.shares_total",
                    total=format_money(total),
                    target=format_money(values["target_bonus"]),
                )
            )
    if errors:
        raise InputErrors(errors)
