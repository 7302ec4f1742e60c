"""A team adopts the generator: build the wheel, install it into a fresh virtual environment
outside this repository, ``playbook new`` a playbook, check it, build it, serve it and watch a
calculator go live in Chromium. Nothing of this repository is used but the wheel."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import pytest
import yaml
from conftest import CSP, LIVE_TIMEOUT_MS, SiteServer, free_port, nginx_binary, nginx_conf

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLD = ROOT / "playbook" / "scaffold"

pytestmark = pytest.mark.browser


#: The adopters' builds start from an empty runtime cache, so the installed generator itself
#: compiles the bytecode and makes the snapshot (this machine's shared cache would hide it).
_ENV: dict[str, str] = {}


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_ENV}
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the new playbook, the fresh environment's bin folder)."""
    base = tmp_path_factory.mktemp("adopt")
    _ENV["PLAYBOOK_CACHE_DIR"] = str(base / "runtime-cache")
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
    (runtime,) = (project / "site" / "assets" / "calculators").iterdir()
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as stdlib:
        assert "json/__init__.pyc" in stdlib.namelist(), "the installed generator compiled it"
    assert (runtime / "snapshot.bin").stat().st_size > 1_000_000
    assert json.loads((runtime / "snapshot.json").read_text("utf-8"))["sha256"]
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


def _get(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_shipped_nginx_config_serves_the_site(team: tuple[Path, Path], browser: Any) -> None:
    """deploy/nginx.conf as `playbook new` wrote it (only its port and root changed), in front of
    a real nginx: types, caching, compression and the Content-Security-Policy, then a calculator
    going live through it with no CSP violation."""
    nginx = nginx_binary()
    project, bin_dir = team
    site = project / "site"
    if not (site / "index.html").is_file():
        _run([str(bin_dir / "playbook"), "build"], project)
    tmp = project.parent / "nginx"
    tmp.mkdir(exist_ok=True)
    port = free_port()
    shipped = (project / "deploy/nginx.conf").read_text("utf-8")
    assert "listen 80;" in shipped and "root /srv/playbook/site;" in shipped
    conf = tmp / "playbook.conf"
    conf.write_text(
        shipped.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
            "root /srv/playbook/site;", f"root {site};"
        ),
        "utf-8",
    )
    main = tmp / "nginx.conf"
    main.write_text(nginx_conf(tmp, f"    include {conf};"), "utf-8")
    server = subprocess.Popen([nginx, "-c", str(main), "-p", str(tmp)], stderr=subprocess.PIPE)
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(origin + "/", timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (tmp / "error.log").read_text("utf-8")
                time.sleep(0.1)
        status, page, _ = _get(origin + "/calculators/commission/")
        assert status == 200 and page["Cache-Control"] == "no-cache"
        # The strict policy: no 'unsafe-inline', no 'unsafe-eval' (tests/test_csp.py).
        assert page["Content-Security-Policy"] == CSP
        assert page["X-Content-Type-Options"] == "nosniff"
        (pyodide,) = (site / "assets/pyodide").iterdir()
        _, wasm, _ = _get(f"{origin}/assets/pyodide/{pyodide.name}/pyodide.asm.wasm")
        assert wasm["Content-Type"] == "application/wasm"
        assert "immutable" in wasm["Cache-Control"]
        _, mjs, _ = _get(f"{origin}/assets/pyodide/{pyodide.name}/pyodide.mjs")
        assert mjs["Content-Type"].startswith("text/javascript")
        _, css, body = _get(origin + "/assets/playbook/calc.css", gzip_ok=True)
        assert css.get("Content-Encoding") == "gzip" and gzip.decompress(body).startswith(b"/*")
        missing, _, _ = _get(origin + "/no/such/page/")
        assert missing == 404

        context = browser.new_context(locale="zh-CN")
        page_ = context.new_page()
        violations: list[str] = []
        page_.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        # The starter's home page first: Material's palette and helpers load from files.
        page_.goto(origin + "/")
        page_.wait_for_selector("article h1")
        assert page_.evaluate("typeof __md_get") == "function"
        page_.goto(origin + "/calculators/commission/")
        page_.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        page_.fill('form.pb-calc input[name="sales"]', "120万")
        # Polled from Python: a page function would itself be eval, which this CSP forbids.
        commission = page_.locator('output[data-output="commission"]')
        for _ in range(300):
            if commission.get_attribute("data-value") == "56000.00":
                break
            time.sleep(0.1)
        assert commission.get_attribute("data-value") == "56000.00"
        # Chinese search through the same server and policy: the KPI is found by its name.
        page_.goto(origin + "/")
        page_.click(".md-search__input")
        page_.keyboard.insert_text("赢单率")
        page_.keyboard.press("End")  # Material searches on keyup
        first = page_.locator(".md-search-result__item").first
        first.wait_for(timeout=30_000)
        assert "赢单率" in page_.locator(".md-search-result__list").inner_text()
        assert not violations, violations
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_ci_files_run_the_commands_we_test() -> None:
    github = yaml.safe_load((SCAFFOLD / "dot-github/workflows/playbook.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in github["jobs"]["check"]["steps"]]
    assert "playbook check --format github" in steps
    assert any(line.strip() == "playbook build" for s in steps for line in s.splitlines())
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
