"""The calculator block works wherever a fenced block does, and its errors keep file:line."""

from __future__ import annotations

import re

import markdown
import pytest

from playbook.errors import ContentError
from playbook.markdown.calculators import CalculatorExtension

EXTENSIONS = ["pymdownx.superfences", "pymdownx.details", "admonition"]

BLOCK = "```calculator\nid: roi\ninputs:\n  upfront_cost: 20万\n```"


def _render(text: str, **config: object) -> str:
    md = markdown.Markdown(extensions=[*EXTENSIONS, CalculatorExtension(**config)])
    return md.convert(text)


def _quoted(block: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in block.splitlines())


@pytest.mark.parametrize(
    ("name", "text", "container"),
    [
        ("top level", BLOCK, None),
        (
            "blockquote",
            "> 客户问：\n>\n" + _quoted(BLOCK, "> ") + "\n>\n> 算给他看。",
            "blockquote",
        ),
        ("nested blockquote", _quoted(_quoted(BLOCK, "> "), "> "), "blockquote"),
        ("list item", "1. 先算回本：\n\n" + _quoted(BLOCK, "    "), "li"),
        ("admonition", '!!! tip "试算"\n\n' + _quoted(BLOCK, "    "), "div"),
        ("details", '??? example "试算"\n\n' + _quoted(BLOCK, "    "), "details"),
        (
            "blockquote in an admonition",
            '!!! note "试算"\n\n' + _quoted(_quoted(BLOCK, "> "), "    "),
            "blockquote",
        ),
    ],
)
def test_the_block_is_a_calculator_in_every_container(
    name: str, text: str, container: str | None
) -> None:
    html = _render(text)
    assert 'data-calc="roi"' in html, f"{name}: no calculator"
    assert "language-calculator" not in html, f"{name}: shown as a YAML code block"
    assert 'value="20万"' in html, f"{name}: the block's inputs were lost"
    if container:
        opened = html.index(f"<{container}")
        assert opened < html.index('data-calc="roi"') < html.index(f"</{container}>"), (
            f"{name}: the calculator left its container"
        )


def test_an_error_inside_a_blockquote_names_the_line_of_the_file() -> None:
    text = "# 标题\n\n> 前言\n>\n" + _quoted(
        BLOCK.replace("upfront_cost: 20万", "discount_rate: 0.08"), "> "
    )
    with pytest.raises(ContentError) as info:
        _render(text, source_path="docs/x.md", line_offset=4)
    assert str(info.value).startswith("docs/x.md:12: inputs.discount_rate: 「折现率」：0.08 是指")


@pytest.mark.xfail(strict=True, reason="the private scanner does not see the outer fence")
def test_a_block_shown_as_an_example_inside_a_longer_fence_stays_code() -> None:
    """docs/guide/managers.md shows managers how to write a block inside a ````markdown fence."""
    text = "写法如下：\n\n````markdown\n" + BLOCK + "\n````\n\n然后保存。"
    html = _render(text)
    assert "data-calc=" not in html, "the example became a live calculator"
    code = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.DOTALL)
    assert code, "the example is not shown as code"
    assert re.sub(r"<[^>]+>", "", code[1]).strip() == BLOCK
