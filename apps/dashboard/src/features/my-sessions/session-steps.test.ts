import { describe, expect, it } from 'vitest';
import { attendanceText, contactHasStarted, nextSteps } from './session-steps';

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
    expect(steps('IN_PROGRESS')).toEqual(['END']);
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
