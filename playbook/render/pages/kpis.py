"""The KPI dictionary: an index table, then one section per KPI with its facts and a live
calculator (the ordinary calculator fence) preset with the worked example."""

from __future__ import annotations

import json
from decimal import Decimal

from calculators.formula import FormulaError
from calculators.formula import parse as parse_formula
from calculators.html import Markup, el, join
from calculators.money import format_by_unit, quantize_rate
from playbook.content.model import KPI, Content
from playbook.messages import t
from playbook.render.pages.common import (
    definition_list,
    front_matter,
    html_block,
    kpi_anchor,
    linked,
    md,
    md_field,
)

__all__ = ["render_kpis"]


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


def _kpi_index(content: Content, lang: str) -> Markup:
    head = [
        t(k, lang)
        for k in ("kpis.name", "kpis.unit", "kpis.direction", "kpis.frequency", "kpis.owner")
    ]
    rows = []
    for kpi in content.kpis.values():
        rows.append(
            el(
                "tr",
                None,
                el("td", None, el("a", {"href": f"#{kpi_anchor(kpi.id)}"}, kpi.name)),
                el("td", None, t(f"unit_name.{kpi.unit}", lang)),
                el("td", None, t(f"direction.{kpi.direction}", lang)),
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
    return t(key, lang, green=green, amber=amber)


def _kpi_section(kpi: KPI, content: Content, lang: str) -> str:
    related = join(
        [
            el("a", {"href": f"#{kpi_anchor(other)}"}, content.kpis[other].name)
            for other in kpi.related
            if other in content.kpis
        ],
        "、",
    )
    facts = definition_list(
        [
            (t("kpis.definition", lang), linked(kpi.definition)),
            (t("kpis.formula", lang), el("code", None, kpi.formula)),
            (t("kpis.unit", lang), t(f"unit_name.{kpi.unit}", lang)),
            (t("kpis.direction", lang), t(f"direction.{kpi.direction}", lang)),
            (t("kpis.frequency", lang), kpi.frequency),
            (t("kpis.owner", lang), kpi.owner),
            (t("kpis.data_source", lang), kpi.data_source),
            (t("kpis.thresholds", lang), _thresholds(kpi, lang)),
            (
                t("kpis.example", lang),
                t(
                    "kpis.example_text",
                    lang,
                    values="，".join(f"{k} = {v}" for k, v in kpi.example_inputs.items()),
                    result=_value(_example_value(kpi), kpi.unit, lang),
                ),
            ),
            (t("kpis.related", lang), related),
            (t("kpis.note", lang), linked(kpi.note)),
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
    heading = f"## {md(title)} {{#{kpi_anchor(kpi.id)}}}\n" + html_block(facts)
    if not kpi.live:
        return heading + "\n"
    return (
        heading
        + f'??? example "{t("kpis.try", lang)}"\n\n'
        + "\n".join("    " + line for line in fence.splitlines())
        + "\n\n"
    )


def render_kpis(content: Content, lang: str) -> str:
    """``kpis/index.md``."""
    meta = content.meta.get("kpis", {})
    title = t("kpis.title", lang)
    parts = [front_matter(meta, title), f"# {md(title)}\n\n"]
    if meta.get("intro"):
        parts.append(md_field(str(meta["intro"])) + "\n\n")
    parts.append(html_block(_kpi_index(content, lang)))
    parts += [_kpi_section(kpi, content, lang) for kpi in content.kpis.values()]
    return "".join(parts)
