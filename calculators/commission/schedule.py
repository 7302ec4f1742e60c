"""The tier schedule of a commission plan: cumulative commission C(x) and its inverse."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from ..money import (
    CENT,
    CONTEXT,
)


@dataclass(frozen=True)
class Schedule:
    """A plan in amounts: tier starts (the first is 0, strictly ascending), rates, gate, cap."""

    starts: tuple[Decimal, ...]
    rates: tuple[Decimal, ...]
    gate: Decimal = Decimal(0)
    cap: Decimal | None = None

    def tier(self, x: Decimal, *, left: bool = False) -> int:
        """0-based tier of amount ``x`` (``left``: of amounts just below ``x``)."""
        found = 0
        for index, start in enumerate(self.starts):
            if start < x or (start == x and not left):
                found = index
        return found

    def end(self, index: int) -> Decimal | None:
        return self.starts[index + 1] if index + 1 < len(self.starts) else None

    def credited(self, x: Decimal) -> Decimal:
        return x if self.cap is None else min(x, self.cap)

    def gated(self, x: Decimal, *, left: bool = False) -> bool:
        """Whether the gate keeps the commission at 0 at ``x`` (or just below it)."""
        return x < self.gate or (left and self.gate > 0 and x == self.gate)

    def value(self, method: str, x: Decimal, *, left: bool = False) -> Decimal:
        """Exact cumulative commission C(x) (``left``: its limit from below)."""
        if self.gated(x, left=left):
            return Decimal(0)
        credited = self.credited(x)
        with localcontext(CONTEXT):
            if method == "retroactive":
                below_cap = self.cap is None or x <= self.cap
                return self.rates[self.tier(credited, left=left and below_cap)] * credited
            total = Decimal(0)
            for index, start in enumerate(self.starts):
                if credited <= start:
                    break
                end = self.end(index)
                top = credited if end is None else min(credited, end)
                total += self.rates[index] * (top - start)
            return total

    def tier_parts(self, method: str, low: Decimal, high: Decimal) -> list[Decimal]:
        """Sales credited per tier for C(high) − C(low) (``low ≤ high``); negative = taken back.

        Each part times its tier's rate adds up exactly to C(high) − C(low).
        """
        parts = [Decimal(0)] * len(self.starts)
        if self.gated(high):
            return parts
        top = self.credited(high)
        bottom = Decimal(0) if self.gated(low) else self.credited(low)
        with localcontext(CONTEXT):
            if method == "retroactive":
                parts[self.tier(top)] += top
                parts[self.tier(bottom)] -= bottom
                return parts
            for index, start in enumerate(self.starts):
                end = self.end(index)
                upper = top if end is None else min(top, end)
                lower = max(bottom, start)
                if upper > lower:
                    parts[index] = upper - lower
            return parts

    def breakpoints(self) -> list[Decimal]:
        points = set(self.starts) | {self.gate}
        if self.cap is not None:
            points.add(self.cap)
        return sorted(points)

    def segments(self, method: str) -> list[tuple[Decimal, Decimal | None, Decimal, Decimal]]:
        """(start, end or None, C(start), slope): C is linear on every [start, end)."""
        points = self.breakpoints()
        out = []
        for index, start in enumerate(points):
            end = points[index + 1] if index + 1 < len(points) else None
            paying = not self.gated(start) and (self.cap is None or start < self.cap)
            slope = self.rates[self.tier(start)] if paying else Decimal(0)
            out.append((start, end, self.value(method, start), slope))
        return out

    def sales_needed(self, method: str, prior: Decimal, goal: Decimal) -> Decimal | None:
        """Smallest s in whole cents with C(prior + s) − C(prior) ≥ goal; None if never."""
        with localcontext(CONTEXT):
            wanted = self.value(method, prior) + goal
            for start, end, at_start, slope in self.segments(method):
                if end is not None and end <= prior:
                    continue
                low = max(start, prior)
                at_low = at_start + slope * (low - start)
                if at_low >= wanted:
                    reach = low
                elif slope > 0:
                    reach = low + (wanted - at_low) / slope
                else:
                    continue
                if end is not None and reach >= end:
                    continue
                needed = (reach - prior).quantize(CENT, rounding=ROUND_CEILING)
                # The division is exact to 40 digits; if it was not, a cent either way fixes it.
                if needed > 0 and self.value(method, prior + needed - CENT) >= wanted:
                    needed -= CENT
                if self.value(method, prior + needed) < wanted:
                    needed += CENT
                if end is None or prior + needed < end:
                    return needed
            return None


def schedule_of(values: dict[str, Any]) -> Schedule:
    """The plan of parsed ``values`` in amounts (attainment starts × quota)."""
    tiers: list[dict[str, Any]] = values["tiers"]
    scale = Decimal(1)
    if values["tier_basis"] == "attainment":
        scale = values["quota"]
    with localcontext(CONTEXT):
        gate: Decimal | None = values.get("gate")
        cap: Decimal | None = values.get("cap")
        return Schedule(
            starts=tuple(row["from"] * scale for row in tiers),
            rates=tuple(row["rate"] for row in tiers),
            gate=Decimal(0) if gate is None else gate * scale,
            cap=None if cap is None else cap * scale,
        )
