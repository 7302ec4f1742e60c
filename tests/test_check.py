"""``playbook check`` on a corpus of deliberately broken content: each file says where it goes,
and which ``file:line: message`` a manager must see."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.check import check_project

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "broken").iterdir())
TODAY = dt.date(2026, 11, 24)


def _header(path: Path) -> tuple[str, str, bool, str]:
    """(target, expected message, strict?, file text to install)."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    fields = {}
    for line in lines[:2]:
        match = re.search(r"(target|expect|expect-strict): (.*?)\s*(?:-->)?\s*$", line)
        assert match, f"{path.name}: the first two lines must say target and expect"
        fields[match[1]] = match[2]
    text = "".join(lines[2:]) if path.suffix == ".md" else "".join(lines)
    strict = "expect-strict" in fields
    return fields["target"], fields.get("expect-strict") or fields["expect"], strict, text


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    return project


def test_the_sample_playbook_is_clean_even_with_strict() -> None:
    result = check_project(ROOT / "docs", ROOT, strict=True, today=TODAY)
    assert [str(p) for p in result.problems] == []


@pytest.mark.parametrize("case", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_content_is_reported_with_file_and_line(tmp_path: Path, case: Path) -> None:
    target, expected, strict, text = _header(case)
    project = _project(tmp_path)
    destination = project / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, "utf-8")
    problems = [
        str(p)
        for p in check_project(project / "docs", project, today=TODAY, strict=strict).problems
    ]
    assert any(p.startswith(expected) for p in problems), "\n".join(problems)
    if strict:
        lenient = check_project(project / "docs", project, today=TODAY)
        assert not lenient.errors, "an overdue review date is only a warning without --strict"


_HAN = re.compile(r"[\u4e00-\u9fff]")
# PyYAML's and Python's own English, which must never reach a Chinese manager.
_ENGLISH = re.compile(
    r"\b(?:while|found|expected|invalid|missing|generated from|is not|must be|unknown)\b"
)


@pytest.mark.parametrize("case", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_problem_is_said_in_the_sites_language(tmp_path: Path, case: Path) -> None:
    target, _expected, strict, text = _header(case)
    project = _project(tmp_path)
    destination = project / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, "utf-8")
    for problem in check_project(project / "docs", project, today=TODAY, strict=strict).problems:
        shown = str(problem)
        assert _HAN.search(problem.message), shown
        assert not _ENGLISH.search(shown), shown


def test_the_cli_prints_file_line_and_exits_1(tmp_path: Path) -> None:
    project = _project(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    _target, expected, _strict, text = _header(ROOT / "tests/broken/kpi-example-mismatch.yml")
    (project / "docs/data/kpis.yml").write_text(text, "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_build_refuses_what_check_refuses(tmp_path: Path) -> None:
    project = _project(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    _target, expected, _strict, text = _header(ROOT / "tests/broken/stage-missing-exit.yml")
    (project / "docs/data/stages.yml").write_text(text, "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert expected in proc.stdout + proc.stderr


def test_every_line_the_check_prints_is_in_the_sites_language() -> None:
    """A manager reads Chinese: the summary line too, not "ok: no problems found"."""
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "检查通过：没有发现问题。"
    assert not re.search(r"[A-Za-z]{3,}", proc.stdout), proc.stdout


_BLOCKED_PAGE = """---
owner: 销售运营部
review_by: 2027-05-31
---

# 页面里的 HTML

<script>track()</script>
<script src="../extra.js"></script>
<script type="application/ld+json">{"@type": "Thing"}</script>
<p onclick="go()" style='color:red'>点我</p>
<a href="javascript:void(0)">返回</a> 和 [链接](javascript:alert(1))
红字{: style="color: red" } <style>p { color: red }</style>
<IMG SRC="x.png" ONERROR=alert(1)>

这样写 `<script>` 只是展示 <!-- <p style="x"> -->；只读的 data-onclick="x" 不是事件。

```html
<script>shown()</script>
<p style="color: red">代码块里只是展示</p>
```

=== "标签页"

    <span style="font-weight: bold">标签页里也算</span>
"""


def test_html_the_csp_blocks_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """An inline script, an event handler or javascript: address, an inline style: each once at
    its line; a script file, JSON data and anything shown as code are fine."""
    project = _project(tmp_path)
    (project / "docs" / "extra.md").write_text(_BLOCKED_PAGE, "utf-8")
    problems = [
        p
        for p in check_project(project / "docs", project, today=TODAY).problems
        if p.path == "docs/extra.md"
    ]
    assert {p.severity for p in problems} == {"warning"}
    found = [(p.line, p.message.split("「", 1)[1].split("」", 1)[0]) for p in problems]
    assert found == [
        (8, "<script>"),
        (11, 'onclick="go()"'),
        (11, "style='color:red'"),
        (12, 'href="javascript:'),
        (12, "](javascript:"),
        (13, 'style="color: red"'),
        (13, "<style>"),
        (14, "ONERROR=alert(1)"),
        (25, 'style="font-weight: bold"'),
    ]
    strict = check_project(project / "docs", project, today=TODAY, strict=True)
    assert [p.line for p in strict.errors if p.path == "docs/extra.md"] == [
        line for line, _ in found
    ]


def test_the_check_reads_pages_with_the_sites_markdown_extensions() -> None:
    """A block inside a tab (or any container) must be checked as the site will render it."""
    from playbook.check import MARKDOWN_EXTENSIONS

    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    section = text.split("\nmarkdown_extensions:\n", 1)[1].split("\n\n", 1)[0]
    site = re.findall(r"^  - ([\w.]+)", section, re.MULTILINE)
    ours = {"playbook.markdown.calculators", "playbook.markdown.glossary"}
    assert sorted(set(site) - ours) == sorted(MARKDOWN_EXTENSIONS)
