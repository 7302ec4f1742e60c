"""From raw rows to a :class:`~.model.Table`: trim, drop blank rows, decide on the header.

Both readers hand over ``(row number, cells)`` pairs; this module is the one place that decides
what counts as empty and whether the first row is a header, so a paste and an .xlsx of the same
data give the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .columns import is_known_header
from .model import MAX_COLUMNS, MAX_ROWS, Source, Table, table_error
from .values import looks_like_value

__all__ = ["build_table", "detect_header"]

#: Rows below the first that header detection looks at (enough to see what a column holds).
_SAMPLE = 50


def build_table(
    raw: Iterable[tuple[int, Sequence[str]]],
    *,
    source: Source,
    header: bool | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """A :class:`Table` of the non-blank rows of ``raw`` (cells already stripped).

    ``header``: ``None`` decides by :func:`detect_header`. Raises :class:`InputError` for a
    table with no cell at all or more than :data:`MAX_ROWS` rows / :data:`MAX_COLUMNS` columns.
    """
    rows: list[Sequence[str]] = []
    numbers: list[int] = []
    first = MAX_COLUMNS + 1_000_000
    last = -1
    for number, cells in raw:
        filled = [i for i, cell in enumerate(cells) if cell]
        if not filled:
            continue
        if len(rows) >= MAX_ROWS:
            raise table_error("tables.error.too_many_rows", limit=f"{MAX_ROWS:,}")
        first = min(first, filled[0])
        last = max(last, filled[-1])
        rows.append(cells)
        numbers.append(number)
    if not rows:
        raise table_error("tables.error.empty")
    width = last + 1 - first
    if width > MAX_COLUMNS:
        raise table_error("tables.error.too_many_columns", limit=f"{MAX_COLUMNS:,}")
    grid = tuple(_fit(cells, first, width) for cells in rows)
    if header is None:
        header = detect_header(grid)
    return Table(
        rows=grid,
        numbers=tuple(numbers),
        has_header=header,
        source=source,
        sheet=sheet,
        delimiter=delimiter,
    )


def _fit(cells: Sequence[str], first: int, width: int) -> tuple[str, ...]:
    part = tuple(cells[first : first + width])
    return part + ("",) * (width - len(part)) if len(part) < width else part


def detect_header(rows: Sequence[Sequence[str]]) -> bool:
    """Whether the first row is a header.

    It is when one of its cells is a known header name (``客户名称``, ``金额``, ``date`` …), or
    when none of its cells is a number or a date while, in some column, most of the cells below
    are (a ``销售额`` above a column of figures, whatever the header says).
    """
    if not rows:
        return False
    first = rows[0]
    if any(is_known_header(cell) for cell in first):
        return True
    if any(looks_like_value(cell) for cell in first):
        return False
    below = rows[1 : 1 + _SAMPLE]
    for column, cell in enumerate(first):
        if not cell:
            continue
        filled = [row[column] for row in below if column < len(row) and row[column]]
        if filled and sum(map(looks_like_value, filled)) * 2 > len(filled):
            return True
    return False
