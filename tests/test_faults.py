"""Faults injected in a real Chromium against the built site (issue 16): the runtime's files
missing, truncated or changed on the way, the network dropping mid-download, a calculator that
raises, a worker that breaks. In every case the page keeps its last correct numbers, says what
happened in the site's language, and recovers on 重试 — with numbers CPython agrees with.

The server (conftest.SiteServer) breaks files for real: 404s, truncated bodies with a matching
Content-Length, changed bytes; the service worker is left on, so a damaged file it cached must
not poison the retry.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS
from test_browser import PAGE, form_inputs, outputs, wait_for_cpython_npv, wait_live

pytestmark = pytest.mark.browser

FAILED = (
    "实时计算暂时不可用：{reason}。下方是最近一次正确计算的结果；"
    "点「重试」再试一次，已输入的数字不会丢。"
)
WHY_DOWNLOAD = "计算引擎没有下载下来（网络中断，或服务器上缺少文件）"
WHY_DAMAGED = "下载到的计算引擎文件不完整或与本次构建不符，已经丢弃，重试会重新下载"
INTERNAL = (
    "这组数字没有算出结果：计算器内部出错（不是输入的问题）。下方仍是上一次的正确结果；"
    "改一下数字或点「重试」再算一次，仍不行请把这组数字发给手册维护人。"
)


def _status(page: Any) -> str:
    text: str = page.inner_text(".pb-calc__status")
    return text


def _fails_then_recovers(page: Any, server: Any, reason: str, heal: Any) -> None:
    """Type a number with the fault in place: the error names the reason, the numbers on the
    page stay the last correct ones and nothing shows NaN; heal the fault; 重试 by keyboard
    computes what was typed."""
    page.goto(server.origin + PAGE)
    before = outputs(page)
    page.fill('input[name="upfront_cost"]', "12万")
    page.wait_for_selector('form.pb-calc[data-state="error"]', timeout=LIVE_TIMEOUT_MS)
    assert _status(page) == FAILED.format(reason=reason)
    assert outputs(page) == before
    assert "NaN" not in page.inner_text("form.pb-calc")
    retry = page.locator(".pb-calc__retry")
    assert retry.is_visible() and retry.inner_text() == "重试"
    heal()
    healed = len(server.requests)
    retry.focus()
    page.keyboard.press("Enter")
    try:
        wait_live(page)
    except Exception as error:  # say what the page said and fetched, not only "timeout"
        raise AssertionError(
            f"not live after 重试: {_status(page)!r}; fetched {server.requests[healed:]}"
        ) from error
    wait_for_cpython_npv(page, timeout=30_000)
    assert form_inputs(page)["upfront_cost"] == "12万"  # what the rep typed is still there
    assert not retry.is_visible()
    assert outputs(page) != before


@pytest.fixture()
def context(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN")
    yield context
    context.close()


def test_a_missing_wasm_says_so_and_retry_recovers(context: Any, site_server: Any) -> None:
    site_server.fail.add("pyodide.asm.wasm")
    try:
        _fails_then_recovers(context.new_page(), site_server, WHY_DOWNLOAD, site_server.fail.clear)
    finally:
        site_server.fail.clear()


def test_a_truncated_wasm_is_dropped_from_the_cache_and_retry_recovers(
    context: Any, site_server: Any
) -> None:
    """A proxy served half the file with a matching length: the service worker kept it. Unless
    it is dropped, every retry would compile the same half file."""
    site_server.damage["pyodide.asm.wasm"] = lambda body: body[: len(body) // 2]
    try:
        _fails_then_recovers(context.new_page(), site_server, WHY_DAMAGED, site_server.damage.clear)
    finally:
        site_server.damage.clear()


def test_a_wheel_that_does_not_match_the_lock_file_is_refused(
    context: Any, site_server: Any
) -> None:
    """Our wheel changed on the way (same size, other bytes): Pyodide refuses it against the
    lock file's sha256; the page says the files were not this build's, not "network"."""

    def changed(body: bytes) -> bytes:
        return body[:-1] + bytes([body[-1] ^ 0xFF])

    site_server.damage["playbook_calculators-"] = changed
    try:
        _fails_then_recovers(context.new_page(), site_server, WHY_DAMAGED, site_server.damage.clear)
    finally:
        site_server.damage.clear()


def test_the_network_dropping_mid_download_says_so_and_retry_recovers(
    context: Any, site_server: Any
) -> None:
    """The connection is lost half-way through the .wasm (the train enters the tunnel): a
    download problem, not a damaged file; nothing half-downloaded is kept."""
    site_server.drop.add("pyodide.asm.wasm")
    try:
        _fails_then_recovers(context.new_page(), site_server, WHY_DOWNLOAD, site_server.drop.clear)
    finally:
        site_server.drop.clear()


def _patched_worker(context: Any, old: str, new: str, times: int = 1_000) -> list[str]:
    """Serve worker.js with one piece replaced (the fault) to the first ``times`` workers
    started, the real one after that."""
    served: list[str] = []

    def worker_script(route: Any) -> None:
        body = route.fetch().text()
        assert old in body, f"worker.js has no {old!r} to patch"
        if len(served) < times:
            body = body.replace(old, new, 1)
        served.append(route.request.url)
        route.fulfill(body=body, headers={"content-type": "text/javascript"})

    context.route("**/assets/playbook/worker.js", worker_script)
    return served


def test_a_calculator_that_raises_keeps_the_numbers_and_says_so(
    browser: Any, site_server: Any
) -> None:
    """A bug in a calculator for some numbers (here ROI raising ZeroDivisionError for 13万, put
    into the real Python in the worker): no traceback, no half result, the last numbers stay;
    other numbers compute again."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        boom = (
            "import calculators.browser as b\n"
            "_real = b.compute\n"
            "def _buggy(calc, inputs, **kw):\n"
            "    if inputs.get('upfront_cost') == '13万':\n"
            "        raise ZeroDivisionError('division by zero')\n"
            "    return _real(calc, inputs, **kw)\n"
            "b.compute = _buggy\n"
        )
        line = 'const run = py.pyimport("calculators.browser").run;'
        _patched_worker(context, line, f"py.runPython({boom!r});\n  {line}")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(site_server.origin + PAGE)
        wait_live(page)
        page.fill('input[name="upfront_cost"]', "12万")
        wait_for_cpython_npv(page)
        good = outputs(page)
        page.fill('input[name="upfront_cost"]', "13万")
        page.wait_for_selector('form.pb-calc[data-state="error"]', timeout=10_000)
        assert _status(page) == INTERNAL
        assert outputs(page) == good
        assert "Traceback" not in page.inner_text("form.pb-calc")
        assert any("ZeroDivisionError" in e for e in errors), errors  # for whoever debugs it
        assert "pb-calc__result--stale" in (page.get_attribute("[data-result]", "class") or "")
        page.fill('input[name="upfront_cost"]', "14万")
        wait_for_cpython_npv(page)
        assert page.eval_on_selector("form.pb-calc", "f => f.dataset.state") == "live"
        assert not page.locator(".pb-calc__retry").is_visible()
    finally:
        context.close()


def test_a_worker_that_dies_is_replaced_and_the_numbers_come(
    browser: Any, site_server: Any
) -> None:
    """The worker stops in the middle of a calculation (what the browser does to a worker that
    ran out of memory): no answer comes. The page starts a fresh worker and computes the rep's
    numbers with it; the last numbers stay until then."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        old = "function compute({ id, calc, inputs, lang, report, level }) {"
        die = "if (inputs.upfront_cost === '12万') { self.close(); for (;;) {} }"
        served = _patched_worker(context, old, f"{old}\n  {die}", times=1)
        page = context.new_page()
        page.goto(site_server.origin + PAGE)
        wait_live(page)
        before = outputs(page)
        page.fill('input[name="upfront_cost"]', "12万")
        page.wait_for_function(
            "() => document.querySelector('.pb-calc__status').textContent.includes('重启')",
            timeout=20_000,
        )
        # A worker that died is not a slow calculation: no "timed out".
        assert _status(page) == "计算引擎没有回应，正在重启…（已输入的数字不会丢）"
        assert outputs(page) == before
        wait_for_cpython_npv(page, timeout=LIVE_TIMEOUT_MS)
        assert outputs(page) != before
        assert len(served) == 2, "the dead worker was not replaced"
        assert re.search("NaN|Traceback", page.inner_text("form.pb-calc")) is None
    finally:
        context.close()


def test_a_worker_that_keeps_dying_ends_in_a_message_and_retry(
    browser: Any, site_server: Any
) -> None:
    """Three fresh workers die on the same numbers: the page stops trying by itself, says the
    engine stopped, keeps the last numbers; 重试 after the cause is gone computes them."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        old = "function compute({ id, calc, inputs, lang, report, level }) {"
        die = "if (inputs.upfront_cost === '12万') { self.close(); for (;;) {} }"
        served = _patched_worker(context, old, f"{old}\n  {die}", times=3)
        page = context.new_page()
        page.goto(site_server.origin + PAGE)
        wait_live(page)
        before = outputs(page)
        page.fill('input[name="upfront_cost"]', "12万")
        page.wait_for_selector('form.pb-calc[data-state="error"]', timeout=LIVE_TIMEOUT_MS)
        assert _status(page) == FAILED.format(reason="计算引擎意外停止了")
        assert outputs(page) == before
        assert len(served) == 3
        page.click(".pb-calc__retry")
        wait_live(page)
        wait_for_cpython_npv(page, timeout=LIVE_TIMEOUT_MS)
        assert len(served) == 4
    finally:
        context.close()
