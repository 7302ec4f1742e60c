"""The inputs of the pipeline calculator: the opportunity export, the stage table (filled from
the playbook's docs/data/stages.yml by the site), the as-of date and the period's target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .. import clock
from ..spec import Field
from .maths import MAX_DEALS, check_inputs

#: The sample playbook's stages and win probabilities (docs/data/stages.yml). A playbook site
#: fills the field from its own stage table instead (``source="stages"``).
STAGES = (
    "需求确认 20%\n方案与演示 40%\n报价与谈判 60%\n合同签订 80%\n订单与交付 100%\n"
    "售后跟进与续约 100%"
)
#: The sample playbook's stages whose records are leads, not opportunities (``forecast: lead``).
LEAD_STAGES = "线索开发"

#: Fictional open opportunities, written as a CRM exports them (方案演示 for 方案与演示 …).
_DEALS = (
    ("华东精密机械产线升级", "报价谈判", 860_000, 0),
    ("南方食品渠道系统", "方案演示", 420_000, 1),
    ("北辰物流仓储扩容", "合同签订", 1_250_000, -1),
    ("蓝海电子年度框架", "需求确认", 600_000, 3),
    ("星河医疗设备更新", "报价谈判", 380_000, 1),
    ("金桥建材门店试点", "线索开发", 150_000, 4),
    ("绿源农业冷链项目", "方案演示", 720_000, 2),
    ("远航汽配二期", "合同签订", 540_000, 0),
    ("中天化工安全改造", "需求确认", 980_000, 5),
    ("博雅教育扩容", "报价谈判", 260_000, -2),
    ("恒信印务设备租赁", "方案演示", 310_000, 2),
    ("新锐软件华南推广", "线索开发", 200_000, 6),
    ("天成家居全屋方案", "需求确认", 450_000, 2),
    ("明辉照明工厂改造", "报价谈判", 1_100_000, 2),
    ("瑞丰纺织 ERP 对接", "方案演示", 560_000, 3),
    ("启明仪器售后包", "合同签订", 180_000, 1),
    ("安泰安防园区项目", "需求确认", 1_600_000, 7),
    ("嘉禾餐饮门店系统", "方案演示", 240_000, -1),
    ("润泽水务监测平台", "报价谈判", 690_000, 4),
    ("凯达五金经销合作", "线索开发", 120_000, 3),
    ("华东精密机械备件", "赢单", 90_000, -1),
    ("南方食品旧版升级", "输单", 300_000, -2),
)  # fmt: skip


def sample(today: dt.date | None = None) -> str:
    """The sample export, its expected close dates spread from the month before ``today`` over
    the next half year (so the page always has a current pipeline and a few overdue deals)."""
    today = today or clock.today()
    lines = ["商机名称,销售阶段,金额,预计成交日期"]
    for number, (name, stage, amount, months) in enumerate(_DEALS):
        index = today.year * 12 + today.month - 1 + months
        year, month = divmod(index, 12)
        day = 5 + (number * 7) % 23
        lines.append(f"{name},{stage},{amount},{dt.date(year, month + 1, day).isoformat()}")
    return "\n".join(lines)


FIELDS = (
    Field(
        "deals",
        "table",
        default=sample(),
        max_items=MAX_DEALS,
        data=True,
        columns=(
            Field("name", "text", required=False),
            Field("stage", "text"),
            Field("amount", "money"),
            Field("close_date", "text"),
        ),
    ),
    Field("as_of", "text", default=None, required=False, max_length=20),
    Field("target", "money", default=None, required=False, min=Decimal("0.01"), unit="unit.yuan"),
    Field(
        "period_months",
        "integer",
        default=3,
        min=Decimal(1),
        max=Decimal(12),
        unit="pipeline.unit.months",
    ),
    Field(
        "stages",
        "records",
        default=STAGES,
        max_items=20,
        columns=(
            Field("stage", "text", max_length=30),
            Field("rate", "rate", max=Decimal(1)),
        ),
        advanced=True,
        source="stages",
    ),
    Field(
        "lead_stages",
        "text",
        default=LEAD_STAGES,
        required=False,
        max_length=80,
        advanced=True,
        source="lead_stages",
    ),
)


def check(values: dict[str, Any]) -> None:
    check_inputs(values)
