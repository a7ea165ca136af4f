// Runs the engine inside Pyodide under Node, for the parity test (tests/test_pyodide_parity.py).
// Usage: node tests/node/parity.mjs ENGINE_ZIP CASES_JSON
// CASES_JSON: {"policies": {"name": "path/to/policy.json"}, "cases": [{"policy": name, "answers": {}, "today": ""}],
//              "digests": [{"policy": name, "today": ""}]}
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [archive, casesFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(casesFile, "utf8"));
const pyodide = await loadPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(archive)), "zip", { extractDir: "/home/pyodide/engine" });
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/engine')");
const browser = pyodide.pyimport("guide.engine.browser");

const out = { python: pyodide.runPython("import sys; sys.version"), advice: [], digests: [] };
let loaded = null;
const use = (name) => {
  if (loaded !== name) {
    browser.load_policy(readFileSync(job.policies[name], "utf8"));
    loaded = name;
  }
};
for (const c of job.cases) {
  use(c.policy);
  out.advice.push(JSON.parse(browser.advise(JSON.stringify(c.answers), c.today, null)));
}
for (const d of job.documents || []) {
  use(d.policy);
  const proxy = browser.make_document(d.form, JSON.stringify(d.answers), JSON.stringify(d.details), d.today);
  const bytes = proxy.toJs();
  proxy.destroy();
  out.documents = out.documents || [];
  out.documents.push(Buffer.from(bytes).toString("base64"));
}
for (const d of job.digests) {
  use(d.policy);
  out.digests.push(JSON.parse(browser.routes_digest(d.today)));
}
process.stdout.write(JSON.stringify(out));
