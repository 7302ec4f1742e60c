"""A weighted KPI scorecard: S = Σ wᵢ · min(ratioᵢ, capᵢ), graded by score bands.

- Higher-is-better KPIs: ratio = actual ÷ target. Lower-is-better: ratio = target ÷ actual;
  an actual of 0 (nothing went wrong) earns the full cap. Targets must be above 0.
- Weights must add up to exactly 100 %.
- The score is rounded half-up to 0.01 % (4 decimals as a fraction); each KPI's weighted points
  are rounded to the same unit by largest remainder, so they add up exactly to the score.
- The grade is the first band (highest first) whose minimum the shown score reaches; the bands
  are house policy and can be replaced.
- Without a KPI list, a preset fills the rows (weights from the playbook's source documents,
  targets and actuals as an example to overwrite).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from ..allocation import apportion
from ..errors import InputError
from ..money import CONTEXT, format_number, plain_str, rate_str
from .result import ScorecardKpi, ScorecardResult

ID = "scorecard"
DEFAULT_CAP = Decimal("1.2")

#: Scores and weighted points are given to 0.01 % (0.0001 as a fraction).
SCORE_UNIT = Decimal("0.0001")
#: Targets and actuals are taken to 6 decimal places; finer input is a typing slip.
NUMBER_UNIT = Decimal("0.000001")
DIRECTIONS = {"higher": "higher", "lower": "lower", "正向": "higher", "反向": "lower"}


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    """An error of one cell of the kpis list, named by its row and column in both languages."""
    return InputError.in_cell("scorecard", "kpis", row, column, key, **params)


def _percent(value: Decimal) -> str:
    """A fraction as a percentage with up to 4 decimals, trailing zeros dropped: 0.6 → 60%."""
    return format_number((value * 100).quantize(Decimal("0.0001"))) + "%"


def _ratio(kpi: dict[str, Any]) -> Decimal | None:
    """actual ÷ target (higher is better) or target ÷ actual; None for a lower-is-better 0."""
    target: Decimal = kpi["target"]
    actual: Decimal = kpi["actual"]
    if kpi["direction"] == "higher":
        return actual / target
    if actual == 0:
        return None
    return target / actual


def grade_for(score: Decimal, grades: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first band (highest first) whose minimum ``score`` reaches; None below them all."""
    for band in grades:
        if score >= band["min_score"]:
            return band
    return None


def compute(values: dict[str, Any]) -> ScorecardResult:
    """The scorecard for parsed ``values`` (see the module docstring for the formulas)."""
    given: list[dict[str, Any]] | None = values.get("kpis")
    preset: str = values["preset"]
    kpis = [{**k, "direction": DIRECTIONS[str(k["direction"])]} for k in given or PRESETS[preset]]
    grades: list[dict[str, Any]] = values["grades"]
    with localcontext(CONTEXT):
        ratios = [_ratio(k) for k in kpis]
        capped = [
            k["cap"] if ratio is None else min(ratio, k["cap"])
            for k, ratio in zip(kpis, ratios, strict=True)
        ]
        exact_points = [k["weight"] * c for k, c in zip(kpis, capped, strict=True)]
        exact_score = sum(exact_points, Decimal(0))
        score = exact_score.quantize(SCORE_UNIT, rounding=ROUND_HALF_UP)
        points = apportion(exact_points, score, SCORE_UNIT)
        max_score = sum((k["weight"] * k["cap"] for k in kpis), Decimal(0))
        max_score = max_score.quantize(SCORE_UNIT, rounding=ROUND_HALF_UP)
        band = grade_for(score, grades)
        rows: list[ScorecardKpi] = [
            {
                "name": k["name"],
                "weight": rate_str(k["weight"]),
                "target": plain_str(k["target"]),
                "actual": plain_str(k["actual"]),
                "direction": k["direction"],
                "cap": rate_str(k["cap"]),
                "ratio": rate_str(ratio) if ratio is not None else None,
                "capped_ratio": rate_str(c),
                "capped": ratio is None or ratio > k["cap"],
                "points": plain_str(p),
            }
            for k, ratio, c, p in zip(kpis, ratios, capped, points, strict=True)
        ]
    return {
        "calculator": ID,
        "inputs": {
            "preset": preset if given is None else None,
            "grades": [
                {"grade": g["grade"], "min_score": rate_str(g["min_score"])} for g in grades
            ],
        },
        "source": "preset" if given is None else "kpis",
        "kpis": rows,
        "score": plain_str(score),
        "score_exact": rate_str(exact_score),
        "max_score": plain_str(max_score),
        "grade": band["grade"] if band else None,
        "grade_min_score": rate_str(band["min_score"]) if band else None,
    }


def _kpi(key: str, weight: str, target: int, actual: int) -> dict[str, object]:
    return {
        "name": key,  # a catalog key under scorecard.preset_kpi, named in the page language
        "weight": Decimal(weight),
        "target": Decimal(target),
        "actual": Decimal(actual),
        "direction": "higher",
        "cap": DEFAULT_CAP,
    }


#: The playbook's starter scheme (all quarterly, as the scorecard is), then the two schemes of the
#: source documents; targets and actuals are an example to overwrite.
PRESETS: dict[str, list[dict[str, object]]] = {
    "sales_quarterly": [
        _kpi("quarterly_attainment", "0.6", 100, 92),
        _kpi("quarterly_satisfaction", "0.2", 90, 93),
        _kpi("quarterly_followup", "0.2", 95, 90),
    ],
    "sales_monthly": [
        _kpi("monthly_sales", "0.6", 1_000_000, 920_000),
        _kpi("quarterly_satisfaction", "0.2", 90, 93),
        _kpi("annual_retention", "0.2", 85, 88),
    ],
    "results_process": [
        _kpi("results", "0.7", 3_000_000, 3_300_000),
        _kpi("process", "0.3", 90, 81),
    ],
}
