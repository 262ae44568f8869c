import { isoWeekday, stockholmDateTime } from '../calendar';
import type { WeeklyReportSchedule } from '../config/app-config';
import { isoWeekOf } from './renderers';

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The ISO week whose scheduled compilation is due at `now`, or null when this week's scheduled
 * moment is still ahead. The moment is Europe/Stockholm wall-clock time (weekday, HH:MM) in the
 * week that contains `now`'s Stockholm day; compared as wall-clock time, a moment that a change to
 * summer time skips is due when the clock reaches the next minute that exists.
 *
 * Only the current week is ever due: a week in which no instance ran between its moment and
 * Sunday night is not compiled afterwards, since a report compiled later would not be the status
 * it claims to be (compile it on demand with GET /api/reports/weekly instead).
 */
export function dueWeek(now: Date, schedule: WeeklyReportSchedule): string | null {
  const wall = stockholmDateTime(now);
  const date = `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}`;
  const weekday = isoWeekday(date);
  const at = (weekday * 24 + wall.hour) * 60 + wall.minute;
  const scheduled = (schedule.weekday * 24 + schedule.hour) * 60 + schedule.minute;
  return at >= scheduled ? isoWeekOf(now) : null;
}
