"""Material's instant navigation (``navigation.instant``; a site with its ``site_url``): a link to
another page swaps it in place, so the calculators' worker and its running runtime stay, and the
next calculator is live at once. In a real Chromium against a site built for the address it is
served from (instant navigation only follows links listed in the sitemap)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import (
    LIVE_TIMEOUT_MS,
    PAGE_KEPT_JS,
    ROOT,
    SW_ACTIVE_JS,
    SiteServer,
    calc_inputs,
    free_port,
    wait_for_output,
)

import calculators

pytestmark = pytest.mark.browser

NO_SHARED_WORKER = "delete window.SharedWorker;"
LIVE = 'form.pb-calc[data-calc="{}"][data-state="live"]'


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    port = free_port()
    site = tmp_path_factory.mktemp("instant-site")
    env = {**os.environ, "PLAYBOOK_SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    server = SiteServer(site, port=port)
    yield server
    server.close()


def _follow(page: Any, path: str) -> None:
    """Click the page's own link to ``path`` (the navigation sidebar's), as a rep would."""
    link = page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{path}"]').first
    link.click()


@pytest.mark.parametrize("shared", [True, False], ids=["shared-worker", "dedicated-worker"])
def test_the_next_calculator_is_live_at_once(
    browser: Any, instant_server: SiteServer, shared: bool
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    if not shared:
        context.add_init_script(NO_SHARED_WORKER)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(instant_server.origin + "/calculators/roi/")
        page.wait_for_selector(LIVE.format("roi"), timeout=LIVE_TIMEOUT_MS)
        origin_before = page.evaluate("performance.timeOrigin")
        boots = len([r for r in instant_server.requests if "pyodide.asm.wasm" in r])

        _follow(page, "calculators/commission/")
        page.wait_for_selector(LIVE.format("commission"), timeout=10_000)
        assert page.url == instant_server.origin + "/calculators/commission/"
        assert page.evaluate("performance.timeOrigin") == origin_before, "the page was reloaded"
        form = page.locator("form.pb-calc").first
        assert form.get_attribute("data-boot") == "warm"
        # Live means computing: an edit gives CPython's answer.
        page.fill('form.pb-calc input[name="sales"]', "150万")
        inputs = calc_inputs(page)
        want = calculators.compute("commission", inputs, from_form=True)["commission"]
        wait_for_output(page, "commission", want, 15_000)
        # Back to the first calculator, still the same runtime: nothing booted again.
        page.go_back()
        page.wait_for_selector(LIVE.format("roi"), timeout=10_000)
        assert page.evaluate("performance.timeOrigin") == origin_before
        assert len([r for r in instant_server.requests if "pyodide.asm.wasm" in r]) == boots
        assert errors == []
    finally:
        context.close()


def test_page_scripts_bind_the_page_swapped_in(browser: Any, instant_server: SiteServer) -> None:
    """Copy buttons on talk tracks and 下载离线版 in the footer work on a page reached by an
    instant navigation too (content.js binds again through Material's document$)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(instant_server.origin + "/")
        page.wait_for_selector(".pb-offline:not([hidden])", timeout=30_000)
        origin_before = page.evaluate("performance.timeOrigin")
        target = page.evaluate(
            """() => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
                .map(a => a.href).find(h => /talk-tracks\\/.+\\//.test(h))"""
        )
        assert target, "no talk-track page in the navigation"
        page.locator(f'.md-sidebar--primary a.md-nav__link[href="{target}"]').first.click()
        page.wait_for_url(target)
        page.wait_for_selector("button.pb-copy:not([hidden])", timeout=10_000)
        assert page.evaluate("performance.timeOrigin") == origin_before
        page.wait_for_selector(".pb-offline:not([hidden])", timeout=10_000)
        assert page.locator(".pb-offline__action").is_visible()
    finally:
        context.close()


def test_a_calculator_reached_from_a_page_without_one_goes_live(
    browser: Any, instant_server: SiteServer
) -> None:
    """The home page loads no calculator script; the calculator page swapped in brings its own
    (Material runs the scripts of the new content) and boots the runtime."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(instant_server.origin + "/")
        assert page.locator("form.pb-calc").count() == 0
        origin_before = page.evaluate("performance.timeOrigin")
        _follow(page, "calculators/roi/")
        page.wait_for_selector(LIVE.format("roi"), timeout=LIVE_TIMEOUT_MS)
        assert page.evaluate("performance.timeOrigin") == origin_before
        npv = page.locator('[data-output="npv"]').get_attribute("data-value")
        assert npv == "134861.01"
    finally:
        context.close()


def test_a_page_swapped_in_is_kept_for_offline_use(
    browser: Any, instant_server: SiteServer
) -> None:
    """Online, pages fetched by instant navigation bypass the service worker (it would only slow
    them down); content.js asks it to keep each one, so it opens offline like any page seen."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(instant_server.origin + "/calculators/roi/")
        page.wait_for_function(SW_ACTIVE_JS, timeout=30_000)
        page.reload()  # controlled from now on
        page.wait_for_selector(LIVE.format("roi"), timeout=LIVE_TIMEOUT_MS)
        _follow(page, "calculators/commission/")
        page.wait_for_selector(LIVE.format("commission"), timeout=10_000)
        page.wait_for_function(PAGE_KEPT_JS, arg=page.url, timeout=15_000)
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(LIVE.format("commission"), timeout=LIVE_TIMEOUT_MS)
        # Offline, instant navigation still works, from the worker's caches.
        _follow(page, "calculators/roi/")
        page.wait_for_selector(LIVE.format("roi"), timeout=LIVE_TIMEOUT_MS)
    finally:
        context.set_offline(False)
        context.close()
