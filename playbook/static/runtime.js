// The page side of the Pyodide loader: one module worker (worker.js) per page, shared by every
// calculator on it. It boots self-hosted Pyodide with our lock file (the calculators wheel is
// downloaded while Pyodide boots), reports progress, times out a boot or a call that hangs, and
// replaces a worker that dies. Transport only: every number comes from Python.
//
// Events to listeners: {type: "progress", step, total, stage}, {type: "ready", ms},
// {type: "failed", reason: "timeout" | "boot" | ...}.

const ASSETS = new URL("../", import.meta.url); // .../assets/
const CALL_TIMEOUT_MS = 8000;
const BOOT_TIMEOUT_MS = 120000;

export class Runtime {
  constructor(pyodideVersion, runtimeId) {
    this.pyodide = new URL(`pyodide/${pyodideVersion}/pyodide.mjs`, ASSETS).href;
    this.lockFile = new URL(`calculators/${runtimeId}/pyodide-lock.json`, ASSETS).href;
    this.stdLib = new URL(`calculators/${runtimeId}/python_stdlib.zip`, ASSETS).href;
    this.worker = null;
    this.state = "idle"; // idle | loading | ready | failed
    this.listeners = new Set();
    this.calls = new Map();
    this.nextId = 1;
    this.bootTimer = 0;
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
    this.emit({ type: "progress", step: 0, total: 3 });
    let worker;
    try {
      worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      this.fail(String(error && error.message ? error.message : error));
      return;
    }
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data || {});
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "worker error");
    };
    this.bootTimer = setTimeout(() => this.fail("timeout"), BOOT_TIMEOUT_MS);
    worker.postMessage({
      type: "init",
      pyodide: this.pyodide,
      lockFile: this.lockFile,
      stdLib: this.stdLib,
    });
  }

  receive(message) {
    if (message.type === "progress") {
      this.emit(message);
    } else if (message.type === "ready") {
      clearTimeout(this.bootTimer);
      this.state = "ready";
      this.emit(message);
    } else if (message.type === "fatal") {
      this.fail(message.message);
    } else if (message.type === "result" || message.type === "failed") {
      const call = this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(message.id);
      clearTimeout(call.timer);
      if (message.type === "result") call.resolve(JSON.parse(message.json));
      else call.reject(new Error(message.message));
    }
  }

  fail(reason) {
    clearTimeout(this.bootTimer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "failed";
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(new Error(reason));
    }
    this.calls.clear();
    this.emit({ type: "fatal", message: reason });
  }

  // A call that hangs (a runaway loop in Python cannot be interrupted without
  // SharedArrayBuffer): terminate the worker and boot a fresh one.
  restart() {
    clearTimeout(this.bootTimer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(new Error("timeout"));
    }
    this.calls.clear();
    this.state = "idle";
    this.emit({ type: "restart" });
    this.start();
  }

  compute(calc, inputs, lang) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.restart(), CALL_TIMEOUT_MS);
      this.calls.set(id, { resolve, reject, timer });
      this.worker.postMessage({ type: "compute", id, calc, inputs, lang });
    });
  }
}
