"""When each file last changed, from git: for "last updated" on pages and the 最近更新 page.

One ``git log`` over the whole history (no call per page). A tarball without ``.git``, a shallow
clone (its history is cut, so its dates would mislead) or no git at all gives no dates, and the
site says nothing rather than something wrong.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Change", "History", "read_history"]


@dataclass(frozen=True)
class Change:
    date: dt.date
    path: str  # relative to the project root
    subject: str
    author: str
    commit: str = ""  # abbreviated hash


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...] = ()  # newest first, one per file per commit
    note: str = ""  # why there is no history: "", "no_git" or "shallow"

    def last_changed(self, path: str) -> dt.date | None:
        return next((c.date for c in self.changes if c.path == path), None)


_SEP = "\x1f"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def read_history(root: Path, limit: int = 2000) -> History:
    """The last ``limit`` commits' changes to files under ``root`` (docs and data)."""
    try:
        if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History(note="shallow")
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        log = _git(
            root,
            "log",
            f"-{limit}",
            "--no-merges",
            f"--format=%x1e%cs{_SEP}%s{_SEP}%an{_SEP}%h",
            "--name-only",
            "--",
            ".",
        )
    except (OSError, subprocess.SubprocessError):
        return History(note="no_git")
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    changes = []
    for record in log.split("\x1e")[1:]:
        head, *files = record.strip("\n").split("\n")
        date, subject, author, commit = head.split(_SEP)
        for name in files:
            if not name:
                continue
            path = name if prefix == "." else name.removeprefix(prefix + "/")
            changes.append(Change(dt.date.fromisoformat(date), path, subject, author, commit))
    return History(tuple(changes))
