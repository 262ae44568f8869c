import { CalendarDate, calendarDateToUtc } from './calendar-date';

/** The product's one time zone: dates and deadlines are Swedish calendar days. */
export const STOCKHOLM_TIME_ZONE = 'Europe/Stockholm';

/** Wall-clock time in Europe/Stockholm. */
export interface StockholmDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: STOCKHOLM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: STOCKHOLM_TIME_ZONE,
  timeZoneName: 'longOffset',
});

const LONG_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const HOUR_MS = 3_600_000;
/**
 * Since 1981 Sweden's clocks change on the hour in UTC (01:00), so the offset holds for a whole
 * UTC hour; before, transitions fell at other moments (local mean time until 1900 had seconds).
 */
const WHOLE_HOURS_SINCE = Date.UTC(1981, 0, 1);
/** Stockholm's offset from UTC (ms) by UTC hour since 1981: formatting is slow, and hot. */
const offsetByHour = new Map<number, number>();
const OFFSETS_KEPT = 50_000;

/** Europe/Stockholm wall-clock parts of an instant. Throws a RangeError for an invalid Date. */
export function stockholmDateTime(instant: Date): StockholmDateTime {
  const ms = instant.getTime();
  if (!(ms >= WHOLE_HOURS_SINCE)) return formattedDateTime(instant);
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = new Date(hour * HOUR_MS);
    const wall = formattedDateTime(start);
    offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - start.getTime();
    if (offsetByHour.size >= OFFSETS_KEPT) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const wall = new Date(ms + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The wall-clock parts as Intl formats them (any instant; RangeError for an invalid Date). */
function formattedDateTime(instant: Date): StockholmDateTime {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of wallClockFormat.formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year!,
    month: values.month!,
    day: values.day!,
    hour: values.hour!,
    minute: values.minute!,
    second: values.second!,
  };
}

/** The Swedish calendar date (`YYYY-MM-DD`) of an instant. Throws a RangeError for an invalid Date. */
export function stockholmDate(instant: Date): CalendarDate {
  const { year, month, day } = stockholmDateTime(instant);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * Offset of Stockholm time from UTC at an instant, in milliseconds: 3,600,000 in winter,
 * 7,200,000 in summer (and local mean time, with seconds, before 1900).
 */
export function stockholmOffsetMs(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value;
  const match = LONG_OFFSET.exec(name ?? '');
  if (!match) throw new RangeError(`Unexpected time zone offset ${JSON.stringify(name)}`);
  if (match[1] === undefined) return 0;
  const [hours, minutes, seconds = '0'] = match.slice(2);
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/** The instant 00:00 Europe/Stockholm begins a calendar day. */
export function startOfStockholmDay(date: CalendarDate): Date {
  const wallClock = calendarDateToUtc(date).getTime();
  const offsetAt = (ms: number) => stockholmOffsetMs(new Date(ms));
  const estimate = wallClock - offsetAt(wallClock);
  // Read the offset again at the estimate: near a DST change it can differ from the one at wallClock.
  return new Date(wallClock - offsetAt(estimate));
}
