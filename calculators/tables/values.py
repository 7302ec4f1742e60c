"""Reading one cell's text as a date, and Excel's serial day numbers.

Dates people paste come in a handful of shapes, all year first: ``2024-01-05``, ``2024/1/5``,
``2024.1.5``, ``2024年1月5日``, ``20240105`` (a time after a space or ``T`` is ignored). Month
first or day first (``1/5/2024``) is refused rather than guessed: 1 May and 5 January are both
real dates. A bare number of five digits is an Excel serial day (a date column that lost its
format when copied): 10000–99999 covers 1927–2173, so a year (``2024``) or an amount is never
taken for a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..errors import InputError
from ..money import parse_amount

__all__ = [
    "FAKE_LEAP_DAY",
    "looks_like_value",
    "parse_date",
    "serial_to_text",
]

_DATE = re.compile(
    r"""^(?P<y>\d{4})\s*(?P<sep>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?
        (?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．／－：", "0123456789./-:")

#: Excel's serial 60 in the 1900 date system: a day that never was (Lotus 1-2-3's leap-year
#: bug, kept by Excel). Shown as Excel shows it; as a date it is refused.
FAKE_LEAP_DAY = "1900-02-29"
_EPOCH_1900 = datetime(1899, 12, 30)  # serial 61 and later count from here
_EPOCH_1904 = datetime(1904, 1, 1)
#: Excel's last date, 9999-12-31, in the 1900 system.
_MAX_SERIAL = 2_958_465


def serial_to_text(serial: float, *, date1904: bool = False, with_time: bool = False) -> str:
    """An Excel serial day as ISO text: ``YYYY-MM-DD``, plus `` HH:MM:SS`` when ``with_time``
    and the serial has a time of day. Serials Excel cannot show as a date (before the date
    system's first day, after 9999-12-31) come back as the plain number."""
    lowest, highest = (0, _MAX_SERIAL - 1462) if date1904 else (1, _MAX_SERIAL)
    if not lowest <= serial < highest + 1:
        return _plain(serial)
    whole = int(serial)
    if not date1904 and whole == 60:
        return FAKE_LEAP_DAY
    if date1904:
        start = _EPOCH_1904
    elif whole < 60:
        start = _EPOCH_1900 + timedelta(days=1)  # before the fake 29 February
    else:
        start = _EPOCH_1900
    seconds = min(round((serial - whole) * 86_400), 86_399)
    moment = start + timedelta(days=whole, seconds=seconds if with_time else 0)
    if with_time and seconds:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.date().isoformat()


def _plain(number: float) -> str:
    text = repr(number)
    return text[:-2] if text.endswith(".0") else text


def parse_date(text: str, field: str) -> date:
    """A date in one of the shapes in the module docstring; raises :class:`InputError`
    (``tables.row.not_a_date``) for anything else, including days that do not exist."""
    cleaned = text.strip().translate(_FULL_WIDTH_DIGITS)
    match = _DATE.match(cleaned) or _COMPACT.match(cleaned)
    if match:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise InputError(field, "tables.row.not_a_date", value=text.strip()) from None
    if _SERIAL.match(cleaned):
        whole = int(cleaned.partition(".")[0])
        return date.fromisoformat(serial_to_text(whole))
    raise InputError(field, "tables.row.not_a_date", value=text.strip())


def looks_like_value(text: str) -> bool:
    """Whether a cell reads as a number, a percentage or a date (data rather than a header)."""
    if not text:
        return False
    try:
        parse_amount(text.rstrip("%％"), "cell")
    except InputError:
        pass
    else:
        return True
    try:
        parse_date(text, "cell")
    except InputError:
        return False
    return True
