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

/** Europe/Stockholm wall-clock parts of an instant. Throws a RangeError for an invalid Date. */
export function stockholmDateTime(instant: Date): StockholmDateTime {
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
