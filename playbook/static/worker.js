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
//                snapshot: URL of snapshot.bin (its facts in snapshot.json beside it)}
//               {type: "compute", id, calc, inputs: {field: raw string}, lang, report?}
// Messages out: {type: "progress", step, total, stage}
//               {type: "ready", ms, warm, boot}  (warm: booted earlier, for another page;
//                                                 boot: "snapshot" | "cold")
//               {type: "fatal", message}
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

async function boot(loadPyodide, indexURL, lockFile, stdLib) {
  const failures = [];
  const py = await loadPyodide({
    ...settings(indexURL, lockFile, stdLib),
    packages: ["playbook-calculators"],
    errorCallback: (message) => failures.push(String(message)),
  });
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
    const py = await loadPyodide({ ...settings(indexURL, lockFile, stdLib), _loadSnapshot: bytes });
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

async function init(port, message) {
  const started = performance.now();
  const warm = run !== null;
  waiting.add(port);
  if (!booting) booting = bootOnce(message);
  else if (!warm && lastProgress) port.postMessage(lastProgress); // joined a boot under way
  try {
    run = await booting;
    const ms = Math.round(performance.now() - started);
    port.postMessage({ type: "ready", ms, warm, boot: bootKind });
  } catch (error) {
    booting = null; // the next page (or a retry) tries again
    port.postMessage({ type: "fatal", message: String((error && error.message) || error) });
  } finally {
    waiting.delete(port);
  }
}

function compute({ id, calc, inputs, lang, report }) {
  try {
    const json = run(calc, JSON.stringify(inputs), lang, report ? JSON.stringify(report) : "");
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
