"""Every calculator page in real Chromium: live from golden inputs, share links, errors, export.

Driven by the golden files, so a new calculator with a page and a golden file is covered here
without a line of new test code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS

import calculators
from calculators.spec import display_value, parse_inputs

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DOCS = ROOT / "docs"


def calculator_pages() -> list[tuple[str, str]]:
    """(calculator id, site path) of each calculator's own page (docs/calculators/*.md)."""
    found = []
    for path in sorted((DOCS / "calculators").glob("*.md")):
        match = re.search(r"```calculator\s*\n\s*id:\s*(\w+)", path.read_text("utf-8"))
        if match and (GOLDEN / f"{match[1]}.json").is_file():
            rel = path.relative_to(DOCS).with_suffix("").as_posix()
            url = "/" + (rel.removesuffix("index") if rel.endswith("index") else rel + "/")
            found.append((match[1], url))
    return found


PAGES = calculator_pages()


def form_text(calc_id: str, inputs: dict[str, Any]) -> dict[str, str]:
    """The golden inputs as a person would type them into the form (rates in percent)."""
    calc = calculators.get(calc_id)
    values = parse_inputs(calc, inputs)
    return {name: display_value(calc.field(name), values[name]) for name in inputs}


def outputs(page: Any) -> dict[str, str]:
    """Headline outputs of the page's first calculator (some pages have several)."""
    values: dict[str, str] = page.eval_on_selector(
        "form.pb-calc",
        "f => Object.fromEntries([...f.querySelectorAll('[data-output]')]"
        ".map(e => [e.dataset.output, e.dataset.value]))",
    )
    return values


def form_state(page: Any) -> dict[str, str]:
    values: dict[str, str] = page.eval_on_selector(
        "form.pb-calc",
        "f => Object.fromEntries([...f.querySelectorAll('[name]')].map(e => [e.name, e.value]))",
    )
    return values


def headline_from_form(calc_id: str, state: dict[str, str]) -> dict[str, str]:
    result = calculators.compute(calc_id, state, from_form=True)
    return {name: str(result[name] if result[name] is not None else "") for name in result}


def fill(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        control = page.locator(f'form.pb-calc [name="{name}"]').first
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def wait_for_outputs(page: Any, want: dict[str, str]) -> dict[str, str]:
    page.wait_for_function(
        """want => {
            const form = document.querySelector('form.pb-calc');
            return Object.entries(want).every(([k, v]) => {
                const el = form.querySelector(`[data-output="${k}"]`);
                return !el || el.dataset.value === v;
            });
        }""",
        arg=want,
        timeout=15_000,
    )
    return outputs(page)


def golden(calc_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{calc_id}.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize(("calc_id", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_page_goes_live_and_a_share_link_reproduces_the_numbers(
    page: Any, browser: Any, site_server: Any, calc_id: str, url: str
) -> None:
    page.goto(site_server.origin + url)
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    case = golden(calc_id)["cases"][-1]
    fill(page, form_text(calc_id, case["inputs"]))
    # What the form now holds (the golden inputs plus the page's other defaults), computed by
    # CPython, must be what the page shows.
    expected = headline_from_form(calc_id, form_state(page))
    shown = wait_for_outputs(page, expected)
    assert shown, "the page has no headline outputs"
    for name, value in shown.items():
        assert value == expected[name], f"{calc_id}: {name} shows {value}, CPython says {expected}"
    page.wait_for_function("() => location.hash.includes('?')", timeout=5_000)
    link = page.evaluate("location.href")
    assert page.foreign_requests == []

    # A prospect opens the link in their own browser: same inputs, same numbers.
    context = browser.new_context()
    other = context.new_page()
    other.goto(link)
    other.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    private = page.eval_on_selector_all(
        "form.pb-calc [data-private][name]", "es => es.map(e => e.name)"
    )
    if private:
        # The team's own data stays in the first browser: the link carries the settings only,
        # so the prospect's page computes them on the page's own sample data.
        state = form_state(other)
        assert all(name not in link.partition("#")[2] for name in private)
        want = headline_from_form(calc_id, state)
        assert wait_for_outputs(other, want) == {name: want[name] for name in shown}
    else:
        assert wait_for_outputs(other, shown) == shown
    context.close()


@pytest.mark.parametrize(("calc_id", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_invalid_entry_names_the_field_and_keeps_the_last_good_result(
    page: Any, site_server: Any, calc_id: str, url: str
) -> None:
    candidates = [
        case
        for case in golden(calc_id).get("invalid", [])
        if len(case["inputs"]) == 1
        and all(isinstance(v, str) for v in case["inputs"].values())
        and case["fields"] == list(case["inputs"])
    ]
    if not candidates:
        pytest.skip(f"{calc_id}: no single-field text case in its golden file")
    case = candidates[0]
    (name,) = case["inputs"]
    page.goto(site_server.origin + url)
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    before = outputs(page)
    fill(page, case["inputs"])
    slot = (
        page.locator("form.pb-calc")
        .first.locator(f'[name="{name}"]')
        .locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " pb-field ")][1]')
        .locator(".pb-field__error")
    )
    slot.wait_for(state="visible", timeout=10_000)
    label = calculators.get(calc_id).field(name).label(calc_id, "zh")
    assert label in slot.inner_text()
    assert outputs(page) == before


def test_export_and_present_mode(page: Any, site_server: Any) -> None:
    page.goto(site_server.origin + "/calculators/roi/")
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    with page.expect_download() as info:
        page.click('[data-action="csv"]')
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert rows[1][0] == "0" and "-100000.00" in rows[1], f"CSV should hold exact values: {rows}"
    page.click('[data-action="present"]')
    assert page.locator("form.pb-calc--present").count() == 1
    assert not page.locator(".pb-explain").is_visible()
    assert page.locator('[data-output="npv"]').is_visible()
