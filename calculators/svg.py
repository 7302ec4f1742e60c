"""The one SVG toolkit every chart is drawn with: frame, scales, axis labels, bars, lines, marks.

Charts are inline, accessible SVG rendered by the same Python at build time and in the browser:
:func:`frame` gives each one a ``<title>`` and a text ``<desc>`` (what a screen reader reads)
and a visible caption. Coordinates are exact decimals written to 0.1 px; colours come from the
stylesheet through the ``pb-chart__*`` classes (``currentColor`` where a stroke follows text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .html import AttrValue, Markup, el

__all__ = [
    "Scale",
    "bar",
    "coord",
    "frame",
    "image",
    "line",
    "mark",
    "polyline",
    "text",
    "value_labels",
]

_HALF_PIXEL = Decimal("0.5")


def coord(value: Decimal | int) -> str:
    """A coordinate as SVG text, to 0.1 px."""
    return format(Decimal(value).quantize(Decimal("0.1")), "f")


@dataclass(frozen=True)
class Scale:
    """Linear map from data values (``low`` … ``high``) to pixels (``start`` … ``end``).

    ``end`` may be below ``start``: a vertical scale maps the top value to the top pixel.
    """

    low: Decimal
    high: Decimal
    start: Decimal
    end: Decimal

    def __call__(self, value: Decimal) -> Decimal:
        span = (self.high - self.low) or Decimal(1)
        return self.start + (value - self.low) / span * (self.end - self.start)


def image(
    *, title: str, description: str, width: int, height: int | Decimal, parts: Iterable[Markup]
) -> Markup:
    """One ``role="img"`` SVG named by ``title`` and described by ``description``."""
    return el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-label": title,
            "class": "pb-chart__svg",
        },
        el("title", None, title),
        el("desc", None, description),
        list(parts),
    )


def frame(
    *, title: str, description: str, width: int, height: int | Decimal, parts: Iterable[Markup]
) -> Markup:
    """The figure: an :func:`image` with ``title`` as its visible caption."""
    return el(
        "figure",
        {"class": "pb-chart"},
        image(title=title, description=description, width=width, height=height, parts=parts),
        el("figcaption", None, title),
    )


def text(
    x: Decimal | int,
    y: Decimal | int,
    content: str,
    *,
    cls: str,
    anchor: str | None = None,
    **attrs: AttrValue,
) -> Markup:
    """A text label at (x, y); ``anchor`` is SVG's ``text-anchor`` (start, middle, end)."""
    position: dict[str, AttrValue] = {
        "x": x if isinstance(x, int) else coord(x),
        "y": y if isinstance(y, int) else coord(y),
    }
    if anchor:
        position["text-anchor"] = anchor
    return el("text", {**position, "class": cls, **attrs}, content)


def line(
    x1: Decimal | int, x2: Decimal | int, y1: Decimal | int, y2: Decimal | int, **attrs: AttrValue
) -> Markup:
    """A straight line (an axis, a zero line, a legend swatch)."""

    def at(value: Decimal | int) -> AttrValue:
        return value if isinstance(value, int) else coord(value)

    return el("line", {"x1": at(x1), "x2": at(x2), "y1": at(y1), "y2": at(y2), **attrs})


def bar(
    x: Decimal | int,
    y: Decimal | int,
    width: Decimal | int,
    height: Decimal | int,
    *,
    cls: str,
    tooltip: str,
    **attrs: AttrValue,
) -> Markup:
    """A bar with its value as a tooltip; never thinner than half a pixel, so a zero shows.
    ``attrs`` are further attributes of the ``rect`` (a cell's ``fill-opacity``)."""

    def at(value: Decimal | int) -> AttrValue:
        return value if isinstance(value, int) else coord(value)

    def size(value: Decimal | int) -> AttrValue:
        return value if isinstance(value, int) else coord(max(value, _HALF_PIXEL))

    return el(
        "rect",
        {
            "x": at(x),
            "y": at(y),
            "width": size(width),
            "height": size(height),
            "class": cls,
            **attrs,
        },
        el("title", None, tooltip),
    )


def polyline(points: Sequence[tuple[Decimal, Decimal]], **attrs: AttrValue) -> Markup:
    """A line through ``points`` (pixel coordinates), unfilled, in the text colour."""
    coords = " ".join(f"{coord(x)},{coord(y)}" for x, y in points)
    return el("polyline", {"points": coords, "fill": "none", "stroke": "currentColor", **attrs})


def mark(x: Decimal, y: Decimal, tooltip: str) -> Markup:
    """A dot marking one point (where the rep stands now), with a tooltip."""
    return el(
        "circle",
        {"cx": coord(x), "cy": coord(y), "r": 5, "fill": "currentColor"},
        el("title", None, tooltip),
    )


def value_labels(
    ticks: Iterable[tuple[Decimal, str]], *, x: int, min_gap: Decimal = Decimal(14)
) -> list[Markup]:
    """Right-aligned value labels (pixel y, text) left of the plot at ``x``; a label closer than
    ``min_gap`` to one already drawn is left out, so labels never overlap."""
    placed: list[Decimal] = []
    out: list[Markup] = []
    for y, label in ticks:
        if any(abs(y - other) < min_gap for other in placed):
            continue
        placed.append(y)
        out.append(text(x, y + 4, label, cls="pb-chart__axis", anchor="end"))
    return out
