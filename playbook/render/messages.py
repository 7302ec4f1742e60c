"""The calculator widget's own text (its status lines, actions and notes), zh first, en second.

This is the page around a calculator, not the calculator: it lives with the generator, so the
browser downloads none of it with the calculators' wheel. Registered in the one catalog, read
through :func:`calculators.messages.t` like every other message.
"""

from __future__ import annotations

from calculators.messages import register

MESSAGES: dict[str, tuple[str, str]] = {
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
    "action.print": ("打印 / 存为 PDF", "Print / save as PDF"),
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
register(MESSAGES)
