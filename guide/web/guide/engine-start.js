// Starts the engine's worker as early as the page allows: a classic script with nothing to import, loaded async at
// the top of the guide, so Pyodide starts downloading before the page script's modules have all arrived.
// engine-client.mjs takes the worker over, with any message or error that came before it did.
(function () {
  if (window.guideEngine) return; // the page script was first and started its own
  var early = { messages: [], errors: [] };
  window.guideEngine = early;
  try {
    early.worker = new Worker(new URL("engine-worker.mjs", document.currentScript.src), { type: "module" });
    early.worker.onmessage = function (event) { early.messages.push(event); };
    early.worker.onerror = function (event) { early.errors.push(event); };
  } catch (error) {
    early.failed = error;
  }
})();
