import { describe, expect, it } from 'vitest';
import { clockSkew, sessionClock, spokenSpan, stopwatch } from './board-time';

const T = Date.parse('2026-11-23T18:00:00Z');
const min = (n: number) => n * 60_000;

describe('stopwatch', () => {
  it('reads minutes and seconds under an hour, hours beyond', () => {
    expect(stopwatch(0)).toBe('0:00');
    expect(stopwatch(4 * 60_000 + 7_000)).toBe('4:07');
    expect(stopwatch(min(25) + 3_000)).toBe('25:03');
    expect(stopwatch(min(65) + 9_000)).toBe('1:05:09');
  });

  it('never goes negative and drops part-seconds', () => {
    expect(stopwatch(-5_000)).toBe('0:00');
    expect(stopwatch(1_999)).toBe('0:01');
  });
});

describe('spokenSpan', () => {
  it('says whole minutes and hours', () => {
    expect(spokenSpan(30_000)).toBe('less than a minute');
    expect(spokenSpan(min(25) + 59_000)).toBe('25 min');
    expect(spokenSpan(min(60))).toBe('1 h');
    expect(spokenSpan(min(65))).toBe('1 h 5 min');
  });
});

describe('sessionClock', () => {
  const session = {
    startsAt: new Date(T).toISOString(),
    endsAt: new Date(T + min(60)).toISOString(),
  };

  it('counts down to the start before the child is due', () => {
    const c = sessionClock(session, T - min(10));
    expect(c.dueInMs).toBe(min(10));
    expect(c.elapsedMs).toBeNull();
    expect(c.remainingMs).toBe(min(70));
    expect(c.progress).toBe(0);
  });

  it('ticks elapsed from the recorded start and remaining to the booked end', () => {
    const c = sessionClock(
      { ...session, startedAt: new Date(T + min(2)).toISOString() },
      T + min(20) + 5_000,
    );
    expect(c.elapsedMs).toBe(min(18) + 5_000);
    expect(c.remainingMs).toBe(min(40) - 5_000);
    expect(c.overrunMs).toBeNull();
    expect(c.dueInMs).toBeNull();
    expect(c.progress).toBeCloseTo(18 / 60 + 5 / 3600, 5);
  });

  it('reports an overrun only once contact has started', () => {
    const late = T + min(75);
    expect(sessionClock({ ...session, startedAt: new Date(T).toISOString() }, late).overrunMs).toBe(min(15));
    expect(sessionClock(session, late).overrunMs).toBeNull();
    expect(sessionClock(session, late).remainingMs).toBe(0);
  });

  it('caps progress at the end', () => {
    expect(sessionClock({ ...session, startedAt: new Date(T).toISOString() }, T + min(90)).progress).toBe(1);
  });
});

describe('clockSkew', () => {
  it('ignores network delay and corrects a wrong browser clock', () => {
    expect(clockSkew(new Date(T).toISOString(), T + 800)).toBe(0);
    expect(clockSkew(new Date(T).toISOString(), T - min(3))).toBe(min(3));
  });
});
