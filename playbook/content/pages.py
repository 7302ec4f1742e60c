"""Pages generated from the structured content: KPI dictionary, process, talk tracks, glossary.

Each page is Markdown (so MkDocs builds its table of contents and search index as for any
page) whose structured parts are HTML blocks built through :mod:`calculators.html`: content
never reaches a page unescaped. KPIs get a live calculator through the ordinary calculator fence.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from decimal import Decimal
from functools import partial

import calculators
from calculators.formula import FormulaError
from calculators.formula import parse as parse_formula
from calculators.html import Markup, el, escape, join
from calculators.money import format_by_unit, format_percent, quantize_rate
from calculators.registry import REGISTRY
from playbook.content import messages as _messages  # noqa: F401  (registers the catalog)
from playbook.content.diagram import stage_flow
from playbook.content.model import KPI, Content, Objection, Stage, TalkTrack
from playbook.content.texts import TEXTS
from playbook.markdown.glossary import GlossaryLink, TextLinker

__all__ = ["PAGES", "generate_pages", "glossary_links", "kpi_anchor", "page_for"]

KPI_PAGE = "kpis/index.md"
PROCESS_PAGE = "process/index.md"
TRACKS_PAGE = "talk-tracks/index.md"
OBJECTIONS_PAGE = "talk-tracks/objections.md"
GLOSSARY_PAGE = "glossary.md"
PAGES = (KPI_PAGE, PROCESS_PAGE, TRACKS_PAGE, OBJECTIONS_PAGE, GLOSSARY_PAGE)

_linker: ContextVar[TextLinker | None] = ContextVar("_linker", default=None)


def _linked(text: str) -> Markup:
    """Text of the page being generated, with glossary terms linked (first use per page)."""
    linker = _linker.get()
    return linker(text) if linker is not None else escape(text)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _md(text: str) -> str:
    """Plain text made safe inside a Markdown heading."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _tx(key: str, lang: str, **params: object) -> str:
    zh, en = TEXTS[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


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


def _rel(from_page: str, target: str) -> str:
    """A link from one docs page to another (``a/b.md`` → ``../c/``), as MkDocs serves them."""
    path, _, anchor = target.partition("#")
    url = _url(path)
    base = _url(from_page)
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    rel = posixpath.relpath(url or ".", base_dir.rstrip("/") or ".")
    if url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


def _url(path: str) -> str:
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def _front_matter(meta: dict[str, object], title: str) -> str:
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


def _html(markup: Markup) -> str:
    """A raw HTML block for Markdown: blank lines around, no blank line inside."""
    return "\n" + str(markup).replace("\n\n", "\n") + "\n\n"


def _definition_list(rows: Sequence[tuple[str, object]]) -> Markup:
    return el(
        "dl",
        {"class": "pb-facts"},
        [[el("dt", None, label), el("dd", None, value)] for label, value in rows if value],
    )


def _checklist(items: Iterable[str], name: str) -> Markup:
    return el(
        "ul",
        {"class": "pb-checklist", "data-checklist": name},
        [
            el("li", None, el("label", None, el("input", {"type": "checkbox"}), " ", item))
            for item in items
        ],
    )


def _example_value(kpi: KPI) -> Decimal:
    """The worked example computed from the formula, as the live calculator below computes it
    (the author's rounded result was already checked against it)."""
    try:
        return quantize_rate(parse_formula(kpi.formula).evaluate(kpi.example_values))
    except FormulaError:
        return kpi.example_result


def _value(value: Decimal, unit: str, lang: str) -> str:
    """A KPI value exactly as its live calculator shows it (one formatter for both)."""
    return format_by_unit(value, unit, lang)


# --- KPI dictionary -----------------------------------------------------------------------


def _kpi_index(content: Content, lang: str) -> Markup:
    head = [
        _tx(k, lang)
        for k in ("kpi.name", "kpi.unit", "kpi.direction", "kpi.frequency", "kpi.owner")
    ]
    rows = []
    for kpi in content.kpis.values():
        rows.append(
            el(
                "tr",
                None,
                el("td", None, el("a", {"href": f"#{kpi_anchor(kpi.id)}"}, kpi.name)),
                el("td", None, _tx(f"unit.{kpi.unit}", lang)),
                el("td", None, _tx(f"direction.{kpi.direction}", lang)),
                el("td", None, kpi.frequency),
                el("td", None, kpi.owner),
            )
        )
    return el(
        "div",
        {"class": "pb-table pb-kpi-index"},
        el(
            "table",
            {"data-sortable": True},
            el("thead", None, el("tr", None, [el("th", {"scope": "col"}, h) for h in head])),
            el("tbody", None, rows),
        ),
    )


def _thresholds(kpi: KPI, lang: str) -> str:
    if kpi.thresholds is None:
        return ""
    green = _value(kpi.thresholds.green, kpi.unit, lang)
    amber = _value(kpi.thresholds.amber, kpi.unit, lang)
    key = "thresholds.higher" if kpi.direction == "higher" else "thresholds.lower"
    return _tx(key, lang, green=green, amber=amber)


def _kpi_section(kpi: KPI, content: Content, lang: str) -> str:
    related = join(
        [
            el("a", {"href": f"#{kpi_anchor(other)}"}, content.kpis[other].name)
            for other in kpi.related
            if other in content.kpis
        ],
        "、",
    )
    facts = _definition_list(
        [
            (_tx("kpi.definition", lang), _linked(kpi.definition)),
            (_tx("kpi.formula", lang), el("code", None, kpi.formula)),
            (_tx("kpi.unit", lang), _tx(f"unit.{kpi.unit}", lang)),
            (_tx("kpi.direction", lang), _tx(f"direction.{kpi.direction}", lang)),
            (_tx("kpi.frequency", lang), kpi.frequency),
            (_tx("kpi.owner", lang), kpi.owner),
            (_tx("kpi.data_source", lang), kpi.data_source),
            (_tx("kpi.thresholds", lang), _thresholds(kpi, lang)),
            (
                _tx("kpi.example", lang),
                _tx(
                    "kpi.example_text",
                    lang,
                    values="，".join(f"{k} = {v}" for k, v in kpi.example_inputs.items()),
                    result=_value(_example_value(kpi), kpi.unit, lang),
                ),
            ),
            (_tx("kpi.related", lang), related),
            (_tx("kpi.note", lang), _linked(kpi.note)),
        ]
    )
    title = kpi.name + (f"（{kpi.name_en}）" if kpi.name_en else "")
    fence = "\n".join(
        [
            "```calculator",
            "id: kpi",
            "inputs:",
            f"  formula: {json.dumps(kpi.formula, ensure_ascii=False)}",
            f"  unit: {kpi.unit}",
            *(
                [f"  percent: {json.dumps('、'.join(percent), ensure_ascii=False)}"]
                if (percent := kpi.percent_variables())
                else []
            ),
            "  values:",
            *[
                f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                for k, v in kpi.example_inputs.items()
            ],
            "```",
        ]
    )
    return (
        f"## {_md(title)} {{#{kpi_anchor(kpi.id)}}}\n"
        + _html(facts)
        + f'??? example "{_tx("kpi.try", lang)}"\n\n'
        + "\n".join("    " + line for line in fence.splitlines())
        + "\n\n"
    )


def _kpi_page(content: Content, lang: str) -> str:
    meta = content.meta.get("kpis", {})
    title = _tx("kpis.title", lang)
    parts = [_front_matter(meta, title), f"# {_md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(str(meta["intro"]) + "\n\n")
    parts.append(_html(_kpi_index(content, lang)))
    parts += [_kpi_section(kpi, content, lang) for kpi in content.kpis.values()]
    return "".join(parts)


# --- process ----------------------------------------------------------------------------


def _stage_summary(stage: Stage, from_page: str, content: Content, lang: str) -> Markup:
    return _definition_list(
        [
            (_tx("stage.goal", lang), _linked(stage.goal)),
            (_tx("stage.owner", lang), stage.owner),
            (_tx("stage.sla", lang), stage.sla),
            (_tx("stage.win_probability", lang), format_percent(stage.win_probability, 0)),
            (_tx("stage.artifacts", lang), "、".join(stage.artifacts)),
            (
                _tx("stage.kpis", lang),
                join(
                    [
                        el("a", {"href": _rel(from_page, page_for("kpi", k))}, content.kpis[k].name)
                        for k in stage.kpis
                        if k in content.kpis
                    ],
                    "、",
                ),
            ),
            (
                _tx("stage.talk_tracks", lang),
                join(
                    [
                        el(
                            "a",
                            {"href": _rel(from_page, track_page(k))},
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


def _process_page(content: Content, lang: str) -> str:
    meta = content.meta.get("stages", {})
    title = _tx("process.title", lang)
    stages = content.stages_in_order()
    parts = [_front_matter(meta, title), f"# {_md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(str(meta["intro"]) + "\n\n")
    links = {s.id: _rel(PROCESS_PAGE, stage_page(s.id)) for s in stages}
    parts.append(_html(stage_flow(stages, links, _tx("process.diagram", lang))))
    head = [
        _tx(k, lang)
        for k in ("stage.order", "stage.name", "stage.owner", "stage.sla", "stage.win_probability")
    ]
    rows = [
        el(
            "tr",
            None,
            el("td", None, str(s.order)),
            el("td", None, el("a", {"href": links[s.id]}, s.name)),
            el("td", None, s.owner),
            el("td", None, s.sla),
            el("td", {"class": "pb-num"}, format_percent(s.win_probability, 0)),
        )
        for s in stages
    ]
    parts.append(
        _html(
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


def _stage_page(stage: Stage, content: Content, lang: str) -> str:
    meta = content.meta.get("stages", {})
    page = stage_page(stage.id)
    stages = content.stages_in_order()
    index = stages.index(stage)
    parts = [
        _front_matter(meta, stage.name),
        f"# {stage.order}. {_md(stage.name)}\n\n",
    ]
    if stage.description:
        parts.append(stage.description + "\n\n")
    parts.append(_html(_stage_summary(stage, page, content, lang)))
    parts.append(f"## {_md(_tx('stage.entry', lang))}\n")
    parts.append(_html(_checklist(stage.entry, f"{stage.id}-entry")))
    parts.append(f"## {_md(_tx('stage.exit', lang))}\n")
    parts.append(_html(_checklist(stage.exit, f"{stage.id}-exit")))
    nav = []
    if index > 0:
        prev = stages[index - 1]
        nav.append(
            el(
                "a",
                {"href": _rel(page, stage_page(prev.id))},
                _tx("stage.previous", lang, name=prev.name),
            )
        )
    if index + 1 < len(stages):
        nxt = stages[index + 1]
        nav.append(
            el(
                "a",
                {"href": _rel(page, stage_page(nxt.id))},
                _tx("stage.next", lang, name=nxt.name),
            )
        )
    if nav:
        parts.append(_html(el("p", {"class": "pb-stage-nav"}, join(nav, " · "))))
    return "".join(parts)


# --- talk tracks -----------------------------------------------------------------------


def _objection_card(
    o: Objection, from_page: str, content: Content, lang: str, show_track: bool
) -> Markup:
    track = content.talk_tracks.get(o.track)
    stage = content.stages.get(o.stage)
    return el(
        "article",
        {"class": "pb-objection", "id": f"objection-{o.id}", "data-stage": o.stage},
        el("h3", None, "“", o.objection, "”"),
        el(
            "p",
            {"class": "pb-objection__meta"},
            _tx("objection.stage", lang, stage=stage.name if stage else o.stage),
            [" · ", el("a", {"href": _rel(from_page, track_page(o.track))}, track.title)]
            if show_track and track
            else None,
        ),
        _definition_list(
            [
                (_tx("objection.clarify", lang), _copyable(o.clarify, lang)),
                (
                    _tx("objection.responses", lang),
                    el("ol", None, [el("li", None, _copyable(r, lang)) for r in o.responses]),
                ),
                (_tx("objection.proof", lang), _linked(o.proof)),
                (_tx("objection.next_step", lang), _linked(o.next_step)),
            ]
        ),
    )


def _copyable(text: str, lang: str) -> Markup:
    """A line a rep reads aloud, with a copy button (hidden until the page script runs)."""
    return el(
        "span",
        {"class": "pb-say"},
        el("span", {"class": "pb-say__text"}, _linked(text)),
        el(
            "button",
            {
                "type": "button",
                "class": "pb-copy",
                "hidden": True,
                "data-done": _tx("copy.done", lang),
                "aria-label": _tx("copy.label", lang),
            },
            _tx("copy", lang),
        ),
    )


def _track_page(track: TalkTrack, content: Content, lang: str) -> str:
    page = track_page(track.id)
    stage = content.stages.get(track.stage)
    meta = {"owner": track.owner, "review_by": track.review_by, "path": track.source.path}
    parts = [_front_matter(meta, track.title), f"# {_md(track.title)}\n\n"]
    facts = _definition_list(
        [
            (_tx("track.scenario", lang), _linked(track.scenario)),
            (
                _tx("track.stage", lang),
                el("a", {"href": _rel(page, stage_page(stage.id))}, stage.name)
                if stage
                else track.stage,
            ),
            (_tx("track.goal", lang), _linked(track.goal)),
            (
                _tx("track.calculators", lang),
                join(
                    [
                        el(
                            "a",
                            {"href": _rel(page, REGISTRY[c].page)},
                            calculators.get(c).title(lang),
                        )
                        for c in track.calculators
                    ],
                    "、",
                ),
            ),
        ]
    )
    parts.append(_html(facts))
    parts.append(f"## {_md(_tx('track.steps', lang))}\n")
    steps = el(
        "ol",
        {"class": "pb-steps"},
        [
            el(
                "li",
                {"class": "pb-step"},
                el("strong", None, step.title) if step.title else None,
                _definition_list(
                    [
                        (_tx("step.say", lang), _copyable(step.say, lang)),
                        (_tx("step.ask", lang), _copyable(step.ask, lang) if step.ask else ""),
                        (_tx("step.listen", lang), _linked(step.listen)),
                    ]
                ),
            )
            for step in track.steps
        ],
    )
    parts.append(_html(steps))
    if track.tips:
        parts.append(f"## {_md(_tx('track.tips', lang))}\n")
        parts.append(_html(el("ul", None, [el("li", None, tip) for tip in track.tips])))
    if track.objections:
        parts.append(f"## {_md(_tx('track.objections', lang))}\n")
        parts.append(
            _html(join([_objection_card(o, page, content, lang, False) for o in track.objections]))
        )
    return "".join(parts)


def _tracks_index(content: Content, lang: str) -> str:
    title = _tx("tracks.title", lang)
    meta = {"owner": _first_owner(content), "review_by": _earliest_review(content)}
    parts = [_front_matter(meta, title), f"# {_md(title)}\n\n"]
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
        parts.append(f"## {_md(stage.name if stage else stage_id)}\n")
        parts.append(
            _html(
                el(
                    "ul",
                    {"class": "pb-track-list"},
                    [
                        el(
                            "li",
                            None,
                            el("a", {"href": _rel(TRACKS_PAGE, track_page(tr.id))}, tr.title),
                            " — ",
                            tr.scenario,
                        )
                        for tr in tracks
                    ],
                )
            )
        )
    parts.append(
        _html(
            el(
                "p",
                None,
                el(
                    "a", {"href": _rel(TRACKS_PAGE, OBJECTIONS_PAGE)}, _tx("objections.title", lang)
                ),
            )
        )
    )
    return "".join(parts)


def _objections_page(content: Content, lang: str) -> str:
    title = _tx("objections.title", lang)
    meta = {"owner": _first_owner(content), "review_by": _earliest_review(content)}
    parts = [
        _front_matter(meta, title),
        f"# {_md(title)}\n\n",
        _tx("objections.intro", lang),
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
            "aria-label": _tx("objections.filter", lang),
            "hidden": True,
        },
        el(
            "button",
            {"type": "button", "data-filter": "", "aria-pressed": "true"},
            _tx("objections.all", lang),
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
    parts.append(_html(filters))
    parts.append(
        _html(
            el(
                "div",
                {"class": "pb-objections", "data-filterable": True},
                [_objection_card(o, OBJECTIONS_PAGE, content, lang, True) for o in objections],
            )
        )
    )
    return "".join(parts)


def _first_owner(content: Content) -> str:
    return next((tr.owner for tr in content.talk_tracks.values()), "")


def _earliest_review(content: Content) -> dt.date:
    return min((tr.review_by for tr in content.talk_tracks.values()), default=dt.date.max)


# --- glossary ---------------------------------------------------------------------------


def _glossary_page(content: Content, lang: str) -> str:
    meta = content.meta.get("glossary", {})
    title = _tx("glossary.title", lang)
    parts = [_front_matter(meta, title), f"# {_md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(str(meta["intro"]) + "\n\n")
    # One heading per term: it is in the table of contents and gets the search title boost.
    for term in sorted(content.glossary, key=lambda g: g.term):
        parts.append(f"## {_md(term.term)} {{#{term.anchor}}}\n")
        more = (
            el("a", {"href": _rel(GLOSSARY_PAGE, term.link)}, _tx("glossary.more", lang))
            if term.link
            else None
        )
        aliases = (
            el(
                "span",
                {"class": "pb-aliases"},
                _tx("glossary.aliases", lang),
                "、".join(term.aliases),
            )
            if term.aliases
            else None
        )
        parts.append(
            _html(
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


def generate_pages(content: Content, lang: str = "zh") -> dict[str, str]:
    """Docs-relative path → Markdown source of every generated page."""
    makers: list[tuple[str, Callable[[], str]]] = []
    if content.kpis:
        makers.append((KPI_PAGE, partial(_kpi_page, content, lang)))
    if content.stages:
        makers.append((PROCESS_PAGE, partial(_process_page, content, lang)))
        for stage in content.stages_in_order():
            makers.append((stage_page(stage.id), partial(_stage_page, stage, content, lang)))
    if content.talk_tracks:
        makers.append((TRACKS_PAGE, partial(_tracks_index, content, lang)))
        makers.append((OBJECTIONS_PAGE, partial(_objections_page, content, lang)))
        for track in content.talk_tracks.values():
            makers.append((track_page(track.id), partial(_track_page, track, content, lang)))
    if content.glossary:
        makers.append((GLOSSARY_PAGE, partial(_glossary_page, content, lang)))
    pages: dict[str, str] = {}
    for path, make in makers:
        token = _linker.set(TextLinker(_url_links(content, path)))
        try:
            pages[path] = make()
        finally:
            _linker.reset(token)
    return pages


def _url_links(content: Content, page: str) -> list[GlossaryLink]:
    """Glossary links with URLs relative to ``page`` as served (for raw HTML); a term defined
    on this very page is not linked to itself."""
    if page == GLOSSARY_PAGE:
        return []
    links = []
    for term in content.glossary:
        target = term.link or f"{GLOSSARY_PAGE}#{term.anchor}"
        if target.partition("#")[0] == page:
            continue
        links.append(
            GlossaryLink(
                spellings=term.spellings(), href=_rel(page, target), definition=term.definition
            )
        )
    return links


def glossary_links(content: Content, page: str) -> list[GlossaryLink]:
    """The glossary as the linker needs it on ``page`` (docs-relative source path).

    Links point at the term's own target (e.g. the KPI definition) or its glossary entry, as
    source-relative ``.md`` paths that MkDocs checks and rewrites. The glossary page itself links
    nothing.
    """
    if page == GLOSSARY_PAGE:
        return []
    base = posixpath.dirname(page)
    links = []
    for term in content.glossary:
        target = term.link or f"{GLOSSARY_PAGE}#{term.anchor}"
        path, _, anchor = target.partition("#")
        if path == page:
            continue
        href = posixpath.relpath(path, base or ".") + (f"#{anchor}" if anchor else "")
        links.append(
            GlossaryLink(spellings=term.spellings(), href=href, definition=term.definition)
        )
    return links
