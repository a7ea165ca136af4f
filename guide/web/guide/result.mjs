// The advice: the stage, whom to contact, the deadline, whom to tell, records, the form, what comes next. Each item
// carries a "Why?" with the words of the source it comes from (why.mjs). Policy text is escaped or, for Markdown,
// the build's sanitised HTML.

import { backLink, capital, esc, manualLink, md, mdInline, startAgainHtml, telLinks } from "./html.mjs";
import { contactHelp, contactRoute, reachHtml, roleList, sideKey, sideValues } from "./contacts.mjs";
import { nowHtml } from "./now.mjs";
import { whyHtml } from "./why.mjs";

export function resultHtml(ctx, step) {
  const { t } = ctx;
  if (step.kind === "signpost") return signpostHtml(ctx, step);
  if (step.kind !== "advice") {
    return backLink(ctx) + `<h2 id="guide-heading" tabindex="-1">${esc(t("guide.result.none"))}</h2>` + answersHtml(ctx, step) + startAgainHtml(ctx);
  }
  const stage = step.stage;
  const name = `${stage.label}: ${stage.title}`;
  const headline = t(`guide.result.${step.outcome}`, { stage: name });
  // The dates the engine heads the result with, each in the words of what it is for (a response, or a timed action
  // such as a meeting), an indicative one saying so beside it.
  const due = (step.due || [])
    .map((d) => `<p class="guide-panel__deadline">${esc(d.label)} <strong>${esc(d.text)}</strong>${d.as_a_guide ? ` ${esc(d.as_a_guide)}` : ""}</p>`)
    .join("");
  const notices = step.notices
    .map((n) => `<div class="guide-warning" role="note"><strong>${esc(n.text)}</strong>${whyHtml(ctx, n.why, t("why.label.requires"))}</div>`)
    .join("");
  return (
    backLink(ctx) +
    `<div class="guide-panel${step.fast_route ? " guide-panel--fast" : ""}">${fastTag(ctx, step)}${stage.group ? `<span class="guide-caption guide-group">${esc(stage.group.title)}</span>` : ""}<h2 id="guide-heading" tabindex="-1">${esc(headline)}</h2>${due}</div>` +
    fastRouteHtml(ctx, step) +
    notices +
    nowHtml(ctx, step) +
    `<h3 id="guide-details" tabindex="-1">${esc(t("guide.details"))}</h3>` +
    waitingLead(ctx, step, name) +
    `<div class="guide-stage-description">${md(ctx, stage.description)}</div>` +
    (stage.hint ? `<p class="hint">${esc(stage.hint)}</p>` : "") +
    whyHtml(ctx, stage.why, t("why.label.stage")) +
    contactsHtml(ctx, step) +
    timescaleHtml(ctx, step) +
    instructionsHtml(ctx, step) +
    dutiesHtml(ctx, step) +
    (step.records.length ? `<h3 id="guide-records">${esc(t("guide.records"))}</h3><ul>${step.records.map((r) => `<li>${mdInline(ctx, r)}</li>`).join("")}</ul>` +
      step.records_why.map((w) => whyHtml(ctx, w, t("why.label.records"))).join("") : "") +
    formHtml(ctx, step) +
    `<h3 id="guide-next">${esc(t("guide.next"))}</h3>${nextHtml(ctx, step)}${otherFastRoutes(ctx, step)}` +
    `<p class="guide-manual-link">${esc(t("guide.read_in_manual"))} ${manualLink(ctx, stage.manual, name)}.</p>` +
    `<h3 id="guide-record-heading">${esc(t("guide.record.title"))}</h3><p>${esc(t("guide.record.lead"))}</p>` +
    `<p><button type="button" class="md-button" data-action="form" data-form="escalation-record">${esc(t("guide.record.button"))}</button></p>` +
    answersHtml(ctx, step) +
    startAgainHtml(ctx)
  );
}

// A fast route (for when the normal timescale is too slow for the child): said in the panel, with the question that
// led here in the policy's own words and its "Why?".
function fastTag(ctx, step) {
  if (!step.fast_route) return "";
  return `<p class="guide-panel__fast"><span class="guide-fast-tag">${esc(ctx.t("guide.fast_route", { title: step.fast_route.title }))}</span></p>`;
}

function fastRouteHtml(ctx, step) {
  const { t } = ctx;
  const fast = step.fast_route;
  if (!fast) return "";
  return (
    `<div class="guide-fast-route">` +
    (fast.question ? `<p>${esc(t("guide.fast_route.answered", { question: fast.question }))}</p>` : "") +
    whyHtml(ctx, fast.why, t("why.label.route")) +
    `</div>`
  );
}

// On the normal route, while it is under way: the fast routes to take if its timescale becomes too slow.
function otherFastRoutes(ctx, step) {
  const { t } = ctx;
  if (!(step.fast_routes || []).length || !(step.outcome === "raise" || step.outcome === "waiting")) return "";
  return step.fast_routes
    .map((f) => {
      const lead = f.question ? t("guide.fast_route.other", { question: f.question }) : t("guide.fast_route.other_short");
      return `<p class="guide-fast-routes">${esc(lead)} ${manualLink(ctx, f.manual, f.title)}.</p>`;
    })
    .join("");
}

// While waiting, the details below are what the stage involved: say so first, so that nobody raises it twice. Once
// resolved, the same: the stage's contacts are for reference, not people to contact now.
function waitingLead(ctx, step, name) {
  const { t } = ctx;
  if (step.outcome === "resolved") return `<p class="guide-waiting-lead">${esc(t("guide.details.resolved", { stage: name }))}</p>`;
  if (step.outcome !== "waiting") return "";
  const raised = step.raised_on ? t("guide.details.waiting_on", { stage: name, date: step.raised_on.text }) : t("guide.details.waiting", { stage: name });
  return `<p class="guide-waiting-lead">${esc(raised)}</p>`;
}

function contactsHtml(ctx, step) {
  const { t } = ctx;
  if (!step.contacts.length) return "";
  const raisedBy = step.raised_by.length
    ? `<dt>${esc(t("guide.raised_by"))}</dt><dd>${roleList(step.raised_by)}${whyHtml(ctx, step.raised_by_why, t("why.label.raised_by"))}</dd>`
    : "";
  const rows = step.contacts
    .map((c) => {
      const where = esc(t(`guide.side.${sideKey(c)}`, sideValues(c))) + (c.agency ? ` (${esc(c.agency.name)})` : "");
      const roles = (c.optional ? `${esc(t("guide.now.may_consult"))}: ` : "") + (c.contact ? reachHtml(ctx, c.contact) : roleList(c.names));
      const check = c.status === "check" ? `<span class="guide-check">${esc(t("guide.contact.check"))}</span> ` : "";
      const hint = c.hint ? ` <span class="hint">${esc(c.hint)}</span>` : "";
      return `<dt>${where}</dt><dd>${check}${roles}${hint}${whyHtml(ctx, c.why, t("why.label.contact", { roles: c.names.join("; ") }))}</dd>`;
    })
    .join("");
  return (
    `<h3 id="guide-contacts">${esc(t(step.outcome === "raise" ? "guide.contacts" : "guide.contacts.raised"))}</h3><dl class="guide-list">${raisedBy}${rows}</dl>` +
    (step.contacts.some((c) => c.equivalent) ? `<p>${esc(t("guide.contacts.equivalent"))}</p>` : "") +
    (step.stage.help ? `<div class="guide-help">${md(ctx, step.stage.help)}</div>` : "")
  );
}

function timescaleHtml(ctx, step) {
  const { t } = ctx;
  const ts = step.timescale;
  // The event the deadline counts from: an earlier stage raised, where the policy says so; else the date given.
  const from = step.counted_from ? step.counted_from.text : step.raised_on ? step.raised_on.text : "";
  const days = ts.counting;    // which days the count took in, from the engine (calendar days count weekends)
  const counted = step.deadline && from ? ` ${esc(t("guide.deadline.counted", { from }))} <strong>${esc(step.deadline.text)}</strong>. ${esc(days)}` : "";
  const actions = (step.actions || []).map((a) =>
    `<li>${esc(a.action)}: ${esc(a.timescale.within)}${a.deadline ? ` (${esc(t("guide.action.due", { date: a.deadline.text }))})` : ""}` +
    whyHtml(ctx, a.timescale.why, t("why.label.action", { action: a.action })) + "</li>").join("");
  return (
    `<h3 id="guide-deadline">${esc(t("guide.timescale"))}</h3><p>${esc(capital(ts.text))}.${counted}</p>` +
    (actions ? `<ul class="govuk-list govuk-list--bullet">${actions}</ul>` : "") +
    (ts.wording ? `<p class="guide-quote">${esc(t("guide.policy_says", { words: ts.wording }))}</p>` : "") +
    (ts.hint ? `<p class="hint">${esc(ts.hint)}</p>` : "") +
    whyHtml(ctx, ts.why, t("why.label.timescale")) +
    (step.raise_within && step.outcome === "raise" // once raised (waiting, resolved), "Raise it within" is past
      ? `<p>${esc(t("guide.raise_within", { within: step.raise_within.within }))}</p>` + whyHtml(ctx, step.raise_within.why, t("why.label.raise_within"))
      : "") +
    (step.requires ? `<p>${esc(step.requires)}</p>` + whyHtml(ctx, step.requires_why, t("why.label.requires")) : "")
  );
}

// What to do that is not telling someone, each with its "Why?" (the source's words).
function instructionsHtml(ctx, step) {
  const { t } = ctx;
  if (!(step.instructions || []).length) return "";
  const items = step.instructions.map((i) => {
    const check = i.status === "check" ? `<strong>${esc(t("guide.instruction.check"))}</strong> ` : "";
    const hint = i.hint ? ` <span class="hint">${esc(i.hint)}</span>` : "";
    return `<li>${check}${esc(i.text)}${hint}${whyHtml(ctx, i.why, t("why.label.instruction", { text: i.text }))}</li>`;
  });
  return `<h3 id="guide-instructions">${esc(t("guide.instructions"))}</h3><ul class="guide-instructions">${items.join("")}</ul>`;
}

function dutiesHtml(ctx, step) {
  const { t } = ctx;
  if (!step.duties.length) return `<h3 id="guide-duties">${esc(t("guide.duties"))}</h3><p>${esc(t("guide.duties.none"))}</p>`;
  // Waiting, or once resolved, a duty of the stage itself was for when it was raised: listed apart, to check.
  const item = (d) => {
      const email = d.contact ? ` ${contactRoute(ctx, d.contact)}${contactHelp(d.contact)}` : "";
      const hint = d.hint ? ` <span class="hint">${esc(d.hint)}</span>` : "";
      const why = whyHtml(ctx, d.why, d.action);
      if (d.status === "check") return `<li><strong>${esc(t("guide.duty.check", { because: d.because }))}</strong> ${esc(t("guide.duty.if_so"))} ${esc(d.action)}${email}${hint}${why}</li>`;
      if (d.status === "if") return `<li><strong>${esc(t("guide.duty.if", { because: d.because }))}</strong> ${esc(d.action)}${email}${hint}${why}</li>`;
      return `<li><strong>${esc(d.action)}</strong>${email} <span class="guide-reason">${esc(t("guide.duty.because", { because: d.because }))}</span>${hint}${why}</li>`;
  };
  const raising = step.outcome === "raise";
  const todo = step.duties.filter((d) => raising || d.on === "outcome");
  const done = step.duties.filter((d) => !raising && d.on !== "outcome");
  return (
    `<h3 id="guide-duties">${esc(t("guide.duties"))}</h3>` +
    (todo.length ? `<ul class="guide-duties">${todo.map(item).join("")}</ul>` : "") +
    (done.length ? `<p>${esc(t("guide.duties.stage"))}</p><ul class="guide-duties guide-duties--stage">${done.map(item).join("")}</ul>` : "")
  );
}

function formHtml(ctx, step) {
  const { t } = ctx;
  const form = step.form;
  if (!form) return "";
  return (
    `<h3 id="guide-form-heading">${esc(t("guide.form"))}</h3><p>${esc(form.title)}. ${mdInline(ctx, form.purpose)}</p>` +
    (step.outcome === "waiting" ? `<p>${esc(t("guide.form.sent", { form: form.title }))}</p>` : "") +
    (form.fillable
      ? `<p><button type="button" class="md-button${form.now ? " md-button--primary" : ""}" data-action="form" data-form="${esc(form.id)}">${esc(t("guide.form.fill", { form: form.title }))}</button></p>`
      : `<p class="hint">${esc(form.hint || t("guide.form.cannot_fill"))} ${esc(t("guide.form.record_instead"))}</p>`) +
    whyHtml(ctx, form.why, t("why.label.form")) +
    `<p>${manualLink(ctx, form.manual, t("guide.form.fields", { form: form.title }))}</p>`
  );
}

function nextHtml(ctx, step) {
  const { t } = ctx;
  if (step.if_unresolved) return md(ctx, step.if_unresolved);
  if (step.next) {
    return (
      `<p>${esc(t("guide.next.go_to"))} ${manualLink(ctx, step.next.manual, `${step.next.label}: ${step.next.title}`)}.` +
      (step.next.requires ? ` ${esc(step.next.requires)}` : "") +
      (step.next.raise_within ? ` ${esc(t("guide.raise_within", { within: step.next.raise_within }))}` : "") +
      `</p>`
    );
  }
  return `<p>${esc(t("guide.next.last"))}${step.after ? "" : ` ${esc(t("guide.next.silent"))}`}</p>` + (step.after ? md(ctx, step.after) : "");
}

function signpostHtml(ctx, step) {
  const { t } = ctx;
  const s = step.signpost;
  const urgent = s.id === "immediate-risk";
  const icon = urgent
    ? `<p class="immediate-risk__title"><span class="immediate-risk__icon" aria-hidden="true">!</span><span class="md-visually-hidden">${esc(t("guide.warning"))}</span></p>`
    : "";
  // The instruction is the build's sanitised HTML, in which 999 is already a tel: link; plain text gets it here.
  const instruction = ctx.data.html[s.instruction] || `<p>${telLinks(esc(s.instruction))}</p>`;
  return (
    backLink(ctx) +
    `<div class="guide-panel guide-panel--signpost${urgent ? " immediate-risk" : ""}">${icon}<h2 id="guide-heading" tabindex="-1">${esc(s.title)}</h2></div>` +
    `<div class="guide-signpost">${instruction}</div>` +
    (s.hint ? `<p class="hint">${esc(s.hint)}</p>` : "") +
    whyHtml(ctx, s.why, t(urgent ? "why.label.immediate_risk" : "why.label.signpost")) +
    `<p class="guide-manual-link">${manualLink(ctx, s.manual, t("guide.signpost.manual"))}</p>` +
    answersHtml(ctx, step) +
    startAgainHtml(ctx)
  );
}

export function answersHtml(ctx, step) {
  if (!step.summary || !step.summary.length) return "";
  return (
    `<h3 id="guide-answers">${esc(ctx.t("guide.answers"))}</h3><dl class="govuk-summary-list">` +
    step.summary
      .map(
        (row) =>
          `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(row.question)}</dt>` +
          `<dd class="govuk-summary-list__value">${esc(row.answer)}</dd>` +
          `<dd class="govuk-summary-list__actions"><a href="#" data-action="change" data-question="${esc(row.id)}">${esc(ctx.t("guide.change"))}<span class="govuk-visually-hidden"> ${esc(row.question)}</span></a></dd></div>`,
      )
      .join("") +
    `</dl>`
  );
}
