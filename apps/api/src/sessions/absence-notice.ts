import { noticeExplainsAbsence } from '@kinroom/domain';
import type { AbsenceNotice, Attendance, Session } from './session.entity.js';

/**
 * Whether a notice explains the session's absence: received and recorded before the start (rule 7), and recorded
 * before any outcome was, since a notice taken after the outcome never changes it by itself.
 */
export function explains(
  notice: Pick<AbsenceNotice, 'receivedAt' | 'recordedAt'>,
  s: Pick<Session, 'startsAt'>,
  attendance: Pick<Attendance, 'recordedAt'> | null,
): boolean {
  if (attendance && notice.recordedAt >= attendance.recordedAt) return false;
  return noticeExplainsAbsence(notice, s.startsAt);
}
