"""Return on investment for a purchase the prospect is weighing.

Benefits are built up per year from the yearly amounts typed and the benefit levers:

- base_t: ``annual_benefit`` (one amount for every year, or one per year; 0 when only levers
  are given);
- levers (each a yearly amount, the same every year): hours saved × people × hourly cost;
  revenue × uplift × gross margin; cost base × reduction; free-form benefit lines;
- benefit_t(scenario) = (base_t + levers) × ramp_t × (1 − risk) × scenario factor, rounded to
  the cent. The expected scenario is the headline; conservative and optimistic sit beside it.

Costs (the TCO): year 0 is ``upfront_cost``; year t (1…N) is ``annual_cost + internal_cost``.
Cash flows: CF_0 = −upfront; CF_t = benefit_t − cost_t. Every yearly amount is a whole number
of cents, so the table's rows add up exactly to its totals.

- Simple ROI = (Σ benefits − Σ costs) ÷ Σ costs over the horizon.
- NPV = Σ CF_t ÷ (1 + r)^t with t = 0 undiscounted (numpy-financial's convention).
- PV-ROI = (PV(benefits) − PV(costs)) ÷ PV(costs).
- IRR: the r > −100 % with NPV(r) = 0, reported only when there is exactly one (counted exactly
  with Descartes' rule of signs and a Sturm sequence); otherwise "none"/"multiple".
- Payback = k + |cum_k| ÷ CF_{k+1} for the last year k whose cumulative flow is < 0 (from
  there on it stays ≥ 0); discounted payback the same on discounted flows; months = years × 12.
- Cost of delay per month = max(0, conservative benefit_1 − cost_1) ÷ 12.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from itertools import pairwise
from typing import Any

from . import charts
from .errors import InputError, InputErrors
from .html import Markup, join
from .messages import register, t
from .money import (
    CONTEXT,
    MAX_ABS,
    format_money,
    format_number,
    format_percent,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .render import Cell, conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "roi"

SCENARIOS = ("conservative", "expected", "optimistic")
LEVERS = {
    "time": ("hours_saved", "people", "hourly_cost"),
    "revenue": ("revenue", "revenue_uplift", "gross_margin"),
    "cost": ("cost_base", "cost_reduction"),
}
#: What the calculator shows when neither yearly benefits nor levers are given (the example of
#: the research notes), so an empty call still demonstrates the calculator.
EXAMPLE_BENEFITS = (Decimal(80_000), Decimal(120_000), Decimal(150_000))
DEFAULT_HORIZON = 3
MAX_YEARS = 10

MESSAGES: dict[str, tuple[str, str]] = {
    # --- roi -----------------------------------------------------------------------------------
    "roi.title": ("投资回报率（ROI）计算器", "Return on investment (ROI) calculator"),
    "roi.upfront_cost.label": ("前期投入", "Upfront cost"),
    "roi.upfront_cost.help": (
        "第 0 年一次性投入：软件许可、实施、培训等。",
        "One-off cost in year 0: licences, implementation, training.",
    ),
    "roi.annual_cost.label": ("每年运营成本", "Annual running cost"),
    "roi.annual_cost.help": (
        "第 1 年起每年发生的费用：订阅、维护、人工。",
        "Cost incurred every year from year 1: subscription, maintenance, staff.",
    ),
    "roi.internal_cost.label": ("每年内部投入", "Internal effort per year"),
    "roi.internal_cost.help": (
        "客户自己投入的人力折算成的费用（项目组、管理员），从第 1 年起每年计入成本。",
        "The customer's own staff time in money (project team, admins), added to the costs "
        "of every year from year 1.",
    ),
    "roi.annual_benefit.label": ("每年收益", "Annual benefit"),
    "roi.annual_benefit.help": (
        "填一个数表示每年相同；按年不同时用空格或分号分隔，例如：8万 12万 15万。"
        "与下面的收益杠杆相加；只用杠杆时填 0。",
        "One amount for every year, or one per year separated by spaces or semicolons, "
        "e.g. 80000 120000 150000. Added to the benefit levers below; enter 0 to use the "
        "levers only.",
    ),
    "roi.hours_saved.label": ("每人每年节省工时", "Hours saved per person per year"),
    "roi.hours_saved.help": (
        "每人每年省下的小时数；每周省 2 小时约等于每年 100 小时。",
        "Hours each person saves in a year; 2 hours a week is about 100 hours a year.",
    ),
    "roi.people.label": ("受益人数", "People"),
    "roi.people.help": ("会用上这套方案的人数。", "How many people use the solution."),
    "roi.hourly_cost.label": ("每小时人力成本", "Hourly staff cost"),
    "roi.hourly_cost.help": (
        "含社保公积金的每小时人力成本。",
        "Fully loaded cost of one hour of staff time.",
    ),
    "roi.revenue.label": ("受影响的年收入", "Revenue affected per year"),
    "roi.revenue.help": (
        "方案能带动的那部分年收入，例如线上渠道的年销售额。",
        "The yearly revenue the solution can lift, e.g. online sales per year.",
    ),
    "roi.revenue_uplift.label": ("收入提升比例", "Revenue uplift"),
    "roi.revenue_uplift.help": (
        "预计这部分收入能提升多少，例如 5%。",
        "How much that revenue is expected to grow, e.g. 5%.",
    ),
    "roi.gross_margin.label": ("毛利率", "Gross margin"),
    "roi.gross_margin.help": (
        "新增收入只有毛利部分算作收益。",
        "Only the gross margin of the extra revenue counts as a benefit.",
    ),
    "roi.cost_base.label": ("可降低的年成本", "Cost base per year"),
    "roi.cost_base.help": (
        "方案能压降的那部分年成本，例如外包费用、差旅费。",
        "The yearly cost the solution can reduce, e.g. outsourcing or travel.",
    ),
    "roi.cost_reduction.label": ("成本降低比例", "Cost reduction"),
    "roi.cost_reduction.help": (
        "预计这部分成本能降低多少，例如 15%。",
        "How much of that cost is expected to go away, e.g. 15%.",
    ),
    "roi.other_benefits.label": ("其他收益", "Other benefits"),
    "roi.other_benefits.help": (
        "每行一项：名称和每年金额，用空格分开，例如：减少坏账 5万。",
        "One per line: a name and a yearly amount separated by a space, e.g. fewer-bad-debts "
        "50000.",
    ),
    "roi.other_benefits.name.label": ("名称", "Name"),
    "roi.other_benefits.name.help": ("这项收益叫什么。", "What the benefit is."),
    "roi.other_benefits.amount.label": ("每年金额", "Amount per year"),
    "roi.other_benefits.amount.help": ("这项收益每年的金额。", "The benefit per year."),
    "roi.years.label": ("测算期限", "Horizon"),
    "roi.years.help": (
        "1 到 10 年；不填时按每年收益的个数，只有一个数时按 3 年。",
        "1 to 10 years; left empty, one year per yearly benefit, or 3 years for a single one.",
    ),
    "roi.discount_rate.label": ("折现率", "Discount rate"),
    "roi.discount_rate.help": (
        "资金的年化机会成本，常用 8%–12%。",
        "Annual cost of capital; 8%–12% is common.",
    ),
    "roi.ramp.label": ("收益爬坡", "Ramp-up"),
    "roi.ramp.help": (
        "每年能实现的收益比例，例如 50% 100% 表示第 1 年一半、之后全额；"
        "个数少于年数时，最后一个值延续到以后各年。",
        "Share of the full benefit reached each year, e.g. 50% 100% means half in year 1 "
        "and all of it afterwards; the last value carries on to later years.",
    ),
    "roi.risk.label": ("风险折减", "Risk adjustment"),
    "roi.risk.help": (
        "为估算不准留出的余量：收益统一乘以（1 − 风险折减），常用 10%–20%。",
        "A margin for optimistic estimates: benefits × (1 − risk); 10%–20% is common.",
    ),
    "roi.scenarios.label": ("情景系数", "Scenario factors"),
    "roi.scenarios.help": (
        "保守、预期、乐观三个情景各自乘在收益上的比例，从小到大，例如 50% 100% 125%。",
        "Factors on the benefits for the conservative, expected and optimistic scenarios, "
        "smallest first, e.g. 50% 100% 125%.",
    ),
    "roi.unit.hours": ("小时", "hours"),
    "roi.unit.people": ("人", "people"),
    "roi.unit.per_hour": ("元/小时", "CNY/hour"),
    "roi.error.lever_incomplete": (
        "请填写「{field}」：同一项收益杠杆的其他输入已经填了，缺它无法计算这项收益。",
        "Fill in “{field}”: the other inputs of the same benefit lever are filled in, and the "
        "benefit cannot be computed without it.",
    ),
    "roi.error.lever_too_large": (
        "「{field}」所在的这项收益算出来每年超过 10^15 元，请检查是否填错了单位。",
        "The benefit computed with “{field}” exceeds 10^15 CNY a year: check the units.",
    ),
    "roi.error.ramp_too_long": (
        "「{field}」给了 {count} 个值，比测算期限的 {years} 年还多。",
        "“{field}” has {count} values, more than the {years}-year horizon.",
    ),
    "roi.error.scenarios_count": (
        "「{field}」需要正好 3 个值：保守、预期、乐观，现在有 {count} 个。",
        "“{field}” takes exactly 3 values (conservative, expected, optimistic); it has {count}.",
    ),
    "roi.error.scenarios_order": (
        "「{field}」必须从小到大：保守 ≤ 预期 ≤ 乐观。",
        "“{field}” must go from smallest to largest: conservative ≤ expected ≤ optimistic.",
    ),
    "roi.out.roi": ("投资回报率", "ROI"),
    "roi.out.npv": ("净现值（NPV）", "Net present value (NPV)"),
    "roi.out.irr": ("内部收益率（IRR）", "Internal rate of return (IRR)"),
    "roi.out.payback_years": ("投资回收期", "Payback period"),
    "roi.out.payback_months": ("回本时间", "Payback"),
    "roi.out.cost_of_delay_month": ("每推迟一个月的损失", "Cost of delay per month"),
    "roi.out.pv_roi": ("现值口径投资回报率", "Present-value ROI"),
    "roi.out.discounted_payback_years": ("折现回收期", "Discounted payback"),
    "roi.out.total_benefit": ("总收益", "Total benefit"),
    "roi.out.total_cost": ("总拥有成本（TCO）", "Total cost of ownership (TCO)"),
    "roi.irr.none": ("无（现金流没有正负变化）", "none (cash flows never change sign)"),
    "roi.irr.no_root": (
        "无（没有能使净现值为 0 的折现率）",
        "none (no discount rate makes the NPV zero)",
    ),
    "roi.irr.multiple": (
        "不唯一（现金流多次正负变化，有多个解）",
        "not unique (cash flows change sign more than once and have several solutions)",
    ),
    "roi.scenario.conservative": ("保守", "Conservative"),
    "roi.scenario.expected": ("预期", "Expected"),
    "roi.scenario.optimistic": ("乐观", "Optimistic"),
    "roi.lever.time": ("节省工时", "Time saved"),
    "roi.lever.revenue": ("收入提升", "Revenue uplift"),
    "roi.lever.cost": ("成本降低", "Cost reduction"),
    "roi.table.caption": ("逐年现金流（预期情景）", "Cash flow by year (expected scenario)"),
    "roi.table.scenarios": ("三种情景对比", "Scenarios side by side"),
    "roi.table.build": ("逐年收益构成（预期情景）", "Benefit build-up by year (expected)"),
    "roi.chart.scenarios": ("各情景净现值", "NPV by scenario"),
    "roi.col.metric": ("指标", "Measure"),
    "roi.col.factor": ("收益系数", "Benefit factor"),
    "roi.col.year": ("年份", "Year"),
    "roi.col.cost": ("成本", "Cost"),
    "roi.col.benefit": ("收益", "Benefit"),
    "roi.col.net": ("净现金流", "Net cash flow"),
    "roi.col.cumulative": ("累计现金流", "Cumulative"),
    "roi.col.discount_factor": ("折现系数", "Discount factor"),
    "roi.col.present_value": ("现值", "Present value"),
    "roi.col.base": ("每年收益", "Yearly benefit"),
    "roi.col.levers": ("杠杆合计", "Levers"),
    "roi.col.full": ("满额收益", "Full benefit"),
    "roi.col.ramp": ("爬坡", "Ramp"),
    "roi.col.risk": ("风险折减", "Risk"),
    "roi.explain.lever.time": (
        "节省工时：{hours} 小时 × {people} 人 × {hourly} 每小时 = 每年 {amount}",
        "Time saved: {hours} hours × {people} people × {hourly} an hour = {amount} a year",
    ),
    "roi.explain.lever.revenue": (
        "收入提升：{revenue} × {uplift} × 毛利率 {margin} = 每年 {amount}",
        "Revenue uplift: {revenue} × {uplift} × gross margin {margin} = {amount} a year",
    ),
    "roi.explain.lever.cost": (
        "成本降低：{base} × {reduction} = 每年 {amount}",
        "Cost reduction: {base} × {reduction} = {amount} a year",
    ),
    "roi.explain.lever.other": (
        "其他收益「{name}」：每年 {amount}",
        "Other benefit “{name}”: {amount} a year",
    ),
    "roi.explain.levers_total": (
        "收益杠杆合计：{parts} = 每年 {total}",
        "Benefit levers in total: {parts} = {total} a year",
    ),
    "roi.explain.benefit": (
        "第 t 年收益 =（每年收益 + 杠杆合计）× 爬坡 × (1 − 风险折减) × 情景系数；"
        "第 1 年（预期情景）=（{base} + {levers}）× {ramp} × (1 − {risk}) × {factor} = {benefit}",
        "Benefit in year t = (yearly benefit + levers) × ramp × (1 − risk) × scenario factor; "
        "year 1 (expected) = ({base} + {levers}) × {ramp} × (1 − {risk}) × {factor} = {benefit}",
    ),
    "roi.explain.tco": (
        "总拥有成本 = 前期投入 + 每年运营成本 × 年数 + 每年内部投入 × 年数 = "
        "{upfront} + {annual} × {years} + {internal} × {years} = {tco}",
        "TCO = upfront + running cost × years + internal effort × years = "
        "{upfront} + {annual} × {years} + {internal} × {years} = {tco}",
    ),
    "roi.explain.roi": (
        "投资回报率 = （总收益 − 总成本）÷ 总成本 = （{benefit} − {cost}）÷ {cost} = {roi}",
        "ROI = (total benefit − total cost) ÷ total cost = ({benefit} − {cost}) ÷ {cost} = {roi}",
    ),
    "roi.explain.pv_roi": (
        "现值口径投资回报率 = （收益现值 − 成本现值）÷ 成本现值 = "
        "（{benefit} − {cost}）÷ {cost} = {roi}",
        "Present-value ROI = (PV of benefits − PV of costs) ÷ PV of costs = "
        "({benefit} − {cost}) ÷ {cost} = {roi}",
    ),
    "roi.explain.npv": (
        "净现值 = Σ 第 t 年净现金流 ÷ (1 + {rate})^t，t = 0…{years} = {npv}",
        "NPV = Σ net cash flow in year t ÷ (1 + {rate})^t, t = 0…{years} = {npv}",
    ),
    "roi.explain.irr": (
        "内部收益率是使净现值恰好为 0 的折现率：{irr}",
        "The IRR is the discount rate at which the NPV is exactly 0: {irr}",
    ),
    "roi.explain.payback": (
        "投资回收期 = 累计现金流转正前的整年数 + 当年尚未收回的金额 ÷ 当年净现金流 = "
        "{before} + {gap} ÷ {flow} = {payback} 年 = {months} 个月",
        "Payback = whole years before the cumulative cash flow turns positive + amount still "
        "open ÷ that year's net cash flow = {before} + {gap} ÷ {flow} = {payback} years = "
        "{months} months",
    ),
    "roi.explain.no_payback": (
        "在 {years} 年内累计现金流没有转正，因此没有回收期。",
        "The cumulative cash flow does not turn positive within {years} years: no payback.",
    ),
    "roi.explain.discounted_payback": (
        "折现回收期用各年现值代替净现金流，按同样方法计算：{payback}",
        "Discounted payback uses each year's present value instead of its cash flow: {payback}",
    ),
    "roi.explain.cost_of_delay": (
        "每推迟一个月的损失 =（保守情景第 1 年收益 − 第 1 年成本）÷ 12 = "
        "（{benefit} − {cost}）÷ 12 = {month}",
        "Cost of delay per month = (conservative benefit in year 1 − cost in year 1) ÷ 12 = "
        "({benefit} − {cost}) ÷ 12 = {month}",
    ),
    "roi.explain.scenarios": (
        "保守、预期、乐观三种情景分别把每年收益乘以 {low}、{mid}、{high}，成本不变。",
        "The conservative, expected and optimistic scenarios multiply each year's benefit by "
        "{low}, {mid} and {high}; costs stay the same.",
    ),
    "roi.convention.npv": (
        "净现值采用第 0 年不折现的口径（与 numpy-financial 一致）；Excel 的 NPV() "
        "会把第一笔现金流也折现一年，两者结果不同。",
        "NPV leaves year 0 undiscounted (as numpy-financial does); Excel's NPV() discounts its "
        "first value by one period, so its result differs.",
    ),
    "roi.convention.timing": (
        "前期投入发生在第 0 年；每年的成本和收益视为发生在当年年末。",
        "The upfront cost falls in year 0; each year's cost and benefit at the end of that year.",
    ),
    "roi.convention.payback": (
        "回收期取累计现金流由负转为不小于 0、且此后不再为负的时点，在年内按线性插值；"
        "月数 = 年数 × 12。",
        "Payback is when the cumulative cash flow reaches 0 and stays there, interpolated "
        "linearly within the year; months = years × 12.",
    ),
    "roi.convention.benefits": (
        "收益杠杆每年金额相同；每年收益 =（每年收益 + 杠杆合计）× 爬坡 × (1 − 风险折减) × "
        "情景系数，按年四舍五入到分，因此表中各行相加恰好等于合计。",
        "Benefit levers give the same amount every year; each year's benefit = (yearly benefit "
        "+ levers) × ramp × (1 − risk) × scenario factor, rounded to the cent per year, so the "
        "rows of the table add up exactly to the totals.",
    ),
    "roi.convention.ramp": (
        "爬坡比例依次用于第 1、2、3…年，个数少于年数时最后一个值延续到以后各年；未填时为 100%。",
        "Ramp-up values apply to years 1, 2, 3…; the last value carries on to later years; "
        "without one, 100%.",
    ),
    "roi.convention.tco": (
        "总拥有成本 = 前期投入 + 每年运营成本 + 每年内部投入（后两项从第 1 年起每年计入）。",
        "TCO = upfront cost + yearly running cost + yearly internal effort (the last two in "
        "every year from year 1).",
    ),
    "roi.convention.irr": (
        "内部收益率只在恰好有一个大于 −100% 的解时显示；没有解或有多个解时直接说明。",
        "The IRR is shown only when exactly one rate above −100% solves NPV = 0; otherwise the "
        "page says there is none or several.",
    ),
    "roi.convention.cost_of_delay": (
        "每推迟一个月的损失按保守情景第 1 年（已计入爬坡和风险折减）的收益减去第 1 年的运营成本和"
        "内部投入，再除以 12；为负时记为 0。前期投入只是推迟支付，不计入。",
        "The cost of delay per month is the conservative year-1 benefit (after ramp-up and "
        "risk) minus the year-1 running cost and internal effort, divided by 12, and 0 when "
        "that is negative. The upfront cost is only postponed, so it is left out.",
    ),
    "roi.convention.present_value": (
        "表中各年现值分别四舍五入到分，相加可能与净现值差几分。",
        "Each year's present value in the table is rounded to the cent on its own, so their sum "
        "may differ from the NPV by a few cents.",
    ),
}
register(MESSAGES)


def _rate(name: str, **kwargs: Any) -> Field:
    return Field(name, "rate", max=Decimal(1), **kwargs)


FIELDS = (
    Field("upfront_cost", "money", default=Decimal(100_000), unit="unit.yuan"),
    Field("annual_cost", "money", default=Decimal(20_000), unit="unit.yuan"),
    Field("internal_cost", "money", default=Decimal(0), unit="unit.yuan", advanced=True),
    Field(
        "annual_benefit",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_YEARS,
        unit="unit.yuan",
    ),
    Field("hours_saved", "number", default=None, required=False, unit="roi.unit.hours"),
    Field("people", "number", default=None, required=False, unit="roi.unit.people"),
    Field("hourly_cost", "money", default=None, required=False, unit="roi.unit.per_hour"),
    Field("revenue", "money", default=None, required=False, unit="unit.yuan"),
    _rate("revenue_uplift", default=None, required=False),
    _rate("gross_margin", default=None, required=False),
    Field("cost_base", "money", default=None, required=False, unit="unit.yuan"),
    _rate("cost_reduction", default=None, required=False),
    Field(
        "other_benefits",
        "records",
        default=None,
        required=False,
        columns=(Field("name", "text"), Field("amount", "money", unit="unit.yuan")),
    ),
    Field(
        "years",
        "integer",
        default=None,
        required=False,
        min=Decimal(1),
        max=Decimal(MAX_YEARS),
        unit="unit.years",
    ),
    _rate("discount_rate", default="10%"),
    Field(
        "ramp",
        "rate_list",
        default=["100%"],
        max=Decimal(1),
        max_items=MAX_YEARS,
        advanced=True,
    ),
    _rate("risk", default="0", advanced=True),
    Field(
        "scenarios",
        "rate_list",
        default=["50%", "100%", "125%"],
        max=Decimal(3),
        ambiguous_below=Decimal(10),  # factors around 100 %: 1.25 is asked about
        max_items=len(SCENARIOS),
        advanced=True,
    ),
)


# --- benefit levers and cross-field checks --------------------------------------------------


@dataclass(frozen=True)
class Lever:
    """One benefit lever's yearly amount (whole cents); ``name`` only for free-form lines."""

    key: str
    annual: Decimal
    name: str | None = None


def _lever_fields_given(values: dict[str, Any], key: str) -> list[str]:
    return [name for name in LEVERS[key] if values.get(name) is not None]


def _levers(values: dict[str, Any]) -> list[Lever]:
    """The levers the inputs fill in (``check`` has made sure each is complete and finite)."""
    found = []
    with localcontext(CONTEXT):
        for key, names in LEVERS.items():
            if len(_lever_fields_given(values, key)) == len(names):
                product = Decimal(1)
                for name in names:
                    product *= values[name]
                found.append(Lever(key, quantize_money(product)))
        for row in values.get("other_benefits") or []:
            found.append(Lever("other", quantize_money(row["amount"]), str(row["name"])))
    return found


def _horizon(values: dict[str, Any]) -> int:
    years = values.get("years")
    if years is not None:
        return int(years)
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None and not _any_lever(values):
        return len(EXAMPLE_BENEFITS)
    return len(benefits) if benefits is not None and len(benefits) > 1 else DEFAULT_HORIZON


def _any_lever(values: dict[str, Any]) -> bool:
    return bool(values.get("other_benefits")) or any(
        _lever_fields_given(values, key) for key in LEVERS
    )


def _base_benefits(values: dict[str, Any], years: int) -> list[Decimal]:
    """The typed yearly benefits, one per year, in cents (0 when only levers are given)."""
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None:
        benefits = [Decimal(0)] if _any_lever(values) else list(EXAMPLE_BENEFITS)
    if len(benefits) == 1:
        benefits = benefits * years
    return [quantize_money(b) for b in benefits]


def _ramp(values: dict[str, Any], years: int) -> list[Decimal]:
    ramp: list[Decimal] = values["ramp"]
    return [ramp[min(year, len(ramp) - 1)] for year in range(years)]


def check(values: dict[str, Any]) -> None:
    """Cross-field rules: list lengths, complete levers, ordered scenarios, some cost."""
    errors: list[InputError] = []
    benefits: list[Decimal] | None = values.get("annual_benefit")
    if benefits is None and not _any_lever(values):
        benefits = list(EXAMPLE_BENEFITS)
    years = values.get("years")
    if benefits is not None and years is not None and len(benefits) not in (1, years):
        errors.append(
            InputError("annual_benefit", "error.list_length", count=len(benefits), years=years)
        )
    for key, names in LEVERS.items():
        given = _lever_fields_given(values, key)
        if given and len(given) < len(names):
            missing = next(name for name in names if values.get(name) is None)
            errors.append(InputError(missing, "roi.error.lever_incomplete"))
        elif given:
            with localcontext(CONTEXT):
                product = Decimal(1)
                for name in names:
                    product *= values[name]
            if product >= MAX_ABS:
                errors.append(InputError(names[0], "roi.error.lever_too_large"))
    if errors:
        raise InputErrors(errors)
    horizon = _horizon(values)
    ramp: list[Decimal] = values["ramp"]
    if len(ramp) > horizon:
        errors.append(InputError("ramp", "roi.error.ramp_too_long", count=len(ramp), years=horizon))
    factors: list[Decimal] = values["scenarios"]
    if len(factors) != len(SCENARIOS):
        errors.append(InputError("scenarios", "roi.error.scenarios_count", count=len(factors)))
    elif any(a > b for a, b in pairwise(factors)):
        errors.append(InputError("scenarios", "roi.error.scenarios_order"))
    upfront = quantize_money(values["upfront_cost"])
    running = quantize_money(values["annual_cost"]) + quantize_money(values["internal_cost"])
    if upfront == 0 and running == 0:
        errors.append(InputError("upfront_cost", "error.zero_total_cost"))
    if errors:
        raise InputErrors(errors)


# --- cash-flow mathematics ------------------------------------------------------------------


def npv(rate: Decimal, flows: list[Decimal]) -> Decimal:
    """Σ CF_t ÷ (1 + rate)^t, t = 0 undiscounted."""
    with localcontext(CONTEXT):
        total = Decimal(0)
        factor = Decimal(1)
        step = 1 + rate
        for flow in flows:
            total += flow / factor
            factor *= step
        return total


def _sign_changes(values: list[Decimal] | list[Fraction]) -> int:
    signs = [v > 0 for v in values if v != 0]
    return sum(1 for a, b in pairwise(signs) if a != b)


Poly = list[Fraction]
"""Coefficients, lowest degree first: ``p[i]`` multiplies ``x**i``."""


def _trim(p: Poly) -> Poly:
    while p and p[-1] == 0:
        p.pop()
    return p


def _divmod(a: Poly, b: Poly) -> tuple[Poly, Poly]:
    rest = list(a)
    quotient = [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    while len(rest) >= len(b) and rest:
        shift = len(rest) - len(b)
        q = rest[-1] / b[-1]
        quotient[shift] = q
        for i, c in enumerate(b):
            rest[i + shift] -= q * c
        rest.pop()
        _trim(rest)
    return _trim(quotient), rest


def _variations_at_zero_and_infinity(sequence: list[Poly]) -> tuple[int, int]:
    at_zero = [next(c for c in p if c != 0) for p in sequence]
    at_infinity = [p[-1] for p in sequence]
    return _sign_changes(at_zero), _sign_changes(at_infinity)


def _positive_roots(p: Poly) -> tuple[int, Poly]:
    """(number of distinct roots in (0, ∞), square-free part of ``p``); ``p(0) ≠ 0``."""
    derivative = _trim([i * c for i, c in enumerate(p)][1:])
    sequence = [p, derivative]
    while len(sequence[-1]) > 1:
        _, remainder = _divmod(sequence[-2], sequence[-1])
        if not remainder:
            break
        sequence.append([-c for c in remainder])
    zero, infinity = _variations_at_zero_and_infinity(sequence)
    square_free, _ = _divmod(p, sequence[-1])
    return zero - infinity, square_free


def _root_in_x(p: list[Decimal]) -> Decimal:
    """The one simple root in (0, ∞) of ``p`` (``p(0) ≠ 0``), by bisection to ~32 digits."""

    def value(x: Decimal) -> Decimal:
        total = Decimal(0)
        for c in reversed(p):
            total = total * x + c
        return total

    with localcontext(CONTEXT):
        # Cauchy's bounds: every root lies strictly between low and high.
        low = abs(p[0]) / (abs(p[0]) + max(abs(c) for c in p[1:]))
        high = 1 + max(abs(c) for c in p[:-1]) / abs(p[-1])
        low_positive = p[0] > 0
        for _ in range(600):
            if high - low <= low * Decimal("1e-32"):
                break
            mid = (low * high).sqrt() if high > 2 * low else (low + high) / 2
            mid_value = value(mid)
            if mid_value == 0:
                return mid
            if (mid_value > 0) == low_positive:
                low = mid
            else:
                high = mid
        return (low + high) / 2


def irr(flows: list[Decimal]) -> tuple[str, Decimal | None]:
    """(status, rate): ``("unique", r)``, ``("none", None)`` or ``("multiple", None)``.

    With x = 1 ÷ (1 + r), NPV(r) = Σ CF_t x^t is a polynomial; IRRs above −100 % are its roots
    x > 0. One sign change in the flows means exactly one simple root (Descartes); more are
    counted exactly with a Sturm sequence over rationals, so a second root is never missed.
    """
    if _sign_changes(flows) == 0:
        return "none", None
    coefficients = [Fraction(f) for f in flows]
    _trim(coefficients)
    while coefficients[0] == 0:  # x = 0 (r = ∞) is no IRR
        coefficients.pop(0)
    if _sign_changes(flows) == 1:
        simple = coefficients
    else:
        count, simple = _positive_roots(coefficients)
        if count == 0:
            return "none", None
        if count > 1:
            return "multiple", None
    with localcontext(CONTEXT):
        x = _root_in_x([Decimal(c.numerator) / Decimal(c.denominator) for c in simple])
        return "unique", 1 / x - 1


def payback(flows: list[Decimal]) -> tuple[Decimal | None, dict[str, Decimal] | None]:
    """Years until the running total of ``flows`` reaches zero for good, interpolated in the year.

    Payback is where the cumulative flow last turns from negative to ≥ 0 (and stays there):
    ``k + |cum_k| ÷ CF_{k+1}`` for the last year k with ``cum_k < 0``. Never negative → 0;
    still negative in the last year → ``None`` (no payback within the horizon).
    """
    with localcontext(CONTEXT):
        cumulative = []
        running = Decimal(0)
        for flow in flows:
            running += flow
            cumulative.append(running)
        below = [year for year, cum in enumerate(cumulative) if cum < 0]
        if not below:
            return Decimal(0), None
        last = below[-1]
        if last == len(flows) - 1:
            return None, None
        gap = -cumulative[last]
        flow = flows[last + 1]
        return Decimal(last) + gap / flow, {"before": Decimal(last), "gap": gap, "flow": flow}


def _round(value: Decimal | None, places: str) -> str | None:
    if value is None:
        return None
    return plain_str(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Outcome:
    """Every figure of one scenario, exact (JSON conversion happens in :func:`_summary`)."""

    costs: list[Decimal]
    gains: list[Decimal]
    flows: list[Decimal]
    factors: list[Decimal]
    discounted: list[Decimal]
    total_cost: Decimal
    total_benefit: Decimal
    roi: Decimal
    pv_cost: Decimal
    pv_benefit: Decimal
    pv_roi: Decimal
    npv: Decimal
    irr_status: str
    irr: Decimal | None
    payback: Decimal | None
    payback_parts: dict[str, Decimal] | None
    discounted_payback: Decimal | None


def evaluate(costs: list[Decimal], gains: list[Decimal], rate: Decimal) -> Outcome:
    """The figures for yearly ``costs`` and ``gains`` (year 0 first) at discount ``rate``."""
    with localcontext(CONTEXT):
        flows = [g - c for g, c in zip(gains, costs, strict=True)]
        total_cost = sum(costs, Decimal(0))
        total_benefit = sum(gains, Decimal(0))
        pv_cost = npv(rate, costs)
        pv_benefit = npv(rate, gains)
        factors = [1 / (1 + rate) ** year for year in range(len(flows))]
        discounted = [f * cf for f, cf in zip(factors, flows, strict=True)]
        irr_status, irr_value = irr(flows)
        payback_years, payback_parts = payback(flows)
        discounted_payback, _ = payback(discounted)
        return Outcome(
            costs=costs,
            gains=gains,
            flows=flows,
            factors=factors,
            discounted=discounted,
            total_cost=total_cost,
            total_benefit=total_benefit,
            roi=(total_benefit - total_cost) / total_cost,
            pv_cost=pv_cost,
            pv_benefit=pv_benefit,
            pv_roi=(pv_benefit - pv_cost) / pv_cost,
            npv=npv(rate, flows),
            irr_status=irr_status,
            irr=irr_value,
            payback=payback_years,
            payback_parts=payback_parts,
            discounted_payback=discounted_payback,
        )


def _irr_reason(outcome: Outcome) -> str | None:
    """Why no IRR is shown: the flows never change sign, no rate solves it, or several do."""
    if outcome.irr_status == "unique":
        return None
    if outcome.irr_status == "multiple":
        return "multiple"
    return "none" if _sign_changes(outcome.flows) == 0 else "no_root"


def _summary(outcome: Outcome) -> dict[str, Any]:
    """The JSON-safe headline figures of one scenario."""
    months = None if outcome.payback is None else outcome.payback * 12
    discounted_months = (
        None if outcome.discounted_payback is None else outcome.discounted_payback * 12
    )
    return {
        "roi": rate_str(outcome.roi),
        "npv": money_str(outcome.npv),
        "irr": rate_str(outcome.irr) if outcome.irr is not None else None,
        "irr_status": outcome.irr_status,
        "irr_reason": _irr_reason(outcome),
        "payback_years": _round(outcome.payback, "0.01"),
        "payback_months": _round(months, "0.1"),
        "discounted_payback_years": _round(outcome.discounted_payback, "0.01"),
        "discounted_payback_months": _round(discounted_months, "0.1"),
        "pv_roi": rate_str(outcome.pv_roi),
        "total_cost": money_str(outcome.total_cost),
        "total_benefit": money_str(outcome.total_benefit),
    }


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The ROI result for parsed ``values`` (see the module docstring for the formulas)."""
    years = _horizon(values)
    base = _base_benefits(values, years)
    levers = _levers(values)
    ramp = _ramp(values, years)
    risk: Decimal = values["risk"]
    factors: list[Decimal] = values["scenarios"]
    rate: Decimal = values["discount_rate"]
    upfront = quantize_money(values["upfront_cost"])
    annual_cost = quantize_money(values["annual_cost"])
    internal_cost = quantize_money(values["internal_cost"])
    with localcontext(CONTEXT):
        lever_total = sum((lever.annual for lever in levers), Decimal(0))
        full = [b + lever_total for b in base]
        kept = 1 - risk
        costs = [upfront] + [annual_cost + internal_cost] * years
        outcomes = {
            name: evaluate(
                costs,
                [Decimal(0)]
                + [quantize_money(f * r * kept * factor) for f, r in zip(full, ramp, strict=True)],
                rate,
            )
            for name, factor in zip(SCENARIOS, factors, strict=True)
        }
        main = outcomes["expected"]
        conservative_year1 = outcomes["conservative"].gains[1]
        year1_net = conservative_year1 - costs[1]
        cost_of_delay = max(year1_net, Decimal(0)) / 12

    rows = []
    running = Decimal(0)
    for year in range(years + 1):
        running += main.flows[year]
        rows.append(
            {
                "year": year,
                "cost": money_str(main.costs[year]),
                "benefit": money_str(main.gains[year]),
                "net": money_str(main.flows[year]),
                "cumulative": money_str(running),
                "discount_factor": rate_str(main.factors[year]),
                "present_value": money_str(main.discounted[year]),
            }
        )
    build = [
        {
            "year": year + 1,
            "base": money_str(base[year]),
            "levers": money_str(lever_total),
            "full": money_str(full[year]),
            "ramp": rate_str(ramp[year]),
            "risk": rate_str(risk),
            "benefit": money_str(main.gains[year + 1]),
        }
        for year in range(years)
    ]
    other = values.get("other_benefits") or []
    return {
        "calculator": ID,
        "inputs": {
            "upfront_cost": money_str(upfront),
            "annual_cost": money_str(annual_cost),
            "internal_cost": money_str(internal_cost),
            "annual_benefit": [money_str(b) for b in base],
            "hours_saved": _plain_or_none(values.get("hours_saved")),
            "people": _plain_or_none(values.get("people")),
            "hourly_cost": _money_or_none(values.get("hourly_cost")),
            "revenue": _money_or_none(values.get("revenue")),
            "revenue_uplift": _rate_or_none(values.get("revenue_uplift")),
            "gross_margin": _rate_or_none(values.get("gross_margin")),
            "cost_base": _money_or_none(values.get("cost_base")),
            "cost_reduction": _rate_or_none(values.get("cost_reduction")),
            "other_benefits": [
                {"name": str(row["name"]), "amount": money_str(row["amount"])} for row in other
            ],
            "years": years,
            "discount_rate": rate_str(rate),
            "ramp": [rate_str(r) for r in values["ramp"]],
            "risk": rate_str(risk),
            "scenarios": [rate_str(f) for f in factors],
        },
        **_summary(main),
        "pv_cost": money_str(main.pv_cost),
        "pv_benefit": money_str(main.pv_benefit),
        "payback_parts": {k: money_str(v) for k, v in main.payback_parts.items()}
        if main.payback_parts
        else None,
        "tco": {
            "upfront": money_str(upfront),
            "running": money_str(annual_cost * years),
            "internal": money_str(internal_cost * years),
            "total": money_str(main.total_cost),
        },
        "levers": [
            {"lever": lever.key, "name": lever.name, "annual": money_str(lever.annual)}
            for lever in levers
        ],
        "lever_total": money_str(lever_total),
        "benefit_build": build,
        "scenarios": [
            {"scenario": name, "factor": rate_str(factor), **_summary(outcomes[name])}
            for name, factor in zip(SCENARIOS, factors, strict=True)
        ],
        "cost_of_delay_month": money_str(cost_of_delay),
        "cost_of_delay_parts": {
            "benefit": money_str(conservative_year1),
            "cost": money_str(costs[1]),
            "net": money_str(year1_net),
        },
        "cash_flows": rows,
    }


def _plain_or_none(value: Decimal | None) -> str | None:
    return None if value is None else plain_str(value)


def _money_or_none(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _rate_or_none(value: Decimal | None) -> str | None:
    return None if value is None else rate_str(value)


# --- rendering (shared by the build and the browser worker) ---------------------------------


def _years_text(value: str | None, lang: str) -> str:
    if value is None:
        return t("result.never", lang)
    return f"{value} {t('unit.years', lang)}"


def _months_text(value: str | None, lang: str) -> str:
    if value is None:
        return t("result.never", lang)
    return f"{value} {t('unit.months', lang)}"


def _irr_text(summary: dict[str, Any], lang: str) -> str:
    if summary["irr"] is None:
        return t(f"roi.irr.{summary['irr_reason']}", lang)
    return format_percent(Decimal(summary["irr"]))


def _pct(text: str) -> str:
    """An input rate as people wrote it: ``0.125`` → ``12.5%``."""
    return format_number(Decimal(text) * 100) + "%"


def _money(text: str) -> str:
    return format_money(Decimal(text))


def _money_cell(text: str) -> Cell:
    return (format_number(Decimal(text), 2), text)


def _lever_lines(result: dict[str, Any], lang: str) -> list[str]:
    inputs = result["inputs"]
    lines = []
    for lever in result["levers"]:
        amount = _money(lever["annual"])
        if lever["lever"] == "time":
            line = t(
                "roi.explain.lever.time",
                lang,
                hours=format_number(Decimal(inputs["hours_saved"])),
                people=format_number(Decimal(inputs["people"])),
                hourly=_money(inputs["hourly_cost"]),
                amount=amount,
            )
        elif lever["lever"] == "revenue":
            line = t(
                "roi.explain.lever.revenue",
                lang,
                revenue=_money(inputs["revenue"]),
                uplift=_pct(inputs["revenue_uplift"]),
                margin=_pct(inputs["gross_margin"]),
                amount=amount,
            )
        elif lever["lever"] == "cost":
            line = t(
                "roi.explain.lever.cost",
                lang,
                base=_money(inputs["cost_base"]),
                reduction=_pct(inputs["cost_reduction"]),
                amount=amount,
            )
        else:
            line = t("roi.explain.lever.other", lang, name=lever["name"], amount=amount)
        lines.append(line)
    if len(result["levers"]) > 1:
        lines.append(
            t(
                "roi.explain.levers_total",
                lang,
                parts=" + ".join(_money(lever["annual"]) for lever in result["levers"]),
                total=_money(result["lever_total"]),
            )
        )
    return lines


def _explain_lines(result: dict[str, Any], lang: str) -> list[str]:
    dec = Decimal
    inputs = result["inputs"]
    first = result["benefit_build"][0]
    factors = inputs["scenarios"]
    tco = result["tco"]
    lines = _lever_lines(result, lang)
    lines += [
        t(
            "roi.explain.benefit",
            lang,
            base=_money(first["base"]),
            levers=_money(first["levers"]),
            ramp=_pct(first["ramp"]),
            risk=_pct(first["risk"]),
            factor=_pct(factors[1]),
            benefit=_money(first["benefit"]),
        ),
        t(
            "roi.explain.scenarios",
            lang,
            low=_pct(factors[0]),
            mid=_pct(factors[1]),
            high=_pct(factors[2]),
        ),
        t(
            "roi.explain.tco",
            lang,
            upfront=_money(inputs["upfront_cost"]),
            annual=_money(inputs["annual_cost"]),
            internal=_money(inputs["internal_cost"]),
            years=inputs["years"],
            tco=_money(tco["total"]),
        ),
        t(
            "roi.explain.roi",
            lang,
            benefit=_money(result["total_benefit"]),
            cost=_money(result["total_cost"]),
            roi=format_percent(dec(result["roi"])),
        ),
        t(
            "roi.explain.npv",
            lang,
            rate=_pct(inputs["discount_rate"]),
            years=inputs["years"],
            npv=_money(result["npv"]),
        ),
        t(
            "roi.explain.pv_roi",
            lang,
            benefit=_money(result["pv_benefit"]),
            cost=_money(result["pv_cost"]),
            roi=format_percent(dec(result["pv_roi"])),
        ),
        t("roi.explain.irr", lang, irr=_irr_text(result, lang)),
    ]
    parts = result["payback_parts"]
    if parts:
        lines.append(
            t(
                "roi.explain.payback",
                lang,
                before=plain_str(dec(parts["before"])),
                gap=_money(parts["gap"]),
                flow=_money(parts["flow"]),
                payback=result["payback_years"],
                months=result["payback_months"],
            )
        )
    elif result["payback_years"] is None:
        lines.append(t("roi.explain.no_payback", lang, years=inputs["years"]))
    lines.append(
        t(
            "roi.explain.discounted_payback",
            lang,
            payback=_years_text(result["discounted_payback_years"], lang),
        )
    )
    delay = result["cost_of_delay_parts"]
    lines.append(
        t(
            "roi.explain.cost_of_delay",
            lang,
            benefit=_money(delay["benefit"]),
            cost=_money(delay["cost"]),
            month=_money(result["cost_of_delay_month"]),
        )
    )
    return lines


def _cash_flow_table(result: dict[str, Any], lang: str) -> Markup:
    columns = ["year", "cost", "benefit", "net", "cumulative", "discount_factor", "present_value"]
    body: list[list[Cell]] = []
    for row in result["cash_flows"]:
        cells: list[Cell] = [str(row["year"])]
        for key in columns[1:]:
            if key == "discount_factor":
                cells.append((format_number(Decimal(row[key])), row[key]))
            else:
                cells.append(_money_cell(row[key]))
        body.append(cells)
    return table(
        t("roi.table.caption", lang),
        [t(f"roi.col.{c}", lang) for c in columns],
        body,
        export=True,
    )


def _scenario_table(result: dict[str, Any], lang: str) -> Markup:
    scenarios: list[dict[str, Any]] = result["scenarios"]

    def row(label_key: str, cell: Any) -> list[Cell]:
        return [t(label_key, lang), *(cell(s) for s in scenarios)]

    def percent(key: str) -> Any:
        return lambda s: (format_percent(Decimal(s[key])), s[key])

    rows = [
        row("roi.col.factor", lambda s: (_pct(s["factor"]), s["factor"])),
        row("roi.out.total_benefit", lambda s: _money_cell(s["total_benefit"])),
        row("roi.out.roi", percent("roi")),
        row("roi.out.npv", lambda s: _money_cell(s["npv"])),
        row("roi.out.pv_roi", percent("pv_roi")),
        row("roi.out.irr", lambda s: (_irr_text(s, lang), s["irr"] or "")),
        row(
            "roi.out.payback_months",
            lambda s: (_months_text(s["payback_months"], lang), s["payback_months"] or ""),
        ),
        row(
            "roi.out.discounted_payback_years",
            lambda s: (
                _years_text(s["discounted_payback_years"], lang),
                s["discounted_payback_years"] or "",
            ),
        ),
    ]
    head = [t("roi.col.metric", lang)] + [
        t(f"roi.scenario.{s['scenario']}", lang) for s in scenarios
    ]
    return table(t("roi.table.scenarios", lang), head, rows)


def _build_table(result: dict[str, Any], lang: str) -> Markup:
    columns = ["year", "base", "levers", "full", "ramp", "risk", "benefit"]
    body: list[list[Cell]] = []
    for row in result["benefit_build"]:
        body.append(
            [
                str(row["year"]),
                _money_cell(row["base"]),
                _money_cell(row["levers"]),
                _money_cell(row["full"]),
                (_pct(row["ramp"]), row["ramp"]),
                (_pct(row["risk"]), row["risk"]),
                _money_cell(row["benefit"]),
            ]
        )
    return table(t("roi.table.build", lang), [t(f"roi.col.{c}", lang) for c in columns], body)


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline outputs, explanation, charts, tables and conventions."""
    dec = Decimal
    outputs = [
        ("roi", result["roi"], format_percent(dec(result["roi"]))),
        ("npv", result["npv"], _money(result["npv"])),
        (
            "payback_months",
            result["payback_months"] or "",
            _months_text(result["payback_months"], lang),
        ),
        (
            "cost_of_delay_month",
            result["cost_of_delay_month"],
            _money(result["cost_of_delay_month"]),
        ),
        ("irr", result["irr"] or "", _irr_text(result, lang)),
        ("pv_roi", result["pv_roi"], format_percent(dec(result["pv_roi"]))),
    ]
    cards = headline(
        [(name, t(f"roi.out.{name}", lang), value, shown) for name, value, shown in outputs]
    )
    cumulative_chart = charts.bar_chart(
        title=t("roi.col.cumulative", lang),
        labels=[str(row["year"]) for row in result["cash_flows"]],
        values=[dec(row["cumulative"]) for row in result["cash_flows"]],
        lang=lang,
    )
    scenario_chart = charts.bar_chart(
        title=t("roi.chart.scenarios", lang),
        labels=[t(f"roi.scenario.{s['scenario']}", lang) for s in result["scenarios"]],
        values=[dec(s["npv"]) for s in result["scenarios"]],
        lang=lang,
    )
    notes = [
        t("roi.convention.timing", lang),
        t("roi.convention.benefits", lang),
        t("roi.convention.ramp", lang),
        t("roi.convention.tco", lang),
        t("roi.convention.npv", lang),
        t("roi.convention.irr", lang),
        t("roi.convention.payback", lang),
        t("roi.convention.cost_of_delay", lang),
        t("roi.convention.present_value", lang),
        t("result.rounding", lang),
    ]
    # The cash-flow table comes first: the page's copy / CSV buttons export the first table.
    body = [
        scenario_chart,
        cumulative_chart,
        _cash_flow_table(result, lang),
        _scenario_table(result, lang),
        explain(_explain_lines(result, lang), lang),
        _build_table(result, lang),
        conventions(notes, lang),
    ]
    return result_panel(cards, join(body), lang)


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("roi", "npv", "payback_months", "cost_of_delay_month"),
    check=check,
)

__all__ = ["CALCULATOR", "compute", "evaluate", "irr", "npv", "payback", "render"]
