// "Walk through the draft" (issue 22.4): the draft's questions one at a time and the advice at the end, as the guide
// shows them. The screens are the guide's own modules (screens/, copied from guide/web/guide by the build); each step
// is the engine's own next_step, run on the draft in the studio's worker (studio_check.walk). The answers live in
// this page's memory only: no address, no storage, and leaving the page forgets them.
import { today } from "./screens/html.mjs";
import { questionHtml, readAnswer } from "./screens/questions.mjs";
import { resultHtml } from "./screens/result.mjs";
import { makeWording } from "./screens/wording.mjs";

// The guide's buttons for its forms, e-mail drafts and calendar need the guide page itself: the preview leaves them out.
const GUIDE_ONLY = ["form", "drafts", "calendar"].map((action) => `[data-action="${action}"]`).join(",");

// ``box``: where the screens are drawn; ``ask``: a call to the studio's worker; ``draft()``: {text, source} now.
export function walkThrough({ box, ask, draft }) {
  const ctx = { t: null, data: { html: {} }, state: fresh({}) };
  let walked = null;   // {text, source}: the draft as it was when the walk started
  let drawn = 0;

  function fresh(answers) {
    return { answers, questions: {}, screens: [], current: 0 };
  }

  function message(text) {
    const p = document.createElement("p");
    p.id = "guide-heading";
    p.tabIndex = -1;
    p.textContent = text;
    box.replaceChildren(p);
    box.dataset.kind = "message";
    p.focus();
  }

  // The answers to the questions asked on this walk, up to the current screen: the engine then asks the next question
  // in turn, even when the answers kept from an earlier walk answer it too (they are only the choices shown).
  function given() {
    const asked = ctx.state.screens.slice(0, ctx.state.current + 1).filter((s) => s.kind === "question").map((s) => s.question.id);
    return Object.fromEntries(asked.filter((id) => id in ctx.state.answers).map((id) => [id, ctx.state.answers[id]]));
  }

  // The engine's next step for the answers so far, or null (and a message) if the draft cannot be walked.
  async function nextStep(submitted) {
    const answer = await ask({ call: "walk", text: walked.text, source: walked.source, answers: JSON.stringify(given()),
                               today: today(), submitted: submitted || null });
    if (!answer.ok) {
      message(`The draft could not be walked through (${answer.message}).`);
      return null;
    }
    if (answer.result.problems) {
      const n = answer.result.problems;
      message(`The draft has ${n} problem${n === 1 ? "" : "s"}: put ${n === 1 ? "it" : "them"} right (see Check above), then walk through it again.`);
      return null;
    }
    ctx.t = makeWording(JSON.parse(answer.result.wording));
    return JSON.parse(answer.result.step);
  }

  function render() {
    const step = ctx.state.screens[ctx.state.current];
    box.innerHTML = step.kind === "question" ? questionHtml(ctx, step) : resultHtml(ctx, step);
    for (const button of box.querySelectorAll(GUIDE_ONLY)) {
      const parent = button.parentElement;
      button.remove();
      if (parent.tagName === "P" && !parent.textContent.trim()) parent.remove();
    }
    const record = box.querySelector("#guide-record-heading");   // "Keep a record": the guide's own form
    if (record) {
      if (record.nextElementSibling && record.nextElementSibling.tagName === "P") record.nextElementSibling.remove();
      record.remove();
    }
    // The manual's pages are the published policy's, not the draft's: "Read it in the manual" goes, and any other
    // stage is named, not linked.
    for (const read of box.querySelectorAll(".guide-manual-link")) read.remove();
    const newTab = ctx.t("guide.new_tab");
    for (const link of box.querySelectorAll('a[href^="../"]')) link.replaceWith(link.textContent.replace(newTab, "").trim());
    for (const link of box.querySelectorAll('a[href^="http"]')) {
      link.target = "_blank";
      link.rel = "noopener";
    }
    box.dataset.screen = String(++drawn);   // for tests: a new screen has been drawn
    box.dataset.kind = step.kind;
    const errors = box.querySelector(".govuk-error-summary");
    const heading = box.querySelector("#guide-heading");
    if (errors) errors.focus();
    else if (heading) heading.focus({ preventScroll: true });
    box.scrollIntoView({ block: "start" });
  }

  // A new screen after the current one (anything after it dropped); the screen left behind loses its errors.
  function show(step) {
    const state = ctx.state;
    const left = state.screens[state.current];
    if (left && left.errors && left.errors.length) state.screens[state.current] = { ...left, errors: [] };
    state.screens = state.screens.slice(0, state.current + 1);
    state.screens.push(step);
    state.current = state.screens.length - 1;
    render();
  }

  // The draft in the editor now, from its first question; the answers given so far are kept as the choices shown.
  async function start(answers = ctx.state.answers) {
    walked = draft();
    ctx.state = fresh(answers);
    box.hidden = false;
    message("Starting the walk…");
    const step = await nextStep(null);
    if (step) {
      ctx.state.screens = [step];
      render();
    }
  }

  box.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-question]");
    if (!form) return;
    event.preventDefault();
    const q = ctx.state.screens[ctx.state.current].question;
    const value = readAnswer(form, q);
    if (value === "") delete ctx.state.answers[q.id];
    else ctx.state.answers[q.id] = value;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const next = await nextStep(q.id);
      if (!next) return;
      if (next.kind === "question" && next.question.id === q.id) {
        ctx.state.screens[ctx.state.current] = next;
        render();
      } else show(next);
    } finally {
      button.disabled = false;
    }
  });

  box.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || target.dataset.action === "email") return;
    const action = target.dataset.action;
    event.preventDefault();
    if (action === "back") {
      ctx.state.current = Math.max(0, ctx.state.current - 1);
      render();
    } else if (action === "change") {
      const q = ctx.state.questions[target.dataset.question];
      show({ kind: "question", question: q, errors: [], value: ctx.state.answers[q.id], summary: [] });
    } else if (action === "start-again" || action === "start-again-confirmed") {
      start({});
    } else if (action === "today") {
      const [y, m, d] = today().split("-");
      const form = target.closest("form");
      form.elements.day.value = String(Number(d));
      form.elements.month.value = String(Number(m));
      form.elements.year.value = y;
    }
  });

  return { start };
}
