import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_OUTCOMES,
  checkAttendanceCorrection,
  classifyAttendance,
  CORRECTABLE_OUTCOMES,
  countsAsStrike,
  isNeutralOutcome,
  LATENESS_GRACE_MINUTES,
  noticeExplainsAbsence,
  resetsStrikes,
} from './attendance.js';

const start = new Date('2026-11-03T16:00:00Z');
const at = (minutesFromStart: number): Date => new Date(start.getTime() + minutesFromStart * 60_000);
/** A notice recorded the moment it was received, unless told otherwise. */
const notice = (receivedAt: Date, recordedAt: Date = receivedAt) => ({ receivedAt, recordedAt });

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
    expect(classifyAttendance({ scheduledStart: start, parentArrivedAt: null, absenceNotice: null })).toBe(
      'unexplained_no_show',
    );
  });

  it('explains an absence only with a notice strictly before the start (rule 7)', () => {
    expect(classifyAttendance({ scheduledStart: start, absenceNotice: notice(at(-60 * 24)) })).toBe(
      'explained_absence',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNotice: notice(at(-1 / 60)) })).toBe(
      'explained_absence',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNotice: notice(at(0)) })).toBe(
      'unexplained_no_show',
    );
    expect(classifyAttendance({ scheduledStart: start, absenceNotice: notice(at(5)) })).toBe(
      'unexplained_no_show',
    );
  });

  it('counts a parent who gave notice but came anyway as attended', () => {
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNotice: notice(at(-120)),
        parentArrivedAt: at(-5),
      }),
    ).toBe('attended');
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNotice: notice(at(-120)),
        parentArrivedAt: at(10),
      }),
    ).toBe('late_within_grace');
  });

  it('keeps a valid notice when the parent came later than the grace period', () => {
    expect(
      classifyAttendance({
        scheduledStart: start,
        absenceNotice: notice(at(-120)),
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

describe('noticeExplainsAbsence (rule 7: the received time is a claim, the recorded time is the server’s)', () => {
  it('explains an absence when received and recorded before the start', () => {
    expect(noticeExplainsAbsence(notice(at(-120), at(-110)), start)).toBe(true);
  });

  it('does not explain one backdated past the start: received “before”, recorded after', () => {
    expect(noticeExplainsAbsence(notice(at(-60), at(20)), start)).toBe(false);
    expect(noticeExplainsAbsence(notice(at(-60), at(0)), start)).toBe(false);
    expect(classifyAttendance({ scheduledStart: start, absenceNotice: notice(at(-60), at(20)) })).toBe(
      'unexplained_no_show',
    );
  });

  it('does not trust a notice said to be received after it was recorded, nor invalid dates', () => {
    expect(noticeExplainsAbsence(notice(at(-10), at(-20)), start)).toBe(false);
    expect(noticeExplainsAbsence(notice(new Date(Number.NaN), at(-20)), start)).toBe(false);
  });
});

describe('checkAttendanceCorrection (rule 7: a late notice changes the outcome only by a reasoned correction)', () => {
  it('turns an unexplained no-show into an explained absence, and back, with a reason', () => {
    expect(checkAttendanceCorrection('unexplained_no_show', 'explained_absence', 'Rang at 9am')).toBeNull();
    expect(
      checkAttendanceCorrection('explained_absence', 'unexplained_no_show', 'No call logged'),
    ).toBeNull();
  });

  it('requires a reason', () => {
    expect(checkAttendanceCorrection('unexplained_no_show', 'explained_absence', '  ')).toBe(
      'reason_required',
    );
  });

  it('never sets or changes attendance or a cancellation, and refuses a change to the same outcome', () => {
    expect(CORRECTABLE_OUTCOMES).toEqual(['explained_absence', 'unexplained_no_show']);
    expect(checkAttendanceCorrection('unexplained_no_show', 'attended', 'Came after all')).toBe(
      'not_an_absence',
    );
    expect(checkAttendanceCorrection('attended', 'unexplained_no_show', 'x')).toBe('not_an_absence');
    expect(checkAttendanceCorrection('centre_cancelled', 'explained_absence', 'x')).toBe('not_an_absence');
    expect(checkAttendanceCorrection('unexplained_no_show', 'unexplained_no_show', 'x')).toBe('unchanged');
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
