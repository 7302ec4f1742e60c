"""User-facing text of the calculators, Simplified Chinese first, English second.

Keys are dotted: ``error.*`` for input errors, ``result.*``/``runtime.*``/``form.*`` for shared
text here; each calculator module keeps its own ``<calculator>.*`` labels, headings and notes in
its ``MESSAGES`` and calls :func:`register`. Parameters use ``str.format`` names: ``{field}`` …
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
    "form.inputs": ("输入", "Inputs"),
    "form.static": (
        "以下是页面默认值的计算结果。",
        "Showing the result for the page's default inputs.",
    ),
    "form.noscript": (
        "实时计算和分享链接需要启用 JavaScript。下方是页面默认值的计算结果；如果你是通过分享"
        "链接打开本页，链接中的数字没有被使用。",
        "Live calculation and share links need JavaScript. Below is the result for the page's "
        "default inputs; if you opened a share link, its numbers were not used.",
    ),
    "form.choose": ("改成 {option}", "Change to {option}"),
    "error.internal": (
        "计算出错，结果未更新。请检查输入后重试。",
        "The calculation failed and the result was not updated. Check the inputs and retry.",
    ),
    "action.share": ("复制分享链接", "Copy share link"),
    "action.share.done": (
        "链接已复制：打开它会得到同样的输入和结果（数据只在链接里，不会发送到服务器）。",
        "Link copied: it reproduces these inputs and results (the data stays in the link).",
    ),
    "action.copy-table": ("复制表格", "Copy table"),
    "action.copy-table.done": (
        "表格已复制，可直接粘贴到 Excel 或 WPS。",
        "Table copied; paste it into a spreadsheet.",
    ),
    "action.csv": ("下载 CSV", "Download CSV"),
    "action.csv.done": ("CSV 已下载。", "CSV downloaded."),
    "action.present": ("演示模式", "Present mode"),
    "action.present.done": ("", ""),
    "action.print": ("打印 / 存为 PDF", "Print / save as PDF"),
    "action.print.done": ("", ""),
    "action.confirm-invalid": (
        "输入有误（{fields}）。{consequence}仍要继续吗？",
        "Some inputs are invalid ({fields}). {consequence}Continue anyway?",
    ),
    "action.confirm-pending": (
        "结果还没有按当前输入算完。{consequence}仍要继续吗？",
        "The result is not yet computed for the current inputs. {consequence}Continue anyway?",
    ),
    "action.share-consequence": (
        "链接会带上这些输入，打开链接的人看到的也是同样的错误，看不到结果。",
        "The link carries these inputs: whoever opens it sees the same errors and no result. ",
    ),
    "action.export-consequence": (
        "导出的是上一次正确输入的结果，与输入框里现在的数字不一致。",
        "The export holds the result of the last correct inputs, not the numbers now in the "
        "boxes. ",
    ),
    "action.proceed": ("仍然继续", "Continue"),
    "action.cancel": ("取消", "Cancel"),
    "runtime.idle": (
        "修改任一输入，结果会实时重新计算。",
        "Change any input and the result is recalculated live.",
    ),
    "runtime.linkloading": (
        "已填入分享链接中的数字，正在加载计算引擎按它们重新计算（第 {step}/{total} 步）…",
        "The share link's numbers are filled in; loading the engine to compute them (step "
        "{step} of {total})…",
    ),
    "runtime.linkinvalid": (
        "分享链接中有输入有误，请修正标红的输入；下方是页面默认值的结果，不是链接中的数字。",
        "The share link holds invalid inputs: fix the ones marked in red. Below is the result "
        "for the page's defaults, not the link's numbers.",
    ),
    "runtime.linkfailed": (
        "实时计算暂时不可用（{reason}），无法按分享链接中的数字计算。下方是页面默认值的结果，"
        "不是链接中的数字；刷新页面可重试。",
        "Live calculation is unavailable ({reason}), so the share link's numbers cannot be "
        "computed. Below is the result for the page's defaults, not the link's numbers; reload "
        "to retry.",
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
    "result.link": (
        "此结果是页面默认值的结果，不是分享链接中的数字。",
        "This result is for the page's defaults, not the share link's numbers.",
    ),
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
