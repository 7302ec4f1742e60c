"""The day "today" means for a calculation that has no date of its own.

A build honours ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention: seconds since
1970-01-01 UTC), so two builds of the same commit give the same pages even if midnight falls
between them. Without it, and always in the browser, it is the machine's local date.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """``SOURCE_DATE_EPOCH``'s UTC date when it is set to a whole number, else today's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
