// The policy studio's page (issue 22): open a policy, edit its YAML in CodeMirror, see `build.py check`'s messages as
// you type (from studio-worker.mjs), and download the text. Nothing is sent anywhere or stored: the text lives in this
// page's memory, and the download is the editor's text itself, so comments, order and layout are kept as typed.
import { EditorView, basicSetup, drawSelection, yaml, lintGutter, setDiagnostics } from "./codemirror.mjs";
import { reviewCopy } from "./review-copy.mjs";
import { walkThrough } from "./walk-through.mjs";

const $ = (id) => document.getElementById(id);
const root = $("studio");
root.dataset.script = "running";
const status = $("studio-status");
const problemsBox = $("studio-problems");
const DELAY = 300;    // ms after the last key before the text is checked
const STALL = 30000;  // ms a check may take (it takes well under a second): past it, the worker is started again
const TRY_STALL = 120000;   // ms Try it may take: Medway's 11,689 routes, and again for the published policy, take
                            // 4 s in CPython and some times that under Pyodide on a slow computer

let view = null;
let source = null;    // {name, text}: the source text the quotes are checked against
let chosenSource = null;    // the one the author opened, used for any policy they open from their computer
let publishedText = null;   // the policy this site publishes, to say what changes
let edited = false;   // typed since it was opened or downloaded: leaving the page asks first
let lineEnd = "\n";   // the opened file's line ends (CRLF kept): the editor holds lines, the download joins them so
let worker = null;
let nextId = 1;
let running = null;   // the id of the check under way
let waiting = false;  // the text changed while it ran: check again when it ends
let timer = null;
let watchdog = null;
const allowances = [];   // the time each request not yet answered may take, in the order asked (and answered)
let trying = null;    // the id of the "Try it" under way
let lastCheck = null; // the last check's answer, and the last Try it's with the text it was for: the review copy
let lastTry = null;
let checkingText = null;   // the text of the check under way, then of lastCheck: the review copy's check is of its text
let checkedText = null;
let tryingText = null;
const pending = new Map();   // id -> resolve, for the form's calls

function say(text, error = false) {
  status.textContent = text;
  status.classList.toggle("guide-status--error", error);
}

function startWorker() {
  worker = new Worker(new URL("studio-worker.mjs", import.meta.url), { type: "module" });
  worker.onmessage = (event) => {
    const message = event.data;
    if (typeof message.id === "number") answered();
    if (message.type === "ready") {
      root.dataset.engine = "ready";
      arm();   // what was asked while it started is timed from now
      if (view && root.dataset.checked !== "stalled") check();
      else if (!status.classList.contains("guide-status--error")) say("Ready. Choose where to start.");
    } else if (message.type === "failed") {
      root.dataset.engine = "failed";
      say(`The check could not start (${message.message}). You can still edit and download the file, and check it with python build.py check.`, true);
    } else if (pending.has(message.id)) {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve(message);
    } else if (message.id === trying) {
      trying = null;
      $("studio-try").disabled = false;
      if (message.ok) {
        lastTry = { text: tryingText, result: message.result };
        showTry(message.result);
      }
      else showTryFailure(message.message);
    } else if (message.id === running) {
      running = null;
      if (message.ok) {
        checkedText = checkingText;
        show(message.result);
        if (message.result.read) refreshForm();
      }
      else say(`The check stopped (${message.message}). Use python build.py check on the downloaded file.`, true);
      if (waiting) {
        waiting = false;
        check();
      }
    }
  };
  worker.onerror = (event) => {
    root.dataset.engine = "failed";
    say(`The check could not start (${event.message || "its worker did not load"}).`, true);
  };
}

function check() {
  if (!view) return;
  if (running !== null) {
    waiting = true;
    return;
  }
  running = nextId++;
  root.dataset.checked = "pending";
  checkingText = currentText();
  post({ id: running, text: checkingText, source });
}

// Every request goes through here, so that a call that never ends (a check, Try it, a form edit, a scenario table)
// is stopped however it was asked: the worker answers in turn, and each answer gives the next request its own time.
function post(message, allowance = STALL) {
  worker.postMessage(message);
  allowances.push(allowance);
  if (allowances.length === 1) arm();
}

// Starting Pyodide can take longer than STALL on a slow line: the time runs once the worker is ready.
function arm() {
  clearTimeout(watchdog);
  if (allowances.length && root.dataset.engine === "ready") watchdog = setTimeout(stalled, allowances[0]);
}

function answered() {
  allowances.shift();
  arm();
}

// A check that never ends (it should not: the checker bounds what it reads) must not stop every later one: the
// worker is ended and started afresh, and the page says so; what was typed stays in the editor.
function stalled() {
  worker.terminate();
  allowances.length = 0;
  running = null;
  waiting = false;
  if (trying !== null) showTryFailure("it did not finish, so it was stopped; your text is kept");
  trying = null;
  $("studio-try").disabled = false;
  for (const resolve of pending.values()) resolve({ ok: false, message: "the check was started again" });
  pending.clear();
  root.dataset.checked = "stalled";
  root.dataset.engine = "restarting";
  say("The check of this text did not finish, so it was stopped. Your text is kept: change it, or download it and run python build.py check.", true);
  startWorker();
}

function currentText() {
  return view.state.doc.toJSON().join(lineEnd);
}

function schedule() {
  clearTimeout(timer);
  root.dataset.checked = "pending";
  timer = setTimeout(check, DELAY);
}

// --- the messages --------------------------------------------------------------------------------------------------

function position(doc, line, col) {
  const at = doc.line(Math.max(1, Math.min(line, doc.lines)));
  return Math.min(at.from + Math.max(0, col - 1), at.to);
}

function show(result) {
  lastCheck = result;
  const doc = view.state.doc;
  const items = [...result.problems, ...result.warnings];
  view.dispatch(setDiagnostics(view.state, items.map((item) => {
    const from = position(doc, item.line, item.col);
    const end = doc.lineAt(from).to;
    return { from, to: Math.max(from, end), severity: item.warning ? "warning" : "error", message: item.message };
  })));
  problemsBox.replaceChildren();
  const count = result.problems.length;
  const summary = document.createElement("p");
  summary.id = "studio-summary";
  summary.textContent = count === 0
    ? `No problems: build.py check accepts this policy${result.warnings.length ? ` (${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"} below)` : ""}.`
    : `${count} problem${count === 1 ? "" : "s"}: the site cannot be built from this file until ${count === 1 ? "it is" : "they are"} put right.`;
  problemsBox.append(summary);
  if (result.read && !result.looks_like_policy) {
    const notPolicy = paragraph("This does not look like a policy file: it has neither schema: nor partnership: at its top level. Is it the right file? You can start from the model policy instead.", "studio-not-policy");
    notPolicy.className = "govuk-error-message";
    problemsBox.prepend(notPolicy);
  }
  if (items.length) {
    const list = document.createElement("ul");
    list.className = "studio-messages";
    for (const item of items) {
      const entry = document.createElement("li");
      entry.className = item.warning ? "studio-warning" : "studio-problem";
      const go = document.createElement("button");
      go.type = "button";
      go.className = "studio-go";
      go.textContent = `Line ${item.line}, column ${item.col}`;
      go.addEventListener("click", () => {
        const at = position(view.state.doc, item.line, item.col);
        view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
        view.focus();
      });
      const text = document.createElement("span");
      text.className = "studio-message";
      text.textContent = `: ${item.message}`;
      const code = document.createElement("code");
      code.className = "studio-cli";
      code.textContent = item.text;
      entry.append(go, text, document.createElement("br"), code);
      list.append(entry);
    }
    problemsBox.append(list);
  }
  root.dataset.checked = count === 0 ? "ok" : "problems";
  say(count === 0 ? "Checked: no problems." : `Checked: ${count} problem${count === 1 ? "" : "s"}.`, count > 0);
}

// --- the form: common fields, each edit changing only its value in the text ---------------------------------------

function ask(message) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    post({ id, ...message });
  });
}

// A character offset the checker gives (code points, in the text as downloaded) as a position in the editor (UTF-16
// units, a line end counted once).
function editorPosition(text, offset) {
  const before = Array.from(text).slice(0, offset).join("");
  return before.length - (before.match(/\r\n/g) || []).length;
}

async function refreshForm() {
  const text = currentText();
  const answer = await ask({ call: "fields", text });
  if (!answer.ok || text !== currentText()) return;
  const form = $("studio-form");
  const ids = answer.result.map((field) => field.id).join(" ");
  if (form.dataset.fields !== ids) {
    form.dataset.fields = ids;
    const groups = new Map();
    for (const field of answer.result) {
      if (!groups.has(field.group)) {
        const fieldset = document.createElement("fieldset");
        fieldset.className = "govuk-fieldset studio-fieldset";
        const legend = document.createElement("legend");
        legend.className = "govuk-fieldset__legend";
        legend.textContent = field.group;
        fieldset.append(legend);
        groups.set(field.group, fieldset);
      }
      groups.get(field.group).append(fieldGroup(field));
    }
    form.replaceChildren(...groups.values());
  }
  $("studio-signoff").hidden = answer.result.some((field) => field.group === "Sign-off");   // recorded: edit it above
  for (const field of answer.result) {
    const input = $(`studio-field-${field.id}`);
    input.dataset.path = JSON.stringify(field.path);
    if (document.activeElement !== input) input.value = field.value;
  }
}

function fieldGroup(field) {
  const group = document.createElement("div");
  group.className = "govuk-form-group";
  const label = document.createElement("label");
  label.className = "guide-label";
  label.htmlFor = `studio-field-${field.id}`;
  label.textContent = field.label;
  const hint = document.createElement("p");
  hint.className = "govuk-hint";
  hint.id = `studio-field-${field.id}-hint`;
  hint.textContent = field.hint;
  const error = document.createElement("p");
  error.className = "govuk-error-message";
  error.id = `studio-field-${field.id}-error`;
  error.hidden = true;
  // A value the schema lists (a timescale's kind) is chosen from that list; any other is typed.
  const input = document.createElement(field.choices ? "select" : "input");
  input.className = field.choices ? "govuk-select" : field.number ? "govuk-input govuk-input--width-3" : "govuk-input";
  input.id = `studio-field-${field.id}`;
  if (field.choices) input.append(...field.choices.map((choice) => new Option(choice, choice)));
  else input.type = "text";
  if (field.number) input.inputMode = "numeric";
  input.setAttribute("aria-describedby", `${hint.id} ${error.id}`);
  input.addEventListener("change", () => formEdit(input, error));
  group.append(label, hint, error, input);
  return group;
}

async function formEdit(input, error) {
  const text = currentText();
  const answer = await ask({ call: "edit", text, path: JSON.parse(input.dataset.path), value: input.value });
  const result = answer.ok ? answer.result : { error: answer.message };
  error.hidden = !result.error;
  error.textContent = result.error ? `Error: ${result.error}` : "";
  input.setAttribute("aria-invalid", result.error ? "true" : "false");
  if (result.error || text !== currentText()) return;
  view.dispatch({ changes: { from: editorPosition(text, result.start), to: editorPosition(text, result.end), insert: result.insert } });
  root.dataset.formEdits = String(Number(root.dataset.formEdits || 0) + 1);
}

async function recordSignOff() {
  const text = currentText();
  const signOff = Object.fromEntries(["by", "role", "date"].map((key) => [key, $(`studio-signoff-${key}`).value]));
  const answer = await ask({ call: "sign-off", text, signOff });
  const result = answer.ok ? answer.result : { error: answer.message };
  const error = $("studio-signoff-error");
  error.hidden = !result.error;
  error.textContent = result.error ? `Error: ${result.error}` : "";
  if (result.error || text !== currentText()) return;
  view.dispatch({ changes: { from: editorPosition(text, result.start), to: editorPosition(text, result.end), insert: result.insert } });
  root.dataset.formEdits = String(Number(root.dataset.formEdits || 0) + 1);
  say("Sign-off recorded in the text, under document: approved:.");
}

// --- Try it: every route, and what changes for practitioners ------------------------------------------------------

const SHOWN = 200;   // rows of a table shown: the count says how many there are

function localToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function tryIt() {
  if (!view || trying !== null) return;
  trying = nextId++;
  $("studio-try").disabled = true;
  root.dataset.tried = "pending";
  const box = $("studio-try-result");
  box.replaceChildren(paragraph("Working out every route…"));
  tryingText = currentText();
  post({ id: trying, call: "try", text: tryingText, source, today: localToday(), published: publishedText }, TRY_STALL);
}

function paragraph(text, id) {
  const p = document.createElement("p");
  p.textContent = text;
  if (id) p.id = id;
  return p;
}

function table(caption, headings, rows, kind) {
  const wrap = document.createElement("div");
  wrap.className = "md-typeset__scrollwrap";
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", caption);
  const element = document.createElement("table");
  element.className = "studio-table";
  element.dataset.kind = kind;
  const title = document.createElement("caption");
  title.textContent = caption;
  const head = document.createElement("tr");
  for (const heading of headings) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = heading;
    head.append(th);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  const body = document.createElement("tbody");
  for (const row of rows.slice(0, SHOWN)) {
    const tr = document.createElement("tr");
    for (const cell of row) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    body.append(tr);
  }
  element.append(title, thead, body);
  wrap.append(element);
  return wrap;
}

function advice(route) {
  if (!route) return "Not a route in this version";
  return [route.result, route.contacts && `Contact: ${route.contacts}`, route.deadline && `By ${route.deadline}`,
    route.timescale, route.duties && `Also: ${route.duties}`].filter(Boolean).join(". ");
}

function plural(count, one, many) {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

function showTry(result) {
  const box = $("studio-try-result");
  box.replaceChildren();
  if (result.problems) {
    root.dataset.tried = "refused";
    box.append(paragraph(`Put the ${plural(result.problems, "problem", "problems")} above right first: the guide cannot run a policy the check refuses.`, "studio-try-summary"));
    box.focus();
    return;
  }
  if (result.route_error) {
    root.dataset.tried = "refused";
    box.append(paragraph(`The guide cannot walk this policy: ${result.route_error}.`, "studio-try-summary"));
    box.focus();
    return;
  }
  const routes = result.routes;
  const changed = result.changed || [];
  const summary = `${plural(routes.length, "route", "routes")} through the guide${result.stopped ? " (the first ones only: there are more)" : ""}. ` +
    (result.changed ? `${plural(changed.length, "route gives", "routes give")} different advice from the policy this site publishes.` : "");
  box.append(paragraph(summary, "studio-try-summary"));
  root.dataset.tried = "done";
  root.dataset.changedRoutes = String(changed.length);
  if (result.facts && result.facts.length) {
    box.append(table("What changed, as the manual's \"What changed\" page will say it", ["What", "Before", "Now"], result.facts, "facts"));
  }
  if (changed.length) {
    box.append(table(`What changes for practitioners${changed.length > SHOWN ? ` (the first ${SHOWN})` : ""}`, ["Answers", "Before", "Now"],
      changed.map((row) => [row.answers.join("; "), advice(row.before), advice(row.now)]), "changed"));
  }
  const every = document.createElement("details");
  const label = document.createElement("summary");
  label.textContent = `Every route${routes.length > SHOWN ? ` (the first ${SHOWN} of ${routes.length.toLocaleString("en-GB")})` : ""}`;
  every.append(label, table("Every route through the guide", ["Answers", "The guide says"],
    routes.map((route) => [route.answers.join("; "), advice(route)]), "routes"));
  box.append(every);
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "md-button";
  copy.id = "studio-review-copy";
  copy.textContent = "Download a review copy for the board (HTML)";
  copy.addEventListener("click", downloadReviewCopy);
  const hint = paragraph("One file that opens offline: the check, what changes, every route, and a table to sign.");
  hint.className = "govuk-hint";
  box.append(hint, copy);
  box.focus();
}

function showTryFailure(message) {
  root.dataset.tried = "failed";
  $("studio-try-result").replaceChildren(paragraph(`Trying the policy stopped (${message}).`, "studio-try-summary"));
}

function downloadReviewCopy() {
  if (!lastTry || lastTry.text !== currentText() || root.dataset.checked === "pending") {
    say("The text has changed since you tried it: press Try it again first, so the review copy is of this text.", true);
    return;
  }
  if (checkedText !== lastTry.text) {   // the check of this text stopped, or failed: the copy would quote an older one's
    say("The review copy needs the check of this text, which did not finish: change the text to check it again, then press Try it.", true);
    return;
  }
  const title = (document.getElementById("studio-field-document-title") || {}).value || "the draft policy";
  const partnership = (document.getElementById("studio-field-partnership-name") || {}).value || "";
  const scenarios = lastScenarios && lastScenarios.text === lastTry.text ? lastScenarios : null;
  const approvedField = (key) => (document.getElementById(`studio-field-document-approved-${key}`) || {}).value;
  const approved = approvedField("by") ? { by: approvedField("by"), role: approvedField("role"), date: approvedField("date") } : null;
  const html = reviewCopy({ title, partnership, day: localToday(), check: lastCheck, tried: lastTry.result, advice, scenarios, approved });
  save(new Blob([html], { type: "text/html" }), `review-copy-${localToday()}.html`);
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// --- scenario tables: build.py scenarios' own code, run on the text in the editor ------------------------------

let lastScenarios = null;   // {text, name, result}: the last table run, for the review copy

async function runScenarios(input) {
  const box = $("studio-scenario-result");
  const file = input.files && input.files[0];
  input.value = "";   // choosing the same file again runs it again
  if (!file || !view) return;
  if (file.size > 2_000_000) {
    box.replaceChildren(paragraph(`${file.name} is ${file.size.toLocaleString()} bytes: a scenario table is far smaller. Is it the right file?`, "studio-scenario-summary"));
    root.dataset.scenarios = "refused";
    return;
  }
  root.dataset.scenarios = "pending";
  box.replaceChildren(paragraph(`Running ${file.name}…`));
  const text = currentText();
  const table = new Uint8Array(await file.arrayBuffer());   // the bytes, as the command line reads them
  const answer = await ask({ call: "scenarios", text, source, table });
  showScenarios(file.name, text, answer);
}

function showScenarios(name, text, answer) {
  const box = $("studio-scenario-result");
  box.replaceChildren();
  if (!answer.ok) {
    root.dataset.scenarios = "failed";
    box.append(paragraph(`Running the table stopped (${answer.message}).`, "studio-scenario-summary"));
  } else if (answer.result.problems) {
    root.dataset.scenarios = "refused";
    box.append(paragraph(`Put the ${plural(answer.result.problems, "problem", "problems")} in the policy right first: the guide cannot run a policy the check refuses.`, "studio-scenario-summary"));
  } else {
    const result = answer.result.result;
    lastScenarios = { text, name, result };
    root.dataset.scenarios = result.status;
    const lines = (items, className) => {
      const list = document.createElement("ul");
      list.className = className;
      for (const item of items) {
        const entry = document.createElement("li");
        entry.textContent = item;
        list.append(entry);
      }
      return list;
    };
    box.append(paragraph(`${name}: ${result.summary}`, "studio-scenario-summary"));
    if (result.problems.length) box.append(lines(result.problems.map((problem) => problem.text), "studio-scenario-problems"));
    const failed = result.rows.filter((row) => !row.passed).map((row) => row.message);
    if (failed.length) box.append(lines(failed, "studio-scenario-failed"));
  }
  box.focus();
}

async function downloadTemplate() {
  if (!view) return;
  const answer = await ask({ call: "template", text: currentText(), source, today: localToday() });
  if (!answer.ok || answer.result.problems) {
    say(answer.ok ? "Put the problems in the policy right first: the template is worked out from it." : `The template could not be made (${answer.message}).`, true);
    return;
  }
  save(new Blob([answer.result.csv], { type: "text/csv" }), "scenarios.csv");
}

// --- opening and saving --------------------------------------------------------------------------------------------

function open(text, sourceFile) {
  if (edited && !window.confirm("Replace the policy you have been editing? Download it first to keep it.")) return;
  source = sourceFile;
  edited = false;
  lineEnd = text.includes("\r\n") ? "\r\n" : "\n";
  $("studio-work").hidden = false;
  $("studio-try-result").replaceChildren();   // what was tried was another text
  $("studio-walk-screen").replaceChildren();  // and what was walked through
  delete root.dataset.tried;
  lastTry = null;
  $("studio-scenario-result").replaceChildren();
  delete root.dataset.scenarios;
  lastScenarios = null;
  if (view) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    edited = false;
  } else {
    view = new EditorView({
      doc: text,
      parent: $("studio-editor"),
      extensions: [
        basicSetup,
        drawSelection({ cursorBlinkRate: 0 }),   // a steady caret: nothing on the page moves by itself
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({
          "aria-labelledby": "studio-editor-label",
          "aria-describedby": "studio-editor-hint",
          tabindex: "0",   // in the Tab order anyway (contenteditable); said, so its scrolling box counts as reachable
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            edited = true;
            schedule();
          }
        }),
      ],
    });
  }
  say("Checking…");
  check();
}

async function openBundled(name, sourceName) {
  try {
    const [text, sourceText] = await Promise.all([name, sourceName].map(async (file) => {
      const response = await fetch(new URL(file, import.meta.url));
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      return response.text();
    }));
    open(text, { name: "source.md", text: sourceText });
  } catch (error) {
    say(`That policy could not be opened (${error.message}).`, true);
  }
}

async function readFile(input) {
  const file = input.files && input.files[0];
  if (!file) return null;
  if (file.size > 2_000_000) {
    say(`${file.name} is ${file.size.toLocaleString()} bytes: a policy is far smaller. Is it the right file?`, true);
    return null;
  }
  try {   // the editor holds text: bytes that are not UTF-8 would be changed, silently, by reading them as text (a byte
    // order mark is kept, as a character, so the download keeps it too)
    return { name: file.name, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(await file.arrayBuffer()) };
  } catch (error) {
    say(`${file.name} is not UTF-8 text, so it cannot be edited here. Is it the right file? If so, save it as UTF-8 in a text editor and open it again.`, true);
    return null;
  }
}

if ($("studio-model")) $("studio-model").addEventListener("click", () => openBundled("model-policy.txt", "model-source.txt"));
$("studio-published").addEventListener("click", () => openBundled("published-policy.txt", "published-source.txt"));
$("studio-file").addEventListener("change", async (event) => {
  const file = await readFile(event.target);
  if (file) open(file.text, chosenSource);
});
$("studio-source").addEventListener("change", async (event) => {
  const file = await readFile(event.target);
  if (!file) return;
  source = file;
  chosenSource = file;
  say(`Quotes are now checked against ${file.name}.`);
  check();
});
$("studio-try").addEventListener("click", tryIt);
const walk = walkThrough({ box: $("studio-walk-screen"), ask, draft: () => ({ text: currentText(), source }) });
$("studio-walk").addEventListener("click", () => walk.start());
$("studio-scenarios").addEventListener("change", (event) => runScenarios(event.target));
$("studio-scenario-template").addEventListener("click", downloadTemplate);
$("studio-signoff-record").addEventListener("click", recordSignOff);
fetch(new URL("published-policy.txt", import.meta.url)).then((response) => (response.ok ? response.text() : null))
  .then((text) => { publishedText = text; }, () => {});
$("studio-download").addEventListener("click", () => {
  save(new Blob([currentText()], { type: "application/yaml" }), "policy.yaml");
  edited = false;
});
window.addEventListener("beforeunload", (event) => {
  if (edited) event.preventDefault();
});

for (const id of ["studio-model", "studio-published", "studio-file", "studio-source"]) if ($(id)) $(id).disabled = false;
startWorker();
say("The check is starting: you can open a policy now.");
