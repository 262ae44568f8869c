import {
  startOfStockholmDay,
  stockholmDate,
  stockholmDateTime,
  stockholmOffsetMs,
} from './stockholm-zone';

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe('stockholmDate', () => {
  it.each([
    ['2024-12-31T22:59:59.999Z', '2024-12-31', 'winter: UTC+1'],
    ['2024-12-31T23:00:00.000Z', '2025-01-01', 'midnight in Stockholm'],
    ['2024-06-30T21:59:59.999Z', '2024-06-30', 'summer: UTC+2'],
    ['2024-06-30T22:00:00.000Z', '2024-07-01', 'midnight in Stockholm'],
    ['2024-03-30T23:30:00.000Z', '2024-03-31', 'the night summer time begins'],
    ['2024-10-26T22:30:00.000Z', '2024-10-27', 'the night summer time ends'],
  ])('%s is %s (%s)', (instant, date) => {
    expect(stockholmDate(at(instant))).toBe(date);
  });

  it('refuses an invalid Date', () => {
    expect(() => stockholmDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('stockholmDateTime', () => {
  it('reads what Intl reads for Stockholm through two years, at the clock changes and before 1981', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    const parts = (instant: Date) =>
      Object.fromEntries(intl.formatToParts(instant).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
    const instants: Date[] = [];
    // Every 59 min 59 s through 2024 and 2025, with odd milliseconds; the last and first
    // millisecond around each clock change; then the older rules.
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 3_599_000) instants.push(new Date(ms + 737));
    for (const change of ['2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z']) {
      instants.push(new Date(at(change).getTime() - 1), at(change));
    }
    for (const iso of ['1899-12-31T23:30:00Z', '1916-05-14T22:30:00Z', '1949-10-02T01:30:00Z', '1980-09-28T00:30:00Z', '1981-03-29T00:59:59.999Z', '1981-03-29T01:00:00Z']) {
      instants.push(at(iso));
    }
    for (const instant of instants) expect([instant.toISOString(), stockholmDateTime(instant)]).toEqual([instant.toISOString(), parts(instant)]);
  });

  it('reads the wall clock on both sides of the October change (02:59 summer, then 02:00 winter)', () => {
    expect(stockholmDateTime(at('2024-10-27T00:59:00Z'))).toEqual({
      year: 2024,
      month: 10,
      day: 27,
      hour: 2,
      minute: 59,
      second: 0,
    });
    expect(stockholmDateTime(at('2024-10-27T01:00:00Z'))).toMatchObject({ hour: 2, minute: 0 });
  });

  it('writes midnight as hour 0, not 24', () => {
    expect(stockholmDateTime(at('2025-01-14T23:00:00Z'))).toMatchObject({ day: 15, hour: 0 });
  });
});

describe('stockholmOffsetMs', () => {
  it('is one hour in winter and two in summer, switching at 01:00 UTC', () => {
    expect(stockholmOffsetMs(at('2024-03-31T00:59:59Z'))).toBe(HOUR);
    expect(stockholmOffsetMs(at('2024-03-31T01:00:00Z'))).toBe(2 * HOUR);
    expect(stockholmOffsetMs(at('2024-10-27T00:59:59Z'))).toBe(2 * HOUR);
    expect(stockholmOffsetMs(at('2024-10-27T01:00:00Z'))).toBe(HOUR);
  });

  it('keeps the seconds of local mean time before 1900 (Intl writes GMT+00:53:28)', () => {
    expect(stockholmOffsetMs(at('1890-01-01T00:00:00Z'))).toBe((53 * 60 + 28) * 1000);
  });
});

describe('startOfStockholmDay', () => {
  it.each([
    ['2024-01-15', '2024-01-14T23:00:00.000Z'],
    ['2024-07-15', '2024-07-14T22:00:00.000Z'],
    ['2024-03-31', '2024-03-30T23:00:00.000Z'],
    ['2024-04-01', '2024-03-31T22:00:00.000Z'],
    ['2024-10-27', '2024-10-26T22:00:00.000Z'],
    ['2024-10-28', '2024-10-27T23:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    expect(startOfStockholmDay(date).toISOString()).toBe(instant);
  });

  it('round-trips with stockholmDate', () => {
    const start = startOfStockholmDay('2024-10-27');
    expect(stockholmDate(start)).toBe('2024-10-27');
    expect(stockholmDate(new Date(start.getTime() - 1))).toBe('2024-10-26');
  });

  it('refuses an impossible day', () => {
    expect(() => startOfStockholmDay('2024-02-30')).toThrow(RangeError);
  });
});
