"""Customer tiers on the team's own orders in a real Chromium: a table pasted from Excel and an
.xlsx with real date cells, each computed in the page's worker to CPython's figures, and none
of it in the share link, the address bar or any request. (The GBK .csv export is in
tests/test_data_input.py.)"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import openpyxl
import pytest
from conftest import SiteServer, open_live, wait_for_output

import calculators

pytestmark = pytest.mark.browser

PAGE = "/calculators/customer-tiers/"
#: Fictional customers; their names must never leave the page.
NAMES = ["澄江塑胶", "白鹭物产", "松柏五金", "青禾茶业", "远山陶瓷", "晨曦包装"]


def _orders() -> list[tuple[str, dt.date, int]]:
    rows = []
    for i in range(180):
        name = NAMES[i % len(NAMES)]
        day = dt.date(2025, 1, 2) + dt.timedelta(days=(i * 13) % 690)
        if name == "远山陶瓷" and day > dt.date(2026, 4, 1):
            continue  # went quiet in spring
        rows.append((name, day, 2_000 + (i * 977) % 40_000))
    return rows


def _open(browser: Any, server: SiteServer) -> tuple[Any, Any, list[str]]:
    return open_live(browser, server, PAGE)


def _check(page: Any, want: dict[str, Any], server: SiteServer, sent: list[str]) -> None:
    wait_for_output(page, "customers", str(want["customers"]))
    wait_for_output(page, "at_risk_revenue", want["at_risk_revenue"])
    wait_for_output(page, "a_share", want["a_share"])
    assert "远山陶瓷" in page.locator("form.pb-calc .pb-calc__result").inner_text()
    page.locator('.pb-calc__action[data-action="share"]').click()
    notice = page.locator(".pb-calc__notice")
    notice.wait_for(state="visible")
    assert "不带粘贴或打开的数据" in notice.inner_text()
    link: str = page.evaluate("navigator.clipboard.readText()")
    places = {
        "link": link,
        "address": page.url,
        "requests": "\n".join(sent),
        "server": "\n".join(server.requests),
    }
    for where, raw in places.items():
        text = unquote_plus(raw)  # links percent-encode Chinese: compare what they say
        for name in NAMES:
            assert name not in text, f"{name} in the {where}"
        assert "base64" not in text and "orders=" not in text, where


def test_orders_pasted_from_excel_are_tiered_in_the_page(
    browser: Any, site_server: SiteServer
) -> None:
    paste = "客户名称\t订单日期\t含税金额\n" + "\n".join(
        f"{name}\t{day.isoformat()}\t{amount}" for name, day, amount in _orders()
    )
    want = calculators.compute("customer_tiers", {"orders": paste}, from_form=True)
    assert want["at_risk_count"] >= 1
    context, page, sent = _open(browser, site_server)
    try:
        page.locator('form.pb-calc textarea[name="orders"]').fill(paste)
        _check(page, want, site_server, sent)
    finally:
        context.close()


def test_an_opened_xlsx_with_date_cells_is_tiered_in_the_page(
    browser: Any, site_server: SiteServer, tmp_path: Path
) -> None:
    path = tmp_path / "订单明细.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["客户", "下单日期", "金额（元）", "备注"])
    for name, day, amount in _orders():
        sheet.append([name, day, amount, "—"])  # dates as real date cells (serials)
    book.save(path)
    payload = "file:x;base64," + base64.b64encode(path.read_bytes()).decode()
    want = calculators.compute("customer_tiers", {"orders": payload}, from_form=True)
    plain = calculators.compute(
        "customer_tiers",
        {"orders": "客户,日期,金额\n" + "\n".join(f"{n},{d},{a}" for n, d, a in _orders())},
    )
    assert (want["customers"], want["at_risk"], want["segments"]) == (
        plain["customers"],
        plain["at_risk"],
        plain["segments"],
    )
    context, page, sent = _open(browser, site_server)
    try:
        page.locator("form.pb-calc .pb-data__file").set_input_files(str(path))
        _check(page, want, site_server, sent)
    finally:
        context.close()
