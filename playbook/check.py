"""``playbook check``: validate the content without building the site.

Every Markdown page goes through the same Markdown extensions the build uses, so a check passes
exactly when the build would accept the content. Problems come back as ``file:line: message``.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml
from mkdocs.utils.meta import get_data

from playbook.errors import ContentError, Problem
from playbook.markdown.calculators import CalculatorExtension
from playbook.plans import Plan, load_plans

__all__ = ["check_page", "check_site"]


def _docs_dir(config_file: Path) -> Path:
    data = yaml.safe_load(config_file.read_text("utf-8")) or {}
    return (config_file.parent / str(data.get("docs_dir", "docs"))).resolve()


def check_page(path: Path, shown: str, plans: dict[str, Plan] | None = None) -> list[Problem]:
    """Problems in one Markdown page (an empty list when it is fine)."""
    source = path.read_text("utf-8-sig").replace("\r\n", "\n")
    body, _meta = get_data(source)
    offset = source[: len(source) - len(body)].count("\n") if source.endswith(body) else 0
    md = markdown.Markdown(extensions=[CalculatorExtension(source_path=shown, line_offset=offset)])
    try:
        md.convert(body)
    except ContentError as error:
        return list(error.problems)
    return []


def check_site(config_file: Path) -> list[Problem]:
    """Problems in every page under the site's ``docs_dir``, in path order."""
    root = config_file.resolve().parent
    docs_dir = _docs_dir(config_file)
    plans, problems = load_plans(docs_dir, root)
    for path in sorted(docs_dir.rglob("*.md")):
        problems += check_page(path, path.relative_to(root).as_posix(), plans)
    return problems
