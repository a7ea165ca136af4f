// The partnership's escalation log page: the records the business manager chooses are read here, by the guide's
// engine in a worker on this computer (guide/engine/escalation_log.py); nothing is uploaded, nothing is stored, and
// leaving the page forgets them. It shows the quarterly report (tables, and bar charts with the same figures), one
// row per escalation (filter, sort), the files not read, and offers the log as CSV.
import { startEngine } from "./engine-client.mjs";
import { esc, today } from "./html.mjs";
import { makeWording } from "./wording.mjs";

const MAX_BYTES = 20 * 1024 * 1024;
const FILE_LIMIT_MS = 60000;
const root = document.getElementById("log");
if (root) main(root);

function main(root) {
  root.dataset.script = "running"; // log-start.js: the page script runs (else it says the page could not start)
  const data = JSON.parse(document.getElementById("log-data").textContent);
  const t = makeWording(data.wording || {});
  const status = document.getElementById("log-status");
  const results = document.getElementById("log-results");
  const inputs = ["log-files", "log-folder"].map((id) => document.getElementById(id)).filter(Boolean);
  let rows = [];
  let csv = "";
  const sort = { column: "made", ascending: true };
  const say = (text, error = false) => {
    status.textContent = text;
    status.classList.toggle("guide-status--error", error);
  };
  // The engine in its worker. If one file ever breaks it (a fatal error inside Pyodide), a fresh engine is started
  // and the files read before are read again, so that one file never loses the others.
  const startLogEngine = () =>
    new Promise((resolve, reject) => {
      const started = startEngine({
        onReady() {
          root.dataset.engine = "ready";
          resolve(started);
        },
        onFailed(reason) {
          root.dataset.engine = "failed";
          say(t("guide.log.failed"), true);
          reject(new Error(reason));
        },
      });
    });
  root.dataset.engine = "starting";
  let engineReady = startLogEngine();
  engineReady.catch(() => {});
  for (const input of inputs) {
    input.disabled = false;
    input.addEventListener("change", async () => {
      const files = Array.from(input.files || []).filter((f) => /\.docx$/i.test(f.name));
      input.value = "";
      if (!files.length) return say(t("guide.log.none"), true);
      inputs.forEach((i) => (i.disabled = true));
      try {
        say(t("guide.log.reading", { count: files.length }));
        let engine = await engineReady;
        await engine.call("log_clear");
        const read = []; // [file, read by the engine]
        for (const file of files) {
          const name = file.webkitRelativePath || file.name;
          try {
            const bytes = file.size <= MAX_BYTES ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
            await withinLimit(engine.call("log_add", name, bytes));
            read.push([file, true]);
          } catch (error) {
            console.error(`guide: ${name} could not be read`, error);
            read.push([file, false]);
            try {
              await withinLimit(engine.call("log_add", name, undefined)); // listed as not read, with the reason
            } catch {
              engine = await restart(read);
            }
          }
        }
        const report = JSON.parse(await engine.call("log_report", today()));
        rows = report.rows;
        csv = report.csv;
        show(report);
        const records = rows.reduce((sum, r) => sum + (r.records || 1), 0);
        say(
          [
            t("guide.log.done", { escalations: rows.length, records, later: records - rows.length }),
            report.duplicates.length ? counted("guide.log.done.duplicates", report.duplicates.length) : "",
            report.refused.length ? counted("guide.log.done.refused", report.refused.length) : "",
          ]
            .filter(Boolean)
            .join(" "),
        );
        root.dataset.rows = String(rows.length);
      } catch (error) {
        console.error(error);
        say(t("guide.log.failed"), true);
      } finally {
        inputs.forEach((i) => (i.disabled = false));
      }
    });
  }
  // A file the engine has not answered for within a minute (its worker lost) is treated as one that failed.
  const withinLimit = (call) =>
    Promise.race([call, new Promise((_, reject) => setTimeout(() => reject(new Error("no answer from the engine")), FILE_LIMIT_MS))]);
  const counted = (key, n) => t(n === 1 ? `${key}.one` : key, { n });

  // A fresh engine, given again every file read so far (those that failed, as not read).
  async function restart(read) {
    root.dataset.engine = "starting";
    engineReady = startLogEngine();
    const engine = await engineReady;
    for (const [file, ok] of read) {
      const name = file.webkitRelativePath || file.name;
      const bytes = ok && file.size <= MAX_BYTES ? new Uint8Array(await file.arrayBuffer()) : undefined;
      await engine.call("log_add", name, ok ? bytes || new Uint8Array(0) : undefined);
    }
    return engine;
  }

  function show(report) {
    results.hidden = false;
    document.getElementById("log-report").innerHTML = report.quarters.map((q) => quarterHtml(q)).join("");
    document.getElementById("log-refused").innerHTML = report.refused.length
      ? `<h2>${esc(t("guide.log.refused"))}</h2><ul>${report.refused
          .map((r) => `<li><strong>${esc(r.file)}</strong>: ${esc(r.message)}</li>`)
          .join("")}</ul>`
      : "";
    document.getElementById("log-duplicates").innerHTML = report.duplicates.length
      ? `<h2>${esc(t("guide.log.duplicates"))}</h2><ul>${report.duplicates
          .map((d) => `<li><strong>${esc(d.file)}</strong>: ${esc(t("guide.log.duplicates.same_as"))} ${esc(d.same_as)}</li>`)
          .join("")}</ul>`
      : "";
    document.getElementById("log-overdue-means").textContent = report.overdue_means;
    drawRows();
  }

  function quarterHtml(q) {
    const facts = [
      [t("guide.log.escalations"), q.escalations],
      [t("guide.log.reached_partnership"), q.reached_partnership],
      [t("guide.log.overdue"), q.overdue],
      [t("guide.log.older"), q.older_version],
    ];
    return (
      `<section class="log-quarter" data-quarter="${esc(q.quarter)}"><h3>${esc(q.quarter)}</h3>` +
      `<dl class="govuk-summary-list">${facts
        .map(([k, v]) => `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(k)}</dt><dd class="govuk-summary-list__value" data-fact="${esc(k)}">${v}</dd></div>`)
        .join("")}</dl>` +
      chart(q.quarter, t("guide.log.by_stage"), q.by_stage, "stage") +
      chart(q.quarter, t("guide.log.by_agencies"), q.by_agencies, "agencies") +
      chart(q.quarter, t("guide.log.by_outcome"), outcomes(q.by_outcome), "outcome") +
      chart(q.quarter, t("guide.log.by_theme"), q.no_theme ? { ...q.by_theme, [t("guide.log.no_theme")]: q.no_theme } : q.by_theme, "theme") +
      timeAtStageHtml(q) +
      `</section>`
    );
  }

  // How long escalations stayed at each stage before the next was raised, against the policy's response time.
  function timeAtStageHtml(q) {
    const lead = `<h4>${esc(t("guide.log.time_at_stage"))}</h4><p class="hint">${esc(t("guide.log.time_at_stage.lead"))}</p>`;
    if (!q.time_at_stage.length) return lead + `<p>${esc(t("guide.log.time_at_stage.none"))}</p>`;
    const head = ["guide.log.stage", "guide.log.moved_on", "guide.log.median_days", "guide.log.timescale", "guide.log.after_due"]
      .map((key, i) => `<th scope="col"${[1, 2, 4].includes(i) ? ' class="log-count"' : ""}>${esc(t(key))}</th>`)
      .join("");
    const body = q.time_at_stage
      .map((s) => `<tr><th scope="row">${esc(s.stage)}</th><td class="log-count">${s.moved_on}</td><td class="log-count">${esc(String(s.median_days))}</td><td>${esc(s.timescale)}</td><td class="log-count">${s.after_due}</td></tr>`)
      .join("");
    return (
      lead +
      `<table class="log-table" data-kind="time-at-stage"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
    );
  }

  // A bar chart as a table: each row has its label, its figure as text, and its bar, an SVG picture of the same
  // figure (hidden from screen readers, which read the figure). Long labels wrap; nothing needs counting down a list.
  function chart(quarter, title, counts, kind) {
    const entries = Object.entries(counts);
    const max = Math.max(1, ...entries.map(([, n]) => n));
    const rows = entries
      .map(
        ([label, n]) =>
          `<tr><th scope="row">${esc(label)}</th><td class="log-count">${n}</td>` +
          `<td class="log-bar-cell"><svg class="log-bar" aria-hidden="true" focusable="false" viewBox="0 0 100 10" preserveAspectRatio="none"><rect width="${Math.max(1, (n / max) * 100)}" height="10"></rect></svg></td></tr>`,
      )
      .join("");
    return (
      `<table class="log-table log-chart" data-kind="${kind}"><caption>${esc(title)}</caption>` +
      `<thead><tr><th scope="col">${esc(title)}</th><th scope="col" class="log-count">${esc(t("guide.log.count"))}</th>` +
      `<th scope="col"><span class="govuk-visually-hidden">${esc(t("guide.log.chart"))}</span></th></tr></thead><tbody>${rows}</tbody></table>`
    );
  }

  const COLUMNS = ["reference", "made", "pathway", "stage", "outcome", "your_agency", "other_agency", "theme", "deadline", "overdue", "records"];
  function drawRows() {
    const filter = (document.getElementById("log-filter").value || "").toLowerCase();
    const shown = rows
      .filter((r) => !filter || COLUMNS.some((c) => String(value(r, c) ?? "").toLowerCase().includes(filter)))
      .sort((a, b) => {
        const x = String(value(a, sort.column) ?? ""), y = String(value(b, sort.column) ?? "");
        return (x < y ? -1 : x > y ? 1 : 0) * (sort.ascending ? 1 : -1);
      });
    const head = COLUMNS.map((c) => {
      const state = sort.column === c ? (sort.ascending ? "ascending" : "descending") : "none";
      return `<th scope="col" aria-sort="${state}"><button type="button" data-sort="${c}">${esc(t(`guide.log.column.${c}`))}</button></th>`;
    }).join("");
    const body = shown
      .map((r) => `<tr>${COLUMNS.map((c) => `<td class="log-cell-${c}">${esc(cell(value(r, c)))}</td>`).join("")}</tr>`)
      .join("");
    document.getElementById("log-rows").innerHTML =
      `<table class="log-table log-rows"><caption>${esc(t("guide.log.rows", { shown: shown.length, total: rows.length }))}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }
  // The outcome in words that name the stage to raise ("Raise Stage 3"), as the engine words it.
  const value = (r, column) => (column === "outcome" ? r.outcome_text || outcomeText(r.outcome) : r[column]);
  const cell = (v) => (v === true ? t("guide.log.yes") : v === false ? t("guide.log.no") : v ?? "");
  const OUTCOMES = ["raise", "waiting", "resolved", "end"];
  const outcomeText = (v) => (OUTCOMES.includes(v) ? t(`guide.log.outcome.${v}`) : v);
  const outcomes = (counts) => Object.fromEntries(Object.entries(counts).map(([k, n]) => [outcomeText(k), n]));

  document.getElementById("log-filter").addEventListener("input", drawRows);
  document.getElementById("log-rows").addEventListener("click", (event) => {
    const button = event.target.closest("[data-sort]");
    if (!button) return;
    const column = button.dataset.sort;
    sort.ascending = sort.column === column ? !sort.ascending : true;
    sort.column = column;
    drawRows();
    document.querySelector(`[data-sort="${column}"]`).focus();
  });
  function save(content, type, name) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  document.getElementById("log-csv").addEventListener("click", () => save(csv, "text/csv", `escalation-log-${today()}.csv`));
  document.getElementById("log-docx").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const bytes = await (await engineReady).call("log_report_document", today());
      save(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", `escalation-report-${today()}.docx`);
    } catch (error) {
      console.error(error);
      say(t("guide.log.failed"), true);
    } finally {
      button.disabled = false;
      button.focus();
    }
  });
  window.addEventListener("pagehide", () => engineReady.then((engine) => engine.call("log_clear")).catch(() => {}));
}
