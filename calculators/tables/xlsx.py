"""The first worksheet of an .xlsx file, read with :mod:`zipfile` and ElementTree only.

An .xlsx is a zip of XML parts: ``_rels/.rels`` names the workbook, the workbook lists the
sheets in tab order and its relationships give each sheet's part, the shared-string table and
the styles. Cells are placed by their reference (``C7``), so empty cells stay empty and row
numbers are the sheet's own. Values are shown as Excel shows them: shared and inline strings
(rich-text runs joined), numbers in plain decimals to 15 significant digits, booleans as
``TRUE``/``FALSE``, a formula's cached value, and cells whose number format is a date as ISO
``YYYY-MM-DD`` (with `` HH:MM:SS`` when the format and the value have a time; a time-only
format gives ``HH:MM:SS``).

A file from the internet is untrusted: every part is decompressed through a counter that stops
at :data:`MAX_PART_BYTES` (the sizes a zip declares can lie), a part with a DTD is refused (no
entity expansion), and the sheet is streamed so that :data:`~.model.MAX_ROWS` stops it early.
Old binary .xls files, password-protected workbooks, web pages and Excel 2003 XML saved as
".xls", and other zips each get their own message.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Context, Decimal, InvalidOperation
from typing import IO, Literal

from ..errors import InputError
from ..money import plain_str
from .grid import build_table
from .model import MAX_COLUMNS, Table, table_error
from .values import serial_to_text

__all__ = ["MAX_PART_BYTES", "date_format_kind", "read_xlsx", "sniff"]

#: The most any one XML part may decompress to (a sheet of 100,000 rows × 10 columns is about
#: 40 MB of XML).
MAX_PART_BYTES = 128 * 1024 * 1024
#: Workbook, relationships and styles are small; a large one is not a spreadsheet's.
_MAX_SMALL_PART = 16 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A zip's first bytes: a local file header, or the end record of an empty zip.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_EXCEL_MAX_COLUMN = 16_384

FormatKind = Literal["date", "datetime", "time"]
#: Built-in number formats: 14–17 and 22 dates (22 with time), 18–21 and 45–47 times; in the
#: Chinese locale 27–31, 36, 50–54, 57, 58 are dates and 32–35, 55, 56 times.
_BUILTIN_KINDS: dict[int, FormatKind] = {
    **dict.fromkeys((14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58), "date"),
    22: "datetime",
    **dict.fromkeys((18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56), "time"),
}
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|am/pm|a/p|上午/下午', re.IGNORECASE)
_BRACKETED = re.compile(r"\[([^\]]*)\]")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REFERENCE = re.compile(r"^([A-Za-z]{1,3})(\d+)$")
_FIFTEEN_DIGITS = Context(prec=15)


def sniff(data: bytes) -> Literal["xlsx", "text"]:
    """What ``data`` is: a zip (an .xlsx, or a zip that is not one) or text. Raises for the
    files that look like spreadsheets but are not readable: .xls, encrypted, web page."""
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise table_error("tables.error.encrypted")
        raise table_error("tables.error.xls")
    if data.startswith(_ZIP):
        return "xlsx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise table_error("tables.error.xml_spreadsheet")
    if head.startswith(b"<") and (b"<table" in head or b"<html" in head):
        raise table_error("tables.error.html")
    return "text"


def read_xlsx(data: bytes, *, header: bool | None = None) -> Table:
    """The first worksheet of the .xlsx file ``data`` as a :class:`Table`.

    ``header``: ``None`` detects whether the first row is a header. Raises
    :class:`InputError` with one message for a file that is no readable .xlsx.
    """
    if sniff(data) != "xlsx":
        raise table_error("tables.error.not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError):
        raise table_error("tables.error.damaged") from None
    try:
        with archive:
            return _read(archive, header)
    except InputError:
        raise
    except RuntimeError:  # a member encrypted with a zip password
        raise table_error("tables.error.encrypted") from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ET.ParseError,
        KeyError,
        IndexError,
        ValueError,
        NotImplementedError,
    ):
        raise table_error("tables.error.damaged") from None


# --- the parts ----------------------------------------------------------------------------------


class _Limited:
    """A zip member read through a counter: more than ``limit`` bytes is a zip bomb."""

    def __init__(self, member: IO[bytes], limit: int) -> None:
        self._member = member
        self._limit = limit
        self._seen = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._member.read(size if size >= 0 else self._limit + 1 - self._seen)
        if self._seen == 0 and b"<!DOCTYPE" in chunk[:4096].upper():
            raise table_error("tables.error.damaged")
        self._seen += len(chunk)
        if self._seen > self._limit:
            raise table_error("tables.error.too_big", limit=self._limit // (1024 * 1024))
        return chunk


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attribute(element: ET.Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (``r:id`` in either dialect)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class _Parts:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {name.lower(): name for name in archive.namelist()}

    def find(self, path: str) -> str | None:
        return self.names.get(path.lstrip("/").lower())

    def open(self, path: str, limit: int) -> _Limited:
        name = self.find(path)
        if name is None:
            raise table_error("tables.error.damaged")
        if self.archive.getinfo(name).file_size > limit:
            raise table_error("tables.error.too_big", limit=limit // (1024 * 1024))
        return _Limited(self.archive.open(name), limit)

    def tree(self, path: str) -> ET.Element:
        source = self.open(path, _MAX_SMALL_PART)
        return ET.fromstring(source.read(_MAX_SMALL_PART + 1))

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target path) of ``part``."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if self.find(rels) is None:
            return {}
        out = {}
        for rel in self.tree(rels):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path).lstrip("/"))
        return out


def _workbook_path(parts: _Parts) -> str:
    for kind, path in parts.relationships("").values():
        if kind.endswith("/officeDocument") and parts.find(path):
            return path
    if parts.find("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise table_error("tables.error.not_xlsx")


def _read(archive: zipfile.ZipFile, header: bool | None) -> Table:
    parts = _Parts(archive)
    workbook_path = _workbook_path(parts)
    workbook = parts.tree(workbook_path)
    rels = parts.relationships(workbook_path)
    date1904 = False
    sheets: list[tuple[str, str]] = []
    for element in workbook.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet":
            kind, path = rels.get(_attribute(element, "id") or "", ("", ""))
            if kind.endswith("/worksheet") and parts.find(path):
                sheets.append((element.get("name", ""), path))
    if not sheets:
        raise table_error("tables.error.no_sheet")
    by_kind = {kind.rpartition("/")[2]: path for kind, path in rels.values()}
    strings_path = by_kind.get("sharedStrings", "xl/sharedStrings.xml")
    strings = _shared_strings(parts, strings_path) if parts.find(strings_path) else []
    styles_path = by_kind.get("styles", "xl/styles.xml")
    kinds = _style_kinds(parts.tree(styles_path)) if parts.find(styles_path) else []
    name, path = sheets[0]
    cells = _Cells(strings, kinds, date1904)
    rows = _sheet_rows(parts.open(path, MAX_PART_BYTES), cells)
    return build_table(rows, source="xlsx", header=header, sheet=name)


def _text_of(element: ET.Element) -> str:
    """A string item's text: its ``<t>``, or its rich-text runs ``<r><t>`` joined (phonetic
    guides ``<rPh>`` are not part of the text)."""
    pieces = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            pieces.append(child.text or "")
        elif tag == "r":
            pieces.extend(t.text or "" for t in child if _local(t.tag) == "t")
    text = "".join(pieces)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _shared_strings(parts: _Parts, path: str) -> list[str]:
    strings = []
    for _, element in ET.iterparse(parts.open(path, MAX_PART_BYTES)):
        if _local(element.tag) == "si":
            strings.append(_text_of(element))
            element.clear()
    return strings


def date_format_kind(code: str) -> FormatKind | None:
    """Whether a number format code shows a date, a date and time, a time, or none: tokens
    ``y``, ``d`` (and ``m`` with them) make a date, ``h``, ``s`` and elapsed ``[h]`` a time.
    Quoted text, escaped characters, colours and locales in brackets do not count."""
    section = _LITERALS.sub("", code).split(";", 1)[0]
    section = _BRACKETED.sub(
        lambda m: "h" if m[1].lower().strip("hms") == "" and m[1] else "", section
    ).lower()
    has_date = "y" in section or "d" in section
    has_time = "h" in section or "s" in section
    if has_date:
        return "datetime" if has_time else "date"
    return "time" if has_time else None


def _style_kinds(styles: ET.Element) -> list[FormatKind | None]:
    """For each cell style (``cellXfs`` index ``s``): the kind of date its number format is."""
    custom: dict[int, str] = {}
    cell_xfs: ET.Element | None = None
    for element in styles:
        tag = _local(element.tag)
        if tag == "numFmts":
            for fmt in element:
                custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
        elif tag == "cellXfs":
            cell_xfs = element
    kinds: list[FormatKind | None] = []
    for xf in cell_xfs if cell_xfs is not None else ():
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id)
        kinds.append(date_format_kind(code) if code is not None else _BUILTIN_KINDS.get(fmt_id))
    return kinds


# --- the sheet -----------------------------------------------------------------------------------


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Cells:
    """Turns one ``<c>`` element into the text Excel shows."""

    def __init__(self, strings: list[str], kinds: list[FormatKind | None], date1904: bool) -> None:
        self.strings = strings
        self.kinds = kinds
        self.date1904 = date1904

    def text(self, cell: ET.Element) -> str:
        kind = cell.get("t", "n")
        value: str | None = None
        inline: ET.Element | None = None
        for child in cell:
            tag = _local(child.tag)
            if tag == "v":
                value = child.text
            elif tag == "is":
                inline = child
        if kind == "inlineStr":
            return _text_of(inline) if inline is not None else ""
        if value is None:
            return ""  # an empty styled cell, or a formula never calculated
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return "TRUE" if value.strip() in ("1", "true") else "FALSE"
        if kind == "d":  # an ISO 8601 date cell (strict files)
            day, _, time = value.partition("T")
            return day if time.strip("0:.Z") == "" else f"{day} {time[:8]}"
        if kind in ("str", "e"):
            return value
        return self._number(value, int(cell.get("s", "0")))

    def _number(self, value: str, style: int) -> str:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        kind = self.kinds[style] if 0 <= style < len(self.kinds) else None
        if kind is None or not number.is_finite():
            return plain_str(_FIFTEEN_DIGITS.plus(number)) if number.is_finite() else value
        serial = float(number)
        if kind == "time":
            seconds = round((serial % 1) * 86_400)
            return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        return serial_to_text(serial, date1904=self.date1904, with_time=kind == "datetime")


def _sheet_rows(source: _Limited, cells: _Cells) -> Iterator[tuple[int, list[str]]]:
    """Each row with a value: (row number, cells from column A), streamed."""
    row_number = 0
    leftmost = _EXCEL_MAX_COLUMN
    values: dict[int, str] = {}
    column = -1
    for _, element in ET.iterparse(source):
        tag = _local(element.tag)
        if tag == "c":
            reference = _REFERENCE.match(element.get("r", ""))
            column = _column_index(reference[1]) if reference else column + 1
            if not 0 <= column < _EXCEL_MAX_COLUMN:
                raise table_error("tables.error.damaged")
            text = cells.text(element).strip()
            if text:
                values[column] = text
        elif tag == "row":
            given = element.get("r")
            row_number = int(given) if given else row_number + 1
            column = -1
            element.clear()
            if not values:
                continue
            leftmost = min(leftmost, min(values))
            right = max(values)
            if right - leftmost >= MAX_COLUMNS:
                raise table_error("tables.error.too_many_columns", limit=f"{MAX_COLUMNS:,}")
            row = [""] * (right + 1)
            for index, text in values.items():
                row[index] = text
            values = {}
            yield row_number, row
