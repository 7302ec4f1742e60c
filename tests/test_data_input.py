"""The team's own data in a real Chromium: a table pasted from Excel, an .xlsx and a GBK .csv
opened from disk, each computed in the page's worker to CPython's figures; and the data never
leaves the browser: not in a share link, the address bar, or any request.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import LIVE_TIMEOUT_MS, SiteServer, calc_inputs, open_live, wait_for_output

import calculators

pytestmark = pytest.mark.browser

PAGE = "/calculators/forecast/"
MONTHLY = [
    812_345, 760_210, 951_800, 1_010_400, 1_083_300, 1_119_950, 1_040_020, 990_500,
    1_180_760, 1_260_330, 1_391_240, 1_682_410, 903_770, 851_660, 1_042_880, 1_113_090,
    1_190_540, 1_241_310, 1_150_680, 1_093_420, 1_312_570, 1_403_980, 1_531_150, 1_853_260,
]  # fmt: skip
#: Figures that must never appear outside the page: every one of the pasted values.
SECRETS = [str(v) for v in MONTHLY]


def _open(browser: Any, server: SiteServer) -> tuple[Any, Any, list[str]]:
    return open_live(browser, server, PAGE)


def _expect(history: str) -> str:
    value: str = calculators.compute("forecast", {"history": history}, from_form=True)[
        "next_period"
    ]
    return value


def _xlsx(path: Path) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["月份", "销售额"])
    for month, value in enumerate(MONTHLY):
        sheet.append([f"{2024 + month // 12}-{month % 12 + 1:02d}", value])
    book.save(path)
    return path.read_bytes()


def _assert_private(page: Any, server: SiteServer, sent: list[str]) -> None:
    """The share link, the address bar and every request are free of the data."""
    page.locator('.pb-calc__action[data-action="share"]').click()
    notice = page.locator(".pb-calc__notice")
    notice.wait_for(state="visible")
    assert "不带粘贴或打开的数据" in notice.inner_text()
    link: str = page.evaluate("navigator.clipboard.readText()")
    places = {"link": link, "address": page.url, "requests": "\n".join(sent)}
    places["server"] = "\n".join(server.requests)
    for where, text in places.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} in the {where}"
        assert "base64" not in text, where
    assert "history=" not in link  # the data field is not in the link at all


def test_a_table_pasted_from_excel_is_computed_and_stays_in_the_page(
    browser: Any, site_server: SiteServer
) -> None:
    context, page, sent = _open(browser, site_server)
    try:
        area = page.locator('form.pb-calc textarea[name="history"]')
        paste = "月份\t销售额\n" + "\n".join(
            f"{2024 + i // 12}-{i % 12 + 1:02d}\t{v}" for i, v in enumerate(MONTHLY)
        )
        area.fill(paste)
        wait_for_output(page, "next_period", _expect(paste))
        assert calc_inputs(page)["history"] == paste
        _assert_private(page, site_server, sent)
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["xlsx", "gbk-csv"])
def test_an_opened_file_is_computed_in_the_page(
    browser: Any, site_server: SiteServer, tmp_path: Path, kind: str
) -> None:
    if kind == "xlsx":
        path = tmp_path / "销售.xlsx"
        data = _xlsx(path)
    else:
        path = tmp_path / "销售.csv"
        lines = ["月份,销售额（元）"] + [
            f"{2024 + i // 12}年{i % 12 + 1}月,{v}" for i, v in enumerate(MONTHLY)
        ]
        data = "\r\n".join(lines).encode("gbk")
        path.write_bytes(data)
    payload = "file:x;base64," + base64.b64encode(data).decode()
    want = _expect(payload)
    assert want == _expect("\n".join(SECRETS))  # the file reads as the plain column would
    context, page, sent = _open(browser, site_server)
    try:
        page.locator("form.pb-calc .pb-data__file").set_input_files(str(path))
        wait_for_output(page, "next_period", want)
        chip = page.locator("form.pb-calc .pb-data__name")
        assert path.name in chip.inner_text()
        assert not page.locator("form.pb-calc textarea[data-private]").is_visible()
        _assert_private(page, site_server, sent)
        # 改为粘贴: the text area is back, with the page's data, and computes again.
        page.locator("form.pb-calc .pb-data__clear").click()
        area = page.locator('form.pb-calc textarea[name="history"]')
        assert area.is_visible()
        wait_for_output(page, "next_period", _expect(area.input_value()))
    finally:
        context.close()


def test_a_broken_file_gets_one_clear_message(
    browser: Any, site_server: SiteServer, tmp_path: Path
) -> None:
    path = tmp_path / "导出.xlsx"
    path.write_bytes(io.BytesIO(b"PK\x03\x04 not really a workbook").getvalue())
    context, page, _ = _open(browser, site_server)
    try:
        page.locator("form.pb-calc .pb-data__file").set_input_files(str(path))
        slot = page.locator("form.pb-calc .pb-field[data-private] .pb-field__error")
        slot.wait_for(state="visible", timeout=15_000)
        assert slot.inner_text().startswith("「历史数据」")
        assert "损坏" in slot.inner_text()
        assert page.locator("form.pb-calc .pb-field__error:visible").count() == 1
    finally:
        context.close()


def test_customer_tiers_from_an_opened_gbk_export(
    browser: Any, site_server: SiteServer, tmp_path: Path
) -> None:
    """A CRM export in GBK with its own headers and a broken row: computed in the page to
    CPython's figures, the broken row named, nothing of it in the share link."""
    lines = ["客户名称,订单日期,含税金额"]
    for i in range(400):
        lines.append(f"测试客户{i % 37:02d},2026-{i % 12 + 1:02d}-{i % 28 + 1:02d},{1000 + i * 13}")
    lines.insert(5, "测试客户99,2026-02-30,100")  # no such day
    data = "\r\n".join(lines).encode("gbk")
    path = tmp_path / "订单导出.csv"
    path.write_bytes(data)
    payload = "file:x;base64," + base64.b64encode(data).decode()
    want = calculators.compute("customer_tiers", {"orders": payload}, from_form=True)
    assert want["skipped"] == 1
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url + "\n" + (r.post_data or "")))
    try:
        page.goto(site_server.origin + "/calculators/customer-tiers/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page.locator("form.pb-calc .pb-data__file").set_input_files(str(path))
        wait_for_output(page, "at_risk_revenue", want["at_risk_revenue"])
        wait_for_output(page, "customers", str(want["customers"]))
        warning = page.locator("form.pb-calc .pb-warning")
        assert "第 6 行" in warning.inner_text() and "2026-02-30" in warning.inner_text()
        page.locator('.pb-calc__action[data-action="share"]').click()
        page.locator(".pb-calc__notice").wait_for(state="visible")
        link: str = page.evaluate("navigator.clipboard.readText()")
        for text in (link, page.url, "\n".join(sent), "\n".join(site_server.requests)):
            assert "测试客户" not in text and "base64" not in text
            assert "%E6%B5%8B" not in text  # 测 percent-encoded
    finally:
        context.close()


def _options(select: Any) -> list[str]:
    texts: list[str] = select.evaluate("s => [...s.options].map(o => o.text)")
    return texts


def test_the_column_for_a_role_is_changed_in_the_form_and_stays_in_the_page(
    browser: Any, site_server: SiteServer
) -> None:
    """列对应: a pasted table whose 含税价 column the reader does not know; the rep picks it for
    金额 and the figures follow; the choice never goes into a link or the address bar."""
    lines = ["客户\t日期\t金额\t含税价"]
    for i in range(60):
        lines.append(
            f"列客户{i % 9}\t2026-{i % 12 + 1:02d}-{i % 27 + 1:02d}\t{100 + i}\t{5000 + i * 7}"
        )
    paste = "\n".join(lines)
    by_amount = calculators.compute("customer_tiers", {"orders": paste}, from_form=True)
    chosen = {"orders": paste, "orders.amount": "含税价"}
    by_price = calculators.compute("customer_tiers", chosen, from_form=True)
    assert by_amount["at_risk_revenue"] != by_price["at_risk_revenue"]
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url + "\n" + (r.post_data or "")))
    try:
        page.goto(site_server.origin + "/calculators/customer-tiers/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        select = page.locator('form.pb-calc select[name="orders.amount"]')
        # The build-time panel already filled the choices with the sample's columns.
        assert _options(select) == [
            "自动识别（金额）",
            "客户",
            "下单日期",
            "金额",
        ]
        page.locator('form.pb-calc textarea[name="orders"]').fill(paste)
        wait_for_output(page, "at_risk_revenue", by_amount["at_risk_revenue"])
        line = page.locator("form.pb-calc .pb-colmap-read")
        assert line.inner_text() == (
            "读取的列：客户 ← 「客户」，日期 ← 「日期」，金额 ← 「金额」；未使用：「含税价」"
        )
        page.locator("form.pb-calc .pb-colmap > summary").click()
        assert select.is_visible()
        assert _options(select) == [
            "自动识别（金额）", "客户", "日期", "金额", "含税价",
        ]  # fmt: skip
        select.select_option("含税价")
        wait_for_output(page, "at_risk_revenue", by_price["at_risk_revenue"])
        wait_for_output(page, "customers", str(by_price["customers"]))
        assert "金额 ← 「含税价」；未使用：「金额」" in line.inner_text()
        assert select.input_value() == "含税价"  # kept after the panel was redrawn
        assert calc_inputs(page)["orders.amount"] == "含税价"
        # Neither the table nor the column choices go into a link or the address bar.
        page.wait_for_function("() => location.hash.includes('?')", timeout=5_000)
        page.locator('.pb-calc__action[data-action="share"]').click()
        page.locator(".pb-calc__notice").wait_for(state="visible")
        link: str = page.evaluate("navigator.clipboard.readText()")
        hash_: str = page.evaluate("location.hash")
        for text in (link, hash_, page.url, "\n".join(sent), "\n".join(site_server.requests)):
            assert "orders." not in text and "orders%2E" not in text.lower()
            assert "含税价" not in text and "%E5%90%AB%E7%A8%8E" not in text.upper()
            assert "列客户" not in text
        # A table with another header line: the choices go back to automatic.
        other = paste.replace("含税价", "备注", 1)
        page.locator('form.pb-calc textarea[name="orders"]').fill(other)
        wait_for_output(page, "at_risk_revenue", by_amount["at_risk_revenue"])
        assert select.input_value() == ""
        assert "备注" in _options(select)
    finally:
        context.close()


def test_the_history_column_is_chosen_in_the_form(browser: Any, site_server: SiteServer) -> None:
    """Forecast: a sheet with 目标 and 实际 reads 实际 by its header; the rep picks 目标 in 列对应
    and the forecast follows. Typed numbers read no table: the choices stay out of sight."""
    paste = "月份\t目标\t实际\n" + "\n".join(
        f"{2024 + i // 12}-{i % 12 + 1:02d}\t{v + 50_000}\t{v}" for i, v in enumerate(MONTHLY)
    )
    by_actual = _expect(paste)
    by_target: str = calculators.compute(
        "forecast", {"history": paste, "history.value": "目标"}, from_form=True
    )["next_period"]
    assert by_actual != by_target
    context, page, sent = _open(browser, site_server)
    try:
        box = page.locator("form.pb-calc .pb-colmap")
        assert not box.is_visible()  # the page's history is typed numbers
        page.locator('form.pb-calc textarea[name="history"]').fill(paste)
        wait_for_output(page, "next_period", by_actual)
        line = page.locator("form.pb-calc .pb-colmap-read")
        assert line.inner_text() == "读取的列：期间 ← 「月份」，数值 ← 「实际」；未使用：「目标」"
        assert box.is_visible()
        page.locator("form.pb-calc .pb-colmap > summary").click()
        select = page.locator('form.pb-calc select[name="history.value"]')
        assert _options(select) == ["自动识别（实际）", "月份", "目标", "实际"]
        select.select_option("目标")
        wait_for_output(page, "next_period", by_target)
        assert "数值 ← 「目标」" in line.inner_text()
        _assert_private(page, site_server, sent)
        for text in (page.url, page.evaluate("navigator.clipboard.readText()")):
            assert "history." not in text and "%E7%9B%AE%E6%A0%87" not in text.upper()
    finally:
        context.close()
