"""Text tables: what Excel and WPS put on the clipboard, and CSV files.

Excel and WPS copy cells as tab-separated lines, quoting a cell that holds a tab, a new line
or a quote; CSV files use commas (semicolons in some locales). The delimiter is the candidate
that splits the rows into the same number of cells (tab first when several do); the
full-width ``，`` counts only when nothing else splits the text. A single column of figures
like ``1,000`` is not a comma-separated table: a comma between digit groups is read as part of
the number. The :mod:`csv` module does the quoting; cells keep their text, stripped of the
spaces around it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from .decode import decode_text, normalize_newlines
from .grid import build_table
from .model import Table, table_error

__all__ = ["detect_delimiter", "read_csv", "read_text"]

_CANDIDATES = ("\t", ",", ";")
_FULL_WIDTH_COMMA = "，"
#: Delimiter for a table of one column: a control character no spreadsheet writes.
_ONE_COLUMN = "\x1f"
_SAMPLE_LINES = 200
#: The share of rows that must have the most common number of cells for a delimiter to fit.
_CONSISTENT = 0.6
_GROUPED_NUMBER = re.compile(
    r"^[-+]?[¥￥]?(?:\d{1,3}(?:,\d{3})+|\d{1,4}(?:,\d{4})+)(?:\.\d+)?\s*[万亿元]*$"
)


def read_csv(data: bytes, *, delimiter: str | None = None, header: bool | None = None) -> Table:
    """A CSV or tab-separated text file (any encoding :func:`decode_text` reads)."""
    return read_text(decode_text(data), delimiter=delimiter, header=header)


def read_text(text: str, *, delimiter: str | None = None, header: bool | None = None) -> Table:
    """A pasted or decoded text table.

    ``delimiter``: ``None`` detects it (:func:`detect_delimiter`). ``header``: ``None`` detects
    whether the first row is a header. Row numbers are line numbers counted from 1 (the header
    line included); a cell spanning lines counts from its first line.
    """
    text = normalize_newlines(text)
    if delimiter is None:
        delimiter = detect_delimiter(text)
    if delimiter is not None and len(delimiter) != 1:
        raise ValueError(f"a delimiter is one character, not {delimiter!r}")
    return build_table(
        _records(text, delimiter or _ONE_COLUMN),
        source="text",
        header=header,
        delimiter=delimiter,
    )


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            yield line, [cell.strip() for cell in record]
            line = reader.line_num + 1
    except csv.Error:
        raise table_error("tables.error.bad_text", line=line) from None


def _sample(text: str) -> str:
    end = -1
    for _ in range(_SAMPLE_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def _counts(sample: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        # A blank line is no row; a line of delimiters only is a row of empty cells.
        return [len(row) for row in reader if len(row) > 1 or (row and row[0].strip())]
    except csv.Error:
        return []


def _only_grouped_numbers(sample: str) -> bool:
    """Every line with a comma is one number with grouped digits (a column of ``1,000``)."""
    lines = [line.strip().strip('"') for line in sample.split("\n") if "," in line]
    return bool(lines) and all(_GROUPED_NUMBER.match(line) for line in lines)


def _fit(counts: list[int]) -> float:
    """How consistently ``counts`` (cells per row) show a table of two columns or more."""
    if not counts:
        return 0.0
    mode = max(set(counts), key=lambda n: (counts.count(n), n))
    if mode < 2:
        return 0.0
    return counts.count(mode) / len(counts)


def detect_delimiter(text: str) -> str | None:
    """Tab, comma or semicolon (or ``，``), or ``None`` for a table of one column."""
    sample = _sample(text)
    candidates = [d for d in _CANDIDATES if d in sample]
    if "," in candidates and _only_grouped_numbers(sample):
        candidates.remove(",")
    counts = {d: _counts(sample, d) for d in candidates}
    fits = {d: _fit(counts[d]) for d in candidates}
    best = max(candidates, key=lambda d: fits[d], default=None)  # first of equals: tab first
    if best is not None and fits[best] >= _CONSISTENT:
        return best
    ragged = next((d for d in candidates if any(n > 1 for n in counts[d])), None)
    if ragged is not None:
        return ragged
    if _FULL_WIDTH_COMMA in sample and any(n > 1 for n in _counts(sample, _FULL_WIDTH_COMMA)):
        return _FULL_WIDTH_COMMA
    return None
