/** Swedish labels and Europe/Stockholm dates. */

export const ROLE_LABELS = {
  municipality: 'Kommun/kommunalförbund',
  vastkom: 'VästKom',
  vgr: 'VGR programkontor',
  steering_group: 'Programstyrgruppen',
  communications: 'Kommunikation',
  auditor: 'Revision',
  admin: 'Administratör',
};

export const TYPE_LABELS = {
  schedule: 'Tidplan',
  scope: 'Omfattning',
  design: 'Design',
  other: 'Övrigt',
};

export const ENUM_LABELS = {
  approved: 'Bifall',
  rejected: 'Avslag',
  approved_with_conditions: 'Bifall med villkor',
  internal: 'Internt',
  external: 'Externt',
  ...TYPE_LABELS,
};

export const THREAD_KIND_LABELS = {
  ACKNOWLEDGE: 'Mottagningsbekräftelse',
  COMMENT: 'Kommentar',
  REQUEST_INFO: 'Begäran om komplettering',
  PROVIDE_INFO: 'Komplettering',
};

export function roleLabel(role) {
  return ROLE_LABELS[role] || role || '';
}

export function typeLabel(type) {
  return TYPE_LABELS[type] || type || '';
}

export function enumLabel(value, labels) {
  return (labels && labels[value]) || ENUM_LABELS[value] || String(value);
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
  t.textContent = dateOnly || DATE_ONLY.test(value) ? formatDate(value) : formatDateTime(value);
  return t;
}

export function daysLabel(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '';
  const v = Number(n);
  return v === 1 ? '1 dag' : `${v} dagar`;
}

/** ISO week ("2024-W41") of a date, in Swedish time. */
export function isoWeek(date = new Date()) {
  const parts = dateFmt.format(date).split('-').map(Number);
  const d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
