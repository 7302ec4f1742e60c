"""The result panel of the scorecard calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import charts
from ..html import Markup, join
from ..messages import t
from ..money import format_number, format_percent
from ..render import conventions, explain, headline, result_panel, table
from .maths import _percent
from .result import HEADLINE, ScorecardKpi, ScorecardResult


def _number(value: str) -> str:
    return format_number(Decimal(value))


def _kpi_name(result: ScorecardResult, name: str, lang: str) -> str:
    return t(f"scorecard.preset_kpi.{name}", lang) if result["source"] == "preset" else name


def _kpi_line(result: ScorecardResult, row: ScorecardKpi, lang: str) -> str:
    dec = Decimal
    params = {
        "name": _kpi_name(result, row["name"], lang),
        "weight": _percent(dec(row["weight"])),
        "cap": _percent(dec(row["cap"])),
        "capped": _percent(dec(row["capped_ratio"])),
        "points": format_percent(dec(row["points"])),
        "target": _number(row["target"]),
        "actual": _number(row["actual"]),
    }
    if row["ratio"] is None:
        return t("scorecard.explain.zero_actual", lang, **params)
    return t(
        f"scorecard.explain.{row['direction']}", lang, ratio=_percent(dec(row["ratio"])), **params
    )


def _grade_line(result: ScorecardResult, lang: str) -> str:
    score = format_percent(Decimal(result["score"]))
    minimum = result["grade_min_score"]
    if result["grade"] is None or minimum is None:
        lowest = result["inputs"]["grades"][-1]["min_score"]
        return t("scorecard.explain.no_grade", lang, score=score, minimum=_percent(Decimal(lowest)))
    return t(
        "scorecard.explain.grade",
        lang,
        score=score,
        minimum=_percent(Decimal(minimum)),
        grade=result["grade"],
    )


def render(result: ScorecardResult, lang: str) -> Markup:
    """Score and grade, the explanation per KPI, a chart of weighted points, table, conventions."""
    dec = Decimal
    rows = result["kpis"]
    cards = headline(
        [
            (
                "score",
                t("scorecard.out.score", lang),
                result["score"],
                format_percent(dec(result["score"])),
            ),
            (
                "grade",
                t("scorecard.out.grade", lang),
                result["grade"] or "",
                result["grade"] or t("result.none", lang),
            ),
            (
                "max_score",
                t("scorecard.out.max_score", lang),
                result["max_score"],
                format_percent(dec(result["max_score"])),
            ),
        ],
        declared=HEADLINE,
    )
    lines = [_kpi_line(result, row, lang) for row in rows]
    lines.append(
        t(
            "scorecard.explain.total",
            lang,
            terms=" + ".join(format_percent(dec(row["points"])) for row in rows),
            score=format_percent(dec(result["score"])),
        )
    )
    lines.append(_grade_line(result, lang))
    columns = ["name", "direction", "weight", "target", "actual", "ratio", "cap", "capped"]
    body: list[list[str | tuple[str, str]]] = []
    for row in rows:
        ratio = row["ratio"]
        body.append(
            [
                _kpi_name(result, row["name"], lang),
                (t(f"scorecard.direction.{row['direction']}", lang), row["direction"]),
                (_percent(dec(row["weight"])), row["weight"]),
                (_number(row["target"]), row["target"]),
                (_number(row["actual"]), row["actual"]),
                (_percent(dec(ratio)), ratio)
                if ratio is not None
                else (t("scorecard.zero_actual", lang), ""),
                (_percent(dec(row["cap"])), row["cap"]),
                (_percent(dec(row["capped_ratio"])), row["capped_ratio"]),
                (format_percent(dec(row["points"])), row["points"]),
            ]
        )
    total_row: list[str | tuple[str, str]] = [t("scorecard.total", lang), "", ("100%", "1")]
    total_row += [""] * 5 + [(format_percent(dec(result["score"])), result["score"])]
    body.append(total_row)
    kpi_table = table(
        t("scorecard.table.caption", lang),
        [t(f"scorecard.col.{c}", lang) for c in (*columns, "points")],
        body,
        numeric_from=2,
        export=True,
    )
    chart = charts.bar_chart(
        title=t("scorecard.chart.title", lang),
        labels=[_kpi_name(result, row["name"], lang) for row in rows],
        values=[dec(row["points"]) * 100 for row in rows],
        lang=lang,
    )
    bands = ("，" if lang == "zh" else ", ").join(
        f"{g['grade']} ≥ {_percent(dec(g['min_score']))}" for g in result["inputs"]["grades"]
    )
    notes = [
        t("scorecard.convention.formula", lang),
        t("scorecard.convention.rounding", lang),
        t("scorecard.convention.bands", lang, bands=bands),
    ]
    if result["source"] == "preset":
        preset = t(f"scorecard.preset.{result['inputs']['preset']}", lang)
        notes.append(t("scorecard.convention.preset", lang, preset=preset))
    notes.append(t("result.rounding", lang))
    return result_panel(
        cards, join([explain(lines, lang), chart, kpi_table, conventions(notes, lang)]), lang
    )
