// "Why?": the words of the source each piece of advice comes from, and their section, or that the source does not
// say it. The same markup as the manual's (guide/publish/templates/why.html.j2), so the same styles apply.

import { esc } from "./html.mjs";

export function whyHtml(ctx, why, label) {
  if (!why) return "";
  const body = why.from_source
    ? why.passages
        .map(
          (p) =>
            `<dd><blockquote class="why__quote">“${esc(p.text)}”</blockquote>` +
            (p.section ? `<span class="why__section">${esc(ctx.t("why.section", { section: p.section }))}</span>` : "") +
            `</dd>`,
        )
        .join("")
    : `<dd class="why__inferred">${esc(why.text)}</dd>`;
  if (!body) return "";
  return (
    `<details class="why"><summary>${esc(ctx.t("why.summary"))}</summary>` +
    `<dl class="why__list">${label ? `<dt>${esc(label)}</dt>` : ""}${body}</dl></details>`
  );
}
