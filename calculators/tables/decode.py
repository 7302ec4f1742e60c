"""Bytes of a text file → text: the encodings Chinese spreadsheet tools actually write.

Excel's "CSV (逗号分隔)" on Chinese Windows writes GBK; "CSV UTF-8" and WPS write UTF-8 with a
byte-order mark; "Unicode 文本" writes UTF-16 with one. So: a BOM decides; otherwise strict
UTF-8 (it rarely decodes GBK by accident), then GB18030 (a superset of GBK and GB2312). UTF-16
without a BOM is recognised by its zero bytes. Anything else is one message, not mojibake.
"""

from __future__ import annotations

import codecs

from .model import table_error

__all__ = ["decode_text", "normalize_newlines"]


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and a lone ``\\r`` (old Mac Excel) become ``\\n``; a leading BOM goes."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def decode_text(data: bytes) -> str:
    """The text of ``data`` with ``\\n`` line ends; raises :class:`InputError`
    (``tables.error.encoding`` / ``tables.error.binary``) when it is no text we can read."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif b"\x00" in data[:4096]:
            text = data.decode(_utf16_without_bom(data[:4096]))
        else:
            text = _utf8_or_gb18030(data)
    except UnicodeDecodeError:
        raise table_error("tables.error.encoding") from None
    if "\x00" in text:
        raise table_error("tables.error.binary")
    return normalize_newlines(text)


def _utf8_or_gb18030(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _utf16_without_bom(head: bytes) -> str:
    """``utf-16-le`` / ``utf-16-be`` when zero bytes sit at odd / even offsets (text that is
    mostly ASCII or Latin); anything else with zero bytes is binary."""
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    pairs = len(head) // 2 or 1
    if odd > pairs // 2 and even == 0:
        return "utf-16-le"
    if even > pairs // 2 and odd == 0:
        return "utf-16-be"
    raise table_error("tables.error.binary")
