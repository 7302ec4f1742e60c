"""Objection cards (on their talk track's page and in the library) and the objection library,
filterable by stage."""

from __future__ import annotations

from calculators.html import Markup, el
from playbook.content.model import Content, Objection
from playbook.messages import t
from playbook.render.pages.common import (
    OBJECTIONS_PAGE,
    copyable,
    definition_list,
    front_matter,
    html_block,
    linked,
    md,
    rel,
    track_page,
    tracks_meta,
)

__all__ = ["objection_card", "render_objections"]


def objection_card(
    o: Objection, from_page: str, content: Content, lang: str, show_track: bool, level: int = 3
) -> Markup:
    """One objection; its heading an ``h{level}`` (h2 in the library, right under the page
    title; h3 on a talk track's page, under its section)."""
    track = content.talk_tracks.get(o.track)
    stage = content.stages.get(o.stage)
    return el(
        "article",
        {"class": "pb-objection", "data-stage": o.stage},
        # The id on the heading: the site search makes each card its own result, titled with
        # the customer's words (a rep types 我再考虑考虑 and lands on the card).
        el(f"h{level}", {"id": f"objection-{o.id}"}, "“", o.objection, "”"),
        el(
            "p",
            {"class": "pb-objection__meta"},
            t("objection.stage", lang, stage=stage.name if stage else o.stage),
            [" · ", el("a", {"href": rel(from_page, track_page(o.track))}, track.title)]
            if show_track and track
            else None,
        ),
        definition_list(
            [
                (t("objection.clarify", lang), copyable(o.clarify, lang)),
                (
                    t("objection.responses", lang),
                    el("ol", None, [el("li", None, copyable(r, lang)) for r in o.responses]),
                ),
                (t("objection.proof", lang), linked(o.proof)),
                (t("objection.next_step", lang), linked(o.next_step)),
            ]
        ),
    )


def render_objections(content: Content, lang: str) -> str:
    """``talk-tracks/objections.md``."""
    title = t("objections.title", lang)
    parts = [
        front_matter(tracks_meta(content), title),
        f"# {md(title)}\n\n",
        t("objections.intro", lang),
        "\n\n",
    ]
    objections = content.objections()
    stage_ids = [
        s.id for s in content.stages_in_order() if any(o.stage == s.id for o in objections)
    ]
    filters = el(
        "div",
        {
            "class": "pb-filter",
            "role": "group",
            "aria-label": t("objections.filter", lang),
            "hidden": True,
        },
        el(
            "button",
            {"type": "button", "data-filter": "", "aria-pressed": "true"},
            t("objections.all", lang),
        ),
        [
            el(
                "button",
                {"type": "button", "data-filter": sid, "aria-pressed": "false"},
                content.stages[sid].name,
            )
            for sid in stage_ids
        ],
    )
    parts.append(html_block(filters))
    parts.append(
        html_block(
            el(
                "div",
                {"class": "pb-objections", "data-filterable": True},
                [
                    objection_card(o, OBJECTIONS_PAGE, content, lang, True, level=2)
                    for o in objections
                ],
            )
        )
    )
    return "".join(parts)
