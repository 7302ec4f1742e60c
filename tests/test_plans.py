"""Plan files: a manager's bad edit fails with the file and the line to fix."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from playbook.errors import ContentError
from playbook.markdown.calculators import CalculatorExtension
from playbook.plans import load_plans

GOOD = """\
calculator: roi
id: pilot
name: 试点项目测算
owner: 销售运营部
review_by: 2027-03-31
inputs:
  upfront_cost: 50万
  annual_cost: 5万
  annual_benefit: 30万
  years: 3
  discount_rate: 8%
"""


def plans_in(tmp_path: Path, **files: str) -> tuple[dict[str, object], list[str]]:
    folder = tmp_path / "docs" / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text, "utf-8")
    plans, problems = load_plans(tmp_path / "docs", tmp_path)
    return dict(plans), [str(p) for p in problems]


def test_a_good_plan_loads(tmp_path: Path) -> None:
    plans, problems = plans_in(tmp_path, pilot=GOOD)
    assert problems == []
    assert list(plans) == ["pilot"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("discount_rate: 8%", "discount_rate: 250%"),
            "docs/plans/bad.yml:11: inputs.discount_rate",
        ),
        (("years: 3", "years: 11"), "docs/plans/bad.yml:10: inputs.years"),
        (("annual_cost: 5万", "annual_cost: 五万"), "docs/plans/bad.yml:8: inputs.annual_cost"),
        (
            ("calculator: roi", "calculator: roii"),
            "docs/plans/bad.yml:1: 未知的计算器「roii」",
        ),
        (
            ("review_by: 2027-03-31", "review_by: soon"),
            "docs/plans/bad.yml:5: 「review_by」应为日期",
        ),
        (("owner: 销售运营部\n", ""), "docs/plans/bad.yml:1: 缺少必填字段「owner」"),
        (("inputs:", "inputs: [\n"), "docs/plans/bad.yml:"),
        (
            ("name: 试点项目测算", "name: 试点\ncolour: red"),
            "docs/plans/bad.yml:4: 未知字段「colour」",
        ),
    ],
)
def test_bad_plans_name_file_and_line(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    _plans, problems = plans_in(tmp_path, bad=GOOD.replace(*edit))
    assert problems, f"{edit} was accepted"
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_plan_ids_are_refused(tmp_path: Path) -> None:
    _plans, problems = plans_in(tmp_path, a=GOOD, b=GOOD)
    assert any("docs/plans/b.yml:2: 方案编号「pilot」已被" in p for p in problems)


def test_a_calculator_block_starts_from_a_plan_and_overrides_single_inputs(
    tmp_path: Path,
) -> None:
    plans, _ = plans_in(tmp_path, pilot=GOOD)
    md = markdown.Markdown(extensions=[CalculatorExtension(plans=plans)])
    html = md.convert("```calculator\nid: roi\nplan: pilot\ninputs:\n  years: 2\n```\n")
    assert 'value="50万"' in html and 'name="years"' in html
    assert 'data-output="roi" data-value="' in html
    # 50万 + 2 × 5万 = 60万 of cost, 2 × 30万 = 60万 of benefit → ROI 0
    assert 'data-output="roi" data-value="0"' in html


def test_unknown_plan_in_a_block_fails_with_its_line(tmp_path: Path) -> None:
    plans, _ = plans_in(tmp_path, pilot=GOOD)
    md = markdown.Markdown(
        extensions=[CalculatorExtension(plans=plans, source_path="docs/x.md", line_offset=4)]
    )
    with pytest.raises(ContentError) as info:
        md.convert("# 标题\n\n```calculator\nid: roi\nplan: pilott\n```\n")
    assert str(info.value).startswith("docs/x.md:9: 未知的方案「pilott」")
