"""The result panel of the forecast calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import svg
from ..html import Markup, el, join
from ..messages import t
from ..money import format_compact, format_money, format_number
from ..render import Cell, conventions, explain, headline, result_panel, table
from ..tables.view import mapping_line
from .maths import Z80
from .result import HEADLINE, ForecastResult

_WIDTH = 560
_HEIGHT = 240
_PAD_LEFT = 64
_PAD_RIGHT = 16
_PAD_TOP = 34
_PAD_BOTTOM = 28


def method_name(method: str, lang: str) -> str:
    return t(f"forecast.method.{method}", lang)


def _pct(value: str) -> str:
    return format_number((Decimal(value) * 100).quantize(Decimal("0.01"))) + "%"


def _money(value: str) -> str:
    return format_money(Decimal(value))


def _param(value: str) -> str:
    return format_number(Decimal(value))


def _params_text(result: ForecastResult, lang: str) -> str:
    parts = [f"{name} = {_param(value)}" for name, value in result["params"].items()]
    if result["method"] == "moving_average":
        parts = [t("forecast.window_is", lang, window=result["params"]["window"])]
    text = "，".join(parts) if lang == "zh" else ", ".join(parts)
    if result["fitted"]:
        text += t("forecast.params_fitted", lang)
    return text


def _method_lines(result: ForecastResult, lang: str) -> list[str]:
    method = result["method"]
    state = result["state"]
    first = result["forecast"][0]
    lines = []
    if method == "moving_average":
        window = int(result["params"]["window"])
        last = [_money(v) for v in result["inputs"]["history"][-window:]]
        lines.append(
            t(
                "forecast.explain.moving_average",
                lang,
                window=window,
                values=" + ".join(last),
                value=_money(first["forecast"]),
            )
        )
    elif method == "ses":
        lines.append(
            t(
                "forecast.explain.ses",
                lang,
                alpha=_param(result["params"]["alpha"]),
                level=_money(state["level"] or "0"),
            )
        )
    else:
        level, trend = _money(state["level"] or "0"), _money(state["trend"] or "0")
        if method == "holt":
            lines.append(
                t(
                    "forecast.explain.holt",
                    lang,
                    level=level,
                    trend=trend,
                    value=_money(first["forecast"]),
                )
            )
        else:
            key = (
                "forecast.explain.hw_multiplicative"
                if result["inputs"]["seasonality"] == "multiplicative"
                else "forecast.explain.hw_additive"
            )
            season = state["seasonal"][0]
            shown = (
                format_number(Decimal(season).quantize(Decimal("0.0001")))
                if result["inputs"]["seasonality"] == "multiplicative"
                else _money(season)
            )
            lines.append(
                t(
                    key,
                    lang,
                    level=level,
                    trend=trend,
                    season=shown,
                    value=_money(first["forecast"]),
                )
            )
    lines.append(t("forecast.explain.params", lang, params=_params_text(result, lang)))
    return lines


def _selection_line(result: ForecastResult, lang: str) -> str | None:
    trials = result["trials"]
    if trials is None:
        return None
    parts = []
    for trial in trials:
        name = method_name(trial["method"], lang)
        if trial["mae"] is None:
            parts.append(t("forecast.trial.skipped", lang, method=name))
        else:
            parts.append(t("forecast.trial.mae", lang, method=name, mae=_money(trial["mae"])))
    n = len(result["history"])
    hold = result["holdout"] or 0
    return t(
        "forecast.explain.auto",
        lang,
        train=n - hold,
        hold=hold,
        trials="；".join(parts) if lang == "zh" else "; ".join(parts),
        chosen=method_name(result["method"], lang),
    )


def _error_lines(result: ForecastResult, lang: str) -> list[str]:
    lines = [
        t(
            "forecast.explain.errors",
            lang,
            periods=result["fitted_periods"],
            rmse=_money(result["rmse"]),
            bias=_money(result["bias"]),
        )
    ]
    if result["mape"] is not None:
        lines.append(
            t(
                "forecast.explain.mape",
                lang,
                mape=_pct(result["mape"]),
                periods=result["fitted_periods"] - result["zero_skipped"],
            )
        )
    if result["zero_skipped"]:
        lines.append(t("forecast.explain.zero_skipped", lang, count=result["zero_skipped"]))
    first = result["forecast"][0]
    lines.append(
        t(
            "forecast.explain.interval",
            lang,
            z=format_number(Z80),
            rmse=_money(result["rmse"]),
            value=_money(first["forecast"]),
            low=_money(first["low"]),
            high=_money(first["high"]),
        )
    )
    return lines


def chart(result: ForecastResult, lang: str) -> Markup:
    """History (solid), one-step fits (dashed), the forecast (bold) inside its 80 % band."""
    actual = [Decimal(row["actual"]) for row in result["history"]]
    fits = [None if row["fit"] is None else Decimal(row["fit"]) for row in result["history"]]
    ahead = result["forecast"]
    values = actual + [Decimal(p["high"]) for p in ahead] + [Decimal(p["low"]) for p in ahead]
    top, bottom = max(values), min(min(values), Decimal(0))
    count = len(actual) + len(ahead)
    px = svg.Scale(Decimal(0), Decimal(count - 1), Decimal(_PAD_LEFT), Decimal(_WIDTH - _PAD_RIGHT))
    py = svg.Scale(top, bottom, Decimal(_PAD_TOP), Decimal(_HEIGHT - _PAD_BOTTOM))
    n = len(actual)
    band_top = [(px(Decimal(n - 1)), py(actual[-1]))] + [
        (px(Decimal(n + i)), py(Decimal(p["high"]))) for i, p in enumerate(ahead)
    ]
    band_bottom = [(px(Decimal(n + i)), py(Decimal(p["low"]))) for i, p in enumerate(ahead)]
    band = " ".join(f"{svg.coord(x)},{svg.coord(y)}" for x, y in band_top + band_bottom[::-1])
    parts: list[Markup] = [
        svg.line(_PAD_LEFT, _WIDTH - _PAD_RIGHT, py(bottom), py(bottom), class_="pb-chart__zero"),
        el("polygon", {"points": band, "class": "pb-chart__band"}),
    ]
    parts += svg.value_labels(
        ((py(v), format_compact(v, lang)) for v in (top, bottom)),
        x=_PAD_LEFT - 6,
        min_gap=Decimal(0),
    )
    parts.append(svg.polyline([(px(Decimal(i)), py(v)) for i, v in enumerate(actual)]))
    fitted = [(px(Decimal(i)), py(v)) for i, v in enumerate(fits) if v is not None]
    if len(fitted) > 1:
        parts.append(svg.polyline(fitted, **{"stroke-dasharray": "4 3", "opacity": "0.6"}))
    parts.append(
        svg.polyline(
            [(px(Decimal(n - 1)), py(actual[-1]))]
            + [(px(Decimal(n + i)), py(Decimal(p["forecast"]))) for i, p in enumerate(ahead)],
            **{"stroke-width": "3", "class": "pb-chart__forecast"},
        )
    )
    labels = [row["label"] for row in result["history"]] + [p["label"] for p in ahead]
    for index in sorted({0, n - 1, count - 1}):
        anchor = "start" if index == 0 else ("end" if index == count - 1 else "middle")
        parts.append(
            svg.text(
                px(Decimal(index)), _HEIGHT - 8, labels[index], cls="pb-chart__label", anchor=anchor
            )
        )
    for index, key in enumerate(("actual", "fit", "forecast")):
        y = 10 + 13 * index
        style = {
            "actual": {},
            "fit": {"stroke-dasharray": "4 3", "opacity": "0.6"},
            "forecast": {"stroke-width": "3", "class": "pb-chart__forecast"},
        }[key]
        parts.append(svg.line(_PAD_LEFT + 8, _PAD_LEFT + 32, y, y, stroke="currentColor", **style))
        parts.append(
            svg.text(_PAD_LEFT + 38, y + 4, t(f"forecast.chart.{key}", lang), cls="pb-chart__label")
        )
    description = t(
        "forecast.chart.desc",
        lang,
        periods=n,
        first=labels[0],
        last=labels[n - 1],
        method=method_name(result["method"], lang),
        forecasts="；".join(f"{p['label']}: {_money(p['forecast'])}" for p in ahead),
    )
    return svg.frame(
        title=t("forecast.chart.title", lang),
        description=description,
        width=_WIDTH,
        height=_HEIGHT,
        parts=parts,
    )


def render(result: ForecastResult, lang: str) -> Markup:
    outputs = [
        ("next_period", result["next_period"], _money(result["next_period"])),
        ("horizon_total", result["horizon_total"], _money(result["horizon_total"])),
    ]
    if result["mape"] is not None:
        outputs.append(("mape", result["mape"], _pct(result["mape"])))
    outputs.append(("method", result["method"], method_name(result["method"], lang)))
    cards = headline(
        [
            (
                name,
                t(f"forecast.out.{name}", lang, horizon=result["inputs"]["horizon"]),
                value,
                shown,
            )
            for name, value, shown in outputs
        ],
        declared=HEADLINE,
    )
    forecast_rows: list[list[Cell]] = [
        [
            p["label"],
            (_money(p["forecast"]), p["forecast"]),
            (_money(p["low"]), p["low"]),
            (_money(p["high"]), p["high"]),
        ]
        for p in result["forecast"]
    ]
    forecast_table = table(
        t("forecast.table.forecast", lang),
        [t(f"forecast.col.{c}", lang) for c in ("period", "forecast", "low", "high")],
        forecast_rows,
        export=True,
    )
    history_rows: list[list[Cell]] = []
    for row in result["history"]:
        fit = row["fit"]
        error = None if fit is None else str(Decimal(fit) - Decimal(row["actual"]))
        history_rows.append(
            [
                row["label"],
                (_money(row["actual"]), row["actual"]),
                ("—", "") if fit is None else (_money(fit), fit),
                ("—", "") if error is None else (_money(error), error),
            ]
        )
    history_table = table(
        t("forecast.table.history", lang),
        [t(f"forecast.col.{c}", lang) for c in ("period", "actual", "fit", "error")],
        history_rows,
    )
    lines = _method_lines(result, lang)
    selection = _selection_line(result, lang)
    if selection:
        lines.insert(0, selection)
    lines += _error_lines(result, lang)
    notes = [
        t(f"forecast.convention.{key}", lang)
        for key in ("fits", "methods", "fitting", "auto", "errors", "interval")
    ]
    notes.append(t("result.rounding", lang))
    mapping = result["mapping"]
    body = join(
        [
            # A history pasted or opened as a table: which column was read as what.
            mapping_line(mapping, lang, field="history") if mapping else None,
            chart(result, lang),
            forecast_table,
            explain(lines, lang),
            history_table,
            conventions(notes, lang),
        ]
    )
    return result_panel(cards, body, lang)
