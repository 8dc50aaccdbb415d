import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_OUTCOMES,
  classifyAttendance,
  countsAsStrike,
  isNeutralOutcome,
  LATENESS_GRACE_MINUTES,
  resetsStrikes,
} from './attendance.js';

const start = new Date('2026-11-03T16:00:00Z');
const at = (minutesFromStart: number): Date => new Date(start.getTime() + minutesFromStart * 60_000);

describe('classifyAttendance', () => {
  it('uses a 15-minute grace period by default', () => {
    expect(LATENESS_GRACE_MINUTES).toBe(15);
  });

  it('counts arriving at or before the start as attended', () => {
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(-20) })).toBe('attended');
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(0) })).toBe('attended');
  });

  it('counts arriving after the start but within the grace period as late_within_grace', () => {
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(1) })).toBe('late_within_grace');
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(15) })).toBe('late_within_grace');
  });

  it('counts arriving after the grace period as a no-show', () => {
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(15.01) })).toBe(
      'unexplained_no_show',
    );
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(40) })).toBe(
      'unexplained_no_show',
    );
  });

  it('respects a different grace period', () => {
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(12), graceMinutes: 10 })).toBe(
      'unexplained_no_show',
    );
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: at(1), graceMinutes: 0 })).toBe(
      'unexplained_no_show',
    );
    expect(() => classifyAttendance({ scheduledStart: start, graceMinutes: -1 })).toThrow(RangeError);
  });

  it('counts no arrival and no notice as an unexplained no-show', () => {
    expect(classifyAttendance({ scheduledStart: start })).toBe('unexplained_no_show');
    expect(
      classifyAttendance({ scheduledStart: start, parentArrivedAt: null, absenceNoticeReceivedAt: null }),
    ).toBe('unexplained_no_show');
  });

  it('explains an absence only with a notice strictly before the start (rule 7)', () => {
    expect(classifyAttendance({ scheduledStart: start, absenceNoticeReceivedAt: at(-60 * 24) })).toBe(
      'explained_absence',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNoticeReceivedAt: at(-1 / 60) })).toBe(
      'explained_absence',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNoticeReceivedAt: at(0) })).toBe(
      'unexplained_no_show',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNoticeReceivedAt: at(5) })).toBe(
      'unexplained_no_show',
    );
  });

  it('counts a parent who gave notice but came anyway as attended', () => {
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNoticeReceivedAt: at(-120),
        parentArrivedAt: at(-5),
      }),
    ).toBe('attended');
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNoticeReceivedAt: at(-120),
        parentArrivedAt: at(10),
      }),
    ).toBe('late_within_grace');
  });

  it('keeps a valid notice when the parent came later than the grace period', () => {
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNoticeReceivedAt: at(-120),
        parentArrivedAt: at(45),
      }),
    ).toBe('explained_absence');
  });

  it('lets a centre cancellation win over everything (rule 6)', () => {
    expect(classifyAttendance({ scheduledStart: start, cancelledByCentre: true })).toBe('centre_cancelled');
    expect(
      classifyAttendance({ scheduledStart: start, cancelledByCentre: true, parentArrivedAt: at(-10) }),
    ).toBe('centre_cancelled');
    expect(classifyAttendance({ scheduledStart: start, cancelledByCentre: false })).toBe(
      'unexplained_no_show',
    );
  });
});

describe('countsAsStrike, resetsStrikes, isNeutralOutcome (rule 8)', () => {
  it('counts only unexplained no-shows', () => {
    expect(ATTENDANCE_OUTCOMES.filter(countsAsStrike)).toEqual(['unexplained_no_show']);
  });

  it('resets on attending, late or not', () => {
    expect(ATTENDANCE_OUTCOMES.filter(resetsStrikes)).toEqual(['attended', 'late_within_grace']);
  });

  it('treats explained absences and centre cancellations as neither', () => {
    expect(ATTENDANCE_OUTCOMES.filter(isNeutralOutcome)).toEqual(['explained_absence', 'centre_cancelled']);
  });
});
