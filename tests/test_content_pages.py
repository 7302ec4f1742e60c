"""The pages generated from docs/data: every item appears, linked, with numbers that are right."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS

from calculators.formula import parse
from calculators.money import plain_str, quantize_rate
from playbook.content.load import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT, PROBLEMS = load_content(ROOT / "docs", ROOT)


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def test_sample_content_loads_without_problems() -> None:
    assert [str(p) for p in PROBLEMS] == []


@pytest.mark.site
def test_every_kpi_has_an_anchor_and_a_live_calculator_with_its_example(built_site: Path) -> None:
    page = read(built_site, "kpis")
    forms = re.findall(r'<form class="pb-calc"[^>]*data-calc="kpi".*?</form>', page, re.S)
    assert len(forms) == len(CONTENT.kpis)
    for kpi, form in zip(CONTENT.kpis.values(), forms, strict=True):
        assert f'id="kpi-{kpi.id}"' in page, f"{kpi.name} has no anchor to link to"
        expected = plain_str(quantize_rate(parse(kpi.formula).evaluate(kpi.example_values)))
        assert f'data-output="value" data-value="{expected}"' in form, kpi.name


@pytest.mark.site
def test_the_dictionary_and_its_live_calculator_show_a_kpi_the_same_way(built_site: Path) -> None:
    """The worked example's result in the facts reads exactly as the widget below shows it
    (12.5% both times, not 12.5% above and 12.50% below; 45 天, not 45 and 45.0 天)."""
    page = read(built_site, "kpis")
    sections = re.split(r'<h2 id="kpi-', page)[1:]
    assert len(sections) == len(CONTENT.kpis)
    for section in sections:
        kpi_id = section.split('"', 1)[0]
        facts = re.search(r"，结果为 ([^<]+)</dd>", section)
        shown = re.search(r'data-output="value" data-value="[^"]*">([^<]+)</output>', section)
        assert facts and shown, kpi_id
        assert html.unescape(facts[1]) == html.unescape(shown[1]), (
            f"{kpi_id}: the dictionary says {facts[1]}, its calculator {shown[1]}"
        )


@pytest.mark.site
def test_stage_pages_list_entry_and_exit_criteria_as_checklists(built_site: Path) -> None:
    for stage in CONTENT.stages.values():
        page = html.unescape(read(built_site, f"process/{stage.id}"))
        for item in (*stage.entry, *stage.exit):
            assert item in page, f"{stage.name}: criterion missing: {item}"
        assert page.count('type="checkbox"') >= len(stage.entry) + len(stage.exit)
    overview = read(built_site, "process")
    assert "<svg" in overview and 'class="pb-flow__svg"' in overview
    for stage in CONTENT.stages.values():
        assert f'href="{stage.id}/"' in overview, f"the diagram does not link {stage.name}"


@pytest.mark.site
def test_objection_library_collects_every_card_with_its_stage(built_site: Path) -> None:
    page = read(built_site, "talk-tracks/objections")
    for objection in CONTENT.objections():
        assert f'<article class="pb-objection" data-stage="{objection.stage}">' in page
        assert f'<h2 id="objection-{objection.id}">' in page  # right under the h1


@pytest.mark.site
def test_glossary_has_an_anchor_per_term(built_site: Path) -> None:
    page = read(built_site, "glossary")
    for term in CONTENT.glossary:
        assert f'id="{term.anchor}"' in page


@pytest.mark.browser
def test_objection_filter_and_copy_button_work(browser: Any, site_server: Any) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_server.origin + "/talk-tracks/objections/")
    stages = {o.stage for o in CONTENT.objections()}
    stage = sorted(stages)[0]
    page.click(f'.pb-filter [data-filter="{stage}"]')
    visible = page.eval_on_selector_all(
        ".pb-objection", "els => els.filter(e => !e.hidden).map(e => e.dataset.stage)"
    )
    assert visible and set(visible) == {stage}
    page.click('.pb-filter [data-filter=""]')
    assert page.locator(".pb-objection:visible").count() == len(CONTENT.objections())

    first = next(iter(CONTENT.talk_tracks.values()))
    page.goto(site_server.origin + f"/talk-tracks/{first.id}/")
    page.click(".pb-step .pb-copy >> nth=0")
    assert page.evaluate("navigator.clipboard.readText()") == first.steps[0].say
    context.close()


@pytest.mark.browser
def test_a_kpi_calculator_goes_live(page: Any, site_server: Any) -> None:
    kpi = next(iter(CONTENT.kpis.values()))
    page.goto(site_server.origin + "/kpis/")
    page.click("details.example summary >> nth=0")
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    name = next(iter(kpi.example_values))
    doubled = kpi.example_values[name] * 2
    page.fill(f'form.pb-calc >> nth=0 >> [name="values.{name}"]', plain_str(doubled))
    want = plain_str(
        quantize_rate(parse(kpi.formula).evaluate({**kpi.example_values, name: doubled}))
    )
    page.wait_for_function(
        "v => document.querySelector('form.pb-calc [data-output=value]').dataset.value === v",
        arg=want,
        timeout=15_000,
    )
