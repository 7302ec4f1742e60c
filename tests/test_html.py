"""The one HTML path: escaping, elements, and hostile input on its way to the page.

Whatever a visitor types reaches the page either as text (error messages, written with
``textContent``) or inside the result panel (written with ``innerHTML``, so it must be escaped).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import calculators
from calculators import browser, messages
from calculators.html import Markup, el, escape, join
from calculators.spec import Calculator, Field
from playbook.render.calculator import render_widget

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script>"
BREAKOUT = '" autofocus onfocus="alert(1)'


# --- escape and Markup ------------------------------------------------------------------------


def test_escape_neutralises_every_html_special_character() -> None:
    assert escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;"
    assert escape(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert isinstance(escape("x"), Markup)


def test_escape_passes_markup_through_and_never_double_escapes() -> None:
    assert escape(Markup("<b>bold</b>")) == "<b>bold</b>"
    assert escape(escape("a & b")) == "a &amp; b", "'&amp;amp;' would show on the page"


def test_escape_writes_numbers_as_people_read_them() -> None:
    assert escape(None) == ""
    assert escape(0) == "0"
    assert escape(Decimal("1E+3")) == "1000", "an exponent would show up in a figure"


def test_markup_plus_text_escapes_the_text() -> None:
    combined = Markup("<b>") + HOSTILE
    assert isinstance(combined, Markup)
    assert combined == "<b>&lt;script&gt;alert(1)&lt;/script&gt;"


# --- el and join -------------------------------------------------------------------------------


def test_el_escapes_attribute_values_and_text_children() -> None:
    html = el("p", {"title": BREAKOUT}, HOSTILE)
    assert html == (
        '<p title="&quot; autofocus onfocus=&quot;alert(1)">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_el_keeps_markup_children_and_flattens_lists() -> None:
    html = el("ul", None, [el("li", None, "a<b"), [el("li", None, "c")]], Markup("<!-- x -->"))
    assert html == "<ul><li>a&lt;b</li><li>c</li><!-- x --></ul>"


def test_el_boolean_and_missing_attributes() -> None:
    html = el("input", {"hidden": True, "disabled": False, "value": None, "name": "x"})
    assert html == '<input hidden name="x">', "False/None attributes must not appear at all"


def test_el_trailing_underscore_names_and_number_values() -> None:
    html = el("td", {"class_": "pb-num", "colspan": 2, "data-value": Decimal("1E+2")}, 0)
    assert html == '<td class="pb-num" colspan="2" data-value="100">0</td>', (
        "a zero amount must not vanish from a table cell"
    )


def test_el_skips_none_and_false_children() -> None:
    assert el("p", None, None, "a", False, "b") == "<p>ab</p>"


@pytest.mark.parametrize("tag", ["br", "hr", "img", "input", "meta", "link", "col", "wbr"])
def test_void_elements_have_no_closing_tag(tag: str) -> None:
    assert el(tag, {"id": "x"}) == f'<{tag} id="x">'


def test_join_escapes_text_and_separator_but_keeps_markup() -> None:
    assert join([Markup("<i>a</i>"), "<b>"], sep="&") == "<i>a</i>&amp;&lt;b&gt;"


# --- the result panel --------------------------------------------------------------------------


class _Balance(HTMLParser):
    VOID = frozenset({"br", "col", "hr", "img", "input", "meta", "link", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if any(name.startswith("on") for name, _ in attrs):
            self.problems.append(f"event handler attribute on <{tag}>")
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def _check_html(html: str) -> _Balance:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert not parser.problems, parser.problems
    assert not parser.open, f"unclosed: {parser.open}"
    return parser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_panel_is_balanced_html_without_scripts(lang: str) -> None:
    result = calculators.compute("roi", {})
    parser = _check_html(calculators.render_result("roi", result, lang))
    assert parser.scripts == 0


# --- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_input_comes_back_as_text_not_as_html(lang: str) -> None:
    form = {"upfront_cost": HOSTILE, HOSTILE: "1"}
    answer = json.loads(browser.run("roi", json.dumps(form), lang))
    assert answer["ok"] is False
    assert "html" not in answer, "nothing from a refused input may reach innerHTML"
    by_field = {e["field"]: e["message"] for e in answer["errors"]}
    assert set(by_field) == {"upfront_cost", HOSTILE}
    # Messages are plain text that calc.js writes with textContent: the visitor sees exactly
    # what they typed. (Escaping them here would show "&lt;script&gt;" on the page.)
    assert HOSTILE in by_field["upfront_cost"]
    assert HOSTILE in by_field[HOSTILE]


def test_browser_script_writes_only_the_result_panel_as_html() -> None:
    script = (ROOT / "playbook" / "static" / "calc.js").read_text("utf-8")
    sinks = re.findall(
        r"(?:\.innerHTML|\.outerHTML)\s*=\s*([^;]+);|insertAdjacentHTML\(([^)]*)\)|"
        r"document\.write\(([^)]*)\)",
        script,
    )
    assert sinks, "calc.js no longer swaps the result panel in: update this test"
    sources = ["".join(groups).strip() for groups in sinks]
    assert sources == ["answer.html"], (
        f"calc.js writes HTML from {sources}; error messages are plain text and would run "
        "as script there"
    )
    assert re.search(r"\.textContent\s*=\s*message\b", script), (
        "field error messages must be written with textContent"
    )


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> str:
    """A throwaway calculator whose result repeats a text input (roi only takes numbers)."""

    def compute(values: dict[str, Any]) -> dict[str, Any]:
        return {"inputs": {"name": values["name"]}, "name": values["name"]}

    def render(result: dict[str, Any], lang: str) -> Markup:
        return el(
            "div",
            {"class": "pb-outs", "data-name": result["name"]},
            el("output", {"data-output": "name", "data-value": result["name"]}, result["name"]),
        )

    calc = Calculator(
        id="echo",
        fields=(Field("name", "text", default="Acme"),),
        compute=compute,
        render=render,
    )
    for key in ("echo.title", "echo.name.label", "echo.name.help"):
        monkeypatch.setitem(messages.MESSAGES, key, (key, key))
    monkeypatch.setitem(calculators.registry.LOADED, "echo", calc)
    return "echo"


@pytest.mark.parametrize("typed", [HOSTILE, BREAKOUT, "<img src=x onerror=alert(1)>"])
def test_typed_text_is_escaped_in_the_live_result_panel(echo: str, typed: str) -> None:
    answer = json.loads(browser.run(echo, json.dumps({"name": typed}), "zh"))
    assert answer["ok"] is True, answer
    assert answer["result"]["name"] == typed, "the JSON result keeps the text as typed"
    html = answer["html"]
    assert "<script" not in html and "<img" not in html, f"typed text became markup: {html}"
    parser = _check_html(html)
    assert parser.scripts == 0


@pytest.mark.parametrize("typed", [HOSTILE, BREAKOUT])
def test_author_text_is_escaped_in_the_built_widget(echo: str, typed: str) -> None:
    widget = render_widget(echo, {"name": typed}, instance="pb-echo-1", runtime=None, lang="zh")
    assert "<script" not in widget, "an author's default became a script on the built page"
    parser = _check_html(widget)
    assert parser.scripts == 0
    assert f'value="{escape(typed)}"' in widget, "the form does not show the default as typed"


def test_roi_widget_keeps_the_authors_spelling_escaped_in_the_input() -> None:
    widget = render_widget(
        "roi",
        {"annual_benefit": "8万 12万 15万", "upfront_cost": "¥10万"},
        instance="pb-roi-1",
        runtime=None,
        lang="zh",
    )
    _check_html(widget)
    assert 'value="8万 12万 15万"' in widget
    assert 'value="¥10万"' in widget
    assert 'data-output="npv" data-value="134861.01"' in widget
