import {
  ATTENDANCE_OUTCOMES,
  evaluateThreeStrikes,
  resetsStrikes,
  STRIKES_WORDING,
  type AttendanceHistoryEntry,
  type AttendanceOutcome,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { make } from '../db/make.js';
import { recordEvent } from '../realtime/event-log.js';
import { cancelBookedSessions } from '../sessions/session-events.js';
import { ContactAgreement, SuspensionNoticeRecord } from './agreement.entity.js';

/**
 * The three-strikes walk-back in SQL: the twin of the domain's `sinceLastReset`, for reads that fold the rule's input
 * into one statement (a child's history summary) and for the check after each recorded attendance. Both read only the
 * sessions from the last one that resets the run, since nothing before it can change the verdict;
 * `three-strikes.int.test.ts` checks on PostgreSQL that the two agree.
 */

// The outcomes that reset the run, from the domain's rule. They are fixed words, written into the SQL text so that
// the fragments need no parameters of their own (the text stays one shape for prepared statements).
const RESETTING_SQL = ATTENDANCE_OUTCOMES.filter((o) => resetsStrikes(o))
  .map((o) => {
    if (!/^[a-z_]+$/.test(o)) throw new Error(`Unexpected attendance outcome: ${o}`);
    return `'${o}'`;
  })
  .join(', ');

/** SQL: attendance row `alias` (with an `outcome` column) resets the three-strikes run. */
export function resetsStrikesSql(alias: string): string {
  return `${alias}.outcome in (${RESETTING_SQL})`;
}

/**
 * SQL: attendance row `alias` (with a `starts_at` column) is in the part of its agreement's history the rule can still
 * see, given `lastReset`, an expression for the latest start among the agreement's rows that reset the run (null when
 * none does). Sessions starting at that same moment are kept, as `sinceLastReset` keeps them.
 */
export function inStrikeRunSql(alias: string, lastReset: string): string {
  return `${alias}.starts_at >= coalesce(${lastReset}, '-infinity')`;
}

/** An agreement's recorded attendance from its last session that resets the three-strikes run, oldest first. */
export async function strikeRun(
  em: Pick<EntityManager, 'execute'>,
  agreementId: string,
): Promise<AttendanceHistoryEntry[]> {
  const rows = await em.execute<{ id: string; starts_at: Date; outcome: AttendanceOutcome }[]>(
    `with recorded as materialized (
       select s.id, s.starts_at, a.outcome from session s join attendance a on a.session_id = s.id
        where s.agreement_id = ?)
     select x.id, x.starts_at, x.outcome from recorded x
      where ${inStrikeRunSql('x', `(select max(r.starts_at) from recorded r where ${resetsStrikesSql('r')})`)}
      order by x.starts_at, x.id`,
    [agreementId],
  );
  return rows.map((r) => ({ sessionId: r.id, scheduledStart: new Date(r.starts_at), outcome: r.outcome }));
}

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
  const verdict = evaluateThreeStrikes(await strikeRun(tx, agreementId), now);
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
    `${STRIKES_WORDING.suspended}; see the suspension notice.`,
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
