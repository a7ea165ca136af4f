// The decision guide's page script. It only renders: the engine (Python, under Pyodide) runs in a module worker.
//
// Privacy by construction: answers and a child's details live in this page's memory only. They are never put in
// the URL (history entries carry only a screen number), never sent over the network, never written to cookies or
// storage. "Start again" clears them; leaving the page with answers entered asks first.

const root = document.getElementById("guide");
if (root) main(root);

function main(root) {
  const data = JSON.parse(document.getElementById("guide-data").textContent);
  const screenEl = document.getElementById("guide-screen");
  const statusEl = document.getElementById("guide-status");
  const introEls = [document.getElementById("guide-intro"), document.getElementById("guide-needs")];
  const baseTitle = document.title;
  const firstKey = stepKey({});

  let state = fresh();
  const engine = startEngine();

  function fresh() {
    return {
      answers: {}, // question id -> answer as given: an option value, or {day, month, year} as typed
      details: {}, // form field key -> value as typed
      questions: {}, // question id -> the question as last shown, for "Change" links
      forms: {}, // form id -> its sections and fields from the engine
      screens: [{ type: "question", step: data.steps[firstKey] }],
      current: 0,
    };
  }

  // --- the engine --------------------------------------------------------------------------------------------

  function startEngine() {
    const worker = new Worker(new URL("engine-worker.mjs", import.meta.url), { type: "module" });
    const pending = new Map();
    let nextId = 1;
    const client = { ready: false, failed: null };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "ready") {
        client.ready = true;
        root.dataset.engine = "ready";
        performance.mark("guide:engine-ready", { detail: { worker: message.ms, ...message.timings } });
        if (statusEl.dataset.waiting) setStatus("");
        return;
      }
      if (message.type === "failed") return fail(message.message);
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (call) (message.ok ? call.resolve : call.reject)(message.ok ? message.result : new Error(message.error));
    };
    worker.onerror = (event) => fail(event.message || "the engine could not load");
    function fail(message) {
      client.failed = message;
      for (const call of pending.values()) call.reject(new Error(message));
      pending.clear();
      showFailure();
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

  async function ask(name, ...args) {
    if (!engine.ready && !engine.failed) {
      statusEl.dataset.waiting = "1";
      setStatus("The guide is still starting. Your answer is kept, and it will be checked in a moment.");
    }
    try {
      return await engine.call(name, ...args);
    } finally {
      delete statusEl.dataset.waiting;
      setStatus("");
    }
  }

  async function nextStep(answers, submitted) {
    // "submitted" only matters when that answer is blank (the engine then gives "Enter ..." or "Select ...").
    const key = stepKey(answers, submitted in answers ? null : submitted);
    if (key in data.steps) return data.steps[key]; // made at build time by the same engine
    return JSON.parse(await ask("advise", JSON.stringify(answers), today(), submitted || null));
  }

  function showFailure() {
    screenEl.innerHTML =
      `<div class="guide-failure" role="alert"><h2 id="guide-heading" tabindex="-1">The guide could not start</h2>` +
      `<p>Your browser could not run the guide's engine. The manual gives every stage, contact, timescale and duty: ` +
      `start at <a href="../when-to-use/">When to use this policy</a>.</p></div>`;
    focusHeading();
  }

  // --- screens and the back button ---------------------------------------------------------------------------

  function show(screen) {
    state.screens = state.screens.slice(0, state.current + 1);
    state.screens.push(screen);
    state.current = state.screens.length - 1;
    history.pushState({ guide: state.current }, "", location.pathname);
    render();
  }

  function replace(screen) {
    state.screens[state.current] = screen;
    render();
  }

  window.addEventListener("popstate", (event) => {
    const index = event.state && typeof event.state.guide === "number" ? event.state.guide : 0;
    state.current = Math.min(index, state.screens.length - 1);
    render();
  });
  history.replaceState({ guide: 0 }, "", location.pathname);

  window.addEventListener("beforeunload", (event) => {
    if (Object.keys(state.answers).length || Object.keys(state.details).length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  let rendered = 0;

  function render() {
    root.dataset.screen = String(++rendered); // for tests and the benchmark: a new screen has been drawn
    const screen = state.screens[state.current];
    for (const element of introEls) element.hidden = state.current !== 0;
    if (screen.type === "question") screenEl.innerHTML = questionHtml(screen.step);
    else if (screen.type === "result") screenEl.innerHTML = resultHtml(screen.step);
    else if (screen.type === "form") screenEl.innerHTML = formSectionHtml(screen);
    else if (screen.type === "form-check") screenEl.innerHTML = formCheckHtml(screen);
    const heading = screenEl.querySelector("#guide-heading");
    const errors = screenEl.querySelector(".govuk-error-summary");
    document.title = (errors ? "Error: " : "") + (heading ? heading.textContent.trim() + " – " : "") + baseTitle;
    if (errors) errors.focus();
    else focusHeading();
    window.scrollTo(0, 0);
  }

  function focusHeading() {
    const heading = screenEl.querySelector("#guide-heading");
    if (heading) heading.focus({ preventScroll: true });
  }

  // --- questions ---------------------------------------------------------------------------------------------

  function questionHtml(step) {
    const q = step.question;
    state.questions[q.id] = q;
    const value = q.id in state.answers ? state.answers[q.id] : step.value;
    const error = (step.errors || [])[0];
    const describedBy = [q.hint ? "guide-hint" : "", error ? "guide-error" : ""].filter(Boolean).join(" ");
    let control;
    let target = "guide-answer-0";
    if (q.type === "date") {
      target = `guide-date-${(error && error.field) || "day"}`;
      control =
        dateInputs("guide-date", "", value, error ? error.field || "all" : null) +
        `<p class="guide-today"><button type="button" class="guide-link-button" data-action="today">Use today's date</button></p>`;
    } else if (q.type === "text") {
      target = "guide-text";
      control = `<input class="govuk-input${error ? " govuk-input--error" : ""}" id="guide-text" name="answer" type="text" value="${esc(value || "")}">`;
    } else {
      control =
        `<div class="govuk-radios">` +
        q.options
          .map((o, i) => {
            const hint = o.hint ? ` aria-describedby="guide-answer-${i}-hint"` : "";
            return (
              `<div class="govuk-radios__item"><input class="govuk-radios__input" id="guide-answer-${i}" name="answer" type="radio" ` +
              `value="${esc(o.value)}"${value === o.value ? " checked" : ""}${hint}>` +
              `<label class="govuk-label govuk-radios__label" for="guide-answer-${i}">${esc(o.label)}</label>` +
              (o.hint ? `<div class="govuk-hint govuk-radios__hint" id="guide-answer-${i}-hint">${esc(o.hint)}</div>` : "") +
              `</div>`
            );
          })
          .join("") +
        `</div>`;
    }
    return (
      backLink() +
      (error ? errorSummary([{ href: `#${target}`, message: error.message }]) : "") +
      `<form class="guide-form" id="guide-form" data-question="${esc(q.id)}" novalidate>` +
      `<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">` +
      `<fieldset class="govuk-fieldset"${q.type === "date" ? ' role="group"' : ""}${describedBy ? ` aria-describedby="${describedBy}"` : ""}>` +
      `<legend class="govuk-fieldset__legend"><h2 class="govuk-fieldset__heading" id="guide-heading" tabindex="-1">${esc(q.text)}</h2></legend>` +
      (q.hint ? `<div class="govuk-hint" id="guide-hint">${esc(q.hint)}</div>` : "") +
      (error ? `<p class="govuk-error-message" id="guide-error"><span class="govuk-visually-hidden">Error:</span> ${esc(error.message)}</p>` : "") +
      control +
      `</fieldset></div>` +
      `<button type="submit" class="md-button md-button--primary guide-button">Continue</button>` +
      `</form>` +
      (state.current > 0 ? startAgainHtml() : "")
    );
  }

  function readAnswer(form, q) {
    if (q.type === "date") {
      const part = (name) => form.elements[name].value.trim();
      const typed = { day: part("day"), month: part("month"), year: part("year") };
      return typed.day || typed.month || typed.year ? typed : "";
    }
    if (q.type === "text") return form.elements.answer.value.trim();
    const checked = form.querySelector('input[name="answer"]:checked');
    return checked ? checked.value : "";
  }

  async function submitQuestion(form) {
    const step = state.screens[state.current].step;
    const q = step.question;
    const value = readAnswer(form, q);
    if (value === "") delete state.answers[q.id];
    else state.answers[q.id] = value;
    busy(form, true);
    try {
      const next = await nextStep(state.answers, q.id);
      if (next.kind === "question" && next.question.id === q.id) replace({ type: "question", step: next });
      else if (next.kind === "question") show({ type: "question", step: next });
      else show({ type: "result", step: next });
    } catch (error) {
      if (!engine.failed) setStatus(`Something went wrong: ${error.message}. Your answers are kept: try again.`);
    } finally {
      busy(form, false);
    }
  }

  // --- the advice --------------------------------------------------------------------------------------------

  function resultHtml(step) {
    if (step.kind === "signpost") return signpostHtml(step);
    if (step.kind !== "advice") {
      return backLink() + `<h2 id="guide-heading" tabindex="-1">The guide has no advice for these answers</h2>` + answersHtml(step) + startAgainHtml();
    }
    const stage = step.stage;
    const name = `${stage.label}: ${stage.title}`;
    const headline = {
      raise: `Your next step: ${name}`,
      waiting: `Wait for a response to ${name}`,
      resolved: `Resolved at ${name}`,
      end: `This was the last step in the policy: ${name}`,
    }[step.outcome];
    const due = step.deadline
      ? `<p class="guide-panel__deadline">${step.outcome === "raise" || step.outcome === "waiting" ? "Response due by" : "The response was due by"} <strong>${esc(step.deadline.text)}</strong></p>`
      : "";
    const raisedBy = step.raised_by.length ? `<dt>Who raises it</dt><dd>${step.raised_by.map(esc).join(", ")}</dd>` : "";
    const contacts = step.contacts.length
      ? `<h3 id="guide-contacts">Who to contact</h3><dl class="guide-list">${raisedBy}` +
        step.contacts
          .map((c) => {
            const where = { yours: "In your agency", theirs: "In the other agency", partnership: "The partnership or another body" }[c.side];
            const agency = c.agency ? ` (${esc(c.agency.name)})` : "";
            const roles = c.roles.map((r) => esc(r.title)).join(", ");
            const check = c.status === "check" ? `<span class="guide-check">Check: ${esc(c.note || "this depends on an answer you were not sure of")}</span> ` : "";
            const note = c.status !== "check" && c.note ? ` <span class="guide-note">${esc(c.note)}</span>` : "";
            return `<dt>${where}${agency}</dt><dd>${check}${roles}${note}</dd>`;
          })
          .join("") +
        `</dl>` +
        (stage.help ? `<div class="guide-help">${md(stage.help)}</div>` : "")
      : "";
    const timescale = step.timescale;
    const deadline =
      `<h3 id="guide-deadline">Timescale</h3><p>${esc(capital(timescale.text))}.` +
      (step.deadline && step.raised_on ? ` Counted from ${esc(step.raised_on.text)}: the response is due by <strong>${esc(step.deadline.text)}</strong>. Weekends and bank holidays are not counted.` : "") +
      `</p>` +
      (timescale.wording ? `<p class="guide-quote">The policy says: “${esc(timescale.wording)}”</p>` : "") +
      (timescale.note ? `<p class="guide-note">${esc(timescale.note)}</p>` : "") +
      (step.raise_within ? `<p>Raise this step ${esc(step.raise_within.within)}.${step.raise_within.wording ? ` The policy says: “${esc(step.raise_within.wording)}”` : ""}</p>` : "");
    const duties =
      `<h3 id="guide-duties">Who to tell</h3>` +
      (step.duties.length
        ? `<ul class="guide-duties">` +
          step.duties
            .map((d) => {
              const email = d.contact && d.contact.email ? ` <a href="mailto:${esc(d.contact.email)}">${esc(d.contact.email)}</a>` : "";
              if (d.status === "check") return `<li><strong>Check whether ${esc(d.because)}.</strong> If so: ${esc(d.action)}${email}</li>`;
              if (d.status === "if") return `<li><strong>If ${esc(d.because)}:</strong> ${esc(d.action)}${email}</li>`;
              return `<li><strong>${esc(d.action)}</strong>${email} <span class="guide-reason">Because ${esc(d.because)}.</span></li>`;
            })
            .join("") +
          `</ul>`
        : `<p>The policy names nobody else to tell at this step.</p>`);
    const records = step.records.length ? `<h3 id="guide-records">Records to keep</h3><ul>${step.records.map((r) => `<li>${mdInline(r)}</li>`).join("")}</ul>` : "";
    const form = step.form
      ? `<h3 id="guide-form-heading">The form</h3><p>${esc(step.form.title)}. ${md(step.form.purpose).replace(/^<p>|<\/p>$/g, "")}</p>` +
        (step.form.fillable
          ? `<p><button type="button" class="md-button md-button--primary" data-action="form" data-form="${esc(step.form.id)}">Fill in the ${esc(step.form.title)}</button></p>`
          : `<p class="guide-note">${esc(step.form.note || "The guide cannot fill in this form.")} You can still make an escalation record below.</p>`) +
        `<p><a href="../${esc(step.form.manual)}">Every field of the ${esc(step.form.title)}</a></p>`
      : "";
    let next;
    if (step.if_unresolved) next = md(step.if_unresolved);
    else if (step.next)
      next =
        `<p>Go to <a href="../${esc(step.next.manual)}">${esc(step.next.label)}: ${esc(step.next.title)}</a>.` +
        (step.next.requires ? ` ${esc(step.next.requires)}` : "") +
        (step.next.raise_within ? ` Raise it ${esc(step.next.raise_within)}.` : "") +
        `</p>`;
    else next = `<p>This is the last step in the policy.</p>` + (step.after ? md(step.after) : "");
    const notices = step.notices.map((n) => `<div class="guide-warning" role="note"><strong>${esc(n.text)}</strong></div>`).join("");
    return (
      backLink() +
      `<div class="guide-panel"><h2 id="guide-heading" tabindex="-1">${esc(headline)}</h2>${due}</div>` +
      notices +
      (step.outcome === "resolved" ? `<p>Keep a record of the outcome, and tell the people listed below.</p>` : "") +
      `<div class="guide-stage-description">${md(stage.description)}</div>` +
      contacts +
      deadline +
      duties +
      records +
      form +
      `<h3 id="guide-next">If it is not resolved</h3>${next}` +
      `<p class="guide-manual-link">Read <a href="../${esc(stage.manual)}">${esc(name)}</a> in the manual.</p>` +
      `<h3 id="guide-record-heading">Escalation record</h3><p>A Word document summarising the case, each step with its dates, and who to tell, for your records.</p>` +
      `<p><button type="button" class="md-button" data-action="form" data-form="escalation-record">Make an escalation record</button></p>` +
      answersHtml(step) +
      startAgainHtml()
    );
  }

  function signpostHtml(step) {
    const s = step.signpost;
    return (
      backLink() +
      `<div class="guide-panel guide-panel--signpost"><h2 id="guide-heading" tabindex="-1">${esc(s.title)}</h2></div>` +
      `<div class="guide-signpost">${md(s.instruction)}</div>` +
      (s.note ? `<p class="guide-note">${esc(s.note)}</p>` : "") +
      `<p class="guide-manual-link"><a href="../${esc(s.manual)}">Read this in the manual</a></p>` +
      answersHtml(step) +
      startAgainHtml()
    );
  }

  function answersHtml(step) {
    if (!step.summary.length) return "";
    return (
      `<h3 id="guide-answers">Your answers</h3><dl class="govuk-summary-list">` +
      step.summary
        .map(
          (row) =>
            `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(row.question)}</dt>` +
            `<dd class="govuk-summary-list__value">${esc(row.answer)}</dd>` +
            `<dd class="govuk-summary-list__actions"><a href="#" data-action="change" data-question="${esc(row.id)}">Change<span class="govuk-visually-hidden"> ${esc(row.question)}</span></a></dd></div>`,
        )
        .join("") +
      `</dl>`
    );
  }

  function startAgainHtml() {
    return `<p class="guide-start-again"><button type="button" class="md-button" data-action="start-again">Start again</button> This clears all your answers and details.</p>`;
  }

  // --- forms -------------------------------------------------------------------------------------------------

  async function openForm(formId) {
    const screens = JSON.parse(await ask("form_screens", formId, JSON.stringify(state.answers), JSON.stringify(state.details), today()));
    state.forms[formId] = screens;
    for (const section of screens.sections) for (const f of section.fields) if (!(f.key in state.details) && f.value) state.details[f.key] = f.value;
    show({ type: "form", formId, section: 0, errors: [] });
  }

  function formSectionHtml(screen) {
    const form = state.forms[screen.formId];
    const section = form.sections[screen.section];
    const errors = screen.errors || [];
    const errorFor = (key) => errors.find((e) => e.key === key);
    const fields = section.fields
      .map((f) => {
        const error = errorFor(f.key);
        const id = `guide-field-${f.id}`;
        const value = f.key in state.details ? state.details[f.key] : f.value;
        const hintId = f.hint || f.prefilled || f.personal ? `${id}-hint` : "";
        const hintText = [f.hint, f.personal ? "The child's or family's details: they stay on this computer and go only into the document." : "", !f.required ? "Optional." : ""]
          .filter(Boolean)
          .join(" ");
        const hint = hintText ? `<div class="govuk-hint" id="${id}-hint">${esc(hintText)}</div>` : "";
        const message = error ? `<p class="govuk-error-message" id="${id}-error"><span class="govuk-visually-hidden">Error:</span> ${esc(error.message)}</p>` : "";
        const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
        const aria = `${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""}`;
        let control;
        if (f.type === "date") {
          control = dateInputs(id, `${f.key}.`, value, error ? error.part || "day" : null);
          return (
            `<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}"><fieldset class="govuk-fieldset" role="group"${aria}>` +
            `<legend class="govuk-fieldset__legend govuk-label">${esc(f.label)}</legend>${hint}${message}${control}</fieldset></div>`
          );
        }
        if (f.type === "long-text")
          control = `<textarea class="govuk-textarea${error ? " govuk-textarea--error" : ""}" id="${id}" name="${esc(f.key)}" rows="5"${aria}>${esc(value || "")}</textarea>`;
        else
          control = `<input class="govuk-input${error ? " govuk-input--error" : ""}" id="${id}" name="${esc(f.key)}" type="${f.type === "email" ? "email" : "text"}" value="${esc(value || "")}"${aria}>`;
        return `<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}"><label class="govuk-label" for="${id}">${esc(f.label)}</label>${hint}${message}${control}</div>`;
      })
      .join("");
    const summary = errors.length
      ? errorSummary(
          errors.map((e) => {
            const f = section.fields.find((x) => x.key === e.key);
            return { href: `#guide-field-${f.id}${f.type === "date" ? `-${e.part || "day"}` : ""}`, message: e.message };
          }),
        )
      : "";
    const recipient =
      screen.section === 0 && form.recipient_fields.length
        ? `<p class="guide-note">Left blank for the person who receives the form: ${form.recipient_fields.map(esc).join("; ")}.</p>`
        : "";
    return (
      backLink() +
      summary +
      `<form class="guide-form" id="guide-form" data-form="${esc(screen.formId)}" novalidate>` +
      `<span class="guide-caption">${esc(form.title)}, part ${screen.section + 1} of ${form.sections.length}</span>` +
      `<h2 id="guide-heading" tabindex="-1">${esc(section.title)}</h2>` +
      (screen.section === 0 ? `<p>Check what the guide has filled in from your answers, and complete the rest.</p>` : "") +
      recipient +
      (section.note ? `<div class="guide-note">${md(section.note)}</div>` : "") +
      fields +
      `<button type="submit" class="md-button md-button--primary guide-button">Continue</button></form>` +
      startAgainHtml()
    );
  }

  async function submitFormSection(formElement) {
    const screen = state.screens[state.current];
    const section = state.forms[screen.formId].sections[screen.section];
    for (const f of section.fields) {
      if (f.type === "date") {
        const part = (p) => formElement.elements[`${f.key}.${p}`].value.trim();
        const typed = { day: part("day"), month: part("month"), year: part("year") };
        state.details[f.key] = typed.day || typed.month || typed.year ? typed : "";
      } else {
        state.details[f.key] = formElement.elements[f.key].value;
      }
    }
    busy(formElement, true);
    try {
      const errors = JSON.parse(await ask("validate", screen.formId, screen.section, JSON.stringify(state.details)));
      if (errors.length) return replace({ ...screen, errors });
      if (screen.returnToCheck || screen.section + 1 >= state.forms[screen.formId].sections.length) show({ type: "form-check", formId: screen.formId });
      else show({ type: "form", formId: screen.formId, section: screen.section + 1, errors: [] });
    } finally {
      busy(formElement, false);
    }
  }

  function formCheckHtml(screen) {
    const form = state.forms[screen.formId];
    const rows = form.sections
      .map(
        (section, index) =>
          `<h3>${esc(section.title)}</h3><dl class="govuk-summary-list">` +
          section.fields
            .map(
              (f) =>
                `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(f.label)}</dt>` +
                `<dd class="govuk-summary-list__value">${esc(displayValue(f, state.details[f.key])) || '<span class="guide-note">Not given</span>'}</dd>` +
                `<dd class="govuk-summary-list__actions"><a href="#" data-action="form-section" data-section="${index}">Change<span class="govuk-visually-hidden"> ${esc(f.label)}</span></a></dd></div>`,
            )
            .join("") +
          `</dl>`,
      )
      .join("");
    const email = form.email
      ? `<p><a class="md-button" href="${esc(form.email.href)}" data-action="email">E-mail ${esc(form.email.to)}</a> A ready-to-send message with no details of the child or family: attach the document yourself, using your organisation's secure e-mail.</p>`
      : "";
    return (
      backLink() +
      `<span class="guide-caption">${esc(form.title)}</span><h2 id="guide-heading" tabindex="-1">Check your answers before you make the document</h2>` +
      rows +
      `<h3>Make the document</h3>` +
      `<p><button type="button" class="md-button md-button--primary" data-action="download" data-form="${esc(screen.formId)}">Download the ${esc(form.title)} (Word)</button></p>` +
      `<p><button type="button" class="md-button" data-action="print" data-form="${esc(screen.formId)}">Print, or save as PDF</button></p>` +
      email +
      `<p class="guide-note">The document is made on this computer. Nothing is sent anywhere.</p>` +
      `<p><a href="#" data-action="result">Back to your next step</a></p>` +
      startAgainHtml()
    );
  }

  async function download(formId, button) {
    busy(button, true);
    try {
      const [bytes, name] = await Promise.all([
        ask("make_document", formId, JSON.stringify(state.answers), JSON.stringify(state.details), today()),
        ask("document_name", formId, today()),
      ]);
      const blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      performance.mark("guide:document-ready");
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setStatus(`${name} is downloading.`);
    } catch (error) {
      setStatus(`The document could not be made: ${error.message}`);
    } finally {
      busy(button, false);
    }
  }

  function printView(formId) {
    const form = state.forms[formId];
    let view = document.getElementById("guide-print");
    if (!view) {
      view = document.createElement("div");
      view.id = "guide-print";
      view.className = "guide-print";
      document.body.appendChild(view);
    }
    view.innerHTML =
      `<h1>${esc(form.title)}</h1><p>${esc(document.querySelector(".policy-meta__version")?.textContent || "")}</p>` +
      form.sections
        .map(
          (section) =>
            `<table><caption>${esc(section.title)}</caption>` +
            section.fields.map((f) => `<tr><th scope="row">${esc(f.label)}</th><td>${esc(displayValue(f, state.details[f.key]))}</td></tr>`).join("") +
            `</table>`,
        )
        .join("") +
      (form.recipient_fields.length ? `<p>For the person who receives it: ${form.recipient_fields.map(esc).join("; ")}.</p>` : "");
    document.body.classList.add("guide-printing");
    window.print();
    document.body.classList.remove("guide-printing");
    view.innerHTML = "";
  }

  // --- events ------------------------------------------------------------------------------------------------

  screenEl.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    if (form.dataset.question) submitQuestion(form);
    else if (form.dataset.form) submitFormSection(form);
  });

  root.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target) return;
    const action = target.dataset.action;
    if (action === "email") return; // a real mailto: link
    event.preventDefault();
    if (action === "back") history.back();
    else if (action === "change") {
      const q = state.questions[target.dataset.question];
      show({ type: "question", step: { kind: "question", question: q, errors: [], value: state.answers[q.id], summary: [] } });
    } else if (action === "start-again") startAgain();
    else if (action === "today") {
      const [y, m, d] = today().split("-");
      const form = target.closest("form");
      form.elements.day.value = String(Number(d));
      form.elements.month.value = String(Number(m));
      form.elements.year.value = y;
    } else if (action === "form") openForm(target.dataset.form);
    else if (action === "form-section") {
      const screen = state.screens[state.current];
      show({ type: "form", formId: screen.formId, section: Number(target.dataset.section), errors: [], returnToCheck: true });
    } else if (action === "download") download(target.dataset.form, target);
    else if (action === "print") printView(target.dataset.form);
    else if (action === "result") {
      const index = state.screens.map((s) => s.type).lastIndexOf("result");
      if (index >= 0) show(state.screens[index]);
    }
  });

  function startAgain() {
    state = fresh();
    history.pushState({ guide: 0 }, "", location.pathname);
    render();
  }

  // --- helpers -----------------------------------------------------------------------------------------------

  function backLink() {
    return state.current > 0 ? `<a href="#" class="govuk-back-link" data-action="back">Back</a>` : "";
  }

  function errorSummary(items) {
    return (
      `<div class="govuk-error-summary" role="alert" tabindex="-1" aria-labelledby="guide-error-title"><h2 class="govuk-error-summary__title" id="guide-error-title">There is a problem</h2>` +
      `<ul class="govuk-error-summary__list">${items.map((i) => `<li><a href="${esc(i.href)}">${esc(i.message)}</a></li>`).join("")}</ul></div>`
    );
  }

  function busy(element, on) {
    const button = element.tagName === "BUTTON" ? element : element.querySelector('button[type="submit"]');
    if (button) {
      button.disabled = on;
      button.setAttribute("aria-busy", on ? "true" : "false");
    }
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  function md(text) {
    if (!text) return "";
    return data.html[text] || `<p>${esc(text)}</p>`;
  }

  function mdInline(text) {
    return md(text).replace(/^<p>|<\/p>$/g, "");
  }
}

// The error summary links move focus to their field (GOV.UK pattern).
document.addEventListener("click", (event) => {
  const link = event.target.closest(".govuk-error-summary a");
  if (!link) return;
  const field = document.querySelector(link.getAttribute("href"));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});

export function stepKey(answers, submitted) {
  const pairs = Object.keys(answers)
    .sort()
    .map((k) => [k, answers[k]]);
  return JSON.stringify(pairs) + "|" + (submitted || "");
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// GOV.UK date input: day, month and year boxes. ``wrong`` is the part in error, "all", or null.
function dateInputs(id, namePrefix, value, wrong) {
  const parts = dateParts(value);
  return (
    `<div class="govuk-date-input" id="${id}">` +
    [["day", "Day", 2], ["month", "Month", 2], ["year", "Year", 4]]
      .map(([part, label, width]) => {
        const error = wrong === "all" || wrong === part;
        return (
          `<div class="govuk-date-input__item"><div class="govuk-form-group">` +
          `<label class="govuk-label govuk-date-input__label" for="${id}-${part}">${label}</label>` +
          `<input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" ` +
          `id="${id}-${part}" name="${esc(namePrefix)}${part}" type="text" inputmode="numeric" autocomplete="off" ` +
          `value="${esc(parts[part])}"${error ? ' aria-invalid="true"' : ""}></div></div>`
        );
      })
      .join("") +
    `</div>`
  );
}

function dateParts(value) {
  if (value && typeof value === "object") return { day: value.day || "", month: value.month || "", year: value.year || "" };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  if (match) return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
  return { day: "", month: "", year: "" };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function displayValue(field, value) {
  if (field.type === "date") {
    const parts = dateParts(value);
    if (!parts.day && !parts.month && !parts.year) return "";
    const month = MONTHS[Number(parts.month) - 1];
    return month ? `${Number(parts.day)} ${month} ${parts.year}` : `${parts.day} ${parts.month} ${parts.year}`;
  }
  return typeof value === "string" ? value.trim() : "";
}

function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function esc(value) {
  return String(value == null ? "" : value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
