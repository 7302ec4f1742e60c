"""How the commission panel writes its figures: amounts, rates, methods, thresholds."""

from __future__ import annotations

from decimal import Decimal, localcontext

from ..messages import t
from ..money import (
    CONTEXT,
    format_compact,
    format_money,
    format_number,
    format_percent,
)
from ..render import Cell
from .result import Method


def _money(text: str) -> str:
    return format_money(Decimal(text))


def _pct(text: str) -> str:
    return format_percent(Decimal(text))


def _money_cell(text: str) -> Cell:
    return (format_number(Decimal(text), 2), text)


def _rate_cell(text: str | None) -> Cell:
    return ("—", "") if text is None else (_pct(text), text)


def _method_name(method: Method, lang: str) -> str:
    return t(f"commission.method.short.{method}", lang)


def _x_text(x: Decimal, quota: Decimal | None, lang: str) -> str:
    """An axis position: attainment (with a quota) or a compact amount."""
    if quota is None:
        return format_compact(x, lang)
    with localcontext(CONTEXT):
        return format_percent(x / quota, 0)


def _needed_text(value: str | None, lang: str) -> Cell:
    return (t("commission.unreachable", lang), "") if value is None else _money_cell(value)
