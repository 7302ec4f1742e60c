"""``deploy/gh-pages.sh``, the GitHub Pages recipe ``playbook new`` ships: the main site at the
root of the gh-pages branch and each pull request's preview under ``pr/<n>/``, run for real
against a local bare repository standing in for GitHub."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLD = ROOT / "playbook" / "scaffold"
SCRIPT = SCAFFOLD / "deploy" / "gh-pages.sh"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PATH": "/usr/bin:/bin",
}


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=GIT_ENV, check=True
    )
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A playbook repository whose origin is a bare repository with no gh-pages branch yet."""
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(origin))
    work = tmp_path / "team"
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / "README.md").write_text("手册\n", "utf-8")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "start")
    _git(work, "push", "-q", "origin", "HEAD:refs/heads/main")
    return work


def _site(base: Path, name: str, text: str) -> Path:
    site = base / name
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text(f"<h1>{text}</h1>", "utf-8")
    (site / "assets" / "app.js").write_text(f"// {text}", "utf-8")
    return site


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(SCRIPT), *args], cwd=repo, capture_output=True, text=True, env=GIT_ENV
    )


def _pages(repo: Path) -> dict[str, str]:
    """The gh-pages branch on the origin: path → text."""
    origin = repo.parent / "origin.git"
    names = _git(origin, "ls-tree", "-r", "--name-only", "gh-pages").split()
    return {name: _git(origin, "show", f"gh-pages:{name}") for name in names}


def test_main_and_previews_live_side_by_side(repo: Path, tmp_path: Path) -> None:
    first = _site(tmp_path, "v1", "正式版一")
    assert _run(repo, "publish", str(first), ".").returncode == 0
    assert _pages(repo) == {
        ".nojekyll": "",
        "index.html": "<h1>正式版一</h1>",
        "assets/app.js": "// 正式版一",
    }

    preview = _site(tmp_path, "pr12", "预览十二")
    (preview / "old.html").write_text("旧页", "utf-8")
    assert _run(repo, "publish", str(preview), "pr/12").returncode == 0
    (preview / "old.html").unlink()  # a page removed in the next push of the pull request
    assert _run(repo, "publish", str(preview), "pr/12").returncode == 0
    pages = _pages(repo)
    assert pages["index.html"] == "<h1>正式版一</h1>"
    assert pages["pr/12/index.html"] == "<h1>预览十二</h1>"
    assert "pr/12/old.html" not in pages

    second = _site(tmp_path, "v2", "正式版二")
    assert _run(repo, "publish", str(second), ".").returncode == 0
    pages = _pages(repo)
    assert pages["index.html"] == "<h1>正式版二</h1>"
    assert pages["pr/12/index.html"] == "<h1>预览十二</h1>", "main keeps the previews"

    assert _run(repo, "remove", "pr/12").returncode == 0
    assert not [p for p in _pages(repo) if p.startswith("pr/")]
    history = _git(repo.parent / "origin.git", "log", "--format=%s", "gh-pages").split("\n")
    assert history[:5] == [
        "remove pr/12",
        "publish .",
        "publish pr/12",
        "publish pr/12",
        "publish .",
    ]
    assert _git(repo, "worktree", "list").count("\n") == 1, "no worktree left behind"


def test_an_unchanged_site_makes_no_commit(repo: Path, tmp_path: Path) -> None:
    site = _site(tmp_path, "v1", "一")
    _run(repo, "publish", str(site), ".")
    again = _run(repo, "publish", str(site), ".")
    assert again.returncode == 0 and "没有变化" in again.stdout
    assert len(_git(repo.parent / "origin.git", "log", "--format=%s", "gh-pages").split()) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("publish", "site", "../elsewhere"),
        ("publish", "site", "pr/12/../../x"),
        ("publish", "site", "docs"),
        ("remove", "."),
        ("deploy", "site", "."),
        ("publish", "site"),
    ],
)
def test_refuses_anything_but_the_root_or_a_preview(repo: Path, args: tuple[str, ...]) -> None:
    proc = _run(repo, *args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()


def test_publishing_an_unbuilt_site_says_what_to_run(repo: Path, tmp_path: Path) -> None:
    proc = _run(repo, "publish", str(tmp_path / "site"), ".")
    assert proc.returncode == 1 and "playbook build" in proc.stderr


def test_removing_before_any_publish_is_not_an_error(repo: Path) -> None:
    assert _run(repo, "remove", "pr/3").returncode == 0


def test_the_workflow_publishes_with_this_script() -> None:
    """The GitHub workflow's jobs call the script as tested above: main to the root, a pull
    request from this repository to pr/<number> with the link posted, removal on close."""
    flow = yaml.safe_load((SCAFFOLD / "dot-github/workflows/playbook.yml").read_text("utf-8"))
    jobs = flow["jobs"]

    def runs(job: str) -> str:
        return "\n".join(step.get("run", "") for step in jobs[job]["steps"])

    assert "sh deploy/gh-pages.sh publish site ." in runs("deploy")
    assert 'sh deploy/gh-pages.sh publish site "pr/$PR"' in runs("preview")
    assert 'sh deploy/gh-pages.sh remove "pr/$PR"' in runs("close-preview")
    assert "gh pr comment" in runs("preview")
    for job in ("deploy", "preview", "close-preview"):
        assert jobs[job]["permissions"]["contents"] == "write"
        assert jobs[job]["concurrency"]["group"] == "gh-pages", "one push to gh-pages at a time"
    assert "head.repo.full_name == github.repository" in jobs["preview"]["if"]
    assert shutil.which("sh")


def test_the_gitlab_pipeline_publishes_previews_under_their_own_prefix() -> None:
    flow = yaml.safe_load((SCAFFOLD / "dot-gitlab-ci.yml").read_text("utf-8"))
    pages = flow["pages"]
    assert pages["pages"]["path_prefix"] == "$PAGES_PREFIX"
    main, merge_request = pages["rules"]
    assert main["variables"]["PAGES_PREFIX"] == ""
    assert merge_request["variables"]["PAGES_PREFIX"] == "mr-$CI_MERGE_REQUEST_IID"
    assert merge_request["variables"]["PAGES_EXPIRE"] == "1 week"
    assert any("playbook build --site-dir public" in line for line in pages["script"])
    assert pages["environment"]["url"] == "$CI_PAGES_URL", "the merge request's View app link"
