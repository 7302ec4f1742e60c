"""Every calculator against its golden file (tests/golden/<id>.json) in CPython: the expected
figures, and every invalid input refused with an error that names its field in both languages.
The same files run inside Pyodide in tests/test_pyodide.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import calculators

GOLDEN = sorted((Path(__file__).resolve().parent / "golden").glob("*.json"))
MISSING = object()


def _load(kind: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in GOLDEN:
        golden = json.loads(path.read_text("utf-8"))
        out += [(golden["calculator"], case) for case in golden.get(kind, [])]
    return out


CASES = _load("cases")
INVALID = _load("invalid")


def _ids(items: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [f"{calc}: {case['name'][:70]}" for calc, case in items]


@pytest.mark.parametrize(("calc_id", "case"), CASES, ids=_ids(CASES))
def test_golden_case_shows_the_expected_figures(calc_id: str, case: dict[str, Any]) -> None:
    result = calculators.compute(calc_id, case["inputs"])
    wrong = {
        key: {"expected": expected, "shown": result.get(key, MISSING)}
        for key, expected in case["expect"].items()
        if result.get(key, MISSING) != expected
    }
    assert not wrong, f"{case['name']}: the page would show different figures: {wrong}"
    json.dumps(result)  # JSON-safe: what the worker sends and the CLI prints


@pytest.mark.parametrize(("calc_id", "case"), INVALID, ids=_ids(INVALID))
def test_invalid_input_is_refused_naming_each_field_in_both_languages(
    calc_id: str, case: dict[str, Any]
) -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute(calc_id, case["inputs"])
    errors = caught.value.errors
    assert [e.field for e in errors] == case["fields"], (
        f"{case['name']}: the form would mark the wrong inputs red"
    )
    calc = calculators.get(calc_id)
    known = {f.name for f in calc.fields}
    for error in errors:
        for lang in ("zh", "en"):
            message = error.message(lang)
            name = (
                calc.field(error.field).label(calc_id, lang)
                if error.field in known
                else (error.field)
            )
            assert message and name in message, (
                f"{case['name']}: the {lang} message does not say which input is wrong "
                f"({name!r} not in {message!r})"
            )
