// Runs the engine inside Pyodide under Node, for the parity test (tests/test_pyodide_parity.py).
// Usage: node tests/node/parity.mjs ENGINE_ZIP CASES_JSON [STDLIB_ZIP LOCK_JSON]
// With STDLIB_ZIP and LOCK_JSON, Pyodide starts as the browser's worker starts it: the build's compiled standard
// library (stdLibURL) and its inline lock file.
// CASES_JSON: {"policies": {"name": "path/to/policy.json"}, "cases": [{"policy": name, "answers": {}, "today": ""}],
//              "digests": [{"policy": name, "today": ""}]}
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [archive, casesFile, stdlib, lock] = process.argv.slice(2);
const job = JSON.parse(readFileSync(casesFile, "utf8"));
const pyodide = await loadPyodide(stdlib ? { stdLibURL: stdlib, lockFileContents: readFileSync(lock, "utf8") } : {});
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
for (const c of job.calendars || []) {
  use(c.policy);
  out.calendars = out.calendars || [];
  out.calendars.push(browser.calendar(JSON.stringify(c.answers), c.today));
  out.drafts = out.drafts || [];
  out.drafts.push(JSON.parse(browser.drafts(JSON.stringify(c.answers), c.today)));
}
for (const r of job.records || []) {
  use(r.policy);
  out.records = out.records || [];
  out.records.push(JSON.parse(browser.read_record(new Uint8Array(Buffer.from(r.base64, "base64")), r.today)));
}
for (const t of job.scenarios || []) {
  use(t.policy);
  out.scenarios = out.scenarios || [];
  out.scenarios.push(JSON.parse(browser.scenario_table(new Uint8Array(Buffer.from(t.base64, "base64")))));
  out.templates = out.templates || [];
  out.templates.push(browser.scenario_template(t.today));
}
out.modules = pyodide.runPython(
  "import sys; sorted(n for n, m in sys.modules.items() if (getattr(m, '__file__', None) or '').startswith('/lib/'))",
).toJs();
for (const d of job.digests) {
  use(d.policy);
  out.digests.push(JSON.parse(browser.routes_digest(d.today)));
}
process.stdout.write(JSON.stringify(out));
