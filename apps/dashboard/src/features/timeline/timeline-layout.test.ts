import { describe, expect, it } from 'vitest';
import {
  dayWindow,
  DEFAULT_WINDOW,
  fitWindow,
  hourTicks,
  minuteAt,
  minutesOnDay,
  minutesToClock,
  nowPercent,
  offsetPercent,
  placeBlocks,
} from './timeline-layout';

// 23 November 2026 is a Monday in winter (London on UTC); 15 July 2026 a Wednesday in summer (UTC+1).
const WINTER = '2026-11-23';
const SUMMER = '2026-07-15';
const span = (start: string, end: string, id = start) => ({ id, startsAt: start, endsAt: end });

describe('day window', () => {
  const hours = [
    { weekday: 0, open: null, close: null },
    { weekday: 1, open: '07:00', close: '23:00' },
    { weekday: 3, open: '09:30', close: '24:00' },
  ];

  it('uses the centre’s hours for the weekday', () => {
    expect(dayWindow(hours, WINTER)).toEqual({ startMin: 420, endMin: 1380, closed: false });
    expect(dayWindow(hours, SUMMER)).toEqual({ startMin: 570, endMin: 1440, closed: false });
  });

  it('falls back to 07:00–23:00, saying when the centre is closed', () => {
    expect(dayWindow(hours, '2026-11-22')).toEqual({ ...DEFAULT_WINDOW, closed: true });
    expect(dayWindow([], WINTER)).toEqual(DEFAULT_WINDOW);
  });

  it('widens to whole hours to take in sessions outside the hours, up to midnight', () => {
    const late = span('2026-11-23T22:30:00Z', '2026-11-24T00:10:00Z');
    const early = span('2026-11-23T06:20:00Z', '2026-11-23T07:20:00Z');
    expect(fitWindow(DEFAULT_WINDOW, [late, early], WINTER)).toEqual({
      startMin: 360,
      endMin: 1440,
      closed: false,
    });
  });

  it('marks every hour', () => {
    expect(hourTicks(DEFAULT_WINDOW).map(minutesToClock)).toEqual(
      Array.from({ length: 16 }, (_, i) => `${String(7 + i).padStart(2, '0')}:00`),
    );
  });
});

describe('block placement', () => {
  it('reads times in London, in both seasons', () => {
    expect(minutesOnDay(span('2026-11-23T16:00:00Z', '2026-11-23T17:00:00Z'), WINTER)).toEqual({
      start: 960,
      end: 1020,
    });
    expect(minutesOnDay(span('2026-07-15T16:00:00Z', '2026-07-15T17:00:00Z'), SUMMER)).toEqual({
      start: 1020,
      end: 1080,
    });
  });

  it('places a block by its share of the window', () => {
    // 16:00–17:00 in a 07:00–23:00 window: 9 of 16 hours in, one hour wide.
    const { placed, lanes } = placeBlocks(
      [span('2026-11-23T16:00:00Z', '2026-11-23T17:00:00Z')],
      WINTER,
      DEFAULT_WINDOW,
    );
    expect(lanes).toBe(1);
    expect(placed[0]!.left).toBeCloseTo((9 / 16) * 100);
    expect(placed[0]!.width).toBeCloseTo((1 / 16) * 100);
    expect(placed[0]!.clippedStart || placed[0]!.clippedEnd).toBe(false);
  });

  it('clips a block that runs past the window and says so', () => {
    const { placed } = placeBlocks(
      [span('2026-11-23T22:30:00Z', '2026-11-23T23:30:00Z')],
      WINTER,
      DEFAULT_WINDOW,
    );
    expect(placed[0]!.left + placed[0]!.width).toBeCloseTo(100);
    expect(placed[0]!.clippedEnd).toBe(true);
  });

  it('stacks overlapping blocks on lanes and reuses a lane once it is free', () => {
    const a = span('2026-11-23T16:00:00Z', '2026-11-23T17:00:00Z', 'a');
    const b = span('2026-11-23T16:30:00Z', '2026-11-23T17:30:00Z', 'b');
    const c = span('2026-11-23T17:00:00Z', '2026-11-23T18:00:00Z', 'c');
    const { placed, lanes } = placeBlocks([c, b, a], WINTER, DEFAULT_WINDOW);
    expect(lanes).toBe(2);
    expect(Object.fromEntries(placed.map((p) => [p.item.id, p.lane]))).toEqual({ a: 0, b: 1, c: 0 });
  });
});

describe('now and pointer', () => {
  it('marks now only on today and within the window', () => {
    const now = Date.parse('2026-11-23T15:00:00Z');
    expect(nowPercent(now, WINTER, DEFAULT_WINDOW)).toBeCloseTo(50);
    expect(nowPercent(now, '2026-11-24', DEFAULT_WINDOW)).toBeNull();
    expect(nowPercent(Date.parse('2026-11-23T23:30:00Z'), WINTER, DEFAULT_WINDOW)).toBeNull();
  });

  it('turns a point on a row into a quarter-hour', () => {
    expect(minutesToClock(minuteAt(0.5, DEFAULT_WINDOW))).toBe('15:00');
    expect(minutesToClock(minuteAt(0.51, DEFAULT_WINDOW))).toBe('15:00');
    expect(minutesToClock(minuteAt(0.52, DEFAULT_WINDOW))).toBe('15:15');
  });

  it('keeps offsets inside the window', () => {
    expect(offsetPercent(0, DEFAULT_WINDOW)).toBe(0);
    expect(offsetPercent(1440, DEFAULT_WINDOW)).toBe(100);
  });
});
