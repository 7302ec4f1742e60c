"""The pipeline calculator's result, typed: JSON-safe values, money and rates as exact decimal
strings."""

from __future__ import annotations

from typing import TypedDict

from ..tables.fields import ColumnMapping


class PipelineMonth(TypedDict):
    month: str  # YYYY-MM; with ``later``, this month and every one after it
    later: bool
    deals: int
    amount: str
    weighted: str
    std_dev: str
    low: str
    high: str
    overdue: int


class PipelineStage(TypedDict):
    stage: str
    probability: str
    deals: int
    amount: str
    weighted: str
    written_as: list[str]  # the export's own names matched to this stage (方案演示 …)


class PipelineOverdue(TypedDict):
    name: str
    stage: str
    amount: str
    weighted: str
    close_date: str
    days: int


class PipelineUnknown(TypedDict):
    stage: str
    deals: int
    amount: str


class PipelineClosed(TypedDict):
    deals: int
    amount: str


class PipelineResult(TypedDict):
    calculator: str
    as_of: str
    rows: int
    skipped: int
    problems: dict[str, list[str]]
    notes: dict[str, list[str]]
    mapping: ColumnMapping
    deals: int
    pipeline: str
    weighted: str
    std_dev: str
    low: str
    high: str
    months: list[PipelineMonth]
    stages: list[PipelineStage]
    overdue: list[PipelineOverdue]
    overdue_count: int
    overdue_amount: str
    unknown: list[PipelineUnknown]
    closed: dict[str, PipelineClosed]
    period_months: int
    period_start: str
    period_end: str
    period_deals: int
    period_pipeline: str
    period_weighted: str
    target: str | None
    coverage: str | None
    attainment: str | None
    gap: str | None


#: The headline figures, in the order the cards show them (the page contract).
HEADLINE = ("weighted", "period_weighted", "coverage", "overdue_count")
