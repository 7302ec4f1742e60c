"""Benchmark of the live ROI calculator page in real headless Chromium (not a test).

One run builds the site (or reuses ``--site DIR``), serves it on 127.0.0.1 with a tiny threaded
HTTP server, blocks every other origin, and measures in the page itself (``performance.now()``,
whose zero is the navigation start of the page):

(a) first correct numbers: navigation -> first contentful paint (``paint`` entries), and when the
    ``[data-output=npv]`` element carrying the build-time ``data-value`` entered the DOM. The
    value must equal what CPython computes for the same inputs, and must be in the DOM before FCP.
(b) time to live: navigation -> ``form.pb-calc[data-state="live"]`` (a MutationObserver installed
    by an init script). Each repetition uses a fresh browser context, so the HTTP cache is cold.
(c) the baseline: a bare page served by this script at ``/__bench/bare.html`` that only runs
    ``loadPyodide()`` from the same self-hosted Pyodide files, inside a module worker like the
    calculator page does (this is the baseline of the ratio), and optionally on the main thread.
    The site ships no ``pyodide-lock.json`` beside Pyodide, so the bare page points
    ``lockFileURL`` at the calculators' lock file (the same URL the calculator page fetches) and
    loads no package. (b) and (c) are interleaved, ``--runs`` times each; medians are reported.
(d) recompute: once live, ``input[name=upfront_cost]`` is set to ``--recomputes`` distinct values,
    one at a time; for each, the time from dispatching the ``input`` event to the form's
    ``pb-calc:result`` event (includes calc.js's debounce), and from the moment calc.js posted
    the ``compute`` message to the worker to that event (debounce excluded, measured directly by
    wrapping ``Worker.prototype.postMessage``). Every shown NPV is checked against CPython.
(e) the longest main-thread task (``longtask`` entries, i.e. tasks over 50 ms) from navigation
    until live; "none" means no task reached 50 ms.

Reading the output: the first table has one row per figure with median / min / max over the
runs and the target; the ratio row is median(b) / median(c, worker). The breakdown below it
splits (b) into stages (load event, idle-callback wait before the worker starts, Pyodide import,
``loadPyodide`` with the wheel, the Python import) to show what dominates time-to-live. All raw
samples go to ``bench/results/calculator_page-<timestamp>.json``.

Usage: ``./run bench [--site DIR] [--runs 5] [--recomputes 40] [--no-main-thread]
[--early-start] [--strict]``. ``--early-start`` adds a what-if series: the calculator page with
the worker started at DOMContentLoaded (a synthetic ``focusin``, which calc.js answers by starting
the runtime), to show what the idle-callback-after-load scheduling costs.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGE = "/calculators/roi/"
BARE = "/__bench/bare.html"
BARE_WORKER = "/__bench/bare-worker.js"
LIVE_TIMEOUT_MS = 120_000
TARGET_RATIO = 1.10
TARGET_RECOMPUTE_MS = 20.0
TARGET_LONGTASK_MS = 50.0
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
      if (state === "live" && b.live === null) { b.live = now(); b.settle(); }
      if (state === "error" && b.error === null) { b.error = now(); b.settle(); }
    }
  });
  watchState.observe(document, { attributes: true, subtree: true, attributeFilter: ["data-state"] });
  const watchNpv = new MutationObserver(() => {
    const el = document.querySelector("[data-output=npv]");
    if (!el) return;
    b.npvInDom = now();
    b.npvValueInDom = el.dataset.value ?? null;
    watchNpv.disconnect();
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
        if (d.type === "result" || d.type === "failed") return;
        rec.messages.push({ type: d.type, stage: d.stage ?? null, ms: d.ms ?? null, t: now() });
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === "compute") b.posts.push(now());
      return super.postMessage(message, ...rest);
    }
  };
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

# What-if: start the runtime at DOMContentLoaded instead of after load + idle callback. calc.js
# starts the runtime on the form's first focusin; module scripts have run by DOMContentLoaded.
EARLY_START_SCRIPT = r"""
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.pb-calc")) {
    form.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
  }
});
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
    npvAtFcp: b.npvAtFcp, npvInViewportAtFcp: b.npvInViewportAtFcp,
    npvNow: (document.querySelector("[data-output=npv]") || {dataset: {}}).dataset.value ?? null,
    states: b.states, live: b.live, error: b.error, ready: b.ready, imported: b.imported,
    workerCreated: b.workerCreated, workerMs: b.workerMs ?? null, fatal: b.fatal ?? null,
    longtasks: b.longtasks, workers: b.workers, idle: b.idle, loafs: b.loafs, npvTop: b.npvTop,
    longtaskError: b.longtaskError ?? null, paintError: b.paintError ?? null,
    dcl: nav.domContentLoadedEventStart ?? null, load: nav.loadEventEnd ?? null,
    responseEnd: nav.responseEnd ?? null,
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
    input.value = value;
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const got = await answered;
    if (got === null) { out.push({ value, timeout: true }); continue; }
    const [t1, detail] = got;
    out.push({
      value, t0, t1, posted: b.posts.length > posts ? b.posts[b.posts.length - 1] : null,
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
if (mode === "worker") {{
  b.workerCreated = performance.now();
  const worker = new Worker({json.dumps(BARE_WORKER)}, {{ type: "module" }});
  worker.onmessage = (event) => {{
    const d = event.data;
    if (d.type === "imported") b.imported = performance.now();
    else if (d.type === "ready") {{ b.ready = performance.now(); b.workerMs = d.ms; settle(); }}
    else if (d.type === "fatal") {{ b.fatal = d.message; settle(); }}
  }};
  worker.postMessage({{ pyodide, indexURL, lockFile, wheel }});
}} else {{
  try {{
    const {{ loadPyodide }} = await import(pyodide);
    b.imported = performance.now();
    await loadPyodide({{ indexURL, lockFileURL: lockFile, stdout: () => {{}}, stderr: () => {{}} }});
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
    if (wheel) py.pyimport("calculators.browser");
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - started) });
  } catch (error) {
    self.postMessage({ type: "fatal", message: String((error && error.message) || error) });
  }
};
"""


# --------------------------------------------------------------------------------------------
# Site, server, browser


def build_site(into: Path) -> Path:
    site = into / "site"
    exe = ROOT / ".venv" / "bin" / "playbook"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "playbook"]
    proc = subprocess.run(
        [*cmd, "build", "--site-dir", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"playbook build failed:\n{proc.stdout}\n{proc.stderr}")
    return site


class Server:
    """The built site on 127.0.0.1, plus the bench's own pages under /__bench/."""

    def __init__(self, directory: Path, extra: dict[str, tuple[str, bytes]]) -> None:
        class Handler(SimpleHTTPRequestHandler):
            extensions_map: ClassVar[dict[str, str]] = {
                **SimpleHTTPRequestHandler.extensions_map,
                ".wasm": "application/wasm",
                ".mjs": "text/javascript",
                ".js": "text/javascript",
            }

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path in extra:
                    mime, body = extra[path]
                    self.send_response(200)
                    self.send_header("Content-Type", mime)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass

        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

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
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, {"foreign": foreign, "errors": errors}
    finally:
        context.close()


def load_and_settle(page: Any, url: str) -> dict[str, Any]:
    page.goto(url, wait_until="load", timeout=LIVE_TIMEOUT_MS)
    page.evaluate(WAIT_SETTLED_JS, LIVE_TIMEOUT_MS)
    data: dict[str, Any] = page.evaluate(COLLECT_JS)
    return data


# --------------------------------------------------------------------------------------------
# Numbers


def cpython_npv(inputs: dict[str, str]) -> str:
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


