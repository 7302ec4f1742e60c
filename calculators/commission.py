"""Sales commission under a tiered plan: marginal and retroactive side by side.

Tiers are ``[start_i, start_{i+1})`` with rate ``r_i``; ``start_0 = 0``. With ``tier_basis =
attainment`` every start (and the gate and the cap) is a percentage of ``quota`` (``50%``, read
as the fraction 0.5) and is multiplied by the quota first; everything below works on amounts.

- Marginal: ``C(x) = Σ r_i · max(0, min(x, start_{i+1}) − start_i)``.
- Retroactive: ``C(x) = r_k · x`` with ``k = max{i : x ≥ start_i}``.
- Gate ``g``: ``C(x) = 0`` while ``x < g``; from ``g`` on, the plan pays on the whole amount.
- Cap ``K``: only ``min(x, K)`` is credited.
- Commission for ``sales`` on top of ``prior_sales`` P: ``q(C(P + sales)) − q(C(P))``, with
  ``q`` rounding half-up to the cent. Every part shown (deals in order, tier rows) is likewise a
  difference of cumulative amounts rounded to the cent, so parts add up exactly to the total.
- Sales needed for a commission goal X: the smallest amount ``s`` in cents with
  ``C(P + s) − C(P) ≥ X`` (exact, before rounding), found segment by segment on the
  piecewise-linear ``C``; under retroactive tiers the first amount that reaches it.
- Pay: OTE = base + target incentive (TI; without one, the plan's commission at 100 % of quota).
- Draw ``D`` per period with earned ``E_t``: top-up ``max(0, D − E_t)``; a recoverable draw is
  recovered from later excess, ``recovery_t = min(balance_{t−1}, max(0, E_t − D))``, and
  ``paid_t = max(E_t, D) − recovery_t``; a non-recoverable draw is forgiven.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from .errors import InputError, InputErrors
from .html import Markup, el, join
from .messages import register, t
from .money import (
    CENT,
    CONTEXT,
    MAX_ABS,
    format_compact,
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

ID = "commission"

METHODS = ("marginal", "retroactive")
BASES = ("amount", "attainment")
DRAW_TYPES = ("recoverable", "non_recoverable")
#: Under attainment, a tier start, gate or cap above 1000 % of quota is a typo for a percentage.
MAX_ATTAINMENT = Decimal(10)
MAX_DEALS = 100
MAX_PERIODS = 24

MESSAGES: dict[str, tuple[str, str]] = {
    "commission.title": ("销售提成计算器", "Sales commission calculator"),
    # --- inputs --------------------------------------------------------------------------------
    "commission.tiers.label": ("提成档位", "Commission tiers"),
    "commission.tiers.help": (
        "每行一档：起点和提成比例，用空格分开，例如「0 3%」「50万 5%」。第一档从 0 开始，"
        "起点从小到大、不能重复；每档含起点、不含下一档起点。按达成率分档时，起点写任务额的"
        "百分比，例如「100% 8%」。",
        "One tier per line: its start and its rate separated by a space, e.g. “0 3%”, "
        "“500000 5%”. The first tier starts at 0; starts go up and never repeat; a tier includes "
        "its start and stops before the next one. With attainment tiers write the start as a "
        "percentage of quota, e.g. “100% 8%”.",
    ),
    "commission.tiers.from.label": ("起点", "From"),
    "commission.tiers.from.help": (
        "这一档从多少销售额（或多少达成率）开始。",
        "Where the tier starts: an amount, or a percentage of quota.",
    ),
    "commission.tiers.rate.label": ("提成比例", "Rate"),
    "commission.tiers.rate.help": (
        "这一档的提成比例，0% 到 100%。",
        "The tier's commission rate, 0% to 100%.",
    ),
    "commission.tier_basis.label": ("分档依据", "Tiers based on"),
    "commission.tier_basis.help": (
        "档位起点按销售额，还是按任务达成率（起点是任务额的百分比）。",
        "Whether tier starts are amounts or percentages of quota.",
    ),
    "commission.tier_basis.amount": ("按销售额", "Sales amount"),
    "commission.tier_basis.attainment": ("按任务达成率", "Quota attainment"),
    "commission.method.label": ("计算方式", "Method"),
    "commission.method.help": (
        "超额累进：每段销售额按所在档的比例；全额累进：全部销售额按达到的最高档比例。",
        "Marginal: each slice at its own tier's rate; retroactive: the whole amount at the "
        "rate of the highest tier reached.",
    ),
    "commission.method.marginal": ("超额累进（分段计算）", "Marginal (slice by slice)"),
    "commission.method.retroactive": (
        "全额累进（整体适用最高档）",
        "Retroactive (whole amount at the tier reached)",
    ),
    "commission.quota.label": ("任务额", "Quota"),
    "commission.quota.help": (
        "本考核期的销售任务；按达成率分档时必填，填写后显示达成率和按达成率画的提成曲线。",
        "The period's sales quota; required for attainment tiers. It adds attainment and draws "
        "the payout curve over attainment.",
    ),
    "commission.sales.label": ("本次销售额", "New sales"),
    "commission.sales.help": (
        "要计算提成的销售额。填了逐单金额时可以留空，自动取各单之和；两者都不填时按 0 计算。",
        "The sales to pay commission on. With deals listed it may stay empty (the deals' sum is "
        "used); with neither, 0.",
    ),
    "commission.prior_sales.label": ("此前累计销售额", "Prior sales this period"),
    "commission.prior_sales.help": (
        "本考核期内此前已完成的销售额。本次提成 = 含本次的累计提成 − 此前已得的提成。",
        "Sales already closed this period. Commission = cumulative commission including the new "
        "sales − commission already earned.",
    ),
    "commission.deals.label": ("逐单金额", "Deals in order"),
    "commission.deals.help": (
        "按成交先后填写各单金额，用空格分开，例如「500 300 700」；每单提成按成交顺序计算。",
        "Deal amounts in the order they closed, separated by spaces; each deal's commission "
        "follows that order.",
    ),
    "commission.gate.label": ("起付门槛", "Gate"),
    "commission.gate.help": (
        "累计销售额低于门槛时提成为 0，达到后按全部累计销售额计提。按达成率分档时写任务额的"
        "百分比，例如 50%。",
        "Below this cumulative amount the commission is 0; once reached the plan pays on the "
        "whole amount. A percentage of quota (e.g. 50%) for attainment tiers.",
    ),
    "commission.cap.label": ("计提封顶", "Cap"),
    "commission.cap.help": (
        "累计销售额超过封顶的部分不再计提。按达成率分档时写任务额的百分比，例如 200%。",
        "Sales above this cumulative amount earn nothing. A percentage of quota (e.g. 200%) "
        "for attainment tiers.",
    ),
    "commission.target_commission.label": ("想拿到的提成", "Commission goal"),
    "commission.target_commission.help": (
        "填写后反推：在此前累计的基础上，本次还要卖多少才能拿到这么多提成。",
        "Works backwards: how much more must be sold, on top of prior sales, to earn this much.",
    ),
    "commission.base_salary.label": ("底薪", "Base salary"),
    "commission.base_salary.help": (
        "同一考核期的底薪；填写后显示目标总收入（OTE）和薪酬结构。",
        "Base salary for the same period; shows on-target earnings (OTE) and the pay mix.",
    ),
    "commission.target_incentive.label": ("目标激励（TI）", "Target incentive (TI)"),
    "commission.target_incentive.help": (
        "完成 100% 任务时应得的提成。不填时，用本方案在任务额处的提成。",
        "The commission at 100% of quota. Left empty, the plan's own payout at quota.",
    ),
    "commission.draw.label": ("每期保底（预支）", "Draw per period"),
    "commission.draw.help": (
        "每期至少发放的金额；当期提成不足时由公司补足。需同时填写各期提成。",
        "The least paid each period; the company tops up a smaller commission. Needs the "
        "commission earned per period.",
    ),
    "commission.draw_recoverable.label": ("保底类型", "Draw type"),
    "commission.draw_recoverable.help": (
        "可追回：补足的部分以后从超出保底的提成中扣回；不可追回：补足的部分不再扣回。",
        "Recoverable: top-ups come back out of later commission above the draw; "
        "non-recoverable: they are forgiven.",
    ),
    "commission.draw_recoverable.recoverable": ("可追回", "Recoverable"),
    "commission.draw_recoverable.non_recoverable": ("不可追回", "Non-recoverable"),
    "commission.period_commissions.label": ("各期提成", "Commission earned per period"),
    "commission.period_commissions.help": (
        "每期实际挣得的提成，按期用空格分开，例如「2000 8000 15000」。",
        "Commission earned in each period, separated by spaces, e.g. 2000 8000 15000.",
    ),
    # --- errors --------------------------------------------------------------------------------
    "commission.error.first_from": (
        "第一档的「{field}」必须是 0（从第一元销售额起算），现在是 {value}。",
        "The first tier's “{field}” must be 0 (commission starts with the first yuan); it is "
        "{value}.",
    ),
    "commission.error.tier_order": (
        "「{field}」{value} 小于上一行的 {previous}：各档起点必须从小到大排列。",
        "“{field}” {value} is below the row before ({previous}): tier starts must go up.",
    ),
    "commission.error.tier_duplicate": (
        "「{field}」{value} 与上一行相同：每个起点只能出现一次。",
        "“{field}” {value} repeats the row before: each start may appear only once.",
    ),
    "commission.error.attainment_too_large": (
        "按达成率分档时「{field}」是任务额的百分比；{value} 超过了 1000%。",
        "With attainment tiers “{field}” is a percentage of quota; {value} is above 1000%.",
    ),
    "commission.error.quota_needed": (
        "按达成率分档时需要填写「{field}」。",
        "Attainment tiers need “{field}”.",
    ),
    "commission.error.cap_zero": (
        "「{field}」必须大于 0；不封顶时请留空。",
        "“{field}” must be above 0; leave it empty for no cap.",
    ),
    "commission.error.cap_below_gate": (
        "「{field}」{cap} 低于起付门槛 {gate}：封顶必须不低于门槛。",
        "“{field}” {cap} is below the gate {gate}: the cap must be at least the gate.",
    ),
    "commission.error.tier_above_cap": (
        "「{field}」{value} 高于计提封顶 {cap}：这一档永远达不到。",
        "“{field}” {value} is above the cap {cap}: the tier can never be reached.",
    ),
    "commission.error.sales_vs_deals": (
        "「{field}」{sales} 与逐单金额之和 {total} 不一致；填了逐单金额时本项可以留空。",
        "“{field}” {sales} differs from the sum of the deals, {total}; leave it empty when "
        "deals are listed.",
    ),
    "commission.error.total_too_large": (
        "「{field}」加上此前累计销售额达到 10^15 元以上，请检查单位。",
        "“{field}” plus prior sales reaches 10^15 CNY or more: check the units.",
    ),
    "commission.error.incentive_needed": (
        "填写了底薪时需要「{field}」，或者填写任务额，由方案推算任务额处的提成。",
        "With a base salary, fill in “{field}”, or a quota so the plan's payout at quota is used.",
    ),
    "commission.error.ote_zero": (
        "底薪和目标激励都是 0，目标总收入为 0，无法计算薪酬结构：请检查「{field}」。",
        "Base salary and target incentive are both 0, so OTE is 0 and the pay mix is "
        "undefined: check “{field}”.",
    ),
    "commission.error.periods_needed": (
        "填写了每期保底时需要「{field}」。",
        "A draw needs “{field}”.",
    ),
    "commission.error.draw_needed": (
        "填写了各期提成时需要「{field}」。",
        "Commission per period needs “{field}”.",
    ),
    # --- outputs -------------------------------------------------------------------------------
    "commission.out.commission": ("本次提成", "Commission"),
    "commission.out.effective_rate": ("实际提成率", "Effective rate"),
    "commission.out.attainment": ("任务达成率", "Quota attainment"),
    "commission.out.to_next_tier": ("距下一档还差", "Sales to the next tier"),
    "commission.out.sales_needed": ("要拿到目标提成还需卖", "Sales needed for the goal"),
    "commission.out.ote": ("目标总收入（OTE）", "On-target earnings (OTE)"),
    "commission.top_tier": ("已在最高档", "top tier reached"),
    "commission.unreachable": ("达不到", "out of reach"),
    "commission.no_sales": ("—（本次销售额为 0）", "— (no new sales)"),
    "commission.method.short.marginal": ("超额累进", "Marginal"),
    "commission.method.short.retroactive": ("全额累进", "Retroactive"),
    "commission.selected": ("（所选）", " (selected)"),
    # --- tables and charts ---------------------------------------------------------------------
    "commission.table.breakdown": ("各档提成明细（{method}）", "Commission by tier ({method})"),
    "commission.table.methods": ("两种方式对比", "Marginal and retroactive side by side"),
    "commission.table.deals": ("逐单提成（按成交顺序）", "Commission per deal, in order"),
    "commission.table.draw": ("保底与追回（逐期）", "Draw and recovery by period"),
    "commission.table.pay": ("薪酬结构", "Pay mix"),
    "commission.col.tier": ("档位", "Tier"),
    "commission.col.range": ("区间", "Range"),
    "commission.col.rate": ("比例", "Rate"),
    "commission.col.sales": ("计提销售额", "Sales credited"),
    "commission.col.commission": ("提成", "Commission"),
    "commission.col.measure": ("指标", "Measure"),
    "commission.col.deal": ("第几单", "Deal"),
    "commission.col.amount": ("金额", "Amount"),
    "commission.col.before": ("成交前累计", "Cumulative before"),
    "commission.col.deal_rate": ("该单提成率", "Rate on the deal"),
    "commission.col.period": ("期", "Period"),
    "commission.col.earned": ("挣得提成", "Earned"),
    "commission.col.top_up": ("保底补足", "Draw top-up"),
    "commission.col.recovery": ("追回", "Recovered"),
    "commission.col.paid": ("实发", "Paid"),
    "commission.col.balance": ("待追回余额", "Balance owed"),
    "commission.col.value": ("数值", "Value"),
    "commission.row.total": ("合计", "Total"),
    "commission.row.commission": ("本次提成", "Commission"),
    "commission.row.effective_rate": ("实际提成率", "Effective rate"),
    "commission.row.cumulative": ("累计提成（含本次）", "Cumulative commission"),
    "commission.row.prior": ("此前已得提成", "Earned before"),
    "commission.row.max": ("封顶时的最高提成", "Most the cap allows"),
    "commission.row.sales_needed": ("要拿到目标提成还需卖", "Sales needed for the goal"),
    "commission.row.cliff": ("下一档边界前后的提成", "Commission either side of the next start"),
    "commission.row.base": ("底薪", "Base salary"),
    "commission.row.incentive": ("目标激励", "Target incentive"),
    "commission.row.incentive_plan": (
        "目标激励（方案在任务额处的提成）",
        "Target incentive (the plan's payout at quota)",
    ),
    "commission.row.ote": ("目标总收入（OTE）", "On-target earnings (OTE)"),
    "commission.row.base_share": ("底薪占比", "Base share"),
    "commission.row.incentive_share": ("激励占比", "Incentive share"),
    "commission.row.quota_to_ote": ("任务额 ÷ OTE", "Quota ÷ OTE"),
    "commission.row.rate_at_target": ("目标提成率（TI ÷ 任务额）", "Rate at target (TI ÷ quota)"),
    "commission.row.payout_vs_target": (
        "累计提成 ÷ 目标激励",
        "Cumulative commission ÷ target incentive",
    ),
    "commission.range.from": ("{start} 起", "{start} and up"),
    "commission.range.between": ("{start} 至 {end}（不含）", "{start} to below {end}"),
    "commission.range.attainment": ("（达成率 {start}）", " (attainment {start})"),
    "commission.chart.curve": ("提成曲线", "Payout curve"),
    "commission.chart.curve_attainment": ("提成曲线（横轴：任务达成率）", "Payout over attainment"),
    "commission.chart.desc": (
        "横轴为{axis}，纵轴为累计提成。{points}。当前位置：{current}，{method}累计提成 {value}。",
        "Horizontal axis: {axis}; vertical axis: cumulative commission. {points}. Now: "
        "{current}, {method} cumulative commission {value}.",
    ),
    "commission.chart.axis.sales": ("累计销售额", "cumulative sales"),
    "commission.chart.axis.attainment": ("任务达成率", "quota attainment"),
    "commission.chart.point": (
        "{x} 时超额累进 {marginal}、全额累进 {retroactive}",
        "at {x}: marginal {marginal}, retroactive {retroactive}",
    ),
    "commission.chart.now": ("当前", "now"),
    # --- explanation ---------------------------------------------------------------------------
    "commission.explain.attainment_starts": (
        "按达成率分档：金额起点 = 达成率起点 × 任务额 {quota}：{starts}。",
        "Attainment tiers: start in money = attainment start × quota {quota}: {starts}.",
    ),
    "commission.explain.position": (
        "累计销售额 = 此前累计 + 本次 = {prior} + {sales} = {total}。",
        "Cumulative sales = prior + new = {prior} + {sales} = {total}.",
    ),
    "commission.explain.deals_sum": (
        "本次销售额 = 各单之和：{parts} = {total}。",
        "New sales = sum of the deals: {parts} = {total}.",
    ),
    "commission.explain.attainment": (
        "任务达成率 = 累计销售额 ÷ 任务额 = {total} ÷ {quota} = {attainment}。",
        "Attainment = cumulative sales ÷ quota = {total} ÷ {quota} = {attainment}.",
    ),
    "commission.explain.marginal": (
        "超额累进：C(x) = Σ 各档比例 × 落在该档内的销售额。C({x}) = {terms} = {value}。",
        "Marginal: C(x) = Σ each tier's rate × the sales inside that tier. C({x}) = {terms} = "
        "{value}.",
    ),
    "commission.explain.retroactive": (
        "全额累进：C(x) = 达到的最高档比例 × 全部销售额。C({x}) = {rate} × {credited} = {value}。",
        "Retroactive: C(x) = rate of the highest tier reached × the whole amount. C({x}) = "
        "{rate} × {credited} = {value}.",
    ),
    "commission.explain.below_gate": (
        "{method}：累计销售额 {x} 未达到起付门槛 {gate}，C({x}) = 0。",
        "{method}: cumulative sales {x} are below the gate {gate}, so C({x}) = 0.",
    ),
    "commission.explain.capped": (
        "累计销售额 {x} 超过计提封顶 {cap}，只按 {cap} 计提。",
        "Cumulative sales {x} exceed the cap {cap}; only {cap} is credited.",
    ),
    "commission.explain.gate_reached": (
        "累计销售额 {x} 已达到起付门槛 {gate}，按全部累计销售额计提。",
        "Cumulative sales {x} reach the gate {gate}: the plan pays on the whole amount.",
    ),
    "commission.explain.commission": (
        "本次提成（{method}）= C(此前 + 本次) − C(此前) = C({total}) − C({prior}) = "
        "{cumulative} − {earned} = {commission}。",
        "Commission ({method}) = C(prior + new) − C(prior) = C({total}) − C({prior}) = "
        "{cumulative} − {earned} = {commission}.",
    ),
    "commission.explain.effective_rate": (
        "实际提成率 = 本次提成 ÷ 本次销售额 = {commission} ÷ {sales} = {rate}。",
        "Effective rate = commission ÷ new sales = {commission} ÷ {sales} = {rate}.",
    ),
    "commission.explain.next_tier": (
        "下一档是第 {tier} 档（起点 {start}，比例 {rate}）：还差 {start} − {total} = {needed}。",
        "The next tier is tier {tier} (from {start}, rate {rate}): {start} − {total} = {needed} "
        "to go.",
    ),
    "commission.explain.top_tier": (
        "已经在能达到的最高档（第 {tier} 档）。",
        "Already in the highest reachable tier (tier {tier}).",
    ),
    "commission.explain.gate_needed": (
        "距起付门槛 {gate} 还差 {needed}；达到之前提成为 0。",
        "{needed} more reaches the gate {gate}; until then the commission is 0.",
    ),
    "commission.explain.cliff": (
        "悬崖提醒：全额累进在 {at} 处跳变。累计销售额 {before} 时提成 {retro_before}，{at} 时 "
        "{retro_at}，多卖 1 分钱多拿 {retro_jump}；超额累进为 {marginal_before} → {marginal_at}。",
        "Cliff warning: retroactive commission jumps at {at}. At {before} it is {retro_before}, "
        "at {at} {retro_at}: one more cent of sales pays {retro_jump} more; marginal goes "
        "{marginal_before} → {marginal_at}.",
    ),
    "commission.explain.target": (
        "要在此前累计之上再拿到 {goal} 提成（C(此前 + s) − C(此前) ≥ {goal}，s 取到分）："
        "超额累进需卖 {marginal}，全额累进需卖 {retroactive}。",
        "To earn {goal} more on top of prior sales (C(prior + s) − C(prior) ≥ {goal}, s in "
        "cents): marginal needs {marginal} of sales, retroactive {retroactive}.",
    ),
    "commission.explain.ote": (
        "目标总收入 = 底薪 + 目标激励 = {base} + {incentive} = {ote}；底薪占 {base_share}，"
        "激励占 {incentive_share}。",
        "OTE = base + target incentive = {base} + {incentive} = {ote}; base {base_share}, "
        "incentive {incentive_share}.",
    ),
    "commission.explain.incentive_plan": (
        "目标激励未填写，取本方案在任务额 {quota} 处的提成：{incentive}。",
        "No target incentive given: the plan's payout at quota {quota} is used, {incentive}.",
    ),
    "commission.explain.rate_at_target": (
        "目标提成率 = 目标激励 ÷ 任务额 = {incentive} ÷ {quota} = {rate}。",
        "Rate at target = target incentive ÷ quota = {incentive} ÷ {quota} = {rate}.",
    ),
    "commission.explain.payout_vs_target": (
        "累计提成为目标激励的 {ratio}（{cumulative} ÷ {incentive}）。",
        "Cumulative commission is {ratio} of the target incentive ({cumulative} ÷ {incentive}).",
    ),
    "commission.explain.draw": (
        "保底 {draw}/期（{kind}）：补足 = max(0, 保底 − 当期提成)；{rule}实发合计 {paid}，"
        "挣得提成合计 {earned}，期末待追回余额 {balance}。",
        "Draw {draw} a period ({kind}): top-up = max(0, draw − commission); {rule}paid in total "
        "{paid}, earned {earned}, balance still owed {balance}.",
    ),
    "commission.explain.draw.recoverable": (
        "追回 = min(上期余额, max(0, 当期提成 − 保底))，实发 = max(当期提成, 保底) − 追回；",
        "recovery = min(balance before, max(0, commission − draw)), paid = max(commission, "
        "draw) − recovery; ",
    ),
    "commission.explain.draw.non_recoverable": (
        "补足部分不追回，实发 = max(当期提成, 保底)；",
        "top-ups are forgiven, paid = max(commission, draw); ",
    ),
    # --- conventions ---------------------------------------------------------------------------
    "commission.convention.bounds": (
        "每档区间为 [起点, 下一档起点)：含起点、不含下一档起点。累计销售额恰好等于某档起点时，"
        "按这一档计算。",
        "Each tier is [start, next start): it includes its start and stops before the next one. "
        "Cumulative sales exactly at a start fall in that tier.",
    ),
    "commission.convention.methods": (
        "超额累进：每段销售额按所在档的比例计提再相加，提成随销售额连续增长。全额累进：达到某档"
        "后，全部累计销售额都按该档比例计提，所以在每个档位边界都会跳变。",
        "Marginal: each slice is paid at its own tier's rate and the slices are added, so "
        "commission grows continuously. Retroactive: once a tier is reached the whole cumulative "
        "amount is paid at its rate, so commission jumps at every start.",
    ),
    "commission.convention.cumulative": (
        "本次提成 = 含本次的累计提成 − 此前已得提成，两者都先四舍五入到分；逐单提成和各档明细"
        "同样是累计金额之差，相加恰好等于本次提成。全额累进的明细里，此前已按低档计提的部分以"
        "负数扣回。",
        "Commission = cumulative commission including the new sales − commission earned before, "
        "each rounded to the cent first; deals and tier rows are likewise differences of "
        "cumulative amounts, so they add up exactly. In a retroactive breakdown, what was "
        "earned before at a lower rate is taken back as a negative row.",
    ),
    "commission.convention.attainment": (
        "按达成率分档时，起点、门槛、封顶都写成任务额的百分比（如 50%、150%），先乘以任务额换算"
        "成金额再计算。",
        "With attainment tiers, starts, gate and cap are percentages of quota (e.g. 50%, 150%), "
        "multiplied by the quota into amounts first.",
    ),
    "commission.convention.gate": (
        "起付门槛：累计销售额低于门槛时提成为 0；达到门槛时（含恰好等于）按全部累计销售额计提。",
        "Gate: below it the commission is 0; at or above it the plan pays on the whole "
        "cumulative amount.",
    ),
    "commission.convention.cap": (
        "计提封顶：累计销售额超过封顶的部分不计提。",
        "Cap: cumulative sales above the cap earn nothing.",
    ),
    "commission.convention.deals": (
        "逐单提成按成交顺序：第 n 单的提成 = 含该单的累计提成 − 该单之前的累计提成。同样的几单"
        "换个顺序，各单提成可能不同，合计不变。",
        "Deals are paid in order: deal n earns the cumulative commission including it minus the "
        "cumulative commission before it. Reordering the same deals can change each deal's "
        "share, never the total.",
    ),
    "commission.convention.target": (
        "反推销售额：使未舍入的提成增量达到目标的最小金额，向上取到分；全额累进下取最早达到"
        "目标的金额。",
        "Sales needed: the smallest amount, rounded up to the cent, at which the unrounded "
        "commission reaches the goal; under retroactive tiers the first amount that reaches it.",
    ),
    "commission.convention.cliff": (
        "悬崖金额比较下一档起点前 1 分钱与起点处的累计提成。",
        "The cliff compares the cumulative commission one cent before the next start with the "
        "commission at the start.",
    ),
    "commission.convention.draw": (
        "保底按期计算：可追回保底补足的金额记入待追回余额，以后当期提成超过保底时，超出部分先用于"
        "追回；不可追回的保底补足后不再扣回。",
        "The draw works period by period: a recoverable draw's top-ups become a balance owed, "
        "recovered from later commission above the draw; a non-recoverable draw is forgiven.",
    ),
}
register(MESSAGES)


DEFAULT_TIERS: list[dict[str, object]] = [
    {"from": "0", "rate": "3%"},
    {"from": "50万", "rate": "5%"},
    {"from": "100万", "rate": "8%"},
]


def _threshold(name: str, **kwargs: Any) -> Field:
    """A tier start, gate or cap: an amount, or a percentage of the quota when tiers go by
    attainment (where 150 % is normal, so a bare 1.5 is asked about: 150 % or 1.5 %?)."""
    attainment = ("tier_basis", "attainment")
    return Field(name, "number", percent_when=attainment, ambiguous_below=Decimal(10), **kwargs)


def _optional_money(name: str, **kwargs: Any) -> Field:
    return Field(name, "money", default=None, required=False, unit="unit.yuan", **kwargs)


FIELDS = (
    Field(
        "tiers",
        "records",
        default=DEFAULT_TIERS,
        columns=(
            _threshold("from"),
            Field("rate", "rate", max=Decimal(1)),
        ),
    ),
    Field("tier_basis", "choice", default="amount", choices=BASES),
    Field("method", "choice", default="marginal", choices=METHODS),
    _optional_money("quota", min=CENT),
    _optional_money("sales"),
    Field("prior_sales", "money", default=Decimal(0), unit="unit.yuan"),
    Field(
        "deals",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_DEALS,
        unit="unit.yuan",
    ),
    _threshold("gate", default=None, required=False, advanced=True),
    _threshold("cap", default=None, required=False, advanced=True),
    _optional_money("target_commission"),
    _optional_money("base_salary", advanced=True),
    _optional_money("target_incentive", min=CENT, advanced=True),
    _optional_money("draw", advanced=True),
    Field("draw_recoverable", "choice", default="recoverable", choices=DRAW_TYPES, advanced=True),
    Field(
        "period_commissions",
        "money_list",
        default=None,
        required=False,
        max_items=MAX_PERIODS,
        unit="unit.yuan",
        advanced=True,
    ),
)


# --- the commission function -----------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """A plan in amounts: tier starts (the first is 0, strictly ascending), rates, gate, cap."""

    starts: tuple[Decimal, ...]
    rates: tuple[Decimal, ...]
    gate: Decimal = Decimal(0)
    cap: Decimal | None = None

    def tier(self, x: Decimal, *, left: bool = False) -> int:
        """0-based tier of amount ``x`` (``left``: of amounts just below ``x``)."""
        found = 0
        for index, start in enumerate(self.starts):
            if start < x or (start == x and not left):
                found = index
        return found

    def end(self, index: int) -> Decimal | None:
        return self.starts[index + 1] if index + 1 < len(self.starts) else None

    def credited(self, x: Decimal) -> Decimal:
        return x if self.cap is None else min(x, self.cap)

    def gated(self, x: Decimal, *, left: bool = False) -> bool:
        """Whether the gate keeps the commission at 0 at ``x`` (or just below it)."""
        return x < self.gate or (left and self.gate > 0 and x == self.gate)

    def value(self, method: str, x: Decimal, *, left: bool = False) -> Decimal:
        """Exact cumulative commission C(x) (``left``: its limit from below)."""
        if self.gated(x, left=left):
            return Decimal(0)
        credited = self.credited(x)
        with localcontext(CONTEXT):
            if method == "retroactive":
                below_cap = self.cap is None or x <= self.cap
                return self.rates[self.tier(credited, left=left and below_cap)] * credited
            total = Decimal(0)
            for index, start in enumerate(self.starts):
                if credited <= start:
                    break
                end = self.end(index)
                top = credited if end is None else min(credited, end)
                total += self.rates[index] * (top - start)
            return total

    def tier_parts(self, method: str, low: Decimal, high: Decimal) -> list[Decimal]:
        """Sales credited per tier for C(high) − C(low) (``low ≤ high``); negative = taken back.

        Each part times its tier's rate adds up exactly to C(high) − C(low).
        """
        parts = [Decimal(0)] * len(self.starts)
        if self.gated(high):
            return parts
        top = self.credited(high)
        bottom = Decimal(0) if self.gated(low) else self.credited(low)
        with localcontext(CONTEXT):
            if method == "retroactive":
                parts[self.tier(top)] += top
                parts[self.tier(bottom)] -= bottom
                return parts
            for index, start in enumerate(self.starts):
                end = self.end(index)
                upper = top if end is None else min(top, end)
                lower = max(bottom, start)
                if upper > lower:
                    parts[index] = upper - lower
            return parts

    def breakpoints(self) -> list[Decimal]:
        points = set(self.starts) | {self.gate}
        if self.cap is not None:
            points.add(self.cap)
        return sorted(points)

    def segments(self, method: str) -> list[tuple[Decimal, Decimal | None, Decimal, Decimal]]:
        """(start, end or None, C(start), slope): C is linear on every [start, end)."""
        points = self.breakpoints()
        out = []
        for index, start in enumerate(points):
            end = points[index + 1] if index + 1 < len(points) else None
            paying = not self.gated(start) and (self.cap is None or start < self.cap)
            slope = self.rates[self.tier(start)] if paying else Decimal(0)
            out.append((start, end, self.value(method, start), slope))
        return out

    def sales_needed(self, method: str, prior: Decimal, goal: Decimal) -> Decimal | None:
        """Smallest s in whole cents with C(prior + s) − C(prior) ≥ goal; None if never."""
        with localcontext(CONTEXT):
            wanted = self.value(method, prior) + goal
            for start, end, at_start, slope in self.segments(method):
                if end is not None and end <= prior:
                    continue
                low = max(start, prior)
                at_low = at_start + slope * (low - start)
                if at_low >= wanted:
                    reach = low
                elif slope > 0:
                    reach = low + (wanted - at_low) / slope
                else:
                    continue
                if end is not None and reach >= end:
                    continue
                needed = (reach - prior).quantize(CENT, rounding=ROUND_CEILING)
                # The division is exact to 40 digits; if it was not, a cent either way fixes it.
                if needed > 0 and self.value(method, prior + needed - CENT) >= wanted:
                    needed -= CENT
                if self.value(method, prior + needed) < wanted:
                    needed += CENT
                if end is None or prior + needed < end:
                    return needed
            return None


def schedule_of(values: dict[str, Any]) -> Schedule:
    """The plan of parsed ``values`` in amounts (attainment starts × quota)."""
    tiers: list[dict[str, Any]] = values["tiers"]
    scale = Decimal(1)
    if values["tier_basis"] == "attainment":
        scale = values["quota"]
    with localcontext(CONTEXT):
        gate: Decimal | None = values.get("gate")
        cap: Decimal | None = values.get("cap")
        return Schedule(
            starts=tuple(row["from"] * scale for row in tiers),
            rates=tuple(row["rate"] for row in tiers),
            gate=Decimal(0) if gate is None else gate * scale,
            cap=None if cap is None else cap * scale,
        )


# --- cross-field checks ----------------------------------------------------------------------


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    inner = InputError(column, key, **params)
    inner.labels = {lang: t(f"{ID}.tiers.{column}.label", lang) for lang in ("zh", "en")}
    return InputError.in_row("tiers", row, inner)


def _basis_text(value: Decimal, attainment: bool) -> str:
    return format_percent(value) if attainment else format_number(value)


def _tier_errors(values: dict[str, Any]) -> list[InputError]:
    tiers: list[dict[str, Any]] = values["tiers"]
    attainment = values["tier_basis"] == "attainment"
    cap: Decimal | None = values.get("cap")
    errors: list[InputError] = []
    for row, tier in enumerate(tiers, start=1):
        start: Decimal = tier["from"]
        shown = _basis_text(start, attainment)
        if row == 1 and start != 0:
            errors.append(_cell_error(row, "from", "commission.error.first_from", value=shown))
        elif row > 1 and start == tiers[row - 2]["from"]:
            errors.append(_cell_error(row, "from", "commission.error.tier_duplicate", value=shown))
        elif row > 1 and start < tiers[row - 2]["from"]:
            previous = _basis_text(tiers[row - 2]["from"], attainment)
            errors.append(
                _cell_error(
                    row, "from", "commission.error.tier_order", value=shown, previous=previous
                )
            )
        elif attainment and start > MAX_ATTAINMENT:
            errors.append(
                _cell_error(
                    row,
                    "from",
                    "commission.error.attainment_too_large",
                    value=shown,
                )
            )
        elif cap is not None and cap > 0 and start > cap:
            errors.append(
                _cell_error(
                    row,
                    "from",
                    "commission.error.tier_above_cap",
                    value=_basis_text(start, attainment),
                    cap=_basis_text(cap, attainment),
                )
            )
        if errors:
            break
    return errors


def _plan_errors(values: dict[str, Any]) -> list[InputError]:
    """Rules a plan file must meet on its own: tiers, quota for attainment, gate and cap."""
    attainment = values["tier_basis"] == "attainment"
    errors: list[InputError] = []
    if attainment and values.get("quota") is None:
        errors.append(InputError("quota", "commission.error.quota_needed"))
    gate: Decimal | None = values.get("gate")
    cap: Decimal | None = values.get("cap")
    for name, value in (("gate", gate), ("cap", cap)):
        if attainment and value is not None and value > MAX_ATTAINMENT:
            errors.append(
                InputError(
                    name,
                    "commission.error.attainment_too_large",
                    value=format_percent(value),
                )
            )
    if cap is not None and cap == 0:
        errors.append(InputError("cap", "commission.error.cap_zero"))
    elif cap is not None and gate is not None and cap < gate:
        errors.append(
            InputError(
                "cap",
                "commission.error.cap_below_gate",
                cap=_basis_text(cap, attainment),
                gate=_basis_text(gate, attainment),
            )
        )
    return _tier_errors(values) + errors


def _sales_of(values: dict[str, Any]) -> Decimal:
    """New sales: as typed, else the deals' sum, else 0 (``check`` ensured they agree)."""
    sales: Decimal | None = values.get("sales")
    deals: list[Decimal] | None = values.get("deals")
    if sales is not None:
        return sales
    if deals is not None:
        with localcontext(CONTEXT):
            return sum(deals, Decimal(0))
    return Decimal(0)


def _incentive(values: dict[str, Any], schedule: Schedule) -> tuple[Decimal, bool] | None:
    """(target incentive, whether it came from the plan at quota) or None without one."""
    given: Decimal | None = values.get("target_incentive")
    if given is not None:
        return quantize_money(given), False
    quota: Decimal | None = values.get("quota")
    if quota is None:
        return None
    return quantize_money(schedule.value(values["method"], quota)), True


def check(values: dict[str, Any]) -> None:
    """Plan rules (tiers, quota, gate, cap), sales vs deals, pay and draw inputs."""
    errors = _plan_errors(values)
    sales: Decimal | None = values.get("sales")
    deals: list[Decimal] | None = values.get("deals")
    if sales is not None and deals is not None:
        with localcontext(CONTEXT):
            total = sum(deals, Decimal(0))
        if total != sales:
            errors.append(
                InputError(
                    "sales",
                    "commission.error.sales_vs_deals",
                    sales=format_number(sales),
                    total=format_number(total),
                )
            )
    with localcontext(CONTEXT):
        cumulative = values["prior_sales"] + _sales_of(values)
    if cumulative >= MAX_ABS:
        errors.append(
            InputError(
                "deals" if sales is None else "sales",
                "error.too_large",
                value=format_number(cumulative),
            )
        )
    draw: Decimal | None = values.get("draw")
    periods: list[Decimal] | None = values.get("period_commissions")
    if draw is not None and periods is None:
        errors.append(InputError("period_commissions", "commission.error.periods_needed"))
    if periods is not None and draw is None:
        errors.append(InputError("draw", "commission.error.draw_needed"))
    if errors:
        raise InputErrors(errors)
    base: Decimal | None = values.get("base_salary")
    if base is not None:
        incentive = _incentive(values, schedule_of(values))
        if incentive is None:
            raise InputError("target_incentive", "commission.error.incentive_needed")
        if quantize_money(base) + incentive[0] == 0:
            raise InputError("base_salary", "commission.error.ote_zero")


# --- compute ---------------------------------------------------------------------------------


def _split(start: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """Cent amounts for exact ``parts`` after ``start``: differences of rounded running sums.

    They add up exactly to ``q(start + Σ parts) − q(start)``.
    """
    out = []
    with localcontext(CONTEXT):
        running = start
        for part in parts:
            before = quantize_money(running)
            running += part
            out.append(quantize_money(running) - before)
    return out


def _ratio(numerator: Decimal, denominator: Decimal) -> str | None:
    if denominator == 0:
        return None
    with localcontext(CONTEXT):
        return rate_str(numerator / denominator)


def _method_figures(
    schedule: Schedule,
    method: str,
    prior: Decimal,
    total: Decimal,
    sales: Decimal,
    goal: Decimal | None,
) -> dict[str, Any]:
    with localcontext(CONTEXT):
        cumulative = schedule.value(method, total)
        earned = schedule.value(method, prior)
        commission = quantize_money(cumulative) - quantize_money(earned)
        needed = None if goal is None else schedule.sales_needed(method, prior, goal)
        terms = [
            {"rate": rate_str(rate), "sales": money_str(part)}
            for rate, part in zip(
                schedule.rates, schedule.tier_parts(method, Decimal(0), total), strict=True
            )
            if part != 0
        ]
        return {
            "terms": terms,
            "commission": money_str(commission),
            "effective_rate": _ratio(cumulative - earned, sales),
            "cumulative_commission": money_str(cumulative),
            "prior_commission": money_str(earned),
            "max_commission": (
                money_str(schedule.value(method, schedule.cap))
                if schedule.cap is not None
                else None
            ),
            "sales_needed": None if needed is None else money_str(needed),
        }


def _end_str(schedule: Schedule, index: int) -> str | None:
    end = schedule.end(index)
    return None if end is None else money_str(end)


def _breakdown(
    schedule: Schedule, method: str, prior: Decimal, total: Decimal
) -> list[dict[str, Any]]:
    parts = schedule.tier_parts(method, prior, total)
    with localcontext(CONTEXT):
        commissions = [rate * part for rate, part in zip(schedule.rates, parts, strict=True)]
    rounded_sales = _split(Decimal(0), parts)
    rounded = _split(schedule.value(method, prior), commissions)
    return [
        {
            "tier": index + 1,
            "from": money_str(schedule.starts[index]),
            "to": _end_str(schedule, index),
            "rate": rate_str(schedule.rates[index]),
            "sales": money_str(rounded_sales[index]),
            "commission": money_str(rounded[index]),
        }
        for index in range(len(parts))
    ]


def _next_tier(schedule: Schedule, total: Decimal, quota: Decimal | None) -> dict[str, Any] | None:
    for index, start in enumerate(schedule.starts):
        if start > total and (schedule.cap is None or start <= schedule.cap):
            with localcontext(CONTEXT):
                return {
                    "tier": index + 1,
                    "from": money_str(start),
                    "attainment": None if quota is None else rate_str(start / quota),
                    "rate": rate_str(schedule.rates[index]),
                    "sales_needed": money_str(start - total),
                }
    return None


def _cliff(schedule: Schedule, total: Decimal) -> dict[str, Any] | None:
    """Cumulative commission a cent before the next reachable start and at it, both methods."""
    upcoming = [
        start
        for start in schedule.starts
        if start > total and (schedule.cap is None or start <= schedule.cap)
    ]
    if not upcoming:
        return None
    at = upcoming[0]
    with localcontext(CONTEXT):
        before = max(at - CENT, Decimal(0))
        out: dict[str, Any] = {"at": money_str(at), "before": money_str(before)}
        for method in METHODS:
            low = quantize_money(schedule.value(method, before))
            high = quantize_money(schedule.value(method, at))
            out[f"{method}_before"] = money_str(low)
            out[f"{method}_at"] = money_str(high)
            out[f"{method}_jump"] = money_str(high - low)
    return out


def _deals(
    schedule: Schedule, method: str, prior: Decimal, deals: list[Decimal]
) -> list[dict[str, Any]]:
    befores: list[Decimal] = []
    exact: list[Decimal] = []
    with localcontext(CONTEXT):
        running = prior
        for deal in deals:
            befores.append(running)
            exact.append(schedule.value(method, running + deal) - schedule.value(method, running))
            running += deal
    paid = _split(schedule.value(method, prior), exact)
    return [
        {
            "deal": index,
            "amount": money_str(deal),
            "before": money_str(before),
            "commission": money_str(amount),
            "rate": _ratio(part, deal),
        }
        for index, (deal, before, amount, part) in enumerate(
            zip(deals, befores, paid, exact, strict=True), start=1
        )
    ]


def _curve(schedule: Schedule, total: Decimal, quota: Decimal | None) -> dict[str, Any]:
    """Cumulative commission at every kink (left and right values at jumps), both methods."""
    with localcontext(CONTEXT):
        far = max([total, *schedule.breakpoints(), quota or Decimal(0)])
        x_max = far * Decimal("1.2") if far > 0 else Decimal(10_000)
        xs = [x for x in schedule.breakpoints() if 0 < x < x_max]
        lines: dict[str, list[list[str]]] = {}
        for method in METHODS:
            points = [[money_str(Decimal(0)), money_str(schedule.value(method, Decimal(0)))]]
            for x in xs:
                below = schedule.value(method, x, left=True)
                at = schedule.value(method, x)
                points.append([money_str(x), money_str(below)])
                if at != below:
                    points.append([money_str(x), money_str(at)])
            points.append([money_str(x_max), money_str(schedule.value(method, x_max))])
            lines[method] = points
    return {
        "axis": "sales" if quota is None else "attainment",
        "x_max": money_str(x_max),
        **lines,
    }


def _pay(values: dict[str, Any], schedule: Schedule, cumulative: Decimal) -> dict[str, Any] | None:
    base: Decimal | None = values.get("base_salary")
    incentive = _incentive(values, schedule)
    if base is None and values.get("target_incentive") is None:
        return None
    assert incentive is not None  # check() made sure of it
    amount, from_plan = incentive
    quota: Decimal | None = values.get("quota")
    out: dict[str, Any] = {
        "base_salary": None if base is None else money_str(base),
        "target_incentive": money_str(amount),
        "incentive_from_plan": from_plan,
        "ote": None,
        "base_share": None,
        "incentive_share": None,
        "quota_to_ote": None,
        "rate_at_target": None if quota is None else _ratio(amount, quota),
        "payout_vs_target": _ratio(quantize_money(cumulative), amount),
    }
    if base is not None:
        base = quantize_money(base)
        ote = base + amount
        out.update(
            ote=money_str(ote),
            base_share=_ratio(base, ote),
            incentive_share=_ratio(amount, ote),
            quota_to_ote=None if quota is None else _ratio(quota, ote),
        )
    return out


def draw_schedule(
    draw: Decimal, recoverable: bool, earned: list[Decimal]
) -> list[dict[str, Decimal]]:
    """Per period: earned, top-up, recovery, paid, balance (all in cents)."""
    draw = quantize_money(draw)
    balance = Decimal(0)
    rows = []
    for commission in earned:
        commission = quantize_money(commission)
        top_up = max(Decimal(0), draw - commission)
        recovery = Decimal(0)
        if recoverable:
            recovery = min(balance, max(Decimal(0), commission - draw))
            balance = balance + top_up - recovery
        paid = max(commission, draw) - recovery
        rows.append(
            {
                "earned": commission,
                "top_up": top_up,
                "recovery": recovery,
                "paid": paid,
                "balance": balance,
            }
        )
    return rows


def _draw(values: dict[str, Any]) -> dict[str, Any] | None:
    draw: Decimal | None = values.get("draw")
    periods: list[Decimal] | None = values.get("period_commissions")
    if draw is None or periods is None:
        return None
    recoverable = values["draw_recoverable"] == "recoverable"
    rows = draw_schedule(draw, recoverable, periods)
    totals = {
        key: money_str(sum((row[key] for row in rows), Decimal(0)))
        for key in ("earned", "top_up", "recovery", "paid")
    }
    return {
        "draw": money_str(draw),
        "recoverable": recoverable,
        "periods": [
            {"period": index, **{key: money_str(value) for key, value in row.items()}}
            for index, row in enumerate(rows, start=1)
        ],
        "totals": totals,
        "balance": money_str(rows[-1]["balance"]),
    }


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The commission result for parsed ``values`` (see the module docstring for the rules)."""
    schedule = schedule_of(values)
    method: str = values["method"]
    quota: Decimal | None = values.get("quota")
    prior: Decimal = values["prior_sales"]
    sales = _sales_of(values)
    goal_typed: Decimal | None = values.get("target_commission")
    goal = None if goal_typed is None else quantize_money(goal_typed)
    with localcontext(CONTEXT):
        total = prior + sales
        figures = {m: _method_figures(schedule, m, prior, total, sales, goal) for m in METHODS}
        cumulative = schedule.value(method, total)
        gate_needed = total < schedule.gate
    chosen = figures[method]
    deals: list[Decimal] | None = values.get("deals")
    deal_rows = None if deals is None else _deals(schedule, method, prior, deals)
    return {
        "calculator": ID,
        "method": method,
        "tier_basis": values["tier_basis"],
        "tiers": [
            {
                "tier": index + 1,
                "from": money_str(start),
                "from_typed": plain_str(row["from"]),
                "to": _end_str(schedule, index),
                "rate": rate_str(rate),
            }
            for index, (start, rate, row) in enumerate(
                zip(schedule.starts, schedule.rates, values["tiers"], strict=True)
            )
        ],
        "quota": None if quota is None else money_str(quota),
        "sales": money_str(sales),
        "prior_sales": money_str(prior),
        "cumulative_sales": money_str(total),
        "credited_sales": money_str(schedule.credited(total)),
        "attainment": None if quota is None else _ratio(total, quota),
        "commission": chosen["commission"],
        "effective_rate": chosen["effective_rate"],
        "cumulative_commission": chosen["cumulative_commission"],
        "prior_commission": chosen["prior_commission"],
        "marginal": figures["marginal"],
        "retroactive": figures["retroactive"],
        "breakdown": _breakdown(schedule, method, prior, total),
        "tier_reached": schedule.tier(schedule.credited(total)) + 1,
        "gate": (
            None
            if schedule.gate == 0
            else {
                "from": money_str(schedule.gate),
                "reached": not gate_needed,
                "sales_needed": money_str(schedule.gate - total) if gate_needed else None,
            }
        ),
        "cap": (
            None
            if schedule.cap is None
            else {
                "at": money_str(schedule.cap),
                "reached": total >= schedule.cap,
                "max_commission": chosen["max_commission"],
            }
        ),
        "next_tier": (next_tier := _next_tier(schedule, total, quota)),
        # Page contract: every headline output is a top-level key with its exact value.
        "to_next_tier": next_tier["sales_needed"] if next_tier else None,
        "cliff": _cliff(schedule, total),
        "deal_commissions": None if deal_rows is None else [r["commission"] for r in deal_rows],
        "deal_rows": deal_rows,
        "target_commission": None if goal is None else money_str(goal),
        "sales_needed": chosen["sales_needed"],
        "pay": (pay := _pay(values, schedule, cumulative)),
        "ote": pay["ote"] if pay else None,
        "draw": _draw(values),
        "curve": _curve(schedule, total, quota),
    }


# --- rendering (shared by the build and the browser worker) ---------------------------------

_WIDTH = 560
_HEIGHT = 250
_PAD_LEFT = 64
_PAD_RIGHT = 16
_PAD_TOP = 30
_PAD_BOTTOM = 30
_MIN_TICK_GAP = Decimal(44)


def _coord(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def _money(text: str) -> str:
    return format_money(Decimal(text))


def _pct(text: str) -> str:
    return format_percent(Decimal(text))


def _money_cell(text: str) -> Cell:
    return (format_number(Decimal(text), 2), text)


def _rate_cell(text: str | None) -> Cell:
    return ("—", "") if text is None else (_pct(text), text)


def _method_name(method: str, lang: str) -> str:
    return t(f"commission.method.short.{method}", lang)


def _x_text(x: Decimal, quota: Decimal | None, lang: str) -> str:
    """An axis position: attainment (with a quota) or a compact amount."""
    if quota is None:
        return format_compact(x, lang)
    with localcontext(CONTEXT):
        return format_percent(x / quota, 0)


def payout_chart(result: dict[str, Any], lang: str) -> Markup:
    """Cumulative commission over cumulative sales (or attainment), marginal solid and
    retroactive dashed, with the current position marked. Title + description for AT."""
    curve = result["curve"]
    quota = None if result["quota"] is None else Decimal(result["quota"])
    x_max = Decimal(curve["x_max"])
    lines = {m: [(Decimal(x), Decimal(y)) for x, y in curve[m]] for m in METHODS}
    top = max(y for points in lines.values() for _, y in points) or Decimal(1)
    plot_w = Decimal(_WIDTH - _PAD_LEFT - _PAD_RIGHT)
    plot_h = Decimal(_HEIGHT - _PAD_TOP - _PAD_BOTTOM)

    def px(x: Decimal) -> Decimal:
        return Decimal(_PAD_LEFT) + x / x_max * plot_w

    def py(y: Decimal) -> Decimal:
        return Decimal(_PAD_TOP) + (top - y) / top * plot_h

    title = t(
        "commission.chart.curve" if quota is None else "commission.chart.curve_attainment", lang
    )
    method = result["method"]
    now_x = Decimal(result["cumulative_sales"])
    now_y = Decimal(result["cumulative_commission"])
    right_values = {m: {x: y for x, y in points} for m, points in lines.items()}
    stops = sorted({x for x, _ in lines["marginal"]} - {Decimal(0)})
    points_text = "; ".join(
        t(
            "commission.chart.point",
            lang,
            x=_x_text(x, quota, lang),
            marginal=format_money(right_values["marginal"][x]),
            retroactive=format_money(right_values["retroactive"][x]),
        )
        for x in stops
    )
    description = t(
        "commission.chart.desc",
        lang,
        axis=t(f"commission.chart.axis.{curve['axis']}", lang),
        points=points_text,
        current=_x_text(now_x, quota, lang),
        method=_method_name(method, lang),
        value=format_money(now_y),
    )
    parts: list[Markup] = [el("title", None, title), el("desc", None, description)]
    baseline = _coord(py(Decimal(0)))
    parts.append(
        el(
            "line",
            {
                "x1": _PAD_LEFT,
                "x2": _WIDTH - _PAD_RIGHT,
                "y1": baseline,
                "y2": baseline,
                "class": "pb-chart__zero",
            },
        )
    )
    for value in (top, Decimal(0)):
        parts.append(
            el(
                "text",
                {
                    "x": _PAD_LEFT - 6,
                    "y": _coord(py(value) + 4),
                    "text-anchor": "end",
                    "class": "pb-chart__axis",
                },
                format_compact(value, lang),
            )
        )
    last_tick: Decimal | None = None
    for x in [Decimal(0), *(Decimal(row["from"]) for row in result["tiers"][1:])]:
        if x >= x_max or (last_tick is not None and px(x) - last_tick < _MIN_TICK_GAP):
            continue
        last_tick = px(x)
        parts.append(
            el(
                "text",
                {
                    "x": _coord(px(x)),
                    "y": _HEIGHT - 10,
                    "text-anchor": "middle",
                    "class": "pb-chart__label",
                },
                _x_text(x, quota, lang),
            )
        )
    styles = {
        "marginal": {"stroke-width": "2.5"},
        "retroactive": {"stroke-width": "2", "stroke-dasharray": "6 4", "opacity": "0.7"},
    }
    for index, name in enumerate(METHODS):
        coords = " ".join(f"{_coord(px(x))},{_coord(py(y))}" for x, y in lines[name])
        parts.append(
            el(
                "polyline",
                {"points": coords, "fill": "none", "stroke": "currentColor", **styles[name]},
            )
        )
        legend_y = 10 + 14 * index
        parts.append(
            el(
                "line",
                {
                    "x1": _PAD_LEFT + 8,
                    "x2": _PAD_LEFT + 36,
                    "y1": legend_y,
                    "y2": legend_y,
                    "stroke": "currentColor",
                    **styles[name],
                },
            )
        )
        label = _method_name(name, lang) + (
            t("commission.selected", lang) if name == method else ""
        )
        parts.append(
            el(
                "text",
                {"x": _PAD_LEFT + 42, "y": legend_y + 4, "class": "pb-chart__label"},
                label,
            )
        )
    now_label = f"{t('commission.chart.now', lang)}: {_x_text(now_x, quota, lang)}, "
    parts.append(
        el(
            "circle",
            {
                "cx": _coord(px(min(now_x, x_max))),
                "cy": _coord(py(now_y)),
                "r": 5,
                "fill": "currentColor",
            },
            el("title", None, now_label + format_money(now_y)),
        )
    )
    return el(
        "figure",
        {"class": "pb-chart"},
        el(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {_WIDTH} {_HEIGHT}",
                "role": "img",
                "aria-label": title,
                "class": "pb-chart__svg",
            },
            parts,
        ),
        el("figcaption", None, title),
    )


def _range_text(row: dict[str, Any], result: dict[str, Any], lang: str) -> str:
    start = _money(row["from"])
    if row["to"] is None:
        text = t("commission.range.from", lang, start=start)
    else:
        text = t("commission.range.between", lang, start=start, end=_money(row["to"]))
    if result["tier_basis"] == "attainment":
        text += t("commission.range.attainment", lang, start=_pct(row["from_typed"]))
    return text


def _breakdown_table(result: dict[str, Any], lang: str) -> Markup:
    body: list[list[Cell]] = []
    for row, plan in zip(result["breakdown"], result["tiers"], strict=True):
        body.append(
            [
                str(row["tier"]),
                _range_text(plan, result, lang),
                (_pct(row["rate"]), row["rate"]),
                _money_cell(row["sales"]),
                _money_cell(row["commission"]),
            ]
        )
    sales_total = sum((Decimal(row["sales"]) for row in result["breakdown"]), Decimal(0))
    body.append(
        [
            t("commission.row.total", lang),
            "",
            "",
            _money_cell(money_str(sales_total)),
            _money_cell(result["commission"]),
        ]
    )
    columns = ("tier", "range", "rate", "sales", "commission")
    caption = t("commission.table.breakdown", lang, method=_method_name(result["method"], lang))
    head = [t(f"commission.col.{c}", lang) for c in columns]
    return table(caption, head, body, numeric_from=2, export=True)


def _needed_text(value: str | None, lang: str) -> Cell:
    return (t("commission.unreachable", lang), "") if value is None else _money_cell(value)


def _methods_table(result: dict[str, Any], lang: str) -> Markup:
    figures = [result[m] for m in METHODS]

    def row(key: str, cell: Any) -> list[Cell]:
        return [t(f"commission.row.{key}", lang), *(cell(f) for f in figures)]

    rows = [
        row("commission", lambda f: _money_cell(f["commission"])),
        row("effective_rate", lambda f: _rate_cell(f["effective_rate"])),
        row("cumulative", lambda f: _money_cell(f["cumulative_commission"])),
        row("prior", lambda f: _money_cell(f["prior_commission"])),
    ]
    if result["cap"] is not None:
        rows.append(row("max", lambda f: _money_cell(f["max_commission"])))
    if result["target_commission"] is not None:
        rows.append(row("sales_needed", lambda f: _needed_text(f["sales_needed"], lang)))
    cliff = result["cliff"]
    if cliff is not None:
        rows.append(
            [
                t("commission.row.cliff", lang),
                *(
                    (
                        f"{_money(cliff[m + '_before'])} → {_money(cliff[m + '_at'])}",
                        cliff[m + "_jump"],
                    )
                    for m in METHODS
                ),
            ]
        )
    head = [t("commission.col.measure", lang)] + [
        _method_name(m, lang) + (t("commission.selected", lang) if m == result["method"] else "")
        for m in METHODS
    ]
    return table(t("commission.table.methods", lang), head, rows)


def _deals_table(result: dict[str, Any], lang: str) -> Markup:
    body: list[list[Cell]] = [
        [
            str(row["deal"]),
            _money_cell(row["amount"]),
            _money_cell(row["before"]),
            _money_cell(row["commission"]),
            _rate_cell(row["rate"]),
        ]
        for row in result["deal_rows"]
    ]
    body.append(
        [
            t("commission.row.total", lang),
            _money_cell(result["sales"]),
            "",
            _money_cell(result["commission"]),
            _rate_cell(result["effective_rate"]),
        ]
    )
    columns = ("deal", "amount", "before", "commission", "deal_rate")
    return table(
        t("commission.table.deals", lang), [t(f"commission.col.{c}", lang) for c in columns], body
    )


def _draw_table(draw: dict[str, Any], lang: str) -> Markup:
    keys = ("earned", "top_up", "recovery", "paid", "balance")
    body: list[list[Cell]] = [
        [str(row["period"]), *(_money_cell(row[k]) for k in keys)] for row in draw["periods"]
    ]
    totals = draw["totals"]
    body.append(
        [
            t("commission.row.total", lang),
            *(_money_cell(totals[k]) for k in keys[:4]),
            _money_cell(draw["balance"]),
        ]
    )
    head = [t("commission.col.period", lang)] + [t(f"commission.col.{k}", lang) for k in keys]
    return table(t("commission.table.draw", lang), head, body)


def _pay_table(pay: dict[str, Any], lang: str) -> Markup:
    rows: list[list[Cell]] = []
    if pay["base_salary"] is not None:
        rows.append([t("commission.row.base", lang), _money_cell(pay["base_salary"])])
    key = "incentive_plan" if pay["incentive_from_plan"] else "incentive"
    rows.append([t(f"commission.row.{key}", lang), _money_cell(pay["target_incentive"])])
    if pay["ote"] is not None:
        rows.append([t("commission.row.ote", lang), _money_cell(pay["ote"])])
        rows.append([t("commission.row.base_share", lang), _rate_cell(pay["base_share"])])
        rows.append([t("commission.row.incentive_share", lang), _rate_cell(pay["incentive_share"])])
    if pay["quota_to_ote"] is not None:
        ratio = pay["quota_to_ote"]
        rows.append(
            [t("commission.row.quota_to_ote", lang), (format_number(Decimal(ratio), 2), ratio)]
        )
    if pay["rate_at_target"] is not None:
        rows.append([t("commission.row.rate_at_target", lang), _rate_cell(pay["rate_at_target"])])
    rows.append([t("commission.row.payout_vs_target", lang), _rate_cell(pay["payout_vs_target"])])
    head = [t("commission.col.measure", lang), t("commission.col.value", lang)]
    return table(t("commission.table.pay", lang), head, rows)


def _formula_line(result: dict[str, Any], method: str, lang: str) -> str:
    x = _money(result["cumulative_sales"])
    gate = result["gate"]
    if gate is not None and not gate["reached"]:
        return t(
            "commission.explain.below_gate",
            lang,
            method=_method_name(method, lang),
            x=x,
            gate=_money(gate["from"]),
        )
    figures = result[method]
    value = _money(figures["cumulative_commission"])
    terms = figures["terms"] or [{"rate": "0", "sales": "0.00"}]
    if method == "marginal":
        text = " + ".join(f"{_pct(term['rate'])} × {_money(term['sales'])}" for term in terms)
        return t("commission.explain.marginal", lang, x=x, terms=text, value=value)
    (term,) = terms
    return t(
        "commission.explain.retroactive",
        lang,
        x=x,
        rate=_pct(term["rate"]),
        credited=_money(term["sales"]),
        value=value,
    )


def _explain_lines(result: dict[str, Any], lang: str) -> list[str]:
    lines: list[str] = []
    quota = result["quota"]
    if result["tier_basis"] == "attainment":
        starts = "; ".join(
            f"{_pct(row['from_typed'])} → {_money(row['from'])}" for row in result["tiers"]
        )
        lines.append(
            t("commission.explain.attainment_starts", lang, quota=_money(quota), starts=starts)
        )
    if result["deal_rows"]:
        lines.append(
            t(
                "commission.explain.deals_sum",
                lang,
                parts=" + ".join(_money(row["amount"]) for row in result["deal_rows"]),
                total=_money(result["sales"]),
            )
        )
    total = _money(result["cumulative_sales"])
    lines.append(
        t(
            "commission.explain.position",
            lang,
            prior=_money(result["prior_sales"]),
            sales=_money(result["sales"]),
            total=total,
        )
    )
    if quota is not None:
        lines.append(
            t(
                "commission.explain.attainment",
                lang,
                total=total,
                quota=_money(quota),
                attainment=_pct(result["attainment"]),
            )
        )
    gate = result["gate"]
    if gate is not None:
        if gate["reached"]:
            lines.append(
                t("commission.explain.gate_reached", lang, x=total, gate=_money(gate["from"]))
            )
        else:
            lines.append(
                t(
                    "commission.explain.gate_needed",
                    lang,
                    gate=_money(gate["from"]),
                    needed=_money(gate["sales_needed"]),
                )
            )
    cap = result["cap"]
    if cap is not None and cap["reached"]:
        lines.append(t("commission.explain.capped", lang, x=total, cap=_money(cap["at"])))
    method = result["method"]
    lines += [_formula_line(result, m, lang) for m in METHODS]
    lines.append(
        t(
            "commission.explain.commission",
            lang,
            method=_method_name(method, lang),
            total=total,
            prior=_money(result["prior_sales"]),
            cumulative=_money(result["cumulative_commission"]),
            earned=_money(result["prior_commission"]),
            commission=_money(result["commission"]),
        )
    )
    if result["effective_rate"] is not None:
        lines.append(
            t(
                "commission.explain.effective_rate",
                lang,
                commission=_money(result["commission"]),
                sales=_money(result["sales"]),
                rate=_pct(result["effective_rate"]),
            )
        )
    upcoming = result["next_tier"]
    if upcoming is not None:
        lines.append(
            t(
                "commission.explain.next_tier",
                lang,
                tier=upcoming["tier"],
                start=_money(upcoming["from"]),
                rate=_pct(upcoming["rate"]),
                total=total,
                needed=_money(upcoming["sales_needed"]),
            )
        )
    else:
        lines.append(t("commission.explain.top_tier", lang, tier=result["tier_reached"]))
    cliff = result["cliff"]
    if cliff is not None:
        lines.append(
            t(
                "commission.explain.cliff",
                lang,
                at=_money(cliff["at"]),
                before=_money(cliff["before"]),
                retro_before=_money(cliff["retroactive_before"]),
                retro_at=_money(cliff["retroactive_at"]),
                retro_jump=_money(cliff["retroactive_jump"]),
                marginal_before=_money(cliff["marginal_before"]),
                marginal_at=_money(cliff["marginal_at"]),
            )
        )
    if result["target_commission"] is not None:
        lines.append(
            t(
                "commission.explain.target",
                lang,
                goal=_money(result["target_commission"]),
                **{m: _needed_text(result[m]["sales_needed"], lang)[0] for m in METHODS},
            )
        )
    pay = result["pay"]
    if pay is not None:
        if pay["incentive_from_plan"]:
            lines.append(
                t(
                    "commission.explain.incentive_plan",
                    lang,
                    quota=_money(quota),
                    incentive=_money(pay["target_incentive"]),
                )
            )
        if pay["ote"] is not None:
            lines.append(
                t(
                    "commission.explain.ote",
                    lang,
                    base=_money(pay["base_salary"]),
                    incentive=_money(pay["target_incentive"]),
                    ote=_money(pay["ote"]),
                    base_share=_pct(pay["base_share"]),
                    incentive_share=_pct(pay["incentive_share"]),
                )
            )
        if pay["rate_at_target"] is not None:
            lines.append(
                t(
                    "commission.explain.rate_at_target",
                    lang,
                    incentive=_money(pay["target_incentive"]),
                    quota=_money(quota),
                    rate=_pct(pay["rate_at_target"]),
                )
            )
        if pay["payout_vs_target"] is not None:
            lines.append(
                t(
                    "commission.explain.payout_vs_target",
                    lang,
                    ratio=_pct(pay["payout_vs_target"]),
                    cumulative=_money(result["cumulative_commission"]),
                    incentive=_money(pay["target_incentive"]),
                )
            )
    draw = result["draw"]
    if draw is not None:
        kind = "recoverable" if draw["recoverable"] else "non_recoverable"
        lines.append(
            t(
                "commission.explain.draw",
                lang,
                draw=_money(draw["draw"]),
                kind=t(f"commission.draw_recoverable.{kind}", lang),
                rule=t(f"commission.explain.draw.{kind}", lang),
                paid=_money(draw["totals"]["paid"]),
                earned=_money(draw["totals"]["earned"]),
                balance=_money(draw["balance"]),
            )
        )
    return lines


def _cards(result: dict[str, Any], lang: str) -> Markup:
    items = [
        ("commission", result["commission"], _money(result["commission"])),
        (
            "effective_rate",
            result["effective_rate"] or "",
            _rate_cell(result["effective_rate"])[0]
            if result["effective_rate"] is not None
            else t("commission.no_sales", lang),
        ),
    ]
    if result["attainment"] is not None:
        items.append(("attainment", result["attainment"], _pct(result["attainment"])))
    upcoming = result["next_tier"]
    items.append(
        (
            "to_next_tier",
            upcoming["sales_needed"] if upcoming else "",
            _money(upcoming["sales_needed"]) if upcoming else t("commission.top_tier", lang),
        )
    )
    if result["target_commission"] is not None:
        needed = result["sales_needed"]
        items.append(
            (
                "sales_needed",
                needed or "",
                _money(needed) if needed is not None else t("commission.unreachable", lang),
            )
        )
    pay = result["pay"]
    if pay is not None and pay["ote"] is not None:
        items.append(("ote", pay["ote"], _money(pay["ote"])))
    return headline(
        [(name, t(f"commission.out.{name}", lang), value, shown) for name, value, shown in items]
    )


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline figures, tier breakdown, both methods, curve, explanation."""
    notes = [
        t("commission.convention.bounds", lang),
        t("commission.convention.methods", lang),
        t("commission.convention.cumulative", lang),
    ]
    if result["tier_basis"] == "attainment":
        notes.append(t("commission.convention.attainment", lang))
    if result["gate"] is not None:
        notes.append(t("commission.convention.gate", lang))
    if result["cap"] is not None:
        notes.append(t("commission.convention.cap", lang))
    if result["deal_rows"]:
        notes.append(t("commission.convention.deals", lang))
    if result["cliff"] is not None:
        notes.append(t("commission.convention.cliff", lang))
    if result["target_commission"] is not None:
        notes.append(t("commission.convention.target", lang))
    if result["draw"] is not None:
        notes.append(t("commission.convention.draw", lang))
    notes.append(t("result.rounding", lang))
    # The tier breakdown comes first: the page's copy / CSV buttons export the first table.
    body = [
        _breakdown_table(result, lang),
        _methods_table(result, lang),
        payout_chart(result, lang),
        _deals_table(result, lang) if result["deal_rows"] else None,
        _pay_table(result["pay"], lang) if result["pay"] is not None else None,
        _draw_table(result["draw"], lang) if result["draw"] is not None else None,
        explain(_explain_lines(result, lang), lang),
        conventions(notes, lang),
    ]
    return result_panel(_cards(result, lang), join(body), lang)


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("commission", "effective_rate", "attainment", "to_next_tier", "sales_needed"),
    check=check,
)

__all__ = ["CALCULATOR", "Schedule", "compute", "draw_schedule", "render", "schedule_of"]
