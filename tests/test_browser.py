"""The ROI page in real headless Chromium, served from 127.0.0.1 with no other origin reachable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS

import calculators

pytestmark = pytest.mark.browser

PAGE = "/calculators/roi/"


def outputs(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "form.pb-calc [data-output]",
        "els => Object.fromEntries(els.map(e => [e.dataset.output, e.dataset.value]))",
    )


def form_inputs(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "form.pb-calc input[name]", "els => Object.fromEntries(els.map(e => [e.name, e.value]))"
    )


def expected_outputs(inputs: dict[str, str]) -> dict[str, str]:
    result = calculators.compute("roi", inputs, from_form=True)
    return {
        name: result[name] or ""
        for name in ("roi", "npv", "payback_months", "cost_of_delay_month", "irr", "pv_roi")
    }


def wait_live(page: Any) -> None:
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)


def wait_for_cpython_npv(page: Any, timeout: int = 10_000) -> None:
    """Until the NPV on the page is CPython's for the inputs the form holds now."""
    page.wait_for_function(
        "v => document.querySelector('[data-output=npv]').dataset.value === v",
        arg=expected_outputs(form_inputs(page))["npv"],
        timeout=timeout,
    )


def test_default_result_is_there_without_javascript(browser: Any, site_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.origin + PAGE)
    shown = outputs(page)
    assert shown == expected_outputs(form_inputs(page))
    # The worked example of the research notes: upfront 100,000; 20,000 a year; 8/12/15万; 10%.
    assert shown["npv"] == "134861.01"
    assert shown["roi"] == "1.1875"
    assert page.eval_on_selector("form.pb-calc", "f => f.dataset.state") == "static"
    context.close()


def test_typed_inputs_update_live_with_no_foreign_requests(page: Any, site_server: Any) -> None:
    page.goto(site_server.origin + PAGE)
    wait_live(page)
    typed = {
        "upfront_cost": "20万",
        "annual_cost": "30,000",
        "annual_benefit": "12万 18万 20万 22万",
        "discount_rate": "12%",
        "years": "4",
    }
    for name, value in typed.items():
        page.fill(f'form.pb-calc input[name="{name}"]', value)
    want = expected_outputs(form_inputs(page))
    page.wait_for_function(
        "npv => document.querySelector('[data-output=npv]').dataset.value === npv",
        arg=want["npv"],
        timeout=10_000,
    )
    assert outputs(page) == want
    assert want["npv"] != "134861.01"
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_invalid_input_names_the_field_and_keeps_the_last_result(
    page: Any, site_server: Any
) -> None:
    page.goto(site_server.origin + PAGE)
    wait_live(page)
    before = outputs(page)
    page.fill('input[name="upfront_cost"]', "十万块")
    error = page.locator("#pb-roi-1-upfront_cost-error")
    error.wait_for(state="visible", timeout=10_000)
    assert "前期投入" in error.inner_text()
    assert page.get_attribute('input[name="upfront_cost"]', "aria-invalid") == "true"
    assert outputs(page) == before
    page.fill('input[name="upfront_cost"]', "15万")
    error.wait_for(state="hidden", timeout=10_000)
    assert outputs(page) == expected_outputs(form_inputs(page))


def test_loading_shows_progress_and_keeps_the_build_time_result(
    page: Any, site_server: Any
) -> None:
    site_server.delay["pyodide.asm.wasm"] = 3.0
    try:
        page.goto(site_server.origin + PAGE)
        defaults = outputs(page)
        page.fill('input[name="upfront_cost"]', "12万")
        page.wait_for_selector('form.pb-calc[data-state="loading"]', timeout=5_000)
        status = page.inner_text(".pb-calc__status")
        assert "正在加载计算引擎" in status
        assert outputs(page) == defaults  # still the last correct numbers while loading
        wait_live(page)
        # The edit made while loading is computed once the runtime is ready.
        wait_for_cpython_npv(page)
    finally:
        site_server.delay.clear()


def test_worker_that_cannot_start_leaves_a_clear_message(page: Any, site_server: Any) -> None:
    site_server.fail.add("pyodide.mjs")
    try:
        page.goto(site_server.origin + PAGE)
        defaults = outputs(page)
        page.focus('input[name="upfront_cost"]')
        page.wait_for_selector('form.pb-calc[data-state="error"]', timeout=30_000)
        assert "实时计算暂时不可用" in page.inner_text(".pb-calc__status")
        assert outputs(page) == defaults
    finally:
        site_server.fail.clear()


def test_a_missing_bytecode_stdlib_falls_back_to_pyodides_own(
    browser: Any, site_server: Any, built_site: Path
) -> None:
    """The build-time bytecode stdlib is an optimisation: without it (here a 404) the worker
    boots from Pyodide's own stdlib zip and the calculator still goes live, with right numbers."""
    context = browser.new_context(service_workers="block")
    seen = len(site_server.requests)
    (runtime,) = (built_site / "assets" / "calculators").iterdir()
    site_server.fail.add(f"/assets/calculators/{runtime.name}/python_stdlib.zip")
    try:
        page = context.new_page()
        page.goto(site_server.origin + PAGE)
        wait_live(page)
        page.fill('input[name="upfront_cost"]', "12万")
        wait_for_cpython_npv(page)
        stdlibs = [p for p in site_server.requests[seen:] if p.endswith("python_stdlib.zip")]
        assert any(p.startswith("/assets/pyodide/") for p in stdlibs), stdlibs
    finally:
        site_server.fail.clear()
        context.close()


def test_a_hung_calculation_replaces_the_worker_and_recovers(
    browser: Any, site_server: Any
) -> None:
    """Python cannot be interrupted without SharedArrayBuffer: a call that hangs must end with the
    worker terminated, a new one started, and the rep's latest numbers computed by it."""
    context = browser.new_context(service_workers="block")
    served: list[str] = []

    def worker_script(route: Any) -> None:
        body = route.fetch().text()
        if not served:  # the first worker spins forever on its first calculation
            body, count = re.subn(
                r"(function compute\(\{[^}]*\}\) \{)", r"\1\n  for (;;) {}", body, count=1
            )
            assert count == 1, "worker.js has no compute function to hang"
        served.append(route.request.url)
        route.fulfill(body=body, headers={"content-type": "text/javascript"})

    context.route("**/assets/playbook/worker.js", worker_script)
    page = context.new_page()
    page.goto(site_server.origin + PAGE)
    wait_live(page)
    page.fill('input[name="upfront_cost"]', "12万")
    page.wait_for_function(
        "() => document.querySelector('.pb-calc__status').textContent.includes('没有回应')",
        timeout=20_000,
    )
    want = expected_outputs(form_inputs(page))["npv"]
    page.wait_for_function(
        "v => document.querySelector('[data-output=npv]').dataset.value === v",
        arg=want,
        timeout=LIVE_TIMEOUT_MS,
    )
    assert len(served) == 2, "the hung worker was not replaced by a new one"
    assert page.eval_on_selector("form.pb-calc", "f => f.dataset.state") == "live"
    context.close()


def test_folded_calculators_download_nothing_until_one_is_opened(
    browser: Any, site_server: Any
) -> None:
    """The KPI dictionary folds one calculator under each KPI: opening the page must not fetch
    the runtime (megabytes on a phone); opening one 「试一试」 block starts it and it goes live."""
    context = browser.new_context(service_workers="block")
    seen = len(site_server.requests)
    try:
        page = context.new_page()
        page.goto(site_server.origin + "/kpis/")
        page.wait_for_load_state("load")
        page.mouse.wheel(0, 4000)  # scrolling past folded calculators does not start it either
        page.wait_for_timeout(1500)
        fetched = site_server.requests[seen:]
        runtime = [p for p in fetched if p.startswith("/assets/pyodide/") or ".whl" in p]
        assert not runtime, runtime
        block = page.locator("details:has(form.pb-calc)").first
        block.scroll_into_view_if_needed()
        block.locator(":scope > summary").click()
        block.locator('form.pb-calc[data-state="live"]').wait_for(timeout=LIVE_TIMEOUT_MS)
        assert any(p.endswith("pyodide.asm.wasm") for p in site_server.requests[seen:])
    finally:
        context.close()


def test_the_next_calculator_page_reuses_the_running_runtime(
    browser: Any, site_server: Any
) -> None:
    """A rep goes from one calculator page to another mid-call: the second page connects to the
    runtime the first one booted (a shared worker kept across the navigation) instead of booting
    Pyodide again, and computes right at once."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_server.origin + PAGE)
        wait_live(page)
        assert page.get_attribute("form.pb-calc", "data-boot") == "cold"
        seen = len(site_server.requests)
        page.goto(site_server.origin + "/calculators/commission/")
        form = page.locator("form.pb-calc").first
        page.locator('form.pb-calc[data-state="live"]').first.wait_for(timeout=LIVE_TIMEOUT_MS)
        assert form.get_attribute("data-boot") == "warm"
        booted = [p for p in site_server.requests[seen:] if "pyodide.mjs" in p or ".whl" in p]
        assert not booted, booted
        before = page.get_attribute('output[data-output="commission"]', "data-value")
        page.fill('form.pb-calc input[name="sales"]', "130万")
        page.wait_for_function(
            "v => document.querySelector('output[data-output=\"commission\"]').dataset.value !== v",
            arg=before,
            timeout=10_000,
        )
        inputs = form.evaluate(
            "f => Object.fromEntries([...f.querySelectorAll('[name]')].map(e => [e.name, e.value]))"
        )
        assert form.get_attribute("data-calc") == "commission"
        want = calculators.compute("commission", inputs, from_form=True)["commission"]
        assert page.get_attribute('output[data-output="commission"]', "data-value") == want
    finally:
        context.close()


def test_the_early_start_and_the_page_name_the_same_shared_worker() -> None:
    """boot.js opens the shared worker calc.js (runtime.js) joins: same protocol number."""
    static = Path(__file__).resolve().parent.parent / "playbook" / "static"
    pattern = re.compile(r"const PROTOCOL = (\d+);")
    boot = pattern.search((static / "boot.js").read_text("utf-8"))
    runtime = pattern.search((static / "runtime.js").read_text("utf-8"))
    assert boot and runtime and boot[1] == runtime[1]


SNAPSHOT_CACHED_JS = """
async () => {
  const cache = await caches.open("playbook-immutable");
  const keys = (await cache.keys()).map((r) => r.url);
  const has = (end) => keys.some((u) => u.endsWith(end));
  return has("/snapshot.bin") && has("/snapshot.json");
}
"""

DAMAGE_SNAPSHOT_JS = """
async () => {
  const cache = await caches.open("playbook-immutable");
  const request = (await cache.keys()).find((r) => r.url.endsWith("/snapshot.bin"));
  const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
  bytes[bytes.length >> 1] ^= 0xff;  // one flipped byte: same size, wrong sha256
  await cache.put(request, new Response(bytes));
  return bytes.length;
}
"""


def _live_again_without_shared_worker(context: Any, origin: str) -> Any:
    page = context.new_page()
    page.add_init_script("window.SharedWorker = undefined;")  # a fresh boot, not a join
    page.goto(origin + PAGE)
    wait_live(page)
    return page


def test_a_repeat_visit_boots_from_the_snapshot_and_a_damaged_one_is_refused(
    browser: Any, site_server: Any
) -> None:
    """After a first visit the build's memory snapshot is fetched in the background; the next
    boot restores it (checked against its sha256 and a known answer) and computes right. A
    snapshot damaged in the cache is refused: the page boots the ordinary way, still right."""
    context = browser.new_context(service_workers="block")
    try:
        first = context.new_page()
        first.goto(site_server.origin + PAGE)
        wait_live(first)
        assert first.get_attribute("form.pb-calc", "data-boot") == "cold"
        for _ in range(150):
            if first.evaluate(SNAPSHOT_CACHED_JS):
                break
            first.wait_for_timeout(200)
        assert first.evaluate(SNAPSHOT_CACHED_JS), "the snapshot was not fetched for next time"

        again = _live_again_without_shared_worker(context, site_server.origin)
        assert again.get_attribute("form.pb-calc", "data-boot") == "snapshot"
        again.fill('input[name="upfront_cost"]', "12万")
        wait_for_cpython_npv(again)

        assert again.evaluate(DAMAGE_SNAPSHOT_JS) > 1_000_000
        damaged = _live_again_without_shared_worker(context, site_server.origin)
        assert damaged.get_attribute("form.pb-calc", "data-boot") == "cold"
        damaged.fill('input[name="upfront_cost"]', "13万")
        wait_for_cpython_npv(damaged)
    finally:
        context.close()
