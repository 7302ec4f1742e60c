"""The result panel of the target breakdown calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import floor

from .. import charts
from ..html import Markup, el, join
from ..messages import t
from ..money import (
    CONTEXT,
    format_money,
    format_number,
    format_percent,
)
from ..render import Cell, conventions, exact, explain, given, headline, result_panel, table
from .maths import MONTHS
from .result import HEADLINE, TargetBreakdownResult


def _places(result: TargetBreakdownResult) -> int:
    """Decimals to show: none when the step is whole yuan, otherwise cents."""
    step = Decimal(result["round_to"])
    return 0 if step == step.to_integral_value() else 2


def _amount(text: str, places: int) -> str:
    return format_number(Decimal(text), places)


def _cell(text: str, places: int) -> Cell:
    return (_amount(text, places), text)


def _approx(value: Decimal) -> str:
    """An exact share as text: exact when it has at most 6 decimals, else ≈ to 6 decimals."""
    shown = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return format_number(value) if shown == value else "≈ " + format_number(shown)


def _pct(text: str) -> str:
    return format_percent(Decimal(text))


def _month(index: int, lang: str) -> str:
    return t("target_breakdown.month", lang, month=index + 1)


def _cards(result: TargetBreakdownResult, lang: str) -> Markup:
    items = [
        ("total", result["total"], format_money(Decimal(result["total"]))),
        ("target", result["target"], format_money(Decimal(result["target"]))),
        ("daily_year", result["daily_year"], format_money(Decimal(result["daily_year"]))),
    ]
    if result["growth_rate"] is not None:
        items.append(("growth_rate", result["growth_rate"], _pct(given(result["growth_rate"]))))
    if result["base"] is not None:
        items.append(("base", result["base"], format_money(Decimal(result["base"]))))
    if result["funnel"] is not None:
        deals, opportunities = given(result["deals"]), given(result["opportunities"])
        items.append(("deals", str(deals), format_number(Decimal(deals))))
        items.append(("opportunities", str(opportunities), format_number(Decimal(opportunities))))
        pipeline = given(result["pipeline"])
        items.append(("pipeline", pipeline, format_money(Decimal(pipeline))))
    if result["commitment_gap"] is not None:
        gap = result["commitment_gap"]
        items.append(("commitment_gap", gap, format_money(Decimal(gap))))
    return headline(
        [
            (name, t(f"target_breakdown.out.{name}", lang), value, shown)
            for name, value, shown in items
        ],
        declared=HEADLINE,
    )


def _warning(result: TargetBreakdownResult, lang: str) -> Markup | None:
    check = result["growth_check"]
    if check is None or not check["stretch"]:
        return None
    return el(
        "div",
        {"class": "admonition warning pb-warning", "role": "note"},
        el("p", {"class": "admonition-title"}, t("target_breakdown.warning.title", lang)),
        el(
            "p",
            None,
            t(
                "target_breakdown.warning.growth",
                lang,
                growth=_pct(given(result["growth_rate"])),
                market=_pct(check["market_growth"]),
                gain=_pct(check["share_gain"]),
            ),
        ),
    )


def _cells_table(result: TargetBreakdownResult, lang: str, places: int) -> Markup:
    head = [t("target_breakdown.col.unit", lang)]
    head += [_month(j, lang) for j in range(MONTHS)] + [t("target_breakdown.col.total", lang)]
    rows: list[list[Cell]] = [
        [unit["name"], *(_cell(v, places) for v in unit["months"]), _cell(unit["total"], places)]
        for unit in result["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            *(_cell(v, places) for v in result["months"]),
            _cell(result["total"], places),
        ]
    )
    return table(t("target_breakdown.table.cells", lang), head, rows, export=True)


def _quarter_table(result: TargetBreakdownResult, lang: str, places: int) -> Markup:
    head = [t("target_breakdown.col.unit", lang)]
    head += [t("target_breakdown.quarter", lang, quarter=q + 1) for q in range(4)]
    head.append(t("target_breakdown.col.total", lang))
    rows: list[list[Cell]] = [
        [unit["name"], *(_cell(v, places) for v in unit["quarters"]), _cell(unit["total"], places)]
        for unit in result["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            *(_cell(v, places) for v in result["quarters"]),
            _cell(result["total"], places),
        ]
    )
    return table(t("target_breakdown.table.quarters", lang), head, rows)


def _month_table(result: TargetBreakdownResult, lang: str, places: int) -> Markup:
    columns = ("month", "weight", "share", "target", "days", "daily")
    rows: list[list[Cell]] = []
    for j in range(MONTHS):
        rows.append(
            [
                _month(j, lang),
                (format_number(Decimal(result["month_weights"][j])), result["month_weights"][j]),
                (_pct(result["month_shares"][j]), result["month_shares"][j]),
                _cell(result["months"][j], places),
                (format_number(Decimal(result["working_days"][j])), result["working_days"][j]),
                _cell(result["daily"][j], 2),
            ]
        )
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            "",
            "",
            _cell(result["total"], places),
            (format_number(Decimal(result["year_days"])), result["year_days"]),
            _cell(result["daily_year"], 2),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.months", lang), head, rows)


def _reconciliation_table(result: TargetBreakdownResult, lang: str, places: int) -> Markup | None:
    data = result["reconciliation"]
    if data is None:
        return None
    columns = ("unit", "commitment", "top_down", "gap", "coverage")

    def coverage(value: str | None) -> Cell:
        return (_pct(value), value) if value is not None else ""

    rows: list[list[Cell]] = [
        [
            row["name"],
            _cell(row["commitment"], 2),
            _cell(row["top_down"], places),
            _cell(row["gap"], 2),
            coverage(row["coverage"]),
        ]
        for row in data["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            _cell(data["commitment"], 2),
            _cell(data["top_down"], places),
            _cell(data["gap"], 2),
            coverage(data["coverage"]),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.reconciliation", lang), head, rows)


def _funnel_table(result: TargetBreakdownResult, lang: str, places: int) -> Markup | None:
    data = result["funnel"]
    if data is None:
        return None
    columns = ("unit", "target", "deals", "opportunities", "pipeline")
    rows: list[list[Cell]] = [
        [
            row["name"],
            _cell(row["total"], places),
            str(row["deals"]),
            str(row["opportunities"]),
            _cell(row["pipeline"], 2),
        ]
        for row in data["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            _cell(result["total"], places),
            str(data["deals"]),
            str(data["opportunities"]),
            _cell(data["pipeline"], 2),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.funnel", lang), head, rows)


def _target_lines(result: TargetBreakdownResult, lang: str) -> list[str]:
    def money(value: str | None) -> str:
        return format_money(exact(value))

    how = result["target_source"]
    if how == "growth":
        return [
            t(
                "target_breakdown.explain.target.growth",
                lang,
                base=money(result["base"]),
                growth=_pct(given(result["growth_rate"])),
                target=money(result["target"]),
            )
        ]
    lines = [t("target_breakdown.explain.target.given", lang, target=money(result["target"]))]
    if how == "implied_base":
        lines.append(
            t(
                "target_breakdown.explain.base.implied",
                lang,
                target=money(result["target"]),
                growth=_pct(given(result["growth_rate"])),
                base=money(result["base"]),
            )
        )
    elif how == "implied_growth":
        lines.append(
            t(
                "target_breakdown.explain.growth.implied",
                lang,
                target=money(result["target"]),
                base=money(result["base"]),
                growth=_pct(given(result["growth_rate"])),
            )
        )
    return lines


def _split_lines(result: TargetBreakdownResult, lang: str, places: int) -> list[str]:
    total = Decimal(result["total"])
    shown_total = format_money(total)
    step = format_number(Decimal(result["round_to"]))
    weights = [Decimal(w) for w in result["month_weights"]]
    with localcontext(CONTEXT):
        month_sum = sum(weights, Decimal(0))
        unit_weights = [Decimal(unit["weight"]) for unit in result["units"]]
        unit_sum = sum(unit_weights, Decimal(0))
        first_month = next(j for j, w in enumerate(weights) if w)
        first_unit = next(i for i, w in enumerate(unit_weights) if w)
        unit = result["units"][first_unit]
        month_exact = total * weights[first_month] / month_sum
        unit_exact = total * unit_weights[first_unit] / unit_sum
        cell_exact = unit_exact * weights[first_month] / month_sum
        steps = Fraction(total) / Fraction(Decimal(result["round_to"]))
        left = steps - sum(floor(steps * Fraction(w) / Fraction(month_sum)) for w in weights)
    month_name = _month(first_month, lang)
    lines = [
        t(
            "target_breakdown.explain.month",
            lang,
            month=month_name,
            total=shown_total,
            weight=format_number(weights[first_month]),
            weights=format_number(month_sum),
            exact=_approx(month_exact),
            value=_amount(result["months"][first_month], places),
        ),
        t("target_breakdown.explain.remainder", lang, step=step, left=left),
        t(
            "target_breakdown.explain.unit",
            lang,
            unit=unit["name"],
            total=shown_total,
            weight=format_number(unit_weights[first_unit]),
            weights=format_number(unit_sum),
            exact=_approx(unit_exact),
            value=_amount(unit["total"], places),
        ),
        t(
            "target_breakdown.explain.cell",
            lang,
            unit=unit["name"],
            month=month_name,
            total=shown_total,
            unit_share=_pct(unit["share"]),
            month_share=_pct(result["month_shares"][first_month]),
            exact=_approx(cell_exact),
            value=_amount(unit["months"][first_month], places),
        ),
        t(
            "target_breakdown.explain.quarter",
            lang,
            parts=" + ".join(_amount(v, places) for v in result["months"][:3]),
            value=_amount(result["quarters"][0], places),
        ),
        t(
            "target_breakdown.explain.daily",
            lang,
            total=shown_total,
            days=format_number(Decimal(result["year_days"])),
            daily=format_money(Decimal(result["daily_year"])),
        ),
    ]
    return lines


def _explain_lines(result: TargetBreakdownResult, lang: str, places: int) -> list[str]:
    lines = _target_lines(result, lang)
    lines.append(
        t(
            "target_breakdown.explain.assigned",
            lang,
            target=format_money(Decimal(result["target"])),
            over=_pct(result["over_assign"]),
            exact=format_number(Decimal(result["assigned_exact"])),
            step=format_number(Decimal(result["round_to"])),
            total=format_money(Decimal(result["total"])),
            factor=_pct(result["attainment_factor"]),
        )
    )
    lines += _split_lines(result, lang, places)
    check = result["growth_check"]
    if check is not None:
        lines.append(
            t(
                "target_breakdown.explain.growth_check",
                lang,
                growth=_pct(given(result["growth_rate"])),
                market=_pct(check["market_growth"]),
                gain=_pct(check["share_gain"]),
                limit=_pct(check["limit"]),
            )
        )
    funnel = result["funnel"]
    if funnel is not None:
        row = next((r for r in funnel["units"] if Decimal(r["total"])), funnel["units"][0])
        lines.append(
            t(
                "target_breakdown.explain.funnel",
                lang,
                unit=row["name"],
                total=format_money(Decimal(row["total"])),
                deal=format_money(Decimal(funnel["avg_deal_size"])),
                deals=row["deals"],
                win=_pct(funnel["win_rate"]),
                opportunities=row["opportunities"],
                pipeline=format_money(Decimal(row["pipeline"])),
            )
        )
    data = result["reconciliation"]
    if data is not None:
        lines.append(
            t(
                "target_breakdown.explain.reconciliation",
                lang,
                commitment=format_money(Decimal(data["commitment"])),
                top_down=format_money(Decimal(data["top_down"])),
                gap=format_money(Decimal(data["gap"])),
            )
        )
    return lines


def render(result: TargetBreakdownResult, lang: str) -> Markup:
    """The result panel: headline figures, the unit × month table first (it is what the page's
    copy and CSV buttons export), charts, the other tables, the math and the conventions."""
    places = _places(result)
    month_chart = charts.bar_chart(
        title=t("target_breakdown.chart.months", lang),
        labels=[_month(j, lang) for j in range(MONTHS)],
        values=[Decimal(v) for v in result["months"]],
        lang=lang,
    )
    unit_chart = (
        charts.bar_chart(
            title=t("target_breakdown.chart.units", lang),
            labels=[unit["name"] for unit in result["units"]],
            values=[Decimal(unit["total"]) for unit in result["units"]],
            lang=lang,
        )
        if len(result["units"]) > 1
        else None
    )
    notes = [
        t("target_breakdown.convention.total", lang),
        t("target_breakdown.convention.remainder", lang),
        t("target_breakdown.convention.cells", lang),
        t("target_breakdown.convention.days", lang),
    ]
    if result["funnel"] is not None:
        notes.append(t("target_breakdown.convention.funnel", lang))
    if result["growth_check"] is not None:
        notes.append(t("target_breakdown.convention.growth", lang))
    if result["reconciliation"] is not None:
        notes.append(t("target_breakdown.convention.reconciliation", lang))
    notes.append(t("result.rounding", lang))
    body = [
        _warning(result, lang),
        _cells_table(result, lang, places),
        month_chart,
        unit_chart,
        _quarter_table(result, lang, places),
        _month_table(result, lang, places),
        _reconciliation_table(result, lang, places),
        _funnel_table(result, lang, places),
        explain(_explain_lines(result, lang, places), lang),
        conventions(notes, lang),
    ]
    return result_panel(_cards(result, lang), join(part for part in body if part is not None), lang)
