"""The worker's entry point: JSON in, JSON out, the same compute and renderer as build time.

The browser worker calls :func:`run` with the calculator id, the form's raw strings (as the
person typed them) and the page language; it gets back one JSON string::

    {"ok": true,  "html": "<result panel>", "result": {...}}
    {"ok": false, "errors": [{"field": "...", "code": "...", "message": "...",
                              "typed": "0.08", "options": ["8%", "0.08%"]}]}

``typed``/``options`` come with an ambiguity only: the form offers each option as a button that
replaces ``typed`` in the field.
"""

from __future__ import annotations

import json

from . import compute, render_result
from .errors import InputError, InputErrors
from .messages import normalize_lang


def run(calculator_id: str, inputs_json: str, lang: str = "zh") -> str:
    """Compute and render; every input problem comes back as a field error, never a traceback."""
    lang = normalize_lang(lang)
    try:
        try:
            inputs = json.loads(inputs_json)
        except ValueError:
            raise InputErrors([InputError("inputs", "error.not_a_mapping")]) from None
        result = compute(calculator_id, inputs, from_form=True)
    except InputErrors as errors:
        return json.dumps(
            {
                "ok": False,
                "errors": [{**e.as_dict(), "message": e.message(lang)} for e in errors.errors],
            },
            ensure_ascii=False,
        )
    html = render_result(calculator_id, result, lang)
    return json.dumps({"ok": True, "html": str(html), "result": result}, ensure_ascii=False)
