import { describe, expect, it } from 'vitest';
import {
  addDays,
  addToClock,
  fromLondon,
  londonDateKey,
  londonMinuteOfDay,
  londonTime,
  longDate,
  weekdayOf,
} from './london-time';

describe('London wall-clock time', () => {
  it('shows winter times as UTC and summer times an hour ahead', () => {
    expect(londonTime('2026-01-15T16:05:00Z')).toBe('16:05');
    expect(londonTime('2026-07-15T16:05:00Z')).toBe('17:05');
  });

  it('puts a late-evening summer moment on the next London day', () => {
    expect(londonDateKey('2026-07-15T23:30:00Z')).toBe('2026-07-16');
    expect(londonDateKey('2026-01-15T23:30:00Z')).toBe('2026-01-15');
  });

  it('reads minutes since London midnight', () => {
    expect(londonMinuteOfDay('2026-07-15T06:00:00Z')).toBe(7 * 60);
    expect(londonMinuteOfDay('2026-01-15T07:30:30Z')).toBe(7 * 60 + 30.5);
  });

  it('turns a London time on a day into the right UTC moment in both seasons', () => {
    expect(fromLondon('2026-01-15', '19:00').toISOString()).toBe('2026-01-15T19:00:00.000Z');
    expect(fromLondon('2026-07-15', '19:00').toISOString()).toBe('2026-07-15T18:00:00.000Z');
  });

  it('handles the clock-change days', () => {
    // Clocks go forward at 01:00 UTC on 29 March 2026: 01:30 does not happen, read as just after the jump.
    expect(fromLondon('2026-03-29', '00:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(fromLondon('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(londonTime(fromLondon('2026-03-29', '01:30'))).toBe('02:30');
    // Clocks go back at 01:00 UTC on 25 October 2026: 01:30 happens twice; the first is taken.
    expect(fromLondon('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLondon('2026-10-25', '09:00').toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  it('steps days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('names days', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(longDate('2026-11-23')).toBe('Monday 23 November 2026');
  });

  it('adds minutes to a clock reading without leaving the day', () => {
    expect(addToClock('19:30', 60)).toBe('20:30');
    expect(addToClock('23:30', 60)).toBe('23:59');
  });
});
