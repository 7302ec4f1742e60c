"""The ``playbook`` MkDocs plugin: registered as an entry point, its options validated, its
review policy applied to the build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_plugin_is_an_entry_point() -> None:
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "playbook"]
    assert entry.value == "playbook.plugin:PlaybookPlugin"


def _project(tmp_path: Path, options: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^  - playbook:?(?: .*)?$", "  - playbook:\n" + options, config, count=1)
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


def _check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_applies_the_sites_own_review_policy(tmp_path: Path) -> None:
    """`playbook check` reads the plugin's options from mkdocs.yml: a page past its review date
    is an error where the site says so, as in the build."""
    project = _project(tmp_path, "      overdue_review: error\n")
    page = project / "docs/guide/reps.md"
    page.write_text(
        re.sub(r"(?m)^review_by: .*$", "review_by: 2020-01-01", page.read_text("utf-8"), count=1),
        "utf-8",
    )
    strict = _check(project, "check")
    assert strict.returncode == 1 and "docs/guide/reps.md" in strict.stderr
    lenient = _check(_project(tmp_path / "b", "      overdue_review: warn\n"), "check")
    assert lenient.returncode == 0, lenient.stderr


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ("      overdue_review: maybe\n", "overdue_review"),
        ("      data_dir: ../outside\n", "data_dir"),
        ("      data_dir: /srv/data\n", "data_dir"),
        ("      data_dir: plans\n", "plans_dir"),
        ("      language: fr\n", "language"),
        ("      review_within: -1\n", "review_within"),
        ("      review_within: soon\n", "review_within"),
        ("      offline: always\n", "offline"),
        ("      colour: blue\n", "colour"),
    ],
)
def test_a_bad_option_is_named_once_by_check(tmp_path: Path, options: str, named: str) -> None:
    proc = _check(_project(tmp_path, options), "check")
    assert proc.returncode == 2, proc.stderr
    assert "mkdocs.yml：配置有误" in proc.stderr
    details = [line for line in proc.stderr.splitlines() if line.startswith("  ")]
    assert len(details) == 1 and f"option '{named}'" in details[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_missing_config_file_is_said_plainly(tmp_path: Path) -> None:
    proc = _check(tmp_path, "check")
    assert proc.returncode == 2
    assert "找不到配置文件" in proc.stderr and "Traceback" not in proc.stderr


def test_the_language_option_sets_the_generators_text(tmp_path: Path) -> None:
    project = _project(tmp_path, "      language: en\n")
    kpis = project / "docs/data/kpis.yml"
    kpis.write_text(kpis.read_text("utf-8").replace("formula:", "formulla:", 1), "utf-8")
    proc = _check(project, "check")
    assert proc.returncode == 1
    assert "docs/data/kpis.yml:" in proc.stderr and "unknown key" in proc.stderr.lower()


def test_a_team_can_keep_its_data_and_plans_elsewhere(tmp_path: Path) -> None:
    """data_dir and plans_dir move the YAML; check, build, review, schemas and the changes page
    all follow, and the data files are not published."""
    from playbook.new import new_project

    project = tmp_path / "team"
    new_project(project, install=False)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "docs/data").rename(project / "docs/资料")
    (project / "docs/plans").rename(project / "docs/提成方案")
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(
            r"(?m)^  - playbook:\n",
            "  - playbook:\n      data_dir: 资料\n      plans_dir: 提成方案\n",
            config.read_text("utf-8"),
        ),
        "utf-8",
    )
    check = _check(project, "check")
    assert check.returncode == 0, check.stderr
    build = _check(project, "build", "--site-dir", str(project / "site"))
    assert build.returncode == 0, build.stderr
    kpi_page = (project / "site/kpis/index.html").read_text("utf-8")
    assert "赢单率" in kpi_page
    assert not list((project / "site").rglob("*.yml")), "data and plan files are not published"
    review = _check(project, "review", "--within", "100000", "--format", "json")
    paths = {item["path"] for item in json.loads(review.stdout)["items"]}
    assert "docs/资料/kpis.yml" in paths and "docs/提成方案/commission.yml" in paths
    assert _check(project, "schemas").returncode == 0
    settings = json.loads((project / ".vscode/settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"]["./.vscode/schemas/kpis.schema.json"] == "docs/资料/kpis.yml"
    assert settings["yaml.schemas"]["./.vscode/schemas/plan.schema.json"] == "docs/提成方案/*.yml"
