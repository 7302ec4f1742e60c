"""Sales calculators: pure, stdlib-only Python that runs at build time and in the browser.

Public interface::

    compute(calculator_id, inputs) -> dict      # JSON-safe; money/rates as exact decimal strings
    render_result(calculator_id, result, lang) -> Markup
    python -m calculators ID --json '{...}'

Invalid input raises :class:`InputErrors`; every error names its field, in Chinese and English.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from .errors import InputError, InputErrors
from .html import Markup
from .spec import Calculator, labelled, parse_inputs

__version__ = "0.1.0"

__all__ = [
    "CALCULATORS",
    "Calculator",
    "InputError",
    "InputErrors",
    "__version__",
    "compute",
    "get",
    "render_result",
]


def _discover() -> dict[str, Calculator]:
    """Every module of this package that declares a ``CALCULATOR`` (one module per calculator)."""
    found: dict[str, Calculator] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_") or module_info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        calculator = getattr(module, "CALCULATOR", None)
        if isinstance(calculator, Calculator):
            found[calculator.id] = calculator
    return found


def get(calculator_id: str) -> Calculator:
    """The calculator named ``calculator_id``; unknown ids raise :class:`InputErrors`."""
    try:
        return CALCULATORS[calculator_id]
    except (KeyError, TypeError):
        error = InputError(
            "calculator",
            "error.unknown_calculator",
            calculator=calculator_id,
            known=", ".join(sorted(CALCULATORS)),
        )
        raise InputErrors([error]) from None


def compute(
    calculator_id: str, inputs: Mapping[str, object] | None = None, *, from_form: bool = False
) -> dict[str, Any]:
    """Run a calculator. ``from_form`` reads bare numbers in rate fields as percent."""
    calc = get(calculator_id)
    values = parse_inputs(calc, inputs, from_form=from_form)
    try:
        return calc.compute(values)
    except InputError as error:  # a problem only the computation can see (e.g. 0 as a divisor)
        raise labelled(calc, [error]) from None


def render_result(calculator_id: str, result: dict[str, Any], lang: str = "zh") -> Markup:
    """The result panel HTML for a result of :func:`compute`."""
    return get(calculator_id).render(result, lang)


#: Filled last: calculator modules import the functions above.
CALCULATORS: dict[str, Calculator] = _discover()
