// "Do this now": the top of every result, so that a practitioner sees at a glance what to do, whom to contact on
// each side, by when, whom to tell, and the form (GOV.UK panel and summary list). The details follow below it.
// While waiting for a response, it says when the response is due and from whom, what to do if it does not come, and
// that the child's safety comes first; the people the stage was raised with are named as such, not as a to-do. Once
// resolved, it says what the policy asks for on resolution, and no one to contact. Everything here is from the
// engine's advice; the words are guide.now.* keys in wording.json.

import { esc, manualLink, mdInline } from "./html.mjs";
import { contactHelp, contactRoute, reachHtml, roleList, sideKey, sideValues } from "./contacts.mjs";

export function nowHtml(ctx, step) {
  const { t } = ctx;
  const stage = `${step.stage.label}: ${step.stage.title}`;
  const rows = [];
  const row = (key, value) => value && rows.push(`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(key)}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`);
  const raising = step.outcome === "raise";
  const waiting = step.outcome === "waiting";
  const active = raising || waiting;
  let equivalent = false;
  if (raising) {
    // Who raises the stage is said first (the action sentence, from the policy's raised_by), then whom they contact
    // on each side. A role that raises it is not also listed as someone they go to in your agency.
    const raised = raisedByOthers(step);
    for (const c of step.contacts) {
      if (c.optional) continue; // offered below as "You may also consult", never as a step
      const titles = c.names.filter((title) => !(raised && c.side === "yours" && step.raised_by.includes(title)));
      if (!titles.length) continue;
      const them = c.side === "theirs" && c.equivalent;
      equivalent = equivalent || them;
      const key = them ? "guide.now.equivalent" : raised ? `guide.now.by.${sideKey(c)}` : `guide.now.contact.${sideKey(c)}`;
      const where = t(key, sideValues(c)) + (c.agency ? ` (${c.agency.name})` : "");
      const check = c.status === "check" ? `${esc(t("guide.contact.check"))} ` : "";
      row(where, check + (c.contact ? reachHtml(ctx, c.contact) : roleList(titles)) + (c.hint ? ` <span class="hint">${esc(c.hint)}</span>` : ""));
    }
    const optional = step.contacts.filter((c) => c.optional);
    if (optional.length) {
      const items = optional.map((c) => `<li>${c.contact ? reachHtml(ctx, c.contact) : esc(c.names.join(", "))}${c.agency ? ` (${esc(c.agency.name)})` : ""}${c.hint ? ` <span class="hint">${esc(c.hint)}</span>` : ""}</li>`);
      row(t("guide.now.may_consult"), `<ul class="guide-now__optional">${items.join("")}</ul><span class="hint">${esc(t("guide.now.may_consult_hint"))}</span>`);
    }
  }
  if (raising) {
    const by = step.raised_on ? step.raised_on.text : step.raise_within ? step.raise_within.within : "";
    if (by) row(t("guide.now.start"), esc(by));   // none where its deadline counts from the previous response
  }
  if (waiting && step.raised_on) row(t("guide.now.raised_on"), esc(step.raised_on.text));
  const response = (step.due || []).find((d) => d.for === "response");
  if (response && active) row(response.label, `<strong>${esc(response.text)}</strong>${noteHtml(response)}`);
  else if (active && step.timescale) row(t("guide.timescale"), esc(step.timescale.within || step.timescale.text)); // no date: no "due by"
  if (waiting) row(t(step.deadline ? "guide.now.if_none" : "guide.now.if_none.untimed"), ifNoneHtml(ctx, step));
  // Each timed action of the stage besides the response, with its own date (and time, for clock hours).
  if (active) for (const a of step.actions || []) row(a.action, a.deadline ? `<strong>${esc(a.deadline.text)}</strong>${noteHtml(a.timescale)}` : esc(a.timescale.within));
  if (waiting) {
    // Whom the stage was raised with: for reference, not someone to contact again.
    for (const c of step.contacts) {
      if (c.optional || !c.names.length) continue;
      const check = c.status === "check" ? `${esc(t("guide.contact.check"))} ` : "";
      row(t(`guide.now.raised_with.${sideKey(c)}`, sideValues(c)) + (c.agency ? ` (${c.agency.name})` : ""), check + (c.contact ? reachHtml(ctx, c.contact) : roleList(c.names)));
    }
  }
  // Raising a stage, each duty is something to do. Waiting, or once resolved, only a duty on how the stage ended
  // is; one of the stage itself was for when it was raised: something to check, never to do again.
  const todo = raising ? step.duties : step.duties.filter((d) => d.on === "outcome");
  const done = raising ? [] : step.duties.filter((d) => d.on !== "outcome");
  if (todo.length) row(t("guide.now.tell"), `<ul class="guide-now__tell">${todo.map((d) => dutyItem(ctx, d)).join("")}</ul>`);
  if (done.length) {
    row(t("guide.now.check_told"), `<ul class="guide-now__told">${done.map((d) => dutyItem(ctx, d)).join("")}</ul><span class="hint">${esc(t("guide.now.check_told_hint"))}</span>`);
  }
  // Once resolved, a record to keep only where the policy asks for one (its own words).
  if (step.outcome === "resolved" && step.records.length) {
    row(t("guide.now.records"), `<ul class="guide-now__records">${step.records.map((r) => `<li>${mdInline(ctx, r)}</li>`).join("")}</ul>`);
  }
  // A form to send now that the guide cannot fill in (Wirral's proformas, not reproduced in its chapter): named here
  // with its page in the manual, so that a result such as "resolved at stage 2" says what to send, not only to whom.
  if (step.form && step.form.now && !step.form.fillable) row(t("guide.form"), manualLink(ctx, step.form.manual, step.form.title));
  const form = step.form && step.form.fillable && step.form.now // a form for an outcome: once it holds
    ? `<button type="button" class="md-button md-button--primary" data-action="form" data-form="${esc(step.form.id)}">${esc(t("guide.form.fill", { form: step.form.title }))}</button> `
    : "";
  const drafts = active
    ? `<button type="button" class="md-button" data-action="drafts" aria-controls="guide-drafts">${esc(t("guide.drafts.button"))}</button>`
    : "";
  // A date to put in a calendar: the response's, or a timed action's (a stage may have only those).
  const dated = step.deadline || (step.actions || []).some((a) => a.deadline);
  const calendar = dated && active
    ? `<button type="button" class="md-button" data-action="calendar">${esc(t("guide.now.calendar"))}</button>`
    : "";
  return (
    `<section class="guide-now" aria-labelledby="guide-now-heading"><h3 id="guide-now-heading">${esc(t("guide.now.title"))}</h3>` +
    `<p class="guide-now__action">${esc(actionText(ctx, step, stage))}</p>` +
    instructionsHtml(ctx, step) +
    (rows.length ? `<dl class="govuk-summary-list guide-now__list">${rows.join("")}</dl>` : "") +
    safetyHtml(step) +
    (equivalent ? `<p class="guide-now__equivalent">${esc(t("guide.contacts.equivalent"))}</p>` : "") +
    (form || calendar || drafts ? `<p class="guide-now__buttons">${form}${calendar}${drafts}</p>` : "") +
    `<div id="guide-drafts" class="guide-drafts" tabindex="-1" hidden></div>` +
    `<p class="guide-now__more"><a href="#guide-details">${esc(t("guide.now.details"))}</a></p></section>`
  );
}

// One person to tell, with the way to reach them and, where it depends on an answer, the condition.
function dutyItem(ctx, d) {
  const { t } = ctx;
  const who = d.role || (d.contact && d.contact.name) || d.action;
  const email = d.contact ? ` (${contactRoute(ctx, d.contact)})${contactHelp(d.contact)}` : "";
  const condition = d.status === "check" || d.status === "if" ? ` <span class="hint">${esc(t("guide.now.tell_if", { because: d.because }))}</span>` : "";
  return `<li>${esc(who)}${email}${condition}</li>`;
}

// While waiting: what to do if no response comes by the date (or, with no date, at all): raise the next stage, named,
// with the policy's time to raise it; where the policy says what to do if a stage is not resolved, or at the last
// stage, its words in the details below.
function ifNoneHtml(ctx, step) {
  const { t } = ctx;
  const below = (key) => `<a href="#guide-next">${esc(t(key))}</a>`;
  if (step.if_unresolved) return below("guide.now.if_none.policy"); // the policy's own words, in the details
  // At the last stage, a link to what the policy says happens next only where it says something.
  if (!step.next) return `${esc(t("guide.now.if_none.last"))} ${step.after ? below("guide.now.if_none.after") : esc(t("guide.next.silent"))}`;
  const next = `${step.next.label}: ${step.next.title}`;
  return esc(step.next.raise_within ? t("guide.now.if_none.next_within", { next, within: step.next.raise_within }) : t("guide.now.if_none.next", { next }));
}

// While waiting: the child's safety comes first (the policy's immediate-risk rule). Where a notice above already
// says so (a stage with no date to wait until), it is not said twice.
function safetyHtml(step) {
  if (!step.safety || (step.notices || []).some((n) => n.kind === "untimed")) return "";
  return `<p class="guide-now__safety"><strong>${esc(step.safety)}</strong></p>`;
}

// Things to do that are not telling someone ("Keep the person in the care setting until it is resolved"): actions,
// listed under the action sentence.
function instructionsHtml(ctx, step) {
  const { t } = ctx;
  const items = (step.instructions || []).map((i) => {
    const check = i.status === "check" ? ` <span class="hint">${esc(t("guide.instruction.check"))}</span>` : "";
    return `<li>${esc(i.text)}${check}</li>`;
  });
  return items.length ? `<ul class="guide-now__actions" aria-label="${esc(t("guide.now.do"))}">${items.join("")}</ul>` : "";
}

// Beside a date the policy gives as a guide (indicative), the engine's words saying so.
function noteHtml(item) {
  return item && item.as_a_guide ? ` ${esc(item.as_a_guide)}` : "";
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
  return who.length ? who.reduce((first, second) => t("guide.now.raise_by.and", { first, second: midSentence(second) })) : "";
}

// A role's title after "and": in lower case where it is in sentence case ("You and line manager or team manager"),
// as written where it has other capitals ("Head of Service"). The same rule as wording.mid_sentence in the engine.
export function midSentence(title) {
  const [first, ...others] = title.split(" ");
  const rest = others.join(" ");
  if (["The", "A", "An", "Your", "Their"].includes(first) && rest) return title.charAt(0).toLowerCase() + title.slice(1);
  if (first.length > 1 && first.slice(1) === first.slice(1).toLowerCase() && /[a-z]/.test(first.slice(1)) && rest === rest.toLowerCase()) {
    return title.charAt(0).toLowerCase() + title.slice(1);
  }
  return title;
}

// The action in one sentence, for each kind of result.
function actionText(ctx, step, stage) {
  const { t } = ctx;
  if (step.outcome === "raise") {
    const form = step.form && step.form.fillable && step.form.now;
    const by = !raisedByOthers(step) ? "guide.now.raise" : step.raised_by.length > 1 ? "guide.now.raise_by_many" : "guide.now.raise_by";
    const key = form ? `${by}_form` : by;
    return t(key, { stage, who: raisers(ctx, step), form: step.form ? step.form.title : "" });
  }
  if (step.outcome === "waiting") return t("guide.now.waiting", { stage });
  if (step.outcome === "resolved") {
    const asked = step.duties.some((d) => d.on === "outcome") || (step.form && step.form.now) || step.records.length;
    return t(asked ? "guide.now.resolved_do" : "guide.now.resolved", { stage });
  }
  // Past the last stage: "read what the policy says happens next" only where it says something.
  return t(step.after || step.if_unresolved ? "guide.now.end" : "guide.now.end.silent", { stage });
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
