import { evaluateThreeStrikes, type AttendanceOutcome } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { Session } from '../sessions/session.entity.js';
import { ContactAgreement, SuspensionNoticeRecord } from './agreement.entity.js';

/**
 * After attendance is recorded: three consecutive unexplained no-shows suspend the agreement, with its dated
 * written notice, and cancel the sessions still booked under it (DOMAIN.md rule 8). Runs inside the caller's
 * transaction, so the suspension commits with the third strike or not at all.
 */
export async function applyThreeStrikes(
  tx: EntityManager,
  viewer: Viewer,
  agreementId: string,
  now: Date,
): Promise<boolean> {
  const agreement = await tx.findOneOrFail(ContactAgreement, { id: agreementId });
  if (agreement.status !== 'active') return false;
  const rows = await tx.execute<{ id: string; starts_at: Date; outcome: AttendanceOutcome }[]>(
    `select s.id, s.starts_at, a.outcome from session s join attendance a on a.session_id = s.id
        where s.agreement_id = ? order by s.starts_at`,
    [agreementId],
  );
  const verdict = evaluateThreeStrikes(
    rows.map((r) => ({ sessionId: r.id, scheduledStart: new Date(r.starts_at), outcome: r.outcome })),
    now,
  );
  if (!verdict.notice) return false;
  const n = verdict.notice;
  agreement.status = 'suspended';
  tx.persist(
    make(SuspensionNoticeRecord, {
      councilId: agreement.councilId,
      agreementId,
      issuedAt: n.issuedAt,
      decision: n.decision,
      reasons: n.reasons,
      missedSessionIds: n.missedSessions.map((m) => m.sessionId),
      duration: n.duration,
      parentActions: n.parentActions,
    }),
  );
  const booked = await tx.find(Session, { agreementId, status: 'scheduled', startsAt: { $gt: now } });
  for (const s of booked) {
    Object.assign(s, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledById: viewer.userId,
      cancellationReason: 'other',
      cancellationNote: 'Contact suspended after three unexplained absences; see the suspension notice.',
    });
    recordEvent(tx, {
      councilId: s.councilId,
      centreId: s.centreId,
      childId: s.childId,
      topic: 'session',
      kind: 'cancelled',
      subjectId: s.id,
      payload: {
        status: s.status,
        roomId: s.roomId,
        supervisorId: s.supervisorId,
        secondStaffId: s.secondStaffId,
      },
    });
  }
  recordEvent(tx, {
    councilId: agreement.councilId,
    centreId: agreement.centreId,
    childId: agreement.childId,
    topic: 'agreement',
    kind: 'suspended',
    subjectId: agreement.id,
    payload: { missedSessionIds: n.missedSessions.map((m) => m.sessionId) },
  });
  return true;
}
