"""最近更新 and its Atom feed from git history: data files count as the pages they feed, a
shallow clone or a tarball says why there is no list instead of a wrong one."""

from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from playbook.history import Change, History, read_history
from playbook.render.changes import atom_feed, changes_page, entries

ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = ["index.md", "kpis/index.md", "talk-tracks/closing.md", "guide/reps.md"]


def _history() -> History:
    day = dt.date(2026, 12, 1)
    return History(
        (
            Change(day, "docs/data/kpis.yml", "改毛利率定义", "王经理", "a1"),
            Change(day, "docs/guide/reps.md", "改毛利率定义", "王经理", "a1"),
            Change(day, "calculators/roi/maths.py", "修复", "开发", "b2"),
            Change(day, "docs/data/talk-tracks/closing.yml", "<促单>话术 & 异议", "李", "c3"),
        )
    )


def test_a_commit_lists_the_pages_it_changed() -> None:
    items = entries(_history(), "docs", PAGES)
    assert [(i.commit, i.pages) for i in items] == [
        ("a1", ("kpis/index.md", "guide/reps.md")),
        ("c3", ("talk-tracks/closing.md",)),
    ], "code-only commits are not content changes"


def test_page_and_feed_escape_what_people_wrote() -> None:
    items = entries(_history(), "docs", PAGES)
    titles = {"kpis/index.md": "指标词典", "guide/reps.md": "通话中怎么用"}
    page = changes_page(items, _history(), titles, "zh")
    assert "&lt;促单&gt;话术 &amp; 异议" in page and "<促单>" not in page
    assert '<a href="../kpis/">指标词典</a>' in page
    feed = ET.fromstring(atom_feed(items, titles, "销售作战手册", "https://intra.example/pb/"))
    (first, second) = feed.findall(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "改毛利率定义"
    assert first.find(f"{ATOM}link").get("href") == "https://intra.example/pb/kpis/"  # type: ignore[union-attr]
    assert second.findtext(f"{ATOM}title") == "<促单>话术 & 异议"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_no_history_or_a_shallow_clone_says_why(tmp_path: Path) -> None:
    plain = tmp_path / "tarball"
    plain.mkdir()
    assert read_history(plain).note == "no_git"
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    _git(repo, "init", "-q")
    for n in (1, 2):
        (repo / "docs" / "a.md").write_text(f"# A{n}\n", "utf-8")
        _git(repo, "add", ".")
        _git(repo, "-c", "user.name=王", "-c", "user.email=w@x", "commit", "-qm", f"第{n}次")
    full = read_history(repo)
    assert full.note == "" and [c.subject for c in full.changes] == ["第2次", "第1次"]
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    history = read_history(shallow)
    assert history.note == "shallow" and not history.changes
    assert "浅克隆" in changes_page([], history, {}, "zh")


def test_the_built_site_has_the_page_and_a_valid_feed(built_site: Path) -> None:
    page = (built_site / "changes/index.html").read_text("utf-8")
    assert '<ol class="pb-changes">' in page or "版本记录" in page
    feed = ET.parse(built_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
