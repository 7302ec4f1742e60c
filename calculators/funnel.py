"""Funnel back-calculation from a sales target, sales velocity, and a weighted pipeline forecast.

From the target Q, the average deal size ADS and the win rate w:

- deals = ⌈Q ÷ ADS⌉; opportunities = ⌈deals ÷ w⌉. Counts are rounded up to whole numbers, and
  each stage above is computed from the whole number of the stage below, so every count shown ×
  its conversion rate covers the count below it.
- Optional stages above the opportunity (top of the funnel first): each row gives the share of
  that stage that reaches the next one (the last row's next stage is the opportunity);
  needed = ⌈needed at the next stage ÷ rate⌉.
- Pipeline needed = Q ÷ w (an exact amount, not rounded up); coverage = 1 ÷ w.
- Sales velocity per day = opportunities × ADS × w ÷ cycle days.
- Opportunities must exist one sales cycle before the period ends: the latest day (counted
  from the period start) is period days − cycle days; negative means before the period starts.
- Weighted forecast of open deals (amount a, probability p), deals independent:
  E = Σ a·p, Var = Σ a²·p(1 − p), σ = √Var; the range E ± σ is clipped to [0, Σ a].
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from . import charts
from .allocation import apportion
from .errors import InputError
from .html import Markup, el, join
from .messages import register, t
from .money import (
    CENT,
    CONTEXT,
    MAX_ABS,
    format_money,
    format_number,
    money_str,
    plain_str,
    quantize_money,
    quantize_rate,
    rate_str,
)
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "funnel"

#: Rates below 0.01 % are refused: they make every count above them explode.
MIN_RATE = Decimal("0.0001")

MESSAGES: dict[str, tuple[str, str]] = {
    "funnel.title": ("销售漏斗倒推计算器", "Sales funnel calculator"),
    "funnel.target.label": ("业绩目标", "Sales target"),
    "funnel.target.help": (
        "本统计周期要完成的成交金额，例如 100万。",
        "Revenue to close in the period, e.g. 1,000,000.",
    ),
    "funnel.avg_deal_size.label": ("平均客单价", "Average deal size"),
    "funnel.avg_deal_size.help": (
        "每笔成交的平均金额，建议取最近几个季度的实际值。",
        "Average amount of one won deal; take it from recent quarters.",
    ),
    "funnel.win_rate.label": ("赢单率", "Win rate"),
    "funnel.win_rate.help": (
        "商机最终成交的比例，例如 25%。",
        "Share of opportunities that are won, e.g. 25%.",
    ),
    "funnel.stages.label": ("商机之前的各阶段", "Stages before the opportunity"),
    "funnel.stages.help": (
        "可选。从漏斗顶部往下，每行一个阶段：阶段名 转化到下一阶段的比例，最后一行转化为商机。"
        "例如：线索 20%（换行）有效线索 50%。阶段名中不要有空格。",
        "Optional. Top of the funnel first, one stage a line: name, then the share that reaches "
        "the next stage; the last line converts into opportunities. E.g. “Leads 20%” then "
        "“Qualified 50%”. No spaces in names.",
    ),
    "funnel.stages.stage.label": ("阶段名", "Stage"),
    "funnel.stages.rate.label": ("转化率", "Conversion rate"),
    "funnel.cycle_days.label": ("销售周期", "Sales cycle"),
    "funnel.cycle_days.help": (
        "从商机建立到成交平均需要的天数。",
        "Average days from a new opportunity to a won deal.",
    ),
    "funnel.period_days.label": ("统计周期", "Period"),
    "funnel.period_days.help": (
        "目标对应的天数：月 30、季度 90、年 365。",
        "Days the target covers: 30 a month, 90 a quarter, 365 a year.",
    ),
    "funnel.open_deals.label": ("在手商机（加权预测）", "Open deals (weighted forecast)"),
    "funnel.open_deals.help": (
        "可选。每行一笔：名称 金额 成交概率，例如：华东项目 50万 60%。名称中不要有空格。",
        "Optional. One deal a line: name, amount, probability, e.g. “Acme 500000 60%”. "
        "No spaces in names.",
    ),
    "funnel.open_deals.name.label": ("名称", "Name"),
    "funnel.open_deals.amount.label": ("金额", "Amount"),
    "funnel.open_deals.probability.label": ("成交概率", "Probability"),
    "funnel.unit.days": ("天", "days"),
    "funnel.error.too_many": (
        "按「{field}」推算出的数量超过 10^15，无法作为计划数字，请检查输入。",
        "“{field}” makes a count above 10^15, which cannot be a plan; check the inputs.",
    ),
    "funnel.out.deals": ("所需成交数", "Deals needed"),
    "funnel.out.opportunities": ("所需商机数", "Opportunities needed"),
    "funnel.out.leads": ("漏斗顶部所需数量", "Needed at the top of the funnel"),
    "funnel.out.pipeline": ("所需管道金额", "Pipeline needed"),
    "funnel.out.coverage": ("管道覆盖倍数", "Pipeline coverage"),
    "funnel.out.sales_velocity": ("销售速度", "Sales velocity"),
    "funnel.out.pipeline_deadline_day": ("商机最晚到位时间", "Opportunities needed by"),
    "funnel.out.expected_value": ("加权预测（期望值）", "Weighted forecast (expected)"),
    "funnel.out.forecast_gap": ("距目标缺口", "Gap to target"),
    "funnel.per_day": ("{amount}/天", "{amount} per day"),
    "funnel.count": ("{count} 个", "{count}"),
    "funnel.deadline.day": ("周期第 {day} 天", "day {day} of the period"),
    "funnel.deadline.start": ("周期开始时", "the start of the period"),
    "funnel.deadline.before": ("周期开始前 {days} 天", "{days} days before the period starts"),
    "funnel.warning.title": ("注意", "Warning"),
    "funnel.warning.cycle": (
        "销售周期（{cycle} 天）比统计周期（{period} 天）长：本周期要成交的商机，"
        "必须在周期开始前 {days} 天就已经在管道中，周期内新建的商机来不及在本周期成交。",
        "The sales cycle ({cycle} days) is longer than the period ({period} days): "
        "opportunities that close in this period must be in the pipeline {days} days before it "
        "starts; opportunities created during the period cannot close in time.",
    ),
    "funnel.stage.opportunity": ("商机", "Opportunities"),
    "funnel.stage.deal": ("成交", "Won deals"),
    "funnel.table.caption": ("漏斗各阶段所需数量", "Needed at each stage"),
    "funnel.col.stage": ("阶段", "Stage"),
    "funnel.col.rate": ("转化到下一阶段", "Converts to the next stage"),
    "funnel.col.needed": ("所需数量", "Needed"),
    "funnel.chart.title": ("各阶段所需数量", "Needed at each stage"),
    "funnel.forecast.caption": ("在手商机加权预测", "Weighted forecast of open deals"),
    "funnel.col.name": ("商机", "Deal"),
    "funnel.col.amount": ("金额", "Amount"),
    "funnel.col.probability": ("成交概率", "Probability"),
    "funnel.col.weighted": ("加权金额", "Weighted amount"),
    "funnel.total": ("合计", "Total"),
    "funnel.chart.forecast": ("加权预测与目标", "Weighted forecast against the target"),
    "funnel.bar.low": ("期望 − σ", "expected − σ"),
    "funnel.bar.expected": ("期望值", "expected"),
    "funnel.bar.high": ("期望 + σ", "expected + σ"),
    "funnel.bar.target": ("目标", "target"),
    "funnel.explain.deals": (
        "所需成交数 = ⌈目标 ÷ 平均客单价⌉ = ⌈{target} ÷ {ads}⌉ = ⌈{quotient}⌉ = {deals}",
        "Deals = ⌈target ÷ average deal size⌉ = ⌈{target} ÷ {ads}⌉ = ⌈{quotient}⌉ = {deals}",
    ),
    "funnel.explain.opportunities": (
        "所需商机数 = ⌈成交数 ÷ 赢单率⌉ = ⌈{deals} ÷ {win}⌉ = {opportunities}",
        "Opportunities = ⌈deals ÷ win rate⌉ = ⌈{deals} ÷ {win}⌉ = {opportunities}",
    ),
    "funnel.explain.stage": (
        "「{stage}」所需数量 = ⌈{next_stage}所需数量 ÷ 转化率⌉ = ⌈{below} ÷ {rate}⌉ = {needed}",
        "“{stage}” needed = ⌈{next_stage} needed ÷ conversion rate⌉ = ⌈{below} ÷ {rate}⌉ "
        "= {needed}",
    ),
    "funnel.explain.pipeline": (
        "所需管道金额 = 目标 ÷ 赢单率 = {target} ÷ {win} = {pipeline}；"
        "覆盖倍数 = 1 ÷ 赢单率 = 1 ÷ {win} = {coverage}",
        "Pipeline needed = target ÷ win rate = {target} ÷ {win} = {pipeline}; "
        "coverage = 1 ÷ win rate = 1 ÷ {win} = {coverage}",
    ),
    "funnel.explain.velocity": (
        "销售速度 = 商机数 × 平均客单价 × 赢单率 ÷ 销售周期 = {opportunities} × {ads} × {win} "
        "÷ {cycle} 天 = {velocity}/天",
        "Sales velocity = opportunities × average deal size × win rate ÷ sales cycle = "
        "{opportunities} × {ads} × {win} ÷ {cycle} days = {velocity} per day",
    ),
    "funnel.explain.deadline": (
        "商机最晚到位时间 = 统计周期 − 销售周期 = {period} − {cycle} = {day}"
        "（从周期开始算起的天数），即{when}",
        "Latest day for the opportunities = period − sales cycle = {period} − {cycle} = {day} "
        "(days from the period start): {when}",
    ),
    "funnel.explain.expected": (
        "期望值 E = Σ 金额 × 成交概率 = {terms} = {expected}",
        "Expected value E = Σ amount × probability = {terms} = {expected}",
    ),
    "funnel.explain.sd": (
        "标准差 σ = √(Σ 金额² × 概率 × (1 − 概率)) = √{variance} = {sd}；区间 E ± σ = {low} 至 "
        "{high}",
        "Standard deviation σ = √(Σ amount² × p × (1 − p)) = √{variance} = {sd}; range E ± σ = "
        "{low} to {high}",
    ),
    "funnel.explain.gap": (
        "距目标缺口 = 目标 − E = {target} − {expected} = {gap}（负数表示期望值已超过目标）",
        "Gap = target − E = {target} − {expected} = {gap} (negative: the expected value is "
        "above the target)",
    ),
    "funnel.explain.many_terms": ("{count} 笔商机之和", "the sum over {count} deals"),
    "funnel.status.likely_short": (
        "即使按期望值加一个标准差计算，在手商机也达不到目标：需要补充新商机。",
        "Even one standard deviation above the expected value, the open deals fall short of "
        "the target: new opportunities are needed.",
    ),
    "funnel.status.within": (
        "目标落在期望值 ± 一个标准差的区间内：能否完成取决于关键商机的结果。",
        "The target lies within one standard deviation of the expected value: it depends on "
        "how the key deals go.",
    ),
    "funnel.status.likely_met": (
        "即使按期望值减一个标准差计算，在手商机也能覆盖目标。",
        "Even one standard deviation below the expected value, the open deals cover the target.",
    ),
    "funnel.convention.rounding_up": (
        "成交数、商机数和各阶段数量都向上取整：不足一个按一个计；上一阶段按下一阶段的整数计算，"
        "因此每个数量乘以转化率都不少于下一阶段。所需管道金额不取整，是精确金额。",
        "Deals, opportunities and stage counts are rounded up to whole numbers, and each stage is "
        "computed from the whole number below it, so every count × its rate covers the next. "
        "The pipeline amount is exact, not rounded up.",
    ),
    "funnel.convention.velocity": (
        "销售速度用上面算出的所需商机数（整数）计算。",
        "Sales velocity uses the whole number of opportunities needed computed above.",
    ),
    "funnel.convention.deadline": (
        "商机必须在统计周期结束前至少一个销售周期就已存在；天数从统计周期开始算起，"
        "销售周期等于统计周期时即周期开始当天。",
        "Opportunities must exist at least one sales cycle before the period ends; days count "
        "from the period start, and a cycle as long as the period means its first day.",
    ),
    "funnel.convention.forecast": (
        "加权预测假设各商机相互独立；区间为期望值 ± 一个标准差，下限不低于 0、上限不超过全部"
        "商机金额之和。各笔加权金额按最大余数法分配到分，合计恰好等于期望值。",
        "The forecast assumes independent deals; the range is the expected value ± one standard "
        "deviation, never below 0 nor above the sum of all amounts. Weighted amounts are "
        "rounded to the cent by largest remainder so they add up exactly to the expected value.",
    ),
}
register(MESSAGES)

FIELDS = (
    Field("target", "money", default=Decimal(1_000_000), min=CENT, unit="unit.yuan"),
    Field("avg_deal_size", "money", default=Decimal(25_000), min=CENT, unit="unit.yuan"),
    Field("win_rate", "rate", default="25%", min=MIN_RATE, max=Decimal(1)),
    Field(
        "stages",
        "records",
        default=None,
        required=False,
        max_items=5,
        columns=(
            Field("stage", "text", max_length=20),
            Field("rate", "rate", min=MIN_RATE, max=Decimal(1)),
        ),
    ),
    Field(
        "cycle_days",
        "integer",
        default=60,
        min=Decimal(1),
        max=Decimal(3650),
        unit="funnel.unit.days",
    ),
    Field(
        "period_days",
        "integer",
        default=90,
        min=Decimal(1),
        max=Decimal(3660),
        unit="funnel.unit.days",
    ),
    Field(
        "open_deals",
        "records",
        default=None,
        required=False,
        max_items=30,
        columns=(
            Field("name", "text", max_length=30),
            Field("amount", "money"),
            Field("probability", "rate", max=Decimal(1)),
        ),
        advanced=True,
    ),
)


def ceil_div(amount: Decimal, divisor: Decimal) -> Decimal:
    """The least whole number n with n × divisor ≥ amount (amount ≥ 0, divisor > 0)."""
    with localcontext(CONTEXT):
        whole = (amount / divisor).to_integral_value(rounding=ROUND_CEILING)
        # The quotient is rounded to 40 digits; the products below are exact for our sizes.
        while whole * divisor < amount:
            whole += 1
        while whole > 0 and (whole - 1) * divisor >= amount:
            whole -= 1
        return whole


def _counts(values: dict[str, Any]) -> tuple[Decimal, Decimal, list[Decimal]]:
    """(deals, opportunities, needed per stage top-down); raises when a count is absurd."""
    deals = ceil_div(values["target"], values["avg_deal_size"])
    if deals >= MAX_ABS:
        raise InputError("avg_deal_size", "funnel.error.too_many")
    opportunities = ceil_div(deals, values["win_rate"])
    if opportunities >= MAX_ABS:
        raise InputError("win_rate", "funnel.error.too_many")
    needed: list[Decimal] = []
    below = opportunities
    for stage in reversed(values.get("stages") or []):
        below = ceil_div(below, stage["rate"])
        if below >= MAX_ABS:
            raise InputError("stages", "funnel.error.too_many")
        needed.append(below)
    needed.reverse()
    return deals, opportunities, needed


def check(values: dict[str, Any]) -> None:
    """Every count must be one a plan could hold (below 10^15)."""
    _counts(values)


def _forecast(deals: list[dict[str, Any]], target: Decimal) -> dict[str, Any]:
    with localcontext(CONTEXT):
        amounts = [d["amount"] for d in deals]
        probabilities = [d["probability"] for d in deals]
        weighted = [a * p for a, p in zip(amounts, probabilities, strict=True)]
        expected = sum(weighted, Decimal(0))
        variance = sum(
            (a * a * p * (1 - p) for a, p in zip(amounts, probabilities, strict=True)),
            Decimal(0),
        )
        sd = variance.sqrt()
        total = sum(amounts, Decimal(0))
        low = max(Decimal(0), expected - sd)
        high = min(total, expected + sd)
        status = "likely_met" if low >= target else "likely_short" if high < target else "within"
        shares = apportion(weighted, quantize_money(expected), CENT)
        # Inside the 40-digit context: a variance in yuan² has more digits than the default 28.
        return {
            "expected_value": money_str(expected),
            "variance": plain_str(quantize_money(variance)),
            "std_dev": money_str(sd),
            "forecast_low": money_str(low),
            "forecast_high": money_str(high),
            "forecast_gap": money_str(target - expected),
            "forecast_attainment": rate_str(expected / target),
            "forecast_status": status,
            "open_pipeline": money_str(total),
            "open_coverage": rate_str(total / target),
            "open_deals": [
                {
                    "name": d["name"],
                    "amount": money_str(d["amount"]),
                    "probability": rate_str(d["probability"]),
                    "weighted": money_str(share),
                }
                for d, share in zip(deals, shares, strict=True)
            ],
        }


_FORECAST_KEYS = (
    "expected_value",
    "variance",
    "std_dev",
    "forecast_low",
    "forecast_high",
    "forecast_gap",
    "forecast_attainment",
    "forecast_status",
    "open_pipeline",
    "open_coverage",
    "open_deals",
)


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The funnel for parsed ``values`` (see the module docstring for the formulas)."""
    target: Decimal = values["target"]
    ads: Decimal = values["avg_deal_size"]
    win: Decimal = values["win_rate"]
    cycle: int = values["cycle_days"]
    period: int = values["period_days"]
    stages: list[dict[str, Any]] = values.get("stages") or []
    open_deals: list[dict[str, Any]] | None = values.get("open_deals")
    deals, opportunities, needed = _counts(values)
    with localcontext(CONTEXT):
        pipeline = target / win
        coverage = 1 / win
        velocity = opportunities * ads * win / cycle
        lead_to_deal = win
        for stage in stages:
            lead_to_deal *= stage["rate"]
        quotient = target / ads
    result: dict[str, Any] = {
        "calculator": ID,
        "inputs": {
            "target": money_str(target),
            "avg_deal_size": money_str(ads),
            "win_rate": rate_str(win),
            "stages": [{"stage": s["stage"], "rate": rate_str(s["rate"])} for s in stages] or None,
            "cycle_days": cycle,
            "period_days": period,
        },
        "deals_exact": plain_str(quantize_rate(quotient)),
        "deals": plain_str(deals),
        "opportunities": plain_str(opportunities),
        "stages": [
            {"stage": s["stage"], "rate": rate_str(s["rate"]), "needed": plain_str(n)}
            for s, n in zip(stages, needed, strict=True)
        ],
        "leads": plain_str(needed[0]) if needed else None,
        "lead_to_deal_rate": rate_str(lead_to_deal) if stages else None,
        "pipeline": money_str(pipeline),
        "coverage": rate_str(coverage),
        "sales_velocity": money_str(velocity),
        "pipeline_deadline_day": period - cycle,
        "cycle_exceeds_period": cycle > period,
    }
    if open_deals:
        result.update(_forecast(open_deals, target))
    else:
        result.update(dict.fromkeys(_FORECAST_KEYS))
    return result


# --- rendering (shared by the build and the browser worker) ---------------------------------


def _pct(value: Decimal) -> str:
    """A fraction as a percentage, up to 4 decimals, trailing zeros dropped: 0.25 → 25%."""
    return format_number((value * 100).quantize(Decimal("0.0001"))) + "%"


def _count(value: str) -> str:
    return format_number(Decimal(value))


def _quotient(value: str) -> str:
    exact = Decimal(value)
    rounded = exact.quantize(Decimal("0.01"))
    return format_number(rounded) if rounded == exact else "≈" + format_number(exact)


def _times(value: Decimal) -> str:
    return format_number(value.quantize(Decimal("0.01"))) + "×"


def _deadline_text(day: int, lang: str) -> str:
    if day > 0:
        return t("funnel.deadline.day", lang, day=day)
    if day == 0:
        return t("funnel.deadline.start", lang)
    return t("funnel.deadline.before", lang, days=-day)


def _funnel_lines(result: dict[str, Any], lang: str) -> list[str]:
    dec = Decimal
    inputs = result["inputs"]
    win = _pct(dec(inputs["win_rate"]))
    lines = [
        t(
            "funnel.explain.deals",
            lang,
            target=format_money(dec(inputs["target"])),
            ads=format_money(dec(inputs["avg_deal_size"])),
            quotient=_quotient(result["deals_exact"]),
            deals=_count(result["deals"]),
        ),
        t(
            "funnel.explain.opportunities",
            lang,
            deals=_count(result["deals"]),
            win=win,
            opportunities=_count(result["opportunities"]),
        ),
    ]
    below_name = t("funnel.stage.opportunity", lang)
    below = result["opportunities"]
    for stage in reversed(result["stages"]):
        lines.append(
            t(
                "funnel.explain.stage",
                lang,
                stage=stage["stage"],
                next_stage=below_name,
                below=_count(below),
                rate=_pct(dec(stage["rate"])),
                needed=_count(stage["needed"]),
            )
        )
        below_name, below = stage["stage"], stage["needed"]
    lines.append(
        t(
            "funnel.explain.pipeline",
            lang,
            target=format_money(dec(inputs["target"])),
            win=win,
            pipeline=format_money(dec(result["pipeline"])),
            coverage=_times(dec(result["coverage"])),
        )
    )
    lines.append(
        t(
            "funnel.explain.velocity",
            lang,
            opportunities=_count(result["opportunities"]),
            ads=format_money(dec(inputs["avg_deal_size"])),
            win=win,
            cycle=inputs["cycle_days"],
            velocity=format_money(dec(result["sales_velocity"])),
        )
    )
    lines.append(
        t(
            "funnel.explain.deadline",
            lang,
            period=inputs["period_days"],
            cycle=inputs["cycle_days"],
            day=format_number(Decimal(result["pipeline_deadline_day"])),
            when=_deadline_text(result["pipeline_deadline_day"], lang),
        )
    )
    return lines


def _forecast_lines(result: dict[str, Any], lang: str) -> list[str]:
    dec = Decimal
    deals = result["open_deals"]
    if len(deals) <= 5:
        terms = " + ".join(
            f"{format_money(dec(d['amount']))} × {_pct(dec(d['probability']))}" for d in deals
        )
    else:
        terms = t("funnel.explain.many_terms", lang, count=len(deals))
    return [
        t(
            "funnel.explain.expected",
            lang,
            terms=terms,
            expected=format_money(dec(result["expected_value"])),
        ),
        t(
            "funnel.explain.sd",
            lang,
            variance=format_number(dec(result["variance"])),
            sd=format_money(dec(result["std_dev"])),
            low=format_money(dec(result["forecast_low"])),
            high=format_money(dec(result["forecast_high"])),
        ),
        t(
            "funnel.explain.gap",
            lang,
            target=format_money(dec(result["inputs"]["target"])),
            expected=format_money(dec(result["expected_value"])),
            gap=format_money(dec(result["forecast_gap"])),
        ),
        t(f"funnel.status.{result['forecast_status']}", lang),
    ]


def _stage_table(result: dict[str, Any], lang: str) -> tuple[Markup, Markup]:
    dec = Decimal
    rows: list[tuple[str, str | None, str]] = [
        (s["stage"], s["rate"], s["needed"]) for s in result["stages"]
    ]
    rows.append(
        (t("funnel.stage.opportunity", lang), result["inputs"]["win_rate"], result["opportunities"])
    )
    rows.append((t("funnel.stage.deal", lang), None, result["deals"]))
    body: list[list[str | tuple[str, str]]] = [
        [
            name,
            (_pct(dec(rate)), rate) if rate is not None else ("—", ""),
            (_count(needed), needed),
        ]
        for name, rate, needed in rows
    ]
    stage_table = table(
        t("funnel.table.caption", lang),
        [t("funnel.col.stage", lang), t("funnel.col.rate", lang), t("funnel.col.needed", lang)],
        body,
        export=True,
    )
    chart = charts.bar_chart(
        title=t("funnel.chart.title", lang),
        labels=[name for name, _, _ in rows],
        values=[dec(needed) for _, _, needed in rows],
        lang=lang,
    )
    return stage_table, chart


def _forecast_parts(result: dict[str, Any], lang: str) -> tuple[Markup, Markup]:
    dec = Decimal
    body: list[list[str | tuple[str, str]]] = [
        [
            d["name"],
            (format_number(dec(d["amount"]), 2), d["amount"]),
            (_pct(dec(d["probability"])), d["probability"]),
            (format_number(dec(d["weighted"]), 2), d["weighted"]),
        ]
        for d in result["open_deals"]
    ]
    body.append(
        [
            t("funnel.total", lang),
            (format_number(dec(result["open_pipeline"]), 2), result["open_pipeline"]),
            ("", ""),
            (format_number(dec(result["expected_value"]), 2), result["expected_value"]),
        ]
    )
    forecast_table = table(
        t("funnel.forecast.caption", lang),
        [t(f"funnel.col.{c}", lang) for c in ("name", "amount", "probability", "weighted")],
        body,
    )
    bars = [
        ("low", result["forecast_low"]),
        ("expected", result["expected_value"]),
        ("high", result["forecast_high"]),
        ("target", result["inputs"]["target"]),
    ]
    chart = charts.bar_chart(
        title=t("funnel.chart.forecast", lang),
        labels=[t(f"funnel.bar.{name}", lang) for name, _ in bars],
        values=[dec(value) for _, value in bars],
        lang=lang,
    )
    return forecast_table, chart


def _warning(result: dict[str, Any], lang: str) -> Markup | None:
    if not result["cycle_exceeds_period"]:
        return None
    inputs = result["inputs"]
    return el(
        "div",
        {"class": "admonition warning pb-warning", "role": "note"},
        el("p", {"class": "admonition-title"}, t("funnel.warning.title", lang)),
        el(
            "p",
            None,
            t(
                "funnel.warning.cycle",
                lang,
                cycle=inputs["cycle_days"],
                period=inputs["period_days"],
                days=-result["pipeline_deadline_day"],
            ),
        ),
    )


def render(result: dict[str, Any], lang: str) -> Markup:
    """Headline counts and amounts, the warning, explanation, charts, tables and conventions."""
    dec = Decimal
    outputs = [
        ("deals", result["deals"], t("funnel.count", lang, count=_count(result["deals"]))),
        (
            "opportunities",
            result["opportunities"],
            t("funnel.count", lang, count=_count(result["opportunities"])),
        ),
    ]
    if result["leads"] is not None:
        outputs.append(
            ("leads", result["leads"], t("funnel.count", lang, count=_count(result["leads"])))
        )
    outputs += [
        ("pipeline", result["pipeline"], format_money(dec(result["pipeline"]))),
        ("coverage", result["coverage"], _times(dec(result["coverage"]))),
        (
            "sales_velocity",
            result["sales_velocity"],
            t("funnel.per_day", lang, amount=format_money(dec(result["sales_velocity"]))),
        ),
        (
            "pipeline_deadline_day",
            str(result["pipeline_deadline_day"]),
            _deadline_text(result["pipeline_deadline_day"], lang),
        ),
    ]
    has_forecast = result["expected_value"] is not None
    if has_forecast:
        outputs += [
            (
                "expected_value",
                result["expected_value"],
                format_money(dec(result["expected_value"])),
            ),
            ("forecast_gap", result["forecast_gap"], format_money(dec(result["forecast_gap"]))),
        ]
    cards = headline(
        [(name, t(f"funnel.out.{name}", lang), value, shown) for name, value, shown in outputs]
    )
    lines = _funnel_lines(result, lang)
    stage_table, stage_chart = _stage_table(result, lang)
    parts: list[Markup | None] = [_warning(result, lang)]
    notes = [
        t("funnel.convention.rounding_up", lang),
        t("funnel.convention.velocity", lang),
        t("funnel.convention.deadline", lang),
    ]
    if has_forecast:
        lines += _forecast_lines(result, lang)
        forecast_table, forecast_chart = _forecast_parts(result, lang)
        parts += [explain(lines, lang), stage_chart, stage_table, forecast_chart, forecast_table]
        notes.append(t("funnel.convention.forecast", lang))
    else:
        parts += [explain(lines, lang), stage_chart, stage_table]
    notes.append(t("result.rounding", lang))
    parts.append(conventions(notes, lang))
    return result_panel(cards, join(parts), lang)


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("deals", "opportunities", "pipeline", "coverage", "sales_velocity"),
    check=check,
)

__all__ = ["CALCULATOR", "ceil_div", "compute", "render"]
