import { describe, expect, it } from 'vitest';
import { daysRunOn, initials, weekCells, weekDays, weekStart } from './week-layout';

// 23 November 2026 is a Monday in winter (London on UTC); 15 July 2026 a Wednesday in summer (UTC+1).
describe('the week of a day', () => {
  it('starts on the Monday, whatever day of the week is given', () => {
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-25')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2026-07-15')).toBe('2026-07-13');
    // Across a month and a year.
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('has seven days from the Monday, through the clock change', () => {
    expect(weekDays('2026-10-19')).toEqual([
      '2026-10-19',
      '2026-10-20',
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-10-24',
      '2026-10-25',
    ]);
  });
});

describe('sessions in the week', () => {
  it('puts a session on the London day it runs, in summer as in winter', () => {
    // 23:30 UTC on 14 July is 00:30 on 15 July in London.
    expect(daysRunOn({ startsAt: '2026-07-14T23:30:00Z', endsAt: '2026-07-15T00:30:00Z' })).toEqual([
      '2026-07-15',
    ]);
    expect(daysRunOn({ startsAt: '2026-11-23T16:00:00Z', endsAt: '2026-11-23T17:00:00Z' })).toEqual([
      '2026-11-23',
    ]);
  });

  it('puts a session running past midnight on both days, and one ending at midnight on one', () => {
    expect(daysRunOn({ startsAt: '2026-11-23T23:30:00Z', endsAt: '2026-11-24T00:30:00Z' })).toEqual([
      '2026-11-23',
      '2026-11-24',
    ]);
    expect(daysRunOn({ startsAt: '2026-11-23T23:00:00Z', endsAt: '2026-11-24T00:00:00Z' })).toEqual([
      '2026-11-23',
    ]);
  });

  it('sorts each room’s sessions into their days in time order, leaving out other rooms and weeks', () => {
    const s = (id: string, roomId: string, startsAt: string, endsAt: string) => ({
      id,
      roomId,
      startsAt,
      endsAt,
    });
    const days = weekDays('2026-11-23');
    const cells = weekCells(['birch', 'cedar'], days, [
      s('late', 'birch', '2026-11-23T18:00:00Z', '2026-11-23T19:00:00Z'),
      s('early', 'birch', '2026-11-23T16:00:00Z', '2026-11-23T17:00:00Z'),
      s('sunday-night', 'cedar', '2026-11-29T23:30:00Z', '2026-11-30T00:30:00Z'),
      s('gone', 'oak', '2026-11-24T16:00:00Z', '2026-11-24T17:00:00Z'),
    ]);
    expect(cells.birch!['2026-11-23']!.map((x) => x.id)).toEqual(['early', 'late']);
    expect(cells.birch!['2026-11-24']).toEqual([]);
    expect(cells.cedar!['2026-11-29']!.map((x) => x.id)).toEqual(['sunday-night']);
    expect(Object.keys(cells.cedar!)).toEqual(days);
    expect(cells.oak).toBeUndefined();
  });

  it('writes a child as their initials', () => {
    expect(initials({ firstName: 'maisie', lastInitial: 'C' })).toBe('MC');
  });
});
