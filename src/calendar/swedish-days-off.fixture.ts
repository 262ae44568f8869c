/**
 * Independent source: written out by hand (not computed) from lag (1989:253) om allmänna
 * helgdagar — fixed dates; långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag (the
 * 6th Thursday after Easter) and pingstdagen (the 7th Sunday after Easter) from Easter Sunday
 * (Gregorian: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16, 2029-04-01, 2030-04-21);
 * midsommardagen the Saturday 20–26 June; alla helgons dag the Saturday 31 October – 6 November —
 * plus the helgdagsaftnar that lag (1930:173) treats like them: midsommarafton, julafton, nyårsafton.
 */
const MOVING: Record<number, Record<string, string>> = {
  2024: {
    långfredagen: '03-29',
    påskdagen: '03-31',
    'annandag påsk': '04-01',
    'Kristi himmelsfärdsdag': '05-09',
    pingstdagen: '05-19',
    midsommarafton: '06-21',
    midsommardagen: '06-22',
    'alla helgons dag': '11-02',
  },
  2025: {
    långfredagen: '04-18',
    påskdagen: '04-20',
    'annandag påsk': '04-21',
    'Kristi himmelsfärdsdag': '05-29',
    pingstdagen: '06-08',
    midsommarafton: '06-20',
    midsommardagen: '06-21',
    'alla helgons dag': '11-01',
  },
  2026: {
    långfredagen: '04-03',
    påskdagen: '04-05',
    'annandag påsk': '04-06',
    'Kristi himmelsfärdsdag': '05-14',
    pingstdagen: '05-24',
    midsommarafton: '06-19',
    midsommardagen: '06-20',
    'alla helgons dag': '10-31',
  },
  2027: {
    långfredagen: '03-26',
    påskdagen: '03-28',
    'annandag påsk': '03-29',
    'Kristi himmelsfärdsdag': '05-06',
    pingstdagen: '05-16',
    midsommarafton: '06-25',
    midsommardagen: '06-26',
    'alla helgons dag': '11-06',
  },
  2028: {
    långfredagen: '04-14',
    påskdagen: '04-16',
    'annandag påsk': '04-17',
    'Kristi himmelsfärdsdag': '05-25',
    pingstdagen: '06-04',
    midsommarafton: '06-23',
    midsommardagen: '06-24',
    'alla helgons dag': '11-04',
  },
  2029: {
    långfredagen: '03-30',
    påskdagen: '04-01',
    'annandag påsk': '04-02',
    'Kristi himmelsfärdsdag': '05-10',
    pingstdagen: '05-20',
    midsommarafton: '06-22',
    midsommardagen: '06-23',
    'alla helgons dag': '11-03',
  },
  2030: {
    långfredagen: '04-19',
    påskdagen: '04-21',
    'annandag påsk': '04-22',
    'Kristi himmelsfärdsdag': '05-30',
    pingstdagen: '06-09',
    midsommarafton: '06-21',
    midsommardagen: '06-22',
    'alla helgons dag': '11-02',
  },
};

const FIXED: Record<string, string> = {
  nyårsdagen: '01-01',
  'trettondedag jul': '01-06',
  'första maj': '05-01',
  nationaldagen: '06-06',
  julafton: '12-24',
  juldagen: '12-25',
  'annandag jul': '12-26',
  nyårsafton: '12-31',
};

/** The hand-written days off of a year, date → name, in date order. */
export function expectedDaysOff(year: number): Map<string, string> {
  const entries = Object.entries({ ...FIXED, ...MOVING[year] }).map(
    ([name, day]): [string, string] => [`${year}-${day}`, name],
  );
  return new Map(entries.sort(([a], [b]) => a.localeCompare(b)));
}

export const YEARS = Object.keys(MOVING).map(Number);
