"""Exact allocation: split a whole number of units by weights so that the parts add up exactly.

Everything works in whole *units* (¥1,000,000.00 at a step of ¥0.01 is 100,000,000 units) with
integer arithmetic, so no rounding error can creep in.

- :func:`largest_remainder` (Hamilton's method), 1-D: each part is the floor of its exact share
  ``N × w_i ÷ Σw``; the units left over go one each to the largest remainders, ties to the
  earlier part. Every part is the floor or the ceiling of its exact share; they add up to N.
- :func:`split_table`, 2-D controlled rounding of N split over rows (units) and columns
  (months) with cell shares ``N × r_i/Σr × c_j/Σc``: every cell is the floor or the ceiling of
  its exact share, every row adds up to its row total and every column to its column total,
  and those totals are the floor or the ceiling of their exact shares too.

  Column totals: largest remainder. Each cell's floor is fixed; the units still missing are a
  0/1 transportation problem (a cell with a fractional share may take one unit more), solved
  by :func:`controlled_rounding` with augmenting paths: every row first reaches the floor of
  its share, then rows take their extra unit in largest-remainder order while a path exists,
  so the row totals are the largest-remainder split whenever a table with those totals exists.
  Rarely no table fits the largest-remainder column totals at all (units 1 : 2 and months
  3 3 3 1 1 1 with N = 6: the second unit's cells in the first three months are exactly 1, so its
  fourth unit would have to come from a month whose largest-remainder total is 0);
  then :func:`rounded_table` finds a table whose margins are still floors or ceilings of their
  exact shares (such a table always exists: Bacharach 1966).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from math import lcm

from .money import CONTEXT

__all__ = [
    "Table",
    "apportion",
    "controlled_rounding",
    "integer_weights",
    "largest_remainder",
    "rounded_table",
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


def rounded_table(numerators: Sequence[Sequence[int]], denominator: int) -> list[list[int]]:
    """Cells rounded to the floor or ceiling of ``numerators[i][j] ÷ denominator`` so that every
    row and column total and the grand total are also the floor or ceiling of their exact sums.

    Such a table always exists (Bacharach 1966: the exact shares lie in a transportation
    polytope with whole-number bounds, whose corners are whole numbers). Found as a circulation
    with lower bounds: source → column [floor, ceiling], column → row (one unit on a cell with a
    fractional share), row → sink [floor, ceiling], sink → source exactly the grand total.
    """
    rows, columns = len(numerators), len(numerators[0]) if numerators else 0
    floors = [[n // denominator for n in row] for row in numerators]
    fractional = [[n % denominator > 0 for n in row] for row in numerators]
    grand = sum(sum(row) for row in numerators)
    if grand % denominator:
        raise ValueError("the grand total must be a whole number of units")
    floor_sum = sum(sum(row) for row in floors)

    def bounds(exact_numerator: int, floor_part: int) -> tuple[int, int]:
        low = exact_numerator // denominator
        return low - floor_part, low + (exact_numerator % denominator > 0) - floor_part

    source, sink = rows + columns, rows + columns + 1
    graph = _Graph(rows + columns + 4)
    excess = [0] * (rows + columns + 2)

    def edge(u: int, v: int, low: int, high: int) -> int:
        excess[v] += low
        excess[u] -= low
        return graph.add(u, v, high - low)

    for j in range(columns):
        low, high = bounds(sum(row[j] for row in numerators), sum(row[j] for row in floors))
        edge(source, rows + j, low, high)
    cell_edges = {
        (i, j): edge(rows + j, i, 0, 1)
        for i in range(rows)
        for j in range(columns)
        if fractional[i][j]
    }
    for i in range(rows):
        low, high = bounds(sum(numerators[i]), sum(floors[i]))
        edge(i, sink, low, high)
    left = grand // denominator - floor_sum
    edge(sink, source, left, left)
    super_source, super_sink = rows + columns + 2, rows + columns + 3
    for node, amount in enumerate(excess):
        if amount > 0:
            graph.add(super_source, node, amount)
        elif amount < 0:
            graph.add(node, super_sink, -amount)
    needed = sum(amount for amount in excess if amount > 0)
    if graph.max_flow(super_source, super_sink) != needed:
        raise ValueError("no rounded table exists")  # impossible by Bacharach's theorem
    cells = [row[:] for row in floors]
    for (i, j), index in cell_edges.items():
        cells[i][j] += graph.flow(index)
    return cells


class _Graph:
    """A small flow network (Edmonds–Karp): edges in pairs, forward and residual."""

    def __init__(self, nodes: int) -> None:
        self.adjacent: list[list[int]] = [[] for _ in range(nodes)]
        self.head: list[int] = []
        self.capacity: list[int] = []
        self.original: list[int] = []

    def add(self, u: int, v: int, capacity: int) -> int:
        index = len(self.head)
        for a, b, c in ((u, v, capacity), (v, u, 0)):
            self.adjacent[a].append(len(self.head))
            self.head.append(b)
            self.capacity.append(c)
            self.original.append(c)
        return index

    def flow(self, index: int) -> int:
        return self.original[index] - self.capacity[index]

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            came_by = [-1] * len(self.adjacent)
            came_by[source] = -2
            queue = deque([source])
            while queue and came_by[sink] == -1:
                node = queue.popleft()
                for index in self.adjacent[node]:
                    nxt = self.head[index]
                    if self.capacity[index] > 0 and came_by[nxt] == -1:
                        came_by[nxt] = index
                        queue.append(nxt)
            if came_by[sink] == -1:
                return total
            push, node = None, sink
            while node != source:
                index = came_by[node]
                push = self.capacity[index] if push is None else min(push, self.capacity[index])
                node = self.head[index ^ 1]
            assert push is not None
            node = sink
            while node != source:
                index = came_by[node]
                self.capacity[index] -= push
                self.capacity[index ^ 1] += push
                node = self.head[index ^ 1]
            total += push


def split_table(
    units: int, row_weights: Sequence[Weight], column_weights: Sequence[Weight]
) -> Table:
    """Split ``units`` over rows × columns with cell shares ``units × r_i/Σr × c_j/Σc``.

    Column totals by largest remainder, rows as close to it as a table allows (see
    :func:`controlled_rounding`); when no table fits the largest-remainder column totals,
    :func:`rounded_table` (every margin still the floor or ceiling of its exact share).
    """
    row_scaled = integer_weights(row_weights)
    column_scaled = integer_weights(column_weights)
    whole = sum(row_scaled)
    denominator = whole * sum(column_scaled)
    numerators = [[units * r * c for c in column_scaled] for r in row_scaled]
    row_floors, row_order = _order(units, row_scaled)
    bounds = [
        (low, low + (units * w % whole > 0)) for low, w in zip(row_floors, row_scaled, strict=True)
    ]
    try:
        column_totals = largest_remainder(units, column_scaled)
        cells = controlled_rounding(numerators, denominator, bounds, column_totals, row_order)
    except ValueError:
        cells = rounded_table(numerators, denominator)
    return Table(
        rows=[sum(row) for row in cells],
        columns=[sum(row[j] for row in cells) for j in range(len(column_scaled))],
        cells=cells,
    )


def apportion(parts: list[Decimal], total: Decimal, unit: Decimal) -> list[Decimal]:
    """``parts`` (≥ 0) rounded to multiples of ``unit`` so they add up exactly to ``total``.

    ``total`` must be Σ parts rounded to ``unit``. Largest remainder (Hamilton): floor every
    part, then give the leftover units to the largest remainders, ties to the earlier part.
    """
    with localcontext(CONTEXT):
        floors = [p.quantize(unit, rounding=ROUND_FLOOR) for p in parts]
        leftover = int((total - sum(floors, Decimal(0))) / unit)
        order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
        for index in order[:leftover]:
            floors[index] += unit
        return floors
