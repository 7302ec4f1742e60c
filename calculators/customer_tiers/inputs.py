"""The inputs of the customer tiers calculator: the order table, the as-of date and the
thresholds (a plan file holds the team's own, docs/plans/customer-tiers.yml)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..spec import Field
from .maths import MAX_ORDERS, check_inputs

_NAMES = (
    "华东精密机械", "南方食品", "北辰物流", "蓝海电子", "星河医疗", "金桥建材", "绿源农业",
    "远航汽配", "中天化工", "博雅教育", "恒信印务", "新锐软件", "天成家居", "明辉照明",
    "瑞丰纺织", "启明仪器", "安泰安防", "嘉禾餐饮", "润泽水务", "凯达五金",
)  # fmt: skip


def _sample() -> str:
    """Two years of orders of twenty fictional customers: steady ones, growing ones, a few that
    went quiet in spring 2026 and a few that buy less than a year ago."""
    lines = ["客户,下单日期,金额"]
    end = dt.date(2026, 11, 30)
    for i, name in enumerate(_NAMES):
        day = dt.date(2025, 1, 3) + dt.timedelta(days=i * 3)
        interval = 18 + (i * 7) % 45
        base = Decimal((i * 37) % 20 + 3) * 5000
        stop = dt.date(2026, 3, 20) if i % 6 == 4 else end
        while day <= stop:
            amount = base
            if i % 7 == 3 and day.year == 2026:
                amount = base / 2  # buying less than last year
            if i % 4 == 1:
                amount += Decimal((day - dt.date(2025, 1, 1)).days * 20)  # growing
            lines.append(f"{name},{day.isoformat()},{amount:.2f}")
            day += dt.timedelta(days=interval)
    return "\n".join(lines)


SAMPLE = _sample()

FIELDS = (
    Field(
        "orders",
        "table",
        default=SAMPLE,
        max_items=MAX_ORDERS,
        data=True,
        columns=(
            Field("customer", "text"),
            Field("date", "text"),
            Field("amount", "money"),
        ),
    ),
    Field("as_of", "text", default=None, required=False, max_length=20),
    Field("rfm_high", "integer", default=3, min=Decimal(1), max=Decimal(5), advanced=True),
    Field("abc_a", "rate", default="80%", min=Decimal("0.01"), max=Decimal(1), advanced=True),
    Field("abc_b", "rate", default="95%", min=Decimal("0.01"), max=Decimal(1), advanced=True),
    Field("gap_factor", "number", default="1.5", min=Decimal(1), max=Decimal(10), advanced=True),
    Field(
        "window_days",
        "integer",
        default=90,
        min=Decimal(7),
        max=Decimal(365),
        unit="customer_tiers.unit.days",
        advanced=True,
    ),
    Field("drop", "rate", default="30%", min=Decimal("0.01"), max=Decimal(1), advanced=True),
    Field(
        "silence_days",
        "integer",
        default=270,
        min=Decimal(30),
        max=Decimal(1095),
        unit="customer_tiers.unit.days",
        advanced=True,
    ),
)


def check(values: dict[str, Any]) -> None:
    check_inputs(values)
