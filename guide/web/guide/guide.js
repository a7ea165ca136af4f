// The decision guide's page script: its entry point. It reads the page's data, asks the engine, and answers the
// page's events. It only renders: the engine (Python, under Pyodide) runs in a module worker (engine-status.mjs),
// navigation is screens.mjs, and each kind of screen has its own module.
//
// Privacy by construction: answers and a child's details live in this page's memory only. They are never put in
// the URL (history entries carry only a screen number), never sent over the network, never written to cookies or
// storage. "Start again" clears them; leaving the page with answers entered asks first.

import { download, downloadCalendar, printView } from "./documents.mjs";
import { fileBytes, formOrOffer, keepEarlier, wireEarlier } from "./earlier.mjs";
import { readSection } from "./forms.mjs";
import { treeStep } from "./choice-tree.mjs";
import { asTyped, today } from "./html.mjs";
import { readAnswer } from "./questions.mjs";
import { showDrafts } from "./now.mjs";
import { startGuideEngine } from "./engine-status.mjs";
import { freshState, makeScreens } from "./screens.mjs";
import { readTryLink } from "./try-link.mjs";
import { makeWording } from "./wording.mjs";

const root = document.getElementById("guide");
if (root) main(root);

function main(root) {
  const data = JSON.parse(document.getElementById("guide-data").textContent);
  const statusEl = document.getElementById("guide-status");
  const fresh = () => freshState(data);
  const ctx = { data, root, state: fresh(), t: makeWording(data.wording || {}), busy, setStatus, today };
  const { t } = ctx;
  const screenEl = document.getElementById("guide-screen");
  const tried = readTryLink(location.hash, today()); // read before the address loses it (screens.mjs)
  const { show, replace, restart, current } = makeScreens(ctx, {
    screenEl,
    introEls: ["guide-intro", "guide-needs", "guide-resume"].map((id) => document.getElementById(id)).filter(Boolean),
  });

  const continuedEarly = Boolean(statusEl.dataset.early); // Continue pressed before this script ran (engine-start.js)
  const { engine, ask, askSaying } = startGuideEngine({ root, statusEl, setStatus, t });
  ctx.ask = ask;

  async function nextStep(answers, submitted) {
    // "submitted" only matters when that answer is blank (the engine then gives "Enter ..." or "Select ...").
    const known = treeStep(data.tree, answers, submitted in answers ? null : submitted);
    if (known) return known; // worked out at build time by the same engine
    return JSON.parse(await ask("advise", JSON.stringify(answers), today(), submitted || null));
  }

  // Answers given one by one, in the order the engine asks for them, as a practitioner would give them, so that
  // Back and Change work as usual: a review link's (try-link.mjs) or a record's (Continue an escalation). It stops at
  // the first question it has no answer for, or at an answer the engine refuses (shown with its error).
  async function giveAnswers(supplied, message) {
    const answers = new Map(supplied);
    const given = {};
    try {
      let step = data.first;
      while (step.kind === "question" && answers.has(step.question.id) && !(step.question.id in given)) {
        const id = step.question.id;
        given[id] = answers.get(id);
        ctx.state.questions[id] = step.question;
        const next = await nextStep({ ...given }, id);
        if (next.kind === "question" && next.question.id === id) {
          replace({ type: "question", step: next });
          break;
        }
        ctx.state.answers[id] = given[id];
        show({ type: next.kind === "question" ? "question" : "result", step: next });
        step = next;
      }
      // The rest wait in the answers, and are used as soon as the engine asks for them (a record's later dates).
      for (const [id, value] of answers) if (!(id in given)) ctx.state.answers[id] = value;
    } catch (error) {
      failed(error);
    }
    setStatus(message);
  }
  if (tried) giveAnswers(tried, t("guide.status.try_link"));

  // Continue an escalation: the record is read by the engine in this browser; nothing is uploaded.
  const resume = document.getElementById("guide-resume");
  const resumeFile = document.getElementById("guide-resume-file");
  if (resume && resumeFile) {
    resume.hidden = false;
    const link = document.getElementById("guide-resume-link"); // near the top, so a phone shows it on the first screen
    if (link) link.hidden = false;
    resumeFile.addEventListener("change", async () => {
      const file = resumeFile.files[0];
      resumeFile.value = "";
      if (!file) return;
      setStatus(t("guide.resume.reading"));
      try {
        const bytes = await fileBytes(file);
        const result = JSON.parse(await askSaying("guide.status.starting_record", "read_record", bytes, today()));
        if (!result.ok) return setStatus(result.message, true);
        restart(fresh());
        if (result.reference) ctx.state.reference = result.reference; // the same escalation, carried on
        if (result.theme) ctx.state.details.theme = result.theme; // the kind of disagreement, from the policy's list
        await keepEarlier(ctx, bytes).catch(failed); // what the file shows, offered (for confirmation) when a form is filled in
        await giveAnswers(result.answers.map(([id, value]) => [id, asTyped(value)]), result.message);
      } catch (error) {
        failed(error);
      }
    });
  }

  // --- answering -----------------------------------------------------------------------------------------------

  async function submitQuestion(form) {
    const q = current().step.question;
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
      for (const section of screens.sections) for (const f of section.fields) if (!(f.key in ctx.state.details) && f.prefilled) ctx.state.details[f.key] = f.value;
      show(await formOrOffer(ctx, formId)); // the earlier form's answers first, if there are any for this form
    } catch (error) {
      failed(error);
    }
  }

  async function submitFormSection(formElement) {
    const screen = current();
    readSection(formElement, ctx.state.forms[screen.formId].sections[screen.section], ctx.state.details);
    busy(formElement, true);
    try {
      const errors = JSON.parse(await ask("validate", screen.formId, screen.section, JSON.stringify(ctx.state.details), JSON.stringify(ctx.state.answers), today()));
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
      if (Object.keys(ctx.state.answers).length || Object.keys(ctx.state.details).length) show({ type: "confirm-restart" });
      else restart(fresh());
    } else if (action === "start-again-confirmed") {
      restart(fresh());
    } else if (action === "today") {
      const [y, m, d] = today().split("-");
      const form = target.closest("form");
      form.elements.day.value = String(Number(d));
      form.elements.month.value = String(Number(m));
      form.elements.year.value = y;
    } else if (action === "form") openForm(target.dataset.form);
    else if (action === "form-section") {
      const screen = current();
      show({ type: "form", formId: screen.formId, section: Number(target.dataset.section), errors: [], returnToCheck: true, focusField: target.dataset.field });
    } else if (action === "download") download(ctx, target.dataset.form, target);
    else if (action === "calendar") downloadCalendar(ctx, target);
    else if (action === "drafts") showDrafts(ctx, target);
    else if (action === "print") printView(ctx, target.dataset.form, target);
    else if (action === "resume") document.getElementById("guide-resume-file").focus(); // no address change: Back stays the guide's
    else if (action === "result") {
      const index = ctx.state.screens.map((s) => s.type).lastIndexOf("result");
      if (index >= 0) show(ctx.state.screens[index]);
    }
  });

  wireEarlier(ctx, { root, screenEl, show, replace, current, failed }); // after the listener above: its status stays

  // The answer given before this script ran is checked now, as it said it would be.
  if (continuedEarly && !tried) {
    const form = screenEl.querySelector("form[data-question]");
    if (form) form.requestSubmit();
    else setStatus("");
  }

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
    delete statusEl.dataset.early;
    if (statusEl.textContent === text && statusEl.classList.contains("guide-status--problem") === (problem && Boolean(text))) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("guide-status--problem", problem && Boolean(text));
  }
}
