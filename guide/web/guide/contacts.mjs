// How a contact is named and reached in the result and in "Do this now": an inbox, a phone line or a directory with
// its help for these answers, a duty's contact and its route, a list of roles, and the words for whose it is.

import { esc, manualLink } from "./html.mjs";

// A contact named directly (an inbox, a phone line, a directory): its name and each way in, with its help for
// these answers.
export function reachHtml(ctx, contact) {
  const { t } = ctx;
  const ways = [];
  if (contact.email) ways.push(`<a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a>`);
  if (contact.phone) ways.push(`${esc(t("guide.contact.phone"))} ${esc(contact.phone)}`);
  if (contact.directory) ways.push(`<a href="${esc(contact.directory)}" target="_blank" rel="noopener">${esc(t("guide.contact.directory", { name: contact.name }))} ${esc(t("guide.new_tab"))}</a>`);
  if (contact.website) ways.push(`<a href="${esc(contact.website)}" target="_blank" rel="noopener">${esc(t("guide.contact.website"))} ${esc(t("guide.new_tab"))}</a>`);
  const help = (contact.help || []).map((h) => `<span class="hint guide-contact__help">${esc(h)}</span>`).join(" ");
  return `${esc(contact.name)}${ways.length ? ` (${ways.join(", ")})` : ""}${help ? ` ${help}` : ""}`;
}

// How to reach a duty's contact: its inbox, phone line, directory and page as the policy gives them; where it gives
// none, its entry in the manual (Wirral's Business Manager), so that no one is named without a way to reach them.
export function contactRoute(ctx, contact) {
  const { t } = ctx;
  const routes = [];
  if (contact.email) routes.push(`<a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a>`);
  if (contact.phone) routes.push(`<a href="tel:${esc(contact.phone.replace(/[^\d+]/g, ""))}">${esc(contact.phone)}</a>`);
  if (contact.directory) routes.push(`<a href="${esc(contact.directory)}" target="_blank" rel="noopener">${esc(t("guide.contact.directory", { name: contact.name }))} ${esc(t("guide.new_tab"))}</a>`);
  if (contact.website && /^https?:\/\//i.test(contact.website)) routes.push(`<a href="${esc(contact.website)}" target="_blank" rel="noopener">${esc(contact.website)}</a>`);
  if (!routes.length && contact.manual) routes.push(manualLink(ctx, contact.manual, t("guide.duty.how_to_reach", { name: contact.name })));
  return routes.join(", ");
}

// A contact's help for these answers (the children's directory on a child's route), after its route.
export function contactHelp(contact) {
  return (contact.help || []).map((h) => ` <span class="hint guide-contact__help">${esc(h)}</span>`).join("");
}

// Roles as the policy lists them: one role as it is; several as a list, since a role's title may hold commas
// ("Detective Superintendent, Head of Safeguarding") and joining them with commas would read as more roles.
export function roleList(titles) {
  if (titles.length < 2) return esc(titles[0] || "");
  return `<ul class="guide-roles">${titles.map((title) => `<li>${esc(title)}</li>`).join("")}</ul>`;
}

// The words for where a contact is: its side, or, outside the two agencies, whose it is (the engine's "body"): an
// owner of a joint protocol, the partnership, or an inbox or line known only by its own name ("Contact").
export function sideKey(c) {
  return c.side === "partnership" && c.body && c.body.kind !== "partnership" ? c.body.kind : c.side;
}

export function sideValues(c) {
  return c.body ? { owner: c.body.name } : {};
}
