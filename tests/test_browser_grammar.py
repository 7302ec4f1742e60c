"""What a rep types and shares reads one way everywhere, checked in real Chromium.

Each case of the number-grammar table (``tests/grammar.json``) is typed into the real form: the
page shows exactly the numbers the command line gives for the same text, or the same error, and
never a number computed from text that reads two ways. Share links keep any text exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS
from grammar_reader import read_case
from hypothesis import given, settings
from hypothesis import strategies as st

import calculators

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
TABLE: dict[str, Any] = json.loads((ROOT / "tests" / "grammar.json").read_text("utf-8"))
PAGES = {"roi": "/calculators/roi/", "commission": "/calculators/commission/"}

# Every answer of the worker is kept with the form's state it answered, so a test can wait for
# the answer to exactly what is in the boxes now.
RECORD_ANSWERS = """() => {
  const form = document.querySelector('form.pb-calc');
  const state = () => Object.fromEntries(
    [...form.querySelectorAll('[name]')].map(e => [e.name, e.value]));
  window.pbState = state;
  form.addEventListener('pb-calc:result', (event) => {
    window.pbLast = {state: state(), ok: event.detail.ok};
  });
}"""


def _state(page: Any) -> dict[str, str]:
    state: dict[str, str] = page.evaluate("window.pbState()")
    return state


def _outputs(page: Any) -> dict[str, str]:
    values: dict[str, str] = page.eval_on_selector(
        "form.pb-calc",
        "f => Object.fromEntries([...f.querySelectorAll('[data-output]')]"
        ".map(e => [e.dataset.output, e.dataset.value]))",
    )
    return values


def _set(page: Any, name: str, value: str) -> None:
    control = page.locator(f'form.pb-calc [name="{name}"]').first
    if control.evaluate("e => e.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)


def _answered(page: Any) -> bool:
    """Wait for the worker's answer to the boxes as they are; True when it computed."""
    try:
        page.wait_for_function(
            "() => window.pbLast && JSON.stringify(window.pbLast.state) === "
            "JSON.stringify(window.pbState())",
            timeout=15_000,
        )
    except Exception:
        last = page.evaluate("window.pbLast")
        status = page.inner_text(".pb-calc__status")
        errors = getattr(page, "console_errors", [])
        raise AssertionError(
            f"no answer for {_state(page)} ({status} {errors}); last: {last}"
        ) from None
    ok: bool = page.evaluate("window.pbLast.ok")
    return ok


def _cli(calc_id: str, state: dict[str, str]) -> dict[str, str]:
    """The headline figures ``python -m calculators`` gives for the form's text."""
    result = calculators.compute(calc_id, state, from_form=True)
    return {k: "" if v is None else str(v) for k, v in result.items() if not isinstance(v, dict)}


def _reset(page: Any, with_fields: dict[str, str]) -> None:
    """The page's defaults, then the case's other fields; waits until that is computed."""
    for name, default in page.eval_on_selector_all(
        "form.pb-calc [name][data-default]", "els => els.map(e => [e.name, e.dataset.default])"
    ):
        if page.input_value(f'form.pb-calc [name="{name}"]') != default:
            _set(page, name, default)
    for name, value in with_fields.items():
        _set(page, name, value)
    page.evaluate("window.pbLast = null")
    page.locator("form.pb-calc button[type=submit], form.pb-calc").first.dispatch_event("input")
    assert _answered(page), "the page's defaults with the case's fields did not compute"


@pytest.mark.parametrize("calc_id", sorted(PAGES))
def test_the_form_shows_what_the_command_line_shows_for_every_typed_text(
    page: Any, site_server: Any, calc_id: str
) -> None:
    page.goto(site_server.origin + PAGES[calc_id])
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    page.evaluate(RECORD_ANSWERS)
    cases = [c for c in TABLE["cases"] if TABLE["fields"][c["field"]]["calculator"] == calc_id]
    assert cases
    for case in cases:
        where = TABLE["fields"][case["field"]]
        _reset(page, where.get("with", {}))
        before = _outputs(page)
        _set(page, where["field"], case["typed"])
        ok = _answered(page)
        label = f"{where['field']} = {case['typed']!r}"
        control_id = page.get_attribute(f'form.pb-calc [name="{where["field"]}"]', "id")
        error = page.locator(f"#{control_id}-error")
        if "value" in case:
            assert ok, f"{label}: the page refused what the table reads as {case['value']}"
            want = _cli(calc_id, _state(page))
            shown = _outputs(page)
            assert shown == {k: want[k] for k in shown}, f"{label}: page and CLI differ"
            continue
        assert not ok, f"{label}: the page computed from text the CLI refuses"
        assert _outputs(page) == before, f"{label}: a number changed although nothing was read"
        stale = page.eval_on_selector(
            "form.pb-calc [data-result]", "e => e.classList.contains('pb-calc__result--stale')"
        )
        assert stale, f"{label}: the old result is not marked as belonging to the old inputs"
        message = read_case(TABLE, case)["errors"][0]["message"]["zh"]
        assert error.inner_text().startswith(message), f"{label}: another message than the CLI"
        if "ask" not in case:
            continue
        buttons = error.locator("button")
        assert buttons.all_inner_texts() == case["ask"], f"{label}: the readings offered"
        buttons.first.click()
        chosen_ok = _answered(page)
        state = _state(page)
        assert case["ask"][0] in state[where["field"]]
        assert case["typed"] not in state[where["field"]].split(), "the ambiguous text is left"
        if chosen_ok:
            want = _cli(calc_id, state)
            shown = _outputs(page)
            assert shown == {k: want[k] for k in shown}, f"{label}: after choosing, page ≠ CLI"
        else:  # the next item of a list that reads two ways is asked about in its turn
            again = read_case(TABLE, {"field": case["field"], "typed": state[where["field"]]})
            assert again["errors"][0]["typed"] != case["typed"]
            assert error.inner_text().startswith(again["errors"][0]["message"]["zh"])
    assert page.foreign_requests == []
    assert page.console_errors == []


# --- share links ---------------------------------------------------------------------------------

# Any text a person could put in a box: letters of any script, & + % # = ? and spaces. (Not lone
# surrogates, which no keyboard produces; not line breaks, which an <input> drops.)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=30,
)


@pytest.fixture(scope="module")
def share_page(browser: Any, site_server: Any) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.origin + PAGES["roi"])
    yield page
    context.close()


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from(["a", "名称", "x.y"]), TEXT), max_size=4))
def test_a_share_link_gives_back_exactly_the_text_that_was_in_the_boxes(
    share_page: Any, values: list[tuple[str, str]]
) -> None:
    """Encoded once, put in the address bar, read back by the browser and decoded once."""
    back = share_page.evaluate(
        """async (pairs) => {
            const {encodeState, decodeState} = await import('/assets/playbook/share.js');
            history.replaceState(null, '', encodeState('pb-roi-1', pairs));
            return decodeState(location.hash, 'pb-roi-1');
        }""",
        [list(p) for p in values],
    )
    assert [tuple(p) for p in back] == values


def test_text_with_ampersand_plus_and_percent_survives_a_share_link(
    page: Any, browser: Any, site_server: Any
) -> None:
    page.goto(site_server.origin + PAGES["roi"])
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    page.evaluate(RECORD_ANSWERS)
    typed = "罚款&滞纳金 5万\n杂费+其他/100%退款#2=3？ 2万"
    page.fill('textarea[name="other_benefits"]', typed)
    page.fill('input[name="upfront_cost"]', "80,0000")
    assert _answered(page)
    shown = _outputs(page)
    link = page.evaluate("location.href")
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link)
    other.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    other.wait_for_function(
        "npv => document.querySelector('[data-output=npv]').dataset.value === npv",
        arg=shown["npv"],
        timeout=15_000,
    )
    assert other.input_value('textarea[name="other_benefits"]') == typed
    assert other.input_value('input[name="upfront_cost"]') == "80,0000"
    assert _outputs(other) == shown
    fresh.close()


def test_a_fresh_share_link_says_it_is_computing_the_links_numbers(
    browser: Any, site_server: Any
) -> None:
    """Until the engine is live the panel shows the defaults, and says so truthfully."""
    state = {"upfront_cost": "20万", "discount_rate": "12%"}
    site_server.delay["pyodide.asm.wasm"] = 3.0
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        query = "&".join(f"{k}={v}" for k, v in state.items())
        page.goto(f"{site_server.origin}{PAGES['roi']}#pb-roi-1?{query}")
        page.wait_for_selector(".pb-calc__result--link", timeout=10_000)
        status = page.inner_text(".pb-calc__status")
        assert "分享链接中的数字" in status, status
        note = page.get_attribute("[data-result]", "data-link-note") or ""
        assert "页面默认值" in note and "修改前" not in note
        assert page.input_value('input[name="upfront_cost"]') == "20万"
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.wait_for_selector(".pb-calc__result--link", state="detached", timeout=15_000)
        form = page.eval_on_selector_all(
            "form.pb-calc [name]", "els => Object.fromEntries(els.map(e => [e.name, e.value]))"
        )
        want = _cli("roi", form)
        assert _outputs(page) == {k: want[k] for k in _outputs(page)}
        assert "实时计算已就绪" in page.inner_text(".pb-calc__status")
    finally:
        site_server.delay.clear()
        context.close()


def test_without_javascript_a_link_says_its_numbers_need_javascript(
    browser: Any, site_server: Any
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{site_server.origin}{PAGES['roi']}#pb-roi-1?upfront_cost=20万")
    note = page.inner_text(".pb-calc__noscript")
    assert "JavaScript" in note and "默认值" in note
    status = page.inner_text(".pb-calc__status")
    assert "实时" not in status, "without JavaScript the page must not promise live updates"
    assert page.input_value('input[name="upfront_cost"]') != "20万"
    context.close()


# --- what actions say ----------------------------------------------------------------------------


def test_a_copied_link_notice_stays_and_invalid_inputs_are_questioned_first(
    page: Any, site_server: Any
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server.origin + PAGES["roi"])
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    page.evaluate(RECORD_ANSWERS)
    page.click('[data-action="share"]')
    notice = page.locator(".pb-calc__notice")
    notice.wait_for(state="visible")
    assert "链接已复制" in notice.inner_text()
    page.wait_for_timeout(1500)  # the engine's own status must not overwrite it
    assert "链接已复制" in notice.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(site_server.origin + PAGES["roi"] + "#pb-roi-1?upfront_cost=")

    page.fill('input[name="discount_rate"]', "0.1")
    assert not _answered(page)
    assert notice.is_hidden(), "an edit makes the old notice untrue: it goes"
    page.evaluate("navigator.clipboard.writeText('unchanged')")
    page.click('[data-action="share"]')
    assert "输入有误（折现率）" in notice.inner_text()
    notice.locator("button", has_text="取消").click()
    assert notice.is_hidden()
    assert page.evaluate("navigator.clipboard.readText()") == "unchanged"
    page.click('[data-action="copy-table"]')
    assert "上一次正确输入" in notice.inner_text()
    notice.locator("button", has_text="仍然继续").click()
    page.wait_for_selector(".pb-calc__notice:has-text('表格已复制')", timeout=5_000)
    assert page.evaluate("navigator.clipboard.readText()").startswith(
        page.eval_on_selector(".pb-table[data-export]", "t => t.dataset.tsv").split("\n", 1)[0]
    )
