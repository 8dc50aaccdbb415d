import { transitionSession } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../realtime/event-log.js';
import { Session } from './session.entity.js';

/** The outbox event for a change to a session; its payload is what live views and subscription filters read. */
export function recordSessionEvent(tx: EntityManager, s: Session, kind: string): void {
  recordEvent(tx, {
    councilId: s.councilId,
    centreId: s.centreId,
    childId: s.childId,
    topic: 'session',
    kind,
    subjectId: s.id,
    payload: {
      status: s.status,
      roomId: s.roomId,
      supervisorId: s.supervisorId,
      secondStaffId: s.secondStaffId,
      // Subscription filters read it to tell current work from old (access/live.ts, isCurrentSessionEvent).
      endsAt: s.endsAt.toISOString(),
    },
  });
}

/**
 * Cancels every session still booked under an agreement that has stopped (ended, or suspended after three strikes),
 * each with its reason and event, in the caller's transaction. Returns the sessions cancelled.
 */
export async function cancelBookedSessions(
  tx: EntityManager,
  agreementId: string,
  by: { userId: string },
  now: Date,
  note: string,
): Promise<Session[]> {
  const booked = await tx.find(Session, { agreementId, status: 'scheduled', startsAt: { $gt: now } });
  const cancelled: Session[] = [];
  for (const s of booked) {
    const t = transitionSession(s.status, 'cancel');
    if (!t.ok) continue;
    Object.assign(s, {
      status: t.to,
      cancelledAt: now,
      cancelledById: by.userId,
      cancellationReason: 'other',
      cancellationNote: note,
    });
    recordSessionEvent(tx, s, 'cancelled');
    cancelled.push(s);
  }
  return cancelled;
}
