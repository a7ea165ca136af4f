// The studio's check under Pyodide in Node, as the studio's worker runs it: the shipped studio-lib.zip unpacked onto
// the path, Pyodide's whole standard library. Usage: node studio-check.mjs studio-lib.zip job.json
// job.json: [{text, source: {name, text} | null}, ...]; prints [{read, problems, warnings}, ...] as JSON.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { loadPyodide } = await import(path.join(root, "node_modules", "pyodide", "pyodide.mjs"));
const [library, jobFile] = process.argv.slice(2);
const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
py.unpackArchive(new Uint8Array(fs.readFileSync(library)), "zip", { extractDir: "/studio-lib" });
py.runPython("import sys; sys.path.insert(0, '/studio-lib')");
const checkText = py.pyimport("guide.publish.studio_check").check_text;
const results = [];
for (const job of JSON.parse(fs.readFileSync(jobFile, "utf8"))) {
  const answer = checkText(job.text, job.source ? job.source.name : null, job.source ? job.source.text : null);
  results.push(answer.toJs({ dict_converter: Object.fromEntries }));
  answer.destroy();
}
process.stdout.write(JSON.stringify({ python: py.runPython("import sys; sys.version.split()[0]"), results }));
