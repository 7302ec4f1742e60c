"""Customer tiers from a team's own orders: RFM scores and the eight classic segments, ABC by
revenue, and churn warnings from the playbook's signals (docs/customers/churn.md).

Conventions (stated on the page):

- An order line is (customer, date, amount). A customer's recency is the days from its last
  order to the as-of date; its frequency the number of order lines; its monetary value the sum
  of their amounts.
- RFM scores 1–5 by quintile of rank, ties kept together: a customer's score is
  1 + ⌊5 × (customers strictly worse) ÷ (all customers)⌋, so equal values always score the same
  (worse: a longer recency, a lower frequency, a lower revenue).
- A score is *high* at or above ``rfm_high`` (3 by default); the eight segments are the
  combinations of high/low recency, frequency and monetary value.
- The segment matrix: customers counted per R score × F score, once among the customers with a
  high M and once among those with a low M. 50 cells, each inside exactly one segment (R high or
  not, F high or not, M high or not), so the cells of a segment add up to its row in the table.
- ABC: customers by revenue, largest first (ties by name); a customer is A while the revenue
  share of the customers ranked above it is below ``abc_a`` (80 %), B below ``abc_b`` (95 %),
  else C. So the first customer is always A.
- Churn signals, each with its threshold from the plan: the gap since the last order is more
  than ``gap_factor`` × the customer's usual interval (mean days between its orders; needs two
  orders); revenue in the last ``window_days`` down by ``drop`` or more against the same days a
  year earlier; the number of orders in that window down by ``drop`` or more likewise; no order
  for ``silence_days`` or more. Revenue at stake is the customer's revenue in the 365 days before
  the as-of date; the at-risk list is sorted by it, largest first.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import InputError, InputErrors
from ..money import money_str, rate_str
from .result import TiersAtRisk, TiersCell, TiersClass, TiersResult, TiersSegment

ID = "customer_tiers"
#: Most order lines one table may hold (a CRM export of a few years).
MAX_ORDERS = 50_000

__all__ = [
    "ID",
    "SEGMENTS",
    "Customer",
    "Order",
    "Thresholds",
    "abc_classes",
    "churn_signals",
    "compute",
    "customers_of",
    "rfm_matrix",
    "rfm_scores",
    "segment_of",
]


@dataclass(frozen=True)
class Order:
    customer: str
    date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Customer:
    name: str
    orders: tuple[Order, ...]  # by date
    last: dt.date
    frequency: int
    revenue: Decimal


@dataclass(frozen=True)
class Thresholds:
    rfm_high: int = 3
    abc_a: Decimal = Decimal("0.8")
    abc_b: Decimal = Decimal("0.95")
    gap_factor: Decimal = Decimal("1.5")
    window_days: int = 90
    drop: Decimal = Decimal("0.3")
    silence_days: int = 270


#: (R high, F high, M high) → segment key, in the order the page lists them.
SEGMENTS: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): "important_value",
    (True, False, True): "important_develop",
    (False, True, True): "important_keep",
    (False, False, True): "important_retain",
    (True, True, False): "general_value",
    (True, False, False): "general_develop",
    (False, True, False): "general_keep",
    (False, False, False): "general_retain",
}


def customers_of(orders: Sequence[Order]) -> list[Customer]:
    """One entry per customer (by name, as first seen), its orders by date."""
    grouped: dict[str, list[Order]] = {}
    for order in orders:
        grouped.setdefault(order.customer, []).append(order)
    out = []
    for name, own in grouped.items():
        own.sort(key=lambda o: o.date)
        out.append(
            Customer(
                name=name,
                orders=tuple(own),
                last=own[-1].date,
                frequency=len(own),
                revenue=sum((o.amount for o in own), Decimal(0)),
            )
        )
    return out


def _quintile_scores[T: (int, Decimal)](values: Sequence[T], *, lower_is_better: bool) -> list[int]:
    """1 + ⌊5 × (strictly worse) ÷ n⌋ for each value; equal values score the same."""
    n = len(values)
    ordered = sorted(values)
    scores = []
    for value in values:
        # Strictly worse: larger (recency) or smaller (frequency, revenue).
        worse = n - bisect_right(ordered, value) if lower_is_better else bisect_left(ordered, value)
        scores.append(min(5, 1 + (5 * worse) // n))
    return scores


def rfm_scores(customers: Sequence[Customer], as_of: dt.date) -> list[tuple[int, int, int, int]]:
    """(recency days, R, F, M) per customer, in the order given."""
    recency = [(as_of - c.last).days for c in customers]
    r = _quintile_scores(recency, lower_is_better=True)
    f = _quintile_scores([c.frequency for c in customers], lower_is_better=False)
    m = _quintile_scores([c.revenue for c in customers], lower_is_better=False)
    return list(zip(recency, r, f, m, strict=True))


def segment_of(r: int, f: int, m: int, high: int) -> str:
    return SEGMENTS[(r >= high, f >= high, m >= high)]


def rfm_matrix(
    customers: Sequence[Customer], scores: Sequence[tuple[int, int, int, int]], high: int
) -> list[TiersCell]:
    """The segment matrix: M high first, then M low; within each, F 5 down to 1 (rows, top to
    bottom), R 1 up to 5 (columns, left to right). Every cell is listed, empty ones too."""
    count: dict[tuple[int, int, bool], int] = {}
    revenue: dict[tuple[int, int, bool], Decimal] = {}
    for customer, (_, r, f, m) in zip(customers, scores, strict=True):
        key = (r, f, m >= high)
        count[key] = count.get(key, 0) + 1
        revenue[key] = revenue.get(key, Decimal(0)) + customer.revenue
    return [
        {
            "r": r,
            "f": f,
            "m_high": m_high,
            "segment": SEGMENTS[(r >= high, f >= high, m_high)],
            "customers": count.get((r, f, m_high), 0),
            "revenue": money_str(revenue.get((r, f, m_high), Decimal(0))),
        }
        for m_high in (True, False)
        for f in range(5, 0, -1)
        for r in range(1, 6)
    ]


def abc_classes(customers: Sequence[Customer], thresholds: Thresholds) -> dict[str, str]:
    """Customer name → A, B or C (see the module's conventions)."""
    ranked = sorted(customers, key=lambda c: (-c.revenue, c.name))
    total = sum((c.revenue for c in ranked), Decimal(0))
    out: dict[str, str] = {}
    above = Decimal(0)
    for customer in ranked:
        share = above / total if total else Decimal(0)
        out[customer.name] = (
            "A" if share < thresholds.abc_a else "B" if share < thresholds.abc_b else "C"
        )
        above += customer.revenue
    return out


def _in_window(orders: Sequence[Order], start: dt.date, end: dt.date) -> list[Order]:
    """Orders with start < date <= end."""
    return [o for o in orders if start < o.date <= end]


def churn_signals(customer: Customer, as_of: dt.date, thresholds: Thresholds) -> list[str]:
    """The signals that are lit for ``customer`` (keys: gap, revenue, frequency, silence)."""
    lit = []
    since = (as_of - customer.last).days
    if customer.frequency >= 2:
        span = (customer.last - customer.orders[0].date).days
        usual = Decimal(span) / (customer.frequency - 1)
        if usual > 0 and Decimal(since) > thresholds.gap_factor * usual:
            lit.append("gap")
    window = dt.timedelta(days=thresholds.window_days)
    year = dt.timedelta(days=365)
    recent = _in_window(customer.orders, as_of - window, as_of)
    before = _in_window(customer.orders, as_of - year - window, as_of - year)
    recent_revenue = sum((o.amount for o in recent), Decimal(0))
    before_revenue = sum((o.amount for o in before), Decimal(0))
    if before_revenue > 0 and recent_revenue <= before_revenue * (1 - thresholds.drop):
        lit.append("revenue")
    if before and len(recent) <= len(before) * (1 - thresholds.drop):
        lit.append("frequency")
    if since >= thresholds.silence_days:
        lit.append("silence")
    return lit


def revenue_at_stake(customer: Customer, as_of: dt.date) -> Decimal:
    """The customer's revenue in the 365 days up to the as-of date."""
    start = as_of - dt.timedelta(days=365)
    return sum((o.amount for o in _in_window(customer.orders, start, as_of)), Decimal(0))


def _thresholds(values: dict[str, Any]) -> Thresholds:
    return Thresholds(
        rfm_high=int(values["rfm_high"]),
        abc_a=values["abc_a"],
        abc_b=values["abc_b"],
        gap_factor=values["gap_factor"],
        window_days=int(values["window_days"]),
        drop=values["drop"],
        silence_days=int(values["silence_days"]),
    )


def check_inputs(values: dict[str, Any]) -> None:
    errors = []
    if values["abc_a"] >= values["abc_b"]:
        errors.append(InputError("abc_b", "customer_tiers.error.abc_order"))
    as_of = values.get("as_of")
    if as_of:
        from ..tables import parse_date

        try:
            parse_date(as_of, "as_of")
        except InputError:
            errors.append(InputError("as_of", "customer_tiers.error.as_of"))
    if errors:
        raise InputErrors(errors)


def _light(tier: str, signals: list[str]) -> str:
    """docs/customers/churn.md: red with two or more signals, or any for an A customer."""
    return "red" if len(signals) >= 2 or tier == "A" else "yellow"


def compute(values: dict[str, Any]) -> TiersResult:
    from ..tables import parse_date

    table = values["orders"]
    orders = [
        Order(str(row["customer"]), row["date"], row["amount"])
        for row in table["rows"]
        if isinstance(row.get("date"), dt.date) and isinstance(row.get("amount"), Decimal)
    ]
    customers = customers_of(orders)
    latest = max(o.date for o in orders)
    as_of = parse_date(values["as_of"], "as_of") if values.get("as_of") else latest
    thresholds = _thresholds(values)
    scores = rfm_scores(customers, as_of)
    classes = abc_classes(customers, thresholds)
    total = sum((c.revenue for c in customers), Decimal(0))

    def share(part: Decimal) -> str:
        return rate_str(part / total) if total else "0"

    by_segment: dict[str, list[Customer]] = {key: [] for key in SEGMENTS.values()}
    segment_of_customer: dict[str, str] = {}
    for customer, (_, r, f, m) in zip(customers, scores, strict=True):
        key = segment_of(r, f, m, thresholds.rfm_high)
        by_segment[key].append(customer)
        segment_of_customer[customer.name] = key
    segments: list[TiersSegment] = []
    for key, members in by_segment.items():
        revenue = sum((c.revenue for c in members), Decimal(0))
        segments.append(
            {
                "segment": key,
                "customers": len(members),
                "revenue": money_str(revenue),
                "share": share(revenue),
            }
        )
    tiers: list[TiersClass] = []
    for tier in ("A", "B", "C"):
        members = [c for c in customers if classes[c.name] == tier]
        revenue = sum((c.revenue for c in members), Decimal(0))
        tiers.append(
            {
                "tier": tier,
                "customers": len(members),
                "revenue": money_str(revenue),
                "share": share(revenue),
            }
        )
    at_risk: list[TiersAtRisk] = []
    for customer in customers:
        signals = churn_signals(customer, as_of, thresholds)
        if not signals:
            continue
        tier = classes[customer.name]
        at_risk.append(
            {
                "customer": customer.name,
                "tier": tier,
                "segment": segment_of_customer[customer.name],
                "last_order": customer.last.isoformat(),
                "days_since": (as_of - customer.last).days,
                "revenue_at_stake": money_str(revenue_at_stake(customer, as_of)),
                "signals": signals,
                "light": _light(tier, signals),
            }
        )
    at_risk.sort(key=lambda row: (-Decimal(row["revenue_at_stake"]), row["customer"]))
    stake = sum((Decimal(row["revenue_at_stake"]) for row in at_risk), Decimal(0))
    return {
        "calculator": ID,
        "as_of": as_of.isoformat(),
        "orders": len(orders),
        "skipped": int(table["skipped"]),
        "problems": table["problems"],
        "notes": table["notes"],
        "mapping": table["mapping"],
        "customers": len(customers),
        "revenue": money_str(total),
        "segments": segments,
        "matrix": rfm_matrix(customers, scores, thresholds.rfm_high),
        "classes": tiers,
        "at_risk": at_risk,
        "at_risk_count": len(at_risk),
        "at_risk_revenue": money_str(stake),
        "a_share": tiers[0]["share"],
        "thresholds": {
            "rfm_high": str(thresholds.rfm_high),
            "abc_a": rate_str(thresholds.abc_a),
            "abc_b": rate_str(thresholds.abc_b),
            "gap_factor": rate_str(thresholds.gap_factor),
            "window_days": str(thresholds.window_days),
            "drop": rate_str(thresholds.drop),
            "silence_days": str(thresholds.silence_days),
        },
    }
