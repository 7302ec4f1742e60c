"""Every kind of page works under a strict Content-Security-Policy: no 'unsafe-inline', no
'unsafe-eval'; only 'wasm-unsafe-eval' for Pyodide's WebAssembly.

The built sample is served with exactly :data:`POLICY` on every response (the policy
``deploy/nginx.conf`` sends), and the same policy again as ``Report-Only`` with a ``report-uri``
on this server, so a violation anywhere (the page, its dedicated and shared workers, the search
worker, the service worker) is reported here too. Each page kind is opened in a fresh context
and used (a number typed, search typed, present mode, the report), collecting violations three
ways: ``securitypolicyviolation`` events (an init script keeps them on ``window``), console
messages naming the Content Security Policy, and the reports. A failure lists each violation
with its directive, blocked URI and source file:line.

Nothing here waits with ``wait_for_function``: Playwright compiles its predicate with
``new Function`` inside the page, which this policy rightly refuses. Waits are selectors, or
polled from Python.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CSP, LIVE_TIMEOUT_MS, SiteServer, calc_inputs, free_port
from test_browser_suite import PAGES as CALCULATOR_PAGES
from test_browser_suite import fill, form_state, form_text, golden, headline_from_form, outputs

import calculators
from playbook.theme_scripts import (
    SCRIPTS,
    ThemeScriptError,
    material_templates,
    theme_scripts,
)

ROOT = Path(__file__).resolve().parent.parent
NGINX = ROOT / "playbook" / "scaffold" / "deploy" / "nginx.conf"

#: The policy every page must work under (the nginx recipe's).
POLICY = CSP
REPORT_PATH = "/__csp-report"

#: Kept on window by an init script (CDP injects it; the policy does not apply to it).
COLLECT_JS = """
window.__csp = [];
window.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push({
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI,
    source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
    sample: e.sample,
  });
}, true);
"""


def policed(site: Path, port: int = 0) -> SiteServer:
    """``site`` served with the policy on every response (pages, scripts, workers, errors), and
    the violation reports browsers POST to it."""
    return SiteServer(
        site,
        port,
        headers={
            "Content-Security-Policy": POLICY,
            "Content-Security-Policy-Report-Only": f"{POLICY}; report-uri {REPORT_PATH}",
        },
        report_path=REPORT_PATH,
    )


@pytest.fixture(scope="module")
def csp_server(built_site: Path) -> Iterator[SiteServer]:
    server = policed(built_site)
    yield server
    server.close()


class Visit:
    """One fresh context under the policy, and everything it reported."""

    def __init__(self, browser: Any, server: SiteServer, **options: Any) -> None:
        self.server = server
        self.context = browser.new_context(locale="zh-CN", **options)
        self.context.add_init_script(COLLECT_JS)
        # The print dialog is the browser's; the report test prints with page.pdf().
        self.context.add_init_script("window.print = () => { window.__printed = 1; };")
        self.found: list[str] = []
        self.page = self.new_page()

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._console_text(f"pageerror: {error}"))
        return page

    def _console(self, message: Any) -> None:
        where = message.location or {}
        self._console_text(
            f"console: {message.text} ({where.get('url')}:{where.get('lineNumber')})"
        )

    def _console_text(self, text: str) -> None:
        # The report-only copy of the policy repeats each message; its reports are read below.
        if "Content Security Policy" in text and "report-only" not in text:
            self.found.append(text)

    def goto(self, path: str, page: Any = None) -> None:
        self.collect(page)
        (page or self.page).goto(self.server.origin + path)

    def collect(self, page: Any = None) -> None:
        """Moves the page's recorded violations here (before it navigates away)."""
        page = page or self.page
        try:
            events = page.evaluate("window.__csp ? window.__csp.splice(0) : []")
        except Exception:  # the page is navigating: its events are read on the next call
            return
        for event in events:
            self.found.append(
                f"event: {event['directive']} blocked {event['blocked'] or '(inline)'} "
                f"at {event['source']} {event['sample']!r}"
            )

    def violations(self) -> list[str]:
        self.collect()
        time.sleep(0.3)  # reports are sent asynchronously
        for report in self.server.reports:
            self.found.append(
                "report: {} blocked {} at {}:{} {!r}".format(
                    report.get("effective-directive") or report.get("violated-directive"),
                    report.get("blocked-uri") or "(inline)",
                    report.get("source-file"),
                    report.get("line-number"),
                    report.get("script-sample", ""),
                )
            )
        self.server.reports.clear()
        return sorted(set(self.found))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, csp_server: SiteServer) -> Iterator[Visit]:
    csp_server.reports.clear()
    visit = Visit(browser, csp_server)
    yield visit
    visit.close()


def poll(check: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    """Until ``check()`` holds, polled from Python (see the module's docstring)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what or check}"
        time.sleep(0.1)


def assert_clean(visit: Visit) -> None:
    found = visit.violations()
    assert not found, f"{len(found)} Content-Security-Policy violation(s):\n" + "\n".join(found)


def styled(page: Any) -> bool:
    """Material's stylesheet applies (the header is sticky) and ours does (calc.css)."""
    return bool(
        page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).position === 'sticky'"
        )
    )


def go_live(page: Any) -> None:
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)


def type_and_check(page: Any, calc_id: str) -> None:
    """Types the calculator's last golden case into the form and waits for CPython's figures."""
    fill(page, form_text(calc_id, golden(calc_id)["cases"][-1]["inputs"]))
    expected = headline_from_form(calc_id, form_state(page))
    poll(
        lambda: all(expected.get(k) == v for k, v in outputs(page).items()),
        what=f"{calc_id}: the live result {expected}",
    )


#: What the policy blocks in a built page: inline scripts (a JSON data block is not run),
#: <style> elements, style="" and on…="" attributes, javascript: addresses (in tags, not text).
_INLINE = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style\b|<[a-z][^>]*\s(?:style|on[a-z]+)\s*=|<[a-z][^>]*=[\"']?\s*javascript:",
    re.IGNORECASE,
)


@pytest.mark.site
def test_no_page_has_inline_scripts_or_styles(built_site: Path) -> None:
    """The same, read from every built page, with its file and line (the browser tests above
    find what scripts do at run time; this finds what a page that is never opened has)."""
    found = []
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text("utf-8")
        for match in _INLINE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(built_site)}:{line}: {match[0]}")
    assert not found, "\n".join(found)


def test_every_inline_script_of_material_is_moved_to_a_file() -> None:
    """Each of Material's partials/javascripts/*.html has our override loading a file, and the
    file holds Material's script as the template has it (its base address from data-)."""
    ours = ROOT / "playbook" / "theme" / "partials" / "javascripts"
    partials = sorted(p.name for p in (material_templates() / "partials/javascripts").iterdir())
    assert partials == sorted(p.name for p in ours.iterdir())
    assert {partial.rsplit("/", 1)[1] for partial, _ in SCRIPTS.values()} == set(partials)
    scripts = theme_scripts()
    for path in ours.iterdir():
        text = path.read_text("utf-8")
        assert "<script>" not in text, path.name
        for name in re.findall(r"playbook_scripts\.(\w+)", text):
            assert name in scripts, (path.name, name)
    assert scripts["base"].source.startswith(
        "__md_scope=new URL(document.currentScript.dataset.scope,location),"
    )
    assert "{{" not in "".join(script.source for script in scripts.values())
    assert re.fullmatch(
        r"assets/javascripts/theme/base\.[0-9a-f]{8}\.min\.js", scripts["base"].path
    )


def test_a_material_script_it_cannot_move_stops_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "partials" / "javascripts"
    folder.mkdir(parents=True)
    for partial, _ in SCRIPTS.values():
        (tmp_path / partial).write_text('<script>x=new URL("{{ base_url }}")</script>', "utf-8")
    assert theme_scripts(tmp_path)["outdated"].source == (
        "x=new URL(document.currentScript.dataset.base)\n"
    )
    (tmp_path / "partials/javascripts/palette.html").write_text(
        '<script>x="{{ config.extra.new_thing }}"</script>', "utf-8"
    )
    with pytest.raises(ThemeScriptError, match="palette"):
        theme_scripts(tmp_path)


def test_the_nginx_recipe_sends_this_policy() -> None:
    text = NGINX.read_text("utf-8")
    (header,) = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', text)
    assert header == POLICY


# --- page kinds -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/", "article h1"),
        ("/guide/reps/", "article h1"),
        ("/process/lead/", "article input[type=checkbox]"),
        ("/process/", "svg.pb-flow__svg"),
        ("/talk-tracks/phone-opening/", ".pb-step .pb-copy"),
        ("/glossary/", "article h1"),
        ("/changes/", "article h1"),
        ("/404.html", "a.pb-home"),
    ],
    ids=["home", "prose", "stage", "process", "talk-track", "glossary", "changes", "404"],
)
def test_a_page_works_under_the_policy(visit: Visit, path: str, selector: str) -> None:
    visit.goto(path)
    visit.page.wait_for_selector(selector, state="attached")
    assert styled(visit.page)
    visit.page.wait_for_load_state("networkidle")
    assert_clean(visit)


@pytest.mark.browser
def test_the_policy_is_in_force_and_a_violation_is_seen(visit: Visit) -> None:
    """The harness can fail: an inline script added to a served page is blocked, and both the
    event and the server's report name it."""
    visit.goto("/")
    visit.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    poll(lambda: bool(visit.server.reports), what="the violation report")
    assert visit.page.evaluate("window.__ran") is None
    found = visit.violations()
    assert any(line.startswith("event: script-src") for line in found), found
    assert any(line.startswith("report: script-src") for line in found), found


def test_objection_library_filters(visit: Visit) -> None:
    visit.goto("/talk-tracks/objections/")
    stage = visit.page.locator(".pb-filter [data-filter]").nth(1)
    wanted = stage.get_attribute("data-filter")
    stage.click()
    shown = visit.page.eval_on_selector_all(
        ".pb-objection", "els => els.filter(e => !e.hidden).map(e => e.dataset.stage)"
    )
    assert shown and set(shown) == {wanted}
    assert_clean(visit)


@pytest.mark.browser
def test_code_copy_button(visit: Visit) -> None:
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.goto("/guide/managers/")
    block = visit.page.locator("article pre").first
    block.hover()
    block.locator(".md-code__button[data-md-type=copy]").click()
    poll(lambda: bool(visit.page.evaluate("navigator.clipboard.readText()")), what="a copy")
    assert_clean(visit)


@pytest.mark.browser
def test_glossary_term_and_tooltip(visit: Visit) -> None:
    visit.goto("/guide/reps/")
    term = visit.page.locator("article a.pb-term").first
    term.hover()
    visit.page.wait_for_timeout(800)  # Material's tooltip and ours position themselves
    assert_clean(visit)


@pytest.mark.browser
def test_kpi_dictionary_folded_calculator_goes_live(visit: Visit) -> None:
    visit.goto("/kpis/")
    visit.page.click("details.example summary >> nth=0")
    go_live(visit.page)
    form = visit.page.locator("form.pb-calc").first
    name = form.locator("input[name^='values.']").first
    before = form.locator("[data-output=value]").get_attribute("data-value")
    name.fill("7")
    poll(
        lambda: form.locator("[data-output=value]").get_attribute("data-value") != before,
        what="the KPI's value to change",
    )
    assert_clean(visit)


@pytest.mark.browser
def test_search_in_its_worker(visit: Visit) -> None:
    visit.goto("/")
    visit.page.click(".md-search__input")
    visit.page.keyboard.insert_text("赢单率")
    visit.page.keyboard.press("End")  # Material searches on keyup
    visit.page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    results = visit.page.locator(".md-search-result__list").inner_text()
    assert "赢单率" in results.replace("\u200b", "")  # Material marks the words it found
    assert_clean(visit)


@pytest.mark.browser
@pytest.mark.parametrize(("calc_id", "url"), CALCULATOR_PAGES, ids=[p[0] for p in CALCULATOR_PAGES])
def test_calculator_goes_live_and_recomputes(visit: Visit, calc_id: str, url: str) -> None:
    visit.goto(url)
    go_live(visit.page)
    type_and_check(visit.page, calc_id)
    assert_clean(visit)


@pytest.mark.browser
def test_present_mode_and_the_printed_report(visit: Visit) -> None:
    page = visit.page
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.goto("/calculators/roi/")
    go_live(page)
    for action in ("share", "copy-table"):
        page.locator(f'.pb-calc__action[data-action="{action}"]').first.click()
        page.locator(".pb-calc__notice").first.wait_for(state="visible")
    with page.expect_download():
        page.locator('.pb-calc__action[data-action="csv"]').first.click()
    page.locator('.pb-calc__action[data-action="present"]').click()
    page.wait_for_selector("form.pb-calc--present")
    page.keyboard.press("Escape")
    page.wait_for_selector("form.pb-calc--present", state="detached")

    page.click('.pb-calc__action[data-action="report"]')
    page.fill('[data-report="customer"]', "华东精密制造有限公司")
    page.fill('[data-report="date"]', "2026-12-04")
    page.click("[data-report-go]")
    poll(lambda: page.evaluate("window.__printed === 1"), what="the report to print")
    assert page.evaluate("document.documentElement.classList.contains('pb-printing')")
    page.emulate_media(media="print")
    page.pdf(format="A4", print_background=True)
    assert_clean(visit)


@pytest.mark.browser
def test_a_customer_link_opens_the_public_page(visit: Visit) -> None:
    """What 发给客户 copies: the public page with the rep's numbers in the fragment."""
    page = visit.page
    visit.goto("/for-customers/")
    go_live(page)
    page.locator('form.pb-calc [name="upfront_cost"]').fill("36万")
    poll(lambda: "?" in page.evaluate("location.hash"), what="the share fragment")
    link = page.evaluate("location.href")
    typed = calc_inputs(page)
    npv = calculators.compute("roi", typed, from_form=True)["npv"]
    customer = visit.new_page()
    visit.goto(link.removeprefix(visit.server.origin), customer)
    go_live(customer)
    poll(
        lambda: customer.locator('[data-output="npv"]').first.get_attribute("data-value") == npv,
        what="the customer's page to show the rep's NPV",
    )
    visit.collect(customer)
    assert_clean(visit)


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample built for the address it is served from: Material's instant navigation only
    follows links its sitemap lists."""
    port = free_port()
    site = tmp_path_factory.mktemp("csp-instant")
    env = {**os.environ, "PLAYBOOK_SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    server = policed(site, port)
    yield server
    server.close()


@pytest.mark.browser
def test_instant_navigation_between_pages(browser: Any, instant_server: SiteServer) -> None:
    """Material swaps pages in place and runs the scripts of the page swapped in; across
    pages at other depths (the theme's scripts take the site's base from their element)."""
    instant_server.reports.clear()
    visit = Visit(browser, instant_server, viewport={"width": 1280, "height": 900})
    try:
        page = visit.page
        visit.goto("/calculators/roi/")
        go_live(page)
        loaded = page.evaluate("performance.timeOrigin")
        for path in ("calculators/commission/", "glossary/", "guide/reps/", "calculators/bonus/"):
            page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{path}"]').first.click()
            page.wait_for_url(f"**/{path}")
            page.wait_for_selector("article h1")
            assert styled(page)
        assert page.evaluate("performance.timeOrigin") == loaded, "a page was reloaded"
        go_live(page)
        type_and_check(page, "bonus")
        assert page.evaluate("__md_scope.href") == instant_server.origin + "/"
        assert_clean(visit)
    finally:
        visit.close()


@pytest.mark.browser
def test_offline_with_the_service_worker(visit: Visit) -> None:
    page = visit.page
    visit.goto("/calculators/roi/")
    go_live(page)
    poll(
        lambda: page.evaluate("async () => !!(await navigator.serviceWorker.ready).active"),
        timeout=30,
        what="the service worker",
    )
    visit.goto("/calculators/roi/")  # now through the service worker
    go_live(page)
    assert page.evaluate("!!navigator.serviceWorker.controller")
    visit.context.set_offline(True)
    try:
        visit.goto("/calculators/roi/")
        go_live(page)
        assert styled(page)
        type_and_check(page, "roi")
    finally:
        visit.context.set_offline(False)
    # 下载离线版 in the footer (shown where a service worker runs): the whole site, then offline.
    page.wait_for_selector(".pb-offline:not([hidden])", timeout=30_000)
    page.click(".pb-offline__action")
    page.wait_for_selector('.pb-offline[data-state="ready"]', timeout=120_000)
    visit.context.set_offline(True)
    try:
        visit.goto("/calculators/discount/")  # never opened: from the offline copy
        go_live(page)
        type_and_check(page, "discount")
    finally:
        visit.context.set_offline(False)
    assert_clean(visit)
