"""The table reader: pastes from Excel/WPS, CSV text and files in the encodings Chinese tools
write, .xlsx files (written by openpyxl, and by hand), column mapping by header names, typed
rows with per-row messages, and one clear message for each kind of unreadable file.

openpyxl only writes the test files; the reader itself is the standard library's.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.messages import t
from calculators.tables import (
    ROLES,
    Table,
    decode_text,
    detect_delimiter,
    map_columns,
    normalize_header,
    parse_date,
    read_csv,
    read_file,
    read_text,
    read_xlsx,
    records,
    role_label,
    typed_rows,
)
from calculators.tables.xlsx import date_format_kind

ALL = ["customer", "date", "amount"]


def _error(call: object, *args: object, **kwargs: object) -> InputError:
    assert callable(call)
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- text: pastes and CSV -----------------------------------------------------------------------


def test_excel_paste_with_header_reads_typed_rows() -> None:
    paste = (
        "客户名称\t下单日期\t金额\t备注\r\n"
        "华为\t2024/1/5\t1,000\t\r\n"
        "腾讯\t2024年2月1日\t1000万\t老客户\r\n"
        "\r\n"
        "阿里\t20240301\t¥3,200.50\t\r\n"
    )
    table = read_text(paste)
    assert table.delimiter == "\t"
    assert table.has_header
    assert table.header == ("客户名称", "下单日期", "金额", "备注")
    assert table.numbers == (1, 2, 3, 5)  # the blank line 4 is gone, line numbers stay
    result = records(table, ALL, required=ALL)
    assert result.errors == () and result.skipped == 0
    assert result.columns.columns == {"customer": 0, "date": 1, "amount": 2}
    assert result.columns.unrecognised == (3,)
    assert [(r.number, r["customer"], r["date"], r["amount"]) for r in result.rows] == [
        (2, "华为", dt.date(2024, 1, 5), Decimal(1000)),
        (3, "腾讯", dt.date(2024, 2, 1), Decimal(10_000_000)),
        (5, "阿里", dt.date(2024, 3, 1), Decimal("3200.50")),
    ]


def test_excel_paste_without_header_maps_by_position_only_when_asked() -> None:
    paste = "华为\t2024-01-05\t1000\n腾讯\t2024.2.1\t2500\n"
    table = read_text(paste)
    assert not table.has_header
    assert table.data == (("华为", "2024-01-05", "1000"), ("腾讯", "2024.2.1", "2500"))
    error = _error(records, table, ALL, required=ALL)
    assert error.key == "tables.error.no_header"
    assert error.message() == (
        "表格第一行不是表头（华为 | 2024-01-05 | 1000），所以找不到「客户」、「日期」、「金额」列。"
        "请在第一行加上表头，或选择哪一列是「客户」、「日期」、「金额」。"
    )
    result = records(table, ALL, required=ALL, by_position=True)
    assert [(r.number, r["amount"]) for r in result.rows] == [(1, Decimal(1000)), (2, 2500)]
    assert result.rows[1]["date"] == dt.date(2024, 2, 1)


def test_header_can_be_forced_either_way() -> None:
    assert read_text("a\tb\nc\td\n", header=True).header == ("a", "b")
    assert read_text("金额\n100\n", header=False).data == (("金额",), ("100",))


def test_csv_with_quotes_embedded_commas_and_newlines() -> None:
    text = '客户,备注,金额\n"华为, 深圳","第一行\n第二行",1000\n"说""好""的",,"2,500"\n'
    table = read_text(text)
    assert table.delimiter == ","
    assert table.data == (
        ("华为, 深圳", "第一行\n第二行", "1000"),
        ('说"好"的', "", "2,500"),
    )
    assert table.data_numbers == (2, 4)  # the second record starts on line 4
    result = records(table, ["customer", "amount"], required=["amount"])
    assert [r["amount"] for r in result.rows] == [Decimal(1000), Decimal(2500)]


def test_semicolon_and_full_width_comma() -> None:
    assert read_text("客户;金额\nA;1\nB;2\n").delimiter == ";"
    table = read_text("客户，金额\nA，1\nB，2\n")
    assert table.delimiter == "，"
    assert table.data == (("A", "1"), ("B", "2"))
    # A full-width comma inside a cell does not win over a real delimiter.
    assert read_text("客户\t备注\nA\t好，很好\nB\t一般\n").delimiter == "\t"


def test_tab_wins_over_commas_inside_cells() -> None:
    paste = "客户\t金额\nAcme, Inc.\t1,000\nFoo, Ltd.\t2,000\n"
    table = read_text(paste)
    assert table.delimiter == "\t"
    assert table.data == (("Acme, Inc.", "1,000"), ("Foo, Ltd.", "2,000"))


def test_cells_are_stripped_and_empty_edges_dropped() -> None:
    table = read_text("\t 客户 \t金额\t\t\n\t A公司\u3000\t 100 \t\t\n\n\n")
    assert table.rows == (("客户", "金额"), ("A公司", "100"))
    assert table.width == 2


def test_single_numeric_column_with_header() -> None:
    table = read_text("销售额\n1,000\n2,500\n3,000,000\n800\n")
    assert table.delimiter is None
    assert table.width == 1 and table.has_header
    result = records(table, ["period", "value"], required=["value"])
    assert result.columns.columns == {"value": 0}
    assert [r["value"] for r in result.rows] == [1000, 2500, 3_000_000, 800]
    assert all("period" not in r.values for r in result.rows)  # a role not in the table


def test_single_numeric_column_of_thousands_is_not_comma_separated() -> None:
    table = read_text("1,000\n2,500\n12,000\n")
    assert table.delimiter is None
    assert table.rows == (("1,000",), ("2,500",), ("12,000",))
    assert not table.has_header
    result = records(table, ["value"], required=["value"], by_position=True)
    assert [r["value"] for r in result.rows] == [1000, 2500, 12000]


def test_time_series_with_month_header() -> None:
    table = read_text("月份\t销售额（万元）\n2024-01\t12\n2024-02\t15.5\n")
    result = records(table, ["period", "value"], required=["period", "value"])
    assert [(r["period"], r["value"]) for r in result.rows] == [
        ("2024-01", Decimal(120_000)),
        ("2024-02", Decimal(155_000)),
    ]
    assert result.columns.notes() == ["「销售额（万元）」按万元读取：表中的每个数都乘以 10,000。"]


# --- bytes: encodings -----------------------------------------------------------------------------

CSV_TEXT = "客户名称,金额\r\n华为技术,1000\r\n中兴通讯,2500\r\n"


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("gbk"),
        CSV_TEXT.encode("gb18030"),
        CSV_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("utf-16"),  # with its BOM, as Excel's "Unicode 文本"
        CSV_TEXT.encode("utf-16-le"),  # no BOM: recognised by its zero bytes
    ],
    ids=["gbk", "gb18030", "utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le"],
)
def test_encodings_chinese_tools_write(data: bytes) -> None:
    assert decode_text(data) == CSV_TEXT.replace("\r\n", "\n")
    table = read_csv(data)
    assert table.rows == (("客户名称", "金额"), ("华为技术", "1000"), ("中兴通讯", "2500"))
    assert read_file(data).rows == table.rows


def test_gbk_is_not_misread_as_utf8() -> None:
    data = "客户,金额\n深圳市腾讯计算机系统有限公司,100\n".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_csv(data).data == (("深圳市腾讯计算机系统有限公司", "100"),)


def test_undecodable_bytes_and_binary_are_one_message_each() -> None:
    bad = b"abc,\x81\x20def\n"
    with pytest.raises(UnicodeDecodeError):
        bad.decode("gb18030")
    error = _error(decode_text, bad)
    assert error.key == "tables.error.encoding"
    assert "CSV UTF-8" in error.message()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert _error(read_file, png).key == "tables.error.binary"


def test_old_mac_line_endings() -> None:
    assert read_text("客户,金额\rA,1\rB,2\r").numbers == (1, 2, 3)


# --- .xlsx written by openpyxl ------------------------------------------------------------------


def _save(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite(data: bytes, change: dict[str, bytes]) -> bytes:
    """The zip ``data`` with the parts in ``change`` replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in change:
                target.writestr(info, source.read(info.filename))
        for name, content in change.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _as_excel_writes(data: bytes, cached: dict[str, str]) -> bytes:
    """openpyxl's file as Excel would save it: plain strings in a shared-string table (openpyxl
    3.1 writes them inline) and formulas with their cached values."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
        types = source.read("[Content_Types].xml").decode()
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match[3])
        return f'<c r="{match[1]}"{match[2]} t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(
        r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>', shared, sheet
    )
    for ref, value in cached.items():
        sheet, count = re.subn(
            rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\1<v>{value}</v>", sheet
        )
        assert count == 1, ref
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return _rewrite(
        data,
        {
            "xl/worksheets/sheet1.xml": sheet.encode(),
            "xl/sharedStrings.xml": sst.encode(),
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
        },
    )


def _crm_export() -> bytes:
    """A sheet starting at B3, with a gap column, a blank row, dates, numbers and a formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "订单"
    ws["B3"], ws["C3"], ws["D3"], ws["F3"] = "客户名称", "订单日期", "订单金额（元）", "备注"
    ws["B4"], ws["C4"], ws["D4"] = "华为", dt.date(2024, 1, 5), 1000
    ws["B5"], ws["C5"], ws["D5"], ws["F5"] = "腾讯", dt.date(2024, 2, 29), 3200.5, "续约"
    ws["B7"], ws["C7"], ws["D7"] = "阿里", dt.datetime(2024, 3, 1, 10, 30), 0.1 + 0.2
    ws["B8"], ws["C8"], ws["D8"] = "合计", "2024-03-31", "=SUM(D4:D7)"
    ws["B9"], ws["C9"], ws["D9"] = "百度", 45296, 12345678901234
    ws["B10"] = "  "  # only spaces: a blank row
    return _as_excel_writes(_save(wb), {"D8": "4200.8"})


def test_openpyxl_xlsx_with_shared_strings_dates_formula_gaps_and_offset() -> None:
    data = _crm_export()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    table = read_xlsx(data)
    assert table.source == "xlsx" and table.sheet == "订单"
    assert table.has_header
    assert table.numbers == (3, 4, 5, 7, 8, 9)
    assert table.rows == (
        ("客户名称", "订单日期", "订单金额（元）", "", "备注"),
        ("华为", "2024-01-05", "1000", "", ""),
        ("腾讯", "2024-02-29", "3200.5", "", "续约"),
        ("阿里", "2024-03-01 10:30:00", "0.3", "", ""),
        ("合计", "2024-03-31", "4200.8", "", ""),
        ("百度", "45296", "12345678901234", "", ""),
    )
    result = records(table, ALL, required=ALL)
    assert result.errors == ()
    assert result.columns.columns == {"customer": 0, "date": 1, "amount": 2}
    assert result.columns.scales == {}  # （元） is no scaling
    assert [(r.number, r["date"], r["amount"]) for r in result.rows] == [
        (4, dt.date(2024, 1, 5), Decimal(1000)),
        (5, dt.date(2024, 2, 29), Decimal("3200.5")),
        (7, dt.date(2024, 3, 1), Decimal("0.3")),
        (8, dt.date(2024, 3, 31), Decimal("4200.8")),
        (9, dt.date(2024, 1, 5), Decimal(12345678901234)),  # a serial in a General cell
    ]
    assert read_file(data).rows == table.rows


def test_openpyxl_inline_rich_text_and_booleans() -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["客户", "老客户"])
    ws.append([CellRichText([TextBlock(InlineFont(b=True), "华"), "为"]), True])
    ws.append(["腾讯", False])
    table = read_xlsx(_save(wb))
    assert table.rows == (("客户", "老客户"), ("华为", "TRUE"), ("腾讯", "FALSE"))


def test_xlsx_row_numbers_in_messages_are_the_sheets() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A5"], ws["B5"] = "客户", "金额"
    ws["A6"], ws["B6"] = "甲", 100
    ws["A7"], ws["B7"] = "乙", "待定"
    result = records(read_xlsx(_save(wb)), ["customer", "amount"], required=["amount"])
    assert result.messages() == ["第 7 行「金额」不是数字：待定"]
    assert [r.number for r in result.rows] == [6]


# --- .xlsx made by hand ------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xlsx(sheet: str, *, extra: dict[str, str] | None = None, workbook_pr: str = "") -> bytes:
    """A minimal .xlsx: content types, package and workbook relationships, one sheet."""
    extra = extra or {}
    rels = [f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/data.xml"/>']
    if "xl/strings.xml" in extra:
        rels.append(f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="strings.xml"/>')
    if "xl/styles.xml" in extra:
        rels.append(f'<Relationship Id="rId3" Type="{_REL}/styles" Target="/xl/styles.xml"/>')
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{workbook_pr}<sheets>'
        '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">{"".join(rels)}'
        "</Relationships>",
        "xl/worksheets/data.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{sheet}</sheetData>'
        "</worksheet>",
        **extra,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_hand_made_xlsx_with_inline_strings() -> None:
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve"> 金额 </t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>华</t></r><r><t>为</t></r></is></c>'
        '<c r="C2"><v>1.5E3</v></c></row>'
        # cells and rows without references follow the previous ones
        '<row><c t="inlineStr"><is><t>腾讯</t></is></c><c/><c><v>2500</v></c></row>'
    )
    table = read_xlsx(_xlsx(sheet))
    assert table.sheet == "数据"
    assert table.rows == (("客户", "", "金额"), ("华为", "", "1500"), ("腾讯", "", "2500"))
    assert table.numbers == (1, 2, 3)


def test_hand_made_xlsx_shared_rich_text_styles_and_1904_dates() -> None:
    strings = (
        f'<sst xmlns="{_MAIN}"><si><t>客户</t></si><si><t>日期</t></si>'
        "<si><r><rPr><b/></rPr><t>深圳</t></r><r><t>华为</t></r>"
        "<rPh sb='0' eb='1'><t>ふりがな</t></rPh></si>"
        "<si><t>line_x000D_\nbreak</t></si></sst>"
    )
    styles = (
        f'<styleSheet xmlns="{_MAIN}"><numFmts count="2">'
        '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="#,##0.00 &quot;days&quot;"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
        '<xf numFmtId="14"/><xf numFmtId="20"/></cellXfs></styleSheet>'
    )
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>0</v></c>'
        '<c r="C2" s="2"><v>12</v></c><c r="D2" s="0"><v>12</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="3"><v>43830</v></c>'
        '<c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" t="str"><f>A1&amp;"x"</f><v>客户x</v></c>'
        '<c r="E3" s="4"><v>0.5</v></c></row>'
    )
    data = _xlsx(
        sheet,
        extra={"xl/strings.xml": strings, "xl/styles.xml": styles},
        workbook_pr='<workbookPr date1904="1"/>',
    )
    table = read_xlsx(data)
    assert table.rows == (
        ("客户", "日期", "", "", ""),
        ("深圳华为", "1904-01-01", "12", "12", ""),
        ("line\nbreak", "2024-01-01", "#DIV/0!", "客户x", "12:00:00"),
    )


def test_1900_date_system_and_its_fake_leap_day() -> None:
    styles = f'<styleSheet xmlns="{_MAIN}"><cellXfs><xf numFmtId="0"/><xf numFmtId="31"/>'
    styles += "</cellXfs></styleSheet>"
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" s="1"><v>{v}</v></c></row>'
        for n, v in enumerate([1, 59, 60, 61, 45296], start=1)
    )
    table = read_xlsx(_xlsx(cells, extra={"xl/styles.xml": styles}))
    assert [row[0] for row in table.rows] == [
        "1900-01-01",
        "1900-02-28",
        "1900-02-29",
        "1900-03-01",
        "2024-01-05",
    ]
    result = records(table, ["date"], required=["date"], by_position=True)
    assert result.messages() == [
        "第 3 行「日期」不是日期：1900-02-29（可以这样写：2024-01-05、2024/1/5、2024年1月5日）"
    ]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", "date"),
        ('yyyy"年"m"月"d"日"', "date"),
        ("[$-804]yyyy/m/d", "date"),
        ("m/d/yy h:mm", "datetime"),
        ("h:mm:ss", "time"),
        ("[h]:mm", "time"),
        ('上午/下午h"时"mm"分"', "time"),
        ("General", None),
        ("#,##0.00", None),
        ('#,##0 "days"', None),
        ("0.00E+00", None),
        ("[Red]#,##0;[Blue]-#,##0", None),
        ("\\d0", None),
    ],
)
def test_date_format_codes(code: str, kind: str | None) -> None:
    assert date_format_kind(code) == kind


# --- files that are not a readable .xlsx ------------------------------------------------------


def _message(error: InputError) -> str:
    return error.message("zh")


def test_not_an_xlsx_zip() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    error = _error(read_xlsx, out.getvalue())
    assert error.key == "tables.error.not_xlsx"
    assert _message(error) == t("tables.error.not_xlsx")
    assert _error(read_file, out.getvalue()).key == "tables.error.not_xlsx"
    assert _error(read_xlsx, "客户,金额\n".encode()).key == "tables.error.not_xlsx"


def test_truncated_xlsx() -> None:
    data = _crm_export()
    for cut in (len(data) // 2, len(data) - 10, 30):
        error = _error(read_file, data[:cut])
        assert error.key == "tables.error.damaged"
        assert (
            _message(error)
            == "这个 Excel 文件不完整或已损坏，无法读取。请重新导出或重新下载后再试。"
        )


def test_corrupt_member_is_damaged() -> None:
    data = _xlsx('<row r="1"><c r="A1"><v>1</v></c>')  # unclosed row: not XML
    assert _error(read_xlsx, data).key == "tables.error.damaged"
    bad_index = _xlsx('<row r="1"><c r="A1" t="s"><v>7</v></c></row>')  # no such string
    assert _error(read_xlsx, bad_index).key == "tables.error.damaged"


def test_old_xls_and_encrypted_workbooks() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    error = _error(read_file, ole + "Workbook".encode("utf-16-le") + b"\x00" * 512)
    assert error.key == "tables.error.xls"
    assert ".xls" in _message(error) and "另存为 .xlsx" in _message(error)
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    error = _error(read_file, encrypted)
    assert error.key == "tables.error.encrypted"
    assert "密码" in _message(error)
    assert _error(read_xlsx, encrypted).key == "tables.error.encrypted"


def test_web_page_saved_as_xls() -> None:
    page = b"<html><body><table><tr><td>\xe5\xae\xa2\xe6\x88\xb7</td></tr></table></body></html>"
    assert _error(read_file, page).key == "tables.error.html"


def test_excel_2003_xml_saved_as_xls() -> None:
    xml = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>'
    )
    error = _error(read_file, xml.encode())
    assert error.key == "tables.error.xml_spreadsheet"
    assert "另存为 .xlsx" in _message(error)


def test_text_starting_with_pk_is_text() -> None:
    table = read_file("PK项目,金额\nA,1\n".encode())
    assert table.source == "text" and table.header == ("PK项目", "金额")


def test_required_roles_must_be_mapped_before_typing() -> None:
    table = read_text("客户\t金额\n甲\t1\n")
    columns = map_columns(table, ["customer"])
    with pytest.raises(ValueError, match="required roles without a column: amount"):
        typed_rows(table, columns, required=["amount"])


def test_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>' + " " * (129 * 1024 * 1024)
    data = _xlsx("", extra={"xl/worksheets/data.xml": sheet})
    assert len(data) < 1024 * 1024
    error = _error(read_xlsx, data)
    assert error.key == "tables.error.too_big"
    assert (
        _message(error) == "这个文件解压后超过 128 MB，太大了，无法读取。请只保留需要的数据后再试。"
    )


def test_a_dtd_is_refused() -> None:
    sheet = (
        '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;'
        "</t></is></c></row></sheetData></worksheet>"
    )
    data = _xlsx("", extra={"xl/worksheets/data.xml": sheet})
    assert _error(read_xlsx, data).key == "tables.error.damaged"


def test_too_many_rows_and_columns() -> None:
    error = _error(read_text, "金额\n" + "1\n" * 100_000)
    assert error.key == "tables.error.too_many_rows"
    assert _message(error).startswith("表格超过 100,000 行")
    read_text("金额\n" + "1\n" * 99_999)  # exactly 100,000 rows is allowed
    error = _error(read_text, "\t".join(["x"] * 1001))
    assert error.key == "tables.error.too_many_columns"
    stray = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    assert _error(read_xlsx, _xlsx(stray)).key == "tables.error.too_many_columns"


def test_empty_table_and_header_only() -> None:
    for empty in ("", "\n\n", " \t \n\t\n", ",,,\n"):
        error = _error(read_text, empty)
        assert error.key == "tables.error.empty"
        assert _message(error) == "表格是空的：没有读到任何数据。"
    table = read_text("客户名称\t金额\n")
    assert table.has_header and table.data == ()
    error = _error(records, table, ["amount"], required=["amount"])
    assert error.key == "tables.error.no_data"
    assert _message(error) == "表格只有表头，没有数据行。"


# --- column mapping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("客户名称", "customer"),
        ("单位名称", "customer"),
        ("Customer Name", "customer"),
        ("ACCOUNT", "customer"),
        ("下单日期", "date"),
        ("Order Date", "date"),
        ("order_date", "date"),
        ("金额（元）", "amount"),
        ("金额(万元)", "amount"),
        ("含税金额 (元)", "amount"),
        ("销售额/万元", "amount"),
        ("Revenue", "amount"),
        ("ＱＴＹ", "quantity"),
        ("商机阶段", "stage"),
        ("预计签约日期", "close_date"),
        ("Expected Close", "close_date"),
        ("项目名称", "name"),
        ("赢率(%)", "probability"),
        ("赢率%", "probability"),
    ],
)
def test_header_synonyms(header: str, role: str) -> None:
    table = read_text(f"{header}\t其他\nx\ty\n", header=True)
    mapping = map_columns(table, list(ROLES))
    assert mapping.columns == {role: 0}
    assert mapping.unrecognised == (1,)


def test_normalized_headers() -> None:
    assert normalize_header("金额（万元）") == normalize_header("金额") == "金额"
    assert normalize_header(" Order  Date ") == "orderdate"


@pytest.mark.parametrize(
    ("header", "cell", "amount", "note"),
    [
        (
            "金额（万元）",
            "12.5",
            Decimal(125_000),
            "「金额（万元）」按万元读取：表中的每个数都乘以 10,000。",
        ),
        (
            "金额(万元)",
            "5万",
            Decimal(50_000),
            "「金额(万元)」按万元读取：表中的每个数都乘以 10,000。",
        ),
        (
            "金额（千元）",
            "2",
            Decimal(2000),
            "「金额（千元）」按千元读取：表中的每个数都乘以 1,000。",
        ),
        (
            "金额（亿元）",
            "1.5",
            Decimal(150_000_000),
            "「金额（亿元）」按亿元读取：表中的每个数都乘以 100,000,000。",
        ),
        ("金额（元）", "12.5", Decimal("12.5"), None),
        ("Amount (USD)", "12.5", Decimal("12.5"), None),
    ],
)
def test_unit_in_the_header(header: str, cell: str, amount: Decimal, note: str | None) -> None:
    result = records(read_text(f"客户\t{header}\n甲\t{cell}\n"), ALL, required=["amount"])
    assert result.rows[0]["amount"] == amount
    assert result.columns.notes() == ([note] if note else [])


def test_first_matching_column_wins_and_override_picks_another() -> None:
    table = read_text("客户\t金额\t含税金额\t备注\n甲\t100\t113\tx\n")
    assert map_columns(table, ["amount"]).columns == {"amount": 1}
    for override in (2, "含税金额", "含税金额（元）"):
        mapping = map_columns(table, ["customer", "amount"], override={"amount": override})
        assert mapping.columns == {"amount": 2, "customer": 0}
        assert mapping.unrecognised == (1, 3)
    result = records(table, ["customer", "amount"], override={"amount": 2})
    assert result.rows[0]["amount"] == Decimal(113)
    mapping = map_columns(table, ["customer", "amount"], override={"customer": None})
    assert mapping.columns == {"amount": 1}


def test_override_errors() -> None:
    table = read_text("客户\t金额\n甲\t100\n")
    error = _error(map_columns, table, ["amount"], override={"amount": 5})
    assert error.key == "tables.error.no_such_column"
    assert _message(error) == "表格中没有「5」这一列。表格的表头是：「客户」、「金额」。"
    error = _error(map_columns, table, ["amount"], override={"amount": "收入"})
    assert _message(error) == "表格中没有「收入」这一列。表格的表头是：「客户」、「金额」。"
    error = _error(map_columns, table, ALL, override={"amount": 1, "customer": "金额"})
    assert _message(error) == "「金额」和「客户」选了同一列，请为它们选择不同的列。"
    with pytest.raises(ValueError, match="unknown table roles: price"):
        map_columns(table, ["price"])


def test_missing_required_role_names_it_and_lists_the_headers() -> None:
    table = read_text("客户名称\t下单日期\t备注\n甲\t2024-01-05\tx\n")
    error = _error(records, table, ALL, required=["customer", "amount"])
    assert error.key == "tables.error.missing_columns"
    assert _message(error) == (
        "找不到「金额」列。表格的表头是：「客户名称」、「下单日期」、「备注」。"
        "请选择哪一列是「金额」，或修改表头后再试。"
    )
    assert error.message("en") == (
        "No “Amount” column was found. The table’s headers are: “客户名称”, “下单日期”, “备注”. "
        "Choose which column holds “Amount”, or rename the header and try again."
    )
    # An optional role may be missing.
    result = records(table, ALL, required=["customer"])
    assert result.columns.columns == {"customer": 0, "date": 1}


def test_role_labels_exist_in_both_languages() -> None:
    for role in ROLES:
        assert role_label(role, "zh") and role_label(role, "en")
        assert role_label(role, "zh") != role_label(role, "en")


# --- typed rows and their messages ------------------------------------------------------------


def test_row_error_text_names_the_line_and_the_column() -> None:
    lines = ["客户\t金额"] + [f"客户{n}\t{n * 100}" for n in range(2, 21)]
    lines[16] = "客户17\t—"  # line 17
    result = records(read_text("\n".join(lines)), ALL, required=["customer", "amount"])
    assert result.messages() == ["第 17 行「金额」不是数字：—"]
    assert result.messages("en") == ["Row 17: “金额” is not a number: —"]
    assert result.skipped == 1
    assert len(result.rows) == 18
    assert 17 not in [r.number for r in result.rows]
    assert result.errors[0].row == 17 and result.errors[0].field == "amount"


def test_row_errors_per_kind() -> None:
    text = (
        "客户\t日期\t金额\t数量\t赢率\n"
        "甲\t2024-01-05\t100\t3\t30%\n"
        "\t2024-01-05\t100\t3\t30%\n"
        "乙\t1/5/2024\t100\t3\t30%\n"
        "丙\t2024-02-30\t100\t3\t30%\n"
        "丁\t2024-01-05\t12%\t3\t30%\n"
        "戊\t2024-01-05\t1e5\t3\t30%\n"
        "己\t2024-01-05\t100\t2.5\t30%\n"
        "庚\t2024-01-05\t100\t3\t120%\n"
        "辛\t2024-01-05\t9999999999999999\t3\t30%\n"
        "壬\t\t\t\t\n"
    )
    roles = ["customer", "date", "amount", "quantity", "probability"]
    result = records(read_text(text), roles, required=["customer", "date", "amount"])
    assert [r.number for r in result.rows] == [2]
    assert result.rows[0].values == {
        "customer": "甲",
        "date": dt.date(2024, 1, 5),
        "amount": Decimal(100),
        "quantity": 3,
        "probability": Decimal("0.3"),
    }
    assert result.messages() == [
        "第 3 行「客户」是空的",
        "第 4 行「日期」不是日期：1/5/2024（可以这样写：2024-01-05、2024/1/5、2024年1月5日）",
        "第 5 行「日期」不是日期：2024-02-30（可以这样写：2024-01-05、2024/1/5、2024年1月5日）",
        "第 6 行「金额」是金额，不能带 %：12%",
        "第 7 行「金额」不是数字：1e5",
        "第 8 行「数量」必须是整数：2.5",
        "第 9 行「赢率」应在 0% 到 100% 之间：120%",
        "第 10 行「金额」的数值过大：9999999999999999",
        "第 11 行「日期」是空的",
    ]
    assert result.skipped == 9


def test_optional_empty_cells_are_none() -> None:
    result = records(read_text("客户\t金额\t数量\n甲\t100\t\n"), [*ALL, "quantity"])
    assert result.rows[0].values == {"customer": "甲", "amount": Decimal(100), "quantity": None}


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("赢率", ["0.3", "0.55", "1"], ["0.3", "0.55", "1"]),  # all ≤ 1: fractions
        ("赢率", ["30", "55", "100"], ["0.3", "0.55", "1"]),  # percentages
        ("赢率", ["30", "0.5", "20%"], ["0.3", "0.005", "0.2"]),  # one reading per column
        ("赢率(%)", ["0.5", "30"], ["0.005", "0.3"]),  # the header says %
        ("赢率", ["0.3", "20%"], ["0.3", "0.2"]),
    ],
)
def test_probability_column_reads_one_way(
    header: str, cells: list[str], expected: list[str]
) -> None:
    text = f"商机名称\t{header}\n" + "".join(f"商机{i}\t{c}\n" for i, c in enumerate(cells))
    result = records(read_text(text), ["name", "probability"], required=["probability"])
    assert result.errors == ()
    assert [r["probability"] for r in result.rows] == [Decimal(e) for e in expected]


def test_messages_are_capped() -> None:
    lines = ["客户\t金额"]
    for n in range(100):
        lines.append(f"客户{n}\t{'坏' if n % 10 < 3 else n}")
    result = records(read_text("\n".join(lines)), ALL, required=["amount"])
    assert result.skipped == 30
    assert len(result.rows) == 70
    assert len(result.errors) == 21
    assert result.messages()[0] == "第 2 行「金额」不是数字：坏"
    assert result.messages()[-1] == "还有 10 行有问题（未逐一列出），这些行也没有计入。"
    assert result.messages("en")[-1] == (
        "10 more rows have problems (not listed one by one); they were left out too."
    )
    few = records(read_text("\n".join(lines)), ALL, required=["amount"], max_messages=5)
    assert len(few.errors) == 6 and few.messages()[-1].startswith("还有 25 行")


def test_typed_rows_uses_the_given_mapping() -> None:
    table = read_text("a\tb\n甲\t1,000\n")
    columns = map_columns(table, ["customer", "amount"], override={"customer": 0, "amount": "b"})
    result = typed_rows(table, columns, required=["amount"])
    assert result.rows[0].values == {"customer": "甲", "amount": Decimal(1000)}
    assert result.messages() == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("2024/1/5", dt.date(2024, 1, 5)),
        ("2024.1.5", dt.date(2024, 1, 5)),
        ("2024年1月5日", dt.date(2024, 1, 5)),
        ("2024 年 1 月 5 日", dt.date(2024, 1, 5)),
        ("20240105", dt.date(2024, 1, 5)),
        ("45296", dt.date(2024, 1, 5)),
        ("2024-01-05 10:30:00", dt.date(2024, 1, 5)),
        ("2024-01-05T10:30", dt.date(2024, 1, 5)),
        ("２０２４－０１－０５", dt.date(2024, 1, 5)),
    ],
)
def test_date_shapes(text: str, day: dt.date) -> None:
    assert parse_date(text, "date") == day


@pytest.mark.parametrize("text", ["1/5/2024", "2024", "2024-13-01", "20241301", "1e5", "明天", "5"])
def test_dates_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text, "date")
    assert caught.value.key == "tables.row.not_a_date"


# --- properties --------------------------------------------------------------------------------

_CELL = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from(['"', "\n", ",", "\t", " ", "，", ";"]),
    max_size=8,
)


def _grid(cells: st.SearchStrategy[str], min_width: int = 1) -> st.SearchStrategy[list[list[str]]]:
    return st.integers(min_width, 5).flatmap(
        lambda width: st.lists(
            st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=8
        )
    )


def _written(grid: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(grid)
    return out.getvalue()


def _expected(grid: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """What a table reads as: cells stripped, blank rows and empty edge columns dropped."""
    rows = [[cell.strip() for cell in row] for row in grid]
    rows = [row for row in rows if any(row)]
    used = [i for i in range(len(rows[0]) if rows else 0) if any(row[i] for row in rows)]
    if not used:
        return ()
    return tuple(tuple(row[used[0] : used[-1] + 1]) for row in rows)


@settings(max_examples=300, deadline=None)
@given(grid=_grid(_CELL), delimiter=st.sampled_from([",", "\t"]))
def test_any_grid_written_by_csv_reads_back(grid: list[list[str]], delimiter: str) -> None:
    text = _written(grid, delimiter)
    expected = _expected(grid)
    if not expected:
        assert _error(read_text, text, delimiter=delimiter).key == "tables.error.empty"
        return
    assert read_text(text, delimiter=delimiter).rows == expected
    data = text.encode("utf-8-sig")
    assert read_csv(data, delimiter=delimiter).rows == expected


@settings(max_examples=300, deadline=None)
@given(
    grid=_grid(
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\t;，")
            | st.sampled_from(['"', "\n", ",", " "]),
            max_size=6,
        ),
        min_width=2,
    ),
    delimiter=st.sampled_from([",", "\t"]),
)
def test_the_delimiter_of_a_written_grid_is_found(grid: list[list[str]], delimiter: str) -> None:
    expected = _expected(grid)
    assume(expected and len(expected[0]) >= 2)
    text = _written(grid, delimiter)
    # A table of only grouped numbers ("1,000") reads as figures: no table says otherwise.
    assume(not all(re.fullmatch(r"\d{1,4}(,\d{3,4})+\s*", line) for line in text.split()))
    table = read_text(text)
    assert table.delimiter == delimiter
    assert table.rows == expected


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(st.integers(0, 10**12), min_size=1, max_size=30))
def test_grouped_amounts_read_back(amounts: list[int]) -> None:
    text = "销售额\n" + "\n".join(f"{a:,}" for a in amounts)
    result = records(read_text(text), ["value"], required=["value"])
    assert [r["value"] for r in result.rows] == amounts


def test_detect_delimiter_on_plain_text() -> None:
    assert detect_delimiter("一\n二\n三") is None
    assert detect_delimiter("a,b\nc,d") == ","


# --- size -----------------------------------------------------------------------------------------


def test_twenty_thousand_row_paste() -> None:
    lines = ["客户名称\t订单日期\t金额\t数量\t备注"]
    for n in range(20_000):
        lines.append(
            f"客户{n % 500}\t2024/{n % 12 + 1}/{n % 28 + 1}\t{n * 7 % 100_000:,}.50\t{n % 9}\t"
        )
    text = "\r\n".join(lines) + "\r\n"
    start = time.perf_counter()
    table = read_text(text)
    result = records(table, ["customer", "date", "amount", "quantity"], required=ALL)
    elapsed = time.perf_counter() - start
    print(f"20,000 rows × 5 columns read and typed in {elapsed:.3f} s")
    assert len(result.rows) == 20_000 and result.errors == ()
    assert result.rows[-1].number == 20_001
    assert result.rows[-1]["amount"] == Decimal(f"{19_999 * 7 % 100_000}.50")


def test_table_is_a_plain_value() -> None:
    table = read_text("客户\t金额\n甲\t1\n")
    assert table == Table(
        rows=(("客户", "金额"), ("甲", "1")),
        numbers=(1, 2),
        has_header=True,
        source="text",
        delimiter="\t",
    )
