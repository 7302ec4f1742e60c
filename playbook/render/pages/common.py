"""What every generated page shares: where each page lives and how pages link to each other,
front matter, labels, glossary-linked text and the small HTML blocks (definition lists,
checklists, lines with a copy button).

Structured parts are HTML blocks built through :mod:`calculators.html`: content never reaches a
page unescaped.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from calculators.html import Markup, el, escape, join
from playbook.content.model import Content
from playbook.markdown import safe
from playbook.markdown.glossary import TextLinker
from playbook.messages import t

__all__ = [
    "GLOSSARY_PAGE",
    "KPI_PAGE",
    "OBJECTIONS_PAGE",
    "PAGES",
    "PROCESS_PAGE",
    "TRACKS_PAGE",
    "checklist",
    "copyable",
    "definition_list",
    "front_matter",
    "html_block",
    "kpi_anchor",
    "linked",
    "linking",
    "md",
    "md_field",
    "page_for",
    "page_url",
    "rel",
    "stage_page",
    "track_page",
    "tracks_meta",
]

KPI_PAGE = "kpis/index.md"
PROCESS_PAGE = "process/index.md"
TRACKS_PAGE = "talk-tracks/index.md"
OBJECTIONS_PAGE = "talk-tracks/objections.md"
GLOSSARY_PAGE = "glossary.md"
PAGES = (KPI_PAGE, PROCESS_PAGE, TRACKS_PAGE, OBJECTIONS_PAGE, GLOSSARY_PAGE)


# --- where pages live and how they link ------------------------------------------------------


def kpi_anchor(kpi_id: str) -> str:
    return f"kpi-{kpi_id}"


def stage_page(stage_id: str) -> str:
    return f"process/{stage_id}.md"


def track_page(track_id: str) -> str:
    return f"talk-tracks/{track_id}.md"


def page_for(kind: str, ident: str) -> str:
    """Docs-relative path (with ``#anchor``) of a generated item, for links and the glossary."""
    if kind == "kpi":
        return f"{KPI_PAGE}#{kpi_anchor(ident)}"
    if kind == "stage":
        return stage_page(ident)
    if kind == "talk_track":
        return track_page(ident)
    raise KeyError(kind)


def rel(from_page: str, target: str) -> str:
    """A link from one docs page to another (``a/b.md`` → ``../c/``), as MkDocs serves them."""
    path, _, anchor = target.partition("#")
    url = page_url(path)
    base = page_url(from_page)
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    link = posixpath.relpath(url or ".", base_dir.rstrip("/") or ".")
    if url.endswith("/") and not link.endswith("/"):
        link += "/"
    if link == "./":
        link = "./"
    return link + (f"#{anchor}" if anchor else "")


def page_url(path: str) -> str:
    """The served URL of a docs-relative page, relative to the site root (directory URLs)."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


# --- text --------------------------------------------------------------------------------------

_linker: ContextVar[TextLinker | None] = ContextVar("_linker", default=None)


@contextmanager
def linking(linker: TextLinker) -> Iterator[None]:
    """Link glossary terms with ``linker`` in :func:`linked` text while a page is generated."""
    token = _linker.set(linker)
    try:
        yield
    finally:
        _linker.reset(token)


#: A blank the rep fills during the call: ``〔客户说的问题〕`` (see playbook.content.variables).
BLANK = re.compile(r"〔[^〔〕\n]{1,40}〕")


def blanks(text: str, inner: Callable[[str], Markup] = escape) -> Markup:
    """``text`` with each ``〔…〕`` blank marked (``pb-blank``), the rest through ``inner``."""
    parts: list[Markup] = []
    end = 0
    for match in BLANK.finditer(text):
        parts.append(inner(text[end : match.start()]))
        parts.append(el("span", {"class": "pb-blank"}, match.group()))
        end = match.end()
    parts.append(inner(text[end:]))
    return join(parts)


def linked(text: str) -> Markup:
    """Text of the page being generated, with glossary terms linked (first use per page) and
    the rep's blanks marked."""
    linker = _linker.get()
    return blanks(text, linker if linker is not None else escape)


def md(text: str) -> str:
    """Plain text made safe inside a Markdown heading: it shows as written."""
    return safe.heading(text)


def md_field(text: str) -> str:
    """A field a manager writes as Markdown (an ``intro``, a stage's ``description``): its
    Markdown kept, raw HTML shown as text, script links and attributes dropped."""
    return safe.markdown(text)


# --- page parts ----------------------------------------------------------------------------


def front_matter(meta: dict[str, object], title: str) -> str:
    review = meta.get("review_by")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if meta.get("owner"):
        lines.append(f"owner: {json.dumps(str(meta['owner']), ensure_ascii=False)}")
    if isinstance(review, dt.date) and review != dt.date.max:
        lines.append(f"review_by: {review.isoformat()}")
    if meta.get("path"):
        lines.append(f"generated_from: {json.dumps(str(meta['path']), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def tracks_meta(content: Content) -> dict[str, object]:
    """Front matter of the pages that collect every talk track: the first track's owner and the
    earliest review date."""
    return {
        "owner": next((tr.owner for tr in content.talk_tracks.values()), ""),
        "review_by": min(
            (tr.review_by for tr in content.talk_tracks.values()), default=dt.date.max
        ),
    }


def html_block(markup: Markup) -> str:
    """A raw HTML block for Markdown: blank lines around, no blank line inside."""
    return "\n" + str(markup).replace("\n\n", "\n") + "\n\n"


def definition_list(rows: Sequence[tuple[str, object]]) -> Markup:
    return el(
        "dl",
        {"class": "pb-facts"},
        [[el("dt", None, label), el("dd", None, value)] for label, value in rows if value],
    )


def checklist(items: Iterable[str], name: str) -> Markup:
    return el(
        "ul",
        {"class": "pb-checklist", "data-checklist": name},
        [
            el("li", None, el("label", None, el("input", {"type": "checkbox"}), " ", item))
            for item in items
        ],
    )


def copyable(text: str, lang: str) -> Markup:
    """A line a rep reads aloud, with a copy button (hidden until the page script runs)."""
    return el(
        "span",
        {"class": "pb-say"},
        el("span", {"class": "pb-say__text"}, linked(text)),
        el(
            "button",
            {
                "type": "button",
                "class": "pb-copy",
                "hidden": True,
                "data-done": t("copy.done", lang),
                "aria-label": t("copy.label", lang),
            },
            t("copy", lang),
        ),
    )
