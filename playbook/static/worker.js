// The calculators' module worker: boots Pyodide from this site and runs calculators.browser.run.
// Transport only: every number is computed and rendered by the Python package.
//
// Messages in:  {type: "init", pyodide: URL of pyodide.mjs, lockFile: URL of our lock file,
//                stdLib: URL of the bytecode stdlib zip (Pyodide's own is the fallback)}
//               {type: "compute", id, calc, inputs: {field: raw string}, lang}
// Messages out: {type: "progress", step, total, stage}
//               {type: "ready", ms}
//               {type: "fatal", message}
//               {type: "result", id, json}      (json: what calculators.browser.run returned)
//               {type: "failed", id, message}   (Python raised: a bug, reported, never shown as a number)

let run = null;

function post(message) {
  self.postMessage(message);
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

async function init({ pyodide, lockFile, stdLib }) {
  const started = performance.now();
  try {
    post({ type: "progress", step: 1, total: 3, stage: "download" });
    const { loadPyodide } = await import(pyodide);
    post({ type: "progress", step: 2, total: 3, stage: "boot" });
    const indexURL = new URL("./", pyodide).href;
    let py;
    try {
      py = await boot(loadPyodide, indexURL, lockFile, stdLib);
    } catch (error) {
      if (!stdLib) throw error;
      // The bytecode stdlib is missing or damaged: boot from Pyodide's own (slower, same result).
      py = await boot(loadPyodide, indexURL, lockFile, null);
    }
    post({ type: "progress", step: 3, total: 3, stage: "import" });
    const browser = py.pyimport("calculators.browser");
    run = browser.run;
    post({ type: "ready", ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: "fatal", message: String((error && error.message) || error) });
  }
}

function compute({ id, calc, inputs, lang }) {
  try {
    const json = run(calc, JSON.stringify(inputs), lang);
    post({ type: "result", id, json });
  } catch (error) {
    post({ type: "failed", id, message: String((error && error.message) || error) });
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "init") init(message);
  else if (message.type === "compute") compute(message);
};
