import { describe, expect, it } from 'vitest';
import { attendanceText, contactHasStarted, nextSteps, stepsOpenText } from './session-steps';

const startsAt = '2026-11-20T16:00:00Z';
const before = new Date('2026-11-20T15:40:00Z');
const after = new Date('2026-11-20T16:05:00Z');
const steps = (status: Parameters<typeof nextSteps>[0]['status'], now = before) =>
  nextSteps({ status, startsAt }, now).map((o) => o.step);

describe('the next step of a session', () => {
  it('follows the staggered arrivals: parent, then child, then start, then end', () => {
    expect(steps('SCHEDULED')).toEqual(['RECORD_PARENT_ARRIVAL']);
    expect(steps('PARENT_ARRIVED')).toEqual(['RECORD_CHILD_ARRIVAL']);
    expect(steps('CHILD_ARRIVED')).toEqual(['START']);
    expect(steps('IN_PROGRESS', after)).toEqual(['END']);
  });

  it('offers no step before the session’s time has come, as the API requires, and says when it opens', () => {
    const sixDaysBefore = new Date(Date.parse(startsAt) - 6 * 24 * 3600_000);
    for (const status of ['SCHEDULED', 'PARENT_ARRIVED', 'CHILD_ARRIVED', 'IN_PROGRESS'] as const) {
      expect(steps(status, sixDaysBefore)).toEqual([]);
    }
    // 16:00 UTC in November is 16:00 in London: check-in opens an hour before.
    expect(stepsOpenText({ status: 'SCHEDULED', startsAt }, sixDaysBefore)).toBe(
      'Check in parent from 15:00.',
    );
    expect(steps('SCHEDULED', new Date('2026-11-20T14:59:00Z'))).toEqual([]);
    expect(steps('SCHEDULED', new Date('2026-11-20T15:00:00Z'))).toEqual(['RECORD_PARENT_ARRIVAL']);
    expect(stepsOpenText({ status: 'SCHEDULED', startsAt }, before)).toBeNull();
  });

  it('offers the end, which records attendance, only once the booked start has come', () => {
    expect(steps('IN_PROGRESS', before)).toEqual([]);
    expect(stepsOpenText({ status: 'IN_PROGRESS', startsAt }, before)).toBe('End contact from 16:00.');
    expect(steps('IN_PROGRESS', after)).toEqual(['END']);
  });

  it('offers a no-show only once the session should have started, as the API requires', () => {
    expect(steps('SCHEDULED', before)).not.toContain('RECORD_NO_SHOW');
    expect(steps('SCHEDULED', after)).toEqual(['RECORD_PARENT_ARRIVAL', 'RECORD_NO_SHOW']);
    expect(steps('PARENT_ARRIVED', after)).not.toContain('RECORD_NO_SHOW');
  });

  it('offers nothing once a session is over', () => {
    for (const s of ['ENDED', 'NOT_ATTENDED', 'CANCELLED'] as const) expect(steps(s, after)).toEqual([]);
  });

  it('makes the usual step the big one and asks twice before the steps that cannot be undone', () => {
    const [parent, noShow] = nextSteps({ status: 'SCHEDULED', startsAt }, after);
    expect(parent).toMatchObject({ primary: true, confirm: null, label: 'Check in parent' });
    expect(noShow).toMatchObject({ primary: false });
    expect(noShow!.confirm).toMatch(/cannot be undone/);
    expect(nextSteps({ status: 'IN_PROGRESS', startsAt }, after)[0]!.confirm).toMatch(/End contact now/);
  });
});

describe('attendance and observations', () => {
  it('puts the outcome in words, with minutes late within the grace period', () => {
    expect(attendanceText({ outcome: 'LATE_WITHIN_GRACE', minutesLate: 9 })).toBe(
      'Attended, 9 min late (within the grace period)',
    );
    expect(attendanceText({ outcome: 'UNEXPLAINED_NO_SHOW' })).toMatch(/counts towards three strikes/);
  });

  it('allows the observation record only once contact has started', () => {
    expect(contactHasStarted({ status: 'CHILD_ARRIVED', startedAt: null })).toBe(false);
    expect(contactHasStarted({ status: 'IN_PROGRESS', startedAt: startsAt })).toBe(true);
    expect(contactHasStarted({ status: 'ENDED', startedAt: startsAt })).toBe(true);
    expect(contactHasStarted({ status: 'NOT_ATTENDED', startedAt: null })).toBe(false);
  });
});
