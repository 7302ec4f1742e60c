"""A team adopts the generator: build the wheel, install it into a fresh virtual environment
outside this repository, ``playbook new`` a playbook, check it, build it, serve it and watch a
calculator go live in Chromium. Nothing of this repository is used but the wheel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import LIVE_TIMEOUT_MS, SiteServer

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLD = ROOT / "playbook" / "scaffold"

pytestmark = pytest.mark.browser


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the new playbook, the fresh environment's bin folder)."""
    base = tmp_path_factory.mktemp("adopt")
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", "dist"], base)
    (wheel,) = (base / "dist").glob("sales_playbook-*.whl")
    _run([sys.executable, "-m", "venv", "venv"], base)
    bin_dir = base / "venv" / "bin"
    _run([str(bin_dir / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)], base)
    proc = _run([str(bin_dir / "playbook"), "new", "team"], base)
    assert "npm ci" in proc.stdout
    return base / "team", bin_dir


def test_a_new_team_checks_builds_and_goes_live(team: tuple[Path, Path], browser: Any) -> None:
    project, bin_dir = team
    assert (project / ".github/workflows/playbook.yml").is_file()
    assert (project / ".vscode/schemas/kpis.schema.json").is_file()
    _run([str(bin_dir / "playbook"), "check"], project)
    _run([str(bin_dir / "playbook"), "build"], project)
    server = SiteServer(project / "site")
    try:
        context = browser.new_context(locale="zh-CN")
        foreign: list[str] = []

        def guard(route: Any) -> None:
            if urlsplit(route.request.url).netloc != urlsplit(server.origin).netloc:
                foreign.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page = context.new_page()
        page.goto(f"{server.origin}/calculators/commission/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        output = page.locator('output[data-output="commission"]')
        before = output.get_attribute("data-value")
        page.fill('form.pb-calc input[name="sales"]', "120万")
        page.wait_for_function(
            "v => document.querySelector('output[data-output=\"commission\"]')"
            ".getAttribute('data-value') !== v",
            arg=before,
            timeout=30_000,
        )
        # 50万 × 3% + 50万 × 5% + 20万 × 8% under the starter plan
        assert output.get_attribute("data-value") == "56000.00"
        assert not foreign, foreign
        context.close()
    finally:
        server.close()


def test_the_ci_files_run_the_commands_we_test() -> None:
    github = yaml.safe_load((SCAFFOLD / "dot-github/workflows/playbook.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in github["jobs"]["check"]["steps"]]
    assert "playbook check --format github" in steps and "playbook build" in steps
    checkout = github["jobs"]["check"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0, "最近更新 needs the whole history"
    gitlab = yaml.safe_load((SCAFFOLD / "dot-gitlab-ci.yml").read_text("utf-8"))
    assert (
        "playbook check --format gitlab > gl-code-quality-report.json" in gitlab["check"]["script"]
    )
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gitlab["variables"]["GIT_DEPTH"] == "0"


def test_the_scaffold_pins_the_same_runtime_as_this_repository() -> None:
    for name in ("package.json", "package-lock.json"):
        assert (SCAFFOLD / name).read_text("utf-8") == (ROOT / name).read_text("utf-8"), name
