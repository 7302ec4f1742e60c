"""The content schema (playbook/content/schema.py) drives validation of docs/data/: for every kind
of record, each required key it declares is reported missing with file:line, a key it does not
declare is refused, a choice outside its list is refused, and the loader reads every key it
declares."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from calculators.messages import t
from playbook.content import schema
from playbook.content.load import load_content
from playbook.content.reader import Reader
from playbook.yamlsrc import Path_, key_lines, load_with_lines

REVIEW = dt.date(2027, 5, 31)

# One valid file of each kind that uses every key the schema declares.
SAMPLE: dict[str, dict[str, Any]] = {
    "kpis.yml": {
        "owner": "销售运营部",
        "review_by": REVIEW,
        "intro": "本页列出全部指标。",
        "kpis": [
            {
                "id": "aov",
                "name": "客单价",
                "name_en": "Average order value",
                "definition": "平均每笔订单金额。",
                "formula": "销售额 ÷ 订单数",
                "unit": "money",
                "direction": "higher",
                "frequency": "月度",
                "owner": "销售运营部",
                "data_source": "ERP",
                "thresholds": {"green": "6000", "amber": "4000"},
                "related": ["aov"],
                "example": {"values": {"销售额": "100万", "订单数": 200}, "result": 5000},
                "note": "不含退款。",
            }
        ],
    },
    "stages.yml": {
        "owner": "销售运营部",
        "review_by": REVIEW,
        "intro": "从线索到签约。",
        "stages": [
            {
                "id": "lead",
                "name": "线索开发",
                "order": 1,
                "goal": "约到第一次沟通。",
                "owner": "销售代表",
                "sla": "1 小时内响应",
                "entry": ["线索已录入"],
                "exit": ["约定首次会议"],
                "artifacts": ["线索记录"],
                "kpis": ["aov"],
                "talk_tracks": ["opening"],
                "win_probability": "5%",
                # An open opportunity's stage, so that it may set a 停留上限 (working days).
                "forecast": "open",
                "dwell_limit": 15,
                "description": "第一次接触客户。",
            }
        ],
    },
    "talk-tracks/opening.yml": {
        "id": "opening",
        "title": "电话开场",
        "scenario": "第一次打电话",
        "stage": "lead",
        "goal": "约到会议",
        "steps": [{"title": "开场", "say": "您好。", "ask": "方便吗？", "listen": "对方的顾虑"}],
        "objections": [
            {
                "id": "too-busy",
                "objection": "我很忙",
                "clarify": "您是这周忙，还是一直忙？",
                "responses": ["只占用两分钟。"],
                "proof": "同行客户的例子。",
                "next_step": "约定回电时间。",
            }
        ],
        "owner": "销售培训部",
        "review_by": REVIEW,
        "calculators": ["roi"],
        "tips": ["语速放慢。"],
    },
    "variables.yml": {
        "owner": "销售运营部",
        "review_by": REVIEW,
        "intro": "话术里的公司名。",
        "variables": [
            {"id": "company", "label": "公司简称", "value": "云帆软件", "note": "怎么称呼我们"}
        ],
    },
    "glossary.yml": {
        "owner": "销售运营部",
        "review_by": REVIEW,
        "intro": "常用术语。",
        "terms": [
            {
                "term": "客单价",
                "aliases": ["AOV"],
                "definition": "平均每笔订单金额。",
                "link": "kpis/index.md#kpi-aov",
            }
        ],
    },
}

# Where one record of each kind is in SAMPLE: (file, path to the mapping).
WHERE: dict[str, tuple[str, Path_]] = {
    "kpis.yml": ("kpis.yml", ()),
    "kpi": ("kpis.yml", ("kpis", 0)),
    "thresholds": ("kpis.yml", ("kpis", 0, "thresholds")),
    "example": ("kpis.yml", ("kpis", 0, "example")),
    "stages.yml": ("stages.yml", ()),
    "stage": ("stages.yml", ("stages", 0)),
    "talk_track": ("talk-tracks/opening.yml", ()),
    "step": ("talk-tracks/opening.yml", ("steps", 0)),
    "objection": ("talk-tracks/opening.yml", ("objections", 0)),
    "glossary.yml": ("glossary.yml", ()),
    "term": ("glossary.yml", ("terms", 0)),
    "variables.yml": ("variables.yml", ()),
    "variable": ("variables.yml", ("variables", 0)),
}


def _mapping(data: dict[str, Any], at: Path_) -> dict[str, Any]:
    node: Any = data
    for part in at:
        node = node[part]
    assert isinstance(node, dict)
    return node


def _load(
    tmp_path: Path, lang: str, file: str | None = None, data: dict[str, Any] | None = None
) -> tuple[list[str], str]:
    """Write SAMPLE (with ``data`` for ``file``), load it; the problems and ``file``'s text."""
    docs = tmp_path / "docs"
    written = ""
    for name, content in SAMPLE.items():
        text = yaml.safe_dump(
            data if name == file else content, allow_unicode=True, sort_keys=False
        )
        path = docs / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        if name == file:
            written = text
    _content, problems = load_content(docs, tmp_path, lang)
    return [str(p) for p in problems], written


def _line(text: str, at: Path_) -> int:
    return key_lines(load_with_lines(text)[1]).get(at, 1) if at else 1


def _cases(select: str) -> list[tuple[str, str]]:
    return [
        (record.name, key.name)
        for record in schema.RECORDS.values()
        for key in record.keys
        if (select == "required" and key.required) or (select == "choice" and key.choices)
    ]


def test_the_sample_uses_every_kind_of_record_and_loads_cleanly(tmp_path: Path) -> None:
    assert set(WHERE) == set(schema.RECORDS)
    for name, (file, at) in WHERE.items():
        assert set(_mapping(SAMPLE[file], at)) == set(schema.RECORDS[name].names), name
    assert _load(tmp_path, "zh")[0] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("record", "key"), _cases("required"))
def test_each_required_key_when_missing_is_reported_at_its_record(
    tmp_path: Path, record: str, key: str, lang: str
) -> None:
    file, at = WHERE[record]
    data = copy.deepcopy(SAMPLE[file])
    del _mapping(data, at)[key]
    problems, text = _load(tmp_path, lang, file, data)
    expected = f"docs/data/{file}:{_line(text, at)}: {t('content.missing', lang, key=key)}"
    assert expected in problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("record", sorted(schema.RECORDS))
def test_a_key_the_schema_does_not_declare_is_refused(
    tmp_path: Path, record: str, lang: str
) -> None:
    file, at = WHERE[record]
    data = copy.deepcopy(SAMPLE[file])
    _mapping(data, at)["scirpt"] = "这里写错了字段名"
    problems, text = _load(tmp_path, lang, file, data)
    allowed = ", ".join(sorted(schema.RECORDS[record].names))
    message = t("content.unknown_key", lang, key="scirpt", allowed=allowed)
    expected = f"docs/data/{file}:{_line(text, (*at, 'scirpt'))}: {message}"
    assert expected in problems, "\n".join(problems)


@pytest.mark.parametrize(("record", "key"), _cases("choice"))
def test_a_choice_outside_the_declared_choices_is_refused(
    tmp_path: Path, record: str, key: str
) -> None:
    file, at = WHERE[record]
    data = copy.deepcopy(SAMPLE[file])
    _mapping(data, at)[key] = "sideways"
    problems, text = _load(tmp_path, "zh", file, data)
    choices = "/".join(schema.RECORDS[record][key].choices)
    message = t("content.bad_choice", "zh", key=key, choices=choices, value="sideways")
    assert f"docs/data/{file}:{_line(text, (*at, key))}: {message}" in problems


def test_the_loader_reads_every_key_the_schema_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A declared key the loader never asked for would be accepted and then silently ignored."""
    read: set[tuple[str, str]] = set()
    get = Reader.get

    def spy(self: Reader, name: str, **kwargs: Any) -> Any:
        read.add((self.record.name, name))
        return get(self, name, **kwargs)

    monkeypatch.setattr(Reader, "get", spy)
    assert _load(tmp_path, "zh")[0] == []
    declared = {(r.name, k.name) for r in schema.RECORDS.values() for k in r.keys}
    assert declared - read == set()


def test_a_key_declaration_is_checked() -> None:
    with pytest.raises(ValueError):
        schema.Key("unit", "choice")
    with pytest.raises(ValueError):
        schema.Key("unit", "colour")
    with pytest.raises(ValueError):
        schema.Key("steps", "records")
