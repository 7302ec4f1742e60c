"""The calculator widget as it appears in a built page (the page contract).

``<form class="pb-calc" data-calc="ID" data-state="static">`` holds one ``<input name=FIELD>``
per scalar input and a result panel whose headline figures are
``<output data-output=FIELD data-value=EXACT>``. The panel is computed here, at build time, so
the page is right before (and without) JavaScript; the browser worker later swaps in panels
rendered by the same :func:`calculators.render_result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import calculators
from calculators.errors import InputError
from calculators.html import Markup, el
from calculators.spec import Field, display_value, labelled, parse_inputs
from calculators.tables.columns import role_label
from calculators.tables.fields import AUTO, NOT_USED, table_roles
from playbook.messages import t

__all__ = ["RuntimeRef", "render_widget"]


@dataclass(frozen=True)
class RuntimeRef:
    """Which browser runtime a live widget loads (paths under the site's ``assets/``)."""

    runtime_id: str
    pyodide_version: str


def render_widget(
    calculator_id: str,
    inputs: Mapping[str, object] | None,
    *,
    instance: str,
    runtime: RuntimeRef | None,
    lang: str = "zh",
    customer: tuple[str, str] | None = None,
    level: int = 3,
) -> Markup:
    """Form + build-time result for ``calculator_id`` with default ``inputs``; ``customer``
    (the calculator's page on the public site, the form's id there) adds 发给客户; ``level``:
    the result panel's title is an ``h{level}``, one below the heading the form sits under.

    Raises :class:`calculators.InputErrors` when a default is invalid.
    """
    calc = calculators.get(calculator_id)
    values = parse_inputs(calc, inputs)
    try:
        result = calc.compute(values)
    except InputError as error:  # a problem only the computation sees, e.g. a zero divisor
        raise labelled(calc, [error]) from None
    given = dict(inputs or {})
    shown: dict[str, str] = {}
    for f in calc.fields:
        value: Any = values.get(f.name)
        if value is None:  # an optional input the calculator derived (e.g. the horizon)
            value = result.get("inputs", {}).get(f.name)
        raw = given.get(f.name)
        if raw is None and f.kind == "table" and isinstance(f.default, str):
            raw = f.default  # the sample table as written, with its header row
        # Keep the author's own spelling (10万, 8万 12万 15万, 10%): it reads back the same.
        if isinstance(raw, str) and raw.strip() and f.kind != "choice":
            shown[f.name] = raw.strip()
        elif f.kind == "records" and isinstance(raw, list) and isinstance(value, list):
            shown[f.name] = _records_as_typed(f, raw, value, values)
        else:
            shown[f.name] = display_value(f, value, values)

    fields: list[Markup] = []
    for f in calc.fields:
        if f.hidden:
            fields.append(el("input", {"type": "hidden", "name": f.name, "value": shown[f.name]}))
        elif f.kind == "mapping":
            mapping = given.get(f.name) if isinstance(given.get(f.name), dict) else {}
            for key, value in (values.get(f.name) or {}).items():
                raw = mapping.get(key) if isinstance(mapping, dict) else None
                text = raw.strip() if isinstance(raw, str) else display_value(f, value)
                fields.append(
                    _field(
                        f"{instance}-{f.name}-{len(fields)}",
                        Field(f"{f.name}.{key}", "number"),
                        label=str(key),
                        help_text=None,
                        control_value=text,
                        unit=None,
                        calc_id=calc.id,
                        lang=lang,
                    )
                )
        else:
            fields.append(
                _field(
                    f"{instance}-{f.name}",
                    f,
                    label=f.label(calc.id, lang),
                    help_text=f.help(calc.id, lang),
                    control_value=shown[f.name],
                    unit=f.unit_text(lang),
                    calc_id=calc.id,
                    lang=lang,
                )
            )
    return el(
        "form",
        {
            "class": "pb-calc",
            "id": instance,
            "data-calc": calc.id,
            "data-state": "static",
            "data-runtime": runtime.runtime_id if runtime else None,
            "data-pyodide": runtime.pyodide_version if runtime else None,
            "data-lang": lang,
            "data-heading": level,
            "novalidate": True,
            "autocomplete": "off",
            "aria-label": calc.title(lang),
        },
        el(
            "fieldset",
            {"class": "pb-calc__inputs"},
            el("legend", None, t("form.inputs", lang)),
            fields,
        ),
        el(
            "div",
            {"class": "pb-calc__bar"},
            el("progress", {"class": "pb-calc__progress", "max": 3, "value": 0, "hidden": True}),
            el(
                "p",
                {
                    "class": "pb-calc__status",
                    "role": "status",
                    "aria-live": "polite",
                    **{f"data-msg-{name}": t(f"runtime.{name}", lang) for name in RUNTIME_MESSAGES},
                },
                t("form.static", lang),
            ),
            # Shown after the engine failed (calc.js): starts it again, without a reload that
            # would lose what the rep typed.
            el(
                "button",
                {"type": "button", "class": "pb-calc__retry md-button", "hidden": True},
                t("runtime.retry", lang),
            ),
        ),
        # Without JavaScript the page still shows right numbers, for the defaults; say so, and
        # that a share link's numbers (in the fragment, which only a script can read) need it.
        el("noscript", None, el("p", {"class": "pb-calc__noscript"}, t("form.noscript", lang))),
        _toolbar(lang, report=calc.id in REPORTS, customer=customer),
        _report_dialog(instance, lang) if calc.id in REPORTS else None,
        el(
            "p",
            {
                "class": "pb-calc__notice",
                "role": "status",
                "aria-live": "polite",
                "hidden": True,
                **{f"data-msg-{name}": t(f"action.{name}", lang) for name in NOTICE_MESSAGES},
            },
        ),
        el(
            "section",
            {
                "class": "pb-calc__result",
                "data-result": True,
                # The figures for the page's defaults are not what anyone searches for (and a
                # search preview would show them as if they were the answer).
                "data-search-exclude": True,
                "aria-live": "polite",
                "data-stale-note": t("result.stale", lang),
                "data-link-note": t("result.link", lang),
            },
            calculators.render_result(calc.id, result, lang, level),
        ),
    )


def _long_list(f: Field) -> bool:
    """A list of more values than fit on a line (a history pasted from a spreadsheet column):
    a text area across the form, so a pasted column keeps its line breaks."""
    return f.kind.endswith("_list") and f.max_items > 12


def _control(calc_id: str, f: Field, base: str, value: str, lang: str, described: str) -> Markup:
    """The form control for one input: <input>, <select> for choices, <textarea> for rows."""
    common: dict[str, str | bool | None] = {
        "id": base,
        "name": f.name,
        "data-default": value,
        "aria-describedby": described,
        "data-private": f.data,
    }
    if f.kind == "choice":
        return el(
            "select",
            common,
            [
                el(
                    "option",
                    {"value": choice, "selected": choice == value},
                    f.choice_label(calc_id, choice, lang),
                )
                for choice in f.choices
            ],
        )
    if f.kind in ("records", "table") or _long_list(f):
        rows = min(12, max(3, value.count("\n") + 2))
        return el(
            "textarea",
            {**common, "rows": str(rows), "spellcheck": "false", "autocomplete": "off"},
            value,
        )
    # Money stays a text keyboard on phones: people type 20万 and 1.5亿.
    numeric = f.kind in ("rate", "integer")
    return el(
        "input",
        {
            **common,
            "type": "text",
            "inputmode": "decimal" if numeric else "text",
            "autocomplete": "off",
            "spellcheck": "false",
            "value": value,
        },
    )


#: The actions a live widget offers; hidden until the page script is running (they need it).
ACTIONS = ("share", "copy-table", "csv", "present", "print")
#: Actions that confirm what they did in the status line (``action.<name>.done``).
CONFIRMED = ("share", "copy-table", "csv")
#: Status lines of the engine (``runtime.*``), read by the page script from data-msg-* attributes.
RUNTIME_MESSAGES = (
    "idle",
    "loading",
    "live",
    "invalid",
    "timeout",
    "failed",
    "linkloading",
    "linkinvalid",
    "linkfailed",
    "peek",
    "internal",
    "why-download",
    "why-damaged",
    "why-timeout",
    "why-crash",
)
#: What an action says, and what it asks before sharing or exporting inputs that are not right.
NOTICE_MESSAGES = (
    "share-private",
    "confirm-invalid",
    "confirm-pending",
    "share-consequence",
    "export-consequence",
    "proceed",
    "cancel",
)


#: Calculators with a printable report for the customer (生成投资分析报告).
REPORTS = ("roi",)


def _report_dialog(instance: str, lang: str) -> Markup:
    """What the report needs from the rep: the customer's name and the date (its inputs have no
    ``name``: they are not calculator inputs and never go into a share link)."""

    def field(key: str, kind: str, extra: dict[str, str]) -> Markup:
        ident = f"{instance}-report-{key}"
        return el(
            "div",
            {"class": "pb-field"},
            el("label", {"class": "pb-field__label", "for": ident}, t(f"report.{key}", lang)),
            el(
                "input",
                {"id": ident, "type": kind, "data-report": key, "autocomplete": "off", **extra},
            ),
            el("p", {"class": "pb-field__error", "data-report-error": key, "hidden": True}),
        )

    return el(
        "dialog",
        {
            "class": "pb-report-dialog",
            "data-search-exclude": True,
            "aria-labelledby": f"{instance}-report-title",
            "data-msg-wait": t("report.wait", lang),
            "data-msg-invalid": t("report.inputs_invalid", lang),
        },
        # Not a heading element: the search index would make the hidden dialog a section.
        el(
            "p",
            {"class": "pb-report-dialog__title", "id": f"{instance}-report-title"},
            t("report.title", lang),
        ),
        el("p", None, t("report.intro", lang)),
        field("customer", "text", {"maxlength": "60", "spellcheck": "false"}),
        field("date", "date", {}),
        el("p", {"class": "pb-report-dialog__note", "role": "status", "hidden": True}),
        el(
            "div",
            {"class": "pb-report-dialog__buttons"},
            el(
                "button",
                {"type": "button", "class": "md-button md-button--primary", "data-report-go": True},
                t("report.go", lang),
            ),
            el(
                "button",
                {"type": "button", "class": "md-button", "data-report-cancel": True},
                t("report.cancel", lang),
            ),
        ),
    )


def _toolbar(lang: str, *, report: bool = False, customer: tuple[str, str] | None = None) -> Markup:
    actions = list(ACTIONS)
    if customer:
        actions.insert(1, "customer")
    if report:
        actions.append("report")
    buttons = []
    for action in actions:
        extra: dict[str, str | None] = {}
        if action == "customer" and customer:
            url, form_id = customer
            extra = {
                "data-target": url,
                "data-target-form": form_id,
                "data-done": t("action.customer.done", lang, host=urlsplit(url).netloc),
                "data-preview": t("action.customer.preview", lang),
            }
        buttons.append(
            el(
                "button",
                {
                    "type": "button",
                    "class": "md-button pb-calc__action",
                    "data-action": action,
                    "data-done": t(f"action.{action}.done", lang) if action in CONFIRMED else "",
                    "aria-pressed": "false" if action == "present" else None,
                    # What the button says while presenting (it is then the way out).
                    "data-label-on": (
                        t("action.present.exit", lang) if action == "present" else None
                    ),
                    **extra,
                },
                t(f"action.{action}", lang),
            )
        )
    return el("div", {"class": "pb-calc__actions", "hidden": True}, buttons)


def _field(
    base: str,
    f: Field,
    *,
    label: str,
    help_text: str | None,
    control_value: str,
    unit: str | None,
    calc_id: str,
    lang: str,
) -> Markup:
    """One labelled input with its unit, help line and (hidden) error slot."""
    described = f"{base}-help {base}-error" if help_text else f"{base}-error"
    return el(
        "div",
        {
            "class": "pb-field",
            "data-kind": f.kind,
            "data-wide": f.kind in ("records", "table") or _long_list(f),
            "data-advanced": f.advanced,
            "data-optional": not f.required,
            "data-private": f.data,
        },
        el("label", {"for": base, "class": "pb-field__label"}, label),
        el(
            "div",
            {"class": "pb-field__control"},
            _control(calc_id, f, base, control_value, lang, described),
            el("span", {"class": "pb-field__unit"}, unit) if unit else None,
        ),
        _data_bar(base, lang, f) if f.data else None,
        el("p", {"class": "pb-field__help", "id": f"{base}-help"}, help_text)
        if help_text
        else None,
        el(
            "p",
            {
                "class": "pb-field__error",
                "id": f"{base}-error",
                "hidden": True,
                "data-msg-choose": t("form.choose", lang),
            },
        ),
    )


#: What a data field's file picker reads (the table reader decides by content, not by name).
DATA_FILES = ",".join(
    (
        ".csv",
        ".tsv",
        ".txt",
        ".xlsx",
        "text/csv",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
)
#: Larger files are refused in the page, before reading them (the reader's own limits follow).
MAX_FILE_BYTES = 20 * 1024 * 1024


def _data_bar(base: str, lang: str, f: Field) -> Markup:
    """Under a data field: open a .csv/.xlsx instead of pasting, which column holds what (a
    table field), and what happens to the data. Hidden until the page script runs (opening a
    file and filling the column choices need it)."""
    return el(
        "div",
        {
            "class": "pb-data",
            "hidden": True,
            "data-max-bytes": MAX_FILE_BYTES,
            "data-msg-too-big": t("data.too_big", lang),
            "data-msg-opened": t("data.opened", lang),
        },
        el(
            "label",
            {"class": "md-button pb-data__open"},
            t("data.open", lang),
            el(
                "input",
                {
                    "type": "file",
                    "class": "pb-data__file",
                    "accept": DATA_FILES,
                    "id": f"{base}-file",
                },
            ),
        ),
        el("span", {"class": "pb-data__name", "hidden": True}),
        el(
            "button",
            {"type": "button", "class": "md-button pb-data__clear", "hidden": True},
            t("data.clear", lang),
        ),
        el("input", {"type": "hidden", "class": "pb-data__payload", "data-private": True}),
        _column_choices(base, lang, f) if table_roles(f) else None,
        el("p", {"class": "pb-data__private"}, t("data.private", lang)),
    )


def _column_choices(base: str, lang: str, f: Field) -> Markup:
    """列对应: one select per role of a table field, named ``FIELD.ROLE`` (automatic, not in this
    table for an optional role, or a column). Only Python reads the table, so the columns come
    with each result (the panel's ``[data-colmap]`` line) and the page script fills them in.
    The team's data: never in a share link (``data-private``)."""
    roles = []
    for role, required in table_roles(f):
        ident = f"{base}-col-{role}"
        options = [el("option", {"value": AUTO}, t("data.columns.auto", lang))]
        if not required:
            options.append(el("option", {"value": NOT_USED}, t("data.columns.skip", lang)))
        roles.append(
            el(
                "div",
                {"class": "pb-colmap__role"},
                el("label", {"for": ident}, role_label(role, lang)),
                el(
                    "select",
                    {
                        "id": ident,
                        "name": f"{f.name}.{role}",
                        "data-role": role,
                        "data-private": True,
                    },
                    options,
                ),
            )
        )
    return el(
        "details",
        {
            "class": "pb-colmap",
            # A data list (forecast's history) is often typed as plain numbers: its choices
            # show once a result says it read a table (calc.js).
            "hidden": f.kind != "table",
            "data-field": f.name,
            "data-msg-auto": t("data.columns.auto_found", lang),
        },
        el("summary", None, t("data.columns", lang)),
        el("div", {"class": "pb-colmap__roles"}, roles),
    )


def _records_as_typed(
    f: Field, raw: list[Any], parsed: list[Any], choices: Mapping[str, object]
) -> str:
    """Rows of a records input as the author wrote them (``50万`` stays ``50万``); cells the
    author gave as numbers are written the way the form reads them back."""
    lines = []
    for row_raw, row in zip(raw, parsed, strict=False):
        cells = []
        for column in f.columns:
            typed = row_raw.get(column.name) if isinstance(row_raw, dict) else None
            if isinstance(typed, str) and typed.strip() and " " not in typed.strip():
                cells.append(typed.strip())
            elif row.get(column.name) is not None:
                cells.append(display_value(column, row[column.name], choices))
        lines.append(" ".join(cells))
    return "\n".join(lines)
