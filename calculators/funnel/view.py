"""The result panel of the funnel calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import charts
from ..html import Markup, el, join
from ..messages import t
from ..money import (
    format_money,
    format_number,
)
from ..render import conventions, exact, explain, given, headline, result_panel, table
from .result import HEADLINE, FunnelResult


def _pct(value: Decimal) -> str:
    """A fraction as a percentage, up to 4 decimals, trailing zeros dropped: 0.25 → 25%."""
    return format_number((value * 100).quantize(Decimal("0.0001"))) + "%"


def _count(value: str) -> str:
    return format_number(Decimal(value))


def _quotient(value: str) -> str:
    exact = Decimal(value)
    rounded = exact.quantize(Decimal("0.01"))
    return format_number(rounded) if rounded == exact else "≈" + format_number(exact)


def _times(value: Decimal) -> str:
    return format_number(value.quantize(Decimal("0.01"))) + "×"


def _deadline_text(day: int, lang: str) -> str:
    if day > 0:
        return t("funnel.deadline.day", lang, day=day)
    if day == 0:
        return t("funnel.deadline.start", lang)
    return t("funnel.deadline.before", lang, days=-day)


def _funnel_lines(result: FunnelResult, lang: str) -> list[str]:
    dec = exact
    inputs = result["inputs"]
    win = _pct(dec(inputs["win_rate"]))
    lines = [
        t(
            "funnel.explain.deals",
            lang,
            target=format_money(dec(inputs["target"])),
            ads=format_money(dec(inputs["avg_deal_size"])),
            quotient=_quotient(result["deals_exact"]),
            deals=_count(result["deals"]),
        ),
        t(
            "funnel.explain.opportunities",
            lang,
            deals=_count(result["deals"]),
            win=win,
            opportunities=_count(result["opportunities"]),
        ),
    ]
    below_name = t("funnel.stage.opportunity", lang)
    below = result["opportunities"]
    for stage in reversed(result["stages"]):
        lines.append(
            t(
                "funnel.explain.stage",
                lang,
                stage=stage["stage"],
                next_stage=below_name,
                below=_count(below),
                rate=_pct(dec(stage["rate"])),
                needed=_count(stage["needed"]),
            )
        )
        below_name, below = stage["stage"], stage["needed"]
    lines.append(
        t(
            "funnel.explain.pipeline",
            lang,
            target=format_money(dec(inputs["target"])),
            win=win,
            pipeline=format_money(dec(result["pipeline"])),
            coverage=_times(dec(result["coverage"])),
        )
    )
    lines.append(
        t(
            "funnel.explain.velocity",
            lang,
            opportunities=_count(result["opportunities"]),
            ads=format_money(dec(inputs["avg_deal_size"])),
            win=win,
            cycle=inputs["cycle_days"],
            velocity=format_money(dec(result["sales_velocity"])),
        )
    )
    lines.append(
        t(
            "funnel.explain.deadline",
            lang,
            period=inputs["period_days"],
            cycle=inputs["cycle_days"],
            day=format_number(Decimal(result["pipeline_deadline_day"])),
            when=_deadline_text(result["pipeline_deadline_day"], lang),
        )
    )
    return lines


def _forecast_lines(result: FunnelResult, lang: str) -> list[str]:
    dec = exact
    deals = given(result["open_deals"])
    if len(deals) <= 5:
        terms = " + ".join(
            f"{format_money(dec(d['amount']))} × {_pct(dec(d['probability']))}" for d in deals
        )
    else:
        terms = t("funnel.explain.many_terms", lang, count=len(deals))
    return [
        t(
            "funnel.explain.expected",
            lang,
            terms=terms,
            expected=format_money(dec(result["expected_value"])),
        ),
        t(
            "funnel.explain.sd",
            lang,
            variance=format_number(dec(result["variance"])),
            sd=format_money(dec(result["std_dev"])),
            low=format_money(dec(result["forecast_low"])),
            high=format_money(dec(result["forecast_high"])),
        ),
        t(
            "funnel.explain.gap",
            lang,
            target=format_money(dec(result["inputs"]["target"])),
            expected=format_money(dec(result["expected_value"])),
            gap=format_money(dec(result["forecast_gap"])),
        ),
        t(f"funnel.status.{result['forecast_status']}", lang),
    ]


def _stage_table(result: FunnelResult, lang: str) -> tuple[Markup, Markup]:
    dec = exact
    rows: list[tuple[str, str | None, str]] = [
        (s["stage"], s["rate"], s["needed"]) for s in result["stages"]
    ]
    rows.append(
        (t("funnel.stage.opportunity", lang), result["inputs"]["win_rate"], result["opportunities"])
    )
    rows.append((t("funnel.stage.deal", lang), None, result["deals"]))
    body: list[list[str | tuple[str, str]]] = [
        [
            name,
            (_pct(dec(rate)), rate) if rate is not None else ("—", ""),
            (_count(needed), needed),
        ]
        for name, rate, needed in rows
    ]
    stage_table = table(
        t("funnel.table.caption", lang),
        [t("funnel.col.stage", lang), t("funnel.col.rate", lang), t("funnel.col.needed", lang)],
        body,
        export=True,
    )
    chart = charts.bar_chart(
        title=t("funnel.chart.title", lang),
        labels=[name for name, _, _ in rows],
        values=[dec(needed) for _, _, needed in rows],
        lang=lang,
    )
    return stage_table, chart


def _forecast_parts(result: FunnelResult, lang: str) -> tuple[Markup, Markup]:
    dec = exact
    body: list[list[str | tuple[str, str]]] = [
        [
            d["name"],
            (format_number(dec(d["amount"]), 2), d["amount"]),
            (_pct(dec(d["probability"])), d["probability"]),
            (format_number(dec(d["weighted"]), 2), d["weighted"]),
        ]
        for d in given(result["open_deals"])
    ]
    body.append(
        [
            t("funnel.total", lang),
            (format_number(dec(result["open_pipeline"]), 2), given(result["open_pipeline"])),
            ("", ""),
            (format_number(dec(result["expected_value"]), 2), given(result["expected_value"])),
        ]
    )
    forecast_table = table(
        t("funnel.forecast.caption", lang),
        [t(f"funnel.col.{c}", lang) for c in ("name", "amount", "probability", "weighted")],
        body,
    )
    bars = [
        ("low", result["forecast_low"]),
        ("expected", result["expected_value"]),
        ("high", result["forecast_high"]),
        ("target", result["inputs"]["target"]),
    ]
    chart = charts.bar_chart(
        title=t("funnel.chart.forecast", lang),
        labels=[t(f"funnel.bar.{name}", lang) for name, _ in bars],
        values=[dec(value) for _, value in bars],
        lang=lang,
    )
    return forecast_table, chart


def _warning(result: FunnelResult, lang: str) -> Markup | None:
    if not result["cycle_exceeds_period"]:
        return None
    inputs = result["inputs"]
    return el(
        "div",
        {"class": "admonition warning pb-warning", "role": "note"},
        el("p", {"class": "admonition-title"}, t("funnel.warning.title", lang)),
        el(
            "p",
            None,
            t(
                "funnel.warning.cycle",
                lang,
                cycle=inputs["cycle_days"],
                period=inputs["period_days"],
                days=-result["pipeline_deadline_day"],
            ),
        ),
    )


def render(result: FunnelResult, lang: str) -> Markup:
    """Headline counts and amounts, the warning, explanation, charts, tables and conventions."""
    dec = exact
    outputs = [
        ("deals", result["deals"], t("funnel.count", lang, count=_count(result["deals"]))),
        (
            "opportunities",
            result["opportunities"],
            t("funnel.count", lang, count=_count(result["opportunities"])),
        ),
    ]
    if result["leads"] is not None:
        outputs.append(
            ("leads", result["leads"], t("funnel.count", lang, count=_count(result["leads"])))
        )
    outputs += [
        ("pipeline", result["pipeline"], format_money(dec(result["pipeline"]))),
        ("coverage", result["coverage"], _times(dec(result["coverage"]))),
        (
            "sales_velocity",
            result["sales_velocity"],
            t("funnel.per_day", lang, amount=format_money(dec(result["sales_velocity"]))),
        ),
        (
            "pipeline_deadline_day",
            str(result["pipeline_deadline_day"]),
            _deadline_text(result["pipeline_deadline_day"], lang),
        ),
    ]
    has_forecast = result["expected_value"] is not None
    if has_forecast:
        outputs += [
            (
                "expected_value",
                given(result["expected_value"]),
                format_money(dec(result["expected_value"])),
            ),
            (
                "forecast_gap",
                given(result["forecast_gap"]),
                format_money(dec(result["forecast_gap"])),
            ),
        ]
    cards = headline(
        [(name, t(f"funnel.out.{name}", lang), value, shown) for name, value, shown in outputs],
        declared=HEADLINE,
    )
    lines = _funnel_lines(result, lang)
    stage_table, stage_chart = _stage_table(result, lang)
    parts: list[Markup | None] = [_warning(result, lang)]
    notes = [
        t("funnel.convention.rounding_up", lang),
        t("funnel.convention.velocity", lang),
        t("funnel.convention.deadline", lang),
    ]
    if has_forecast:
        lines += _forecast_lines(result, lang)
        forecast_table, forecast_chart = _forecast_parts(result, lang)
        parts += [explain(lines, lang), stage_chart, stage_table, forecast_chart, forecast_table]
        notes.append(t("funnel.convention.forecast", lang))
    else:
        parts += [explain(lines, lang), stage_chart, stage_table]
    notes.append(t("result.rounding", lang))
    parts.append(conventions(notes, lang))
    return result_panel(cards, join(parts), lang)
