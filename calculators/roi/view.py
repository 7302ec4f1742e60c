"""The result panel of the roi calculator (build time and browser alike)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import charts
from ..html import Markup, el, join
from ..messages import t
from ..money import (
    format_money,
    format_number,
    format_percent,
    plain_str,
)
from ..render import Cell, conventions, explain, heading, headline, result_panel, table
from .result import HEADLINE, RoiResult, RoiScenario, RoiSummary


def _years_text(value: str | None, lang: str) -> str:
    if value is None:
        return t("result.never", lang)
    return f"{value} {t('unit.years', lang)}"


def _months_text(value: str | None, lang: str) -> str:
    if value is None:
        return t("result.never", lang)
    return f"{value} {t('unit.months', lang)}"


def _irr_text(summary: RoiSummary, lang: str) -> str:
    if summary["irr"] is None:
        return t(f"roi.irr.{summary['irr_reason']}", lang)
    return format_percent(Decimal(summary["irr"]))


def _pct(text: str) -> str:
    """An input rate as people wrote it: ``0.125`` → ``12.5%``."""
    return format_number(Decimal(text) * 100) + "%"


def _money(text: str) -> str:
    return format_money(Decimal(text))


def _money_cell(text: str) -> Cell:
    return (format_number(Decimal(text), 2), text)


def _lever_lines(result: RoiResult, lang: str) -> list[str]:
    inputs = result["inputs"]
    lines = []
    for lever in result["levers"]:
        amount = _money(lever["annual"])
        if lever["lever"] == "time":
            line = t(
                "roi.explain.lever.time",
                lang,
                hours=format_number(Decimal(inputs["hours_saved"])),
                people=format_number(Decimal(inputs["people"])),
                hourly=_money(inputs["hourly_cost"]),
                amount=amount,
            )
        elif lever["lever"] == "revenue":
            line = t(
                "roi.explain.lever.revenue",
                lang,
                revenue=_money(inputs["revenue"]),
                uplift=_pct(inputs["revenue_uplift"]),
                margin=_pct(inputs["gross_margin"]),
                amount=amount,
            )
        elif lever["lever"] == "cost":
            line = t(
                "roi.explain.lever.cost",
                lang,
                base=_money(inputs["cost_base"]),
                reduction=_pct(inputs["cost_reduction"]),
                amount=amount,
            )
        else:
            line = t("roi.explain.lever.other", lang, name=lever["name"], amount=amount)
        lines.append(line)
    if len(result["levers"]) > 1:
        lines.append(
            t(
                "roi.explain.levers_total",
                lang,
                parts=" + ".join(_money(lever["annual"]) for lever in result["levers"]),
                total=_money(result["lever_total"]),
            )
        )
    return lines


def _explain_lines(result: RoiResult, lang: str) -> list[str]:
    dec = Decimal
    inputs = result["inputs"]
    first = result["benefit_build"][0]
    factors = inputs["scenarios"]
    tco = result["tco"]
    lines = _lever_lines(result, lang)
    lines += [
        t(
            "roi.explain.benefit",
            lang,
            base=_money(first["base"]),
            levers=_money(first["levers"]),
            ramp=_pct(first["ramp"]),
            risk=_pct(first["risk"]),
            factor=_pct(factors[1]),
            benefit=_money(first["benefit"]),
        ),
        t(
            "roi.explain.scenarios",
            lang,
            low=_pct(factors[0]),
            mid=_pct(factors[1]),
            high=_pct(factors[2]),
        ),
        t(
            "roi.explain.tco",
            lang,
            upfront=_money(inputs["upfront_cost"]),
            annual=_money(inputs["annual_cost"]),
            internal=_money(inputs["internal_cost"]),
            years=inputs["years"],
            tco=_money(tco["total"]),
        ),
        t(
            "roi.explain.roi",
            lang,
            benefit=_money(result["total_benefit"]),
            cost=_money(result["total_cost"]),
            roi=format_percent(dec(result["roi"])),
        ),
        t(
            "roi.explain.npv",
            lang,
            rate=_pct(inputs["discount_rate"]),
            years=inputs["years"],
            npv=_money(result["npv"]),
        ),
        t(
            "roi.explain.pv_roi",
            lang,
            benefit=_money(result["pv_benefit"]),
            cost=_money(result["pv_cost"]),
            roi=format_percent(dec(result["pv_roi"])),
        ),
        t("roi.explain.irr", lang, irr=_irr_text(result, lang)),
    ]
    parts = result["payback_parts"]
    if parts:
        lines.append(
            t(
                "roi.explain.payback",
                lang,
                before=plain_str(dec(parts["before"])),
                gap=_money(parts["gap"]),
                flow=_money(parts["flow"]),
                payback=result["payback_years"],
                months=result["payback_months"],
            )
        )
    elif result["payback_years"] is None:
        lines.append(t("roi.explain.no_payback", lang, years=inputs["years"]))
    lines.append(
        t(
            "roi.explain.discounted_payback",
            lang,
            payback=_years_text(result["discounted_payback_years"], lang),
        )
    )
    delay = result["cost_of_delay_parts"]
    lines.append(
        t(
            "roi.explain.cost_of_delay",
            lang,
            benefit=_money(delay["benefit"]),
            cost=_money(delay["cost"]),
            month=_money(result["cost_of_delay_month"]),
        )
    )
    return lines


def _cash_flow_table(result: RoiResult, lang: str) -> Markup:
    columns = ["year", "cost", "benefit", "net", "cumulative", "discount_factor", "present_value"]
    body: list[list[Cell]] = [
        [
            str(row["year"]),
            _money_cell(row["cost"]),
            _money_cell(row["benefit"]),
            _money_cell(row["net"]),
            _money_cell(row["cumulative"]),
            (format_number(Decimal(row["discount_factor"])), row["discount_factor"]),
            _money_cell(row["present_value"]),
        ]
        for row in result["cash_flows"]
    ]
    return table(
        t("roi.table.caption", lang),
        [t(f"roi.col.{c}", lang) for c in columns],
        body,
        export=True,
    )


def _scenario_table(result: RoiResult, lang: str) -> Markup:
    scenarios = result["scenarios"]

    def row(label_key: str, cell: Callable[[RoiScenario], Cell]) -> list[Cell]:
        return [t(label_key, lang), *(cell(s) for s in scenarios)]

    def percent(value: str) -> Cell:
        return (format_percent(Decimal(value)), value)

    rows = [
        row("roi.col.factor", lambda s: (_pct(s["factor"]), s["factor"])),
        row("roi.out.total_benefit", lambda s: _money_cell(s["total_benefit"])),
        row("roi.out.roi", lambda s: percent(s["roi"])),
        row("roi.out.npv", lambda s: _money_cell(s["npv"])),
        row("roi.out.pv_roi", lambda s: percent(s["pv_roi"])),
        row("roi.out.irr", lambda s: (_irr_text(s, lang), s["irr"] or "")),
        row(
            "roi.out.payback_months",
            lambda s: (_months_text(s["payback_months"], lang), s["payback_months"] or ""),
        ),
        row(
            "roi.out.discounted_payback_years",
            lambda s: (
                _years_text(s["discounted_payback_years"], lang),
                s["discounted_payback_years"] or "",
            ),
        ),
    ]
    head = [t("roi.col.metric", lang)] + [
        t(f"roi.scenario.{s['scenario']}", lang) for s in scenarios
    ]
    return table(t("roi.table.scenarios", lang), head, rows)


def _build_table(result: RoiResult, lang: str) -> Markup:
    columns = ["year", "base", "levers", "full", "ramp", "risk", "benefit"]
    body: list[list[Cell]] = []
    for row in result["benefit_build"]:
        body.append(
            [
                str(row["year"]),
                _money_cell(row["base"]),
                _money_cell(row["levers"]),
                _money_cell(row["full"]),
                (_pct(row["ramp"]), row["ramp"]),
                (_pct(row["risk"]), row["risk"]),
                _money_cell(row["benefit"]),
            ]
        )
    return table(t("roi.table.build", lang), [t(f"roi.col.{c}", lang) for c in columns], body)


def _driver_label(name: str, lang: str) -> str:
    if name in ("time", "revenue", "cost", "other"):
        return t(f"roi.driver.{name}", lang)
    return t(f"roi.{name}.label", lang)


def _must(result: RoiResult, lang: str) -> Markup:
    """What must be true: the break-even benefit and upfront cost for the payback target, and
    which input moves the NPV most (``must.py``)."""
    facts = result["break_even"]
    target = format_number(Decimal(facts["target_years"]))
    if facts["benefit"] is None:
        benefit = t("roi.must.benefit_impossible", lang, target=target)
    elif result["break_even_current"] is not None:
        benefit = t(
            "roi.must.benefit_current",
            lang,
            target=target,
            amount=_money(facts["benefit"]),
            current=_money(result["break_even_current"]),
        )
    else:
        benefit = t("roi.must.benefit", lang, target=target, amount=_money(facts["benefit"]))
    if facts["upfront"] is None:
        upfront = t("roi.must.upfront_impossible", lang, target=target)
    else:
        upfront = t(
            "roi.must.upfront",
            lang,
            target=target,
            amount=_money(facts["upfront"]),
            current=_money(facts["current_upfront"]),
        )
    step = _pct(result["sensitivity_step"])
    rows: list[list[Cell]] = [
        [
            _driver_label(row["input"], lang),
            _money_cell(row["low"]),
            _money_cell(row["high"]),
            _money_cell(row["swing"]),
        ]
        for row in result["sensitivity"]
    ]
    head = [
        t("roi.col.driver", lang),
        t("roi.col.npv_low", lang, step=step),
        t("roi.col.npv_high", lang, step=step),
        t("roi.col.swing", lang),
    ]
    return el(
        "section",
        {"class": "pb-must"},
        el(heading(1), None, t("roi.must.title", lang)),
        el("p", {"data-must": "benefit", "data-value": facts["benefit"] or ""}, benefit),
        el("p", {"data-must": "upfront", "data-value": facts["upfront"] or ""}, upfront),
        table(t("roi.table.sensitivity", lang, step=step), head, rows) if rows else None,
    )


def headline_cards(result: RoiResult, lang: str) -> Markup:
    dec = Decimal
    outputs = [
        ("roi", result["roi"], format_percent(dec(result["roi"]))),
        ("npv", result["npv"], _money(result["npv"])),
        (
            "payback_months",
            result["payback_months"] or "",
            _months_text(result["payback_months"], lang),
        ),
        (
            "cost_of_delay_month",
            result["cost_of_delay_month"],
            _money(result["cost_of_delay_month"]),
        ),
        ("irr", result["irr"] or "", _irr_text(result, lang)),
        ("pv_roi", result["pv_roi"], format_percent(dec(result["pv_roi"]))),
    ]
    return headline(
        [(name, t(f"roi.out.{name}", lang), value, shown) for name, value, shown in outputs],
        declared=HEADLINE,
    )


def cumulative_chart(result: RoiResult, lang: str) -> Markup:
    return charts.bar_chart(
        title=t("roi.col.cumulative", lang),
        labels=[str(row["year"]) for row in result["cash_flows"]],
        values=[Decimal(row["cumulative"]) for row in result["cash_flows"]],
        lang=lang,
    )


def scenario_chart(result: RoiResult, lang: str) -> Markup:
    return charts.bar_chart(
        title=t("roi.chart.scenarios", lang),
        labels=[t(f"roi.scenario.{s['scenario']}", lang) for s in result["scenarios"]],
        values=[Decimal(s["npv"]) for s in result["scenarios"]],
        lang=lang,
    )


def notes(result: RoiResult, lang: str) -> list[str]:
    """The conventions every figure follows, in the site's language."""
    return [
        t("roi.convention.timing", lang),
        t("roi.convention.benefits", lang),
        t("roi.convention.ramp", lang),
        t("roi.convention.tco", lang),
        t("roi.convention.npv", lang),
        t("roi.convention.irr", lang),
        t("roi.convention.payback", lang),
        t("roi.convention.cost_of_delay", lang),
        t("roi.convention.present_value", lang),
        t("roi.convention.break_even", lang),
        t("roi.convention.sensitivity", lang, step=_pct(result["sensitivity_step"])),
        t("result.rounding", lang),
    ]


def render(result: RoiResult, lang: str) -> Markup:
    """The result panel: headline outputs, explanation, charts, tables and conventions."""
    # The cash-flow table comes first: the page's copy / CSV buttons export the first table.
    body = [
        scenario_chart(result, lang),
        cumulative_chart(result, lang),
        _cash_flow_table(result, lang),
        _scenario_table(result, lang),
        _must(result, lang),
        explain(_explain_lines(result, lang), lang),
        _build_table(result, lang),
        conventions(notes(result, lang), lang),
    ]
    return result_panel(headline_cards(result, lang), join(body), lang)
