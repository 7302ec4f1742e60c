"""Return on investment for a purchase the prospect is weighing.

Cash flows: year 0 is ``−upfront_cost``; year t (1…N) is ``benefit_t − annual_cost``.

- Simple ROI = (Σ benefits − Σ costs) ÷ Σ costs over the horizon.
- NPV = Σ CF_t ÷ (1 + r)^t with t = 0 undiscounted (numpy-financial's convention).
- PV-ROI = (PV(benefits) − PV(costs)) ÷ PV(costs).
- IRR: the r with NPV(r) = 0, reported only when it is unique; otherwise "none"/"multiple".
- Payback = k − 1 + |cum_{k−1}| ÷ CF_k for the first year k whose cumulative flow is ≥ 0;
  discounted payback the same on discounted flows.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from itertools import pairwise
from typing import Any

from . import charts
from .errors import InputError
from .html import Markup, join
from .messages import register, t
from .money import (
    CONTEXT,
    format_money,
    format_number,
    format_percent,
    money_str,
    plain_str,
    rate_str,
)
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "roi"

MESSAGES: dict[str, tuple[str, str]] = {
    # --- roi -----------------------------------------------------------------------------------
    "roi.title": ("投资回报率（ROI）计算器", "Return on investment (ROI) calculator"),
    "roi.upfront_cost.label": ("前期投入", "Upfront cost"),
    "roi.upfront_cost.help": (
        "第 0 年一次性投入：软件许可、实施、培训等。",
        "One-off cost in year 0: licences, implementation, training.",
    ),
    "roi.annual_cost.label": ("每年运营成本", "Annual running cost"),
    "roi.annual_cost.help": (
        "第 1 年起每年发生的费用：订阅、维护、人工。",
        "Cost incurred every year from year 1: subscription, maintenance, staff.",
    ),
    "roi.annual_benefit.label": ("每年收益", "Annual benefit"),
    "roi.annual_benefit.help": (
        "填一个数表示每年相同；按年不同时用空格或分号分隔，例如：8万 12万 15万。",
        "One amount for every year, or one per year separated by spaces or semicolons, "
        "e.g. 80000 120000 150000.",
    ),
    "roi.years.label": ("测算期限", "Horizon"),
    "roi.years.help": ("1 到 10 年。", "1 to 10 years."),
    "roi.discount_rate.label": ("折现率", "Discount rate"),
    "roi.discount_rate.help": (
        "资金的年化机会成本，常用 8%–12%。",
        "Annual cost of capital; 8%–12% is common.",
    ),
    "roi.out.roi": ("投资回报率", "ROI"),
    "roi.out.npv": ("净现值（NPV）", "Net present value (NPV)"),
    "roi.out.irr": ("内部收益率（IRR）", "Internal rate of return (IRR)"),
    "roi.out.payback_years": ("投资回收期", "Payback period"),
    "roi.out.pv_roi": ("现值口径投资回报率", "Present-value ROI"),
    "roi.out.discounted_payback_years": ("折现回收期", "Discounted payback"),
    "roi.irr.none": ("无（现金流没有正负变化）", "none (cash flows never change sign)"),
    "roi.irr.multiple": (
        "不唯一（现金流多次正负变化，可能有多个解）",
        "not unique (cash flows change sign more than once)",
    ),
    "roi.table.caption": ("逐年现金流", "Cash flow by year"),
    "roi.col.year": ("年份", "Year"),
    "roi.col.cost": ("成本", "Cost"),
    "roi.col.benefit": ("收益", "Benefit"),
    "roi.col.net": ("净现金流", "Net cash flow"),
    "roi.col.cumulative": ("累计现金流", "Cumulative"),
    "roi.col.discount_factor": ("折现系数", "Discount factor"),
    "roi.col.present_value": ("现值", "Present value"),
    "roi.explain.roi": (
        "投资回报率 = （总收益 − 总成本）÷ 总成本 = （{benefit} − {cost}）÷ {cost} = {roi}",
        "ROI = (total benefit − total cost) ÷ total cost = ({benefit} − {cost}) ÷ {cost} = {roi}",
    ),
    "roi.explain.npv": (
        "净现值 = Σ 第 t 年净现金流 ÷ (1 + {rate})^t，t = 0…{years} = {npv}",
        "NPV = Σ net cash flow in year t ÷ (1 + {rate})^t, t = 0…{years} = {npv}",
    ),
    "roi.explain.payback": (
        "投资回收期 = 累计现金流转正前的整年数 + 当年尚未收回的金额 ÷ 当年净现金流 = "
        "{before} + {gap} ÷ {flow} = {payback} 年",
        "Payback = whole years before the cumulative cash flow turns positive + amount still "
        "open ÷ that year's net cash flow = {before} + {gap} ÷ {flow} = {payback} years",
    ),
    "roi.explain.no_payback": (
        "在 {years} 年内累计现金流没有转正，因此没有回收期。",
        "The cumulative cash flow does not turn positive within {years} years: no payback.",
    ),
    "roi.convention.npv": (
        "净现值采用第 0 年不折现的口径（与 numpy-financial 一致）；Excel 的 NPV() "
        "会把第一笔现金流也折现一年，两者结果不同。",
        "NPV leaves year 0 undiscounted (as numpy-financial does); Excel's NPV() discounts its "
        "first value by one period, so its result differs.",
    ),
    "roi.convention.timing": (
        "前期投入发生在第 0 年；每年的成本和收益视为发生在当年年末。",
        "The upfront cost falls in year 0; each year's cost and benefit at the end of that year.",
    ),
    "roi.convention.payback": (
        "回收期在年内按线性插值计算。",
        "Payback is interpolated linearly within the year.",
    ),
}
register(MESSAGES)

FIELDS = (
    Field("upfront_cost", "money", default=Decimal(100_000), unit="unit.yuan"),
    Field("annual_cost", "money", default=Decimal(20_000), unit="unit.yuan"),
    Field(
        "annual_benefit",
        "money_list",
        default=[Decimal(80_000), Decimal(120_000), Decimal(150_000)],
        unit="unit.yuan",
    ),
    Field(
        "years",
        "integer",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(10),
        unit="unit.years",
    ),
    Field("discount_rate", "rate", default=Decimal("0.10"), max=Decimal(1)),
)


def _horizon(values: dict[str, Any]) -> int:
    benefits: list[Decimal] = values["annual_benefit"]
    years = values.get("years")
    if years is not None:
        return int(years)
    return len(benefits) if len(benefits) > 1 else 3


def check(values: dict[str, Any]) -> None:
    """Per-year benefits must match the horizon; some cost must exist for ROI to mean anything."""
    benefits: list[Decimal] = values["annual_benefit"]
    years = values.get("years")
    if years is not None and len(benefits) not in (1, years):
        raise InputError("annual_benefit", "error.list_length", count=len(benefits), years=years)
    if values["upfront_cost"] == 0 and values["annual_cost"] == 0:
        raise InputError("upfront_cost", "error.zero_total_cost")


def npv(rate: Decimal, flows: list[Decimal]) -> Decimal:
    """Σ CF_t ÷ (1 + rate)^t, t = 0 undiscounted."""
    with localcontext(CONTEXT):
        total = Decimal(0)
        factor = Decimal(1)
        step = 1 + rate
        for flow in flows:
            total += flow / factor
            factor *= step
        return total


def _sign_changes(values: list[Decimal]) -> int:
    signs = [v > 0 for v in values if v != 0]
    return sum(1 for a, b in pairwise(signs) if a != b)


def irr(flows: list[Decimal]) -> tuple[str, Decimal | None]:
    """(status, rate): ``("unique", r)``, ``("none", None)`` or ``("multiple", None)``.

    A single sign change in the flows (Descartes) or in their running total (Norstrom)
    guarantees at most one root above −100 %; otherwise we scan for brackets and report
    "multiple" when more than one is found.
    """
    if _sign_changes(flows) == 0:
        return "none", None
    cumulative = []
    running = Decimal(0)
    for flow in flows:
        running += flow
        cumulative.append(running)
    unique = _sign_changes(flows) == 1 or (_sign_changes(cumulative) == 1 and running != 0)
    grid = [Decimal("-0.99")] + [Decimal(k) / 100 for k in range(-95, 100, 5)]
    grid += [Decimal(k) for k in (1, 2, 3, 5, 10, 20, 50, 100)]
    brackets = []
    previous_rate, previous_value = grid[0], npv(grid[0], flows)
    for rate in grid[1:]:
        value = npv(rate, flows)
        if value == 0:
            brackets.append((rate, rate))
        elif (value > 0) != (previous_value > 0) and previous_value != 0:
            brackets.append((previous_rate, rate))
        previous_rate, previous_value = rate, value
    if not brackets:
        return "none", None
    if len(brackets) > 1 and not unique:
        return "multiple", None
    low, high = brackets[0]
    with localcontext(CONTEXT):
        low_value = npv(low, flows)
        for _ in range(200):
            if high - low < Decimal("1e-15"):
                break
            mid = (low + high) / 2
            mid_value = npv(mid, flows)
            if mid_value == 0:
                low = high = mid
                break
            if (mid_value > 0) == (low_value > 0):
                low, low_value = mid, mid_value
            else:
                high = mid
        return "unique", (low + high) / 2


def payback(flows: list[Decimal]) -> tuple[Decimal | None, dict[str, Decimal] | None]:
    """Years until the running total of ``flows`` reaches zero, interpolated within the year."""
    with localcontext(CONTEXT):
        running = Decimal(0)
        for year, flow in enumerate(flows):
            before = running
            running += flow
            if year > 0 and running >= 0 and before < 0:
                gap = -before
                return Decimal(year - 1) + gap / flow, {
                    "before": Decimal(year - 1),
                    "gap": gap,
                    "flow": flow,
                }
            if year == 0 and running >= 0:
                return Decimal(0), None
        return None, None


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The ROI result for parsed ``values`` (see the module docstring for the formulas)."""
    years = _horizon(values)
    benefits: list[Decimal] = values["annual_benefit"]
    if len(benefits) == 1:
        benefits = benefits * years
    upfront: Decimal = values["upfront_cost"]
    annual_cost: Decimal = values["annual_cost"]
    rate: Decimal = values["discount_rate"]
    with localcontext(CONTEXT):
        costs = [upfront] + [annual_cost] * years
        gains = [Decimal(0), *benefits]
        flows = [g - c for g, c in zip(gains, costs, strict=True)]
        total_cost = sum(costs, Decimal(0))
        total_benefit = sum(gains, Decimal(0))
        roi = (total_benefit - total_cost) / total_cost
        pv_cost = npv(rate, costs)
        pv_benefit = npv(rate, gains)
        pv_roi = (pv_benefit - pv_cost) / pv_cost
        net_present_value = npv(rate, flows)
        factors = [1 / (1 + rate) ** year for year in range(years + 1)]
        discounted = [f * cf for f, cf in zip(factors, flows, strict=True)]
        irr_status, irr_value = irr(flows)
        payback_years, payback_parts = payback(flows)
        discounted_payback, _ = payback(discounted)

    rows = []
    running = Decimal(0)
    for year in range(years + 1):
        running += flows[year]
        rows.append(
            {
                "year": year,
                "cost": money_str(costs[year]),
                "benefit": money_str(gains[year]),
                "net": money_str(flows[year]),
                "cumulative": money_str(running),
                "discount_factor": rate_str(factors[year]),
                "present_value": money_str(discounted[year]),
            }
        )
    return {
        "calculator": ID,
        "inputs": {
            "upfront_cost": money_str(upfront),
            "annual_cost": money_str(annual_cost),
            "annual_benefit": [money_str(b) for b in benefits],
            "years": years,
            "discount_rate": rate_str(rate),
        },
        "roi": rate_str(roi),
        "npv": money_str(net_present_value),
        "irr": rate_str(irr_value) if irr_value is not None else None,
        "irr_status": irr_status,
        "payback_years": plain_str(payback_years.quantize(Decimal("0.01")))
        if payback_years is not None
        else None,
        "payback_months": plain_str((payback_years * 12).quantize(Decimal("0.1")))
        if payback_years is not None
        else None,
        "discounted_payback_years": plain_str(discounted_payback.quantize(Decimal("0.01")))
        if discounted_payback is not None
        else None,
        "pv_roi": rate_str(pv_roi),
        "total_cost": money_str(total_cost),
        "total_benefit": money_str(total_benefit),
        "pv_cost": money_str(pv_cost),
        "pv_benefit": money_str(pv_benefit),
        "payback_parts": {k: money_str(v) for k, v in payback_parts.items()}
        if payback_parts
        else None,
        "cash_flows": rows,
    }


# --- rendering (shared by the build and the browser worker) ---------------------------------


def _years_text(value: str | None, lang: str) -> str:
    if value is None:
        return t("result.never", lang)
    return f"{value} {t('unit.years', lang)}"


def _irr_text(result: dict[str, Any], lang: str) -> str:
    if result["irr"] is None:
        return t(f"roi.irr.{result['irr_status']}", lang)
    return format_percent(Decimal(result["irr"]))


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline outputs, explanation, chart, table and conventions."""
    dec = Decimal
    inputs = result["inputs"]
    outputs = [
        ("roi", result["roi"], format_percent(dec(result["roi"]))),
        ("npv", result["npv"], format_money(dec(result["npv"]))),
        ("irr", result["irr"] or "", _irr_text(result, lang)),
        (
            "payback_years",
            result["payback_years"] or "",
            _years_text(result["payback_years"], lang),
        ),
        ("pv_roi", result["pv_roi"], format_percent(dec(result["pv_roi"]))),
        (
            "discounted_payback_years",
            result["discounted_payback_years"] or "",
            _years_text(result["discounted_payback_years"], lang),
        ),
    ]
    cards = headline(
        [(name, t(f"roi.out.{name}", lang), value, shown) for name, value, shown in outputs]
    )

    lines = [
        t(
            "roi.explain.roi",
            lang,
            benefit=format_money(dec(result["total_benefit"])),
            cost=format_money(dec(result["total_cost"])),
            roi=format_percent(dec(result["roi"])),
        ),
        t(
            "roi.explain.npv",
            lang,
            rate=format_percent(dec(inputs["discount_rate"])),
            years=inputs["years"],
            npv=format_money(dec(result["npv"])),
        ),
    ]
    parts = result["payback_parts"]
    if parts:
        lines.append(
            t(
                "roi.explain.payback",
                lang,
                before=plain_str(dec(parts["before"])),
                gap=format_money(dec(parts["gap"])),
                flow=format_money(dec(parts["flow"])),
                payback=result["payback_years"],
            )
        )
    elif result["payback_years"] is None:
        lines.append(t("roi.explain.no_payback", lang, years=inputs["years"]))

    columns = ["year", "cost", "benefit", "net", "cumulative", "discount_factor", "present_value"]
    body = []
    for row in result["cash_flows"]:
        cells: list[str] = [str(row["year"])]
        for key in columns[1:]:
            value = dec(row[key])
            cells.append(
                format_number(value, 6).rstrip("0").rstrip(".")
                if key == "discount_factor"
                else format_number(value, 2)
            )
        body.append(cells)
    cash_table = table(
        t("roi.table.caption", lang),
        [t(f"roi.col.{c}", lang) for c in columns],
        body,
        numeric_from=1,
    )
    chart = charts.bar_chart(
        title=t("roi.col.cumulative", lang),
        labels=[str(row["year"]) for row in result["cash_flows"]],
        values=[dec(row["cumulative"]) for row in result["cash_flows"]],
        lang=lang,
    )
    notes = [
        t("roi.convention.timing", lang),
        t("roi.convention.npv", lang),
        t("roi.convention.payback", lang),
        t("result.rounding", lang),
    ]
    return result_panel(
        cards,
        join([explain(lines, lang), chart, cash_table, conventions(notes, lang)]),
        lang,
    )


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("roi", "npv", "irr", "payback_years"),
    check=check,
)

__all__ = ["CALCULATOR", "compute", "irr", "npv", "payback", "render"]
