"""Text from data files on its way into a page's Markdown, made safe.

A page's own Markdown is trusted: raw HTML in it is the page's HTML (the managers' guide says
so). What a data file holds is not the page's: a value, a stage's name, a variable must show as
the text it is, and the few fields written as Markdown (a data file's ``intro``, a stage's
``description``) keep their Markdown but never become HTML of their own.

- :func:`text`: a value shown as written wherever it lands in a page, in Markdown text, in a
  heading, in a table cell or inside an HTML attribute of the page (``{{company}}``).
- :func:`heading`: a value as a Markdown heading's text.
- :func:`markdown`: a Markdown field: its Markdown stays; raw HTML shows as text, a link or
  image to a ``javascript:`` (or any other non-web) address shows as the text it is, and an
  attribute list may only give an ``#id`` or a ``.class``.

Structured parts of a page are built with :func:`calculators.html.el`, not here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

__all__ = ["heading", "markdown", "text"]

# HTML's own characters, and what Markdown would read as links, code, emphasis, escapes,
# attribute lists, table cells, strike-through or a heading: as character references they show as
# themselves in Markdown text and in HTML alike.
_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "[": "&#91;",
        "]": "&#93;",
        "`": "&#96;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
        "*": "&#42;",
        "_": "&#95;",
        "|": "&#124;",
        "~": "&#126;",
        "#": "&#35;",
    }
)


def text(value: object) -> str:
    """``value`` as Markdown that shows exactly that text, and no markup."""
    return str(value).translate(_TEXT)


# What else a heading would read: a trailing ``#``, a list or numbering, ``(…)`` after ``]``.
# Backslash escapes for these, character references for the rest, in one pass (a reference
# has a ``#`` of its own).
_HEADING_ESCAPES = {char: "\\" + char for char in "()#+-.!"}
_HEADING = re.compile("[" + re.escape("".join(_HEADING_ESCAPES) + "&<>\"'[]`\\{}*_|~") + "]")


def heading(value: object) -> str:
    """``value`` (one line) as the text of a Markdown heading."""
    return _HEADING.sub(
        lambda match: _HEADING_ESCAPES.get(match[0]) or match[0].translate(_TEXT),
        str(value).replace("\n", " "),
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def fenced(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of Markdown ``text`` and whether it is code: a fence line or inside a fenced
    block (what Markdown shows as written: no variables, no escaping there)."""
    fence = ""
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            yield line, True
        elif opened:
            fence = opened[1]
            yield line, True
        else:
            yield line, False


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: ``<https://…>`` and ``<mailto:…>``: Markdown's autolinks, kept.
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>", re.IGNORECASE)
#: An inline link's or image's destination, after ``](`` (and an optional ``<``).
_INLINE_DEST = re.compile(r"(\]\(\s*<?)([^\s)>]*)")
#: A reference definition: ``[name]: destination``.
_REFERENCE_DEST = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*<?)(\S*)", re.MULTILINE)
#: An attribute list (``{: #id .class }``, ``{#id}``).
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_SAFE_ATTR = re.compile(r"^[#.][^\s=\"'<>&{}]+$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _destination(match: re.Match[str]) -> str:
    target = html.unescape(match[2])
    # Browsers drop white space and control characters inside a scheme (``java\tscript:``).
    target = re.sub(r"[\x00-\x20\x7f]+", "", target).lower().lstrip("<")
    scheme = _SCHEME.match(target)
    if scheme and scheme[1] not in _SAFE_SCHEMES:
        # No link: ``](`` (or ``]:``) written as a character reference shows as typed.
        return match[0].replace("](", "]&#40;", 1).replace("]:", "]&#58;", 1)
    return match[0]


def _attr_list(match: re.Match[str]) -> str:
    tokens = match[1].split()
    if tokens and all(_SAFE_ATTR.match(token) for token in tokens):
        return match[0]
    return "&#123;" + match[0][1:]


def _prose(part: str) -> str:
    """Markdown outside code: raw HTML as text, unsafe link targets and attributes dropped."""
    pieces: list[str] = []
    end = 0
    for link in _AUTOLINK.finditer(part):
        pieces.append(part[end : link.start()].replace("<", "&lt;"))
        pieces.append(link[0])
        end = link.end()
    pieces.append(part[end:].replace("<", "&lt;"))
    out = "".join(pieces)
    out = _INLINE_DEST.sub(_destination, out)
    out = _REFERENCE_DEST.sub(_destination, out)
    return _ATTR_LIST.sub(_attr_list, out)


def markdown(source: str) -> str:
    """A Markdown field of a data file: its Markdown kept, no HTML of its own.

    Code (fenced blocks and code spans) is left as written: Markdown shows it as text."""
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.append(_spans("\n".join(prose)))
            prose.clear()

    for line, code in fenced(source):
        if code:
            flush()
            out.append(line)
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def _spans(part: str) -> str:
    pieces: list[str] = []
    end = 0
    for span in _CODE_SPAN.finditer(part):
        pieces.append(_prose(part[end : span.start()]))
        pieces.append(span[0])
        end = span.end()
    pieces.append(_prose(part[end:]))
    return "".join(pieces)
