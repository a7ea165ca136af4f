// The guide's engine: the Python package, running under Pyodide in this module worker.
// Everything is loaded from this site (no CDN). The page first sends {type: "runtime", url}: where the site's shared
// runtime is (Pyodide, the standard library and the engine, one copy for every partnership on the site; the page
// knows it, relative to itself, so the site works under any path). Then {id, call, args}; the worker answers
// {id, ok, result}.
// Messages: {type: "progress", loaded, total} while the engine's files arrive and at each step of its start (the page
// fails only when these stop: a slow link is not a failure), {type: "ready", ms} once the engine can answer, or
// {type: "failed", code, message} at once when it cannot start (WebAssembly refused, a download failed).
const here = new URL("./", import.meta.url);
// The build fills this in: the shared runtime's folder, the standard library precompiled for this engine and the
// engine (both in that folder), Pyodide's lock file (no request), and the size of each file fetched while starting
// (as the worker reads it, uncompressed), for the progress shown.
const RUNTIME = { folder: "", stdlib: "", engine: "", lock: undefined, sizes: {} };
let runtimeGiven;
const runtimeURL = new Promise((resolve) => { runtimeGiven = resolve; });
const started = performance.now();
let api = null;

// --- progress, and failing at once instead of waiting --------------------------------------------------------------

const total = Object.values(RUNTIME.sizes).reduce((sum, size) => sum + size, 0);
let loaded = 0;
let reported = 0;
function progress(force = false) {
  const now = performance.now();
  if (!force && now - reported < 200) return;
  reported = now;
  postMessage({ type: "progress", loaded: Math.min(loaded, total), total });
}

class StartFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
let failedEarly = null;
function failNow(code, message) {
  if (failedEarly) return;
  failedEarly = new StartFailure(code, message);
  postMessage({ type: "failed", code, message });
}

// Every fetch of the start (Pyodide's and this file's own) counts its bytes as they arrive, from a copy of the
// response (Pyodide gets the response itself, as the browser made it), and a download that fails says so at once:
// Pyodide itself only logs a failed WebAssembly download and then waits for ever.
const siteFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (resource, options) => {
  const name = decodeURIComponent(new URL(String(resource.url || resource), here).pathname.split("/").pop());
  let response;
  try {
    response = await siteFetch(resource, options);
  } catch (error) {
    failNow("download", `${name}: the download failed (${error.message})`);
    throw error;
  }
  if (!response.ok) failNow("download", `${name}: HTTP ${response.status}`);
  if (response.ok && response.body) count(name, response.clone().body.getReader());
  return response;
};

async function count(name, reader) {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      loaded += value.byteLength;
      progress();
    }
  } catch (error) {
    failNow("download", `${name}: the download stopped (${error.message})`);
  }
}

// WebAssembly refused (a Content Security Policy without 'wasm-unsafe-eval', or a browser with it turned off): an
// eight-byte module tells at once, where Pyodide would only log it and wait.
function checkWebAssembly() {
  if (typeof WebAssembly !== "object") throw new StartFailure("wasm-blocked", "this browser does not run WebAssembly");
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  } catch (error) {
    throw new StartFailure("wasm-blocked", `WebAssembly is refused here (a Content Security Policy without 'wasm-unsafe-eval'?): ${error.message}`);
  }
}

const timings = {};
const ready = (async () => {
  checkWebAssembly();
  progress(true);
  const pyodideURL = await runtimeFolder();
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
  const [pyodide, engine, policy] = await Promise.all([
    loadPyodide({
      indexURL: pyodideURL.href,
      stdLibURL: new URL(RUNTIME.stdlib, pyodideURL).href,
      lockFileContents: RUNTIME.lock,
    }).then((py) => {
      timings.pyodide = Math.round(performance.now() - started);
      progress(true);
      return py;
    }),
    fetch(new URL(RUNTIME.engine, pyodideURL)).then((r) => {
      if (!r.ok) throw new Error(`${RUNTIME.engine}: HTTP ${r.status}`);
      return r.arrayBuffer();
    }),
    fetch(new URL("runtime/policy.json", here)).then((r) => {
      if (!r.ok) throw new Error(`policy.json: HTTP ${r.status}`);
      return r.text();
    }),
  ]);
  pyodide.unpackArchive(engine, "zip", { extractDir: "/home/pyodide/engine" });
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide/engine')");
  api = pyodide.pyimport("guide.engine.browser");
  timings.imported = Math.round(performance.now() - started);
  progress(true);
  api.load_policy(policy);
})();

// The runtime's folder, from the page's first message: on this site only (the Content Security Policy says so too).
async function runtimeFolder() {
  const given = await runtimeURL;
  let base;
  try {
    base = new URL(given, here);
  } catch (error) {
    throw new StartFailure("runtime", `the page named no runtime the worker can read (${given})`);
  }
  if (base.origin !== self.location.origin) {
    throw new StartFailure("runtime", `the page named a runtime on another site (${base.origin})`);
  }
  return new URL(RUNTIME.folder, base);
}

ready.then(
  () => postMessage({ type: "ready", ms: Math.round(performance.now() - started), timings }),
  (error) => {
    if (failedEarly) return; // said already
    postMessage({ type: "failed", code: (error && error.code) || "engine", message: String((error && error.message) || error) });
  },
);

const CALLS = new Set(["advise", "form_screens", "validate", "make_document", "document_html", "document_name", "calendar", "calendar_name", "read_record", "read_earlier_form", "earlier_offer", "drafts", "log_clear", "log_add", "log_report", "log_report_document"]);

onmessage = async (event) => {
  if (event.data && event.data.type === "runtime") {
    runtimeGiven(String(event.data.url));
    return;
  }
  const { id, call, args } = event.data;
  try {
    await ready;
    if (!CALLS.has(call)) throw new Error(`unknown call ${call}`);
    let result = api[call](...args);
    if (result && typeof result.toJs === "function") {
      const proxy = result;
      result = proxy.toJs(); // Python bytes become a Uint8Array
      proxy.destroy();
      postMessage({ id, ok: true, result }, [result.buffer]);
      return;
    }
    postMessage({ id, ok: true, result });
  } catch (error) {
    postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
