"""Customer value: LTV, CAC payback, LTV:CAC, churn conversions, NRR / GRR and a retention what-if.

- Monthly churn c (given, or from an annual churn a as ``c = 1 − (1 − a)^(1/12)``);
  annual churn = ``1 − (1 − c)^12``. The 12th root is taken as ``exp(ln(1 − a) ÷ 12)``.
- Monthly gross profit per customer = ARPU × gross margin (ARPU is monthly).
- Expected lifetime (months) = 1 ÷ c;  LTV = ARPU × gross margin ÷ c.
- CAC payback (months) = CAC ÷ (ARPU × gross margin);  LTV:CAC = LTV ÷ CAC.
- NRR = (start + expansion − contraction − churned) ÷ start;  GRR leaves out expansion.
- What-if: the churn as entered lowered by X percentage points (same period), LTV again.

A churn of 0 is refused: the lifetime would be infinite and so would LTV.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from . import charts
from .errors import InputError, InputErrors
from .html import Markup, join
from .messages import register, t
from .money import (
    CONTEXT,
    format_money,
    format_number,
    format_percent,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "customer_value"

#: Rules of thumb often quoted in SaaS sales, not laws: LTV:CAC at least 3, payback under a year.
LTV_CAC_TARGET = Decimal(3)
PAYBACK_TARGET_MONTHS = Decimal(12)
#: Smallest amounts and rates accepted where they divide: a cent, and 0.01 % (a churn of 0.01 %
#: a month is a lifetime of 10,000 months). Smaller ones are typing slips, not scenarios.
MIN_MONEY = Decimal("0.01")
MIN_RATE = Decimal("0.0001")
#: Result keys of the retention what-if; all None when no improvement is given.
WHAT_IF_KEYS = (
    "improved_churn",
    "improved_monthly_churn",
    "improved_ltv",
    "ltv_gain",
    "improved_ltv_cac",
)

MESSAGES: dict[str, tuple[str, str]] = {
    "customer_value.title": (
        "客户价值计算器（LTV / CAC / 留存）",
        "Customer value calculator (LTV / CAC / retention)",
    ),
    "customer_value.arpu.label": ("每客户月均收入（ARPU）", "Monthly revenue per customer (ARPU)"),
    "customer_value.arpu.help": (
        "一个客户平均每月付给我们的钱；年付合同请除以 12。",
        "What one customer pays per month on average; divide annual contracts by 12.",
    ),
    "customer_value.gross_margin.label": ("毛利率", "Gross margin"),
    "customer_value.gross_margin.help": (
        "收入扣除交付成本（服务器、实施、客服）后剩下的比例。",
        "Share of revenue left after the cost of delivery (hosting, onboarding, support).",
    ),
    "customer_value.churn.label": ("客户流失率", "Customer churn"),
    "customer_value.churn.help": (
        "一个周期内流失的客户占期初客户的比例，必须大于 0。",
        "Share of the customers at the start of a period lost during it; must be above 0.",
    ),
    "customer_value.churn_period.label": ("流失率周期", "Churn period"),
    "customer_value.churn_period.help": (
        "上面的流失率是按月还是按年统计的；另一个会自动换算。",
        "Whether the churn above is monthly or annual; the other one is converted.",
    ),
    "customer_value.churn_period.monthly": ("按月", "Monthly"),
    "customer_value.churn_period.annual": ("按年", "Annual"),
    "customer_value.cac.label": ("获客成本（CAC）", "Customer acquisition cost (CAC)"),
    "customer_value.cac.help": (
        "赢得一个新客户平均花掉的销售和市场费用。",
        "Average sales and marketing spend to win one new customer.",
    ),
    "customer_value.churn_improvement.label": (
        "流失率改善（百分点）",
        "Churn improvement (points)",
    ),
    "customer_value.churn_improvement.help": (
        "可选：假如流失率降低这么多个百分点（与上面同一周期），LTV 会是多少。",
        "Optional: what LTV would be if churn fell by this many points (same period as above).",
    ),
    "customer_value.start_revenue.label": ("期初经常性收入", "Recurring revenue at start"),
    "customer_value.start_revenue.help": (
        "用于净/总收入留存率：一组老客户在期初的月度或年度经常性收入。",
        "For net/gross revenue retention: the existing customers' recurring revenue at the "
        "start of the period (monthly or annual).",
    ),
    "customer_value.expansion_revenue.label": ("增购收入", "Expansion"),
    "customer_value.expansion_revenue.help": (
        "同一组客户在期内增购、升级带来的新增经常性收入。",
        "Recurring revenue the same customers added by upgrades and add-ons.",
    ),
    "customer_value.contraction_revenue.label": ("降级收入", "Contraction"),
    "customer_value.contraction_revenue.help": (
        "仍在续费、但降级或减少用量而少掉的经常性收入。",
        "Recurring revenue lost from customers who stayed but downgraded.",
    ),
    "customer_value.churned_revenue.label": ("流失收入", "Churned revenue"),
    "customer_value.churned_revenue.help": (
        "完全流失的客户带走的经常性收入。",
        "Recurring revenue of the customers who left.",
    ),
    "customer_value.error.zero_churn": (
        "「{field}」为 0 意味着客户永不流失，生命周期和 LTV 都是无穷大，没有意义。"
        "请填一个大于 0 的流失率，哪怕是 0.5%。",
        "A “{field}” of 0 means customers never leave, so lifetime and LTV are infinite. "
        "Enter a churn above 0, even 0.5%.",
    ),
    "customer_value.error.improvement_too_large": (
        "「{field}」（{improvement}）太大：当前流失率是 {churn}，改善后的流失率至少要保留 0.01%。",
        "“{field}” ({improvement}) is too large: churn is {churn} now and must stay at "
        "0.01% or more after the improvement.",
    ),
    "customer_value.error.lost_exceeds_start": (
        "降级收入与「{field}」合计（{lost}）不能超过期初经常性收入（{start}）。",
        "Contraction plus “{field}” ({lost}) cannot exceed the recurring revenue at start "
        "({start}).",
    ),
    "customer_value.out.ltv": ("客户终身价值（LTV）", "Lifetime value (LTV)"),
    "customer_value.out.ltv_cac": ("LTV:CAC", "LTV:CAC"),
    "customer_value.out.cac_payback_months": ("CAC 回收期", "CAC payback"),
    "customer_value.out.monthly_churn": ("月流失率", "Monthly churn"),
    "customer_value.out.annual_churn": ("年流失率", "Annual churn"),
    "customer_value.out.nrr": ("净收入留存率（NRR）", "Net revenue retention (NRR)"),
    "customer_value.out.grr": ("总收入留存率（GRR）", "Gross revenue retention (GRR)"),
    "customer_value.out.improved_ltv": ("改善后的 LTV", "LTV after the improvement"),
    "customer_value.times": ("{value} 倍", "{value}×"),
    "customer_value.months": ("{value} 个月", "{value} months"),
    "customer_value.explain.to_annual": (
        "年流失率 = 1 − (1 − 月流失率)^12 = 1 − (1 − {monthly})^12 = {annual}",
        "Annual churn = 1 − (1 − monthly churn)^12 = 1 − (1 − {monthly})^12 = {annual}",
    ),
    "customer_value.explain.to_monthly": (
        "月流失率 = 1 − (1 − 年流失率)^(1/12) = 1 − (1 − {annual})^(1/12) = {monthly}",
        "Monthly churn = 1 − (1 − annual churn)^(1/12) = 1 − (1 − {annual})^(1/12) = {monthly}",
    ),
    "customer_value.explain.lifetime": (
        "客户平均生命周期 = 1 ÷ 月流失率 = 1 ÷ {monthly} = {lifetime} 个月",
        "Average customer lifetime = 1 ÷ monthly churn = 1 ÷ {monthly} = {lifetime} months",
    ),
    "customer_value.explain.ltv": (
        "LTV = ARPU × 毛利率 ÷ 月流失率 = {arpu} × {margin} ÷ {monthly} = {ltv}",
        "LTV = ARPU × gross margin ÷ monthly churn = {arpu} × {margin} ÷ {monthly} = {ltv}",
    ),
    "customer_value.explain.payback": (
        "CAC 回收期 = CAC ÷ (ARPU × 毛利率) = {cac} ÷ ({arpu} × {margin}) = {cac} ÷ {profit} "
        "= {months} 个月",
        "CAC payback = CAC ÷ (ARPU × gross margin) = {cac} ÷ ({arpu} × {margin}) = {cac} ÷ "
        "{profit} = {months} months",
    ),
    "customer_value.explain.ltv_cac": (
        "LTV:CAC = {ltv} ÷ {cac} = {ratio}",
        "LTV:CAC = {ltv} ÷ {cac} = {ratio}",
    ),
    "customer_value.explain.nrr": (
        "NRR = (期初 + 增购 − 降级 − 流失) ÷ 期初 = ({start} + {expansion} − {contraction} − "
        "{churned}) ÷ {start} = {nrr}",
        "NRR = (start + expansion − contraction − churned) ÷ start = ({start} + {expansion} − "
        "{contraction} − {churned}) ÷ {start} = {nrr}",
    ),
    "customer_value.explain.grr": (
        "GRR = (期初 − 降级 − 流失) ÷ 期初 = ({start} − {contraction} − {churned}) ÷ {start} "
        "= {grr}",
        "GRR = (start − contraction − churned) ÷ start = ({start} − {contraction} − {churned}) "
        "÷ {start} = {grr}",
    ),
    "customer_value.explain.what_if": (
        "假如流失率降低 {points} 个百分点：{before} → {after}（月流失率 {monthly}），"
        "LTV = {arpu} × {margin} ÷ {monthly} = {ltv}，比现在多 {gain}",
        "If churn fell by {points} points: {before} → {after} (monthly {monthly}), "
        "LTV = {arpu} × {margin} ÷ {monthly} = {ltv}, {gain} more than now",
    ),
    "customer_value.table.caption": ("单位经济与留存指标", "Unit economics and retention"),
    "customer_value.col.metric": ("指标", "Metric"),
    "customer_value.col.value": ("数值", "Value"),
    "customer_value.col.rule": ("常见经验法则", "Common rule of thumb"),
    "customer_value.row.monthly_profit": ("每客户月毛利", "Monthly gross profit per customer"),
    "customer_value.row.lifetime": ("客户平均生命周期", "Average customer lifetime"),
    "customer_value.row.cac": ("获客成本（CAC）", "Acquisition cost (CAC)"),
    "customer_value.row.end_revenue": ("期末经常性收入", "Recurring revenue at end"),
    "customer_value.rule.ltv_cac": ("≥ 3 倍：{verdict}", "≥ 3×: {verdict}"),
    "customer_value.rule.payback": ("< 12 个月：{verdict}", "< 12 months: {verdict}"),
    "customer_value.rule.met": ("达到", "met"),
    "customer_value.rule.missed": ("未达到", "not met"),
    "customer_value.chart.cac": ("获客成本", "CAC"),
    "customer_value.chart.ltv": ("LTV", "LTV"),
    "customer_value.chart.improved_ltv": ("改善后 LTV", "LTV, improved"),
    "customer_value.chart.title": ("获客成本与客户终身价值", "Acquisition cost and lifetime value"),
    "customer_value.convention.monthly": (
        "LTV 用月度 ARPU 配月流失率计算；按年输入的流失率先换算成月流失率。"
        "这是不折现、假设 ARPU 与流失率长期不变的简化口径。",
        "LTV uses monthly ARPU with monthly churn; an annual churn is first converted to "
        "monthly. It is undiscounted and assumes ARPU and churn stay constant.",
    ),
    "customer_value.convention.root": (
        "月、年流失率互相换算用复利口径，不是简单乘除 12；12 次方根按 exp(ln(1 − 年流失率) ÷ 12) "
        "以 40 位有效数字计算，结果四舍五入保留 6 位小数。",
        "Monthly and annual churn convert by compounding, not by multiplying or dividing by "
        "12; the 12th root is exp(ln(1 − annual churn) ÷ 12) to 40 significant digits, "
        "rounded half-up to 6 decimal places.",
    ),
    "customer_value.convention.zero_churn": (
        "流失率为 0 时不计算：客户永不流失意味着 LTV 无穷大，计算器会直接提示而不是给出一个上限。",
        "A churn of 0 is refused: customers who never leave have an infinite LTV, so the "
        "calculator says so instead of capping the lifetime.",
    ),
    "customer_value.convention.rules": (
        "「LTV:CAC 不低于 3 倍、CAC 回收期短于 12 个月」是业内常被引用的经验法则，"
        "不是定律；合适的目标因行业、客单价和增长阶段而异。",
        "“LTV:CAC of at least 3 and CAC payback under 12 months” are commonly quoted rules of "
        "thumb, not laws; the right targets depend on the market, deal size and growth stage.",
    ),
    "customer_value.convention.retention": (
        "NRR 与 GRR 针对期初已有的同一组客户，不含期内新客户；GRR 不含增购，因此不会超过 100%。",
        "NRR and GRR cover the customers present at the start, not new ones; GRR excludes "
        "expansion, so it never exceeds 100%.",
    ),
}
register(MESSAGES)

FIELDS = (
    Field("arpu", "money", default=Decimal(500), unit="unit.yuan"),
    Field("gross_margin", "rate", default="80%", max=Decimal(1)),
    Field("churn", "rate", default="5%", max=Decimal(1)),
    Field("churn_period", "choice", default="monthly", choices=("monthly", "annual")),
    Field("cac", "money", default=Decimal(2000), unit="unit.yuan"),
    Field(
        "churn_improvement",
        "rate",
        default=None,
        required=False,
        max=Decimal(1),
        advanced=True,
    ),
    Field("start_revenue", "money", default=Decimal(100_000), unit="unit.yuan"),
    Field("expansion_revenue", "money", default=Decimal(15_000), unit="unit.yuan"),
    Field("contraction_revenue", "money", default=Decimal(3000), unit="unit.yuan"),
    Field("churned_revenue", "money", default=Decimal(5000), unit="unit.yuan"),
)


def check(values: dict[str, Any]) -> None:
    """Divisors at least a cent / 0.01 %; the what-if leaves churn at least 0.01 %; GRR ≥ 0."""
    errors: list[InputError] = []
    minimum = {"arpu": MIN_MONEY, "gross_margin": MIN_RATE, "cac": MIN_MONEY}
    for name in ("arpu", "gross_margin"):
        if values[name] < minimum[name]:
            errors.append(_below_min(name, minimum[name]))
    churn: Decimal = values["churn"]
    if churn == 0:
        errors.append(InputError("churn", "customer_value.error.zero_churn"))
    elif churn < MIN_RATE:
        errors.append(_below_min("churn", MIN_RATE))
    if values["cac"] < MIN_MONEY:
        errors.append(_below_min("cac", MIN_MONEY))
    improvement: Decimal | None = values.get("churn_improvement")
    if improvement is not None and churn >= MIN_RATE and churn - improvement < MIN_RATE:
        errors.append(
            InputError(
                "churn_improvement",
                "customer_value.error.improvement_too_large",
                improvement=format_percent(improvement),
                churn=format_percent(churn),
            )
        )
    start: Decimal = values["start_revenue"]
    if start < MIN_MONEY:
        errors.append(_below_min("start_revenue", MIN_MONEY))
    lost = values["contraction_revenue"] + values["churned_revenue"]
    if lost > start >= MIN_MONEY:
        errors.append(
            InputError(
                "churned_revenue",
                "customer_value.error.lost_exceeds_start",
                lost=format_money(lost),
                start=format_money(start),
            )
        )
    if errors:
        raise InputErrors(errors)


def _below_min(name: str, minimum: Decimal) -> InputError:
    shown = format_percent(minimum) if minimum == MIN_RATE else plain_str(minimum)
    return InputError(name, "error.below_min", min=shown)


def annual_from_monthly(monthly: Decimal) -> Decimal:
    """1 − (1 − monthly)^12, to 40 significant digits."""
    with localcontext(CONTEXT):
        return 1 - (1 - monthly) ** 12


def monthly_from_annual(annual: Decimal) -> Decimal:
    """1 − (1 − annual)^(1/12), as 1 − exp(ln(1 − annual) ÷ 12); 100 % a year is 100 % a month."""
    if annual == 1:
        return Decimal(1)
    with localcontext(CONTEXT):
        return 1 - ((1 - annual).ln() / 12).exp()


def _monthly(churn: Decimal, period: str) -> Decimal:
    return churn if period == "monthly" else monthly_from_annual(churn)


def _two_places(value: Decimal) -> str:
    return plain_str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The customer-value result for parsed ``values`` (formulas in the module docstring)."""
    arpu: Decimal = values["arpu"]
    margin: Decimal = values["gross_margin"]
    churn: Decimal = values["churn"]
    period: str = values["churn_period"]
    cac: Decimal = values["cac"]
    improvement: Decimal | None = values.get("churn_improvement")
    start: Decimal = values["start_revenue"]
    expansion: Decimal = values["expansion_revenue"]
    contraction: Decimal = values["contraction_revenue"]
    churned: Decimal = values["churned_revenue"]
    with localcontext(CONTEXT):
        monthly = _monthly(churn, period)
        annual = churn if period == "annual" else annual_from_monthly(churn)
        monthly_profit = arpu * margin
        ltv = monthly_profit / monthly
        payback = cac / monthly_profit
        ratio = ltv / cac
        end_revenue = start + expansion - contraction - churned
        retained = start - contraction - churned
        nrr = end_revenue / start
        grr = retained / start
        what_if: dict[str, str | None] = dict.fromkeys(WHAT_IF_KEYS)
        if improvement is not None:
            improved = churn - improvement
            improved_monthly = _monthly(improved, period)
            improved_ltv = quantize_money(monthly_profit / improved_monthly)
            what_if = {
                "improved_churn": rate_str(improved),
                "improved_monthly_churn": rate_str(improved_monthly),
                "improved_ltv": money_str(improved_ltv),
                "ltv_gain": money_str(improved_ltv - quantize_money(ltv)),
                "improved_ltv_cac": rate_str(improved_ltv / cac),
            }
        return {
            "calculator": ID,
            "inputs": {
                "arpu": money_str(arpu),
                "gross_margin": rate_str(margin),
                "churn": rate_str(churn),
                "churn_period": period,
                "cac": money_str(cac),
                "churn_improvement": rate_str(improvement) if improvement is not None else None,
                "start_revenue": money_str(start),
                "expansion_revenue": money_str(expansion),
                "contraction_revenue": money_str(contraction),
                "churned_revenue": money_str(churned),
            },
            "monthly_churn": rate_str(monthly),
            "annual_churn": rate_str(annual),
            "lifetime_months": _two_places(1 / monthly),
            "monthly_gross_profit": money_str(monthly_profit),
            "ltv": money_str(ltv),
            "cac_payback_months": _two_places(payback),
            "ltv_cac": rate_str(ratio),
            "meets_ltv_cac_rule": ratio >= LTV_CAC_TARGET,
            "meets_payback_rule": payback < PAYBACK_TARGET_MONTHS,
            "end_revenue": money_str(end_revenue),
            "retained_revenue": money_str(retained),
            "nrr": rate_str(nrr),
            "grr": rate_str(grr),
            **what_if,
        }


# --- rendering (shared by the build and the browser worker) ---------------------------------


def _churn_text(value: Decimal) -> str:
    """A churn for the explanation: 2 to 4 decimals in percent, so the substituted maths checks."""
    text = format_percent(value, 4)
    while text.endswith("0%") and len(text.partition(".")[2]) > 3:
        text = text[:-2] + "%"
    return text


def _verdict(met: bool, lang: str) -> str:
    return t("customer_value.rule.met" if met else "customer_value.rule.missed", lang)


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline outputs, explanation, chart, table and conventions."""
    dec = Decimal
    inputs = result["inputs"]
    pct = format_percent
    times = t("customer_value.times", lang, value=format_number(dec(result["ltv_cac"]), 2))
    months = t(
        "customer_value.months", lang, value=format_number(dec(result["cac_payback_months"]))
    )
    outputs = [
        ("ltv", result["ltv"], format_money(dec(result["ltv"]))),
        ("ltv_cac", result["ltv_cac"], times),
        ("cac_payback_months", result["cac_payback_months"], months),
        ("monthly_churn", result["monthly_churn"], pct(dec(result["monthly_churn"]))),
        ("annual_churn", result["annual_churn"], pct(dec(result["annual_churn"]))),
        ("nrr", result["nrr"], pct(dec(result["nrr"]))),
        ("grr", result["grr"], pct(dec(result["grr"]))),
    ]
    if result["improved_ltv"] is not None:
        outputs.append(
            ("improved_ltv", result["improved_ltv"], format_money(dec(result["improved_ltv"])))
        )
    cards = headline(
        [
            (name, t(f"customer_value.out.{name}", lang), value, shown)
            for name, value, shown in outputs
        ]
    )

    arpu = format_money(dec(inputs["arpu"]))
    margin = pct(dec(inputs["gross_margin"]))
    monthly = _churn_text(dec(result["monthly_churn"]))
    annual = _churn_text(dec(result["annual_churn"]))
    money = {
        key: format_money(dec(inputs[key]))
        for key in ("start_revenue", "expansion_revenue", "contraction_revenue", "churned_revenue")
    }
    if inputs["churn_period"] == "monthly":
        conversion = t(
            "customer_value.explain.to_annual",
            lang,
            monthly=monthly,
            annual=annual,
        )
    else:
        conversion = t(
            "customer_value.explain.to_monthly",
            lang,
            annual=annual,
            monthly=monthly,
        )
    lines = [
        conversion,
        t(
            "customer_value.explain.lifetime",
            lang,
            monthly=monthly,
            lifetime=format_number(dec(result["lifetime_months"])),
        ),
        t(
            "customer_value.explain.ltv",
            lang,
            arpu=arpu,
            margin=margin,
            monthly=monthly,
            ltv=format_money(dec(result["ltv"])),
        ),
        t(
            "customer_value.explain.payback",
            lang,
            cac=format_money(dec(inputs["cac"])),
            arpu=arpu,
            margin=margin,
            profit=format_money(dec(result["monthly_gross_profit"])),
            months=format_number(dec(result["cac_payback_months"])),
        ),
        t(
            "customer_value.explain.ltv_cac",
            lang,
            ltv=format_money(dec(result["ltv"])),
            cac=format_money(dec(inputs["cac"])),
            ratio=format_number(dec(result["ltv_cac"]), 2),
        ),
        t(
            "customer_value.explain.nrr",
            lang,
            start=money["start_revenue"],
            expansion=money["expansion_revenue"],
            contraction=money["contraction_revenue"],
            churned=money["churned_revenue"],
            nrr=pct(dec(result["nrr"])),
        ),
        t(
            "customer_value.explain.grr",
            lang,
            start=money["start_revenue"],
            contraction=money["contraction_revenue"],
            churned=money["churned_revenue"],
            grr=pct(dec(result["grr"])),
        ),
    ]
    if result["improved_ltv"] is not None:
        lines.append(
            t(
                "customer_value.explain.what_if",
                lang,
                points=format_number(dec(inputs["churn_improvement"]) * 100),
                before=pct(dec(inputs["churn"])),
                after=pct(dec(result["improved_churn"])),
                monthly=_churn_text(dec(result["improved_monthly_churn"])),
                arpu=arpu,
                margin=margin,
                ltv=format_money(dec(result["improved_ltv"])),
                gain=format_money(dec(result["ltv_gain"])),
            )
        )

    label = {name: t(f"customer_value.out.{name}", lang) for name, _, _ in outputs}
    rows = [
        [
            t("customer_value.row.monthly_profit", lang),
            format_money(dec(result["monthly_gross_profit"])),
            "",
        ],
        [
            t("customer_value.row.lifetime", lang),
            t("customer_value.months", lang, value=format_number(dec(result["lifetime_months"]))),
            "",
        ],
        [label["ltv"], format_money(dec(result["ltv"])), ""],
        [t("customer_value.row.cac", lang), format_money(dec(inputs["cac"])), ""],
        [
            label["ltv_cac"],
            times,
            t(
                "customer_value.rule.ltv_cac",
                lang,
                verdict=_verdict(result["meets_ltv_cac_rule"], lang),
            ),
        ],
        [
            label["cac_payback_months"],
            months,
            t(
                "customer_value.rule.payback",
                lang,
                verdict=_verdict(result["meets_payback_rule"], lang),
            ),
        ],
        [label["monthly_churn"], pct(dec(result["monthly_churn"])), ""],
        [label["annual_churn"], pct(dec(result["annual_churn"])), ""],
        [t("customer_value.row.end_revenue", lang), format_money(dec(result["end_revenue"])), ""],
        [label["nrr"], pct(dec(result["nrr"])), ""],
        [label["grr"], pct(dec(result["grr"])), ""],
    ]
    if result["improved_ltv"] is not None:
        rows.append([label["improved_ltv"], format_money(dec(result["improved_ltv"])), ""])
    metrics = table(
        t("customer_value.table.caption", lang),
        [t(f"customer_value.col.{c}", lang) for c in ("metric", "value", "rule")],
        rows,
        numeric_from=1,
        export=True,
    )

    bars = [
        (t("customer_value.chart.cac", lang), dec(inputs["cac"])),
        (t("customer_value.chart.ltv", lang), dec(result["ltv"])),
    ]
    if result["improved_ltv"] is not None:
        bars.append((t("customer_value.chart.improved_ltv", lang), dec(result["improved_ltv"])))
    chart = charts.bar_chart(
        title=t("customer_value.chart.title", lang),
        labels=[name for name, _ in bars],
        values=[value for _, value in bars],
        lang=lang,
    )
    notes = [
        t("customer_value.convention.monthly", lang),
        t("customer_value.convention.root", lang),
        t("customer_value.convention.zero_churn", lang),
        t("customer_value.convention.rules", lang),
        t("customer_value.convention.retention", lang),
        t("result.rounding", lang),
    ]
    return result_panel(
        cards,
        join([explain(lines, lang), chart, metrics, conventions(notes, lang)]),
        lang,
    )


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("ltv", "ltv_cac", "cac_payback_months", "annual_churn", "nrr", "grr"),
    check=check,
)

__all__ = ["CALCULATOR", "annual_from_monthly", "compute", "monthly_from_annual", "render"]
