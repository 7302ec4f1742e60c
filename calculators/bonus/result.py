"""The bonus calculator's result, typed so that mypy checks every key the maths writes and the
view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import Literal, TypedDict

#: Where the attainment falls on the curve: below its first point (nothing is paid), between two
#: points (paid on the line between them), or at or past its last point (the most it pays).
Status = Literal["below_gate", "on_curve", "top"]

BonusPoint = TypedDict("BonusPoint", {"from": str, "payout": str})


class BonusSegment(TypedDict):
    """The two curve points the attainment lies between (interpolated linearly)."""

    from_attainment: str
    from_payout: str
    to_attainment: str
    to_payout: str


class BonusNext(TypedDict):
    """The next point of the curve above the attainment, and what it pays."""

    attainment: str
    payout: str
    bonus: str
    actual_needed: str


class BonusResult(TypedDict):
    calculator: str
    target_bonus: str
    actual: str
    target: str
    attainment: str
    curve: list[BonusPoint]
    status: Status
    segment: BonusSegment | None
    payout_rate: str
    bonus: str
    max_payout: str
    max_bonus: str
    next_point: BonusNext | None
    shares: list[str] | None
    share_bonuses: list[str] | None


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = ("bonus", "payout_rate", "attainment")
