"""A link to a file MkDocs leaves out of the site (its default ``templates/`` and dot-file
exclusions, ``exclude_docs``, ``draft_docs``) is a broken link on the site: ``playbook check``
and the build report it at the linking line and say how to include the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playbook.check import check_site

ROOT = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path, *, reinclude_templates: bool) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "exclude_docs: |\n  !/templates/\n" in config
    if not reinclude_templates:
        config = config.replace("exclude_docs: |\n  !/templates/\n", "")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    return project


def test_the_sample_re_includes_its_templates_so_its_links_to_them_pass(tmp_path: Path) -> None:
    project = _project(tmp_path, reinclude_templates=True)
    assert [str(p) for p in check_site(project / "mkdocs.yml") if p.severity == "error"] == []


def test_without_re_including_templates_each_linked_template_is_one_error_at_its_link(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path, reinclude_templates=False)
    found = check_site(project / "mkdocs.yml")
    problems = [str(p) for p in found]
    excluded = [p for p in problems if "MkDocs 不会把" in p]
    assert all(
        "exclude_docs" in p.hint and "!/templates/" in p.hint
        for p in found
        if "MkDocs 不会把" in str(p)
    )
    linked = {p.split("MkDocs 不会把 ", 1)[1].split(" ", 1)[0] for p in excluded}
    templates = {
        f"templates/{path.name}"
        for path in (ROOT / "docs" / "templates").glob("*.md")
        if path.name != "index.md"
    }
    assert linked <= templates | {"templates/index.md"}, problems
    assert "templates/opportunity-assessment.md" in linked, problems
    assert len(excluded) == len(linked), "one message per excluded file, not one per link"
    first = next(p for p in excluded if "opportunity-assessment.md" in p)
    assert first.startswith("docs/data/stages.yml:"), first


def test_a_link_to_a_dot_file_or_an_excluded_draft_is_reported_at_the_linking_line(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path, reinclude_templates=True)
    docs = project / "docs"
    (docs / ".notes.md").write_text("# 草稿\n", "utf-8")
    (docs / "guide" / "draft.md").write_text("---\nowner: 销售运营部\n---\n# 草稿\n", "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("exclude_docs: |\n", "exclude_docs: |\n  guide/draft.md\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    page = docs / "guide" / "reps.md"
    text = page.read_text("utf-8")
    page.write_text(text + "\n见[笔记](../.notes.md)和[草稿](draft.md)。\n", "utf-8")
    line = len((text + "\n").splitlines()) + 1
    problems = [str(p) for p in check_site(project / "mkdocs.yml")]
    for target in (".notes.md", "guide/draft.md"):
        assert any(
            p.startswith(f"docs/guide/reps.md:{line}:") and f"MkDocs 不会把 {target} " in p
            for p in problems
        ), problems


def test_the_build_stops_on_a_link_to_an_excluded_file(tmp_path: Path) -> None:
    project = _project(tmp_path, reinclude_templates=False)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    build = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert build.returncode != 0
    assert "MkDocs 不会把 templates/" in build.stdout + build.stderr
