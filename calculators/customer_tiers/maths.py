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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "SEGMENTS",
    "Customer",
    "Order",
    "Thresholds",
    "abc_classes",
    "churn_signals",
    "customers_of",
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
        if lower_is_better:
            worse = n - _count_at_most(ordered, value)  # strictly larger
        else:
            worse = _count_below(ordered, value)  # strictly smaller
        scores.append(min(5, 1 + (5 * worse) // n))
    return scores


def _count_below[T: (int, Decimal)](ordered: Sequence[T], value: T) -> int:
    low, high = 0, len(ordered)
    while low < high:
        mid = (low + high) // 2
        if ordered[mid] < value:
            low = mid + 1
        else:
            high = mid
    return low


def _count_at_most[T: (int, Decimal)](ordered: Sequence[T], value: T) -> int:
    low, high = 0, len(ordered)
    while low < high:
        mid = (low + high) // 2
        if ordered[mid] <= value:
            low = mid + 1
        else:
            high = mid
    return low


def rfm_scores(customers: Sequence[Customer], as_of: dt.date) -> list[tuple[int, int, int, int]]:
    """(recency days, R, F, M) per customer, in the order given."""
    recency = [(as_of - c.last).days for c in customers]
    r = _quintile_scores(recency, lower_is_better=True)
    f = _quintile_scores([c.frequency for c in customers], lower_is_better=False)
    m = _quintile_scores([c.revenue for c in customers], lower_is_better=False)
    return list(zip(recency, r, f, m, strict=True))


def segment_of(r: int, f: int, m: int, high: int) -> str:
    return SEGMENTS[(r >= high, f >= high, m >= high)]


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
