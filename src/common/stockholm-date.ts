const DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric' });

/** The calendar date of an instant in Swedish time, YYYY-MM-DD. */
export function stockholmDate(instant: string | Date): string {
  return DATE.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** The year of an instant in Swedish time (a request received on New Year's Eve at 23:30 UTC is next year's). */
export function stockholmYear(instant: string | Date): number {
  return Number(YEAR.format(typeof instant === 'string' ? new Date(instant) : instant));
}
