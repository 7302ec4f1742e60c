"""Reads the number-grammar table (``tests/grammar.json``) with the calculators package.

The same source runs in CPython (``tests/test_grammar.py`` imports it) and inside Pyodide
(``tests/pyodide_runner.mjs`` runs this file's text), so both runtimes are held to one table.
"""

import json

from calculators import get
from calculators.errors import InputErrors
from calculators.money import plain_str
from calculators.spec import parse_inputs


def read_case(table: dict, case: dict) -> dict:
    """What ``case['typed']`` reads as: {"value": ...} or the errors as the page gets them."""
    where = table["fields"][case["field"]]
    calc = get(where["calculator"])
    inputs = {**where.get("with", {}), where["field"]: case["typed"]}
    try:
        value = parse_inputs(calc, inputs, from_form=True)[where["field"]]
    except InputErrors as errors:
        return errors.as_dict()
    if isinstance(value, list):
        return {"value": [plain_str(item) for item in value]}
    return {"value": plain_str(value)}


def read_table(text: str) -> str:
    """Every case of the table (JSON text in, JSON text out)."""
    table = json.loads(text)
    return json.dumps([read_case(table, case) for case in table["cases"]], ensure_ascii=False)
