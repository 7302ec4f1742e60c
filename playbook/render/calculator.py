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

import calculators
from calculators.html import Markup, el
from calculators.messages import t
from calculators.spec import display_value, parse_inputs

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
) -> Markup:
    """Form + build-time result for ``calculator_id`` with default ``inputs``.

    Raises :class:`calculators.InputErrors` when a default is invalid.
    """
    calc = calculators.get(calculator_id)
    values = parse_inputs(calc, inputs)
    result = calc.compute(values)
    given = dict(inputs or {})
    shown: dict[str, str] = {}
    for f in calc.fields:
        value: Any = values.get(f.name)
        if value is None:  # an optional input the calculator derived (e.g. the horizon)
            value = result.get("inputs", {}).get(f.name)
        raw = given.get(f.name)
        # Keep the author's own spelling (10万, 8万 12万 15万) except for rates, which the form
        # shows in percent next to a "%" unit.
        if isinstance(raw, str) and raw.strip() and f.kind != "rate":
            shown[f.name] = raw.strip()
        else:
            shown[f.name] = display_value(f, value)

    fields = []
    for f in calc.fields:
        base = f"{instance}-{f.name}"
        unit = f.unit_text(lang)
        fields.append(
            el(
                "div",
                {"class": "pb-field", "data-kind": f.kind},
                el("label", {"for": base, "class": "pb-field__label"}, f.label(calc.id, lang)),
                el(
                    "div",
                    {"class": "pb-field__control"},
                    el(
                        "input",
                        {
                            "id": base,
                            "name": f.name,
                            "type": "text",
                            "inputmode": "text" if f.kind == "money_list" else "decimal",
                            "autocomplete": "off",
                            "spellcheck": "false",
                            "value": shown[f.name],
                            "data-default": shown[f.name],
                            "aria-describedby": f"{base}-help {base}-error",
                        },
                    ),
                    el("span", {"class": "pb-field__unit"}, unit) if unit else None,
                ),
                el("p", {"class": "pb-field__help", "id": f"{base}-help"}, f.help(calc.id, lang)),
                el("p", {"class": "pb-field__error", "id": f"{base}-error", "hidden": True}),
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
                    **{
                        f"data-msg-{name}": t(f"runtime.{name}", lang)
                        for name in ("loading", "live", "invalid", "timeout", "failed")
                    },
                },
                t("form.static", lang),
            ),
        ),
        el(
            "section",
            {
                "class": "pb-calc__result",
                "data-result": True,
                "aria-live": "polite",
                "data-stale-note": t("result.stale", lang),
            },
            calculators.render_result(calc.id, result, lang),
        ),
    )
