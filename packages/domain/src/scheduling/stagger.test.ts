import { describe, expect, it } from 'vitest';
import { roomOccupancy, stagger, STAGGER_MINUTES, TURNOVER_GAP_MINUTES } from './stagger.js';
import { overlaps, type TimeRange } from './time-range.js';

const session: TimeRange = { start: new Date('2026-07-01T15:00:00Z'), end: new Date('2026-07-01T16:30:00Z') };

describe('stagger (rule 2)', () => {
  it('has the parent arrive 15 minutes before the child and leave 15 minutes after', () => {
    expect(STAGGER_MINUTES).toBe(15);
    expect(stagger(session)).toEqual({
      parentArriveBy: new Date('2026-07-01T14:45:00Z'),
      childArrivesAt: new Date('2026-07-01T15:00:00Z'),
      childLeavesAt: new Date('2026-07-01T16:30:00Z'),
      parentLeavesFrom: new Date('2026-07-01T16:45:00Z'),
    });
  });
});

describe('roomOccupancy (rule 3)', () => {
  it('holds the room from the parent arriving to the parent leaving plus the turnover gap', () => {
    expect(TURNOVER_GAP_MINUTES).toBe(15);
    expect(roomOccupancy(session)).toEqual({
      start: new Date('2026-07-01T14:45:00Z'),
      end: new Date('2026-07-01T17:00:00Z'),
    });
  });

  it('takes a different turnover gap', () => {
    expect(roomOccupancy(session, 0).end).toEqual(new Date('2026-07-01T16:45:00Z'));
    expect(roomOccupancy(session, 30).end).toEqual(new Date('2026-07-01T17:15:00Z'));
    expect(() => roomOccupancy(session, -5)).toThrow(RangeError);
  });

  it('needs 45 minutes between one child leaving and the next arriving, and no more', () => {
    const next = (gapMinutes: number): TimeRange => {
      const start = new Date(session.end.getTime() + gapMinutes * 60_000);
      return { start, end: new Date(start.getTime() + 3_600_000) };
    };
    expect(overlaps(roomOccupancy(session), roomOccupancy(next(45)))).toBe(false);
    expect(overlaps(roomOccupancy(session), roomOccupancy(next(44)))).toBe(true);
  });
});
