"""The result panel of the commission calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import svg
from ..html import AttrValue, Markup, join
from ..messages import t
from ..money import (
    format_compact,
    format_money,
    format_number,
    money_str,
)
from ..render import Cell, conventions, explain, given, headline, result_panel, table
from .explain import _explain_lines
from .maths import METHODS
from .result import HEADLINE, CommissionDraw, CommissionPay, CommissionResult, CommissionTier
from .text import _method_name, _money, _money_cell, _needed_text, _pct, _rate_cell, _x_text

_WIDTH = 560
_HEIGHT = 250
_PAD_LEFT = 64
_PAD_RIGHT = 16
_PAD_TOP = 30
_PAD_BOTTOM = 30
_MIN_TICK_GAP = Decimal(44)


def payout_chart(result: CommissionResult, lang: str) -> Markup:
    """Cumulative commission over cumulative sales (or attainment), marginal solid and
    retroactive dashed, with the current position marked. Title + description for AT."""
    curve = result["curve"]
    quota = None if result["quota"] is None else Decimal(result["quota"])
    x_max = Decimal(curve["x_max"])
    lines = {m: [(Decimal(x), Decimal(y)) for x, y in curve[m]] for m in METHODS}
    top = max(y for points in lines.values() for _, y in points) or Decimal(1)
    px = svg.Scale(Decimal(0), x_max, Decimal(_PAD_LEFT), Decimal(_WIDTH - _PAD_RIGHT))
    py = svg.Scale(top, Decimal(0), Decimal(_PAD_TOP), Decimal(_HEIGHT - _PAD_BOTTOM))
    title = t(
        "commission.chart.curve" if quota is None else "commission.chart.curve_attainment", lang
    )
    method = result["method"]
    now_x = Decimal(result["cumulative_sales"])
    now_y = Decimal(result["cumulative_commission"])
    right_values = {m: {x: y for x, y in points} for m, points in lines.items()}
    stops = sorted({x for x, _ in lines["marginal"]} - {Decimal(0)})
    points_text = "; ".join(
        t(
            "commission.chart.point",
            lang,
            x=_x_text(x, quota, lang),
            marginal=format_money(right_values["marginal"][x]),
            retroactive=format_money(right_values["retroactive"][x]),
        )
        for x in stops
    )
    description = t(
        "commission.chart.desc",
        lang,
        axis=t(f"commission.chart.axis.{curve['axis']}", lang),
        points=points_text,
        current=_x_text(now_x, quota, lang),
        method=_method_name(method, lang),
        value=format_money(now_y),
    )
    baseline = py(Decimal(0))
    parts = [svg.line(_PAD_LEFT, _WIDTH - _PAD_RIGHT, baseline, baseline, class_="pb-chart__zero")]
    parts += svg.value_labels(
        ((py(value), format_compact(value, lang)) for value in (top, Decimal(0))),
        x=_PAD_LEFT - 6,
        min_gap=Decimal(0),
    )
    last_tick: Decimal | None = None
    for x in [Decimal(0), *(Decimal(row["from"]) for row in result["tiers"][1:])]:
        if x >= x_max or (last_tick is not None and px(x) - last_tick < _MIN_TICK_GAP):
            continue
        last_tick = px(x)
        parts.append(
            svg.text(
                px(x), _HEIGHT - 10, _x_text(x, quota, lang), cls="pb-chart__label", anchor="middle"
            )
        )
    styles: dict[str, dict[str, AttrValue]] = {
        "marginal": {"stroke-width": "2.5"},
        "retroactive": {"stroke-width": "2", "stroke-dasharray": "6 4", "opacity": "0.7"},
    }
    for index, name in enumerate(METHODS):
        parts.append(svg.polyline([(px(x), py(y)) for x, y in lines[name]], **styles[name]))
        legend_y = 10 + 14 * index
        parts.append(
            svg.line(
                _PAD_LEFT + 8,
                _PAD_LEFT + 36,
                legend_y,
                legend_y,
                stroke="currentColor",
                **styles[name],
            )
        )
        label = _method_name(name, lang) + (
            t("commission.selected", lang) if name == method else ""
        )
        parts.append(svg.text(_PAD_LEFT + 42, legend_y + 4, label, cls="pb-chart__label"))
    now_label = f"{t('commission.chart.now', lang)}: {_x_text(now_x, quota, lang)}, "
    parts.append(svg.mark(px(min(now_x, x_max)), py(now_y), now_label + format_money(now_y)))
    return svg.frame(
        title=title, description=description, width=_WIDTH, height=_HEIGHT, parts=parts
    )


def _range_text(row: CommissionTier, result: CommissionResult, lang: str) -> str:
    start = _money(row["from"])
    if row["to"] is None:
        text = t("commission.range.from", lang, start=start)
    else:
        text = t("commission.range.between", lang, start=start, end=_money(row["to"]))
    if result["tier_basis"] == "attainment":
        text += t("commission.range.attainment", lang, start=_pct(row["from_typed"]))
    return text


def _breakdown_table(result: CommissionResult, lang: str) -> Markup:
    body: list[list[Cell]] = []
    for row, plan in zip(result["breakdown"], result["tiers"], strict=True):
        body.append(
            [
                str(row["tier"]),
                _range_text(plan, result, lang),
                (_pct(row["rate"]), row["rate"]),
                _money_cell(row["sales"]),
                _money_cell(row["commission"]),
            ]
        )
    sales_total = sum((Decimal(row["sales"]) for row in result["breakdown"]), Decimal(0))
    body.append(
        [
            t("commission.row.total", lang),
            "",
            "",
            _money_cell(money_str(sales_total)),
            _money_cell(result["commission_before_factor"]),
        ]
    )
    if Decimal(result["discount_factor"]) != 1:
        factor = result["discount_factor"]
        body.append(
            [
                t("commission.row.factor_applied", lang, factor=_pct(factor)),
                "",
                (_pct(factor), factor),
                "",
                _money_cell(result["commission"]),
            ]
        )
    columns = ("tier", "range", "rate", "sales", "commission")
    caption = t("commission.table.breakdown", lang, method=_method_name(result["method"], lang))
    head = [t(f"commission.col.{c}", lang) for c in columns]
    return table(caption, head, body, numeric_from=2, export=True)


def _factors_table(result: CommissionResult, lang: str) -> Markup | None:
    rows = result["discount_factors"]
    if not rows:
        return None
    body: list[list[Cell]] = []
    steps = [("0", "1", False)] + [(r["above"], r["factor"], r["current"]) for r in rows]
    mine_first = result["discount"] is not None and not any(r["current"] for r in rows)
    for index, (above, factor, current) in enumerate(steps):
        if index == 0:
            step = t("commission.row.factor_first", lang, above=_pct(rows[0]["above"]))
            current = mine_first
        else:
            step = t("commission.row.factor_step", lang, above=_pct(above))
        if current:
            step = t("commission.row.factor_current", lang, step=step)
        body.append([step, (_pct(factor), factor)])
    head = [t(f"commission.col.{c}", lang) for c in ("discount_step", "factor")]
    return table(t("commission.table.factors", lang), head, body)


def _methods_table(result: CommissionResult, lang: str) -> Markup:
    figures = [result[m] for m in METHODS]

    def row(key: str, cell: Any) -> list[Cell]:
        return [t(f"commission.row.{key}", lang), *(cell(f) for f in figures)]

    rows = [
        row("commission", lambda f: _money_cell(f["commission"])),
        row("effective_rate", lambda f: _rate_cell(f["effective_rate"])),
        row("cumulative", lambda f: _money_cell(f["cumulative_commission"])),
        row("prior", lambda f: _money_cell(f["prior_commission"])),
    ]
    if result["cap"] is not None:
        rows.append(row("max", lambda f: _money_cell(f["max_commission"])))
    if result["target_commission"] is not None:
        rows.append(row("sales_needed", lambda f: _needed_text(f["sales_needed"], lang)))
    cliff = result["cliff"]
    if cliff is not None:
        rows.append(
            [
                t("commission.row.cliff", lang),
                *(
                    (
                        f"{_money(before)} → {_money(at)}",
                        jump,
                    )
                    for before, at, jump in (
                        (cliff["marginal_before"], cliff["marginal_at"], cliff["marginal_jump"]),
                        (
                            cliff["retroactive_before"],
                            cliff["retroactive_at"],
                            cliff["retroactive_jump"],
                        ),
                    )
                ),
            ]
        )
    head = [t("commission.col.measure", lang)] + [
        _method_name(m, lang) + (t("commission.selected", lang) if m == result["method"] else "")
        for m in METHODS
    ]
    return table(t("commission.table.methods", lang), head, rows)


def _deals_table(result: CommissionResult, lang: str) -> Markup:
    body: list[list[Cell]] = [
        [
            str(row["deal"]),
            _money_cell(row["amount"]),
            _money_cell(row["before"]),
            _money_cell(row["commission"]),
            _rate_cell(row["rate"]),
        ]
        for row in given(result["deal_rows"])
    ]
    body.append(
        [
            t("commission.row.total", lang),
            _money_cell(result["sales"]),
            "",
            _money_cell(result["commission"]),
            _rate_cell(result["effective_rate"]),
        ]
    )
    columns = ("deal", "amount", "before", "commission", "deal_rate")
    return table(
        t("commission.table.deals", lang), [t(f"commission.col.{c}", lang) for c in columns], body
    )


def _draw_table(draw: CommissionDraw, lang: str) -> Markup:
    keys = ("earned", "top_up", "recovery", "paid", "balance")
    body: list[list[Cell]] = [
        [
            str(row["period"]),
            *map(_money_cell, (row["earned"], row["top_up"], row["recovery"], row["paid"])),
            _money_cell(row["balance"]),
        ]
        for row in draw["periods"]
    ]
    totals = draw["totals"]
    body.append(
        [
            t("commission.row.total", lang),
            *map(
                _money_cell,
                (totals["earned"], totals["top_up"], totals["recovery"], totals["paid"]),
            ),
            _money_cell(draw["balance"]),
        ]
    )
    head = [t("commission.col.period", lang)] + [t(f"commission.col.{k}", lang) for k in keys]
    return table(t("commission.table.draw", lang), head, body)


def _pay_table(pay: CommissionPay, lang: str) -> Markup:
    rows: list[list[Cell]] = []
    if pay["base_salary"] is not None:
        rows.append([t("commission.row.base", lang), _money_cell(pay["base_salary"])])
    key = "incentive_plan" if pay["incentive_from_plan"] else "incentive"
    rows.append([t(f"commission.row.{key}", lang), _money_cell(pay["target_incentive"])])
    if pay["ote"] is not None:
        rows.append([t("commission.row.ote", lang), _money_cell(pay["ote"])])
        rows.append([t("commission.row.base_share", lang), _rate_cell(pay["base_share"])])
        rows.append([t("commission.row.incentive_share", lang), _rate_cell(pay["incentive_share"])])
    if pay["quota_to_ote"] is not None:
        ratio = pay["quota_to_ote"]
        rows.append(
            [t("commission.row.quota_to_ote", lang), (format_number(Decimal(ratio), 2), ratio)]
        )
    if pay["rate_at_target"] is not None:
        rows.append([t("commission.row.rate_at_target", lang), _rate_cell(pay["rate_at_target"])])
    rows.append([t("commission.row.payout_vs_target", lang), _rate_cell(pay["payout_vs_target"])])
    head = [t("commission.col.measure", lang), t("commission.col.value", lang)]
    return table(t("commission.table.pay", lang), head, rows)


def _cards(result: CommissionResult, lang: str) -> Markup:
    items = [
        ("commission", result["commission"], _money(result["commission"])),
        (
            "effective_rate",
            result["effective_rate"] or "",
            _rate_cell(result["effective_rate"])[0]
            if result["effective_rate"] is not None
            else t("commission.no_sales", lang),
        ),
    ]
    if result["attainment"] is not None:
        items.append(("attainment", result["attainment"], _pct(result["attainment"])))
    upcoming = result["next_tier"]
    items.append(
        (
            "to_next_tier",
            upcoming["sales_needed"] if upcoming else "",
            _money(upcoming["sales_needed"]) if upcoming else t("commission.top_tier", lang),
        )
    )
    if result["target_commission"] is not None:
        needed = result["sales_needed"]
        items.append(
            (
                "sales_needed",
                needed or "",
                _money(needed) if needed is not None else t("commission.unreachable", lang),
            )
        )
    pay = result["pay"]
    if pay is not None and pay["ote"] is not None:
        items.append(("ote", pay["ote"], _money(pay["ote"])))
    return headline(
        [(name, t(f"commission.out.{name}", lang), value, shown) for name, value, shown in items],
        declared=HEADLINE,
    )


def render(result: CommissionResult, lang: str) -> Markup:
    """The result panel: headline figures, tier breakdown, both methods, curve, explanation."""
    notes = [
        t("commission.convention.bounds", lang),
        t("commission.convention.methods", lang),
        t("commission.convention.cumulative", lang),
    ]
    if result["tier_basis"] == "attainment":
        notes.append(t("commission.convention.attainment", lang))
    if result["gate"] is not None:
        notes.append(t("commission.convention.gate", lang))
    if result["cap"] is not None:
        notes.append(t("commission.convention.cap", lang))
    if result["deal_rows"]:
        notes.append(t("commission.convention.deals", lang))
    if result["cliff"] is not None:
        notes.append(t("commission.convention.cliff", lang))
    if result["target_commission"] is not None:
        notes.append(t("commission.convention.target", lang))
    if result["draw"] is not None:
        notes.append(t("commission.convention.draw", lang))
    if result["discount_factors"]:
        notes.append(t("commission.convention.discount_factor", lang))
    notes.append(t("result.rounding", lang))
    # The tier breakdown comes first: the page's copy / CSV buttons export the first table.
    body = [
        _breakdown_table(result, lang),
        _factors_table(result, lang),
        _methods_table(result, lang),
        payout_chart(result, lang),
        _deals_table(result, lang) if result["deal_rows"] else None,
        _pay_table(result["pay"], lang) if result["pay"] is not None else None,
        _draw_table(result["draw"], lang) if result["draw"] is not None else None,
        explain(_explain_lines(result, lang), lang),
        conventions(notes, lang),
    ]
    return result_panel(_cards(result, lang), join(body), lang)
