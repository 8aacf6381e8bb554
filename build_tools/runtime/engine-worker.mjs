// The scoring engine of the assessment pages: Python (Pyodide, self-hosted next to this file) in a module
// Web Worker. One worker serves every assessment page of a visit, instant navigation included.
//
// Messages to the page (plain objects; answers and results travel as JSON strings):
//   {type: "status", state: "downloading" | "starting" | "ready"}
//   {type: "status", state: "failed", reason, detail}   reason: missing-file | wrong-type | blocked | network
//                                                                | wasm | package | python
//   {type: "progress", loaded, total, waiting}          bytes of the runtime downloaded so far (throttled);
//                                                       waiting: a runtime request is in flight (sent at once
//                                                       when that changes). Without one, the worker is compiling
//                                                       or starting Python and sends nothing until it is done.
//   {type: "scored", id, output}                        output: the JSON text `score_json` returned
//   {type: "score-failed", id, reason, detail}          the rubric could not be fetched, or Python raised
// Messages from the page:
//   {type: "prepare", rubricUrl}                        fetch and keep a rubric before it is needed
//   {type: "score", id, rubricUrl, answers}             answers: {"version": n, "answers": {...}} as JSON text
//
// Nothing here ever sends answers anywhere: the only requests are GET/HEAD for the runtime and rubric files.

const PYODIDE_DIR = new URL("./pyodide/", import.meta.url);
const PACKAGE = "breakthrough-scoring";
const MODULE = "breakthrough_scoring";
const PROGRESS_INTERVAL_MS = 200;

// Files the runtime needs, with the Content-Type each must be served with. A wrong MIME type or a missing
// file makes Pyodide hang without an error, so they are checked first with cheap HEAD requests.
const REQUIRED_FILES = [
  {name: "pyodide.mjs", type: /^(text|application)\/(javascript|ecmascript|x-javascript)$/},
  {name: "pyodide.asm.mjs", type: /^(text|application)\/(javascript|ecmascript|x-javascript)$/},
  {name: "pyodide.asm.wasm", type: /^application\/wasm$/},
  {name: "python_stdlib.zip", type: null},
  {name: "pyodide-lock.json", type: null},
];

let state = "starting-up";
let scoreJson = null; // the Python function, once loaded
const rubrics = new Map(); // rubric URL -> Promise<JSON text>
const waiting = []; // score requests that arrived before the engine was ready

function post(message) {
  self.postMessage(message);
}

function fail(reason, detail) {
  if (state === "failed" || state === "ready") return;
  state = "failed";
  post({type: "status", state: "failed", reason, detail: String(detail || "")});
  while (waiting.length) {
    const request = waiting.shift();
    post({type: "score-failed", id: request.id, reason: "engine", detail: "the engine could not start"});
  }
}

function setState(next) {
  if (state === "failed" || state === next) return;
  state = next;
  post({type: "status", state: next});
}

// A Content-Security-Policy that blocks a script, the WebAssembly compilation or a fetch is reported here
// (Pyodide itself would only hang).
self.addEventListener("securitypolicyviolation", (event) => {
  fail("blocked", `Content-Security-Policy ${event.effectiveDirective || event.violatedDirective} blocked `
    + `${event.blockedURI || "a resource"}`);
});

// Pyodide reports a failed WebAssembly instantiation (wrong MIME type, corrupt file, blocked compilation)
// with console.warn and then waits forever; turn that into a failure.
const originalWarn = console.warn.bind(console);
let instantiationFailed = false;
console.warn = (...args) => {
  if (instantiationFailed) {
    instantiationFailed = false;
    fail("wasm", args.map(String).join(" "));
  } else if (args.length === 1 && args[0] === "wasm instantiation failed!") {
    instantiationFailed = true;
  }
  originalWarn(...args);
};

// Count the bytes of the runtime as they arrive, so the page can show progress and tell a slow download
// from a stalled one. The page also needs to know whether anything is still in flight: only then does a
// silence mean a hang. Once every byte is in, compiling the WebAssembly and starting Python keep this thread
// (or the compiler's) busy for seconds, many more on a slow or loaded machine, without a message.
const originalFetch = self.fetch.bind(self);
const download = {loaded: 0, total: 0, pending: 0, lastPost: 0};

function postProgress(force) {
  const now = Date.now();
  if (!force && now - download.lastPost < PROGRESS_INTERVAL_MS) return;
  download.lastPost = now;
  post({type: "progress", loaded: download.loaded, total: download.total, waiting: download.pending > 0});
}

// A runtime request (HEAD check, module import, file download up to its last byte) is in flight.
function transferStarted() {
  download.pending += 1;
  postProgress(true);
}

function transferEnded() {
  download.pending -= 1;
  postProgress(true);
}

async function transfer(promise) {
  transferStarted();
  try {
    return await promise;
  } finally {
    transferEnded();
  }
}

// The transfer started for this response ends with its last byte, a read error or a cancelled body.
function counted(response) {
  if (!response.body || !response.ok) {
    transferEnded();
    return response;
  }
  const reader = response.body.getReader();
  let open = true;
  const end = () => {
    if (open) transferEnded();
    open = false;
  };
  const stream = new ReadableStream({
    async pull(controller) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        end();
        throw error;
      }
      if (chunk.done) {
        controller.close();
        end();
        return;
      }
      download.loaded += chunk.value.byteLength;
      postProgress(false);
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, {status: response.status, statusText: response.statusText,
    headers: response.headers});
}

self.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input.url || String(input);
  if (!url.startsWith(PYODIDE_DIR.href) || state === "ready") return originalFetch(input, init);
  transferStarted();
  let response;
  try {
    response = await originalFetch(input, init);
  } catch (error) {
    transferEnded();
    throw error;
  }
  return counted(response);
};

function mediaType(response) {
  return (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
}

async function checkFiles() {
  const checks = REQUIRED_FILES.map(async (file) => {
    const url = new URL(file.name, PYODIDE_DIR);
    let response;
    try {
      response = await transfer(originalFetch(url, {method: "HEAD", cache: "no-cache"}));
    } catch (error) {
      return {reason: "network", detail: `${file.name}: ${error.message || error}`};
    }
    if (response.status === 404 || response.status === 410) {
      return {reason: "missing-file", detail: `${file.name} is missing (HTTP ${response.status})`};
    }
    if (!response.ok) {
      // Some hosts refuse HEAD; the real request will tell.
      return null;
    }
    const type = mediaType(response);
    if (file.type && type && !file.type.test(type)) {
      const expected = file.name.endsWith(".wasm") ? "application/wasm" : "text/javascript";
      return {reason: "wrong-type", detail: `${file.name} is served as ${type}, expected ${expected}`};
    }
    const size = Number(response.headers.get("content-length"));
    if (Number.isFinite(size) && (file.name.endsWith(".wasm") || file.name.endsWith(".zip"))) {
      download.total += size;
    }
    return null;
  });
  const problems = (await Promise.all(checks)).filter(Boolean);
  return problems[0] || null;
}

async function boot() {
  setState("downloading");
  const problem = await checkFiles();
  if (problem) {
    fail(problem.reason, problem.detail);
    return;
  }
  postProgress(true);
  let loadPyodide;
  try {
    ({loadPyodide} = await transfer(import(new URL("pyodide.mjs", PYODIDE_DIR).href)));
  } catch (error) {
    fail("network", `pyodide.mjs: ${error.message || error}`);
    return;
  }
  if (state === "failed") return;
  // loadPyodide imports this module itself, out of sight of the count. Importing it here too (without waiting,
  // so its download overlaps the others) counts the wait; loadPyodide then gets the same module from the same URL.
  const runtimeScript = new URL("pyodide.asm.mjs", PYODIDE_DIR).href;
  transfer(import(runtimeScript)).catch((error) => fail("network", `pyodide.asm.mjs: ${error.message || error}`));
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: PYODIDE_DIR.href,
      stdout: () => {},
      stderr: (line) => originalWarn(`[python] ${line}`),
    });
  } catch (error) {
    fail("python", error.message || error);
    return;
  }
  if (state === "failed") return;
  setState("starting");
  const packageErrors = [];
  try {
    // Only our package, only from our lock file: its sha256 is checked against pyodide-lock.json.
    await pyodide.loadPackage(PACKAGE, {
      checkIntegrity: true,
      messageCallback: () => {},
      errorCallback: (message) => packageErrors.push(message),
    });
    const engine = pyodide.pyimport(MODULE);
    scoreJson = engine.score_json;
  } catch (error) {
    fail("package", [...packageErrors, error.message || String(error)].join("; "));
    return;
  }
  if (state === "failed") return;
  setState("ready");
  while (waiting.length) score(waiting.shift());
}

function rubricText(url) {
  if (!rubrics.has(url)) {
    const text = originalFetch(url, {cache: "no-cache"}).then((response) => {
      if (!response.ok) throw new Error(`${new URL(url).pathname}: HTTP ${response.status}`);
      return response.text();
    });
    text.catch(() => rubrics.delete(url)); // a later request tries again
    rubrics.set(url, text);
  }
  return rubrics.get(url);
}

async function score(request) {
  let rubric;
  try {
    rubric = await rubricText(request.rubricUrl);
  } catch (error) {
    post({type: "score-failed", id: request.id, reason: "rubric", detail: error.message || String(error)});
    return;
  }
  try {
    const output = scoreJson(rubric, request.answers);
    post({type: "scored", id: request.id, output: String(output)});
  } catch (error) {
    post({type: "score-failed", id: request.id, reason: "python", detail: error.message || String(error)});
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "prepare" && typeof message.rubricUrl === "string") {
    rubricText(message.rubricUrl).catch(() => {});
  } else if (message.type === "score" && typeof message.answers === "string") {
    if (state === "ready") score(message);
    else if (state === "failed") {
      post({type: "score-failed", id: message.id, reason: "engine", detail: "the engine could not start"});
    } else waiting.push(message);
  }
});

boot().catch((error) => fail("python", error.message || error));
