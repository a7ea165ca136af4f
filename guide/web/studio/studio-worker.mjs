// The studio's check: `build.py check`'s own Python (guide/publish/studio_check.py) under Pyodide in this module
// worker, so each message has the command line's line:col and words. Everything comes from this site: Pyodide is the
// guide's copy, the standard library and the checker's Python (with its pure-Python libraries) are the studio's.
// The page sends {id, text, source: {name, text} | null} to check, or with call: "try", today and published (the text
// of the policy the site publishes) for every route and what changes (studio_check.try_policy), call: "fields" for
// the form's fields, call: "edit" with a path and a value for the one change a form edit makes, call: "scenarios" with
// a table (the CSV file's bytes) to run against the text (studio_check.run_scenarios: `build.py scenarios`' own code),
// call: "template" with today for a table to start from, or call: "sign-off" with {by, role, date} for the change that
// records the board's sign-off (studio_check.sign_off), or call: "walk" with answers (JSON) and submitted for the
// guide's next step for the draft (studio_check.walk: the engine's own next_step); the worker answers {id, ok, result} or {id, ok: false,
// message}, and says {type: "ready"} once it can check, or {type: "failed", message} if it cannot start.
const RUNTIME = { pyodide: "../guide/pyodide/", lock: undefined };  // filled in by the build (studio.py)
const here = new URL("./", import.meta.url);
let checkText = null;
let studio = null;

const ready = (async () => {
  const pyodideURL = new URL(RUNTIME.pyodide, here);
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
  const [py, library, calendar] = await Promise.all([
    loadPyodide({
      indexURL: pyodideURL.href,
      // Pyodide's whole standard library, stored once per site beside Pyodide (the guide's is trimmed).
      stdLibURL: new URL("studio-stdlib.zip", pyodideURL).href,
      lockFileContents: RUNTIME.lock,
    }),
    fetch(new URL("studio-lib.zip", here)).then((response) => {
      if (!response.ok) throw new Error(`studio-lib.zip: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
    fetch(new URL("bank-holidays.json", here)).then((response) => {
      if (!response.ok) throw new Error(`bank-holidays.json: HTTP ${response.status}`);
      return response.text();
    }),
  ]);
  py.unpackArchive(library, "zip", { extractDir: "/studio-lib" });
  py.runPython("import sys; sys.path.insert(0, '/studio-lib')");
  const studioCheck = py.pyimport("guide.publish.studio_check");
  studioCheck.set_bank_holidays(calendar);
  checkText = studioCheck.check_text;
  studio = studioCheck;
  postMessage({ type: "ready" });
})();
ready.catch((error) => postMessage({ type: "failed", message: String((error && error.message) || error) }));

onmessage = async (event) => {
  const { id, call, text, source, today, published, path, value, table, signOff, answers, submitted } = event.data;
  try {
    await ready;
    const sourceName = source ? source.name : null;
    const sourceText = source ? source.text : null;
    let answer;
    if (call === "try") answer = studio.try_policy(text, sourceName, sourceText, today, published);
    else if (call === "fields") answer = studio.form_fields(text);
    else if (call === "edit") answer = studio.form_edit(text, path, value);
    else if (call === "scenarios") answer = studio.run_scenarios(text, sourceName, sourceText, table);
    else if (call === "sign-off") answer = studio.sign_off(text, signOff.by, signOff.role, signOff.date);
    else if (call === "walk") answer = studio.walk(text, sourceName, sourceText, answers, today, submitted || null);
    else if (call === "template") answer = studio.scenario_template(text, sourceName, sourceText, today);
    else answer = checkText(text, sourceName, sourceText);
    const result = answer.toJs({ dict_converter: Object.fromEntries });
    answer.destroy();
    postMessage({ id, ok: true, result });
  } catch (error) {
    postMessage({ id, ok: false, message: String((error && error.message) || error) });
  }
};
