"""生成投资分析报告: the ROI business case a prospect forwards to their finance team.

One A4 document from the same result and the same pieces as the result panel (headline figures,
scenarios, the cumulative chart, the cash-flow table, what must be true, the calculation with
the prospect's numbers, the conventions), plus the assumptions it rests on and who it was
prepared for. The customer's name and the date are typed by the rep: checked here and escaped
by the one HTML path like everything else. The page prints it (its print stylesheet paginates:
no table row is split across pages).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..errors import InputError, InputErrors
from ..html import Markup, el
from ..messages import t
from ..money import format_number
from ..render import Cell, conventions, table
from . import view
from .result import RoiResult

MAX_CUSTOMER = 60


def check_meta(meta: Any) -> tuple[str, dt.date]:
    """The customer's name and the report date from what the rep typed, or field errors."""
    errors: list[InputError] = []
    meta = meta if isinstance(meta, dict) else {}
    customer = str(meta.get("customer") or "").strip()
    if not customer:
        errors.append(InputError("customer", "roi.report.error.customer_missing"))
    elif len(customer) > MAX_CUSTOMER:
        errors.append(InputError("customer", "error.text_too_long", max=MAX_CUSTOMER))
    date = None
    try:
        date = dt.date.fromisoformat(str(meta.get("date") or ""))
    except ValueError:
        errors.append(InputError("date", "roi.report.error.date"))
    for error in errors:
        error.labels = {lang: t(f"roi.{error.field}.label", lang) for lang in ("zh", "en")}
    if errors:
        raise InputErrors(errors)
    assert date is not None
    return customer, date


def _assumptions(result: RoiResult, lang: str) -> Markup:
    inputs = result["inputs"]

    def money(text: str) -> Cell:
        return (view._money(text), text)

    def rates(texts: list[str]) -> Cell:
        return (" ".join(view._pct(x) for x in texts), " ".join(texts))

    rows: list[list[Cell]] = [
        [t("roi.upfront_cost.label", lang), money(inputs["upfront_cost"])],
        [t("roi.annual_cost.label", lang), money(inputs["annual_cost"])],
    ]
    if Decimal(inputs["internal_cost"]):
        rows.append([t("roi.internal_cost.label", lang), money(inputs["internal_cost"])])
    if any(Decimal(b) for b in inputs["annual_benefit"]):
        benefits = inputs["annual_benefit"]
        rows.append(
            [
                t("roi.annual_benefit.label", lang),
                (" / ".join(view._money(b) for b in benefits), " ".join(benefits)),
            ]
        )
    rows += [[line, ""] for line in view._lever_lines(result, lang)]
    rows += [
        [t("roi.years.label", lang), (f"{inputs['years']} {t('unit.years', lang)}", "")],
        [
            t("roi.payback_target.label", lang),
            (
                f"{format_number(Decimal(result['break_even']['target_years']))} "
                f"{t('unit.years', lang)}",
                result["break_even"]["target_years"],
            ),
        ],
        [t("roi.discount_rate.label", lang), rates([inputs["discount_rate"]])],
        [t("roi.ramp.label", lang), rates(inputs["ramp"])],
        [t("roi.risk.label", lang), rates([inputs["risk"]])],
        [t("roi.scenarios.label", lang), rates(inputs["scenarios"])],
    ]
    head = [t("roi.report.col.assumption", lang), t("roi.report.col.value", lang)]
    return table(t("roi.report.assumptions", lang), head, rows)


def _section(title: str, *body: Markup | None) -> Markup:
    return el("section", {"class": "pb-report__section"}, el("h2", None, title), *body)


def report(result: RoiResult, lang: str, customer: str, date: dt.date) -> Markup:
    """The whole report, one ``<article>`` the page prints."""
    when = t("roi.report.date", lang, year=date.year, month=date.month, day=date.day)
    return el(
        "article",
        {"class": "pb-report", "lang": "zh-CN" if lang == "zh" else "en"},
        el(
            "header",
            {"class": "pb-report__head"},
            el("h1", None, t("roi.report.title", lang)),
            el("p", {"class": "pb-report__for"}, t("roi.report.for", lang, customer=customer)),
            el("p", {"class": "pb-report__date"}, when),
        ),
        _section(
            t("roi.report.summary", lang),
            el("p", None, t("roi.report.summary_line", lang)),
            view.headline_cards(result, lang),
        ),
        _section(t("roi.report.assumptions", lang), _assumptions(result, lang)),
        _section(
            t("roi.report.scenarios", lang),
            view._scenario_table(result, lang),
            view.scenario_chart(result, lang),
        ),
        _section(
            t("roi.report.cash_flows", lang),
            view.cumulative_chart(result, lang),
            view._cash_flow_table(result, lang),
        ),
        view._must(result, lang),
        _section(
            t("roi.report.maths", lang),
            el("ol", None, [el("li", None, line) for line in view._explain_lines(result, lang)]),
        ),
        conventions(view.notes(result, lang), lang),
        el("footer", {"class": "pb-report__foot"}, t("roi.report.footer", lang)),
    )


__all__ = ["check_meta", "report"]
