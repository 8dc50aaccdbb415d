import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../realtime/event-log.js';

/** What ended or narrowed a person's sign-ins. */
export type AccessChange = 'deactivated' | 'signed_out' | 'key_revoked' | 'role_changed';

/**
 * Says, through the event outbox, that who `userId` is has changed: every API process's socket server reads them
 * again at once and closes the sockets that no longer hold (server/websocket/people.ts), instead of at its next
 * periodic recheck. Part of the caller's unit of work, so that it is heard only once the change has committed.
 */
export function announceAccessChange(
  em: EntityManager,
  change: { councilId: string; userId: string; kind: AccessChange },
): void {
  recordEvent(em, {
    councilId: change.councilId,
    centreId: null,
    childId: null,
    topic: 'access',
    kind: change.kind,
    subjectId: change.userId,
    payload: { userId: change.userId },
  });
}
