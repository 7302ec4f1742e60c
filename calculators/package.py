"""How a calculator package is put together: one call in its ``__init__``, typed end to end.

A calculator is a package ``calculators/<id>/`` of five parts, each with one job:

- ``inputs``: ``FIELDS`` (the form and the grammar of each value) and ``check`` (cross-field
  rules, raising :class:`~calculators.errors.InputError`);
- ``maths``: ``ID`` and ``compute(values) -> Result``, pure and exact (:mod:`decimal`);
- ``result``: the ``Result`` TypedDict and ``HEADLINE``, the figures shown as cards;
- ``view``: ``render(result, lang) -> Markup``, the result panel;
- ``messages.json``: its text in Chinese and English, loaded with it.

:func:`assemble` takes the modules themselves; mypy checks them against the protocols below, so
a ``view.render`` that reads another result type than ``maths.compute`` returns is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .html import Markup
from .messages import load
from .spec import Calculator, Field

__all__ = ["assemble"]


class Inputs(Protocol):
    @property
    def FIELDS(self) -> tuple[Field, ...]: ...  # noqa: N802 (a module constant)

    def check(self, values: dict[str, Any]) -> None: ...


class Maths[Result](Protocol):
    @property
    def ID(self) -> str: ...  # noqa: N802 (a module constant)

    def compute(self, values: dict[str, Any]) -> Result: ...


class View[Result](Protocol):
    def render(self, result: Result, lang: str) -> Markup: ...


class Declared(Protocol):
    @property
    def HEADLINE(self) -> tuple[str, ...]: ...  # noqa: N802 (a module constant)


def assemble[Result: Mapping[str, Any]](
    init_file: str, inputs: Inputs, maths: Maths[Result], view: View[Result], result: Declared
) -> Calculator[Result]:
    """The calculator of the package whose ``__init__.py`` is ``init_file``; loads its text."""
    load(Path(init_file).with_name("messages.json"))
    return Calculator(
        id=maths.ID,
        fields=inputs.FIELDS,
        compute=maths.compute,
        render=view.render,
        headline=result.HEADLINE,
        check=inputs.check,
    )
