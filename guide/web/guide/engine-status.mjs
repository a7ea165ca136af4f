// The guide's engine as the page sees it: started (engine-client.mjs), its state on the guide's root for tests and
// the benchmark, and the status line while someone waits on it. Only an answer that needs the engine waits (the
// choice tree answers the rest at once); while it waits, the status line says how much of the engine has arrived,
// in tens of per cent (each change is read out), then that it is starting, and is cleared when the answer comes.

import { startEngine } from "./engine-client.mjs";

export function startGuideEngine({ root, statusEl, setStatus, t }) {
  const engine = startEngine({
    onReady(message) {
      root.dataset.engine = "ready";
      performance.mark("guide:engine-ready", { detail: { worker: message.ms, ...message.timings } });
      if (statusEl.dataset.waiting) setStatus("");
    },
    onProgress() {
      if (statusEl.dataset.waiting && !statusEl.dataset.waitingFor) setStatus(starting());
    },
    onFailed(reason, code) {
      root.dataset.engine = "failed";
      root.dataset.engineFailure = code;
      setStatus(t("guide.failed.status"), true);
    },
  });

  // What waits: an answer (with how much of the engine has arrived), or a file being read (its own words).
  function starting(key) {
    if (key) return t(key);
    const progress = engine.progress;
    if (progress && progress.total > 0 && progress.loaded < progress.total) {
      return t("guide.status.loading", { percent: Math.floor((progress.loaded / progress.total) * 10) * 10 });
    }
    return t("guide.status.starting");
  }

  async function ask(name, ...args) {
    return askSaying(null, name, ...args);
  }

  async function askSaying(key, name, ...args) {
    const waiting = !engine.ready && !engine.failed;
    const asked = performance.now();
    if (waiting) {
      statusEl.dataset.waiting = "1";
      if (key) statusEl.dataset.waitingFor = key;
      setStatus(starting(key));
    }
    try {
      return await engine.call(name, ...args);
    } finally {
      if (waiting) {
        delete statusEl.dataset.waiting;
        delete statusEl.dataset.waitingFor;
        setStatus("");
        performance.measure("guide:waited-for-engine", { start: asked }); // benchmarks/guide.py adds these up
      }
    }
  }

  return { engine, ask, askSaying };
}
