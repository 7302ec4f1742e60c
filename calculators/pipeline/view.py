"""The result panel of the pipeline calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import svg
from ..html import Markup, el, join
from ..messages import t
from ..money import format_compact, format_money, format_number
from ..render import Cell, conventions, explain, headline, result_panel, table, warning
from ..tables.view import mapping_line
from .result import HEADLINE, PipelineMonth, PipelineResult

#: Overdue deals drawn on the page; the CSV and copied table hold them all.
SHOWN = 100

_WIDTH = 560
_HEIGHT = 230
_PAD_LEFT = 64
_PAD_RIGHT = 8
_PAD_TOP = 12
_PAD_BOTTOM = 28
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _money(value: str) -> str:
    return format_money(Decimal(value))


def _pct(value: str) -> str:
    return format_number((Decimal(value) * 100).quantize(Decimal("0.1"))) + "%"


def _times(value: str) -> str:
    return format_number(Decimal(value).quantize(Decimal("0.01"))) + "×"


def _sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def month_label(row: PipelineMonth, lang: str) -> str:
    """2026-12, or 2028-12 起 for the row holding every later month."""
    return t("pipeline.month.later", lang, month=row["month"]) if row["later"] else row["month"]


def _short_month(row: PipelineMonth, lang: str) -> str:
    month = int(row["month"].split("-")[1])
    name = f"{month}月" if lang == "zh" else _MONTHS_EN[month - 1]
    if row["later"]:
        return t("pipeline.month.later", lang, month=name)
    return name


def _chart(result: PipelineResult, lang: str) -> Markup:
    """Weighted forecast per month, a bar each, with the ± one standard deviation band as a
    whisker from low to high."""
    months = result["months"]
    if not result["deals"]:
        return Markup("")
    top = max(Decimal(m["high"]) for m in months) or Decimal(1)
    y = svg.Scale(top, Decimal(0), Decimal(_PAD_TOP), Decimal(_HEIGHT - _PAD_BOTTOM))
    slot = Decimal(_WIDTH - _PAD_LEFT - _PAD_RIGHT) / len(months)
    bar_w = min(slot * Decimal("0.6"), Decimal(48))
    every = 1 if len(months) <= 12 else 3
    parts = svg.value_labels(
        ((y(v), format_compact(v, lang)) for v in (top, Decimal(0))), x=_PAD_LEFT - 6
    )
    zero = y(Decimal(0))
    parts.append(
        svg.line(_PAD_LEFT, _WIDTH - _PAD_RIGHT, zero, zero, **{"class": "pb-chart__zero"})
    )
    for index, row in enumerate(months):
        weighted, low, high = (Decimal(row[k]) for k in ("weighted", "low", "high"))
        x = Decimal(_PAD_LEFT) + slot * index + (slot - bar_w) / 2
        tip = t(
            "pipeline.chart.tip",
            lang,
            month=month_label(row, lang),
            weighted=format_compact(weighted, lang),
            low=format_compact(low, lang),
            high=format_compact(high, lang),
            deals=row["deals"],
        )
        parts.append(
            svg.bar(x, y(weighted), bar_w, zero - y(weighted), cls="pb-chart__bar", tooltip=tip)
        )
        if high > low:
            middle = x + bar_w / 2
            cap = bar_w / 4
            whisker = {"class": "pb-chart__whisker"}
            parts.append(svg.line(middle, middle, y(low), y(high), **whisker))
            parts.append(svg.line(middle - cap, middle + cap, y(high), y(high), **whisker))
            parts.append(svg.line(middle - cap, middle + cap, y(low), y(low), **whisker))
        if index % every == 0 or row["later"]:
            parts.append(
                svg.text(
                    x + bar_w / 2,
                    _HEIGHT - 8,
                    _short_month(row, lang),
                    cls="pb-chart__label",
                    anchor="middle",
                )
            )
    description = "; ".join(
        f"{month_label(m, lang)}: {format_compact(Decimal(m['weighted']), lang)}" for m in months
    )
    return svg.frame(
        title=t("pipeline.chart.months", lang),
        description=description,
        width=_WIDTH,
        height=_HEIGHT,
        parts=parts,
    )


def _warnings(result: PipelineResult, lang: str) -> Markup | None:
    """Rows that did not read, and stages the table does not know: left out, said so."""
    blocks = []
    if result["skipped"]:
        title = t("pipeline.skipped", lang, count=result["skipped"], rows=result["rows"])
        blocks.append(warning(title, result["problems"][lang]))
    if result["unknown"]:
        rows = [
            t(
                "pipeline.unknown.row",
                lang,
                stage=row["stage"],
                deals=row["deals"],
                amount=_money(row["amount"]),
            )
            for row in result["unknown"]
        ]
        known = _sep(lang).join(s["stage"] for s in result["stages"])
        fix = t("pipeline.unknown.fix", lang, known=known)
        blocks.append(warning(t("pipeline.unknown.title", lang), rows, fix))
    return join(blocks) if blocks else None


def render(result: PipelineResult, lang: str) -> Markup:
    items = [
        ("weighted", result["weighted"], _money(result["weighted"])),
        ("period_weighted", result["period_weighted"], _money(result["period_weighted"])),
    ]
    if result["coverage"] is not None:
        items.append(("coverage", result["coverage"], _times(result["coverage"])))
    items.append(
        (
            "overdue_count",
            str(result["overdue_count"]),
            t("pipeline.count", lang, count=result["overdue_count"]),
        )
    )
    labels = {
        "weighted": t("pipeline.out.weighted", lang),
        "period_weighted": t(
            "pipeline.out.period_weighted",
            lang,
            start=result["period_start"],
            end=result["period_end"],
        ),
        "coverage": t("pipeline.out.coverage", lang),
        "overdue_count": t("pipeline.out.overdue_count", lang),
    }
    cards = headline(
        [(name, labels[name], value, shown) for name, value, shown in items], declared=HEADLINE
    )
    month_rows: list[list[Cell]] = [
        [
            month_label(m, lang),
            str(m["deals"]),
            (_money(m["amount"]), m["amount"]),
            (_money(m["weighted"]), m["weighted"]),
            (f"{_money(m['low'])} – {_money(m['high'])}", f"{m['low']}–{m['high']}"),
            str(m["overdue"]) if m["overdue"] else "",
        ]
        for m in result["months"]
    ]
    months = table(
        t("pipeline.table.months", lang),
        [
            t(f"pipeline.col.{c}", lang)
            for c in ("month", "deals", "amount", "weighted", "band", "overdue")
        ],
        month_rows,
        export=not result["overdue"],
    )
    stage_rows: list[list[Cell]] = [
        [
            s["stage"]
            + (
                t("pipeline.written_as", lang, names=_sep(lang).join(s["written_as"]))
                if s["written_as"]
                else ""
            ),
            (_pct(s["probability"]), s["probability"]),
            str(s["deals"]),
            (_money(s["amount"]), s["amount"]),
            (_money(s["weighted"]), s["weighted"]),
        ]
        for s in result["stages"]
    ]
    stages = table(
        t("pipeline.table.stages", lang),
        [
            t(f"pipeline.col.{c}", lang)
            for c in ("stage", "probability", "deals", "amount", "weighted")
        ],
        stage_rows,
    )
    overdue_rows: list[list[Cell]] = [
        [
            row["name"],
            row["stage"],
            row["close_date"],
            t("pipeline.days", lang, days=row["days"]),
            (_money(row["amount"]), row["amount"]),
            (_money(row["weighted"]), row["weighted"]),
        ]
        for row in result["overdue"]
    ]
    overdue = (
        table(
            t("pipeline.table.overdue", lang, as_of=result["as_of"]),
            [
                t(f"pipeline.col.{c}", lang)
                for c in ("name", "stage", "close_date", "late", "amount", "weighted")
            ],
            overdue_rows,
            numeric_from=3,
            export=True,
            limit=SHOWN,
        )
        if overdue_rows
        else None
    )
    more = (
        el(
            "p",
            {"class": "pb-note"},
            t("pipeline.more", lang, shown=SHOWN, count=len(overdue_rows)),
        )
        if len(overdue_rows) > SHOWN
        else None
    )
    return result_panel(
        cards,
        join(
            [
                # Which column was read as what (the form's 列对应 offers to change it).
                mapping_line(result["mapping"], lang, field="deals"),
                _warnings(result, lang),
                _chart(result, lang),
                overdue,
                more,
                months,
                stages,
                explain(_lines(result, lang), lang),
                conventions(
                    [
                        t(f"pipeline.convention.{key}", lang)
                        for key in ("weighted", "band", "overdue", "stages", "rounding")
                    ],
                    lang,
                ),
            ]
        ),
        lang,
    )


def _lines(result: PipelineResult, lang: str) -> list[str]:
    closed = result["closed"]
    lines = [
        t(
            "pipeline.explain.data",
            lang,
            rows=result["rows"],
            deals=result["deals"],
            as_of=result["as_of"],
        ),
        *result["notes"][lang],
    ]
    if closed["won"]["deals"] or closed["lost"]["deals"] or closed["lead"]["deals"]:
        lines.append(
            t(
                "pipeline.explain.closed",
                lang,
                won=closed["won"]["deals"],
                won_amount=_money(closed["won"]["amount"]),
                lost=closed["lost"]["deals"],
                lost_amount=_money(closed["lost"]["amount"]),
                lead=closed["lead"]["deals"],
                lead_amount=_money(closed["lead"]["amount"]),
            )
        )
    lines.append(
        t(
            "pipeline.explain.weighted",
            lang,
            pipeline=_money(result["pipeline"]),
            weighted=_money(result["weighted"]),
        )
    )
    lines.append(
        t(
            "pipeline.explain.band",
            lang,
            sd=_money(result["std_dev"]),
            low=_money(result["low"]),
            high=_money(result["high"]),
        )
    )
    lines.append(
        t(
            "pipeline.explain.period",
            lang,
            start=result["period_start"],
            end=result["period_end"],
            deals=result["period_deals"],
            pipeline=_money(result["period_pipeline"]),
            weighted=_money(result["period_weighted"]),
        )
    )
    if result["target"] is not None and result["coverage"] is not None:
        gap = Decimal(result["gap"] or "0")
        lines.append(
            t(
                "pipeline.explain.coverage",
                lang,
                target=_money(result["target"]),
                pipeline=_money(result["period_pipeline"]),
                coverage=_times(result["coverage"]),
                attainment=_pct(result["attainment"] or "0"),
            )
        )
        lines.append(
            t("pipeline.explain.gap", lang, gap=_money(str(gap)))
            if gap > 0
            else t("pipeline.explain.ahead", lang, ahead=_money(str(-gap)))
        )
    else:
        lines.append(t("pipeline.explain.no_target", lang))
    if result["overdue_count"]:
        lines.append(
            t(
                "pipeline.explain.overdue",
                lang,
                count=result["overdue_count"],
                amount=_money(result["overdue_amount"]),
                as_of=result["as_of"],
            )
        )
    return lines
