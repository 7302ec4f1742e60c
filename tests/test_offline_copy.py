"""下载离线版: the whole playbook on the device, in a real Chromium against the built site.

A rep downloads it once (size shown first, progress while it runs, then 离线可用 · 更新于 …);
offline, any page opens, search answers and a calculator never opened before computes. A new
build replaces the copy whole and drops the old runtime; a download that fails keeps the copy
there was.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS, SW_ACTIVE_JS, SiteServer, calc_inputs, wait_for_output

import calculators
from playbook.offline import MANIFEST, offline_manifest, write_manifest

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_MS = 180_000


@pytest.fixture()
def origin(built_site: Path, tmp_path: Path) -> Any:
    """A copy of the built site (tests here rebuild or break it) on its own server."""
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    server = SiteServer(root)
    server.root = root  # type: ignore[attr-defined]
    yield server
    server.close()


def _open_home(context: Any, server: SiteServer) -> Any:
    page = context.new_page()
    page.goto(server.origin + "/")
    page.wait_for_function(SW_ACTIVE_JS, timeout=30_000)
    page.wait_for_selector(".pb-offline:not([hidden])", timeout=30_000)
    return page


def _download(page: Any) -> None:
    page.click(".pb-offline__action")
    page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)


def _state(page: Any) -> str:
    text: str = page.locator(".pb-offline__state").inner_text()
    return text


def _search(page: Any, query: str) -> list[str]:
    label = page.locator('label[for="__search"]').first
    if label.is_visible():
        label.click()
    else:
        page.click(".md-search__input")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    links: list[str] = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a", "as => as.map(a => a.href)"
    )
    return links


def test_download_then_offline_any_page_search_and_compute(browser: Any, origin: Any) -> None:
    manifest = json.loads((origin.root / MANIFEST).read_text("utf-8"))
    origin.delay["pyodide.asm.wasm"] = 1.5  # long enough to see the progress bar
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        action = page.locator(".pb-offline__action")
        size = manifest["bytes"] / 1e6
        assert action.inner_text() == f"下载离线版（约 {size:.1f} MB）"
        page.click(".pb-offline__action")
        page.wait_for_selector('.pb-offline[data-state="downloading"]', timeout=10_000)
        page.wait_for_function(
            "() => /^正在下载离线版：\\d+%（[\\d.]+ MB \\/ [\\d.]+ MB）$/"
            ".test(document.querySelector('.pb-offline__state').textContent)",
            timeout=30_000,
        )
        assert page.locator(".pb-offline__bar").is_visible()
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
        assert re.fullmatch(r"离线可用 · 更新于 .+", _state(page)), _state(page)
        assert not action.is_visible()
        assert page.locator(".pb-offline__remove").is_visible()

        context.set_offline(True)
        # Every page of the build opens from the copy (through the service worker's fetch).
        pages = [path for path, _ in manifest["files"] if path.endswith("/") or path == ""]
        statuses = page.evaluate(
            """async (paths) => {
                const out = {};
                for (const path of paths) {
                    // A fetch that never settles fails this test naming the page (it once
                    // hung a whole CI run instead).
                    try {
                        const response = await fetch(new URL(path, location.origin + "/"), {
                            signal: AbortSignal.timeout(20000),
                        });
                        const text = await response.text();
                        out[path] = response.status === 200 && !text.includes("现在没有网络");
                    } catch (error) {
                        out[path] = false;
                    }
                }
                return out;
            }""",
            pages,
        )
        assert [path for path, ok in statuses.items() if not ok] == []
        assert len(pages) >= 15

        # A page never opened, as a navigation.
        page.goto(origin.origin + "/glossary/")
        assert "现在没有网络" not in page.locator("h1").inner_text()
        assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
        # Search, with its index and worker from the copy.
        hits = _search(page, "赢单率")
        assert any("/kpis/" in hit for hit in hits), hits
        # A calculator never opened computes, with the runtime from the copy.
        page.goto(origin.origin + "/calculators/discount/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.fill('input[name="discount"]', "15%")
        inputs = calc_inputs(page)
        want = calculators.compute("discount", inputs, from_form=True)["new_margin"]
        wait_for_output(page, "new_margin", want, 15_000)
    finally:
        context.set_offline(False)
        context.close()


def _rebuild(root: Path, marker: str) -> tuple[str, str]:
    """What a new build looks like to browsers: a page changed and a new calculator runtime
    (new id, new directory, pages and service worker pointing at it). Old and new runtime id."""
    runtime_dir = next((root / "assets" / "calculators").iterdir())
    old = runtime_dir.name
    new = secrets.token_hex(6)
    runtime_dir.rename(runtime_dir.with_name(new))
    for path in [*root.rglob("*.html"), root / "sw.js"]:
        text = path.read_text("utf-8")
        if old in text:
            path.write_text(text.replace(old, new), "utf-8")
    glossary = root / "glossary" / "index.html"
    text = glossary.read_text("utf-8")
    glossary.write_text(text.replace("</h1>", f"</h1><p id='marker'>{marker}</p>", 1), "utf-8")
    _relist(root)
    return old, new


def _relist(root: Path) -> None:
    write_manifest(root, offline_manifest(root, search_langs=["zh"], pyodide_stdlib=_stdlib(root)))


def _stdlib(root: Path) -> str:
    version = next((root / "assets" / "pyodide").iterdir()).name
    return f"assets/pyodide/{version}/python_stdlib.zip"


def test_a_new_build_replaces_the_copy_whole_and_drops_the_old_runtime(
    browser: Any, origin: Any
) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        _download(page)
        old_version = json.loads((origin.root / MANIFEST).read_text("utf-8"))["version"]
        old, new = _rebuild(origin.root, "第二版的说明")
        new_version = json.loads((origin.root / MANIFEST).read_text("utf-8"))["version"]
        assert new_version != old_version

        # Opening any page online brings the copy up to date by itself.
        page.goto(origin.origin + "/kpis/")
        page.wait_for_function(
            "v => !!navigator.serviceWorker.controller && "
            "document.querySelector('.pb-offline')?.dataset.state === 'ready' && "
            "caches.keys().then(names => names.some(n => n.endsWith('-' + v)))",
            arg=new_version,
            timeout=DOWNLOAD_TIMEOUT_MS,
        )
        page.wait_for_function(
            """async (v) => {
                const names = await caches.keys();
                return names.filter(n => n.startsWith("playbook-offline-http")).length === 1
                    && names.some(n => n.endsWith("-" + v));
            }""",
            arg=new_version,
            timeout=DOWNLOAD_TIMEOUT_MS,
        )
        kept = page.evaluate(
            """async () => (await (await caches.open("playbook-immutable")).keys())
                .map(r => new URL(r.url).pathname)"""
        )
        assert not [url for url in kept if f"/calculators/{old}/" in url], kept
        assert [url for url in kept if f"/calculators/{new}/" in url], kept

        context.set_offline(True)
        page.goto(origin.origin + "/glossary/")
        assert page.locator("#marker").inner_text() == "第二版的说明"
        page.goto(origin.origin + "/calculators/roi/")
        form = page.locator("form.pb-calc").first
        assert form.get_attribute("data-runtime") == new
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    finally:
        context.set_offline(False)
        context.close()


def test_a_failed_download_says_why_and_keeps_the_copy_there_was(browser: Any, origin: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        _download(page)
        ready = _state(page)
        _rebuild(origin.root, "第二版")
        origin.fail.add("/glossary/")  # the server loses a file mid-update
        page.goto(origin.origin + "/kpis/")
        page.wait_for_selector('.pb-offline[data-state="failed"]', timeout=DOWNLOAD_TIMEOUT_MS)
        assert _state(page) == "离线版没有下载完：手册刚刚更新过，请重试。 之前的离线版仍可使用。"
        assert page.locator(".pb-offline__action").inner_text() == "重试"
        # A later status from the worker (say, a new build's worker taking over) does not start
        # the failing download again on its own: the rep decides when to retry.
        # (The worker asked may be the one a new build just replaced, which never answers: ask the
        # active one too, again every 2 s, and give up after 20 s rather than wait forever.)
        answered = page.evaluate(
            """() => new Promise((resolve) => {
                let done = false;
                const finish = (value) => { if (!done) { done = true; resolve(value); } };
                navigator.serviceWorker.addEventListener("message", (event) => {
                    const status = event.data && event.data.type === "offline-status";
                    if (status) setTimeout(() => finish(true), 0);
                });
                const ask = async () => {
                    const registration = await navigator.serviceWorker.ready;
                    const workers = [navigator.serviceWorker.controller, registration.active];
                    for (const worker of new Set(workers)) {
                        if (worker) worker.postMessage({ type: "offline-status" });
                    }
                };
                ask();
                const again = setInterval(() => (done ? clearInterval(again) : ask()), 2000);
                setTimeout(() => finish(false), 20000);
            })"""
        )
        assert answered, "the service worker did not answer a status request within 20 s"
        assert page.locator(".pb-offline").get_attribute("data-state") == "failed"
        assert _state(page).startswith("离线版没有下载完：手册刚刚更新过")
        context.set_offline(True)
        page.goto(origin.origin + "/glossary/")
        assert page.locator("#marker").count() == 0  # the whole old copy, not a mixture
        assert "现在没有网络" not in page.locator("h1").inner_text()
        context.set_offline(False)

        origin.fail.clear()
        page.goto(origin.origin + "/kpis/")
        page.wait_for_selector(".pb-offline:not([hidden])", timeout=30_000)
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
        assert _state(page).startswith("离线可用 · 更新于")
        assert ready.startswith("离线可用")
    finally:
        context.set_offline(False)
        context.close()


def test_remove_and_the_automatic_setting(browser: Any, origin: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        _download(page)
        page.click(".pb-offline__remove")
        page.wait_for_selector('.pb-offline[data-state="none"]', timeout=30_000)
        names = page.evaluate("caches.keys()")
        assert not [n for n in names if n.startswith("playbook-offline")], names

        # offline: automatic (the plugin option) downloads without asking.
        for path in origin.root.rglob("*.html"):
            text = path.read_text("utf-8")
            path.write_text(text.replace('data-mode="ask"', 'data-mode="automatic"'), "utf-8")
        _relist(origin.root)
        page.goto(origin.origin + "/kpis/?v=2")  # (not the page the HTTP cache still has)
        assert page.locator(".pb-offline").get_attribute("data-mode") == "automatic"
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
    finally:
        context.close()


def test_a_worker_replaced_mid_download_does_not_leave_the_download_hanging(
    browser: Any, origin: Any
) -> None:
    """A new build's service worker takes over while the old one is downloading the copy (the
    old one is stopped with its download): the page notices and the download finishes."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        _download(page)
        _rebuild(origin.root, "第三版")
        new_version = json.loads((origin.root / MANIFEST).read_text("utf-8"))["version"]
        # The update check for sw.js is slow, so the page first talks to the old worker, which
        # starts downloading; the files are slow, so the new worker replaces it before the end.
        origin.delay["sw.js"] = 3
        origin.delay["/assets/calculators/"] = 0.3
        page.goto(origin.origin + "/kpis/")
        page.wait_for_selector('.pb-offline[data-state="downloading"]', timeout=30_000)
        page.wait_for_function(
            "v => document.querySelector('.pb-offline')?.dataset.state === 'ready' && "
            "caches.keys().then(names => names.some(n => n.endsWith('-' + v)))",
            arg=new_version,
            timeout=DOWNLOAD_TIMEOUT_MS,
        )
    finally:
        context.close()


def _stop_service_workers(page: Any) -> None:
    """What the browser does to a worker that ran too long or was idle: stop it, with whatever
    it was doing (here, through the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    cdp.detach()


def test_a_worker_stopped_mid_download_is_noticed_and_the_download_finishes(
    browser: Any, origin: Any
) -> None:
    manifest = json.loads((origin.root / MANIFEST).read_text("utf-8"))
    origin.delay["/assets/pyodide/"] = 0.4  # slow enough to stop the worker half-way
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        page.click(".pb-offline__action")
        page.wait_for_function(
            "() => document.querySelector('.pb-offline')?.dataset.state === 'downloading' && "
            "parseInt(document.querySelector('.pb-offline__state').textContent.match(/(\\d+)%/)?.[1]"
            " ?? '0') >= 5",
            timeout=60_000,
        )
        _stop_service_workers(page)
        asked = len(origin.requests)
        origin.delay.clear()
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
        assert re.fullmatch(r"离线可用 · 更新于 .+", _state(page)), _state(page)
        # It went on where it stopped: the files kept before were not fetched again.
        again = [p for p in origin.requests[asked:] if p.split("?")[0] != "/offline.json"]
        assert len(again) < len(manifest["files"]), len(again)
        names = page.evaluate("caches.keys()")
        assert [n for n in names if n.endswith("-" + manifest["version"])], names
    finally:
        context.close()


def test_a_worker_that_keeps_stopping_ends_in_a_message_and_retry(
    browser: Any, origin: Any
) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        origin.delay["/"] = 0.5  # every file: the download takes a minute or more
        page.click(".pb-offline__action")
        stops = 0
        for _ in range(8):
            page.wait_for_selector(
                '.pb-offline[data-state="downloading"], .pb-offline[data-state="failed"]',
                timeout=60_000,
            )
            if page.locator(".pb-offline").get_attribute("data-state") == "failed":
                break
            page.wait_for_timeout(1000)
            asked = len(origin.requests)
            _stop_service_workers(page)
            stops += 1
            # The page notices (it asks a restarted worker, which reads offline.json).
            deadline = time.monotonic() + 30
            while "/offline.json" not in origin.requests[asked:] and time.monotonic() < deadline:
                page.wait_for_timeout(250)
        assert page.locator(".pb-offline").get_attribute("data-state") == "failed"
        # Started again three times, then it says so (a stop before the worker answered the
        # page's question costs no restart: the page just asks again).
        assert 4 <= stops < 8
        assert _state(page) == "离线版没有下载完：浏览器几次中途停下了下载，请重试。"
        assert page.locator(".pb-offline__action").inner_text() == "重试"
        origin.delay.clear()
        page.click(".pb-offline__action")
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
    finally:
        context.close()


def test_storage_running_out_says_how_much_is_needed_and_retry_works(
    browser: Any, origin: Any
) -> None:
    manifest = json.loads((origin.root / MANIFEST).read_text("utf-8"))
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        cdp = context.new_cdp_session(page)
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin.origin, "quotaSize": 4e6})
        page.click(".pb-offline__action")
        page.wait_for_selector('.pb-offline[data-state="failed"]', timeout=DOWNLOAD_TIMEOUT_MS)
        size = manifest["bytes"] / 1e6
        assert _state(page) == f"离线版没有下载完：这台设备的存储空间不够（需要约 {size:.1f} MB）。"
        assert page.locator(".pb-offline__action").inner_text() == "重试"
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin.origin})  # space freed
        page.click(".pb-offline__action")
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
    finally:
        context.close()


def test_the_network_dropping_mid_download_says_so_and_retry_resumes(
    browser: Any, origin: Any
) -> None:
    manifest = json.loads((origin.root / MANIFEST).read_text("utf-8"))
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        origin.delay["/"] = 0.2
        page.click(".pb-offline__action")
        page.wait_for_function(
            "() => /[1-9]\\d*%/.test(document.querySelector('.pb-offline__state').textContent)",
            timeout=60_000,
        )
        context.set_offline(True)
        page.wait_for_selector('.pb-offline[data-state="failed"]', timeout=60_000)
        assert _state(page) == "离线版没有下载完：网络中断了。"
        context.set_offline(False)
        origin.delay.clear()
        asked = len(origin.requests)
        page.click(".pb-offline__action")
        page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=DOWNLOAD_TIMEOUT_MS)
        # It went on from where it stopped: the files kept before were not fetched again.
        again = [p for p in origin.requests[asked:] if p.split("?")[0] != "/offline.json"]
        assert len(again) < len(manifest["files"]), len(again)
    finally:
        context.set_offline(False)
        context.close()


def test_an_old_service_worker_serves_a_page_of_a_new_build_that_computes_right(
    browser: Any, origin: Any
) -> None:
    """The first visit after a deploy is answered by the worker of the build before (its update
    check is slow here): the new page must boot the new runtime and compute right numbers, not
    mix in the old runtime's files."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = _open_home(context, origin)
        page.goto(origin.origin + "/calculators/discount/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        old_worker = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        _, new = _rebuild(origin.root, "新版本")
        origin.delay["sw.js"] = 5  # the old worker stays in charge while the page loads
        page.goto(origin.origin + "/calculators/discount/?after-deploy")
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == old_worker
        form = page.locator("form.pb-calc").first
        assert form.get_attribute("data-runtime") == new
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.fill('input[name="discount"]', "12%")
        want = calculators.compute("discount", calc_inputs(page), from_form=True)["new_margin"]
        wait_for_output(page, "new_margin", want, 15_000)
        runtime_requests = [p for p in origin.requests if "/assets/calculators/" in p]
        assert any(f"/assets/calculators/{new}/" in p for p in runtime_requests)
    finally:
        origin.delay.clear()
        context.close()
