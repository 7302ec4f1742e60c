"""The JSON Schemas editors use for the YAML files: generated from the one content declaration,
committed up to date, wired in .vscode/settings.json, true of the whole sample playbook, and
strict enough to flag a typo while a manager types."""

from __future__ import annotations

import copy
import fnmatch
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from playbook.schemas import FILES, schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = schemas("zh")


class _EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server sees it: a date stays text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=_EditorLoader)


def _files() -> list[tuple[str, Path]]:
    return [(name, path) for name, pattern in FILES.items() for path in sorted(ROOT.glob(pattern))]


def test_the_committed_schemas_are_up_to_date() -> None:
    for name, document in SCHEMAS.items():
        committed = json.loads((ROOT / ".vscode/schemas" / name).read_text("utf-8"))
        assert committed == document, f"run `playbook schemas`: {name} is out of date"


def test_vscode_maps_every_schema_to_its_files() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text("utf-8"))
    mapping = {Path(k).name: v for k, v in settings["yaml.schemas"].items()}
    assert mapping == FILES


@pytest.mark.parametrize(("name", "path"), _files(), ids=lambda v: getattr(v, "name", v))
def test_every_sample_file_is_valid(name: str, path: Path) -> None:
    Draft7Validator.check_schema(SCHEMAS[name])
    errors = list(Draft7Validator(SCHEMAS[name]).iter_errors(_load(path)))
    assert not errors, [e.message for e in errors]


def _errors(name: str, data: Any) -> list[str]:
    return [e.message for e in Draft7Validator(SCHEMAS[name]).iter_errors(data)]


def test_typos_are_flagged_while_typing() -> None:
    kpis = _load(ROOT / "docs/data/kpis.yml")
    misspelt = copy.deepcopy(kpis)
    misspelt["kpis"][0]["formular"] = misspelt["kpis"][0].pop("formula")
    assert any("formular" in m for m in _errors("kpis.schema.json", misspelt))
    unit = copy.deepcopy(kpis)
    unit["kpis"][0]["unit"] = "元"
    assert any("元" in m for m in _errors("kpis.schema.json", unit))

    plan = _load(ROOT / "docs/plans/commission-standard.yml")
    plan["inputs"]["quotaa"] = plan["inputs"].pop("quota")
    assert any("quotaa" in m for m in _errors("plan.schema.json", plan))
    plan = _load(ROOT / "docs/plans/commission-standard.yml")
    plan["inputs"]["method"] = "累进"
    assert _errors("plan.schema.json", plan)


def test_a_plan_input_explains_itself_in_chinese() -> None:
    branches = SCHEMAS["plan.schema.json"]["allOf"]
    roi = next(b for b in branches if b["if"]["properties"]["calculator"]["const"] == "roi")
    upfront = roi["then"]["properties"]["inputs"]["properties"]["upfront_cost"]
    assert upfront["title"] == "前期投入"
    assert upfront["description"]


def test_schema_globs_name_real_files() -> None:
    for pattern in FILES.values():
        files = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("docs/**/*.yml")]
        assert any(fnmatch.fnmatch(f, pattern) for f in files), pattern
