"""The ``playbook`` MkDocs plugin: registered as an entry point, its options validated, its
review policy applied to the build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_plugin_is_an_entry_point() -> None:
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "playbook"]
    assert entry.value == "playbook.plugin:PlaybookPlugin"


def _project(tmp_path: Path, options: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^  - playbook(?: .*)?$", "  - playbook:\n" + options, config, count=1)
    (project / "mkdocs.yml").write_text(config, "utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_bad_option_is_refused_by_name(tmp_path: Path) -> None:
    proc = _build(_project(tmp_path, "      overdue_review: maybe\n"))
    assert proc.returncode != 0
    assert "overdue_review" in proc.stderr + proc.stdout


def test_overdue_review_error_fails_the_build_on_an_overdue_page(tmp_path: Path) -> None:
    project = _project(tmp_path, "      overdue_review: error\n      branch: trunk\n")
    page = project / "docs/guide/reps.md"
    page.write_text(
        re.sub(r"(?m)^review_by: .*$", "review_by: 2020-01-01", page.read_text("utf-8"), count=1),
        "utf-8",
    )
    proc = _build(project)
    assert proc.returncode != 0
    assert "docs/guide/reps.md" in proc.stderr and "2020-01-01" in proc.stderr
