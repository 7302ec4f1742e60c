"""Inline, accessible SVG charts rendered by the same Python at build time and in the browser."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .html import Markup, el
from .money import format_compact

__all__ = ["bar_chart"]

_WIDTH = 560
_HEIGHT = 220
_PAD_LEFT = 64
_PAD_BOTTOM = 28
_PAD_TOP = 12


def _coord(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def bar_chart(*, title: str, labels: Sequence[str], values: Sequence[Decimal], lang: str) -> Markup:
    """Vertical bars around a zero line; negative bars point down. Title + description for AT."""
    if not values:
        return Markup("")
    top = max(max(values), Decimal(0))
    bottom = min(min(values), Decimal(0))
    span = (top - bottom) or Decimal(1)
    plot_h = Decimal(_HEIGHT - _PAD_TOP - _PAD_BOTTOM)
    plot_w = Decimal(_WIDTH - _PAD_LEFT - 8)

    def y(value: Decimal) -> Decimal:
        return Decimal(_PAD_TOP) + (top - value) / span * plot_h

    zero = y(Decimal(0))
    slot = plot_w / len(values)
    bar_w = slot * Decimal("0.6")
    parts: list[Markup] = []
    description = "; ".join(
        f"{label}: {format_compact(v, lang)}" for label, v in zip(labels, values, strict=True)
    )
    parts.append(el("title", {"id": None}, title))
    parts.append(el("desc", None, description))
    placed: list[Decimal] = []
    for tick in (top, Decimal(0), bottom) if bottom < 0 < top else (top, bottom):
        if any(abs(y(tick) - other) < 14 for other in placed):
            continue  # too close to a label already drawn (e.g. a small negative bar)
        placed.append(y(tick))
        parts.append(
            el(
                "text",
                {
                    "x": _PAD_LEFT - 6,
                    "y": _coord(y(tick) + 4),
                    "text-anchor": "end",
                    "class": "pb-chart__axis",
                },
                format_compact(tick, lang),
            )
        )
    parts.append(
        el(
            "line",
            {
                "x1": _PAD_LEFT,
                "x2": _WIDTH - 8,
                "y1": _coord(zero),
                "y2": _coord(zero),
                "class": "pb-chart__zero",
            },
        )
    )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = Decimal(_PAD_LEFT) + slot * index + (slot - bar_w) / 2
        y_top = min(y(value), zero)
        height = abs(y(value) - zero)
        parts.append(
            el(
                "rect",
                {
                    "x": _coord(x),
                    "y": _coord(y_top),
                    "width": _coord(bar_w),
                    "height": _coord(max(height, Decimal("0.5"))),
                    "class": "pb-chart__bar pb-chart__bar--neg" if value < 0 else "pb-chart__bar",
                },
                el("title", None, f"{label}: {format_compact(value, lang)}"),
            )
        )
        parts.append(
            el(
                "text",
                {
                    "x": _coord(x + bar_w / 2),
                    "y": _HEIGHT - 8,
                    "text-anchor": "middle",
                    "class": "pb-chart__label",
                },
                label,
            )
        )
    return el(
        "figure",
        {"class": "pb-chart"},
        el(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {_WIDTH} {_HEIGHT}",
                "role": "img",
                "aria-label": title,
                "class": "pb-chart__svg",
            },
            parts,
        ),
        el("figcaption", None, title),
    )
