"""User-facing text of the calculators, Simplified Chinese first, English second.

Keys are dotted: ``error.*`` for input errors, ``<calculator>.*`` for a calculator's labels,
headings and notes. Parameters use ``str.format`` names: ``{field}``, ``{min}`` …
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    # --- input errors (every message names the field) ---------------------------------------
    "error.required": ("「{field}」不能为空。", "“{field}” is required."),
    "error.not_a_number": (
        "「{field}」不是有效的数字：{value}。可以这样写：1000、1,000、20万、1.5亿。",
        "“{field}” is not a valid number: {value}. Try 1000, 1,000, 20万 or 1.5亿.",
    ),
    "error.not_a_rate": (
        "「{field}」不是有效的比率：{value}。可以这样写：12% 或 0.12。",
        "“{field}” is not a valid rate: {value}. Try 12% or 0.12.",
    ),
    "error.not_an_integer": (
        "「{field}」必须是整数：{value}。",
        "“{field}” must be a whole number: {value}.",
    ),
    "error.percent_not_allowed": (
        "「{field}」是金额，不能带 %：{value}。",
        "“{field}” is an amount and cannot be a percentage: {value}.",
    ),
    "error.too_large": (
        "「{field}」的数值过大：{value}。",
        "“{field}” is too large: {value}.",
    ),
    "error.below_min": ("「{field}」不能小于 {min}。", "“{field}” must be at least {min}."),
    "error.above_max": ("「{field}」不能大于 {max}。", "“{field}” must be at most {max}."),
    "error.list_length": (
        "「{field}」给了 {count} 个值，但期限是 {years} 年：请只填一个值，或每年一个值。",
        "“{field}” has {count} values but the horizon is {years} years: give one value, "
        "or one per year.",
    ),
    "error.list_too_long": (
        "「{field}」最多可以填 {max} 个值。",
        "“{field}” takes at most {max} values.",
    ),
    "error.unknown_field": (
        "未知的输入项「{field}」。可用的输入项：{known}。",
        "Unknown input “{field}”. Known inputs: {known}.",
    ),
    "error.unknown_calculator": (
        "未知的计算器「{calculator}」。可用的计算器：{known}。",
        "Unknown calculator “{calculator}”. Known calculators: {known}.",
    ),
    "error.zero_total_cost": (
        "总成本为 0，无法计算投资回报率：请填写「{field}」。",
        "The total cost is zero, so ROI is undefined: fill in “{field}”.",
    ),
    "error.not_a_mapping": (
        "输入必须是「字段: 值」的映射。",
        "Inputs must be a mapping of field names to values.",
    ),
    # --- shared result text ------------------------------------------------------------------
    "result.heading": ("计算结果", "Result"),
    "result.explain": ("计算过程", "How this is calculated"),
    "result.conventions": ("计算口径", "Conventions"),
    "result.rounding": (
        "金额按四舍五入保留到分（0.01 元），比率保留 6 位小数后以百分比显示；中间计算不做舍入。",
        "Amounts are rounded half-up to the cent (0.01 CNY) and rates to 6 decimal places, "
        "shown as percentages; intermediate steps are not rounded.",
    ),
    "result.none": ("无", "none"),
    "result.never": ("期限内未回本", "not within the horizon"),
    "unit.yuan": ("元", "CNY"),
    "unit.years": ("年", "years"),
    "unit.months": ("个月", "months"),
    "unit.percent": ("%", "%"),
    "form.inputs": ("输入", "Inputs"),
    "form.static": (
        "以下是默认输入的计算结果；修改输入后会实时重新计算。",
        "Showing the result for the default inputs; change any input to recalculate live.",
    ),
    "error.internal": (
        "计算出错，结果未更新。请检查输入后重试。",
        "The calculation failed and the result was not updated. Check the inputs and retry.",
    ),
    "runtime.loading": (
        "正在加载计算引擎（第 {step}/{total} 步）…下方仍是上一次的正确结果。",
        "Loading the calculator engine (step {step} of {total})… the result below is the last "
        "correct one.",
    ),
    "runtime.live": (
        "实时计算已就绪：修改任一输入，结果会立即更新。",
        "Live: change any input and the result updates at once.",
    ),
    "runtime.invalid": (
        "请修正标红的输入；下方仍是上一次的正确结果。",
        "Please fix the inputs marked in red; the result below is the last correct one.",
    ),
    "runtime.timeout": (
        "计算超时，正在重启计算引擎…",
        "The calculation timed out; restarting the calculator engine…",
    ),
    "runtime.failed": (
        "实时计算暂时不可用（{reason}）。下方是最近一次正确计算的结果，刷新页面可重试。",
        "Live calculation is unavailable ({reason}). The result below is the last correct one; "
        "reload the page to retry.",
    ),
    "result.stale": (
        "此结果对应的是修改前的输入。",
        "This result is for the inputs before your change.",
    ),
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
    "roi.annual_benefit.label": ("每年收益", "Annual benefit"),
    "roi.annual_benefit.help": (
        "填一个数表示每年相同；按年不同时用空格或分号分隔，例如：8万 12万 15万。",
        "One amount for every year, or one per year separated by spaces or semicolons, "
        "e.g. 80000 120000 150000.",
    ),
    "roi.years.label": ("测算期限", "Horizon"),
    "roi.years.help": ("1 到 10 年。", "1 to 10 years."),
    "roi.discount_rate.label": ("折现率", "Discount rate"),
    "roi.discount_rate.help": (
        "资金的年化机会成本，常用 8%–12%。",
        "Annual cost of capital; 8%–12% is common.",
    ),
    "roi.out.roi": ("投资回报率", "ROI"),
    "roi.out.npv": ("净现值（NPV）", "Net present value (NPV)"),
    "roi.out.irr": ("内部收益率（IRR）", "Internal rate of return (IRR)"),
    "roi.out.payback_years": ("投资回收期", "Payback period"),
    "roi.out.pv_roi": ("现值口径投资回报率", "Present-value ROI"),
    "roi.out.discounted_payback_years": ("折现回收期", "Discounted payback"),
    "roi.irr.none": ("无（现金流没有正负变化）", "none (cash flows never change sign)"),
    "roi.irr.multiple": (
        "不唯一（现金流多次正负变化，可能有多个解）",
        "not unique (cash flows change sign more than once)",
    ),
    "roi.table.caption": ("逐年现金流", "Cash flow by year"),
    "roi.col.year": ("年份", "Year"),
    "roi.col.cost": ("成本", "Cost"),
    "roi.col.benefit": ("收益", "Benefit"),
    "roi.col.net": ("净现金流", "Net cash flow"),
    "roi.col.cumulative": ("累计现金流", "Cumulative"),
    "roi.col.discount_factor": ("折现系数", "Discount factor"),
    "roi.col.present_value": ("现值", "Present value"),
    "roi.explain.roi": (
        "投资回报率 = （总收益 − 总成本）÷ 总成本 = （{benefit} − {cost}）÷ {cost} = {roi}",
        "ROI = (total benefit − total cost) ÷ total cost = ({benefit} − {cost}) ÷ {cost} = {roi}",
    ),
    "roi.explain.npv": (
        "净现值 = Σ 第 t 年净现金流 ÷ (1 + {rate})^t，t = 0…{years} = {npv}",
        "NPV = Σ net cash flow in year t ÷ (1 + {rate})^t, t = 0…{years} = {npv}",
    ),
    "roi.explain.payback": (
        "投资回收期 = 累计现金流转正前的整年数 + 当年尚未收回的金额 ÷ 当年净现金流 = "
        "{before} + {gap} ÷ {flow} = {payback} 年",
        "Payback = whole years before the cumulative cash flow turns positive + amount still "
        "open ÷ that year's net cash flow = {before} + {gap} ÷ {flow} = {payback} years",
    ),
    "roi.explain.no_payback": (
        "在 {years} 年内累计现金流没有转正，因此没有回收期。",
        "The cumulative cash flow does not turn positive within {years} years: no payback.",
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
        "回收期在年内按线性插值计算。",
        "Payback is interpolated linearly within the year.",
    ),
}


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with ``params`` filled in."""
    zh, en = MESSAGES[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


def normalize_lang(lang: str | None) -> str:
    """Map a page or browser language tag (``zh-CN``, ``en-US`` …) onto a catalog language."""
    if lang and lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG
