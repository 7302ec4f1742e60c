"""The result panel of the discount calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import svg
from ..html import Markup, join
from ..messages import t
from ..money import (
    format_money,
    format_number,
    format_percent,
)
from ..render import conventions, exact, explain, given, headline, result_panel, table
from .result import HEADLINE, DiscountResult

_CHART_WIDTH = 560
_ROW_HEIGHT = 26
_LABEL_WIDTH = 150
_VALUE_WIDTH = 120


def volume_chart(
    *, title: str, rows: list[tuple[str, Decimal | None, bool]], never: str, lang: str
) -> Markup:
    """Horizontal bars of the extra volume needed per discount (None: cannot be made up).

    The deal's own row is marked; the chart has a title and a text description for AT.
    """
    finite = [value for _, value, _ in rows if value is not None]
    top = max([*finite, Decimal(0)]) or Decimal(1)
    width_of = svg.Scale(
        Decimal(0), top, Decimal(0), Decimal(_CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH)
    )
    shown = [
        (label, format_percent(v) if v is not None else never, v, mine) for label, v, mine in rows
    ]
    parts: list[Markup] = []
    for index, (label, text, value, mine) in enumerate(shown):
        y = Decimal(4 + _ROW_HEIGHT * index)
        width = Decimal(0) if value is None else width_of(value)
        parts.append(svg.text(_LABEL_WIDTH - 8, y + 17, label, cls="pb-chart__label", anchor="end"))
        classes = "pb-chart__bar" + (" pb-chart__bar--neg" if value is None else "")
        parts.append(
            svg.bar(
                _LABEL_WIDTH,
                y + 4,
                width,
                _ROW_HEIGHT - 8,
                cls=classes + (" pb-chart__bar--current" if mine else ""),
                tooltip=f"{label}: {text}",
            )
        )
        parts.append(
            svg.text(
                _LABEL_WIDTH + width + 6,
                y + 17,
                text,
                cls="pb-chart__axis",
                **{"font-weight": "bold" if mine else None},
            )
        )
    return svg.frame(
        title=title,
        description="; ".join(f"{label}: {text}" for label, text, _, _ in shown),
        width=_CHART_WIDTH,
        height=_ROW_HEIGHT * len(rows) + 8,
        parts=parts,
    )


def _extra_text(result: DiscountResult, lang: str) -> str:
    if result["extra_volume"] is None:
        return t(f"discount.status.{result['status']}", lang)
    return format_percent(Decimal(result["extra_volume"]))


def _approver_text(approver: str | None, lang: str) -> str:
    return approver if approver is not None else t("discount.beyond_policy", lang)


def _explain_lines(result: DiscountResult, lang: str) -> list[str]:
    dec = exact
    inputs = result["inputs"]
    m = format_percent(dec(inputs["gross_margin"]))
    d = format_percent(dec(inputs["discount"]))
    lines = [
        t(
            "discount.explain.new_margin",
            lang,
            m=m,
            d=d,
            new=format_percent(dec(result["new_margin"])),
        )
    ]
    status = result["status"]
    if status == "ok":
        lines.append(
            t(
                "discount.explain.extra_volume",
                lang,
                m=m,
                d=d,
                extra=format_percent(dec(result["extra_volume"])),
                factor=format_number(dec(result["volume_factor"]), 2),
            )
        )
    elif status == "no_discount":
        lines.append(t("discount.explain.no_discount", lang))
    else:
        lines.append(t(f"discount.explain.{status}", lang, m=m, d=d))
    money = result if inputs["list_price"] is not None else None
    if money is not None:
        price = format_money(dec(inputs["list_price"]))
        quantity = format_number(dec(money["quantity"]))
        lines.append(
            t(
                "discount.explain.money",
                lang,
                price=price,
                quantity=quantity,
                m=m,
                d=d,
                gp_before=format_money(dec(money["gross_profit_before"])),
                discount_amount=format_money(dec(money["discount_amount"])),
                gp_after=format_money(dec(money["gross_profit_after"])),
            )
        )
        if money["revenue_needed"] is not None and status == "ok":
            lines.append(
                t(
                    "discount.explain.needed",
                    lang,
                    quantity=quantity,
                    m=m,
                    d=d,
                    needed=format_number(dec(money["quantity_needed"])),
                    units=money["units_needed"],
                    unit_price=format_money(dec(money["unit_price_after"])),
                    revenue=format_money(dec(money["revenue_needed"])),
                )
            )
    levels = inputs["approval_levels"]
    if result["approval_level"] is not None:
        level = result["approval_level"]
        lines.append(
            t(
                "discount.explain.approval",
                lang,
                d=d,
                level=level,
                max=format_percent(dec(levels[level - 1]["max_discount"])),
                approver=result["approver"],
            )
        )
    else:
        lines.append(
            t(
                "discount.explain.beyond",
                lang,
                d=d,
                max=format_percent(dec(levels[-1]["max_discount"])),
            )
        )
    return lines


def _money_table(result: DiscountResult, lang: str) -> Markup:
    dec = exact
    money = result
    margin_before = dec(result["inputs"]["gross_margin"])
    new_margin = dec(result["new_margin"])
    needed = money["revenue_needed"] is not None
    gp_before = format_money(dec(money["gross_profit_before"]))

    def cash(value: str | None) -> str:
        return "—" if value is None else format_money(dec(value))

    rows = [
        [
            t("discount.row.quantity", lang),
            format_number(dec(money["quantity"])),
            format_number(dec(money["quantity"])),
            format_number(dec(money["quantity_needed"])) if needed else "—",
        ],
        [
            t("discount.row.revenue", lang),
            cash(money["revenue_before"]),
            cash(money["revenue_after"]),
            cash(money["revenue_needed"]),
        ],
        [
            t("discount.row.cost", lang),
            cash(money["cost"]),
            cash(money["cost"]),
            cash(money["cost_needed"]),
        ],
        [
            t("discount.row.gross_profit", lang),
            gp_before,
            cash(money["gross_profit_after"]),
            gp_before if needed else "—",
        ],
        [
            t("discount.row.margin", lang),
            format_percent(margin_before),
            format_percent(new_margin),
            format_percent(new_margin) if needed else "—",
        ],
    ]
    return table(
        t("discount.money.caption", lang),
        [t(f"discount.col.{c}", lang) for c in ("item", "before", "after", "needed")],
        rows,
        numeric_from=1,
        export=True,
    )


def render(result: DiscountResult, lang: str) -> Markup:
    """The result panel: headline outputs, explanation, chart, tables and conventions."""
    dec = exact
    outputs = [
        ("new_margin", result["new_margin"], format_percent(dec(result["new_margin"]))),
        ("extra_volume", result["extra_volume"] or "", _extra_text(result, lang)),
        ("approver", result["approver"] or "", _approver_text(result["approver"], lang)),
    ]
    money = result if result["inputs"]["list_price"] is not None else None
    if money is not None:
        outputs.append(
            (
                "gross_profit_after",
                given(money["gross_profit_after"]),
                format_money(dec(money["gross_profit_after"])),
            )
        )
        if money["revenue_needed"] is not None:
            outputs.append(
                (
                    "revenue_needed",
                    given(money["revenue_needed"]),
                    format_money(dec(money["revenue_needed"])),
                )
            )
    cards = headline(
        [(name, t(f"discount.out.{name}", lang), value, shown) for name, value, shown in outputs],
        declared=HEADLINE,
    )
    never = t("discount.chart.never", lang)
    labels = []
    body = []
    for row in result["by_level"]:
        shown_discount = format_percent(dec(row["discount"]))
        label = (
            t("discount.row.current", lang, d=shown_discount) if row["current"] else shown_discount
        )
        labels.append(
            (
                label,
                dec(row["extra_volume"]) if row["extra_volume"] is not None else None,
                row["current"],
            )
        )
        body.append(
            [
                label,
                format_percent(dec(row["new_margin"])),
                format_percent(dec(row["extra_volume"]))
                if row["extra_volume"] is not None
                else never,
                _approver_text(row["approver"], lang),
            ]
        )
    levels_table = table(
        t("discount.table.caption", lang),
        [
            t(f"discount.col.{c}", lang)
            for c in ("discount", "new_margin", "extra_volume", "approver")
        ],
        body,
        numeric_from=1,
        export=money is None,  # with a deal in money, its table is the one to export
    )
    chart = volume_chart(title=t("discount.chart.title", lang), rows=labels, never=never, lang=lang)
    notes = [
        t("discount.convention.cost", lang),
        t("discount.convention.loss", lang),
        t("discount.convention.boundary", lang),
    ]
    if money is not None:
        notes.append(t("discount.convention.money", lang))
    notes.append(t("result.rounding", lang))
    parts = [explain(_explain_lines(result, lang), lang), chart]
    if money is not None:
        parts.append(_money_table(result, lang))
    parts += [levels_table, conventions(notes, lang)]
    return result_panel(cards, join(parts), lang)
