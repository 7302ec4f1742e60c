"""The one path by which calculators and the generator produce HTML.

Every string that reaches a page goes through :func:`escape` unless it is already
:class:`Markup` (HTML built by :func:`el` or :func:`join`). Nothing else in the project
writes HTML by string formatting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

__all__ = ["Markup", "el", "escape", "join"]

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TABLE = str.maketrans(_ESCAPES)

# Elements that never take children or a closing tag.
_VOID = frozenset({"br", "col", "hr", "img", "input", "meta", "link", "source", "wbr"})


class Markup(str):
    """A string that is already safe HTML; :func:`escape` passes it through unchanged."""

    __slots__ = ()

    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, escape(other)))


def escape(value: object) -> Markup:
    """Escape ``value`` for HTML text or a quoted attribute value."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = value if isinstance(value, str) else _to_text(value)
    return Markup(text.translate(_TABLE))


def _to_text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


Child = object  # str (escaped), Markup (kept), None/False (skipped), or an iterable of children
AttrValue = str | int | Decimal | bool | None


def _render_children(children: Iterable[Child]) -> str:
    parts: list[str] = []
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, str | Markup):
            parts.append(escape(child))
        elif isinstance(child, Iterable):
            parts.append(_render_children(child))
        else:
            parts.append(escape(child))
    return "".join(parts)


def el(tag: str, attrs: Mapping[str, AttrValue] | None = None, *children: Child) -> Markup:
    """Build one element. Attribute values and text children are escaped.

    ``True`` renders a bare attribute, ``None``/``False`` omits it. Attribute names ending in
    ``_`` lose it (``class_`` → ``class``) so they can be written as keywords elsewhere.
    """
    out = ["<", tag]
    for name, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        key = name[:-1] if name.endswith("_") else name
        if value is True:
            out.append(f" {key}")
        else:
            out.append(f' {key}="{escape(value)}"')
    out.append(">")
    if tag in _VOID:
        return Markup("".join(out))
    out.append(_render_children(children))
    out.append(f"</{tag}>")
    return Markup("".join(out))


def join(parts: Iterable[Child], sep: str = "") -> Markup:
    """Concatenate children (escaping plain strings) into one piece of Markup."""
    return Markup(escape(sep).join(_render_children([p]) for p in parts))
