"""Target breakdown: a yearly sales target split over months and units (regions, teams, reps).

- Target T: typed (``total``), or last year's ``base`` × (1 + ``growth_rate``). With a total and
  a growth rate the implied base is T ÷ (1 + g); with a total and a base the implied growth is
  T ÷ base − 1.
- Assigned total A = T × (1 + over-assignment), rounded half-up to the step s (``round_to``) so
  that every figure of the table is a whole number of steps. Attainment factor = 1 ÷ (1 + o).
- Month j gets A × m_j ÷ Σm and unit i gets A × u_i ÷ Σu, by largest remainder in steps of s
  (ties by order); the cell (unit i, month j) is the floor or the ceiling of its exact share
  A × u_i/Σu × m_j/Σm and every row and column adds up exactly (see :mod:`.allocation`).
- Quarter = the sum of its three months; daily run rate = month ÷ working days (21.75 by
  default, the statutory monthly paid days (365 − 104) ÷ 12), rounded half-up to the cent.
- Bottom-up: gap = Σ commitments − Σ top-down totals of the units that gave a commitment.
- Growth realism (house guidance): a growth target above max(2 × market growth, 0) is flagged;
  share gain = (1 + g) ÷ (1 + market growth) − 1.
- Funnel per unit: deals = ⌈unit total ÷ average deal size⌉, opportunities = ⌈deals ÷ win rate⌉,
  pipeline = unit total ÷ win rate (to the cent); the company figures are the units' sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import ceil, floor
from typing import Any

from . import charts
from .allocation import split_table
from .errors import InputError, InputErrors
from .html import Markup, el, join
from .messages import register, t
from .money import (
    CENT,
    CONTEXT,
    MAX_ABS,
    format_money,
    format_number,
    format_percent,
    money_str,
    plain_str,
    rate_str,
)
from .render import Cell, conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "target_breakdown"

MONTHS = 12
MAX_UNITS = 50
DEFAULT_WORKING_DAYS = Decimal("21.75")
#: House guidance: a growth target above this multiple of market growth needs share gains.
GROWTH_MULTIPLE = Decimal(2)
DEFAULT_UNITS = [{"name": "全公司", "weight": Decimal(1), "commitment": None}]

MESSAGES: dict[str, tuple[str, str]] = {
    "target_breakdown.title": ("销售目标分解计算器", "Sales target breakdown calculator"),
    "target_breakdown.total.label": ("年度目标", "Annual target"),
    "target_breakdown.total.help": (
        "全年要完成的销售额，例如 1000万。也可以不填，改填上年实际和增长率。",
        "The sales to reach this year, e.g. 10,000,000. Or leave it empty and give last "
        "year's actual and the growth rate instead.",
    ),
    "target_breakdown.base.label": ("上年实际", "Last year's actual"),
    "target_breakdown.base.help": (
        "上年全年实际销售额；与增长率一起算出年度目标（年度目标 = 上年实际 ×（1 + 增长率））。",
        "Last year's sales; with the growth rate it gives the target (target = last year × "
        "(1 + growth)).",
    ),
    "target_breakdown.growth_rate.label": ("增长率", "Growth rate"),
    "target_breakdown.growth_rate.help": (
        "今年比上年增长多少，例如 15%。填了年度目标时，用它反推上年基数。",
        "How much this year grows on last year, e.g. 15%. With an annual target it gives the "
        "implied base.",
    ),
    "target_breakdown.months.label": ("月度权重", "Monthly weights"),
    "target_breakdown.months.help": (
        "12 个数，用空格分开，1 月在前；可以直接填上年各月实际，例如 80万 75万 …。"
        "不填时 12 个月平均分配。",
        "12 numbers separated by spaces, January first; last year's monthly actuals work "
        "as they are. Empty: equal months.",
    ),
    "target_breakdown.units.label": ("分解单位", "Units"),
    "target_breakdown.units.help": (
        "每行一个单位（区域、团队或销售）：名称、权重，可选再加自报承诺额，用空格分开，"
        "例如：华东 40 420万。权重可以是比例，也可以是潜力或上年业绩。",
        "One unit (region, team or rep) per line: name, weight and optionally its own "
        "commitment, separated by spaces, e.g. East 40 4200000.",
    ),
    "target_breakdown.units.name.label": ("名称", "Name"),
    "target_breakdown.units.name.help": ("单位名称。", "The unit's name."),
    "target_breakdown.units.weight.label": ("权重", "Weight"),
    "target_breakdown.units.weight.help": (
        "分配比例的依据，不必加起来等于 100。",
        "What the split is based on; need not add up to 100.",
    ),
    "target_breakdown.units.commitment.label": ("自报承诺", "Commitment"),
    "target_breakdown.units.commitment.help": (
        "单位自己报上来的全年目标（自下而上），可不填。",
        "The unit's own yearly commitment (bottom-up); optional.",
    ),
    "target_breakdown.round_to.label": ("取整单位", "Round to"),
    "target_breakdown.round_to.help": (
        "表中每个数都是它的整数倍：0.01 为分、1 为元、10000 为万元。",
        "Every figure is a multiple of it: 0.01 for cents, 1 for whole yuan, 10000 for 万.",
    ),
    "target_breakdown.over_assign.label": ("超额分配比例", "Over-assignment"),
    "target_breakdown.over_assign.help": (
        "下达给各单位的目标合计比公司目标多出的比例，为有人完不成留余量；常见 10%–25%。",
        "How much more the units are given than the company needs, as a buffer for misses; "
        "10%–25% is common.",
    ),
    "target_breakdown.working_days.label": ("每月工作日", "Working days per month"),
    "target_breakdown.working_days.help": (
        "用来算日均目标：一个数表示每月相同，或 12 个数逐月填写；不填按 21.75 天。",
        "For the daily run rate: one number for every month or 12, one per month; "
        "empty means 21.75.",
    ),
    "target_breakdown.market_growth.label": ("市场增长率", "Market growth"),
    "target_breakdown.market_growth.help": (
        "行业或市场今年预计的增长率，用来检查增长目标是否现实；可不填。",
        "The market's expected growth this year, to check the growth target; optional.",
    ),
    "target_breakdown.avg_deal_size.label": ("平均客单价", "Average deal size"),
    "target_breakdown.avg_deal_size.help": (
        "平均每单成交金额；与赢单率一起倒推每个单位需要的成交数、商机数和管道金额。",
        "Average amount per won deal; with the win rate it gives each unit's deals, "
        "opportunities and pipeline.",
    ),
    "target_breakdown.win_rate.label": ("赢单率", "Win rate"),
    "target_breakdown.win_rate.help": (
        "商机最终成交的比例，例如 25%。",
        "Share of opportunities that are won, e.g. 25%.",
    ),
    "target_breakdown.error.no_target": (
        "请填写「{field}」，或者填写上年实际和增长率。",
        "Fill in “{field}”, or last year's actual and the growth rate.",
    ),
    "target_breakdown.error.overdetermined": (
        "年度目标、上年实际和「{field}」三项只能填两项：请清空其中一项。",
        "Give two of annual target, last year's actual and “{field}”, not all three: clear one.",
    ),
    "target_breakdown.error.not_positive": (
        "「{field}」必须大于 0。",
        "“{field}” must be greater than 0.",
    ),
    "target_breakdown.error.total_too_large": (
        "由「{field}」算出的下达总额达到 10^15 元以上，请检查单位。",
        "The assigned total computed from “{field}” reaches 10^15 CNY or more: check the units.",
    ),
    "target_breakdown.error.twelve_months": (
        "「{field}」需要正好 12 个数（1–12 月），现在有 {count} 个。",
        "“{field}” takes exactly 12 numbers (January to December); it has {count}.",
    ),
    "target_breakdown.error.zero_weights": (
        "「{field}」不能全部为 0：至少要有一个大于 0 才能分配。",
        "“{field}” cannot all be 0: at least one must be positive to split anything.",
    ),
    "target_breakdown.error.duplicate_name": (
        "「{field}」中名称「{name}」出现了不止一次。",
        "“{field}” lists the name “{name}” more than once.",
    ),
    "target_breakdown.error.not_cents": (
        "「{field}」必须是 0.01 的整数倍，例如 0.01、1、100 或 10000。",
        "“{field}” must be a multiple of 0.01, e.g. 0.01, 1, 100 or 10000.",
    ),
    "target_breakdown.error.step_too_coarse": (
        "「{field}」比下达总额还大，取整后目标为 0：请改小取整单位。",
        "“{field}” is larger than the assigned total, which would round to 0: use a smaller step.",
    ),
    "target_breakdown.error.days_count": (
        "「{field}」填一个数（每月相同）或 12 个数（逐月），现在有 {count} 个。",
        "“{field}” takes one number (every month) or 12 (one per month); it has {count}.",
    ),
    "target_breakdown.error.funnel_incomplete": (
        "请填写「{field}」：倒推成交数和商机数需要平均客单价和赢单率两项。",
        "Fill in “{field}”: the funnel needs both the average deal size and the win rate.",
    ),
    "target_breakdown.out.total": ("下达总额", "Assigned total"),
    "target_breakdown.out.target": ("公司目标", "Company target"),
    "target_breakdown.out.base": ("上年基数", "Base (last year)"),
    "target_breakdown.out.growth_rate": ("增长率", "Growth"),
    "target_breakdown.out.daily_year": ("全年日均", "Daily run rate"),
    "target_breakdown.out.deals": ("需成交单数", "Deals needed"),
    "target_breakdown.out.opportunities": ("需商机数", "Opportunities needed"),
    "target_breakdown.out.pipeline": ("需管道金额", "Pipeline needed"),
    "target_breakdown.out.commitment_gap": ("承诺差额", "Commitment gap"),
    "target_breakdown.month": ("{month}月", "M{month}"),
    "target_breakdown.quarter": ("第{quarter}季度", "Q{quarter}"),
    "target_breakdown.col.unit": ("单位", "Unit"),
    "target_breakdown.col.total": ("全年", "Year"),
    "target_breakdown.col.month": ("月份", "Month"),
    "target_breakdown.col.weight": ("权重", "Weight"),
    "target_breakdown.col.share": ("占比", "Share"),
    "target_breakdown.col.target": ("目标", "Target"),
    "target_breakdown.col.days": ("工作日", "Working days"),
    "target_breakdown.col.daily": ("日均目标", "Per working day"),
    "target_breakdown.col.commitment": ("自报承诺", "Commitment"),
    "target_breakdown.col.top_down": ("分配目标", "Top-down"),
    "target_breakdown.col.gap": ("差额", "Gap"),
    "target_breakdown.col.coverage": ("承诺 ÷ 分配", "Commitment ÷ top-down"),
    "target_breakdown.col.deals": ("成交单数", "Deals"),
    "target_breakdown.col.opportunities": ("商机数", "Opportunities"),
    "target_breakdown.col.pipeline": ("管道金额", "Pipeline"),
    "target_breakdown.row.total": ("合计", "Total"),
    "target_breakdown.table.cells": ("各单位逐月目标", "Targets by unit and month"),
    "target_breakdown.table.quarters": ("各单位季度目标", "Targets by unit and quarter"),
    "target_breakdown.table.months": ("月度目标与日均", "Monthly targets and run rate"),
    "target_breakdown.table.reconciliation": (
        "自下而上承诺与自上而下分配对比",
        "Bottom-up commitments against the top-down split",
    ),
    "target_breakdown.table.funnel": ("各单位漏斗倒推", "Funnel back-calculation by unit"),
    "target_breakdown.chart.months": ("各月目标", "Target by month"),
    "target_breakdown.chart.units": ("各单位全年目标", "Yearly target by unit"),
    "target_breakdown.warning.title": ("增长目标偏高", "Ambitious growth target"),
    "target_breakdown.warning.growth": (
        "目标增长 {growth}，超过市场增长 {market} 的 2 倍（内部经验线）：这意味着要从竞争对手"
        "手里抢份额，份额需提升 {gain}。请确认有对应的新客户、新产品或新渠道支撑。",
        "The target grows {growth}, more than twice the market's {market} (house guidance): "
        "the plan needs to win share from competitors, {gain} more. Check that new customers, "
        "products or channels back it.",
    ),
    "target_breakdown.explain.target.given": (
        "年度目标 = {target}（直接填写）",
        "Annual target = {target} (as typed)",
    ),
    "target_breakdown.explain.target.growth": (
        "年度目标 = 上年实际 ×（1 + 增长率）= {base} ×（1 + {growth}）= {target}",
        "Annual target = last year × (1 + growth) = {base} × (1 + {growth}) = {target}",
    ),
    "target_breakdown.explain.base.implied": (
        "上年基数 = 年度目标 ÷（1 + 增长率）= {target} ÷（1 + {growth}）= {base}",
        "Implied base = target ÷ (1 + growth) = {target} ÷ (1 + {growth}) = {base}",
    ),
    "target_breakdown.explain.growth.implied": (
        "增长率 = 年度目标 ÷ 上年实际 − 1 = {target} ÷ {base} − 1 = {growth}",
        "Growth = target ÷ last year − 1 = {target} ÷ {base} − 1 = {growth}",
    ),
    "target_breakdown.explain.assigned": (
        "下达总额 = 年度目标 ×（1 + 超额分配比例）= {target} ×（1 + {over}）= {exact}，"
        "按取整单位 {step} 四舍五入为 {total}；达成系数 = 1 ÷（1 + {over}）= {factor}",
        "Assigned total = target × (1 + over-assignment) = {target} × (1 + {over}) = {exact}, "
        "rounded half-up to a multiple of {step}: {total}; attainment factor = 1 ÷ (1 + {over}) "
        "= {factor}",
    ),
    "target_breakdown.explain.month": (
        "月度目标 = 下达总额 × 当月权重 ÷ 权重合计；例如 {month}：{total} × {weight} ÷ {weights} "
        "= {exact}，取为 {value}",
        "Month = assigned total × month weight ÷ sum of weights; e.g. {month}: {total} × "
        "{weight} ÷ {weights} = {exact}, set to {value}",
    ),
    "target_breakdown.explain.unit": (
        "单位全年目标 = 下达总额 × 单位权重 ÷ 权重合计；例如 {unit}：{total} × {weight} ÷ "
        "{weights} = {exact}，取为 {value}",
        "Unit = assigned total × unit weight ÷ sum of weights; e.g. {unit}: {total} × {weight} "
        "÷ {weights} = {exact}, set to {value}",
    ),
    "target_breakdown.explain.remainder": (
        "最大余数法：先把每份的精确值向下取到 {step} 的整数倍，剩下的 {left} 个 {step} "
        "依次分给余数最大的几份（余数相同时先给排在前面的）。",
        "Largest remainder: every exact share is first rounded down to a multiple of {step}; "
        "the {left} steps of {step} left over go to the largest remainders (the earlier one "
        "first on a tie).",
    ),
    "target_breakdown.explain.cell": (
        "每格 = 下达总额 × 单位占比 × 月份占比；例如 {unit} 的 {month}：{total} × {unit_share} "
        "× {month_share} = {exact}，取为 {value}。每格只取其精确值的上取整或下取整，"
        "并使每行加起来等于单位合计、每列加起来等于月度合计。",
        "Cell = assigned total × unit share × month share; e.g. {unit} in {month}: {total} × "
        "{unit_share} × {month_share} = {exact}, set to {value}. Each cell is its exact value "
        "rounded down or up, so that every row adds up to its unit and every column to its "
        "month.",
    ),
    "target_breakdown.explain.quarter": (
        "季度目标 = 三个月之和；第1季度 = {parts} = {value}",
        "Quarter = the sum of its three months; Q1 = {parts} = {value}",
    ),
    "target_breakdown.explain.daily": (
        "日均目标 = 月度目标 ÷ 当月工作日；全年日均 = {total} ÷ {days} 天 = {daily}",
        "Run rate = month ÷ its working days; for the year {total} ÷ {days} days = {daily}",
    ),
    "target_breakdown.explain.funnel": (
        "{unit}：成交单数 = ⌈{total} ÷ {deal}⌉ = {deals}；商机数 = ⌈{deals} ÷ {win}⌉ = "
        "{opportunities}；管道金额 = {total} ÷ {win} = {pipeline}",
        "{unit}: deals = ⌈{total} ÷ {deal}⌉ = {deals}; opportunities = ⌈{deals} ÷ {win}⌉ = "
        "{opportunities}; pipeline = {total} ÷ {win} = {pipeline}",
    ),
    "target_breakdown.explain.reconciliation": (
        "承诺差额 = 自报承诺合计 − 这些单位的分配目标合计 = {commitment} − {top_down} = {gap}"
        "（负数表示承诺不足）",
        "Commitment gap = commitments − top-down targets of the same units = {commitment} − "
        "{top_down} = {gap} (negative: the units commit less than they are given)",
    ),
    "target_breakdown.explain.growth_check": (
        "份额提升 =（1 + 目标增长）÷（1 + 市场增长）− 1 =（1 + {growth}）÷（1 + {market}）− 1 "
        "= {gain}；内部经验线：目标增长不超过 max(2 × 市场增长, 0) = {limit}",
        "Share gain = (1 + target growth) ÷ (1 + market growth) − 1 = (1 + {growth}) ÷ "
        "(1 + {market}) − 1 = {gain}; house guidance: growth at most max(2 × market, 0) = "
        "{limit}",
    ),
    "target_breakdown.convention.total": (
        "下达总额先按取整单位四舍五入（例如取整单位为 10000 时，1,234.5 万记为 1,235 万），"
        "之后所有月份、季度、单位和单元格都是取整单位的整数倍，且加起来恰好等于下达总额。",
        "The assigned total is first rounded half-up to the step (with a step of 10000, "
        "12,345,000 becomes 12,350,000); every month, quarter, unit and cell is then a "
        "multiple of the step, and they add up exactly to the assigned total.",
    ),
    "target_breakdown.convention.remainder": (
        "月度合计按最大余数法分配：余数相同时，排在前面的月份先多分一个取整单位"
        "（例如 100 万按分平均分到 12 个月，1–4 月各 83,333.34 元，5–12 月各 83,333.33 元）。",
        "Month totals use the largest remainder method, the earlier month first on a tie "
        "(1,000,000.00 over 12 equal months in cents: 83,333.34 in January to April, "
        "83,333.33 in May to December).",
    ),
    "target_breakdown.convention.cells": (
        "单位合计同样按最大余数法；每个单元格都是其精确份额向下或向上取整，每行、每列都恰好"
        "等于合计。少数情况下（例如有的单元格精确份额恰好是整数），没有任何表格能同时满足按最大"
        "余数法得到的合计，这时个别单位或月份的合计改取另一侧的取整单位倍数，仍是其精确份额的"
        "向下或向上取整。",
        "Unit totals use the largest remainder method too; every cell is its exact share "
        "rounded down or up, and every row and column adds up exactly. Occasionally (e.g. when "
        "some cells' exact shares are whole steps) no table fits the largest-remainder totals; "
        "a unit or month total then takes the step on the other side, still its exact share "
        "rounded down or up.",
    ),
    "target_breakdown.convention.days": (
        "每月工作日默认 21.75 天，即月计薪天数（365 − 104）÷ 12；要扣除法定节假日可填 20.83"
        "（250 ÷ 12），或逐月填实际工作日。日均目标四舍五入到分，只供参考，不参与合计。",
        "Working days default to 21.75 a month, China's monthly paid days (365 − 104) ÷ 12; "
        "20.83 (250 ÷ 12) leaves out public holidays, or give each month's own count. Run "
        "rates are rounded half-up to the cent and are not part of the totals.",
    ),
    "target_breakdown.convention.funnel": (
        "成交单数和商机数向上取整为整数（商机数由取整后的成交单数算出）；管道金额四舍五入到分。"
        "公司合计是各单位之和，因为每个单位都要凑满整数单，可能比直接用公司目标倒推的略多。",
        "Deals and opportunities are rounded up to whole numbers (opportunities from the "
        "whole number of deals); pipeline is rounded half-up to the cent. The company figures "
        "are the units' sums: each unit needs whole deals, so they can exceed a calculation "
        "on the company target.",
    ),
    "target_breakdown.convention.growth": (
        "增长现实性检查是内部经验线，不是统计规律：目标增长超过市场增长的 2 倍"
        "（市场不增长时，任何正增长）即提示，意味着要靠抢份额实现。",
        "The growth check is house guidance, not a statistical law: a target growing more "
        "than twice the market (any growth when the market does not grow) is flagged, as it "
        "must be won from competitors.",
    ),
    "target_breakdown.convention.reconciliation": (
        "只比较填了自报承诺的单位；差额为负表示自下而上的承诺小于自上而下的分配。",
        "Only units with a commitment are compared; a negative gap means the bottom-up "
        "commitments fall short of the top-down split.",
    ),
}
register(MESSAGES)


def _rate(name: str, **kwargs: Any) -> Field:
    return Field(name, "rate", default=None, required=False, **kwargs)


FIELDS = (
    Field("total", "money", default=None, required=False, unit="unit.yuan"),
    Field("base", "money", default=None, required=False, unit="unit.yuan"),
    _rate("growth_rate", min=Decimal("-0.99"), max=Decimal(5)),
    Field("months", "number_list", default=None, required=False, max_items=MONTHS),
    Field(
        "units",
        "records",
        default=DEFAULT_UNITS,
        max_items=MAX_UNITS,
        columns=(
            Field("name", "text", max_length=20),
            Field("weight", "number"),
            Field("commitment", "money", default=None, required=False, unit="unit.yuan"),
        ),
    ),
    Field("round_to", "money", default=Decimal(1), min=CENT, unit="unit.yuan"),
    Field("over_assign", "rate", default="0", max=Decimal(1)),
    Field(
        "working_days",
        "number_list",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(31),
        max_items=MONTHS,
        advanced=True,
    ),
    _rate("market_growth", min=Decimal("-0.99"), max=Decimal(5), advanced=True),
    Field("avg_deal_size", "money", default=None, required=False, unit="unit.yuan"),
    _rate("win_rate", max=Decimal(1)),
)


# --- the target and the checks ------------------------------------------------------------------


def _target(values: dict[str, Any]) -> tuple[Decimal, Decimal | None, Decimal | None, str]:
    """(target, base, growth, how): how is ``given``, ``growth`` (base × (1 + g)), ``implied_base``
    (total and growth) or ``implied_growth`` (total and base). Inputs already checked."""
    total: Decimal | None = values.get("total")
    base: Decimal | None = values.get("base")
    growth: Decimal | None = values.get("growth_rate")
    with localcontext(CONTEXT):
        if total is None:
            assert base is not None and growth is not None
            return base * (1 + growth), base, growth, "growth"
        if base is not None:
            return total, base, total / base - 1, "implied_growth"
        if growth is not None:
            return total, total / (1 + growth), growth, "implied_base"
        return total, None, None, "given"


def _units_of_step(amount: Decimal, step: Decimal) -> int:
    """``amount`` ÷ ``step`` rounded half-up to a whole number, exactly."""
    return floor(Fraction(amount) / Fraction(step) + Fraction(1, 2))


def _check_target(values: dict[str, Any]) -> list[InputError]:
    total, base, growth = values.get("total"), values.get("base"), values.get("growth_rate")
    if total is None and base is None:
        return [InputError("total", "target_breakdown.error.no_target")]
    errors = []
    if total is not None and base is not None and growth is not None:
        errors.append(InputError("growth_rate", "target_breakdown.error.overdetermined"))
    if total is None and growth is None:
        errors.append(InputError("growth_rate", "error.required"))
    for name, value in (("total", total), ("base", base)):
        if value is not None and value <= 0:
            errors.append(InputError(name, "target_breakdown.error.not_positive"))
    return errors


def check(values: dict[str, Any]) -> None:
    """Cross-field rules: a target, 12 months, positive weights, a step that fits the total."""
    errors = _check_target(values)
    months: list[Decimal] | None = values.get("months")
    if months is not None and len(months) != MONTHS:
        errors.append(
            InputError("months", "target_breakdown.error.twelve_months", count=len(months))
        )
    elif months is not None and not any(months):
        errors.append(InputError("months", "target_breakdown.error.zero_weights"))
    units: list[dict[str, Any]] = values["units"]
    if not any(unit["weight"] for unit in units):
        errors.append(InputError("units", "target_breakdown.error.zero_weights"))
    names = [str(unit["name"]) for unit in units]
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice is not None:
        errors.append(InputError("units", "target_breakdown.error.duplicate_name", name=twice))
    step: Decimal = values["round_to"]
    with localcontext(CONTEXT):
        if step % CENT:
            errors.append(InputError("round_to", "target_breakdown.error.not_cents"))
    days: list[Decimal] | None = values.get("working_days")
    if days is not None and len(days) not in (1, MONTHS):
        errors.append(
            InputError("working_days", "target_breakdown.error.days_count", count=len(days))
        )
    deal, win = values.get("avg_deal_size"), values.get("win_rate")
    if (deal is None) != (win is None):
        missing = "win_rate" if win is None else "avg_deal_size"
        errors.append(InputError(missing, "target_breakdown.error.funnel_incomplete"))
    for name, value in (("avg_deal_size", deal), ("win_rate", win)):
        if value is not None and value <= 0:
            errors.append(InputError(name, "target_breakdown.error.not_positive"))
    if errors:
        raise InputErrors(errors)
    target, _, _, how = _target(values)
    with localcontext(CONTEXT):
        assigned = target * (1 + values["over_assign"])
    if assigned >= MAX_ABS:
        source = "base" if how == "growth" else "total"
        raise InputError(source, "target_breakdown.error.total_too_large")
    if _units_of_step(assigned, step) == 0:
        raise InputError("round_to", "target_breakdown.error.step_too_coarse")


# --- the breakdown -------------------------------------------------------------------------------


def _quarters(values: Sequence[Decimal]) -> list[Decimal]:
    return [sum(values[q * 3 : q * 3 + 3], Decimal(0)) for q in range(4)]


def _ceil(numerator: Decimal | int, denominator: Decimal) -> int:
    return ceil(Fraction(numerator) / Fraction(denominator))


def _funnel(units: list[dict[str, Any]], deal: Decimal, win: Decimal) -> dict[str, Any]:
    rows = []
    with localcontext(CONTEXT):
        for unit in units:
            total = Decimal(unit["total"])
            deals = _ceil(total, deal)
            rows.append(
                {
                    "name": unit["name"],
                    "total": unit["total"],
                    "deals": deals,
                    "opportunities": _ceil(deals, win),
                    "pipeline": money_str(total / win),
                }
            )
        return {
            "avg_deal_size": money_str(deal),
            "win_rate": rate_str(win),
            "deals": sum(row["deals"] for row in rows),
            "opportunities": sum(row["opportunities"] for row in rows),
            "pipeline": money_str(sum((Decimal(row["pipeline"]) for row in rows), Decimal(0))),
            "coverage": rate_str(1 / win),
            "units": rows,
        }


def _reconciliation(units: list[dict[str, Any]], commitments: list[Decimal | None]) -> Any:
    rows = []
    with localcontext(CONTEXT):
        for unit, commitment in zip(units, commitments, strict=True):
            if commitment is None:
                continue
            top_down = Decimal(unit["total"])
            rows.append(
                {
                    "name": unit["name"],
                    "commitment": money_str(commitment),
                    "top_down": unit["total"],
                    "gap": money_str(commitment - top_down),
                    "coverage": rate_str(commitment / top_down) if top_down else None,
                }
            )
        if not rows:
            return None
        committed = sum((Decimal(row["commitment"]) for row in rows), Decimal(0))
        top_down_total = sum((Decimal(row["top_down"]) for row in rows), Decimal(0))
        return {
            "commitment": money_str(committed),
            "top_down": money_str(top_down_total),
            "gap": money_str(committed - top_down_total),
            "coverage": rate_str(committed / top_down_total) if top_down_total else None,
            "units": rows,
        }


def _growth_check(growth: Decimal | None, market: Decimal | None) -> dict[str, Any] | None:
    if growth is None or market is None:
        return None
    with localcontext(CONTEXT):
        limit = max(GROWTH_MULTIPLE * market, Decimal(0))
        return {
            "market_growth": rate_str(market),
            "limit": rate_str(limit),
            "share_gain": rate_str((1 + growth) / (1 + market) - 1),
            "stretch": growth > limit,
        }


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The breakdown for parsed ``values`` (see the module docstring for the formulas)."""
    step: Decimal = values["round_to"]
    over: Decimal = values["over_assign"]
    target, base, growth, how = _target(values)
    month_weights: list[Decimal] = values.get("months") or [Decimal(1)] * MONTHS
    units_in: list[dict[str, Any]] = values["units"]
    unit_weights = [Decimal(unit["weight"]) for unit in units_in]
    days: list[Decimal] = values.get("working_days") or [DEFAULT_WORKING_DAYS]
    if len(days) == 1:
        days = days * MONTHS
    with localcontext(CONTEXT):
        assigned_exact = target * (1 + over)
        steps = _units_of_step(assigned_exact, step)
        assigned = step * steps
        split = split_table(steps, unit_weights, month_weights)
        months = [step * n for n in split.columns]
        month_sum = sum(month_weights, Decimal(0))
        unit_sum = sum(unit_weights, Decimal(0))
        units = []
        for unit, weight, row_steps, cells in zip(
            units_in, unit_weights, split.rows, split.cells, strict=True
        ):
            row = [step * n for n in cells]
            units.append(
                {
                    "name": str(unit["name"]),
                    "weight": plain_str(weight),
                    "share": rate_str(weight / unit_sum),
                    "total": money_str(step * row_steps),
                    "months": [money_str(v) for v in row],
                    "quarters": [money_str(v) for v in _quarters(row)],
                }
            )
        year_days = sum(days, Decimal(0))
        deal, win = values.get("avg_deal_size"), values.get("win_rate")
        funnel = _funnel(units, deal, win) if deal is not None and win is not None else None
        reconciliation = _reconciliation(units, [unit.get("commitment") for unit in units_in])
        result: dict[str, Any] = {
            "calculator": ID,
            "target": money_str(target),
            "target_source": how,
            "base": money_str(base) if base is not None else None,
            "growth_rate": rate_str(growth) if growth is not None else None,
            "over_assign": rate_str(over),
            "attainment_factor": rate_str(1 / (1 + over)),
            "assigned_exact": plain_str(assigned_exact),
            "round_to": plain_str(step),
            "total": money_str(assigned),
            "month_weights": [plain_str(w) for w in month_weights],
            "month_shares": [rate_str(w / month_sum) for w in month_weights],
            "months": [money_str(v) for v in months],
            "quarters": [money_str(v) for v in _quarters(months)],
            "units": units,
            "working_days": [plain_str(d) for d in days],
            "daily": [money_str(m / d) for m, d in zip(months, days, strict=True)],
            "year_days": plain_str(year_days),
            "daily_year": money_str(assigned / year_days),
            "growth_check": _growth_check(growth, values.get("market_growth")),
            "reconciliation": reconciliation,
            "commitment_gap": reconciliation["gap"] if reconciliation else None,
            "funnel": funnel,
            "deals": funnel["deals"] if funnel else None,
            "opportunities": funnel["opportunities"] if funnel else None,
            "pipeline": funnel["pipeline"] if funnel else None,
        }
    return result


# --- rendering (shared by the build and the browser worker) --------------------------------------


def _places(result: dict[str, Any]) -> int:
    """Decimals to show: none when the step is whole yuan, otherwise cents."""
    step = Decimal(result["round_to"])
    return 0 if step == step.to_integral_value() else 2


def _amount(text: str, places: int) -> str:
    return format_number(Decimal(text), places)


def _cell(text: str, places: int) -> Cell:
    return (_amount(text, places), text)


def _approx(value: Decimal) -> str:
    """An exact share as text: exact when it has at most 6 decimals, else ≈ to 6 decimals."""
    shown = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return format_number(value) if shown == value else "≈ " + format_number(shown)


def _pct(text: str) -> str:
    return format_percent(Decimal(text))


def _month(index: int, lang: str) -> str:
    return t("target_breakdown.month", lang, month=index + 1)


def _cards(result: dict[str, Any], lang: str) -> Markup:
    items = [
        ("total", result["total"], format_money(Decimal(result["total"]))),
        ("target", result["target"], format_money(Decimal(result["target"]))),
        ("daily_year", result["daily_year"], format_money(Decimal(result["daily_year"]))),
    ]
    if result["growth_rate"] is not None:
        items.append(("growth_rate", result["growth_rate"], _pct(result["growth_rate"])))
    if result["base"] is not None:
        items.append(("base", result["base"], format_money(Decimal(result["base"]))))
    if result["funnel"] is not None:
        items.append(("deals", str(result["deals"]), format_number(Decimal(result["deals"]))))
        items.append(
            (
                "opportunities",
                str(result["opportunities"]),
                format_number(Decimal(result["opportunities"])),
            )
        )
        items.append(("pipeline", result["pipeline"], format_money(Decimal(result["pipeline"]))))
    if result["commitment_gap"] is not None:
        gap = result["commitment_gap"]
        items.append(("commitment_gap", gap, format_money(Decimal(gap))))
    return headline(
        [
            (name, t(f"target_breakdown.out.{name}", lang), value, shown)
            for name, value, shown in items
        ]
    )


def _warning(result: dict[str, Any], lang: str) -> Markup | None:
    check = result["growth_check"]
    if check is None or not check["stretch"]:
        return None
    return el(
        "div",
        {"class": "admonition warning pb-warning", "role": "note"},
        el("p", {"class": "admonition-title"}, t("target_breakdown.warning.title", lang)),
        el(
            "p",
            None,
            t(
                "target_breakdown.warning.growth",
                lang,
                growth=_pct(result["growth_rate"]),
                market=_pct(check["market_growth"]),
                gain=_pct(check["share_gain"]),
            ),
        ),
    )


def _cells_table(result: dict[str, Any], lang: str, places: int) -> Markup:
    head = [t("target_breakdown.col.unit", lang)]
    head += [_month(j, lang) for j in range(MONTHS)] + [t("target_breakdown.col.total", lang)]
    rows: list[list[Cell]] = [
        [unit["name"], *(_cell(v, places) for v in unit["months"]), _cell(unit["total"], places)]
        for unit in result["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            *(_cell(v, places) for v in result["months"]),
            _cell(result["total"], places),
        ]
    )
    return table(t("target_breakdown.table.cells", lang), head, rows, export=True)


def _quarter_table(result: dict[str, Any], lang: str, places: int) -> Markup:
    head = [t("target_breakdown.col.unit", lang)]
    head += [t("target_breakdown.quarter", lang, quarter=q + 1) for q in range(4)]
    head.append(t("target_breakdown.col.total", lang))
    rows: list[list[Cell]] = [
        [unit["name"], *(_cell(v, places) for v in unit["quarters"]), _cell(unit["total"], places)]
        for unit in result["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            *(_cell(v, places) for v in result["quarters"]),
            _cell(result["total"], places),
        ]
    )
    return table(t("target_breakdown.table.quarters", lang), head, rows)


def _month_table(result: dict[str, Any], lang: str, places: int) -> Markup:
    columns = ("month", "weight", "share", "target", "days", "daily")
    rows: list[list[Cell]] = []
    for j in range(MONTHS):
        rows.append(
            [
                _month(j, lang),
                (format_number(Decimal(result["month_weights"][j])), result["month_weights"][j]),
                (_pct(result["month_shares"][j]), result["month_shares"][j]),
                _cell(result["months"][j], places),
                (format_number(Decimal(result["working_days"][j])), result["working_days"][j]),
                _cell(result["daily"][j], 2),
            ]
        )
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            "",
            "",
            _cell(result["total"], places),
            (format_number(Decimal(result["year_days"])), result["year_days"]),
            _cell(result["daily_year"], 2),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.months", lang), head, rows)


def _reconciliation_table(result: dict[str, Any], lang: str, places: int) -> Markup | None:
    data = result["reconciliation"]
    if data is None:
        return None
    columns = ("unit", "commitment", "top_down", "gap", "coverage")

    def coverage(value: str | None) -> Cell:
        return (_pct(value), value) if value is not None else ""

    rows: list[list[Cell]] = [
        [
            row["name"],
            _cell(row["commitment"], 2),
            _cell(row["top_down"], places),
            _cell(row["gap"], 2),
            coverage(row["coverage"]),
        ]
        for row in data["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            _cell(data["commitment"], 2),
            _cell(data["top_down"], places),
            _cell(data["gap"], 2),
            coverage(data["coverage"]),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.reconciliation", lang), head, rows)


def _funnel_table(result: dict[str, Any], lang: str, places: int) -> Markup | None:
    data = result["funnel"]
    if data is None:
        return None
    columns = ("unit", "target", "deals", "opportunities", "pipeline")
    rows: list[list[Cell]] = [
        [
            row["name"],
            _cell(row["total"], places),
            str(row["deals"]),
            str(row["opportunities"]),
            _cell(row["pipeline"], 2),
        ]
        for row in data["units"]
    ]
    rows.append(
        [
            t("target_breakdown.row.total", lang),
            _cell(result["total"], places),
            str(data["deals"]),
            str(data["opportunities"]),
            _cell(data["pipeline"], 2),
        ]
    )
    head = [t(f"target_breakdown.col.{c}", lang) for c in columns]
    return table(t("target_breakdown.table.funnel", lang), head, rows)


def _target_lines(result: dict[str, Any], lang: str) -> list[str]:
    def money(key: str) -> str:
        return format_money(Decimal(result[key]))

    how = result["target_source"]
    if how == "growth":
        return [
            t(
                "target_breakdown.explain.target.growth",
                lang,
                base=money("base"),
                growth=_pct(result["growth_rate"]),
                target=money("target"),
            )
        ]
    lines = [t("target_breakdown.explain.target.given", lang, target=money("target"))]
    if how == "implied_base":
        lines.append(
            t(
                "target_breakdown.explain.base.implied",
                lang,
                target=money("target"),
                growth=_pct(result["growth_rate"]),
                base=money("base"),
            )
        )
    elif how == "implied_growth":
        lines.append(
            t(
                "target_breakdown.explain.growth.implied",
                lang,
                target=money("target"),
                base=money("base"),
                growth=_pct(result["growth_rate"]),
            )
        )
    return lines


def _split_lines(result: dict[str, Any], lang: str, places: int) -> list[str]:
    total = Decimal(result["total"])
    shown_total = format_money(total)
    step = format_number(Decimal(result["round_to"]))
    weights = [Decimal(w) for w in result["month_weights"]]
    with localcontext(CONTEXT):
        month_sum = sum(weights, Decimal(0))
        unit_weights = [Decimal(unit["weight"]) for unit in result["units"]]
        unit_sum = sum(unit_weights, Decimal(0))
        first_month = next(j for j, w in enumerate(weights) if w)
        first_unit = next(i for i, w in enumerate(unit_weights) if w)
        unit = result["units"][first_unit]
        month_exact = total * weights[first_month] / month_sum
        unit_exact = total * unit_weights[first_unit] / unit_sum
        cell_exact = unit_exact * weights[first_month] / month_sum
        steps = Fraction(total) / Fraction(Decimal(result["round_to"]))
        left = steps - sum(floor(steps * Fraction(w) / Fraction(month_sum)) for w in weights)
    month_name = _month(first_month, lang)
    lines = [
        t(
            "target_breakdown.explain.month",
            lang,
            month=month_name,
            total=shown_total,
            weight=format_number(weights[first_month]),
            weights=format_number(month_sum),
            exact=_approx(month_exact),
            value=_amount(result["months"][first_month], places),
        ),
        t("target_breakdown.explain.remainder", lang, step=step, left=left),
        t(
            "target_breakdown.explain.unit",
            lang,
            unit=unit["name"],
            total=shown_total,
            weight=format_number(unit_weights[first_unit]),
            weights=format_number(unit_sum),
            exact=_approx(unit_exact),
            value=_amount(unit["total"], places),
        ),
        t(
            "target_breakdown.explain.cell",
            lang,
            unit=unit["name"],
            month=month_name,
            total=shown_total,
            unit_share=_pct(unit["share"]),
            month_share=_pct(result["month_shares"][first_month]),
            exact=_approx(cell_exact),
            value=_amount(unit["months"][first_month], places),
        ),
        t(
            "target_breakdown.explain.quarter",
            lang,
            parts=" + ".join(_amount(v, places) for v in result["months"][:3]),
            value=_amount(result["quarters"][0], places),
        ),
        t(
            "target_breakdown.explain.daily",
            lang,
            total=shown_total,
            days=format_number(Decimal(result["year_days"])),
            daily=format_money(Decimal(result["daily_year"])),
        ),
    ]
    return lines


def _explain_lines(result: dict[str, Any], lang: str, places: int) -> list[str]:
    lines = _target_lines(result, lang)
    lines.append(
        t(
            "target_breakdown.explain.assigned",
            lang,
            target=format_money(Decimal(result["target"])),
            over=_pct(result["over_assign"]),
            exact=format_number(Decimal(result["assigned_exact"])),
            step=format_number(Decimal(result["round_to"])),
            total=format_money(Decimal(result["total"])),
            factor=_pct(result["attainment_factor"]),
        )
    )
    lines += _split_lines(result, lang, places)
    check = result["growth_check"]
    if check is not None:
        lines.append(
            t(
                "target_breakdown.explain.growth_check",
                lang,
                growth=_pct(result["growth_rate"]),
                market=_pct(check["market_growth"]),
                gain=_pct(check["share_gain"]),
                limit=_pct(check["limit"]),
            )
        )
    funnel = result["funnel"]
    if funnel is not None:
        row = next((r for r in funnel["units"] if Decimal(r["total"])), funnel["units"][0])
        lines.append(
            t(
                "target_breakdown.explain.funnel",
                lang,
                unit=row["name"],
                total=format_money(Decimal(row["total"])),
                deal=format_money(Decimal(funnel["avg_deal_size"])),
                deals=row["deals"],
                win=_pct(funnel["win_rate"]),
                opportunities=row["opportunities"],
                pipeline=format_money(Decimal(row["pipeline"])),
            )
        )
    data = result["reconciliation"]
    if data is not None:
        lines.append(
            t(
                "target_breakdown.explain.reconciliation",
                lang,
                commitment=format_money(Decimal(data["commitment"])),
                top_down=format_money(Decimal(data["top_down"])),
                gap=format_money(Decimal(data["gap"])),
            )
        )
    return lines


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline figures, the unit × month table first (it is what the page's
    copy and CSV buttons export), charts, the other tables, the math and the conventions."""
    places = _places(result)
    month_chart = charts.bar_chart(
        title=t("target_breakdown.chart.months", lang),
        labels=[_month(j, lang) for j in range(MONTHS)],
        values=[Decimal(v) for v in result["months"]],
        lang=lang,
    )
    unit_chart = (
        charts.bar_chart(
            title=t("target_breakdown.chart.units", lang),
            labels=[unit["name"] for unit in result["units"]],
            values=[Decimal(unit["total"]) for unit in result["units"]],
            lang=lang,
        )
        if len(result["units"]) > 1
        else None
    )
    notes = [
        t("target_breakdown.convention.total", lang),
        t("target_breakdown.convention.remainder", lang),
        t("target_breakdown.convention.cells", lang),
        t("target_breakdown.convention.days", lang),
    ]
    if result["funnel"] is not None:
        notes.append(t("target_breakdown.convention.funnel", lang))
    if result["growth_check"] is not None:
        notes.append(t("target_breakdown.convention.growth", lang))
    if result["reconciliation"] is not None:
        notes.append(t("target_breakdown.convention.reconciliation", lang))
    notes.append(t("result.rounding", lang))
    body = [
        _warning(result, lang),
        _cells_table(result, lang, places),
        month_chart,
        unit_chart,
        _quarter_table(result, lang, places),
        _month_table(result, lang, places),
        _reconciliation_table(result, lang, places),
        _funnel_table(result, lang, places),
        explain(_explain_lines(result, lang, places), lang),
        conventions(notes, lang),
    ]
    return result_panel(_cards(result, lang), join(part for part in body if part is not None), lang)


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("total", "target", "daily_year", "deals", "pipeline", "commitment_gap"),
    check=check,
)

__all__ = ["CALCULATOR", "check", "compute", "render"]
