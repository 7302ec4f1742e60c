"""The result panel of the customer tiers calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from ..html import Markup, el, join
from ..messages import t
from ..money import format_money, format_number
from ..render import Cell, conventions, explain, headline, result_panel, table, warning
from ..tables.view import mapping_line
from .matrix import matrix_chart
from .result import HEADLINE, TiersResult

#: At-risk customers drawn on the page; the CSV and copied table hold them all.
SHOWN = 100


def _pct(value: str) -> str:
    return format_number((Decimal(value) * 100).quantize(Decimal("0.1"))) + "%"


def _money(value: str) -> str:
    return format_money(Decimal(value))


def _skipped(result: TiersResult, lang: str) -> Markup | None:
    """Rows that did not read: how many, and the first ones by row and column."""
    if not result["skipped"]:
        return None
    return warning(
        t("customer_tiers.skipped", lang, count=result["skipped"], orders=result["orders"]),
        result["problems"][lang],
    )


def render(result: TiersResult, lang: str) -> Markup:
    counts = {
        "customers": t(
            "customer_tiers.count", lang, count=format_number(Decimal(result["customers"]))
        ),
        "at_risk_count": t("customer_tiers.count", lang, count=result["at_risk_count"]),
    }
    items = [
        ("customers", str(result["customers"]), counts["customers"]),
        ("a_share", result["a_share"], _pct(result["a_share"])),
        ("at_risk_count", str(result["at_risk_count"]), counts["at_risk_count"]),
        ("at_risk_revenue", result["at_risk_revenue"], _money(result["at_risk_revenue"])),
    ]
    cards = headline(
        [
            (name, t(f"customer_tiers.out.{name}", lang), value, shown)
            for name, value, shown in items
        ],
        declared=HEADLINE,
    )
    segment_rows: list[list[Cell]] = [
        [
            t(f"customer_tiers.segment.{row['segment']}", lang),
            str(row["customers"]),
            (_money(row["revenue"]), row["revenue"]),
            (_pct(row["share"]), row["share"]),
        ]
        for row in result["segments"]
    ]
    segments = table(
        t("customer_tiers.table.segments", lang),
        [t(f"customer_tiers.col.{c}", lang) for c in ("segment", "customers", "revenue", "share")],
        segment_rows,
    )
    # The matrix replaces a bar chart of the table's customer column: it shows where in R × F
    # (and M) each segment's customers sit, and its regions add up to the table's rows.
    chart = matrix_chart(result["matrix"], high=int(result["thresholds"]["rfm_high"]), lang=lang)
    class_rows: list[list[Cell]] = [
        [
            row["tier"],
            str(row["customers"]),
            (_money(row["revenue"]), row["revenue"]),
            (_pct(row["share"]), row["share"]),
        ]
        for row in result["classes"]
    ]
    classes = table(
        t("customer_tiers.table.classes", lang),
        [t(f"customer_tiers.col.{c}", lang) for c in ("tier", "customers", "revenue", "share")],
        class_rows,
    )
    risk_rows: list[list[Cell]] = [
        [
            row["customer"],
            t(f"customer_tiers.light.{row['light']}", lang),
            row["tier"],
            t(f"customer_tiers.segment.{row['segment']}", lang),
            row["last_order"],
            (_money(row["revenue_at_stake"]), row["revenue_at_stake"]),
            "、".join(t(f"customer_tiers.signal.{s}", lang) for s in row["signals"])
            if lang == "zh"
            else ", ".join(t(f"customer_tiers.signal.{s}", lang) for s in row["signals"]),
        ]
        for row in result["at_risk"]
    ]
    at_risk = table(
        t("customer_tiers.table.at_risk", lang, as_of=result["as_of"]),
        [
            t(f"customer_tiers.col.{c}", lang)
            for c in ("customer", "light", "tier", "segment", "last_order", "stake", "signals")
        ],
        risk_rows,
        numeric_from=5,
        export=True,
        limit=SHOWN,
    )
    more = (
        el(
            "p",
            {"class": "pb-note"},
            t("customer_tiers.more", lang, shown=SHOWN, count=len(risk_rows)),
        )
        if len(risk_rows) > SHOWN
        else None
    )
    th = result["thresholds"]
    lines = [
        t(
            "customer_tiers.explain.data",
            lang,
            orders=result["orders"],
            customers=result["customers"],
            revenue=_money(result["revenue"]),
            as_of=result["as_of"],
        ),
        *result["notes"][lang],
        t("customer_tiers.explain.rfm", lang, high=th["rfm_high"]),
        t("customer_tiers.explain.abc", lang, a=_pct(th["abc_a"]), b=_pct(th["abc_b"])),
        t(
            "customer_tiers.explain.churn",
            lang,
            gap=format_number(Decimal(th["gap_factor"])),
            window=th["window_days"],
            drop=_pct(th["drop"]),
            silence=th["silence_days"],
        ),
    ]
    notes = [
        t(f"customer_tiers.convention.{key}", lang)
        for key in ("orders", "quintiles", "abc", "signals", "light")
    ]
    body = join(
        [
            # Which column was read as what: the first thing to check on a team's own table,
            # and what the form's 列对应 selects offer.
            mapping_line(result["mapping"], lang, field="orders"),
            _skipped(result, lang),
            at_risk,
            more,
            chart,
            segments,
            classes,
            explain(lines, lang),
            conventions(notes, lang),
        ]
    )
    return result_panel(cards, body, lang)
