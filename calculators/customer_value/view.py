"""The result panel of the customer value calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import charts
from ..html import Markup, join
from ..messages import t
from ..money import (
    format_money,
    format_number,
    format_percent,
)
from ..render import conventions, exact, explain, headline, result_panel, table
from .result import HEADLINE, CustomerValueResult


def _churn_text(value: Decimal) -> str:
    """A churn for the explanation: 2 to 4 decimals in percent, so the substituted maths checks."""
    text = format_percent(value, 4)
    while text.endswith("0%") and len(text.partition(".")[2]) > 3:
        text = text[:-2] + "%"
    return text


def _verdict(met: bool, lang: str) -> str:
    return t("customer_value.rule.met" if met else "customer_value.rule.missed", lang)


def render(result: CustomerValueResult, lang: str) -> Markup:
    """The result panel: headline outputs, explanation, chart, table and conventions."""
    dec = exact
    inputs = result["inputs"]
    pct = format_percent
    times = t("customer_value.times", lang, value=format_number(dec(result["ltv_cac"]), 2))
    months = t(
        "customer_value.months", lang, value=format_number(dec(result["cac_payback_months"]))
    )
    outputs = [
        ("ltv", result["ltv"], format_money(dec(result["ltv"]))),
        ("ltv_cac", result["ltv_cac"], times),
        ("cac_payback_months", result["cac_payback_months"], months),
        ("monthly_churn", result["monthly_churn"], pct(dec(result["monthly_churn"]))),
        ("annual_churn", result["annual_churn"], pct(dec(result["annual_churn"]))),
        ("nrr", result["nrr"], pct(dec(result["nrr"]))),
        ("grr", result["grr"], pct(dec(result["grr"]))),
    ]
    if result["improved_ltv"] is not None:
        outputs.append(
            ("improved_ltv", result["improved_ltv"], format_money(dec(result["improved_ltv"])))
        )
    cards = headline(
        [
            (name, t(f"customer_value.out.{name}", lang), value, shown)
            for name, value, shown in outputs
        ],
        declared=HEADLINE,
    )

    arpu = format_money(dec(inputs["arpu"]))
    margin = pct(dec(inputs["gross_margin"]))
    monthly = _churn_text(dec(result["monthly_churn"]))
    annual = _churn_text(dec(result["annual_churn"]))
    money = {
        key: format_money(dec(inputs[key]))
        for key in ("start_revenue", "expansion_revenue", "contraction_revenue", "churned_revenue")
    }
    if inputs["churn_period"] == "monthly":
        conversion = t(
            "customer_value.explain.to_annual",
            lang,
            monthly=monthly,
            annual=annual,
        )
    else:
        conversion = t(
            "customer_value.explain.to_monthly",
            lang,
            annual=annual,
            monthly=monthly,
        )
    lines = [
        conversion,
        t(
            "customer_value.explain.lifetime",
            lang,
            monthly=monthly,
            lifetime=format_number(dec(result["lifetime_months"])),
        ),
        t(
            "customer_value.explain.ltv",
            lang,
            arpu=arpu,
            margin=margin,
            monthly=monthly,
            ltv=format_money(dec(result["ltv"])),
        ),
        t(
            "customer_value.explain.payback",
            lang,
            cac=format_money(dec(inputs["cac"])),
            arpu=arpu,
            margin=margin,
            profit=format_money(dec(result["monthly_gross_profit"])),
            months=format_number(dec(result["cac_payback_months"])),
        ),
        t(
            "customer_value.explain.ltv_cac",
            lang,
            ltv=format_money(dec(result["ltv"])),
            cac=format_money(dec(inputs["cac"])),
            ratio=format_number(dec(result["ltv_cac"]), 2),
        ),
        t(
            "customer_value.explain.nrr",
            lang,
            start=money["start_revenue"],
            expansion=money["expansion_revenue"],
            contraction=money["contraction_revenue"],
            churned=money["churned_revenue"],
            nrr=pct(dec(result["nrr"])),
        ),
        t(
            "customer_value.explain.grr",
            lang,
            start=money["start_revenue"],
            contraction=money["contraction_revenue"],
            churned=money["churned_revenue"],
            grr=pct(dec(result["grr"])),
        ),
    ]
    if result["improved_ltv"] is not None:
        lines.append(
            t(
                "customer_value.explain.what_if",
                lang,
                points=format_number(dec(inputs["churn_improvement"]) * 100),
                before=pct(dec(inputs["churn"])),
                after=pct(dec(result["improved_churn"])),
                monthly=_churn_text(dec(result["improved_monthly_churn"])),
                arpu=arpu,
                margin=margin,
                ltv=format_money(dec(result["improved_ltv"])),
                gain=format_money(dec(result["ltv_gain"])),
            )
        )

    label = {name: t(f"customer_value.out.{name}", lang) for name, _, _ in outputs}
    rows = [
        [
            t("customer_value.row.monthly_profit", lang),
            format_money(dec(result["monthly_gross_profit"])),
            "",
        ],
        [
            t("customer_value.row.lifetime", lang),
            t("customer_value.months", lang, value=format_number(dec(result["lifetime_months"]))),
            "",
        ],
        [label["ltv"], format_money(dec(result["ltv"])), ""],
        [t("customer_value.row.cac", lang), format_money(dec(inputs["cac"])), ""],
        [
            label["ltv_cac"],
            times,
            t(
                "customer_value.rule.ltv_cac",
                lang,
                verdict=_verdict(result["meets_ltv_cac_rule"], lang),
            ),
        ],
        [
            label["cac_payback_months"],
            months,
            t(
                "customer_value.rule.payback",
                lang,
                verdict=_verdict(result["meets_payback_rule"], lang),
            ),
        ],
        [label["monthly_churn"], pct(dec(result["monthly_churn"])), ""],
        [label["annual_churn"], pct(dec(result["annual_churn"])), ""],
        [t("customer_value.row.end_revenue", lang), format_money(dec(result["end_revenue"])), ""],
        [label["nrr"], pct(dec(result["nrr"])), ""],
        [label["grr"], pct(dec(result["grr"])), ""],
    ]
    if result["improved_ltv"] is not None:
        rows.append([label["improved_ltv"], format_money(dec(result["improved_ltv"])), ""])
    metrics = table(
        t("customer_value.table.caption", lang),
        [t(f"customer_value.col.{c}", lang) for c in ("metric", "value", "rule")],
        rows,
        numeric_from=1,
        export=True,
    )

    bars = [
        (t("customer_value.chart.cac", lang), dec(inputs["cac"])),
        (t("customer_value.chart.ltv", lang), dec(result["ltv"])),
    ]
    if result["improved_ltv"] is not None:
        bars.append((t("customer_value.chart.improved_ltv", lang), dec(result["improved_ltv"])))
    chart = charts.bar_chart(
        title=t("customer_value.chart.title", lang),
        labels=[name for name, _ in bars],
        values=[value for _, value in bars],
        lang=lang,
    )
    notes = [
        t("customer_value.convention.monthly", lang),
        t("customer_value.convention.root", lang),
        t("customer_value.convention.zero_churn", lang),
        t("customer_value.convention.rules", lang),
        t("customer_value.convention.retention", lang),
        t("result.rounding", lang),
    ]
    return result_panel(
        cards,
        join([explain(lines, lang), chart, metrics, conventions(notes, lang)]),
        lang,
    )
