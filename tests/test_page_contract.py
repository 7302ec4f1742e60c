"""The page contract every calculator keeps: each headline ``<output data-output=KEY
data-value=V>`` is a top-level key of the JSON result with exactly that value, so tests, share
links and embedding can read the numbers off the page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

import calculators

GOLDEN = sorted((Path(__file__).resolve().parent / "golden").glob("*.json"))
OUTPUT = re.compile(r'<output[^>]*data-output="([^"]+)" data-value="([^"]*)"')


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for path in GOLDEN:
        golden = json.loads(path.read_text("utf-8"))
        for case in golden.get("cases", []):
            cases.append((golden["calculator"], case["name"], case["inputs"]))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("calc_id", "name", "inputs"), CASES, ids=[c[1][:60] for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_outputs_are_top_level_result_keys(
    calc_id: str, name: str, inputs: dict[str, Any], lang: str
) -> None:
    result = calculators.compute(calc_id, inputs)
    panel = str(calculators.render_result(calc_id, result, lang))
    pairs = OUTPUT.findall(panel)
    assert pairs, f"{calc_id}: no headline outputs in the result panel"
    for key, value in pairs:
        assert key in result, f"{calc_id}: data-output={key} is not a key of the result"
        want = result[key]
        assert html.unescape(value) == ("" if want is None else str(want)), (calc_id, key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_result_panel_names_exactly_one_table_to_export(lang: str) -> None:
    """Copy-table and CSV take the table marked data-export, never whichever comes first."""
    golden_dir = Path(__file__).resolve().parent / "golden"
    for path in sorted(golden_dir.glob("*.json")):
        golden = json.loads(path.read_text("utf-8"))
        calc_id = golden["calculator"]
        for case in golden["cases"]:
            result = calculators.compute(calc_id, case["inputs"])
            html = str(calculators.render_result(calc_id, result, lang))
            marked = re.findall(r'<div class="pb-table"[^>]*data-export', html)
            assert len(marked) == 1, f"{calc_id} / {case['name']}: {len(marked)} export tables"


def test_every_declared_headline_figure_is_shown_by_some_golden_case() -> None:
    """HEADLINE (result.py) drives the cards; a declared figure no case ever shows is stale."""
    shown: dict[str, set[str]] = {}
    for calc_id, _name, inputs in CASES:
        result = calculators.compute(calc_id, inputs)
        panel = str(calculators.render_result(calc_id, result, "zh"))
        names = [key for key, _ in OUTPUT.findall(panel)]
        declared = calculators.get(calc_id).headline
        assert names == [n for n in declared if n in names], (calc_id, names, declared)
        shown.setdefault(calc_id, set()).update(names)
    for calc_id, names in shown.items():
        never = set(calculators.get(calc_id).headline) - names
        assert not never, f"{calc_id}: declared but never shown: {sorted(never)}"
