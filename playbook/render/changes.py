"""最近更新: the playbook's recent changes from git history, as a page and an Atom feed.

Only changes to the content (``docs/``) count; a data file's change links to the page it feeds.
Without history (a tarball, a shallow clone) the page says why instead of listing nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from calculators.html import Markup, el, join
from playbook.history import History
from playbook.messages import t
from playbook.render.pages.common import (
    GLOSSARY_PAGE,
    KPI_PAGE,
    PROCESS_PAGE,
    page_url,
    rel,
    track_page,
)

__all__ = ["CHANGES_PAGE", "FEED", "Entry", "atom_feed", "changes_page", "entries"]

CHANGES_PAGE = "changes.md"
FEED = "feed.xml"
MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    """One commit: when, what it says, who, and the pages it changed (docs-relative)."""

    commit: str
    date: str
    subject: str
    author: str
    pages: tuple[str, ...]


def _page_of(path: str, docs: str, data_dir: str = "data") -> str | None:
    """The docs-relative page a changed file shows up on, if any."""
    if not path.startswith(docs + "/"):
        return None
    inner = path[len(docs) + 1 :]
    if inner.endswith(".md"):
        return inner
    data = data_dir + "/"
    if not inner.startswith(data):
        return None
    inner = inner[len(data) :]
    if inner == "kpis.yml":
        return KPI_PAGE
    if inner == "stages.yml":
        return PROCESS_PAGE
    if inner == "glossary.yml":
        return GLOSSARY_PAGE
    if inner.startswith("talk-tracks/") and inner.endswith(".yml"):
        return track_page(posixpath.basename(inner)[: -len(".yml")])
    return None


def entries(
    history: History, docs: str, pages: Sequence[str], data_dir: str = "data"
) -> list[Entry]:
    """The newest commits that changed a page of the site, newest first."""
    by_commit: dict[str, Entry] = {}
    for change in history.changes:
        page = _page_of(change.path, docs, data_dir)
        if page is None or page not in pages or page == CHANGES_PAGE:
            continue
        entry = by_commit.get(change.commit)
        if entry is None:
            if len(by_commit) >= MAX_ENTRIES:
                break
            entry = by_commit[change.commit] = Entry(
                change.commit, change.date.isoformat(), change.subject, change.author, ()
            )
        if page not in entry.pages:
            by_commit[change.commit] = Entry(
                entry.commit, entry.date, entry.subject, entry.author, (*entry.pages, page)
            )
    return list(by_commit.values())


def changes_page(items: list[Entry], history: History, titles: dict[str, str], lang: str) -> str:
    """The Markdown of 最近更新 (a table built as HTML through the one escaping path)."""
    head = f"---\ntitle: {t('changes.title', lang)}\n---\n\n# {t('changes.title', lang)}\n\n"
    if history.note:
        return head + t(f"changes.no_history.{history.note}", lang) + "\n"
    feed = el("a", {"href": f"../{FEED}", "type": "application/atom+xml"}, t("changes.feed", lang))
    intro = str(el("p", None, t("changes.intro", lang), " ", feed)) + "\n\n"
    rows = [
        el(
            "li",
            None,
            el(
                "p",
                {"class": "pb-changes__meta"},
                el("time", {"datetime": item.date}, item.date),
                " · ",
                item.author,
            ),
            el("p", {"class": "pb-changes__subject"}, item.subject),
            el(
                "p",
                {"class": "pb-changes__pages"},
                t("changes.col.pages", lang),
                "：",
                join(
                    [
                        el("a", {"href": rel(CHANGES_PAGE, page)}, titles.get(page, page))
                        for page in item.pages
                    ],
                    Markup("、"),
                ),
            ),
        )
        for item in items
    ]
    table = el("ol", {"class": "pb-changes"}, rows)
    return head + intro + str(table) + "\n"


def atom_feed(items: list[Entry], titles: dict[str, str], site_name: str, base: str) -> str:
    """An Atom feed of the same changes; ``base`` is the site's URL ("" leaves links relative
    to the feed, which sits at the site root)."""
    updated = (items[0].date if items else "1970-01-01") + "T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{xml_escape(site_name)}</title>",
        f"  <id>{xml_escape(base or 'urn:playbook:')}{FEED}</id>",
        f'  <link rel="self" href={quoteattr(base + FEED)}/>',
        f"  <updated>{updated}</updated>",
    ]
    for item in items:
        names = "、".join(titles.get(page, page) for page in item.pages)
        parts += [
            "  <entry>",
            f"    <title>{xml_escape(item.subject)}</title>",
            f"    <id>urn:playbook:commit:{xml_escape(item.commit)}</id>",
            f"    <updated>{item.date}T00:00:00Z</updated>",
            f"    <author><name>{xml_escape(item.author)}</name></author>",
            f"    <link href={quoteattr(base + page_url(item.pages[0]))}/>",
            f"    <summary>{xml_escape(names)}</summary>",
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
