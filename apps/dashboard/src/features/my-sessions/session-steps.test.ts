import { describe, expect, it } from 'vitest';
import { attendanceText, contactHasStarted, nextSteps, stepsOpenText } from './session-steps';

// The rule itself (which steps, when, in which words) is the domain's and tested there
// (packages/domain/src/sessions/session-steps.test.ts); here, that the screen gets it in the schema's names.
const startsAt = '2026-11-20T16:00:00Z';
const before = new Date('2026-11-20T15:40:00Z');
const after = new Date('2026-11-20T16:05:00Z');
const steps = (status: Parameters<typeof nextSteps>[0]['status'], now = before) =>
  nextSteps({ status, startsAt }, now).map((o) => o.step);

describe('the next step of a session, as the screen names it', () => {
  it('follows the staggered arrivals: parent, then child, then start, then end', () => {
    expect(steps('SCHEDULED')).toEqual(['RECORD_PARENT_ARRIVAL']);
    expect(steps('PARENT_ARRIVED')).toEqual(['RECORD_CHILD_ARRIVAL']);
    expect(steps('CHILD_ARRIVED')).toEqual(['START']);
    expect(steps('IN_PROGRESS', after)).toEqual(['END']);
    expect(steps('SCHEDULED', after)).toEqual(['RECORD_PARENT_ARRIVAL', 'RECORD_NO_SHOW']);
    for (const s of ['ENDED', 'NOT_ATTENDED', 'CANCELLED'] as const) expect(steps(s, after)).toEqual([]);
  });

  it('says when the next step opens, in London time', () => {
    const sixDaysBefore = new Date(Date.parse(startsAt) - 6 * 24 * 3600_000);
    expect(steps('SCHEDULED', sixDaysBefore)).toEqual([]);
    expect(stepsOpenText({ status: 'SCHEDULED', startsAt }, sixDaysBefore)).toBe(
      'Check in parent from 15:00.',
    );
    expect(stepsOpenText({ status: 'IN_PROGRESS', startsAt }, before)).toBe('End contact from 16:00.');
    expect(stepsOpenText({ status: 'SCHEDULED', startsAt }, before)).toBeNull();
  });

  it('keeps the labels and the second press for steps that cannot be undone', () => {
    const [parent, noShow] = nextSteps({ status: 'SCHEDULED', startsAt }, after);
    expect(parent).toMatchObject({
      step: 'RECORD_PARENT_ARRIVAL',
      primary: true,
      confirm: null,
      label: 'Check in parent',
    });
    expect(noShow!.confirm).toMatch(/cannot be undone/);
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
    expect(contactHasStarted({ status: 'NOT_ATTENDED' })).toBe(false);
  });
});
