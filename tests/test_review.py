"""``playbook review``: what is past or near its review date, by owner, from the real sample."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from playbook.review import due, render

ROOT = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    return project


def _set_review(path: Path, date: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^review_by: .*$", f"review_by: {date}", text, count=1), "utf-8")


def test_overdue_and_soon_due_items_are_listed_by_owner(tmp_path: Path) -> None:
    project = _project(tmp_path)
    today = dt.date(2026, 12, 4)
    _set_review(project / "docs/guide/reps.md", "2026-11-20")  # overdue
    _set_review(project / "docs/data/kpis.yml", "2026-12-20")  # due within 30 days
    _set_review(project / "docs/plans/discount-policy.yml", "2027-03-01")  # later
    items = due(project / "docs", project, today, 30)
    paths = [item.path for item in items]
    assert paths == ["docs/guide/reps.md", "docs/data/kpis.yml"]
    assert items[0].days == -14 and items[1].days == 16
    text = render(items, "markdown", "zh", today, 30)
    assert "已过期 14 天" in text and "16 天后到期" in text
    assert text.index("已过期") < text.index("天后到期"), "the most urgent owner comes first"
    assert re.search(r"^## \S", text, re.MULTILINE), "grouped under each owner"


def test_the_cli_writes_json_for_a_bot(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _set_review(project / "docs/data/talk-tracks/closing.yml", "2026-12-01")
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "review", "--today", "2026-12-04", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["today"] == "2026-12-04" and report["within_days"] == 30
    (item,) = report["items"]
    assert item["path"] == "docs/data/talk-tracks/closing.yml"
    assert item["review_by"] == "2026-12-01" and item["days"] == -3
    assert item["owner"]


def test_nothing_due_says_so() -> None:
    text = render([], "markdown", "zh", dt.date(2026, 12, 4), 30)
    assert "没有需要复核的内容" in text
