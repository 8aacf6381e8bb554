// Writes the engine's standard library: the modules of Pyodide's python_stdlib.zip that starting Pyodide,
// installing the scoring wheel and importing the engine load, compiled to bytecode by the same Pyodide.
// Pyodide's own zip holds 559 sources that every start compiles again; this one holds only what the engine
// imports, ready to run (the idea of pyodide-pack). build_tools/runtime_bundle.py runs it and caches the result.
//
//   node build_tools/runtime_stdlib.mjs <pyodide folder> <wheel> <output zip>
//
// Prints the module names it kept, as JSON, on its last line.

import {writeFileSync} from "node:fs";
import process from "node:process";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";

const [folder, wheel, output] = process.argv.slice(2);
if (!folder || !wheel || !output) {
  process.stderr.write("usage: node build_tools/runtime_stdlib.mjs <pyodide folder> <wheel> <output zip>\n");
  process.exit(2);
}
const indexURL = `${resolve(folder)}/`;
const {loadPyodide} = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({indexURL, stdout: () => {}, stderr: () => {}});
// The same steps as the site's worker: the wheel by loadPackage, then the engine's module.
await pyodide.loadPackage(resolve(wheel), {messageCallback: () => {}, errorCallback: () => {}});
pyodide.pyimport("breakthrough_scoring");
pyodide.globals.set("output_path", "/tmp/engine-stdlib.zip");
const kept = pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

STDLIB = "/lib/python%d%d.zip" % sys.version_info[:2]

def entries():
    # Every stdlib source a loaded module came from, and every codec (looked up by name at run time).
    with zipfile.ZipFile(STDLIB) as source:
        names = set(source.namelist())
        wanted = {n for n in names if n.startswith("encodings/") and n.endswith(".py")}
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None) or ""
            if path.startswith(STDLIB + "/") and path[len(STDLIB) + 1:] in names:
                wanted.add(path[len(STDLIB) + 1:])
        for name in sorted(wanted):
            yield name, source.read(name)

def pyc(name, text):
    # Unchecked-hash pyc (PEP 552): there is no source beside it to check against.
    code = compile(text, f"{STDLIB}/{name}", "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + bytes(8) + marshal.dumps(code)

kept = []
with zipfile.ZipFile(output_path, "w") as target:
    for name, text in entries():
        info = zipfile.ZipInfo(name[:-3] + ".pyc", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        target.writestr(info, pyc(name, text))
        kept.append(name)
kept
`).toJs();
writeFileSync(output, pyodide.FS.readFile("/tmp/engine-stdlib.zip"));
process.stdout.write(`${JSON.stringify(kept)}\n`);
