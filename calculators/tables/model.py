"""The shape every reader returns: a grid of cell texts, each row with the number people see.

Text pastes, CSV files and .xlsx sheets all end up as a :class:`Table` so that column mapping
and typed rows (:mod:`.columns`, :mod:`.rows`) never care where the data came from. Cells stay
text — exactly what the person typed or Excel showed (numbers in plain decimal notation, date
cells as ISO ``YYYY-MM-DD``) — and are typed later, column by column, with messages that name
the row and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Source", "Table", "table_error"]

#: More rows than any team's own sales data; enough to stop a runaway sheet early (a browser
#: tab that parses a million rows freezes long before it can say anything useful).
MAX_ROWS = 100_000
#: A CRM export has dozens of columns; a stray value in column XFD should not make every row
#: 16,384 cells wide.
MAX_COLUMNS = 1_000

Source = Literal["text", "xlsx"]


def table_error(key: str, /, **params: object) -> InputError:
    """An error about the whole table or file (not one cell): field ``table``."""
    error = InputError("table", key, **params)
    error.labels = {"zh": "表格", "en": "table"}
    return error


@dataclass(frozen=True)
class Table:
    """Every non-blank row of a table, header included, each as wide as the widest row.

    ``numbers[i]`` is the row number people see for ``rows[i]``: the spreadsheet's row number
    for .xlsx, the line number (header line included, counted from 1) for text. Fully empty
    columns at both edges are dropped; empty columns in between stay, so positions match what
    the person sees.
    """

    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]
    has_header: bool
    source: Source
    #: The worksheet's name for .xlsx (the first sheet), ``None`` for text.
    sheet: str | None = None
    #: The delimiter used for text (``"\t"``, ``","``, ``";"``, ``"，"``), ``None`` for .xlsx.
    delimiter: str | None = None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def header(self) -> tuple[str, ...] | None:
        """The header row, if the first row is one."""
        return self.rows[0] if self.has_header and self.rows else None

    @property
    def data(self) -> tuple[tuple[str, ...], ...]:
        """The rows below the header (all rows when there is none)."""
        return self.rows[1:] if self.has_header else self.rows

    @property
    def data_numbers(self) -> tuple[int, ...]:
        return self.numbers[1:] if self.has_header else self.numbers
