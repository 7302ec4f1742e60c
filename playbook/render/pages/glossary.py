"""The glossary page (one heading per term) and the glossary as the term linker needs it on
other pages."""

from __future__ import annotations

import functools
import posixpath

from calculators.html import el
from playbook.content.model import Content
from playbook.markdown.glossary import GlossaryLink
from playbook.messages import t
from playbook.render.pages.common import (
    GLOSSARY_PAGE,
    front_matter,
    html_block,
    md,
    md_field,
    rel,
)

__all__ = ["glossary_links", "render_glossary", "url_links"]


def render_glossary(content: Content, lang: str) -> str:
    """``glossary.md``."""
    meta = content.meta.get("glossary", {})
    title = t("glossary.title", lang)
    parts = [front_matter(meta, title), f"# {md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(md_field(str(meta["intro"])) + "\n\n")
    # One heading per term: it is in the table of contents and gets the search title boost.
    for term in sorted(content.glossary, key=lambda g: g.term):
        parts.append(f"## {md(term.term)} {{#{term.anchor}}}\n")
        more = (
            el("a", {"href": rel(GLOSSARY_PAGE, term.link)}, t("glossary.more", lang))
            if term.link
            else None
        )
        aliases = (
            el(
                "span",
                {"class": "pb-aliases"},
                t("glossary.aliases", lang),
                "、".join(term.aliases),
            )
            if term.aliases
            else None
        )
        parts.append(
            html_block(
                el(
                    "p",
                    {"class": "pb-definition"},
                    term.definition,
                    " " if more else None,
                    more,
                    el("br") if aliases else None,
                    aliases,
                )
            )
        )
    return "".join(parts)


def url_links(content: Content, page: str) -> list[GlossaryLink]:
    """Glossary links with URLs relative to ``page`` as served (for raw HTML); a term defined
    on this very page is not linked to itself, only marked ``defined_here`` (so no shorter
    term is linked inside it)."""
    if page == GLOSSARY_PAGE:
        return []
    links = []
    for term in content.glossary:
        target = term.link or f"{GLOSSARY_PAGE}#{term.anchor}"
        links.append(
            GlossaryLink(
                spellings=term.spellings(),
                href=rel(page, target),
                definition=term.definition,
                defined_here=target.partition("#")[0] == page,
            )
        )
    return links


def glossary_links(content: Content, page: str) -> list[GlossaryLink]:
    """The glossary as the linker needs it on ``page`` (docs-relative source path).

    Links point at the term's own target (e.g. the KPI definition) or its glossary entry, as
    source-relative ``.md`` paths that MkDocs checks and rewrites. A term defined on ``page``
    is marked ``defined_here``: not linked to itself, and no shorter term is linked inside it
    (回收期 inside 获客成本回收期 on the KPI page). The glossary page itself links nothing.
    """
    if page == GLOSSARY_PAGE:
        return []
    base = posixpath.dirname(page) or "."
    links = []
    for term in content.glossary:
        target = term.link or f"{GLOSSARY_PAGE}#{term.anchor}"
        path, _, anchor = target.partition("#")
        href = _relpath(path, base) + (f"#{anchor}" if anchor else "")
        links.append(
            GlossaryLink(
                spellings=term.spellings(),
                href=href,
                definition=term.definition,
                defined_here=path == page,
            )
        )
    return links


@functools.lru_cache(maxsize=4096)
def _relpath(path: str, base: str) -> str:
    """``posixpath.relpath``, once per target and folder (every page of a folder links the same
    terms: a build asks the same question hundreds of times)."""
    return posixpath.relpath(path, base)
