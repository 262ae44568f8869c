/**
 * Dates and ISO weeks as people in Västra Götaland read them: Europe/Stockholm wall-clock
 * time, correct across daylight saving time (Intl does the zone arithmetic).
 */

export const STOCKHOLM_TIME_ZONE = 'Europe/Stockholm';

export type DateInput = string | Date;

export interface CalendarDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface IsoWeek {
  year: number;
  week: number;
  /** Monday 00:00 Europe/Stockholm, ISO UTC. */
  from: string;
  /** The following Monday 00:00 Europe/Stockholm, ISO UTC (exclusive end). */
  to: string;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

const stockholmFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: STOCKHOLM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  // setUTCFullYear keeps years below 100 as they are (Date.UTC would map them to 19xx).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function partsOfInstant(ms: number): CalendarDateTime {
  const values: Record<string, number> = {};
  for (const part of stockholmFormatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') {
      values[part.type] = Number(part.value);
    }
  }
  return {
    year: values.year,
    month: values.month,
    day: values.day,
    hour: values.hour,
    minute: values.minute,
    second: values.second,
  };
}

/** Parses a plain calendar date ("2024-11-12"); it names a day, not an instant, so no zone shift. */
function parseDateOnly(value: string): CalendarDateTime | null {
  const match = DATE_ONLY.exec(value);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(utcMs(year, month, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() + 1 !== month ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  return { year, month, day, hour: 0, minute: 0, second: 0 };
}

/** Europe/Stockholm wall-clock parts of an instant (or of a plain "YYYY-MM-DD" date); null when invalid. */
export function stockholmParts(value: DateInput): CalendarDateTime | null {
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    return parseDateOnly(value);
  }
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : partsOfInstant(ms);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function fallback(value: DateInput): string {
  return value instanceof Date ? 'ogiltigt datum' : value;
}

/** "2024-10-11" (Stockholm date). Invalid input is returned unchanged. */
export function formatDate(value: DateInput): string {
  const p = stockholmParts(value);
  return p ? `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}` : fallback(value);
}

/** "15:20" (Stockholm time). */
export function formatTime(value: DateInput): string {
  const p = stockholmParts(value);
  return p ? `${pad(p.hour)}:${pad(p.minute)}` : fallback(value);
}

/** "2024-10-11 klockan 15:20" (Stockholm time). */
export function formatDateTime(value: DateInput): string {
  const p = stockholmParts(value);
  return p
    ? `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} klockan ${pad(p.hour)}:${pad(p.minute)}`
    : fallback(value);
}

/** "11/10" — day/month without leading zeros, as in the weekly report's action lists. */
export function formatShort(value: DateInput): string {
  const p = stockholmParts(value);
  return p ? `${p.day}/${p.month}` : fallback(value);
}

/** Offset of Stockholm wall-clock time from UTC at the given instant, in milliseconds. */
function stockholmOffsetMs(ms: number): number {
  const p = partsOfInstant(ms);
  return (
    utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000))
  );
}

/** The instant of 00:00 Europe/Stockholm on a calendar day. */
export function stockholmMidnight(year: number, month: number, day: number): Date {
  const wallClock = utcMs(year, month, day);
  const estimate = wallClock - stockholmOffsetMs(wallClock);
  // Re-read the offset at the estimate: near a DST change it can differ from the one at wallClock.
  return new Date(wallClock - stockholmOffsetMs(estimate));
}

function isoWeekOfCalendarDay(
  year: number,
  month: number,
  day: number,
): { year: number; week: number } {
  const date = new Date(utcMs(year, month, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(date.getTime() + (3 - weekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - utcMs(isoYear, 1, 1)) / (7 * DAY_MS));
  return { year: isoYear, week };
}

/** 52 or 53: the number of ISO weeks in an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfCalendarDay(year, 12, 28).week;
}

/** Formats an ISO week as "2024-W41". */
export function formatIsoWeek(year: number, week: number): string {
  return `${pad(year, 4)}-W${pad(week)}`;
}

/**
 * Parses "YYYY-Www" into the week's bounds: Monday 00:00 and the next Monday 00:00 in
 * Europe/Stockholm, as ISO UTC. Null for malformed input or a week the year does not have.
 */
export function parseIsoWeek(value: string): IsoWeek | null {
  const match = ISO_WEEK.exec(value);
  if (!match) {
    return null;
  }
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 1 || week < 1 || week > isoWeeksInYear(year)) {
    return null;
  }
  const jan4 = new Date(utcMs(year, 1, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  const monday = new Date(mondayOfWeek1 + (week - 1) * 7 * DAY_MS);
  const nextMonday = new Date(monday.getTime() + 7 * DAY_MS);
  const from = stockholmMidnight(
    monday.getUTCFullYear(),
    monday.getUTCMonth() + 1,
    monday.getUTCDate(),
  );
  const to = stockholmMidnight(
    nextMonday.getUTCFullYear(),
    nextMonday.getUTCMonth() + 1,
    nextMonday.getUTCDate(),
  );
  return { year, week, from: from.toISOString(), to: to.toISOString() };
}

/** The ISO week ("2024-W41") that contains the instant's Stockholm calendar day. Throws on an invalid date. */
export function isoWeekOf(value: DateInput): string {
  const p = stockholmParts(value);
  if (!p) {
    throw new RangeError(`Invalid date: ${String(value)}`);
  }
  const { year, week } = isoWeekOfCalendarDay(p.year, p.month, p.day);
  return formatIsoWeek(year, week);
}
