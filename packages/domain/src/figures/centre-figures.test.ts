import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, type OpeningHours } from '../scheduling/opening-hours.js';
import {
  figureWeeks,
  FIGURES_MAX_WEEKS,
  londonWeekStart,
  median,
  openMinutesInWeek,
  share,
  workingDaysBetween,
} from './centre-figures.js';

const WEEKDAYS_NINE_TO_FIVE: OpeningHours = {
  0: null,
  1: { open: '09:00', close: '17:00' },
  2: { open: '09:00', close: '17:00' },
  3: { open: '09:00', close: '17:00' },
  4: { open: '09:00', close: '17:00' },
  5: { open: '09:00', close: '17:00' },
  6: null,
};

describe('londonWeekStart', () => {
  it('is the Monday of the London week, Monday itself included', () => {
    expect(londonWeekStart(new Date('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
    expect(londonWeekStart(new Date('2026-12-09T12:00:00Z'))).toBe('2026-12-07');
    expect(londonWeekStart(new Date('2026-12-13T23:59:00Z'))).toBe('2026-12-07');
  });

  it('reads the London calendar, not UTC: late Sunday evening in summer is still that week', () => {
    // Sunday 12 July 2026, 23:30 BST is 22:30 UTC; Monday 13 July 00:30 BST is Sunday 23:30 UTC.
    expect(londonWeekStart(new Date('2026-07-12T22:30:00Z'))).toBe('2026-07-06');
    expect(londonWeekStart(new Date('2026-07-12T23:30:00Z'))).toBe('2026-07-13');
  });
});

describe('figureWeeks', () => {
  it('gives the Mondays of the weeks ending with the current one, oldest first', () => {
    expect(figureWeeks(new Date('2026-12-09T10:00:00Z'), 3)).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ]);
  });

  it('covers twelve weeks unless asked otherwise', () => {
    const weeks = figureWeeks(new Date('2026-12-09T10:00:00Z'));
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toBe('2026-09-21');
  });

  it.each([0, -1, 1.5, FIGURES_MAX_WEEKS + 1])('refuses %s weeks', (n) => {
    expect(() => figureWeeks(new Date('2026-12-09T10:00:00Z'), n)).toThrow(RangeError);
  });
});

describe('openMinutesInWeek', () => {
  it('adds up each open day: 5 days of 8 hours', () => {
    expect(openMinutesInWeek(WEEKDAYS_NINE_TO_FIVE, '2026-12-07')).toBe(5 * 8 * 60);
  });

  it('counts 16 hours a day for a centre open 07:00 to 23:00 every day', () => {
    expect(openMinutesInWeek(DEFAULT_OPENING_HOURS, '2026-12-07')).toBe(7 * 16 * 60);
  });

  it('counts the time that really passes over a clock change', () => {
    const nights: OpeningHours = { ...WEEKDAYS_NINE_TO_FIVE, 0: { open: '00:00', close: '03:00' } };
    // Sunday 29 March 2026: clocks go forward at 01:00, so 00:00 to 03:00 is two hours.
    expect(openMinutesInWeek(nights, '2026-03-23')).toBe(5 * 8 * 60 + 120);
    // Sunday 25 October 2026: clocks go back at 02:00, so 00:00 to 03:00 is four hours.
    expect(openMinutesInWeek(nights, '2026-10-19')).toBe(5 * 8 * 60 + 240);
  });

  it('counts until midnight when a day closes at 24:00, and nothing on closed days', () => {
    const late: OpeningHours = {
      0: null,
      1: null,
      2: null,
      3: null,
      4: null,
      5: null,
      6: { open: '18:00', close: '24:00' },
    };
    expect(openMinutesInWeek(late, '2026-12-07')).toBe(6 * 60);
  });
});

describe('median', () => {
  it('is the middle value of an odd number of values, whatever their order', () => {
    expect(median([30, 5, 12])).toBe(12);
  });

  it('is the mean of the two middle values of an even number', () => {
    expect(median([4, 1, 10, 3])).toBe(3.5);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('share', () => {
  it('divides the part by the whole, and is null for an empty whole', () => {
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
  });
});

describe('workingDaysBetween', () => {
  it('lists weekdays that are not bank holidays, both ends included', () => {
    // Christmas 2026: Friday 25 and Monday 28 (Boxing Day's substitute) are bank holidays.
    expect(workingDaysBetween('2026-12-23', '2026-12-30', 'england_and_wales')).toEqual([
      '2026-12-23',
      '2026-12-24',
      '2026-12-29',
      '2026-12-30',
    ]);
  });

  it('counts in the centre’s nation: 2 January is a holiday in Scotland, St Patrick’s Day in Northern Ireland', () => {
    expect(workingDaysBetween('2026-01-01', '2026-01-05', 'scotland')).toEqual(['2026-01-05']);
    expect(workingDaysBetween('2026-01-01', '2026-01-05', 'england_and_wales')).toEqual([
      '2026-01-02',
      '2026-01-05',
    ]);
    expect(workingDaysBetween('2026-03-16', '2026-03-18', 'northern_ireland')).toEqual([
      '2026-03-16',
      '2026-03-18',
    ]);
  });
});
