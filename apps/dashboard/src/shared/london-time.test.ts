import { describe, expect, it } from 'vitest';
import { londonDateKey, londonTime, londonTimeOnDay } from './london-time';

describe('London time', () => {
  it('shows UTC instants as London clock times, in winter and in summer', () => {
    expect(londonTime('2026-11-20T16:42:00Z')).toBe('16:42');
    expect(londonTime('2026-07-01T16:42:00Z')).toBe('17:42');
  });

  it('turns a time read off the centre clock into the right instant, whatever the browser zone', () => {
    expect(londonTimeOnDay('16:30', new Date('2026-11-20T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-20T16:30:00.000Z',
    );
    expect(londonTimeOnDay('16:30', new Date('2026-07-01T12:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T15:30:00.000Z',
    );
    // The London day, not the UTC one: 00:30 BST on 2 July is still 1 July in UTC.
    expect(londonTimeOnDay('09:00', new Date('2026-07-01T23:30:00Z'))?.toISOString()).toBe(
      '2026-07-02T08:00:00.000Z',
    );
  });

  it('refuses what is not a time', () => {
    expect(londonTimeOnDay('25:00', new Date())).toBeNull();
    expect(londonTimeOnDay('half four', new Date())).toBeNull();
  });

  it('names the London day', () => {
    expect(londonDateKey(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
  });
});
