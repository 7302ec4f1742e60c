"""The result panel of the kpi calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from ..formula import parse
from ..html import Markup, join
from ..messages import t
from ..money import format_by_unit, format_number
from ..render import Cell, conventions, explain, headline, result_panel, table
from .result import HEADLINE, KpiResult


def render(result: KpiResult, lang: str) -> Markup:
    unit = result["unit"]
    value = Decimal(result["value"])
    shown = format_by_unit(value, unit, lang)
    names = list(result["variables"])
    substituted = parse(result["formula"]).substitute(
        {name: format_number(Decimal(result["variables"][name])) for name in names}
    )
    cards = headline(
        [("value", t("kpi.out.value", lang), result["value"], shown)], declared=HEADLINE
    )
    rows: list[list[Cell]] = [
        [name, (format_number(Decimal(v)), v)] for name, v in result["variables"].items()
    ]
    return result_panel(
        cards,
        join(
            [
                explain(
                    [
                        t(
                            "kpi.explain",
                            lang,
                            formula=result["formula"],
                            substituted=substituted,
                            value=shown,
                        )
                    ],
                    lang,
                ),
                table(
                    t("kpi.table.caption", lang),
                    [t("kpi.col.name", lang), t("kpi.col.value", lang)],
                    rows,
                    export=True,
                ),
                conventions([t("kpi.convention", lang)], lang),
            ]
        ),
        lang,
    )
