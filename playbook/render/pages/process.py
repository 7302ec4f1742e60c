"""The sales process: an overview with the flow diagram and a table of stages, then one page per
stage with its facts, entry and exit checklists and links to the neighbouring stages."""

from __future__ import annotations

from calculators.html import Markup, el, join
from calculators.money import format_percent
from playbook.content.model import Content, Stage
from playbook.messages import t
from playbook.render.pages.common import (
    PROCESS_PAGE,
    checklist,
    definition_list,
    front_matter,
    html_block,
    linked,
    md,
    md_field,
    page_for,
    rel,
    stage_page,
    track_page,
)
from playbook.render.pages.diagram import stage_flow

__all__ = ["render_process", "render_stage"]


def _dwell_limit(stage: Stage, lang: str) -> str:
    """``15 个工作日``, or ``不设`` for a stage without a 停留上限 (leads, won business)."""
    if stage.dwell_limit is None:
        return t("stage.no_dwell_limit", lang)
    return t("stage.dwell_limit_days", lang, days=stage.dwell_limit)


def _stage_summary(stage: Stage, from_page: str, content: Content, lang: str) -> Markup:
    # A stage without a 停留上限 leaves the row out (an empty value is not shown).
    dwell = _dwell_limit(stage, lang) if stage.dwell_limit is not None else ""
    return definition_list(
        [
            (t("stage.goal", lang), linked(stage.goal)),
            (t("stage.owner", lang), stage.owner),
            (t("stage.sla", lang), stage.sla),
            (t("stage.dwell_limit", lang), dwell),
            (t("stage.win_probability", lang), format_percent(stage.win_probability, 0)),
            (t("stage.artifacts", lang), "、".join(stage.artifacts)),
            (
                t("stage.kpis", lang),
                join(
                    [
                        el("a", {"href": rel(from_page, page_for("kpi", k))}, content.kpis[k].name)
                        for k in stage.kpis
                        if k in content.kpis
                    ],
                    "、",
                ),
            ),
            (
                t("stage.talk_tracks", lang),
                join(
                    [
                        el(
                            "a",
                            {"href": rel(from_page, track_page(k))},
                            content.talk_tracks[k].title,
                        )
                        for k in stage.talk_tracks
                        if k in content.talk_tracks
                    ],
                    "、",
                ),
            ),
        ]
    )


def render_process(content: Content, lang: str) -> str:
    """``process/index.md``."""
    meta = content.meta.get("stages", {})
    title = t("process.title", lang)
    stages = content.stages_in_order()
    parts = [front_matter(meta, title), f"# {md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(md_field(str(meta["intro"])) + "\n\n")
    links = {s.id: rel(PROCESS_PAGE, stage_page(s.id)) for s in stages}
    parts.append(html_block(stage_flow(stages, links, t("process.diagram", lang))))
    keys = ("stage.order", "stage.name", "stage.owner", "stage.sla", "stage.dwell_limit")
    head = [t(k, lang) for k in (*keys, "stage.win_probability")]
    rows = [
        el(
            "tr",
            None,
            el("td", None, str(s.order)),
            el("td", None, el("a", {"href": links[s.id]}, s.name)),
            el("td", None, s.owner),
            el("td", None, s.sla),
            el("td", None, _dwell_limit(s, lang)),
            el("td", {"class": "pb-num"}, format_percent(s.win_probability, 0)),
        )
        for s in stages
    ]
    parts.append(
        html_block(
            el(
                "div",
                {"class": "pb-table"},
                el(
                    "table",
                    None,
                    el(
                        "thead", None, el("tr", None, [el("th", {"scope": "col"}, h) for h in head])
                    ),
                    el("tbody", None, rows),
                ),
            )
        )
    )
    return "".join(parts)


def render_stage(stage: Stage, content: Content, lang: str) -> str:
    """``process/<stage id>.md``."""
    meta = content.meta.get("stages", {})
    page = stage_page(stage.id)
    stages = content.stages_in_order()
    index = stages.index(stage)
    parts = [
        front_matter(meta, stage.name),
        f"# {stage.order}. {md(stage.name)}\n\n",
    ]
    if stage.description:
        parts.append(md_field(stage.description) + "\n\n")
    parts.append(html_block(_stage_summary(stage, page, content, lang)))
    parts.append(f"## {md(t('stage.entry', lang))}\n")
    parts.append(html_block(checklist(stage.entry, f"{stage.id}-entry")))
    parts.append(f"## {md(t('stage.exit', lang))}\n")
    parts.append(html_block(checklist(stage.exit, f"{stage.id}-exit")))
    nav = []
    if index > 0:
        prev = stages[index - 1]
        nav.append(
            el(
                "a",
                {"href": rel(page, stage_page(prev.id))},
                t("stage.previous", lang, name=prev.name),
            )
        )
    if index + 1 < len(stages):
        nxt = stages[index + 1]
        nav.append(
            el(
                "a",
                {"href": rel(page, stage_page(nxt.id))},
                t("stage.next", lang, name=nxt.name),
            )
        )
    if nav:
        parts.append(html_block(el("p", {"class": "pb-stage-nav"}, join(nav, " · "))))
    return "".join(parts)
