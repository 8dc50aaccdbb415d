import { evaluateThreeStrikes, type AttendanceOutcome } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { cancelBookedSessions } from '../sessions/session-events.js';
import { ContactAgreement, SuspensionNoticeRecord } from './agreement.entity.js';

/**
 * After attendance is recorded: three consecutive unexplained no-shows suspend the agreement, with its dated
 * written notice, and cancel the sessions still booked under it (docs/domain.md rule 8). Runs inside the caller's
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
  await cancelBookedSessions(
    tx,
    agreementId,
    viewer,
    now,
    'Contact suspended after three unexplained absences; see the suspension notice.',
  );
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
