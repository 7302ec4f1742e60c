"""Variables (docs/data/variables.yml, written ``{{company}}``) and the rep's blanks
(``〔客户说的问题〕``): filled into data files as read and into pages as built, never inside
code; an unknown one is an error at its line (tests/broken/ holds those cases)."""

from __future__ import annotations

import re
from pathlib import Path

from playbook.content.load import load_content
from playbook.content.model import Variable
from playbook.content.variables import fill_markdown
from playbook.render.pages import generate_pages
from playbook.render.pages.common import blanks

ROOT = Path(__file__).resolve().parent.parent
V = {
    "company": Variable("company", "公司简称", "云帆软件"),
    "product": Variable("product", "产品名称", "云帆订单协同系统"),
}


def test_a_page_gets_its_values_except_in_code_and_after_a_backslash() -> None:
    text = "\n".join(
        [
            "我们是{{company}}，产品叫{{ product }}。",
            "写法：`{{company}}`，``{{product}}`` 也不换；\\{{company}} 原样。",
            "```yaml",
            "say: {{company}}",
            "```",
            "~~~~",
            "{{company}}",
            "```",
            "~~~~",
            "结尾 {{company}} 和 {{compnay}}",
        ]
    )
    filled, unknown = fill_markdown(text, V)
    lines = filled.split("\n")
    assert lines[0] == "我们是云帆软件，产品叫云帆订单协同系统。"
    assert lines[1] == "写法：`{{company}}`，``{{product}}`` 也不换；\\{{company}} 原样。"
    assert lines[3] == "say: {{company}}" and lines[6] == "{{company}}"
    assert lines[9] == "结尾 云帆软件 和 {{compnay}}"
    assert unknown == [("compnay", 10)]
    assert len(lines) == len(text.split("\n"))  # lines stay where they were (error lines)


def test_the_sample_talk_tracks_use_the_variables_and_no_placeholder_crosses() -> None:
    content, problems = load_content(ROOT / "docs", ROOT)
    assert problems == []
    assert content.variables["company"].value
    pages = generate_pages(content, "zh")
    opening = pages["talk-tracks/phone-opening.md"]
    company = content.variables["company"].value
    assert f'{company}的<span class="pb-blank">〔您的名字〕</span>' in opening
    assert content.variables["proof_result"].value in opening
    for path, text in pages.items():
        assert "{{" not in text, path
        assert "××" not in text, path
    for source in (ROOT / "docs" / "data" / "talk-tracks").glob("*.yml"):
        assert "××" not in source.read_text("utf-8"), source.name


def test_changing_a_variable_changes_every_track(tmp_path: Path) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs" / "data", docs / "data")
    path = docs / "data" / "variables.yml"
    path.write_text(path.read_text("utf-8").replace("value: 云帆软件", "value: 星河数智"), "utf-8")
    content, problems = load_content(docs, tmp_path)
    assert problems == []
    pages = generate_pages(content, "zh")
    assert "星河数智" in pages["talk-tracks/phone-opening.md"]
    assert "星河数智" in pages["talk-tracks/gatekeeper.md"]
    assert not any("云帆软件的" in text for text in pages.values())


def test_blanks_are_marked_and_their_text_escaped() -> None:
    html = str(blanks("请说〔客户的<问题>〕，再约〔日期〕。"))
    assert html == (
        '请说<span class="pb-blank">〔客户的&lt;问题&gt;〕</span>，再约'
        '<span class="pb-blank">〔日期〕</span>。'
    )
    assert str(blanks("没有空位 <b>")) == "没有空位 &lt;b&gt;"
    assert not re.search("pb-blank", str(blanks("〔" + "长" * 41 + "〕")))


def test_pages_quote_the_stage_table_and_the_plans_instead_of_typing_them() -> None:
    """The forecast page's probabilities and the discount approval levels (on two pages) come
    from stages.yml and the discount plan: change the source and the pages follow."""
    import dataclasses

    from playbook.content.variables import plan_variables, stage_variables
    from playbook.plans import load_plans

    content, _ = load_content(ROOT / "docs", ROOT)
    plans, problems = load_plans(ROOT / "docs", ROOT)
    assert not problems
    stages = stage_variables(content.stages)
    assert stages["stage.qualify.win_probability"].value == "20%"
    assert stages["stage.qualify.name"].value == content.stages["qualify"].name
    forecast = (ROOT / "docs/forecast/pipeline.md").read_text("utf-8")
    assert "| 20% |" not in forecast  # quoted, not typed
    page, unknown = fill_markdown(forecast, {**stages, **plan_variables(plans)})
    assert not unknown and "| 20% |" in page

    level = "plan.discount-policy.approval_levels.1.max_discount"
    for name in ("docs/risk/discount-policy.md", "docs/team/roles.md"):
        source = (ROOT / name).read_text("utf-8")
        assert "{{" + level + "}}" in source, name
        page, unknown = fill_markdown(source, plan_variables(plans))
        assert not unknown and "5% 以上至 10%（含）" in page, name
        policy = plans["discount-policy"]
        levels = [dict(row) for row in policy.inputs["approval_levels"]]
        levels[1]["max_discount"] = "12%"
        changed = dataclasses.replace(policy, inputs={**policy.inputs, "approval_levels": levels})
        page, _ = fill_markdown(source, plan_variables({**plans, "discount-policy": changed}))
        assert "5% 以上至 12%（含）" in page and "12% 以上至 15%（含）" in page, name
