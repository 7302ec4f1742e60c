"""Every calculator, by id: the one place that lists them (add a calculator here).

Each entry names the package that declares the calculator's ``CALCULATOR`` and the page of the
sample playbook that documents it (talk tracks link there). A package is imported only when its
calculator is first asked for, so the browser worker pays for the one calculator a page runs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .errors import InputError, InputErrors
from .spec import Calculator

__all__ = ["IDS", "LOADED", "REGISTRY", "Entry", "all_calculators", "get"]


@dataclass(frozen=True)
class Entry:
    module: str  #: the package that declares ``CALCULATOR``
    page: str  #: docs-relative page that documents the calculator


REGISTRY: dict[str, Entry] = {
    "bonus": Entry("calculators.bonus", "calculators/bonus.md"),
    "commission": Entry("calculators.commission", "calculators/commission.md"),
    "customer_tiers": Entry("calculators.customer_tiers", "calculators/customer-tiers.md"),
    "customer_value": Entry("calculators.customer_value", "calculators/customer-value.md"),
    "discount": Entry("calculators.discount", "calculators/discount.md"),
    "forecast": Entry("calculators.forecast", "calculators/forecast.md"),
    "funnel": Entry("calculators.funnel", "calculators/funnel.md"),
    "kpi": Entry("calculators.kpi", "kpis/index.md"),
    "pipeline": Entry("calculators.pipeline", "calculators/pipeline.md"),
    "roi": Entry("calculators.roi", "calculators/roi.md"),
    "scorecard": Entry("calculators.scorecard", "calculators/scorecard.md"),
    "target_breakdown": Entry("calculators.target_breakdown", "calculators/target-breakdown.md"),
}

#: Every calculator id, sorted.
IDS: tuple[str, ...] = tuple(sorted(REGISTRY))

#: Calculators imported so far, by id.
LOADED: dict[str, Calculator[Any]] = {}


def get(calculator_id: str) -> Calculator[Any]:
    """The calculator named ``calculator_id``; an unknown id raises :class:`InputErrors`."""
    calculator = LOADED.get(calculator_id) if isinstance(calculator_id, str) else None
    if calculator is not None:
        return calculator
    entry = REGISTRY.get(calculator_id) if isinstance(calculator_id, str) else None
    if entry is None:
        error = InputError(
            "calculator",
            "error.unknown_calculator",
            calculator=calculator_id,
            known=", ".join(IDS),
        )
        raise InputErrors([error])
    calculator = importlib.import_module(entry.module).CALCULATOR
    if not isinstance(calculator, Calculator) or calculator.id != calculator_id:
        raise TypeError(f"{entry.module}.CALCULATOR is not the calculator {calculator_id!r}")
    LOADED[calculator_id] = calculator
    return calculator


def all_calculators() -> dict[str, Calculator[Any]]:
    """Every calculator by id (imports them all: for the build, not the browser)."""
    return {calculator_id: get(calculator_id) for calculator_id in IDS}
