"""YAML that remembers where each key came from, so errors can say ``file:line``.

Content files are written by hand and by copying from other software, so reading one must
never crash or hang whatever it holds: :func:`read_source` refuses bytes that are not UTF-8,
and :func:`load_with_lines` refuses, each with its line, what would make the data a trap for
the code that walks it (nesting deeper than :data:`MAX_DEPTH`, an alias inside its own anchor,
more than :data:`MAX_NODES` values once aliases are expanded: a "billion laughs"), a key written
twice in one mapping (YAML would keep the last silently), a date that does not exist, a tag
with no plain value (``!!python/object``) and a control character.
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from playbook.errors import Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "SourceError",
    "YamlFile",
    "YamlSourceError",
    "is_date",
    "key_lines",
    "load_with_lines",
    "read_source",
    "read_yaml_file",
    "written",
]

Path_ = tuple[str | int, ...]

#: The deepest nesting a content file may have (the sample's deepest is 5).
MAX_DEPTH = 50
#: The most values a content file may hold, aliases counted as the values they repeat (the
#: sample's largest file, docs/data/kpis.yml, has about 2,000).
MAX_NODES = 100_000


class SourceError(ValueError):
    """A content file that cannot be read; ``line`` is 1-based. :meth:`describe` says what to
    fix in the site's language: the catalog message ``key`` with ``params``."""

    def __init__(self, line: int, message: str, key: str = "", /, **params: object) -> None:
        super().__init__(message)
        self.line = line
        self.key = key
        self.params = params

    def describe(self, lang: str) -> str:
        from playbook.messages import t

        return t(self.key, lang, **self.params)


class YamlSourceError(SourceError):
    """Invalid YAML; ``line`` is 1-based within the parsed text. ``str()`` is PyYAML's English
    account; :meth:`describe` says what to fix in the site's language."""

    def describe(self, lang: str) -> str:
        """The problem in ``lang``: a known PyYAML problem in plain words, else PyYAML's text."""
        from playbook.messages import t

        if self.key:
            return t(self.key, lang, **self.params)
        english = str(self).removeprefix("invalid YAML: ")
        for needle, key in _PROBLEMS:
            if needle in english:
                return t(key, lang)
        return t("yaml.other", lang, detail=english)


#: PyYAML's problem texts (most specific first) → what a manager should fix.
_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "yaml.tab"),
    ("while scanning a quoted scalar", "yaml.unclosed_quote"),
    ("while parsing a flow sequence", "yaml.unclosed_bracket"),
    ("while parsing a flow mapping", "yaml.unclosed_brace"),
    ("mapping values are not allowed here", "yaml.colon"),
    ("could not find expected ':'", "yaml.missing_colon"),
    ("did not find expected '-' indicator", "yaml.list_indent"),
    ("did not find expected key", "yaml.indent"),
    ("expected <block end>", "yaml.indent"),
    ("found undefined alias", "yaml.alias"),
    ("found unknown escape character", "yaml.escape"),
    ("found unhashable key", "yaml.complex_key"),
    ("while scanning a block scalar", "yaml.block_scalar"),
    ("expected a single document in the stream", "yaml.documents"),
    ("expected '<document start>'", "yaml.indent"),
    ("mapping keys are not allowed here", "yaml.colon"),
    ("expected the node content, but found '<stream end>'", "yaml.truncated"),
)


def _brief(text: str, length: int = 40) -> str:
    """``text`` for a message: its first ``length`` characters."""
    return text if len(text) <= length else text[:length] + "…"


def written(value: object, lang: str) -> str:
    """A YAML value for a message, as a manager would write it: ``[a, b]``, not Python's
    ``['a', 'b']``; ``true``, not ``True``; at most 40 characters."""
    from playbook.messages import t

    if value is None or value == "":
        return t("content.empty_value", lang)
    return _brief(_flow(value))


def _flow(value: object, room: int = 60) -> str:
    """``value`` in YAML's flow style, quotes left out, cut after about ``room`` characters at
    each level (a list of 100,000 values is not written out to show its first 40 characters)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
        parts: list[str] = []
        used = 0
        for key, item in items:
            if used > room:
                parts.append("…")
                break
            part = _flow(item) if key is None else f"{_flow(key)}: {_flow(item)}"
            parts.append(part)
            used += len(part) + 2
        inside = ", ".join(parts)
        return f"{{{inside}}}" if isinstance(value, dict) else f"[{inside}]"
    return str(value)[: room + 1]


def is_date(value: object) -> TypeGuard[dt.date]:
    """A date as YAML reads ``2027-01-31``; not a date with a time (``2027-01-31 10:00``), which
    cannot be compared with one."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def read_source(path: Path) -> str:
    """The text of a content file: UTF-8 (a byte-order mark at its start is dropped), its line
    ends made ``\\n``; :class:`SourceError` at the first line that is not UTF-8."""
    data = path.read_bytes()
    head = data[:64]
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(head) >= 8 and head.count(0) * 4 >= len(head)
    )
    if wide:  # UTF-16 or UTF-32: every other byte of Latin text is 0
        raise SourceError(1, "not UTF-8 (UTF-16 or UTF-32)", "content.not_utf8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(line, f"not UTF-8: {exc}", "content.not_utf8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Loader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that refuses, at their lines, what the module docstring lists."""

    def __init__(self, text: str) -> None:
        self._depth = 0
        self._nodes = 0
        self._open: set[str] = set()  # anchors whose node is being composed
        self._sizes: dict[int, int] = {}  # id(node) → values it holds, aliases expanded
        super().__init__(text)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open:
                raise _refuse(event.start_mark, "yaml.alias_loop", anchor=_brief(event.anchor))
            node = super().compose_node(parent, index)
            self._count(self._sizes.get(id(node), 1), event.start_mark)
            return node
        if self._depth >= MAX_DEPTH:
            raise _refuse(event.start_mark, "yaml.too_deep", depth=MAX_DEPTH)
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if anchor is not None:
            self._open.add(anchor)
        before = self._nodes
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(anchor)
        self._count(1, event.start_mark)
        self._sizes[id(node)] = self._nodes - before
        if isinstance(node, yaml.MappingNode):
            _no_duplicate_keys(node)
        return node

    def _count(self, nodes: int, mark: Any) -> None:
        self._nodes += nodes
        if self._nodes > MAX_NODES:
            raise _refuse(mark, "yaml.too_many", limit=f"{MAX_NODES:,}")

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except SourceError:
            raise
        except (ValueError, TypeError, OverflowError):  # 2026-13-45, !!int x
            value = _brief(str(node.value)) if isinstance(node, yaml.ScalarNode) else ""
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise _refuse(node.start_mark, "yaml.bad_date", value=value) from None
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            raise _refuse(node.start_mark, "yaml.bad_value", value=value, tag=tag) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _refuse(node.start_mark, "yaml.tag", tag=_brief(tag))


# Content is plain YAML: text, numbers, dates, lists and mappings. Sets, ordered maps and binary
# data would reach messages and pages as Python's repr.
for _tag in (None, *(f"tag:yaml.org,2002:{name}" for name in ("set", "omap", "pairs", "binary"))):
    _Loader.add_constructor(_tag, _Loader.construct_undefined)


def _refuse(mark: Any, key: str, /, **params: object) -> YamlSourceError:
    line = mark.line + 1 if mark else 1
    return YamlSourceError(line, f"invalid YAML: {key}", key, **params)


def _no_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            first = seen[ident]
            raise _refuse(key.start_mark, "yaml.duplicate_key", key=_brief(key.value), first=first)
        seen[ident] = key.start_mark.line + 1


def load_with_lines(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document safely; return (data, node tree)."""
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # a control character, before any parsing
        line = text.count("\n", 0, exc.position) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        detail = f"invalid YAML: {exc}"
        raise YamlSourceError(line, detail, "yaml.control_char", code=code) from None
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is reported at the end of the file; where it was opened
        # (the context) is the line to fix.
        mark = exc.context_mark or exc.problem_mark
        if str(exc.context).startswith("expected a single document"):
            mark = exc.problem_mark  # the second document, not the first
        line = mark.line + 1 if mark else 1
        detail = f"{exc.context}, {exc.problem}" if exc.context else str(exc.problem or exc)
        raise YamlSourceError(line, f"invalid YAML: {detail}") from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(1, f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def key_lines(node: yaml.Node | None, path: Path_ = ()) -> dict[Path_, int]:
    """Map each key path (``("inputs", "years")``, ``("tiers", 2)``) to its 1-based line."""
    lines: dict[Path_, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            lines.update(key_lines(value_node, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*path, index)
            lines[key] = item.start_mark.line + 1
            lines.update(key_lines(item, key))
    return lines


@dataclass(frozen=True)
class YamlFile:
    """A content file read for checking: its path as a manager sees it, its data and the line
    of every key, or the one problem that stopped it from being read."""

    shown: str
    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problem: Problem | None = None


def read_yaml_file(path: Path, root: Path, lang: str) -> YamlFile:
    """Read ``path`` (shown relative to ``root``); invalid YAML becomes a problem in ``lang``."""
    from playbook.messages import hint, t

    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    try:
        data, node = load_with_lines(read_source(path))
    except YamlSourceError as exc:
        message = t("content.yaml", lang, detail=exc.describe(lang))
        fix = hint("content.yaml", lang)
        return YamlFile(shown, problem=Problem(shown, exc.line, message, hint=fix))
    except SourceError as exc:
        return YamlFile(shown, problem=Problem(shown, exc.line, exc.describe(lang)))
    return YamlFile(shown, data, key_lines(node))
