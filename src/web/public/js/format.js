/** Swedish labels (from the shared terms) and Europe/Stockholm dates. */

import { now } from './clock.js';
import { TERMS } from './terms.js';

export const ROLE_LABELS = TERMS.roles;

export const TYPE_LABELS = TERMS.requestTypes;

export const ENUM_LABELS = {
  ...TERMS.outcomes,
  ...TERMS.audiences,
  ...TYPE_LABELS,
};

export const THREAD_KIND_LABELS = TERMS.threadKinds;

export function roleLabel(role) {
  return ROLE_LABELS[role] || role || '';
}

export function typeLabel(type) {
  return TYPE_LABELS[type] || type || '';
}

/** The product's word for a value first, then the definition's own label, then the value. */
export function enumLabel(value, labels) {
  return ENUM_LABELS[value] || (labels && labels[value]) || String(value);
}

const TZ = 'Europe/Stockholm';
const dateTimeFmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const longDateFmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2024-10-11 15:20" in Swedish time. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTimeFmt.format(d);
}

/** A calendar date: "2024-11-12" stays as it is; a timestamp becomes its Swedish date. */
export function formatDate(value) {
  if (!value) return '';
  if (DATE_ONLY.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFmt.format(d);
}

/** "12 november 2024" for a calendar date. */
export function formatLongDate(value) {
  if (!value) return '';
  const d = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? String(value) : longDateFmt.format(d);
}

/** A <time> element with a machine-readable datetime. */
export function timeEl(value, { dateOnly = false } = {}) {
  const t = document.createElement('time');
  if (!value) return t;
  t.dateTime = value;
  const text = dateOnly || DATE_ONLY.test(value) ? formatDate(value) : formatDateTime(value);
  // "2024-10-11" and "15:20" each stay whole; a line may break only between them.
  text.split(' ').forEach((part, i) => {
    if (i) t.append(' ');
    const span = document.createElement('span');
    span.className = 'nowrap';
    span.textContent = part;
    t.append(span);
  });
  return t;
}

export function daysLabel(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '';
  const v = Number(n);
  return v === 1 ? '1 dag' : `${v} dagar`;
}

/** ISO week ("2024-W41") of a date, in Swedish time. */
export function isoWeek(date = now()) {
  const parts = dateFmt.format(date).split('-').map(Number);
  const d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Number of ISO weeks in a year (52 or 53). */
function weeksInYear(year) {
  const dec28 = new Date(Date.UTC(year, 11, 28));
  return Number(isoWeek(new Date(dec28.getTime() + 12 * 3600000)).slice(-2));
}

/**
 * A week as people write it: "vecka 49", "v49", "v. 49", "49", "2024-W49", "vecka 49 2024".
 * Without a year, the current (ISO) year. Returns "2024-W49", or null when it is not a week.
 */
export function parseWeek(input, today = now()) {
  const text = String(input ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  let year;
  let week;
  let m = /^(\d{4}) ?-? ?w ?(\d{1,2})$/.exec(text);
  if (m) [, year, week] = m;
  else if ((m = /^(?:(?:vecka|v\.?) ?)?(\d{1,2})(?: ?,? ?(\d{4}))?$/.exec(text))) [, week, year] = m;
  else if ((m = /^(\d{4}) ?,? ?(?:vecka|v\.?) ?(\d{1,2})$/.exec(text))) [, year, week] = m;
  else return null;
  const y = year ? Number(year) : Number(isoWeek(today).slice(0, 4));
  const w = Number(week);
  if (w < 1 || w > weeksInYear(y)) return null;
  return `${y}-W${String(w).padStart(2, '0')}`;
}
