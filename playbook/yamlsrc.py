"""YAML that remembers where each key came from, so errors can say ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from playbook.errors import Problem

__all__ = ["YamlFile", "YamlSourceError", "key_lines", "load_with_lines", "read_yaml_file"]

Path_ = tuple[str | int, ...]


class YamlSourceError(ValueError):
    """Invalid YAML; ``line`` is 1-based within the parsed text. ``str()`` is PyYAML's English
    account; :meth:`describe` says what to fix in the site's language."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line

    def describe(self, lang: str) -> str:
        """The problem in ``lang``: a known PyYAML problem in plain words, else PyYAML's text."""
        from playbook.messages import t

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
)


def load_with_lines(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document safely; return (data, node tree)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is reported at the end of the file; where it was opened
        # (the context) is the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        detail = f"{exc.context}, {exc.problem}" if exc.context else str(exc.problem or exc)
        raise YamlSourceError(line, f"invalid YAML: {detail}") from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(1, f"invalid YAML: {exc}") from None
    finally:
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
        data, node = load_with_lines(path.read_text("utf-8-sig"))
    except YamlSourceError as exc:
        message = t("content.yaml", lang, detail=exc.describe(lang))
        fix = hint("content.yaml", lang)
        return YamlFile(shown, problem=Problem(shown, exc.line, message, hint=fix))
    return YamlFile(shown, data, key_lines(node))
