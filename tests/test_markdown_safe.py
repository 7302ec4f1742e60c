"""Text from data files in a page's Markdown (playbook.markdown.safe), rendered with the site's
Markdown extensions: values show as written, Markdown fields keep their Markdown, neither makes
HTML of its own. tests/test_xss.py pushes the whole corpus through a built site in Chromium."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown as markdown_lib
import pytest

from playbook.content.model import Variable
from playbook.content.variables import fill_markdown
from playbook.markdown import safe

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


def render(source: str) -> str:
    html: str = markdown_lib.Markdown(extensions=EXTENSIONS).convert(source)
    return html


class _Made(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.made: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("p", "h1", "code", "strong", "em", "ul", "li", "pre", "a", "div"):
            self.made.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.made.append(f"{tag} {name}")
            if name in ("href", "src") and not (value or "").startswith(("../", "https:")):
                self.made.append(f"{tag} {name}={value}")


def made(html: str) -> list[str]:
    """Elements and attributes ``html`` has beyond paragraphs, headings, code and safe links."""
    parser = _Made()
    parser.feed(html)
    return parser.made


VALUES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "[点我](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "`<b>` *强调* _下划线_ | 竖线 ~波浪~ \\ 反斜杠",
    "&lt;script&gt; R&D",
    "# 1. - + ! (括号)",
]


@pytest.mark.parametrize("value", VALUES)
def test_a_value_shows_as_written_in_text_and_in_a_heading(value: str) -> None:
    import html

    for source in (safe.text(value), "# " + safe.heading(value)):
        rendered = render(source)
        assert made(rendered) == [], rendered
        inner = rendered.split(">", 1)[1].rsplit("<", 1)[0]
        assert html.unescape(inner) == value


def test_a_value_inside_an_attribute_of_the_page_stays_inside() -> None:
    rendered = render(f'<div title="{safe.text(VALUES[1])}" markdown>x</div>')
    assert "<img" not in rendered and 'title="&quot;&gt;&lt;img' in rendered


def test_a_variable_in_a_page_is_text() -> None:
    variables = {"company": Variable("company", "公司", "<b>云帆</b>[x](javascript:1)", "")}
    filled, unknown = fill_markdown("我们是{{company}}。`{{company}}`", variables)
    assert unknown == []
    rendered = render(filled)
    assert "<b>" not in rendered and "href" not in rendered
    assert "&lt;b&gt;云帆&lt;/b&gt;" in rendered
    assert "<code>{{company}}</code>" in rendered  # code is left as written


def test_a_markdown_field_keeps_its_markdown() -> None:
    source = (
        "**签约额**见[金额口径](../kpis/index.md#金额口径)，"
        "<https://example.com/a> 和 `<b>`。\n{: #金额口径 .note }\n\n"
        "- 一\n- 二\n\n```\n<b>代码</b>\n```"
    )
    rendered = render(safe.markdown(source))
    assert "<strong>签约额</strong>" in rendered
    assert '<a href="../kpis/index.md#金额口径">金额口径</a>' in rendered
    assert '<a href="https://example.com/a">' in rendered
    assert 'id="金额口径"' in rendered and 'class="note"' in rendered
    assert "<li>一</li>" in rendered
    assert "<code>&lt;b&gt;</code>" in rendered and "&lt;b&gt;代码&lt;/b&gt;" in rendered


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>",
        "--><img src=x onerror=alert(1)><!--",
        "[点我](javascript:alert(1))",
        "[点我]( JaVaScRiPt:alert(1))",
        "[点我](jav&#x61;script:alert(1))",
        "[点我](<javascript:alert(1)>)",
        "![图](data:text/html,<script>alert(1)</script>)",
        "[点我][r]\n\n[r]: javascript:alert(1)",
        '段落\n{: onclick="alert(1)" }',
        "段落 {: #a onmouseover=alert(1) }",
    ],
)
def test_a_markdown_field_makes_no_html_of_its_own(source: str) -> None:
    rendered = render(safe.markdown(source))
    assert made(rendered) == [], rendered
