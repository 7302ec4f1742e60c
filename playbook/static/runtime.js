// The page side of the Pyodide loader: one module worker (worker.js), shared by every calculator
// on the page. It boots self-hosted Pyodide with our lock file (the calculators wheel is
// downloaded while Pyodide boots), reports progress, times out a boot or a call that hangs, and
// replaces a worker that dies. Transport only: every number comes from Python.
//
// Where the browser has SharedWorker, the worker is shared by every page of this build (named by
// runtime id) and asked to outlive a navigation (`extendedLifetime`, Chromium): the runtime boots
// once and the next calculator page is live when it connects. Otherwise (Chrome on Android,
// older browsers), or after a shared worker failed or hung, a dedicated worker per page.
//
// Events to listeners: {type: "progress", step, total, stage}, {type: "ready", ms, warm},
// {type: "fatal", message, code}, {type: "restart"}. code says why, for the page to put in the
// site's language: download | damaged | timeout | crash. After a fatal, retry() starts again.

const ASSETS = new URL("../", import.meta.url); // .../assets/
const CALL_TIMEOUT_MS = 8000;
const BOOT_TIMEOUT_MS = 120000;
// Bumped when worker.js's messages change, so a page never talks to a shared worker of an older
// protocol that is still alive in the browser.
const PROTOCOL = 2;

export class Runtime {
  constructor(pyodideVersion, runtimeId) {
    this.pyodide = new URL(`pyodide/${pyodideVersion}/pyodide.mjs`, ASSETS).href;
    this.lockFile = new URL(`calculators/${runtimeId}/pyodide-lock.json`, ASSETS).href;
    this.stdLib = new URL(`calculators/${runtimeId}/python_stdlib.zip`, ASSETS).href;
    this.snapshot = new URL(`calculators/${runtimeId}/snapshot.bin`, ASSETS).href;
    this.runtimeId = runtimeId;
    this.worker = null; // the Worker, or the SharedWorker's port
    this.shared = typeof SharedWorker === "function"; // false once a shared one failed or hung
    this.state = "idle"; // idle | loading | ready | failed
    this.listeners = new Set();
    this.calls = new Map();
    this.nextId = 1;
    this.bootTimer = 0;
    this.crashes = 0; // worker restarts in a row without one good answer
    this.fresh = false; // the next boot drops the cached runtime first (it was found damaged)
  }

  on(listener) {
    this.listeners.add(listener);
  }

  emit(event) {
    for (const listener of this.listeners) listener(event);
  }

  start() {
    if (this.state !== "idle") return;
    this.state = "loading";
    // A shared worker that is already running answers "ready" at once: no loading flash then;
    // a cold one says "progress" itself within milliseconds.
    if (!this.shared) this.emit({ type: "progress", step: 0, total: 3 });
    const url = new URL("worker.js", import.meta.url);
    let worker;
    try {
      if (this.shared) {
        const name = `playbook/${PROTOCOL}/${this.runtimeId}`;
        const shared = new SharedWorker(url, { type: "module", name, extendedLifetime: true });
        shared.onerror = (event) => {
          event.preventDefault();
          this.fallBack("shared worker error");
        };
        worker = shared.port;
        worker.start();
      } else {
        worker = new Worker(url, { type: "module" });
        worker.onerror = (event) => {
          event.preventDefault();
          this.fail(event.message || "worker error", "crash");
        };
      }
    } catch (error) {
      if (this.shared) return this.fallBack(String(error));
      this.fail(String(error && error.message ? error.message : error), "crash");
      return;
    }
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data || {});
    this.bootTimer = setTimeout(() => this.fail("timeout", "timeout"), BOOT_TIMEOUT_MS);
    worker.postMessage({
      type: "init",
      pyodide: this.pyodide,
      lockFile: this.lockFile,
      stdLib: this.stdLib,
      snapshot: this.snapshot,
      fresh: this.fresh,
    });
    this.fresh = false;
  }

  // Let go of the worker: a dedicated one is terminated; a shared one is only disconnected
  // from (other pages may use it; the browser ends it when nobody does).
  release() {
    clearTimeout(this.bootTimer);
    if (!this.worker) return;
    this.worker.onmessage = null;
    if (this.worker.terminate) this.worker.terminate();
    else this.worker.close();
    this.worker = null;
  }

  // The shared worker could not start or boot: the same again in a dedicated worker of our own.
  fallBack(reason, code) {
    this.release();
    if (code === "damaged") this.fresh = true;
    this.shared = false;
    this.state = "idle";
    this.start();
  }

  receive(message) {
    if (message.type === "progress") {
      this.emit(message);
    } else if (message.type === "ready") {
      clearTimeout(this.bootTimer);
      this.state = "ready";
      this.emit(message);
    } else if (message.type === "fatal") {
      if (this.shared) this.fallBack(message.message, message.code);
      else this.fail(message.message, message.code || "download");
    } else if (message.type === "result" || message.type === "failed") {
      const call = this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(message.id);
      clearTimeout(call.timer);
      if (message.type === "result") {
        this.crashes = 0;
        call.resolve(JSON.parse(message.json));
      } else {
        // Python itself broke (calculators.browser.run answers every calculator error): the
        // runtime is of no use any more. A fresh one, twice; then say so.
        call.reject(new Error("timeout"));
        this.stalled(message.message);
      }
    }
  }

  // A call that hung or a worker that broke: a fresh worker, twice in a row; then say so.
  stalled(reason) {
    this.crashes += 1;
    if (this.crashes > 2) this.fail(reason, "crash");
    else this.restart();
  }

  // After a fatal: the rep asked to try again (damaged files were dropped from the cache).
  retry() {
    if (this.state !== "failed") return;
    this.crashes = 0;
    this.state = "idle";
    this.start();
  }

  fail(reason, code = "download") {
    this.release();
    if (code === "damaged") this.fresh = true;
    this.state = "failed";
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(new Error(reason));
    }
    this.calls.clear();
    this.emit({ type: "fatal", message: reason, code });
  }

  // A call that hangs (a runaway loop in Python cannot be interrupted without
  // SharedArrayBuffer): terminate the worker and boot a fresh one.
  restart() {
    this.release();
    this.shared = false; // a shared worker stuck in a loop cannot be stopped from here
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(new Error("timeout"));
    }
    this.calls.clear();
    this.state = "idle";
    this.emit({ type: "restart" });
    this.start();
  }

  // report: {customer, date} for the calculator's printable report instead of its panel;
  // level: the result panel's title is an h<level> (one below the heading the form sits under).
  compute(calc, inputs, lang, report = null, level = 3) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.stalled("timeout"), CALL_TIMEOUT_MS);
      this.calls.set(id, { resolve, reject, timer });
      this.worker.postMessage({ type: "compute", id, calc, inputs, lang, report, level });
    });
  }
}
