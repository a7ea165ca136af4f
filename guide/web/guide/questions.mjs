// One question per screen (GOV.UK pattern): the question as the heading, its hint, its error, and Continue.

import { backLink, dateInputs, errorSummary, esc, startAgainHtml } from "./html.mjs";

export function questionHtml(ctx, step) {
  const { state, t } = ctx;
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
      dateInputs(ctx, "guide-date", "", value, error ? error.field || "all" : null) +
      `<p class="guide-today"><button type="button" class="guide-link-button" data-action="today">${esc(t("guide.use_today"))}</button></p>`;
  } else if (q.type === "time") {
    // A time of day as people type it (17:00, 5pm: the engine reads it), or "I do not know the time" (its one option).
    target = "guide-time";
    const unknown = q.options[0];
    const typed = value === unknown.value ? "" : value || "";
    control =
      `<label class="govuk-label" for="guide-time">${esc(t("guide.time.label"))}</label>` +
      `<input class="govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}" id="guide-time" name="time" type="text" ` +
      `autocomplete="off" spellcheck="false" value="${esc(typed)}"${describedBy ? ` aria-describedby="${describedBy}"` : ""}>` +
      `<div class="govuk-checkboxes"><div class="govuk-checkboxes__item">` +
      `<input class="govuk-checkboxes__input" id="guide-answer-0" name="answer" type="checkbox" value="${esc(unknown.value)}"` +
      `${value === unknown.value ? " checked" : ""}${unknown.hint ? ' aria-describedby="guide-answer-0-hint"' : ""}>` +
      `<label class="govuk-label govuk-checkboxes__label" for="guide-answer-0">${esc(unknown.label)}</label>` +
      (unknown.hint ? `<div class="govuk-hint govuk-checkboxes__hint" id="guide-answer-0-hint">${esc(unknown.hint)}</div>` : "") +
      `</div></div>`;
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
    backLink(ctx) +
    (error ? errorSummary(ctx, [{ href: `#${target}`, message: error.message }]) : "") +
    `<form class="guide-form" id="guide-form" data-question="${esc(q.id)}" novalidate>` +
    `<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">` +
    `<fieldset class="govuk-fieldset"${q.type === "date" ? ' role="group"' : ""}${describedBy ? ` aria-describedby="${describedBy}"` : ""}>` +
    `<legend class="govuk-fieldset__legend"><h2 class="govuk-fieldset__heading" id="guide-heading" tabindex="-1">${esc(q.text)}</h2></legend>` +
    (q.hint ? `<div class="govuk-hint" id="guide-hint">${esc(q.hint)}</div>` : "") +
    (error ? `<p class="govuk-error-message" id="guide-error"><span class="govuk-visually-hidden">${esc(t("guide.error.prefix"))}</span> ${esc(error.message)}</p>` : "") +
    control +
    `</fieldset></div>` +
    `<button type="submit" class="md-button md-button--primary guide-button">${esc(t("guide.continue"))}</button>` +
    `</form>` +
    (state.current > 0 ? startAgainHtml(ctx) : "")
  );
}

export function readAnswer(form, q) {
  if (q.type === "date") {
    const part = (name) => form.elements[name].value.trim();
    const typed = { day: part("day"), month: part("month"), year: part("year") };
    return typed.day || typed.month || typed.year ? typed : "";
  }
  if (q.type === "time") {
    const unknown = form.elements.answer;
    return unknown.checked ? unknown.value : form.elements.time.value.trim();
  }
  if (q.type === "text") return form.elements.answer.value.trim();
  const checked = form.querySelector('input[name="answer"]:checked');
  return checked ? checked.value : "";
}
