"""Table input for calculator fields (the glue between :mod:`calculators.spec` and the reader).

A field declared ``data=True`` (a list, such as forecast's history) also takes a table pasted
from a spreadsheet or an opened file, ``file:NAME;base64,DATA``: :func:`column_values` reads its
value column. A ``table`` field (customer tiers' order lines) takes rows by role:
:func:`table_rows` keeps the good rows and counts and names the skipped ones. Problems become one
:class:`~calculators.errors.InputError` on the field, in both languages.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..money import plain_str
from ..spec import Field, check_range
from . import read_file, read_text, records
from .model import Table

__all__ = ["FILE_PREFIX", "DataColumn", "column_values", "looks_like_table", "table_rows"]


FILE_PREFIX = "file:"


class DataColumn(list[object]):
    """A data field's values read from a table, with the table's period column (``periods``,
    "" where there is none), so a calculator can label its rows as the team's sheet does."""

    periods: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.periods = []


def looks_like_table(raw: str) -> bool:
    """An opened file, a paste from a spreadsheet (cells separated by tabs), or a column pasted
    with its header (a first line without a digit, then more lines)."""
    if raw.startswith(FILE_PREFIX) or "\t" in raw:
        return True
    lines = [line for line in raw.strip().splitlines() if line.strip()]
    return len(lines) > 1 and not any(ch.isdigit() for ch in lines[0])


def column_values(f: Field, raw: str) -> DataColumn:
    """The values of a data field given as a table: the column of role ``value`` (its header
    is 销售额, 金额, 实际 …; the only column, or the last of two without headers), in order."""
    table = _read_table(f, raw)
    try:
        roles = ("period", "value")
        headed = table.has_header and table.width > 1
        rows = records(
            table,
            roles if table.width > 1 else ("value",),
            required=("value",),
            by_position=not headed,
        )
    except InputError as error:
        raise _in_data(f, [error]) from None
    if rows.errors:
        raise _in_data(f, list(rows.errors))
    values = DataColumn()
    for row in rows.rows:
        value = row["value"]
        if isinstance(value, Decimal):
            check_range(value, f, plain_str)
        values.append(value)
    values.periods = [str(row.values.get("period") or "") for row in rows.rows]
    return values


def _in_data(f: Field, errors: list[InputError]) -> InputError:
    """One message for field ``f``: what is wrong in its table (the first rows' problems)."""
    shown = errors[:3]
    error = InputError(
        f.name,
        "error.in_data",
        detail_zh="；".join(e.message("zh") for e in shown),
        detail_en="; ".join(e.message("en") for e in shown),
    )
    return error


def _read_table(f: Field, raw: str) -> Table:
    """``raw`` (a paste, or an opened file as ``file:NAME;base64,DATA``) as a table."""
    data: bytes | None = None
    if raw.startswith(FILE_PREFIX):
        try:
            data = base64.b64decode(raw.partition(";base64,")[2], validate=True)
        except (binascii.Error, ValueError):
            raise InputError(f.name, "error.file_unreadable") from None
    try:
        return read_file(data) if data is not None else read_text(raw)
    except InputError as error:
        raise _in_data(f, [error]) from None


def table_rows(f: Field, raw: object) -> dict[str, Any]:
    """A ``table`` field: its good rows (role → value), how many were skipped and why (the
    first ones, in both languages), and what the headers made the reader assume."""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(f.name, "error.required")
    table = _read_table(f, raw)
    roles = [c.name for c in f.columns]
    required = [c.name for c in f.columns if c.required]
    try:
        read = records(table, roles, required=required, by_position=not table.has_header)
    except InputError as error:
        raise _in_data(f, [error]) from None
    if not read.rows:
        raise _in_data(f, list(read.errors) or [InputError(f.name, "error.required")])
    if len(read.rows) > f.max_items:
        raise InputError(f.name, "error.list_too_long", max=f.max_items)
    return {
        "rows": [dict(row.values) for row in read.rows],
        "skipped": read.skipped,
        "problems": {lang: read.messages(lang) for lang in ("zh", "en")},
        "notes": {lang: read.columns.notes(lang) for lang in ("zh", "en")},
    }
