// Filling in a form, one section per screen, then "check your answers" (GOV.UK patterns). The fields come from the
// engine (form_screens); what is typed stays in the page's memory only.

import { reference } from "./documents.mjs";
import { earlierPickerHtml } from "./earlier.mjs";
import { backLink, dateInputs, displayValue, errorSummary, esc, fieldValue, md, startAgainHtml } from "./html.mjs";

// The input a field's error, or its Change link, goes to: a date's day (or the part in error), a name's name box.
function firstInput(f, part) {
  if (f.type === "date") return `${f.id}-${part || "day"}`;
  if (f.type === "choice") return `${f.id}-0`;
  if (f.type === "name-and-role") return `${f.id}-${part === "role" ? "role" : "name"}`;
  return f.id;
}

export function formSectionHtml(ctx, screen) {
  const { state, t } = ctx;
  const form = state.forms[screen.formId];
  const section = form.sections[screen.section];
  const errors = screen.errors || [];
  const fields = section.fields.map((f) => fieldHtml(ctx, f, errors.find((e) => e.key === f.key))).join("");
  const summary = errors.length
    ? errorSummary(
        ctx,
        errors.map((e) => {
          const f = section.fields.find((x) => x.key === e.key);
          return { href: `#guide-field-${firstInput(f, e.part)}`, message: e.message };
        }),
      )
    : "";
  const recipient =
    screen.section === 0 && form.recipient_fields.length
      ? `<p class="hint">${esc(t("guide.form.recipient", { fields: form.recipient_fields.join("; ") }))}</p>`
      : "";
  return (
    backLink(ctx) +
    summary +
    `<form class="guide-form" id="guide-form" data-form="${esc(screen.formId)}" novalidate>` +
    // One counter: the section's own ("Stage 3 alert (1 of 2)", from the engine) in the heading; the caption names
    // the form. The child's details are said to stay here once, on a screen that asks for them.
    `<span class="guide-caption">${esc(form.title)}</span>` +
    `<h2 id="guide-heading" tabindex="-1">${esc(section.title)}</h2>` +
    (screen.section === 0 ? `<p>${esc(t("guide.form.lead"))}</p>` : "") +
    (section.fields.some((f) => f.personal) ? `<p class="hint guide-form__personal">${esc(t("guide.form.personal"))}</p>` : "") +
    recipient +
    (screen.section === 0 ? earlierPickerHtml(ctx) : "") +
    (section.hint ? `<div class="hint">${md(ctx, section.hint)}</div>` : "") +
    fields +
    `<button type="submit" class="md-button md-button--primary guide-button">${esc(t("guide.continue"))}</button></form>` +
    startAgainHtml(ctx)
  );
}

function fieldHtml(ctx, f, error) {
  const { state, t } = ctx;
  const id = `guide-field-${f.id}`;
  const value = fieldValue(f, f.key in state.details ? state.details[f.key] : f.value);
  const hintText = [f.hint, !f.required ? t("guide.field.optional") : ""].filter(Boolean).join(" ");
  const hint = hintText ? `<div class="govuk-hint" id="${id}-hint">${esc(hintText)}</div>` : "";
  const message = error ? `<p class="govuk-error-message" id="${id}-error"><span class="govuk-visually-hidden">${esc(t("guide.error.prefix"))}</span> ${esc(error.message)}</p>` : "";
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const aria = `${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""}`;
  const group = `govuk-form-group${error ? " govuk-form-group--error" : ""}`;
  if (f.type === "date") {
    return (
      `<div class="${group}"><fieldset class="govuk-fieldset" role="group"${aria}>` +
      `<legend class="govuk-fieldset__legend govuk-label">${esc(f.label)}</legend>${hint}${message}` +
      `${dateInputs(ctx, id, `${f.key}.`, value, error ? error.part || "day" : null)}</fieldset></div>`
    );
  }
  if (f.type === "name-and-role") return nameAndRoleHtml(ctx, f, value, { id, group, aria, hint, message, error });
  if (f.type === "choice") {
    // GOV.UK radios: one answer from a list (the policy's own words), never free text; an optional one can be left
    // out again after a choice ("" as its value).
    const options = f.required ? f.options : [...f.options, ""];
    const radios = options
      .map(
        (option, i) =>
          `<div class="govuk-radios__item"><input class="govuk-radios__input" id="${id}-${i}" name="${esc(f.key)}" type="radio" value="${esc(option)}"${option === (value || "") && (option || f.key in ctx.state.details) ? " checked" : ""}>` +
          `<label class="govuk-label govuk-radios__label" for="${id}-${i}">${esc(option || ctx.t("guide.field.leave_out"))}</label></div>`,
      )
      .join("");
    return (
      `<div class="${group}"><fieldset class="govuk-fieldset"${aria}><legend class="govuk-fieldset__legend govuk-label">${esc(f.label)}</legend>` +
      `${hint}${message}<div class="govuk-radios">${radios}</div></fieldset></div>`
    );
  }
  const autocomplete = f.autocomplete ? ` autocomplete="${esc(f.autocomplete)}"` : "";
  const control =
    f.type === "long-text"
      ? `<textarea class="govuk-textarea${error ? " govuk-textarea--error" : ""}" id="${id}" name="${esc(f.key)}" rows="5"${aria}>${esc(value || "")}</textarea>`
      : `<input class="govuk-input${error ? " govuk-input--error" : ""}" id="${id}" name="${esc(f.key)}" type="${f.type === "email" ? "email" : "text"}"${autocomplete} value="${esc(value || "")}"${aria}>`;
  return `<div class="${group}"><label class="govuk-label" for="${id}">${esc(f.label)}</label>${hint}${message}${control}</div>`;
}

// A person's name and job title: two labelled boxes in one group (as GOV.UK's date input is), so that the browser
// can fill in the practitioner's own (autocomplete "name" and "organization-title") and the document still has the
// paper form's one row.
function nameAndRoleHtml(ctx, f, value, { id, group, aria, hint, message, error }) {
  const tokens = f.autocomplete || {};
  const box = (part) => {
    const wrong = error && (error.part === "all" || (error.part || "name") === part);
    const token = tokens[part] ? ` autocomplete="${esc(tokens[part])}"` : "";
    return (
      `<div class="govuk-form-group guide-name-role__item"><label class="govuk-label" for="${id}-${part}">${esc(f.parts[part])}</label>` +
      `<input class="govuk-input${wrong ? " govuk-input--error" : ""}" id="${id}-${part}" name="${esc(f.key)}.${part}" type="text"${token} ` +
      `spellcheck="false" value="${esc(value[part])}"${wrong ? ' aria-invalid="true"' : ""}></div>`
    );
  };
  return (
    `<div class="${group}"><fieldset class="govuk-fieldset guide-name-role" role="group"${aria.replace(' aria-invalid="true"', "")}>` +
    `<legend class="govuk-fieldset__legend govuk-label">${esc(f.label)}</legend>${hint}${message}${box("name")}${box("role")}</fieldset></div>`
  );
}

// What was typed in a section, into the page's memory.
export function readSection(formElement, section, details) {
  for (const f of section.fields) {
    if (f.type === "date") {
      const part = (p) => formElement.elements[`${f.key}.${p}`].value.trim();
      const typed = { day: part("day"), month: part("month"), year: part("year") };
      details[f.key] = typed.day || typed.month || typed.year ? typed : "";
    } else if (f.type === "choice") {
      const checked = formElement.querySelector(`input[type="radio"][name="${CSS.escape(f.key)}"]:checked`);
      details[f.key] = checked ? checked.value : "";
    } else if (f.type === "name-and-role") {
      const typed = { name: formElement.elements[`${f.key}.name`].value, role: formElement.elements[`${f.key}.role`].value };
      details[f.key] = typed.name.trim() || typed.role.trim() ? typed : "";
    } else {
      details[f.key] = formElement.elements[f.key].value;
    }
  }
}

export function formCheckHtml(ctx, screen) {
  const { state, t } = ctx;
  const form = state.forms[screen.formId];
  const rows = form.sections
    .map(
      (section, index) =>
        `<h3>${esc(section.title)}</h3><dl class="govuk-summary-list">` +
        section.fields
          .map(
            (f) =>
              `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(f.label)}</dt>` +
              `<dd class="govuk-summary-list__value">${esc(displayValue(f, state.details[f.key])) || `<span class="hint">${esc(t("guide.not_given"))}</span>`}</dd>` +
              `<dd class="govuk-summary-list__actions"><a href="#" data-action="form-section" data-section="${index}" data-field="${esc(firstInput(f))}">${esc(t("guide.change"))}<span class="govuk-visually-hidden"> ${esc(f.label)}</span></a></dd></div>`,
          )
          .join("") +
        `</dl>`,
    )
    .join("");
  const email = form.email
    ? `<p><a class="md-button" href="${esc(form.email.href)}" data-action="email">${esc(t("guide.email", { to: form.email.to }))}</a> ${esc(t("guide.email.hint"))}</p>`
    : "";
  return (
    backLink(ctx) +
    `<span class="guide-caption">${esc(form.title)}</span><h2 id="guide-heading" tabindex="-1">${esc(t("guide.check.title"))}</h2>` +
    rows +
    carriedHtml(ctx) +
    `<h3>${esc(t("guide.check.make"))}</h3>` +
    `<p><button type="button" class="md-button md-button--primary" data-action="download" data-form="${esc(screen.formId)}">${esc(t("guide.download", { form: form.title }))}</button></p>` +
    `<div class="guide-saved" id="guide-saved" role="status" tabindex="-1" hidden></div>` +
    `<p><button type="button" class="md-button" data-action="print" data-form="${esc(screen.formId)}">${esc(t("guide.print"))}</button></p>` +
    email +
    `<p class="hint">${esc(t("guide.check.local"))}</p>` +
    `<p><a href="#" data-action="result">${esc(t("guide.check.back"))}</a></p>` +
    startAgainHtml(ctx)
  );
}

// What the document carries besides what it shows (guide.engine.record_data): the policy, the escalation's random
// reference and the answers to the guide's questions, shown before downloading; never what was typed into the form.
function carriedHtml(ctx) {
  const { state, t, data } = ctx;
  const result = [...state.screens].reverse().find((s) => s.type === "result");
  const answers = result && result.step.summary ? result.step.summary : [];
  const policy = data.policy || {};
  const row = (key, value) =>
    `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(key)}</dt><dd class="govuk-summary-list__value">${esc(value)}</dd></div>`;
  return (
    `<details class="guide-details guide-carried"><summary>${esc(t("guide.check.carries"))}</summary>` +
    `<p>${esc(t("guide.check.carries.lead"))}</p><dl class="govuk-summary-list">` +
    row(t("guide.check.carries.policy"), policy.version ? `${policy.title} (${policy.version})` : policy.title || "") +
    row(t("guide.check.carries.reference"), reference(state)) +
    (typeof state.details.theme === "string" && state.details.theme ? row(t("guide.check.carries.theme"), state.details.theme) : "") +
    answers.map((a) => row(a.question, a.answer)).join("") +
    `</dl></details>`
  );
}
