// The guide's engine: the Python package under Pyodide in a module worker (engine-worker.mjs), and the calls the
// page makes to it. The worker reports its progress while Pyodide's files arrive and at each step of its start; the
// start fails only when nothing has been heard for STALL_LIMIT_MS (a stalled link, a worker that hangs), never for
// a slow link that is still delivering. A worker that cannot load (a wrong MIME type, a Content Security Policy),
// WebAssembly refused, or a failed download fail at once. Either way the page is told once, with a code
// (root's data-engine-failure) and the technical reason logged to the console, so that it can say so and point to
// the manual.

export const STALL_LIMIT_MS = 20000;

export function startEngine({ onReady, onFailed, onProgress = () => {}, limit = STALL_LIMIT_MS }) {
  const pending = new Map();
  let nextId = 1;
  const client = { ready: false, failed: null, failure: null, progress: null };
  let worker;
  let timer = null;

  function fail(code, reason) {
    if (client.failed || client.ready) return;
    client.failed = reason;
    client.failure = code;
    clearTimeout(timer);
    console.error(`guide: the engine could not start (${code}): ${reason}`);
    for (const call of pending.values()) call.reject(new Error(reason));
    pending.clear();
    if (worker) worker.terminate();
    onFailed(reason, code);
  }

  // Nothing heard for the limit: stalled. Each word from the worker starts the limit again.
  function heard() {
    clearTimeout(timer);
    if (client.failed || client.ready) return;
    timer = setTimeout(() => fail("stalled", `nothing from the engine for ${limit / 1000} seconds`), limit);
  }
  heard();

  const early = globalThis.guideEngine; // started by engine-start.js, if it ran first
  globalThis.guideEngine = { taken: true };
  try {
    if (early && early.failed) throw early.failed;
    worker = early && early.worker ? early.worker : newWorker();
  } catch (error) {
    setTimeout(() => fail("worker", `the worker could not be created: ${error.message}`), 0);
    client.call = () => Promise.reject(new Error("the engine is not available"));
    return client;
  }
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") {
      heard();
      client.progress = message;
      onProgress(message);
      return;
    }
    if (message.type === "ready") {
      client.ready = true;
      clearTimeout(timer);
      onReady(message);
      return;
    }
    if (message.type === "failed") return fail(message.code || "engine", message.message);
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (call) (message.ok ? call.resolve : call.reject)(message.ok ? message.result : new Error(message.error));
  };
  worker.onerror = (event) => fail("worker", event.message || "the engine's script could not load (blocked, or served with the wrong MIME type)");
  worker.onmessageerror = () => fail("worker", "a message from the engine could not be read");
  if (early && early.worker) {
    // What the worker said before this script took it over, in order.
    setTimeout(() => {
      for (const event of early.errors) worker.onerror(event);
      for (const event of early.messages) worker.onmessage(event);
    }, 0);
  }
  client.call = (name, ...args) =>
    new Promise((resolve, reject) => {
      if (client.failed) return reject(new Error(client.failed));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, call: name, args });
    });
  return client;
}

// A worker of our own (engine-start.js did not run first), told where the site's shared runtime is: the page's start
// script says it, relative to the page (data-runtime).
function newWorker() {
  const start = document.querySelector("script[data-runtime]");
  if (!start) throw new Error("the page does not say where the engine's runtime is (data-runtime)");
  const worker = new Worker(new URL("engine-worker.mjs", import.meta.url), { type: "module" });
  worker.postMessage({ type: "runtime", url: new URL(start.getAttribute("data-runtime"), document.baseURI).href });
  return worker;
}
