// The guide's engine: the Python package, running under Pyodide in this module worker.
// Everything is loaded from this site (no CDN). The page sends {id, call, args}; the worker answers {id, ok, result}.
// Messages: {type: "ready", ms} once the engine can answer, or {type: "failed", message}.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
// The build fills this in: the standard library precompiled for this engine, and Pyodide's lock file (no request).
const RUNTIME = { stdlib: "python_stdlib.zip", lock: undefined };
const pyodideURL = new URL("pyodide/", here);
const started = performance.now();
let api = null;

const timings = {};
const ready = (async () => {
  const [pyodide, engine, policy] = await Promise.all([
    loadPyodide({
      indexURL: pyodideURL.href,
      stdLibURL: new URL(RUNTIME.stdlib, pyodideURL).href,
      lockFileContents: RUNTIME.lock,
    }).then((py) => {
      timings.pyodide = Math.round(performance.now() - started);
      return py;
    }),
    fetch(new URL("runtime/engine.zip", here)).then((r) => {
      if (!r.ok) throw new Error(`engine.zip: HTTP ${r.status}`);
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
  api.load_policy(policy);
})();

ready.then(
  () => postMessage({ type: "ready", ms: Math.round(performance.now() - started), timings }),
  (error) => postMessage({ type: "failed", message: String((error && error.message) || error) }),
);

const CALLS = new Set(["advise", "form_screens", "validate", "make_document", "document_html", "document_name", "calendar", "calendar_name", "read_record", "read_earlier_form", "earlier_offer", "drafts", "log_clear", "log_add", "log_report", "log_report_document"]);

onmessage = async (event) => {
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
