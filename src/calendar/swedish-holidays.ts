import Holidays from 'date-holidays';
import { CalendarDate } from './calendar-date';

/**
 * The days that are not working days besides Saturdays and Sundays, per lag (1930:173) om
 * beräkning av lagstadgad tid: the allmänna helgdagar and midsommarafton, julafton and nyårsafton.
 *
 * date-holidays types Sweden's allmänna helgdagar (lag 1989:253) as `public`, and exactly those
 * three helgdagsaftnar as `bank`. The other eves (påskafton, pingstafton: `observance`;
 * trettondagsafton, valborgsmässoafton, allhelgonaafton: `optional` half days) stay working days.
 */
const sweden = new Holidays('SE', { languages: 'sv', types: ['public', 'bank'] });

const byYear = new Map<number, ReadonlyMap<CalendarDate, string>>();

/** The year's holidays and helgdagsaftnar that are not working days: date → Swedish name. */
export function swedishDaysOff(year: number): ReadonlyMap<CalendarDate, string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map(sweden.getHolidays(year).map((h) => [h.date.slice(0, 10), h.name]));
    byYear.set(year, days);
  }
  return days;
}
