import {
  formatDate,
  formatDateTime,
  formatShort,
  isoWeekOf,
  isoWeeksInYear,
  parseIsoWeek,
  stockholmMidnight,
} from './stockholm-time';

describe('stockholm-time', () => {
  describe('formatDateTime', () => {
    it('uses summer time (UTC+2) before the October change', () => {
      expect(formatDateTime('2024-10-11T13:20:00Z')).toBe('2024-10-11 klockan 15:20');
    });

    it('uses standard time (UTC+1) after it', () => {
      expect(formatDateTime('2024-12-11T13:20:00Z')).toBe('2024-12-11 klockan 14:20');
    });

    it('switches exactly at 01:00 UTC on the last Sunday of October', () => {
      expect(formatDateTime('2024-10-27T00:59:00Z')).toBe('2024-10-27 klockan 02:59');
      expect(formatDateTime('2024-10-27T01:00:00Z')).toBe('2024-10-27 klockan 02:00');
    });

    it('rolls over to the next Stockholm day late in the UTC evening', () => {
      expect(formatDateTime('2024-06-30T22:30:00Z')).toBe('2024-07-01 klockan 00:30');
    });

    it('accepts Date objects', () => {
      expect(formatDateTime(new Date('2024-03-31T01:30:00Z'))).toBe('2024-03-31 klockan 03:30');
    });

    it('returns an unparsable string unchanged', () => {
      expect(formatDateTime('inte ett datum')).toBe('inte ett datum');
    });
  });

  describe('formatDate and formatShort', () => {
    it('formats an instant as its Stockholm calendar day', () => {
      expect(formatDate('2024-10-13T22:30:00Z')).toBe('2024-10-14');
      expect(formatShort('2024-10-11T13:20:00Z')).toBe('11/10');
      expect(formatShort('2025-01-05T12:00:00Z')).toBe('5/1');
    });

    it('treats a plain date as that day, without a zone shift', () => {
      expect(formatDate('2024-11-12')).toBe('2024-11-12');
      expect(formatShort('2024-10-11')).toBe('11/10');
    });

    it('does not invent a day for an impossible plain date', () => {
      expect(formatDate('2024-02-30')).toBe('2024-02-30');
    });
  });

  describe('parseIsoWeek', () => {
    it('gives Monday 00:00 to the next Monday 00:00 Stockholm time as UTC', () => {
      expect(parseIsoWeek('2024-W41')).toEqual({
        year: 2024,
        week: 41,
        from: '2024-10-06T22:00:00.000Z',
        to: '2024-10-13T22:00:00.000Z',
      });
    });

    it('handles the week that contains the end of summer time', () => {
      // 2024-W43: Monday 21 October (UTC+2) to Monday 28 October (UTC+1).
      expect(parseIsoWeek('2024-W43')).toMatchObject({
        from: '2024-10-20T22:00:00.000Z',
        to: '2024-10-27T23:00:00.000Z',
      });
    });

    it('handles week 1 starting in the previous calendar year', () => {
      expect(parseIsoWeek('2025-W01')).toMatchObject({
        from: '2024-12-29T23:00:00.000Z',
        to: '2025-01-05T23:00:00.000Z',
      });
    });

    it('accepts week 53 only in years that have it', () => {
      expect(isoWeeksInYear(2020)).toBe(53);
      expect(isoWeeksInYear(2024)).toBe(52);
      expect(parseIsoWeek('2020-W53')).toMatchObject({
        from: '2020-12-27T23:00:00.000Z',
        to: '2021-01-03T23:00:00.000Z',
      });
      expect(parseIsoWeek('2024-W53')).toBeNull();
    });

    it.each([
      '2024-41',
      '2024-W54',
      '2024-W00',
      '2024-W4',
      '2024W41',
      '2024-w41',
      ' 2024-W41',
      '2024-W41x',
      '',
      '9999-W52',
    ])('rejects %p', (value) => {
      expect(parseIsoWeek(value)).toBeNull();
    });
  });

  describe('isoWeekOf', () => {
    it('uses the Stockholm day, not the UTC day', () => {
      // Sunday 23:30 UTC is already Monday in Stockholm.
      expect(isoWeekOf('2024-10-13T21:59:00Z')).toBe('2024-W41');
      expect(isoWeekOf('2024-10-13T22:00:00Z')).toBe('2024-W42');
    });

    it('assigns days around new year to the right ISO year', () => {
      expect(isoWeekOf('2024-12-30T12:00:00Z')).toBe('2025-W01');
      expect(isoWeekOf('2021-01-02T12:00:00Z')).toBe('2020-W53');
    });

    it('round-trips with parseIsoWeek', () => {
      const week = parseIsoWeek('2024-W43');
      expect(week).not.toBeNull();
      expect(isoWeekOf(week!.from)).toBe('2024-W43');
      expect(isoWeekOf(new Date(Date.parse(week!.to) - 1))).toBe('2024-W43');
      expect(isoWeekOf(week!.to)).toBe('2024-W44');
    });

    it('throws on an invalid date', () => {
      expect(() => isoWeekOf('nonsense')).toThrow(RangeError);
    });
  });

  describe('stockholmMidnight', () => {
    it('is 23:00 UTC the day before in winter and 22:00 UTC in summer', () => {
      expect(stockholmMidnight(2024, 1, 15).toISOString()).toBe('2024-01-14T23:00:00.000Z');
      expect(stockholmMidnight(2024, 7, 15).toISOString()).toBe('2024-07-14T22:00:00.000Z');
      expect(stockholmMidnight(2024, 3, 31).toISOString()).toBe('2024-03-30T23:00:00.000Z');
      expect(stockholmMidnight(2024, 10, 27).toISOString()).toBe('2024-10-26T22:00:00.000Z');
    });
  });
});
