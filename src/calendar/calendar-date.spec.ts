import { addDays, daysBetween, isCalendarDate, isoWeekday } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-00-10', false],
    ['2024-1-10', false],
    ['0050-01-01', true],
    [' 2024-01-01', false],
    [20240101, false],
  ])('isCalendarDate(%p) is %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('0050-01-01', 0)).toBe('0050-01-01');
  });

  it('ignores daylight saving time (a date is a day, not 24 hours of Stockholm time)', () => {
    expect(addDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(daysBetween('2024-03-30', '2024-11-01')).toBe(216);
  });

  it('numbers weekdays the ISO way', () => {
    expect(isoWeekday('2024-12-23')).toBe(1);
    expect(isoWeekday('2024-12-22')).toBe(7);
  });

  it('refuses dates beyond year 9999 instead of writing a six-digit year', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});
