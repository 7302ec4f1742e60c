"""A customer-safe site: ``audience: public`` pages, ``playbook build --audience public``.

The public build holds the public pages and nothing else: no internal page, no text of one,
in any file it writes (HTML, search index, sitemap, offline list, runtime). A public page that
would lead a customer into the internal playbook fails the check and the build with file:line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

DOCS = ROOT / "docs"


def _run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        # This checkout's generator, also when run in another project's folder.
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("public-site")
    proc = _run("build", "--audience", "public", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stderr
    return site


def _front(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    if not text.startswith("---"):
        return {}
    data = yaml.safe_load(text.split("---", 2)[1]) or {}
    return data if isinstance(data, dict) else {}


def _public_pages() -> set[str]:
    return {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if _front(p).get("audience") == "public"
    }


_PROSE = re.compile(r"[\u4e00-\u9fff，、；：“”（）]{14,}")


def _internal_sentences() -> list[str]:
    """Runs of Chinese prose from every internal page and the internal data files."""
    found: list[str] = []
    public = _public_pages()
    for path in sorted(DOCS.rglob("*.md")):
        if path.relative_to(DOCS).as_posix() in public:
            continue
        found += _PROSE.findall(path.read_text("utf-8"))
    for path in sorted((DOCS / "data").rglob("*.yml")) + sorted((DOCS / "plans").rglob("*.yml")):
        found += _PROSE.findall(path.read_text("utf-8"))
    # Text a public page shares word for word is not a leak, nor is the generator's own text
    # (calculator help and conventions, which pages may quote).
    shared = "".join((DOCS / p).read_text("utf-8") for p in public) + "".join(
        p.read_text("utf-8") for p in (ROOT / "calculators").rglob("messages.json")
    )
    return sorted({s for s in found if s not in shared})


def _output_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".wasm", ".bin", ".zip", ".gz"):
            continue
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                parts += [wheel.read(n).decode("utf-8", "replace") for n in wheel.namelist()]
            continue
        parts.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(parts)


def test_the_sample_has_a_public_page() -> None:
    assert "for-customers/index.md" in _public_pages()


def test_only_public_pages_are_built(public_site: Path) -> None:
    pages = sorted(p.relative_to(public_site).as_posix() for p in public_site.rglob("*.html"))
    assert pages == ["404.html", "for-customers/index.html", "index.html"]
    assert not (public_site / "feed.xml").exists()
    assert not (public_site / "kpis").exists() and not (public_site / "glossary").exists()


def test_no_internal_text_anywhere_in_the_public_build(public_site: Path) -> None:
    sentences = _internal_sentences()
    assert len(sentences) > 200, "the corpus of internal text is too small to mean anything"
    text = _output_text(public_site)
    leaked = [s for s in sentences if s in text]
    assert leaked == []
    for internal in ("销售运营部", "负责人", "review_by", "edit/main"):
        assert internal not in text, internal


def test_the_public_calculator_is_live_and_escapes_nothing_internal(public_site: Path) -> None:
    html = (public_site / "for-customers" / "index.html").read_text("utf-8")
    assert 'data-calc="roi"' in html and 'data-output="npv"' in html
    assert "pb-term" not in html  # no glossary links into the internal glossary
    assert 'class="md-source"' not in html  # no link to the team's repository


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def _mark_public(page: Path, extra: str = "") -> None:
    text = page.read_text("utf-8")
    page.write_text(text.replace("---\n", "---\naudience: public\n", 1) + extra, "utf-8")


def test_a_public_page_linking_an_internal_one_fails_with_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    page = root / "docs" / "for-customers" / "index.md"
    page.write_text(
        page.read_text("utf-8") + "\n更多说明见[指标词典](../kpis/index.md)。\n", "utf-8"
    )
    line = (
        page.read_text("utf-8").splitlines().index("更多说明见[指标词典](../kpis/index.md)。") + 1
    )
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert f"docs/for-customers/index.md:{line}" in proc.stdout + proc.stderr
    assert "公开页面链接了内部页面：../kpis/index.md" in proc.stdout + proc.stderr
    build = _run("build", "--audience", "public", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert build.returncode != 0
    assert "公开页面链接了内部页面" in build.stdout + build.stderr


def test_a_public_page_with_an_internal_plan_fails(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _mark_public(root / "docs" / "incentives" / "commission.md")
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert "公开页面的计算器用了内部方案：plan: commission-standard" in proc.stdout + proc.stderr


def test_a_bad_audience_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path)
    page = root / "docs" / "for-customers" / "index.md"
    page.write_text(page.read_text("utf-8").replace("audience: public", "audience: customers"))
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert "docs/for-customers/index.md:4" in proc.stdout + proc.stderr
    assert "audience 只能是 public 或 internal，这里是「customers」" in proc.stdout + proc.stderr
