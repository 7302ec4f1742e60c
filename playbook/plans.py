"""Plan files: calculator presets that managers change in pull requests.

A plan (``docs/plans/*.yml``) names a calculator and a full set of its inputs — a commission
plan's tiers, the discount approval policy — plus who owns it and when it must be reviewed::

    calculator: commission
    id: standard-2026
    name: 2026 年标准提成方案
    owner: 销售运营部
    review_by: 2027-01-31
    inputs:
      method: marginal
      tiers:
        - {from: 0, rate: 3%}
        - {from: 30万, rate: 5%}

The build validates every plan with the calculator's own rules (ordering, rates, overlaps …) and
reports problems as ``file:line: message`` at the offending key or row. A calculator fence uses a
plan with ``plan: standard-2026``; its own ``inputs`` then override single values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import calculators
from calculators.errors import InputError, InputErrors
from calculators.spec import parse_inputs
from playbook.errors import Problem
from playbook.messages import t
from playbook.yamlsrc import Path_, is_date, read_yaml_file, written

__all__ = ["PLAN_DIR", "Plan", "input_error_line", "load_plans"]

PLAN_DIR = "plans"
_KEYS = {"calculator", "id", "name", "owner", "review_by", "description", "inputs"}
_REQUIRED = ("calculator", "id", "name", "owner", "review_by", "inputs")


@dataclass(frozen=True)
class Plan:
    """One validated plan file."""

    id: str
    calculator: str
    name: str
    owner: str
    review_by: dt.date
    inputs: dict[str, Any]
    path: str
    description: str = ""
    lines: dict[Path_, int] = field(default_factory=dict, compare=False, repr=False)


def input_error_line(error: InputError, lines: dict[Path_, int], prefix: Path_ = ()) -> int:
    """The 1-based line of the YAML key (or list row) an input error is about."""
    candidates: list[Path_] = []
    if error.row is not None:
        candidates.append((*prefix, error.field, error.row - 1))
    candidates += [(*prefix, error.field), prefix]
    for key in candidates:
        if key in lines:
            return lines[key]
    return 1


def _plan_problems(
    data: Any, lines: dict[Path_, int], shown: str, lang: str
) -> tuple[Plan | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(key: Path_, message: str) -> None:
        problems.append(Problem(shown, lines.get(key, 1), message))

    if not isinstance(data, dict):
        return None, [Problem(shown, 1, t("plan.not_mapping", lang))]
    for key in data:
        if key not in _KEYS:
            allowed = "、".join(sorted(_KEYS))
            problem(
                (str(key),), t("plan.unknown_key", lang, key=written(key, lang), allowed=allowed)
            )
    for key in _REQUIRED:
        if data.get(key) in (None, ""):
            problems.append(Problem(shown, 1, t("plan.missing", lang, key=key)))
    for key in ("id", "name", "owner", "description"):  # not a list or a mapping
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            problem((key,), t("content.not_text", lang, key=key))
    calc_id = data.get("calculator")
    if calc_id is not None and calc_id not in calculators.IDS:
        known = "、".join(calculators.IDS)
        problem(
            ("calculator",),
            t("plan.unknown_calculator", lang, id=written(calc_id, lang), known=known),
        )
    review_by = data.get("review_by")
    if review_by is not None and not is_date(review_by):
        problem(("review_by",), t("plan.bad_date", lang, value=written(review_by, lang)))
    inputs = data.get("inputs")
    if inputs is not None and not isinstance(inputs, dict):
        problem(("inputs",), t("plan.inputs_not_mapping", lang))
    if problems:
        return None, problems
    try:
        parse_inputs(calculators.get(str(calc_id)), inputs)
    except InputErrors as errors:
        for error in errors.errors:
            line = input_error_line(error, lines, ("inputs",))
            problems.append(Problem(shown, line, f"inputs.{error.field}: {error.message(lang)}"))
        return None, problems
    assert isinstance(review_by, dt.date) and isinstance(inputs, dict)
    plan = Plan(
        id=str(data["id"]),
        calculator=str(calc_id),
        name=str(data["name"]),
        owner=str(data["owner"]),
        review_by=review_by,
        inputs=dict(inputs),
        path=shown,
        description=str(data.get("description") or ""),
        lines=lines,
    )
    return plan, []


def load_plans(
    docs_dir: Path, root: Path, lang: str = "zh", *, plans_dir: str = PLAN_DIR
) -> tuple[dict[str, Plan], list[Problem]]:
    """Every plan under ``docs_dir/plans_dir/`` and every problem found, in path order."""
    plans: dict[str, Plan] = {}
    problems: list[Problem] = []
    for path in sorted((docs_dir / plans_dir).glob("*.y*ml")):
        read = read_yaml_file(path, root, lang)
        if read.problem is not None:
            problems.append(read.problem)
            continue
        data, lines, shown = read.data, read.lines, read.shown
        plan, found = _plan_problems(data, lines, shown, lang)
        problems += found
        if plan is None:
            continue
        if plan.id in plans:
            other = plans[plan.id].path
            problems.append(
                Problem(
                    shown,
                    lines.get(("id",), 1),
                    t("plan.duplicate_id", lang, id=plan.id, other=other),
                )
            )
            continue
        plans[plan.id] = plan
    return plans, problems
