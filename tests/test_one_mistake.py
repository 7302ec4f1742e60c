"""One mistake gives one message (two at most), never a cascade: each case makes one typical
manager's typo in the real sample playbook and counts what ``playbook check`` says."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import line_of

from playbook.check import check_project

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)

# (name, file, text, typo, messages, where the first message points, what it says)
CASES = [
    (
        "a formula typo",
        "docs/data/kpis.yml",
        "formula: 回款额 ÷ 销售目标",
        "formula: 回款额 ÷÷ 销售目标",
        1,
        f"docs/data/kpis.yml:{line_of('docs/data/kpis.yml', 'formula: 回款额 ÷ 销售目标')}:",
        "公式有误",
    ),
    (
        "a unit in Chinese",
        "docs/data/kpis.yml",
        "unit: percent",
        "unit: 百分比",
        1,
        "docs/data/kpis.yml:",
        "只能是",
    ),
    (
        "a KPI file that no longer parses",
        "docs/data/kpis.yml",
        "    formula: 回款额 ÷ 销售目标",
        "   formula: 回款额 ÷ 销售目标",
        1,
        "docs/data/kpis.yml:",
        "缩进不一致",
    ),
    (
        "a renamed KPI id",
        "docs/data/kpis.yml",
        "id: attainment",
        "id: attainmnet",
        2,  # the references in the data files, and the links in the pages
        "docs/data/kpis.yml:",
        "另有",
    ),
    (
        "a tab in the stages file",
        "docs/data/stages.yml",
        "  - id: lead",
        "\t- id: lead",
        1,
        "docs/data/stages.yml:",
        "Tab",
    ),
    (
        "a renamed stage id",
        "docs/data/stages.yml",
        "id: qualify",
        "id: qualfy",
        2,
        "docs/data/talk-tracks/",
        "另有",
    ),
    (
        "a talk track's stage misspelt",
        "docs/data/talk-tracks/closing.yml",
        "stage: contract",
        "stage: contarct",
        1,
        "docs/data/talk-tracks/closing.yml:1:",
        "contarct",
    ),
    (
        "a glossary file that no longer parses",
        "docs/data/glossary.yml",
        "term:",
        "term: [",
        1,
        "docs/data/glossary.yml:",
        "方括号",
    ),
    (
        "an unknown calculator on a page with headings others link to",
        "docs/calculators/roi.md",
        "id: roi",
        "id: roii",
        1,
        "docs/calculators/roi.md:",
        "未知的计算器",
    ),
]


@pytest.mark.parametrize(
    ("file", "text", "typo", "count", "where", "says"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_mistake_gives_one_message(
    tmp_path: Path, file: str, text: str, typo: str, count: int, where: str, says: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    path = project / file
    source = path.read_text("utf-8")
    assert text in source, f"the sample changed: {text!r} is no longer in {file}"
    path.write_text(source.replace(text, typo, 1), "utf-8")
    problems = [str(p) for p in check_project(project / "docs", project, today=TODAY).problems]
    assert len(problems) == count, "\n".join(problems)
    assert problems[0].startswith(where), problems[0]
    assert says in "\n".join(problems), "\n".join(problems)
