"""One number grammar for every entry point: the table in ``tests/grammar.json``, in CPython.

The same table runs inside Pyodide (``test_pyodide.py``) and is typed into the browser form
(``test_browser_grammar.py``). Here it also runs through the command line and through a plan
file, so the form, a share link, the CLI and YAML are held to the same reading.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from grammar_reader import read_case

ROOT = Path(__file__).resolve().parent.parent
TABLE: dict[str, Any] = json.loads((ROOT / "tests" / "grammar.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = TABLE["cases"]


def _id(case: dict[str, Any]) -> str:
    return f"{case['field']}:{case['typed']!r}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_typed_text_reads_as_the_table_says(case: dict[str, Any]) -> None:
    answer = read_case(TABLE, case)
    field = TABLE["fields"][case["field"]]["field"]
    if "value" in case:
        assert answer == {"value": case["value"]}, f"{case['typed']!r} was read differently"
        return
    (error,) = answer["errors"]  # one mistake, one message
    assert error["field"] == field, "the message names another input"
    if "ask" in case:
        assert error["code"].startswith("ambiguous"), f"{case['typed']!r} was guessed"
        assert error["options"] == case["ask"], "the two readings offered are not the two"
        for option in case["ask"]:
            assert option in error["message"]["zh"], "the question does not name both readings"
    else:
        assert error["code"] == case["error"]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_command_line_reads_the_text_the_same_way(case: dict[str, Any]) -> None:
    """``python -m calculators`` with the same text as JSON: the same numbers or errors."""
    where = TABLE["fields"][case["field"]]
    inputs = {**where.get("with", {}), where["field"]: case["typed"]}
    proc = subprocess.run(
        [sys.executable, "-m", "calculators", where["calculator"], "--json", json.dumps(inputs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    out = json.loads(proc.stdout)
    if "value" in case:
        assert proc.returncode == 0, out
        import calculators

        assert out == calculators.compute(where["calculator"], inputs)
    else:
        assert proc.returncode == 2
        assert [e["field"] for e in out["errors"]] == [where["field"]]
        assert out["errors"] == read_case(TABLE, case)["errors"]


def test_yaml_numbers_follow_the_grammar_of_typed_text() -> None:
    """A default written as a YAML number reads as the same text typed in the form."""
    for case in CASES:
        if case["field"] != "rate":
            continue
        loaded = yaml.safe_load(f"v: {case['typed']}")["v"]
        if isinstance(loaded, str):
            continue  # YAML kept it as text: the table covers it
        as_yaml = _reading(read_case(TABLE, {**case, "typed": loaded}))
        assert as_yaml == _reading(read_case(TABLE, case)), f"YAML {case['typed']} differs"


def _reading(answer: dict[str, Any]) -> object:
    """The value read, or the error's code and the readings offered (not the echoed text)."""
    if "value" in answer:
        return answer["value"]
    return [(e["field"], e["code"], e.get("options")) for e in answer["errors"]]
