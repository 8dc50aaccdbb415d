import type { AttendanceOutcome } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listLoader } from '../db/list-loader.js';
import { explains } from './absence-notice.js';
import type { AbsenceNoticeType, AttendanceCorrectionType } from './session.type.js';

/** A notice as the API shows it, with who recorded it (resolved to a name by its field resolver). */
export type NoticeRow = AbsenceNoticeType & { receivedById: string };

interface NoticeDbRow {
  id: string;
  session_id: string;
  received_at: Date;
  recorded_at: Date;
  received_by_id: string;
  given_by: string;
  reason: string;
  starts_at: Date;
  outcome_recorded_at: Date | null;
}

interface CorrectionDbRow {
  id: string;
  session_id: string;
  from_outcome: AttendanceOutcome;
  to_outcome: AttendanceOutcome;
  reason: string;
  corrected_by_id: string;
  corrected_at: Date;
}

/**
 * A session's absence notices and attendance corrections, one statement each for however many sessions an
 * operation shows (a day's schedule, a page of a child's history), oldest first. Scoped to the viewer's council.
 */
export function attendanceLoaders(em: EntityManager, councilId: () => string | null) {
  return {
    absenceNotices: listLoader<NoticeDbRow, NoticeRow>(
      em,
      councilId,
      `select n.id, n.session_id, n.received_at, n.recorded_at, n.received_by_id, n.given_by, n.reason,
              s.starts_at, a.recorded_at as outcome_recorded_at
         from absence_notice n
         join session s on s.id = n.session_id
         left join attendance a on a.session_id = n.session_id
        where n.session_id in (?) and n.council_id = ?
        order by n.recorded_at, n.id`,
      (r) => r.session_id,
      (r) => {
        const notice = { receivedAt: new Date(r.received_at), recordedAt: new Date(r.recorded_at) };
        const explainsAbsence = explains(
          notice,
          { startsAt: new Date(r.starts_at) },
          r.outcome_recorded_at ? { recordedAt: new Date(r.outcome_recorded_at) } : null,
        );
        return {
          id: r.id,
          sessionId: r.session_id,
          ...notice,
          receivedById: r.received_by_id,
          givenBy: r.given_by,
          reason: r.reason,
          explainsAbsence,
          beforeStart: explainsAbsence,
        };
      },
    ),
    attendanceCorrections: listLoader<CorrectionDbRow, AttendanceCorrectionType>(
      em,
      councilId,
      `select id, session_id, from_outcome, to_outcome, reason, corrected_by_id, corrected_at
         from attendance_correction
        where session_id in (?) and council_id = ?
        order by corrected_at, id`,
      (r) => r.session_id,
      (r) => ({
        id: r.id,
        fromOutcome: r.from_outcome,
        toOutcome: r.to_outcome,
        reason: r.reason,
        correctedAt: new Date(r.corrected_at),
        correctedById: r.corrected_by_id,
      }),
    ),
  };
}
