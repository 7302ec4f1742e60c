"""A rep's phone: glossary definitions open in place on a tap, and every control of ours is big
enough for a finger (44 × 44 CSS px), in real Chromium with touch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_tapping_a_glossary_term_shows_its_definition_in_place(
    phone: Any, site_server: Any
) -> None:
    phone.goto(site_server.origin + "/guide/reps/")
    term = phone.locator("article a.pb-term").first
    term.scroll_into_view_if_needed()
    definition = term.get_attribute("data-pb-definition")
    href = term.evaluate("a => a.href")
    before = phone.url
    term.tap()
    popover = phone.locator(".pb-popover")
    popover.wait_for(state="visible", timeout=5_000)
    assert phone.url == before, "a tap on a term navigated away mid-call"
    assert definition and definition in popover.inner_text()
    assert term.get_attribute("aria-expanded") == "true"
    box = popover.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    more = popover.locator("a")
    assert more.inner_text().startswith("查看完整说明")
    assert more.evaluate("a => a.href") == href
    # Tapping elsewhere closes it; tapping the term again after opening closes it too.
    phone.locator("article h1").tap()
    popover.wait_for(state="hidden", timeout=5_000)
    assert term.get_attribute("aria-expanded") == "false"
    term.tap()
    popover.wait_for(state="visible", timeout=5_000)
    term.tap()
    popover.wait_for(state="hidden", timeout=5_000)
    # The onward link does go to the glossary entry.
    term.tap()
    more.tap()
    phone.wait_for_url(href, timeout=10_000)
    assert phone.errors == []


def test_the_popover_text_is_text_never_markup(phone: Any, site_server: Any) -> None:
    phone.goto(site_server.origin + "/guide/reps/")
    term = phone.locator("article a.pb-term").first
    term.evaluate("a => { a.dataset.pbDefinition = '<img src=x onerror=alert(1)>定义'; }")
    term.tap()
    popover = phone.locator(".pb-popover")
    popover.wait_for(state="visible", timeout=5_000)
    assert popover.locator("img").count() == 0
    assert "<img src=x" in popover.inner_text()


def test_a_mouse_click_still_follows_the_link(browser: Any, site_server: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_server.origin + "/guide/reps/")
    term = page.locator("article a.pb-term").first
    href = term.evaluate("a => a.href")
    term.click()
    page.wait_for_url(href, timeout=10_000)
    assert page.locator(".pb-popover:visible").count() == 0
    context.close()


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/talk-tracks/price-objection/", "button.pb-copy"),
        ("/talk-tracks/objections/", ".pb-filter button"),
        ("/calculators/roi/", ".pb-calc__action"),
    ],
)
def test_controls_are_big_enough_for_a_finger_on_a_phone(
    phone: Any, site_server: Any, path: str, selector: str
) -> None:
    phone.goto(site_server.origin + path)
    phone.wait_for_selector(f"{selector}:visible", timeout=10_000)
    sizes = phone.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.offsetParent).map(e => {"
        " const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), r.width, r.height]; })",
    )
    assert sizes, f"no {selector} on {path}"
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert not small, f"{selector} smaller than 44×44 px on a phone: {small[:5]}"
