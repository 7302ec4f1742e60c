"""The calculator block works wherever a fenced block does, and its errors keep file:line."""

from __future__ import annotations

import re

import markdown
import pytest
from pymdownx.superfences import SuperFencesException

from calculators.messages import t
from playbook.errors import ContentError
from playbook.markdown import calculators as calculators_fence
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


def test_a_block_shown_as_an_example_inside_a_longer_fence_stays_code() -> None:
    """docs/guide/managers.md shows managers how to write a block inside a ````markdown fence."""
    text = "写法如下：\n\n````markdown\n" + BLOCK + "\n````\n\n然后保存。"
    html = _render(text)
    assert "data-calc=" not in html, "the example became a live calculator"
    code = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.DOTALL)
    assert code, "the example is not shown as code"
    assert re.sub(r"<[^>]+>", "", code[1]).strip() == BLOCK


def test_the_block_is_a_calculator_inside_a_tab() -> None:
    text = '=== "回本"\n\n' + _quoted(BLOCK, "    ") + '\n\n=== "折扣"\n\n    另一页。'
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "pymdownx.tabbed", CalculatorExtension()],
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )
    html = md.convert(text)
    assert 'value="20万"' in html
    assert html.index('class="tabbed-block"') < html.index('data-calc="roi"')
    assert html.index('data-calc="roi"') < html.index("另一页")


def test_an_error_inside_a_tab_names_the_line_of_the_file() -> None:
    text = '# 标题\n\n=== "回本"\n\n' + _quoted(BLOCK.replace("20万", "二十万"), "    ")
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "pymdownx.tabbed", CalculatorExtension(source_path="docs/x.md")]
    )
    with pytest.raises(ContentError) as info:
        md.convert(text)
    assert str(info.value).startswith("docs/x.md:8: inputs.upfront_cost: ")


def test_a_block_after_an_example_of_it_keeps_its_own_line() -> None:
    """The example inside the ````markdown fence is the same text; the error is the block's."""
    broken = BLOCK.replace("20万", "二十万")
    text = "````markdown\n" + broken + "\n````\n\n" + broken
    with pytest.raises(ContentError) as info:
        _render(text, source_path="docs/x.md")
    assert str(info.value).startswith("docs/x.md:12: inputs.upfront_cost: ")


def test_superfences_listed_after_the_calculator_still_renders_blocks() -> None:
    md = markdown.Markdown(extensions=[CalculatorExtension(), *EXTENSIONS])
    html = md.convert("> 试算：\n>\n" + _quoted(BLOCK, "> "))
    assert 'data-calc="roi"' in html and "language-calculator" not in html


def test_without_superfences_the_extension_loads_it() -> None:
    html = markdown.Markdown(extensions=[CalculatorExtension()]).convert(
        "> " + BLOCK.replace("\n", "\n> ")
    )
    assert 'data-calc="roi"' in html


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("# 标题\n\n" + BLOCK.removesuffix("```"), 3, "fence.not_closed"),
        ("# 标题\n\n" + BLOCK.replace("calculator", "calculator title=x"), 3, "fence.not_rendered"),
        # the body leaves the list item's indentation: SuperFences gives up on the fence
        ("1. 试算\n\n" + _quoted(BLOCK, "    ").replace("    id", "id"), 3, "fence.not_rendered"),
        ("> 试算\n>\n" + _quoted(BLOCK, "> ").replace("> id", "id"), 3, "fence.not_rendered"),
    ],
)
def test_a_block_superfences_would_show_as_code_is_an_error(text: str, line: int, key: str) -> None:
    for lang in ("zh", "en"):
        with pytest.raises(ContentError) as info:
            _render(text, source_path="docs/x.md", line_offset=4, lang=lang)
        assert str(info.value) == f"docs/x.md:{line + 4}: {t(key, lang, fence='```')}"


def test_an_unexpected_failure_of_the_formatter_stops_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SuperFences would show the block as code if the formatter's exception were not its own."""

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(calculators_fence, "render_widget", broken)
    with pytest.raises(SuperFencesException) as info:
        _render(BLOCK)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_messages_follow_the_sites_language() -> None:
    with pytest.raises(ContentError) as info:
        _render(BLOCK.replace("id: roi", "id: rio"), source_path="docs/x.md", lang="en")
    assert str(info.value).startswith("docs/x.md:2: unknown calculator id `rio` (known: ")
