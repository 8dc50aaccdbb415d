import { describe, expect, it } from 'vitest';
import { deadlineState, formatDuration, timeSince } from './time-since';

const now = new Date('2026-11-20T16:42:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('time since a flag was raised', () => {
  it('reads seconds, minutes, hours and days as a person would say them', () => {
    expect(timeSince(ago(3_000), now)).toBe('just now');
    expect(timeSince(ago(45_000), now)).toBe('45 s ago');
    expect(timeSince(ago(60_000), now)).toBe('1 min ago');
    expect(timeSince(ago(12 * 60_000 + 59_000), now)).toBe('12 min ago');
    expect(timeSince(ago(3 * 3600_000), now)).toBe('3 h ago');
    expect(timeSince(ago(3 * 3600_000 + 5 * 60_000), now)).toBe('3 h 5 min ago');
    expect(timeSince(ago(24 * 3600_000), now)).toBe('1 day ago');
    expect(timeSince(ago(6 * 24 * 3600_000 + 2 * 3600_000), now)).toBe('6 days 2 h ago');
  });

  it('accepts the ISO strings the API sends', () => {
    expect(timeSince('2026-11-20T16:34:00Z', now)).toBe('8 min ago');
  });

  it('never shows a negative time when the clocks disagree a little', () => {
    expect(timeSince(new Date(now.getTime() + 4000), now)).toBe('just now');
    expect(formatDuration(-5000)).toBe('0 s');
  });
});

describe('acknowledgement deadline', () => {
  it('counts down to the deadline, then counts how overdue it is', () => {
    expect(deadlineState(new Date(now.getTime() + 48 * 60_000), now, null)).toEqual({
      kind: 'due',
      text: 'Acknowledge within 48 min',
    });
    expect(deadlineState(ago(5 * 60_000), now, null)).toEqual({
      kind: 'overdue',
      text: 'Acknowledgement overdue by 5 min',
    });
  });

  it('once acknowledged, says whether that was in time', () => {
    const deadline = ago(60 * 60_000);
    expect(deadlineState(deadline, now, ago(90 * 60_000))).toEqual({
      kind: 'met',
      text: 'Acknowledged before its deadline',
    });
    expect(deadlineState(deadline, now, ago(48 * 60_000))).toEqual({
      kind: 'late',
      text: 'Acknowledged 12 min after its deadline',
    });
  });
});
