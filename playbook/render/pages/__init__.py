"""Pages generated from the structured content: KPI dictionary, process, talk tracks, objection
library, glossary.

Each page is Markdown (so MkDocs builds its table of contents and search index as for any
page) whose structured parts are HTML blocks built through :mod:`calculators.html`: content
never reaches a page unescaped. KPIs get a live calculator through the ordinary calculator fence.

One module per page kind (:mod:`.kpis`, :mod:`.process`, :mod:`.tracks`, :mod:`.objections`,
:mod:`.glossary`); what they share (paths, links, front matter, HTML blocks) is in
:mod:`.common`, their labels in :mod:`.texts`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from playbook.content.model import Content
from playbook.markdown.glossary import TextLinker
from playbook.render.pages.common import (
    GLOSSARY_PAGE,
    KPI_PAGE,
    OBJECTIONS_PAGE,
    PAGES,
    PROCESS_PAGE,
    TRACKS_PAGE,
    kpi_anchor,
    linking,
    page_for,
    stage_page,
    track_page,
)
from playbook.render.pages.glossary import glossary_links, render_glossary, url_links
from playbook.render.pages.kpis import render_kpis
from playbook.render.pages.objections import render_objections
from playbook.render.pages.process import render_process, render_stage
from playbook.render.pages.tracks import render_track, render_tracks_index

__all__ = ["PAGES", "generate_pages", "glossary_links", "kpi_anchor", "page_for"]


def generate_pages(content: Content, lang: str = "zh") -> dict[str, str]:
    """Docs-relative path → Markdown source of every generated page."""
    makers: list[tuple[str, Callable[[], str]]] = []
    if content.kpis:
        makers.append((KPI_PAGE, partial(render_kpis, content, lang)))
    if content.stages:
        makers.append((PROCESS_PAGE, partial(render_process, content, lang)))
        for stage in content.stages_in_order():
            makers.append((stage_page(stage.id), partial(render_stage, stage, content, lang)))
    if content.talk_tracks:
        makers.append((TRACKS_PAGE, partial(render_tracks_index, content, lang)))
        makers.append((OBJECTIONS_PAGE, partial(render_objections, content, lang)))
        for track in content.talk_tracks.values():
            makers.append((track_page(track.id), partial(render_track, track, content, lang)))
    if content.glossary:
        makers.append((GLOSSARY_PAGE, partial(render_glossary, content, lang)))
    pages: dict[str, str] = {}
    for path, make in makers:
        with linking(TextLinker(url_links(content, path))):
            pages[path] = make()
    return pages
