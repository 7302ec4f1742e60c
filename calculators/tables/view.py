"""What a result panel says about a table it read: which column each role came from.

:func:`mapping_line` is the one renderer of it (customer tiers and any other calculator that
reads a ``table`` field): ``读取的列：客户 ← 「客户名称」，日期 ← 「下单日期」，金额 ←
「含税金额（万元）」×10,000；未使用：「备注」``. The element also carries, as JSON, the table's
columns and the ones chosen, which the page script offers in the form's 列对应 selects (only
Python reads the file, so only Python knows the headers of an opened .xlsx).
"""

from __future__ import annotations

import json
from decimal import Decimal

from ..html import Markup, el
from ..messages import t
from ..money import format_number
from .columns import role_label
from .fields import NOT_USED, ColumnMapping, option_value

__all__ = ["mapping_line"]

#: Unused columns named in the line; a wide CRM export says how many more there are.
SHOWN_UNUSED = 8


def _column_label(headers: list[str], column: int, lang: str) -> str:
    """A column as people see it: its header, ``第 3 列`` when blank, both when repeated."""
    header = headers[column].strip()
    position = t("tables.mapping.column", lang, n=column + 1)
    if not header:
        return position
    if headers.count(headers[column]) > 1:
        return f"{header}（{position}）" if lang == "zh" else f"{header} ({position})"
    return header


def _quoted(text: str, lang: str) -> str:
    return f"「{text}」" if lang == "zh" else f"“{text}”"


def mapping_line(mapping: ColumnMapping, lang: str, *, field: str) -> Markup:
    """The 读取的列 line of table field ``field``, carrying the form's column choices."""
    headers = mapping["headers"]
    pairs = []
    for use in mapping["roles"]:
        role = role_label(use["role"], lang)
        column = use["column"]
        if column is None:
            pairs.append(t("tables.mapping.absent", lang, role=role))
            continue
        text = t(
            "tables.mapping.pair", lang, role=role, column=_column_label(headers, column, lang)
        )
        if use["scale"] is not None:
            text += "×" + format_number(Decimal(use["scale"]))
        pairs.append(text)
    line = t("tables.mapping.read", lang, pairs=("，" if lang == "zh" else ", ").join(pairs))
    unused = mapping["unused"]
    if unused:
        names = [_quoted(_column_label(headers, c, lang), lang) for c in unused[:SHOWN_UNUSED]]
        columns = ("、" if lang == "zh" else ", ").join(names)
        if len(unused) > SHOWN_UNUSED:
            columns += t("tables.mapping.more", lang, count=len(unused) - SHOWN_UNUSED)
        line += t("tables.mapping.unused", lang, columns=columns)
    choices = {
        "options": [
            {"value": option_value(headers, c), "label": _column_label(headers, c, lang)}
            for c in range(len(headers))
        ],
        "chosen": {
            use["role"]: (
                option_value(headers, use["column"]) if use["column"] is not None else NOT_USED
            )
            for use in mapping["roles"]
        },
    }
    return el(
        "p",
        {
            "class": "pb-note pb-colmap-read",
            "data-colmap": json.dumps(choices, ensure_ascii=False, separators=(",", ":")),
            "data-colmap-field": field,
        },
        line,
    )
