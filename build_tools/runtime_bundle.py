"""The runtime's generated files: the engine's trimmed standard library and the service worker.

* ``engine-stdlib.zip``: only the modules of Pyodide's ``python_stdlib.zip`` that starting Pyodide,
  installing the scoring wheel and importing the engine load, as bytecode compiled by that same Pyodide
  (``runtime_stdlib.mjs``). Pyodide's own zip (559 sources, compiled again at every start) stays beside it
  for anyone who loads the runtime bare. Making it boots Pyodide in Node (about 10 s), so it is cached in
  ``node_modules/.cache/`` by the hashes of everything it is made from: editors pay for it once per engine
  or Pyodide change.
* ``engine-files.json`` beside them: the Pyodide version and the sha256 of the wheel and of the trimmed
  standard library, the key a reader's device keeps the engine's memory snapshot under
  (``runtime/engine-snapshot.mjs``): a snapshot of any other engine is discarded.
* ``sw.js`` at the site root: ``runtime/service-worker.js`` preceded by the build's manifest (every file a
  reader's visit may need offline, by language) and a version that changes with any byte of them, so a new
  build installs a new worker, which deletes the old caches.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import subprocess
from pathlib import Path

from . import files as fs

ENGINE_STDLIB = "engine-stdlib.zip"
ENGINE_FILES = "engine-files.json"
SERVICE_WORKER = "sw.js"
SERVICE_WORKER_SOURCE = "service-worker.js"
RUNTIME_DIR = "runtime"
_TRIM_SCRIPT = fs.PACKAGE_DIR / "runtime_stdlib.mjs"
_CACHE_DIR = Path("node_modules") / ".cache" / "breakthrough-runtime"
# Pyodide's inputs to the trimmed zip: its interpreter, its loader and its standard library.
_PYODIDE_INPUTS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Files a visit never needs offline: source maps, the compressed sitemap for crawlers.
_NOT_CACHED_SUFFIXES = (".map", ".gz")


# The service worker itself (the browser fetches it), and Pyodide's full standard library, which only a
# bare loadPyodide() uses (the engine starts with ENGINE_STDLIB).
_NOT_CACHED = frozenset({SERVICE_WORKER, f"{RUNTIME_DIR}/pyodide/python_stdlib.zip"})


class RuntimeBundleError(RuntimeError):
    pass


def engine_stdlib(root: Path, pyodide_dir: Path, wheel: Path) -> bytes:
    """The engine's standard library (see the module's docstring), from the cache when its inputs match."""
    digest = hashlib.sha256()
    for data in [*(fs.read_bytes(pyodide_dir / name) for name in _PYODIDE_INPUTS), fs.read_bytes(wheel)]:
        digest.update(hashlib.sha256(data).digest())
    digest.update(fs.read_bytes(_TRIM_SCRIPT))
    cached = root / _CACHE_DIR / f"engine-stdlib-{digest.hexdigest()[:32]}.zip"
    if fs.is_file(cached) and (kept := fs.read_bytes(cached)):
        return kept
    # Several builds may make it at once (parallel test workers, a serve beside a build): each writes its own
    # file and renames it in, so none reads another's half-written zip.
    staged = cached.with_name(f".{cached.name}.{secrets.token_hex(4)}.tmp")
    fs.write_bytes(staged, b"")  # makes the folder; the script overwrites it
    try:
        subprocess.run(
            ["node", str(_TRIM_SCRIPT), str(pyodide_dir), str(wheel), str(staged)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        data = fs.read_bytes(staged)
        if not data:
            raise RuntimeBundleError(f"{_TRIM_SCRIPT.name} wrote an empty {ENGINE_STDLIB}")
        fs.replace_file(staged, cached)
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise RuntimeBundleError(f"could not make {ENGINE_STDLIB} with Node: {detail.strip()[-2000:]}") from error
    finally:
        fs.remove_tree(staged)  # already renamed away unless something failed
    return data


def cached_paths(site_dir: Path) -> dict[str, list[str]]:
    """Files the service worker keeps, relative to the site root: "" for the shared ones (the root's
    files and the runtime), each language's code (a folder of the root) for its own folder."""
    found: dict[str, list[str]] = {"": []}
    for path in fs.files_under(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        if relative.endswith(_NOT_CACHED_SUFFIXES) or relative in _NOT_CACHED:
            continue
        first, _, rest = relative.partition("/")
        group = "" if not rest or first == RUNTIME_DIR else first
        found.setdefault(group, []).append(relative)
    return found


def service_worker_text(site_dir: Path) -> str:
    """sw.js for the finished site in ``site_dir``."""
    paths = cached_paths(site_dir)
    digest = hashlib.sha256()
    for group in paths.values():
        for relative in group:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(fs.read_bytes(site_dir / relative)).digest())
    source = fs.read_bytes(fs.RUNTIME_SOURCES_DIR / SERVICE_WORKER_SOURCE).decode()
    digest.update(source.encode())
    languages = {code: group for code, group in paths.items() if code}
    manifest = {"version": digest.hexdigest()[:16], "shared": paths[""], "languages": languages}
    return f"self.BT_SERVICE_WORKER = {json.dumps(manifest, separators=(',', ':'))};\n{source}"


def write_service_worker(site_dir: Path) -> None:
    """Written last: its manifest and version cover every other file of the site."""
    fs.write_text(site_dir / SERVICE_WORKER, service_worker_text(site_dir))


def engine_files_text(pyodide_version: str, wheel: Path, stdlib: bytes) -> str:
    """engine-files.json (see the module's docstring)."""
    files = {
        "pyodide": pyodide_version,
        "wheel": {"file": wheel.name, "sha256": hashlib.sha256(fs.read_bytes(wheel)).hexdigest()},
        "stdlib": {"file": ENGINE_STDLIB, "sha256": hashlib.sha256(stdlib).hexdigest()},
    }
    return json.dumps(files, indent=1) + "\n"


def write_runtime_files(root: Path, site_dir: Path, pyodide_dir: Path, wheel: Path) -> None:
    """The worker's scripts into site/runtime/, the engine's standard library and engine-files.json beside
    Pyodide's files (sw.js is written once the rest of the site is complete: ``write_service_worker``)."""
    runtime = site_dir / RUNTIME_DIR
    scripts = [name for name in fs.list_files(fs.RUNTIME_SOURCES_DIR) if name != SERVICE_WORKER_SOURCE]
    fs.copy_files(fs.RUNTIME_SOURCES_DIR, scripts, runtime)
    stdlib = engine_stdlib(root, pyodide_dir, wheel)
    fs.write_bytes(wheel.parent / ENGINE_STDLIB, stdlib)
    version = json.loads(fs.read_bytes(pyodide_dir / "package.json"))["version"]
    fs.write_text(wheel.parent / ENGINE_FILES, engine_files_text(str(version), wheel, stdlib))
