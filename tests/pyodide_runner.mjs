// Runs golden calculator cases inside real Pyodide (Node), with our wheel loaded through the
// generated lock file, exactly as the browser worker loads it. Offline: any network fetch throws.
//
//   node tests/pyodide_runner.mjs RUNTIME_DIR GOLDEN.json [GOLDEN.json ...] [tests/grammar.json]
//
// RUNTIME_DIR holds pyodide-lock.json and the calculators wheel (playbook.assets.build_runtime).
// Prints one JSON object: {"python": version, "files": {golden path: {"cases": [...], "invalid": [...]}}}
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = join(here, "..", "node_modules", "pyodide");
const [runtimeDir, ...goldenFiles] = process.argv.slice(2);
if (!runtimeDir || goldenFiles.length === 0) {
  console.error("usage: node tests/pyodide_runner.mjs RUNTIME_DIR GOLDEN.json ...");
  process.exit(64);
}

const realFetch = globalThis.fetch;
globalThis.fetch = (url, ...rest) => {
  const text = String(url);
  if (/^https?:/i.test(text)) throw new Error(`network access attempted: ${text}`);
  return realFetch(url, ...rest);
};

const { loadPyodide } = await import(join(pyodideDir, "pyodide.mjs"));
const failures = [];
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/",
  lockFileURL: join(resolve(runtimeDir), "pyodide-lock.json"),
  stdLibURL: join(resolve(runtimeDir), "python_stdlib.zip"), // the bytecode stdlib, as in the browser
  packageCacheDir: resolve(runtimeDir),
  packages: ["playbook-calculators"],
  stdout: () => {},
  stderr: (line) => console.error(line),
  errorCallback: (message) => failures.push(String(message)),
});
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}

const out = {
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  // Where the modules came from: bytecode compiled at build time, or sources compiled now.
  magic: pyodide.runPython("import importlib.util; importlib.util.MAGIC_NUMBER.hex()"),
  loaded: JSON.parse(
    pyodide.runPython(
      "import json, decimal, calculators.roi.maths as m; " +
        "json.dumps({'json': json.__file__, 'decimal': decimal.__file__, " +
        "'calculators': m.__spec__.origin})",
    ),
  ),
  files: {},
};
const runCases = pyodide.runPython(`
import json
import calculators

def run_cases(text):
    golden = json.loads(text)
    calc = golden["calculator"]
    cases = [calculators.compute(calc, case["inputs"]) for case in golden.get("cases", [])]
    invalid = []
    for case in golden.get("invalid", []):
        try:
            calculators.compute(calc, case["inputs"])
            invalid.append(None)
        except calculators.InputErrors as errors:
            invalid.append(errors.as_dict())
    return json.dumps({"cases": cases, "invalid": invalid}, ensure_ascii=False)

run_cases
`);
// The number-grammar table runs through the same reader as in CPython (tests/grammar_reader.py).
pyodide.FS.writeFile("/home/pyodide/grammar_reader.py", readFileSync(join(here, "grammar_reader.py")));
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
const readTable = pyodide.pyimport("grammar_reader").read_table;
for (const file of goldenFiles) {
  const text = readFileSync(file, "utf-8");
  out.files[file] = file.endsWith("grammar.json")
    ? { grammar: JSON.parse(readTable(text)) }
    : JSON.parse(runCases(text));
}
process.stdout.write(JSON.stringify(out));
