// Navigation between the guide's screens: the list of screens shown, the browser's Back button (history entries
// carry only a screen number, never an answer), the page title, and where focus goes (GOV.UK patterns).

import { earlierHtml } from "./earlier.mjs";
import { formCheckHtml, formSectionHtml } from "./forms.mjs";
import { esc } from "./html.mjs";
import { questionHtml } from "./questions.mjs";
import { resultHtml } from "./result.mjs";

// A fresh state: the first question (built into the page), no answers, no details.
export function freshState(data) {
  return {
    answers: {}, // question id -> answer as given: an option value, or {day, month, year} as typed
    details: {}, // form field key -> value as typed
    questions: {}, // question id -> the question as last shown, for "Change" links
    forms: {}, // form id -> its sections and fields from the engine
    screens: [{ type: "question", step: data.first }],
    current: 0,
  };
}

export function makeScreens(ctx, { screenEl, introEls }) {
  const { root, t } = ctx;
  const baseTitle = document.title;
  let rendered = 0;

  function render() {
    const state = ctx.state;
    root.dataset.screen = String(++rendered); // for tests and the benchmark: a new screen has been drawn
    const screen = state.screens[state.current];
    for (const element of introEls) element.hidden = state.current !== 0;
    if (screen.type === "failed") screenEl.innerHTML = failureHtml(ctx);
    else if (screen.type === "question") screenEl.innerHTML = questionHtml(ctx, screen.step);
    else if (screen.type === "result") screenEl.innerHTML = resultHtml(ctx, screen.step);
    else if (screen.type === "form") screenEl.innerHTML = formSectionHtml(ctx, screen);
    else if (screen.type === "form-check") screenEl.innerHTML = formCheckHtml(ctx, screen);
    else if (screen.type === "earlier") screenEl.innerHTML = earlierHtml(ctx, screen);
    else if (screen.type === "confirm-restart") screenEl.innerHTML = confirmRestartHtml(ctx);
    keepTheGuideOpen(screenEl, t("guide.new_tab"));
    const heading = screenEl.querySelector("#guide-heading");
    const errors = screenEl.querySelector(".govuk-error-summary");
    document.title = (errors ? t("guide.error.prefix") + " " : "") + (heading ? heading.textContent.trim() + " – " : "") + baseTitle;
    const field = screen.focusField && screenEl.querySelector(`#guide-field-${CSS.escape(screen.focusField)}`);
    // Focus, and the new screen in view below the sticky header (CSS scroll-margin-top), at any zoom.
    if (errors) errors.focus();
    else if (field) field.focus(); // "Change" on the check page returns to the field itself
    else if (heading) heading.focus({ preventScroll: true });
    if (!errors && !field) {
      if (state.current === 0) window.scrollTo(0, 0);
      else screenEl.scrollIntoView({ block: "start" });
    }
  }

  // A new screen after the current one (anything after it is dropped, as in a browser's history).
  function show(screen) {
    const state = ctx.state;
    // The screen left behind loses its errors: Back shows it as answered, not with an error already put right.
    const left = state.screens[state.current];
    if (left.type === "form") state.screens[state.current] = { ...left, errors: [] };
    else if (left.step && left.step.errors && left.step.errors.length) state.screens[state.current] = { ...left, step: { ...left.step, errors: [] } };
    state.screens = state.screens.slice(0, state.current + 1);
    state.screens.push(screen);
    state.current = state.screens.length - 1;
    history.pushState({ guide: state.current }, "", location.pathname);
    render();
  }

  // The current screen drawn again, e.g. with its errors.
  function replace(screen) {
    ctx.state.screens[ctx.state.current] = screen;
    render();
  }

  // Back to the first question with a fresh state.
  function restart(state) {
    ctx.state = state;
    history.pushState({ guide: 0 }, "", location.pathname);
    render();
  }

  window.addEventListener("popstate", (event) => {
    const index = event.state && typeof event.state.guide === "number" ? event.state.guide : 0;
    ctx.state.current = Math.min(index, ctx.state.screens.length - 1);
    render();
  });
  history.replaceState({ guide: 0 }, "", location.pathname);

  // Leaving the page with answers or details entered asks first: they are in this page's memory only.
  window.addEventListener("beforeunload", (event) => {
    if (Object.keys(ctx.state.answers).length || Object.keys(ctx.state.details).length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  return { render, show, replace, restart, current: () => ctx.state.screens[ctx.state.current] };
}

// Every link from a screen to another page (the manual, a policy's own links) opens in a new tab, and says so:
// following one must never wipe the answers in this page.
function keepTheGuideOpen(screenEl, newTab) {
  for (const link of screenEl.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (href.startsWith("#") || /^(mailto|tel):/i.test(href) || link.target) continue;
    link.target = "_blank";
    link.rel = "noopener";
    link.append(` ${newTab}`);
  }
}

// "Start again" asks first: everything typed is in this page's memory only, and would be gone.
function confirmRestartHtml(ctx) {
  const { t } = ctx;
  return (
    `<a href="#" class="govuk-back-link" data-action="back">${esc(t("guide.back"))}</a>` +
    `<h2 id="guide-heading" tabindex="-1">${esc(t("guide.restart.title"))}</h2><p>${esc(t("guide.restart.text"))}</p>` +
    `<p class="guide-buttons"><button type="button" class="md-button md-button--warning" data-action="start-again-confirmed">${esc(t("guide.restart.yes"))}</button> ` +
    `<button type="button" class="md-button" data-action="back">${esc(t("guide.restart.no"))}</button></p>`
  );
}

// The engine could not start: say so, keep every answer, and point to the manual page for the same question.
function failureHtml(ctx) {
  const { state, t } = ctx;
  const withStage = state.screens.slice(0, state.current).reverse().find((s) => s.step && s.step.stage);
  const manual = withStage ? withStage.step.stage.manual : "when-to-use/";
  return (
    `<div class="guide-failure" role="alert"><h2 id="guide-heading" tabindex="-1">${esc(t("guide.failed.title"))}</h2>` +
    `<p>${esc(t("guide.failed.text"))} <a href="../${esc(manual)}">${esc(t("guide.failed.link"))}</a>.</p>` +
    `<p class="hint">${esc(t("guide.failed.kept"))}</p></div>`
  );
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
