"""User-facing text of the calculators, Simplified Chinese first, English second.

Keys are dotted: ``error.*`` for input errors, ``result.*``/``unit.*`` for the result panels'
shared text here; each calculator module keeps its own ``<calculator>.*`` labels, headings and
notes in its ``MESSAGES`` and calls :func:`register`. The widget around a calculator (status
lines, actions) and the generator register their own text from ``playbook/``, so none of it is
downloaded with the calculators. Parameters use ``str.format`` names: ``{field}`` …
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
        "「{field}」不是有效的百分比：{value}。可以这样写：12%、12 或 0.5%。",
        "“{field}” is not a valid percentage: {value}. Try 12%, 12 or 0.5%.",
    ),
    "error.ambiguous_rate": (
        "「{field}」：{value} 是指 {percent} 还是 {literal}？请带上 % 写明。",
        "“{field}”: does {value} mean {percent} or {literal}? Write it with the % sign.",
    ),
    "error.mixed_percent": (
        "「{field}」写的是 {value}，而「{other_zh}」写的是百分数 {percent}：两者要相互比较，"
        "请都写成百分数，或都写成数字。",
        "“{field}” is {value} but “{other_en}” is a percentage ({percent}): they are compared, "
        "so write both as percentages or both as numbers.",
    ),
    "error.ambiguous_grouping": (
        "「{field}」：{value} 是一个数（{one}）还是几个数（{several}）？"
        "几个数之间请用空格或「，」分开。",
        "“{field}”: is {value} one number ({one}) or several ({several})? Separate several "
        "numbers with spaces or “，”.",
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
    "error.in_row": ("「{field}」第 {row} 行：{detail}", "“{field}”, row {row}: {detail}"),
    "error.not_a_choice": (
        "「{field}」只能是以下之一：{choices}。",
        "“{field}” must be one of: {choices}.",
    ),
    "error.too_few_items": (
        "「{field}」至少需要 {min} 项。",
        "“{field}” needs at least {min} items.",
    ),
    "error.wrong_cell_count": (
        "每行应有 {count} 项（{columns_zh}），这一行有 {got} 项。",
        "each row needs {count} values ({columns_en}); this row has {got}.",
    ),
    "error.text_too_long": (
        "「{field}」最多 {max} 个字。",
        "“{field}” takes at most {max} characters.",
    ),
    "error.not_ascending": (
        "「{field}」必须从小到大排列：第 {row} 行的 {value} 不大于上一行。",
        "“{field}” must be in ascending order: row {row} ({value}) is not above the row before.",
    ),
    "error.not_a_mapping": (
        "输入必须是「字段: 值」的映射。",
        "Inputs must be a mapping of field names to values.",
    ),
    # --- formulas (KPI definitions) -----------------------------------------------------------
    "formula.empty": ("公式不能为空。", "The formula is empty."),
    "formula.too_long": ("公式过长（最多 {max} 个字符）。", "The formula is too long (max {max})."),
    "formula.too_deep": ("公式嵌套过深。", "The formula is nested too deeply."),
    "formula.unexpected": (
        "公式第 {at} 个字符处有无法识别的内容「{token}」：只能使用数字、变量名、+ − × ÷、括号和 "
        "min/max。",
        "Unexpected “{token}” at character {at}: formulas may use numbers, variable names, "
        "+ − × ÷, parentheses and min/max.",
    ),
    "formula.expected": (
        "公式第 {at} 个字符处应为「{expected}」，实际是「{token}」。",
        "Expected “{expected}” at character {at}, found “{token}”.",
    ),
    "formula.incomplete": ("公式不完整：末尾缺少内容或右括号。", "The formula ends too early."),
    "formula.not_a_function": (
        "「{name}」不是可用的函数：只能使用 min 和 max。",
        "“{name}” is not an allowed function: only min and max.",
    ),
    "formula.missing": ("缺少变量「{name}」的值。", "No value for the variable “{name}”."),
    "formula.division_by_zero": (
        "除数为 0：「{divisor}」的值是 0，无法计算。",
        "Division by zero: “{divisor}” is 0.",
    ),
    "formula.too_large": ("计算结果过大。", "The result is too large."),
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
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add a calculator's own text (its module's ``MESSAGES``); a key may be defined only once."""
    clash = sorted(set(messages) & set(MESSAGES))
    if clash:
        raise ValueError(f"message keys defined twice: {', '.join(clash)}")
    MESSAGES.update(messages)


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
