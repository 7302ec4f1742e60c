"""Table input for calculator fields (the glue between :mod:`calculators.spec` and the reader).

A field declared ``data=True`` (a list, such as forecast's history) also takes a table pasted
from a spreadsheet or an opened file, ``file:NAME;base64,DATA``: :func:`column_values` reads its
value column. A ``table`` field (customer tiers' order lines) takes rows by role:
:func:`table_rows` keeps the good rows and counts and names the skipped ones, and says which
column it read for each role (:class:`ColumnMapping`, shown by
:func:`calculators.tables.view.mapping_line`). The person may fix a role's column (the form's
``FIELD.ROLE`` selects, see :func:`column_override`). Problems become one
:class:`~calculators.errors.InputError` on the field, in both languages.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from ..errors import InputError
from ..money import format_number, plain_str
from ..spec import Field, check_range
from . import read_file, read_text, records
from .columns import ColumnMap
from .model import Table

__all__ = [
    "AUTO",
    "FILE_PREFIX",
    "NOT_USED",
    "ColumnMapping",
    "ColumnUse",
    "DataColumn",
    "column_override",
    "column_values",
    "looks_like_table",
    "option_value",
    "table_roles",
    "table_rows",
]


FILE_PREFIX = "file:"
#: A role's choice in the form: found by its header (the default), or not in this table.
AUTO = ""
NOT_USED = "-"
#: A column chosen by position (a blank or repeated header): ``#3`` is the third column.
_BY_POSITION = re.compile(r"^#([1-9][0-9]{0,3})$")


class ColumnUse(TypedDict):
    """One role and the column it was read from (``None``: not in this table)."""

    role: str
    #: 0-based, ``None`` when the table has no column for the role.
    column: int | None
    #: The column's header as typed ("" for a blank one or a table without a header).
    header: str | None
    #: The multiplier a unit in the header implies (``"10000"`` for 万元), else ``None``.
    scale: str | None


class ColumnMapping(TypedDict):
    """Which column held what, JSON-safe: what a view shows and the form's selects offer."""

    #: Every column's header, in order ("" where blank or the table has none).
    headers: list[str]
    roles: list[ColumnUse]
    #: The columns no role was read from, by index.
    unused: list[int]


def option_value(headers: list[str], column: int) -> str:
    """How the form names a column: its header, or ``#N`` (1-based) when the header is blank,
    repeated or itself looks like ``#N``."""
    header = headers[column]
    if header.strip() and headers.count(header) == 1 and not _BY_POSITION.match(header):
        return header
    return f"#{column + 1}"


def column_override(given: Mapping[str, object], width: int) -> dict[str, int | str | None]:
    """The form's column choices (role → ``""`` automatic, ``"-"`` not used, a header text or
    ``#N``) as :func:`~calculators.tables.map_columns` takes them, for a table ``width``
    columns wide (a ``#N`` past its edge stays text: the error then names it as chosen)."""
    override: dict[str, int | str | None] = {}
    for role, choice in given.items():
        text = str(choice).strip() if choice is not None else AUTO
        if text == AUTO:
            continue
        if text == NOT_USED:
            override[role] = None
        elif (match := _BY_POSITION.match(text)) and int(match[1]) <= width:
            override[role] = int(match[1]) - 1
        else:
            override[role] = text
    return override


def _mapping(columns: ColumnMap, roles: list[str]) -> ColumnMapping:
    headers = list(columns.headers)
    uses: list[ColumnUse] = []
    for role in roles:
        column = columns.columns.get(role)
        scale = columns.scales.get(role)
        uses.append(
            {
                "role": role,
                "column": column,
                "header": headers[column] if column is not None else None,
                "scale": plain_str(scale) if scale is not None else None,
            }
        )
    return {"headers": headers, "roles": uses, "unused": list(columns.unrecognised)}


#: The roles of a data list field's table (forecast's history): its value column, and the
#: period column that labels the rows.
DATA_ROLES = ("period", "value")


def table_roles(f: Field) -> list[tuple[str, bool]]:
    """The roles a person may point at a column for field ``f``, each with whether it is
    required: a ``table`` field's columns, or a data list's period and value."""
    if f.kind == "table":
        return [(c.name, c.required) for c in f.columns]
    return [("period", False), ("value", True)] if f.data else []


class DataColumn(list[object]):
    """A data field's values read from a table, with the table's period column (``periods``,
    "" where there is none), so a calculator can label its rows as the team's sheet does, and
    which column was read as what (``mapping``)."""

    periods: list[str]
    mapping: ColumnMapping | None

    def __init__(self) -> None:
        super().__init__()
        self.periods = []
        self.mapping = None


def looks_like_table(raw: str) -> bool:
    """An opened file, a paste from a spreadsheet (cells separated by tabs), or a column pasted
    with its header (a first line without a digit, then more lines)."""
    if raw.startswith(FILE_PREFIX) or "\t" in raw:
        return True
    lines = [line for line in raw.strip().splitlines() if line.strip()]
    return len(lines) > 1 and not any(ch.isdigit() for ch in lines[0])


def column_values(f: Field, raw: str, columns: Mapping[str, object] | None = None) -> DataColumn:
    """The values of a data field given as a table: the column of role ``value`` (its header
    is 销售额, 金额, 实际 …; the only column, or the last of two without headers), in order.
    ``columns`` are the person's choices for ``period`` and ``value`` (see
    :func:`column_override`)."""
    table = _read_table(f, raw)
    roles = list(DATA_ROLES) if table.width > 1 else ["value"]
    override = {
        role: choice
        for role, choice in column_override(columns or {}, table.width).items()
        if role in roles
    }
    try:
        headed = table.has_header and table.width > 1
        rows = records(
            table,
            roles,
            required=("value",),
            override=override or None,
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
    values.mapping = _mapping(rows.columns, roles)
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


def _too_long(f: Field, count: int) -> InputError:
    return InputError(
        f.name,
        "error.table_too_long",
        max=format_number(Decimal(f.max_items)),
        count=format_number(Decimal(count)),
    )


def table_rows(
    f: Field, raw: object, columns: Mapping[str, object] | None = None
) -> dict[str, Any]:
    """A ``table`` field: its good rows (role → value), how many were skipped and why (the
    first ones, in both languages), what the headers made the reader assume, and which column
    each role was read from (``mapping``). ``columns`` are the person's choices (see
    :func:`column_override`); a header that is not in the table is an error on the field."""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(f.name, "error.required")
    table = _read_table(f, raw)
    if len(table.data) > f.max_items:  # said before reading every row of a table too long
        raise _too_long(f, len(table.data))
    roles = [c.name for c in f.columns]
    required = [c.name for c in f.columns if c.required]
    override = column_override(columns or {}, table.width)
    try:
        read = records(
            table,
            roles,
            required=required,
            override=override or None,
            by_position=not table.has_header,
        )
    except InputError as error:
        raise _in_data(f, [error]) from None
    if not read.rows:
        raise _in_data(f, list(read.errors) or [InputError(f.name, "error.required")])
    return {
        "rows": [dict(row.values) for row in read.rows],
        "skipped": read.skipped,
        "problems": {lang: read.messages(lang) for lang in ("zh", "en")},
        "notes": {lang: read.columns.notes(lang) for lang in ("zh", "en")},
        "mapping": _mapping(read.columns, roles),
    }
