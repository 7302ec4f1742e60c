// Starts the calculators' runtime as early as a page can: a tiny classic script, `async`, in the
// <head> of a page whose calculator is out on the page (not folded away in a closed <details>;
// the build decides, playbook.site.on_page_content). It has no imports, so it runs as soon as it
// has loaded, long before the theme's scripts and calc.js's module graph are through (about
// 0.4 s after navigation here). It opens the shared worker calc.js will connect to a moment
// later (same script URL, same name) and asks it to boot; calc.js then joins that boot.
//
// Only where SharedWorker exists; elsewhere calc.js starts its own dedicated worker.
(() => {
  const PROTOCOL = 2; // = runtime.js's PROTOCOL: the shared worker's name must match
  const script = document.currentScript;
  if (typeof SharedWorker !== "function" || !script) return;
  const { runtime, pyodide } = script.dataset;
  if (!runtime || !pyodide) return;
  const assets = new URL("../", script.src);
  try {
    const worker = new SharedWorker(new URL("playbook/worker.js", assets), {
      type: "module",
      name: `playbook/${PROTOCOL}/${runtime}`,
      extendedLifetime: true,
    });
    worker.port.start();
    worker.port.postMessage({
      type: "init",
      pyodide: new URL(`pyodide/${pyodide}/pyodide.mjs`, assets).href,
      lockFile: new URL(`calculators/${runtime}/pyodide-lock.json`, assets).href,
      stdLib: new URL(`calculators/${runtime}/python_stdlib.zip`, assets).href,
      snapshot: new URL(`calculators/${runtime}/snapshot.bin`, assets).href,
    });
    window.pbEarlyRuntime = worker; // held until the page goes: calc.js joins the same worker
  } catch {
    // calc.js starts the runtime itself
  }
})();
