import {
  checkAttendanceCorrection,
  type AttendanceCorrectionRefusal,
  type AttendanceOutcome,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayRecordAbsenceNotice, mayCorrectAttendance } from '../access/index.js';
import { applyThreeStrikes } from '../agreements/three-strikes.service.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput, forbidden, KinroomError } from '../common/errors.js';
import { make } from '../db/make.js';
import type { CorrectAttendanceInput, RecordAbsenceNoticeInput } from './session.inputs.js';
import { AbsenceNotice, Attendance, AttendanceCorrection, type Session } from './session.entity.js';
import { explains } from './absence-notice.js';
import { recordSessionEvent } from './session-events.js';
import { SessionService } from './session.service.js';

const MAX_TEXT = 2000;

/** The statuses in which a notice can still be taken: before the session, or after it was recorded as missed. */
const NOTICE_STATUSES = new Set<Session['status']>(['scheduled', 'not_attended']);

const CORRECTION_REFUSALS: Record<AttendanceCorrectionRefusal, () => KinroomError> = {
  not_an_absence: () =>
    new KinroomError(
      'ATTENDANCE_NOT_CORRECTABLE',
      'Only an absence is corrected, and only to the other kind of absence (explained or unexplained).',
    ),
  unchanged: () => new KinroomError('ATTENDANCE_NOT_CORRECTABLE', 'The session already has that outcome.'),
  reason_required: () => badInput('Give the reason for the correction.', { field: 'reason' }),
};

/** An absence notice with whether it explains the absence, as the API shows it. */
export type NoticeRecord = AbsenceNotice & { explainsAbsence: boolean; beforeStart: boolean };

/**
 * Absence notices and attendance corrections (docs/domain.md rules 7 and 8). A notice is kept with the time the centre
 * says it received it and the server's time of recording; it explains an absence only when both are before the start.
 * A notice taken later is kept as a late notice: the outcome then changes only through a manager's correction, which
 * is itself kept, and after which the three-strikes rule is applied again.
 */
export class AttendanceService {
  private readonly sessions: SessionService;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {
    this.sessions = new SessionService(em, viewer, now);
  }

  async recordAbsenceNotice(input: RecordAbsenceNoticeInput): Promise<NoticeRecord> {
    const givenBy = input.givenBy.trim();
    const reason = input.reason.trim();
    if (!givenBy || !reason) throw badInput('Say who gave notice and the reason they gave.');
    if (givenBy.length > 200 || reason.length > MAX_TEXT) throw badInput('The notice is too long.');
    if (input.receivedAt > this.now) {
      throw badInput('A notice cannot be received in the future.', { field: 'receivedAt' });
    }
    return this.em.transactional(async (tx) => {
      const s = await this.sessions.visible(input.sessionId, tx, true);
      assertMayRecordAbsenceNotice(this.viewer);
      if (!NOTICE_STATUSES.has(s.status)) {
        throw new KinroomError(
          'SESSION_ILLEGAL_TRANSITION',
          'Notice can only be recorded for a session that has not taken place.',
        );
      }
      const attendance = await tx.findOne(Attendance, { sessionId: s.id });
      const notice = make(AbsenceNotice, {
        councilId: s.councilId,
        sessionId: s.id,
        receivedAt: input.receivedAt,
        recordedAt: this.now,
        receivedById: this.viewer.userId,
        givenBy,
        reason,
        createdAt: this.now,
      });
      tx.persist(notice);
      recordSessionEvent(tx, s, 'absence_notice');
      await tx.flush();
      const explainsAbsence = explains(notice, s, attendance);
      return Object.assign(notice, { explainsAbsence, beforeStart: explainsAbsence });
    });
  }

  /** A manager of the session's centre changes a recorded absence, with a reason; the change is kept. */
  async correctAttendance(input: CorrectAttendanceInput): Promise<Session> {
    const reason = input.reason.trim();
    if (reason.length > MAX_TEXT) throw badInput(`The reason is longer than ${MAX_TEXT} characters.`);
    return this.em.transactional(async (tx) => {
      const s = await this.sessions.visible(input.sessionId, tx, true);
      if (!mayCorrectAttendance(this.viewer, s)) {
        throw forbidden('Only the manager of the session’s centre can correct its attendance.');
      }
      const attendance = await tx.findOne(Attendance, { sessionId: s.id });
      if (!attendance) {
        throw new KinroomError(
          'ATTENDANCE_NOT_CORRECTABLE',
          'No outcome has been recorded for this session yet.',
        );
      }
      const from: AttendanceOutcome = attendance.outcome;
      const refusal = checkAttendanceCorrection(from, input.outcome, reason);
      if (refusal) throw CORRECTION_REFUSALS[refusal]();
      attendance.outcome = input.outcome;
      tx.persist(
        make(AttendanceCorrection, {
          councilId: s.councilId,
          sessionId: s.id,
          fromOutcome: from,
          toOutcome: input.outcome,
          reason,
          correctedById: this.viewer.userId,
          correctedAt: this.now,
        }),
      );
      recordSessionEvent(tx, s, 'attendance_corrected');
      await tx.flush();
      // An absence corrected to unexplained may be the third strike; one corrected to explained never lifts a
      // suspension already made (only a new agreement restarts contact, rule 8).
      await applyThreeStrikes(tx, this.viewer, s.agreementId, this.now);
      await tx.flush();
      return s;
    });
  }
}
