"""生成投资分析报告: the ROI business case, rendered by the calculators' Python and printed to PDF
by Chromium; the PDF's text is read back: the figures are CPython's, the customer's name is
there, nothing of the internal page is, and no table row is split across pages."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from conftest import LIVE_TIMEOUT_MS, SiteServer, calc_inputs, wait_for_output

import calculators
from calculators import browser as entry
from calculators.money import format_money, format_number

CUSTOMER = "华东精密制造有限公司"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _report(inputs: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(
        entry.run("roi", json.dumps(inputs), "zh", json.dumps(meta, ensure_ascii=False))
    )
    return answer


def test_the_report_is_the_panels_figures_with_the_customer() -> None:
    answer = _report({}, {"customer": "A&B <公司>", "date": "2026-12-04"})
    assert answer["ok"]
    html = answer["html"]
    assert "为 A&amp;B &lt;公司&gt; 准备" in html  # the one escaping path
    assert "2026 年 12 月 4 日" in html
    result = calculators.compute("roi", {})
    assert f'data-output="npv" data-value="{result["npv"]}"' in html
    assert "需要满足什么条件" in html and "假设" in html and "口径说明" in html


def test_what_the_rep_types_is_checked_with_the_inputs() -> None:
    answer = _report({"discount_rate": "abc"}, {"customer": " ", "date": "2026-13-01"})
    assert not answer["ok"]
    fields = [e["field"] for e in answer["errors"]]
    assert fields == ["discount_rate", "customer", "date"]
    messages = [e["message"] for e in answer["errors"]]
    assert messages[1] == "请填写客户名称：它会印在报告的标题下。"
    assert messages[2] == "「报告日期」不是有效的日期，请按 2026-12-04 的格式填写。"
    too_long = _report({}, {"customer": "客" * 61, "date": "2026-12-04"})
    assert [e["message"] for e in too_long["errors"]] == ["「客户名称」最多 60 个字。"]


def test_only_the_roi_calculator_has_a_report() -> None:
    answer = json.loads(entry.run("discount", "{}", "zh", json.dumps({"customer": "x"})))
    assert not answer["ok"] and answer["errors"][0]["code"] == "no_report"


@pytest.mark.browser
def test_printed_to_pdf_in_chromium(browser: Any, site_server: SiteServer) -> None:
    from pypdf import PdfReader

    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    # The print dialog is the browser's; here printing is page.pdf() with the same stylesheet.
    context.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    page = context.new_page()
    try:
        page.goto(site_server.origin + "/calculators/roi/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.fill('form.pb-calc [name="upfront_cost"]', "12万")
        inputs = calc_inputs(page)
        result = calculators.compute("roi", inputs, from_form=True)
        wait_for_output(page, "npv", result["npv"], 15_000)
        page.click('.pb-calc__action[data-action="report"]')
        dialog = page.locator(".pb-report-dialog")
        assert dialog.is_visible()
        assert page.locator('[data-report="date"]').input_value()  # today, filled in
        page.click("[data-report-go]")  # no customer yet
        error = page.locator('[data-report-error="customer"]')
        error.wait_for(state="visible", timeout=15_000)
        assert error.inner_text() == "请填写客户名称：它会印在报告的标题下。"
        page.fill('[data-report="customer"]', CUSTOMER)
        page.fill('[data-report="date"]', "2026-12-04")
        page.click("[data-report-go]")
        page.wait_for_function("() => window.__printed === 1", timeout=15_000)
        assert page.evaluate("document.documentElement.classList.contains('pb-printing')")
        assert not dialog.is_visible()

        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        # Compared without spacing and in NFKC: text from a PDF has spaces around Latin runs
        # and may use CJK radicals (⽉) for the ideographs they look like (月).
        pages = [_plain(p.extract_text() or "") for p in pdf.pages]
        text = "\n".join(pages)
        assert 1 <= len(pages) <= 6, len(pages)
        for expected in (
            "投资分析报告",
            CUSTOMER,
            "2026 年 12 月 4 日",
            format_money(Decimal(result["npv"])),
            format_money(Decimal(result["break_even"]["benefit"])),
        ):
            assert _plain(expected) in text, expected
        # Nothing of the internal page around the calculator: only the report is printed.
        assert _plain("收益怎么估") not in text and _plain("下载离线版") not in text
        # No table row split across pages: every cash-flow row, cell after cell, on one page.
        for row in result["cash_flows"]:
            money = [row[k] for k in ("cost", "benefit", "net", "cumulative")]
            cells = [
                str(row["year"]),
                *(format_number(Decimal(v), 2) for v in money),
                format_number(Decimal(row["discount_factor"])),
                format_number(Decimal(row["present_value"]), 2),
            ]
            line = _plain("".join(cells))
            assert any(line in page_text for page_text in pages), f"year {row['year']}: {cells}"
    finally:
        context.close()
