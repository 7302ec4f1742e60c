"""The customer tiers calculator's result, typed: JSON-safe values, money and shares as exact
decimal strings."""

from __future__ import annotations

from typing import TypedDict

from ..tables.fields import ColumnMapping


class TiersSegment(TypedDict):
    segment: str
    customers: int
    revenue: str
    share: str


class TiersClass(TypedDict):
    tier: str
    customers: int
    revenue: str
    share: str


class TiersCell(TypedDict):
    """One cell of the segment matrix: the customers scoring ``r`` and ``f``, with monetary value
    high (``m_high``) or low; ``segment`` is the one segment every customer in it belongs to."""

    r: int
    f: int
    m_high: bool
    segment: str
    customers: int
    revenue: str


class TiersAtRisk(TypedDict):
    customer: str
    tier: str
    segment: str
    last_order: str
    days_since: int
    revenue_at_stake: str
    signals: list[str]
    light: str


class TiersResult(TypedDict):
    calculator: str
    as_of: str
    orders: int
    skipped: int
    problems: dict[str, list[str]]
    notes: dict[str, list[str]]
    #: Which column of the order table each role was read from (the 列对应 line and selects).
    mapping: ColumnMapping
    customers: int
    revenue: str
    segments: list[TiersSegment]
    matrix: list[TiersCell]
    classes: list[TiersClass]
    at_risk: list[TiersAtRisk]
    at_risk_count: int
    at_risk_revenue: str
    a_share: str
    thresholds: dict[str, str]


#: The headline figures, in the order the cards show them (the page contract).
HEADLINE = ("customers", "a_share", "at_risk_count", "at_risk_revenue")
