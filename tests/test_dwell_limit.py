"""A stage's 停留上限 (``dwell_limit`` in docs/data/stages.yml): data, shown on the stage pages
next to the 时限, quoted (never typed) by the stalled-opportunity KPI, the glossary and the CRM
data standard; a bad value is an error at its file and line (tests/broken/ holds two more)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from playbook.content.load import load_content
from playbook.content.model import Content
from playbook.content.variables import fill_markdown, stage_variables
from playbook.render.pages import generate_pages

ROOT = Path(__file__).resolve().parent.parent
STAGES = "docs/data/stages.yml"


@pytest.fixture(scope="module")
def content() -> Content:
    loaded, problems = load_content(ROOT / "docs", ROOT)
    assert not problems
    return loaded


def test_only_the_stages_of_open_opportunities_set_a_dwell_limit(content: Content) -> None:
    limits = {s.id: s.dwell_limit for s in content.stages_in_order()}
    assert limits == {
        "lead": None,
        "qualify": 15,
        "solution": 30,
        "negotiate": 30,
        "contract": 15,
        "delivery": None,
        "renewal": None,
    }
    for stage in content.stages.values():
        assert (stage.dwell_limit is not None) == (stage.forecast == "open"), stage.id


def test_the_stalled_rate_definition_quotes_the_stage_table(content: Content) -> None:
    source = (ROOT / "docs/data/kpis.yml").read_text("utf-8")
    assert "{{stage.qualify.dwell_limit}}" in source  # quoted, not typed
    definition = content.kpis["stalled_rate"].definition
    assert "{{" not in definition
    listed = definition.split("阶段表：", 1)[1].split("。", 1)[0]
    said = re.findall(r"([^，\s]+) (\d+) 个", listed)
    expected = [(s.name, str(s.dwell_limit)) for s in content.stages_in_order() if s.dwell_limit]
    assert said == expected


def test_pages_and_glossary_that_name_the_limits_quote_them(content: Content) -> None:
    terms = {term.term: term for term in content.glossary}
    assert "15 个工作日" in terms["停留上限"].definition
    page = (ROOT / "docs/forecast/crm-data.md").read_text("utf-8")
    filled, unknown = fill_markdown(page, stage_variables(content.stages))
    assert not unknown
    assert "需求确认 15 个工作日，方案与演示 30 个，报价与谈判 30 个，合同签订 15 个" in filled


def test_the_stage_pages_show_the_limit_next_to_the_deadlines(content: Content) -> None:
    pages = generate_pages(content, "zh")
    overview = pages["process/index.md"]
    assert '<th scope="col">时限</th><th scope="col">停留上限</th>' in overview
    assert "<td>15 个工作日</td>" in overview and "<td>不设</td>" in overview
    qualify = pages["process/qualify.md"]
    assert "<dt>停留上限</dt><dd>15 个工作日</dd>" in qualify
    assert qualify.index("<dt>时限</dt>") < qualify.index("<dt>停留上限</dt>")
    assert "停留上限" not in pages["process/delivery.md"].split("<dl", 1)[1].split("</dl>")[0]


def _with_stages(tmp_path: Path, change: str, to: str) -> list[str]:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    path = project / STAGES
    text = path.read_text("utf-8")
    assert change in text
    path.write_text(text.replace(change, to, 1), "utf-8")
    _, problems = load_content(project / "docs", project)
    return [str(p) for p in problems]


def _line(text: str, needle: str) -> int:
    return text.split(needle, 1)[0].count("\n") + 1


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("-5", "「方案与演示」的停留上限（dwell_limit）应是大于 0 的整数"),
        ("0", "「方案与演示」的停留上限（dwell_limit）应是大于 0 的整数"),
        ("1.5", "「方案与演示」的停留上限（dwell_limit）应是大于 0 的整数"),
        ("20%", "「方案与演示」的停留上限（dwell_limit）应是大于 0 的整数"),
        ("15 个工作日", "「dwell_limit」不是有效的数字：15 个工作日"),
        ("十五", "「dwell_limit」不是有效的数字：十五"),
        ("true", "「dwell_limit」不是有效的数字"),
    ],
)
def test_a_bad_dwell_limit_is_said_at_its_line(tmp_path: Path, value: str, says: str) -> None:
    written = "dwell_limit: 30   # 工作日（公司政策）"
    problems = _with_stages(tmp_path, written, f"dwell_limit: {value}")
    line = _line((ROOT / STAGES).read_text("utf-8"), written)
    assert any(p.startswith(f"{STAGES}:{line}: {says}") for p in problems), "\n".join(problems)


def test_a_dwell_limit_on_a_won_stage_is_refused(tmp_path: Path) -> None:
    anchor = "    forecast: won   # 签约即赢单，不再计入加权预测\n"
    problems = _with_stages(tmp_path, anchor, anchor + "    dwell_limit: 20\n")
    line = _line((ROOT / STAGES).read_text("utf-8"), anchor) + 1
    expected = f"{STAGES}:{line}: 「订单与交付」设了停留上限（dwell_limit），但它不是在途商机"
    assert any(p.startswith(expected) for p in problems), "\n".join(problems)


def test_a_limit_the_kpi_quotes_cannot_be_removed_silently(tmp_path: Path) -> None:
    written = "dwell_limit: 30   # 工作日（公司政策）"
    problems = _with_stages(tmp_path, written, "")
    assert any(
        p.startswith("docs/data/kpis.yml:") and "stage.solution.dwell_limit" in p for p in problems
    ), "\n".join(problems)
