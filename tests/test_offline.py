"""Offline: once a rep has opened the ROI page, it keeps working without a network — the page,
its build-time numbers and the live calculator (runtime served by the service worker's cache)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS

import calculators

pytestmark = pytest.mark.browser


def test_calculator_page_works_offline_after_one_visit(browser: Any, site_server: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.origin + "/calculators/roi/")
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    page.wait_for_function(
        "async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000
    )
    page.reload()  # the service worker now controls the page and has seen the runtime load
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate("!!navigator.serviceWorker.controller")

    context.set_offline(True)
    try:
        page.reload()
        assert page.locator('[data-output="npv"]').get_attribute("data-value") == "134861.01"
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.fill('input[name="upfront_cost"]', "20万")
        inputs = page.eval_on_selector(
            "form.pb-calc",
            "f => Object.fromEntries("
            "[...f.querySelectorAll('[name]')].map(e => [e.name, e.value]))",
        )
        want = calculators.compute("roi", inputs, from_form=True)["npv"]
        page.wait_for_function(
            "v => document.querySelector('[data-output=npv]').dataset.value === v",
            arg=want,
            timeout=15_000,
        )
    finally:
        context.set_offline(False)
        context.close()


def test_a_page_seen_before_opens_offline(browser: Any, site_server: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.origin + "/kpis/")
    page.wait_for_function(
        "async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000
    )
    page.reload()
    context.set_offline(True)
    try:
        page.reload()
        assert page.locator("#kpi-win_rate").count() == 1
    finally:
        context.set_offline(False)
        context.close()
