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


# --- the same class of mistake outside single fields ------------------------------------------


def test_a_kpi_variable_whose_example_is_a_percentage_reads_as_one() -> None:
    """毛利率 40 in the KPI widget is 40 % (as in every rate field), not forty times the LTV."""
    import calculators
    from calculators.errors import InputErrors

    base = {"formula": "月均每客户收入 × 毛利率 ÷ 月客户流失率", "unit": "money"}
    base["percent"] = "毛利率、月客户流失率"
    typed = [
        {"月均每客户收入": "5000", "毛利率": "40%", "月客户流失率": "2%"},
        {"月均每客户收入": "5000", "毛利率": "40", "月客户流失率": "2"},
    ]
    values = [calculators.compute("kpi", {**base, "values": v})["value"] for v in typed]
    assert values == ["100000", "100000"]
    with pytest.raises(InputErrors) as caught:
        calculators.compute(
            "kpi",
            {**base, "values": {"月均每客户收入": "5000", "毛利率": "0.4", "月客户流失率": "2%"}},
        )
    (error,) = caught.value.as_dict()["errors"]
    assert error["options"] == ["40%", "0.4%"]


def test_the_kpi_dictionary_marks_the_variables_written_as_percentages() -> None:
    from playbook.content.load import load_content

    content, problems = load_content(ROOT / "docs", ROOT)
    assert not [p for p in problems if p.severity == "error"]
    ltv = next(k for k in content.kpis.values() if "毛利率" in k.formula and "流失率" in k.formula)
    assert set(ltv.percent_variables()) == {"毛利率", "月客户流失率"}


@pytest.mark.parametrize(
    ("row", "ok"),
    [
        ("客户满意度 100% 90% 85%", True),
        ("客户满意度 100% 90 85", True),
        ("客户满意度 100% 90% 85", False),
        ("客户满意度 100% 90 85%", False),
    ],
)
def test_a_target_and_an_actual_written_differently_are_not_compared(row: str, ok: bool) -> None:
    """90% against 85 would score 9444 %: the row asks for one way of writing both."""
    import calculators
    from calculators.errors import InputErrors

    try:
        calculators.compute("scorecard", {"kpis": row}, from_form=True)
    except InputErrors as errors:
        assert not ok, errors
        (error,) = errors.as_dict()["errors"]
        assert "都写成百分数" in error["message"]["zh"]
        return
    assert ok, f"{row!r} compared a percentage with a plain number"
