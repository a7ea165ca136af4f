// "Do this now": the top of every result, so that a practitioner sees at a glance what to do, whom to contact on
// each side, by when, whom to tell, and the form (GOV.UK panel and summary list). The details follow below it.
// Everything here is from the engine's advice; the words are guide.now.* keys in wording.json.

import { esc } from "./html.mjs";

export function nowHtml(ctx, step) {
  const { t } = ctx;
  const stage = `${step.stage.label}: ${step.stage.title}`;
  const rows = [];
  const row = (key, value) => value && rows.push(`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(key)}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`);
  const active = step.outcome === "raise" || step.outcome === "waiting";
  let equivalent = false;
  if (active) {
    // Who raises the stage is said first (the action sentence, from the policy's raised_by), then whom they contact
    // on each side. A role that raises it is not also listed as someone they go to in your agency.
    const raised = raisedByOthers(step);
    for (const c of step.contacts) {
      const titles = c.roles.map((r) => r.title).filter((title) => !(raised && c.side === "yours" && step.raised_by.includes(title)));
      if (!titles.length) continue;
      const them = c.side === "theirs" && c.equivalent;
      equivalent = equivalent || them;
      const key = them ? "guide.now.equivalent" : raised ? `guide.now.by.${c.side}` : `guide.now.contact.${c.side}`;
      const where = t(key) + (c.agency ? ` (${c.agency.name})` : "");
      const check = c.status === "check" ? `${esc(t("guide.contact.check"))} ` : "";
      row(where, check + roleList(titles) + (c.hint ? ` <span class="hint">${esc(c.hint)}</span>` : ""));
    }
  }
  if (step.outcome === "raise") {
    const by = step.raised_on ? step.raised_on.text : step.raise_within ? step.raise_within.within : "";
    row(t("guide.now.start"), esc(by));
  }
  if (step.deadline && active) row(dueLabel(ctx, step), `<strong>${esc(step.deadline.text)}</strong>`);
  else if (active && step.timescale) row(t("guide.timescale"), esc(step.timescale.within || step.timescale.text)); // no date: no "due by"
  // Each timed action of the stage besides the response, with its own date (and time, for clock hours).
  if (active) for (const a of step.actions || []) row(a.action, a.deadline ? `<strong>${esc(a.deadline.text)}</strong>` : esc(a.timescale.within));
  if (step.duties.length) {
    const tell = step.duties.map((d) => {
      const who = d.role || (d.contact && d.contact.name) || d.action;
      const email = d.contact && d.contact.email ? ` (<a href="mailto:${esc(d.contact.email)}">${esc(d.contact.email)}</a>)` : "";
      const condition = d.status === "check" || d.status === "if" ? ` <span class="hint">${esc(t("guide.now.tell_if", { because: d.because }))}</span>` : "";
      return `<li>${esc(who)}${email}${condition}</li>`;
    });
    row(t("guide.now.tell"), `<ul class="guide-now__tell">${tell.join("")}</ul>`);
  }
  const form = step.form && step.form.fillable && step.outcome === "raise"
    ? `<button type="button" class="md-button md-button--primary" data-action="form" data-form="${esc(step.form.id)}">${esc(t("guide.form.fill", { form: step.form.title }))}</button> `
    : "";
  const drafts = active
    ? `<button type="button" class="md-button" data-action="drafts" aria-controls="guide-drafts">${esc(t("guide.drafts.button"))}</button>`
    : "";
  const calendar = step.deadline && active
    ? `<button type="button" class="md-button" data-action="calendar">${esc(t("guide.now.calendar"))}</button>`
    : "";
  return (
    `<section class="guide-now" aria-labelledby="guide-now-heading"><h3 id="guide-now-heading">${esc(t("guide.now.title"))}</h3>` +
    `<p class="guide-now__action">${esc(actionText(ctx, step, stage))}</p>` +
    (rows.length ? `<dl class="govuk-summary-list guide-now__list">${rows.join("")}</dl>` : "") +
    (equivalent ? `<p class="guide-now__equivalent">${esc(t("guide.contacts.equivalent"))}</p>` : "") +
    (form || calendar || drafts ? `<p class="guide-now__buttons">${form}${calendar}${drafts}</p>` : "") +
    `<div id="guide-drafts" class="guide-drafts" tabindex="-1" hidden></div>` +
    `<p class="guide-now__more"><a href="#guide-details">${esc(t("guide.now.details"))}</a></p></section>`
  );
}

// Roles as the policy lists them: one role as it is; several as a list, since a role's title may hold commas
// ("Detective Superintendent, Head of Safeguarding") and joining them with commas would read as more roles.
export function roleList(titles) {
  if (titles.length < 2) return esc(titles[0] || "");
  return `<ul class="guide-roles">${titles.map((title) => `<li>${esc(title)}</li>`).join("")}</ul>`;
}

// Whose response is due: the other agency's where the stage contacts it, else the people contacted.
export function dueLabel(ctx, step) {
  const sides = step.contacts.map((c) => c.side);
  if (sides.includes("theirs")) return ctx.t("guide.due.theirs");
  return ctx.t(sides.length ? "guide.due.others" : "guide.due");
}

// Whether someone other than the practitioner raises the stage (a line manager, a safeguarding lead): then "Do this
// now" names them first. Where only the practitioner raises it, they contact the people listed themself.
function raisedByOthers(step) {
  return step.outcome === "raise" && step.raised_by.some((title, i) => !(step.raised_by_you && step.raised_by_you[i]));
}

// Who raises the stage, in the policy's roles: "You" for the practitioner's own role; together, joined by "and"
// (Medway stage 2: "the professional with their line manager").
function raisers(ctx, step) {
  const { t } = ctx;
  const who = step.raised_by.map((title, i) => (step.raised_by_you && step.raised_by_you[i] ? t("guide.now.raise_by.you") : title));
  return who.length ? who.reduce((first, second) => t("guide.now.raise_by.and", { first, second })) : "";
}

// The action in one sentence, for each kind of result.
function actionText(ctx, step, stage) {
  const { t } = ctx;
  const next = step.next ? `${step.next.label}: ${step.next.title}` : "";
  if (step.outcome === "raise") {
    const form = step.form && step.form.fillable;
    const by = !raisedByOthers(step) ? "guide.now.raise" : step.raised_by.length > 1 ? "guide.now.raise_by_many" : "guide.now.raise_by";
    const key = form ? `${by}_form` : by;
    return t(key, { stage, who: raisers(ctx, step), form: step.form ? step.form.title : "" });
  }
  if (step.outcome === "waiting") {
    const until = step.deadline ? t("guide.now.waiting_until", { date: step.deadline.text }) : (step.timescale && step.timescale.within) || "";
    return t(next ? "guide.now.waiting" : "guide.now.waiting_last", { stage, until, next });
  }
  if (step.outcome === "resolved") return t("guide.now.resolved", { stage });
  return t("guide.now.end", { stage });
}

// The e-mail drafts, asked of the engine when wanted: one link per person the advice names.
export async function showDrafts(ctx, button) {
  const { t } = ctx;
  const box = document.getElementById("guide-drafts");
  ctx.busy(button, true);
  try {
    const drafts = JSON.parse(await ctx.ask("drafts", JSON.stringify(ctx.state.answers), ctx.today()));
    box.innerHTML =
      `<h4>${esc(t("guide.drafts.title"))}</h4><p class="hint">${esc(t("guide.drafts.lead"))}</p>` +
      (drafts.length
        ? `<ul>${drafts.map((d) => `<li><a href="${esc(d.href)}">${esc(t("guide.drafts.link", { who: d.who }))}</a> ${esc(d.to || t("guide.drafts.no_address"))}</li>`).join("")}</ul>`
        : `<p>${esc(t("guide.drafts.none"))}</p>`);
    box.hidden = false;
    box.focus();
  } catch (error) {
    console.error("guide: drafts", error);
    ctx.setStatus(t("guide.status.error"), true);
  } finally {
    ctx.busy(button, false);
  }
}
