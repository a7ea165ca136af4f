// Small helpers shared by the guide's screens: escaping, policy Markdown, dates, and the pieces every screen has.
// Policy text is data: everything is escaped here, except policy Markdown, which the build rendered and sanitised
// (guide/publish/policy_text.py) and the page carries in data.html.

export function esc(value) {
  return String(value == null ? "" : value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

// 999 as a link a phone can call, in text that is already escaped.
export function telLinks(escaped) {
  return escaped.replace(/(^|[^\w>])999(?![\w<])/g, '$1<a href="tel:999">999</a>');
}

// A Markdown field of the policy, as the build rendered it; plain escaped text if it is not there.
export function md(ctx, text) {
  if (!text) return "";
  return ctx.data.html[text] || `<p>${esc(text)}</p>`;
}

export function mdInline(ctx, text) {
  return md(ctx, text).replace(/^<p>|<\/p>$/g, "");
}

export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// An answer as the question's inputs hold it: a date (YYYY-MM-DD) as its parts; any other answer as it is.
export function asTyped(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateParts(value) : value;
}

// A link to a page of the manual: it opens in a new tab, so the guide and every answer stay where they are.
export function manualLink(ctx, path, text) {
  return `<a href="../${esc(path)}" target="_blank" rel="noopener">${esc(text)} ${esc(ctx.t("guide.new_tab"))}</a>`;
}

export function backLink(ctx) {
  return ctx.state.current > 0 ? `<a href="#" class="govuk-back-link" data-action="back">${esc(ctx.t("guide.back"))}</a>` : "";
}

export function startAgainHtml(ctx) {
  return (
    `<p class="guide-start-again"><button type="button" class="md-button" data-action="start-again">${esc(ctx.t("guide.start_again"))}</button> ` +
    `${esc(ctx.t("guide.start_again.hint"))}</p>`
  );
}

export function errorSummary(ctx, items) {
  return (
    `<div class="govuk-error-summary" role="alert" tabindex="-1" aria-labelledby="guide-error-title">` +
    `<h2 class="govuk-error-summary__title" id="guide-error-title">${esc(ctx.t("guide.error.title"))}</h2>` +
    `<ul class="govuk-error-summary__list">${items.map((i) => `<li><a href="${esc(i.href)}">${esc(i.message)}</a></li>`).join("")}</ul></div>`
  );
}

// GOV.UK date input: day, month and year boxes. ``wrong`` is the part in error, "all", or null.
export function dateInputs(ctx, id, namePrefix, value, wrong) {
  const parts = dateParts(value);
  return (
    `<div class="govuk-date-input" id="${id}">` +
    [["day", "guide.date.day", 2], ["month", "guide.date.month", 2], ["year", "guide.date.year", 4]]
      .map(([part, label, width]) => {
        const error = wrong === "all" || wrong === part;
        return (
          `<div class="govuk-date-input__item"><div class="govuk-form-group">` +
          `<label class="govuk-label govuk-date-input__label" for="${id}-${part}">${esc(ctx.t(label))}</label>` +
          `<input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" ` +
          `id="${id}-${part}" name="${esc(namePrefix)}${part}" type="text" inputmode="numeric" autocomplete="off" ` +
          `value="${esc(parts[part])}"${error ? ' aria-invalid="true"' : ""}></div></div>`
        );
      })
      .join("") +
    `</div>`
  );
}

export function dateParts(value) {
  if (value && typeof value === "object") return { day: value.day || "", month: value.month || "", year: value.year || "" };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  if (match) return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
  return { day: "", month: "", year: "" };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// A value in the shape the field holds it (as guide.engine.documents.field_value): fields that share a key may differ
// in type, so a name and job title typed as two boxes on one form fills one box on another, and the other way.
export function fieldValue(field, value) {
  const parts = value && typeof value === "object" && ("name" in value || "role" in value);
  if (field.type === "name-and-role") return parts ? { name: value.name || "", role: value.role || "" } : { name: typeof value === "string" ? value : "", role: "" };
  return parts ? joined(value) : value;
}

function joined(value) {
  return [value.name, value.role].map((part) => (typeof part === "string" ? part.trim() : "")).filter(Boolean).join(", ");
}

export function displayValue(field, value) {
  if (field.type === "name-and-role") return joined(fieldValue(field, value));
  if (field.type === "date") {
    const parts = dateParts(value);
    if (!parts.day && !parts.month && !parts.year) return "";
    const month = MONTHS[Number(parts.month) - 1];
    return month ? `${Number(parts.day)} ${month} ${parts.year}` : `${parts.day} ${parts.month} ${parts.year}`;
  }
  value = fieldValue(field, value);
  return typeof value === "string" ? value.trim() : "";
}
