"""The segment matrix chart: recency score × frequency score, once for the customers with a high
monetary score and once for those with a low one, drawn with :mod:`calculators.svg`.

With the plan's "high" line at ``h``, the columns R ≥ h, the rows F ≥ h and the two grids (M high,
M low) cut the 50 cells into eight regions, and each region is exactly one segment (see
``SEGMENTS`` in ``maths``): its name is written beside it, its cells add up to its row in the
segments table. A cell shows its number of customers and is shaded by it (one scale for both
grids); its tooltip gives the revenue and the segment. Each grid is a ``role="img"`` SVG with a
title and a text description (the segments and their non-empty cells) for assistive technology.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import svg
from ..html import Markup, el
from ..messages import t
from ..money import format_money
from .maths import SEGMENTS
from .result import TiersCell

__all__ = ["matrix_chart"]

_CELL = 52
_LEFT = 30  # F5 … F1 right-aligned left of the grid
_RIGHT = 6
_HEADING = 24  # the grid's own heading (M high / M low)
_BAND = 34  # segment names and their bracket, above and below the grid
_TICKS = 18  # R1 … R5 under the grid
_LINE = 14  # one line of a segment name
_WIDTH = _LEFT + 5 * _CELL + _RIGHT
_TOP = _HEADING + _BAND
_BOTTOM = _TOP + 5 * _CELL
_HEIGHT = _BOTTOM + _TICKS + _BAND + 4
#: Font sizes of a segment's name (px, as in calc.css): the normal one, and the small one for
#: a name that does not fit its columns otherwise (one column, in English).
_NAME_SIZES = (12, 10)
#: At or above this shade the count is written in the light text colour.
_DARK = Decimal("0.55")


def _text_width(text: str, size: int) -> Decimal:
    """A generous estimate of drawn width: CJK a full em, anything else 0.55 em."""
    em = Decimal(size)
    return sum((em if ord(c) >= 0x2E80 else em * Decimal("0.55") for c in text), Decimal(0))


def _two_lines(text: str) -> list[str]:
    """Two lines: at the space nearest the middle; without a space (Chinese), in the middle."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(2 * i - len(text)))
        return [text[:cut], text[cut + 1 :]]
    if any(ord(c) < 0x2E80 for c in text):
        return [text]  # one Latin word: never cut inside it
    cut = (len(text) + 1) // 2
    return [text[:cut], text[cut:]]


def _name_lines(segment: str, width: int, lang: str) -> tuple[list[str], int]:
    """The segment's name and its font size to fit ``width``: on one line, full or without 客户,
    in the normal size, then in the small one; else on two lines (normal, then small). If
    nothing fits, the last try: it may run a little past its columns."""
    full = t(f"customer_tiers.segment.{segment}", lang)
    short = full.removesuffix("客户")
    tries = [([name], size) for size in _NAME_SIZES for name in (full, short)]
    tries += [(_two_lines(short), size) for size in _NAME_SIZES]
    for lines, size in tries:
        if all(_text_width(line, size) <= width - 8 for line in lines):
            return lines, size
    return tries[-1]


def _shade(count: int, most: int) -> Decimal:
    """Fill opacity of a cell: 0 when empty, else 0.15 up to 1 for the fullest cell."""
    if not count or not most:
        return Decimal(0)
    return (Decimal("0.15") + Decimal("0.85") * count / most).quantize(Decimal("0.01"))


def _regions(high: int) -> tuple[list[tuple[bool, int, int]], list[tuple[bool, int, int]]]:
    """Column spans (R high?, first column, columns) and row spans (F high?, first row, rows),
    left to right and top to bottom; a span with no columns or rows is left out."""
    low = high - 1  # R and F scores 1 … high-1 are low
    columns = [(False, 0, low), (True, low, 5 - low)]
    rows = [(True, 0, 5 - low), (False, 5 - low, low)]
    return [c for c in columns if c[2]], [r for r in rows if r[2]]


def _grid(cells: Sequence[TiersCell], *, m_high: bool, high: int, most: int, lang: str) -> Markup:
    band = "high" if m_high else "low"
    heading = t(f"customer_tiers.matrix.{band}", lang, high=high)
    m_text = t(f"customer_tiers.matrix.{band}.short", lang)
    parts: list[Markup] = [
        svg.text(_LEFT, 16, heading, cls="pb-matrix__heading"),
    ]
    for cell in cells:
        x = _LEFT + (cell["r"] - 1) * _CELL
        y = _TOP + (5 - cell["f"]) * _CELL
        count = cell["customers"]
        shade = _shade(count, most)
        segment = t(f"customer_tiers.segment.{cell['segment']}", lang)
        tooltip = t(
            "customer_tiers.matrix.cell",
            lang,
            r=cell["r"],
            f=cell["f"],
            m=m_text,
            count=t("customer_tiers.count", lang, count=count),
            revenue=format_money(Decimal(cell["revenue"])),
            segment=segment,
        )
        parts.append(
            svg.bar(
                x + 1,
                y + 1,
                _CELL - 2,
                _CELL - 2,
                cls="pb-matrix__cell" + ("" if count else " pb-matrix__cell--empty"),
                tooltip=tooltip,
                **({"fill-opacity": str(shade)} if count else {}),
            )
        )
        state = "--dark" if shade >= _DARK else "--empty" if not count else ""
        parts.append(
            svg.text(
                x + _CELL // 2,
                y + _CELL // 2 + 5,
                str(count),
                cls="pb-matrix__count" + (f" pb-matrix__count{state}" if state else ""),
                anchor="middle",
            )
        )
    for score in range(1, 6):
        parts.append(
            svg.text(
                _LEFT + (score - 1) * _CELL + _CELL // 2,
                _BOTTOM + 13,
                f"R{score}",
                cls="pb-chart__axis",
                anchor="middle",
            )
        )
        parts.append(
            svg.text(
                _LEFT - 5,
                _TOP + (5 - score) * _CELL + _CELL // 2 + 4,
                f"F{score}",
                cls="pb-chart__axis",
                anchor="end",
            )
        )
    # The "high" lines: right of them R is high, above them F is high.
    if high > 1:
        x = _LEFT + (high - 1) * _CELL
        y = _TOP + (6 - high) * _CELL
        parts.append(svg.line(x, x, _TOP - 2, _BOTTOM + 2, class_="pb-matrix__line"))
        parts.append(svg.line(_LEFT - 2, _LEFT + 5 * _CELL + 2, y, y, class_="pb-matrix__line"))
    columns, rows = _regions(high)
    for f_high, _, _ in rows:
        above = f_high
        bracket = _TOP - 6 if above else _BOTTOM + _TICKS + 4
        for r_high, first, span in columns:
            left = _LEFT + first * _CELL + 3
            right = _LEFT + (first + span) * _CELL - 3
            toward = 4 if above else -4  # the bracket's ends point at the grid
            parts.append(
                svg.polyline(
                    [
                        (Decimal(left), Decimal(bracket + toward)),
                        (Decimal(left), Decimal(bracket)),
                        (Decimal(right), Decimal(bracket)),
                        (Decimal(right), Decimal(bracket + toward)),
                    ],
                    **{"class": "pb-matrix__bracket"},
                )
            )
            segment = SEGMENTS[(r_high, f_high, m_high)]
            lines, size = _name_lines(segment, span * _CELL, lang)
            for index, line in enumerate(lines):
                if above:
                    baseline = bracket - 5 - (len(lines) - 1 - index) * _LINE
                else:
                    baseline = bracket + _LINE + index * _LINE
                parts.append(
                    svg.text(
                        (left + right) // 2,
                        baseline,
                        line,
                        cls="pb-matrix__name"
                        + ("" if size == _NAME_SIZES[0] else " pb-matrix__name--small"),
                        anchor="middle",
                    )
                )
    return svg.image(
        title=heading,
        description=_description(cells, m_high=m_high, lang=lang),
        width=_WIDTH,
        height=_HEIGHT,
        parts=parts,
    )


def _description(cells: Sequence[TiersCell], *, m_high: bool, lang: str) -> str:
    """Each segment of the grid with its customers and its non-empty cells, for AT."""
    out = []
    for (_, _, m), segment in SEGMENTS.items():
        if m != m_high:
            continue
        own = [c for c in cells if c["segment"] == segment]
        total = sum(c["customers"] for c in own)
        filled = ", ".join(
            f"R{c['r']} F{c['f']}: {t('customer_tiers.count', lang, count=c['customers'])}"
            for c in own
            if c["customers"]
        )
        name = t(f"customer_tiers.segment.{segment}", lang)
        count = t("customer_tiers.count", lang, count=total)
        out.append(f"{name}: {count}" + (f" ({filled})" if filled else ""))
    return "; ".join(out)


def matrix_chart(matrix: Sequence[TiersCell], *, high: int, lang: str) -> Markup:
    """Both grids in one figure, side by side where there is room, with one caption."""
    most = max((c["customers"] for c in matrix), default=0)
    grids = [
        _grid(
            [c for c in matrix if c["m_high"] is m_high],
            m_high=m_high,
            high=high,
            most=most,
            lang=lang,
        )
        for m_high in (True, False)
    ]
    title = t("customer_tiers.chart.matrix", lang)
    return el(
        "figure",
        {"class": "pb-chart pb-matrix"},
        el("div", {"class": "pb-matrix__grids"}, grids),
        el(
            "figcaption",
            None,
            el("strong", None, title),
            " ",
            t("customer_tiers.matrix.caption", lang, high=high),
        ),
    )
