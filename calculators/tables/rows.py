"""Typed rows: each mapped cell read by its role's grammar, a bad cell costs one row, not all.

- money (``amount``, ``value``): :func:`~calculators.money.parse_amount`, so ``1,000``,
  ``1000万`` and ``¥3,200.50`` read as people mean them. A header unit (``金额（万元）``)
  multiplies plain figures by 10,000; a figure with its own unit (``5万``) is taken as written.
- ``quantity``: a whole number; ``date`` and ``close_date``: :func:`~.values.parse_date`;
  ``probability``: ``30%``, or bare numbers — fractions (``0.3``) when every bare number in the
  column is at most 1 and the header does not say ``%``, percentages (``30``) otherwise: one
  reading per column, never per cell. Text roles keep the cell's text.

A row with a bad cell is skipped and named (``第 17 行「金额」不是数字：—``, the row number
people see, the column's own header); the rest are read. Blank rows were already dropped by the
reader. At most ``max_messages`` rows are named, then one line says how many more there are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from ..errors import InputError
from ..money import CONTEXT, parse_amount, parse_integer, parse_quantity
from .columns import KINDS, ColumnMap
from .model import Table, table_error
from .values import parse_date

__all__ = ["Row", "TypedRows", "Value", "typed_rows"]

Value = str | Decimal | int | date | None
Reader = Callable[[str], Value]

#: The shared grammar's error → the same error said about one row of a table.
_ROW_KEYS = {
    "error.required": "tables.row.empty",
    "error.not_a_number": "tables.row.not_a_number",
    "error.too_large": "tables.row.too_large",
    "error.percent_not_allowed": "tables.row.percent_not_allowed",
    "error.not_an_integer": "tables.row.not_an_integer",
    "tables.row.not_a_date": "tables.row.not_a_date",
}
_OWN_UNIT = re.compile(r"(?:千万|百万|千|万|亿|[kKwWmM])\s*元?\s*$")
_PERCENT = re.compile(r"[%％]\s*$")


@dataclass(frozen=True)
class Row:
    """One good row: its number as people see it and a value per mapped role (``None`` for an
    empty cell of an optional role; a role with no column in the table has no entry)."""

    number: int
    values: dict[str, Value]

    def __getitem__(self, role: str) -> Value:
        return self.values[role]


@dataclass(frozen=True)
class TypedRows:
    """The rows that read, the problems (at most ``max_messages`` rows, then one line saying
    how many more), and how many rows were skipped in all."""

    rows: tuple[Row, ...]
    errors: tuple[InputError, ...]
    skipped: int
    columns: ColumnMap

    def messages(self, lang: str = "zh") -> list[str]:
        """The problems, one sentence each (what the headers made the reader assume is in
        ``columns.notes(lang)``)."""
        return [error.message(lang) for error in self.errors]


class _Bad(Exception):
    """A cell that does not read, and the message key that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _shared(parse: Callable[[str, str], Value], role: str) -> Reader:
    def read(cell: str) -> Value:
        try:
            return parse(cell, role)
        except InputError as error:
            raise _Bad(_ROW_KEYS.get(error.key, "tables.row.not_a_number")) from None

    return read


def _money(role: str, scale: Decimal | None) -> Reader:
    plain = _shared(parse_amount, role)
    if scale is None:
        return plain

    def read(cell: str) -> Value:
        value = plain(cell)
        if _OWN_UNIT.search(cell) or not isinstance(value, Decimal):
            return value
        with localcontext(CONTEXT):
            return value * scale

    return read


def _rate(role: str, cells: list[str], header_percent: bool) -> Reader:
    """Probabilities: ``30%`` always 30 %; bare numbers by one reading for the whole column."""
    quantity = _shared(parse_quantity, role)
    bare_is_percent = header_percent
    if not bare_is_percent:
        for cell in cells:
            if cell and not _PERCENT.search(cell):
                try:
                    number = parse_quantity(cell, role)
                except InputError:
                    continue
                if number > 1:
                    bare_is_percent = True
                    break

    def read(cell: str) -> Value:
        value = quantity(cell)
        assert isinstance(value, Decimal)
        if bare_is_percent and not _PERCENT.search(cell):
            with localcontext(CONTEXT):
                value = value / 100
        if not 0 <= value <= 1:
            raise _Bad("tables.row.rate_range")
        return value

    return read


def _text(cell: str) -> Value:
    return cell


def _date(role: str) -> Reader:
    return _shared(parse_date, role)


def _integer(role: str) -> Reader:
    return _shared(parse_integer, role)


def _reader(role: str, column: int, table: Table, columns: ColumnMap) -> Reader:
    kind = KINDS[role]
    if kind == "money":
        return _money(role, columns.scales.get(role))
    if kind == "integer":
        return _integer(role)
    if kind == "date":
        return _date(role)
    if kind == "rate":
        cells = [row[column] for row in table.data]
        return _rate(role, cells, role in columns.percent)
    return _text


def typed_rows(
    table: Table,
    columns: ColumnMap,
    *,
    required: Collection[str] = (),
    max_messages: int = 20,
) -> TypedRows:
    """Read every data row of ``table`` by the roles in ``columns``.

    A ``required`` role's empty cell is a problem; an optional one's is ``None``. Raises
    :class:`InputError` (``tables.error.no_data``) when the table has no row below its header.
    """
    unmapped = [role for role in required if role not in columns.columns]
    if unmapped:  # map_columns with the same ``required`` would have said so
        raise ValueError(f"required roles without a column: {', '.join(unmapped)}")
    if not table.data:
        raise table_error("tables.error.no_data")
    plan = [
        (role, column, _reader(role, column, table, columns), role in required)
        for role, column in columns.columns.items()
    ]
    good: list[Row] = []
    errors: list[InputError] = []
    skipped = 0
    for number, cells in zip(table.data_numbers, table.data, strict=True):
        values: dict[str, Value] = {}
        problem: tuple[str, str] | None = None  # (role, message key)
        for role, column, read, needed in plan:
            cell = cells[column]
            if not cell:
                if needed:
                    problem = (role, "tables.row.empty")
                    break
                values[role] = None
                continue
            try:
                values[role] = read(cell)
            except _Bad as bad:
                problem = (role, bad.key)
                break
        if problem is None:
            good.append(Row(number, values))
            continue
        skipped += 1
        if len(errors) < max_messages:
            role, key = problem
            errors.append(_row_error(columns, role, key, number, cells[columns.columns[role]]))
    if skipped > len(errors):
        errors.append(table_error("tables.more_rows", count=skipped - len(errors)))
    return TypedRows(rows=tuple(good), errors=tuple(errors), skipped=skipped, columns=columns)


def _row_error(columns: ColumnMap, role: str, key: str, number: int, cell: str) -> InputError:
    error = InputError(role, key, row=number, value=cell)
    error.labels = {lang: columns.label(role, lang) for lang in ("zh", "en")}
    error.row = number
    return error
