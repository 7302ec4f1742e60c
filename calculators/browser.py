"""The worker's entry point: JSON in, JSON out, the same compute and renderer as build time.

The browser worker calls :func:`run` with the calculator id, the form's raw strings (as the
person typed them) and the page language; it gets back one JSON string::

    {"ok": true,  "html": "<result panel>", "result": {...}}
    {"ok": false, "errors": [{"field": "...", "code": "...", "message": "...",
                              "typed": "0.08", "options": ["8%", "0.08%"]}]}

``typed``/``options`` come with an ambiguity only: the form offers each option as a button that
replaces ``typed`` in the field.

A calculator that raises anything else (a bug, not an input problem) answers::

    {"ok": false, "internal": "ZeroDivisionError: division by zero"}

and the page keeps its last correct numbers, says so in its language and logs the detail to
the console: never a traceback in the panel, never a number from a half-finished calculation.
"""

from __future__ import annotations

import json

from . import compute, render_result
from .errors import InputError, InputErrors
from .messages import normalize_lang
from .roi import report as roi_report


def run(
    calculator_id: str, inputs_json: str, lang: str = "zh", report_json: str = "", level: int = 3
) -> str:
    """Compute and render; every input problem comes back as a field error, never a traceback.

    With ``report_json`` (``{"customer": ..., "date": "YYYY-MM-DD"}``, typed by the rep), the
    html is the calculator's printable report instead of its result panel (ROI only).
    ``level``: the result panel's title is an ``h{level}`` (the form's ``data-heading``)."""
    try:
        return _run(calculator_id, inputs_json, lang, report_json, level)
    except Exception as error:  # a bug in a calculator: said as such, never a traceback
        detail = f"{type(error).__name__}: {error}"[:500]
        return json.dumps({"ok": False, "internal": detail}, ensure_ascii=False)


def _run(calculator_id: str, inputs_json: str, lang: str, report_json: str, level: int) -> str:
    lang = normalize_lang(lang)
    problems: list[InputError] = []
    meta = None
    if report_json:
        try:
            if calculator_id != "roi":
                raise InputErrors([InputError("inputs", "error.no_report")])
            try:
                typed = json.loads(report_json)
            except ValueError:
                typed = None
            meta = roi_report.check_meta(typed)
        except InputErrors as errors:
            problems.extend(errors.errors)
    try:
        try:
            inputs = json.loads(inputs_json)
        except ValueError:
            raise InputErrors([InputError("inputs", "error.not_a_mapping")]) from None
        result = compute(calculator_id, inputs, from_form=True)
    except InputErrors as errors:
        problems[:0] = errors.errors
    if problems:
        return json.dumps(
            {
                "ok": False,
                "errors": [{**e.as_dict(), "message": e.message(lang)} for e in problems],
            },
            ensure_ascii=False,
        )
    if meta is not None:
        html = roi_report.report(result, lang, *meta)  # type: ignore[arg-type]
    else:
        html = render_result(calculator_id, result, lang, level)
    return json.dumps({"ok": True, "html": str(html), "result": result}, ensure_ascii=False)
