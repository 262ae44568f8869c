import { CalendarDate, calendarDateToUtc } from './calendar-date';
import { swedishDaysOff } from './swedish-holidays';

/**
 * Swedish working days (vardagar): not a Saturday or Sunday, not an allmän helgdag, not
 * midsommarafton, julafton or nyårsafton. Pure functions of `YYYY-MM-DD` dates (Europe/Stockholm
 * calendar days, see stockholmDate); the caller passes "today", nothing here reads a clock.
 * Invalid dates throw a RangeError.
 */
export function isWorkingDay(date: CalendarDate): boolean {
  const { table, index } = locate(date);
  return table.working[index];
}

/** The first working day after `date`. */
export function nextWorkingDay(date: CalendarDate): CalendarDate {
  return dayAt(step(locate(date), 1));
}

/** The last working day before `date`. */
export function previousWorkingDay(date: CalendarDate): CalendarDate {
  return dayAt(step(locate(date), -1));
}

/**
 * `date` itself when it is a working day, else the next one: a deadline that falls on a
 * non-working day moves to the next working day (lag 1930:173, 2 §).
 */
export function workingDayOnOrAfter(date: CalendarDate): CalendarDate {
  return isWorkingDay(date) ? date : nextWorkingDay(date);
}

/**
 * The `n`th working day after `date` (before it when `n` is negative); `date` does not count.
 * `n = 0` gives workingDayOnOrAfter(date), so the answer is always a working day.
 * Friday 2024-12-20 + 5 = 2025-01-03 (24, 25, 26 and 31 December and 1 January are days off).
 */
export function addWorkingDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer: ${n}`);
  if (n === 0) return workingDayOnOrAfter(date);
  const direction = n > 0 ? 1 : -1;
  let position = locate(date);
  for (let left = Math.abs(n); left > 0; left--) position = step(position, direction);
  return dayAt(position);
}

/**
 * Working days in (from, to]: after `from`, up to and including `to`; negative when `to` is
 * before `from`. For n ≥ 1, workingDaysBetween(d, addWorkingDays(d, n)) === n.
 */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
  const start = locate(from);
  const end = locate(to);
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let position = start; dayAt(position) !== dayAt(end);) {
    position = move(position, 1);
    if (isWorking(position)) count++;
  }
  return count;
}

/** One year's days in order, each marked working or not: built once per year, then looked up. */
interface YearTable {
  readonly year: number;
  readonly days: readonly CalendarDate[];
  readonly working: readonly boolean[];
  readonly indexOf: ReadonlyMap<CalendarDate, number>;
}

interface Position {
  table: YearTable;
  index: number;
}

const tables = new Map<number, YearTable>();

function yearTable(year: number): YearTable {
  let table = tables.get(year);
  if (!table) {
    const daysOff = swedishDaysOff(year);
    const days: CalendarDate[] = [];
    const working: boolean[] = [];
    const first = calendarDateToUtc(`${String(year).padStart(4, '0')}-01-01`);
    for (
      let day = first;
      day.getUTCFullYear() === year;
      day = new Date(day.getTime() + 86_400_000)
    ) {
      const date = day.toISOString().slice(0, 10);
      const weekday = day.getUTCDay();
      days.push(date);
      working.push(weekday !== 0 && weekday !== 6 && !daysOff.has(date));
    }
    table = { year, days, working, indexOf: new Map(days.map((date, index) => [date, index])) };
    tables.set(year, table);
  }
  return table;
}

function locate(date: CalendarDate): Position {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const table = yearTable(Number(date.slice(0, 4)));
    const index = table.indexOf.get(date);
    if (index !== undefined) return { table, index };
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function move({ table, index }: Position, direction: 1 | -1): Position {
  const next = index + direction;
  if (next >= 0 && next < table.days.length) return { table, index: next };
  const neighbour = yearTable(table.year + direction);
  return { table: neighbour, index: direction > 0 ? 0 : neighbour.days.length - 1 };
}

function step(position: Position, direction: 1 | -1): Position {
  let next = move(position, direction);
  while (!isWorking(next)) next = move(next, direction);
  return next;
}

const dayAt = ({ table, index }: Position): CalendarDate => table.days[index];
const isWorking = ({ table, index }: Position): boolean => table.working[index];
