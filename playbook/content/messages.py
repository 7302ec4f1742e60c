"""What ``playbook check`` and the build say about content, in Chinese and English.

Registered in the calculators' catalog so there is one ``t()`` for all user-facing text.
"""

from __future__ import annotations

from calculators.messages import register

MESSAGES: dict[str, tuple[str, str]] = {
    "content.yaml": ("YAML 格式错误：{detail}", "invalid YAML: {detail}"),
    "content.not_mapping": (
        "这里应为「字段: 值」的映射，实际是 {got}。",
        "expected a mapping of keys to values here, found {got}.",
    ),
    "content.not_list": ("「{key}」应为列表（每项以 - 开头）。", "“{key}” must be a list."),
    "content.unknown_key": (
        "未知字段「{key}」；可用字段：{allowed}。",
        "unknown key “{key}”; allowed: {allowed}.",
    ),
    "content.missing": ("缺少必填字段「{key}」。", "missing required key “{key}”."),
    "content.not_text": ("「{key}」应为一段文字。", "“{key}” must be text."),
    "content.ambiguous_rate": (
        "「{key}」：{value} 是指 {percent} 还是 {literal}？请带上 % 写明。",
        "“{key}”: does {value} mean {percent} or {literal}? Write it with the % sign.",
    ),
    "content.bad_number": (
        "「{key}」不是有效的数字：{value}。",
        "“{key}” is not a valid number: {value}.",
    ),
    "content.bad_date": (
        "「{key}」应为日期，例如 2027-01-31：{value}。",
        "“{key}” must be a date such as 2027-01-31: {value}.",
    ),
    "content.bad_choice": (
        "「{key}」只能是 {choices} 之一：{value}。",
        "“{key}” must be one of {choices}: {value}.",
    ),
    "content.bad_id": (
        "「{key}」只能由小写字母、数字、- 和 _ 组成：{value}。",
        "“{key}” may contain only lower-case letters, digits, - and _: {value}.",
    ),
    "content.duplicate": (
        "{kind}「{id}」重复定义，另一处在 {other}。",
        "{kind} “{id}” is defined twice; the other is at {other}.",
    ),
    "content.unknown_ref": (
        "引用了不存在的{kind}「{id}」。可用的有：{known}。",
        "refers to an unknown {kind} “{id}”. Known: {known}.",
    ),
    "content.formula": ("KPI「{id}」的公式有误：{detail}", "KPI “{id}”: bad formula: {detail}"),
    "content.example_missing": (
        "KPI「{id}」的示例缺少变量「{name}」的取值。",
        "KPI “{id}”: the example gives no value for “{name}”.",
    ),
    "content.example_extra": (
        "KPI「{id}」的示例给了公式中没有的变量「{name}」。",
        "KPI “{id}”: the example gives “{name}”, which the formula does not use.",
    ),
    "content.example_mismatch": (
        "KPI「{id}」的示例与公式不符：按公式算出 {got}，示例写的是 {expected}。",
        "KPI “{id}”: the formula gives {got} on its example, but the example says {expected}.",
    ),
    "content.example_error": (
        "KPI「{id}」的示例无法计算：{detail}",
        "KPI “{id}”: the example cannot be computed: {detail}",
    ),
    "content.threshold_order": (
        "KPI「{id}」的阈值顺序不对：{direction}的指标，green 应{relation} amber。",
        "KPI “{id}”: thresholds out of order: for {direction} KPIs green must be {relation} amber.",
    ),
    "content.missing_owner": (
        "页面缺少负责人：请在页首 front matter 写 owner。",
        "the page has no owner: add `owner:` to its front matter.",
    ),
    "content.missing_review": (
        "页面缺少复核日期：请在页首 front matter 写 review_by（如 2027-01-31）。",
        "the page has no review date: add `review_by:` (e.g. 2027-01-31) to its front matter.",
    ),
    "content.review_overdue": (
        "复核日期 {date} 已过，请负责人（{owner}）复核内容并更新日期。",
        "review date {date} has passed: the owner ({owner}) should review and update it.",
    ),
    "content.broken_link": (
        "链接指向不存在的页面或锚点：{target}",
        "link to a missing page or anchor: {target}",
    ),
    "content.stage_order": (
        "阶段「{id}」的顺序号 {order} 与「{other}」重复。",
        "stage “{id}” has the same order {order} as “{other}”.",
    ),
    # --- plan files and calculator blocks ----------------------------------------------------
    "plan.not_mapping": (
        "方案文件应为「字段: 值」的映射（calculator、id、inputs……）。",
        "a plan file must be a mapping (calculator, id, inputs …).",
    ),
    "plan.unknown_key": (
        "未知字段「{key}」；可用字段：{allowed}。",
        "unknown key `{key}` (allowed: {allowed}).",
    ),
    "plan.missing": ("缺少必填字段「{key}」。", "missing `{key}`."),
    "plan.unknown_calculator": (
        "未知的计算器「{id}」；可用的计算器：{known}。",
        "unknown calculator `{id}` (known: {known}).",
    ),
    "plan.bad_date": (
        "「review_by」应为日期，例如 2027-01-31，实际是 {value}。",
        "`review_by` must be a date like 2027-01-31, not {value}.",
    ),
    "plan.inputs_not_mapping": (
        "「inputs」应为计算器输入项的映射（每行「输入项: 值」）。",
        "`inputs` must be a mapping of the calculator's inputs.",
    ),
    "plan.duplicate_id": (
        "方案编号「{id}」已被 {other} 使用。",
        "plan id `{id}` is also used by {other}.",
    ),
    "fence.not_closed": (
        "从这里开始的计算器代码块没有结束标记（{fence}）。",
        "calculator fence opened here is never closed ({fence}).",
    ),
    "fence.not_rendered": (
        "这个计算器代码块没有生效，会显示成普通代码：开头一行只写 ```calculator，"
        "块里每一行都要与开头一行保持相同的缩进和 > 引用。",
        "this calculator block would show as plain code: its opening line must be just "
        "```calculator, and every line of it must keep the opening line's indentation and `>` "
        "quoting.",
    ),
    "fence.yaml": ("计算器代码块：{detail}", "calculator block: {detail}"),
    "fence.not_mapping": (
        "计算器代码块应为「字段: 值」的映射，并写明 id。",
        "calculator block must be a mapping with an `id`.",
    ),
    "fence.unknown_key": (
        "计算器代码块：未知字段「{key}」；可用字段：id、inputs、plan。",
        "calculator block: unknown key `{key}` (allowed: id, inputs, plan).",
    ),
    "fence.unknown_calculator": (
        "未知的计算器「{id}」；可用的计算器：{known}。",
        "unknown calculator id `{id}` (known: {known}).",
    ),
    "fence.inputs_not_mapping": (
        "「inputs」应为计算器输入项的映射（每行「输入项: 值」）。",
        "`inputs` must be a mapping.",
    ),
    "fence.unknown_plan": (
        "未知的方案「{plan}」；可用的方案：{known}。",
        "unknown plan `{plan}` (known: {known}).",
    ),
    "fence.plan_mismatch": (
        "方案「{plan}」属于计算器「{plan_calculator}」，不是「{id}」。",
        "plan `{plan}` is for calculator `{plan_calculator}`, not `{id}`.",
    ),
    # --- the 404 page and the command line ---------------------------------------------------
    "site.not_found_title": ("页面不存在", "Page not found"),
    "site.not_found_body": (
        "这个地址没有对应的页面：可能是链接写错了，或者页面已经改名、移动。",
        "Nothing lives at this address: the link may be mistyped, or the page was renamed or "
        "moved.",
    ),
    "site.not_found_home": ("回到首页", "Back to the home page"),
    "site.not_found_search": (
        "也可以在页面顶部的搜索框里直接输入中文关键词查找。",
        "Or search from the box at the top of the page.",
    ),
    "site.not_found_sections": ("手册目录", "Sections"),
    "site.glossary_more": ("查看完整说明 →", "Read the full entry →"),
    "cli.help.description": (
        "销售作战手册生成器：把 docs/ 里的 Markdown 和 YAML 生成带实时计算器的网站。",
        "Sales playbook site generator: turns the Markdown and YAML in docs/ into a site with "
        "live calculators.",
    ),
    "cli.help.commands": ("命令", "commands"),
    "cli.help.build": ("生成网站（与 mkdocs build 相同）", "build the site (same as mkdocs build)"),
    "cli.help.serve": (
        "在本机预览网站，修改内容后自动重新生成",
        "serve the site locally and rebuild on change",
    ),
    "cli.help.check": (
        "只检查内容不生成网站，按「文件:行号: 问题」列出",
        "validate the content without building; prints file:line: message",
    ),
    "cli.help.config": ("配置文件（默认 mkdocs.yml）", "the config file (default: mkdocs.yml)"),
    "cli.help.site_dir": ("网站输出目录（默认 site/）", "where to write the site (default: site/)"),
    "cli.help.dev_addr": ("预览地址（默认 127.0.0.1:8000）", "address to serve on"),
    "cli.help.strict": (
        "把提醒（例如复核日期已过）也当作错误",
        "treat warnings (e.g. overdue review dates) as errors",
    ),
    "cli.ok": ("检查通过：没有发现问题。", "ok: no problems found."),
    "cli.ok_warnings": (
        "检查通过：没有错误，有 {count} 条提醒（见上方）。",
        "ok: no errors, {count} warning(s) above.",
    ),
    "cli.errors": (
        "发现 {count} 个错误（见上方），请按文件和行号修改。",
        "{count} error(s) above: fix them at the file and line shown.",
    ),
}
register(MESSAGES)

KIND_NAMES: dict[str, tuple[str, str]] = {
    "kpi": ("指标", "KPI"),
    "stage": ("销售阶段", "stage"),
    "talk_track": ("话术", "talk track"),
    "term": ("术语", "glossary term"),
    "objection": ("异议卡片", "objection card"),
    "calculator": ("计算器", "calculator"),
}
