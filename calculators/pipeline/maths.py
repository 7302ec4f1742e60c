"""The weighted pipeline from a CRM opportunity export: each deal's stage gives its win
probability (the playbook's stage table, docs/data/stages.yml), and the deals add up to a
forecast by expected close month with a ± one standard deviation band, coverage of the period's
target, and the deals already past their expected close date.

Conventions (stated on the page):

- A deal is (name, stage, amount, expected close date). Its weighted amount is amount × the win
  probability of its stage; the forecast is the sum of the weighted amounts.
- The ± band treats each deal as won (its full amount) or lost (nothing) independently of the
  others, with its stage's probability: variance Σ amount² × p × (1 − p), band = forecast ± √
  variance, cut at 0 and at the total amount. A month's band uses only that month's deals, so
  the months' bands do not add up to the total's (variances add, standard deviations do not).
- A deal whose expected close date is before the as-of date is *overdue*: it is still open, so
  it is counted in the as-of month and flagged, never in a month already past.
- Stage names are matched to the stage table after dropping case, spaces, punctuation, a leading
  number (``03-``, ``3.``) and a trailing 阶段; then a name whose characters appear in order in
  exactly one stage's name (方案演示 → 方案与演示) matches that stage. Every match is shown.
  Deals marked won or lost (赢单, 输单, Closed Won …) are closed: left out and counted, and so
  are deals in a stage of 100 % (after signature, 订单与交付): a won deal is never forecast
  again. Records in a lead stage (``lead_stages``, 线索开发: not yet an opportunity) are left
  out and counted too. Deals in a stage the table does not know are left out and listed, with
  their count and amount.
- The period is the as-of month and the months after it, ``period_months`` in all; coverage is
  the period's pipeline ÷ target, attainment its weighted forecast ÷ target.
- Amounts are exact decimals; weighted amounts per month and per stage are rounded to the cent
  by largest remainder, so they add up exactly to the forecast; standard deviations are rounded
  half up to the cent.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from .. import clock
from ..allocation import apportion
from ..errors import InputError, InputErrors
from ..money import CENT, CONTEXT, money_str, quantize_money, rate_str
from .result import (
    PipelineClosed,
    PipelineMonth,
    PipelineOverdue,
    PipelineResult,
    PipelineStage,
    PipelineUnknown,
)

ID = "pipeline"
#: Most opportunities one export may hold.
MAX_DEALS = 20_000
#: Months drawn one by one from the as-of month; later deals share one row.
MAX_MONTHS = 24

__all__ = [
    "CLOSED_LOST",
    "CLOSED_WON",
    "ID",
    "MAX_DEALS",
    "MAX_MONTHS",
    "Deal",
    "Stage",
    "StageMatcher",
    "check_inputs",
    "compute",
    "normalize_stage",
]

#: Stage names that mean the deal is closed, normalised (see :func:`normalize_stage`).
CLOSED_WON = frozenset(
    {"赢单", "已赢单", "成交", "已成交", "签约成功", "已签约", "won", "closedwon", "win"}
)
CLOSED_LOST = frozenset(
    {
        "输单", "已输单", "丢单", "已丢单", "失败", "关闭", "已关闭", "取消", "已取消", "无效",
        "lost", "closedlost", "closed", "loss",
    }
)  # fmt: skip

_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[-.、:：)）_\s]*")
_IGNORED = re.compile(r"[\s\-_.,，、:：·/()（）\[\]【】]+")


def normalize_stage(text: str) -> str:
    """``text`` as compared with the stage table: NFKC, lower case, no leading number, spaces
    or punctuation, no trailing 阶段."""
    value = unicodedata.normalize("NFKC", text).casefold()
    value = _LEADING_NUMBER.sub("", value)
    value = _IGNORED.sub("", value)
    return value.removesuffix("阶段") or value


@dataclass(frozen=True)
class Stage:
    name: str
    probability: Decimal


@dataclass(frozen=True)
class Deal:
    name: str
    stage: str  # as written in the export
    amount: Decimal
    close: dt.date


def _in_order(short: str, long: str) -> bool:
    """Whether every character of ``short`` appears in ``long`` in the same order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


class StageMatcher:
    """Export stage names → the stage table: exact (after :func:`normalize_stage`), then by
    characters in order, unique matches only; closed deals are recognised by name, leads by
    the names of the lead stages."""

    def __init__(self, stages: Sequence[Stage], leads: Sequence[str] = ()) -> None:
        self.stages = tuple(stages)
        self._exact: dict[str, Stage | str] = {normalize_stage(s.name): s for s in self.stages}
        for name in leads:
            self._exact.setdefault(normalize_stage(name), "lead")
        self._cache: dict[str, Stage | str | None] = {}

    def __call__(self, written: str) -> Stage | str | None:
        """The stage, ``"won"`` / ``"lost"`` for a closed deal, ``"lead"`` for a lead, or
        ``None`` (unknown)."""
        if written not in self._cache:
            self._cache[written] = self._match(written)
        return self._cache[written]

    def _match(self, written: str) -> Stage | str | None:
        key = normalize_stage(written)
        if key in self._exact:
            return self._exact[key]
        if key in CLOSED_WON:
            return "won"
        if key in CLOSED_LOST:
            return "lost"
        if len(key) < 2:
            return None
        found = [
            s
            for name, s in self._exact.items()
            if _in_order(key, name) or (len(name) >= 2 and _in_order(name, key))
        ]
        return found[0] if len(found) == 1 else None


def lead_names(text: str | None) -> list[str]:
    """The lead stages as typed: names separated by 、 , ， ; or new lines."""
    return [name for name in re.split(r"[、,，;；\n]+", text or "") if name.strip()]


def stages_of(rows: Sequence[dict[str, Any]]) -> list[Stage]:
    return [Stage(str(row["stage"]), Decimal(row["rate"])) for row in rows]


def check_inputs(values: dict[str, Any]) -> None:
    errors = []
    as_of = values.get("as_of")
    if as_of:
        from ..tables import parse_date

        try:
            parse_date(as_of, "as_of")
        except InputError:
            errors.append(InputError("as_of", "pipeline.error.as_of"))
    seen: dict[str, str] = {}
    for row in values.get("stages") or []:
        key = normalize_stage(str(row["stage"]))
        if key in seen:
            errors.append(
                InputError(
                    "stages", "pipeline.error.same_stage", first=seen[key], second=row["stage"]
                )
            )
            break
        seen[key] = str(row["stage"])
    if errors:
        raise InputErrors(errors)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _months_between(first: dt.date, second: dt.date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


@dataclass
class _Sums:
    deals: int = 0
    amount: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    variance: Decimal = Decimal(0)
    overdue: int = 0

    def add(self, deal: Deal, p: Decimal, overdue: bool) -> None:
        self.deals += 1
        self.amount += deal.amount
        self.weighted += deal.amount * p
        self.variance += deal.amount * deal.amount * p * (1 - p)
        self.overdue += overdue

    def band(self) -> tuple[Decimal, Decimal, Decimal]:
        """(σ, low, high): the weighted amount ± one standard deviation, cut at 0 and the amount."""
        sd = self.variance.sqrt()
        low = max(Decimal(0), self.weighted - sd)
        high = min(self.amount, self.weighted + sd)
        return quantize_money(sd), quantize_money(low), quantize_money(high)


def compute(values: dict[str, Any]) -> PipelineResult:
    from ..tables import parse_date

    with localcontext(CONTEXT):
        return _compute(values, parse_date)


def _compute(values: dict[str, Any], parse_date: Any) -> PipelineResult:
    table = values["deals"]
    as_of: dt.date = parse_date(values["as_of"], "as_of") if values.get("as_of") else clock.today()
    stages = stages_of(values["stages"])
    match = StageMatcher(stages, [n.strip() for n in lead_names(values.get("lead_stages"))])
    this_month = _month(as_of)
    period_months = int(values["period_months"])
    period_end = _add_months(this_month, period_months)  # exclusive

    open_stages = [s for s in stages if s.probability < 1]
    by_stage = {s.name: _Sums() for s in open_stages}
    written_as: dict[str, list[str]] = {s.name: [] for s in open_stages}
    by_month: dict[int, _Sums] = {}
    total, period = _Sums(), _Sums()
    closed = {"won": _Sums(), "lost": _Sums(), "lead": _Sums()}
    unknown: dict[str, _Sums] = {}
    overdue: list[tuple[Deal, Stage]] = []
    for row in table["rows"]:
        deal = Deal(str(row.get("name") or ""), str(row["stage"]), row["amount"], row["close_date"])
        stage = match(deal.stage)
        if stage is None:
            unknown.setdefault(deal.stage, _Sums()).add(deal, Decimal(0), False)
            continue
        if isinstance(stage, str) or stage.probability >= 1:
            # Won (a 100 % stage is after signature) or lost: not in the open pipeline.
            closed["won" if not isinstance(stage, str) else stage].add(deal, Decimal(0), False)
            continue
        late = deal.close < as_of
        p = stage.probability
        total.add(deal, p, late)
        by_stage[stage.name].add(deal, p, late)
        if deal.stage not in written_as[stage.name] and normalize_stage(deal.stage) != (
            normalize_stage(stage.name)
        ):
            written_as[stage.name].append(deal.stage)
        month = max(this_month, _month(deal.close))
        index = min(_months_between(this_month, month), MAX_MONTHS)
        by_month.setdefault(index, _Sums()).add(deal, p, late)
        if month < period_end:
            period.add(deal, p, late)
        if late:
            overdue.append((deal, stage))

    forecast = quantize_money(total.weighted)
    last = max(by_month, default=0)
    indexes = list(range(last + 1))
    month_sums = [by_month.get(i, _Sums()) for i in indexes]
    month_shares = apportion([m.weighted for m in month_sums], forecast, CENT)
    months: list[PipelineMonth] = []
    for index, sums, share in zip(indexes, month_sums, month_shares, strict=True):
        sd, low, high = sums.band()
        months.append(
            {
                "month": _add_months(this_month, index).isoformat()[:7],
                "later": index == MAX_MONTHS,
                "deals": sums.deals,
                "amount": money_str(sums.amount),
                "weighted": money_str(share),
                "std_dev": money_str(sd),
                "low": money_str(low),
                "high": money_str(high),
                "overdue": sums.overdue,
            }
        )
    stage_sums = [by_stage[s.name] for s in open_stages]
    stage_shares = apportion([s.weighted for s in stage_sums], forecast, CENT)
    stage_rows: list[PipelineStage] = [
        {
            "stage": s.name,
            "probability": rate_str(s.probability),
            "deals": sums.deals,
            "amount": money_str(sums.amount),
            "weighted": money_str(share),
            "written_as": written_as[s.name],
        }
        for s, sums, share in zip(open_stages, stage_sums, stage_shares, strict=True)
    ]
    overdue.sort(key=lambda item: (-(item[0].amount * item[1].probability), item[0].close))
    overdue_rows: list[PipelineOverdue] = [
        {
            "name": deal.name,
            "stage": stage.name,
            "amount": money_str(deal.amount),
            "weighted": money_str(quantize_money(deal.amount * stage.probability)),
            "close_date": deal.close.isoformat(),
            "days": (as_of - deal.close).days,
        }
        for deal, stage in overdue
    ]
    sd, low, high = total.band()
    target = values.get("target")
    period_weighted = quantize_money(period.weighted)
    unknown_rows: list[PipelineUnknown] = [
        {"stage": name, "deals": sums.deals, "amount": money_str(sums.amount)}
        for name, sums in sorted(unknown.items(), key=lambda item: -item[1].amount)
    ]
    closed_rows: dict[str, PipelineClosed] = {
        key: {"deals": sums.deals, "amount": money_str(sums.amount)} for key, sums in closed.items()
    }
    return {
        "calculator": ID,
        "as_of": as_of.isoformat(),
        "rows": len(table["rows"]),
        "skipped": int(table["skipped"]),
        "problems": table["problems"],
        "notes": table["notes"],
        "mapping": table["mapping"],
        "deals": total.deals,
        "pipeline": money_str(total.amount),
        "weighted": money_str(forecast),
        "std_dev": money_str(sd),
        "low": money_str(low),
        "high": money_str(high),
        "months": months,
        "stages": stage_rows,
        "overdue": overdue_rows,
        "overdue_count": len(overdue_rows),
        "overdue_amount": money_str(sum((deal.amount for deal, _ in overdue), Decimal(0))),
        "unknown": unknown_rows,
        "closed": closed_rows,
        "period_months": period_months,
        "period_start": this_month.isoformat()[:7],
        "period_end": _add_months(period_end, -1).isoformat()[:7],
        "period_deals": period.deals,
        "period_pipeline": money_str(period.amount),
        "period_weighted": money_str(period_weighted),
        "target": money_str(target) if target is not None else None,
        "coverage": rate_str(period.amount / target) if target else None,
        "attainment": rate_str(period.weighted / target) if target else None,
        "gap": money_str(target - period_weighted) if target is not None else None,
    }
