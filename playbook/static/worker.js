// The calculators' module worker: boots Pyodide from this site and runs calculators.browser.run.
// Transport only: every number is computed and rendered by the Python package.
//
// It runs as a dedicated Worker (one page) or as a SharedWorker (every page of the site in this
// browser, kept across navigations where the browser allows): then Pyodide boots once and the
// next calculator page is live as soon as it connects. Each page talks through its own port.
//
// Boots, fastest first: from a memory snapshot made at build time (snapshot.bin, ~5 MB gzipped),
// but only one already in the browser's cache, checked against its sha256 and one known answer;
// else from the bytecode stdlib; else from Pyodide's own stdlib. After a boot that was not from
// the snapshot, the snapshot is fetched in the background for the next boot, on a fast
// connection that is not metered or saving data, and other builds' snapshots leave the cache.
//
// Messages in:  {type: "init", pyodide: URL of pyodide.mjs, lockFile: URL of our lock file,
//                stdLib: URL of the bytecode stdlib zip (Pyodide's own is the fallback),
//                snapshot: URL of snapshot.bin (its facts in snapshot.json beside it),
//                fresh: true on a retry after damaged files (the runtime's cache is dropped first)}
//               {type: "compute", id, calc, inputs: {field: raw string}, lang, report?, level?}
// Messages out: {type: "progress", step, total, stage}
//               {type: "ready", ms, warm, boot}  (warm: booted earlier, for another page;
//                                                 boot: "snapshot" | "cold")
//               {type: "fatal", message, code}  (code: download | damaged | timeout | crash)
//               {type: "result", id, json}      (json: what calculators.browser.run returned)
//               {type: "failed", id, message}   (Python raised: a bug, reported, never shown as a number)

let run = null;
let booting = null; // the boot in progress or done: a promise of the run function
const waiting = new Set(); // ports that asked for init and have not been told "ready" yet
let lastProgress = null; // what a page joining a boot in progress is told first

function broadcast(message) {
  lastProgress = message;
  for (const port of waiting) port.postMessage(message);
}

// What every boot passes to loadPyodide (no stdLib: Pyodide's own stdlib zip).
function settings(indexURL, lockFile, stdLib) {
  return {
    indexURL,
    lockFileURL: lockFile,
    ...(stdLib ? { stdLibURL: stdLib } : {}),
    checkAPIVersion: true,
    stdout: () => {},
    stderr: () => {},
  };
}

// Pyodide does not reject when its .wasm cannot be compiled (missing, truncated): it only logs
// "wasm instantiation failed!" (console.warn) or Emscripten's "Aborted(…)" (console.error) and
// the boot waits for ever. Its loggers are bound when pyodide.asm.mjs runs, so watchers put in
// first turn those logs into a failure the page can explain at once.
const ABORTED = /wasm instantiation failed|^Aborted\(|failed to asynchronously prepare wasm/;
const abortWatchers = new Set();
for (const level of ["warn", "error"]) {
  const original = console[level];
  console[level] = (...args) => {
    const text = args.map(String).join(" ");
    if (ABORTED.test(text)) for (const watcher of abortWatchers) watcher(new Error(text));
    original.apply(console, args);
  };
}

function booted(promise) {
  let watcher;
  const aborted = new Promise((_, reject) => {
    watcher = reject;
    abortWatchers.add(watcher);
  });
  return Promise.race([promise, aborted]).finally(() => abortWatchers.delete(watcher));
}

async function boot(loadPyodide, indexURL, lockFile, stdLib) {
  const failures = [];
  const py = await booted(
    loadPyodide({
      ...settings(indexURL, lockFile, stdLib),
      packages: ["playbook-calculators"],
      errorCallback: (message) => failures.push(String(message)),
    }),
  );
  if (failures.length) throw new Error(failures.join("; "));
  return py;
}

const IMMUTABLE_CACHE = "playbook-immutable"; // = sw.js's cache for versioned files
let bootKind = "cold";

async function cachedResponse(url) {
  try {
    return self.caches ? await (await caches.open(IMMUTABLE_CACHE)).match(url) : undefined;
  } catch {
    return undefined;
  }
}

async function forget(urls) {
  try {
    const cache = await caches.open(IMMUTABLE_CACHE);
    for (const url of urls) await cache.delete(url);
  } catch {
    // nothing to forget
  }
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The run function from a cached snapshot, or null (none cached, or it fails a check: then it
// is dropped from the cache and the page boots the ordinary way).
async function fromSnapshot(loadPyodide, indexURL, { snapshot, stdLib, lockFile }) {
  if (!snapshot || !self.crypto?.subtle) return null;
  const facts = snapshot.replace(/\.bin$/, ".json");
  const [bin, meta] = [await cachedResponse(snapshot), await cachedResponse(facts)];
  if (!bin || !meta) return null;
  try {
    const info = await meta.json();
    const bytes = new Uint8Array(await bin.arrayBuffer());
    const digest = hex(await crypto.subtle.digest("SHA-256", bytes));
    if (bytes.length !== info.size || digest !== info.sha256) throw new Error("snapshot damaged");
    const py = await booted(loadPyodide({ ...settings(indexURL, lockFile, stdLib), _loadSnapshot: bytes }));
    const restored = py.pyimport("calculators.browser").run;
    if (restored(info.check.calc, info.check.inputs, info.check.lang) !== info.check.json) {
      throw new Error("snapshot answers differently");
    }
    return restored;
  } catch {
    await forget([snapshot, facts]);
    return null;
  }
}

function fastAndUnmetered() {
  const c = self.navigator?.connection;
  if (!c) return true; // desktop browsers without the API
  if (c.saveData) return false;
  if (c.effectiveType && c.effectiveType !== "4g") return false;
  return !c.type || ["wifi", "ethernet", "unknown"].includes(c.type);
}

async function prefetchSnapshot({ snapshot }) {
  if (!snapshot || !self.caches || !self.crypto?.subtle || !fastAndUnmetered()) return;
  try {
    const cache = await caches.open(IMMUTABLE_CACHE);
    for (const url of [snapshot.replace(/\.bin$/, ".json"), snapshot]) {
      if (await cache.match(url)) continue;
      const response = await fetch(url);
      if (!response.ok) return; // a site built without one
      await cache.put(url, response);
    }
    // Another build's snapshot is 31 MB of nothing now.
    const mine = new URL("./", snapshot).href;
    for (const request of await cache.keys()) {
      if (/\/snapshot\.(bin|json)$/.test(request.url) && !request.url.startsWith(mine)) {
        await cache.delete(request);
      }
    }
  } catch {
    // the next boot is an ordinary one
  }
}

async function bootOnce(message) {
  const { pyodide, lockFile, stdLib } = message;
  broadcast({ type: "progress", step: 1, total: 3, stage: "download" });
  const { loadPyodide } = await import(pyodide);
  broadcast({ type: "progress", step: 2, total: 3, stage: "boot" });
  const indexURL = new URL("./", pyodide).href;
  const restored = await fromSnapshot(loadPyodide, indexURL, message);
  if (restored) {
    bootKind = "snapshot";
    return restored;
  }
  let py;
  try {
    py = await boot(loadPyodide, indexURL, lockFile, stdLib);
  } catch (error) {
    if (!stdLib) throw error;
    // The bytecode stdlib is missing or damaged: boot from Pyodide's own (slower, same result).
    py = await boot(loadPyodide, indexURL, lockFile, null);
  }
  broadcast({ type: "progress", step: 3, total: 3, stage: "import" });
  const run = py.pyimport("calculators.browser").run;
  prefetchLater = () => {
    clearTimeout(prefetchTimer);
    prefetchTimer = setTimeout(() => {
      prefetchLater = null;
      prefetchSnapshot(message);
    }, QUIET_MS);
  };
  prefetchLater();
  return run;
}

// The snapshot download waits for a quiet moment: not while a rep is typing into a calculator.
const QUIET_MS = 8000;
let prefetchTimer = 0;
let prefetchLater = null;

// Why a boot failed, for the page to say in the site's language: a file that did not arrive
// (network, 404), or one that arrived different from what this build made (truncated, changed
// on the way: it must not stay in the cache, or every retry would fail the same way).
async function diagnose(error, message) {
  const { pyodide, lockFile } = message;
  const text = String((error && error.message) || error);
  // A file the server does not have (or no network at all): a download problem, whatever
  // Pyodide made of the error page it got instead.
  for (const file of ["pyodide.asm.wasm", "pyodide.asm.mjs"]) {
    try {
      const response = await fetch(new URL(file, pyodide), { method: "HEAD", cache: "no-store" });
      if (!response.ok) return "download";
    } catch {
      return "download";
    }
  }
  let damaged = /CompileError|LinkError|WebAssembly|wasm|magic|integrity|digest|BadZipFile|zipimport/i.test(text);
  if (!damaged && self.crypto?.subtle) {
    // Pyodide checks our wheel against the lock file's sha256 with fetch's integrity, which a
    // mismatch fails like a dropped network: look ourselves.
    try {
      const lock = await (await fetch(lockFile)).json();
      const entry = lock.packages["playbook-calculators"];
      // no-store: the service worker must not keep this copy either (its put could land
      // after forgetAll below and poison the retry).
      const wheel = await fetch(new URL(entry.file_name, lockFile), { cache: "no-store" });
      if (wheel.ok) {
        const digest = hex(await crypto.subtle.digest("SHA-256", await wheel.arrayBuffer()));
        damaged = digest !== entry.sha256;
      }
    } catch {
      // cannot look: the network, then
    }
  }
  if (damaged) await forgetAll(runtimeDirs(message));
  return damaged ? "damaged" : "download";
}

function runtimeDirs({ pyodide, lockFile }) {
  return [new URL("./", pyodide).href, new URL("./", lockFile).href];
}

// Drop every cached file under these directories (the runtime of this build).
async function forgetAll(prefixes) {
  try {
    const cache = await caches.open(IMMUTABLE_CACHE);
    for (const request of await cache.keys()) {
      if (prefixes.some((prefix) => request.url.startsWith(prefix))) await cache.delete(request);
    }
  } catch {
    // nothing cached
  }
}

async function init(port, message) {
  const started = performance.now();
  const warm = run !== null;
  waiting.add(port);
  // fresh: a retry after damaged files. The boot that failed may still have had a copy on its
  // way into the cache when they were dropped: drop this build's runtime again before booting.
  if (!booting) {
    booting = message.fresh ? forgetAll(runtimeDirs(message)).then(() => bootOnce(message)) : bootOnce(message);
  } else if (!warm && lastProgress) port.postMessage(lastProgress); // joined a boot under way
  try {
    run = await booting;
    const ms = Math.round(performance.now() - started);
    port.postMessage({ type: "ready", ms, warm, boot: bootKind });
  } catch (error) {
    booting = null; // the next page (or a retry) tries again
    const code = await diagnose(error, message);
    port.postMessage({ type: "fatal", message: String((error && error.message) || error), code });
  } finally {
    waiting.delete(port);
  }
}

function compute({ id, calc, inputs, lang, report, level }) {
  try {
    const json = run(calc, JSON.stringify(inputs), lang, report ? JSON.stringify(report) : "", level || 3);
    return { type: "result", id, json };
  } catch (error) {
    return { type: "failed", id, message: String((error && error.message) || error) };
  }
}

function attach(port) {
  port.onmessage = (event) => {
    const message = event.data || {};
    if (message.type === "init") init(port, message);
    else if (message.type === "compute") {
      port.postMessage(compute(message));
      if (prefetchLater) prefetchLater(); // still busy: later still
    }
  };
}

if (typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = (event) => {
    const port = event.ports[0];
    attach(port);
    port.start();
  };
} else {
  attach(self);
}
