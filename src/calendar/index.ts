export type { CalendarDate } from './calendar-date';
export { addDays, daysBetween, isCalendarDate, isoWeekday } from './calendar-date';
export type { StockholmDateTime } from './stockholm-zone';
export {
  STOCKHOLM_TIME_ZONE,
  startOfStockholmDay,
  stockholmDate,
  stockholmDateTime,
  stockholmOffsetMs,
} from './stockholm-zone';
export { swedishDaysOff } from './swedish-holidays';
export {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days';
