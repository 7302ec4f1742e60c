"""Benchmark of the live ROI calculator page in real headless Chromium (not a test).

One run builds the site (or reuses ``--site DIR``), serves it on 127.0.0.1 with a tiny threaded
HTTP server, aborts every request to another origin, and measures inside the page with
``performance.now()``, whose zero is the page's navigation start:

(a) first correct numbers: navigation -> first contentful paint (``paint`` entries), when the
    ``[data-output=npv]`` element with its build-time ``data-value`` entered the DOM, and the
    first frame that shows it: FCP when it was in the DOM by then, else the next rendering update
    (a ``requestAnimationFrame`` after it was parsed). The value must equal what CPython computes
    for the page's inputs; the target is that the numbers are in the first contentful frame.
(b) time to live: navigation -> ``form.pb-calc[data-state="live"]``, seen by a MutationObserver
    that an init script installs before any page script. Every repetition of every series uses
    a fresh browser context, so the HTTP cache is cold.
(c) the baseline: ``/__bench/bare.html``, a page this script serves beside the site, that only
    runs ``loadPyodide()`` from the same self-hosted Pyodide files inside a module worker, as the
    calculator page does. The ratio (b)/(c) uses this worker figure. The same bare page on the
    main thread is measured too, for information (``--no-main-thread`` skips it). The site ships
    no ``pyodide-lock.json`` beside Pyodide, so the bare page passes the calculators' lock file
    (the URL the calculator page fetches) as ``lockFileURL`` and loads no package.
    The series run interleaved, ``--runs`` rounds, the order flipping each round; medians.
(d) recompute: once live (first round), ``input[name=upfront_cost]`` gets ``--recomputes``
    distinct values one after the other (10.5万, 11万, ...). For each: input event ->
    ``pb-calc:result`` (includes calc.js's input debounce, DEBOUNCE_MS read from the built
    calc.js), and postMessage(compute) -> ``pb-calc:result`` (debounce excluded, measured by
    wrapping ``Worker.prototype.postMessage``), split at the moment the worker's answer arrives.
    Every NPV shown is checked against CPython. The target applies to the p95 without debounce.
(e) the longest main-thread task (``longtask`` entries) from navigation until live. Such entries
    exist only for tasks over 50 ms, so "< 50 ms" means none; long-animation-frame entries name
    the script behind the worst one.

(f) the next calculator page: after each (b) run, the page's own navigation link to
    ``/calculators/commission/`` is clicked: click -> its calculator live. The site is built for
    the address the bench serves it from (its ``site_url``, as a deployment sets it), so
    Material's instant navigation swaps the page in place and the running runtime stays
    ("warm" and "instant", counted). For information, the same browser then opens
    ``/calculators/discount/`` by typing its address (a full navigation; with a SharedWorker
    kept across it, the page connects to the running runtime).
(g) reload without SharedWorker: the series ``calc_dedicated`` hides SharedWorker (as Chrome on
    Android has none), loads the page cold (shown for information), waits until the worker has
    fetched the memory snapshot in the background (as it does after a first boot), then loads
    the page again in the same browser: a fresh boot from the cached snapshot. Ratio to (c).
(h) bytes: every same-origin file the first (b) and (c) visits fetched, gzipped at level 6 as a
    compressing server would send them.
(i) a slow link: ``--slow-runs`` more cold visits of (b) and (c) with the bench's server
    throttled to ``--slow-mbit`` (10) Mbit/s shared by all downloads and ``--slow-rtt`` (40) ms
    per request; server-side, so a shared worker's downloads are slowed too. Bigger runtime
    files must still pay for themselves: (b)/(c) on that link <= 1.

Reading the output: the table gives median / min / max over the runs (p95 for (d)) and the
target with ok / MISSED. Below it: where (b) goes, stage by stage (HTML, FCP, DOMContentLoaded,
load, the idle callback calc.js waits for before it starts its worker, worker start, Pyodide
import, ``loadPyodide`` with our wheel, the Python import), the same for the bare worker, and
when each big file was downloaded. ``--what-if`` adds three diagnostic series: the calculator
page with its worker started at DOMContentLoaded (a synthetic ``focusin``, which calc.js answers
by starting the runtime); the calculator page with the worker created by an init script at
document start, as an inline script atop <head> would, and handed to calc.js when it asks; and
the bare worker that also installs and imports our wheel (wheel + import cost). The
1-min load average before the run is printed: on a busy machine (2 cores here) the figures are
noise. Exit status 1 on a wrong number, a page error or a foreign request; with ``--strict``
also on a missed target. Raw samples: ``bench/results/calculator_page-<UTC timestamp>.json``.

Run: ``./run bench [--site DIR] [--runs 5] [--recomputes 40] [--slow-mbit 10] [--what-if]
[--strict]``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGE = "/calculators/roi/"
NEXT_PAGE = "/calculators/commission/"  # (f): the next calculator page a rep opens
NEXT_CALC = "commission"
FULL_NAV_PAGE = "/calculators/discount/"  # (f), for information: typed into the address bar
BARE = "/__bench/bare.html"
BARE_WORKER = "/__bench/bare-worker.js"
LIVE_TIMEOUT_MS = 120_000
TARGET_RATIO = 0.5
TARGET_NEXT_MS = 100.0
TARGET_RELOAD_RATIO = 0.35
TARGET_SLOW_RATIO = 1.0  # throttled: still faster than the bare boot on the same link
TARGET_RECOMPUTE_MS = 20.0
TARGET_LONGTASK_MS = 50.0
OUR_SCRIPTS = ("calc.js", "runtime.js", "worker.js")  # what the playbook itself runs on the page
BUSY_LOAD = 0.7  # 1-min load average at the start above which the output warns of noise
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

# Installed in every page before any of its scripts: paint and long-task observers, the
# data-state observer, and wrappers around Worker and requestIdleCallback that timestamp what the
# page does. Everything lands in window.__bench; times are performance.now() (navigation = 0).
INIT_SCRIPT = r"""
(() => {
  const now = () => performance.now();
  const b = (window.__bench = {
    paints: {}, npvInDom: null, npvValueInDom: null, npvAtFcp: null, npvInViewportAtFcp: null,
    states: [], live: null, error: null, longtasks: [], workers: [], posts: [], idle: [],
    ready: null, imported: null, workerCreated: null, waiters: [], loafs: [], npvTop: null,
    answers: [], loaded: null, lives: [],
  });
  b.settle = () => { for (const w of b.waiters.splice(0)) w(); };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.paints[e.name] = e.startTime;
        if (e.name !== "first-contentful-paint") continue;
        const el = document.querySelector("[data-output=npv]");
        b.npvAtFcp = el ? (el.dataset.value ?? null) : null;
        if (el) {
          const r = el.getBoundingClientRect();
          b.npvTop = r.top;
          b.npvInViewportAtFcp = r.bottom > 0 && r.top < innerHeight;
        }
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) { b.paintError = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const a = (e.attribution || [])[0] || {};
        b.longtasks.push({ start: e.startTime, duration: e.duration, name: e.name,
                           container: a.containerSrc || a.containerName || "" });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { b.longtaskError = String(e); }
  try {
    // Long animation frames say which scripts and how much rendering made a long task.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.loafs.push({
          start: e.startTime, duration: e.duration, renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({
            url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker,
            type: s.invokerType, start: s.startTime, duration: s.duration,
            layout: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) { b.loafError = String(e); }
  const watchState = new MutationObserver((records) => {
    for (const r of records) {
      if (!(r.target instanceof HTMLFormElement) || !r.target.matches("form.pb-calc")) continue;
      const state = r.target.dataset.state;
      b.states.push([state, now()]);
      if (state === "live") {
        b.lives.push({ calc: r.target.dataset.calc, t: performance.timeOrigin + now(),
                       boot: r.target.dataset.boot ?? null });
      }
      if (state === "live" && b.live === null) {
        b.live = now();
        b.boot = r.target.dataset.boot ?? null;
        b.settle();
      }
      if (state === "error" && b.error === null) { b.error = now(); b.settle(); }
    }
  });
  const stateOnly = { attributes: true, subtree: true, attributeFilter: ["data-state"] };
  watchState.observe(document, stateOnly);
  const watchNpv = new MutationObserver(() => {
    const el = document.querySelector("[data-output=npv]");
    if (!el) return;
    b.npvInDom = now();
    b.npvValueInDom = el.dataset.value ?? null;
    watchNpv.disconnect();
    // The next rendering update is the first frame that can show the numbers.
    requestAnimationFrame(() => { b.npvFrame = now(); });
  });
  watchNpv.observe(document, { childList: true, subtree: true });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      const rec = { url: String(url), created: now(), messages: [] };
      b.workers.push(rec);
      this.addEventListener("message", (event) => {
        const d = event.data || {};
        if (d.type === "result" || d.type === "failed") { b.answers.push(now()); return; }
        rec.messages.push({ type: d.type, stage: d.stage ?? null, ms: d.ms ?? null, t: now() });
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === "compute") b.posts.push(now());
      return super.postMessage(message, ...rest);
    }
  };
  const NativeShared = window.SharedWorker;
  if (NativeShared) {
    window.SharedWorker = class extends NativeShared {
      constructor(url, options) {
        super(url, options);
        const rec = { url: String(url), created: now(), messages: [], shared: true };
        b.workers.push(rec);
        const port = this.port;
        port.addEventListener("message", (event) => {
          const d = event.data || {};
          if (d.type === "result" || d.type === "failed") { b.answers.push(now()); return; }
          rec.messages.push({ type: d.type, stage: d.stage ?? null, ms: d.ms ?? null, t: now() });
        });
        const post = port.postMessage.bind(port);
        port.postMessage = (message, ...rest) => {
          if (message && message.type === "compute") b.posts.push(now());
          return post(message, ...rest);
        };
      }
    };
  }
  const ric = window.requestIdleCallback;
  if (ric) {
    window.requestIdleCallback = (callback, options) => {
      const rec = { requested: now(), fired: null, didTimeout: null };
      b.idle.push(rec);
      return ric.call(window, (deadline) => {
        rec.fired = now();
        rec.didTimeout = deadline.didTimeout;
        return callback(deadline);
      }, options);
    };
  }
})();
"""

SNAPSHOT_CACHED_JS = """
async () => {
  if (!self.caches) return false;
  const keys = (await (await caches.open("playbook-immutable")).keys()).map((r) => r.url);
  const has = (end) => keys.some((u) => u.endsWith(end));
  return has("/snapshot.bin") && has("/snapshot.json");
}
"""

# (g): a browser without SharedWorker (Chrome on Android, older Safari): a dedicated worker per
# page, so a reload boots again, from the warm HTTP cache and the service worker.
NO_SHARED_WORKER_SCRIPT = "window.SharedWorker = undefined;"

# What-if: start the runtime at DOMContentLoaded instead of after load + idle callback. calc.js
# starts the runtime on the form's first focusin; module scripts have run by DOMContentLoaded.
EARLY_START_SCRIPT = r"""
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.pb-calc")) {
    form.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
  }
});
"""

# What-if: the calculator worker created by an inline script at the top of <head> (as early as a
# page can), booting while the page parses; calc.js is handed that worker when it asks for one
# (the init message it posts is dropped, the messages it missed are replayed). Placeholders:
# __WORKER__, __PYODIDE__, __LOCK__ (site paths).
HEAD_START_SCRIPT = r"""
(() => {
  window.SharedWorker = undefined; // calc.js then asks for a dedicated worker, handed this one
  const abs = (path) => new URL(path, location.href).href;
  const workerURL = abs("__WORKER__");
  const Recorded = window.Worker;
  const early = new Recorded(workerURL, { type: "module" });
  const missed = [];
  let handler = null;
  early.addEventListener("message", (event) => {
    if (handler) handler.call(early, event);
    else missed.push(event);
  });
  early.postMessage({
    type: "init", pyodide: abs("__PYODIDE__"), lockFile: abs("__LOCK__"), stdLib: abs("__STDLIB__"),
  });
  let handed = false;
  window.Worker = class extends Recorded {
    constructor(url, options) {
      if (handed || abs(String(url)).split("?")[0] !== workerURL) {
        super(url, options);
        return;
      }
      handed = true;
      Object.defineProperty(early, "onmessage", {
        configurable: true,
        get: () => handler,
        set: (fn) => {
          handler = fn;
          const replay = missed.splice(0);
          setTimeout(() => { for (const event of replay) fn.call(early, event); }, 0);
        },
      });
      const post = early.postMessage.bind(early);
      early.postMessage = (message, ...rest) =>
        message && message.type === "init" ? undefined : post(message, ...rest);
      return early;
    }
  };
})();
"""

# Resolves with the outcome once the page is live, errored, or ready (bare page); never hangs.
WAIT_SETTLED_JS = """
(timeoutMs) => new Promise((resolve) => {
  const b = window.__bench;
  const done = () => b.live !== null || b.error !== null || b.ready !== null || b.fatal;
  if (done()) return resolve(true);
  b.waiters.push(() => resolve(true));
  setTimeout(() => resolve(done()), timeoutMs);
})
"""

COLLECT_JS = """
() => {
  const b = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0] || {};
  return {
    paints: b.paints, npvInDom: b.npvInDom, npvValueInDom: b.npvValueInDom,
    npvFrame: b.npvFrame ?? null,
    npvAtFcp: b.npvAtFcp, npvInViewportAtFcp: b.npvInViewportAtFcp,
    npvNow: (document.querySelector("[data-output=npv]") || {dataset: {}}).dataset.value ?? null,
    states: b.states, live: b.live, error: b.error, ready: b.ready, imported: b.imported,
    workerCreated: b.workerCreated, loaded: b.loaded, workerMs: b.workerMs ?? null,
    fatal: b.fatal ?? null,
    longtasks: b.longtasks, workers: b.workers, idle: b.idle, loafs: b.loafs, npvTop: b.npvTop,
    longtaskError: b.longtaskError ?? null, paintError: b.paintError ?? null,
    dcl: nav.domContentLoadedEventStart ?? null, load: nav.loadEventEnd ?? null,
    responseEnd: nav.responseEnd ?? null, timeOrigin: performance.timeOrigin,
    boot: b.boot ?? null,
    inputs: Object.fromEntries([...document.querySelectorAll("form.pb-calc input[name]")]
      .map((e) => [e.name, e.value])),
  };
}
"""

RECOMPUTE_JS = """
async ({ field, values }) => {
  const b = window.__bench;
  const form = document.querySelector("form.pb-calc");
  const input = form.querySelector(`input[name="${field}"]`);
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  for (const value of values) {
    await frame();
    const answered = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 10000);
      form.addEventListener("pb-calc:result", (event) => {
        clearTimeout(timer);
        resolve([performance.now(), event.detail]);
      }, { once: true });
    });
    const posts = b.posts.length;
    const answers = b.answers.length;
    input.value = value;
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const got = await answered;
    if (got === null) { out.push({ value, timeout: true }); continue; }
    const [t1, detail] = got;
    out.push({
      value, t0, t1, posted: b.posts.length > posts ? b.posts[b.posts.length - 1] : null,
      arrived: b.answers.length > answers ? b.answers[b.answers.length - 1] : null,
      ok: Boolean(detail && detail.ok),
      npv: (document.querySelector("[data-output=npv]") || {dataset: {}}).dataset.value ?? null,
    });
  }
  return out;
}
"""


def bare_html(pyodide_url: str, lock_url: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide</title></head>
<body><p>bare loadPyodide</p>
<script type="module">
const b = window.__bench;
const query = new URLSearchParams(location.search);
const mode = query.get("mode") || "worker";
const wheel = query.get("wheel") === "1";
const pyodide = new URL({json.dumps(pyodide_url)}, location.href).href;
const lockFile = new URL({json.dumps(lock_url)}, location.href).href;
const indexURL = new URL("./", pyodide).href;
const settle = () => b.settle();
if (mode === "none") {{
  // warm-up visit: nothing to load
}} else if (mode === "worker") {{
  b.workerCreated = performance.now();
  const worker = new Worker({json.dumps(BARE_WORKER)}, {{ type: "module" }});
  worker.onmessage = (event) => {{
    const d = event.data;
    if (d.type === "imported") b.imported = performance.now();
    else if (d.type === "loaded") b.loaded = performance.now();
    else if (d.type === "ready") {{ b.ready = performance.now(); b.workerMs = d.ms; settle(); }}
    else if (d.type === "fatal") {{ b.fatal = d.message; settle(); }}
  }};
  worker.postMessage({{ pyodide, indexURL, lockFile, wheel }});
}} else {{
  try {{
    const {{ loadPyodide }} = await import(pyodide);
    b.imported = performance.now();
    const quiet = () => {{}};
    await loadPyodide({{ indexURL, lockFileURL: lockFile, stdout: quiet, stderr: quiet }});
    b.ready = performance.now();
  }} catch (error) {{
    b.fatal = String((error && error.message) || error);
  }}
  settle();
}}
</script></body></html>
"""


# The bare worker. With wheel=true it does what the calculator worker does (our wheel through the
# lock file, then the import), which splits page overhead from package overhead.
BARE_WORKER_JS = """
self.onmessage = async (event) => {
  const { pyodide, indexURL, lockFile, wheel } = event.data;
  const started = performance.now();
  try {
    const { loadPyodide } = await import(pyodide);
    self.postMessage({ type: "imported" });
    const py = await loadPyodide({
      indexURL, lockFileURL: lockFile, packages: wheel ? ["playbook-calculators"] : [],
      stdout: () => {}, stderr: () => {},
    });
    self.postMessage({ type: "loaded" });
    if (wheel) py.pyimport("calculators.browser");
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - started) });
  } catch (error) {
    self.postMessage({ type: "fatal", message: String((error && error.message) || error) });
  }
};
"""


# --------------------------------------------------------------------------------------------
# Site, server, browser


def _read(path: Path) -> str:
    return path.read_text("utf-8") if path.is_file() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def build_site(into: Path, site_url: str) -> Path:
    """The sample playbook, built for the address the bench serves it from (Material's instant
    navigation follows only links its sitemap lists, as a deployed site's ``site_url`` does)."""
    site = into / "site"
    exe = ROOT / ".venv" / "bin" / "playbook"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "playbook"]
    env = {**os.environ, "PLAYBOOK_SITE_URL": site_url}
    proc = subprocess.run(
        [*cmd, "build", "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"playbook build failed:\n{proc.stdout}\n{proc.stderr}")
    return site


class Server:
    """The built site on 127.0.0.1, plus the bench's own pages under /__bench/.

    ``throttle(mbit, rtt_ms)`` makes it a slow link: every response body, of every connection,
    draws from one shared budget of ``mbit`` megabits per second (parallel downloads share it,
    as on a real link), and each request waits ``rtt_ms`` first. Server-side, so it slows a
    shared worker's downloads too (Chromium's own throttling applies per page target only).
    """

    def __init__(self, directory: Path, extra: dict[str, tuple[str, bytes]], port: int = 0) -> None:
        server = self
        self.directory = directory
        self.extra = extra
        self.rate = 0.0  # bytes per second; 0: unthrottled
        self.rtt = 0.0
        self._next_free = 0.0
        self._lock = threading.Lock()

        self.log: list[str] = []  # every path asked for, by pages and (shared) workers alike
        self._ratios: dict[str, float] = {}

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.log.append(path)
                if server.rate:
                    time.sleep(server.rtt)
                if path in extra:
                    mime, body = extra[path]
                    self.send_response(200)
                    self.send_header("Content-Type", mime)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.copyfile(io.BytesIO(body), self.wfile)
                    return
                super().do_GET()

            def copyfile(self, source: Any, outputfile: Any) -> None:
                # Charged at its gzip size: the link is as slow as a compressing host makes it.
                ratio = server.gzip_ratio(self.path.split("?", 1)[0]) if server.rate else 1.0
                while chunk := source.read(16384):
                    server.take(round(len(chunk) * ratio))
                    outputfile.write(chunk)

            def log_message(self, format: str, *args: object) -> None:
                pass

        Handler.extensions_map = {
            **SimpleHTTPRequestHandler.extensions_map,
            ".wasm": "application/wasm",
            ".mjs": "text/javascript",
            ".js": "text/javascript",
        }
        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def body(self, path: str) -> bytes | None:
        """What the server sends for ``path`` (None: nothing, a 404)."""
        if path in self.extra:
            return self.extra[path][1]
        file = self.directory / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        return file.read_bytes() if file.is_file() else None

    def gzip_ratio(self, path: str) -> float:
        if path not in self._ratios:
            body = self.body(path) or b""
            self._ratios[path] = len(gzip.compress(body, 6)) / len(body) if body else 1.0
        return self._ratios[path]

    def throttle(self, mbit: float, rtt_ms: float) -> None:
        self.rate = mbit * 1_000_000 / 8
        self.rtt = rtt_ms / 1000

    def take(self, size: int) -> None:
        if not self.rate:
            return
        with self._lock:
            start = max(self._next_free, time.monotonic())
            self._next_free = start + size / self.rate
            wait = self._next_free - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium_path() -> str:
    configured = os.environ.get("PLAYBOOK_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium found: apt-get install chromium, or set PLAYBOOK_CHROMIUM")


@contextmanager
def fresh_page(browser: Any, origin: str, scripts: Sequence[str]) -> Iterator[tuple[Any, Any]]:
    """A new context (cold HTTP cache) whose requests to any other origin are aborted."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def block(route: Any) -> None:
        foreign.append(route.request.url)
        route.abort()

    # Only foreign URLs are routed, so same-origin requests are not held up by the handler.
    context.route(re.compile("^(?!" + re.escape(origin) + "/)"), block)
    # One script: the order in which several init scripts run is not defined.
    context.add_init_script("\n".join(scripts))
    page = context.new_page()
    errors: list[str] = []
    finished: list[Any] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The page's and its workers' requests (the handler must be a Python function).
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        yield page, {"foreign": foreign, "errors": errors, "finished": finished}
    finally:
        context.close()


FOLLOW_JS = r"""
(path) => {
  const link = [...document.querySelectorAll(".md-sidebar--primary a.md-nav__link[href]")]
    .find((a) => new URL(a.href).pathname === path);
  if (!link) return null;
  const start = performance.timeOrigin + performance.now();
  link.click();
  return start;
}
"""
LIVE_AFTER_JS = """([calc, start]) =>
  ((window.__bench && window.__bench.lives) || []).find((l) => l.calc === calc && l.t >= start)
  || null"""


def follow_link(page: Any, path: str, calc: str) -> dict[str, Any]:
    """(f): click the page's navigation link to ``path`` as a rep would; click -> that page's
    calculator live, in wall-clock time (also right across a full navigation, where the page's
    clock starts again). ``instant``: Material swapped the page in place."""
    origin_before = page.evaluate("performance.timeOrigin")
    start = page.evaluate(FOLLOW_JS, path)
    if start is None:
        return {"live": None, "boot": None, "instant": False}
    deadline = time.monotonic() + LIVE_TIMEOUT_MS / 1000
    hit = None
    while hit is None and time.monotonic() < deadline:
        try:
            hit = page.evaluate(LIVE_AFTER_JS, [calc, start])
        except Exception:  # the old page went away mid-call (a full navigation)
            hit = None
        if hit is None:
            time.sleep(0.01)
    if hit is None:
        return {"live": None, "boot": None, "instant": False}
    instant = page.evaluate("performance.timeOrigin") == origin_before
    return {"live": round(hit["t"] - start, 1), "boot": hit["boot"], "instant": instant}


def load_and_settle(page: Any, url: str, finished: Sequence[Any]) -> dict[str, Any]:
    """Navigate, wait until live / ready / failed, and collect what the page recorded."""
    page.goto(url, wait_until="load", timeout=LIVE_TIMEOUT_MS)
    page.evaluate(WAIT_SETTLED_JS, LIVE_TIMEOUT_MS)
    data: dict[str, Any] = page.evaluate(COLLECT_JS)
    network = []
    for request in finished:
        timing = request.timing
        start = timing["startTime"] - data["timeOrigin"]
        network.append(
            {
                "url": request.url,
                "start": round(start, 1),
                "end": round(start + timing["responseEnd"], 1)
                if timing["responseEnd"] >= 0
                else None,
            }
        )
    data["network"] = network
    return data


Snapshot = tuple[int, int, dict[int, int]]


class CpuMeter:
    """Machine-wide CPU use from /proc (Linux), split into this benchmark's process tree (the
    HTTP server, Playwright's driver, Chromium) and everything else. On a 2-core machine another
    process using CPU during a run makes its figures noise; this says how much there was."""

    def __init__(self) -> None:
        self.enabled = Path("/proc/stat").is_file()
        self.cpus = os.cpu_count() or 1

    def snapshot(self) -> Snapshot | None:
        if not self.enabled:
            return None
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        total = sum(values)  # user nice system idle iowait irq softirq steal
        return total, total - values[3] - values[4], self._tree()

    @staticmethod
    def _tree() -> dict[int, int]:
        """utime + stime (clock ticks) of every process descending from this one."""
        children: dict[int, list[int]] = {}
        ticks: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        ours: dict[int, int] = {}
        stack = [os.getpid()]
        while stack:
            pid = stack.pop()
            ours[pid] = ticks.get(pid, 0)
            stack.extend(children.get(pid, []))
        return ours

    def others_cores(self, before: Snapshot | None, after: Snapshot | None) -> float | None:
        """CPUs' worth of work done by other processes between two snapshots."""
        if before is None or after is None or after[0] <= before[0]:
            return None
        ours = sum(t - before[2].get(pid, 0) for pid, t in after[2].items())
        others = after[1] - before[1] - ours
        return round(max(0.0, others / (after[0] - before[0]) * self.cpus), 2)


# --------------------------------------------------------------------------------------------
# Numbers


def cpython_npv(inputs: dict[str, str]) -> str:
    """The NPV the page must show, from this checkout's calculators package (so a ``--site``
    built from other sources shows up as a wrong number)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import calculators

    result = calculators.compute("roi", inputs, from_form=True)
    return str(result["npv"] or "")


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def fmt(value: float | None, unit: str = " ms") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:,.0f}{unit}" if abs(value) >= 100 else f"{value:.1f}{unit}"


def pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


def basename(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or url


def stage_times(sample: dict[str, Any]) -> dict[str, float | None]:
    """The calculator page's boot split into its stages (ms since navigation)."""
    worker = next((w for w in sample["workers"] if "/playbook/worker.js" in w["url"]), None)
    messages: list[dict[str, Any]] = worker["messages"] if worker else []

    def message(kind: str, stage: str | None = None) -> float | None:
        for m in messages:
            if m["type"] == kind and (stage is None or m["stage"] == stage):
                return float(m["t"])
        return None

    created = float(worker["created"]) if worker else None
    asked = [
        i["requested"]
        for i in sample["idle"]
        if i["fired"] is not None and created is not None and i["fired"] <= created
    ]
    ready_ms = next((m["ms"] for m in messages if m["type"] == "ready"), None)
    return {
        "responseEnd": sample["responseEnd"],
        "npvInDom": sample["npvInDom"],
        "fcp": sample["paints"].get("first-contentful-paint"),
        "dcl": sample["dcl"],
        "load": sample["load"],
        "idleRequested": asked[-1] if asked else None,
        "workerCreated": created,
        "workerRunning": message("progress", "download"),
        "pyodideImported": message("progress", "boot"),
        "loadPyodideDone": message("progress", "import"),
        "ready": message("ready"),
        "live": sample["live"],
        "workerReadyMs": float(ready_ms) if ready_ms is not None else None,
    }


def boot_longtasks(sample: dict[str, Any]) -> list[dict[str, Any]]:
    end = sample["done"] if sample["done"] is not None else math.inf
    return [t for t in sample["longtasks"] if t["start"] < end]


def longest(tasks: Sequence[dict[str, Any]]) -> float:
    return max((float(t["duration"]) for t in tasks), default=0.0)


def explain(task: dict[str, Any], loafs: Sequence[dict[str, Any]]) -> str:
    """What the long-animation-frame entries say was inside a long task."""
    end = task["start"] + task["duration"]
    parts: list[str] = []
    for loaf in loafs:
        if loaf["start"] + loaf["duration"] < task["start"] or loaf["start"] > end:
            continue
        for script in sorted(loaf["scripts"], key=lambda s: -s["duration"])[:3]:
            if script["duration"] >= 5:
                where = basename(script["url"] or "") or script["invoker"]
                parts.append(f"{where} ({script['type']}) {script['duration']:.0f} ms")
        frame_end = loaf["start"] + loaf["duration"]
        if loaf["styleAndLayoutStart"]:
            parts.append(f"style+layout+paint {frame_end - loaf['styleAndLayoutStart']:.0f} ms")
    return "; ".join(parts) or "no long-animation-frame attribution"


def cause(task: dict[str, Any], loafs: Sequence[dict[str, Any]]) -> str:
    """The biggest single contributor to a long task: a script (file and how it was invoked) or
    the rendering work of its frame."""
    end = task["start"] + task["duration"]
    best, best_ms = "unattributed", 0.0
    for loaf in loafs:
        if loaf["start"] + loaf["duration"] < task["start"] or loaf["start"] > end:
            continue
        for script in loaf["scripts"]:
            if script["duration"] > best_ms:
                where = basename(script["url"] or "") or script["invoker"]
                best, best_ms = f"{where} ({script['type']})", float(script["duration"])
        if loaf["styleAndLayoutStart"]:
            rendering = loaf["start"] + loaf["duration"] - loaf["styleAndLayoutStart"]
            if rendering > best_ms:
                best, best_ms = "style+layout+paint", float(rendering)
    return best


def causes(samples: Sequence[dict[str, Any]]) -> str:
    """Boot long tasks of all runs grouped by cause: how many, and their median duration."""
    grouped: dict[str, list[float]] = {}
    for sample in samples:
        for task in boot_longtasks(sample):
            grouped.setdefault(cause(task, sample["loafs"]), []).append(float(task["duration"]))
    ranked = sorted(grouped.items(), key=lambda item: -max(item[1]))
    return "; ".join(
        f"{name} x{len(ms)}, median {median(ms):.0f} ms, max {max(ms):.0f} ms"
        for name, ms in ranked
    )


# --------------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True)
class Series:
    key: str
    path: str
    scripts: tuple[str, ...]
    calculator: bool  # done = form live (calculator page) or window.__bench.ready (bare page)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time-to-first-numbers, time-to-live against a bare Pyodide page, recompute "
        "latency and main-thread long tasks of the ROI calculator page in headless Chromium."
    )
    parser.add_argument("--site", type=Path, help="reuse this built site instead of building one")
    parser.add_argument("--runs", type=int, default=5, help="cold repetitions of each series")
    parser.add_argument("--recomputes", type=int, default=40, help="input changes for (d)")
    parser.add_argument(
        "--no-main-thread",
        action="store_true",
        help="skip the bare loadPyodide() on the main thread (informative, not the baseline)",
    )
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="add three diagnostic series: the calculator page with its worker started at "
        "DOMContentLoaded, the same with the worker started atop <head>, and the bare worker "
        "that also installs and imports our wheel",
    )
    parser.add_argument(
        "--no-shared-worker",
        action="store_true",
        help="diagnostic: the calculator series (b, d, f) without SharedWorker, as on Android",
    )
    parser.add_argument(
        "--slow-mbit",
        type=float,
        default=10.0,
        help="also measure a cold first visit on a link this slow, in Mbit/s (0: skip)",
    )
    parser.add_argument("--slow-rtt", type=float, default=40.0, help="round trip, ms, when slow")
    parser.add_argument("--slow-runs", type=int, default=2, help="rounds on the slow link")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed, not only on errors"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="directory for the JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.recomputes < 1:
        parser.error("--runs and --recomputes must be at least 1")
    return args


def site_facts(site: Path) -> dict[str, Any]:
    html_file = site / PAGE.strip("/") / "index.html"
    if not html_file.is_file():
        sys.exit(f"{html_file} is missing: is {site} a built playbook site?")
    form = re.search(r'<form class="pb-calc"[^>]*>', html_file.read_text(encoding="utf-8"))
    if form is None:
        sys.exit(f"{PAGE} has no form.pb-calc")
    attrs = dict(re.findall(r'data-([\w-]+)="([^"]*)"', form.group(0)))
    version, runtime = attrs.get("pyodide"), attrs.get("runtime")
    if not version or not runtime:
        sys.exit(f"the ROI form lacks data-pyodide / data-runtime: {form.group(0)}")
    calc_js = (site / "assets" / "playbook" / "calc.js").read_text(encoding="utf-8")
    debounce = re.search(r"DEBOUNCE_MS\s*=\s*(\d+)", calc_js)
    dirs = (site / "assets" / "pyodide" / version, site / "assets" / "calculators" / runtime)
    return {
        "pyodide": version,
        "runtime": runtime,
        "debounce_ms": int(debounce.group(1)) if debounce else 120,
        "bytes": {
            p.relative_to(site).as_posix(): p.stat().st_size
            for d in dirs
            for p in sorted(d.iterdir())
            if p.is_file()
        },
        "pyodide_url": f"/assets/pyodide/{version}/pyodide.mjs",
        "lock_url": f"/assets/calculators/{runtime}/pyodide-lock.json",
    }


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        port = free_port()
        if args.site:
            site = args.site.resolve()
            # Served at the address it was built for, if that is a local one: instant navigation.
            built_for = re.search(r"<loc>http://127\.0\.0\.1:(\d+)/", _read(site / "sitemap.xml"))
            port = int(built_for[1]) if built_for else 0
        else:
            print("building the site ...", flush=True)
            site = build_site(Path(tmp), f"http://127.0.0.1:{port}/")
        facts = site_facts(site)
        extra = {
            BARE: ("text/html; charset=utf-8", bare_html(facts["pyodide_url"], facts["lock_url"])),
            BARE_WORKER: ("text/javascript", BARE_WORKER_JS),
        }
        server = Server(
            site, {path: (mime, body.encode()) for path, (mime, body) in extra.items()}, port
        )
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS
                )
                try:
                    raw = measure(browser, server, facts, args)
                    raw["browser"] = browser.version
                finally:
                    browser.close()
        finally:
            server.close()
    raw["facts"] = facts
    raw["wall_s"] = round(time.monotonic() - started, 1)
    raw["loadavg_1min"] = {"before": load_before, "after": os.getloadavg()[0]}
    return report(raw, args)


def measure(
    browser: Any, server: Server, facts: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    origin = server.origin
    series = [
        Series(
            "calc",
            PAGE,
            (INIT_SCRIPT, NO_SHARED_WORKER_SCRIPT) if args.no_shared_worker else (INIT_SCRIPT,),
            True,
        ),
        Series("bare_worker", BARE + "?mode=worker", (INIT_SCRIPT,), False),
        Series("calc_dedicated", PAGE, (INIT_SCRIPT, NO_SHARED_WORKER_SCRIPT), True),
    ]
    if not args.no_main_thread:
        series.append(Series("bare_main", BARE + "?mode=main", (INIT_SCRIPT,), False))
    if args.what_if:
        series.append(Series("calc_dcl", PAGE, (INIT_SCRIPT, EARLY_START_SCRIPT), True))
        head = (
            HEAD_START_SCRIPT.replace("__WORKER__", "/assets/playbook/worker.js")
            .replace("__PYODIDE__", facts["pyodide_url"])
            .replace("__LOCK__", facts["lock_url"])
            .replace(
                "__STDLIB__", facts["lock_url"].replace("pyodide-lock.json", "python_stdlib.zip")
            )
        )
        series.append(Series("calc_head", PAGE, (INIT_SCRIPT, head), True))
        series.append(Series("bare_wheel", BARE + "?mode=worker&wheel=1", (INIT_SCRIPT,), False))
    samples: dict[str, list[dict[str, Any]]] = {s.key: [] for s in series}
    wire: dict[str, dict[str, int]] = {}  # (h): the first visit of each, from the server's log
    problems: list[str] = []
    recompute: list[dict[str, Any]] = []
    recompute_tasks: list[dict[str, Any]] = []
    meter = CpuMeter()

    # Warm-up, not measured: the browser's first context and the OS file cache pay one-off costs.
    for path in (PAGE, BARE + "?mode=none"):
        with fresh_page(browser, origin, (INIT_SCRIPT,)) as (page, _):
            page.goto(origin + path, wait_until="load", timeout=LIVE_TIMEOUT_MS)

    for i in range(args.runs):
        # Interleaved, and the order flips every round so no series always follows the same one.
        for s in series if i % 2 == 0 else series[::-1]:
            print(f"  run {i + 1}/{args.runs} {s.key:<12}", end="", flush=True)
            with fresh_page(browser, origin, s.scripts) as (page, seen):
                before = meter.snapshot()
                logged = len(server.log)
                sample = load_and_settle(page, origin + s.path, seen["finished"])
                if s.key in ("calc", "bare_worker") and s.key not in wire:
                    wire[s.key] = wire_bytes(server, server.log[logged:])
                sample["others_cores"] = meter.others_cores(before, meter.snapshot())
                sample["done"] = sample["live"] if s.calculator else sample["ready"]
                if sample["done"] is None:
                    problems.append(
                        f"{s.key} run {i + 1} never got ready: states {sample['states']}, "
                        f"fatal {sample['fatal']}"
                    )
                else:
                    print(f"{sample['done']:>8,.0f} ms", end="", flush=True)
                if sample["others_cores"] is not None:
                    print(f"  (other processes: {sample['others_cores']:.2f} CPUs)", end="")
                if s.key == "calc" and not recompute and sample["done"] is not None:
                    print(f"   then {args.recomputes} recomputes", end="", flush=True)
                    seen_tasks = len(sample["longtasks"])
                    recompute = recompute_series(page, sample["inputs"], args.recomputes)
                    recompute_tasks = page.evaluate(COLLECT_JS)["longtasks"][seen_tasks:]
                if s.calculator and sample["done"] is not None:
                    # Warm follow-ups in the same browser: (f) the next calculator page by a
                    # link; (g) the same page again (with a dedicated worker: a fresh boot from
                    # the warm HTTP cache and service worker).
                    follow = FULL_NAV_PAGE if s.key == "calc" else PAGE
                    if s.key == "calc":
                        sample["next"] = follow_link(page, NEXT_PAGE, NEXT_CALC)
                        nxt = sample["next"]
                        how = "instant" if nxt["instant"] else "full navigation"
                        print(f"  link {fmt(nxt['live'])} ({nxt['boot']}, {how})", end="")
                    if follow == PAGE:  # a reload comes later in life: the snapshot is cached
                        for _ in range(200):  # fetched after 8 s without a calculation
                            if page.evaluate(SNAPSHOT_CACHED_JS):
                                break
                            time.sleep(0.2)
                    warm = load_and_settle(page, origin + follow, seen["finished"])
                    sample["warm"] = {"path": follow, "live": warm["live"], "boot": warm["boot"]}
                    print(f"  then {follow} {fmt(warm['live'])} ({warm['boot']})", end="")
                if seen["foreign"]:
                    problems.append(f"{s.key}: requests to other origins: {seen['foreign'][:3]}")
                if seen["errors"]:
                    problems.append(f"{s.key}: page errors: {seen['errors'][:3]}")
                samples[s.key].append(sample)
            print(flush=True)
    # Throttled: the first visit on a slow link (--slow-mbit), where bigger files cost time.
    slow: dict[str, list[dict[str, Any]]] = {"calc_slow": [], "bare_slow": []}
    if args.slow_mbit > 0:
        server.throttle(args.slow_mbit, args.slow_rtt)
        try:
            for i in range(args.slow_runs):
                pair = [("calc_slow", PAGE, True), ("bare_slow", BARE + "?mode=worker", False)]
                for key, path, calculator in pair if i % 2 == 0 else pair[::-1]:
                    print(f"  slow {i + 1}/{args.slow_runs} {key:<12}", end="", flush=True)
                    with fresh_page(browser, origin, (INIT_SCRIPT,)) as (page, seen):
                        sample = load_and_settle(page, origin + path, seen["finished"])
                        sample["done"] = sample["live"] if calculator else sample["ready"]
                        print(f"{fmt(sample['done'])}", flush=True)
                        slow[key].append(sample)
        finally:
            server.throttle(0, 0)
    return {
        **samples,
        **slow,
        "wire": wire,
        "recompute": recompute,
        "recompute_longtasks": recompute_tasks,
        "problems": problems,
    }


def wire_bytes(server: Server, paths: Sequence[str]) -> dict[str, int]:
    """Each file of ``paths`` (as the server logged them) -> its size gzipped (level 6), as a
    server that compresses would send it (zip, wheel and images hardly shrink)."""
    sizes: dict[str, int] = {}
    for path in paths:
        body = server.body(path)
        if body is not None and path not in sizes:
            sizes[path] = len(gzip.compress(body, 6))
    return sizes


def recompute_values(count: int) -> list[str]:
    """Distinct upfront costs 10.5万, 11万, 11.5万, ... (the page default is 10万)."""
    return [f"{10 + 0.5 * (i + 1):g}万" for i in range(count)]


def recompute_series(page: Any, inputs: dict[str, str], count: int) -> list[dict[str, Any]]:
    values = recompute_values(count)
    samples: list[dict[str, Any]] = page.evaluate(
        RECOMPUTE_JS, {"field": "upfront_cost", "values": values}
    )
    for sample in samples:
        sample["expected_npv"] = cpython_npv({**inputs, "upfront_cost": sample["value"]})
    return samples


# --------------------------------------------------------------------------------------------
# Report

LABEL = 46


def row(label: str, values: Sequence[float], target: str = "", ok: bool | None = None) -> str:
    lo = min(values) if values else math.nan
    hi = max(values) if values else math.nan
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    return (
        f"{label:<{LABEL}}{fmt(median(values)):>10}{fmt(lo):>10}{fmt(hi):>10}  {target:<16}{mark}"
    )


def pct_row(label: str, values: Sequence[float], target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    return (
        f"{label:<{LABEL}}{fmt(median(values)):>10}{fmt(p95(values)):>10}"
        f"{fmt(max(values) if values else None):>10}  {target:<16}{mark}"
    )


def done(samples: Sequence[dict[str, Any]]) -> list[float]:
    return [float(s["done"]) for s in samples if s["done"] is not None]


def done_at(samples: Sequence[dict[str, Any]], key: str) -> list[float]:
    return [float(s[key]) for s in samples if s.get(key) is not None]


def fetch_span(samples: Sequence[dict[str, Any]], path: str) -> str:
    """Median start and end of the download of one site file over the runs."""
    starts, ends = [], []
    for sample in samples:
        for request in sample["network"]:
            if request["url"].split("?", 1)[0].endswith("/" + path):
                starts.append(request["start"])
                if request["end"] is not None:
                    ends.append(request["end"])
    if not starts:
        return "not fetched"
    return f"{fmt(median(starts), '')} -> {fmt(median(ends), '') if ends else '?'}"


SERIES_KEYS = ("calc", "bare_worker", "bare_main", "calc_dcl", "calc_head", "bare_wheel")
NOISY_CPUS = 0.25  # other processes' CPU use during a run above which the run is flagged


def noise_note(raw: dict[str, Any]) -> str:
    """How busy the rest of the machine was while the runs went on."""
    others = [
        float(s["others_cores"])
        for key in SERIES_KEYS
        for s in raw.get(key, [])
        if s.get("others_cores") is not None
    ]
    if not others:
        busy = raw["loadavg_1min"]["before"] >= BUSY_LOAD
        return "CPU use of other processes unknown (no /proc)" + (
            "\nBUSY MACHINE? the load average was high at the start" if busy else ""
        )
    noisy = sum(1 for x in others if x > NOISY_CPUS)
    note = (
        f"other processes used {median(others):.2f} CPUs (median; max {max(others):.2f}) "
        f"during the {len(others)} runs"
    )
    if noisy:
        note += (
            f"\nBUSY MACHINE: {noisy} runs shared the CPUs with other work over "
            f"{NOISY_CPUS} CPUs; the figures are noisy, rerun when the machine is idle"
        )
    return note


def timeline(rows: Sequence[tuple[str, list[float]]]) -> list[str]:
    """Medians of successive stages with the step from the previous one."""
    lines = []
    previous: float | None = None
    for label, values in rows:
        value = median(values) if values else None
        step = ""
        if value is not None and previous is not None:
            step = f"{round(value - previous) or 0:+d}"
        lines.append(f"  {label:<{LABEL - 2}}{fmt(value, ''):>10}{step:>10}")
        if value is not None:
            previous = value
    return lines


def save_results(args: argparse.Namespace, name: str, data: dict[str, Any]) -> Path:
    """Write one run's figures to ``args.out/<name>-<UTC stamp>.json`` with the run's settings."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{name}-{stamp}.json"
    payload = {
        "timestamp": stamp,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        **data,
    }
    path.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
    return path


def report(raw: dict[str, Any], args: argparse.Namespace) -> int:
    facts = raw["facts"]
    calc: list[dict[str, Any]] = raw["calc"]
    bare_worker: list[dict[str, Any]] = raw["bare_worker"]
    bare_main: list[dict[str, Any]] = raw.get("bare_main", [])
    calc_dcl: list[dict[str, Any]] = raw.get("calc_dcl", [])
    calc_head: list[dict[str, Any]] = raw.get("calc_head", [])
    bare_wheel: list[dict[str, Any]] = raw.get("bare_wheel", [])
    problems: list[str] = list(raw["problems"])

    # (a) first correct numbers: the build-time value, rendered in the first contentful frame
    expected = cpython_npv(calc[0]["inputs"]) if calc else ""
    fcp, shown, in_dom = [], [], []
    in_first_frame = 0
    for s in calc:
        first = s["paints"].get("first-contentful-paint")
        if first is None or s["npvInDom"] is None:
            continue
        frame = s["npvFrame"] if s["npvFrame"] is not None else s["npvInDom"]
        fcp.append(float(first))
        in_dom.append(float(s["npvInDom"]))
        shown.append(max(float(first), float(frame)))
        in_first_frame += frame <= first
    equal = sum(
        1 for s in calc if s["npvValueInDom"] == expected and s["npvAtFcp"] in (None, expected)
    )
    in_view = sum(1 for s in calc if s["npvInViewportAtFcp"])
    a_ok = bool(calc) and in_first_frame == equal == len(calc)
    if equal != len(calc):
        problems.append(
            f"(a) build-time npv is not CPython's {expected!r}: "
            f"{sorted({str(s['npvValueInDom']) for s in calc})}"
        )

    # (b), (c)
    live, ready_worker = done(calc), done(bare_worker)
    ratio = median(live) / median(ready_worker) if live and ready_worker else math.nan
    paired = [
        c["done"] / w["done"]
        for c, w in zip(calc, bare_worker, strict=False)
        if c["done"] and w["done"]
    ]

    # (d)
    answered = [r for r in raw["recompute"] if not r.get("timeout")]
    wrong = [r for r in answered if not r["ok"] or r["npv"] != r["expected_npv"]]
    if len(answered) < len(raw["recompute"]):
        problems.append(f"(d) {len(raw['recompute']) - len(answered)} recomputes never answered")
    if wrong:
        problems.append(f"(d) {len(wrong)} recomputes showed an NPV unlike CPython's: {wrong[0]}")
    if not raw["recompute"]:
        problems.append("(d) not measured: the calculator never went live")
    latency = [r["t1"] - r["t0"] for r in answered]
    after_post = [r["t1"] - r["posted"] for r in answered if r["posted"] is not None]
    in_worker = [
        r["arrived"] - r["posted"] for r in answered if None not in (r["posted"], r["arrived"])
    ]
    on_page = [r["t1"] - r["arrived"] for r in answered if r["arrived"] is not None]
    debounce = float(facts["debounce_ms"])

    # (e)
    tasks = [boot_longtasks(s) for s in calc]
    boot_max = [longest(t) for t in tasks]
    worst_run = max(range(len(calc)), key=lambda i: boot_max[i], default=None)
    if any(s["longtaskError"] for s in calc):
        problems.append(f"(e) no longtask observer: {calc[0]['longtaskError']}")

    # (f) next page, (g) reload with a dedicated worker, (h) bytes, (i) slow link
    next_live = [float(c["next"]["live"]) for c in calc if c.get("next", {}).get("live")]
    next_warm = sum(1 for c in calc if c.get("next", {}).get("boot") == "warm")
    next_instant = sum(1 for c in calc if c.get("next", {}).get("instant"))
    typed_live = [float(c["warm"]["live"]) for c in calc if c.get("warm", {}).get("live")]
    typed_warm = sum(1 for c in calc if c.get("warm", {}).get("boot") == "warm")
    dedicated: list[dict[str, Any]] = raw.get("calc_dedicated", [])
    reload_live = [float(c["warm"]["live"]) for c in dedicated if c.get("warm", {}).get("live")]
    base = median(ready_worker) if ready_worker else math.nan
    reload_ratio = median(reload_live) / base if reload_live else math.nan
    slow_calc, slow_bare = done(raw.get("calc_slow", [])), done(raw.get("bare_slow", []))
    slow_ratio = median(slow_calc) / median(slow_bare) if slow_calc and slow_bare else math.nan

    targets = {
        "a_numbers_at_first_paint": a_ok,
        "b_over_c_le_0_5": ratio <= TARGET_RATIO,
        "f_next_page_le_100ms": bool(next_live) and median(next_live) <= TARGET_NEXT_MS,
        "g_reload_le_0_35": reload_ratio <= TARGET_RELOAD_RATIO,
        "i_slow_link_le_1": (slow_ratio <= TARGET_SLOW_RATIO) if slow_calc else True,
        "d_p95_le_20ms": bool(after_post) and p95(after_post) <= TARGET_RECOMPUTE_MS,
        "e_longest_task_le_50ms": bool(calc) and max(boot_max, default=0.0) <= TARGET_LONGTASK_MS,
    }
    out: list[str] = [
        "",
        f"ROI calculator page: Chromium {raw.get('browser', '?')}, {os.cpu_count()} CPUs, "
        f"Pyodide {facts['pyodide']}, runtime {facts['runtime']}, {args.runs} cold runs per series",
        f"1-min load average before the run: {raw['loadavg_1min']['before']:.2f}; "
        + noise_note(raw),
        "",
        f"{'':<{LABEL}}{'median':>10}{'min':>10}{'max':>10}  {'target':<16}",
        row("(a) nav -> first frame showing the numbers", shown, "= FCP", a_ok),
        row("    nav -> first contentful paint", fcp),
        row("    nav -> npv element in the DOM", in_dom),
        row("(b) nav -> calculator live", live),
        row("(c) nav -> bare loadPyodide, module worker", ready_worker, "baseline"),
    ]
    if bare_main:
        out.append(row("    nav -> bare loadPyodide, main thread", done(bare_main), "(info)"))
    out.append(
        f"{'(b)/(c) ratio, (c) = the worker baseline':<{LABEL}}{pct(ratio):>10}"
        f"{pct(min(paired, default=math.nan)):>10}{pct(max(paired, default=math.nan)):>10}"
        f"  {'<= 0.50':<16}{'ok' if targets['b_over_c_le_0_5'] else 'MISSED'}"
    )
    out.append(
        f"{'    per round, (b) / (c) run back to back':<{LABEL}}{pct(median(paired)):>10}"
        f"{'':>20}  (median of {len(paired)} rounds; min/max above)"
    )
    out.append(row("    first visit, no SharedWorker (dedicated)", done(dedicated), "(info)"))
    out.append(
        row(
            f"(f) next page by a link ({NEXT_PAGE}), live",
            next_live,
            "<= 100 ms",
            targets["f_next_page_le_100ms"],
        )
    )
    out.append(
        f"{'    of which connected to the running runtime':<{LABEL}}{next_warm:>10} of {len(calc)}"
    )
    out.append(
        f"{'    of which swapped in place (instant nav)':<{LABEL}}{next_instant:>10} of {len(calc)}"
    )
    out.append(row(f"    typed address ({FULL_NAV_PAGE}): full navigation", typed_live, "(info)"))
    out.append(
        f"{'    of which connected to the running runtime':<{LABEL}}{typed_warm:>10} of {len(calc)}"
    )
    out.append(row("(g) reload, warm cache, no SharedWorker", reload_live))
    out.append(
        f"{'    (g)/(c) ratio':<{LABEL}}{pct(reload_ratio):>10}{'':>20}"
        f"  {'<= 0.35':<16}{'ok' if targets['g_reload_le_0_35'] else 'MISSED'}"
    )
    for key, label in (
        ("calc", "(h) bytes, first calculator page, gzip"),
        ("bare_worker", "    bare loadPyodide page, gzip"),
    ):
        sizes = raw.get("wire", {}).get(key, {})
        if sizes:
            out.append(
                f"{label:<{LABEL}}{sum(sizes.values()) / 1e6:>8.2f} MB  ({len(sizes)} files)"
            )
    if slow_calc:
        mbit = f"{args.slow_mbit:g} Mbit/s, {args.slow_rtt:g} ms"
        out.append(row(f"(i) {mbit}: nav -> calculator live", slow_calc))
        out.append(row("    same link: bare loadPyodide, worker", slow_bare))
        out.append(
            f"{'    (i) ratio':<{LABEL}}{pct(slow_ratio):>10}{'':>20}"
            f"  {'<= 1.00':<16}{'ok' if targets['i_slow_link_le_1'] else 'MISSED'}"
        )
    out += [
        f"{'':<{LABEL}}{'median':>10}{'p95':>10}{'max':>10}",
        pct_row("(d) recompute: input event -> pb-calc:result", latency, "(with debounce)"),
        pct_row(
            "    postMessage(compute) -> pb-calc:result",
            after_post,
            "p95 <= 20 ms",
            targets["d_p95_le_20ms"],
        ),
        pct_row("      of which postMessage -> answer arrives", in_worker, "(worker+IPC)"),
        pct_row("      of which answer -> pb-calc:result", on_page, "(main thread)"),
        pct_row(
            f"    input -> result minus {debounce:.0f} ms debounce", [x - debounce for x in latency]
        ),
        f"{'':<{LABEL}}{'median':>10}{'min':>10}{'max':>10}",
        row(
            "(e) longest main-thread task, nav -> live",
            boot_max,
            "<= 50 ms",
            targets["e_longest_task_le_50ms"],
        ),
    ]
    if bare_main:
        out.append(
            row(
                "    bare main thread, longest task",
                [longest(boot_longtasks(s)) for s in bare_main],
                "(info)",
            )
        )

    out += [
        "",
        f"(a) npv {expected!r} from CPython, equal on the page in {equal}/{len(calc)} runs; "
        f"in the first contentful frame in {in_first_frame}/{len(calc)} (otherwise FCP came "
        f"before the parser reached it); inside the 1280x900 viewport at FCP in "
        f"{in_view}/{len(calc)} (top at "
        f"{fmt(median([float(s['npvTop']) for s in calc if s['npvTop'] is not None]), ' px')})",
        f"(d) {len(answered)} changes of upfront_cost, NPV equal to CPython in "
        f"{len(answered) - len(wrong)}; longest main-thread task meanwhile: "
        + (fmt(longest(raw["recompute_longtasks"])) if raw["recompute_longtasks"] else "< 50 ms"),
    ]
    if worst_run is not None and tasks[worst_run]:
        worst = max(tasks[worst_run], key=lambda t: t["duration"])
        out.append(
            f"(e) runs with a task over 50 ms: {sum(1 for t in tasks if t)}/{len(calc)} "
            f"(0 ms in the table: none); worst {worst['duration']:.0f} ms at "
            f"{worst['start']:.0f} ms: {explain(worst, calc[worst_run]['loafs'])}"
        )
        out.append(f"    all boot long tasks by main cause: {causes(calc)}")
        ours = [
            t
            for sample, run_tasks in zip(calc, tasks, strict=True)
            for t in run_tasks
            if basename(cause(t, sample["loafs"]).split(" ")[0]) in OUR_SCRIPTS
        ]
        out.append(
            f"    of which caused by our own scripts ({', '.join(OUR_SCRIPTS)}): "
            + (f"{len(ours)}, longest {longest(ours):.0f} ms" if ours else "none")
        )
    else:
        out.append("(e) no main-thread task reached 50 ms before live in any run")

    stages = [stage_times(s) for s in calc]

    out += ["", "Where (b) goes (medians; ms since navigation, then the step from the row above):"]
    out += timeline(
        [
            ("HTML received", done_at(stages, "responseEnd")),
            ("npv element parsed", done_at(stages, "npvInDom")),
            ("first contentful paint", done_at(stages, "fcp")),
            ("DOMContentLoaded (calc.js has run)", done_at(stages, "dcl")),
            ("load event end", done_at(stages, "load")),
            ("requestIdleCallback asked (after load)", done_at(stages, "idleRequested")),
            ("calculator worker constructed", done_at(stages, "workerCreated")),
            ("worker.js running (progress 1)", done_at(stages, "workerRunning")),
            ("pyodide.mjs imported (progress 2)", done_at(stages, "pyodideImported")),
            ("loadPyodide incl. our wheel (progress 3)", done_at(stages, "loadPyodideDone")),
            ("calculators.browser imported (ready)", done_at(stages, "ready")),
            ("form data-state=live", done_at(stages, "live")),
        ]
    )
    out += ["The bare worker page (c):"]
    out += timeline(
        [
            ("worker constructed", done_at(bare_worker, "workerCreated")),
            ("pyodide.mjs imported", done_at(bare_worker, "imported")),
            ("loadPyodide done", done_at(bare_worker, "ready")),
        ]
    )
    out.append(
        "  inside the worker, init -> ready: "
        f"calculator {fmt(median(done_at(stages, 'workerReadyMs')))}, "
        f"bare {fmt(median(done_at(bare_worker, 'workerMs')))}"
    )
    out += ["Downloads (medians of start -> response end, ms since navigation):"]
    out += [
        f"  {basename(name):<{LABEL - 2}}{size / 1e6:>7.2f} MB  calculator "
        f"{fetch_span(calc, name)}, bare {fetch_span(bare_worker, name)}"
        for name, size in sorted(facts["bytes"].items(), key=lambda item: -item[1])
    ]
    other = sorted({basename(w["url"]) for s in calc for w in s["workers"]} - {"worker.js"})
    if other:
        out.append(f"  other workers the page starts meanwhile: {', '.join(other)}")
    if calc_dcl or calc_head or bare_wheel:
        base = median(ready_worker) if ready_worker else math.nan
        wasm = "pyodide.asm.wasm"
        out += ["", "What-if series (diagnostic, not targets; ratio to (c) in the min column):"]
        for label, samples in (
            ("  calc page as built (b)", calc),
            ("  calc page, worker at DOMContentLoaded", calc_dcl),
            ("  calc page, worker atop <head>", calc_head),
        ):
            if not samples:
                continue
            stage = [stage_times(x) for x in samples]
            out.append(
                f"{label:<{LABEL}}{fmt(median(done(samples))):>10}"
                f"{pct(median(done(samples)) / base):>10}   worker constructed at "
                f"{fmt(median(done_at(stage, 'workerCreated')), '')}, running "
                f"{fmt(median(done_at(stage, 'workerRunning')), '')}, wasm fetched "
                f"{fetch_span(samples, wasm)}"
            )
        if bare_wheel:
            wheel = done(bare_wheel)
            out += [
                row("  bare worker + our wheel + its import", wheel),
                row(
                    "    of which nav -> loadPyodide with the wheel", done_at(bare_wheel, "loaded")
                ),
                f"{'    wheel + import: this minus (c)':<{LABEL}}{fmt(median(wheel) - base):>10}",
                f"{'    the page itself: (b) minus this':<{LABEL}}"
                f"{fmt(median(live) - median(wheel)):>10}",
            ]
    if problems:
        out += ["", "PROBLEMS:", *[f"  - {p}" for p in problems]]

    summary = {
        "a_fcp_ms": median(fcp),
        "a_numbers_shown_ms": median(shown),
        "a_npv_in_dom_ms": median(in_dom),
        "a_runs_numbers_in_fcp_frame": in_first_frame,
        "b_live_ms": median(live),
        "c_bare_worker_ms": median(ready_worker),
        "c_bare_main_ms": median(done(bare_main)) if bare_main else None,
        "ratio_b_over_c_worker": ratio,
        "ratio_paired_median": median(paired),
        "d_input_to_result_median_ms": median(latency),
        "d_input_to_result_p95_ms": p95(latency),
        "d_post_to_result_median_ms": median(after_post),
        "d_post_to_result_p95_ms": p95(after_post),
        "e_longest_boot_task_ms": max(boot_max, default=0.0),
        "what_if_dcl_start_live_ms": median(done(calc_dcl)) if calc_dcl else None,
        "what_if_head_start_live_ms": median(done(calc_head)) if calc_head else None,
        "what_if_bare_wheel_ms": median(done(bare_wheel)) if bare_wheel else None,
        "other_processes_cpus_median": median(
            [
                float(s["others_cores"])
                for k in SERIES_KEYS
                for s in raw.get(k, [])
                if s.get("others_cores") is not None
            ]
        ),
        "targets": targets,
    }
    path = save_results(args, "calculator_page", {"summary": summary, "problems": problems, **raw})
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    out += ["", f"raw samples: {shown}   (whole run {raw['wall_s']} s)"]
    print("\n".join(out))
    if problems:
        return 1
    return 1 if args.strict and not all(targets.values()) else 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
