// The decision guide's page script: state, screens, navigation and events. It only renders: the engine (Python,
// under Pyodide) runs in a module worker (engine-client.mjs), and each kind of screen has its own module.
//
// Privacy by construction: answers and a child's details live in this page's memory only. They are never put in
// the URL (history entries carry only a screen number), never sent over the network, never written to cookies or
// storage. "Start again" clears them; leaving the page with answers entered asks first.

import { startEngine } from "./engine-client.mjs";
import { download, printView } from "./documents.mjs";
import { formCheckHtml, formSectionHtml, readSection } from "./forms.mjs";
import { esc, stepKey, today } from "./html.mjs";
import { questionHtml, readAnswer } from "./questions.mjs";
import { resultHtml } from "./result.mjs";
import { makeWording } from "./wording.mjs";

export { stepKey };

const root = document.getElementById("guide");
if (root) main(root);

function main(root) {
  const data = JSON.parse(document.getElementById("guide-data").textContent);
  const screenEl = document.getElementById("guide-screen");
  const statusEl = document.getElementById("guide-status");
  const introEls = [document.getElementById("guide-intro"), document.getElementById("guide-needs")];
  const baseTitle = document.title;
  const firstKey = stepKey({});
  const fresh = () => ({
    answers: {}, // question id -> answer as given: an option value, or {day, month, year} as typed
    details: {}, // form field key -> value as typed
    questions: {}, // question id -> the question as last shown, for "Change" links
    forms: {}, // form id -> its sections and fields from the engine
    screens: [{ type: "question", step: data.steps[firstKey] }],
    current: 0,
  });
  const ctx = { data, root, state: fresh(), t: makeWording(data.wording || {}), ask, busy, setStatus };
  const { t } = ctx;

  const engine = startEngine({
    onReady(message) {
      root.dataset.engine = "ready";
      performance.mark("guide:engine-ready", { detail: { worker: message.ms, ...message.timings } });
      if (statusEl.dataset.waiting) setStatus("");
    },
    onFailed() {
      root.dataset.engine = "failed";
      setStatus(t("guide.failed.status"), true);
    },
  });

  async function ask(name, ...args) {
    const waiting = !engine.ready && !engine.failed;
    if (waiting) {
      statusEl.dataset.waiting = "1";
      setStatus(t("guide.status.starting"));
    }
    try {
      return await engine.call(name, ...args);
    } finally {
      if (waiting) {
        delete statusEl.dataset.waiting;
        setStatus("");
      }
    }
  }

  async function nextStep(answers, submitted) {
    // "submitted" only matters when that answer is blank (the engine then gives "Enter ..." or "Select ...").
    const key = stepKey(answers, submitted in answers ? null : submitted);
    if (key in data.steps) return data.steps[key]; // made at build time by the same engine
    return JSON.parse(await ask("advise", JSON.stringify(answers), today(), submitted || null));
  }

  // The engine could not start: say so, keep every answer, and point to the manual page for the same question.
  function failureHtml() {
    const withStage = ctx.state.screens.slice(0, ctx.state.current).reverse().find((s) => s.step && s.step.stage);
    const manual = withStage ? withStage.step.stage.manual : "when-to-use/";
    return (
      `<div class="guide-failure" role="alert"><h2 id="guide-heading" tabindex="-1">${esc(t("guide.failed.title"))}</h2>` +
      `<p>${esc(t("guide.failed.text"))} <a href="../${esc(manual)}">${esc(t("guide.failed.link"))}</a>.</p>` +
      `<p class="hint">${esc(t("guide.failed.kept"))}</p></div>`
    );
  }

  // --- screens and the back button ---------------------------------------------------------------------------

  function show(screen) {
    const state = ctx.state;
    state.screens = state.screens.slice(0, state.current + 1);
    state.screens.push(screen);
    state.current = state.screens.length - 1;
    history.pushState({ guide: state.current }, "", location.pathname);
    render();
  }

  function replace(screen) {
    ctx.state.screens[ctx.state.current] = screen;
    render();
  }

  window.addEventListener("popstate", (event) => {
    const index = event.state && typeof event.state.guide === "number" ? event.state.guide : 0;
    ctx.state.current = Math.min(index, ctx.state.screens.length - 1);
    render();
  });
  history.replaceState({ guide: 0 }, "", location.pathname);

  window.addEventListener("beforeunload", (event) => {
    if (Object.keys(ctx.state.answers).length || Object.keys(ctx.state.details).length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  let rendered = 0;

  function render() {
    root.dataset.screen = String(++rendered); // for tests and the benchmark: a new screen has been drawn
    const screen = ctx.state.screens[ctx.state.current];
    for (const element of introEls) element.hidden = ctx.state.current !== 0;
    if (screen.type === "failed") screenEl.innerHTML = failureHtml();
    else if (screen.type === "question") screenEl.innerHTML = questionHtml(ctx, screen.step);
    else if (screen.type === "result") screenEl.innerHTML = resultHtml(ctx, screen.step);
    else if (screen.type === "form") screenEl.innerHTML = formSectionHtml(ctx, screen);
    else if (screen.type === "form-check") screenEl.innerHTML = formCheckHtml(ctx, screen);
    const heading = screenEl.querySelector("#guide-heading");
    const errors = screenEl.querySelector(".govuk-error-summary");
    document.title = (errors ? t("guide.error.prefix") + " " : "") + (heading ? heading.textContent.trim() + " – " : "") + baseTitle;
    if (errors) errors.focus();
    else if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  // --- answering -----------------------------------------------------------------------------------------------

  async function submitQuestion(form) {
    const q = ctx.state.screens[ctx.state.current].step.question;
    const value = readAnswer(form, q);
    if (value === "") delete ctx.state.answers[q.id];
    else ctx.state.answers[q.id] = value;
    busy(form, true);
    try {
      const next = await nextStep(ctx.state.answers, q.id);
      if (next.kind === "question" && next.question.id === q.id) replace({ type: "question", step: next });
      else if (next.kind === "question") show({ type: "question", step: next });
      else show({ type: "result", step: next });
    } catch (error) {
      failed(error);
    } finally {
      busy(form, false);
    }
  }

  async function openForm(formId) {
    try {
      const screens = JSON.parse(await ask("form_screens", formId, JSON.stringify(ctx.state.answers), JSON.stringify(ctx.state.details), today()));
      ctx.state.forms[formId] = screens;
      for (const section of screens.sections) for (const f of section.fields) if (!(f.key in ctx.state.details) && f.value) ctx.state.details[f.key] = f.value;
      show({ type: "form", formId, section: 0, errors: [] });
    } catch (error) {
      failed(error);
    }
  }

  async function submitFormSection(formElement) {
    const screen = ctx.state.screens[ctx.state.current];
    readSection(formElement, ctx.state.forms[screen.formId].sections[screen.section], ctx.state.details);
    busy(formElement, true);
    try {
      const errors = JSON.parse(await ask("validate", screen.formId, screen.section, JSON.stringify(ctx.state.details)));
      if (errors.length) return replace({ ...screen, errors });
      if (screen.returnToCheck || screen.section + 1 >= ctx.state.forms[screen.formId].sections.length) show({ type: "form-check", formId: screen.formId });
      else show({ type: "form", formId: screen.formId, section: screen.section + 1, errors: [] });
    } catch (error) {
      failed(error);
    } finally {
      busy(formElement, false);
    }
  }

  // --- events ------------------------------------------------------------------------------------------------

  screenEl.addEventListener("submit", (event) => {
    event.preventDefault();
    setStatus("");
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
    setStatus("");
    if (action === "back") history.back();
    else if (action === "change") {
      const q = ctx.state.questions[target.dataset.question];
      show({ type: "question", step: { kind: "question", question: q, errors: [], value: ctx.state.answers[q.id], summary: [] } });
    } else if (action === "start-again") {
      ctx.state = fresh();
      history.pushState({ guide: 0 }, "", location.pathname);
      render();
    } else if (action === "today") {
      const [y, m, d] = today().split("-");
      const form = target.closest("form");
      form.elements.day.value = String(Number(d));
      form.elements.month.value = String(Number(m));
      form.elements.year.value = y;
    } else if (action === "form") openForm(target.dataset.form);
    else if (action === "form-section") {
      const screen = ctx.state.screens[ctx.state.current];
      show({ type: "form", formId: screen.formId, section: Number(target.dataset.section), errors: [], returnToCheck: true });
    } else if (action === "download") download(ctx, target.dataset.form, target);
    else if (action === "print") printView(ctx, target.dataset.form);
    else if (action === "result") {
      const index = ctx.state.screens.map((s) => s.type).lastIndexOf("result");
      if (index >= 0) show(ctx.state.screens[index]);
    }
  });

  // A call to the engine failed: if the engine cannot run at all, the failure screen (answers kept, Back returns to
  // them); otherwise a plain message that stays until the next action.
  function failed(error) {
    console.error("guide:", error);
    if (engine.failed) show({ type: "failed" });
    else setStatus(t("guide.status.error"), true);
  }

  function busy(element, on) {
    const button = element.tagName === "BUTTON" ? element : element.querySelector('button[type="submit"]');
    if (button) {
      button.disabled = on;
      button.setAttribute("aria-busy", on ? "true" : "false");
    }
  }

  function setStatus(text, problem = false) {
    statusEl.textContent = text;
    statusEl.classList.toggle("guide-status--problem", problem && Boolean(text));
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
