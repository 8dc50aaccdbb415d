import { describe, expect, it } from 'vitest';
import { londonDay, londonDayTime, londonTime, longDate } from './london-time';

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
});
