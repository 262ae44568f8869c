/**
 * Calendar dates as `YYYY-MM-DD` strings: they name a day, not an instant. Arithmetic runs on
 * UTC midnights, where every day has 24 hours, so no time zone or DST change can shift a date.
 */
export type CalendarDate = string;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function toDate(value: string): Date | null {
  if (!DATE_ONLY.test(value)) return null;
  // A date-only ISO string parses as UTC midnight; an impossible day (2024-02-30) rolls over,
  // which the round trip below catches.
  const date = new Date(Date.parse(value));
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? date : null;
}

function fromDate(date: Date): CalendarDate {
  const iso = date.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError('Calendar date outside the years 0000-9999');
  return iso.slice(0, 10);
}

/** Whether the value is a real `YYYY-MM-DD` day (not 2024-02-30). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && toDate(value) !== null;
}

/** The day as a UTC-midnight Date; throws a RangeError for anything but a real `YYYY-MM-DD` day. */
export function calendarDateToUtc(date: CalendarDate): Date {
  const parsed = toDate(date);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parsed;
}

/** The date `days` days later (earlier when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDate(new Date(calendarDateToUtc(date).getTime() + days * DAY_MS));
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((calendarDateToUtc(to).getTime() - calendarDateToUtc(from).getTime()) / DAY_MS);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: CalendarDate): number {
  return calendarDateToUtc(date).getUTCDay() || 7;
}
