import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDaysToDateKey,
  daysBetweenDateKeys,
  formatDateKey,
  formatLondonDate,
  formatLondonDateTime,
  formatLondonTime,
  fromLondon,
  fromLondonDateKey,
  londonClockOnDay,
  londonDateKey,
  londonMinuteOfDay,
  londonOffsetMillis,
  londonParts,
  parseClock,
  parseDateKey,
  weekdayOfDateKey,
} from './london.js';

const iso = (s: string): Date => new Date(s);

describe('londonParts', () => {
  it('reads GMT in winter', () => {
    expect(londonParts(iso('2026-01-15T09:05:00Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 15,
      hour: 9,
      minute: 5,
      weekday: 4,
    });
  });

  it('reads BST in summer, an hour ahead of UTC', () => {
    expect(londonParts(iso('2026-07-01T23:30:00Z'))).toEqual({
      year: 2026,
      month: 7,
      day: 2,
      hour: 0,
      minute: 30,
      weekday: 4,
    });
  });

  it('throws on an invalid date', () => {
    expect(() => londonParts(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('londonDateKey', () => {
  it('rolls over at London midnight, not UTC midnight, in summer', () => {
    expect(londonDateKey(iso('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    expect(londonDateKey(iso('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
  });

  it('matches the UTC date in winter', () => {
    expect(londonDateKey(iso('2026-12-31T23:59:00Z'))).toBe('2026-12-31');
    expect(londonDateKey(iso('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });
});

describe('londonOffsetMillis', () => {
  it('is 0 in GMT and one hour in BST, switching at 01:00 UTC', () => {
    expect(londonOffsetMillis(iso('2026-03-29T00:59:00Z'))).toBe(0);
    expect(londonOffsetMillis(iso('2026-03-29T01:00:00Z'))).toBe(3_600_000);
    expect(londonOffsetMillis(iso('2026-10-25T00:59:00Z'))).toBe(3_600_000);
    expect(londonOffsetMillis(iso('2026-10-25T01:00:00Z'))).toBe(0);
  });
});

describe('fromLondon', () => {
  it('converts winter and summer wall times', () => {
    expect(fromLondon(2026, 1, 15, 9, 0).toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(fromLondon(2026, 7, 1, 12, 0).toISOString()).toBe('2026-07-01T11:00:00.000Z');
  });

  it('handles the last minutes before and the first after the spring change', () => {
    expect(fromLondon(2026, 3, 29, 0, 59).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(fromLondon(2026, 3, 29, 2, 0).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('pushes a time in the skipped spring hour forward by the gap', () => {
    // 01:30 does not exist on 29 March 2026; it becomes 02:30 BST.
    const d = fromLondon(2026, 3, 29, 1, 30);
    expect(d.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLondonTime(d)).toBe('02:30');
  });

  it('takes the earlier (BST) reading of the repeated autumn hour', () => {
    expect(fromLondon(2026, 10, 25, 1, 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLondon(2026, 10, 25, 0, 30).toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(fromLondon(2026, 10, 25, 2, 0).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('does not depend on the process time zone', () => {
    expect(fromLondon(2026, 11, 23, 0, 0).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(fromLondon(2026, 5, 1, 0, 0).toISOString()).toBe('2026-04-30T23:00:00.000Z');
  });

  it('refuses readings that are not a date and time', () => {
    expect(() => fromLondon(2026, 2, 29, 12, 0)).toThrow(RangeError);
    expect(() => fromLondon(2026, 13, 1, 12, 0)).toThrow(RangeError);
    expect(() => fromLondon(2026, 6, 31, 12, 0)).toThrow(RangeError);
    expect(() => fromLondon(2026, 6, 1, 24, 0)).toThrow(RangeError);
    expect(() => fromLondon(2026, 6, 1, 12, 60)).toThrow(RangeError);
    expect(() => fromLondon(2026, 6, 1, 12.5, 0)).toThrow(RangeError);
  });

  it('round-trips every instant, up to the repeated hour (property)', () => {
    const instant = fc
      .integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 })
      .map((m) => new Date(m * 60_000));
    fc.assert(
      fc.property(instant, (d) => {
        const p = londonParts(d);
        const back = fromLondon(p.year, p.month, p.day, p.hour, p.minute);
        const diff = d.getTime() - back.getTime();
        // Identical, or the second pass through the repeated hour (which we resolve to the first).
        expect([0, 3_600_000]).toContain(diff);
        expect(londonParts(back)).toEqual(p);
      }),
    );
  });
});

describe('fromLondonDateKey and parseClock', () => {
  it('reads HH:MM, with 24:00 as the next midnight', () => {
    expect(fromLondonDateKey('2026-07-01', '16:30').toISOString()).toBe('2026-07-01T15:30:00.000Z');
    expect(fromLondonDateKey('2026-07-01', '24:00').toISOString()).toBe('2026-07-01T23:00:00.000Z');
    expect(parseClock('00:00')).toBe(0);
    expect(parseClock('23:59')).toBe(1439);
    expect(parseClock('24:00')).toBe(1440);
  });

  it('refuses malformed clock times', () => {
    for (const bad of ['7:00', '24:01', '12:60', '25:00', '', '12-00', '12:00:00']) {
      expect(() => parseClock(bad)).toThrow(RangeError);
    }
  });
});

describe('londonMinuteOfDay', () => {
  it('reads minutes since London midnight by the wall clock, seconds as a fraction', () => {
    expect(londonMinuteOfDay(iso('2026-07-15T06:00:00Z'))).toBe(7 * 60);
    expect(londonMinuteOfDay(iso('2026-01-15T07:30:30Z'))).toBe(7 * 60 + 30.5);
    // 29 March 2026: the clocks go forward at 01:00 UTC, and 07:00 is still minute 420.
    expect(londonMinuteOfDay(iso('2026-03-29T06:00:00Z'))).toBe(7 * 60);
  });
});

describe('londonClockOnDay', () => {
  it('turns a time read off the centre clock into the instant, in winter and in summer', () => {
    expect(londonClockOnDay('16:30', iso('2026-11-20T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-20T16:30:00.000Z',
    );
    expect(londonClockOnDay('16:30', iso('2026-07-01T12:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T15:30:00.000Z',
    );
    expect(londonClockOnDay(' 9:05', iso('2026-11-20T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-20T09:05:00.000Z',
    );
  });

  it('uses the London day, not the UTC one', () => {
    // 00:30 BST on 2 July is still 1 July in UTC.
    expect(londonClockOnDay('09:00', iso('2026-07-01T23:30:00Z'))?.toISOString()).toBe(
      '2026-07-02T08:00:00.000Z',
    );
  });

  it('resolves the clock-change hours as fromLondon does', () => {
    expect(londonClockOnDay('01:30', iso('2026-03-29T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(londonClockOnDay('01:30', iso('2026-10-25T12:00:00Z'))?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('refuses what is not a time of day', () => {
    for (const bad of ['25:00', '12:60', 'half four', '', '24:00']) {
      expect(londonClockOnDay(bad, iso('2026-11-20T12:00:00Z'))).toBeNull();
    }
  });
});

describe('date keys', () => {
  it('parses only real calendar dates', () => {
    expect(parseDateKey('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseDateKey('2023-02-29')).toThrow(RangeError);
    expect(() => parseDateKey('2023-2-1')).toThrow(RangeError);
    expect(() => parseDateKey('2023-00-10')).toThrow(RangeError);
  });

  it('adds days across months, years and clock changes', () => {
    expect(addDaysToDateKey('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDaysToDateKey('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDaysToDateKey('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToDateKey('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetweenDateKeys('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetweenDateKeys('2026-04-01', '2026-03-01')).toBe(-31);
  });

  it('knows the weekday of a date', () => {
    expect(weekdayOfDateKey('2026-11-23')).toBe(1);
    expect(weekdayOfDateKey('2026-11-22')).toBe(0);
  });
});

describe('formatting', () => {
  it('writes dates the way a letter would', () => {
    expect(formatLondonDate(iso('2026-11-03T12:00:00Z'))).toBe('Tuesday 3 November 2026');
    expect(formatDateKey('2026-11-23')).toBe('Monday 23 November 2026');
  });

  it('writes London times, not UTC', () => {
    expect(formatLondonDateTime(iso('2026-07-01T15:30:00Z'))).toBe('Wednesday 1 July 2026 at 16:30');
    expect(formatLondonDateTime(iso('2026-12-01T09:05:00Z'))).toBe('Tuesday 1 December 2026 at 09:05');
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(formatLondonDate(iso('2026-06-30T23:30:00Z'))).toBe('Wednesday 1 July 2026');
  });
});
