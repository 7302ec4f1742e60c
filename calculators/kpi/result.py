"""The KPI widget's result, typed so that mypy checks every key the maths writes and the view
reads: JSON-safe values, exact decimal strings.
"""

from __future__ import annotations

from typing import TypedDict


class KpiResult(TypedDict):
    calculator: str
    formula: str  #: the formula as written in the KPI definition
    unit: str  #: one of ``UNITS``: how the value is shown
    variables: dict[str, str]  #: each variable of the formula → its value
    value: str  #: the formula's value, to 6 decimal places


#: The headline figures, in panel order: each a top-level key of the result, shown as an
#: ``<output data-output=KEY data-value=EXACT>`` card (the page contract).
HEADLINE = ("value",)
