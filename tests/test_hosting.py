"""Hosted under a sub-path by a real nginx, as the README's recipe says, seen in real Chromium.

The site is built with ``PLAYBOOK_SITE_URL=http://127.0.0.1:PORT/sales/playbook/`` and served at
that prefix, with nginx answering any missing address with the site's own 404 page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from conftest import LIVE_TIMEOUT_MS, free_port, nginx_binary, nginx_conf

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/sales/playbook/"

SERVER = """
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        # The README's recipe, word for word. Debian's mime.types has no .mjs, and a module
        # worker refuses Pyodide served as application/octet-stream.
        location {prefix} {{
            alias {site}/;
            types {{ text/javascript mjs; application/wasm wasm; }}
            include /etc/nginx/mime.types;
            error_page 404 {prefix}404.html;
        }}
    }}
"""


_nginx = nginx_binary
_free_port = free_port


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The origin + prefix of the sample playbook served by nginx under a sub-path."""
    nginx = _nginx()
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    site = tmp / "site"
    origin = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PLAYBOOK_SITE_URL": origin + PREFIX}
    build = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    conf = tmp / "nginx.conf"
    text = nginx_conf(tmp, SERVER.format(port=port, prefix=PREFIX, site=site))
    conf.write_text(text, "utf-8")
    server = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp)], stderr=subprocess.PIPE, text=True
    )
    try:
        for _ in range(100):
            try:
                urlopen(origin + PREFIX, timeout=1).close()
                break
            except HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"nginx did not start: {(tmp / 'error.log').read_text('utf-8')}")
        yield origin + PREFIX
    finally:
        server.terminate()
        server.wait(timeout=10)


def _watch(page: Any, origin: str) -> dict[str, list[str]]:
    """Requests that failed or went to another origin, and responses of 400 and above."""
    seen: dict[str, list[str]] = {"failed": [], "foreign": [], "bad": []}
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((origin, "data:", "blob:")) else seen["foreign"].append(r.url)
        ),
    )
    page.on(
        "response", lambda r: seen["bad"].append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    return seen


@pytest.mark.parametrize("missing", ["nope/", "talk-tracks/no/such/page/"])
def test_a_missing_page_under_a_sub_path_is_the_sites_own_404_in_chinese(
    browser: Any, hosted: str, missing: str
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    origin = hosted.split(PREFIX)[0]
    seen = _watch(page, origin)
    response = page.goto(hosted + missing)
    assert response is not None and response.status == 404
    assert page.inner_text("h1") == "页面不存在"
    page.wait_for_load_state("networkidle")
    assert seen["bad"] == [f"404 {hosted}{missing}"], "an asset of the 404 page did not load"
    assert seen["failed"] == [] and seen["foreign"] == []
    # Material's stylesheet applied: the header is the coloured bar, not unstyled text.
    header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).position")
    assert header == "sticky"
    assert "Made with" not in page.inner_text("footer")
    page.click("a.pb-home")
    page.wait_for_load_state()
    assert page.url == hosted
    assert page.title().startswith("销售作战手册")
    context.close()


def test_a_calculator_under_a_sub_path_goes_live_with_every_request_answered(
    browser: Any, hosted: str
) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    origin = hosted.split(PREFIX)[0]
    seen = _watch(page, origin)
    page.goto(hosted + "calculators/roi/")
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    page.fill('input[name="discount_rate"]', "12%")
    page.wait_for_function(
        "() => document.querySelector('[data-output=npv]').dataset.value !== '134861.01'",
        timeout=15_000,
    )
    assert seen == {"failed": [], "foreign": [], "bad": []}
    context.close()
