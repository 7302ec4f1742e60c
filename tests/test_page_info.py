"""Every page says who owns it and when it is next reviewed; a page past its date says so
politely; with a repository configured, every page has an edit link, a generated page's opening
the data file that feeds it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from playbook.render.page_info import page_info

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://git.example.com/sales/playbook"
INFO = re.compile(r'<p class="pb-page-info">([^<]*)</p>')


def test_a_page_shows_its_owner_and_review_date(built_site: Path) -> None:
    page = (built_site / "guide/reps/index.html").read_text("utf-8")
    (line,) = INFO.findall(page)
    assert "负责人：销售培训部" in line and "下次复核：2027-05-31" in line
    kpis = (built_site / "kpis/index.html").read_text("utf-8")
    assert "内容来自 docs/data/kpis.yml" in INFO.findall(kpis)[0]
    assert re.search(r'<div class="admonition warning pb-stale"[^>]* hidden>', page), (
        "not overdue: the banner is there for the page script, but hidden"
    )
    assert "/edit/" not in page, "no repository configured, no edit link"


def test_an_overdue_page_says_so_and_escapes_what_it_shows() -> None:
    info = page_info(
        owner="<销售部>",
        review_by=dt.date(2026, 11, 1),
        changed=None,
        origin=None,
        today=dt.date(2026, 12, 4),
        lang="zh",
    )
    banner = str(info["banner"])
    assert " hidden" not in banner
    assert "复核日期 2026-11-01 已过" in banner and "&lt;销售部&gt;" in banner
    assert "<销售部>" not in banner + str(info["line"])


@pytest.fixture(scope="module")
def site_with_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site-repo")
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PLAYBOOK_REPO_URL": REPO},
    )
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("guide/reps/index.html", "docs/guide/reps.md"),
        ("kpis/index.html", "docs/data/kpis.yml"),
        ("process/qualify/index.html", "docs/data/stages.yml"),
        ("talk-tracks/closing/index.html", "docs/data/talk-tracks/closing.yml"),
    ],
)
def test_the_edit_link_opens_the_file_to_change(
    site_with_repository: Path, page: str, source: str
) -> None:
    html = (site_with_repository / page).read_text("utf-8")
    edits = set(re.findall(rf'href="({re.escape(REPO)}/edit/[^"]+)"', html))
    assert edits == {f"{REPO}/edit/main/{source}"}
    assert (ROOT / source).is_file()
    assert 'data-md-component="source"' not in html, "no request to a forge's API for stars"


@pytest.mark.browser
def test_the_banner_appears_when_the_date_passes_after_the_build(
    page: Any, site_server: Any
) -> None:
    page.clock.set_fixed_time(dt.datetime(2027, 6, 2, 9, 0))
    page.goto(f"{site_server.origin}/guide/reps/")
    banner = page.locator(".pb-stale")
    banner.wait_for(state="visible", timeout=10_000)
    assert "2027-05-31" in banner.inner_text()
