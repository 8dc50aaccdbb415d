import type { ObservationStatus } from '@kinroom/schema';
import { londonDayTime } from '../../shared/london-time';

const STATUS_WORDS: Record<ObservationStatus, string> = {
  DRAFT: 'a draft',
  SUBMITTED: 'submitted, awaiting review',
  APPROVED: 'approved, not yet final',
  FINAL: 'final',
};

/** One overdue record as the manager's list reads it. */
export interface OverdueLike {
  sessionId: string;
  status: ObservationStatus | null;
  dueAt: string;
  sessionStartsAt: string;
  author: { name: string };
  session: { child: { firstName: string; lastInitial: string }; room: { name: string } };
}

/**
 * What a manager needs to chase an overdue record (docs/domain.md rule 9): whose, which session, who owes it, where it
 * stands. A record nobody started is said to be not started, since the clock ran from the session's end anyway.
 */
export function overdueText(r: OverdueLike): string {
  const where = r.status ? STATUS_WORDS[r.status] : 'not started';
  return `${r.session.child.firstName} ${r.session.child.lastInitial}. · session of ${londonDayTime(
    r.sessionStartsAt,
  )} in ${r.session.room.name} · ${r.author.name} · ${where} · was due ${londonDayTime(r.dueAt)}`;
}
