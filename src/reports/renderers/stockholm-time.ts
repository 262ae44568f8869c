/**
 * Dates and ISO weeks as people in Västra Götaland read them: Europe/Stockholm wall-clock
 * time, correct across daylight saving time. The zone arithmetic is Intl's, in src/calendar.
 */
import {
  addDays,
  CalendarDate,
  daysBetween,
  isCalendarDate,
  isoWeekday,
  startOfStockholmDay,
  STOCKHOLM_TIME_ZONE,
  stockholmDate,
  stockholmDateTime,
  StockholmDateTime,
} from '../../calendar';

export { STOCKHOLM_TIME_ZONE };

export type DateInput = string | Date;

export type CalendarDateTime = StockholmDateTime;

export interface IsoWeek {
  year: number;
  week: number;
  /** Monday 00:00 Europe/Stockholm, ISO UTC. */
  from: string;
  /** The following Monday 00:00 Europe/Stockholm, ISO UTC (exclusive end). */
  to: string;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LAST_DAY = '9999-12-31';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A plain "YYYY-MM-DD" names a day, not an instant: it is never shifted into a zone. */
const isDateOnly = (value: DateInput): value is string =>
  typeof value === 'string' && DATE_ONLY.test(value);

function toInstant(value: DateInput): Date | null {
  const instant = value instanceof Date ? value : new Date(Date.parse(value));
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Europe/Stockholm wall-clock parts of an instant (or of a plain "YYYY-MM-DD" date); null when invalid. */
export function stockholmParts(value: DateInput): CalendarDateTime | null {
  if (isDateOnly(value)) {
    if (!isCalendarDate(value)) return null;
    const [year, month, day] = value.split('-').map(Number);
    return { year, month, day, hour: 0, minute: 0, second: 0 };
  }
  const instant = toInstant(value);
  return instant ? stockholmDateTime(instant) : null;
}

function fallback(value: DateInput): string {
  return value instanceof Date ? 'ogiltigt datum' : value;
}

/** The Stockholm calendar date of the input, or null when it is invalid. */
function calendarDateOf(value: DateInput): CalendarDate | null {
  if (isDateOnly(value)) return isCalendarDate(value) ? value : null;
  const instant = toInstant(value);
  return instant ? stockholmDate(instant) : null;
}

/** "2024-10-11" (Stockholm date). Invalid input is returned unchanged. */
export function formatDate(value: DateInput): string {
  return calendarDateOf(value) ?? fallback(value);
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

/** The instant of 00:00 Europe/Stockholm on a calendar day (an overflowing day rolls over). */
export function stockholmMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return startOfStockholmDay(date.toISOString().slice(0, 10));
}

function isoWeekOfDate(date: CalendarDate): { year: number; week: number } {
  // The ISO week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor(daysBetween(`${thursday.slice(0, 4)}-01-01`, thursday) / 7);
  return { year, week };
}

/** 52 or 53: the number of ISO weeks in an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfDate(`${pad(year, 4)}-12-28`).week;
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
  // Week 1 is the week with 4 January in it.
  const jan4 = `${match[1]}-01-04`;
  const monday = addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
  if (daysBetween(monday, LAST_DAY) < 7) {
    return null; // its end, 10000-01-03, cannot be written as a YYYY-MM-DD day
  }
  const from = startOfStockholmDay(monday);
  const to = startOfStockholmDay(addDays(monday, 7));
  return { year, week, from: from.toISOString(), to: to.toISOString() };
}

/** The ISO week ("2024-W41") that contains the instant's Stockholm calendar day. Throws on an invalid date. */
export function isoWeekOf(value: DateInput): string {
  const date = calendarDateOf(value);
  if (!date) {
    throw new RangeError(`Invalid date: ${String(value)}`);
  }
  const { year, week } = isoWeekOfDate(date);
  return formatIsoWeek(year, week);
}
