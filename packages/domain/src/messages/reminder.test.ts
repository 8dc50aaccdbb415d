import { describe, expect, it } from 'vitest';
import { familyTimes, isReminderDue, REMINDER_LOOKAHEAD_MS, reminderDueAt } from './reminder.js';

describe('reminderDueAt', () => {
  it('is 10:00 London time the day before, in winter and in summer', () => {
    expect(reminderDueAt(new Date('2026-11-24T16:00:00Z'))).toEqual(new Date('2026-11-23T10:00:00Z'));
    expect(reminderDueAt(new Date('2026-07-01T15:00:00Z'))).toEqual(new Date('2026-06-30T09:00:00Z'));
  });

  it('counts days by the London calendar, not UTC', () => {
    // 00:30 on 2 July in London is 23:30 on 1 July in UTC: the day before is 1 July.
    expect(reminderDueAt(new Date('2026-07-01T23:30:00Z'))).toEqual(new Date('2026-07-01T09:00:00Z'));
  });

  it('holds across a change of the clocks', () => {
    // Monday 30 March 2026 (BST) after Sunday 29 March (the clocks went forward at 01:00 UTC).
    expect(reminderDueAt(new Date('2026-03-30T15:00:00Z'))).toEqual(new Date('2026-03-29T09:00:00Z'));
    // Sunday 25 October 2026 (GMT from 01:00 UTC) after Saturday 24 October (BST).
    expect(reminderDueAt(new Date('2026-10-25T15:00:00Z'))).toEqual(new Date('2026-10-24T09:00:00Z'));
  });

  it('is never further ahead of the session than the planner looks', () => {
    const latest = new Date('2026-10-25T23:59:00Z');
    expect(latest.getTime() - reminderDueAt(latest).getTime()).toBeLessThanOrEqual(REMINDER_LOOKAHEAD_MS);
  });
});

describe('isReminderDue', () => {
  const start = new Date('2026-11-24T16:00:00Z');
  it('is due from 10:00 the day before until the session starts', () => {
    expect(isReminderDue(start, new Date('2026-11-23T09:59:59Z'))).toBe(false);
    expect(isReminderDue(start, new Date('2026-11-23T10:00:00Z'))).toBe(true);
    expect(isReminderDue(start, new Date('2026-11-24T15:59:59Z'))).toBe(true);
    expect(isReminderDue(start, start)).toBe(false);
  });
});

describe('familyTimes (rule 2)', () => {
  it('gives the family their own arrival time, before the child is brought, in London time', () => {
    const t = familyTimes({ start: new Date('2026-07-01T15:00:00Z'), end: new Date('2026-07-01T16:30:00Z') });
    expect(t).toEqual({
      arriveBy: new Date('2026-07-01T14:45:00Z'),
      dateKey: '2026-07-01',
      arriveByClock: '15:45',
      childArrivesClock: '16:00',
      childLeavesClock: '17:30',
    });
  });
});
