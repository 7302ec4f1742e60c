"""Declarative input specs: what a calculator accepts, how it is parsed, validated and shown.

A calculator module declares a :class:`Calculator` with its :class:`Field` list, a pure
``compute(values) -> dict`` over parsed values and a ``render(result, lang) -> Markup``
over the JSON-safe result. Parsing, range checks, error collection and the web form are
shared here so every calculator behaves the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .errors import InputError, InputErrors
from .html import Markup
from .messages import t
from .money import parse_amount, parse_integer, parse_rate, plain_str

__all__ = ["Calculator", "Field", "Kind", "display_value", "parse_inputs", "split_list"]

Kind = Literal["money", "number", "rate", "integer", "money_list"]

_LIST_SEPARATORS = re.compile(r"[\s;；、|/]+")


@dataclass(frozen=True)
class Field:
    """One input. Labels and help live in the catalog as ``<calc>.<name>.label`` / ``.help``."""

    name: str
    kind: Kind
    default: object = None
    min: Decimal | None = Decimal(0)
    max: Decimal | None = None
    required: bool = True
    max_items: int = 10
    unit: str | None = None  # catalog key of the unit shown next to the input

    def label(self, calc_id: str, lang: str) -> str:
        return t(f"{calc_id}.{self.name}.label", lang)

    def help(self, calc_id: str, lang: str) -> str:
        return t(f"{calc_id}.{self.name}.help", lang)

    def unit_text(self, lang: str) -> str | None:
        if self.kind == "rate":
            return "%"
        return t(self.unit, lang) if self.unit else None


@dataclass(frozen=True)
class Calculator:
    """A calculator: its id, input spec, pure compute and shared renderer."""

    id: str
    fields: tuple[Field, ...]
    compute: Callable[[dict[str, Any]], dict[str, Any]]
    render: Callable[[dict[str, Any], str], Markup]
    headline: tuple[str, ...] = ()
    #: Cross-field checks run after every field parsed: values → raises InputError.
    check: Callable[[dict[str, Any]], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def title(self, lang: str) -> str:
        return t(f"{self.id}.title", lang)


def split_list(raw: object) -> list[object]:
    """One value or several: a list stays a list; text splits on spaces, ``;``, ``、`` …"""
    if isinstance(raw, list | tuple):
        return list(raw)
    if isinstance(raw, str):
        parts: list[object] = [p for p in _LIST_SEPARATORS.split(raw.strip()) if p]
        return parts or [raw]
    return [raw]


def _check_range(value: Decimal, f: Field, shown: Callable[[Decimal], str]) -> None:
    if f.min is not None and value < f.min:
        raise InputError(f.name, "error.below_min", min=shown(f.min))
    if f.max is not None and value > f.max:
        raise InputError(f.name, "error.above_max", max=shown(f.max))


def _parse_field(f: Field, raw: object, from_form: bool) -> object:
    if f.kind == "rate":
        rate = parse_rate(raw, f.name, bare_is_percent=from_form)
        _check_range(rate, f, lambda d: plain_str(d * 100) + "%")
        return rate
    if f.kind == "integer":
        whole = parse_integer(raw, f.name)
        _check_range(Decimal(whole), f, plain_str)
        return whole
    if f.kind == "money_list":
        items = split_list(raw)
        if not items:
            raise InputError(f.name, "error.required")
        if len(items) > f.max_items:
            raise InputError(f.name, "error.list_too_long", max=f.max_items)
        values = [parse_amount(item, f.name) for item in items]
        for value in values:
            _check_range(value, f, plain_str)
        return values
    amount = parse_amount(raw, f.name)
    _check_range(amount, f, plain_str)
    return amount


def parse_inputs(
    calc: Calculator, raw: Mapping[str, object] | None, *, from_form: bool = False
) -> dict[str, Any]:
    """Parse and validate ``raw`` against ``calc``'s fields; missing fields take defaults.

    Raises :class:`InputErrors` listing every problem, each naming its field.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise InputErrors([InputError("inputs", "error.not_a_mapping")])
    known = {f.name for f in calc.fields}
    errors: list[InputError] = []
    for name in raw:
        if name not in known:
            errors.append(
                InputError(str(name), "error.unknown_field", known=", ".join(sorted(known)))
            )
    values: dict[str, Any] = {}
    for f in calc.fields:
        given = raw.get(f.name)
        if given is None or (isinstance(given, str) and not given.strip()):
            if f.default is None and f.required:
                errors.append(InputError(f.name, "error.required"))
                continue
            if f.default is None:
                values[f.name] = None
                continue
            given = f.default
        try:
            values[f.name] = _parse_field(f, given, from_form and not _is_default(f, given))
        except InputError as error:
            errors.append(error)
    if not errors and calc.check is not None:
        try:
            calc.check(values)
        except InputError as error:
            errors.append(error)
    if errors:
        for problem in errors:
            if problem.field in known:
                f = calc.field(problem.field)
                problem.labels = {lang: f.label(calc.id, lang) for lang in ("zh", "en")}
        raise InputErrors(errors)
    return values


def _is_default(f: Field, given: object) -> bool:
    return given is f.default


def display_value(f: Field, value: object) -> str:
    """How a parsed value is written back into the web form (rates in percent)."""
    if value is None:
        return ""
    if f.kind == "rate" and isinstance(value, Decimal):
        return plain_str(value * 100)
    if isinstance(value, list):
        return " ".join(plain_str(v) if isinstance(v, Decimal) else str(v) for v in value)
    if isinstance(value, Decimal):
        return plain_str(value)
    return str(value)
