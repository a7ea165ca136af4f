// An earlier form's answers, offered for a later one, so that nothing is typed twice (WCAG 2.2, 3.3.7 Redundant
// entry). The practitioner's own file (a form or escalation record the guide made) is read by the engine in this
// browser (guide.engine.earlier_form): what it shows is held in this page's memory only, never stored or sent, shown
// for confirmation, and used only if they say so. The file is opened either to continue an escalation (the page's
// "Continue an escalation") or from the first screen of any form.

import { readSection } from "./forms.mjs";
import { backLink, esc, startAgainHtml } from "./html.mjs";

const MAX_FILE = 20 * 1024 * 1024; // as the engine's limit: a larger file is not read at all

export async function fileBytes(file) {
  return file.size <= MAX_FILE ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
}

// Read a file's form rows into the page's memory; returns the engine's answer ({ok, message} if it cannot).
export async function keepEarlier(ctx, bytes) {
  const found = JSON.parse(await ctx.ask("read_earlier_form", bytes));
  if (found.ok && Object.keys(found.values).length) ctx.state.earlier = { form: found.form, made: found.made, values: found.values, decided: {} };
  return found;
}

// The screen to show for a form about to be filled in: the offer, if the earlier file has answers for it.
export async function formOrOffer(ctx, formId, back = false) {
  const earlier = ctx.state.earlier;
  if (earlier && !earlier.decided[formId]) {
    const args = [formId, JSON.stringify(ctx.state.answers), JSON.stringify(ctx.state.details), JSON.stringify(earlier.values), ctx.today()];
    try {
      const offer = JSON.parse(await ctx.ask("earlier_offer", ...args));
      if (offer.fields.length) return { type: "earlier", formId, fields: offer.fields, back };
    } catch (error) {
      console.error("guide: the earlier form's answers could not be offered:", error); // the form, as without them
    }
  }
  return back ? null : { type: "form", formId, section: 0, errors: [] };
}

// "We found these answers in your Stage 3 Escalation Form": each with its label, then Use / Do not use.
export function earlierHtml(ctx, screen) {
  const { state, t } = ctx;
  const earlier = state.earlier || {};
  const form = state.forms[screen.formId];
  const rows = screen.fields
    .map(
      (f) =>
        `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(f.label)}</dt>` +
        `<dd class="govuk-summary-list__value">${esc(f.shown).replace(/\n/g, "<br>")}</dd></div>`,
    )
    .join("");
  return (
    backLink(ctx) +
    `<span class="guide-caption">${esc(form ? form.title : "")}</span>` +
    `<h2 id="guide-heading" tabindex="-1">${esc(t("guide.earlier.title", { form: earlier.form || "" }))}</h2>` +
    `<p>${esc(earlier.made ? t("guide.earlier.lead", { made: earlier.made }) : t("guide.earlier.lead_undated"))}</p>` +
    `<dl class="govuk-summary-list guide-earlier-found">${rows}</dl>` +
    `<p>${esc(t("guide.earlier.check"))}</p>` +
    `<p class="guide-buttons"><button type="button" class="md-button md-button--primary" data-action="earlier-use">${esc(t("guide.earlier.use"))}</button> ` +
    `<button type="button" class="md-button" data-action="earlier-skip">${esc(t("guide.earlier.skip"))}</button></p>` +
    startAgainHtml(ctx)
  );
}

// On a form's first screen: open an earlier form to fill this one in from it.
export function earlierPickerHtml(ctx) {
  const { t } = ctx;
  return (
    `<details class="guide-details guide-earlier"><summary>${esc(t("guide.earlier.open"))}</summary>` +
    `<p>${esc(t("guide.earlier.open.lead"))}</p>` +
    `<p><label class="guide-label" for="guide-earlier-file">${esc(t("guide.earlier.label"))}</label>` +
    `<input type="file" id="guide-earlier-file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"></p></details>`
  );
}

// The page's events for both: Use / Do not use, and a file chosen on a form's first screen.
export function wireEarlier(ctx, { root, screenEl, show, replace, current, failed }) {
  const { t } = ctx;
  root.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target || !target.dataset.action.startsWith("earlier-")) return;
    const screen = current();
    if (screen.type !== "earlier") return;
    ctx.state.earlier.decided[screen.formId] = true;
    const use = target.dataset.action === "earlier-use";
    if (use) for (const f of screen.fields) ctx.state.details[f.key] = f.value;
    // From the form's own screen: back to it; from "Fill in the form": the form in the offer's place.
    if (screen.back) history.back();
    else replace({ type: "form", formId: screen.formId, section: 0, errors: [] });
    ctx.setStatus(use ? t("guide.earlier.used", { form: ctx.state.earlier.form }) : "");
  });
  screenEl.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.id !== "guide-earlier-file") return;
    const file = input.files[0];
    input.value = "";
    const screen = current();
    if (!file || screen.type !== "form") return;
    const formElement = document.getElementById("guide-form");
    if (formElement) readSection(formElement, ctx.state.forms[screen.formId].sections[screen.section], ctx.state.details); // nothing typed is lost
    ctx.setStatus(t("guide.earlier.reading"));
    try {
      const found = await keepEarlier(ctx, await fileBytes(file));
      if (!found.ok) return ctx.setStatus(found.message, true);
      if (ctx.state.earlier) delete ctx.state.earlier.decided[screen.formId];
      const offer = ctx.state.earlier && Object.keys(found.values).length ? await formOrOffer(ctx, screen.formId, true) : null;
      if (!offer) return ctx.setStatus(t("guide.earlier.nothing"));
      ctx.setStatus("");
      show(offer);
    } catch (error) {
      failed(error);
    }
  });
}
