// A review link: the partnership's "Every route" page links to the guide with one route's answers after "#try="
// (a browser never sends what follows "#" to a server). Only that page makes such links. The guide reads one once,
// on opening, and the address loses it at once (screens.mjs replaces the history entry): the practitioner's own
// answers never enter the address.
//
// Only question ids and option values the policy could have (lower-case words) and dates written as "today" or
// "today-N" days are read; anything else and the link is ignored. The engine checks each answer as if typed.

const ID = /^[a-z][a-z0-9.-]{0,99}$/;
const VALUE = /^[a-z0-9][a-z0-9-]{0,99}$/;
const RELATIVE_DATE = /^today(?:-(\d{1,4}))?$/;

export function readTryLink(hash, todayIso) {
  if (!hash || !hash.startsWith("#try=") || hash.length > 8000) return null;
  let params;
  try {
    params = new URLSearchParams(decodeURIComponent(hash.slice(5)));
  } catch {
    return null;
  }
  const answers = [];
  for (const [id, value] of params) {
    if (!ID.test(id) || answers.length >= 60 || answers.some(([seen]) => seen === id)) return null;
    const relative = RELATIVE_DATE.exec(value);
    if (relative) answers.push([id, dateParts(todayIso, Number(relative[1] || 0))]);
    else if (VALUE.test(value)) answers.push([id, value]);
    else return null;
  }
  return answers.length ? answers : null;
}

// The date `daysBefore` days before today, as the date inputs hold it.
function dateParts(todayIso, daysBefore) {
  const [y, m, d] = todayIso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d - daysBefore));
  return { day: String(day.getUTCDate()), month: String(day.getUTCMonth() + 1), year: String(day.getUTCFullYear()) };
}
