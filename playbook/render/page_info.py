"""Who owns a page and when it is due for review, shown on the page (reps must see that a page
may be stale; managers see at once who to ask)."""

from __future__ import annotations

import datetime as dt

from calculators.html import Markup, el
from playbook.messages import t

__all__ = ["page_info"]


def page_info(
    *,
    owner: str,
    review_by: dt.date,
    changed: dt.date | None,
    origin: str | None,
    today: dt.date,
    lang: str,
) -> dict[str, Markup]:
    """``banner``: a note shown once ``review_by`` has passed (hidden before; the page script
    shows it when the date passes after the build); ``line``: owner, dates and source."""
    date = review_by.isoformat()
    overdue = review_by < today
    banner = el(
        "div",
        {
            "class": "admonition warning pb-stale",
            "role": "note",
            "data-pb-review-by": date,
            "hidden": not overdue,
        },
        el("p", {"class": "admonition-title"}, t("page.stale_title", lang)),
        el("p", None, t("page.stale", lang, date=date, owner=owner or "—")),
    )
    parts = [t("page.owner", lang, owner=owner or "—"), t("page.review_by", lang, date=date)]
    if changed is not None:
        parts.append(t("page.changed", lang, date=changed.isoformat()))
    if origin:
        parts.append(t("page.generated_from", lang, origin=origin))
    line = el("p", {"class": "pb-page-info"}, " · ".join(parts))
    return {"banner": banner, "line": line}
