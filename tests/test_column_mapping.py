"""列对应: the person sees which column of their table was read as what, and changes it.

The form sends ``FIELD.ROLE`` (a header as shown, ``""`` automatic, ``"-"`` not in this table);
parse_inputs folds them into the reader's override; every result says what it read (one
renderer, both languages) and carries the columns the form's selects offer. The browser side is
in tests/test_data_input.py.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from typing import Any

import pytest

import calculators
from calculators.errors import InputError
from calculators.spec import Field
from calculators.tables.fields import table_rows
from calculators.tables.view import mapping_line
from playbook.render.calculator import render_widget

ORDERS = "\n".join(
    [
        "客户名称\t下单日期\t金额\t含税金额（万元）\t备注",
        "甲\t2026-01-05\t100\t2\t首单",
        "乙\t2026-02-05\t300\t1\t",
        "甲\t2026-03-05\t200\t3\t",
    ]
)

#: A table field with an optional role, as a pipeline export would declare it.
FIELD = Field(
    "deals",
    "table",
    max_items=100,
    data=True,
    columns=(
        Field("customer", "text"),
        Field("amount", "money"),
        Field("quantity", "integer", required=False),
    ),
)
DEALS = "客户\t金额\t数量\t件数\n甲\t100\t2\t7\n乙\t50\t1\t9"


def _tiers(**choices: str) -> dict[str, Any]:
    inputs = {"orders": ORDERS, "as_of": "2026-12-31"}
    inputs.update({f"orders.{role}": value for role, value in choices.items()})
    result: dict[str, Any] = calculators.compute("customer_tiers", inputs, from_form=True)
    return result


def _line(result: dict[str, Any], lang: str) -> tuple[str, dict[str, Any]]:
    """The 读取的列 line's text and the JSON it carries for the form."""
    panel = calculators.render_result("customer_tiers", result, lang)
    found = re.search(
        r'<p class="[^"]*pb-colmap-read[^"]*" data-colmap="([^"]*)"[^>]*>(.*?)</p>', panel
    )
    assert found, "the result panel does not say which columns it read"
    return html.unescape(found[2]), json.loads(html.unescape(found[1]))


def test_automatic_mapping_is_reported_per_role_with_the_unused_columns() -> None:
    result = _tiers()
    mapping = result["mapping"]
    assert mapping["headers"] == ["客户名称", "下单日期", "金额", "含税金额（万元）", "备注"]
    assert [(u["role"], u["column"], u["header"], u["scale"]) for u in mapping["roles"]] == [
        ("customer", 0, "客户名称", None),
        ("date", 1, "下单日期", None),
        ("amount", 2, "金额", None),
    ]
    assert mapping["unused"] == [3, 4]
    json.dumps(result)  # what the worker sends
    assert result["revenue"] == "600.00"


def test_a_header_chosen_in_the_form_is_read_instead_with_its_unit() -> None:
    result = _tiers(amount="含税金额（万元）")
    assert result["revenue"] == "60000.00"  # 2 + 1 + 3 万元
    uses = {u["role"]: u for u in result["mapping"]["roles"]}
    assert uses["amount"]["column"] == 3 and uses["amount"]["scale"] == "10000"
    assert result["mapping"]["unused"] == [2, 4]
    zh, about = _line(result, "zh")
    assert zh == (
        "读取的列：客户 ← 「客户名称」，日期 ← 「下单日期」，金额 ← 「含税金额（万元）」×10,000；"
        "未使用：「金额」、「备注」"
    )
    en, _ = _line(result, "en")
    assert en == (
        "Columns read: Customer ← “客户名称”, Date ← “下单日期”, "
        "Amount ← “含税金额（万元）”×10,000; not used: “金额”, “备注”"
    )
    assert about["chosen"] == {
        "customer": "客户名称",
        "date": "下单日期",
        "amount": "含税金额（万元）",
    }
    assert [o["value"] for o in about["options"]] == result["mapping"]["headers"]


def test_automatic_and_blank_choices_change_nothing() -> None:
    plain = calculators.compute("customer_tiers", {"orders": ORDERS, "as_of": "2026-12-31"})
    assert _tiers(customer="", date="", amount="") == plain


def test_a_header_not_in_the_table_is_one_clear_error_on_the_field() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        _tiers(amount="含税价")
    (error,) = caught.value.errors
    assert error.field == "orders"
    zh, en = error.message("zh"), error.message("en")
    assert zh.startswith("「订单明细」") and "没有「含税价」这一列" in zh and "「备注」" in zh
    assert en.startswith("“Order lines”") and "no column “含税价”" in en


def test_two_roles_on_one_column_is_the_same_column_error() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        _tiers(date="金额", amount="金额")
    (error,) = caught.value.errors
    assert error.field == "orders"
    assert "「日期」和「金额」选了同一列" in error.message("zh")
    assert "set to the same column" in error.message("en")


def test_not_used_for_a_required_role_says_the_column_is_missing() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        _tiers(amount="-")
    (error,) = caught.value.errors
    assert error.field == "orders" and "找不到「金额」列" in error.message("zh")


def test_one_message_per_field_with_other_mistakes() -> None:
    inputs = {"orders": ORDERS, "orders.amount": "含税价", "rfm_high": "九"}
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("customer_tiers", inputs, from_form=True)
    assert sorted(e.field for e in caught.value.errors) == ["orders", "rfm_high"]


def test_a_key_for_no_role_is_an_unknown_input() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("customer_tiers", {"orders.price": "金额"}, from_form=True)
    assert [e.field for e in caught.value.errors] == ["orders.price"]


def test_an_optional_role_can_be_left_out_or_moved() -> None:
    auto = table_rows(FIELD, DEALS)
    assert [row.get("quantity") for row in auto["rows"]] == [2, 1]
    moved = table_rows(FIELD, DEALS, {"quantity": "件数"})
    assert [row.get("quantity") for row in moved["rows"]] == [7, 9]
    left = table_rows(FIELD, DEALS, {"quantity": "-", "customer": ""})
    assert all("quantity" not in row for row in left["rows"])
    uses = {u["role"]: u for u in left["mapping"]["roles"]}
    assert uses["quantity"] == {"role": "quantity", "column": None, "header": None, "scale": None}
    assert left["mapping"]["unused"] == [2, 3]
    line = mapping_line(left["mapping"], "zh", field="deals")
    assert "数量：未读取" in line and "未使用：「数量」、「件数」" in line
    assert (
        json.loads(html.unescape(re.search(r'data-colmap="([^"]*)"', line)[1]))["chosen"][
            "quantity"
        ]
        == "-"
    )
    assert "Quantity: not read" in mapping_line(left["mapping"], "en", field="deals")


def test_blank_and_repeated_headers_are_chosen_by_position() -> None:
    table = "客户\t金额\t金额\t\n甲\t1\t5\tx\n乙\t2\t6\ty"
    read = table_rows(FIELD, table, {"amount": "#3"})
    assert [row["amount"] for row in read["rows"]] == [Decimal(5), Decimal(6)]
    line = mapping_line(read["mapping"], "zh", field="deals")
    about = json.loads(html.unescape(re.search(r'data-colmap="([^"]*)"', line)[1]))
    assert [o["value"] for o in about["options"]] == ["客户", "#2", "#3", "#4"]
    assert [o["label"] for o in about["options"]] == [
        "客户", "金额（第 2 列）", "金额（第 3 列）", "第 4 列",
    ]  # fmt: skip
    assert about["chosen"]["amount"] == "#3"
    with pytest.raises(InputError) as caught:
        table_rows(FIELD, table, {"amount": "#9"})
    assert "没有「#9」这一列" in caught.value.message("zh")


def test_a_wide_export_names_the_first_unused_columns_and_counts_the_rest() -> None:
    extra = [f"字段{i}" for i in range(12)]
    table = "\t".join(["客户", "金额", *extra]) + "\n" + "\t".join(["甲", "1", *"x" * 12])
    read = table_rows(FIELD, table)
    line = mapping_line(read["mapping"], "zh", field="deals")
    text = line.partition(">")[2]  # the words, not the columns carried for the form
    assert text.endswith("「字段7」…（另有 4 列）</p>") and "字段8" not in text
    assert "“字段7” … (+4 more)" in mapping_line(read["mapping"], "en", field="deals")


def test_the_form_offers_a_private_select_per_role() -> None:
    form = render_widget("customer_tiers", None, instance="ct", runtime=None)
    box = re.search(r'<details class="pb-colmap" data-field="orders".*?</details>', form, re.S)
    assert box, "no 列对应 control under the order table"
    selects = re.findall(r"<select ([^>]*)>(.*?)</select>", box[0])
    assert [re.search(r'name="([^"]+)"', attrs)[1] for attrs, _ in selects] == [
        "orders.customer",
        "orders.date",
        "orders.amount",
    ]
    for attrs, options in selects:
        assert "data-private" in attrs
        # Required roles: automatic only until the page script adds the table's columns.
        assert options == '<option value="">自动识别</option>'
    assert "<summary>列对应</summary>" in box[0]
    # The build-time panel carries the sample's columns for the script to fill them in.
    assert 'data-colmap-field="orders"' in form
    assert "读取的列：客户 ← 「客户」，日期 ← 「下单日期」，金额 ← 「金额」" in form


# --- a data list (forecast's history) ---------------------------------------------------------

_SHEET = "月份\t目标\t实际\t备注\n" + "\n".join(
    f"{2024 + i // 12}-{i % 12 + 1:02d}\t{100 + i}\t{90 + i * 2}\t—" for i in range(24)
)


def test_a_history_table_says_which_column_it_read_and_takes_a_choice() -> None:
    auto = calculators.compute("forecast", {"history": _SHEET})
    assert auto["inputs"]["history"][:2] == ["90.00", "92.00"]  # 实际, found by its header
    assert [(u["role"], u["header"]) for u in auto["mapping"]["roles"]] == [
        ("period", "月份"),
        ("value", "实际"),
    ]
    html = str(calculators.get("forecast").render(auto, "zh"))
    assert "读取的列：期间 ← 「月份」，数值 ← 「实际」；未使用：「目标」、「备注」" in html
    chosen = calculators.compute("forecast", {"history": _SHEET, "history.value": "目标"})
    assert chosen["inputs"]["history"][:2] == ["100.00", "101.00"]
    assert chosen["next_period"] != auto["next_period"]
    # Without a period column the periods are numbered, as for typed numbers.
    unlabelled = calculators.compute("forecast", {"history": _SHEET, "history.period": "-"})
    assert unlabelled["history"][0]["label"] == "1"
    assert auto["history"][0]["label"] == "2024-01"


def test_typed_numbers_read_no_table_and_say_nothing_about_columns() -> None:
    result = calculators.compute("forecast", {"history.value": "", "history.period": ""})
    assert result["mapping"] is None
    assert "data-colmap" not in str(calculators.get("forecast").render(result, "zh"))


def test_a_history_column_that_is_not_there_is_one_message_on_the_field() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("forecast", {"history": _SHEET, "history.value": "预算"})
    (error,) = caught.value.errors
    assert error.field == "history"
    assert "没有「预算」这一列" in error.message("zh")
