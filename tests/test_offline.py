"""Offline: once a rep has opened the ROI page, it keeps working without a network — the page,
its build-time numbers and the live calculator (runtime served by the service worker's cache)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS, SiteServer, calc_inputs

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
        inputs = calc_inputs(page)
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


def test_sites_sharing_an_origin_keep_each_others_pages(
    browser: Any, built_site: Path, tmp_path: Path
) -> None:
    """A pull-request preview under pr/1/ (another build, its own service worker) on the same
    origin as the main site: activating it must not delete the main site's offline pages."""
    root = tmp_path / "origin"
    shutil.copytree(built_site, root)
    shutil.copytree(built_site, root / "pr" / "1")
    worker = root / "pr" / "1" / "sw.js"
    text = worker.read_text("utf-8")
    build = re.search(r'const BUILD = "([^"]+)"', text)
    assert build, "sw.js names its build"
    worker.write_text(text.replace(build[1], build[1] + "-preview"), "utf-8")
    server = SiteServer(root)
    context = browser.new_context()
    try:
        page = context.new_page()
        for path in ("/kpis/", "/pr/1/kpis/"):
            page.goto(server.origin + path)
            page.wait_for_function(
                "async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000
            )
            page.reload()  # now controlled: the page itself goes into this site's cache
            assert page.evaluate("!!navigator.serviceWorker.controller")
        names = page.evaluate("caches.keys()")
        assert len([n for n in names if n.startswith("playbook-pages-")]) == 2, names
        context.set_offline(True)
        page.goto(server.origin + "/kpis/")
        assert page.locator("#kpi-win_rate").count() == 1
    finally:
        context.set_offline(False)
        context.close()
        server.close()


def test_the_first_page_opened_works_offline_with_its_styles(
    browser: Any, site_server: Any
) -> None:
    """The first page is fetched before the service worker controls it; it asks the worker to
    keep it and its files, so reloading it offline shows it, styled, not a browser error."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server.origin + "/kpis/")
        page.wait_for_function(
            "async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000
        )
        kept = """async () => {
            const names = await caches.keys();
            for (const name of names) {
                const cache = await caches.open(name);
                if (await cache.match(location.href)) return true;
            }
            return false;
        }"""
        page.wait_for_function(kept, timeout=30_000)
        page.wait_for_timeout(1000)  # the page's stylesheets are kept after the page itself
        context.set_offline(True)
        page.reload()
        assert page.locator("#kpi-win_rate").count() == 1
        position = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert position == "sticky", "Material's stylesheet was not kept for offline use"
    finally:
        context.set_offline(False)
        context.close()


def test_a_page_never_opened_says_it_is_offline(browser: Any, site_server: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(site_server.origin + "/")
        page.wait_for_function(
            "async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000
        )
        page.reload()  # controlled from now on
        context.set_offline(True)
        page.goto(site_server.origin + "/glossary/")
        assert "现在没有网络" in page.locator("h1").inner_text()
        home = page.locator("a", has_text="回到首页")
        assert home.get_attribute("href") == site_server.origin + "/"
    finally:
        context.set_offline(False)
        context.close()
