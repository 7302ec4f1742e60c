"""``playbook new DIR``: a working content repository for a team's own playbook.

Copies the starter playbook shipped in ``playbook/scaffold/`` (a few pages, a stage, a talk
track with an objection card, a KPI, a glossary, a commission plan and its calculator page,
CI for GitHub and GitLab, CODEOWNERS, a pull-request template, ``package.json`` + lock for the
Pyodide runtime), writes the editor schemas, and runs ``npm ci`` when npm is there. Files named
``dot-…`` are written as ``.…`` (package data keeps no dot files).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from playbook.messages import t
from playbook.options import Options
from playbook.schemas import write_editor_setup

__all__ = ["SCAFFOLD", "NewProjectError", "new_project"]

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


class NewProjectError(Exception):
    """The target cannot be used (it exists and is not empty)."""


def _target_name(rel: Path) -> Path:
    return Path(*(f".{p[4:]}" if p.startswith("dot-") else p for p in rel.parts))


def new_project(target: Path, *, install: bool = True, lang: str = "zh") -> list[str]:
    """Create the playbook in ``target``; the notes to print (what was done, what to run)."""
    if target.exists() and any(target.iterdir()):
        raise NewProjectError(t("new.not_empty", lang, path=target))
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        dest = target / _target_name(source.relative_to(SCAFFOLD))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    write_editor_setup(target, "docs", Options(lang=lang))
    notes = [t("new.created", lang, path=target)]
    npm = shutil.which("npm")
    if install and npm:
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=target, capture_output=True, text=True
        )
        notes.append(t("new.npm_ok" if proc.returncode == 0 else "new.npm_failed", lang))
    else:
        notes.append(t("new.npm_todo", lang))
    notes.append(t("new.next", lang, path=target))
    return notes
