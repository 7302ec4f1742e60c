"""Which column holds what: roles (customer, date, amount …) found by their headers.

Headers are matched after normalising both sides (:func:`normalize_header`): case, full-width
letters and brackets, spaces, ``_`` ``-`` ``.`` and anything in brackets are ignored, so
``金额（元）``, ``金额(万元)``, ``Order Date`` and ``ORDER_DATE`` all match. A unit in the
header (``（万元）``, ``/万元``, ``(%)``) is kept: amounts in a ``万元`` column are multiplied by
10,000 (stated in :meth:`ColumnMap.notes`), and a ``(%)`` probability column reads ``30`` as
30 %.

Only the roles a calculator asks for are looked for; the first matching column (left to right)
wins and the others are reported as unrecognised, so a caller can offer them in a choice. The
caller may override any role by column index (0-based) or header text, e.g. ``{"amount": 3}``.
A table without a header is mapped by position only when the caller says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import InputError
from ..messages import t
from ..money import format_number
from .model import Table, table_error

__all__ = [
    "ROLES",
    "ColumnMap",
    "is_known_header",
    "map_columns",
    "normalize_header",
    "role_label",
]

#: Each role's header names, most usual first. ``value`` and ``period`` (a time series) also
#: accept the names of ``amount`` and ``date`` when the caller does not ask for those.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": (
        "客户名称", "客户", "客户名", "客户全称", "公司名称", "单位名称", "购买方", "购货单位",
        "customer", "customer name", "account", "account name", "company", "client",
    ),
    "date": (
        "日期", "下单日期", "订单日期", "成交日期", "交易日期", "销售日期", "开票日期",
        "date", "order date", "transaction date",
    ),
    "amount": (
        "金额", "销售额", "含税金额", "订单金额", "成交金额", "收入", "销售金额", "合同金额",
        "价税合计", "amount", "revenue", "sales", "sales amount",
    ),
    "quantity": ("数量", "件数", "销量", "qty", "quantity"),
    "stage": ("阶段", "销售阶段", "商机阶段", "stage", "sales stage"),
    "close_date": (
        "预计成交日期", "预计签约日期", "预计成交时间", "close date", "expected close",
        "expected close date",
    ),
    "name": ("商机名称", "项目名称", "商机", "名称", "opportunity", "opportunity name", "name"),
    "probability": ("赢率", "概率", "成交概率", "赢单率", "probability", "win probability"),
    "period": ("期间", "月份", "年月", "月", "季度", "周", "年份", "period", "month", "quarter"),
    "value": ("数值", "值", "实际", "实际值", "业绩", "value", "actual"),
}  # fmt: skip
ROLES: tuple[str, ...] = tuple(SYNONYMS)
_FALLBACK = {"value": "amount", "period": "date"}
#: How each role is typed (see :mod:`.rows`).
KINDS: dict[str, str] = {
    "customer": "text",
    "date": "date",
    "amount": "money",
    "quantity": "integer",
    "stage": "text",
    "close_date": "date",
    "name": "text",
    "probability": "rate",
    "period": "text",
    "value": "money",
}
_ROLE_KEYS = {
    "customer": "tables.role.customer",
    "date": "tables.role.date",
    "amount": "tables.role.amount",
    "quantity": "tables.role.quantity",
    "stage": "tables.role.stage",
    "close_date": "tables.role.close_date",
    "name": "tables.role.name",
    "probability": "tables.role.probability",
    "period": "tables.role.period",
    "value": "tables.role.value",
}
#: Units a header may carry → (multiplier, zh name, en name).
_UNITS: dict[str, tuple[Decimal, str, str]] = {
    "元": (Decimal(1), "元", "yuan"),
    "rmb": (Decimal(1), "元", "yuan"),
    "cny": (Decimal(1), "元", "yuan"),
    "¥": (Decimal(1), "元", "yuan"),
    "千元": (Decimal(1000), "千元", "thousand yuan"),
    "万元": (Decimal(10_000), "万元", "ten thousand yuan"),
    "万": (Decimal(10_000), "万元", "ten thousand yuan"),
    "百万元": (Decimal(1_000_000), "百万元", "million yuan"),
    "百万": (Decimal(1_000_000), "百万元", "million yuan"),
    "亿元": (Decimal(100_000_000), "亿元", "hundred million yuan"),
    "亿": (Decimal(100_000_000), "亿元", "hundred million yuan"),
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>|《[^》]*》")
_UNIT_IN_HEADER = re.compile(r"[(\[【〔]\s*([^)\]】〕]*?)\s*[)\]】〕]|/\s*([^/]+?)\s*$")
_IGNORED = re.compile(r"[\s_\-.:：·%]+")


def normalize_header(text: str) -> str:
    """The form headers are compared in: ``金额（万元）`` → ``金额``, ``Order Date`` →
    ``orderdate``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _BRACKETS.sub("", text)
    text = re.sub(r"/[^/]*$", "", text) if "/" in text else text
    return _IGNORED.sub("", text)


_LOOKUP: dict[str, dict[str, None]] = {
    role: dict.fromkeys(normalize_header(name) for name in names)
    for role, names in SYNONYMS.items()
}
_ALL_NAMES = frozenset(name for names in _LOOKUP.values() for name in names)


def is_known_header(text: str) -> bool:
    """Whether ``text`` is the header name of any role (decides that a first row is a header)."""
    return bool(text) and normalize_header(text) in _ALL_NAMES


def _header_unit(text: str) -> tuple[Decimal, str, str] | None:
    """The unit a header states (``金额（万元）`` → 10,000), or ``None``."""
    for match in _UNIT_IN_HEADER.finditer(unicodedata.normalize("NFKC", text).casefold()):
        unit = _IGNORED.sub("", match[1] if match[1] is not None else match[2])
        if unit in _UNITS:
            return _UNITS[unit]
    return None


def _header_says_percent(text: str) -> bool:
    return "%" in unicodedata.normalize("NFKC", text)


def role_label(role: str, lang: str) -> str:
    """A role's name for people: ``amount`` → 金额 / Amount."""
    return t(_ROLE_KEYS[role], lang)


@dataclass(frozen=True)
class ColumnMap:
    """Where each role is: role → column index (0-based), and what the headers say."""

    columns: dict[str, int]
    #: Columns no requested role was found in, by index.
    unrecognised: tuple[int, ...]
    #: The header texts (empty strings when the table has none).
    headers: tuple[str, ...]
    #: Money roles whose header states a unit other than 元: role → multiplier.
    scales: dict[str, Decimal] = field(default_factory=dict)
    #: Roles whose header says ``%`` (a bare ``30`` is 30 %).
    percent: frozenset[str] = frozenset()
    _units: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def label(self, role: str, lang: str = "zh") -> str:
        """What to call a role's column in a message: its header as typed, else the role."""
        column = self.columns.get(role)
        if column is not None and column < len(self.headers) and self.headers[column]:
            return self.headers[column]
        return role_label(role, lang)

    def notes(self, lang: str = "zh") -> list[str]:
        """What the reader assumed from the headers, one sentence each (a unit in a header)."""
        out = []
        for role, factor in self.scales.items():
            unit_zh, unit_en = self._units[role]
            out.append(
                t(
                    "tables.note.scaled",
                    lang,
                    header=self.label(role, lang),
                    unit_zh=unit_zh,
                    unit_en=unit_en,
                    factor=format_number(factor),
                )
            )
        return out


def _quoted(items: Sequence[str], lang: str) -> str:
    if lang == "en":
        return ", ".join(f"“{item}”" for item in items)
    return "、".join(f"「{item}」" for item in items)


def _headers_text(headers: Sequence[str], lang: str) -> str:
    shown = [h or ("（空）" if lang == "zh" else "(blank)") for h in headers[:20]]
    more = len(headers) - len(shown)
    text = _quoted(shown, lang)
    if more > 0:
        text += f" …（+{more}）" if lang == "zh" else f" … (+{more})"
    return text


def _find_column(table: Table, given: int | str, role: str) -> int:
    headers = table.header or ()
    if isinstance(given, int) and not isinstance(given, bool):
        if 0 <= given < table.width:
            return given
    elif isinstance(given, str):
        for wanted in (given.strip(), normalize_header(given)):
            for index, header in enumerate(headers):
                if header == wanted or normalize_header(header) == wanted:
                    return index
    error = table_error(
        "tables.error.no_such_column",
        column=str(given),
        headers_zh=_headers_text(headers, "zh"),
        headers_en=_headers_text(headers, "en"),
    )
    error.field = role
    raise error


def map_columns(
    table: Table,
    roles: Sequence[str],
    *,
    required: Collection[str] = (),
    override: Mapping[str, int | str | None] | None = None,
    by_position: bool = False,
) -> ColumnMap:
    """Find the columns of ``roles`` in ``table``.

    ``override`` fixes roles to a column index or header text (``None``: not in this table).
    ``by_position``: a table without a header maps ``roles`` to its columns in order.
    Raises :class:`InputError` when a ``required`` role has no column (one message naming all
    missing roles and listing the headers found), or an override names no column.
    """
    unknown = [r for r in (*roles, *required, *(override or {})) if r not in SYNONYMS]
    if unknown:
        raise ValueError(f"unknown table roles: {', '.join(unknown)}")
    columns: dict[str, int] = {}
    absent: set[str] = set()
    for role, given in (override or {}).items():
        if given is None:
            absent.add(role)
            continue
        column = _find_column(table, given, role)
        clash = next((r for r, c in columns.items() if c == column), None)
        if clash is not None:
            raise table_error(
                "tables.error.same_column",
                first_zh=role_label(clash, "zh"),
                first_en=role_label(clash, "en"),
                second_zh=role_label(role, "zh"),
                second_en=role_label(role, "en"),
            )
        columns[role] = column
    wanted = [r for r in roles if r not in columns and r not in absent]
    headers = table.header
    if headers is not None:
        _match_headers(headers, wanted, set(roles), columns)
    elif by_position:
        free = [c for c in range(table.width) if c not in columns.values()]
        for role, column in zip(wanted, free, strict=False):
            columns[role] = column
    missing = [r for r in required if r not in columns]
    if missing:
        raise _missing(table, missing)
    return _described(table, columns)


def _match_headers(
    headers: Sequence[str], wanted: list[str], asked: set[str], columns: dict[str, int]
) -> None:
    normalized = [normalize_header(h) for h in headers]
    for use_fallback in (False, True):
        for role in wanted:
            if role in columns:
                continue
            names = _LOOKUP[role]
            if use_fallback:
                fallback = _FALLBACK.get(role)
                if fallback is None or fallback in asked:
                    continue
                names = _LOOKUP[fallback]
            taken = set(columns.values())
            for index, name in enumerate(normalized):
                if index not in taken and name in names:
                    columns[role] = index
                    break


def _missing(table: Table, missing: list[str]) -> InputError:
    roles = {lang: _quoted([role_label(r, lang) for r in missing], lang) for lang in ("zh", "en")}
    if table.header is None:
        first = table.rows[0] if table.rows else ()
        return table_error(
            "tables.error.no_header",
            roles_zh=roles["zh"],
            roles_en=roles["en"],
            first=" | ".join(first[:8]),
        )
    return table_error(
        "tables.error.missing_columns",
        roles_zh=roles["zh"],
        roles_en=roles["en"],
        headers_zh=_headers_text(table.header, "zh"),
        headers_en=_headers_text(table.header, "en"),
    )


def _described(table: Table, columns: dict[str, int]) -> ColumnMap:
    headers = table.header or ("",) * table.width
    scales: dict[str, Decimal] = {}
    units: dict[str, tuple[str, str]] = {}
    percent = set()
    for role, column in columns.items():
        header = headers[column]
        if KINDS[role] == "money":
            unit = _header_unit(header)
            if unit is not None and unit[0] != 1:
                scales[role] = unit[0]
                units[role] = (unit[1], unit[2])
        elif KINDS[role] == "rate" and _header_says_percent(header):
            percent.add(role)
    taken = set(columns.values())
    return ColumnMap(
        columns=columns,
        unrecognised=tuple(c for c in range(table.width) if c not in taken),
        headers=tuple(headers),
        scales=scales,
        percent=frozenset(percent),
        _units=units,
    )
