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

from .errors import AmbiguousInput, InputError, InputErrors
from .html import Markup
from .messages import t
from .money import (
    parse_amount,
    parse_integer,
    parse_quantity,
    parse_rate,
    percent_text,
    plain_str,
)

__all__ = ["Calculator", "Field", "Kind", "display_value", "labelled", "parse_inputs", "split_list"]

Kind = Literal[
    "money",  # an amount: 1,000 / 20万 / 1.5亿
    "number",  # a plain quantity (hours, people, deals): same parsing as money
    "quantity",  # an amount or a percentage (a KPI's target: 100万, 90 or 90%)
    "rate",  # a percentage: 12% / 12 → 0.12; a bare 0.12 is asked about (see money.parse_rate)
    "integer",
    "money_list",  # one amount or several: "8万 12万 15万"
    "number_list",
    "rate_list",
    "choice",  # one of ``choices``; a <select> in the form
    "text",  # a short name
    "records",  # rows of ``columns``: a JSON list of objects, or one row per line in a form
    "mapping",  # name → quantity (formula variables); a form sends one input per name as
    #             ``FIELD.NAME``
    "table",  # the team's own rows (``columns`` name the roles: customer, date, amount …),
    #           pasted or opened (always ``data``); bad rows are skipped and counted; a form
    #           may fix a role's column as ``FIELD.ROLE`` (a header, "" automatic, "-" not used)
]

#: Between the items of a list: spaces and new lines, ``;`` ``；`` ``、`` ``|`` ``/`` and the
#: full-width ``，`` a Chinese keyboard types. An ASCII ``,`` separates items too, except between
#: digits, where it may group thousands (``1,000``) or ten-thousands (``80,0000``).
_LIST_SEPARATORS = re.compile(r"[\s;；、|/，]+")
_NOT_GROUPING_COMMA = re.compile(r",(?!\d)|(?<!\d),")
_GROUPED = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d{1,4}(?:,\d{4})+)(?:\.\d+)?\D*$")
_NAME_SEPARATORS = re.compile(r"[\s,，、]+")
_CELL_SEPARATORS = re.compile(r"[\s|，：:\t]+")
_ROW_SEPARATORS = re.compile(r"[\n\r；;]+")


@dataclass(frozen=True)
class Field:
    """One input. Labels and help live in the catalog as ``<calc>.<name>.label`` / ``.help``.

    ``columns`` (for ``records``) are Fields themselves, labelled ``<calc>.<name>.<column>.label``.
    ``advanced`` inputs are folded away in present mode.
    """

    name: str
    kind: Kind
    default: object = None
    min: Decimal | None = Decimal(0)
    max: Decimal | None = None
    required: bool = True
    max_items: int = 12
    min_items: int = 1
    unit: str | None = None  # catalog key of the unit shown next to the input
    choices: tuple[str, ...] = ()
    columns: tuple[Field, ...] = ()
    advanced: bool = False
    hidden: bool = False  # carried by the form (and share links) but not shown
    #: The team's own data (a list): it may also come as a table pasted from a spreadsheet or
    #: an opened .csv/.xlsx file (``file:NAME;base64,DATA``), read by :mod:`calculators.tables`;
    #: the form keeps it out of share links and it never leaves the browser.
    data: bool = False
    max_length: int = 40
    #: Rates: a bare number below this could be a fraction and is asked about (``0.08``: 8 % or
    #: 0.08 %?). Fields where more than 100 % is normal use 10 (``1.5``: 150 % or 1.5 %?).
    ambiguous_below: Decimal = Decimal(1)
    #: ``(field, choice)``: this number is a percentage (read as a rate) when ``field`` is
    #: ``choice``, and an amount otherwise, e.g. tier starts by attainment or by sales.
    percent_when: tuple[str, str] | None = None
    #: Mappings: the text field listing (separated by ``、``, ``,`` or spaces) the keys whose
    #: values are percentages, read as rates (a KPI variable such as 毛利率).
    percent_keys: str | None = None
    #: Records: columns that compare with each other (a KPI's target and actual) and so must
    #: both be percentages or both plain numbers: 90% against 85 is a mistake, not a ratio.
    same_form: tuple[str, ...] = ()
    #: Filled by a playbook site from its own data when a block (or plan) does not set it:
    #: ``"stages"`` is each stage's name and win probability from docs/data/stages.yml.
    source: str | None = None

    def label(self, calc_id: str, lang: str) -> str:
        return t(f"{calc_id}.{self.name}.label", lang)

    def help(self, calc_id: str, lang: str) -> str:
        return t(f"{calc_id}.{self.name}.help", lang)

    def choice_label(self, calc_id: str, choice: str, lang: str) -> str:
        return t(f"{calc_id}.{self.name}.{choice}", lang)

    def unit_text(self, lang: str) -> str | None:
        if self.kind in ("rate", "rate_list"):
            return None  # the box holds the % itself: "8%"
        return t(self.unit, lang) if self.unit else None

    def is_percent(self, choices: Mapping[str, object]) -> bool:
        """Whether this field (or column) is read as a percentage, given the chosen options."""
        if self.kind in ("rate", "rate_list"):
            return True
        return (
            self.percent_when is not None
            and choices.get(self.percent_when[0]) == (self.percent_when[1])
        )


@dataclass(frozen=True)
class Calculator[Result: Mapping[str, Any]]:
    """A calculator: its id, input spec, pure compute and shared renderer.

    ``Result`` is the calculator's typed result (a ``TypedDict`` of JSON-safe values, declared
    in its ``result`` module): ``compute`` returns it and ``render`` reads it, checked by mypy.
    ``headline`` names the result keys shown as the panel's headline cards, in order (the
    page contract: each is an ``<output data-output=KEY data-value=EXACT>``).
    """

    id: str
    fields: tuple[Field, ...]
    compute: Callable[[dict[str, Any]], Result]
    render: Callable[[Result, str], Markup]
    headline: tuple[str, ...] = ()
    #: Cross-field checks run after every field parsed: values → raises InputError(s).
    check: Callable[[dict[str, Any]], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def title(self, lang: str) -> str:
        return t(f"{self.id}.title", lang)


def split_list(raw: object, field: str = "") -> list[object]:
    """One value or several: a list stays a list; text splits on spaces, new lines, ``,``,
    ``，``, ``、``, ``;``, ``；``, ``/`` and ``|``.

    A comma between digits that could group digits (``12,500``) or separate two numbers
    (12 and 500) is not guessed: :class:`AmbiguousInput` offers both. A group starting with 0
    (``250,000``) can only be grouping, and ``50000,80000`` can only be two numbers.
    """
    if isinstance(raw, list | tuple):
        return list(raw)
    if not isinstance(raw, str):
        return [raw]
    parts: list[object] = []
    for chunk in _LIST_SEPARATORS.split(raw.strip()):
        for piece in _NOT_GROUPING_COMMA.split(chunk):
            if piece:
                parts.extend(_split_digit_commas(piece, field))
    return parts or [raw]


def _split_digit_commas(piece: str, field: str) -> list[str]:
    """``piece`` has commas only between digits: one grouped number, several numbers, or ask."""
    if "," not in piece:
        return [piece]
    numbers = piece.split(",")
    if not _GROUPED.match(piece):
        return numbers
    if any(n.startswith("0") for n in numbers[1:]):
        return [piece]
    one, several = piece.replace(",", ""), "、".join(numbers)
    raise AmbiguousInput(
        field,
        "error.ambiguous_grouping",
        typed=piece,
        options=(one, several),
        value=piece,
        one=one,
        several=several,
    )


def check_range(value: Decimal, f: Field, shown: Callable[[Decimal], str]) -> None:
    if f.min is not None and value < f.min:
        raise InputError(f.name, "error.below_min", min=shown(f.min))
    if f.max is not None and value > f.max:
        raise InputError(f.name, "error.above_max", max=shown(f.max))


def _parse_scalar(f: Field, raw: object, percent: bool) -> object:
    if percent:
        rate = parse_rate(raw, f.name, ambiguous_below=f.ambiguous_below)
        check_range(rate, f, percent_text)
        return rate
    if f.kind == "integer":
        whole = parse_integer(raw, f.name)
        check_range(Decimal(whole), f, plain_str)
        return whole
    if f.kind == "choice":
        text = str(raw).strip()
        if text not in f.choices:
            raise InputError(f.name, "error.not_a_choice", choices=", ".join(f.choices))
        return text
    if f.kind == "text":
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            raise InputError(f.name, "error.required")
        text = str(raw).strip()
        if not text:
            raise InputError(f.name, "error.required")
        if len(text) > f.max_length:
            raise InputError(f.name, "error.text_too_long", max=f.max_length)
        return text
    amount = parse_quantity(raw, f.name) if f.kind == "quantity" else parse_amount(raw, f.name)
    check_range(amount, f, plain_str)
    return amount


def _check_count(f: Field, items: list[Any]) -> None:
    if len(items) < f.min_items:
        raise InputError(f.name, "error.too_few_items", min=f.min_items)
    if len(items) > f.max_items:
        raise InputError(f.name, "error.list_too_long", max=f.max_items)


def _split_rows(raw: object) -> list[object]:
    if isinstance(raw, str):
        return [row for row in (r.strip() for r in _ROW_SEPARATORS.split(raw)) if row]
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


def _parse_record(
    f: Field, row: object, choices: Mapping[str, object], calc_id: str
) -> dict[str, object]:
    names = [c.name for c in f.columns]
    if isinstance(row, Mapping):
        unknown = [str(k) for k in row if k not in names]
        if unknown:
            raise InputError(unknown[0], "error.unknown_field", known=", ".join(names))
        cells: dict[str, object] = {str(k): v for k, v in row.items()}
    else:
        parts = (
            [p for p in _CELL_SEPARATORS.split(row.strip()) if p]
            if isinstance(row, str)
            else list(row)
            if isinstance(row, list | tuple)
            else [row]
        )
        required = [c for c in f.columns if c.required and c.default is None]
        if not len(required) <= len(parts) <= len(f.columns):
            raise InputError(
                f.name,
                "error.wrong_cell_count",
                count=len(f.columns),
                got=len(parts),
                columns_zh="、".join(c.label(f"{calc_id}.{f.name}", "zh") for c in f.columns),
                columns_en=", ".join(c.label(f"{calc_id}.{f.name}", "en") for c in f.columns),
            )
        cells = dict(zip(names, parts, strict=False))
    _check_same_form(f, cells, calc_id)
    record: dict[str, object] = {}
    for column in f.columns:
        given = cells.get(column.name)
        if given is None or (isinstance(given, str) and not given.strip()):
            if column.default is None:
                if column.required:
                    raise InputError(column.name, "error.required")
                record[column.name] = None
                continue
            given = column.default
        record[column.name] = _parse_scalar(column, given, column.is_percent(choices))
    return record


def _is_percent_text(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip().endswith(("%", "％"))


def _check_same_form(f: Field, cells: Mapping[str, object], calc_id: str) -> None:
    """Columns compared with each other are both percentages or both plain numbers."""
    given = [(c, cells.get(c)) for c in f.same_form if cells.get(c) not in (None, "")]
    forms = {_is_percent_text(raw) for _, raw in given}
    if len(forms) > 1:
        percent = next((c, raw) for c, raw in given if _is_percent_text(raw))
        plain = next((c, raw) for c, raw in given if not _is_percent_text(raw))
        other = f.columns[[c.name for c in f.columns].index(percent[0])]
        raise InputError(
            plain[0],
            "error.mixed_percent",
            other_zh=other.label(f"{calc_id}.{f.name}", "zh"),
            other_en=other.label(f"{calc_id}.{f.name}", "en"),
            percent=str(percent[1]).strip(),
            value=str(plain[1]).strip(),
        )


def _label_cell_error(error: InputError, f: Field, calc_id: str) -> None:
    for column in f.columns:
        if column.name == error.field:
            error.labels = {
                lang: column.label(f"{calc_id}.{f.name}", lang) for lang in ("zh", "en")
            }


def _parse_mapping(f: Field, raw: object, choices: Mapping[str, object]) -> dict[str, Decimal]:
    if not isinstance(raw, Mapping):
        raise InputError(f.name, "error.not_a_mapping")
    listed = choices.get(f.percent_keys) if f.percent_keys else None
    percent = set(_NAME_SEPARATORS.split(listed)) if isinstance(listed, str) else set()
    values: dict[str, Decimal] = {}
    for name, value in raw.items():
        try:
            if str(name) in percent:
                number = parse_rate(value, str(name))
            else:
                number = parse_quantity(value, str(name))
        except InputError as error:
            error.labels = {"zh": str(name), "en": str(name)}
            raise
        values[str(name)] = number
    return values


def _parse_field(
    f: Field,
    raw: object,
    choices: Mapping[str, object],
    calc_id: str,
    columns: Mapping[str, object] | None = None,
) -> object:
    if f.kind == "table":
        from .tables.fields import table_rows

        return table_rows(f, raw, columns)
    if f.kind == "mapping":
        return _parse_mapping(f, raw, choices)
    if f.kind in ("money_list", "number_list", "rate_list"):
        if f.data and isinstance(raw, str):
            from .tables.fields import column_values, looks_like_table

            if looks_like_table(raw):
                column = column_values(f, raw, columns)
                _check_count(f, column)
                return column
        items = split_list(raw, f.name)
        _check_count(f, items)
        return [_parse_scalar(f, item, f.is_percent(choices)) for item in items]
    if f.kind == "records":
        rows = _split_rows(raw)
        _check_count(f, rows)
        records = []
        for index, row in enumerate(rows, start=1):
            try:
                records.append(_parse_record(f, row, choices, calc_id))
            except InputError as error:
                _label_cell_error(error, f, calc_id)
                raise InputError.in_row(f.name, index, error) from None
        return records
    return _parse_scalar(f, raw, f.is_percent(choices))


def parse_inputs(
    calc: Calculator[Any], raw: Mapping[str, object] | None, *, from_form: bool = False
) -> dict[str, Any]:
    """Parse and validate ``raw`` against ``calc``'s fields; missing fields take defaults.

    Every value, the defaults included, is read by the same grammar (:mod:`calculators.money`).
    ``from_form``: a required box the person emptied is an error rather than the default.
    Raises :class:`InputErrors` listing every problem in form order, one per field, each
    naming its field.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise InputErrors([InputError("inputs", "error.not_a_mapping")])
    known = {f.name for f in calc.fields}
    raw = _gather_mappings(calc, raw)
    raw, chosen_columns = _gather_columns(calc, raw)
    errors: list[InputError] = []
    for name in raw:
        if name not in known:
            errors.append(
                InputError(str(name), "error.unknown_field", known=", ".join(sorted(known)))
            )
    values: dict[str, Any] = {}
    # Fields that decide how other numbers read come first (a tier start by attainment is a %).
    deciding = set().union(*(_depends_on(f) for f in calc.fields))
    ordered = sorted(calc.fields, key=lambda f: f.name not in deciding)
    by_field: dict[str, InputError] = {}
    for f in ordered:
        if _depends_on(f) & by_field.keys():
            continue  # one mistake, one message: the choice it depends on is already reported
        given = raw.get(f.name)
        if given is None or (isinstance(given, str) and not given.strip()):
            if from_form and given is not None and f.required and not f.hidden:
                # A person emptied the box: say so rather than compute with a default they
                # no longer see.
                by_field[f.name] = InputError(f.name, "error.required")
                continue
            if f.default is None and f.required:
                by_field[f.name] = InputError(f.name, "error.required")
                continue
            if f.default is None:
                values[f.name] = None
                continue
            given = f.default
        try:
            values[f.name] = _parse_field(f, given, values, calc.id, chosen_columns.get(f.name))
        except InputError as error:
            by_field[f.name] = error
    errors.extend(by_field[f.name] for f in calc.fields if f.name in by_field)
    if not errors and calc.check is not None:
        try:
            calc.check(values)
        except InputError as error:
            errors.append(error)
        except InputErrors as many:
            errors.extend(many.errors)
    if errors:
        raise labelled(calc, errors)
    return values


def labelled(calc: Calculator[Any], errors: list[InputError]) -> InputErrors:
    """``errors`` as one :class:`InputErrors`, each labelled with its field's display name."""
    known = {f.name for f in calc.fields}
    for problem in errors:
        if problem.field in known and not problem.labels:
            f = calc.field(problem.field)
            problem.labels = {lang: f.label(calc.id, lang) for lang in ("zh", "en")}
    return InputErrors(errors)


def _gather_mappings(calc: Calculator[Any], raw: Mapping[str, object]) -> dict[str, object]:
    """Fold form keys ``FIELD.NAME`` of mapping fields into ``{FIELD: {NAME: value}}``."""
    out: dict[str, object] = dict(raw)
    for f in calc.fields:
        if f.kind != "mapping":
            continue
        prefix = f.name + "."
        parts = {k[len(prefix) :]: out.pop(k) for k in list(out) if str(k).startswith(prefix)}
        if parts:
            given = out.get(f.name)
            out[f.name] = {**(given if isinstance(given, Mapping) else {}), **parts}
    return out


def _gather_columns(
    calc: Calculator[Any], raw: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """Take the form keys ``FIELD.ROLE`` of table and data fields out of ``raw``: which column
    the person chose for each role (``""`` automatic, ``"-"`` not in this table, or a header),
    by field. A key naming no role of the field stays, and is reported as an unknown input."""
    from .tables.fields import table_roles

    out: dict[str, object] = dict(raw)
    chosen: dict[str, dict[str, object]] = {}
    for f in calc.fields:
        if f.kind != "table" and not f.data:
            continue
        for role, _ in table_roles(f):
            key = f"{f.name}.{role}"
            if key in out:
                chosen.setdefault(f.name, {})[role] = out.pop(key)
    return out, chosen


def _depends_on(f: Field) -> set[str]:
    """The fields that decide how ``f`` (or one of its columns) reads its numbers."""
    found = {c.percent_when[0] for c in (f, *f.columns) if c.percent_when is not None}
    return found | ({f.percent_keys} if f.percent_keys else set())


def _display_scalar(f: Field, value: object, choices: Mapping[str, object]) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and f.is_percent(choices):
        return percent_text(value)
    if isinstance(value, Decimal):
        return plain_str(value)
    return str(value)


def display_value(f: Field, value: object, choices: Mapping[str, object] | None = None) -> str:
    """How a parsed value is written back into the web form: percentages with their ``%``
    (so the text reads back as the same number), one row a line.

    ``choices`` are the parsed values of the calculator's choice fields (they decide whether a
    ``percent_when`` number is a percentage).
    """
    choices = choices or {}
    if value is None:
        return ""
    if f.kind == "mapping" and isinstance(value, Mapping):
        return "\n".join(f"{k} {_display_scalar(f, v, choices)}" for k, v in value.items())
    if f.kind == "table" and isinstance(value, Mapping):
        return "\n".join(
            "\t".join(_display_scalar(c, row.get(c.name), choices) for c in f.columns)
            for row in value.get("rows", [])
        )
    if f.kind == "records" and isinstance(value, list):
        return "\n".join(
            " ".join(
                _display_scalar(c, row.get(c.name), choices)
                for c in f.columns
                if row.get(c.name) is not None
            )
            for row in value
            if isinstance(row, Mapping)
        )
    if isinstance(value, list):
        return " ".join(_display_scalar(f, v, choices) for v in value)
    return _display_scalar(f, value, choices)
