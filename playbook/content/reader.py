"""Reading one YAML data file against the content schema (:mod:`playbook.content.schema`).

A :class:`Reader` reads one mapping as its :class:`~playbook.content.schema.Record` declares:
undeclared keys, missing required keys, values of the wrong kind and choices outside their list
become problems of its :class:`Document` (``file:line`` plus a message in the site's language),
never exceptions, so that one run reports everything a manager has to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from calculators.errors import AmbiguousInput, InputError
from calculators.money import parse_quantity, parse_rate
from playbook.content.model import Source
from playbook.content.schema import ID_PATTERN, Key, Record
from playbook.errors import Problem
from playbook.messages import hint, t
from playbook.yamlsrc import Path_, is_date, read_yaml_file, written

__all__ = ["Document", "Reader", "read_file"]


class Document:
    """One data file as read: where its keys are, and the problems found in it."""

    def __init__(self, shown: str, lines: dict[Path_, int], lang: str) -> None:
        self.shown = shown
        self.lines = lines
        self.lang = lang
        self.problems: list[Problem] = []

    def line(self, at: Path_) -> int:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    def problem(self, at: Path_, message: str, /, **params: object) -> None:
        text = t(message, self.lang, **params)
        self.problems.append(
            Problem(self.shown, self.line(at), text, hint=hint(message, self.lang))
        )


class Reader:
    """One YAML mapping read against its :class:`~playbook.content.schema.Record`: problems are
    recorded instead of raised, and each key is read as the schema declares it."""

    def __init__(self, data: object, at: Path_, doc: Document, record: Record) -> None:
        self.doc = doc
        self.at = at
        self.record = record
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            doc.problem(at, "content.not_mapping", got=written(data, doc.lang))
        else:
            allowed = sorted(record.names)
            for key in data:
                if key not in allowed:
                    doc.problem(
                        (*at, str(key)),
                        "content.unknown_key",
                        key=written(key, doc.lang),
                        allowed=", ".join(allowed),
                    )

    def get(self, name: str, *, percent: bool = False) -> Any:
        """The value of key ``name`` as its kind reads it (a ``measure`` as a percentage when
        ``percent``), or the kind's empty value after recording why there is none:

        ``id``/``text``/``choice`` → ``str``; ``texts`` → ``tuple[str, ...]``; ``number``/
        ``percent``/``measure`` → ``Decimal | None``; ``date`` → ``dt.date`` (``date.max`` when
        missing); ``values`` → ``dict[str, tuple[Decimal, str]]`` (value and how it was
        written); ``record`` → a :class:`Reader` (``None`` for an optional record that is not
        there); ``records`` → ``[(path, raw item), …]``.
        """
        key = self.record[name]
        kind = key.kind
        if kind == "id":
            return self._ident(key)
        if kind == "text":
            return self._text(key)
        if kind == "texts":
            return self._texts(key)
        if kind == "number" or (kind == "measure" and not percent):
            return self._quantity(key)
        if kind in ("percent", "measure"):
            return self._rate(key)
        if kind == "choice":
            return self._choice(key)
        if kind == "date":
            return self._date(key)
        if kind == "values":
            return self._values(key)
        if kind == "record":
            return self._record(key)
        if kind == "records":
            return self._items(key)
        raise AssertionError(kind)

    def line(self, key: str | None = None) -> int:
        return self.doc.line((*self.at, key) if key else self.at)

    def _written(self, value: object) -> str:
        return written(value, self.doc.lang)

    def source(self) -> Source:
        return Source(self.doc.shown, self.line())

    def _raw(self, key: Key) -> Any:
        value = self.data.get(key.name)
        if value is None or value == "":
            if key.required:
                self.doc.problem(self.at, "content.missing", key=key.name)
            return None
        return value

    def _text(self, key: Key) -> str:
        value = self._raw(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.doc.problem((*self.at, key.name), "content.not_text", key=key.name)
            return ""
        return str(value).strip()

    def _ident(self, key: Key) -> str:
        value = self._text(key)
        if value and not ID_PATTERN.match(value):
            self.doc.problem(
                (*self.at, key.name), "content.bad_id", key=key.name, value=self._written(value)
            )
        return value

    def _texts(self, key: Key) -> tuple[str, ...]:
        value = self._raw(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list):
            self.doc.problem((*self.at, key.name), "content.not_list", key=key.name)
            return ()
        out = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.doc.problem((*self.at, key.name, index), "content.not_text", key=key.name)
            else:
                out.append(str(item).strip())
        return tuple(out)

    def _items(self, key: Key) -> list[tuple[Path_, Any]]:
        value = self._raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.doc.problem((*self.at, key.name), "content.not_list", key=key.name)
            return []
        return [((*self.at, key.name, index), item) for index, item in enumerate(value)]

    def _record(self, key: Key) -> Reader | None:
        assert key.record is not None
        value = self._raw(key)
        if not key.required:
            if value is None:
                return None
            return Reader(value, (*self.at, key.name), self.doc, key.record)
        # A required record that is missing (already reported) or empty reads as an empty
        # mapping, so that its own required keys are reported too.
        return Reader(value or {}, (*self.at, key.name), self.doc, key.record)

    def _values(self, key: Key) -> dict[str, tuple[Decimal, str]]:
        value = self._raw(key) or {}
        out: dict[str, tuple[Decimal, str]] = {}
        if not isinstance(value, Mapping):
            self.doc.problem((*self.at, key.name), "content.not_mapping", got=self._written(value))
            return out
        for name, typed in value.items():
            try:
                out[str(name)] = (parse_quantity(typed, str(name)), str(typed))
            except InputError:
                self.doc.problem(
                    (*self.at, key.name, str(name)),
                    "content.bad_number",
                    key=self._written(name),
                    value=self._written(typed),
                )
        return out

    def _quantity(self, key: Key) -> Decimal | None:
        value = self._raw(key)
        if value is None:
            return None
        try:
            return parse_quantity(value, key.name)
        except InputError:
            self.doc.problem(
                (*self.at, key.name), "content.bad_number", key=key.name, value=self._written(value)
            )
            return None

    def _rate(self, key: Key) -> Decimal | None:
        """A percentage by the calculators' one grammar: 5% and 5 are 5%; 0.05 is asked about."""
        value = self._raw(key)
        if value is None:
            return None
        try:
            return parse_rate(value, key.name)
        except AmbiguousInput as error:
            percent, literal = error.options
            self.doc.problem(
                (*self.at, key.name),
                "content.ambiguous_rate",
                key=key.name,
                value=error.typed,
                percent=percent,
                literal=literal,
            )
        except InputError:
            self.doc.problem(
                (*self.at, key.name), "content.bad_number", key=key.name, value=self._written(value)
            )
        return None

    def _choice(self, key: Key) -> str:
        value = self._raw(key)
        if value is None:
            # A required choice that is missing (reported) reads as its first choice, as a bad
            # one does: what is built from it (a KPI's unit name) needs one of the choices.
            return key.choices[0] if key.required else ""
        if value not in key.choices:
            self.doc.problem(
                (*self.at, key.name),
                "content.bad_choice",
                key=key.name,
                choices="/".join(key.choices),
                value=self._written(value),
            )
            return key.choices[0]
        return str(value)

    def _date(self, key: Key) -> dt.date:
        value = self._raw(key)
        if value is None:
            return dt.date.max
        if not is_date(value):
            self.doc.problem(
                (*self.at, key.name), "content.bad_date", key=key.name, value=self._written(value)
            )
            return dt.date.max
        return value


def read_file(path: Path, root: Path, lang: str) -> tuple[Any, Document]:
    read = read_yaml_file(path, root, lang)
    doc = Document(read.shown, read.lines, lang)
    if read.problem is not None:
        doc.problems.append(read.problem)
        return None, doc
    return read.data, doc
