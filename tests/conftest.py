"""Shared fixtures: the real site built once per session, served on 127.0.0.1, real Chromium."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every build in one test session is of the same day, even when the session crosses midnight
# (calculators.clock honours the reproducible-builds variable; the builds inherit it).
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
GOLDEN = ROOT / "tests" / "golden"

#: The Content-Security-Policy every page works under (``deploy/nginx.conf`` sends it;
#: ``tests/test_csp.py`` holds every kind of page to it): no 'unsafe-inline', no 'unsafe-eval'.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; worker-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def line_of(file: str, text: str) -> int:
    """The 1-based line of a sample file (path from the repository root) where ``text`` first
    stands, for tests that name a line: content edits move it."""
    lines = (ROOT / file).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def inexact_values(value: object, path: str = "result") -> list[str]:
    """Paths of every float or Decimal in a calculator's result (both lose exactness in the
    browser or break json.dumps); a result must hold money and rates as exact strings."""
    if isinstance(value, float | Decimal):
        return [f"{path} = {value!r}"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in inexact_values(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in inexact_values(v, f"{path}[{i}]")]
    return []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``playbook build`` of the sample playbook into a temporary directory."""
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"playbook build failed:\n{proc.stdout}\n{proc.stderr}"
    return site


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    """The built site on 127.0.0.1.

    For tests of slow or broken networks: a request whose path contains a string in ``fail``
    gets a 404; one in ``delay`` waits that many seconds first; one in ``damage`` gets the
    file's bytes passed through that function (a proxy that truncates or changes files), with
    a Content-Length that matches what is sent; one in ``drop`` loses the connection half-way
    through the body (the network dropping mid-download; a HEAD gets no answer at all).
    ``requests`` lists the paths asked for.

    ``headers`` go on every response (pages, scripts, workers, errors); a POST to ``report_path``
    (a Content-Security-Policy ``report-uri``) is kept in ``reports``.
    """

    def __init__(
        self,
        directory: Path,
        port: int = 0,
        *,
        headers: dict[str, str] | None = None,
        report_path: str | None = None,
    ) -> None:
        server = self
        self.headers = dict(headers or {})
        self.report_path = report_path
        self.reports: list[dict[str, Any]] = []
        self.fail: set[str] = set()
        self.delay: dict[str, float] = {}
        self.damage: dict[str, Callable[[bytes], bytes]] = {}
        self.drop: set[str] = set()
        #: Every path asked for, in order: what the page, its workers and shared workers fetched
        #: (a shared worker's requests are not seen by the page's request events).
        self.requests: list[str] = []

        class Handler(_Handler):
            def end_headers(self) -> None:
                for name, value in server.headers.items():
                    self.send_header(name, value)
                super().end_headers()

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if server.report_path is None or self.path != server.report_path:
                    self.send_error(405)
                    return
                try:
                    server.reports.append(json.loads(body).get("csp-report", {}))
                except ValueError:
                    server.reports.append({"unreadable": body.decode("utf-8", "replace")})
                self.send_response(204)
                self.end_headers()

            def do_HEAD(self) -> None:
                if any(part in self.path for part in server.drop):
                    self.close_connection = True
                    return
                if any(part in self.path for part in server.fail):
                    self.send_error(404)
                    return
                super().do_HEAD()

            def do_GET(self) -> None:
                server.requests.append(self.path)
                if any(part in self.path for part in server.fail):
                    self.send_error(404)
                    return
                for part, seconds in server.delay.items():
                    if part in self.path:
                        time.sleep(seconds)
                if any(part in self.path for part in server.drop):
                    body = Path(self.translate_path(self.path)).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                for part, change in server.damage.items():
                    if part in self.path:
                        path = Path(self.translate_path(self.path))
                        body = change(path.read_bytes())
                        self.send_response(200)
                        self.send_header("Content-Type", self.guess_type(str(path)))
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        return
                super().do_GET()

        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    server = SiteServer(built_site)
    yield server
    server.close()


def chromium_path() -> str | None:
    configured = os.environ.get("PLAYBOOK_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is required in CI: apt-get install chromium (or PLAYBOOK_CHROMIUM)"
            )
        pytest.skip("no Chromium found: apt-get install chromium or set PLAYBOOK_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


LIVE_TIMEOUT_MS = 90_000

#: Every named control of a calculator form, as typed (inputs, text areas, selects).
FORM_INPUTS_JS = (
    "f => Object.fromEntries([...f.querySelectorAll('[name]')].map(e => [e.name, e.value]))"
)
#: Until the site's service worker is active.
SW_ACTIVE_JS = "async () => !!(await navigator.serviceWorker.ready).active"
#: Whether any of the site's page caches holds a URL (the argument).
PAGE_KEPT_JS = """async (url) => {
    for (const name of await caches.keys()) {
        if (!name.startsWith("playbook-pages-")) continue;
        if (await (await caches.open(name)).match(url)) return true;
    }
    return false;
}"""


def calc_inputs(page: Any, form: str = "form.pb-calc") -> dict[str, str]:
    """The first matching calculator form's inputs, as a rep typed them."""
    values: dict[str, str] = page.eval_on_selector(form, FORM_INPUTS_JS)
    return values


def open_live(browser: Any, server: SiteServer, path: str) -> tuple[Any, Any, list[str]]:
    """A zh-CN context that may use the clipboard, its page live on ``path``, and every request
    it makes (URL and body), for tests that data typed or opened never leaves the page."""
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url + "\n" + (r.post_data or "")))
    page.goto(server.origin + path)
    page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
    return context, page, sent


def wait_for_output(page: Any, name: str, value: str, timeout: int = 15_000) -> None:
    """Until the page shows ``value`` (an exact result string) for output ``name``."""
    page.wait_for_function(
        "([n, v]) => document.querySelector(`[data-output=${n}]`)?.dataset.value === v",
        arg=[name, value],
        timeout=timeout,
    )


@pytest.fixture
def page(browser: Any, site_server: SiteServer) -> Iterator[Any]:
    """A fresh context (cold cache); requests to any other origin are blocked and recorded."""
    context = browser.new_context(locale="zh-CN")
    foreign: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc != urlsplit(site_server.origin).netloc and not url.startswith(
            ("data:", "blob:")
        ):
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.foreign_requests = foreign
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def nginx_binary() -> str:
    """Debian's nginx (PLAYBOOK_NGINX overrides); required in CI, else the test is skipped."""
    import os
    import shutil

    found = os.environ.get("PLAYBOOK_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).is_file():
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI: apt-get install nginx-light (or PLAYBOOK_NGINX)")
        pytest.skip("no nginx: apt-get install nginx-light or set PLAYBOOK_NGINX")
    return found


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def nginx_conf(tmp: Path, http: str) -> str:
    """A whole nginx.conf running in the foreground from ``tmp`` (pid, logs, temp files), with
    ``http`` as the body of its ``http`` block. Started as root, nginx's workers would drop to
    a user that cannot read pytest's tmp dir, so they stay root."""
    import os

    user = "user root;" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1;\ndaemon off;\n{user}\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n{temps}\n{http}\n}}\n"
    )
