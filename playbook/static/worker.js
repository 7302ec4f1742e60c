// The calculators' module worker: boots Pyodide from this site and runs calculators.browser.run.
// Transport only: every number is computed and rendered by the Python package.
//
// Messages in:  {type: "init", pyodide: URL of pyodide.mjs, lockFile: URL of our lock file}
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

async function init({ pyodide, lockFile }) {
  const started = performance.now();
  try {
    post({ type: "progress", step: 1, total: 3, stage: "download" });
    const { loadPyodide } = await import(pyodide);
    post({ type: "progress", step: 2, total: 3, stage: "boot" });
    const indexURL = new URL("./", pyodide).href;
    const failures = [];
    const py = await loadPyodide({
      indexURL,
      lockFileURL: lockFile,
      packages: ["playbook-calculators"],
      checkAPIVersion: true,
      stdout: () => {},
      stderr: () => {},
      errorCallback: (message) => failures.push(String(message)),
    });
    post({ type: "progress", step: 3, total: 3, stage: "import" });
    if (failures.length) throw new Error(failures.join("; "));
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
