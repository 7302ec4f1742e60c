"""The same golden cases inside real Pyodide (in Node), loaded from the wheel the site ships.

Every result must equal CPython's, key for key: there is one implementation, and both runtimes
are held to the same numbers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

import calculators
from playbook.assets import build_runtime

pytestmark = pytest.mark.pyodide

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_FILES = sorted((ROOT / "tests" / "golden").glob("*.json"))
GRAMMAR = ROOT / "tests" / "grammar.json"


@pytest.fixture(scope="module")
def pyodide_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is required for the Pyodide tier (apt-get install nodejs)"
    runtime = build_runtime(ROOT, cache_dir=tmp_path_factory.mktemp("runtime"))
    proc = subprocess.run(
        [node, str(ROOT / "tests" / "pyodide_runner.mjs"), str(runtime.runtime_dir)]
        + [str(p) for p in GOLDEN_FILES]
        + [str(GRAMMAR)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"Pyodide runner failed:\n{proc.stderr[-4000:]}"
    data: dict[str, Any] = json.loads(proc.stdout)
    assert data["python"].startswith("3.14"), "expected Pyodide 314 (Python 3.14)"
    data["runtime_dir"] = str(runtime.runtime_dir)
    return data


def _cases() -> list[tuple[Path, int, str]]:
    out = []
    for path in GOLDEN_FILES:
        golden = json.loads(path.read_text("utf-8"))
        for index, case in enumerate(golden.get("cases", [])):
            out.append((path, index, case["name"]))
    return out


@pytest.mark.parametrize(("path", "index", "name"), _cases(), ids=[c[2] for c in _cases()])
def test_pyodide_result_equals_cpython(
    pyodide_results: dict[str, Any], path: Path, index: int, name: str
) -> None:
    golden = json.loads(path.read_text("utf-8"))
    case = golden["cases"][index]
    in_browser = pyodide_results["files"][str(path)]["cases"][index]
    in_cpython = calculators.compute(golden["calculator"], case["inputs"])
    for key, want in case["expect"].items():
        assert in_browser[key] == want, f"{name}: Pyodide shows {key}={in_browser[key]!r}"
    assert in_browser == in_cpython, f"{name}: the browser and the build disagree"


def test_pyodide_rejects_the_same_inputs_naming_the_same_fields(
    pyodide_results: dict[str, Any],
) -> None:
    for path in GOLDEN_FILES:
        golden = json.loads(path.read_text("utf-8"))
        answers = pyodide_results["files"][str(path)]["invalid"]
        for case, answer in zip(golden.get("invalid", []), answers, strict=True):
            assert answer is not None, f"{case['name']}: Pyodide accepted invalid input"
            fields = [error["field"] for error in answer["errors"]]
            assert fields == case["fields"], case["name"]
            try:
                calculators.compute(golden["calculator"], case["inputs"])
            except calculators.InputErrors as errors:
                assert answer == errors.as_dict(), f"{case['name']}: messages differ"


def test_pyodide_reads_every_typed_number_as_cpython_does(pyodide_results: dict[str, Any]) -> None:
    """The number-grammar table: the browser's runtime reads each text as the build does."""
    from grammar_reader import read_case

    table = json.loads(GRAMMAR.read_text("utf-8"))
    in_browser = pyodide_results["files"][str(GRAMMAR)]["grammar"]
    assert len(in_browser) == len(table["cases"])
    for case, answer in zip(table["cases"], in_browser, strict=True):
        assert answer == read_case(table, case), f"{case['typed']!r} reads differently in Pyodide"


def test_the_runtime_ships_bytecode_pyodide_uses(pyodide_results: dict[str, Any]) -> None:
    """The stdlib zip and our wheel carry bytecode compiled by Pyodide's own interpreter (its
    magic number, not the host's), and Pyodide imports it instead of compiling the sources."""
    runtime = Path(pyodide_results["runtime_dir"])
    magic = bytes.fromhex(pyodide_results["magic"])
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as stdlib:
        pycs = [n for n in stdlib.namelist() if n.endswith(".pyc")]
        assert 100 < len(pycs) < 400, "the modules a boot and the calculators import"
        assert "json/__init__.pyc" in pycs and "json/__init__.py" not in stdlib.namelist()
        assert "tarfile.py" in stdlib.namelist(), "the rest stays as source"
        assert all(stdlib.read(n)[:4] == magic for n in pycs)
    (wheel,) = runtime.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        cached = {n for n in archive.namelist() if n.endswith(".pyc")}
        modules = {
            f"calculators/{p.relative_to(ROOT / 'calculators').as_posix()}c"
            for p in (ROOT / "calculators").rglob("*.py")
        }
        assert cached == modules, "every module, as bytecode only"
        assert not [n for n in archive.namelist() if n.endswith(".py")]
        assert all(archive.read(n)[:4] == magic for n in cached)
        record = archive.read(next(n for n in archive.namelist() if n.endswith("RECORD")))
        assert all(n.encode() in record for n in cached)
    loaded = pyodide_results["loaded"]
    assert loaded["json"].endswith("python314.zip/json/__init__.pyc")
    assert loaded["decimal"].endswith(".pyc")
    assert loaded["calculators"].endswith("calculators/roi/maths.pyc")
