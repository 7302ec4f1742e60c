"""The process flow diagram, drawn from the stage list as inline SVG at build time.

No diagram library, no script and no CDN: the diagram is in the page, prints, works offline and
is readable by screen readers (``<title>``/``<desc>`` and a link per stage). Stages wrap onto
rows of four so the diagram stays legible on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from calculators.html import Markup, el
from playbook.content.model import Stage

__all__ = ["stage_flow"]

_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _PER_ROW = 150, 56, 40, 40, 4


def _lines(text: str, width: int = 8) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)][:2] or [""]


def stage_flow(stages: Sequence[Stage], links: Mapping[str, str], title: str) -> Markup:
    """Boxes in order, left to right, wrapping; arrows between consecutive stages."""
    if not stages:
        return Markup("")
    rows = (len(stages) + _PER_ROW - 1) // _PER_ROW
    width = _PER_ROW * _BOX_W + (_PER_ROW - 1) * _GAP_X + 20
    height = rows * _BOX_H + (rows - 1) * _GAP_Y + 20
    parts: list[Markup] = [
        el("title", None, title),
        el("desc", None, " → ".join(f"{s.order}. {s.name}" for s in stages)),
        el(
            "defs",
            None,
            el(
                "marker",
                {
                    "id": "pb-arrow",
                    "viewBox": "0 0 10 10",
                    "refX": "9",
                    "refY": "5",
                    "markerWidth": "7",
                    "markerHeight": "7",
                    "orient": "auto-start-reverse",
                },
                el("path", {"d": "M 0 0 L 10 5 L 0 10 z", "class": "pb-flow__head"}),
            ),
        ),
    ]
    positions = []
    for index, _stage in enumerate(stages):
        row, col = divmod(index, _PER_ROW)
        positions.append((10 + col * (_BOX_W + _GAP_X), 10 + row * (_BOX_H + _GAP_Y)))
    for index in range(len(stages) - 1):
        (x1, y1), (x2, y2) = positions[index], positions[index + 1]
        if y1 == y2:
            d = f"M {x1 + _BOX_W} {y1 + _BOX_H // 2} L {x2 - 2} {y2 + _BOX_H // 2}"
        else:  # wrap: down from the end of the row, back to the start of the next
            mid = y1 + _BOX_H + _GAP_Y // 2
            d = (
                f"M {x1 + _BOX_W // 2} {y1 + _BOX_H} L {x1 + _BOX_W // 2} {mid} "
                f"L {x2 + _BOX_W // 2} {mid} L {x2 + _BOX_W // 2} {y2 - 2}"
            )
        parts.append(
            el("path", {"d": d, "class": "pb-flow__arrow", "marker-end": "url(#pb-arrow)"})
        )
    for stage, (x, y) in zip(stages, positions, strict=True):
        lines = _lines(f"{stage.order}. {stage.name}")
        text_y = y + _BOX_H // 2 + 5 - (len(lines) - 1) * 9
        box = [
            el(
                "rect",
                {
                    "x": x,
                    "y": y,
                    "width": _BOX_W,
                    "height": _BOX_H,
                    "rx": 8,
                    "class": "pb-flow__box",
                },
            ),
            [
                el(
                    "text",
                    {
                        "x": x + _BOX_W // 2,
                        "y": text_y + i * 18,
                        "text-anchor": "middle",
                        "class": "pb-flow__label",
                    },
                    line,
                )
                for i, line in enumerate(lines)
            ],
        ]
        href = links.get(stage.id)
        parts.append(el("a", {"href": href}, box) if href else el("g", None, box))
    return el(
        "figure",
        {"class": "pb-flow"},
        el(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {width} {height}",
                "role": "img",
                "aria-label": title,
                "class": "pb-flow__svg",
            },
            parts,
        ),
    )
