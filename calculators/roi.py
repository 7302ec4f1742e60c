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
from .messages import t
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
