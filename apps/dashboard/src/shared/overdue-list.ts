import { graphql, useFragment as unmask, type FragmentType } from '@kinroom/schema';
import type { ObservationStatus, OverdueReportFieldsFragment } from '@kinroom/schema';
import { londonDayTime } from './london-time';

/** An overdue record as every list of them reads it: the board's panel and the manager's desk. */
export const OverdueReportFields = graphql(`
  fragment OverdueReportFields on OverdueReport {
    sessionId
    observationId
    status
    dueAt
    sessionStartsAt
    author {
      id
      name
    }
    session {
      id
      child {
        id
        firstName
        lastInitial
      }
      room {
        id
        name
      }
    }
  }
`);

export type OverdueReport = OverdueReportFieldsFragment;

/** An overdue record's fields out of an answer that carries them as the fragment. */
export const overdueReport = (r: FragmentType<typeof OverdueReportFields>): OverdueReport =>
  unmask(OverdueReportFields, r);

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
