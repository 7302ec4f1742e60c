"""``playbook check`` output for people and for CI: text, GitHub, GitLab and JSON.

- ``text``: ``file:line: message``, one per line (the default).
- ``github``: GitHub Actions workflow commands (``::error file=…,line=…::message``): each
  problem appears as an annotation on that line of the pull request's diff.
- ``gitlab``: a GitLab Code Quality report (a JSON list): the merge request widget shows it.
- ``json``: every problem with its file, line, severity and message, for other tools.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from playbook.errors import Problem

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "github", "gitlab", "json")


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _with_hint(problem: Problem, lang: str, sep: str) -> str:
    if not problem.hint:
        return problem.message
    from playbook.messages import t

    return f"{problem.message}{sep}{t('cli.how_to_fix', lang)}：{problem.hint}"


def _github(problem: Problem, lang: str) -> str:
    command = "error" if problem.severity == "error" else "warning"
    properties = [f"file={_github_property(problem.path)}", "title=playbook check"]
    if problem.line:
        properties.insert(1, f"line={problem.line}")
    return f"::{command} {','.join(properties)}::{_github_data(_with_hint(problem, lang, chr(10)))}"


def _gitlab(problem: Problem, lang: str) -> dict[str, object]:
    key = f"{problem.path}:{problem.line}:{problem.message}".encode()
    return {
        "description": _with_hint(problem, lang, " "),
        "check_name": "playbook-check",
        "fingerprint": hashlib.sha256(key).hexdigest(),
        "severity": "major" if problem.severity == "error" else "minor",
        "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
    }


def render(problems: Sequence[Problem], fmt: str, lang: str = "zh") -> str:
    """``problems`` in format ``fmt`` (one of :data:`FORMATS`), ending in a newline if any; a
    problem's "how to fix" goes with it in every format."""
    if fmt == "github":
        lines = [_github(p, lang) for p in problems]
    elif fmt == "gitlab":
        issues = [_gitlab(p, lang) for p in problems]
        return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "json":
        errors = sum(p.severity == "error" for p in problems)
        report = {
            "ok": errors == 0,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "severity": p.severity,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems
            ],
        }
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [str(p) + _with_hint(p, lang, "\n    ").removeprefix(p.message) for p in problems]
    return "".join(line + "\n" for line in lines)
