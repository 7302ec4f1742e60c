"""Sales calculators: pure, stdlib-only Python that runs at build time and in the browser.

Public interface::

    compute(calculator_id, inputs) -> dict      # JSON-safe; money/rates as exact decimal strings
    render_result(calculator_id, result, lang) -> Markup
    python -m calculators ID --json '{...}'

Invalid input raises :class:`InputErrors`; every error names its field, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InputError, InputErrors
from .html import Markup
from .registry import IDS, all_calculators, get
from .spec import Calculator, labelled, parse_inputs

__version__ = "0.1.0"

__all__ = [
    "IDS",
    "Calculator",
    "InputError",
    "InputErrors",
    "__version__",
    "all_calculators",
    "compute",
    "get",
    "render_result",
]


def compute(
    calculator_id: str, inputs: Mapping[str, object] | None = None, *, from_form: bool = False
) -> Mapping[str, Any]:
    """Run a calculator on ``inputs`` typed as people type them (one grammar for every entry
    point: see :mod:`calculators.money`). ``from_form``: a box the person emptied is an error,
    not the default they no longer see."""
    calc = get(calculator_id)
    values = parse_inputs(calc, inputs, from_form=from_form)
    try:
        result: Mapping[str, Any] = calc.compute(values)
    except InputError as error:  # a problem only the computation can see (e.g. 0 as a divisor)
        raise labelled(calc, [error]) from None
    return result


def render_result(
    calculator_id: str, result: Mapping[str, Any], lang: str = "zh", level: int = 3
) -> Markup:
    """The result panel HTML for a result of :func:`compute`, its title an ``h{level}``."""
    from .render import heading_level

    with heading_level(level):
        return get(calculator_id).render(result, lang)
