"""``python -m calculators ID --json '{...}'``: the same numbers as the page, scriptable.

Exit 0 with the result as JSON; exit 2 with ``{"errors": [...]}`` naming each bad input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import calculators
from calculators.messages import t

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "roi.json").read_text("utf-8"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )


def _json_out(proc: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"stdout is not JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
def test_cli_prints_the_same_result_as_the_page(case: dict[str, Any]) -> None:
    proc = cli("roi", "--json", json.dumps(case["inputs"], ensure_ascii=False))
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stdout}{proc.stderr}"
    assert _json_out(proc) == calculators.compute("roi", case["inputs"]), (
        "the command line and the page disagree on the figures"
    )


def test_cli_without_inputs_uses_the_defaults() -> None:
    proc = cli("roi")
    assert proc.returncode == 0, proc.stderr
    assert _json_out(proc) == calculators.compute("roi", {})


def test_cli_reads_json_numbers_as_exact_decimals() -> None:
    proc = cli("roi", "--json", '{"discount_rate": 12.5, "annual_cost": 20000.10}')
    assert proc.returncode == 0, proc.stderr
    result = _json_out(proc)
    assert result["inputs"]["discount_rate"] == "0.125"
    assert result["inputs"]["annual_cost"] == "20000.10"
    assert result == calculators.compute(
        "roi", {"discount_rate": "12.5%", "annual_cost": "20000.1"}
    )


def test_cli_asks_about_a_bare_rate_below_one_as_the_form_does() -> None:
    proc = cli("roi", "--json", '{"discount_rate": 0.08}')
    assert proc.returncode == 2, "0.08 must not be computed as 8% or as 0.08% without asking"
    (error,) = _json_out(proc)["errors"]
    assert error["field"] == "discount_rate"
    assert error["code"] == "ambiguous_rate"
    assert error["options"] == ["8%", "0.08%"]
    assert "0.08 是指 8% 还是 0.08%" in error["message"]["zh"]


def test_cli_refuses_a_bad_amount_with_exit_2_naming_the_field() -> None:
    proc = cli("roi", "--json", '{"upfront_cost": "x"}')
    assert proc.returncode == 2, "scripts must be able to tell a refused input from success"
    payload = _json_out(proc)
    assert [e["field"] for e in payload["errors"]] == ["upfront_cost"]
    (error,) = payload["errors"]
    assert error["code"] == "not_a_number"
    assert t("roi.upfront_cost.label", "zh") in error["message"]["zh"]
    assert t("roi.upfront_cost.label", "en") in error["message"]["en"]


@pytest.mark.parametrize("case", GOLDEN["invalid"], ids=[c["name"] for c in GOLDEN["invalid"]])
def test_cli_refuses_every_golden_invalid_case(case: dict[str, Any]) -> None:
    proc = cli("roi", "--json", json.dumps(case["inputs"], ensure_ascii=False))
    assert proc.returncode == 2, f"{case['name']}: exit {proc.returncode}"
    fields = [e["field"] for e in _json_out(proc)["errors"]]
    assert fields == case["fields"], f"{case['name']}: the wrong inputs were named"


def test_cli_names_an_unknown_calculator() -> None:
    proc = cli("roii", "--json", "{}")
    assert proc.returncode == 2
    (error,) = _json_out(proc)["errors"]
    assert error["field"] == "calculator"
    assert "roii" in error["message"]["zh"] and "roii" in error["message"]["en"]


@pytest.mark.parametrize("text", ["{bad", "{'upfront_cost': 1}", "", "[1, 2]", "42"])
def test_cli_refuses_json_that_is_not_an_object_with_exit_2(text: str) -> None:
    proc = cli("roi", "--json", text)
    assert proc.returncode == 2, f"{text!r}: exit {proc.returncode}\n{proc.stderr}"
    payload = _json_out(proc)
    assert [e["field"] for e in payload["errors"]] == ["inputs"]
    assert "Traceback" not in proc.stderr


def test_cli_refuses_a_cost_of_a_fraction_of_a_cent_with_exit_2() -> None:
    proc = cli("roi", "--json", '{"upfront_cost": 0, "annual_cost": "0.000000000000000000001"}')
    assert proc.returncode == 2, f"exit {proc.returncode}: {proc.stderr[-300:]}"
