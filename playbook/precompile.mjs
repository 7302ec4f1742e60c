// Compile the browser runtime's Python to bytecode inside Pyodide itself (Node), so the magic
// number is Pyodide's whatever the host Python is. Called by playbook/assets.py at build time.
//
//   node precompile.mjs PYODIDE_DIR STDLIB_IN STDLIB_OUT WHEEL_IN WHEEL_OUT [SNAPSHOT_OUT]
//
// With SNAPSHOT_OUT, also a memory snapshot of a Pyodide that booted from those two files and
// imported and ran every calculator (Pyodide's private `_makeSnapshot` option, 314.0.x), and
// beside it SNAPSHOT_OUT with .json for .bin: its sha256 and one calculation's expected answer,
// which the browser checks before it trusts a restored snapshot.
//
// Offline: any network fetch throws. Exit 0 and the files written, or exit 1 with the reason.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, stdlibIn, stdlibOut, wheelIn, wheelOut, snapshotOut] = process.argv.slice(2);
if (!wheelOut) {
  console.error("usage: node precompile.mjs PYODIDE_DIR STDLIB_IN STDLIB_OUT WHEEL_IN WHEEL_OUT");
  process.exit(64);
}
const realFetch = globalThis.fetch;
globalThis.fetch = (url, ...rest) => {
  if (/^https?:/i.test(String(url))) throw new Error(`network access attempted: ${url}`);
  return realFetch(url, ...rest);
};

try {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: () => {} });
  const here = dirname(fileURLToPath(import.meta.url));
  py.runPython(readFileSync(join(here, "precompile.py"), "utf8"));
  py.FS.writeFile("/tmp/stdlib.zip", readFileSync(stdlibIn));
  py.FS.writeFile("/tmp/in.whl", readFileSync(wheelIn));
  py.unpackArchive(new Uint8Array(readFileSync(wheelIn)), "wheel"); // for warm_up's imports
  py.runPython(`
import sys, sysconfig
_prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
_site = sysconfig.get_paths()["purelib"]
_used = warm_up(_prefix)
with open("/tmp/stdlib.zip", "rb") as f:
    _out = stdlib_zip(f.read(), _prefix, _used)
with open("/tmp/stdlib.out.zip", "wb") as f:
    f.write(_out)
with open("/tmp/in.whl", "rb") as f:
    _out = wheel_with_bytecode(f.read(), _site)
with open("/tmp/out.whl", "wb") as f:
    f.write(_out)
`);
  writeFileSync(stdlibOut, py.FS.readFile("/tmp/stdlib.out.zip"));
  writeFileSync(wheelOut, py.FS.readFile("/tmp/out.whl"));
  if (snapshotOut) {
    // Packages must not be loaded before a snapshot (Pyodide #5195): unpack the wheel instead.
    const snap = await loadPyodide({
      indexURL: pyodideDir + "/",
      stdLibURL: stdlibOut,
      _makeSnapshot: true,
      stdout: () => {},
      stderr: () => {},
    });
    snap.unpackArchive(new Uint8Array(readFileSync(wheelOut)), "wheel");
    snap.runPython(readFileSync(join(here, "precompile.py"), "utf8"));
    snap.runPython("warm_up('/')");
    const check = { calc: "roi", inputs: "{}", lang: "zh" };
    check.json = snap.runPython(
      `import calculators.browser as _b; _b.run(${JSON.stringify(check.calc)}, "{}", "zh")`,
    );
    const bytes = snap.makeMemorySnapshot();
    writeFileSync(snapshotOut, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    writeFileSync(snapshotOut.replace(/\.bin$/, ".json"), JSON.stringify({ sha256, size: bytes.length, check }));
  }
} catch (error) {
  console.error(String((error && error.stack) || error));
  process.exit(1);
}
