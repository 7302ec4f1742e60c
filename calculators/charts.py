"""The bar chart most panels share (drawn with :mod:`calculators.svg`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from . import svg
from .html import Markup
from .money import format_compact

__all__ = ["bar_chart"]

_WIDTH = 560
_HEIGHT = 220
_PAD_LEFT = 64
_PAD_BOTTOM = 28
_PAD_TOP = 12


def bar_chart(*, title: str, labels: Sequence[str], values: Sequence[Decimal], lang: str) -> Markup:
    """Vertical bars around a zero line; negative bars point down. Title + description for AT."""
    if not values:
        return Markup("")
    top = max(max(values), Decimal(0))
    bottom = min(min(values), Decimal(0))
    y = svg.Scale(top, bottom, Decimal(_PAD_TOP), Decimal(_HEIGHT - _PAD_BOTTOM))
    zero = y(Decimal(0))
    slot = Decimal(_WIDTH - _PAD_LEFT - 8) / len(values)
    bar_w = slot * Decimal("0.6")
    description = "; ".join(
        f"{label}: {format_compact(v, lang)}" for label, v in zip(labels, values, strict=True)
    )
    ticks = (top, Decimal(0), bottom) if bottom < 0 < top else (top, bottom)
    parts = svg.value_labels(
        ((y(tick), format_compact(tick, lang)) for tick in ticks), x=_PAD_LEFT - 6
    )
    parts.append(svg.line(_PAD_LEFT, _WIDTH - 8, zero, zero, **{"class": "pb-chart__zero"}))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = Decimal(_PAD_LEFT) + slot * index + (slot - bar_w) / 2
        parts.append(
            svg.bar(
                x,
                min(y(value), zero),
                bar_w,
                abs(y(value) - zero),
                cls="pb-chart__bar pb-chart__bar--neg" if value < 0 else "pb-chart__bar",
                tooltip=f"{label}: {format_compact(value, lang)}",
            )
        )
        parts.append(
            svg.text(x + bar_w / 2, _HEIGHT - 8, label, cls="pb-chart__label", anchor="middle")
        )
    return svg.frame(
        title=title, description=description, width=_WIDTH, height=_HEIGHT, parts=parts
    )
