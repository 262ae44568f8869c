import { expectedDaysOff, YEARS } from './swedish-days-off.fixture';
import {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days';

function* daysOf(year: number): Generator<string> {
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year;) {
    yield day.toISOString().slice(0, 10);
    day = new Date(day.getTime() + 86_400_000);
  }
}

describe('isWorkingDay', () => {
  it.each(YEARS)(
    '%i: every weekday except the hand-written days off, and no weekend day',
    (year) => {
      const daysOff = expectedDaysOff(year);
      const wrong: string[] = [];
      for (const date of daysOf(year)) {
        const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
        const expected = weekday !== 0 && weekday !== 6 && !daysOff.has(date);
        if (isWorkingDay(date) !== expected) wrong.push(date);
      }
      expect(wrong).toEqual([]);
    },
  );

  it.each([
    ['2025-04-17', true, 'skärtorsdagen (Thursday) is a working day'],
    ['2025-04-18', false, 'långfredagen'],
    ['2029-03-30', false, 'långfredagen'],
    ['2026-04-06', false, 'annandag påsk (Monday)'],
    ['2029-04-02', false, 'annandag påsk (Monday)'],
    ['2024-05-09', false, 'Kristi himmelsfärdsdag (Thursday)'],
    ['2027-05-06', false, 'Kristi himmelsfärdsdag (Thursday)'],
    ['2027-05-07', true, 'the Friday after Kristi himmelsfärdsdag (klämdag) is a working day'],
    ['2025-06-06', false, 'nationaldagen (Friday)'],
    ['2030-06-06', false, 'nationaldagen (Thursday)'],
    ['2028-06-23', false, 'midsommarafton (Friday)'],
    ['2028-06-24', false, 'midsommardagen (Saturday)'],
    ['2029-11-02', true, 'allhelgonaafton (Friday) is a working day'],
    ['2029-11-03', false, 'alla helgons dag (Saturday)'],
    ['2026-12-24', false, 'julafton (Thursday)'],
    ['2029-12-24', false, 'julafton (Monday)'],
    ['2028-12-25', false, 'juldagen (Monday)'],
    ['2028-12-26', false, 'annandag jul (Tuesday)'],
    ['2025-12-31', false, 'nyårsafton (Wednesday)'],
    ['2030-12-31', false, 'nyårsafton (Tuesday)'],
    ['2030-01-01', false, 'nyårsdagen (Tuesday)'],
    ['2025-01-06', false, 'trettondedag jul (Monday)'],
    ['2028-01-06', false, 'trettondedag jul (Thursday)'],
    ['2026-05-01', false, 'första maj (Friday)'],
    ['2030-05-01', false, 'första maj (Wednesday)'],
    ['2024-12-21', false, 'a Saturday'],
    ['2024-12-22', false, 'a Sunday'],
    ['2024-12-23', true, 'an ordinary Monday'],
  ])('%s → %s: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each(['2024-02-30', '2024-13-01', '20241220', '2024-12-20T00:00:00Z', ''])(
    'refuses %p with a RangeError',
    (date) => {
      expect(() => isWorkingDay(date)).toThrow(RangeError);
    },
  );
});

describe('next, previous and on-or-after', () => {
  it('moves a deadline on a day off to the next working day (lag 1930:173)', () => {
    expect(workingDayOnOrAfter('2024-12-24')).toBe('2024-12-27');
    expect(workingDayOnOrAfter('2025-04-18')).toBe('2025-04-22');
    expect(workingDayOnOrAfter('2025-06-21')).toBe('2025-06-23');
    expect(workingDayOnOrAfter('2024-12-31')).toBe('2025-01-02');
  });

  it('keeps a deadline that is already on a working day', () => {
    expect(workingDayOnOrAfter('2024-12-23')).toBe('2024-12-23');
  });

  it('gives the working day strictly after or before', () => {
    expect(nextWorkingDay('2024-12-20')).toBe('2024-12-23');
    expect(nextWorkingDay('2024-12-23')).toBe('2024-12-27');
    expect(previousWorkingDay('2025-01-02')).toBe('2024-12-30');
    expect(previousWorkingDay('2024-12-27')).toBe('2024-12-23');
  });
});

describe('addWorkingDays', () => {
  it('skips jul and nyår: Friday 2024-12-20 + 5 = 2025-01-03', () => {
    expect(addWorkingDays('2024-12-20', 5)).toBe('2025-01-03');
  });

  it('counts from a day off without counting it', () => {
    expect(addWorkingDays('2024-12-21', 1)).toBe('2024-12-23');
    expect(addWorkingDays('2024-12-24', 1)).toBe('2024-12-27');
  });

  it('goes backwards for negative n (a reminder one working day before)', () => {
    expect(addWorkingDays('2025-01-03', -5)).toBe('2024-12-20');
    expect(addWorkingDays('2024-12-27', -1)).toBe('2024-12-23');
  });

  it('answers a working day for n = 0', () => {
    expect(addWorkingDays('2024-12-20', 0)).toBe('2024-12-20');
    expect(addWorkingDays('2024-12-21', 0)).toBe('2024-12-23');
  });

  it('refuses a fractional n', () => {
    expect(() => addWorkingDays('2024-12-20', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2024-12-20', '2025-01-03')).toBe(5);
    expect(workingDaysBetween('2024-12-23', '2024-12-27')).toBe(1);
    expect(workingDaysBetween('2024-12-20', '2024-12-20')).toBe(0);
    expect(workingDaysBetween('2024-12-24', '2024-12-26')).toBe(0);
  });

  it('is negative when the second date is earlier', () => {
    expect(workingDaysBetween('2025-01-03', '2024-12-20')).toBe(-5);
  });

  it('inverts addWorkingDays for n ≥ 1, across every start day of 2024–2030', () => {
    const wrong: string[] = [];
    for (const year of YEARS) {
      for (const date of daysOf(year)) {
        for (const n of [1, 2, 5, 10]) {
          const due = addWorkingDays(date, n);
          if (!isWorkingDay(due) || workingDaysBetween(date, due) !== n) wrong.push(`${date}+${n}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an invalid date on either side', () => {
    expect(() => workingDaysBetween('2024-12-20', 'x')).toThrow(RangeError);
    expect(() => workingDaysBetween('2024-02-30', '2024-12-20')).toThrow(RangeError);
  });
});
