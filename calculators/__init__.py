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


_loaded: dict[str, Calculator] = {}


def _load_one(calculator_id: str) -> Calculator | None:
    """Import only the module of ``calculator_id`` (ids are module names): the browser worker
    then pays for one calculator, not all of them."""
    if calculator_id in _loaded:
        return _loaded[calculator_id]
    if not isinstance(calculator_id, str) or not calculator_id.isidentifier():
        return None
    if calculator_id.startswith("_") or calculator_id not in _module_names():
        return None
    module = importlib.import_module(f"{__name__}.{calculator_id}")
    calculator = getattr(module, "CALCULATOR", None)
    if isinstance(calculator, Calculator) and calculator.id == calculator_id:
        _loaded[calculator_id] = calculator
        return calculator
    return None


def _module_names() -> set[str]:
    return {m.name for m in pkgutil.iter_modules(__path__) if not m.ispkg}


def get(calculator_id: str) -> Calculator:
    """The calculator named ``calculator_id``; unknown ids raise :class:`InputErrors`."""
    registry: dict[str, Calculator] | None = globals().get("CALCULATORS")
    if registry is not None and isinstance(calculator_id, str) and calculator_id in registry:
        return registry[calculator_id]
    calculator = _load_one(calculator_id)
    if calculator is not None:
        return calculator
    error = InputError(
        "calculator",
        "error.unknown_calculator",
        calculator=calculator_id,
        known=", ".join(sorted(_all())),
    )
    raise InputErrors([error])


def compute(
    calculator_id: str, inputs: Mapping[str, object] | None = None, *, from_form: bool = False
) -> dict[str, Any]:
    """Run a calculator on ``inputs`` typed as people type them (one grammar for every entry
    point: see :mod:`calculators.money`). ``from_form``: a box the person emptied is an error,
    not the default they no longer see."""
    calc = get(calculator_id)
    values = parse_inputs(calc, inputs, from_form=from_form)
    try:
        return calc.compute(values)
    except InputError as error:  # a problem only the computation can see (e.g. 0 as a divisor)
        raise labelled(calc, [error]) from None


def render_result(calculator_id: str, result: dict[str, Any], lang: str = "zh") -> Markup:
    """The result panel HTML for a result of :func:`compute`."""
    return get(calculator_id).render(result, lang)


#: Every calculator by id. Not assigned here: discovered on first use (see ``__getattr__``).
CALCULATORS: dict[str, Calculator]


def _all() -> dict[str, Calculator]:
    found = _discover()
    _loaded.update(found)
    globals()["CALCULATORS"] = found
    return found


def __getattr__(name: str) -> object:
    """``calculators.CALCULATORS`` imports every calculator module, once (PEP 562); computing
    one calculator imports only its own module."""
    if name == "CALCULATORS":
        return _all()
    raise AttributeError(name)
