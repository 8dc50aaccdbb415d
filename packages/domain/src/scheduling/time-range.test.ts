import { describe, expect, it } from 'vitest';
import { durationMinutes, overlaps, widen, type TimeRange } from './time-range.js';

const r = (start: string, end: string): TimeRange => ({ start: new Date(start), end: new Date(end) });

describe('overlaps', () => {
  it('is true when ranges share time', () => {
    expect(
      overlaps(r('2026-11-03T10:00Z', '2026-11-03T11:00Z'), r('2026-11-03T10:59Z', '2026-11-03T12:00Z')),
    ).toBe(true);
    expect(
      overlaps(r('2026-11-03T10:00Z', '2026-11-03T12:00Z'), r('2026-11-03T10:30Z', '2026-11-03T11:00Z')),
    ).toBe(true);
  });

  it('is false for ranges that only touch, in either order (half-open, like Postgres [))', () => {
    const a = r('2026-11-03T10:00Z', '2026-11-03T11:00Z');
    const b = r('2026-11-03T11:00Z', '2026-11-03T12:00Z');
    expect(overlaps(a, b)).toBe(false);
    expect(overlaps(b, a)).toBe(false);
  });

  it('is false for ranges apart', () => {
    expect(
      overlaps(r('2026-11-03T10:00Z', '2026-11-03T11:00Z'), r('2026-11-03T13:00Z', '2026-11-03T14:00Z')),
    ).toBe(false);
  });
});

describe('durationMinutes and widen', () => {
  it('measures elapsed minutes, whatever the clocks do', () => {
    // 00:00–03:00 London on the spring-forward day is only two hours.
    expect(durationMinutes(r('2026-03-29T00:00Z', '2026-03-29T02:00Z'))).toBe(120);
    expect(durationMinutes(r('2026-11-03T10:00Z', '2026-11-03T09:30Z'))).toBe(-30);
  });

  it('widens each end', () => {
    expect(widen(r('2026-11-03T10:00Z', '2026-11-03T11:00Z'), 15, 30)).toEqual(
      r('2026-11-03T09:45Z', '2026-11-03T11:30Z'),
    );
  });
});
