"""The result panel of the bonus calculator (build time and browser alike)."""

from __future__ import annotations

from decimal import Decimal

from .. import svg
from ..html import Markup, join
from ..messages import t
from ..money import format_money, format_percent
from ..render import Cell, conventions, explain, headline, result_panel, table
from .result import HEADLINE, BonusResult

_WIDTH = 560
_HEIGHT = 240
_PAD_LEFT = 56
_PAD_RIGHT = 16
_PAD_TOP = 24
_PAD_BOTTOM = 30
_MIN_TICK_GAP = Decimal(40)


def _pct(value: str) -> str:
    return format_percent(Decimal(value))


def _money(value: str) -> str:
    return format_money(Decimal(value))


def payout_chart(result: BonusResult, lang: str) -> Markup:
    """The payout curve (payout rate over attainment), the gate drawn as a jump, the cap as a
    flat line, and the rep's point marked. Title and description for assistive technology."""
    points = [(Decimal(p["from"]), Decimal(p["payout"])) for p in result["curve"]]
    now_x, now_y = Decimal(result["attainment"]), Decimal(result["payout_rate"])
    x_max = max(points[-1][0] * Decimal("1.2"), now_x * Decimal("1.05"), Decimal(1))
    y_max = max(points[-1][1], Decimal("0.01"))
    px = svg.Scale(Decimal(0), x_max, Decimal(_PAD_LEFT), Decimal(_WIDTH - _PAD_RIGHT))
    py = svg.Scale(y_max, Decimal(0), Decimal(_PAD_TOP), Decimal(_HEIGHT - _PAD_BOTTOM))
    line = [(Decimal(0), Decimal(0))]
    if points[0][0] > 0:
        line.append((points[0][0], Decimal(0)))
    line += [*points, (x_max, points[-1][1])]
    baseline = py(Decimal(0))
    parts = [svg.line(_PAD_LEFT, _WIDTH - _PAD_RIGHT, baseline, baseline, class_="pb-chart__zero")]
    parts += svg.value_labels(
        ((py(y), format_percent(y, 0)) for y in sorted({y for _, y in points} | {Decimal(0)})),
        x=_PAD_LEFT - 6,
    )
    last_tick: Decimal | None = None
    for x, _ in points:
        if last_tick is not None and px(x) - last_tick < _MIN_TICK_GAP:
            continue
        last_tick = px(x)
        parts.append(
            svg.text(
                px(x), _HEIGHT - 10, format_percent(x, 0), cls="pb-chart__label", anchor="middle"
            )
        )
    parts.append(svg.polyline([(px(x), py(y)) for x, y in line], **{"stroke-width": "2.5"}))
    now = t(
        "bonus.chart.now",
        lang,
        attainment=_pct(result["attainment"]),
        payout=_pct(result["payout_rate"]),
        bonus=_money(result["bonus"]),
    )
    parts.append(svg.mark(px(now_x), py(now_y), now))
    description = t(
        "bonus.chart.desc",
        lang,
        points="; ".join(
            t("bonus.chart.point", lang, attainment=format_percent(x), payout=format_percent(y))
            for x, y in points
        ),
        now=now,
    )
    return svg.frame(
        title=t("bonus.chart.title", lang),
        description=description,
        width=_WIDTH,
        height=_HEIGHT,
        parts=parts,
    )


def _explain_lines(result: BonusResult, lang: str) -> list[str]:
    lines = [
        t(
            "bonus.explain.attainment",
            lang,
            actual=_money(result["actual"]),
            target=_money(result["target"]),
            attainment=_pct(result["attainment"]),
        )
    ]
    first = result["curve"][0]
    last = result["curve"][-1]
    status = result["status"]
    if status == "below_gate":
        lines.append(
            t(
                "bonus.explain.below_gate",
                lang,
                attainment=_pct(result["attainment"]),
                gate=_pct(first["from"]),
            )
        )
    elif status == "top":
        lines.append(
            t(
                "bonus.explain.top",
                lang,
                attainment=_pct(result["attainment"]),
                top=_pct(last["from"]),
                payout=_pct(last["payout"]),
            )
        )
    else:
        segment = result["segment"]
        assert segment is not None  # on the curve there is a segment
        lines.append(
            t(
                "bonus.explain.on_curve",
                lang,
                a=_pct(result["attainment"]),
                a0=_pct(segment["from_attainment"]),
                p0=_pct(segment["from_payout"]),
                a1=_pct(segment["to_attainment"]),
                p1=_pct(segment["to_payout"]),
                payout=_pct(result["payout_rate"]),
            )
        )
    lines.append(
        t(
            "bonus.explain.bonus",
            lang,
            target=_money(result["target_bonus"]),
            payout=_pct(result["payout_rate"]),
            bonus=_money(result["bonus"]),
        )
    )
    nxt = result["next_point"]
    if nxt is not None:
        lines.append(
            t(
                "bonus.explain.next",
                lang,
                attainment=_pct(nxt["attainment"]),
                payout=_pct(nxt["payout"]),
                bonus=_money(nxt["bonus"]),
                needed=_money(nxt["actual_needed"]),
            )
        )
    return lines


def _curve_table(result: BonusResult, lang: str) -> Markup:
    reached = {
        "below_gate": -1,
        "top": len(result["curve"]) - 1,
        "on_curve": next(
            (
                i
                for i, p in enumerate(result["curve"])
                if result["segment"] is not None
                and p["from"] == result["segment"]["from_attainment"]
            ),
            -1,
        ),
    }[result["status"]]
    rows: list[list[Cell]] = []
    target = Decimal(result["target_bonus"])
    for index, point in enumerate(result["curve"]):
        label = format_percent(Decimal(point["from"]))
        if index == reached:
            label = t("bonus.row.current", lang, point=label)
        amount = format_money(target * Decimal(point["payout"]))
        rows.append([label, (_pct(point["payout"]), point["payout"]), amount])
    return table(
        t("bonus.table.curve", lang),
        [t(f"bonus.col.{c}", lang) for c in ("from", "payout", "amount")],
        rows,
        export=result["shares"] is None,
    )


def _shares_table(result: BonusResult, lang: str) -> Markup | None:
    shares, parts = result["shares"], result["share_bonuses"]
    if shares is None or parts is None:
        return None
    rows: list[list[Cell]] = [
        [t("bonus.row.member", lang, n=index), (_money(share), share), (_money(part), part)]
        for index, (share, part) in enumerate(zip(shares, parts, strict=True), start=1)
    ]
    rows.append(
        [
            t("bonus.row.total", lang),
            (_money(result["target_bonus"]), result["target_bonus"]),
            (_money(result["bonus"]), result["bonus"]),
        ]
    )
    return table(
        t("bonus.table.shares", lang),
        [t(f"bonus.col.{c}", lang) for c in ("member", "share", "share_bonus")],
        rows,
        export=True,
    )


def render(result: BonusResult, lang: str) -> Markup:
    """The result panel: headline outputs, explanation, curve chart, tables and conventions."""
    cards = headline(
        [
            ("bonus", t("bonus.out.bonus", lang), result["bonus"], _money(result["bonus"])),
            (
                "payout_rate",
                t("bonus.out.payout_rate", lang),
                result["payout_rate"],
                _pct(result["payout_rate"]),
            ),
            (
                "attainment",
                t("bonus.out.attainment", lang),
                result["attainment"],
                _pct(result["attainment"]),
            ),
        ],
        declared=HEADLINE,
    )
    notes = [
        t("bonus.convention.curve", lang),
        t("bonus.convention.gate", lang, gate=_pct(result["curve"][0]["from"]))
        if Decimal(result["curve"][0]["from"]) > 0
        else None,
        t(
            "bonus.convention.cap",
            lang,
            top=_pct(result["curve"][-1]["from"]),
            payout=_pct(result["max_payout"]),
            bonus=_money(result["max_bonus"]),
        ),
        t("bonus.convention.shares", lang) if result["shares"] is not None else None,
        t("result.rounding", lang),
    ]
    parts = [
        explain(_explain_lines(result, lang), lang),
        payout_chart(result, lang),
        _curve_table(result, lang),
        _shares_table(result, lang),
        conventions([note for note in notes if note is not None], lang),
    ]
    return result_panel(cards, join([part for part in parts if part is not None]), lang)


__all__ = ["payout_chart", "render"]
