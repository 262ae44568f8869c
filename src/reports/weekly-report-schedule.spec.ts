import { dueWeek } from './weekly-report-schedule';

const THURSDAY_0700 = { weekday: 4, hour: 7, minute: 0 };

describe('dueWeek', () => {
  it('is due from the scheduled minute of the week on, in Stockholm time, until the week ends', () => {
    // 2026-W49 runs Monday 30 November to Sunday 6 December; Stockholm is UTC+1.
    expect(dueWeek(new Date('2026-11-30T00:00:00+01:00'), THURSDAY_0700)).toBeNull();
    expect(dueWeek(new Date('2026-12-02T23:59:59+01:00'), THURSDAY_0700)).toBeNull();
    expect(dueWeek(new Date('2026-12-03T06:59:59+01:00'), THURSDAY_0700)).toBeNull();
    expect(dueWeek(new Date('2026-12-03T07:00:00+01:00'), THURSDAY_0700)).toBe('2026-W49');
    expect(dueWeek(new Date('2026-12-03T06:00:00Z'), THURSDAY_0700)).toBe('2026-W49');
    expect(dueWeek(new Date('2026-12-06T23:59:59+01:00'), THURSDAY_0700)).toBe('2026-W49');
    // Monday of the next week: that week's moment is ahead again.
    expect(dueWeek(new Date('2026-12-07T00:00:00+01:00'), THURSDAY_0700)).toBeNull();
    // 23:30 UTC on Sunday is already Monday in Stockholm.
    expect(dueWeek(new Date('2026-12-06T23:30:00Z'), THURSDAY_0700)).toBeNull();
  });

  it('reads the schedule in summer time too, and a Sunday moment a clock change skips falls due after it', () => {
    expect(dueWeek(new Date('2026-06-04T06:59:00+02:00'), THURSDAY_0700)).toBeNull();
    expect(dueWeek(new Date('2026-06-04T07:00:00+02:00'), THURSDAY_0700)).toBe('2026-W23');
    // 29 March 2026: 02:00 becomes 03:00, so 02:30 never shows on a Stockholm clock.
    const sunday0230 = { weekday: 7, hour: 2, minute: 30 };
    expect(dueWeek(new Date('2026-03-29T00:59:00Z'), sunday0230)).toBeNull();
    expect(dueWeek(new Date('2026-03-29T01:00:00Z'), sunday0230)).toBe('2026-W13');
  });

  it('names the ISO week of the Stockholm day across a year boundary', () => {
    // Thursday 1 January 2026 is in 2026-W01; Monday 29 December 2025 too.
    expect(dueWeek(new Date('2026-01-01T08:00:00+01:00'), THURSDAY_0700)).toBe('2026-W01');
    expect(dueWeek(new Date('2025-12-29T08:00:00+01:00'), { weekday: 1, hour: 8, minute: 0 })).toBe('2026-W01');
  });
});
