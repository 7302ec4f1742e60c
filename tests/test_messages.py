"""Every message exists in Chinese and English with the same parameters, every key is used, and
every key the code names exists: the catalogs and the code cannot drift apart."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import calculators
import calculators.tables  # loads the table reader's catalog (its keys are checked too)
import playbook.messages  # noqa: F401  (loads the generator's and the widget's catalogs)
from calculators import messages
from calculators.messages import read_catalog

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    path
    for folder in ("calculators", "playbook", "hooks")
    for path in sorted((ROOT / folder).rglob("*.py"))
]
CALCULATORS = calculators.all_calculators()
KEY = re.compile(r"^[a-z][a-z_0-9]*(?:\.[a-z_0-9-]+)+$")
FILE = re.compile(r"\.(?:md|ya?ml|json|py|js|mjs|css|html|txt|whl)$")
#: Dotted literals that name something else: VS Code's setting for the YAML extension.
NOT_KEYS = {"yaml.schemas"}


GENERATOR = [ROOT / "playbook" / "messages.json", ROOT / "playbook" / "render" / "messages.json"]


def _catalog_files() -> list[Path]:
    own = sorted(ROOT.glob("calculators/*/messages.json"))
    return [ROOT / "calculators" / "messages.json", *own, *GENERATOR]


def _parameters(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    # A parameter may come in a version per language (other_zh / other_en).
    return {re.sub(r"_(zh|en)$", "", name) for name in names}


@pytest.mark.parametrize("path", _catalog_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_catalog_holds_only_its_own_keys(path: Path) -> None:
    catalog = read_catalog(path)  # refuses a key without both languages
    if path.parent.name == "calculators" or path in GENERATOR:
        # The shared and the generator's catalogs stay out of the calculators' namespaces.
        assert not [k for k in catalog if k.split(".")[0] in CALCULATORS]
    else:
        assert all(key.startswith(path.parent.name + ".") for key in catalog)


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_chinese_and_english_take_the_same_parameters(key: str) -> None:
    zh, en = messages.MESSAGES[key]
    assert zh.strip() and en.strip()
    assert _parameters(zh) == _parameters(en), key


def _literals_and_patterns() -> tuple[set[str], list[re.Pattern[str]]]:
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                fixed = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if "." not in fixed or not fixed.strip(". "):
                    continue  # f"{a}.{b}" says nothing about which keys it reads
                regex = "".join(
                    re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_0-9.-]+"
                    for v in node.values
                )
                patterns.append(re.compile(regex + r"\Z"))
    # Choice labels are read as <calculator>.<field>.<choice> for every declared choice.
    for calc_id, calc in CALCULATORS.items():
        for field in calc.fields:
            literals.update(f"{calc_id}.{field.name}.{choice}" for choice in field.choices or ())
    return literals, patterns


def test_every_key_is_used() -> None:
    literals, patterns = _literals_and_patterns()
    unused = [
        key
        for key in messages.MESSAGES
        if key not in literals and not any(p.match(key) for p in patterns)
    ]
    assert not unused, f"keys nobody reads: {', '.join(unused)}"


def test_every_key_the_code_names_exists() -> None:
    namespaces = {key.split(".")[0] for key in messages.MESSAGES}
    literals, _ = _literals_and_patterns()
    missing = sorted(
        text
        for text in literals
        if KEY.match(text)
        and not FILE.search(text)
        and text not in NOT_KEYS
        and text.split(".")[0] in namespaces
        and text not in messages.MESSAGES
    )
    assert not missing, f"keys the code names but no catalog has: {', '.join(missing)}"
