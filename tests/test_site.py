"""The real site: MkDocs builds it the same as plain MkDocs; bad content fails with file:line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.site

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_site_has_the_pages_and_the_self_hosted_runtime(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    page = (built_site / "calculators" / "roi" / "index.html").read_text("utf-8")
    assert 'class="pb-calc"' in page and 'data-calc="roi"' in page
    assert '<script type="module" async="" src="../../assets/playbook/calc.js?v=' in page
    head = page.split("</head>", 1)[0]
    assert '<script async="" src="../../assets/playbook/boot.js?v=' in head
    version = json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
    runtime = built_site / "assets" / "pyodide" / version
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / name).is_file(), f"{name} is not self-hosted"
    locks = list((built_site / "assets" / "calculators").glob("*/pyodide-lock.json"))
    assert len(locks) == 1
    lock = json.loads(locks[0].read_text("utf-8"))
    entry = lock["packages"]["playbook-calculators"]
    wheel = locks[0].parent / entry["file_name"]
    assert wheel.is_file()
    import hashlib

    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["imports"] == ["calculators"]


def test_calculator_script_only_on_calculator_pages(built_site: Path) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    assert "calc.js" not in home and "boot.js" not in home
    # The KPI dictionary's calculators are all folded away: no early start of the runtime.
    kpis = (built_site / "kpis" / "index.html").read_text("utf-8")
    assert "calc.js" in kpis and "boot.js" not in kpis


def test_no_page_loads_anything_from_another_origin(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*.html"):
        for match in EXTERNAL.finditer(path.read_text("utf-8")):
            line = path.read_text("utf-8")[match.start() : match.start() + 120]
            # Links a person clicks (<a href>) may leave the site; nothing may be loaded from one.
            before = path.read_text("utf-8")[max(0, match.start() - 200) : match.start()]
            tag = before[before.rfind("<") :].split()[0] if "<" in before else ""
            if tag != "<a":
                offenders.append(f"{path.relative_to(built_site)}: {tag} {line}")
    for path in built_site.rglob("*.css"):
        text = path.read_text("utf-8", errors="replace")
        for match in re.finditer(
            r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import\s+['\"]?https?:", text
        ):
            offenders.append(f"{path.relative_to(built_site)}: {match.group(0)[:120]}")
    assert not offenders, "external resources:\n" + "\n".join(offenders)


def test_chinese_search_index_is_segmented_by_jieba(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["zh"]
    texts = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    words = set(re.split(r"[\s\u200b]+", texts))
    for word in ("投资", "回收期", "计算器", "净现值"):
        assert word in words, f"search would not find {word!r} as a word"


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


BAD_PAGE = """---
owner: 测试
review_by: 2099-01-01
---

# 坏页面

一段正文。

```calculator
id: roi
inputs:
  upfront_cost: 10万
  discount_rate: 三成
```
"""


def test_bad_default_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    (project / "docs" / "bad.md").write_text(BAD_PAGE, "utf-8")
    proc = run(sys.executable, "-m", "playbook", "build", cwd=project)
    assert proc.returncode != 0, "a bad calculator default must stop the build"
    output = proc.stdout + proc.stderr
    assert "docs/bad.md:14:" in output, output
    assert "折现率" in output
    assert "Traceback" not in output


def test_unknown_calculator_id_fails_with_file_and_line(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    (project / "docs" / "bad.md").write_text(BAD_PAGE.replace("id: roi", "id: roii"), "utf-8")
    proc = run(sys.executable, "-m", "playbook", "check", cwd=project)
    assert proc.returncode == 1
    assert "docs/bad.md:11: 未知的计算器「roii」" in proc.stderr, proc.stderr


def test_check_passes_on_the_sample_playbook() -> None:
    proc = run(sys.executable, "-m", "playbook", "check")
    assert proc.returncode == 0, proc.stderr


def _site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith("sitemap.xml")
    }


def test_plain_mkdocs_build_gives_the_same_site(built_site: Path, tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = run(str(mkdocs), "build", "--site-dir", str(tmp_path / "plain"))
    assert proc.returncode == 0, proc.stderr
    ours, plain = _site_files(built_site), _site_files(tmp_path / "plain")
    assert sorted(ours) == sorted(plain)
    differing = [name for name in ours if ours[name] != plain[name]]
    assert differing == []


def test_folded_tells_a_closed_details_block_from_an_open_one() -> None:
    from playbook.site import folded

    html = (
        "<p>a</p><details><summary>s</summary>X</details>"
        "<details open>Y<details>Z</details></details>"
    )
    assert not folded(html, html.index("a"))
    assert folded(html, html.index("X"))
    assert not folded(html, html.index("Y"))
    assert folded(html, html.index("Z"))
    assert not folded(html, len(html))
