// Downloads and printing. The document is made by the engine in this browser; nothing is sent anywhere. A failure
// is said in plain words and stays on screen until the next action.

import { esc, today } from "./html.mjs";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function download(ctx, formId, button) {
  const { state } = ctx;
  // One call after the other: a failure of the first is what the practitioner needs to see.
  const saved = await save(ctx, button, DOCX, async () => [
    await ctx.ask("make_document", formId, JSON.stringify(state.answers), JSON.stringify(state.details), today(), reference(state)),
    await ctx.ask("document_name", formId, today(), reference(state)),
  ]);
  // Said beside the button, where a phone shows it (the page's status line is at the top), with what to do next.
  const box = document.getElementById("guide-saved");
  if (saved && box) {
    const form = state.forms[formId];
    box.classList.remove("guide-saved--problem");
    box.innerHTML = `<p><strong>${esc(ctx.t("guide.download.started", { name: saved }))}</strong></p>` + (form && form.next ? `<p>${esc(form.next)}</p>` : "");
    box.hidden = false;
    box.focus();             // read out, and scrolled into view on a phone
  }
}

// The escalation's reference: random, made once per escalation and kept when it is continued from a record, so the
// partnership's log counts one escalation however many of its records arrive. It says nothing about the child.
const LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function reference(state) {
  if (!state.reference) {
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    const code = Array.from(bytes, (b) => LETTERS[b % 32]).join("");
    state.reference = `ESC-${code.slice(0, 4)}-${code.slice(4)}`;
  }
  return state.reference;
}

// The response deadline (and the day to decide on the next step) as an .ics file: no child's details go in it.
export async function downloadCalendar(ctx, button) {
  await save(ctx, button, "text/calendar", async () => [
    await ctx.ask("calendar", JSON.stringify(ctx.state.answers), today()),
    await ctx.ask("calendar_name", today(), reference(ctx.state)),
  ]);
}

async function save(ctx, button, type, make) {
  const { t } = ctx;
  ctx.busy(button, true);
  try {
    const [bytes, name] = await make();
    if (!bytes || !bytes.length) throw new Error("nothing to save");
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    performance.mark("guide:document-ready");
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    if (!document.getElementById("guide-saved")) ctx.setStatus(t("guide.download.started", { name })); // else said beside the button
    return name;
  } catch (error) {
    console.error("guide: the document could not be made", error);
    const box = document.getElementById("guide-saved");
    if (!box) ctx.setStatus(t("guide.download.failed"), true);
    else {
      box.innerHTML = `<p class="guide-error">${esc(t("guide.download.failed"))}</p>`;
      box.classList.add("guide-saved--problem");
      box.hidden = false;
      box.scrollIntoView({ block: "nearest" });
    }
    return null;
  } finally {
    ctx.busy(button, false);
    button.focus();
  }
}

// Printing: the engine makes the same document as the download (guide.engine.documents.form_html), so the printed
// form has the partnership, the policy's version and every row, with room to write in the recipient's. The HTML is
// escaped by the engine; it is shown only while the print dialogue is open, then removed.
export async function printView(ctx, formId, button) {
  const { state, t } = ctx;
  ctx.busy(button, true);
  let view = document.getElementById("guide-print");
  try {
    const html = await ctx.ask("document_html", formId, JSON.stringify(state.answers), JSON.stringify(state.details), today(), reference(state));
    if (!view) {
      view = document.createElement("div");
      view.id = "guide-print";
      view.className = "guide-print";
      document.body.appendChild(view);
    }
    view.innerHTML = html;
    document.body.classList.add("guide-printing");
    window.print();
  } catch (error) {
    console.error("guide: the document could not be printed", error);
    ctx.setStatus(t("guide.print.failed"), true);
  } finally {
    document.body.classList.remove("guide-printing");
    if (view) view.innerHTML = "";
    ctx.busy(button, false);
    button.focus();
  }
}
