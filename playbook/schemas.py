"""JSON Schemas for the YAML files a manager edits, for completion and validation while typing.

Generated from the one declaration of the content (:mod:`playbook.content.schema`) and from the
calculators' own input specs (a plan file's ``inputs`` are the calculator's fields, each with its
label and help as the hover text, in the site's language). ``playbook schemas`` writes them; VS
Code's YAML extension (redhat.vscode-yaml) picks them up through ``.vscode/settings.json``::

    "yaml.schemas": {"./.vscode/schemas/kpis.schema.json": "docs/data/kpis.yml", ...}

They help while typing; ``playbook check`` stays the judge (it reads numbers such as ``20万``
and ``12%`` with the calculators' grammar, which a schema can only describe as text).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import calculators
from playbook.content import schema
from playbook.content.schema import Key, Record
from playbook.messages import t
from playbook.options import Options

__all__ = ["FILES", "files", "schemas", "write_editor_setup", "write_schemas"]

DRAFT = "http://json-schema.org/draft-07/schema#"


def files(docs: str = "docs", options: Options | None = None) -> dict[str, str]:
    """Schema file → the content files it describes (globs relative to the project root), for
    a site whose ``docs_dir`` is ``docs`` and whose data and plan folders are ``options``'."""
    options = options or Options()
    data = posixpath.join(docs, options.data_dir)
    return {
        "kpis.schema.json": f"{data}/kpis.yml",
        "stages.schema.json": f"{data}/stages.yml",
        "talk-track.schema.json": f"{data}/talk-tracks/*.yml",
        "glossary.schema.json": f"{data}/glossary.yml",
        "plan.schema.json": posixpath.join(docs, options.plans_dir, "*.yml"),
    }


#: The mapping for the default layout (``docs/data``, ``docs/plans``).
FILES = files()

_NUMBER = {"type": ["number", "string"]}  # 1000, 1,000, 20万, 12%: checked by playbook check
_TEXTS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number"]}}]}


def _value(key: Key) -> dict[str, Any]:
    kind = key.kind
    if kind == "id":
        return {"type": "string", "pattern": schema.ID_PATTERN.pattern}
    if kind == "text":
        return {"type": ["string", "number"]}
    if kind == "texts":
        return dict(_TEXTS)
    if kind in ("number", "percent", "measure"):
        return dict(_NUMBER)
    if kind == "choice":
        return {"enum": list(key.choices)}
    if kind == "date":
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind == "values":
        return {"type": "object", "additionalProperties": dict(_NUMBER)}
    assert key.record is not None
    if kind == "record":
        return _object(key.record)
    return {"type": "array", "items": _object(key.record)}


def _object(record: Record) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key.name: _value(key) for key in record.keys},
        "required": list(record.required),
        "additionalProperties": False,
    }


def _file(record: Record, title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, **_object(record)}


def _plan(lang: str) -> dict[str, Any]:
    """A plan file: its own keys, and under ``inputs`` the chosen calculator's fields."""
    branches = []
    for calc_id, calc in calculators.all_calculators().items():
        fields: dict[str, Any] = {}
        for field in calc.fields:
            if field.hidden:  # carried by the page, not written by a manager
                continue
            prop: dict[str, Any] = {
                "title": field.label(calc_id, lang),
                "description": field.help(calc_id, lang),
            }
            if field.kind == "choice":
                prop["enum"] = list(field.choices)
            fields[field.name] = prop
        branches.append(
            {
                "if": {"properties": {"calculator": {"const": calc_id}}},
                "then": {
                    "properties": {"inputs": {"properties": fields, "additionalProperties": False}}
                },
            }
        )
    return {
        "$schema": DRAFT,
        "title": t("schema.plan", lang),
        "type": "object",
        "properties": {
            "calculator": {"enum": list(calculators.IDS)},
            "id": {"type": "string", "pattern": schema.ID_PATTERN.pattern},
            "name": {"type": "string"},
            "owner": {"type": "string"},
            "review_by": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "description": {"type": "string"},
            "inputs": {"type": "object"},
        },
        "required": ["calculator", "id", "name", "owner", "review_by", "inputs"],
        "additionalProperties": False,
        "allOf": branches,
    }


def schemas(lang: str = "zh") -> dict[str, dict[str, Any]]:
    """Every schema by file name (see :data:`FILES`)."""
    return {
        "kpis.schema.json": _file(schema.KPIS_FILE, t("schema.kpis", lang)),
        "stages.schema.json": _file(schema.STAGES_FILE, t("schema.stages", lang)),
        "talk-track.schema.json": _file(schema.TALK_TRACK, t("schema.talk_track", lang)),
        "glossary.schema.json": _file(schema.GLOSSARY_FILE, t("schema.glossary", lang)),
        "plan.schema.json": _plan(lang),
    }


def write_schemas(out_dir: Path, lang: str = "zh") -> list[Path]:
    """Write every schema into ``out_dir``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schemas(lang).items():
        path = out_dir / name
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(path)
    return written


def write_editor_setup(
    root: Path, docs: str = "docs", options: Options | None = None, out: str = ".vscode/schemas"
) -> list[Path]:
    """The schemas in ``root/out`` and their mapping in ``root/.vscode/settings.json`` (other
    settings there are kept; a file that is not plain JSON is left alone and not listed)."""
    options = options or Options()
    written = write_schemas(root / out, options.lang)
    settings_file = root / ".vscode" / "settings.json"
    try:
        settings = json.loads(settings_file.read_text("utf-8")) if settings_file.exists() else {}
    except ValueError:  # JSON with comments: the manager's own file, not ours to rewrite
        return written
    if not isinstance(settings, dict):
        return written
    prefix = "./" + posixpath.normpath(out.replace("\\", "/")).strip("/")
    settings["yaml.schemas"] = {
        f"{prefix}/{name}": glob for name, glob in files(docs, options).items()
    }
    settings_file.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return [*written, settings_file]
