import { describe, expect, it } from 'vitest';
import {
  londonMediumDateTime,
  calendarDate,
  londonDate,
  londonDateTime,
  londonDay,
  londonDayTime,
  londonShortDate,
  londonTime,
  longDate,
} from './london-time';

describe('London time, as the dashboard shows it', () => {
  it('shows UTC instants as London clock times, in winter and in summer', () => {
    expect(londonTime('2026-11-20T16:42:00Z')).toBe('16:42');
    expect(londonTime('2026-07-01T16:42:00Z')).toBe('17:42');
    expect(londonTime(new Date('2026-01-15T16:05:00Z'))).toBe('16:05');
  });

  it('writes the day with the time', () => {
    expect(londonDayTime('2026-11-20T16:42:00Z')).toBe('Fri 20 Nov, 16:42');
  });

  it('names the London day, not the UTC one', () => {
    expect(londonDay('2026-07-01T23:30:00Z')).toBe('Thursday 2 July 2026');
    expect(longDate('2026-11-23')).toBe('Monday 23 November 2026');
  });

  it('writes records with the year, the same across the clock change', () => {
    expect(londonDateTime('2026-03-29T00:30:00Z')).toBe('Sun 29 Mar 2026, 00:30');
    expect(londonDateTime('2026-03-29T01:30:00Z')).toBe('Sun 29 Mar 2026, 02:30');
    expect(londonDate('2026-06-30T23:30:00Z')).toBe('1 Jul 2026');
    expect(londonShortDate('2026-11-04T12:00:00Z')).toBe('4 Nov');
  });

  it('shows calendar dates as given, whatever the zone', () => {
    expect(calendarDate('2026-01-05')).toBe('5 Jan 2026');
    expect(calendarDate('not a date')).toBe('not a date');
  });

  it('shows when something was done in London time, summer time included', () => {
    expect(londonMediumDateTime('2026-07-07T15:43:00Z')).toBe('7 Jul 2026, 16:43');
    expect(londonMediumDateTime('2026-12-07T15:43:00Z')).toBe('7 Dec 2026, 15:43');
  });
});
