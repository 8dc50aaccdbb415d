import { describe, expect, it } from 'vitest';
import type { SessionStatus } from './session-lifecycle.js';
import {
  attendanceInWords,
  contactHasStarted,
  nextSessionSteps,
  sessionStepsOpenText,
} from './session-steps.js';

const scheduledStart = new Date('2026-11-20T16:00:00Z');
const before = new Date('2026-11-20T15:40:00Z');
const after = new Date('2026-11-20T16:05:00Z');
const steps = (status: SessionStatus, now = before) =>
  nextSessionSteps({ status, scheduledStart }, now).map((o) => o.step);
const opens = (status: SessionStatus, now: Date) => sessionStepsOpenText({ status, scheduledStart }, now);

describe('the next step of a session', () => {
  it('follows the staggered arrivals: parent, then child, then start, then end', () => {
    expect(steps('scheduled')).toEqual(['record_parent_arrival']);
    expect(steps('parent_arrived')).toEqual(['record_child_arrival']);
    expect(steps('child_arrived')).toEqual(['start']);
    expect(steps('in_progress', after)).toEqual(['end']);
  });

  it('offers no step before the session’s time has come, as the API requires, and says when it opens', () => {
    const sixDaysBefore = new Date(scheduledStart.getTime() - 6 * 24 * 3600_000);
    for (const status of ['scheduled', 'parent_arrived', 'child_arrived', 'in_progress'] as const) {
      expect(steps(status, sixDaysBefore)).toEqual([]);
    }
    // 16:00 UTC in November is 16:00 in London: check-in opens an hour before.
    expect(opens('scheduled', sixDaysBefore)).toBe('Check in parent from 15:00.');
    expect(steps('scheduled', new Date('2026-11-20T14:59:00Z'))).toEqual([]);
    expect(steps('scheduled', new Date('2026-11-20T15:00:00Z'))).toEqual(['record_parent_arrival']);
    expect(opens('scheduled', before)).toBeNull();
  });

  it('says when a step opens in London time, in summer too', () => {
    const summer = new Date('2026-07-10T15:00:00Z'); // 16:00 BST
    const dayBefore = new Date(summer.getTime() - 24 * 3600_000);
    expect(sessionStepsOpenText({ status: 'scheduled', scheduledStart: summer }, dayBefore)).toBe(
      'Check in parent from 15:00.',
    );
  });

  it('offers the end, which records attendance, only once the booked start has come', () => {
    expect(steps('in_progress', before)).toEqual([]);
    expect(opens('in_progress', before)).toBe('End contact from 16:00.');
    expect(steps('in_progress', after)).toEqual(['end']);
  });

  it('offers a no-show only once the session should have started, as the API requires', () => {
    expect(steps('scheduled', before)).not.toContain('record_no_show');
    expect(steps('scheduled', after)).toEqual(['record_parent_arrival', 'record_no_show']);
    expect(steps('parent_arrived', after)).not.toContain('record_no_show');
  });

  it('offers nothing once a session is over', () => {
    for (const s of ['ended', 'not_attended', 'cancelled'] as const) {
      expect(steps(s, after)).toEqual([]);
      expect(opens(s, before)).toBeNull();
    }
  });

  it('makes the usual step the big one and asks twice before the steps that cannot be undone', () => {
    const [parent, noShow] = nextSessionSteps({ status: 'scheduled', scheduledStart }, after);
    expect(parent).toMatchObject({ primary: true, confirm: null, label: 'Check in parent' });
    expect(noShow).toMatchObject({ primary: false });
    expect(noShow!.confirm).toMatch(/cannot be undone/);
    expect(nextSessionSteps({ status: 'in_progress', scheduledStart }, after)[0]!.confirm).toMatch(
      /End contact now/,
    );
  });
});

describe('attendance and observations', () => {
  it('puts the outcome in words, with minutes late within the grace period', () => {
    expect(attendanceInWords('late_within_grace', 9)).toBe('Attended, 9 min late (within the grace period)');
    expect(attendanceInWords('unexplained_no_show')).toMatch(/counts towards three strikes/);
  });

  it('allows the observation record only once contact has started', () => {
    expect(contactHasStarted({ status: 'child_arrived', startedAt: null })).toBe(false);
    expect(contactHasStarted({ status: 'in_progress', startedAt: scheduledStart })).toBe(true);
    expect(contactHasStarted({ status: 'ended', startedAt: scheduledStart })).toBe(true);
    expect(contactHasStarted({ status: 'not_attended', startedAt: null })).toBe(false);
  });
});
