"""Outside accessibility audit: axe-core (from npm, pinned in audit/package.json) on every kind
of page of the built sample site in real Chromium, at phone and desktop sizes, and every
calculator used with the keyboard alone.

axe runs in the page as the site is (idle: the build-time numbers; live: after the Pyodide
worker recomputed a typed number; present mode; search open with a query typed). A serious or
critical violation fails, named with its rule, the element and axe's own explanation.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS, SiteServer

from calculators.registry import REGISTRY

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "audit" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
#: One page of each kind a rep, a manager or a prospect opens.
PAGES = {
    "home": "",
    "prose": "guide/reps/",
    "stage": "process/qualify/",
    "talk track": "talk-tracks/needs-discovery/",
    "objection library": "talk-tracks/objections/",
    "KPI dictionary": "kpis/",
    "glossary": "glossary/",
    "pay plans": "incentives/plans/",
    "for customers": "for-customers/",
}
CALCULATOR_PAGES = {
    calc_id: "/" + entry.page.removesuffix("index.md").removesuffix(".md") + "/"
    for calc_id, entry in sorted(REGISTRY.items())
    if entry.page.startswith("calculators/")
}
RUN_AXE = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help}\\n` + v.nodes.slice(0, 5)
      .map(n => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ")}`)
      .join("\\n"));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is not installed: npm ci --prefix audit ({AXE} missing)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text("utf-8")


def _violations(page: Any, axe_source: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)  # evaluated by the driver, not an inline script: CSP-proof
    found: list[str] = page.evaluate(RUN_AXE)
    return found


def _context(browser: Any, size: str) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", PAGES)
def test_each_kind_of_page_has_no_serious_axe_violation(
    browser: Any, site_server: SiteServer, axe_source: str, kind: str, size: str
) -> None:
    context = _context(browser, size)
    try:
        page = context.new_page()
        page.goto(site_server.origin + "/" + PAGES[kind])
        page.wait_for_load_state("load")
        found = _violations(page, axe_source)
        assert not found, f"{kind} page at {size} size:\n" + "\n".join(found)
    finally:
        context.close()


def _first_text_input(page: Any) -> Any:
    return page.locator(
        "form.pb-calc .pb-calc__inputs :is(input[type=text], input:not([type]), textarea):visible"
    ).first


@pytest.mark.parametrize("calc_id", CALCULATOR_PAGES)
def test_each_calculator_idle_and_live_has_no_serious_axe_violation(
    browser: Any, site_server: SiteServer, axe_source: str, calc_id: str
) -> None:
    """At phone size; the keyboard test below audits each calculator live at desktop size."""
    size = "phone"
    context = _context(browser, size)
    try:
        page = context.new_page()
        page.goto(site_server.origin + CALCULATOR_PAGES[calc_id])
        found = _violations(page, axe_source)
        assert not found, f"{calc_id} (build-time numbers) at {size} size:\n" + "\n".join(found)
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        box = _first_text_input(page)
        typed = box.input_value()
        box.fill("")
        box.fill(typed)  # the same value again (a pasted table can be long): a real recompute
        page.wait_for_function(
            "() => document.querySelector('form.pb-calc').dataset.state === 'live'"
            " && !document.querySelector('form.pb-calc .pb-calc__result[aria-busy=true]')"
        )
        page.wait_for_timeout(300)
        found = _violations(page, axe_source)
        assert not found, f"{calc_id} live at {size} size:\n" + "\n".join(found)
    finally:
        context.close()


def test_present_mode_and_open_search_have_no_serious_axe_violation(
    browser: Any, site_server: SiteServer, axe_source: str
) -> None:
    context = _context(browser, "phone")
    try:
        page = context.new_page()
        page.goto(site_server.origin + CALCULATOR_PAGES["roi"])
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.click('form.pb-calc [data-action="present"]')
        page.wait_for_selector("form.pb-calc.pb-calc--present")
        found = _violations(page, axe_source)
        assert not found, "ROI in present mode:\n" + "\n".join(found)
        page.keyboard.press("Escape")
        page.goto(site_server.origin + "/")
        page.click("label.md-header__button[for=__search]")
        page.fill(".md-search__input", "折扣")
        page.wait_for_selector(".md-search-result__item", timeout=LIVE_TIMEOUT_MS)
        page.wait_for_timeout(600)  # Material's tooltips fade in: audit them, not the fade
        found = _violations(page, axe_source)
        assert not found, "search open with results:\n" + "\n".join(found)
    finally:
        context.close()


FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const ringed = (el) => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  };
  // A visually hidden file input shows its focus on the label that is its visible button.
  const ring = ringed(e) || (!!e.closest("label") && ringed(e.closest("label")));
  return {
    inForm: !!e.closest("form.pb-calc"),
    tag: e.tagName, name: e.name || "", action: e.dataset.action || "",
    visible: ring,
  };
}"""


def _tab_to(page: Any, wanted: Any, limit: int = 400) -> dict[str, Any]:
    """Press Tab until ``wanted(focused)`` holds; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused: dict[str, Any] | None = page.evaluate(FOCUSED_JS)
        if focused and focused["inForm"]:
            assert focused["visible"], f"no visible focus on {focused}"
        if focused and wanted(focused):
            return focused
    raise AssertionError("the keyboard never reached the control")


@pytest.mark.parametrize("calc_id", CALCULATOR_PAGES)
def test_each_calculator_works_with_the_keyboard_alone(
    browser: Any, site_server: SiteServer, axe_source: str, calc_id: str
) -> None:
    """Fill the first field, see the result update, copy a share link and download the CSV,
    pressing only Tab, typing and Enter; every control on the way shows where focus is. The
    live page is then audited with axe at desktop size."""
    context = _context(browser, "desktop")
    try:
        page = context.new_page()
        page.goto(site_server.origin + CALCULATOR_PAGES[calc_id])
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        first = _first_text_input(page)
        name = first.get_attribute("name")
        _tab_to(page, lambda f: f["inForm"] and f["name"] == name)
        typed = first.input_value()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(typed)  # as a paste or an input method enters it
        page.wait_for_function(
            "() => document.querySelector('form.pb-calc').dataset.state === 'live'"
        )
        found = _violations(page, axe_source)
        assert not found, f"{calc_id} live at desktop size:\n" + "\n".join(found)
        _tab_to(page, lambda f: f["action"] == "share")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => !document.querySelector('form.pb-calc .pb-calc__notice').hidden"
        )
        link = page.evaluate("() => navigator.clipboard.readText()")
        assert link.startswith(site_server.origin), link
        _tab_to(page, lambda f: f["action"] == "csv")
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert Path(download.value.path()).read_text("utf-8-sig").strip()
    finally:
        context.close()
