"""Content errors that tell a manager which file and line to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Self

from mkdocs.exceptions import BuildError

__all__ = ["ContentError", "Problem", "place_list"]


@dataclass(frozen=True)
class Problem:
    """One problem in a content file; ``line`` is 1-based (0 when the whole file is meant)."""

    path: str
    line: int
    message: str
    severity: str = "error"  # or "warning"
    hint: str = ""  # how to fix it, for the common mistakes (see :func:`playbook.messages.hint`)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{self.message}"


def place_list(where: list[str], shown: int = 3) -> str:
    """A few ``file:line`` places for a message, then "…" when there are more."""
    return "、".join(where[:shown]) + ("…" if len(where) > shown else "")


class ContentError(BuildError):
    """One or more problems that stop the build; ``str()`` lists them as ``file:line: message``.

    A :class:`mkdocs.exceptions.BuildError`, so MkDocs prints the message (no traceback) and aborts.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def at(cls, path: str | Path | None, line: int, message: str) -> Self:
        return cls([Problem(str(path or "<markdown>"), line, message)])
