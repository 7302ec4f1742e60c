"""Exact allocation (docstring to be written)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

__all__ = [
    "Table",
    "controlled_rounding",
    "integer_weights",
    "largest_remainder",
    "split_table",
]

Weight = int | Decimal | Fraction


def integer_weights(weights: Sequence[Weight]) -> list[int]:
    """``weights`` scaled by one common factor to whole numbers (the same proportions).

    Raises ValueError for a negative weight or when every weight is zero.
    """
    fractions = [Fraction(w) for w in weights]
    if any(f < 0 for f in fractions):
        raise ValueError("weights must not be negative")
    if not any(fractions):
        raise ValueError("at least one weight must be positive")
    scale = lcm(*(f.denominator for f in fractions))
    return [int(f * scale) for f in fractions]


def _order(units: int, scaled: Sequence[int]) -> tuple[list[int], list[int]]:
    """(floors of the exact shares, indices by remainder: largest first, ties by order)."""
    whole = sum(scaled)
    floors = [units * w // whole for w in scaled]
    remainders = [units * w % whole for w in scaled]
    return floors, sorted(range(len(scaled)), key=lambda i: (-remainders[i], i))


def largest_remainder(units: int, weights: Sequence[Weight]) -> list[int]:
    """Split ``units`` (≥ 0) in proportion to ``weights``: Hamilton's method, ties by order."""
    if units < 0:
        raise ValueError("units must not be negative")
    parts, order = _order(units, integer_weights(weights))
    # Fewer than len(parts) units are left, and at least that many parts have a positive
    # remainder (the remainders add up to left × Σw, each below Σw): a zero weight gets nothing.
    for index in order[: units - sum(parts)]:
        parts[index] += 1
    return parts


class _Flow:
    """The 0/1 units on top of the cell floors: ``raised[i][j]`` is one more unit in cell i, j."""

    def __init__(self, fractional: list[list[int]], column_need: list[int]) -> None:
        self.fractional = fractional
        self.column_need = column_need
        self.raised = [[False] * len(column_need) for _ in fractional]

    def add_to_row(self, start: int) -> bool:
        """One more unit for row ``start`` from a column that still needs one, if any path."""
        rows, columns = len(self.fractional), len(self.column_need)
        fractional, raised = self.fractional, self.raised
        # Prefer a direct raise of the row's cell with the largest remainder.
        direct = [
            j
            for j in range(columns)
            if self.column_need[j] and fractional[start][j] and not raised[start][j]
        ]
        if direct:
            j = min(direct, key=lambda j: (-fractional[start][j], j))
            raised[start][j] = True
            self.column_need[j] -= 1
            return True
        # Breadth-first: row → column over a cell not raised, column → row over a raised cell
        # (that row gives its unit in this column up and takes one elsewhere).
        came_from: dict[int, tuple[int, int | None]] = {}
        seen_rows = {start}
        queue: deque[tuple[int, int | None]] = deque([(start, None)])
        while queue:
            row, via = queue.popleft()
            for column in range(columns):
                if column in came_from or not fractional[row][column] or raised[row][column]:
                    continue
                came_from[column] = (row, via)
                if self.column_need[column]:
                    self._flip(column, came_from)
                    return True
                for other in range(rows):
                    if raised[other][column] and other not in seen_rows:
                        seen_rows.add(other)
                        queue.append((other, column))
        return False

    def _flip(self, end: int, came_from: dict[int, tuple[int, int | None]]) -> None:
        column: int | None = end
        while column is not None:
            row, previous = came_from[column]
            self.raised[row][column] = True
            if previous is not None:
                self.raised[row][previous] = False
            column = previous
        self.column_need[end] -= 1


def controlled_rounding(
    numerators: Sequence[Sequence[int]],
    denominator: int,
    row_bounds: Sequence[tuple[int, int]],
    column_totals: Sequence[int],
    row_order: Sequence[int] | None = None,
) -> list[list[int]]:
    """Whole-unit cells for exact shares ``numerators[i][j] ÷ denominator`` (all ≥ 0).

    Every cell is the floor or the ceiling of its share; column j adds up to
    ``column_totals[j]`` and row i to a total between ``row_bounds[i]`` (low, high): first
    every row reaches its low bound, then rows in ``row_order`` take one more unit each
    while they are below their high bound and a unit can be found. Raises ValueError when
    no such table exists.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    rows, columns = len(row_bounds), len(column_totals)
    floors = [[n // denominator for n in row] for row in numerators]
    fractional = [[n % denominator for n in row] for row in numerators]
    column_need = [
        column_totals[j] - sum(floors[i][j] for i in range(rows)) for j in range(columns)
    ]
    row_low = [row_bounds[i][0] - sum(floors[i]) for i in range(rows)]
    row_high = [row_bounds[i][1] - sum(floors[i]) for i in range(rows)]
    if min(column_need + row_high, default=0) < 0:
        raise ValueError("the totals are below the floors of the shares")
    flow = _Flow(fractional, column_need)
    for i in range(rows):
        for _ in range(max(row_low[i], 0)):
            if not flow.add_to_row(i):
                raise ValueError("no table reaches the rows' low bounds")
    spare = [row_high[i] - max(row_low[i], 0) for i in range(rows)]
    order = list(row_order) if row_order is not None else list(range(rows))
    progress = True
    while any(column_need) and progress:
        progress = False
        for i in order:
            if spare[i] and any(column_need) and flow.add_to_row(i):
                spare[i] -= 1
                progress = True
    if any(column_need):
        raise ValueError("no table with these totals rounds these shares")
    return [[floors[i][j] + flow.raised[i][j] for j in range(columns)] for i in range(rows)]


@dataclass(frozen=True)
class Table:
    """A total split over rows and columns, in whole units."""

    rows: list[int]
    columns: list[int]
    cells: list[list[int]]


def split_table(
    units: int, row_weights: Sequence[Weight], column_weights: Sequence[Weight]
) -> Table:
    """Split ``units`` over rows × columns with cell shares ``units × r_i/Σr × c_j/Σc``."""
    row_scaled = integer_weights(row_weights)
    column_scaled = integer_weights(column_weights)
    column_totals = largest_remainder(units, column_scaled)
    row_floors, row_order = _order(units, row_scaled)
    whole = sum(row_scaled)
    bounds = [
        (low, low + (units * w % whole > 0)) for low, w in zip(row_floors, row_scaled, strict=True)
    ]
    denominator = whole * sum(column_scaled)
    numerators = [[units * r * c for c in column_scaled] for r in row_scaled]
    cells = controlled_rounding(numerators, denominator, bounds, column_totals, row_order)
    return Table(rows=[sum(row) for row in cells], columns=column_totals, cells=cells)
