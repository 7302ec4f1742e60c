"""``playbook review``: what is due for review, by owner, for a scheduled reminder.

Every page's front matter and every data and plan file carry an ``owner`` and a ``review_by``
date. This lists what is past its date or due within N days, grouped by owner, as Markdown (for
an issue or a chat message) or JSON (for a bot). Generated pages are not listed: the data file
that feeds them is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from playbook.content.load import DATA_DIR, load_content
from playbook.messages import t
from playbook.options import Options
from playbook.plans import load_plans
from playbook.yamlsrc import is_date

__all__ = ["Due", "due", "pages", "render"]

_HEADING = re.compile(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Due:
    path: str  # the file to edit, relative to the project
    title: str
    owner: str
    review_by: dt.date
    days: int  # until review_by; negative when it has passed


def pages(
    docs_dir: Path, root: Path, data_dir: str = DATA_DIR
) -> list[tuple[str, str, str, object]]:
    """(path shown, title, owner, review_by) of every hand-written page."""
    out = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if rel.startswith(f"{data_dir}/"):
            continue
        body, meta = get_data(path.read_bytes().decode("utf-8-sig", "replace"))
        heading = _HEADING.search(body)
        title = str(meta.get("title") or (heading[1] if heading else rel))
        shown = path.resolve().relative_to(root.resolve()).as_posix()
        out.append((shown, title, str(meta.get("owner") or ""), meta.get("review_by")))
    return out


def due(
    docs_dir: Path, root: Path, today: dt.date, within: int, options: Options | None = None
) -> list[Due]:
    """Everything whose ``review_by`` is before ``today + within`` days, soonest first."""
    options = options or Options()
    lang = options.lang
    content, _ = load_content(docs_dir, root, lang, data_dir=options.data_dir)
    plans, _ = load_plans(docs_dir, root, lang, plans_dir=options.plans_dir)
    items = pages(docs_dir, root, options.data_dir)
    for name, meta in content.meta.items():
        if meta:
            title = t(f"review.file.{name}", lang)
            items.append((str(meta["path"]), title, str(meta["owner"] or ""), meta["review_by"]))
    for track in content.talk_tracks.values():
        items.append((track.source.path, track.title, track.owner, track.review_by))
    for plan in plans.values():
        items.append((plan.path, plan.name, plan.owner, plan.review_by))
    limit = today + dt.timedelta(days=within)
    found = [
        Due(path, title, owner, review_by, (review_by - today).days)
        for path, title, owner, review_by in items
        if is_date(review_by) and review_by <= limit
    ]
    return sorted(found, key=lambda d: (d.review_by, d.path))


def render(items: list[Due], fmt: str, lang: str, today: dt.date, within: int) -> str:
    """``items`` as ``markdown`` (grouped by owner) or ``json``."""
    if fmt == "json":
        data = {
            "today": today.isoformat(),
            "within_days": within,
            "items": [{**asdict(d), "review_by": d.review_by.isoformat()} for d in items],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = [f"# {t('review.title', lang, date=today.isoformat(), days=within)}", ""]
    if not items:
        return "\n".join([*lines, t("review.none", lang), ""])
    owners: dict[str, list[Due]] = {}
    for item in items:
        owners.setdefault(item.owner or t("review.no_owner", lang), []).append(item)
    for owner, mine in sorted(owners.items(), key=lambda kv: (kv[1][0].review_by, kv[0])):
        lines += [f"## {owner}", ""]
        for item in mine:
            when = (
                t("review.overdue", lang, days=-item.days)
                if item.days < 0
                else t("review.due", lang, days=item.days)
            )
            date = item.review_by.isoformat()
            lines.append(f"- **{item.title}** · `{item.path}` · {date}（{when}）")
        lines.append("")
    return "\n".join(lines)
