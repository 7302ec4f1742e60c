"""Results in view while typing: a rep changes an input mid-call and sees the numbers move.

Checked by geometry in a real Chromium (not by eye): at 1440×900 the headline results sit
beside the inputs and stay on screen whichever input is focused; at 390×844 a bar with the first
headline figures stays at the bottom of the screen and follows every recalculation; in present
mode at 1280×720 the same. Nothing the rep is typing into moves when the results re-render.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS, SiteServer, calc_inputs, wait_for_output

import calculators

pytestmark = pytest.mark.browser

ROI = "/calculators/roi/"
LIVE = 'form.pb-calc[data-state="live"]'

# Where an element is, relative to the viewport.
RECT = "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; }"


def _open(browser: Any, server: SiteServer, width: int, height: int) -> tuple[Any, Any]:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}, has_touch=width < 600
    )
    page = context.new_page()
    page.goto(server.origin + ROI)
    page.wait_for_selector(LIVE, timeout=LIVE_TIMEOUT_MS)
    return context, page


def _in_view(page: Any, selector: str) -> bool:
    top, bottom, left, right = page.locator(selector).first.evaluate(RECT)
    width, height = page.evaluate("[innerWidth, innerHeight]")
    return top >= 0 and bottom <= height and left >= 0 and right <= width


def _focus(page: Any, name: str) -> None:
    field = page.locator(f'form.pb-calc [name="{name}"]')
    field.scroll_into_view_if_needed()
    field.focus()


def _type_and_wait(page: Any, name: str, text: str) -> str:
    """Type into a field as a person would; wait until the page shows CPython's NPV for it."""
    field = page.locator(f'form.pb-calc [name="{name}"]')
    field.fill("")
    field.type(text)
    inputs = calc_inputs(page)
    want: str = calculators.compute("roi", inputs, from_form=True)["npv"]
    wait_for_output(page, "npv", want, 15_000)
    return want


@pytest.mark.parametrize("name", ["upfront_cost", "annual_benefit", "discount_rate"])
def test_desktop_headline_beside_the_inputs(
    browser: Any, site_server: SiteServer, name: str
) -> None:
    context, page = _open(browser, site_server, 1440, 900)
    try:
        _focus(page, name)
        assert _in_view(page, f'form.pb-calc [name="{name}"]')
        assert _in_view(page, '[data-output="npv"]'), "NPV is off screen while typing"
        assert _in_view(page, '[data-output="roi"]')
        # Side by side: the results column starts to the right of the inputs.
        inputs = page.locator(".pb-calc__inputs").evaluate(RECT)
        outs = page.locator(".pb-outs").first.evaluate(RECT)
        assert outs[2] >= inputs[3], (inputs, outs)
        # The field keeps its place while the results re-render around it.
        before = page.locator(f'form.pb-calc [name="{name}"]').evaluate(RECT)
        _type_and_wait(
            page, name, {"upfront_cost": "25万", "discount_rate": "12%"}.get(name, "15万")
        )
        after = page.locator(f'form.pb-calc [name="{name}"]').evaluate(RECT)
        assert before == after
        assert _in_view(page, '[data-output="npv"]')
    finally:
        context.close()


def test_desktop_far_down_the_inputs_the_headline_follows(
    browser: Any, site_server: SiteServer
) -> None:
    """The last input of a long form: the headline figures stick under the header."""
    context, page = _open(browser, site_server, 1440, 900)
    try:
        last = page.eval_on_selector_all(
            ".pb-calc__inputs .pb-field:not([hidden]) [name]", "es => es.at(-1).name"
        )
        _focus(page, last)
        assert _in_view(page, f'form.pb-calc [name="{last}"]')
        assert _in_view(page, '[data-output="npv"]')
    finally:
        context.close()


def test_phone_bar_shows_the_headline_while_typing(browser: Any, site_server: SiteServer) -> None:
    context, page = _open(browser, site_server, 390, 844)
    try:
        _focus(page, "upfront_cost")
        bar = ".pb-calc__peek"
        assert _in_view(page, bar), "the headline bar is not on screen"
        assert page.locator(bar).evaluate("e => getComputedStyle(e).visibility") == "visible"
        before = page.locator('[data-peek="npv"]').inner_text()
        _type_and_wait(page, "upfront_cost", "30万")  # the panel shows CPython's NPV ...
        shown = page.locator('[data-peek="npv"]').inner_text()
        assert shown == page.locator('[data-output="npv"]').inner_text()  # ... and so does the bar
        assert shown != before
        # Every figure whole, inside the screen (labels may give way, figures never), also
        # when the figures are long.
        _type_and_wait(page, "upfront_cost", "1000万")
        clipped = page.eval_on_selector_all(
            ".pb-calc__peek-value",
            "es => es.filter((e, i) => e.scrollWidth > e.clientWidth + 1"
            " || e.getBoundingClientRect().right > innerWidth"
            " || (i > 0 && es[i - 1].getBoundingClientRect().top === e.getBoundingClientRect().top"
            "     && es[i - 1].getBoundingClientRect().right > e.getBoundingClientRect().left))"
            ".map(e => e.textContent)",
        )
        assert clipped == []
        # Its button goes to the full results.
        page.locator(".pb-calc__peek-more").click()
        page.wait_for_function(
            "() => { const r = document.querySelector('.pb-outs').getBoundingClientRect();"
            " return r.top >= 0 && r.top < innerHeight / 2; }",
            timeout=5_000,
        )
        # With the full results on screen, the bar steps aside (without moving anything).
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('.pb-calc__peek')).visibility"
            " === 'hidden'",
            timeout=5_000,
        )
    finally:
        context.close()


def test_present_mode_at_1280x720(browser: Any, site_server: SiteServer) -> None:
    """A shared screen: the calculator's title, the inputs that matter and every headline figure
    on one screen, big; none of the site around it or the page's internal notes; Esc leaves."""
    context, page = _open(browser, site_server, 1280, 720)
    try:
        page.locator('.pb-calc__action[data-action="present"]').click()
        page.wait_for_selector("form.pb-calc--present")
        exit_button = page.locator('.pb-calc__action[data-action="present"]')
        assert exit_button.inner_text() == "退出演示（Esc）"
        assert exit_button.get_attribute("aria-pressed") == "true"
        # Nothing of the playbook around the calculator: header, navigation, the page's prose.
        for hidden in (
            ".md-header",
            ".md-sidebar--primary",
            ".md-content__inner > h1",
            ".md-content__inner > p",
            ".pb-field__help",
            ".pb-explain",
            '.pb-calc__action[data-action="share"]',
        ):
            assert not page.locator(hidden).first.is_visible(), hidden
        advanced = page.locator(".pb-field[data-advanced]")
        assert advanced.count() > 0 and not advanced.first.is_visible()
        title = page.locator("form.pb-calc").evaluate(
            "e => getComputedStyle(e, '::before').content"
        )
        assert "投资回报率" in title
        _focus(page, "upfront_cost")
        outputs = page.eval_on_selector_all(
            ".pb-calc__result > .pb-outs [data-output]", "es => es.map(e => e.dataset.output)"
        )
        assert len(outputs) >= 4
        for name in outputs:
            assert _in_view(page, f'.pb-outs [data-output="{name}"]'), f"{name} off screen"
        _type_and_wait(page, "upfront_cost", "18万")
        for name in outputs:
            assert _in_view(page, f'.pb-outs [data-output="{name}"]'), f"{name} off screen"
        size = page.locator('[data-output="npv"]').evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 28, f"headline figures at {size}px are too small for a shared screen"
        # Every figure whole inside its card, also the long ones.
        _type_and_wait(page, "upfront_cost", "1000万")
        clipped = page.eval_on_selector_all(
            ".pb-outs .pb-out__value",
            "es => es.filter(e => e.getBoundingClientRect().right >"
            " e.closest('.pb-out').getBoundingClientRect().right).map(e => e.textContent)",
        )
        assert clipped == []
        # Esc: back to the page as it was, with the numbers typed.
        page.keyboard.press("Escape")
        page.wait_for_selector("form.pb-calc--present", state="detached")
        assert page.locator(".md-header").is_visible()
        assert exit_button.inner_text() == "演示模式"
        assert page.locator('form.pb-calc [name="upfront_cost"]').input_value() == "1000万"
    finally:
        context.close()
