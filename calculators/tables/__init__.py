"""A team's own data as tables: pasted from Excel/WPS, CSV text, .csv and .xlsx files.

The shared reading layer of the calculators that compute on a team's data (forecast, customer
tiers, churn warnings, a pipeline from an opportunity export). Standard library only: it runs
at build time in CPython and in the browser in Pyodide.

Three steps, each usable alone:

1. :func:`read_text` (a paste), :func:`read_csv`, :func:`read_xlsx` or :func:`read_file` (bytes
   of either kind) → :class:`Table`: cells as text, row numbers as people see them, header
   detected (or given);
2. :func:`map_columns` → :class:`ColumnMap`: which column is which role (``customer``,
   ``date``, ``amount`` …), found by header names in Chinese and English, overridable;
3. :func:`typed_rows` → :class:`TypedRows`: values typed by role, bad rows skipped and named
   in Chinese and English (``第 17 行「金额」不是数字：—``), at most 20 of them.

:func:`records` does 2 and 3 in one call. A problem with the whole file or table raises
:class:`~calculators.errors.InputError` with one message (``tables.error.*``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from ..messages import load

load(Path(__file__).with_name("messages.json"))

from .columns import ROLES, ColumnMap, map_columns, normalize_header, role_label  # noqa: E402
from .decode import decode_text  # noqa: E402
from .model import MAX_COLUMNS, MAX_ROWS, Table  # noqa: E402
from .rows import Row, TypedRows, Value, typed_rows  # noqa: E402
from .text import detect_delimiter, read_csv, read_text  # noqa: E402
from .values import parse_date  # noqa: E402
from .xlsx import MAX_PART_BYTES, read_xlsx, sniff  # noqa: E402

__all__ = [
    "MAX_COLUMNS",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "ROLES",
    "ColumnMap",
    "Row",
    "Table",
    "TypedRows",
    "Value",
    "decode_text",
    "detect_delimiter",
    "map_columns",
    "normalize_header",
    "parse_date",
    "read_csv",
    "read_file",
    "read_text",
    "read_xlsx",
    "records",
    "role_label",
    "typed_rows",
]


def read_file(data: bytes, *, header: bool | None = None, delimiter: str | None = None) -> Table:
    """An uploaded file, whatever its name says: .xlsx by its zip signature, otherwise CSV or
    tab-separated text (.xls, encrypted workbooks and web pages are refused by name)."""
    if sniff(data) == "xlsx":
        return read_xlsx(data, header=header)
    return read_csv(data, delimiter=delimiter, header=header)


def records(
    table: Table,
    roles: Sequence[str],
    *,
    required: Collection[str] = (),
    override: Mapping[str, int | str | None] | None = None,
    by_position: bool = False,
    max_messages: int = 20,
) -> TypedRows:
    """:func:`map_columns` then :func:`typed_rows`: the typed rows of ``roles`` in ``table``."""
    columns = map_columns(
        table, roles, required=required, override=override, by_position=by_position
    )
    return typed_rows(table, columns, required=required, max_messages=max_messages)
