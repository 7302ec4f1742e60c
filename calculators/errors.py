"""Input errors that name the field and say what is wrong, in Chinese and English."""

from __future__ import annotations

import json
from typing import Any

from .messages import t

__all__ = ["AmbiguousInput", "InputError", "InputErrors"]


def _brief(value: object, length: int = 60) -> object:
    """What was given, for a message, as it is written in JSON or YAML (``true``, ``null``,
    ``["a"]``, not Python's ``True``, ``None``, ``['a']``) and at most ``length`` characters (a
    pasted page of digits is not repeated back whole)."""
    if isinstance(value, bool) or value is None:
        value = json.dumps(value)
    elif isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and len(value) > length:
        return value[: length - 1] + "…"
    return value


class InputError(ValueError):
    """One invalid input. ``field`` is the input's name; ``label`` its display name per language."""

    def __init__(self, field: str, key: str, /, **params: object) -> None:
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key
        self.params = params
        self.labels: dict[str, str] = {}
        #: For an error inside one row of a record list: which row (1-based) and the cell's error.
        self.row: int | None = None
        self.inner: InputError | None = None

    def message(self, lang: str = "zh") -> str:
        label = self.labels.get(lang) or self.labels.get("zh") or self.field
        if self.inner is not None:
            detail = self.inner.message(lang)
            return t("error.in_row", lang, field=label, row=self.row, detail=detail)
        # What was typed is cut short; ``known`` (the list of what would be accepted, written by
        # the calculator itself) is the help, and is shown whole.
        return t(
            self.key,
            lang,
            field=label,
            **{k: v if k == "known" else _brief(v) for k, v in self.params.items()},
        )

    @classmethod
    def in_row(cls, field: str, row: int, inner: InputError) -> InputError:
        """``inner`` (about one cell) as an error of list field ``field``, row ``row`` (1-based)."""
        error = cls(field, inner.key, **inner.params)
        error.row = row
        error.inner = inner
        return error

    @classmethod
    def in_cell(
        cls, calculator: str, field: str, row: int, column: str, key: str, **params: object
    ) -> InputError:
        """An error of one cell of list field ``field`` (row ``row``, 1-based; column ``column``),
        named in both languages by the column's label ``<calculator>.<field>.<column>.label``."""
        inner = cls(column, key, **params)
        inner.labels = {
            lang: t(f"{calculator}.{field}.{column}.label", lang) for lang in ("zh", "en")
        }
        return cls.in_row(field, row, inner)

    def choice(self) -> AmbiguousInput | None:
        """The reading to choose when this error is an ambiguity (also inside a row)."""
        if isinstance(self, AmbiguousInput):
            return self
        return self.inner.choice() if self.inner is not None else None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "code": self.key.rpartition("error.")[2],  # error.required, roi.error.x → required, x
            "message": {"zh": self.message("zh"), "en": self.message("en")},
        }
        choice = self.choice()
        if choice is not None:
            out["typed"] = choice.typed
            out["options"] = list(choice.options)
        return out

    def __str__(self) -> str:
        return self.message("en")


class AmbiguousInput(InputError):
    """Text that reads two ways (``0.08``: 8 % or 0.08 %?). Nothing is computed from it; the form
    offers ``options``, each a replacement for ``typed`` that reads one way only."""

    def __init__(
        self, field: str, key: str, /, *, typed: str, options: tuple[str, ...], **params: object
    ) -> None:
        super().__init__(field, key, **params)
        self.typed = typed
        self.options = options


class InputErrors(ValueError):
    """All invalid inputs of one call, in form order."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {"errors": [e.as_dict() for e in self.errors]}
