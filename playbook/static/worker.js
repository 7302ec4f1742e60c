// The calculators' module worker: boots Pyodide from this site and runs calculators.browser.run.
// Transport only: every number is computed and rendered by the Python package.
//
// It runs as a dedicated Worker (one page) or as a SharedWorker (every page of the site in this
// browser, kept across navigations where the browser allows): then Pyodide boots once and the
// next calculator page is live as soon as it connects. Each page talks through its own port.
//
// Messages in:  {type: "init", pyodide: URL of pyodide.mjs, lockFile: URL of our lock file,
//                stdLib: URL of the bytecode stdlib zip (Pyodide's own is the fallback)}
//               {type: "compute", id, calc, inputs: {field: raw string}, lang}
// Messages out: {type: "progress", step, total, stage}
//               {type: "ready", ms, warm}         (warm: booted earlier, for another page)
//               {type: "fatal", message}
//               {type: "result", id, json}      (json: what calculators.browser.run returned)
//               {type: "failed", id, message}   (Python raised: a bug, reported, never shown as a number)

let run = null;
let booting = null; // the boot in progress or done: a promise of the run function
const waiting = new Set(); // ports that asked for init and have not been told "ready" yet

function broadcast(message) {
  for (const port of waiting) port.postMessage(message);
}

async function boot(loadPyodide, indexURL, lockFile, stdLib) {
  const failures = [];
  const py = await loadPyodide({
    indexURL,
    lockFileURL: lockFile,
    ...(stdLib ? { stdLibURL: stdLib } : {}),
    packages: ["playbook-calculators"],
    checkAPIVersion: true,
    stdout: () => {},
    stderr: () => {},
    errorCallback: (message) => failures.push(String(message)),
  });
  if (failures.length) throw new Error(failures.join("; "));
  return py;
}

async function bootOnce({ pyodide, lockFile, stdLib }) {
  broadcast({ type: "progress", step: 1, total: 3, stage: "download" });
  const { loadPyodide } = await import(pyodide);
  broadcast({ type: "progress", step: 2, total: 3, stage: "boot" });
  const indexURL = new URL("./", pyodide).href;
  let py;
  try {
    py = await boot(loadPyodide, indexURL, lockFile, stdLib);
  } catch (error) {
    if (!stdLib) throw error;
    // The bytecode stdlib is missing or damaged: boot from Pyodide's own (slower, same result).
    py = await boot(loadPyodide, indexURL, lockFile, null);
  }
  broadcast({ type: "progress", step: 3, total: 3, stage: "import" });
  return py.pyimport("calculators.browser").run;
}

async function init(port, message) {
  const started = performance.now();
  const warm = run !== null;
  waiting.add(port);
  if (!booting) booting = bootOnce(message);
  try {
    run = await booting;
    port.postMessage({ type: "ready", ms: Math.round(performance.now() - started), warm });
  } catch (error) {
    booting = null; // the next page (or a retry) tries again
    port.postMessage({ type: "fatal", message: String((error && error.message) || error) });
  } finally {
    waiting.delete(port);
  }
}

function compute({ id, calc, inputs, lang }) {
  try {
    const json = run(calc, JSON.stringify(inputs), lang);
    return { type: "result", id, json };
  } catch (error) {
    return { type: "failed", id, message: String((error && error.message) || error) };
  }
}

function attach(port) {
  port.onmessage = (event) => {
    const message = event.data || {};
    if (message.type === "init") init(port, message);
    else if (message.type === "compute") port.postMessage(compute(message));
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
