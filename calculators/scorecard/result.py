"""The scorecard calculator's result, typed so that mypy checks every key the maths writes and the
view reads: JSON-safe values, money and rates as exact decimal strings.
"""

from __future__ import annotations

from typing import Any, TypedDict


class ScorecardKpi(TypedDict):
    name: str
    weight: str
    target: str
    actual: str
    direction: str
    cap: str
    ratio: str | None
    capped_ratio: str
    capped: bool
    points: str


class ScorecardResult(TypedDict):
    calculator: str
    inputs: dict[str, Any]
    source: str
    kpis: list[ScorecardKpi]
    score: str
    score_exact: str
    max_score: str
    grade: str | None
    grade_min_score: str | None


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = (
    "score",
    "grade",
    "max_score",
)
