"""Talk tracks: one page per track (facts, steps with copy buttons, tips, objection cards) and
the index of tracks grouped by stage."""

from __future__ import annotations

import calculators
from calculators.html import el, join
from calculators.registry import REGISTRY
from playbook.content.model import Content, TalkTrack
from playbook.messages import t
from playbook.render.pages.common import (
    OBJECTIONS_PAGE,
    TRACKS_PAGE,
    blanks,
    copyable,
    definition_list,
    front_matter,
    html_block,
    linked,
    md,
    rel,
    stage_page,
    track_page,
    tracks_meta,
)
from playbook.render.pages.objections import objection_card

__all__ = ["render_track", "render_tracks_index"]


def render_track(track: TalkTrack, content: Content, lang: str) -> str:
    """``talk-tracks/<track id>.md``."""
    page = track_page(track.id)
    stage = content.stages.get(track.stage)
    meta = {"owner": track.owner, "review_by": track.review_by, "path": track.source.path}
    parts = [front_matter(meta, track.title), f"# {md(track.title)}\n\n"]
    facts = definition_list(
        [
            (t("track.scenario", lang), linked(track.scenario)),
            (
                t("track.stage", lang),
                el("a", {"href": rel(page, stage_page(stage.id))}, stage.name)
                if stage
                else track.stage,
            ),
            (t("track.goal", lang), linked(track.goal)),
            (
                t("track.calculators", lang),
                join(
                    [
                        el(
                            "a",
                            {"href": rel(page, REGISTRY[c].page)},
                            calculators.get(c).title(lang),
                        )
                        for c in track.calculators
                    ],
                    "、",
                ),
            ),
        ]
    )
    parts.append(html_block(facts))
    parts.append(f"## {md(t('track.steps', lang))}\n")
    steps = el(
        "ol",
        {"class": "pb-steps"},
        [
            el(
                "li",
                {"class": "pb-step"},
                el("strong", None, step.title) if step.title else None,
                definition_list(
                    [
                        (t("step.say", lang), copyable(step.say, lang)),
                        (t("step.ask", lang), copyable(step.ask, lang) if step.ask else ""),
                        (t("step.listen", lang), linked(step.listen)),
                    ]
                ),
            )
            for step in track.steps
        ],
    )
    parts.append(html_block(steps))
    if track.tips:
        parts.append(f"## {md(t('track.tips', lang))}\n")
        parts.append(
            html_block(el("ul", None, [el("li", None, blanks(tip)) for tip in track.tips]))
        )
    if track.objections:
        parts.append(f"## {md(t('track.objections', lang))}\n")
        parts.append(
            html_block(
                join([objection_card(o, page, content, lang, False) for o in track.objections])
            )
        )
    return "".join(parts)


def render_tracks_index(content: Content, lang: str) -> str:
    """``talk-tracks/index.md``: the tracks by stage, in process order."""
    title = t("tracks.title", lang)
    parts = [front_matter(tracks_meta(content), title), f"# {md(title)}\n\n"]
    by_stage: dict[str, list[TalkTrack]] = {}
    for track in content.talk_tracks.values():
        by_stage.setdefault(track.stage, []).append(track)
    order = [s.id for s in content.stages_in_order()] + sorted(
        s for s in by_stage if s not in content.stages
    )
    for stage_id in order:
        tracks = by_stage.get(stage_id)
        if not tracks:
            continue
        stage = content.stages.get(stage_id)
        parts.append(f"## {md(stage.name if stage else stage_id)}\n")
        parts.append(
            html_block(
                el(
                    "ul",
                    {"class": "pb-track-list"},
                    [
                        el(
                            "li",
                            None,
                            el("a", {"href": rel(TRACKS_PAGE, track_page(tr.id))}, tr.title),
                            " — ",
                            tr.scenario,
                        )
                        for tr in tracks
                    ],
                )
            )
        )
    parts.append(
        html_block(
            el(
                "p",
                None,
                el("a", {"href": rel(TRACKS_PAGE, OBJECTIONS_PAGE)}, t("objections.title", lang)),
            )
        )
    )
    return "".join(parts)
