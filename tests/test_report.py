"""``playbook check --format github|gitlab|json``: what CI reads, checked against each format's
rules, from the real command on a project with one real mistake."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import line_of

from playbook.errors import Problem
from playbook.report import render

ROOT = Path(__file__).resolve().parent.parent
# GitHub's workflow command: ::error file=F,line=N,title=T::MESSAGE (data escapes %, CR, LF;
# property values also escape : and ,).
GITHUB = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+),title=([^,:]+)::(.+)$")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("report") / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    kpis = project / "docs/data/kpis.yml"
    text = kpis.read_text("utf-8")
    kpis.write_text(text.replace("回款额 ÷ 销售目标", "回款额 ÷÷ 销售目标", 1), "utf-8")
    return project


def _formula_line() -> int:
    """The line of the sample's attainment formula, the one the fixture breaks."""
    return line_of("docs/data/kpis.yml", "回款额 ÷ 销售目标")


def _check(project: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", "check", "--format", fmt],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_github_annotations_point_at_the_line(broken: Path) -> None:
    proc = _check(broken, "github")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    match = GITHUB.match(lines[0])
    assert match, lines[0]
    kind, file, line, _title, message = match.groups()
    assert (kind, file, line) == ("error", "docs/data/kpis.yml", str(_formula_line()))
    assert (broken / file).is_file()
    assert "公式有误" in message


def test_gitlab_code_quality_report(broken: Path) -> None:
    proc = _check(broken, "gitlab")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert isinstance(report, list) and len(report) == 1
    (issue,) = report
    # The fields GitLab requires of a Code Quality issue.
    assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
    assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert issue["location"] == {"path": "docs/data/kpis.yml", "lines": {"begin": _formula_line()}}
    assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])


def test_json_report_and_a_clean_project(broken: Path) -> None:
    report = json.loads(_check(broken, "json").stdout)
    assert report["ok"] is False and report["errors"] == 1
    assert report["problems"][0]["path"] == "docs/data/kpis.yml"
    clean = _check(ROOT, "json")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert json.loads(clean.stdout) == {"ok": True, "errors": 0, "warnings": 0, "problems": []}


def test_github_escapes_what_would_end_a_command() -> None:
    problem = Problem("docs/a,b:c.md", 3, "100% 错\n第二行", "warning")
    (line,) = render([problem], "github").splitlines()
    want = "::warning file=docs/a%2Cb%3Ac.md,line=3,title=playbook check::100%25 错%0A第二行"
    assert line == want


def test_how_to_fix_goes_with_the_problem_in_every_format() -> None:
    problem = Problem("docs/a.md", 1, "页面缺少负责人", hint="加一行 owner")
    assert render([problem], "text") == "docs/a.md:1: 页面缺少负责人\n    怎么改：加一行 owner\n"
    assert render([problem], "github").rstrip().endswith("页面缺少负责人%0A怎么改：加一行 owner")
    assert json.loads(render([problem], "json"))["problems"][0]["hint"] == "加一行 owner"
    assert "怎么改：加一行 owner" in json.loads(render([problem], "gitlab"))[0]["description"]


def test_the_common_mistakes_come_with_a_hint(tmp_path: Path) -> None:
    from playbook.check import check_project

    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    kpis = project / "docs/data/kpis.yml"
    kpis.write_text(kpis.read_text("utf-8").replace("id: attainment", "id: attainmnet", 1))
    problems = check_project(project / "docs", project).problems
    assert problems and all(p.hint for p in problems), [str(p) for p in problems]
