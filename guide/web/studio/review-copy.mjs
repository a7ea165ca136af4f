// The studio's review copy (issue 22): one HTML file for the board, made in this page from what the studio has just
// worked out (the check's messages, Try it's routes and changes), with no script and nothing to fetch, so it opens
// offline anywhere. Policy text is data: every value is escaped here.

function esc(value) {
  return String(value == null ? "" : value)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function table(caption, headings, rows) {
  if (!rows.length) return "";
  return `<table><caption>${esc(caption)}</caption><thead><tr>${headings.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

const STYLE = `body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4;color:#0b0c0c}
table{border-collapse:collapse;width:100%;margin:1em 0 2em}caption{text-align:left;font-weight:700;margin-bottom:.5em}
th,td{border:1px solid #b1b4b6;padding:.3em .5em;text-align:left;vertical-align:top}
.signoff td{height:2.5em}@media print{h2{break-before:page}}`;

// check: {problems, warnings} as the studio shows them; tried: try_policy's answer; advice(route) words a route.
// scenarios: {name, result} of the last scenario table run on this text (run_table's answer), or null.
// approved: the sign-off the draft records ({by, role, date}), or null: then the table is left to fill in by hand.
export function reviewCopy({ title, partnership, day, check, tried, advice, scenarios, approved }) {
  const changed = tried.changed || [];
  const notFromSource = check.warnings.filter((w) => w.message.includes("not from the source"));
  const otherWarnings = check.warnings.filter((w) => !w.message.includes("not from the source"));
  const body = [
    `<h1>Review copy: ${esc(title)}</h1>`,
    `<p>${esc(partnership)}. Draft made in the policy studio on ${esc(day)}. This file holds no one's details and needs nothing else to open.</p>`,
    `<h2>The check</h2>`,
    `<p>${check.problems.length === 0 ? "build.py check accepts this draft." : `${check.problems.length} problems: this draft cannot be published until they are put right.`}</p>`,
    table("Problems", ["Line", "Message"], check.problems.map((p) => [`${p.line}:${p.col}`, p.message])),
    table("Readings not from the source text (each with its reason)", ["Line", "Reading"], notFromSource.map((w) => [`${w.line}:${w.col}`, w.message])),
    table("Other warnings", ["Line", "Warning"], otherWarnings.map((w) => [`${w.line}:${w.col}`, w.message])),
    `<h2>What changes</h2>`,
    tried.changed ? `<p>${changed.length} of ${tried.routes.length} routes through the guide give different advice from the published policy.</p>` : "",
    table("What changed, as the manual will list it", ["What", "Before", "Now"], tried.facts || []),
    table("What changes for practitioners", ["Answers", "Before", "Now"], changed.map((row) => [row.answers.join("; "), advice(row.before), advice(row.now)])),
    `<h2>Every route through the guide</h2>`,
    `<p>${tried.routes.length} routes${tried.stopped ? " (the first ones only: there are more)" : ""}, each worked out by the guide's own engine.</p>`,
    table("Every route", ["Answers", "The guide says"], tried.routes.map((route) => [route.answers.join("; "), advice(route)])),
    `<h2>Scenario table</h2>`,
    scenarios
      ? `<p>${esc(scenarios.name)}: ${esc(scenarios.result.summary)}</p>` +
        table("Rows not as expected, and problems with the table", ["What"],
          [...scenarios.result.problems.map((p) => [p.text]), ...scenarios.result.rows.filter((r) => !r.passed).map((r) => [r.message])])
      : `<p>No scenario table was run on this draft in the studio.</p>`,
    `<h2>Sign-off</h2>`,
    approved
      ? `<p>This draft records its sign-off (document: approved:), which python build.py release needs to publish it.</p>` +
        table("Approved by", ["Name", "Role", "Date"], [[approved.by, approved.role, approved.date]])
      : `<p>To publish this draft, record the sign-off in the policy studio's form (or as document: approved: in the file): python build.py release refuses a draft without it.</p>` +
        `<table class="signoff"><caption>Approved by</caption><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Date</th></tr></thead><tbody><tr><td></td><td></td><td></td></tr><tr><td></td><td></td><td></td></tr></tbody></table>`,
  ].join("\n");
  return `<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>Review copy: ${esc(title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}
